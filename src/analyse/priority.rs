//! Pain point priority: the team's judgement times the evidence at the touchpoint.
//!
//! priority = reach × unhappy × severity × moment / effort (METRICS.md). The conservative
//! priority uses the Wilson lower bound of unhappy, so a thinly sampled touchpoint cannot top
//! the list by chance; the list is ordered by it.

use serde::Serialize;

use super::GroupMetrics;
use super::stats::wilson_interval;
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
    /// No responses at the touchpoint in the period.
    NoSurveyData,
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
    /// Shown beside the priority; the priority itself is the documented formula.
    pub driver: Option<super::Quadrant>,
}

/// Scores every pain point from its touchpoint's metrics in the current period, and ranks them.
pub fn prioritise<'a>(
    pain_points: impl Iterator<Item = (&'a str, &'a PainPoint, &'a Touchpoint, Option<&'a GroupMetrics>)>,
) -> Vec<PainPointPriority> {
    let mut list: Vec<PainPointPriority> = pain_points
        .map(|(journey, pain, touchpoint, metrics)| {
            let (metric, unhappy_count, answers) = metrics.map_or((None, 0, 0), primary_unhappy);
            let reach = metrics.map_or(0, |m| m.responses);
            let moment = if touchpoint.moment_of_truth { MOMENT_OF_TRUTH_WEIGHT } else { 1.0 };
            let judgement = f64::from(pain.severity) * moment / f64::from(pain.effort.max(1));
            let (unhappy, unhappy_lower) = if answers == 0 {
                (0.0, 0.0)
            } else {
                (unhappy_count as f64 / answers as f64, wilson_interval(unhappy_count, answers).0)
            };
            let evidence = match answers {
                0 => Evidence::NoSurveyData,
                n if n < super::scores::LOW_CONFIDENCE_BELOW => Evidence::LowConfidence,
                _ => Evidence::Strong,
            };
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
                priority_conservative: reach as f64 * unhappy_lower * judgement,
                rank: 0,
                rank_by_estimate: 0,
                evidence,
                driver: None,
            }
        })
        .collect();

    // Without evidence, a pain point ranks after all with evidence, by the team's judgement.
    let judgement = |p: &PainPointPriority| f64::from(p.severity) * p.moment / f64::from(p.effort.max(1));
    let no_data = |p: &PainPointPriority| p.evidence == Evidence::NoSurveyData;
    list.sort_by(|a, b| {
        no_data(a)
            .cmp(&no_data(b))
            .then(b.priority.total_cmp(&a.priority))
            .then(judgement(b).total_cmp(&judgement(a)))
            .then(a.id.cmp(&b.id))
    });
    list.iter_mut().enumerate().for_each(|(i, p)| p.rank_by_estimate = i + 1);
    list.sort_by(|a, b| {
        no_data(a)
            .cmp(&no_data(b))
            .then(b.priority_conservative.total_cmp(&a.priority_conservative))
            .then(judgement(b).total_cmp(&judgement(a)))
            .then(a.id.cmp(&b.id))
    });
    list.iter_mut().enumerate().for_each(|(i, p)| p.rank = i + 1);
    list
}

/// The primary metric of a touchpoint, its unhappy answers and all its answers.
fn primary_unhappy(m: &GroupMetrics) -> (Option<PrimaryMetric>, u64, u64) {
    if m.nps.visibility.n > 0 {
        (Some(PrimaryMetric::Nps), m.nps.detractors, m.nps.visibility.n)
    } else if m.csat.visibility.n > 0 {
        (Some(PrimaryMetric::Csat), m.csat.dissatisfied, m.csat.visibility.n)
    } else if m.ces.visibility.n > 0 {
        (Some(PrimaryMetric::Ces), m.ces.disagreeing, m.ces.visibility.n)
    } else {
        (None, 0, 0)
    }
}
