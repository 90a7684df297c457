//! Pre-aggregated input: the per-segment counts a warehouse's `GROUPING SETS` query (or
//! `cxsite aggregate`) writes, read into the same histograms the raw rows give.
//!
//! One row per count, columns `period,segment,id,metric,score,count`:
//! - `segment` is `overall` (id empty), `persona`, `touchpoint`, or a dimension's header name;
//!   or a segment within a touchpoint, `touchpoint/persona` or `touchpoint/<dimension header>`,
//!   with id `touchpoint/value` (`checkout/anna`, `checkout/mobile`);
//! - `metric` is `responses` (score empty), `nps`, `csat`, `ces` (score the answer and count
//!   how many gave it), or, for the key drivers, one of the sums over the responses at a
//!   touchpoint that answered both CSAT (x) and NPS (y): `pairs_n`, `pairs_sum_x`,
//!   `pairs_sum_y`, `pairs_sum_xx`, `pairs_sum_yy`, `pairs_sum_xy` (score empty, the sum in
//!   `count`).
//!
//! Or one row per cell of a plain `GROUP BY`: `period`, `metric`, `score`, `count` with any of
//! `persona`, `touchpoint` and the dimension headers; such a row stands for one segment row
//! per segment it names, those within its touchpoint included (see [`Shape`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::dialect::Delimiter;
use super::{ExportLayout, FileSummary, Responses, Segment, SegmentKey};
use crate::analyse::{split_within_touchpoint_id, within_touchpoint_id};
use crate::config::Scales;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::histogram::ScoreHistograms;
use crate::period::{Implausible, Period, PeriodKind};

/// The header `cxsite aggregate` writes and the reader expects.
pub const HEADER: &str = "period,segment,id,metric,score,count";

/// The `segment` of a touchpoint's responses by persona; by a dimension's values it is this
/// prefix and the dimension's header (`touchpoint/channel`), as metrics.json's `group`.
const WITHIN_PERSONA: &str = "touchpoint/persona";
const WITHIN_PREFIX: &str = "touchpoint/";

/// The driver sums, by metric name.
const PAIR_SUMS: [&str; 6] = ["pairs_n", "pairs_sum_x", "pairs_sum_y", "pairs_sum_xx", "pairs_sum_yy", "pairs_sum_xy"];

