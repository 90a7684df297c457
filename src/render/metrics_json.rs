//! `data/metrics.json`: every computed figure, for other tools. The keys are a contract
//! (DESIGN.md): they may grow, never change meaning. Bump [`SCHEMA`] on a breaking change.

use serde_json::{Map, Value, json};

use crate::analyse::{Change, Changes, Driver, GroupMetrics, Report, Visibility};
use crate::ingest::Responses;
use crate::load::Inputs;

/// The version of the file's layout.
pub const SCHEMA: u32 = 1;

/// The whole file, pretty-printed with a final newline.
pub fn metrics_json(report: &Report, responses: &Responses, inputs: &Inputs) -> String {
    let metrics: Vec<Value> = report.groups.values().map(group).collect();
    let pain_points: Vec<Value> =
        report.pain_points.iter().map(|p| serde_json::to_value(p).unwrap_or(Value::Null)).collect();
    let document = json!({
        "schema": SCHEMA,
        "generator": format!("cxsite {}", env!("CARGO_PKG_VERSION")),
        "current_period": report.current.map(|p| p.to_string()),
        "periods": report.periods.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "responses_after_current_period": report.later_responses,
        "metrics": metrics,
        "pain_points": pain_points,
        "drivers": report.drivers.iter().map(driver).collect::<Vec<_>>(),
        "topics": serde_json::to_value(&report.topics).unwrap_or(Value::Null),
        "data_quality": serde_json::to_value(&responses.quality).unwrap_or(Value::Null),
        "inputs": serde_json::to_value(inputs).unwrap_or(Value::Null),
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn group(m: &GroupMetrics) -> Value {
    let mut nps = score(&m.nps.visibility, m.nps.score, m.nps.ci95, &m.nps_change);
    if !m.nps.visibility.suppressed {
        nps.insert("promoters".into(), m.nps.promoters.into());
        nps.insert("passives".into(), m.nps.passives.into());
        nps.insert("detractors".into(), m.nps.detractors.into());
    }
    let mut csat = score(&m.csat.visibility, m.csat.score, m.csat.ci95, &m.csat_change);
    if !m.csat.visibility.suppressed {
        csat.insert("mean".into(), json!(m.csat.mean));
    }
    let mut ces = score(&m.ces.visibility, m.ces.score, m.ces.ci95, &m.ces_change);
    if !m.ces.visibility.suppressed {
        ces.insert("agree".into(), json!(m.ces.agree));
        ces.insert("sd".into(), json!(m.ces.variance.map(f64::sqrt)));
        ces.insert("agree_ci95".into(), json!(m.ces.agree_ci95.map(|(a, b)| [a, b])));
    }
    json!({
        "group": m.kind.name(),
        "id": m.id,
        "period": m.scope.to_string(),
        "responses": m.responses,
        "nps": nps,
        "csat": csat,
        "ces": ces,
    })
}

/// The fields every metric has; a suppressed one shows only n.
fn score(
    visibility: &Visibility,
    value: Option<f64>,
    ci95: Option<(f64, f64)>,
    changes: &Changes,
) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("n".into(), visibility.n.into());
    if visibility.suppressed {
        out.insert("score".into(), Value::Null);
        out.insert("ci95".into(), Value::Null);
        out.insert("suppressed".into(), true.into());
        return out;
    }
    out.insert("score".into(), json!(value));
    out.insert("ci95".into(), json!(ci95.map(|(a, b)| [a, b])));
    out.insert("suppressed".into(), false.into());
    out.insert("low_confidence".into(), visibility.low_confidence.into());
    let mut change = Map::new();
    for (key, part) in [("previous", changes.previous), ("year_ago", changes.year_ago)] {
        if let Some(Change { period, delta, p_value, significant, .. }) = part {
            change.insert(
                key.into(),
                json!({"period": period.to_string(), "delta": delta, "p_value": p_value, "significant": significant}),
            );
        }
    }
    if !change.is_empty() {
        out.insert("change".into(), Value::Object(change));
    }
    out
}

/// A key driver, with the keys the contract names (`touchpoint`, `n`, `importance`,
/// `performance`, `quadrant`) and its interval and whether it is ranked.
fn driver(d: &Driver) -> Value {
    json!({
        "touchpoint": d.touchpoint,
        "n": d.n,
        "importance": d.importance,
        "importance_ci95": d.importance_ci95.map(|(a, b)| [a, b]),
        "performance": d.performance,
        "ranked": d.ranked,
        "quadrant": d.quadrant,
    })
}
