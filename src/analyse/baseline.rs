//! What changed since the last published report (`--baseline OLD/data/metrics.json`): pain
//! points new, resolved or moved, and touchpoints whose scores changed significantly.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

use super::stats::{benjamini_hochberg_q, nps_change_test, student_t_quantile, two_proportion_test, welch_test};
use super::{ALPHA, GroupKind, LOW_CONFIDENCE_BELOW, Report};
use crate::config::Metric;
use crate::diagnostics::{Diagnostic, Location};

/// One touchpoint's scores as an earlier report published them.
#[derive(Debug, Clone, Default)]
struct Published {
    /// Promoters, detractors, answers.
    nps: Option<(u64, u64, u64)>,
    /// Satisfied answers, answers.
    csat: Option<(u64, u64)>,
    /// Mean, sample variance, answers.
    ces: Option<(f64, f64, u64)>,
}

/// An earlier report, read from its `data/metrics.json`.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The period that report was about.
    pub period: String,
    /// Pain point ids in the order its site listed them (rank 1 first).
    pain_points: Vec<String>,
    touchpoints: BTreeMap<String, Published>,
}

/// A touchpoint score that moved since the earlier report.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreShift {
    pub touchpoint: String,
    pub metric: Metric,
    pub before: f64,
    pub after: f64,
    pub p_value: f64,
    /// Adjusted with Benjamini–Hochberg over the touchpoints tested on the same metric: the
    /// report's one rule (`change.rs`), flagged when q < 0.05.
    pub q_value: f64,
}

/// A pain point whose rank changed.
#[derive(Debug, Clone, Serialize)]
pub struct RankMove {
    pub id: String,
    pub before: usize,
    pub after: usize,
}

/// The comparison of this report with an earlier one.
#[derive(Debug, Clone, Serialize)]
pub struct SinceBaseline {
    pub period: String,
    /// Pain point ids in this report, not in the earlier one.
    pub new: Vec<String>,
    /// Pain point ids in the earlier report, not in this one.
    pub resolved: Vec<String>,
    pub moved: Vec<RankMove>,
    /// Significant score changes (Benjamini–Hochberg at 5% across every test), most
    /// significant first.
    pub shifts: Vec<ScoreShift>,
    /// How many touchpoint scores could be tested (both sides with at least 30 answers).
    pub tested: usize,
}

/// Why a baseline cannot be used.
#[derive(Debug)]
pub enum BaselineError {
    /// The file cannot be read (exit code 2, as for any I/O problem).
    Unreadable(Diagnostic),
    /// It is not a sound metrics.json (exit code 1).
    Invalid(Diagnostic),
}

/// The largest baseline read: the metrics.json of a 20,000-touchpoint programme is far smaller.
const MAX_BASELINE_BYTES: u64 = 512 << 20;

/// The most answers one touchpoint's score may claim (a typing or export error above this).
const MAX_ANSWERS: u64 = 1 << 40;

/// Reads an earlier report's `metrics.json`.
pub fn read_baseline(path: &Path) -> Result<Baseline, BaselineError> {
    const HINT: &str = "give the data/metrics.json of an earlier cxsite build with --baseline";
    let invalid =
        |message: String| BaselineError::Invalid(Diagnostic::error(Location::file(path), message).with_hint(HINT));
    let unreadable =
        |message: String| BaselineError::Unreadable(Diagnostic::error(Location::file(path), message).with_hint(HINT));
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(format!("cannot read the baseline: {e}")))?;
    if !metadata.is_file() {
        return Err(unreadable("the baseline is not a regular file".into()));
    }
    if metadata.len() > MAX_BASELINE_BYTES {
        return Err(invalid(format!("the baseline is {} MiB; a metrics.json is far smaller", metadata.len() >> 20)));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|file| std::io::Read::read_to_string(&mut std::io::Read::take(file, MAX_BASELINE_BYTES), &mut text))
        .map_err(|e| unreadable(format!("cannot read the baseline: {e}")))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| {
        BaselineError::Invalid(Diagnostic::error(
            Location::at(path, e.line(), e.column()),
            format!("the baseline is not valid JSON: {e}"),
        ))
    })?;
    if json["schema"].as_u64() != Some(1) {
        return Err(invalid("the baseline is not a cxsite metrics.json (schema 1)".into()));
    }
    let Some(period) = json["current_period"].as_str().map(str::to_string) else {
        return Err(invalid("the baseline has no `current_period`: it was built without survey data".into()));
    };
    let pain_points = listed_pain_points(&json);
    let mut touchpoints = BTreeMap::new();
    for entry in json["metrics"].as_array().into_iter().flatten() {
        if entry["group"] != "touchpoint" || entry["period"] != period.as_str() {
            continue;
        }
        let Some(id) = entry["id"].as_str() else { continue };
        let scores = published(entry).map_err(|why| invalid(format!("touchpoint `{id}` in {period}: {why}")))?;
        touchpoints.insert(id.to_string(), scores);
    }
    Ok(Baseline { period, pain_points, touchpoints })
}

