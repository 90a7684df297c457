//! A journey map: one column a touchpoint under its stage, lanes for the touchpoint's score,
//! what the customer does and thinks, the emotion curve, pain points with the ideas that
//! address them, and the back stage; then the journey's scores, trends and quotes.

use crate::routes::{self, Section};
use serde::Serialize;

use super::segment_map::{self, MapSegment};
use super::{Link, Page};
use crate::analyse::{GroupKind, GroupMetrics, LOW_CONFIDENCE_BELOW, emotion, stage_group_id, within_touchpoint_id};
use crate::config::Metric;
use crate::diagnostics::Diagnostic;
use crate::load::{Journey, OpportunityDetail, PainPoint, Touchpoint};
use crate::render::charts::{self, EmotionPoint, EmotionSource, emotion_curve, emotion_y};
use crate::render::pieces::{GroupRow, PainPointView, QuoteView};
use crate::render::site::Site;
use crate::render::views::{ChangeView, ScoreView};

#[derive(Serialize)]
struct StageView {
    id: String,
    name: String,
    goal: String,
    scores: Option<GroupRow>,
    touchpoints: Vec<TouchpointView>,
    pain_points: Vec<PainPointView>,
    opportunities: Vec<OpportunityView>,
}

/// A touchpoint's row of the scores table below the map, with its quotes (the map's card is
/// a [`TouchpointCard`]).
#[derive(Serialize)]
struct TouchpointView {
    id: String,
    name: String,
    responses: String,
    nps: ScoreView,
    csat: ScoreView,
    ces: ScoreView,
    quotes: Vec<QuoteView>,
}

/// A touchpoint's value at stake, for the journey page's list.
#[derive(Serialize)]
struct TouchpointValue {
    id: String,
    name: String,
    exposure: crate::render::pieces::ExposureView,
}

#[derive(Serialize)]
struct OpportunityView {
    title: String,
    description: String,
    touchpoint: String,
    owner: String,
}

/// The journey map: a table of one column a touchpoint (a stage without touchpoints gets one
/// empty column) and one row a lane; lanes no touchpoint fills are not drawn.
/// Whose answers a journey map shows: everyone's, or one segment's (a persona, a dimension
/// value), each card from that segment's own figures at the touchpoint.
pub(super) enum Audience<'a> {
    Everyone,
    Segment(&'a MapSegment),
}

impl Audience<'_> {
    /// The figures of a touchpoint for this audience in the report's period.
    pub(super) fn touchpoint<'s>(&self, site: &'s Site, touchpoint: &str) -> Option<&'s GroupMetrics> {
        match self {
            Audience::Everyone => site.current(&GroupKind::Touchpoint, touchpoint),
            Audience::Segment(segment) => {
                site.current(&segment.touchpoint_kind(), &within_touchpoint_id(touchpoint, &segment.value))
            }
        }
    }
}

#[derive(Serialize)]
pub(super) struct MapView {
    /// The number of touchpoint columns, and with the lane labels' column.
    pub(super) columns: usize,
    all_columns: usize,
    stages: Vec<MapStage>,
    cells: Vec<MapColumn>,
    /// Which optional lanes have something in them.
    lanes: Lanes,
    /// *HTML*: the emotion curve across the columns.
    pub(super) emotion_svg: String,
    /// How many of its points come from answers and how many from the team's expectation.
    pub(super) emotion_note: String,
    /// On a segment's map: that its pain points are everyone's.
    segment_note: String,
    /// The curve's y-axis, drawn beside it: `{label, top ("15.00%"), neutral}`.
    axis: Vec<AxisTick>,
    /// The comparison period of the cards' change marks ("2026-Q2"), or empty.
    previous: String,
    /// The legend's sentences.
    legend_change: String,
    legend_low_confidence: String,
    legend_suppressed: String,
    any_low_confidence: bool,
    any_moment_of_truth: bool,
    any_declared: bool,
    any_suppressed: bool,
}

#[derive(Serialize)]
struct Lanes {
    actions: bool,
    thoughts: bool,
    ideas: bool,
    backstage: bool,
    support: bool,
}

#[derive(Serialize)]
struct AxisTick {
    label: String,
    top: String,
    neutral: bool,
}

