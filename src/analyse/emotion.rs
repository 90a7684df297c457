//! The emotion a touchpoint's survey answers express, on the journey map's −2..2 scale.

use super::GroupMetrics;
use crate::config::Scales;

/// The emotion of a touchpoint from its primary metric (NPS, else CSAT mean, else CES mean),
/// mapped linearly onto −2..2: NPS −100..100, and a mean from the bottom to the top of its scale.
/// `None` when the primary metric is suppressed or absent.
pub fn emotion(metrics: &GroupMetrics, scales: Scales) -> Option<f64> {
    let on_scale = |mean: f64, top: u8| {
        let middle = (1.0 + f64::from(top)) / 2.0;
        2.0 * (mean - middle) / (f64::from(top) - middle)
    };
    let value = if metrics.nps.visibility.n > 0 {
        (!metrics.nps.visibility.suppressed).then_some(metrics.nps.score? / 50.0)
    } else if metrics.csat.visibility.n > 0 {
        (!metrics.csat.visibility.suppressed).then_some(on_scale(metrics.csat.mean?, scales.csat))
    } else if metrics.ces.visibility.n > 0 {
        (!metrics.ces.visibility.suppressed).then_some(on_scale(metrics.ces.score?, scales.ces))
    } else {
        None
    }?;
    Some(value.clamp(-2.0, 2.0))
}
