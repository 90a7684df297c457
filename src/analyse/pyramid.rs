//! The CX pyramid: touchpoints by the level of need they serve (1 information, 2 solve
//! problems, 3 meet needs, 4 anticipate needs, 5 proactive, 6 appreciate), with the scores of
//! each level from the merged histograms of its touchpoints, and the levels nobody serves.

use super::{GroupKind, GroupMetrics, Report};
use crate::histogram::ScoreHistograms;
use crate::load::Project;

/// The levels of the pyramid, bottom first.
pub const LEVELS: std::ops::RangeInclusive<u8> = 1..=6;

/// One level: the touchpoints that declare it, and their scores together this period.
#[derive(Debug, Clone)]
pub struct PyramidLevel {
    pub level: u8,
    pub touchpoints: Vec<String>,
    /// `None` when no touchpoint serves this level.
    pub metrics: Option<GroupMetrics>,
}

/// The pyramid of one journey (`Some(id)`) or of every journey together.
pub fn pyramid(project: &Project, report: &Report, journey: Option<&str>) -> Vec<PyramidLevel> {
    let scope = report.current_scope();
    LEVELS
        .map(|level| {
            let touchpoints: Vec<String> = project
                .touchpoints()
                .filter(|(j, _, t)| journey.is_none_or(|id| j.id == id) && t.cx_level == Some(level))
                .map(|(_, _, t)| t.id.clone())
                .collect();
            let metrics = (!touchpoints.is_empty()).then(|| {
                let mut merged = ScoreHistograms::default();
                for id in &touchpoints {
                    if let Some(m) = report.get(&GroupKind::Touchpoint, id, scope) {
                        merged.merge(&m.histograms);
                    }
                }
                GroupMetrics::new(GroupKind::Touchpoint, format!("level-{level}"), scope, merged, &project.settings)
            });
            PyramidLevel { level, touchpoints, metrics }
        })
        .collect()
}
