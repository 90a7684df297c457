//! The emotion a touchpoint's survey answers express, on the journey map's −2..2 scale.

use super::GroupMetrics;
use crate::config::{Metric, Scales};

/// The emotion of a touchpoint from what was asked at the touchpoint (METRICS.md): its CSAT
/// mean, else its CES mean, else its NPS/50 (NPS is a relationship question and moves little
/// between touchpoints), mapped linearly onto −2..2: a mean from the bottom to the top of its
/// scale, NPS −100..100. With the metric it came from; `None` when that metric is suppressed
/// or nothing was asked.
pub fn emotion(metrics: &GroupMetrics, scales: Scales) -> Option<(f64, Metric)> {
    let on_scale = |mean: f64, top: u8| {
        let middle = (1.0 + f64::from(top)) / 2.0;
        2.0 * (mean - middle) / (f64::from(top) - middle)
    };
    let (value, metric) = if metrics.csat.visibility.n > 0 {
        ((!metrics.csat.visibility.suppressed).then_some(on_scale(metrics.csat.mean?, scales.csat))?, Metric::Csat)
    } else if metrics.ces.visibility.n > 0 {
        ((!metrics.ces.visibility.suppressed).then_some(on_scale(metrics.ces.score?, scales.ces))?, Metric::Ces)
    } else if metrics.nps.visibility.n > 0 {
        ((!metrics.nps.visibility.suppressed).then_some(metrics.nps.score? / 50.0)?, Metric::Nps)
    } else {
        return None;
    };
    Some((value.clamp(-2.0, 2.0), metric))
}
