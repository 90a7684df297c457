//! How one export is laid out: its dialect, its header rows, which column holds each role,
//! and how it writes dates. Read from the first rows only, before the answers are read.

use serde::{Serialize, Serializer};
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::cell::{Scale, ScoreCell, is_ambiguous, order_evidence, parse_date};
use super::dialect::{Delimiter, NotText, decode, detect_delimiter, other_delimiter, sniff_not_text, strip_bom};
use super::rows::{RowReader, RowStart};
use crate::config::{ColumnRole, DateOrder, Metric, SurveySettings};
use crate::diagnostics::{Diagnostic, Location};

/// How much of the file is read to learn its layout.
const HEAD: u64 = 1 << 16;

/// At most this many question-text rows under the header are detected.
const MAX_EXTRA_HEADER_ROWS: usize = 3;

/// The answers read to decide the day/month order: this many rows, or about this many bytes.
const SAMPLE_ROWS: usize = 2000;
const SAMPLE_BYTES: u64 = 1 << 20;

/// The score columns of one touchpoint in a wide export.
#[derive(Debug, Clone)]
pub struct WideTouchpoint {
    /// The touchpoint's id as the project writes it.
    pub touchpoint: String,
    /// Column of NPS, CSAT and CES, in that order.
    pub scores: [Option<usize>; 3],
}

/// What the reader needs to know about one file.
#[derive(Debug, Clone)]
pub struct Layout {
    pub delimiter: u8,
    /// `\n` (also for CRLF files), or `\r` for files with old Mac line ends.
    pub line_end: u8,
    /// Where the answers start: the byte offset and the line number of the first answer row.
    pub data_start: u64,
    pub data_line: usize,
    pub header_rows: usize,
    /// Fields in the header row.
    pub width: usize,
    /// The header text of each column (for messages).
    pub headers: Vec<String>,
    /// Which export this is, from its header: response ids are compared only between files
    /// of one export (two downloads of one survey), as each form numbers its own responses.
    pub export: u64,
    /// The column of each role, by [`ColumnRole::index`].
    roles: [Option<usize>; ColumnRole::ALL.len()],
    /// The column of each dimension of `surveys.dimensions`, where present.
    pub dimensions: Vec<Option<usize>>,
    pub wide: Vec<WideTouchpoint>,
    pub date_order: DateOrder,
    /// How the date order was decided, for the data-quality section.
    pub date_order_note: DateOrderNote,
    /// The first date that decided a detected order (line, text): a later date of the other
    /// order is an error naming both.
    pub date_evidence: Option<(usize, String)>,
    /// The day/month order was set (`surveys.date_order`) or seen in a date only one order
    /// reads: an ambiguous date past the first rows may be read. Otherwise it is an error.
    pub date_order_known: bool,
    /// Warnings about the layout the user should act on (an ambiguous date order, header
    /// rows that take the whole file).
    pub warnings: Vec<Diagnostic>,
    /// `surveys.header_rows` took every row of the file (and a warning says so).
    pub every_row_is_header: bool,
    pub missing: Vec<String>,
    /// The header needed the Windows-1252 fallback.
    pub latin: bool,
}

impl Layout {
    /// The column of `role`, if this file has it.
    pub fn column(&self, role: ColumnRole) -> Option<usize> {
        self.roles[role.index()]
    }

    /// The separator, for the data-quality section.
    pub fn delimiter_kind(&self) -> Delimiter {
        Delimiter::of(self.delimiter)
    }
}

