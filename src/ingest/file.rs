//! Reads one survey export, row by row, into histograms, a comment sample and a quality record.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::cell::{ScoreCell, parse_date, parse_score};
use super::comments::{Comment, stable_hash};
use super::dialect::{decode, delimiter_name, detect_delimiter, strip_bom};
use super::quality::FileSummary;
use super::{CellKey, Responses};
use crate::config::{ColumnRole, SurveySettings};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::period::{Period, PeriodKind};

/// What the reader needs to know about the project.
pub struct Known<'a> {
    pub settings: &'a SurveySettings,
    pub period: PeriodKind,
    /// Lower-cased id → id, for touchpoints and personas.
    pub touchpoints: HashMap<String, &'a str>,
    pub personas: HashMap<String, &'a str>,
}

/// The column index of each role and dimension in this file.
struct Columns {
    roles: HashMap<ColumnRole, usize>,
    dimensions: Vec<Option<usize>>,
}

/// Reads `path` (shown to the user as `file`).
pub fn read_survey_file(path: &Path, file: &Path, known: &Known) -> (Responses, Diagnostics) {
    let mut reader = FileReader { file, known, responses: Responses::default(), diagnostics: Diagnostics::default() };
    if let Err(diagnostic) = reader.read(path) {
        reader.diagnostics.push(diagnostic);
    }
    (reader.responses, reader.diagnostics)
}

struct FileReader<'a> {
    file: &'a Path,
    known: &'a Known<'a>,
    responses: Responses,
    diagnostics: Diagnostics,
}

