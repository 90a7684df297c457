//! `data/metrics.json`: every computed figure, for other tools. The keys are a contract
//! (DESIGN.md): they may grow, never change meaning. Bump [`SCHEMA`] on a breaking change.

use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

use crate::analyse::{Change, Changes, Driver, GroupMetrics, Report, Visibility};
use crate::ingest::Responses;
use crate::load::Inputs;

/// The version of the file's layout.
pub const SCHEMA: u32 = 1;

/// The whole file, pretty-printed with a final newline.
pub fn metrics_json(report: &Report, responses: &Responses, inputs: &Inputs) -> String {
    let value = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
    let document = Document {
        current_period: report.current.map(|p| p.to_string()),
        data_quality: value(serde_json::to_value(&responses.quality)),
        drivers: report.drivers.iter().map(driver).collect(),
        generator: format!("cxsite {}", env!("CARGO_PKG_VERSION")),
        inputs: value(serde_json::to_value(inputs)),
        metrics: Groups(report),
        pain_points: report.pain_points.iter().map(|p| value(serde_json::to_value(p))).collect(),
        periods: report.periods.iter().map(ToString::to_string).collect(),
        responses_after_current_period: report.later_responses,
        schema: SCHEMA,
        topics: value(serde_json::to_value(&report.topics)),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// The file's top level. The fields are in the order of the keys of serde_json's maps
/// (sorted), as everything below is.
#[derive(Serialize)]
struct Document<'a> {
    current_period: Option<String>,
    data_quality: Value,
    drivers: Vec<Value>,
    generator: String,
    inputs: Value,
    metrics: Groups<'a>,
    pain_points: Vec<Value>,
    periods: Vec<String>,
    responses_after_current_period: u64,
    schema: u32,
    topics: Value,
}

/// The groups' figures, written one group at a time: the file's bulk, never held twice.
struct Groups<'a>(&'a Report);

impl Serialize for Groups<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.groups.values().map(group))
    }
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