/// Reads the layout of the file at `path` (shown to the user as `file`).
/// `touchpoints` maps lower-cased touchpoint ids to the project's spelling, for wide columns.
pub fn read_layout(
    path: &Path,
    file: &Path,
    settings: &SurveySettings,
    touchpoints: &HashMap<String, &str>,
) -> Result<Layout, Diagnostic> {
    let io_error = |e: std::io::Error| Diagnostic::error(Location::file(file), format!("cannot read this file: {e}"));
    let mut input = File::open(path).map_err(io_error)?;
    let mut head = Vec::new();
    input.by_ref().take(HEAD).read_to_end(&mut head).map_err(io_error)?;
    if let Some(not_text) = sniff_not_text(&head) {
        return Err(not_text_error(not_text, file));
    }
    let mut bom = head.len() - strip_bom(&head).len();
    // Excel reads and writes a first line `sep=;` that names the separator.
    let sep_line = head[bom..].strip_prefix(b"sep=").and_then(|rest| match rest {
        [separator, b'\r', b'\n', ..] => Some((*separator, 7)),
        [separator, b'\n', ..] => Some((*separator, 6)),
        _ => None,
    });
    // Bytes and lines before the header row.
    let mut lines_before = 0;
    if let Some((_, length)) = sep_line {
        bom += length;
        lines_before = 1;
    }
    let delimiter = settings
        .delimiter
        .map(|c| c as u8)
        .or(sep_line.map(|(separator, _)| separator))
        .unwrap_or_else(|| detect_delimiter(&head[bom..]));
    let line_end = if !head.contains(&b'\n') && head.contains(&b'\r') { b'\r' } else { b'\n' };

    // The header, any question-text rows and a sample of answers, read as rows (never cut
    // by a buffer's end, however long the header or a quoted field).
    input.seek(SeekFrom::Start(bom as u64)).map_err(io_error)?;
    let mut reader = RowReader::new(input, delimiter, line_end);
    let mut rows: Vec<(csv::ByteRecord, RowStart)> = Vec::new();
    let mut whole_file = false;
    while rows.len() < SAMPLE_ROWS {
        let Some(start) = reader.read().map_err(io_error)? else {
            whole_file = true;
            break;
        };
        let row = reader.row();
        if start.byte > SAMPLE_BYTES && rows.len() > 1 + MAX_EXTRA_HEADER_ROWS {
            break;
        }
        if row.iter().all(|field| field.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank lines are skipped, here as when the answers are read
        }
        rows.push((csv::ByteRecord::from(row.iter().collect::<Vec<_>>()), start));
    }
    let end_of_sample = reader.position();
    let Some((header, _)) = rows.first() else {
        return Err(Diagnostic::error(Location::file(file), "this survey file is empty")
            .with_hint("export the survey again with its header row, or remove the file"));
    };
    let (headers, latin) = decode_row(header);
    let width = headers.len();

    let mut layout = Layout {
        delimiter,
        line_end,
        data_start: 0,
        data_line: 0,
        header_rows: 1,
        width,
        headers: headers.clone(),
        export: super::duplicates::id_hash(headers.join("\u{1f}").as_bytes()),
        roles: [None; ColumnRole::ALL.len()],
        dimensions: Vec::new(),
        wide: Vec::new(),
        date_order: settings.date_order.unwrap_or(DateOrder::Dmy),
        date_order_note: DateOrderNote::NoneRead, // until the answers are read below
        date_evidence: None,
        date_order_known: false,
        warnings: Vec::new(),
        every_row_is_header: false,
        missing: Vec::new(),
        latin,
    };
    // Each row under the header is judged with the columns named in the rows above it: a
    // mapping by question text (Qualtrics' second row) finds its columns there.
    let mut above: Vec<Vec<String>> = vec![headers.clone()];
    let extra = match settings.header_rows {
        Some(wanted) => {
            let extra = wanted.saturating_sub(1);
            for (index, (row, start)) in rows.iter().enumerate().skip(1).take(extra) {
                if let Some(answer) = reads_as_answer(row, &above, settings) {
                    return Err(skipped_answer_error(file, lines_before + start.line, index + 1, wanted, &answer));
                }
                above.push(decode_row(row).0);
            }
            extra
        }
        None => {
            let mut extra = 0;
            for (row, _) in rows[1..].iter().take(MAX_EXTRA_HEADER_ROWS) {
                if !is_question_text_row(row, &above, settings) {
                    break;
                }
                above.push(decode_row(row).0);
                extra += 1;
            }
            extra
        }
    };
    layout.header_rows = 1 + extra;
    // Question-text rows may name the columns too: `nps: "How likely are you to recommend us?"`.
    let names: Vec<Vec<String>> =
        std::iter::once(headers.clone()).chain(rows[1..].iter().take(extra).map(|(r, _)| decode_row(r).0)).collect();
    map_columns(&mut layout, &names, settings, touchpoints);
    let header_line = lines_before + rows[0].1.line;
    // A detected separator is the header's most frequent one: only a given one can be wrong.
    let given = match (settings.delimiter, sep_line) {
        (Some(_), _) => Some("surveys.delimiter"),
        (None, Some(_)) => Some("the file's `sep=` line"),
        (None, None) => None,
    };
    if let Some(source) = given.filter(|_| width == 1 && !layout.missing.is_empty())
        && let Some(error) = one_column_error(&head[bom..], delimiter, source, Location::at(file, header_line, 0))
    {
        return Err(error);
    }
    if let Some(duplicate) = find_duplicate(&names, settings) {
        return Err(duplicate.error(file, |row| rows[row].1.line + lines_before));
    }
    if !layout.missing.is_empty() {
        return Err(Diagnostic::error(Location::at(file, header_line, 0), format!("missing column {}", layout.missing.join(", ")))
            .with_hint(format!(
                "the header has: {}. Map each role to a header in cxsite.yaml under `surveys.columns`, for example `columns: {{date: \"Submitted at\"}}`",
                headers.iter().map(|h| crate::diagnostics::shown(h)).collect::<Vec<_>>().join(", ")
            )));
    }
    layout.missing = missing_optional(&layout, settings);

    if let Some(wanted) = settings.header_rows.filter(|&n| whole_file && n >= rows.len()) {
        layout.warnings.push(header_rows_warning(wanted, rows.len(), file, settings));
        layout.every_row_is_header = true;
    }
    let answers = &rows[(1 + extra).min(rows.len())..];
    let first_answer = answers.first().map_or(end_of_sample, |(_, start)| *start);
    layout.data_start = bom as u64 + first_answer.byte;
    layout.data_line = lines_before + first_answer.line;
    let dates = layout.column(ColumnRole::Date).map(|column| {
        answers
            .iter()
            .filter_map(move |(row, start)| Some((lines_before + start.line, decode(row.get(column)?).0.into_owned())))
    });
    decide_date_order(&mut layout, settings, dates.into_iter().flatten(), file)?;
    Ok(layout)
}

