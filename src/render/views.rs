//! Figures turned into what a template shows: formatted, translated, linked.
//!
//! Templates get plain values only; every number is formatted here, once, in the report's
//! language, so a theme never does arithmetic.

use serde::Serialize;
use std::collections::BTreeMap;

use super::format::NumberFormat;
use super::targets::TargetView;
use crate::analyse::weighting::WeightedScore;
use crate::analyse::{Change, GroupMetrics, ScoreChanges, Visibility};
use crate::bands::Bands;
use crate::config::Metric;

/// Interface strings of the report's language, with the key itself as a visible fallback.
pub struct Strings<'a>(pub &'a BTreeMap<String, String>);

impl Strings<'_> {
    /// The string for `key`.
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The string for `key` with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(&self.get(key), values.iter().copied())
    }
}

/// `text` with each `{name}` replaced by its value: the one placeholder filler, behind
/// [`Strings::fill`] and the templates' `fill` filter (`{{ t.report_for | fill(period=period) }}`).
pub fn fill<'v>(text: &str, values: impl IntoIterator<Item = (&'v str, &'v str)>) -> String {
    values.into_iter().fold(text.to_string(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
}

/// The templates' `fill` filter: the string with `{name}` filled from each named argument.
pub fn fill_filter(
    value: &tera::Value,
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value.as_str().ok_or_else(|| tera::Error::msg("`fill` is applied to a string"))?;
    // Sorted, so that a value holding another's placeholder is filled the same way every time.
    let args: BTreeMap<&str, String> = args
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str().map_or_else(|| value.to_string(), String::from)))
        .collect();
    Ok(tera::Value::String(fill(text, args.iter().map(|(name, value)| (*name, value.as_str())))))
}

/// One metric of one group, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreView {
    /// `nps`, `csat` or `ces`.
    pub key: &'static str,
    pub label: String,
    /// What the metric asks, with its direction ("Customer effort (higher is easier)").
    pub long: String,
    pub n: u64,
    pub n_text: String,
    /// False when suppressed or without answers: show `note` instead of a value.
    pub shown: bool,
    pub value: String,
    /// The unrounded score, for charts and sorting.
    pub raw: Option<f64>,
    /// "7.5 – 33.0".
    pub interval: String,
    pub low_confidence: bool,
    /// Why no score is shown, or the low-confidence warning.
    pub note: String,
    pub previous: Option<ChangeView>,
    pub year_ago: Option<ChangeView>,
    /// For NPS: the promoter, passive and detractor shares in %.
    pub split: Option<NpsSplit>,
    /// For CSAT the mean, for CES the % agree.
    pub secondary: String,
    /// The post-stratified figure (`weighting: persona`), where the group is weighed.
    pub weighted: Option<WeightedView>,
    /// The group's targets for this metric (`targets:` in cxsite.yaml), where it has any:
    /// filled by `Site::row`, which knows the group.
    pub targets: Vec<TargetView>,
}

/// A weighted score, ready to show: "+21", "+15 – +27", "812".
#[derive(Debug, Clone, Serialize)]
pub struct WeightedView {
    pub value: String,
    pub interval: String,
    /// Kish's effective sample size, rounded.
    pub n_eff: String,
}

/// NPS answer shares in %, formatted and raw (for bar widths).
#[derive(Debug, Clone, Serialize)]
pub struct NpsSplit {
    pub promoters: f64,
    pub passives: f64,
    pub detractors: f64,
    pub promoters_text: String,
    pub passives_text: String,
    pub detractors_text: String,
}

/// A change between periods, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub period: String,
    pub delta: String,
    /// `up`, `down` or `flat`: the arrow.
    pub direction: &'static str,
    /// `better`, `worse` or `flat`: the colour (a CES 1.0 effort mean that goes up is worse).
    pub tone: &'static str,
    pub significant: bool,
    pub p_value: String,
    /// The p-value adjusted for the tests scanned with it (the raw p for the report's KPIs).
    pub q_value: String,
    /// "significant" or "not significant", in the report's language.
    pub verdict: String,
}

/// Builds views in one language.
pub struct Viewer<'a> {
    /// Which way each metric runs, for the changes' colours and the CES label.
    pub bands: Bands,
    pub strings: Strings<'a>,
    pub numbers: NumberFormat,
}

