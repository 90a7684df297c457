//! The emotion a touchpoint's survey answers express, on the journey map's −2..2 scale.

use super::GroupMetrics;
use crate::bands::Bands;
use crate::config::Metric;

/// The emotion of a touchpoint from what was asked at the touchpoint (`docs/methodology.md`): its CSAT
/// mean, else its CES mean, else its NPS/50 (NPS is a relationship question and moves little
/// between touchpoints), mapped linearly onto −2..2: a mean from the bottom to the top of its
/// scale, NPS −100..100 (a CES 1.0 effort mean the other way round: low effort is a good
/// feeling). With the metric it came from; `None` when that metric is suppressed or nothing
/// was asked.
pub fn emotion(metrics: &GroupMetrics, bands: &Bands) -> Option<(f64, Metric)> {
    let on_scale = |mean: f64, metric: Metric| {
        let top = f64::from(*bands.scale(metric).end());
        let middle = (1.0 + top) / 2.0;
        let sign = if bands.higher_is_better(metric) { 1.0 } else { -1.0 };
        sign * 2.0 * (mean - middle) / (top - middle)
    };
    let (value, metric) = if metrics.csat.visibility.n > 0 {
        ((!metrics.csat.visibility.suppressed).then_some(on_scale(metrics.csat.mean?, Metric::Csat))?, Metric::Csat)
    } else if metrics.ces.visibility.n > 0 {
        ((!metrics.ces.visibility.suppressed).then_some(on_scale(metrics.ces.score?, Metric::Ces))?, Metric::Ces)
    } else if metrics.nps.visibility.n > 0 {
        ((!metrics.nps.visibility.suppressed).then_some(metrics.nps.score? / 50.0)?, Metric::Nps)
    } else {
        return None;
    };
    Some((value.clamp(-2.0, 2.0), metric))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{GroupKind, PeriodScope};
    use crate::config::{CesDirection, Settings};
    use crate::histogram::ScoreHistograms;

    /// The emotion of a touchpoint whose answers are `answers` of `metric`.
    fn of(metric: Metric, answers: &[u8], ces_direction: CesDirection) -> (f64, Metric) {
        let mut settings: Settings = crate::yaml::parse("title: t", std::path::Path::new("c.yaml"), 1).unwrap();
        settings.min_responses = 1;
        settings.surveys.scales.ces = 5;
        settings.surveys.ces_direction = ces_direction;
        let mut h = ScoreHistograms::default();
        for &a in answers {
            match metric {
                Metric::Nps => h.nps.add(a),
                Metric::Csat => h.csat.add(a),
                Metric::Ces => h.ces.add(a),
            }
        }
        let metrics = GroupMetrics::new(GroupKind::Touchpoint, "t".into(), PeriodScope::All, h, &settings);
        emotion(&metrics, &Bands::of(&settings.surveys)).unwrap()
    }

    #[test]
    fn the_mean_is_mapped_onto_minus_two_to_two() {
        // CSAT 1–5, mean 4: the middle is 3, so 2 × (4 − 3) / (5 − 3) = 1.
        assert_eq!(of(Metric::Csat, &[3, 4, 5], CesDirection::HigherIsBetter), (1.0, Metric::Csat));
        // CES 2.0 on 1–5, mean 2: −1.
        assert_eq!(of(Metric::Ces, &[1, 2, 3], CesDirection::HigherIsBetter), (-1.0, Metric::Ces));
        // CES 1.0 effort, mean 2 (little effort): +1.
        assert_eq!(of(Metric::Ces, &[1, 2, 3], CesDirection::LowerIsBetter), (1.0, Metric::Ces));
        // NPS of two promoters and two detractors is 0; three promoters and one passive, 75 → 1.5.
        assert_eq!(of(Metric::Nps, &[10, 9, 0, 3], CesDirection::HigherIsBetter), (0.0, Metric::Nps));
        assert_eq!(of(Metric::Nps, &[10, 9, 9, 8], CesDirection::HigherIsBetter), (1.5, Metric::Nps));
    }
}
