//! Pure statistical functions on plain numbers, as `docs/methodology.md` states them: the
//! intervals (Wilson, adjusted Wald, t), the period-over-period tests and Benjamini–Hochberg.
//! The distributions and special functions they stand on are in `special.rs`.
//!
//! Everything here is deterministic, allocation-light and free of global state (but for
//! `t_975`'s per-thread memo of a pure function). Degenerate input (no answers, zero
//! variance, identical samples) yields "no evidence" results rather than NaN or a panic.

use super::special::t_upper_tail;
pub use super::special::{normal_cdf, student_t_cdf, student_t_quantile, two_sided_p};

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959964;

/// Result of a two-sample test: the z or t statistic (second sample minus first) and its two-sided p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangeTest {
    /// The test statistic, z or t; positive when the second (later) sample is higher.
    pub statistic: f64,
    /// Two-sided p-value in [0, 1].
    pub p_value: f64,
}

impl ChangeTest {
    /// The result that states no evidence of a difference.
    const NO_EVIDENCE: ChangeTest = ChangeTest { statistic: 0.0, p_value: 1.0 };
}

/// 95% Wilson score interval for `k` successes of `n`, as proportions in [0, 1]; (0, 1) when n = 0.
pub fn wilson_interval(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let k = k.min(n);
    let nf = n as f64;
    let p = k as f64 / nf;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
    // At k = 0 and k = n the bound is exactly 0 or 1 in exact arithmetic; pin it so rounding
    // cannot show 99.99999% for a unanimous group.
    let lower = if k == 0 { 0.0 } else { (centre - half).max(0.0) };
    let upper = if k == n { 1.0 } else { (centre + half).min(1.0) };
    (lower, upper)
}

/// Adjusted-Wald (Rocks 2016) 95% NPS interval on the −100..100 scale, clipped; (−100, 100) when n = 0.
pub fn nps_adjusted_wald(promoters: u64, detractors: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (-100.0, 100.0);
    }
    let adj = AdjustedNps::new(promoters, detractors, n);
    let half = Z95 * (adj.var / adj.n).sqrt();
    let lower = (100.0 * (adj.centre - half)).max(-100.0);
    let upper = (100.0 * (adj.centre + half)).min(100.0);
    (lower, upper)
}

/// The variance of an NPS estimate on the −100..100 scale, as its adjusted-Wald interval has it
/// (100² · var′ / n′): a stratum's variance in a weighted NPS.
pub fn nps_variance(promoters: u64, detractors: u64, n: u64) -> f64 {
    let adj = AdjustedNps::new(promoters, detractors, n);
    1e4 * adj.var / adj.n
}

/// The variance of a percentage k of n about the Wilson interval's centre, in %²: p̃ = (k + z²/2)
/// / (n + z²), 100² · p̃(1 − p̃) / (n + z²). Never 0, so a unanimous small stratum still carries
/// its uncertainty into a weighted CSAT.
pub fn percentage_variance(k: u64, n: u64) -> f64 {
    let z2 = Z95 * Z95;
    let n_adj = n as f64 + z2;
    let centre = (k as f64 + z2 / 2.0) / n_adj;
    1e4 * centre * (1.0 - centre) / n_adj
}

/// Adjusted-Wald z-test of the NPS change from period `a` (earlier) to `b` (later); tuples are (P, D, n).
pub fn nps_change_test(a: (u64, u64, u64), b: (u64, u64, u64)) -> ChangeTest {
    // With no answers on one side the pseudo-counts alone would fabricate a difference.
    if a.2 == 0 || b.2 == 0 {
        return ChangeTest::NO_EVIDENCE;
    }
    let a = AdjustedNps::new(a.0, a.1, a.2);
    let b = AdjustedNps::new(b.0, b.1, b.2);
    // The adjusted variance is strictly positive for any counts, so the denominator is too.
    let se = (a.var / a.n + b.var / b.n).sqrt();
    let z = (b.centre - a.centre) / se;
    ChangeTest { statistic: z, p_value: two_sided_p(z) }
}