/// Writes `responses` as aggregate rows, in a stable order.
pub fn write_aggregate(responses: &Responses, dimensions: &[String]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for ((period, segment), counts) in responses.segments.iter() {
        let counts = counts.expand();
        let (name, id): (Cow<str>, Cow<str>) = match segment {
            Segment::Overall => ("overall".into(), "".into()),
            Segment::Persona(id) => ("persona".into(), id.into()),
            Segment::Touchpoint(id) => ("touchpoint".into(), id.into()),
            Segment::Dimension(index, value) => (dimensions[*index].as_str().into(), value.into()),
            Segment::TouchpointPersona(touchpoint, persona) => {
                (WITHIN_PERSONA.into(), within_touchpoint_id(touchpoint, persona).into())
            }
            Segment::TouchpointDimension(index, touchpoint, value) => (
                format!("{WITHIN_PREFIX}{}", dimensions[*index]).into(),
                within_touchpoint_id(touchpoint, value).into(),
            ),
        };
        let (name, id) = (quote(&name), quote(&spreadsheet_safe(&id)));
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

/// The characters that make a spreadsheet read a cell as a formula (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A value as written into a CSV that analysts open in Excel: one that a spreadsheet would run
/// as a formula (`=HYPERLINK(…)`) gets a leading `'`, as OWASP recommends. Values that already
/// start with `'`s before such a character get one more, so [`from_spreadsheet_safe`] gives
/// every value back unchanged.
fn spreadsheet_safe(value: &str) -> std::borrow::Cow<'_, str> {
    if value.trim_start_matches('\'').starts_with(FORMULA_STARTS) { format!("'{value}").into() } else { value.into() }
}

/// The value [`spreadsheet_safe`] was given.
fn from_spreadsheet_safe(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

fn quote(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

/// A row of an aggregate file as read: its cells in the file's column order, and where it is.
pub struct RawRow {
    /// The cells as text, numbers written out and null as empty.
    pub cells: Vec<String>,
    pub place: RowPlace,
}

/// Where a row is: a line of a CSV file, or a row of a Parquet file (which has no lines).
#[derive(Debug, Clone, Copy)]
pub enum RowPlace {
    /// The line of a CSV file where the row starts.
    Line(usize),
    /// The row's number in a Parquet file, from 1.
    Row(usize),
}

/// The columns of the per-segment shape, in the order of [`HEADER`].
pub const COLUMNS: [&str; 6] = ["period", "segment", "id", "metric", "score", "count"];

/// One count for one segment: the six fields of [`HEADER`], and the file's column of each.
struct SegmentRow {
    fields: [String; 6],
    columns: [usize; 6],
}

/// How a file's columns give segment rows.
enum Shape {
    /// [`HEADER`]'s columns (in any order): one segment per row.
    Segments([usize; 6]),
    /// The cross product a plain `GROUP BY period, persona, touchpoint, <dimensions>, metric,
    /// score` gives: each row counts in every segment its columns name, so summing the rows
    /// gives each segment's counts. `fixed` holds the columns of period, metric, score and count.
    Cells { fixed: [usize; 4], segments: Vec<(String, usize)> },
}

impl Shape {
    /// The shape of a file with `header`; `None` when it has neither.
    fn of(header: &[String], dimensions: &[String]) -> Option<Shape> {
        let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        if let Some(columns) = COLUMNS.iter().map(|c| find(c)).collect::<Option<Vec<usize>>>() {
            return Some(Shape::Segments(columns.try_into().expect("six columns")));
        }
        let fixed = ["period", "metric", "score", "count"].map(find);
        let segment_of = |name: &String| match name.to_lowercase().as_str() {
            "persona" => Some("persona".to_string()),
            "touchpoint" => Some("touchpoint".to_string()),
            _ => dimensions.contains(name).then(|| name.clone()),
        };
        let segments: Option<Vec<(String, usize)>> = header
            .iter()
            .enumerate()
            .filter(|(i, _)| !fixed.contains(&Some(*i)))
            .map(|(i, name)| segment_of(name).map(|segment| (segment, i)))
            .collect();
        match (fixed, segments) {
            ([Some(period), Some(metric), Some(score), Some(count)], Some(segments)) => {
                Some(Shape::Cells { fixed: [period, metric, score, count], segments })
            }
            _ => None,
        }
    }

    /// The segment rows one row of the file stands for.
    fn segment_rows(&self, cells: &[String]) -> Vec<SegmentRow> {
        let cell = |i: usize| cells.get(i).map_or("", |c| c.trim()).to_string();
        match self {
            Shape::Segments(columns) => vec![SegmentRow { fields: columns.map(cell), columns: *columns }],
            Shape::Cells { fixed: [period, metric, score, count], segments } => {
                let pairs = PAIR_SUMS.contains(&cell(*metric).as_str());
                // The overall segment has no column of its own: it is placed at the period's.
                let overall = (!pairs).then(|| ("overall".to_string(), String::new(), *period));
                let named: Vec<(String, String, usize)> = segments
                    .iter()
                    .filter(|(name, _)| !pairs || name == "touchpoint")
                    .map(|(name, column)| (name.clone(), cell(*column), *column))
                    .filter(|(_, id, _)| !id.is_empty())
                    .collect();
                // The touchpoint for the row's persona and on each of its dimension values.
                let touchpoint = named.iter().find(|(name, _, _)| name == "touchpoint").map(|(_, id, _)| id.clone());
                let within: Vec<(String, String, usize)> = match (&touchpoint, pairs) {
                    (Some(touchpoint), false) => named
                        .iter()
                        .filter(|(name, _, _)| name != "touchpoint")
                        .map(|(name, value, column)| {
                            (format!("{WITHIN_PREFIX}{name}"), within_touchpoint_id(touchpoint, value), *column)
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                overall
                    .into_iter()
                    .chain(named)
                    .chain(within)
                    .map(|(segment, id, column)| SegmentRow {
                        fields: [cell(*period), segment, id, cell(*metric), cell(*score), cell(*count)],
                        columns: [*period, column, column, *metric, *score, *count],
                    })
                    .collect()
            }
        }
    }
}

/// What reading an aggregate needs to know about the project.
pub struct AggregateSettings<'a> {
    pub period: PeriodKind,
    /// The `surveys.dimensions` headers, in order.
    pub dimensions: &'a [String],
    /// CSAT and CES scales: an answer outside them is refused, as in a raw export.
    pub scales: Scales,
    /// Lower-cased id → the project's spelling, for personas and touchpoints: ids are matched
    /// as in survey cells.
    pub personas: &'a std::collections::HashMap<String, &'a str>,
    pub touchpoints: &'a std::collections::HashMap<String, &'a str>,
    /// The month the report is made in: periods after it are refused, as rows dated after it are.
    pub today: Option<(i32, u8)>,
}

/// Reads one aggregate file (`file` as shown to the user), CSV or, by its `.parquet` name,
/// Parquet, in either shape.
pub fn read_aggregate(path: &Path, file: &Path, settings: &AggregateSettings) -> (Responses, Diagnostics) {
    let dimensions = settings.dimensions;
    let mut responses = Responses::default();
    let mut diagnostics = Diagnostics::default();
    let parquet = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    let read = if parquet { super::parquet::aggregate_rows(path, file) } else { csv_rows(path, file) };
    let shaped = read.and_then(|(header, rows)| match Shape::of(&header, dimensions) {
        Some(shape) => Ok((header, shape, rows)),
        None => Err(Diagnostic::error(
            Location::at(file, usize::from(!parquet), 0),
            match parquet {
                true => format!("the columns are `{}`", header.join(", ")),
                false => format!("the header is `{}`", header.join(",")),
            },
        )
        .with_hint(format!(
            "an aggregate file has the columns `{HEADER}`, or `period`, `metric`, `score`, `count` with `persona`, `touchpoint` and dimension columns; see docs/aggregates.md"
        ))),
    });
    let (header, shape, rows) = match shaped {
        Ok(shaped) => shaped,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return (responses, diagnostics);
        }
    };
    let mut rows_read = 0;
    // Rows come in any order: kept in a tree while read, then made into the sorted table.
    let mut segments = BTreeMap::new();
    for row in rows {
        rows_read += 1;
        let row = match row {
            Ok(row) => row,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                continue;
            }
        };
        let segment_rows = shape.segment_rows(&row.cells);
        if segment_rows.is_empty() {
            // Only a driver sum without a touchpoint gives no segment: say so, as for the other shape.
            let message = "a driver sum (`pairs_…`) without a touchpoint cannot be counted";
            let (location, message) = match row.place {
                RowPlace::Line(line) => (Location::at(file, line, 0), message.to_string()),
                RowPlace::Row(n) => (Location::file(file), format!("row {n}: {message}")),
            };
            diagnostics.push(
                Diagnostic::error(location, message)
                    .with_hint("the driver sums are per touchpoint: fill the `touchpoint` column of these rows"),
            );
        }
        for segment_row in segment_rows {
            let problem = |field: usize, message: String| {
                let column = segment_row.columns[field];
                let (location, message) = match row.place {
                    RowPlace::Line(line) => (Location::at(file, line, column + 1), message),
                    RowPlace::Row(n) => {
                        (Location::file(file), format!("row {n}, column `{}`: {message}", header[column]))
                    }
                };
                Diagnostic::error(location, message)
                    .with_hint("see docs/aggregates.md for the columns and their values")
            };
            if let Err(diagnostic) = add_row(&segment_row.fields, &mut responses, &mut segments, settings, &problem) {
                diagnostics.push(diagnostic);
                break; // one message a row
            }
        }
    }
    responses.segments = std::sync::Arc::new(segments.into_iter().collect());
    responses.quality.files.push(FileSummary {
        file: file.display().to_string(),
        rows: rows_read,
        skipped: 0,
        delimiter: (!parquet).then_some(Delimiter::Comma),
        encoding: if parquet { "Parquet" } else { "UTF-8" }.into(),
        header_rows: usize::from(!parquet),
        layout: ExportLayout::Aggregate,
        date_order: None,
        missing_columns: Vec::new(),
    });
    (responses, diagnostics)
}

/// The header of an aggregate file and its rows.
pub type ReadRows = (Vec<String>, Vec<Result<RawRow, Diagnostic>>);

/// The header and rows of an aggregate CSV file.
fn csv_rows(path: &Path, file: &Path) -> Result<ReadRows, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .map_err(|e| Diagnostic::error(Location::file(file), format!("cannot read this file: {e}")))?;
    let header: Vec<String> =
        reader.headers().map(|h| h.iter().map(|s| s.trim().to_string()).collect()).unwrap_or_default();
    let rows = reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                Diagnostic::error(Location::at(file, line, 0), format!("cannot read this row: {e}"))
            })?;
            let place = RowPlace::Line(record.position().map_or(0, |p| p.line() as usize));
            Ok(RawRow { cells: record.iter().map(str::to_string).collect(), place })
        })
        .collect();
    Ok((header, rows))
}

