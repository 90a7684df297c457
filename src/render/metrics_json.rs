//! `data/metrics.json`: every computed figure, for other tools. The keys are a contract
//! (`docs/metrics-json.md`): they may grow, never change meaning. Bump [`SCHEMA`] on a breaking change.

use std::io::{self, Write};

use serde::{Serialize, Serializer};
use serde_json::{Value, json};

use crate::analyse::{Change, Driver, GroupMetrics, PainPointPriority, Report, ScoreChanges, Visibility};
use crate::bands::{Band, Bands};
use crate::config::Metric;
use crate::ingest::Responses;
use crate::load::Inputs;

/// The version of the file's layout.
pub const SCHEMA: u32 = 1;

/// The whole file, pretty-printed with a final newline, written into `out` as it is made.
pub fn write_metrics_json(
    out: &mut dyn Write,
    report: &Report,
    responses: &Responses,
    inputs: &Inputs,
    bands: &Bands,
    currency: Option<&str>,
) -> io::Result<()> {
    write_head(out, &Head::of(report, responses))?;
    write_inputs(out, inputs)?;
    write_tail(out, &Tail::of(report, bands, currency))
}

/// The file but its `inputs`, which change with every saved file while the figures change only
/// with the report: `serve` keeps this between rebuilds, so a Markdown or template edit does
/// not serialise tens of MB of figures again.
pub struct Figures {
    head: Vec<u8>,
    tail: Vec<u8>,
}

impl Figures {
    /// The figures of `report`, serialised.
    pub fn of(report: &Report, responses: &Responses, bands: &Bands, currency: Option<&str>) -> io::Result<Figures> {
        let (mut head, mut tail) = (Vec::new(), Vec::new());
        write_head(&mut head, &Head::of(report, responses))?;
        write_tail(&mut tail, &Tail::of(report, bands, currency))?;
        Ok(Figures { head, tail })
    }

    /// The whole file with `inputs`: the same bytes as [`write_metrics_json`].
    pub fn write(&self, out: &mut dyn Write, inputs: &Inputs) -> io::Result<()> {
        out.write_all(&self.head)?;
        write_inputs(out, inputs)?;
        out.write_all(&self.tail)
    }
}

// The file is one pretty-printed object whose keys are sorted; `inputs` splits it in two. Each
// part is serialised as an object of its own and its braces trimmed, so the three pieces join
// into exactly the text of the whole (a unit test checks this against serde_json).

/// The keys before `inputs`, up to the `"inputs": ` that follows them.
fn write_head(out: &mut dyn Write, head: &impl Serialize) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(head)?;
    let open = text.strip_suffix(b"\n}").ok_or_else(|| io::Error::other("the head is an object"))?;
    out.write_all(open)?;
    out.write_all(b",\n  \"inputs\": ")
}

/// `inputs` as it stands one level down, and the comma after it.
fn write_inputs(out: &mut dyn Write, inputs: &Inputs) -> io::Result<()> {
    let text = serde_json::to_string_pretty(&serde_json::to_value(inputs)?)?;
    // A string's line breaks are written `\n`: every line break here is between two lines.
    out.write_all(text.replace('\n', "\n  ").as_bytes())?;
    out.write_all(b",\n")
}

/// The keys after `inputs`, the closing brace and the final newline.
fn write_tail(out: &mut dyn Write, tail: &impl Serialize) -> io::Result<()> {
    let mut open = WithoutFirst { out: &mut *out, skip: 2 };
    serde_json::to_writer_pretty(&mut open, tail)?;
    out.write_all(b"\n")
}

/// A writer that drops the first `skip` bytes (an object's `{` and line break).
struct WithoutFirst<'a> {
    out: &'a mut dyn Write,
    skip: usize,
}

