//! Change of a score between two periods, and whether it is significant.

use serde::Serialize;

use super::scores::{CesScore, CsatScore, LOW_CONFIDENCE_BELOW, NpsScore, Visibility};
use super::stats::{nps_change_test, two_proportion_test, welch_test};
use crate::period::Period;

/// The significance level of every test.
pub const ALPHA: f64 = 0.05;

/// A score's change from an earlier period to this one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// The earlier period.
    pub period: Period,
    /// This period's score minus the earlier one's (points of NPS or CSAT %, or of the CES mean).
    pub delta: f64,
    pub p_value: f64,
    /// The p-value adjusted for the tests scanned with it (Benjamini–Hochberg over its group
    /// kind, metric and comparison in this period); the raw p for the whole report's KPIs,
    /// each one planned test. `None` when not tested.
    pub q_value: Option<f64>,
    /// Both periods have at least 30 answers: enough for the test to count.
    pub tested: bool,
    /// Tested, and q < 0.05: the one meaning of "significant" on every page (`docs/methodology.md`).
    pub significant: bool,
}

/// A score's change against the previous period and the same period a year before.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ScoreChanges {
    pub previous: Option<Change>,
    pub year_ago: Option<Change>,
}

/// A score that can be compared across periods.
pub trait Comparable {
    /// The change from `earlier` (in `period`) to `self`, when both may be shown.
    fn change_since(&self, earlier: &Self, period: Period) -> Option<Change>;
}

fn comparable(a: &Visibility, b: &Visibility) -> bool {
    !a.suppressed && !b.suppressed
}

fn change(period: Period, delta: f64, p_value: f64, a: &Visibility, b: &Visibility) -> Change {
    let tested = a.n >= LOW_CONFIDENCE_BELOW && b.n >= LOW_CONFIDENCE_BELOW;
    // Until `adjust_for_many_tests` says otherwise: a planned test of its own.
    Change {
        period,
        delta,
        p_value,
        q_value: tested.then_some(p_value),
        tested,
        significant: tested && p_value < ALPHA,
    }
}

impl Comparable for NpsScore {
    fn change_since(&self, earlier: &Self, period: Period) -> Option<Change> {
        let (a, b) = (&earlier.visibility, &self.visibility);
        if !comparable(a, b) {
            return None;
        }
        let test =
            nps_change_test((earlier.promoters, earlier.detractors, a.n), (self.promoters, self.detractors, b.n));
        Some(change(period, self.score? - earlier.score?, test.p_value, a, b))
    }
}

impl Comparable for CsatScore {
    fn change_since(&self, earlier: &Self, period: Period) -> Option<Change> {
        let (a, b) = (&earlier.visibility, &self.visibility);
        if !comparable(a, b) {
            return None;
        }
        let test = two_proportion_test(earlier.satisfied, a.n, self.satisfied, b.n);
        Some(change(period, self.score? - earlier.score?, test.p_value, a, b))
    }
}

impl Comparable for CesScore {
    fn change_since(&self, earlier: &Self, period: Period) -> Option<Change> {
        let (a, b) = (&earlier.visibility, &self.visibility);
        if !comparable(a, b) || a.n < 2 || b.n < 2 {
            return None;
        }
        let test = welch_test(earlier.score?, earlier.variance?, a.n, self.score?, self.variance?, b.n);
        Some(change(period, self.score? - earlier.score?, test.p_value, a, b))
    }
}

/// Which of a group's changes: its metric (NPS, CSAT, CES) and comparison (previous, year ago).
type ChangeSlot = (usize, bool);

/// Gives every change its q-value and its one `significant`: the whole report's KPIs (group
/// `overall`) are one planned test each and keep the raw p; every other group kind is a family
/// scanned at once, per kind × period × metric × comparison, adjusted with Benjamini–Hochberg.
pub fn adjust_for_many_tests(groups: &mut super::GroupTable) {
    use super::{GroupKind, PeriodScope};
    let entries = groups.as_mut_slice();
    // A family lists places, not cloned keys; the groups are in key order, so their kinds are
    // runs, numbered here.
    let mut families: std::collections::BTreeMap<(usize, PeriodScope, ChangeSlot), Vec<usize>> =
        std::collections::BTreeMap::new();
    let mut kind_run = 0;
    for (at, metrics) in entries.iter().enumerate() {
        if at > 0 && entries[at - 1].kind != metrics.kind {
            kind_run += 1;
        }
        if metrics.kind == GroupKind::Overall {
            continue;
        }
        for (slot, change) in slots(metrics) {
            if change.is_some_and(|c| c.tested) {
                families.entry((kind_run, metrics.scope, slot)).or_default().push(at);
            }
        }
    }
    for ((_, _, slot), places) in families {
        let p_values: Vec<f64> =
            places.iter().filter_map(|&at| change_at(&entries[at], slot)).map(|c| c.p_value).collect();
        for (&at, q) in places.iter().zip(super::stats::benjamini_hochberg_q(&p_values)) {
            if let Some(change) = change_at_mut(&mut entries[at], slot) {
                change.q_value = Some(q);
                change.significant = change.tested && q < ALPHA;
            }
        }
    }
}

fn slots(metrics: &super::GroupMetrics) -> impl Iterator<Item = (ChangeSlot, Option<Change>)> + '_ {
    (0..3).flat_map(move |metric| {
        [false, true].map(|year_ago| ((metric, year_ago), change_at(metrics, (metric, year_ago))))
    })
}

fn change_at(metrics: &super::GroupMetrics, (metric, year_ago): ChangeSlot) -> Option<Change> {
    let changes = metrics.changes.as_deref()?[metric];
    if year_ago { changes.year_ago } else { changes.previous }
}

fn change_at_mut(metrics: &mut super::GroupMetrics, (metric, year_ago): ChangeSlot) -> Option<&mut Change> {
    let changes = &mut metrics.changes.as_deref_mut()?[metric];
    if year_ago { changes.year_ago.as_mut() } else { changes.previous.as_mut() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::histogram::Histogram;
    use crate::period::PeriodKind;

    fn nps(promoters: u64, detractors: u64, n: u64) -> NpsScore {
        let mut h = Histogram::default();
        h.counts[10] = promoters;
        h.counts[0] = detractors;
        h.counts[8] = n - promoters - detractors;
        NpsScore::from_histogram(&h, 10)
    }

    #[test]
    fn nps_change_matches_the_worked_example() {
        let q2 = Period::containing(PeriodKind::Quarter, 2026, 4);
        let change = nps(130, 40, 250).change_since(&nps(75, 42, 160), q2).unwrap();
        assert!((change.delta - 15.375).abs() < 1e-9);
        assert!((change.p_value - 0.0551).abs() < 5e-5, "{}", change.p_value);
        assert!(!change.significant);
    }

    #[test]
    fn a_change_on_few_responses_is_never_significant() {
        let q2 = Period::containing(PeriodKind::Quarter, 2026, 4);
        // From all detractors to all promoters: p is tiny, but 20 answers are too few to flag.
        let change = nps(20, 0, 20).change_since(&nps(0, 20, 20), q2).unwrap();
        assert!(change.p_value < 0.001);
        assert!(!change.significant);
        let large = nps(40, 0, 40).change_since(&nps(0, 40, 40), q2).unwrap();
        assert!(large.significant);
    }

    #[test]
    fn suppressed_scores_are_not_compared() {
        let q2 = Period::containing(PeriodKind::Quarter, 2026, 4);
        assert_eq!(nps(5, 0, 5).change_since(&nps(75, 42, 160), q2), None);
    }
}