/// Counts one segment row (the fields of [`HEADER`]) into `responses`; `problem` makes the
/// message for a field.
fn add_row(
    fields: &[String; 6],
    responses: &mut Responses,
    segments: &mut BTreeMap<SegmentKey, ScoreHistograms>,
    settings: &AggregateSettings,
    problem: &dyn Fn(usize, String) -> Diagnostic,
) -> Result<(), Diagnostic> {
    let AggregateSettings { period: kind, dimensions, scales, personas, touchpoints, today } = *settings;
    let known = |ids: &std::collections::HashMap<String, &str>, id: &str| {
        ids.get(&id.trim().to_lowercase()).map(|id| id.to_string())
    };
    let field = |i: usize| fields[i].as_str();
    let period = Period::parse(field(0), kind)
        .ok_or_else(|| problem(0, format!("`{}` is not a period such as 2026-Q3 or 2026-07", field(0))))?;
    if let Some(why) = Implausible::of_period(period, today) {
        // As a raw row dated so: a warning, and the count is left out.
        let error = problem(0, format!("period `{}` cannot be in a report: {why}", field(0)));
        return Err(Diagnostic::warning(error.location, error.message)
            .with_hint("correct the period in the warehouse query's output")
            .with_consequence(Some("the count is left out")));
    }
    // A segment within a touchpoint: its id is `touchpoint/value`.
    let within = || split_within_touchpoint_id(from_spreadsheet_safe(field(2)));
    let segment = match field(1) {
        "overall" => Some(Segment::Overall),
        "persona" => known(personas, field(2)).map(Segment::Persona),
        "touchpoint" => known(touchpoints, field(2)).map(Segment::Touchpoint),
        WITHIN_PERSONA => within().and_then(|(touchpoint, persona)| {
            Some(Segment::TouchpointPersona(known(touchpoints, touchpoint)?, known(personas, persona)?))
        }),
        name => match dimensions.iter().position(|d| d == name) {
            Some(i) => Some(Segment::Dimension(i, from_spreadsheet_safe(field(2)).to_string())),
            None => name
                .strip_prefix(WITHIN_PREFIX)
                .and_then(|dimension| dimensions.iter().position(|d| d == dimension))
                .zip(within())
                .and_then(|(i, (touchpoint, value))| {
                    Some(Segment::TouchpointDimension(i, known(touchpoints, touchpoint)?, value.to_string()))
                }),
        },
    };
    let segment = segment.ok_or_else(|| problem(1, format!("unknown segment `{}` `{}`", field(1), field(2))))?;
    let count =
        field(5).parse::<u64>().map_err(|_| problem(5, format!("count `{}` is not a whole number", field(5))))?;
    let score = |low: u8, high: u8| field(4).parse::<u8>().ok().filter(|s| (low..=high).contains(s));
    // Made only when the row counts, so a refused row leaves no empty segment behind.
    let key = (period, segment.clone());
    let counts = move || segments.entry(key).or_default();
    let added = match field(3) {
        "responses" => {
            counts().responses += count;
            Some(())
        }
        "nps" => score(0, 10).map(|s| counts().nps.counts[usize::from(s)] += count),
        "csat" => score(1, scales.csat).map(|s| counts().csat.counts[usize::from(s)] += count),
        "ces" => score(1, scales.ces).map(|s| counts().ces.counts[usize::from(s)] += count),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> Vec<String> {
        text.split(',').map(String::from).collect()
    }

    #[test]
    fn a_cell_row_counts_in_every_segment_it_names_and_overall() {
        let dimensions = ["channel".to_string()];
        let shape = Shape::of(&header("period,persona,touchpoint,channel,metric,score,count"), &dimensions).unwrap();
        let rows = shape.segment_rows(&header("2026-Q3,anna,,web,nps,9,12"));
        let fields: Vec<[String; 6]> = rows.into_iter().map(|r| r.fields).collect();
        let expected = [
            ["2026-Q3", "overall", "", "nps", "9", "12"],
            ["2026-Q3", "persona", "anna", "nps", "9", "12"],
            ["2026-Q3", "channel", "web", "nps", "9", "12"],
        ];
        assert_eq!(fields, expected.map(|r| r.map(String::from)));
        // Driver sums belong to the touchpoint alone.
        let pairs = shape.segment_rows(&header("2026-Q3,,checkout,,pairs_sum_xy,,310"));
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].fields[1..3], ["touchpoint".to_string(), "checkout".to_string()]);
        assert!(shape.segment_rows(&header("2026-Q3,anna,,,pairs_n,,3")).is_empty(), "no touchpoint: nothing to count");
        // With a touchpoint, the row also counts in the touchpoint for its persona and on its channel.
        let rows = shape.segment_rows(&header("2026-Q3,anna,checkout,web,csat,5,7"));
        let segments: Vec<[String; 2]> = rows.into_iter().map(|r| [r.fields[1].clone(), r.fields[2].clone()]).collect();
        let expected = [
            ["overall", ""],
            ["persona", "anna"],
            ["touchpoint", "checkout"],
            ["channel", "web"],
            ["touchpoint/persona", "checkout/anna"],
            ["touchpoint/channel", "checkout/web"],
        ];
        assert_eq!(segments, expected.map(|r| r.map(String::from)));
    }

    #[test]
    fn formulas_are_neutralised_and_read_back_unchanged() {
        for (value, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+31", "'+31"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tweb", "'\tweb"),
            ("\rweb", "'\rweb"),
            ("'=x", "''=x"),
            ("web", "web"),
            ("'quoted'", "'quoted'"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_safe(value), written, "{value:?}");
            assert_eq!(from_spreadsheet_safe(written), value, "{written:?}");
        }
    }

    #[test]
    fn a_column_that_names_no_segment_is_no_shape() {
        let dimensions = ["channel".to_string()];
        assert!(Shape::of(&header("period,region,metric,score,count"), &dimensions).is_none());
        assert!(Shape::of(&header("count,score,metric,id,segment,period"), &dimensions).is_some(), "any order");
    }
}