impl Viewer<'_> {
    /// The three metrics of a group.
    pub fn scores(&self, m: &GroupMetrics) -> [ScoreView; 3] {
        [self.nps(m), self.csat(m), self.ces(m)]
    }

    fn nps(&self, m: &GroupMetrics) -> ScoreView {
        let f = self.numbers;
        let mut view = self.base(Metric::Nps, &m.nps.visibility, m.nps.score, m.nps.ci95, &m.change(Metric::Nps));
        view.weighted = self.weighted(Metric::Nps, m.weighted.as_ref().and_then(|w| w.nps), &view);
        if view.shown {
            let n = m.nps.visibility.n as f64;
            let share = |count: u64| 100.0 * count as f64 / n;
            let (p, a, d) = (share(m.nps.promoters), share(m.nps.passives), share(m.nps.detractors));
            view.split = Some(NpsSplit {
                promoters: p,
                passives: a,
                detractors: d,
                promoters_text: format!("{}%", f.fixed(p, 0)),
                passives_text: format!("{}%", f.fixed(a, 0)),
                detractors_text: format!("{}%", f.fixed(d, 0)),
            });
        }
        view
    }

    fn csat(&self, m: &GroupMetrics) -> ScoreView {
        let f = self.numbers;
        let mut view = self.base(Metric::Csat, &m.csat.visibility, m.csat.score, m.csat.ci95, &m.change(Metric::Csat));
        view.weighted = self.weighted(Metric::Csat, m.weighted.as_ref().and_then(|w| w.csat), &view);
        if let (true, Some(mean)) = (view.shown, m.csat.mean) {
            view.secondary = self.strings.fill("mean_of", &[("value", &f.fixed(mean, 2))]);
        }
        view
    }

    fn ces(&self, m: &GroupMetrics) -> ScoreView {
        let f = self.numbers;
        let mut view = self.base(Metric::Ces, &m.ces.visibility, m.ces.score, m.ces.ci95, &m.change(Metric::Ces));
        view.weighted = self.weighted(Metric::Ces, m.weighted.as_ref().and_then(|w| w.ces), &view);
        if let (true, Some(agree)) = (view.shown, m.ces.agree) {
            view.secondary = self.strings.fill("agree_of", &[("value", &f.fixed(agree, 0))]);
        }
        view
    }

    /// A weighted figure of a shown score, formatted as the score is.
    fn weighted(&self, metric: Metric, weighted: Option<WeightedScore>, view: &ScoreView) -> Option<WeightedView> {
        let w = weighted.filter(|_| view.shown)?;
        Some(WeightedView {
            value: self.headline_text(metric, w.score),
            interval: format!("{} – {}", self.score_text(metric, w.ci95.0), self.score_text(metric, w.ci95.1)),
            n_eff: self.numbers.count(w.n_eff.round() as u64),
        })
    }

    /// A score as every page and chart shows it: NPS whole and signed (`+18`), CSAT a whole
    /// percentage (`67%`), CES with two decimals (`5.36`).
    pub fn score_text(&self, metric: Metric, value: f64) -> String {
        let f = self.numbers;
        match metric {
            Metric::Nps => f.signed(value, 0),
            Metric::Csat => format!("{}%", f.fixed(value, 0)),
            Metric::Ces => f.fixed(value, 2),
        }
    }

    /// A score standing alone, with the scale a bare number does not say: CES `5.36 / 7`.
    pub fn headline_text(&self, metric: Metric, value: f64) -> String {
        let score = self.score_text(metric, value);
        match metric {
            Metric::Ces => format!("{score} / {}", self.bands.scale(metric).end()),
            Metric::Nps | Metric::Csat => score,
        }
    }

    /// An amount of money as the report writes one: three significant digits (the inputs are
    /// estimates), thousands grouped, the currency's sign where it has a common one
    /// (`€450,000`, `USD 1,230`).
    pub fn money_text(&self, currency: &str, value: f64) -> String {
        let digits = if value.abs() >= 1.0 { value.abs().log10().floor() as i32 + 1 } else { 1 };
        let step = 10f64.powi((digits - 3).max(0));
        let amount = self.numbers.count(((value.abs() / step).round() * step) as u64);
        let sign = if value < 0.0 { "−" } else { "" };
        match currency.trim().to_ascii_uppercase().as_str() {
            "EUR" => format!("{sign}€{amount}"),
            "USD" => format!("{sign}${amount}"),
            "GBP" => format!("{sign}£{amount}"),
            other => format!("{sign}{other} {amount}"),
        }
    }

    /// A change with its unit: NPS points (`−8.4 pts`), CSAT percentage points (`−3.9 pp`), a
    /// CES mean's points on its scale (`−0.12`, no unit: it is the scale's own).
    pub fn delta_text(&self, metric: Metric, delta: f64) -> String {
        let (number, unit) = self.delta_parts(metric, delta);
        if unit.is_empty() { number } else { format!("{number} {unit}") }
    }

    /// The signed number of a change and its unit (empty for CES).
    fn delta_parts(&self, metric: Metric, delta: f64) -> (String, String) {
        let f = self.numbers;
        match metric {
            Metric::Nps => (f.signed(delta, 1), self.strings.get("unit_nps_points")),
            Metric::Csat => (f.signed(delta, 1), self.strings.get("unit_percentage_points")),
            Metric::Ces => (f.signed(delta, 2), String::new()),
        }
    }

    fn base(
        &self,
        metric: Metric,
        visibility: &Visibility,
        score: Option<f64>,
        ci95: Option<(f64, f64)>,
        changes: &ScoreChanges,
    ) -> ScoreView {
        let value = |v: f64| self.score_text(metric, v);
        let shown = !visibility.suppressed && score.is_some();
        let n_text = self.numbers.count(visibility.n);
        let note = if visibility.n == 0 {
            self.strings.get("no_responses")
        } else if !shown {
            self.strings.fill("too_few", &[("n", &n_text)])
        } else if visibility.low_confidence {
            self.strings.fill("low_confidence", &[("n", &n_text)])
        } else {
            String::new()
        };
        let higher_is_better = self.bands.higher_is_better(metric);
        let change = |c: &Option<Change>| c.filter(|_| shown).map(|c| self.change(&c, metric));
        let key = metric.key();
        ScoreView {
            key,
            label: self.strings.get(key),
            long: if higher_is_better {
                self.strings.get(&format!("{key}_long"))
            } else {
                self.strings.get("ces_long_lower")
            },
            n: visibility.n,
            n_text,
            shown,
            value: score.filter(|_| shown).map(|v| self.headline_text(metric, v)).unwrap_or_else(|| "–".into()),
            raw: score.filter(|_| shown),
            interval: ci95
                .filter(|_| shown)
                .map(|(lo, hi)| format!("{} – {}", value(lo), value(hi)))
                .unwrap_or_default(),
            low_confidence: shown && visibility.low_confidence,
            note,
            previous: change(&changes.previous),
            year_ago: change(&changes.year_ago),
            split: None,
            secondary: String::new(),
            weighted: None,
            targets: Vec::new(),
        }
    }

    fn change(&self, change: &Change, metric: Metric) -> ChangeView {
        let (q, significant) = (change.q_value, change.significant);
        self.change_view(metric, change.delta, change.period.to_string(), change.p_value, q, significant)
    }

    /// A change against `period`, with its unit, arrow and colour as every page shows one.
    pub fn change_view(
        &self,
        metric: Metric,
        delta: f64,
        period: String,
        p_value: f64,
        q_value: Option<f64>,
        significant: bool,
    ) -> ChangeView {
        let (number, _) = self.delta_parts(metric, delta);
        // Flat is what the reader sees: a change that rounds to zero has no arrow.
        let direction = if number.trim_start_matches(['+', '−']).chars().all(|c| matches!(c, '0' | '.' | ',')) {
            "flat"
        } else if delta > 0.0 {
            "up"
        } else {
            "down"
        };
        let tone = match (direction, self.bands.higher_is_better(metric)) {
            ("flat", _) => "flat",
            ("up", true) | ("down", false) => "better",
            _ => "worse",
        };
        ChangeView {
            period,
            delta: self.delta_text(metric, delta),
            direction,
            tone,
            significant,
            p_value: self.numbers.p_value(p_value),
            q_value: q_value.map_or_else(String::new, |q| self.numbers.p_value(q)),
            verdict: self.strings.get(if significant { "significant" } else { "not_significant" }),
        }
    }
}
