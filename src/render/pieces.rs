//! View pieces several pages share: a group's row of scores, a pain point, a quote, a trend.

use crate::routes;
use serde::Serialize;

use super::charts::{self, TrendLegend, TrendPoint, TrendScale};
use super::site::Site;
use super::views::ScoreView;
use crate::analyse::{Evidence, GroupKind, GroupMetrics, PainPointPriority, PeriodScope, PrimaryMetric, SegmentGap};
use crate::bands::{Band, Bands};
use crate::config::Metric;
use crate::ingest::{Comment, Delimiter, NOT_APPLICABLE};
use crate::load::{PainCategory, PainPoint};

/// Puts a change or gap of each metric on a common 0–100 footing: NPS spans 200 points, CSAT
/// 100, a CES mean its scale's width (6 on 1–7).
pub fn metric_weight(metric: Metric, bands: &Bands) -> f64 {
    match metric {
        Metric::Nps => 0.5,
        Metric::Csat => 1.0,
        Metric::Ces => 100.0 / f64::from(bands.ces - 1),
    }
}

/// How many periods a trend shows.
pub const TREND_PERIODS: usize = 8;
/// How many quotes a touchpoint or persona shows.
pub const QUOTES: usize = 3;

/// A group's scores in one period, as a table row.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub label: String,
    pub id: String,
    /// Relative to the site root, where the group has a page.
    pub path: Option<String>,
    pub responses: String,
    pub nps: ScoreView,
    pub csat: ScoreView,
    pub ces: ScoreView,
}

/// The value at stake at a place, formatted, with what it was computed from.
#[derive(Debug, Clone, Serialize)]
pub struct ExposureView {
    /// "€384,000", and its range's ends.
    pub value: String,
    pub low: String,
    pub high: String,
    /// "10,000 customers a year (its journey's personas)".
    pub customers: String,
    pub value_per_customer: String,
    /// "20.0% (13.3% – 28.9%)" of the metric named in `metric`.
    pub unhappy: String,
    pub metric: String,
}

/// A pain point with every factor of its priority, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct PainPointView {
    /// How often customers' comments at the touchpoint mention the pain point's category as a
    /// topic, when `content/topics.yaml` has it.
    pub customers_say: String,
    /// The touchpoint is a key driver that performs below the others, and how that is said.
    pub fix_first: bool,
    pub fix_first_label: String,
    pub fix_first_title: String,
    /// The place in the site's list: by the priority with the key drivers.
    pub rank: usize,
    /// The places by the point estimate and by the conservative priority alone (`rank` in
    /// `metrics.json`) where they differ from `rank`: one rank in the list, the others in words.
    pub other_ranks: String,
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub journey: String,
    pub journey_path: String,
    pub stage: String,
    pub touchpoint: String,
    pub owner: String,
    pub severity: u8,
    pub effort: u8,
    pub moment_of_truth: bool,
    pub moment: String,
    pub reach: String,
    pub metric: String,
    pub unhappy: String,
    pub unhappy_lower: String,
    pub priority: String,
    pub priority_conservative: String,
    /// `×1.50`: 1 + r at a ranked key driver, else `×1.00`.
    pub driver_weight: String,
    pub priority_with_drivers: String,
    /// `strong`, `low-confidence`, `too-few-answers` or `no-survey-data`.
    pub evidence: String,
    pub evidence_label: String,
    /// Who has it significantly worse at the touchpoint than everyone else there: "Worse for
    /// mobile: CSAT 58% vs 81%", one a segment gap, largest first (empty when none).
    pub worse_for: Vec<String>,
}

/// A segment that has it significantly worse than the rest of its touchpoint, as the summary
/// lists it: "Checkout, mobile: CSAT 58% vs 81% for the other devices, q < 0.001".
#[derive(Debug, Clone, Serialize)]
pub struct GapView {
    pub touchpoint: String,
    /// The persona's name or the dimension value, in the report's language.
    pub segment: String,
    pub journey: String,
    /// The touchpoint on its journey page, relative to the site root.
    pub path: String,
    pub text: String,
}

/// A customer's comment, ready to quote.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    pub text: String,
    pub persona: String,
    /// `unhappy`, `neutral` or `happy`, from the scores given with it.
    pub sentiment: &'static str,
    pub scores: String,
    /// "2 more said the same", or empty.
    pub same: String,
}