#[derive(Serialize)]
struct MapStage {
    id: String,
    name: String,
    goal: String,
    /// How many columns it spans.
    span: usize,
    /// Its first and last column: a phone shows the map as a timeline in this order.
    first: usize,
    last: usize,
    /// Ideas of the stage for no touchpoint in particular (and none of the map's pain points).
    ideas: Vec<IdeaView>,
}

#[derive(Serialize)]
struct MapColumn {
    index: usize,
    stage: String,
    /// The first column of its stage (drawn with a stronger rule on its left).
    first_in_stage: bool,
    touchpoint: Option<TouchpointCard>,
    actions: Vec<String>,
    thoughts: Vec<String>,
    backstage: Vec<String>,
    support: Vec<String>,
    pains: Vec<MapPain>,
    /// Ideas for the touchpoint that address none of the pain points on the map.
    ideas: Vec<IdeaView>,
}

#[derive(Serialize)]
struct TouchpointCard {
    id: String,
    name: String,
    channel: String,
    /// A decorative icon for the channel: markup cxsite generates, never user text.
    channel_icon: &'static str,
    owner: String,
    partner: bool,
    moment_of_truth: bool,
    description: String,
    headline: Headline,
    /// "+1.2" or "–"; `survey`, `declared` or `none`; what it comes from.
    emotion: String,
    emotion_source: &'static str,
    emotion_from: String,
    /// The touchpoint has a row in the scores table below.
    in_table: bool,
}

/// The card's one number: the score of what was asked at the touchpoint (the metric its
/// emotion comes from), with its unit and its change against the previous period.
#[derive(Serialize)]
struct Headline {
    /// Survey answers at all: else the card says so and shows no number.
    measured: bool,
    shown: bool,
    /// "CSAT", and what it asks.
    metric: String,
    long: String,
    /// "72%", "+36", "5.36 / 7", or "–".
    value: String,
    n_text: String,
    low_confidence: bool,
    /// Why no number is shown (suppressed), or the low-confidence note.
    note: String,
    change: Option<HeadlineChange>,
}

#[derive(Serialize)]
struct HeadlineChange {
    /// ▲ ▼ ■ for a significant change, △ ▽ □ otherwise.
    arrow: &'static str,
    /// "−3.9 pp", "+6.3 pts", "−0.12".
    text: String,
    tone: &'static str,
    significant: bool,
    /// The change in words, with its period, verdict and p-value.
    title: String,
    period: String,
}

#[derive(Serialize)]
struct MapPain {
    pain: PainPointView,
    /// The ideas shown under it: those that address it and no pain point after it on the map.
    ideas: Vec<IdeaView>,
}

#[derive(Clone, Serialize)]
struct IdeaView {
    title: String,
    description: String,
    touchpoint: String,
    owner: String,
    /// "#1, #2": the ranks of the pain points it addresses, when more than one.
    addresses: String,
}