fn decode_row(row: &csv::ByteRecord) -> (Vec<String>, bool) {
    let mut latin = false;
    let names = row
        .iter()
        .map(|field| {
            let (text, fallback) = decode(field);
            latin |= fallback;
            text.trim().to_string()
        })
        .collect();
    (names, latin)
}

/// A header and a mapped name are the same when they differ only in case, in no-break or
/// repeated spaces, or in curly against straight quotes: what spreadsheets and survey tools
/// change without the user seeing it.
fn same_header(header: &str, name: &str) -> bool {
    let plain = |text: &str| -> String {
        let text: String = text
            .chars()
            .map(|c| match c {
                '\u{a0}' | '\u{2007}' | '\u{202f}' | '\t' => ' ',
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201c}' | '\u{201d}' => '"',
                c => c,
            })
            .collect();
        text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    };
    header.trim().eq_ignore_ascii_case(name.trim()) || plain(header) == plain(name)
}

/// A row under the header that holds question texts or tool metadata rather than answers
/// (Qualtrics writes two such rows, SurveyMonkey one): its date cell is empty or not a date,
/// none of its score cells is an answer, and some cell holds text. `above` are the header rows
/// above it, where the mapped columns are looked up.
fn is_question_text_row(row: &csv::ByteRecord, above: &[Vec<String>], settings: &SurveySettings) -> bool {
    let text = |cell: &[u8]| decode(cell).0.trim().to_string();
    let date = column_in(above, settings.columns.header(ColumnRole::Date).0)
        .and_then(|c| row.get(c))
        .map(text)
        .unwrap_or_default();
    if parse_date(&date, DateOrder::Dmy).is_ok() || parse_date(&date, DateOrder::Mdy).is_ok() {
        return false;
    }
    let any_text = row.iter().map(text).any(|cell| !cell.is_empty() && cell.parse::<f64>().is_err());
    score_answers(row, above, settings).is_empty() && any_text
}