/// A survey file as the data-quality tables show it, in the report's language.
#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    pub file: String,
    pub rows: String,
    pub delimiter: String,
    pub encoding: String,
    pub header_rows: usize,
    pub date_order: String,
    pub layout: String,
    pub missing_columns: Vec<String>,
}

/// A group's scores over the last periods: one row a period, and a chart per metric.
#[derive(Default, Debug, Clone, Serialize)]
pub struct TrendView {
    pub rows: Vec<TrendRow>,
    pub nps_chart: String,
    pub csat_chart: String,
    pub ces_chart: String,
}

/// A level of the CX pyramid: its name, its touchpoints and their scores (none when missing).
#[derive(Debug, Clone, Serialize)]
pub struct PyramidRow {
    pub level: u8,
    pub name: String,
    pub touchpoints: String,
    pub scores: Option<[ScoreView; 3]>,
}

/// One period of a trend table.
#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub period: String,
    pub nps: ScoreView,
    pub csat: ScoreView,
    pub ces: ScoreView,
}

impl Site<'_> {
    /// The metrics of a group in the report's current period.
    pub fn current(&self, kind: &GroupKind, id: &str) -> Option<&GroupMetrics> {
        self.report.get(kind, id, self.report.current_scope())
    }

    /// A table row for a group in the current period.
    pub fn row(&self, kind: &GroupKind, id: &str, label: &str, path: Option<String>) -> Option<GroupRow> {
        let metrics = self.current(kind, id)?;
        let [mut nps, mut csat, mut ces] = self.viewer.scores(metrics);
        for (view, metric) in [(&mut nps, Metric::Nps), (&mut csat, Metric::Csat), (&mut ces, Metric::Ces)] {
            view.targets = self.targets_of(kind, id, metric);
        }
        let responses = self.viewer.numbers.count(metrics.responses);
        Some(GroupRow { label: label.to_string(), id: id.to_string(), path, responses, nps, csat, ces })
    }

    /// The last [`TREND_PERIODS`] periods of a group, as a table and a chart per metric.
    pub fn trend(&self, kind: &GroupKind, id: &str, name: &str) -> TrendView {
        let periods = self.report.periods.iter().rev().take(TREND_PERIODS).rev();
        let metrics: Vec<(String, &GroupMetrics)> =
            periods.filter_map(|p| Some((p.to_string(), self.report.get(kind, id, PeriodScope::One(*p))?))).collect();
        let rows = metrics
            .iter()
            .map(|(period, m)| {
                let [nps, csat, ces] = self.viewer.scores(m);
                TrendRow { period: period.clone(), nps, csat, ces }
            })
            .collect();
        if metrics.is_empty() {
            return TrendView { rows, nps_chart: String::new(), csat_chart: String::new(), ces_chart: String::new() };
        }
        type Extract = dyn Fn(&GroupMetrics) -> (Option<f64>, Option<(f64, f64)>, bool);
        let draw = |extract: &Extract,
                    (domain, resolution, decimals),
                    format: &dyn Fn(f64, usize) -> String,
                    metric: Metric| {
            let points: Vec<TrendPoint> = metrics
                .iter()
                .map(|(label, m)| {
                    let (value, interval, suppressed) = extract(m);
                    TrendPoint {
                        label: label.clone(),
                        value: value.filter(|_| !suppressed),
                        interval: interval.filter(|_| !suppressed),
                    }
                })
                .collect();
            let title = self.viewer.strings.fill("trend_title", &[("metric", &self.t(metric.key())), ("name", name)]);
            // The group's target for the metric, the first in the settings where it has several.
            let target = (self.report.targets.iter()).find(|t| t.kind == *kind && t.id == id && t.metric == metric);
            let target_name = target.map_or_else(String::new, |t| {
                let value = self.viewer.score_text(metric, t.target);
                self.viewer.strings.fill("chart_target", &[("value", &value)])
            });
            let (score, interval) = (self.t(metric.key()), self.t("interval"));
            let legend = TrendLegend { score: &score, interval: &interval, target: &target_name };
            let scale = TrendScale { domain, resolution, decimals, target: target.map(|t| t.target) };
            charts::trend(&title, &self.t("trend_desc"), &points, &scale, &legend, format)
        };
        let f = self.viewer.numbers;
        let top = f64::from(self.project.settings.surveys.scales.ces);
        TrendView {
            rows,
            nps_chart: draw(
                &|m| (m.nps.score, m.nps.ci95, m.nps.visibility.suppressed),
                ((-100.0, 100.0), 1.0, 0),
                &|v, decimals| f.signed(v, decimals),
                Metric::Nps,
            ),
            csat_chart: draw(
                &|m| (m.csat.score, m.csat.ci95, m.csat.visibility.suppressed),
                ((0.0, 100.0), 1.0, 0),
                &|v, decimals| format!("{}%", f.fixed(v, decimals)),
                Metric::Csat,
            ),
            ces_chart: draw(
                &|m| (m.ces.score, m.ces.ci95, m.ces.visibility.suppressed),
                ((1.0, top), 0.1, 2),
                &|v, decimals| f.fixed(v, decimals),
                Metric::Ces,
            ),
        }
    }

    /// The CX pyramid of a journey (or of all), top level first, for the pyramid table.
    pub fn pyramid(&self, journey: Option<&str>) -> Vec<PyramidRow> {
        let name = |id: &str| self.lookup.touchpoint(id).map(|(_, _, t)| t.name.clone());
        let mut rows: Vec<PyramidRow> = crate::analyse::pyramid(self.project, self.report, journey)
            .into_iter()
            .map(|level| PyramidRow {
                level: level.level,
                name: self.t(&format!("cx_level_{}", level.level)),
                touchpoints: level.touchpoints.iter().filter_map(|id| name(id)).collect::<Vec<_>>().join(", "),
                scores: level.metrics.as_ref().map(|m| self.viewer.scores(m)),
            })
            .collect();
        rows.reverse();
        rows
    }

    /// "Comments mention it: 12 (25% of unhappy)" for the topic `topic` at `touchpoint`.
    fn customers_say(&self, topic: &str, touchpoint: &str) -> String {
        let figure = self.report.topics.iter().find(|f| f.group.touchpoint() == Some(touchpoint) && f.topic == topic);
        let Some(figure) = figure else { return String::new() };
        let unhappy = figure
            .share_unhappy
            .map_or_else(|| "–".into(), |s| format!("{}%", self.viewer.numbers.fixed(100.0 * s, 0)));
        self.viewer
            .strings
            .fill("customers_say", &[("count", &self.viewer.numbers.count(figure.count)), ("unhappy", &unhappy)])
    }

    /// "Also ranked: #2 by the point estimate · #3 without the key drivers", for the ranks that
    /// differ from the list's; empty where none does or there are no figures to rank by.
    fn other_ranks(&self, priority: &PainPointPriority) -> String {
        if !priority.evidence.has_figures() {
            return String::new();
        }
        let list = priority.rank_with_drivers;
        let others: Vec<String> =
            [("rank_by_estimate", priority.rank_by_estimate), ("rank_without_drivers", priority.rank)]
                .into_iter()
                .filter(|(_, rank)| *rank != list)
                .map(|(key, rank)| self.viewer.strings.fill(key, &[("rank", &rank.to_string())]))
                .collect();
        if others.is_empty() { String::new() } else { format!("{}: {}", self.t("other_ranks"), others.join(" · ")) }
    }

    /// A ranked pain point, formatted, with its journey, stage and touchpoint names.
    pub fn pain_point(&self, priority: &PainPointPriority, depth_root: &str) -> Option<PainPointView> {
        let (journey, stage, pain) = self.lookup.pain_point(&priority.id)?;
        let (_, _, touchpoint) = self.lookup.touchpoint(&pain.touchpoint)?;
        let f = self.viewer.numbers;
        let has_data = priority.evidence.has_figures();
        let pct = |share: f64| if has_data { format!("{}%", f.fixed(100.0 * share, 1)) } else { "–".into() };
        let bands = self.bands();
        let unhappy =
            |key: &str, metric: Metric| format!("{} ({})", self.t(key), bands.range_text(metric, Band::Unhappy));
        let metric = match priority.metric {
            Some(PrimaryMetric::Nps) => unhappy("unhappy_nps", Metric::Nps),
            Some(PrimaryMetric::Csat) => unhappy("unhappy_csat", Metric::Csat),
            Some(PrimaryMetric::Ces) if bands.higher_is_better(Metric::Ces) => unhappy("unhappy_ces", Metric::Ces),
            Some(PrimaryMetric::Ces) => unhappy("unhappy_ces_effort", Metric::Ces),
            None => "–".into(),
        };
        let evidence = match priority.evidence {
            Evidence::Strong => "strong",
            Evidence::LowConfidence => "low-confidence",
            Evidence::TooFewAnswers => "too-few-answers",
            Evidence::NoSurveyData => "no-survey-data",
        };
        Some(PainPointView {
            rank: priority.rank_with_drivers,
            other_ranks: self.other_ranks(priority),
            id: pain.id.clone(),
            title: pain.title.clone(),
            description: pain.description.clone().unwrap_or_default(),
            category: self.t(&format!("category_{}", category_key(pain))),
            journey: journey.title.clone(),
            journey_path: format!("{depth_root}{}", routes::journey(&journey.id)),
            stage: stage.name.clone(),
            touchpoint: touchpoint.name.clone(),
            owner: touchpoint.owner.clone().unwrap_or_default(),
            severity: priority.severity,
            effort: priority.effort,
            moment_of_truth: touchpoint.moment_of_truth,
            moment: format!("×{}", f.fixed(priority.moment, 1)),
            reach: f.count(priority.reach),
            metric,
            unhappy: pct(priority.unhappy),
            unhappy_lower: pct(priority.unhappy_lower),
            priority: if has_data { f.fixed(priority.priority, 1) } else { "–".into() },
            priority_conservative: if has_data { f.fixed(priority.priority_conservative, 1) } else { "–".into() },
            driver_weight: format!("×{}", f.fixed(priority.driver_weight, 2)),
            priority_with_drivers: if has_data { f.fixed(priority.priority_with_drivers, 1) } else { "–".into() },
            evidence: evidence.into(),
            fix_first: priority.driver == Some(crate::analyse::Quadrant::FixFirst),
            evidence_label: self.t(&format!("evidence_{}", evidence.replace('-', "_"))),
            customers_say: self.customers_say(&category_key(pain).replace('_', "-"), &touchpoint.id),
            fix_first_label: self.t("quadrant_fix_first"),
            fix_first_title: self.t("fix_first_title"),
            worse_for: self
                .worse_gaps()
                .into_iter()
                .filter(|g| g.touchpoint == touchpoint.id)
                .map(|g| {
                    let (metric, segment, rest) = self.gap_figures(g);
                    self.viewer.strings.fill(
                        "gap_pain_point",
                        &[
                            ("segment", &self.segment_name(g)),
                            ("metric", &metric),
                            ("score", &segment),
                            ("rest", &rest),
                        ],
                    )
                })
                .collect(),
        })
    }

    /// The significant segment gaps where the segment has it worse than the rest of its
    /// touchpoint, largest first (on the common footing of [`metric_weight`]), then by touchpoint
    /// and segment so the order is fixed.
    pub fn worse_gaps(&self) -> Vec<&SegmentGap> {
        let bands = self.bands();
        let mut gaps: Vec<&SegmentGap> =
            self.report.segment_gaps.iter().filter(|g| g.significant && g.segment_is_worse(&bands)).collect();
        let size = |g: &SegmentGap| g.delta.abs() * metric_weight(g.metric, &bands);
        gaps.sort_by(|a, b| {
            size(b)
                .total_cmp(&size(a))
                .then_with(|| (&a.touchpoint, &a.group, &a.value).cmp(&(&b.touchpoint, &b.group, &b.value)))
        });
        gaps
    }

    /// The value at stake at a touchpoint (`GroupKind::Touchpoint`) or phase, formatted; `None`
    /// where an input is missing.
    pub fn exposure(&self, kind: &GroupKind, id: &str) -> Option<ExposureView> {
        let currency = self.project.settings.currency.as_deref()?;
        let stake = &self.report.value_at_stake;
        let e = match kind {
            GroupKind::Phase => stake.phases.get(id)?,
            _ => stake.touchpoints.get(id)?,
        };
        let (v, f) = (&self.viewer, self.viewer.numbers);
        let pct = |share: f64| format!("{}%", f.fixed(100.0 * share, 1));
        let from = match e.customers_from {
            crate::analyse::value::CustomersFrom::Touchpoint => self.t("value_customers_touchpoint"),
            crate::analyse::value::CustomersFrom::Personas => self.t("value_customers_personas"),
        };
        let metric = match e.metric {
            PrimaryMetric::Nps => self.t("unhappy_nps"),
            PrimaryMetric::Csat => self.t("unhappy_csat"),
            PrimaryMetric::Ces if self.bands().higher_is_better(Metric::Ces) => self.t("unhappy_ces"),
            PrimaryMetric::Ces => self.t("unhappy_ces_effort"),
        };
        Some(ExposureView {
            value: v.money_text(currency, e.value),
            low: v.money_text(currency, e.range.0),
            high: v.money_text(currency, e.range.1),
            customers: self
                .viewer
                .strings
                .fill("value_customers", &[("count", &f.count(e.customers.round() as u64)), ("from", &from)]),
            value_per_customer: v.money_text(currency, e.value_per_customer),
            unhappy: format!("{} ({} – {})", pct(e.unhappy), pct(e.unhappy_ci95.0), pct(e.unhappy_ci95.1)),
            metric,
        })
    }

    /// The persona's name, or the dimension value in the report's language.
    fn segment_name(&self, gap: &SegmentGap) -> String {
        match gap.kind.as_str() {
            "persona" => self
                .project
                .personas
                .iter()
                .find(|p| p.id == gap.value)
                .map_or_else(|| gap.value.clone(), |p| p.name.clone()),
            dimension => self.dimension_value(dimension, &gap.value),
        }
    }

    /// A gap's metric label and both scores, as every page writes them.
    fn gap_figures(&self, gap: &SegmentGap) -> (String, String, String) {
        let metric = self.t(gap.metric.key());
        (
            metric,
            self.viewer.headline_text(gap.metric, gap.segment_score),
            self.viewer.headline_text(gap.metric, gap.rest_score),
        )
    }

    /// A significant gap as the summary lists it, linked to its touchpoint on the journey page.
    pub fn gap_view(&self, gap: &SegmentGap) -> Option<GapView> {
        let (journey, _, touchpoint) = self.lookup.touchpoint(&gap.touchpoint)?;
        let (metric, segment, rest) = self.gap_figures(gap);
        let others = match gap.kind.as_str() {
            "persona" => "gap_others_persona".to_string(),
            dimension => match crate::render::vocabulary::dimension_key(dimension) {
                Some(key) => format!("gap_others_{key}"),
                None => "gap_others".to_string(),
            },
        };
        let q = self.viewer.numbers.p_value(gap.q_value);
        let q = if q.starts_with('<') { format!("q {q}") } else { format!("q = {q}") };
        let name = self.segment_name(gap);
        let text = self.viewer.strings.fill(
            "gap_line",
            &[
                ("touchpoint", &touchpoint.name),
                ("segment", &name),
                ("metric", &metric),
                ("score", &segment),
                ("rest", &rest),
                ("others", &self.t(&others)),
                ("q", &q),
            ],
        );
        Some(GapView {
            touchpoint: touchpoint.name.clone(),
            segment: name,
            journey: journey.title.clone(),
            path: format!("{}#tp-{}", routes::journey(&journey.id), touchpoint.id),
            text,
        })
    }

    /// Every survey file read, for the data-quality tables.
    pub fn file_views(&self) -> Vec<FileView> {
        let delimiter = |d: Delimiter| d.i18n_key().map_or_else(|| d.to_string(), |key| self.t(key));
        (self.responses.quality.files.iter())
            .map(|f| FileView {
                file: f.file.clone(),
                rows: self.viewer.numbers.count(f.rows),
                delimiter: f.delimiter.map_or_else(|| NOT_APPLICABLE.into(), delimiter),
                encoding: f.encoding.clone(),
                header_rows: f.header_rows,
                date_order: f.date_order.map_or_else(|| NOT_APPLICABLE.into(), |note| self.t(note.i18n_key())),
                layout: self.t(&format!("layout_{}", f.layout.name())),
                missing_columns: f.missing_columns.clone(),
            })
            .collect()
    }

    /// What a kind of data-quality problem is called in the report's language.
    pub fn quality_kind(&self, kind: crate::ingest::QualityKind) -> String {
        self.t(&kind.i18n_key())
    }

    /// An example of a data problem in the page's words: "post-interaction.csv, line 1203: NPS
    /// answer “11” is outside the scale 0 to 10".
    pub fn quality_example(&self, example: &crate::ingest::QualityExample) -> String {
        use crate::ingest::ExampleValue;
        let numbers = self.viewer.numbers;
        let values: Vec<(&str, String)> = (example.words.values.iter())
            .map(|(name, value)| match value {
                ExampleValue::Text(text) => (*name, text.clone()),
                ExampleValue::Count(n) => (*name, numbers.count(*n)),
            })
            .collect();
        let filled: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
        let sentence = self.viewer.strings.fill(example.words.key, &filled);
        match &example.location {
            crate::diagnostics::Location::File { file, line, .. } if *line > 0 => {
                // A line number is an address, not a quantity: no thousands separator.
                let (file, line) = (file.display().to_string(), line.to_string());
                format!(
                    "{}: {sentence}",
                    self.viewer.strings.fill("quality_example_at", &[("file", &file), ("line", &line)])
                )
            }
            location => format!("{location}: {sentence}"),
        }
    }

    /// A channel in the report's language (`vocabulary`): "delivery" is "bezorging" in Dutch.
    pub fn channel_name(&self, channel: &str) -> String {
        super::vocabulary::channel_name(&self.viewer.strings, channel)
    }

    /// A segment dimension's name in the report's language.
    pub fn dimension_name(&self, dimension: &str) -> String {
        super::vocabulary::dimension_name(&self.viewer.strings, dimension)
    }

    /// A segment dimension's value in the report's language.
    pub fn dimension_value(&self, dimension: &str, value: &str) -> String {
        super::vocabulary::dimension_value(&self.viewer.strings, dimension, value)
    }

    /// The project's answer bands.
    pub fn bands(&self) -> Bands {
        self.viewer.bands
    }

    /// The band of a comment's answers, by its primary metric (NPS, else CSAT, else CES).
    pub fn band_of(&self, comment: &Comment) -> Band {
        let bands = self.bands();
        match (comment.nps, comment.csat, comment.ces) {
            (Some(v), _, _) => bands.band(Metric::Nps, v),
            (None, Some(v), _) => bands.band(Metric::Csat, v),
            (None, None, Some(v)) => bands.band(Metric::Ces, v),
            _ => Band::Neutral,
        }
    }

    /// Up to [`QUOTES`] comments with different texts (ignoring case and spacing), each saying
    /// how many more in the sample said the same; none when the group they speak for is below
    /// `min_responses`.
    pub fn quotes<'c>(&self, comments: impl Iterator<Item = &'c Comment>, group_responses: u64) -> Vec<QuoteView> {
        if group_responses < self.project.settings.min_responses {
            return Vec::new();
        }
        let same_text = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let mut distinct: Vec<(String, &Comment, usize)> = Vec::new();
        for comment in comments {
            let key = same_text(&comment.text);
            match distinct.iter_mut().find(|(seen, ..)| *seen == key) {
                Some((_, _, more)) => *more += 1,
                None => distinct.push((key, comment, 0)),
            }
        }
        distinct
            .into_iter()
            .take(QUOTES)
            .map(|(_, c, more)| {
                let sentiment = match self.band_of(c) {
                    Band::Unhappy => "unhappy",
                    Band::Neutral => "neutral",
                    Band::Happy => "happy",
                };
                let mut scores = Vec::new();
                for (label, value) in [("NPS", c.nps), ("CSAT", c.csat), ("CES", c.ces)] {
                    if let Some(v) = value {
                        scores.push(format!("{label} {v}"));
                    }
                }
                let persona = c
                    .persona
                    .as_deref()
                    .and_then(|id| self.project.personas.iter().find(|p| p.id == id))
                    .map(|p| p.name.clone());
                QuoteView {
                    text: c.text.clone(),
                    persona: persona.unwrap_or_default(),
                    sentiment,
                    scores: scores.join(" · "),
                    same: if more > 0 {
                        self.viewer.strings.fill("quote_same", &[("count", &self.viewer.numbers.count(more as u64))])
                    } else {
                        String::new()
                    },
                }
            })
            .collect()
    }
}

fn category_key(pain: &PainPoint) -> &'static str {
    match pain.category {
        PainCategory::WaitTime => "wait_time",
        PainCategory::NotUnderstood => "not_understood",
        PainCategory::Unresolved => "unresolved",
        PainCategory::OverAutomation => "over_automation",
        PainCategory::NotPersonal => "not_personal",
        PainCategory::StaffAttitude => "staff_attitude",
        PainCategory::Information => "information",
        PainCategory::Reliability => "reliability",
        PainCategory::Price => "price",
        PainCategory::Other => "other",
    }
}