/// Pooled two-proportion z-test of k₁/n₁ (earlier) against k₂/n₂ (later).
pub fn two_proportion_test(k1: u64, n1: u64, k2: u64, n2: u64) -> ChangeTest {
    if n1 == 0 || n2 == 0 {
        return ChangeTest::NO_EVIDENCE;
    }
    let (k1, k2) = (k1.min(n1), k2.min(n2));
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let pooled = (k1 + k2) as f64 / (n1f + n2f);
    let var = pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f);
    // Pooled share 0 or 1 means both samples are unanimous and equal: nothing to test.
    if var <= 0.0 {
        return ChangeTest::NO_EVIDENCE;
    }
    let z = (k2 as f64 / n2f - k1 as f64 / n1f) / var.sqrt();
    ChangeTest { statistic: z, p_value: two_sided_p(z) }
}

/// Welch's t-test, t = (mean₂ − mean₁)/SE with Welch–Satterthwaite df; no evidence if either n < 2, t ±∞ and p 0 if both samples are constant but differ.
pub fn welch_test(mean1: f64, var1: f64, n1: u64, mean2: f64, var2: f64, n2: u64) -> ChangeTest {
    if n1 < 2 || n2 < 2 {
        return ChangeTest::NO_EVIDENCE;
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let w1 = var1.max(0.0) / n1f;
    let w2 = var2.max(0.0) / n2f;
    let diff = mean2 - mean1;
    let se2 = w1 + w2;
    if se2 <= 0.0 {
        // Both samples are constant: either identical or different beyond any doubt.
        return if diff == 0.0 {
            ChangeTest::NO_EVIDENCE
        } else {
            ChangeTest { statistic: diff.signum() * f64::INFINITY, p_value: 0.0 }
        };
    }
    let t = diff / se2.sqrt();
    let df = se2 * se2 / (w1 * w1 / (n1f - 1.0) + w2 * w2 / (n2f - 1.0));
    ChangeTest { statistic: t, p_value: (2.0 * t_upper_tail(t.abs(), df)).min(1.0) }
}

/// 95% interval x̄ ± t(0.975, n−1)·s/√n for a mean; `None` when n < 2.
pub fn mean_interval(mean: f64, sample_var: f64, n: u64) -> Option<(f64, f64)> {
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let half = t_975(n - 1) * (sample_var.max(0.0) / nf).sqrt();
    Some((mean - half, mean + half))
}

/// `student_t_quantile(0.975, df)`, remembered per thread: the quantile is found by Newton's
/// method over the incomplete beta (dozens of evaluations), and the thousands of groups of a
/// large report share a few hundred sample sizes. A memo of a pure function: the same values.
fn t_975(df: u64) -> f64 {
    thread_local! {
        static KNOWN: std::cell::RefCell<std::collections::HashMap<u64, f64>> = Default::default();
    }
    KNOWN.with(|known| *known.borrow_mut().entry(df).or_insert_with(|| student_t_quantile(0.975, df as f64)))
}

/// Benjamini–Hochberg adjusted p-values (q-values) of a family of tests, in the tests' order:
/// q₍ₖ₎ = min over j ≥ k of m·p₍ⱼ₎/j, at most 1. A test is flagged at level α when q < α.
/// A NaN p-value gives a NaN q.
pub fn benjamini_hochberg_q(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).filter(|&i| !p_values[i].is_nan()).collect();
    order.sort_by(|&i, &j| p_values[i].total_cmp(&p_values[j]));
    let mut q = vec![f64::NAN; m];
    let mut smallest = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        smallest = smallest.min(p_values[i] * m as f64 / (rank + 1) as f64);
        q[i] = smallest;
    }
    q
}

/// Benjamini–Hochberg step-up procedure: which hypotheses are rejected at FDR `q`, in input
/// order. The report flags by [`benjamini_hochberg_q`]; this textbook form checks it in tests.
#[cfg(test)]
pub fn benjamini_hochberg(p_values: &[f64], q: f64) -> Vec<bool> {
    let m = p_values.len();
    let mut rejected = vec![false; m];
    if m == 0 {
        return rejected;
    }
    // A NaN p-value carries no evidence, so it sorts last and is never rejected.
    let key = |i: usize| {
        let p = p_values[i];
        if p.is_nan() { f64::INFINITY } else { p }
    };
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| key(i).total_cmp(&key(j)));
    // Step-up: the largest rank k with p₍ₖ₎ ≤ k·q/m rejects every hypothesis up to k, even
    // those whose own p exceeds their threshold.
    let cutoff = (1..=m).rev().find(|&k| key(order[k - 1]) <= k as f64 * q / m as f64).unwrap_or(0);
    for &i in &order[..cutoff] {
        rejected[i] = true;
    }
    rejected
}

