//! NPS, CSAT and CES of one group, from its histograms, by the rules in `docs/methodology.md`.

use serde::Serialize;

use super::stats::{mean_interval, nps_adjusted_wald, wilson_interval};
use crate::bands::{Band, Bands};
use crate::config::Metric;
use crate::histogram::Histogram;

/// Below this many answers a score carries a "low confidence" mark.
pub const LOW_CONFIDENCE_BELOW: u64 = 30;

/// What every score shares: its sample size and whether it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Visibility {
    pub n: u64,
    /// n below `min_responses`: no score is shown, only n.
    pub suppressed: bool,
    /// n below 30: shown with a mark.
    pub low_confidence: bool,
}

impl Visibility {
    fn of(n: u64, min_responses: u64) -> Visibility {
        Visibility { n, suppressed: n < min_responses, low_confidence: n < LOW_CONFIDENCE_BELOW }
    }
}

/// Net Promoter Score: % promoters (9–10) minus % detractors (0–6).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NpsScore {
    pub visibility: Visibility,
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    /// −100..100; `None` when there are no answers.
    pub score: Option<f64>,
    /// Adjusted-Wald 95% interval.
    pub ci95: Option<(f64, f64)>,
}

impl NpsScore {
    /// The NPS of a 0–10 histogram.
    pub fn from_histogram(h: &Histogram, min_responses: u64) -> NpsScore {
        let n = h.n();
        let (promoters, passives, detractors) = (h.between(9, 10), h.between(7, 8), h.between(0, 6));
        let score = (n > 0).then(|| 100.0 * (promoters as f64 - detractors as f64) / n as f64);
        let ci95 = (n > 0).then(|| nps_adjusted_wald(promoters, detractors, n));
        NpsScore { visibility: Visibility::of(n, min_responses), promoters, passives, detractors, score, ci95 }
    }
}

/// Customer satisfaction: % of answers in the top two boxes of the scale, and the mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CsatScore {
    pub visibility: Visibility,
    /// Answers in the top two boxes.
    pub satisfied: u64,
    /// Answers in the bottom two boxes (1–2).
    pub dissatisfied: u64,
    /// Top-2-box %, 0..100.
    pub score: Option<f64>,
    /// Wilson 95% interval of the top-2-box %.
    pub ci95: Option<(f64, f64)>,
    pub mean: Option<f64>,
}

impl CsatScore {
    /// The CSAT of a histogram on the project's CSAT scale.
    pub fn from_histogram(h: &Histogram, bands: &Bands, min_responses: u64) -> CsatScore {
        let n = h.n();
        let count = |band| {
            let range = bands.range(Metric::Csat, band);
            h.between(*range.start(), *range.end())
        };
        let satisfied = count(Band::Happy);
        let score = (n > 0).then(|| 100.0 * satisfied as f64 / n as f64);
        let ci95 = (n > 0).then(|| percent(wilson_interval(satisfied, n)));
        let mean = h.mean_and_variance().map(|(mean, _)| mean);
        CsatScore {
            visibility: Visibility::of(n, min_responses),
            satisfied,
            dissatisfied: count(Band::Unhappy),
            score,
            ci95,
            mean,
        }
    }
}

/// Customer effort: the mean and % agree. CES 2.0 ("the company made it easy") agrees high;
/// a CES 1.0 effort question (`ces_direction: lower-is-better`) "agrees" with low effort, so
/// `agreeing` is always the happy band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CesScore {
    pub visibility: Visibility,
    /// The mean on 1..=scale.
    pub score: Option<f64>,
    /// t interval of the mean, clipped to the scale; needs n ≥ 2.
    pub ci95: Option<(f64, f64)>,
    /// The sample variance, kept for Welch's test between periods.
    pub variance: Option<f64>,
    /// Answers in the happy band (5–7 on CES 2.0's 7-point scale; 1–2 on a CES 1.0 1–5 effort scale).
    pub agreeing: u64,
    /// Answers in the unhappy band (1–3 on CES 2.0's 7-point scale; 4–5 of CES 1.0's effort).
    pub disagreeing: u64,
    pub agree: Option<f64>,
    pub agree_ci95: Option<(f64, f64)>,
}