impl Write for WithoutFirst<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let skipped = self.skip.min(bytes.len());
        self.skip -= skipped;
        self.out.write_all(&bytes[skipped..])?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The pain points in the order `docs/metrics-json.md` fixes for the file: by `rank` (the conservative
/// priority), whereas the site lists them with the key drivers.
fn by_rank(pain_points: &[PainPointPriority]) -> Vec<&PainPointPriority> {
    let mut list: Vec<&PainPointPriority> = pain_points.iter().collect();
    list.sort_by_key(|p| p.rank);
    list
}

/// The file's top level before `inputs`. The fields of [`Head`] and [`Tail`] are in the order
/// of the keys of serde_json's maps (sorted), as everything below is.
#[derive(Serialize)]
struct Head {
    current_period: Option<String>,
    data_quality: Value,
    drivers: Vec<Value>,
    drivers_split: Option<crate::analyse::DriverSplit>,
    generator: String,
}

impl Head {
    fn of(report: &Report, responses: &Responses) -> Head {
        Head {
            current_period: report.current.map(|p| p.to_string()),
            data_quality: serde_json::to_value(&responses.quality).unwrap_or(Value::Null),
            drivers: report.drivers.iter().map(driver).collect(),
            drivers_split: report.drivers_split,
            generator: format!("cxsite {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// The file's top level after `inputs`.
#[derive(Serialize)]
struct Tail<'a> {
    metrics: Groups<'a>,
    pain_points: Vec<Value>,
    periods: Vec<String>,
    responses_after_current_period: u64,
    scales: Value,
    schema: u32,
    segment_gaps: Gaps<'a>,
    /// Left out without `targets:` in cxsite.yaml, so such a report's file is as before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    targets: Vec<Value>,
    terms: &'a [crate::analyse::TermFigure],
    topics: Value,
    /// Left out where no persona gives customers and a value, so such a report's file is as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    value_at_stake: Option<Value>,
    weakest_links: &'a [crate::analyse::WeakestLink],
}

impl Tail<'_> {
    fn of<'a>(report: &'a Report, bands: &Bands, currency: Option<&str>) -> Tail<'a> {
        let value = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
        Tail {
            metrics: Groups(report),
            pain_points: by_rank(&report.pain_points).into_iter().map(|p| value(serde_json::to_value(p))).collect(),
            periods: report.periods.iter().map(ToString::to_string).collect(),
            responses_after_current_period: report.later_responses,
            scales: scales(bands),
            schema: SCHEMA,
            segment_gaps: Gaps(&report.segment_gaps),
            targets: report.targets.iter().map(target).collect(),
            terms: &report.terms,
            topics: value(serde_json::to_value(&report.topics)),
            value_at_stake: value_at_stake(report, currency),
            weakest_links: &report.weakest_links,
        }
    }
}

/// Each metric's scale and its unhappy and happy answers, so that a reader of the file knows
/// what `agree` and the changes' signs mean (a CES 1.0 effort mean that falls is better).
fn scales(bands: &Bands) -> Value {
    let metric = |metric: Metric| {
        let range = |r: std::ops::RangeInclusive<u8>| json!([r.start(), r.end()]);
        json!({
            "scale": range(bands.scale(metric)),
            "unhappy": range(bands.range(metric, Band::Unhappy)),
            "happy": range(bands.range(metric, Band::Happy)),
            "higher_is_better": bands.higher_is_better(metric),
        })
    };
    json!({"nps": metric(Metric::Nps), "csat": metric(Metric::Csat), "ces": metric(Metric::Ces)})
}

/// The groups' figures, written one group at a time: the file's bulk, never held twice.
struct Groups<'a>(&'a Report);

impl Serialize for Groups<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.groups.every_group().map(|g| group(&g)))
    }
}

/// A JSON object written in the order of its keys, as serde_json's own maps are: a group is
/// a dozen small objects, and building a map of owned keys for each took half the file's time.
struct Object(Vec<(&'static str, Field)>);

/// A field's value: a plain JSON value, or an object written in key order itself.
enum Field {
    Value(Value),
    Object(Object),
}

impl Object {
    fn new(mut fields: Vec<(&'static str, Field)>) -> Object {
        fields.sort_unstable_by_key(|(key, _)| *key);
        Object(fields)
    }
}

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, field)| (key, field)))
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(value) => value.serialize(serializer),
            Field::Object(object) => object.serialize(serializer),
        }
    }
}

/// A field from anything serde_json makes a value of without failing (numbers, strings, options).
fn field(value: impl Into<Value>) -> Field {
    Field::Value(value.into())
}

/// An interval as `[low, high]`, or null.
fn pair(bounds: Option<(f64, f64)>) -> Field {
    field(bounds.map(|(a, b)| vec![a, b]))
}