/// Renders `journeys/<id>/index.html`.
pub fn render(site: &Site, journey: &Journey) -> Result<Page, Diagnostic> {
    let root = "../../";
    let mut stages = Vec::new();
    for stage in &journey.stages {
        let mut touchpoints = Vec::new();
        for touchpoint in &stage.touchpoints {
            let metrics = site.current(&GroupKind::Touchpoint, &touchpoint.id);
            let row = site.row(&GroupKind::Touchpoint, &touchpoint.id, &touchpoint.name, None);
            let Some(row) = row else { continue };
            let comments = site
                .report
                .current
                .and_then(|p| site.responses.comments.by_touchpoint.get(&(Some(touchpoint.id.clone()), p)));
            let quotes = site.quotes(comments.into_iter().flatten(), metrics.map_or(0, |m| m.responses));
            touchpoints.push(TouchpointView {
                id: touchpoint.id.clone(),
                name: touchpoint.name.clone(),
                responses: row.responses,
                nps: row.nps,
                csat: row.csat,
                ces: row.ces,
                quotes,
            });
        }
        let pain_points = site
            .report
            .pain_points
            .iter()
            .filter(|p| stage.pain_points.iter().any(|s| s.id == p.id))
            .filter_map(|p| site.pain_point(p, root))
            .collect();
        let names = |id: &Option<String>| {
            id.as_deref()
                .and_then(|id| stage.touchpoints.iter().find(|t| t.id == id))
                .map(|t| t.name.clone())
                .unwrap_or_default()
        };
        let opportunities = stage
            .opportunities
            .iter()
            .map(|o| {
                let o = o.detail();
                OpportunityView {
                    touchpoint: names(&o.touchpoint),
                    title: o.title,
                    description: o.description.unwrap_or_default(),
                    owner: o.owner.unwrap_or_default(),
                }
            })
            .collect();
        stages.push(StageView {
            id: stage.id.clone(),
            name: stage.name.clone(),
            goal: stage.goal.clone().unwrap_or_default(),
            scores: site.row(&GroupKind::Stage, &stage_group_id(&journey.id, &stage.id), &stage.name, None),
            touchpoints,
            pain_points,
            opportunities,
        });
    }

    let in_table = |id: &str| stages.iter().any(|s| s.scores.is_some() && s.touchpoints.iter().any(|t| t.id == id));
    let map = map(site, journey, &Audience::Everyone, &in_table, root);
    let (svg, note) = (map.emotion_svg.clone(), map.emotion_note.clone());

    let personas: Vec<Link> = journey
        .persona_ids()
        .filter_map(|id| site.project.personas.iter().find(|p| p.id == id))
        .map(|p| Link { label: p.name.clone(), path: format!("{root}{}", routes::persona(&p.id)) })
        .collect();
    let mut context = site.context(2, Section::Journeys.key(), &journey.title);
    context.insert("journey", journey);
    context.insert("personas", &personas);
    context.insert("segment_maps", &segment_map::switcher(site, journey, None, root));
    let lifecycle = &site.project.settings.lifecycle;
    let phase = journey.phase.as_deref().and_then(|id| lifecycle.iter().position(|p| p.id == id)).map(|index| {
        let n = site.viewer.numbers;
        let position = site
            .viewer
            .strings
            .fill("lifecycle_position", &[("n", &n.count(index as u64 + 1)), ("of", &n.count(lifecycle.len() as u64))]);
        let phase = &lifecycle[index];
        Link {
            label: site
                .viewer
                .strings
                .fill("lifecycle_journey_phase", &[("phase", &phase.name), ("position", &position)]),
            path: format!("{root}{}#phase-{}", Section::Lifecycle.path(), phase.id),
        }
    });
    context.insert("phase", &phase);
    context.insert("stages", &stages);
    context.insert("map", &map);
    context.insert("scores", &site.row(&GroupKind::Journey, &journey.id, &journey.title, None));
    // The value at stake at each touchpoint where every input is declared.
    let values: Vec<TouchpointValue> = (journey.stages.iter().flat_map(|s| &s.touchpoints))
        .filter_map(|t| {
            let exposure = site.exposure(&GroupKind::Touchpoint, &t.id)?;
            Some(TouchpointValue { id: t.id.clone(), name: t.name.clone(), exposure })
        })
        .collect();
    context.insert("values", &values);
    // The targets of the journey, its stages, its touchpoints and the segments within them.
    let targets: Vec<_> = site.targets.iter().filter(|t| t.journey.as_deref() == Some(journey.id.as_str())).collect();
    context.insert("targets", &targets);
    context.insert("trend", &site.trend(&GroupKind::Journey, &journey.id, &journey.title));
    let touchpoint_trends: Vec<(String, _)> = journey
        .stages
        .iter()
        .flat_map(|stage| &stage.touchpoints)
        .map(|t| (t.name.clone(), site.trend(&GroupKind::Touchpoint, &t.id, &t.name)))
        .filter(|(_, trend)| !trend.rows.is_empty())
        .collect();
    context.insert("touchpoint_trends", &touchpoint_trends);
    let pyramid = site.pyramid(Some(&journey.id));
    let has_levels = pyramid.iter().any(|level| level.scores.is_some());
    context.insert("pyramid", &if has_levels { pyramid } else { Vec::new() });
    context.insert("emotion_svg", &svg);
    context.insert("emotion_note", &note);
    context.insert("stage_count", &journey.stages.len());
    Ok(Page { path: routes::journey(&journey.id), html: site.render("journey.html", &context)? })
}