impl FileReader<'_> {
    fn read(&mut self, path: &Path) -> Result<(), Diagnostic> {
        let io_error =
            |e: std::io::Error| Diagnostic::error(Location::file(self.file), format!("cannot read this file: {e}"));
        let mut input = BufReader::with_capacity(1 << 16, File::open(path).map_err(io_error)?);
        // The first 64 KiB tell the byte-order mark and the separator.
        let mut head = Vec::with_capacity(1 << 16);
        input.by_ref().take(1 << 16).read_to_end(&mut head).map_err(io_error)?;
        let bom = head.len() - strip_bom(&head).len();
        let delimiter =
            self.known.settings.delimiter.map(|c| c as u8).unwrap_or_else(|| detect_delimiter(&head[bom..]));
        let body = std::io::Cursor::new(head).chain(input);

        let mut csv =
            csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(false).from_reader(body);
        let mut record = csv::ByteRecord::new();
        let mut headers = csv::ByteRecord::new();
        let file = self.file;
        let read_error = |e: csv::Error| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            Diagnostic::error(Location::at(file, line, 0), format!("cannot read this CSV file: {e}")).with_hint(
                "check that quotes are balanced; a field with the separator or a line break must be in double quotes",
            )
        };
        if !csv.read_byte_record(&mut headers).map_err(read_error)? {
            return Err(Diagnostic::error(Location::file(self.file), "this survey file is empty")
                .with_hint("export the survey again with its header row, or remove the file"));
        }
        if bom > 0 {
            let first = headers.get(0).map(|h| strip_bom(h).to_vec()).unwrap_or_default();
            let mut fixed = csv::ByteRecord::new();
            fixed.push_field(&first);
            headers.iter().skip(1).for_each(|h| fixed.push_field(h));
            headers = fixed;
        }
        let (header_names, latin) = decode_headers(&headers);
        let columns = self.map_columns(&header_names)?;

        let mut rows = 0u64;
        let mut fallback_encoding = latin;
        while csv.read_byte_record(&mut record).map_err(read_error)? {
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.iter().all(|field| field.iter().all(u8::is_ascii_whitespace)) {
                continue; // a blank line, or one of only separators (Excel writes `;;;;` lines)
            }
            rows += 1;
            if record.len() != headers.len() {
                self.responses.quality.rows_skipped += 1;
                let message = format!(
                    "this row has {} fields but the header has {}; the row is left out",
                    record.len(),
                    headers.len()
                );
                self.problem(
                    "row with the wrong number of fields",
                    Location::at(self.file, line, 0),
                    message,
                    "a field that holds the separator must be in double quotes",
                );
                continue;
            }
            fallback_encoding |= self.read_row(&record, &columns, &header_names, line);
        }
        let missing = self.missing_columns(&columns);
        self.responses.quality.files.push(FileSummary {
            file: self.file.display().to_string(),
            rows,
            delimiter: delimiter_name(delimiter),
            encoding: if fallback_encoding { "Windows-1252" } else { "UTF-8" }.into(),
            missing_columns: missing,
        });
        Ok(())
    }

    /// Finds each role's column; a role named in the settings, or the date, must be there.
    fn map_columns(&mut self, headers: &[String]) -> Result<Columns, Diagnostic> {
        let find = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name.trim()));
        let settings = self.known.settings;
        let mut roles = HashMap::new();
        let mut missing = Vec::new();
        for role in ColumnRole::ALL {
            let (header, named) = settings.columns.header(role);
            match find(header) {
                Some(index) => {
                    roles.insert(role, index);
                }
                None if named || role == ColumnRole::Date => {
                    missing.push(format!("`{header}` (surveys.columns.{})", role.key()))
                }
                None => {}
            }
        }
        let (names, named_dimensions) = settings.dimensions();
        let dimensions: Vec<Option<usize>> = names.iter().map(|n| find(n)).collect();
        if named_dimensions {
            for (name, index) in names.iter().zip(&dimensions) {
                if index.is_none() {
                    missing.push(format!("`{name}` (surveys.dimensions)"));
                }
            }
        }
        let has_score = [ColumnRole::Nps, ColumnRole::Csat, ColumnRole::Ces].iter().any(|r| roles.contains_key(r));
        if !has_score && missing.is_empty() {
            missing.push("a score column: `nps`, `csat` or `ces` (surveys.columns)".into());
        }
        if missing.is_empty() {
            return Ok(Columns { roles, dimensions });
        }
        Err(Diagnostic::error(Location::at(self.file, 1, 0), format!("missing column {}", missing.join(", ")))
            .with_hint(format!(
                "the header has: {}. Map each role to a header in cxsite.yaml under `surveys.columns`, for example `columns: {{date: \"Submitted at\"}}`",
                headers.join(", ")
            )))
    }

    fn missing_columns(&self, columns: &Columns) -> Vec<String> {
        let settings = self.known.settings;
        let roles = ColumnRole::ALL
            .into_iter()
            .filter(|r| !columns.roles.contains_key(r))
            .map(|r| settings.columns.header(r).0.to_string());
        let dimensions =
            settings.dimensions().0.into_iter().zip(&columns.dimensions).filter(|(_, i)| i.is_none()).map(|(n, _)| n);
        roles.chain(dimensions).collect()
    }

    /// Adds one row; returns true when a field needed the Windows-1252 fallback.
    fn read_row(&mut self, record: &csv::ByteRecord, columns: &Columns, headers: &[String], line: usize) -> bool {
        let mut latin = false;
        let mut text = |role: ColumnRole| -> Option<String> {
            let (value, fallback) = decode(record.get(*columns.roles.get(&role)?)?);
            latin |= fallback;
            let value = value.trim();
            (!value.is_empty()).then(|| value.to_string())
        };
        let date = text(ColumnRole::Date);
        let touchpoint = text(ColumnRole::Touchpoint);
        let persona = text(ColumnRole::Persona);
        let comment = text(ColumnRole::Comment);
        let id = text(ColumnRole::Id);
        let file = self.file;
        let cell_at = |role: ColumnRole| Location::at(file, line, columns.roles.get(&role).map_or(0, |i| i + 1));

        let period = match date.as_deref().map(|d| parse_date(d, self.known.settings.date_order)) {
            Some(Ok(date)) => Period::containing(self.known.period, date.year, date.month),
            Some(Err(why)) => {
                let message =
                    format!("date \"{}\" cannot be read: {why}; the row is left out", date.unwrap_or_default());
                self.problem(
                    "unreadable date",
                    cell_at(ColumnRole::Date),
                    message,
                    "write dates as 2026-07-14 or 14-07-2026",
                );
                self.responses.quality.rows_skipped += 1;
                return latin;
            }
            None => {
                self.problem(
                    "row without a date",
                    cell_at(ColumnRole::Date),
                    "this row has no date; it is left out".into(),
                    "every response needs the date it was given",
                );
                self.responses.quality.rows_skipped += 1;
                return latin;
            }
        };
        let touchpoint = touchpoint.and_then(|t| self.resolve(&t, true, cell_at(ColumnRole::Touchpoint)));
        let persona = persona.and_then(|p| self.resolve(&p, false, cell_at(ColumnRole::Persona)));

        let scales = self.known.settings.scales;
        let mut scores = [None; 3];
        for (slot, (role, low, high)) in
            [(ColumnRole::Nps, 0, 10), (ColumnRole::Csat, 1, scales.csat), (ColumnRole::Ces, 1, scales.ces)]
                .into_iter()
                .enumerate()
        {
            let Some(&index) = columns.roles.get(&role) else { continue };
            let (raw, _) = decode(record.get(index).unwrap_or_default());
            match parse_score(&raw, low, high) {
                ScoreCell::Answer(value) => scores[slot] = Some(value),
                ScoreCell::NoAnswer => {
                    *self.responses.quality.no_answer.entry(role.key().to_string()).or_default() += 1
                }
                ScoreCell::Invalid(why) => {
                    let header = &headers[index];
                    let kind = if why == "outside the scale" { "score out of range" } else { "unreadable score" };
                    let message = format!(
                        "{} \"{}\" in column `{header}` is {why} ({low} to {high}); the cell is left out",
                        role.key().to_uppercase(),
                        raw.trim()
                    );
                    self.problem(
                        kind,
                        cell_at(role),
                        message,
                        "fix the value in the export, or leave the cell empty if the question was not answered",
                    );
                }
            }
        }

        let dimensions = columns
            .dimensions
            .iter()
            .map(|i| i.and_then(|i| record.get(i)).map(|b| decode(b).0.trim().to_string()).filter(|v| !v.is_empty()))
            .collect();
        if let Some(text) = comment {
            let rank = stable_hash(&[id.as_deref().unwrap_or(""), &text]);
            let scope = (touchpoint.clone(), period);
            let [nps, csat, ces] = scores;
            self.responses.comments.offer(scope, Comment { rank, text, persona: persona.clone(), nps, csat, ces });
        }
        let cell = self.responses.cells.entry(CellKey { period, persona, touchpoint, dimensions }).or_default();
        cell.responses += 1;
        let [nps, csat, ces] = scores;
        for (value, histogram) in [(nps, &mut cell.nps), (csat, &mut cell.csat), (ces, &mut cell.ces)] {
            if let Some(value) = value {
                histogram.add(value);
            }
        }
        latin
    }

    /// The project's id for a touchpoint or persona cell, or a warning when there is none.
    fn resolve(&mut self, value: &str, touchpoint: bool, at: Location) -> Option<String> {
        let (known, what) =
            if touchpoint { (&self.known.touchpoints, "touchpoint") } else { (&self.known.personas, "persona") };
        if let Some(id) = known.get(&value.to_lowercase()) {
            return Some(id.to_string());
        }
        let candidates: Vec<&str> = known.values().copied().collect();
        let hint = match crate::diagnostics::did_you_mean(&value.to_lowercase(), candidates) {
            Some(best) => format!("did you mean `{best}`? The row still counts toward the overall scores"),
            None => format!(
                "add a {what} with this id to content/, or correct the export; the row still counts toward the overall scores"
            ),
        };
        let kind = format!("unknown {what} `{value}`");
        self.problem(&kind, at, format!("unknown {what} `{value}`"), &hint);
        None
    }

    /// Counts a data problem, and reports it as a warning the first few times.
    fn problem(&mut self, kind: &str, at: Location, message: String, hint: &str) {
        let quality = &mut self.responses.quality;
        let shown = quality.issues.get(kind).map_or(0, |i| i.count);
        quality.record(kind, || format!("{at}: {message}"));
        if shown < 3 {
            self.diagnostics.push(Diagnostic::warning(at, message).with_hint(hint));
        } else if shown == 3 {
            self.diagnostics.push(Diagnostic::warning(
                Location::file(self.file),
                format!(
                    "more rows with \"{kind}\" in this file; the data-quality section of the report counts them all"
                ),
            ));
        }
    }
}

fn decode_headers(headers: &csv::ByteRecord) -> (Vec<String>, bool) {
    let mut latin = false;
    let names = headers
        .iter()
        .map(|h| {
            let (text, fallback) = decode(h);
            latin |= fallback;
            text.trim().to_string()
        })
        .collect();
    (names, latin)
}
