//! Each journey's weakest link: among its touchpoints with at least 30 CSAT answers this
//! period, the one with the lowest upper 95% bound of CSAT, the one we are surest is bad
//! (`docs/methodology.md`). A thinly answered touchpoint is never named: 82% on 12 answers (interval
//! 52–95%) says little.

use serde::Serialize;

use super::{GroupKind, LOW_CONFIDENCE_BELOW, Report};
use crate::load::Project;

/// A journey's weakest link, or why none is named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakestLink {
    pub journey: String,
    /// `None`: no touchpoint of the journey has 30 CSAT answers this period.
    pub touchpoint: Option<String>,
    /// Its CSAT and the 95% interval.
    pub csat: Option<f64>,
    pub ci95: Option<(f64, f64)>,
    pub n: u64,
}

/// The weakest link of every journey, in the project's order.
pub fn weakest_links(project: &Project, report: &Report) -> Vec<WeakestLink> {
    project
        .journeys
        .iter()
        .map(|journey| {
            let candidates = journey.stages.iter().flat_map(|s| &s.touchpoints).filter_map(|t| {
                let m = report.get(&GroupKind::Touchpoint, &t.id, report.current_scope())?;
                let n = m.csat.visibility.n;
                let (score, (low, high)) = (m.csat.score?, m.csat.ci95?);
                (n >= LOW_CONFIDENCE_BELOW && !m.csat.visibility.suppressed).then_some((high, low, score, n, &t.id))
            });
            match candidates.min_by(|a, b| a.0.total_cmp(&b.0)) {
                Some((high, low, score, n, id)) => WeakestLink {
                    journey: journey.id.clone(),
                    touchpoint: Some(id.clone()),
                    csat: Some(score),
                    ci95: Some((low, high)),
                    n,
                },
                None => WeakestLink { journey: journey.id.clone(), touchpoint: None, csat: None, ci95: None, n: 0 },
            }
        })
        .collect()
}