/// A touchpoint's emotion: from its survey answers where it has them, else the team's
/// expectation; and what the survey value comes from ("from its CSAT mean").
fn emotion_of(
    site: &Site,
    touchpoint: &Touchpoint,
    metrics: Option<&GroupMetrics>,
) -> (Option<f64>, EmotionSource, String) {
    let measured = metrics.and_then(|m| emotion(m, &site.bands()));
    let from = measured.map(|(_, metric)| match metric {
        Metric::Csat => site.viewer.strings.fill("emotion_from", &[("metric", &site.t("csat"))]),
        Metric::Ces => site.viewer.strings.fill("emotion_from", &[("metric", &site.t("ces"))]),
        Metric::Nps => site.t("emotion_from_nps"),
    });
    match (measured, touchpoint.emotion) {
        (Some((v, _)), _) => (Some(v), EmotionSource::Survey, from.unwrap_or_default()),
        (None, Some(v)) => (Some(v), EmotionSource::Declared, String::new()),
        (None, None) => (None, EmotionSource::Declared, String::new()),
    }
}

fn source_key(value: Option<f64>, source: EmotionSource) -> &'static str {
    match (value, source) {
        (None, _) => "none",
        (Some(_), EmotionSource::Survey) => "survey",
        (Some(_), EmotionSource::Declared) => "declared",
    }
}

/// The metric asked at a touchpoint, in the order its emotion is taken from
/// (`analyse::emotion`): CSAT, else CES, else NPS; `None` without answers.
fn asked(metrics: &GroupMetrics) -> Option<Metric> {
    if metrics.csat.visibility.n > 0 {
        Some(Metric::Csat)
    } else if metrics.ces.visibility.n > 0 {
        Some(Metric::Ces)
    } else if metrics.nps.visibility.n > 0 {
        Some(Metric::Nps)
    } else {
        None
    }
}

/// The card's headline: the asked metric's score with its unit and change, or why there is none.
fn headline(site: &Site, metrics: Option<&GroupMetrics>) -> Headline {
    let none = |note: String| Headline {
        measured: false,
        shown: false,
        metric: String::new(),
        long: String::new(),
        value: "–".into(),
        n_text: String::new(),
        low_confidence: false,
        note,
        change: None,
    };
    let Some((metrics, metric)) = metrics.and_then(|m| Some((m, asked(m)?))) else {
        return none(site.t("map_no_survey_data"));
    };
    let [nps, csat, ces] = site.viewer.scores(metrics);
    let view = match metric {
        Metric::Nps => nps,
        Metric::Csat => csat,
        Metric::Ces => ces,
    };
    // The score and its change as every page writes them (`Viewer::headline_text`, `delta_text`).
    let value = view.value.clone();
    let change = view.previous.as_ref().map(|shown| headline_change(site, shown));
    Headline {
        measured: true,
        shown: view.shown,
        metric: view.label.clone(),
        long: view.long.clone(),
        value,
        n_text: view.n_text.clone(),
        low_confidence: view.low_confidence,
        note: view.note.clone(),
        change,
    }
}

/// A change mark: its arrow (solid when significant) and the change with its unit.
fn headline_change(site: &Site, shown: &ChangeView) -> HeadlineChange {
    let text = shown.delta.clone();
    let arrow = match (shown.significant, shown.direction) {
        (true, "up") => "▲",
        (true, "down") => "▼",
        (true, _) => "■",
        (false, "up") => "△",
        (false, "down") => "▽",
        (false, _) => "□",
    };
    let title = site.viewer.strings.fill(
        "map_change_title",
        &[("delta", &text), ("period", &shown.period), ("verdict", &shown.verdict), ("p", &shown.p_value)],
    );
    HeadlineChange {
        arrow,
        text,
        tone: shown.tone,
        significant: shown.significant,
        title,
        period: shown.period.clone(),
    }
}

