//! Pre-aggregated input: the per-segment counts a warehouse's `GROUPING SETS` query (or
//! `cxsite aggregate`) writes, read into the same histograms the raw rows give.
//!
//! One row per count, columns `period,segment,id,metric,score,count`:
//! - `segment` is `overall` (id empty), `persona`, `touchpoint`, or a dimension's header name;
//! - `metric` is `responses` (score empty), `nps`, `csat`, `ces` (score the answer and count
//!   how many gave it), or, for the key drivers, one of the sums over the responses at a
//!   touchpoint that answered both CSAT (x) and NPS (y): `pairs_n`, `pairs_sum_x`,
//!   `pairs_sum_y`, `pairs_sum_xx`, `pairs_sum_yy`, `pairs_sum_xy` (score empty, the sum in
//!   `count`).

use std::fmt::Write as _;
use std::path::Path;

use super::{CsatNpsPairs, FileSummary, Responses, Segment};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::histogram::ScoreHistograms;
use crate::period::{Period, PeriodKind};

/// The header `cxsite aggregate` writes and the reader expects.
pub const HEADER: &str = "period,segment,id,metric,score,count";

/// The driver sums, by metric name.
const PAIR_SUMS: [&str; 6] = ["pairs_n", "pairs_sum_x", "pairs_sum_y", "pairs_sum_xx", "pairs_sum_yy", "pairs_sum_xy"];

/// Writes `responses` as aggregate rows, in a stable order.
pub fn write_aggregate(responses: &Responses, dimensions: &[String]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for ((period, segment), counts) in &responses.segments {
        let (name, id) = match segment {
            Segment::Overall => ("overall", ""),
            Segment::Persona(id) => ("persona", id.as_str()),
            Segment::Touchpoint(id) => ("touchpoint", id.as_str()),
            Segment::Dimension(index, value) => (dimensions[*index].as_str(), value.as_str()),
        };
        let (name, id) = (quote(name), quote(id));
        let _ = writeln!(out, "{period},{name},{id},responses,,{}", counts.responses);
        for (metric, histogram) in [("nps", &counts.nps), ("csat", &counts.csat), ("ces", &counts.ces)] {
            for (score, count) in histogram.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
                let _ = writeln!(out, "{period},{name},{id},{metric},{score},{count}");
            }
        }
    }
    for ((period, touchpoint), p) in &responses.drivers {
        let id = quote(touchpoint);
        for (metric, sum) in PAIR_SUMS.iter().zip([p.n, p.sum_x, p.sum_y, p.sum_xx, p.sum_yy, p.sum_xy]) {
            let _ = writeln!(out, "{period},touchpoint,{id},{metric},,{sum}");
        }
    }
    out
}

fn quote(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

/// Reads one aggregate file (`file` as shown to the user). Ids are matched like survey cells.
pub fn read_aggregate(
    path: &Path,
    file: &Path,
    kind: PeriodKind,
    dimensions: &[String],
    resolve: &dyn Fn(&str, &str) -> Option<String>,
) -> (Responses, Diagnostics) {
    let mut responses = Responses::default();
    let mut diagnostics = Diagnostics::default();
    let mut reader = match csv::ReaderBuilder::new().flexible(false).from_path(path) {
        Ok(reader) => reader,
        Err(e) => {
            diagnostics.push(Diagnostic::error(Location::file(file), format!("cannot read this file: {e}")));
            return (responses, diagnostics);
        }
    };
    let expected: Vec<&str> = HEADER.split(',').collect();
    let headers: Vec<String> =
        reader.headers().map(|h| h.iter().map(|s| s.trim().to_string()).collect()).unwrap_or_default();
    if headers != expected {
        diagnostics.push(
            Diagnostic::error(
                Location::at(file, 1, 0),
                format!("the header is `{}`, not `{HEADER}`", headers.join(",")),
            )
            .with_hint("write aggregates with `cxsite aggregate`, or with one of the SQL recipes in the README"),
        );
        return (responses, diagnostics);
    }
    let mut rows = 0;
    for record in reader.records() {
        rows += 1;
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                diagnostics.push(Diagnostic::error(Location::at(file, line, 0), format!("cannot read this row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let problem = |column: usize, message: String| {
            Diagnostic::error(Location::at(file, line, column + 1), message)
                .with_hint(format!("each row is `{HEADER}`; see the README's aggregate recipes"))
        };
        let Some(period) = Period::parse(field(0), kind) else {
            diagnostics.push(problem(0, format!("`{}` is not a period such as 2026-Q3 or 2026-07", field(0))));
            continue;
        };
        let segment = match field(1) {
            "overall" => Some(Segment::Overall),
            "persona" => resolve("persona", field(2)).map(Segment::Persona),
            "touchpoint" => resolve("touchpoint", field(2)).map(Segment::Touchpoint),
            name => dimensions.iter().position(|d| d == name).map(|i| Segment::Dimension(i, field(2).to_string())),
        };
        let Some(segment) = segment else {
            diagnostics.push(problem(1, format!("unknown segment `{}` `{}`", field(1), field(2))));
            continue;
        };
        let Ok(count) = field(5).parse::<u64>() else {
            diagnostics.push(problem(5, format!("count `{}` is not a whole number", field(5))));
            continue;
        };
        let score = |i: usize, high: u8| field(i).parse::<u8>().ok().filter(|s| *s <= high);
        let counts = responses.segments.entry((period, segment.clone())).or_insert_with(ScoreHistograms::default);
        let added = match field(3) {
            "responses" => {
                counts.responses += count;
                Some(())
            }
            "nps" => score(4, 10).map(|s| counts.nps.counts[usize::from(s)] += count),
            "csat" => score(4, 10).map(|s| counts.csat.counts[usize::from(s)] += count),
            "ces" => score(4, 10).map(|s| counts.ces.counts[usize::from(s)] += count),
            metric if PAIR_SUMS.contains(&metric) => match &segment {
                Segment::Touchpoint(id) => {
                    let p = responses.drivers.entry((period, id.clone())).or_insert_with(CsatNpsPairs::default);
                    let sum = match metric {
                        "pairs_n" => &mut p.n,
                        "pairs_sum_x" => &mut p.sum_x,
                        "pairs_sum_y" => &mut p.sum_y,
                        "pairs_sum_xx" => &mut p.sum_xx,
                        "pairs_sum_yy" => &mut p.sum_yy,
                        _ => &mut p.sum_xy,
                    };
                    *sum += count;
                    Some(())
                }
                _ => None,
            },
            _ => None,
        };
        if added.is_none() {
            diagnostics
                .push(problem(3, format!("metric `{}` with score `{}` cannot be counted here", field(3), field(4))));
        }
    }
    responses.quality.files.push(FileSummary {
        file: file.display().to_string(),
        rows,
        delimiter: "comma".into(),
        encoding: "UTF-8".into(),
        header_rows: 1,
        layout: "aggregate".into(),
        date_order: "–".into(),
        missing_columns: Vec::new(),
    });
    (responses, diagnostics)
}
