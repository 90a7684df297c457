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

use super::{FileSummary, Responses, Segment};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
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

/// One row of an aggregate file: its six fields as text, and where it is.
pub struct AggregateRow {
    pub fields: [String; 6],
    pub place: RowPlace,
}

/// Where a row is: a line of a CSV file, or a row of a Parquet file (which has no lines).
#[derive(Debug, Clone, Copy)]
pub enum RowPlace {
    Line(usize),
    Row(usize),
}

impl RowPlace {
    /// A problem with `column` (0-based) of this row of `file`.
    fn problem(self, file: &Path, column: usize, message: String) -> Diagnostic {
        let (location, message) = match self {
            RowPlace::Line(line) => (Location::at(file, line, column + 1), message),
            RowPlace::Row(row) => (Location::file(file), format!("row {row}, column `{}`: {message}", COLUMNS[column])),
        };
        Diagnostic::error(location, message).with_hint(format!("each row is `{HEADER}`; see docs/aggregates.md"))
    }
}

/// The columns, in the order of [`HEADER`].
pub const COLUMNS: [&str; 6] = ["period", "segment", "id", "metric", "score", "count"];

/// Reads one aggregate file (`file` as shown to the user), CSV or, by its `.parquet` name,
/// Parquet. Ids are matched like survey cells.
pub fn read_aggregate(
    path: &Path,
    file: &Path,
    kind: PeriodKind,
    dimensions: &[String],
    resolve: &dyn Fn(&str, &str) -> Option<String>,
) -> (Responses, Diagnostics) {
    let mut responses = Responses::default();
    let mut diagnostics = Diagnostics::default();
    let parquet = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    let rows = if parquet { super::parquet::aggregate_rows(path, file) } else { csv_rows(path, file) };
    let rows = match rows {
        Ok(rows) => rows,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return (responses, diagnostics);
        }
    };
    let mut count_rows = 0;
    for row in rows {
        count_rows += 1;
        match row.and_then(|row| add_row(&row, &mut responses, kind, dimensions, resolve, file)) {
            Ok(()) => {}
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let rows = count_rows;
    responses.quality.files.push(FileSummary {
        file: file.display().to_string(),
        rows,
        delimiter: if parquet { "–" } else { "comma" }.into(),
        encoding: if parquet { "Parquet" } else { "UTF-8" }.into(),
        header_rows: usize::from(!parquet),
        layout: "aggregate".into(),
        date_order: "–".into(),
        missing_columns: Vec::new(),
    });
    (responses, diagnostics)
}

/// The rows of an aggregate CSV file, after checking its header.
fn csv_rows(path: &Path, file: &Path) -> Result<Vec<Result<AggregateRow, Diagnostic>>, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .map_err(|e| Diagnostic::error(Location::file(file), format!("cannot read this file: {e}")))?;
    let headers: Vec<String> =
        reader.headers().map(|h| h.iter().map(|s| s.trim().to_string()).collect()).unwrap_or_default();
    if headers != COLUMNS {
        return Err(Diagnostic::error(
            Location::at(file, 1, 0),
            format!("the header is `{}`, not `{HEADER}`", headers.join(",")),
        )
        .with_hint("write aggregates with `cxsite aggregate`, or with one of the SQL recipes in docs/aggregates.md"));
    }
    Ok(reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                Diagnostic::error(Location::at(file, line, 0), format!("cannot read this row: {e}"))
            })?;
            let place = RowPlace::Line(record.position().map_or(0, |p| p.line() as usize));
            let fields = std::array::from_fn(|i| record.get(i).unwrap_or("").trim().to_string());
            Ok(AggregateRow { fields, place })
        })
        .collect())
}

/// Counts one aggregate row into `responses`.
fn add_row(
    row: &AggregateRow,
    responses: &mut Responses,
    kind: PeriodKind,
    dimensions: &[String],
    resolve: &dyn Fn(&str, &str) -> Option<String>,
    file: &Path,
) -> Result<(), Diagnostic> {
    let field = |i: usize| row.fields[i].as_str();
    let problem = |column: usize, message: String| row.place.problem(file, column, message);
    let period = Period::parse(field(0), kind)
        .ok_or_else(|| problem(0, format!("`{}` is not a period such as 2026-Q3 or 2026-07", field(0))))?;
    let segment = match field(1) {
        "overall" => Some(Segment::Overall),
        "persona" => resolve("persona", field(2)).map(Segment::Persona),
        "touchpoint" => resolve("touchpoint", field(2)).map(Segment::Touchpoint),
        name => dimensions.iter().position(|d| d == name).map(|i| Segment::Dimension(i, field(2).to_string())),
    };
    let segment = segment.ok_or_else(|| problem(1, format!("unknown segment `{}` `{}`", field(1), field(2))))?;
    let count =
        field(5).parse::<u64>().map_err(|_| problem(5, format!("count `{}` is not a whole number", field(5))))?;
    let score = |high: u8| field(4).parse::<u8>().ok().filter(|s| *s <= high);
    let counts = responses.segments.entry((period, segment.clone())).or_default();
    let added = match field(3) {
        "responses" => {
            counts.responses += count;
            Some(())
        }
        "nps" => score(10).map(|s| counts.nps.counts[usize::from(s)] += count),
        "csat" => score(10).map(|s| counts.csat.counts[usize::from(s)] += count),
        "ces" => score(10).map(|s| counts.ces.counts[usize::from(s)] += count),
        metric if PAIR_SUMS.contains(&metric) => match &segment {
            Segment::Touchpoint(id) => {
                let p = responses.drivers.entry((period, id.clone())).or_default();
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
    added.ok_or_else(|| problem(3, format!("metric `{}` with score `{}` cannot be counted here", field(3), field(4))))
}