impl CesScore {
    /// The CES of a histogram on the project's CES scale.
    pub fn from_histogram(h: &Histogram, bands: &Bands, min_responses: u64) -> CesScore {
        let n = h.n();
        let top = bands.ces;
        let count = |band| {
            let range = bands.range(Metric::Ces, band);
            h.between(*range.start(), *range.end())
        };
        let agreeing = count(Band::Happy);
        let moments = h.mean_and_variance();
        let ci95 = moments
            .and_then(|(mean, variance)| mean_interval(mean, variance, n))
            .map(|(low, high)| (low.max(1.0), high.min(f64::from(top))));
        CesScore {
            visibility: Visibility::of(n, min_responses),
            score: moments.map(|(mean, _)| mean),
            ci95,
            variance: moments.map(|(_, variance)| variance),
            agreeing,
            disagreeing: count(Band::Unhappy),
            agree: (n > 0).then(|| 100.0 * agreeing as f64 / n as f64),
            agree_ci95: (n > 0).then(|| percent(wilson_interval(agreeing, n))),
        }
    }
}

fn percent((low, high): (f64, f64)) -> (f64, f64) {
    (100.0 * low, 100.0 * high)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CesDirection;

    fn histogram(first: u8, counts: &[u64]) -> Histogram {
        let mut h = Histogram::default();
        for (i, &c) in counts.iter().enumerate() {
            h.counts[usize::from(first) + i] = c;
        }
        h
    }

    fn bands(csat: u8, ces: u8, ces_direction: CesDirection) -> Bands {
        Bands { csat, ces, ces_direction }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 5e-5, "{a} != {b}");
    }

    #[test]
    fn nps_matches_the_worked_example() {
        let nps = NpsScore::from_histogram(&histogram(0, &[3, 2, 4, 5, 6, 10, 12, 18, 25, 40, 35]), 10);
        assert_eq!((nps.visibility.n, nps.promoters, nps.detractors, nps.passives), (160, 75, 42, 43));
        close(nps.score.unwrap(), 20.6250);
        let (low, high) = nps.ci95.unwrap();
        close(low, 7.5303);
        close(high, 32.9605);
        assert!(!nps.visibility.suppressed && !nps.visibility.low_confidence);
    }

    #[test]
    fn csat_matches_the_worked_examples() {
        let csat = CsatScore::from_histogram(
            &histogram(1, &[5, 7, 12, 30, 46]),
            &bands(5, 7, CesDirection::HigherIsBetter),
            10,
        );
        close(csat.score.unwrap(), 76.0);
        let (low, high) = csat.ci95.unwrap();
        close(low, 66.7677);
        close(high, 83.3087);
        assert_eq!(csat.dissatisfied, 12);
        let small =
            CsatScore::from_histogram(&histogram(1, &[0, 0, 0, 1, 4]), &bands(5, 7, CesDirection::HigherIsBetter), 10);
        close(small.score.unwrap(), 100.0);
        close(small.ci95.unwrap().0, 56.5518);
        assert!(small.visibility.suppressed, "5 answers are below min_responses 10");
    }

    #[test]
    fn ces_matches_the_worked_example() {
        let mut h = Histogram::default();
        [7, 6, 5, 7, 4, 6, 3, 7, 5, 6, 2, 7].iter().for_each(|&v| h.add(v));
        let ces = CesScore::from_histogram(&h, &bands(5, 7, CesDirection::HigherIsBetter), 10);
        close(ces.score.unwrap(), 5.4167);
        let (low, high) = ces.ci95.unwrap();
        close(low, 4.3515);
        close(high, 6.4819);
        close(ces.agree.unwrap(), 75.0);
        assert_eq!(ces.disagreeing, 2);
        assert!(ces.visibility.low_confidence);
    }

    #[test]
    fn a_ces_1_0_effort_question_agrees_with_low_effort() {
        // Effort 1 (very low) … 5 (very high): answers 1, 1, 2, 2, 2, 3, 4, 5, 5, 5.
        // Mean 30 / 10 = 3.0; easy (1–2) 5 of 10 = 50%; hard (4–5) 4 of 10.
        let h = histogram(1, &[2, 3, 1, 1, 3]);
        let ces = CesScore::from_histogram(&h, &bands(5, 5, CesDirection::LowerIsBetter), 10);
        close(ces.score.unwrap(), 3.0);
        assert_eq!((ces.agreeing, ces.disagreeing), (5, 4));
        close(ces.agree.unwrap(), 50.0);
        // The same answers read as CES 2.0 on 1–5 agree at 4–5: 4 of 10.
        let as_2_0 = CesScore::from_histogram(&h, &bands(5, 5, CesDirection::HigherIsBetter), 10);
        assert_eq!((as_2_0.agreeing, as_2_0.disagreeing), (4, 5));
    }

    #[test]
    fn an_empty_group_has_no_scores() {
        let nps = NpsScore::from_histogram(&Histogram::default(), 10);
        assert_eq!((nps.score, nps.ci95, nps.visibility.suppressed), (None, None, true));
    }
}
