//! Properties every score must have, checked on many random histograms: a cheap stand-in for
//! a fuzzer where only the stable toolchain is available. The generator is a fixed-seed
//! xorshift, so a failure repeats exactly.

use super::scores::{CesScore, CsatScore, NpsScore};
use crate::bands::Bands;
use crate::config::CesDirection;
use crate::histogram::{Histogram, ScoreHistograms};

/// A deterministic pseudo-random sequence (xorshift64*).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A histogram over `low..=high`: often empty, sparse or lopsided, sometimes large.
    fn histogram(&mut self, low: u8, high: u8) -> Histogram {
        let mut h = Histogram::default();
        let scale = [0, 1, 3, 40, 5000][self.below(5) as usize];
        for value in low..=high {
            if self.below(3) > 0 {
                h.counts[usize::from(value)] = self.below(scale + 1);
            }
        }
        h
    }
}

fn within(value: f64, (low, high): (f64, f64)) -> bool {
    low - 1e-9 <= value && value <= high + 1e-9
}

#[test]
fn scores_stay_in_range_and_inside_their_intervals() {
    let mut random = Random(0x5eed_cafe_f00d_1234);
    for _ in 0..20_000 {
        let min = random.below(15) + 1;
        let nps = NpsScore::from_histogram(&random.histogram(0, 10), min);
        if let (Some(score), Some(ci)) = (nps.score, nps.ci95) {
            assert!((-100.0..=100.0).contains(&score));
            assert!(ci.0 >= -100.0 && ci.1 <= 100.0 && ci.0 <= ci.1, "{ci:?}");
        }
        let top = [5, 7, 10][random.below(3) as usize];
        let csat = CsatScore::from_histogram(
            &random.histogram(1, top),
            &Bands { csat: top, ces: 7, ces_direction: CesDirection::HigherIsBetter },
            min,
        );
        if let (Some(score), Some(ci)) = (csat.score, csat.ci95) {
            assert!((0.0..=100.0).contains(&score) && within(score, ci), "{score} {ci:?}");
        }
        let ces = CesScore::from_histogram(
            &random.histogram(1, 7),
            &Bands { csat: 5, ces: 7, ces_direction: CesDirection::HigherIsBetter },
            min,
        );
        if let (Some(mean), Some(ci)) = (ces.score, ces.ci95) {
            assert!((1.0..=7.0).contains(&mean) && within(mean, ci), "{mean} {ci:?}");
            assert!(ci.0 >= 1.0 - 1e-9 && ci.1 <= 7.0 + 1e-9);
        }
        // Below `min_responses` a score is always suppressed; at or above, never.
        for visibility in [nps.visibility, csat.visibility, ces.visibility] {
            assert_eq!(visibility.suppressed, visibility.n < min);
        }
    }
}

#[test]
fn merging_is_associative_and_commutative_and_changes_no_figure() {
    let mut random = Random(0x0bad_5eed_1234_5678);
    let sample = |random: &mut Random| ScoreHistograms {
        responses: random.below(100),
        nps: random.histogram(0, 10),
        csat: random.histogram(1, 5),
        ces: random.histogram(1, 7),
    };
    for _ in 0..2_000 {
        let (a, b, c) = (sample(&mut random), sample(&mut random), sample(&mut random));
        let merged = |parts: [&ScoreHistograms; 3]| {
            let mut total = ScoreHistograms::default();
            parts.iter().for_each(|p| total.merge(p));
            total
        };
        let mut left = a;
        left.merge(&b);
        let mut ab_c = left;
        ab_c.merge(&c);
        let mut bc = b;
        bc.merge(&c);
        let mut a_bc = a;
        a_bc.merge(&bc);
        assert_eq!(ab_c, a_bc, "associative");
        assert_eq!(merged([&a, &b, &c]), merged([&c, &a, &b]), "commutative");
        assert_eq!(NpsScore::from_histogram(&ab_c.nps, 10), NpsScore::from_histogram(&a_bc.nps, 10));
    }
}
