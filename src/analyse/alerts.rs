//! Alerts: what in a report needs someone's attention, by rule, for `--fail-on` and the job
//! summary (`docs/design.md`, "Alerts"). Which alerts fired is decided here; `render` words them.

use super::targets::TargetFigure;
use super::{Change, GroupKind, PeriodScope, Report, SegmentGap, SinceBaseline};
use crate::bands::Bands;
use crate::config::Metric;

/// Pain points this high in the site's order are the "top" ones `new_top_pain_point` watches:
/// the board summary's top actions.
pub const TOP_PAIN_POINTS: usize = 5;

/// A rule of `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AlertRule {
    /// A score of the report's period significantly below the previous period's.
    SignificantDrop,
    /// A target that is due and not met.
    BelowTarget,
    /// A pain point in the top ones that was not there in `--baseline`'s report.
    NewTopPainPoint,
    /// A segment within a touchpoint significantly worse off than the rest of it.
    SegmentGap,
}

impl AlertRule {
    /// Every rule, in the order the summary lists them.
    pub const ALL: [AlertRule; 4] =
        [AlertRule::SignificantDrop, AlertRule::BelowTarget, AlertRule::NewTopPainPoint, AlertRule::SegmentGap];

    /// Its name on the command line: `significant_drop`.
    pub fn key(self) -> &'static str {
        match self {
            AlertRule::SignificantDrop => "significant_drop",
            AlertRule::BelowTarget => "below_target",
            AlertRule::NewTopPainPoint => "new_top_pain_point",
            AlertRule::SegmentGap => "segment_gap",
        }
    }

    /// The rule named `text` (as `key` writes it, any case, `-` for `_`).
    pub fn parse(text: &str) -> Option<AlertRule> {
        let text = text.trim().to_ascii_lowercase().replace('-', "_");
        AlertRule::ALL.into_iter().find(|rule| rule.key() == text)
    }
}

/// One thing that fired.
#[derive(Debug, Clone)]
pub enum Alert {
    /// A group's score fell significantly since the previous period.
    Drop {
        kind: GroupKind,
        id: String,
        metric: Metric,
        score: f64,
        change: Change,
    },
    BelowTarget(TargetFigure),
    /// A pain point now at `rank` (the site's order), below the top or absent (`None`) in the
    /// baseline.
    NewTopPainPoint {
        id: String,
        rank: usize,
        before: Option<usize>,
    },
    SegmentGap(SegmentGap),
}

impl Alert {
    /// The rule it fired under.
    pub fn rule(&self) -> AlertRule {
        match self {
            Alert::Drop { .. } => AlertRule::SignificantDrop,
            Alert::BelowTarget(_) => AlertRule::BelowTarget,
            Alert::NewTopPainPoint { .. } => AlertRule::NewTopPainPoint,
            Alert::SegmentGap(_) => AlertRule::SegmentGap,
        }
    }
}

/// Every alert of the report, rule by rule in [`AlertRule::ALL`]'s order, each rule's in the
/// report's order. `since` is the comparison with `--baseline`, without which
/// `new_top_pain_point` cannot fire.
pub fn alerts(report: &Report, since: Option<&SinceBaseline>, bands: &Bands) -> Vec<Alert> {
    let mut alerts = Vec::new();
    let scope = report.current_scope();
    if let PeriodScope::One(_) = scope {
        for metrics in report.groups.values() {
            let (kind, id) = (&metrics.kind, &metrics.id);
            // Segments within a touchpoint or journey are the segment gaps' business.
            if metrics.scope != scope || kind.is_within() {
                continue;
            }
            let scores = [
                (Metric::Nps, metrics.nps.score, metrics.change(Metric::Nps).previous),
                (Metric::Csat, metrics.csat.score, metrics.change(Metric::Csat).previous),
                (Metric::Ces, metrics.ces.score, metrics.change(Metric::Ces).previous),
            ];
            for (metric, score, change) in scores {
                let (Some(score), Some(change)) = (score, change) else { continue };
                let worse = if bands.higher_is_better(metric) { change.delta < 0.0 } else { change.delta > 0.0 };
                if change.significant && worse {
                    alerts.push(Alert::Drop { kind: kind.clone(), id: id.clone(), metric, score, change });
                }
            }
        }
    }
    alerts.extend(report.targets.iter().filter(|t| t.missed()).cloned().map(Alert::BelowTarget));
    if let Some(since) = since {
        for (index, pain) in report.pain_points.iter().enumerate().take(TOP_PAIN_POINTS) {
            let before = since.moved.iter().find(|m| m.id == pain.id).map(|m| m.before);
            let new = since.new.contains(&pain.id);
            if new || before.is_some_and(|rank| rank > TOP_PAIN_POINTS) {
                alerts.push(Alert::NewTopPainPoint { id: pain.id.clone(), rank: index + 1, before });
            }
        }
    }
    alerts.extend(
        (report.segment_gaps.iter())
            .filter(|g| g.significant && g.segment_is_worse(bands))
            .cloned()
            .map(Alert::SegmentGap),
    );
    alerts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_read_as_written_on_the_command_line() {
        for rule in AlertRule::ALL {
            assert_eq!(AlertRule::parse(rule.key()), Some(rule));
        }
        assert_eq!(AlertRule::parse(" Below-Target "), Some(AlertRule::BelowTarget));
        assert_eq!(AlertRule::parse("drop"), None);
    }
}
