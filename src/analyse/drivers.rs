//! Key drivers: how strongly each touchpoint's satisfaction goes with the likelihood to
//! recommend, against how well the touchpoint performs, in four quadrants.
//!
//! Importance is Pearson's r between the touchpoint's CSAT and the 0–10 recommend answer over
//! the responses that gave both, from exact integer sums (n, Σx, Σy, Σx², Σy², Σxy); its 95%
//! interval is Fisher's, atanh(r) ± z/√(n − 3). Performance is the touchpoint's CSAT top-2-box
//! %. A driver with n < 30 or an interval containing 0 is shown but not ranked. The quadrants
//! split at the mean r over every touchpoint with an r on n ≥ 30 pairs and the mean CSAT over
//! every touchpoint with a shown CSAT, placed or not (`docs/methodology.md`, key drivers): split at the
//! placed ones alone, a single strong driver always lands on its own average, and a 25% CSAT
//! driver was called "keep up".

use serde::Serialize;

use super::stats::Z95;
use super::{GroupKind, LOW_CONFIDENCE_BELOW, Report};
use crate::ingest::{CsatNpsPairs, Responses};
use crate::load::Project;

/// Where a driver stands against the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quadrant {
    /// Matters more than most, performs worse than most: act here first.
    FixFirst,
    KeepUp,
    Monitor,
    /// Performs well on something that matters less.
    Overkill,
}

/// One touchpoint's driver figures in the report's period.
#[derive(Debug, Clone, Serialize)]
pub struct Driver {
    pub touchpoint: String,
    /// Responses that rated the touchpoint and answered the recommend question.
    pub n: u64,
    /// Pearson r, and its 95% interval; `None` when it cannot be computed (no spread).
    pub importance: Option<f64>,
    pub importance_ci95: Option<(f64, f64)>,
    /// CSAT top-2-box % at the touchpoint.
    pub performance: Option<f64>,
    /// n ≥ 30 and the interval excludes 0.
    pub ranked: bool,
    /// Only for ranked drivers.
    pub quadrant: Option<Quadrant>,
}

/// Where the quadrants split: an r, and a CSAT top-2-box %.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DriverSplit {
    pub importance: f64,
    pub performance: f64,
}

/// Pearson's r of CSAT and NPS from their sums, with n; `None` without variation on either side.
pub fn correlation(pairs: &CsatNpsPairs) -> (u64, Option<f64>) {
    let p = pairs;
    let (n, sx, sy) = (i128::from(p.n), i128::from(p.sum_x), i128::from(p.sum_y));
    let (sxx, syy, sxy) = (i128::from(p.sum_xx), i128::from(p.sum_yy), i128::from(p.sum_xy));
    // n·Σxy − Σx·Σy and the like, exact in integers (sums from a warehouse's file may not fit
    // each other: a negative variance then means no r, never a wrapped number).
    let covariance = (n * sxy - sx * sy) as f64;
    let (vx, vy) = ((n * sxx - sx * sx) as f64, (n * syy - sy * sy) as f64);
    let r = (vx > 0.0 && vy > 0.0).then(|| (covariance / (vx.sqrt() * vy.sqrt())).clamp(-1.0, 1.0));
    (p.n, r)
}

/// Fisher's 95% interval for a correlation `r` on `n` pairs (n > 3).
pub fn fisher_interval(r: f64, n: u64) -> Option<(f64, f64)> {
    if n <= 3 || r.abs() >= 1.0 {
        return None;
    }
    let (centre, half) = (r.atanh(), Z95 / ((n - 3) as f64).sqrt());
    Some(((centre - half).tanh(), (centre + half).tanh()))
}

/// The drivers of every touchpoint with paired answers in the report's current period, in
/// rank order (see [`rank_order`]), and where the quadrants split.
pub fn drivers(project: &Project, responses: &Responses, report: &Report) -> (Vec<Driver>, Option<DriverSplit>) {
    let Some(period) = report.current else { return (Vec::new(), None) };
    let mut drivers: Vec<Driver> = project
        .touchpoints()
        .filter_map(|(_, _, touchpoint)| {
            let table = responses.drivers.get(&(period, touchpoint.id.clone()))?;
            let (n, importance) = correlation(table);
            let importance_ci95 = importance.and_then(|r| fisher_interval(r, n));
            let metrics = report.get(&GroupKind::Touchpoint, &touchpoint.id, report.current_scope());
            let performance = metrics.and_then(|m| m.csat.score.filter(|_| !m.csat.visibility.suppressed));
            let ranked = n >= LOW_CONFIDENCE_BELOW
                && performance.is_some()
                && importance_ci95.is_some_and(|(low, high)| low > 0.0 || high < 0.0);
            Some(Driver {
                touchpoint: touchpoint.id.clone(),
                n,
                importance,
                importance_ci95,
                performance,
                ranked,
                quadrant: None,
            })
        })
        .collect();
    rank_order(&mut drivers);
    let importances = drivers.iter().filter(|d| d.n >= LOW_CONFIDENCE_BELOW).filter_map(|d| d.importance);
    let performances = project.touchpoints().filter_map(|(_, _, t)| {
        let metrics = report.get(&GroupKind::Touchpoint, &t.id, report.current_scope())?;
        metrics.csat.score.filter(|_| !metrics.csat.visibility.suppressed)
    });
    let split = match (mean(importances), mean(performances)) {
        (Some(importance), Some(performance)) => Some(DriverSplit { importance, performance }),
        _ => None,
    };
    if let Some(split) = split {
        place(&mut drivers, split);
    }
    (drivers, split)
}