/// A touchpoint's published scores, or why they cannot be what cxsite published.
fn published(entry: &Value) -> Result<Published, String> {
    let count = |v: &Value| v.as_u64().filter(|c| *c <= MAX_ANSWERS);
    let shown = |m: &Value| m["suppressed"] != true && !m["score"].is_null();
    let (nps, csat, ces) = (&entry["nps"], &entry["csat"], &entry["ces"]);
    let published = Published {
        nps: shown(nps)
            .then(|| Some((count(&nps["promoters"])?, count(&nps["detractors"])?, count(&nps["n"])?)))
            .flatten(),
        csat: shown(csat)
            .then(|| {
                let (n, score) = (count(&csat["n"])?, csat["score"].as_f64()?);
                (0.0..=100.0).contains(&score).then_some(((score * n as f64 / 100.0).round() as u64, n))
            })
            .flatten(),
        ces: shown(ces).then(|| ces_spread(ces)).flatten(),
    };
    let unsound = |what: &str| Err(format!("its {what} cannot be a published score"));
    match published {
        Published { nps: None, .. } if shown(nps) => unsound("NPS"),
        Published { nps: Some((promoters, detractors, n)), .. } if promoters + detractors > n => unsound("NPS"),
        Published { csat: None, .. } if shown(csat) => unsound("CSAT"),
        Published { ces: None, .. } if shown(ces) => unsound("CES"),
        _ => Ok(published),
    }
}

/// A CES mean, variance and n: the variance from `sd` where the file has it, else back from
/// the t interval (exact unless the interval was clipped to the scale).
fn ces_spread(ces: &Value) -> Option<(f64, f64, u64)> {
    let (mean, n) = (ces["score"].as_f64()?, ces["n"].as_u64()?);
    let sd = match ces["sd"].as_f64() {
        Some(sd) => sd,
        None => {
            let high = ces["ci95"][1].as_f64()?;
            (high - mean) * (n as f64).sqrt() / student_t_quantile(0.975, n.checked_sub(1)? as f64)
        }
    };
    // CES scales run from 1 to at most 10, so neither the mean nor the spread can exceed that.
    let sound = (1.0..=10.0).contains(&mean) && (0.0..=10.0).contains(&sd) && n <= MAX_ANSWERS;
    sound.then_some((mean, sd * sd, n))
}

/// The pain point ids of a `metrics.json` in the order its site listed them: by
/// `rank_with_drivers`, or, in a report from before that key, the array's order (the site's then).
fn listed_pain_points(json: &Value) -> Vec<String> {
    let mut listed: Vec<&Value> = json["pain_points"].as_array().into_iter().flatten().collect();
    if listed.iter().all(|p| p["rank_with_drivers"].is_u64()) {
        listed.sort_by_key(|p| p["rank_with_drivers"].as_u64());
    }
    listed.iter().filter_map(|p| p["id"].as_str().map(str::to_string)).collect()
}