fn group(m: &GroupMetrics) -> Object {
    let mut nps = score(&m.nps.visibility, m.nps.score, m.nps.ci95, &m.change(Metric::Nps));
    if !m.nps.visibility.suppressed {
        nps.push(("promoters", field(m.nps.promoters)));
        nps.push(("passives", field(m.nps.passives)));
        nps.push(("detractors", field(m.nps.detractors)));
    }
    let mut csat = score(&m.csat.visibility, m.csat.score, m.csat.ci95, &m.change(Metric::Csat));
    if !m.csat.visibility.suppressed {
        csat.push(("mean", field(m.csat.mean)));
    }
    let mut ces = score(&m.ces.visibility, m.ces.score, m.ces.ci95, &m.change(Metric::Ces));
    if !m.ces.visibility.suppressed {
        ces.push(("agree", field(m.ces.agree)));
        ces.push(("sd", field(m.ces.variance.map(f64::sqrt))));
        ces.push(("agree_ci95", pair(m.ces.agree_ci95)));
    }
    // `weighting: persona`: the post-stratified figure beside the unweighted one, never for a
    // metric whose group is too small to show.
    if let Some(weighted) = &m.weighted {
        for (object, found, visibility) in [
            (&mut nps, weighted.nps, &m.nps.visibility),
            (&mut csat, weighted.csat, &m.csat.visibility),
            (&mut ces, weighted.ces, &m.ces.visibility),
        ] {
            if let Some(w) = found.filter(|_| !visibility.suppressed) {
                let fields = vec![("score", field(w.score)), ("ci95", pair(Some(w.ci95))), ("n_eff", field(w.n_eff))];
                object.push(("weighted", Field::Object(Object::new(fields))));
            }
        }
    }
    Object::new(vec![
        ("group", field(m.kind.name())),
        ("id", field(m.id.as_str())),
        ("period", field(m.scope.to_string())),
        ("responses", field(m.responses)),
        ("nps", Field::Object(Object::new(nps))),
        ("csat", Field::Object(Object::new(csat))),
        ("ces", Field::Object(Object::new(ces))),
    ])
}

/// The fields every metric has; a suppressed one shows only n.
fn score(
    visibility: &Visibility,
    value: Option<f64>,
    ci95: Option<(f64, f64)>,
    changes: &ScoreChanges,
) -> Vec<(&'static str, Field)> {
    if visibility.suppressed {
        return vec![
            ("n", field(visibility.n)),
            ("score", field(Value::Null)),
            ("ci95", field(Value::Null)),
            ("suppressed", field(true)),
        ];
    }
    let mut out = vec![
        ("n", field(visibility.n)),
        ("score", field(value)),
        ("ci95", pair(ci95)),
        ("suppressed", field(false)),
        ("low_confidence", field(visibility.low_confidence)),
    ];
    let mut change = Vec::new();
    for (key, part) in [("previous", changes.previous), ("year_ago", changes.year_ago)] {
        if let Some(Change { period, delta, p_value, q_value, significant, .. }) = part {
            change.push((
                key,
                Field::Object(Object::new(vec![
                    ("period", field(period.to_string())),
                    ("delta", field(delta)),
                    ("p_value", field(p_value)),
                    ("q_value", field(q_value)),
                    ("significant", field(significant)),
                ])),
            ));
        }
    }
    if !change.is_empty() {
        out.push(("change", Field::Object(Object::new(change))));
    }
    out
}

/// The segment gaps, written one at a time as the groups are: thousands on a large project,
/// whose `Value` maps took more memory than the file's text.
struct Gaps<'a>(&'a [crate::analyse::SegmentGap]);

impl Serialize for Gaps<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(segment_gap))
    }
}

/// A segment gap, with the keys `docs/metrics-json.md` names.
fn segment_gap(g: &crate::analyse::SegmentGap) -> Object {
    Object::new(vec![
        ("touchpoint", field(g.touchpoint.as_str())),
        ("kind", field(g.kind.as_str())),
        ("group", field(g.group.as_str())),
        ("value", field(g.value.as_str())),
        ("id", field(crate::analyse::within_touchpoint_id(&g.touchpoint, &g.value))),
        ("metric", field(g.metric.key())),
        ("period", field(g.period.to_string())),
        ("segment_score", field(g.segment_score)),
        ("rest_score", field(g.rest_score)),
        ("segment_n", field(g.segment_n)),
        ("rest_n", field(g.rest_n)),
        ("delta", field(g.delta)),
        ("p_value", field(g.p_value)),
        ("q_value", field(g.q_value)),
        ("significant", field(g.significant)),
    ])
}

