//! Pain point priority: the team's judgement times the evidence at the touchpoint.
//!
//! priority = reach × unhappy × severity × moment / effort (`docs/methodology.md`). The conservative
//! priority uses the Wilson lower bound of unhappy, so a thinly sampled touchpoint cannot top
//! the list by chance; the list is ordered by it.
//!
//! The key drivers weigh in on top of that (`weigh_by_drivers`): the conservative priority times
//! 1 + r, r being the importance of the touchpoint when it is a ranked driver, gives a second
//! rank in which a pain point where satisfaction goes with recommending rises.

use serde::Serialize;

use super::stats::wilson_interval;
use super::{Driver, GroupMetrics};
use crate::load::{PainPoint, Touchpoint};

/// Weight of a pain point on a moment of truth.
pub const MOMENT_OF_TRUTH_WEIGHT: f64 = 1.5;

/// How much survey data stands behind a priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// 30 or more answers to the touchpoint's primary metric.
    Strong,
    /// Some answers, fewer than 30.
    LowConfidence,
    /// Answers, but fewer than `min_responses`: the touchpoint's scores are suppressed, so its
    /// unhappy share is not shown either and the pain point ranks with those without data.
    TooFewAnswers,
    /// No responses at the touchpoint in the period.
    NoSurveyData,
}

impl Evidence {
    /// Whether its unhappy share and priorities are figures to show.
    pub fn has_figures(self) -> bool {
        matches!(self, Evidence::Strong | Evidence::LowConfidence)
    }
}

/// The metric whose unhappy share is used: NPS where answered, else CSAT, else CES.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PrimaryMetric {
    Nps,
    Csat,
    Ces,
}

/// A pain point with every factor of its priority.
#[derive(Debug, Clone, Serialize)]
pub struct PainPointPriority {
    pub id: String,
    pub touchpoint: String,
    pub journey: String,
    /// Responses at the touchpoint in the current period.
    pub reach: u64,
    pub metric: Option<PrimaryMetric>,
    /// Unhappy answers and all answers to the primary metric.
    pub unhappy_count: u64,
    pub answers: u64,
    /// Share of unhappy answers, 0..1, and its Wilson lower bound.
    pub unhappy: f64,
    pub unhappy_lower: f64,
    pub severity: u8,
    pub effort: u8,
    pub moment: f64,
    pub priority: f64,
    pub priority_conservative: f64,
    /// Position in the list (ordered by the conservative priority), from 1.
    pub rank: usize,
    /// Position when ordered by the point estimate, from 1.
    pub rank_by_estimate: usize,
    pub evidence: Evidence,
    /// Where the touchpoint stands among the key drivers (`fix-first`, ...), when placed.
    pub driver: Option<super::Quadrant>,
    /// 1 + r at a touchpoint that is a ranked key driver with importance r > 0, else 1.
    pub driver_weight: f64,
    /// The conservative priority times the driver weight.
    pub priority_with_drivers: f64,
    /// Position when ordered by the priority with drivers, from 1.
    pub rank_with_drivers: usize,
}

/// Scores every pain point from its touchpoint's metrics in the current period, and ranks them
/// (the rank with drivers is [`weigh_by_drivers`]'s).
pub fn prioritise<'a>(
    pain_points: impl Iterator<Item = (&'a str, &'a PainPoint, &'a Touchpoint, Option<&'a GroupMetrics>)>,
) -> Vec<PainPointPriority> {
    let mut list: Vec<PainPointPriority> = pain_points
        .map(|(journey, pain, touchpoint, metrics)| {
            let (metric, unhappy_count, answers, suppressed) = metrics.map_or((None, 0, 0, false), primary_unhappy);
            // Below `min_responses` the share is a score like any other: not shown, not used.
            let unhappy_count = if suppressed { 0 } else { unhappy_count };
            let reach = metrics.map_or(0, |m| m.responses);
            let moment = if touchpoint.moment_of_truth { MOMENT_OF_TRUTH_WEIGHT } else { 1.0 };
            let judgement = f64::from(pain.severity) * moment / f64::from(pain.effort.max(1));
            let (unhappy, unhappy_lower) = if answers == 0 || suppressed {
                (0.0, 0.0)
            } else {
                (unhappy_count as f64 / answers as f64, wilson_interval(unhappy_count, answers).0)
            };
            let evidence = match answers {
                0 => Evidence::NoSurveyData,
                _ if suppressed => Evidence::TooFewAnswers,
                n if n < super::scores::LOW_CONFIDENCE_BELOW => Evidence::LowConfidence,
                _ => Evidence::Strong,
            };
            let conservative = reach as f64 * unhappy_lower * judgement;
            PainPointPriority {
                id: pain.id.clone(),
                touchpoint: pain.touchpoint.clone(),
                journey: journey.to_string(),
                reach,
                metric,
                unhappy_count,
                answers,
                unhappy,
                unhappy_lower,
                severity: pain.severity,
                effort: pain.effort,
                moment,
                priority: reach as f64 * unhappy * judgement,
                priority_conservative: conservative,
                rank: 0,
                rank_by_estimate: 0,
                evidence,
                driver: None,
                driver_weight: 1.0,
                priority_with_drivers: conservative,
                rank_with_drivers: 0,
            }
        })
        .collect();

    rank_by(&mut list, |p| p.priority, |p, rank| p.rank_by_estimate = rank);
    rank_by(&mut list, |p| p.priority_conservative, |p, rank| p.rank = rank);
    list
}