/// The first column named `name` in any of the header rows `above`.
fn column_in(above: &[Vec<String>], name: &str) -> Option<usize> {
    above.iter().find_map(|row| row.iter().position(|h| same_header(h, name)))
}

/// The score cells of `row` that read as answers on a 0–10 scale: (header, cell).
fn score_answers(row: &csv::ByteRecord, above: &[Vec<String>], settings: &SurveySettings) -> Vec<(String, String)> {
    let score_columns = [ColumnRole::Nps, ColumnRole::Csat, ColumnRole::Ces]
        .map(|role| settings.columns.header(role).0.to_string())
        .into_iter()
        .chain(settings.wide.iter().map(|w| w.column.clone()));
    let scale = Scale::new(0, 10, &Default::default());
    score_columns
        .filter_map(|name| Some((column_in(above, &name)?, name)))
        .filter_map(|(column, name)| Some((name, decode(row.get(column)?).0.trim().to_string())))
        .filter(|(_, cell)| matches!(scale.read(cell), ScoreCell::Answer(_)))
        .collect()
}

/// A row `surveys.header_rows` skips that reads as an answer: what it holds, for the message.
/// A header row never holds a readable date in the date column, whatever its scores (an
/// answer's may be blank or labels), so a date is enough. The file has fewer header rows than
/// the setting says.
fn reads_as_answer(row: &csv::ByteRecord, above: &[Vec<String>], settings: &SurveySettings) -> Option<String> {
    let date = decode(row.get(column_in(above, settings.columns.header(ColumnRole::Date).0)?)?).0.trim().to_string();
    if parse_date(&date, DateOrder::Dmy).is_err() && parse_date(&date, DateOrder::Mdy).is_err() {
        return None;
    }
    Some(match score_answers(row, above, settings).first() {
        Some((name, cell)) => format!("date \"{date}\", {name} \"{cell}\""),
        None => format!("date \"{date}\""),
    })
}

/// The error for an answer that `surveys.header_rows` would skip as a header row.
fn skipped_answer_error(file: &Path, line: usize, row: usize, wanted: usize, answer: &str) -> Diagnostic {
    Diagnostic::error(
        Location::at(file, line, 0),
        format!(
            "`surveys.header_rows: {wanted}` skips row {row} as a header, but it reads as an answer ({answer}); this file has fewer header rows"
        ),
    )
    .with_hint("remove `header_rows` to have each file's header rows detected, or clean every file the same way")
}