/// The map's view: columns, lanes, the emotion curve and where each idea goes, from the
/// figures of `audience`; `in_table` says which touchpoints have a row in the page's table.
pub(super) fn map(
    site: &Site,
    journey: &Journey,
    audience: &Audience,
    in_table: &dyn Fn(&str) -> bool,
    root: &str,
) -> MapView {
    let mut points: Vec<(usize, String, String, f64, String, EmotionSource)> = Vec::new();
    let mut cells = Vec::new();
    let mut map_stages = Vec::new();
    let mut previous = String::new();
    let (mut any_low_confidence, mut any_declared, mut any_suppressed) = (false, false, false);
    for stage in &journey.stages {
        let first = cells.len();
        for (i, touchpoint) in stage.touchpoints.iter().enumerate() {
            let metrics = audience.touchpoint(site, &touchpoint.id);
            let (value, source, from) = emotion_of(site, touchpoint, metrics);
            let f = site.viewer.numbers;
            if let Some(value) = value {
                let text = f.signed(value, 1);
                points.push((cells.len(), touchpoint.id.clone(), touchpoint.name.clone(), value, text, source));
                any_declared |= source == EmotionSource::Declared;
            }
            let headline = headline(site, metrics);
            any_low_confidence |= headline.low_confidence;
            any_suppressed |= headline.measured && !headline.shown;
            if let Some(change) = &headline.change {
                previous.clone_from(&change.period);
            }
            cells.push(MapColumn {
                index: cells.len(),
                stage: stage.id.clone(),
                first_in_stage: i == 0,
                touchpoint: Some(TouchpointCard {
                    id: touchpoint.id.clone(),
                    name: touchpoint.name.clone(),
                    channel: touchpoint.channel.as_deref().map(|c| site.channel_name(c)).unwrap_or_default(),
                    channel_icon: charts::channel_icon(touchpoint.channel.as_deref().unwrap_or("")),
                    owner: touchpoint.owner.clone().unwrap_or_default(),
                    partner: touchpoint.partner,
                    moment_of_truth: touchpoint.moment_of_truth,
                    description: touchpoint.description.clone().unwrap_or_default(),
                    headline,
                    emotion: value.map(|v| f.signed(v, 1)).unwrap_or_else(|| "–".into()),
                    emotion_source: source_key(value, source),
                    emotion_from: from,
                    in_table: in_table(&touchpoint.id),
                }),
                actions: touchpoint.actions.clone(),
                thoughts: touchpoint.thoughts.clone(),
                backstage: touchpoint.backstage.clone(),
                support: touchpoint.support.clone(),
                pains: Vec::new(),
                ideas: Vec::new(),
            });
        }
        if stage.touchpoints.is_empty() {
            cells.push(MapColumn {
                index: cells.len(),
                stage: stage.id.clone(),
                first_in_stage: true,
                touchpoint: None,
                actions: Vec::new(),
                thoughts: Vec::new(),
                backstage: Vec::new(),
                support: Vec::new(),
                pains: Vec::new(),
                ideas: Vec::new(),
            });
        }
        map_stages.push(MapStage {
            id: stage.id.clone(),
            name: stage.name.clone(),
            goal: stage.goal.clone().unwrap_or_default(),
            span: cells.len() - first,
            first,
            last: cells.len() - 1,
            ideas: Vec::new(),
        });
    }

    // Pain points in their touchpoint's column, in the site's order.
    let column_of =
        |touchpoint: &str| cells.iter().position(|c| c.touchpoint.as_ref().is_some_and(|t| t.id == touchpoint));
    let mut ranked: Vec<(usize, &PainPoint)> = (journey.stages.iter().flat_map(|s| &s.pain_points))
        .filter_map(|pain| Some((site.lookup.rank_index(&pain.id)?, pain)))
        .collect();
    ranked.sort_by_key(|&(index, _)| index);
    let mut placed: Vec<(usize, MapPain)> = Vec::new();
    for (index, pain) in ranked {
        let priority = &site.report.pain_points[index];
        let (Some(column), Some(view)) = (column_of(&pain.touchpoint), site.pain_point(priority, root)) else {
            continue;
        };
        placed.push((column, MapPain { pain: view, ideas: Vec::new() }));
    }
    // An idea goes under the last pain point on the map it addresses, else in its touchpoint's
    // column after the pain points, else across its stage.
    let mut pains_by_column: Vec<Vec<MapPain>> = (0..cells.len()).map(|_| Vec::new()).collect();
    let mut ideas_by_column: Vec<Vec<IdeaView>> = (0..cells.len()).map(|_| Vec::new()).collect();
    for (column, pain) in placed {
        pains_by_column[column].push(pain);
    }
    for (stage_index, stage) in journey.stages.iter().enumerate() {
        for opportunity in &stage.opportunities {
            let idea: OpportunityDetail = opportunity.detail();
            let touchpoint = idea
                .touchpoint
                .as_deref()
                .and_then(|id| journey.stages.iter().flat_map(|s| &s.touchpoints).find(|t| t.id == id));
            let mut ranks = Vec::new();
            let mut last = None;
            for (column, pains) in pains_by_column.iter().enumerate() {
                for (index, pain) in pains.iter().enumerate() {
                    if idea.pain_points.contains(&pain.pain.id) {
                        ranks.push(pain.pain.rank);
                        last = Some((column, index));
                    }
                }
            }
            ranks.sort_unstable();
            let addresses = if ranks.len() > 1 {
                ranks.iter().map(|r| format!("#{r}")).collect::<Vec<_>>().join(", ")
            } else {
                String::new()
            };
            let view = IdeaView {
                title: idea.title.clone(),
                description: idea.description.clone().unwrap_or_default(),
                touchpoint: touchpoint.map(|t| t.name.clone()).unwrap_or_default(),
                owner: idea.owner.clone().unwrap_or_default(),
                addresses,
            };
            match (last, touchpoint.and_then(|t| column_of(&t.id))) {
                (Some((column, index)), _) => pains_by_column[column][index].ideas.push(view),
                (None, Some(column)) => ideas_by_column[column].push(view),
                (None, None) => map_stages[stage_index].ideas.push(view),
            }
        }
    }
    for ((cell, pains), ideas) in cells.iter_mut().zip(pains_by_column).zip(ideas_by_column) {
        cell.pains = pains;
        cell.ideas = ideas;
    }

    let lanes = Lanes {
        actions: cells.iter().any(|c| !c.actions.is_empty()),
        thoughts: cells.iter().any(|c| !c.thoughts.is_empty()),
        ideas: map_stages.iter().any(|s| !s.ideas.is_empty()),
        backstage: cells.iter().any(|c| !c.backstage.is_empty()),
        support: cells.iter().any(|c| !c.support.is_empty()),
    };
    let curve: Vec<EmotionPoint> = points
        .iter()
        .map(|(column, id, label, value, text, source)| EmotionPoint {
            column: *column,
            id,
            label,
            value: *value,
            text,
            source: *source,
        })
        .collect();
    let starts: Vec<usize> = map_stages.iter().map(|s| s.first).filter(|&c| c > 0).collect();
    let title = site.viewer.strings.fill("emotion_title", &[("journey", &journey.title)]);
    let f = site.viewer.numbers;
    let from_survey = curve.iter().filter(|p| p.source == EmotionSource::Survey).count();
    let emotion_note = site.viewer.strings.fill(
        "emotion_note",
        &[("survey", &f.count(from_survey as u64)), ("declared", &f.count((curve.len() - from_survey) as u64))],
    );
    let emotion_svg = emotion_curve(&title, &emotion_note, cells.len(), &starts, &curve);
    let axis = [2.0, 1.0, 0.0, -1.0, -2.0]
        .into_iter()
        .map(|v: f64| AxisTick {
            label: if v == 0.0 { "0".into() } else { f.signed(v, 0) },
            top: format!("{:.2}%", emotion_y(v)),
            neutral: v == 0.0,
        })
        .collect();
    let legend_change = if previous.is_empty() {
        String::new()
    } else {
        site.viewer.strings.fill("map_legend_change", &[("period", &previous)])
    };
    let legend_low_confidence =
        site.viewer.strings.fill("map_legend_low_confidence", &[("n", &f.count(LOW_CONFIDENCE_BELOW))]);
    let legend_suppressed =
        site.viewer.strings.fill("map_legend_suppressed", &[("n", &f.count(site.project.settings.min_responses))]);
    let any_moment_of_truth = cells.iter().any(|c| c.touchpoint.as_ref().is_some_and(|t| t.moment_of_truth));
    MapView {
        columns: cells.len(),
        all_columns: cells.len() + 1,
        stages: map_stages,
        cells,
        lanes,
        emotion_svg,
        emotion_note,
        segment_note: match audience {
            Audience::Everyone => String::new(),
            Audience::Segment(_) => site.t("segment_map_pain_note"),
        },
        axis,
        previous,
        legend_change,
        legend_low_confidence,
        legend_suppressed,
        any_low_confidence,
        any_moment_of_truth,
        any_declared,
        any_suppressed,
    }
}