/// Weighs every pain point by its touchpoint's key driver and ranks them by that, leaving the
/// list in that order: the order of the site (metrics.json writes it by `rank`). A driver that is not ranked (too few answers, or an interval
/// containing 0) weighs 1: an unproven relation moves nothing.
pub fn weigh_by_drivers(list: &mut [PainPointPriority], drivers: &[Driver]) {
    for pain in list.iter_mut() {
        let driver = drivers.iter().find(|d| d.touchpoint == pain.touchpoint);
        pain.driver = driver.and_then(|d| d.quadrant);
        let importance = driver.filter(|d| d.ranked).and_then(|d| d.importance).unwrap_or(0.0);
        pain.driver_weight = 1.0 + importance.max(0.0);
        pain.priority_with_drivers = pain.priority_conservative * pain.driver_weight;
    }
    rank_by(list, |p| p.priority_with_drivers, |p, rank| p.rank_with_drivers = rank);
}

/// Orders the list by `priority`, highest first, and numbers it with `set_rank` from 1. Without
/// evidence, a pain point ranks after all with evidence, by the team's judgement; ties go by
/// judgement, then id, so the order never depends on the input's.
fn rank_by(
    list: &mut [PainPointPriority],
    priority: impl Fn(&PainPointPriority) -> f64,
    set_rank: impl Fn(&mut PainPointPriority, usize),
) {
    let judgement = |p: &PainPointPriority| f64::from(p.severity) * p.moment / f64::from(p.effort.max(1));
    let no_data = |p: &PainPointPriority| !p.evidence.has_figures();
    list.sort_by(|a, b| {
        no_data(a)
            .cmp(&no_data(b))
            .then(priority(b).total_cmp(&priority(a)))
            .then(judgement(b).total_cmp(&judgement(a)))
            .then(a.id.cmp(&b.id))
    });
    list.iter_mut().enumerate().for_each(|(i, p)| set_rank(p, i + 1));
}

/// The primary metric of a touchpoint, its unhappy answers, all its answers, and whether it is
/// suppressed (below `min_responses`).
pub(super) fn primary_unhappy(m: &GroupMetrics) -> (Option<PrimaryMetric>, u64, u64, bool) {
    if m.nps.visibility.n > 0 {
        (Some(PrimaryMetric::Nps), m.nps.detractors, m.nps.visibility.n, m.nps.visibility.suppressed)
    } else if m.csat.visibility.n > 0 {
        (Some(PrimaryMetric::Csat), m.csat.dissatisfied, m.csat.visibility.n, m.csat.visibility.suppressed)
    } else if m.ces.visibility.n > 0 {
        (Some(PrimaryMetric::Ces), m.ces.disagreeing, m.ces.visibility.n, m.ces.visibility.suppressed)
    } else {
        (None, 0, 0, false)
    }
}

#[cfg(test)]
mod tests {
    use super::super::drivers::{Quadrant, driver};
    use super::*;

    /// A pain point at `rank` by its conservative priority.
    fn pain(id: &str, touchpoint: &str, priority_conservative: f64, rank: usize) -> PainPointPriority {
        PainPointPriority {
            id: id.into(),
            touchpoint: touchpoint.into(),
            journey: "buying".into(),
            reach: 100,
            metric: Some(PrimaryMetric::Nps),
            unhappy_count: 50,
            answers: 100,
            unhappy: 0.5,
            unhappy_lower: 0.4,
            severity: 3,
            effort: 1,
            moment: 1.0,
            priority: priority_conservative,
            priority_conservative,
            rank,
            rank_by_estimate: 0,
            evidence: Evidence::Strong,
            driver: None,
            driver_weight: 1.0,
            priority_with_drivers: priority_conservative,
            rank_with_drivers: 0,
        }
    }

    #[test]
    fn a_placed_driver_weighs_one_plus_r_and_an_unproven_or_negative_one_nothing() {
        // Conservative 100 at a placed driver with r 0.6 → 160; 120 where r 0.9 is not placed;
        // 150 where a placed r is negative (−0.4): weights 1.6, 1 and 1.
        let mut list =
            [pain("a", "checkout", 100.0, 3), pain("b", "delivery", 120.0, 2), pain("c", "returns", 150.0, 1)];
        let drivers = [driver("checkout", 0.6, true), driver("delivery", 0.9, false), driver("returns", -0.4, true)];
        weigh_by_drivers(&mut list, &drivers);
        let weights: Vec<f64> = list.iter().map(|p| p.driver_weight).collect();
        let order: Vec<(&str, usize, usize)> =
            list.iter().map(|p| (p.id.as_str(), p.rank, p.rank_with_drivers)).collect();
        // The list is in the site's order: the driver's pain point rises to first; `rank` stays.
        assert_eq!(order, [("a", 3, 1), ("c", 1, 2), ("b", 2, 3)]);
        assert_eq!(weights, [1.6, 1.0, 1.0]);
        assert!((list[0].priority_with_drivers - 160.0).abs() < 1e-9);
        let quadrants: Vec<Option<Quadrant>> = list.iter().map(|p| p.driver).collect();
        assert_eq!(quadrants, [Some(Quadrant::FixFirst), Some(Quadrant::Monitor), None]);
    }
}