/// Finds each role's, dimension's and wide column's index in the header rows; notes the
/// ones that must be there and are not.
fn map_columns(
    layout: &mut Layout,
    names: &[Vec<String>],
    settings: &SurveySettings,
    touchpoints: &HashMap<String, &str>,
) {
    let find = |name: &str| names.iter().find_map(|row| row.iter().position(|h| same_header(h, name)));
    for role in ColumnRole::ALL {
        let (header, named) = settings.columns.header(role);
        match find(header) {
            Some(index) => {
                layout.roles[role.index()] = Some(index);
            }
            None if named || role == ColumnRole::Date => {
                layout.missing.push(format!("`{header}` (surveys.columns.{})", role.key()))
            }
            None => {}
        }
    }
    let (dimensions, named_dimensions) = settings.dimensions();
    layout.dimensions = dimensions.iter().map(|n| find(n)).collect();
    if named_dimensions {
        for (name, index) in dimensions.iter().zip(&layout.dimensions) {
            if index.is_none() {
                layout.missing.push(format!("`{name}` (surveys.dimensions)"));
            }
        }
    }
    for column in &settings.wide {
        let Some(index) = find(&column.column) else {
            layout.missing.push(format!("`{}` (surveys.wide)", column.column));
            continue;
        };
        // An unknown touchpoint is reported once, by the settings check.
        let Some(&touchpoint) = touchpoints.get(&column.touchpoint.to_lowercase()) else { continue };
        let slot = match column.metric {
            Metric::Nps => 0,
            Metric::Csat => 1,
            Metric::Ces => 2,
        };
        match layout.wide.iter_mut().find(|w| w.touchpoint == touchpoint) {
            Some(wide) => wide.scores[slot] = Some(index),
            None => {
                let mut scores = [None; 3];
                scores[slot] = Some(index);
                layout.wide.push(WideTouchpoint { touchpoint: touchpoint.to_string(), scores });
            }
        }
    }
    let has_score = [ColumnRole::Nps, ColumnRole::Csat, ColumnRole::Ces].iter().any(|r| layout.column(*r).is_some())
        || !layout.wide.is_empty();
    if !has_score && layout.missing.is_empty() {
        layout.missing.push("a score column: `nps`, `csat` or `ces` (surveys.columns), or `surveys.wide`".into());
    }
}

/// Why a file cannot be read as CSV text at all.
fn not_text_error(not_text: NotText, file: &Path) -> Diagnostic {
    match not_text {
        NotText::Utf16 => {
            Diagnostic::error(Location::file(file), "this file is UTF-16 text (Excel's \"Unicode Text\"), not CSV")
                .with_hint("export it again as \"CSV UTF-8\" (or plain CSV), or save it as UTF-8 in a text editor")
        }
        NotText::Binary { line } => Diagnostic::error(
            Location::at(file, line, 0),
            format!("this file is not text (it holds NUL bytes at line {line}): is it a spreadsheet or another binary file?"),
        )
        .with_hint("export the survey as CSV (in Excel: File > Save As > \"CSV UTF-8\"), or move this file out of the folder `surveys.files` matches"),
    }
}

/// A header read as one column although another common separator would split it: the
/// separator was set (by `source`) to one the file does not use.
fn one_column_error(head: &[u8], used: u8, source: &str, at: Location) -> Option<Diagnostic> {
    let other = other_delimiter(head, used)?;
    let shown = |d: u8| if d == b'\t' { "tab".to_string() } else { format!("`{}`", d as char) };
    let message = format!(
        "the header is one column with {} as the separator ({source}); this file looks {}-separated",
        shown(used),
        Delimiter::of(other)
    );
    let hint = match source {
        "surveys.delimiter" => format!(
            "set `surveys.delimiter: \"{}\"` in cxsite.yaml, or remove it to have the separator detected",
            (other as char).escape_default()
        ),
        _ => "correct the `sep=` line at the top of the file, or remove it to have the separator detected".into(),
    };
    Some(Diagnostic::error(at, message).with_hint(hint))
}

/// A mapped column whose header appears twice in one header row.
#[derive(Debug, PartialEq, Eq)]
struct Duplicate {
    header: String,
    /// The setting that names it, as the user would look it up.
    setting: String,
    /// The header row (0: the header, then question-text rows) and the two 0-based columns.
    row: usize,
    columns: (usize, usize),
}

impl Duplicate {
    /// The error, at the second column; `line_of` gives a header row's line in the file.
    fn error(&self, file: &Path, line_of: impl Fn(usize) -> usize) -> Diagnostic {
        let (first, second) = (self.columns.0 + 1, self.columns.1 + 1);
        Diagnostic::error(
            Location::at(file, line_of(self.row), second),
            format!(
                "the header names `{}` ({}) twice, in columns {first} and {second}; cxsite cannot tell which one is meant",
                self.header, self.setting
            ),
        )
        .with_hint("rename or remove one of them in the export so that each header is unique; cxsite.yaml can then map the renamed one under `surveys.columns`")
    }
}

