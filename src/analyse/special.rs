//! The normal and Student's t distributions and the special functions beneath them (the
//! error function, the incomplete beta and log-gamma functions), written out rather than taken
//! from a crate: each is a few lines of a standard method, accurate far into the tails that
//! p-values of large samples reach (`docs/methodology.md`).

use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// 2/√π.
const TWO_OVER_SQRT_PI: f64 = std::f64::consts::FRAC_2_SQRT_PI;
/// 1/√π.
const ONE_OVER_SQRT_PI: f64 = 0.564_189_583_547_756_3;
/// Tiny value that stands in for zero in Lentz's algorithm.
const LENTZ_TINY: f64 = 1e-300;

/// Standard normal cumulative distribution function Φ(x).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x * FRAC_1_SQRT_2)
}

/// Two-sided normal p-value 2·(1 − Φ(|z|)), accurate in the far tail.
pub fn two_sided_p(z: f64) -> f64 {
    // 2·(1 − Φ(|z|)) = erfc(|z|/√2); evaluating erfc directly keeps full relative precision
    // where 1 − Φ would cancel to zero.
    erfc(z.abs() * FRAC_1_SQRT_2).min(1.0)
}

/// Cumulative distribution function of Student's t with `df` degrees of freedom (NaN if `df` is not positive).
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    let tail = t_upper_tail(t.abs(), df);
    if t < 0.0 { tail } else { 1.0 - tail }
}

/// Inverse of [`student_t_cdf`]: the t with P(T ≤ t) = `p` (NaN for p outside [0, 1] or non-positive `df`).
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if p == 0.5 {
        return 0.0;
    }
    // Solve on the upper tail q < 0.5 so that small tail areas keep their precision;
    // 1 − p is exact for p ∈ [0.5, 1].
    let (q, sign) = if p > 0.5 { (1.0 - p, 1.0) } else { (p, -1.0) };

    // Bracket the root: the tail is decreasing in t.
    let mut lo = 0.0;
    let mut hi = 1.0;
    while t_upper_tail(hi, df) > q {
        lo = hi;
        hi *= 2.0;
        if !hi.is_finite() {
            return sign * f64::INFINITY;
        }
    }

    // Newton's method, falling back to bisection whenever a step leaves the bracket.
    let mut t = 0.5 * (lo + hi);
    for _ in 0..400 {
        let f = t_upper_tail(t, df) - q;
        if f == 0.0 {
            break;
        }
        if f > 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        let density = t_pdf(t, df);
        let newton = t + f / density;
        let next = if newton.is_finite() && newton > lo && newton < hi { newton } else { 0.5 * (lo + hi) };
        let done = (next - t).abs() <= 4.0 * f64::EPSILON * next.abs() || hi - lo <= f64::EPSILON * hi;
        t = next;
        if done {
            break;
        }
    }
    sign * t
}

/// Complementary error function erfc(x) with ~1e-15 relative accuracy for x ≥ 0.
fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    if x < 2.0 {
        // erfc(2) ≈ 0.0047, so 1 − erf loses at most about two digits here.
        return 1.0 - erf_series(x);
    }
    if x > 27.3 {
        // erfc underflows below the smallest subnormal.
        return 0.0;
    }
    erfc_continued_fraction(x)
}

/// erf(x) for 0 ≤ x < 2 from the series 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)).
fn erf_series(x: f64) -> f64 {
    // All terms are positive, unlike the Maclaurin series, so nothing cancels.
    let x2 = x * x;
    let mut term = x;
    let mut sum = x;
    let mut k = 0.0;
    while term > sum * 1e-17 {
        k += 1.0;
        term *= 2.0 * x2 / (2.0 * k + 1.0);
        sum += term;
    }
    TWO_OVER_SQRT_PI * exp_neg_square(x) * sum
}