/// Compares `report` (its current period) with the earlier report.
pub fn compare(report: &Report, baseline: &Baseline) -> SinceBaseline {
    let now: Vec<&str> = report.pain_points.iter().map(|p| p.id.as_str()).collect();
    let before = |id: &str| baseline.pain_points.iter().position(|b| b == id);
    let new = now.iter().filter(|id| before(id).is_none()).map(|id| id.to_string()).collect();
    let resolved = baseline.pain_points.iter().filter(|b| !now.contains(&b.as_str())).cloned().collect();
    let moved = now
        .iter()
        .enumerate()
        .filter_map(|(i, id)| Some(RankMove { id: id.to_string(), before: before(id)? + 1, after: i + 1 }))
        .filter(|m| m.before != m.after)
        .collect();

    let mut candidates = Vec::new();
    let enough = |a: u64, b: u64| a >= LOW_CONFIDENCE_BELOW && b >= LOW_CONFIDENCE_BELOW;
    for (id, published) in &baseline.touchpoints {
        let Some(now) = report.get(&GroupKind::Touchpoint, id, report.current_scope()) else { continue };
        if let (Some((p, d, n)), Some(after)) =
            (published.nps, now.nps.score.filter(|_| !now.nps.visibility.suppressed))
        {
            let current = (now.nps.promoters, now.nps.detractors, now.nps.visibility.n);
            if enough(n, current.2) && n > 0 {
                let before = 100.0 * (p as f64 - d as f64) / n as f64;
                candidates.push((id, Metric::Nps, before, after, nps_change_test((p, d, n), current).p_value));
            }
        }
        if let (Some((k, n)), Some(after)) =
            (published.csat, now.csat.score.filter(|_| !now.csat.visibility.suppressed))
        {
            let current_n = now.csat.visibility.n;
            if enough(n, current_n) && n > 0 {
                let p = two_proportion_test(k, n, now.csat.satisfied, current_n).p_value;
                candidates.push((id, Metric::Csat, 100.0 * k as f64 / n as f64, after, p));
            }
        }
        if let (Some((mean, variance, n)), Some(after), Some(var)) =
            (published.ces, now.ces.score.filter(|_| !now.ces.visibility.suppressed), now.ces.variance)
        {
            let current_n = now.ces.visibility.n;
            if enough(n, current_n) {
                candidates.push((
                    id,
                    Metric::Ces,
                    mean,
                    after,
                    welch_test(mean, variance, n, after, var, current_n).p_value,
                ));
            }
        }
    }
    // One family per metric, as for the period-over-period changes.
    let mut q_values = vec![f64::NAN; candidates.len()];
    for metric in [Metric::Nps, Metric::Csat, Metric::Ces] {
        let family: Vec<usize> = (0..candidates.len()).filter(|&i| candidates[i].1 == metric).collect();
        let p_values: Vec<f64> = family.iter().map(|&i| candidates[i].4).collect();
        for (&i, q) in family.iter().zip(benjamini_hochberg_q(&p_values)) {
            q_values[i] = q;
        }
    }
    let mut shifts: Vec<ScoreShift> = candidates
        .iter()
        .zip(q_values)
        .filter(|(_, q)| *q < ALPHA)
        .map(|((id, metric, before, after, p_value), q_value)| ScoreShift {
            touchpoint: id.to_string(),
            metric: *metric,
            before: *before,
            after: *after,
            p_value: *p_value,
            q_value,
        })
        .collect();
    shifts.sort_by(|a, b| a.p_value.total_cmp(&b.p_value).then(a.touchpoint.cmp(&b.touchpoint)));
    SinceBaseline { period: baseline.period.clone(), new, resolved, moved, shifts, tested: candidates.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ces_spread_comes_from_sd_or_back_from_the_interval() {
        let t = student_t_quantile(0.975, 99.0);
        // Mean 5, sd 1.5, n 100: half-width t·1.5/10.
        let from_interval = serde_json::json!({"score": 5.0, "n": 100, "ci95": [5.0 - t * 0.15, 5.0 + t * 0.15]});
        let (mean, variance, n) = ces_spread(&from_interval).unwrap();
        assert_eq!((mean, n), (5.0, 100));
        assert!((variance - 2.25).abs() < 1e-9, "{variance}");
        let with_sd = serde_json::json!({"score": 5.0, "n": 100, "sd": 2.0, "ci95": [0, 0]});
        assert_eq!(ces_spread(&with_sd).unwrap().1, 4.0);
    }

    #[test]
    fn a_published_csat_gives_back_its_count() {
        let entry = serde_json::json!({
            "nps": {"n": 160, "score": 20.625, "promoters": 75, "passives": 43, "detractors": 42, "suppressed": false},
            "csat": {"n": 100, "score": 76.0, "suppressed": false},
            "ces": {"n": 3, "score": null, "suppressed": true}
        });
        let published = published(&entry).unwrap();
        assert_eq!(published.nps, Some((75, 42, 160)));
        assert_eq!(published.csat, Some((76, 100)));
        assert!(published.ces.is_none(), "a suppressed score is not compared");
    }

    #[test]
    fn scores_no_report_can_publish_are_refused() {
        let with = |metric: &str, value: serde_json::Value| {
            let mut entry = serde_json::json!({
                "nps": {"n": 160, "score": 20.625, "promoters": 75, "detractors": 42, "suppressed": false},
                "csat": {"n": 100, "score": 76.0, "suppressed": false},
                "ces": {"n": 100, "score": 5.0, "sd": 1.0, "suppressed": false}
            });
            entry[metric] = value;
            published(&entry)
        };
        assert!(with("csat", serde_json::json!({"n": 100, "score": 76.0})).is_ok());
        let max = u64::MAX;
        for (metric, value, why) in [
            ("csat", serde_json::json!({"n": 100, "score": 1e308}), "its CSAT cannot be a published score"),
            ("csat", serde_json::json!({"n": max, "score": 50.0}), "its CSAT cannot be a published score"),
            (
                "nps",
                serde_json::json!({"n": 10, "score": 0, "promoters": 9, "detractors": 9}),
                "its NPS cannot be a published score",
            ),
            (
                "nps",
                serde_json::json!({"n": max, "score": 0, "promoters": 1, "detractors": 1}),
                "its NPS cannot be a published score",
            ),
            ("ces", serde_json::json!({"n": 100, "score": 1e9, "sd": 1.0}), "its CES cannot be a published score"),
            ("ces", serde_json::json!({"n": 100, "score": 5.0, "sd": -1.0}), "its CES cannot be a published score"),
        ] {
            assert_eq!(with(metric, value.clone()).unwrap_err(), why, "{value}");
        }
    }

    #[test]
    fn the_earlier_list_is_read_in_the_order_its_site_showed() {
        let with_drivers = serde_json::json!({"pain_points": [
            {"id": "late", "rank": 1, "rank_with_drivers": 2},
            {"id": "slow-pay", "rank": 2, "rank_with_drivers": 1}
        ]});
        assert_eq!(listed_pain_points(&with_drivers), ["slow-pay", "late"]);
        let older = serde_json::json!({"pain_points": [{"id": "late", "rank": 1}, {"id": "slow-pay", "rank": 2}]});
        assert_eq!(listed_pain_points(&older), ["late", "slow-pay"]);
    }
}