/// The first header that a role, dimension or wide column is mapped to and that appears
/// twice in the header row it is found in. A duplicate nothing is mapped to is never read,
/// so it does not matter.
fn find_duplicate(names: &[Vec<String>], settings: &SurveySettings) -> Option<Duplicate> {
    let roles = ColumnRole::ALL
        .into_iter()
        .map(|role| (settings.columns.header(role).0.to_string(), format!("surveys.columns.{}", role.key())));
    let dimensions = settings.dimensions().0.into_iter().map(|name| (name, "surveys.dimensions".to_string()));
    let wide = settings.wide.iter().map(|w| (w.column.clone(), "surveys.wide".to_string()));
    roles.chain(dimensions).chain(wide).find_map(|(header, setting)| {
        // The row the column is found in, as `map_columns` finds it: the first that has it.
        let (row, found) = names.iter().enumerate().find_map(|(row, headers)| {
            let found: Vec<usize> = (0..headers.len()).filter(|&i| same_header(&headers[i], &header)).collect();
            (!found.is_empty()).then_some((row, found))
        })?;
        let &[first, second, ..] = found.as_slice() else { return None };
        Some(Duplicate { header, setting, row, columns: (first, second) })
    })
}

/// `surveys.header_rows` takes every row of a file for a header row: nothing is read.
fn header_rows_warning(wanted: usize, rows: usize, file: &Path, settings: &SurveySettings) -> Diagnostic {
    let at = settings.header_rows_at.clone().unwrap_or_else(|| Location::file(crate::load::SETTINGS_FILE));
    let lines = if rows == 1 { "1 row".to_string() } else { format!("{rows} rows") };
    Diagnostic::warning(
        at,
        format!(
            "`surveys.header_rows: {wanted}` skips every line of {}, which has {lines}: none of its answers is read",
            file.display()
        ),
    )
    .with_hint("set `header_rows` to the rows above the first answer (1 for a plain header row), or remove it to have them detected")
}

/// The optional columns this file lacks, for the data-quality section. The default
/// dimensions (`channel`, `device`) count only when the user named them.
fn missing_optional(layout: &Layout, settings: &SurveySettings) -> Vec<String> {
    let roles = ColumnRole::ALL
        .into_iter()
        .filter(|r| layout.column(*r).is_none())
        .map(|r| settings.columns.header(r).0.to_string());
    let (dimensions, named) = settings.dimensions();
    let dimensions =
        dimensions.into_iter().zip(&layout.dimensions).filter(|(_, i)| named && i.is_none()).map(|(n, _)| n);
    roles.chain(dimensions).collect()
}