/// erfc(x) for x ≥ 2 from its continued fraction e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))).
fn erfc_continued_fraction(x: f64) -> f64 {
    // Modified Lentz evaluation of b₀ + a₁/(b₁ + a₂/(b₂ + …)) with bⱼ = x and aⱼ = j/2.
    let mut f = x;
    let mut c = x;
    let mut d = 0.0;
    for j in 1..500 {
        let a = 0.5 * j as f64;
        d = x + a * d;
        if d.abs() < LENTZ_TINY {
            d = LENTZ_TINY;
        }
        c = x + a / c;
        if c.abs() < LENTZ_TINY {
            c = LENTZ_TINY;
        }
        d = 1.0 / d;
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    ONE_OVER_SQRT_PI * exp_neg_square(x) / f
}

/// e^(−x²) without the rounding error of forming x² first.
fn exp_neg_square(x: f64) -> f64 {
    // x² carries a relative rounding error that exp multiplies by x²; splitting x into a
    // part with an exact square and a small remainder avoids that amplification.
    let hi = (x * 16.0).trunc() / 16.0;
    let lo = x - hi;
    (-hi * hi).exp() * (-lo * (x + hi)).exp()
}

/// P(T > t) for t ≥ 0 under Student's t with `df` degrees of freedom (normal when df is infinite).
pub(super) fn t_upper_tail(t: f64, df: f64) -> f64 {
    if df.is_infinite() {
        return 0.5 * erfc(t * FRAC_1_SQRT_2);
    }
    if t.is_infinite() {
        return 0.0;
    }
    // P(T > t) = ½·I_x(df/2, ½) with x = df/(df + t²); x and 1 − x are formed separately so
    // neither loses precision to cancellation.
    let r2 = t * t / df;
    let x = 1.0 / (1.0 + r2);
    let y = r2 / (1.0 + r2);
    0.5 * regularized_beta(0.5 * df, 0.5, x, y)
}

/// Density of Student's t with `df` degrees of freedom.
fn t_pdf(t: f64, df: f64) -> f64 {
    if df.is_infinite() {
        return ONE_OVER_SQRT_PI * FRAC_1_SQRT_2 * (-0.5 * t * t).exp();
    }
    (-ln_beta(0.5 * df, 0.5) - 0.5 * df.ln() - 0.5 * (df + 1.0) * (t * t / df).ln_1p()).exp()
}

/// Regularized incomplete beta I_x(a, b), given both x and y = 1 − x.
fn regularized_beta(a: f64, b: f64, x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    // Whichever of x and y is near 1 is taken as ln(1 − other): with a large a (large df),
    // a·ln x would otherwise multiply the rounding error of x by a.
    let ln_x = if x > 0.5 { (-y).ln_1p() } else { x.ln() };
    let ln_y = if y > 0.5 { (-x).ln_1p() } else { y.ln() };
    let front = (a * ln_x + b * ln_y - ln_beta(a, b)).exp();
    // The continued fraction converges quickly only below the mean a/(a+b); beyond it use
    // the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(a, b, x, y) / a
    } else {
        1.0 - front * beta_continued_fraction(b, a, y, x) / b
    }
}

