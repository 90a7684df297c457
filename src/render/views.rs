//! Figures turned into what a template shows: formatted, translated, linked.
//!
//! Templates get plain values only; every number is formatted here, once, in the report's
//! language, so a theme never does arithmetic.

use serde::Serialize;
use std::collections::BTreeMap;

use super::format::NumberFormat;
use crate::analyse::{Change, Changes, GroupMetrics, Visibility};

/// Interface strings of the report's language, with the key itself as a visible fallback.
pub struct Strings<'a>(pub &'a BTreeMap<String, String>);

impl Strings<'_> {
    /// The string for `key`.
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The string for `key` with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.get(key), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
    }
}

/// One metric of one group, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreView {
    /// `nps`, `csat` or `ces`.
    pub key: &'static str,
    pub label: String,
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
    /// `up`, `down` or `flat`.
    pub direction: &'static str,
    pub significant: bool,
    pub p_value: String,
    /// The p-value adjusted for the tests scanned with it (the raw p for the report's KPIs).
    pub q_value: String,
    /// "significant" or "not significant", in the report's language.
    pub verdict: String,
}

/// Builds views in one language.
pub struct Viewer<'a> {
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
        let mut view = self.base(
            "nps",
            &m.nps.visibility,
            m.nps.score,
            m.nps.ci95,
            &m.nps_change,
            |v| f.signed(v, 0),
            |v| f.signed(v, 1),
        );
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
        let mut view = self.base(
            "csat",
            &m.csat.visibility,
            m.csat.score,
            m.csat.ci95,
            &m.csat_change,
            |v| format!("{}%", f.fixed(v, 0)),
            |v| f.signed(v, 1),
        );
        if let (true, Some(mean)) = (view.shown, m.csat.mean) {
            view.secondary = self.strings.fill("mean_of", &[("value", &f.fixed(mean, 2))]);
        }
        view
    }

    fn ces(&self, m: &GroupMetrics) -> ScoreView {
        let f = self.numbers;
        let mut view = self.base(
            "ces",
            &m.ces.visibility,
            m.ces.score,
            m.ces.ci95,
            &m.ces_change,
            |v| f.fixed(v, 2),
            |v| f.signed(v, 2),
        );
        if let (true, Some(agree)) = (view.shown, m.ces.agree) {
            view.secondary = self.strings.fill("agree_of", &[("value", &f.fixed(agree, 0))]);
        }
        view
    }

    #[allow(clippy::too_many_arguments)]
    fn base(
        &self,
        key: &'static str,
        visibility: &Visibility,
        score: Option<f64>,
        ci95: Option<(f64, f64)>,
        changes: &Changes,
        value: impl Fn(f64) -> String,
        delta: impl Fn(f64) -> String,
    ) -> ScoreView {
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
        let change = |c: &Option<Change>| c.filter(|_| shown).map(|c| self.change(&c, &delta));
        ScoreView {
            key,
            label: self.strings.get(key),
            n: visibility.n,
            n_text,
            shown,
            value: score.filter(|_| shown).map(&value).unwrap_or_else(|| "–".into()),
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
        }
    }

    fn change(&self, change: &Change, delta: &impl Fn(f64) -> String) -> ChangeView {
        let text = delta(change.delta);
        let direction = if text.trim_start_matches(['+', '−']).chars().all(|c| matches!(c, '0' | '.' | ',')) {
            "flat"
        } else if change.delta > 0.0 {
            "up"
        } else {
            "down"
        };
        ChangeView {
            period: change.period.to_string(),
            delta: text,
            direction,
            significant: change.significant,
            p_value: self.numbers.p_value(change.p_value),
            q_value: change.q_value.map_or_else(String::new, |q| self.numbers.p_value(q)),
            verdict: self.strings.get(if change.significant { "significant" } else { "not_significant" }),
        }
    }
}