/// Day-first or month-first, for dates with the year last. The setting wins; otherwise the
/// first rows (`(line, text)`) decide. Dates that only one order can read (`25/03/2026`)
/// decide it; when there are none but some could be read either way (`03/04/2026`), or when
/// the file holds dates of both orders, it is an error: a wrong order moves responses into
/// another quarter, so it is never guessed.
fn decide_date_order(
    layout: &mut Layout,
    settings: &SurveySettings,
    dates: impl Iterator<Item = (usize, String)>,
    file: &Path,
) -> Result<(), Diagnostic> {
    if let Some(order) = settings.date_order {
        layout.date_order_known = true;
        layout.date_order = order;
        layout.date_order_note = DateOrderNote::Set(order);
        return Ok(());
    }
    let (mut day_first, mut month_first, mut ambiguous, mut year_last) = (None, None, None, false);
    let mut year_first = false;
    for (line, date) in dates {
        year_first |= date_year_first(&date);
        let day_part = date.trim().split(['T', ' ']).next().unwrap_or_default().as_bytes();
        year_last |= day_part.len() >= 8 && day_part[..4].iter().any(|b| matches!(b, b'-' | b'/' | b'.'));
        match order_evidence(&date) {
            Some(DateOrder::Dmy) => day_first = day_first.or(Some((line, date))),
            Some(DateOrder::Mdy) => month_first = month_first.or(Some((line, date))),
            None if is_ambiguous(&date) => ambiguous = ambiguous.or(Some((line, date))),
            None => {}
        }
    }
    let column = layout.column(ColumnRole::Date).map_or(0, |c| c + 1);
    let (order, note) = match (day_first, month_first) {
        (Some(dmy), Some(mdy)) => {
            let (earlier, later) = if dmy.0 < mdy.0 { (dmy, mdy) } else { (mdy, dmy) };
            return Err(mixed_orders_error(Location::at(file, later.0, column), &later.1, &earlier));
        }
        (None, Some(evidence)) => {
            layout.date_evidence = Some(evidence);
            layout.date_order_known = true;
            (DateOrder::Mdy, DateOrderNote::Detected(DateOrder::Mdy))
        }
        (Some(evidence), None) => {
            layout.date_evidence = Some(evidence);
            layout.date_order_known = true;
            (DateOrder::Dmy, DateOrderNote::Detected(DateOrder::Dmy))
        }
        (None, None) => match ambiguous {
            Some((line, example)) => {
                return Err(Diagnostic::error(
                    Location::at(file, line, column),
                    format!(
                        "dates such as \"{example}\" could be day-first or month-first, and no date in the first rows tells which"
                    ),
                )
                .with_hint("set `surveys.date_order: dmy` (14/07/2026) or `mdy` (07/14/2026) in cxsite.yaml to say which"));
            }
            None if year_last => (DateOrder::Dmy, DateOrderNote::Detected(DateOrder::Dmy)),
            None if year_first => (DateOrder::Dmy, DateOrderNote::YearFirst),
            None => (DateOrder::Dmy, DateOrderNote::NoneRead),
        },
    };
    layout.date_order = order;
    layout.date_order_note = note;
    Ok(())
}

/// A file whose dates are written both day-first and month-first: at `here`, a date only one
/// order reads, where `earlier` (line, text) is one only the other order reads.
pub fn mixed_orders_error(here: Location, date: &str, earlier: &(usize, String)) -> Diagnostic {
    let order = |text: &str| match order_evidence(text) {
        Some(DateOrder::Mdy) => "month-first",
        _ => "day-first",
    };
    Diagnostic::error(
        here,
        format!(
            "date \"{date}\" is {}, but line {} (\"{}\") is {}: this file mixes both, so a date such as 03/04/2026 cannot be read",
            order(date),
            earlier.0,
            earlier.1,
            order(&earlier.1)
        ),
    )
    .with_hint("export the dates in one form (2026-07-14 is safest)")
}

/// A date written year first (`2026-07-14`, `2026/07/14 09:00`) that can be read.
fn date_year_first(date: &str) -> bool {
    date.trim().as_bytes().get(4).is_some_and(|b| matches!(b, b'-' | b'/' | b'.'))
        && parse_date(date, DateOrder::Dmy).is_ok()
}

/// How a file's day/month order was decided, for the data-quality section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrderNote {
    /// Set in `surveys.date_order`.
    Set(DateOrder),
    /// Read from the first rows: a date only this order reads, or dates with the year last
    /// that read the same either way.
    Detected(DateOrder),
    /// Every date of the first rows is written year first (ISO 8601).
    YearFirst,
    /// No date in the first rows.
    NoneRead,
}