/// Each ranked driver's quadrant against `split`.
fn place(drivers: &mut [Driver], split: DriverSplit) {
    for driver in drivers.iter_mut().filter(|d| d.ranked) {
        let (Some(importance), Some(performance)) = (driver.importance, driver.performance) else { continue };
        driver.quadrant = Some(match (importance >= split.importance, performance >= split.performance) {
            (true, false) => Quadrant::FixFirst,
            (true, true) => Quadrant::KeepUp,
            (false, false) => Quadrant::Monitor,
            (false, true) => Quadrant::Overkill,
        });
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(sum, count), value| (sum + value, count + 1));
    (count > 0).then(|| sum / count as f64)
}

/// The ranked drivers first, the most important (highest r) first, so the list reads as a
/// ranking; then the others, in the journey order they came in.
fn rank_order(drivers: &mut [Driver]) {
    let key = |d: &Driver| (!d.ranked, -d.importance.filter(|_| d.ranked).unwrap_or(0.0));
    drivers.sort_by(|a, b| {
        let ((a_later, a_r), (b_later, b_r)) = (key(a), key(b));
        a_later.cmp(&b_later).then(a_r.total_cmp(&b_r))
    });
}

/// A driver on 100 answers at 50% CSAT, for tests; a ranked one is placed (a quadrant), as
/// `drivers` places every ranked driver.
#[cfg(test)]
pub(super) fn driver(touchpoint: &str, importance: f64, ranked: bool) -> Driver {
    Driver {
        touchpoint: touchpoint.into(),
        n: 100,
        importance: Some(importance),
        importance_ci95: None,
        performance: Some(50.0),
        ranked,
        quadrant: ranked.then_some(if importance > 0.0 { Quadrant::FixFirst } else { Quadrant::Monitor }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranked_drivers_come_first_by_importance_and_the_others_keep_journey_order() {
        let mut drivers = [
            driver("browse", 0.9, false),
            driver("checkout", 0.3, true),
            driver("delivery", 0.6, true),
            driver("returns", 0.1, false),
        ];
        rank_order(&mut drivers);
        let order: Vec<&str> = drivers.iter().map(|d| d.touchpoint.as_str()).collect();
        assert_eq!(order, ["delivery", "checkout", "browse", "returns"]);
    }

    fn table(pairs: &[(u8, u8, u64)]) -> CsatNpsPairs {
        let mut table = CsatNpsPairs::default();
        for &(csat, nps, count) in pairs {
            (0..count).for_each(|_| table.add(csat, nps));
        }
        table
    }

    #[test]
    fn a_strong_driver_with_the_worst_csat_is_fix_first() {
        // The case: the only placed driver (r 0.9, CSAT 25%) among touchpoints with
        // CSAT 79-89% and weak r: split at the placed one alone it would be "keep up".
        let strong = Driver { performance: Some(25.0), ..driver("payment", 0.9, true) };
        let weak = |id, csat| Driver { performance: Some(csat), quadrant: None, ..driver(id, 0.1, false) };
        let mut drivers = [strong, weak("browse", 79.0), weak("delivery", 89.0)];
        // Means over all: r (0.9 + 0.1 + 0.1) / 3 = 0.3667; CSAT (25 + 79 + 89) / 3 = 64.33.
        let split = DriverSplit { importance: 1.1 / 3.0, performance: 193.0 / 3.0 };
        place(&mut drivers, split);
        assert_eq!(drivers[0].quadrant, Some(Quadrant::FixFirst));
        assert_eq!(drivers[1].quadrant, None, "only ranked drivers are placed");
        assert_eq!(mean([0.9, 0.1, 0.1].into_iter()), Some(1.1 / 3.0));
        assert_eq!(mean(std::iter::empty()), None);
    }

    #[test]
    fn correlation_matches_a_hand_computation() {
        // Pairs (1,2), (2,4), (3,5), (4,4), (5,5): Σx 15, Σy 20, Σx² 55, Σy² 86, Σxy 66, n 5.
        // r = (5·66 − 15·20) / √((5·55 − 225)(5·86 − 400)) = 30 / √(50·30) = 0.774597…
        let (n, r) = correlation(&table(&[(1, 2, 1), (2, 4, 1), (3, 5, 1), (4, 4, 1), (5, 5, 1)]));
        assert_eq!(n, 5);
        assert!((r.unwrap() - 30.0 / 1500f64.sqrt()).abs() < 1e-12);
        // No spread in CSAT: no correlation.
        assert_eq!(correlation(&table(&[(4, 2, 3), (4, 9, 2)])).1, None);
        // Sums that cannot come from real answers (Σx² < (Σx)²/n): no r, and no overflow.
        let impossible = CsatNpsPairs { n: 2, sum_x: 10, sum_y: 10, sum_xx: 1, sum_yy: 1, sum_xy: 1 };
        assert_eq!(correlation(&impossible).1, None);
    }

    #[test]
    fn fisher_interval_matches_a_hand_computation() {
        // r 0.5, n 103: atanh 0.549306 ± 1.959964/10 → tanh 0.339308 and 0.632338.
        let (low, high) = fisher_interval(0.5, 103).unwrap();
        assert!((low - 0.339308).abs() < 1e-6 && (high - 0.632338).abs() < 1e-6, "{low} {high}");
        assert_eq!(fisher_interval(0.5, 3), None);
    }
}