/// Adjusted-Wald quantities for one period: n' = n + 3, centre' = p' − d', var' = p' + d' − (p' − d')².
struct AdjustedNps {
    n: f64,
    centre: f64,
    var: f64,
}

impl AdjustedNps {
    /// Adds 3 pseudo-answers (0.75 promoter, 0.75 detractor, 1.5 passive) as in Rocks (2016).
    fn new(promoters: u64, detractors: u64, n: u64) -> Self {
        let promoters = promoters.min(n);
        let detractors = detractors.min(n - promoters);
        let n_adj = n as f64 + 3.0;
        let p = (promoters as f64 + 0.75) / n_adj;
        let d = (detractors as f64 + 0.75) / n_adj;
        let centre = p - d;
        AdjustedNps { n: n_adj, centre, var: (p + d - centre * centre).max(0.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts |actual − expected| ≤ tol.
    fn close(actual: f64, expected: f64, tol: f64) {
        assert!((actual - expected).abs() <= tol, "expected {expected}, got {actual} (tolerance {tol})");
    }

    /// Round to 4 decimals, as `docs/methodology.md` states its worked values.
    fn r4(x: f64) -> f64 {
        (x * 1e4).round() / 1e4
    }

    #[test]
    fn wilson_worked_values() {
        // CSAT counts 1..5 = [5,7,12,30,46]: 76 of 100 in the top two boxes.
        let (lo, hi) = wilson_interval(76, 100);
        assert_eq!((r4(100.0 * lo), r4(100.0 * hi)), (66.7677, 83.3087));
        // [0,0,0,1,4]: 5 of 5.
        let (lo, hi) = wilson_interval(5, 5);
        assert_eq!((r4(100.0 * lo), r4(100.0 * hi)), (56.5518, 100.0));
        assert_eq!(hi, 1.0);
    }

    #[test]
    fn wilson_degenerate_and_symmetric() {
        assert_eq!(wilson_interval(0, 0), (0.0, 1.0));
        let (lo, hi) = wilson_interval(0, 5);
        assert_eq!(lo, 0.0);
        close(hi, 1.0 - 0.565_517_531_340_607_1, 1e-12);
        let (a_lo, a_hi) = wilson_interval(3, 17);
        let (b_lo, b_hi) = wilson_interval(14, 17);
        close(a_lo, 1.0 - b_hi, 1e-14);
        close(a_hi, 1.0 - b_lo, 1e-14);
    }

    #[test]
    fn nps_worked_interval() {
        // Counts of scores 0..10 of the worked example in `docs/methodology.md`, "NPS".
        let counts: [u64; 11] = [3, 2, 4, 5, 6, 10, 12, 18, 25, 40, 35];
        let n: u64 = counts.iter().sum();
        let promoters = counts[9] + counts[10];
        let detractors: u64 = counts[..7].iter().sum();
        assert_eq!((promoters, detractors, n), (75, 42, 160));
        let (lo, hi) = nps_adjusted_wald(promoters, detractors, n);
        assert_eq!((r4(lo), r4(hi)), (7.5303, 32.9605));
    }

    #[test]
    fn nps_interval_clipped_and_defined() {
        assert_eq!(nps_adjusted_wald(0, 0, 0), (-100.0, 100.0));
        let (lo, hi) = nps_adjusted_wald(3, 0, 3);
        assert!(lo > -100.0 && lo < 100.0);
        assert_eq!(hi, 100.0);
        let (lo, hi) = nps_adjusted_wald(0, 3, 3);
        assert_eq!(lo, -100.0);
        assert!(hi < 100.0);
    }

    #[test]
    fn nps_change_worked_values() {
        let test = nps_change_test((75, 42, 160), (130, 40, 250));
        assert_eq!(r4(test.statistic), 1.9178);
        assert_eq!(r4(test.p_value), 0.0551);
        // Swapping the periods flips the sign only.
        let back = nps_change_test((130, 40, 250), (75, 42, 160));
        close(back.statistic, -test.statistic, 1e-14);
        close(back.p_value, test.p_value, 1e-14);
    }

    #[test]
    fn nps_change_degenerate() {
        let same = nps_change_test((10, 5, 40), (10, 5, 40));
        assert_eq!(same, ChangeTest { statistic: 0.0, p_value: 1.0 });
        assert_eq!(nps_change_test((0, 0, 0), (50, 0, 50)), ChangeTest::NO_EVIDENCE);
        let unanimous = nps_change_test((20, 0, 20), (0, 20, 20));
        assert!(unanimous.statistic.is_finite() && unanimous.statistic < 0.0);
        assert!(unanimous.p_value < 1e-6);
    }

    #[test]
    fn two_proportion_worked_values() {
        let test = two_proportion_test(76, 100, 150, 180);
        assert_eq!(r4(test.statistic), 1.4903);
        assert_eq!(r4(test.p_value), 0.1362);
        close(test.p_value, 0.136_152_683_744_558_86, 1e-12);
    }

    #[test]
    fn two_proportion_degenerate() {
        assert_eq!(two_proportion_test(0, 0, 3, 10), ChangeTest::NO_EVIDENCE);
        assert_eq!(two_proportion_test(10, 10, 25, 25), ChangeTest::NO_EVIDENCE);
        assert_eq!(two_proportion_test(0, 10, 0, 25), ChangeTest::NO_EVIDENCE);
        assert_eq!(two_proportion_test(4, 10, 4, 10), ChangeTest::NO_EVIDENCE);
    }

    #[test]
    fn welch_by_hand() {
        // Sample 1: n₁ = 10, mean 4, s₁² = 2;  sample 2: n₂ = 10, mean 5, s₂² = 3.
        //   s₁²/n₁ = 0.2,  s₂²/n₂ = 0.3,  SE² = 0.5,  SE = √0.5 = 0.7071068
        //   t  = (5 − 4)/0.7071068 = √2 = 1.4142136
        //   df = 0.5² / (0.2²/9 + 0.3²/9) = 0.25·9/0.13 = 17.3076923
        //   p  = 2·P(T₁₇.₃₀₈ > 1.4142136) = 0.1750362 (tables: between 0.174 at df 18 and
        //        0.176 at df 17; mpmath gives 0.17503621558656)
        let test = welch_test(4.0, 2.0, 10, 5.0, 3.0, 10);
        close(test.statistic, 2f64.sqrt(), 1e-14);
        close(test.p_value, 0.175_036_215_586_559_8, 1e-11);
        let reversed = welch_test(5.0, 3.0, 10, 4.0, 2.0, 10);
        close(reversed.statistic, -2f64.sqrt(), 1e-14);
        close(reversed.p_value, test.p_value, 1e-15);
    }

    #[test]
    fn welch_degenerate() {
        assert_eq!(welch_test(4.0, 1.0, 1, 5.0, 1.0, 10), ChangeTest::NO_EVIDENCE);
        assert_eq!(welch_test(4.0, 0.0, 0, 5.0, 1.0, 10), ChangeTest::NO_EVIDENCE);
        assert_eq!(welch_test(6.0, 0.0, 5, 6.0, 0.0, 8), ChangeTest::NO_EVIDENCE);
        assert_eq!(welch_test(3.5, 1.2, 12, 3.5, 1.2, 12), ChangeTest::NO_EVIDENCE);
        let constant = welch_test(5.0, 0.0, 5, 7.0, 0.0, 5);
        assert_eq!(constant.statistic, f64::INFINITY);
        assert_eq!(constant.p_value, 0.0);
        // One constant sample: df falls back to the other sample's n − 1.
        let one = welch_test(5.0, 0.0, 4, 6.0, 2.0, 8);
        let t = 1.0 / (2.0f64 / 8.0).sqrt();
        close(one.statistic, t, 1e-14);
        close(one.p_value, 2.0 * (1.0 - student_t_cdf(t, 7.0)), 1e-14);
    }

    #[test]
    fn ces_mean_interval_worked_values() {
        let values = [7.0, 6.0, 5.0, 7.0, 4.0, 6.0, 3.0, 7.0, 5.0, 6.0, 2.0, 7.0];
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
        assert_eq!(r4(mean), 5.4167);
        let (lo, hi) = mean_interval(mean, var, values.len() as u64).unwrap();
        assert_eq!((r4(lo), r4(hi)), (4.3515, 6.4819));
        close(lo, 4.351_478_138_454_927, 1e-11);
    }

    #[test]
    fn mean_interval_degenerate() {
        assert_eq!(mean_interval(4.0, 0.0, 0), None);
        assert_eq!(mean_interval(4.0, 0.0, 1), None);
        assert_eq!(mean_interval(4.0, 0.0, 6), Some((4.0, 4.0)));
        let (lo, hi) = mean_interval(0.0, 1.0, 2).unwrap();
        close(hi, 12.706_204_736_174_69 / 2f64.sqrt(), 1e-9);
        close(lo, -hi, 1e-15);
    }

    #[test]
    fn benjamini_hochberg_textbook_example() {
        // Benjamini & Hochberg (1995), section 4: 15 p-values, q = 0.05. The largest k with
        // p₍ₖ₎ ≤ k/15·0.05 is k = 4 (0.0095 ≤ 0.0133; 0.0201 > 0.0167 and no later one
        // passes), so exactly the four smallest are rejected.
        let sorted = [
            0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528,
            0.7590, 1.0000,
        ];
        let expected: Vec<bool> = (0..15).map(|i| i < 4).collect();
        assert_eq!(benjamini_hochberg(&sorted, 0.05), expected);
        // Same hypotheses in another order: the answer follows the input order.
        let shuffled = [
            0.3240, 0.0095, 1.0000, 0.0201, 0.0344, 0.0001, 0.6528, 0.0459, 0.0019, 0.5719, 0.7590, 0.0278, 0.0004,
            0.4262, 0.0298,
        ];
        let result = benjamini_hochberg(&shuffled, 0.05);
        let expected: Vec<bool> = shuffled.iter().map(|&p| p <= 0.0095).collect();
        assert_eq!(result, expected);
    }

    #[test]
    fn q_values_flag_what_the_step_up_rejects() {
        // Sorted p 0.01, 0.03, 0.035, 0.2 of m = 4: m·p/k = 0.04, 0.06, 0.0467, 0.2; the running
        // minimum from the top gives 0.04, 0.0467, 0.0467, 0.2.
        let q = benjamini_hochberg_q(&[0.2, 0.035, 0.01, 0.03]);
        let expected = [0.2, 0.14 / 3.0, 0.04, 0.14 / 3.0];
        for (got, want) in q.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{q:?}");
        }
        for p in [vec![0.04, 0.02, 0.035, 0.03], vec![0.2, 0.04, 0.01, 0.03], vec![0.001, 0.5, 0.012]] {
            let flagged: Vec<bool> = benjamini_hochberg_q(&p).iter().map(|q| *q <= 0.05).collect();
            assert_eq!(flagged, benjamini_hochberg(&p, 0.05), "{p:?}");
        }
        assert!(benjamini_hochberg_q(&[f64::NAN, 0.001])[0].is_nan());
    }

    #[test]
    fn benjamini_hochberg_step_up() {
        // Thresholds for m = 4 at q = 0.05: 0.0125, 0.025, 0.0375, 0.05. The largest p (0.04)
        // passes its threshold, so all four are rejected though 0.02 > 0.0125.
        assert_eq!(benjamini_hochberg(&[0.04, 0.02, 0.035, 0.03], 0.05), vec![true; 4]);
        // Here only 0.01 passes: 0.03 > 0.025 and 0.04 > 0.0375 and 0.2 > 0.05.
        assert_eq!(benjamini_hochberg(&[0.2, 0.04, 0.01, 0.03], 0.05), vec![false, false, true, false]);
        assert!(benjamini_hochberg(&[], 0.05).is_empty());
        assert_eq!(benjamini_hochberg(&[f64::NAN, 0.001], 0.05), vec![false, true]);
    }
}
