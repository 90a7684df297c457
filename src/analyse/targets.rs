//! Targets (`targets:` in cxsite.yaml) against the report's figures: met when the whole 95%
//! interval is on the target's good side, not met when it is wholly on the other, and not yet
//! decidable when the interval straddles the target (`docs/methodology.md`, "Targets").

use serde::Serialize;

use super::{GroupKind, GroupMetrics, Report};
use crate::bands::Bands;
use crate::config::{Metric, Settings, TargetSetting};
use crate::period::Period;

/// Where a figure stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetStatus {
    /// The whole interval is on the good side of the target.
    Met,
    /// The whole interval is on the other side.
    NotMet,
    /// The interval straddles the target: more answers will tell.
    Undecided,
    /// No score to compare: too few answers (suppressed), or none in the period.
    NoFigure,
}

/// A target and the report's figure for it, in the report's period.
#[derive(Debug, Clone, Serialize)]
pub struct TargetFigure {
    pub metric: Metric,
    pub kind: GroupKind,
    pub id: String,
    /// The score to reach.
    pub target: f64,
    /// The period by which it is due, if any.
    pub by: Option<Period>,
    /// Whether it is due in the report's period: no `by`, or `by` reached.
    pub due: bool,
    pub score: Option<f64>,
    pub ci95: Option<(f64, f64)>,
    pub status: TargetStatus,
}

impl TargetFigure {
    /// Due and not met: what the `below_target` alert reports.
    pub fn missed(&self) -> bool {
        self.due && self.status == TargetStatus::NotMet
    }
}

/// Each target of the settings with the figure of its group in the report's period, in the
/// settings' order. `settings` have passed `load`'s checks (the group's kind is known).
pub fn evaluate(settings: &Settings, report: &Report) -> Vec<TargetFigure> {
    let bands = Bands::of(&settings.surveys);
    let (dimensions, _) = settings.surveys.dimensions();
    (settings.targets.iter())
        .filter_map(|target| {
            let kind = GroupKind::from_name(&target.group, &dimensions)?;
            let by = target.by.as_deref().and_then(|by| Period::parse(by, settings.period));
            let metrics = report.get(&kind, &target.id, report.current_scope());
            let (score, ci95) = metrics.map(|m| shown(m, target.metric)).unwrap_or_default();
            Some(TargetFigure {
                metric: target.metric,
                kind,
                id: target.id.clone(),
                target: target.value,
                due: match (by, report.current) {
                    (Some(by), Some(current)) => current >= by,
                    _ => true,
                },
                by,
                score,
                ci95,
                status: status(target, score, ci95, bands.higher_is_better(target.metric)),
            })
        })
        .collect()
}

/// A metric's score and interval where the group shows them (not suppressed).
fn shown(metrics: &GroupMetrics, metric: Metric) -> (Option<f64>, Option<(f64, f64)>) {
    let (visibility, score, ci95) = match metric {
        Metric::Nps => (&metrics.nps.visibility, metrics.nps.score, metrics.nps.ci95),
        Metric::Csat => (&metrics.csat.visibility, metrics.csat.score, metrics.csat.ci95),
        Metric::Ces => (&metrics.ces.visibility, metrics.ces.score, metrics.ces.ci95),
    };
    if visibility.suppressed { (None, None) } else { (score, ci95) }
}

/// Met, not met or undecided by where the interval lies; a score without an interval (a CES
/// of one answer) is undecided.
fn status(
    target: &TargetSetting,
    score: Option<f64>,
    ci95: Option<(f64, f64)>,
    higher_is_better: bool,
) -> TargetStatus {
    let Some(_) = score else { return TargetStatus::NoFigure };
    let Some((low, high)) = ci95 else { return TargetStatus::Undecided };
    // Lower is better: mirror everything, so "above" is always the good side.
    let (low, high, goal) = if higher_is_better { (low, high, target.value) } else { (-high, -low, -target.value) };
    if low >= goal {
        TargetStatus::Met
    } else if high < goal {
        TargetStatus::NotMet
    } else {
        TargetStatus::Undecided
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(value: f64) -> TargetSetting {
        TargetSetting { metric: Metric::Csat, value, group: "overall".into(), id: String::new(), by: None }
    }

    #[test]
    fn an_interval_wholly_above_meets_wholly_below_misses_and_across_is_undecided() {
        let ci = Some((72.0, 84.0));
        assert_eq!(status(&target(70.0), Some(78.0), ci, true), TargetStatus::Met);
        assert_eq!(status(&target(72.0), Some(78.0), ci, true), TargetStatus::Met, "the bound itself counts");
        assert_eq!(status(&target(85.0), Some(78.0), ci, true), TargetStatus::NotMet);
        // The point estimate is above 75 but the interval reaches below it: not yet decidable.
        assert_eq!(status(&target(75.0), Some(78.0), ci, true), TargetStatus::Undecided);
        assert_eq!(status(&target(75.0), None, None, true), TargetStatus::NoFigure);
        assert_eq!(status(&target(75.0), Some(78.0), None, true), TargetStatus::Undecided);
    }

    #[test]
    fn with_lower_is_better_a_target_is_met_below_it() {
        // CES 1.0 effort, target at most 3.0.
        assert_eq!(status(&target(3.0), Some(2.4), Some((2.1, 2.7)), false), TargetStatus::Met);
        assert_eq!(status(&target(3.0), Some(3.4), Some((3.1, 3.7)), false), TargetStatus::NotMet);
        assert_eq!(status(&target(3.0), Some(2.9), Some((2.6, 3.2)), false), TargetStatus::Undecided);
    }
}