/// Continued fraction for I_x(a, b) (Numerical Recipes `betacf`) by modified Lentz, given y = 1 − x.
fn beta_continued_fraction(a: f64, b: f64, x: f64, y: f64) -> f64 {
    let qab = a + b;
    let qap = a + 1.0;
    let qam = a - 1.0;
    let mut c = 1.0;
    // 1 − (a+b)x/(a+1): for x near 1 and large a the textbook form cancels, so there it is
    // rewritten in terms of y.
    let mut d = if x < 0.5 { 1.0 - qab * x / qap } else { (1.0 - b + qab * y) / qap };
    if d.abs() < LENTZ_TINY {
        d = LENTZ_TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..100_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        // Even step.
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < LENTZ_TINY {
            d = LENTZ_TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < LENTZ_TINY {
            c = LENTZ_TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        // Odd step.
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < LENTZ_TINY {
            d = LENTZ_TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < LENTZ_TINY {
            c = LENTZ_TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// ln B(a, b) for a, b > 0.
fn ln_beta(a: f64, b: f64) -> f64 {
    let (small, big) = if a < b { (a, b) } else { (b, a) };
    if big < 15.0 {
        return ln_gamma(small) + ln_gamma(big) - ln_gamma(big + small);
    }
    // For a large argument ln Γ(big) and ln Γ(big + small) are huge and nearly equal; take
    // their difference from Stirling's series so it does not cancel (this is what keeps the
    // t tail accurate at df in the thousands and beyond).
    let sum = big + small;
    let diff = -(big - 0.5) * (small / big).ln_1p() - small * sum.ln() + small + stirling_correction(big)
        - stirling_correction(sum);
    ln_gamma(small) + diff
}

/// ln Γ(x) − [(x − ½)·ln x − x + ½·ln 2π] for x ≥ 15, accurate to ~1e-16.
fn stirling_correction(x: f64) -> f64 {
    let r = 1.0 / x;
    let r2 = r * r;
    r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 * (1.0 / 1680.0 - r2 / 1188.0))))
}

/// ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection Γ(x)Γ(1 − x) = π / sin(πx); the series below is accurate only for x ≥ ½.
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut series = COEF[0];
    for (i, &c) in COEF.iter().enumerate().skip(1) {
        series += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::stats::Z95;

    /// Asserts |actual − expected| ≤ tol.
    fn close(actual: f64, expected: f64, tol: f64) {
        assert!((actual - expected).abs() <= tol, "expected {expected}, got {actual} (tolerance {tol})");
    }

    /// Asserts a relative error of at most `rel`.
    fn close_rel(actual: f64, expected: f64, rel: f64) {
        assert!(
            ((actual - expected) / expected).abs() <= rel,
            "expected {expected}, got {actual} (relative tolerance {rel})"
        );
    }

    // Reference values below were computed with mpmath at 40 significant digits.

    #[test]
    fn normal_cdf_known_values() {
        close(normal_cdf(0.0), 0.5, 1e-15);
        close(normal_cdf(0.5), 0.691_462_461_274_013_1, 1e-14);
        close(normal_cdf(1.0), 0.841_344_746_068_542_9, 1e-14);
        close(normal_cdf(1.96), 0.975_002_104_851_779_6, 1e-14);
        close(normal_cdf(Z95), 0.975_000_000_903_557_6, 1e-14);
        close(normal_cdf(-Z95), 0.024_999_999_096_442_4, 1e-14);
        close(normal_cdf(2.5), 0.993_790_334_674_224, 1e-14);
        close(normal_cdf(-1.0) + normal_cdf(1.0), 1.0, 1e-15);
    }

    #[test]
    fn normal_cdf_lower_tail_keeps_relative_precision() {
        close_rel(normal_cdf(-3.0), 1.349_898_031_630_094_5e-3, 1e-13);
        close_rel(normal_cdf(-5.0), 2.866_515_718_791_939e-7, 1e-13);
        close_rel(normal_cdf(-8.0), 6.220_960_574_271_784e-16, 1e-13);
        close_rel(normal_cdf(-10.0), 7.619_853_024_160_526e-24, 1e-13);
        close_rel(normal_cdf(-20.0), 2.753_624_118_606_233_7e-89, 1e-12);
        close_rel(normal_cdf(-37.0), 5.725_571_222_524_577e-300, 1e-11);
        assert_eq!(normal_cdf(-40.0), 0.0);
        assert_eq!(normal_cdf(40.0), 1.0);
    }

    #[test]
    fn erfc_is_continuous_at_the_method_switch() {
        let below = erfc(2.0 - 1e-12);
        let at = erfc(2.0);
        assert!(below >= at);
        close_rel(below, at, 1e-11);
    }

    #[test]
    fn two_sided_p_known_values() {
        assert_eq!(two_sided_p(0.0), 1.0);
        close(two_sided_p(Z95), 0.05, 1e-8);
        close(two_sided_p(-1.9178), 0.055_136_375_781_638_14, 1e-14);
        close_rel(two_sided_p(5.0), 5.733_031_437_583_878e-7, 1e-13);
        close_rel(two_sided_p(10.0), 1.523_970_604_832_105e-23, 1e-13);
        close_rel(two_sided_p(20.0), 5.507_248_237_212_467e-89, 1e-12);
        close_rel(two_sided_p(30.0), 9.813_427_854_296_374e-198, 1e-11);
    }

    #[test]
    fn student_t_cdf_known_values() {
        close(student_t_cdf(1.0, 1.0), 0.75, 1e-14);
        close(student_t_cdf(2.0, 5.0), 0.949_030_260_585_070_8, 1e-13);
        close(student_t_cdf(-1.5, 3.7), 0.106_799_084_601_006_77, 1e-13);
        close(student_t_cdf(0.3, 1000.0), 0.617_880_247_916_378, 1e-13);
        close(student_t_cdf(10.0, 2.0), 0.995_073_771_488_337_2, 1e-13);
        close(student_t_cdf(3.0, 30.5), 0.997_330_795_451_862_7, 1e-13);
        close_rel(student_t_cdf(-40.0, 4.0), 1.167_008_161_300_634_3e-6, 1e-11);
        close(student_t_cdf(0.0, 7.0), 0.5, 1e-15);
        assert!(student_t_cdf(1.0, 0.0).is_nan());
    }

    #[test]
    fn student_t_quantile_known_values() {
        close(student_t_quantile(0.975, 11.0), 2.200_985_160_091_639, 1e-11);
        close(student_t_quantile(0.975, 1.0), 12.706_204_736_174_69, 1e-9);
        close(student_t_quantile(0.975, 1000.0), 1.962_339_080_826_408, 1e-11);
        close(student_t_quantile(0.995, 2.0), 9.924_843_200_918_29, 1e-10);
        close(student_t_quantile(0.9, 5.5), 1.455_977_033_464_072, 1e-11);
        close(student_t_quantile(0.025, 11.0), -2.200_985_160_091_64, 1e-11);
        close_rel(student_t_quantile(0.999_999, 3.0), 103.299_467_779_428_97, 1e-10);
        close(student_t_quantile(0.6, 1e6), 0.253_347_170_537_841_6, 1e-10);
        assert_eq!(student_t_quantile(0.5, 4.0), 0.0);
        assert_eq!(student_t_quantile(1.0, 4.0), f64::INFINITY);
        assert!(student_t_quantile(1.5, 4.0).is_nan());
    }

    #[test]
    fn student_t_quantile_inverts_cdf() {
        for &df in &[0.7, 1.0, 2.0, 3.3, 9.0, 29.0, 250.0, 1e5] {
            for &p in &[1e-9, 0.001, 0.05, 0.3, 0.5, 0.77, 0.975, 0.999] {
                let t = student_t_quantile(p, df);
                close_rel(student_t_cdf(t, df), p, 1e-10);
            }
        }
    }

    #[test]
    fn student_t_approaches_normal() {
        close(student_t_quantile(0.975, f64::INFINITY), Z95, 1e-6);
        close(student_t_cdf(1.3, 1e9), normal_cdf(1.3), 1e-9);
    }
}