impl DateOrderNote {
    /// Its interface string, for the pages in the report's language.
    pub fn i18n_key(self) -> &'static str {
        match self {
            DateOrderNote::Set(DateOrder::Dmy) => "date_order_set_day_first",
            DateOrderNote::Set(DateOrder::Mdy) => "date_order_set_month_first",
            DateOrderNote::Detected(DateOrder::Dmy) => "date_order_detected_day_first",
            DateOrderNote::Detected(DateOrder::Mdy) => "date_order_detected_month_first",
            DateOrderNote::YearFirst => "date_order_year_first",
            DateOrderNote::NoneRead => "date_order_none_read",
        }
    }

    /// Every note, for tests that each has its strings.
    pub const ALL: [DateOrderNote; 6] = [
        DateOrderNote::Set(DateOrder::Dmy),
        DateOrderNote::Set(DateOrder::Mdy),
        DateOrderNote::Detected(DateOrder::Dmy),
        DateOrderNote::Detected(DateOrder::Mdy),
        DateOrderNote::YearFirst,
        DateOrderNote::NoneRead,
    ];
}

/// `day-first (detected)` and the like: its text in metrics.json (`data_quality.files[].date_order`,
/// a contract) and on stderr.
impl fmt::Display for DateOrderNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let order = |order: &DateOrder| match order {
            DateOrder::Dmy => "day-first",
            DateOrder::Mdy => "month-first",
        };
        match self {
            DateOrderNote::Set(o) => write!(f, "{} (surveys.date_order)", order(o)),
            DateOrderNote::Detected(o) => write!(f, "{} (detected)", order(o)),
            DateOrderNote::YearFirst => f.write_str("year first (ISO 8601)"),
            DateOrderNote::NoneRead => f.write_str("none read in the first rows"),
        }
    }
}

impl Serialize for DateOrderNote {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn settings(yaml: &str) -> SurveySettings {
        crate::yaml::parse::<Settings>(&format!("title: t\n{yaml}"), std::path::Path::new("c.yaml"), 1).unwrap().surveys
    }

    fn header(names: &str) -> Vec<Vec<String>> {
        vec![names.split(',').map(String::from).collect()]
    }

    #[test]
    fn a_mapped_header_named_twice_is_a_duplicate() {
        let found = find_duplicate(&header("id,submitted_at,nps,NPS,comment"), &settings("")).unwrap();
        assert_eq!(
            found,
            Duplicate { header: "nps".into(), setting: "surveys.columns.nps".into(), row: 0, columns: (2, 3) }
        );
        let error = found.error(Path::new("s.csv"), |row| row + 1);
        assert_eq!(error.location, Location::at("s.csv", 1, 4));
    }

    #[test]
    fn a_duplicate_nothing_is_mapped_to_does_not_matter() {
        assert_eq!(find_duplicate(&header("submitted_at,nps,notes,notes"), &settings("")), None);
        let wide = "surveys: {wide: [{column: Delivery, touchpoint: delivery, metric: csat}]}";
        assert_eq!(find_duplicate(&header("submitted_at,Delivery,delivery"), &settings(wide)).unwrap().columns, (1, 2));
    }

    #[test]
    fn date_order_notes_keep_the_text_metrics_json_has_always_had() {
        let texts: Vec<String> = DateOrderNote::ALL.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "day-first (surveys.date_order)",
                "month-first (surveys.date_order)",
                "day-first (detected)",
                "month-first (detected)",
                "year first (ISO 8601)",
                "none read in the first rows",
            ]
        );
    }

    #[test]
    fn a_one_column_header_names_the_separator_that_would_split_it() {
        let at = Location::at("s.csv", 1, 0);
        let error = one_column_error(b"id,date,nps\n1,2,3\n", b';', "surveys.delimiter", at.clone()).unwrap();
        assert!(error.message.ends_with("this file looks comma-separated"), "{}", error.message);
        assert!(error.hint.unwrap().contains("surveys.delimiter: \",\""));
        let tab = one_column_error(b"id\tdate\tnps\n", b',', "the file's `sep=` line", at.clone()).unwrap();
        assert!(tab.message.contains("tab-separated"), "{}", tab.message);
        assert_eq!(one_column_error(b"nps\n9\n", b';', "surveys.delimiter", at), None);
    }
}