/// The value at stake of the touchpoints and phases, and the pain points ranked by it (their
/// touchpoint's), with the keys `docs/metrics-json.md` names; `None` without any.
fn value_at_stake(report: &Report, currency: Option<&str>) -> Option<Value> {
    let stake = &report.value_at_stake;
    if stake.is_empty() {
        return None;
    }
    let exposure = |id: &str, e: &crate::analyse::value::Exposure| {
        json!({
            "id": id,
            "customers": e.customers,
            "customers_from": e.customers_from,
            "value_per_customer": e.value_per_customer,
            "metric": e.metric,
            "unhappy": e.unhappy,
            "unhappy_ci95": [e.unhappy_ci95.0, e.unhappy_ci95.1],
            "value": e.value,
            "range": [e.range.0, e.range.1],
        })
    };
    let pain_points: Vec<Value> = (crate::analyse::value::pain_points_by_value(report).iter().enumerate())
        .map(|(i, (p, e))| {
            json!({"id": p.id, "touchpoint": p.touchpoint, "value": e.value, "range": [e.range.0, e.range.1], "rank": i + 1})
        })
        .collect();
    Some(json!({
        "currency": currency,
        "touchpoints": stake.touchpoints.iter().map(|(id, e)| exposure(id, e)).collect::<Vec<_>>(),
        "phases": stake.phases.iter().map(|(id, e)| exposure(id, e)).collect::<Vec<_>>(),
        "pain_points": pain_points,
    }))
}

/// A target with its figure in the report's period, with the keys `docs/metrics-json.md` names.
fn target(t: &crate::analyse::targets::TargetFigure) -> Value {
    json!({
        "group": t.kind.name(),
        "id": t.id,
        "metric": t.metric.key(),
        "target": t.target,
        "by": t.by.map(|p| p.to_string()),
        "due": t.due,
        "score": t.score,
        "ci95": t.ci95.map(|(a, b)| [a, b]),
        "status": t.status,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_inputs_and_tail_join_into_the_text_of_the_whole_object() {
        let inputs = Inputs {
            generator: "cxsite 1".into(),
            fingerprint: "f".into(),
            files: vec![crate::load::InputFile { path: "a\nb.csv".into(), bytes: 3, sha256: "00".into() }],
        };
        let head = json!({"a": [1, {"b": null}], "generator": "cxsite 1"});
        let tail = json!({"metrics": [{"n": 2}], "schema": 1, "z": {}});
        let mut whole = head.clone();
        whole["inputs"] = serde_json::to_value(&inputs).unwrap();
        whole.as_object_mut().unwrap().extend(tail.as_object().unwrap().clone());
        let mut joined = Vec::new();
        write_head(&mut joined, &head).unwrap();
        write_inputs(&mut joined, &inputs).unwrap();
        write_tail(&mut joined, &tail).unwrap();
        assert_eq!(String::from_utf8(joined).unwrap(), serde_json::to_string_pretty(&whole).unwrap() + "\n");
    }

    #[test]
    fn objects_are_written_in_the_order_of_their_keys_like_serde_json_maps() {
        let change = Object::new(vec![("year_ago", field(1)), ("previous", field(2))]);
        let object = Object::new(vec![
            ("suppressed", field(false)),
            ("n", field(40u64)),
            ("score", field(f64::NAN)),
            ("ci95", pair(Some((0.25, 0.5)))),
            ("change", Field::Object(change)),
        ]);
        let map = json!({"suppressed": false, "n": 40, "score": null, "ci95": [0.25, 0.5],
            "change": {"year_ago": 1, "previous": 2}});
        assert_eq!(serde_json::to_string(&object).unwrap(), serde_json::to_string(&map).unwrap());
        assert_eq!(
            serde_json::to_string(&object).unwrap(),
            r#"{"change":{"previous":2,"year_ago":1},"ci95":[0.25,0.5],"n":40,"score":null,"suppressed":false}"#
        );
    }
}
