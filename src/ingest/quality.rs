//! What was wrong with the survey data, counted, for the data-quality section and stderr.

use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

use super::dialect::Delimiter;
use super::layout::DateOrderNote;
use super::redact::Redaction;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// How many examples of each kind of problem are kept with their place.
const EXAMPLES: usize = 5;

/// How many of those are also printed as warnings, per file and kind.
const WARNINGS: usize = 3;

/// One survey file as it was read.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub file: String,
    /// Answer rows read (counted, or left out for a problem).
    pub rows: u64,
    /// Of those, rows left out entirely (no readable date, a wrong number of fields).
    pub skipped: u64,
    /// The field separator; `None` for a Parquet file, which has none (`–` in metrics.json).
    #[serde(serialize_with = "dash_for_none")]
    pub delimiter: Option<Delimiter>,
    pub encoding: String,
    /// Rows before the answers: the header and any question-text rows under it.
    pub header_rows: usize,
    /// `long`, `wide` when score columns are mapped to touchpoints, or `aggregate`.
    pub layout: ExportLayout,
    /// How dates with the year last were read (day-first or month-first) and how that was
    /// decided; `None` for an aggregate file, which holds periods (`–` in metrics.json).
    #[serde(serialize_with = "dash_for_none")]
    pub date_order: Option<DateOrderNote>,
    /// Mapped or dimension columns absent from this file.
    pub missing_columns: Vec<String>,
}

/// A value of a file's summary as metrics.json has always written it, or `–` where the file
/// has none.
fn dash_for_none<T: fmt::Display, S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.collect_str(value),
        None => serializer.serialize_str(NOT_APPLICABLE),
    }
}

/// What metrics.json and the pages show for a property a file does not have.
pub const NOT_APPLICABLE: &str = "–";

/// How a survey file holds its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportLayout {
    /// One row per answer, with a touchpoint column.
    Long,
    /// One row per respondent, a score column per touchpoint (`surveys.wide`).
    Wide,
    /// Counts per segment (`surveys.aggregates`).
    Aggregate,
}

impl ExportLayout {
    /// `long`, `wide` or `aggregate`: its name in metrics.json and on stderr.
    pub fn name(self) -> &'static str {
        match self {
            ExportLayout::Long => "long",
            ExportLayout::Wide => "wide",
            ExportLayout::Aggregate => "aggregate",
        }
    }
}

impl Serialize for ExportLayout {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A place where a problem was seen, and what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualityExample {
    pub location: Location,
    /// The English sentence of the warnings and metrics.json.
    pub message: String,
    /// How to fix it (for the warnings; it may name the value, so each example has its own).
    pub hint: String,
    /// The same in the words of the report's pages.
    pub words: ExampleWords,
}

/// An example as a page says it: the i18n key of its sentence and the values of its `{…}`
/// placeholders, so a Dutch page words it in Dutch and without the warnings' column ids.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExampleWords {
    pub key: &'static str,
    pub values: Vec<(&'static str, ExampleValue)>,
}

/// A value in an example's sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleValue {
    /// Text from the export, quoted as it was (shortened).
    Text(String),
    /// A number the page writes in its language's digits.
    Count(u64),
}

impl ExampleWords {
    /// The sentence of `key` with `values`.
    pub fn new(key: &'static str, values: Vec<(&'static str, ExampleValue)>) -> ExampleWords {
        ExampleWords { key, values }
    }
}

impl fmt::Display for QualityExample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl Serialize for QualityExample {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A kind of problem in the survey data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum QualityKind {
    #[default]
    ScoreOutOfRange,
    UnreadableScore,
    RowWithoutDate,
    UnreadableDate,
    DateOutOfRange,
    AmbiguousDate,
    DatesInBothOrders,
    WrongNumberOfFields,
    QuoteNeverClosed,
    CommentQuotedInPart,
    UnknownPersona,
    UnknownTouchpoint,
}

impl QualityKind {
    /// Its key in metrics.json's `data_quality.issues` (a contract) and in messages.
    pub fn name(self) -> &'static str {
        match self {
            QualityKind::ScoreOutOfRange => "score out of range",
            QualityKind::UnreadableScore => "unreadable score",
            QualityKind::RowWithoutDate => "row without a date",
            QualityKind::UnreadableDate => "unreadable date",
            QualityKind::DateOutOfRange => "date out of range",
            QualityKind::AmbiguousDate => "ambiguous date",
            QualityKind::DatesInBothOrders => "dates in both orders",
            QualityKind::WrongNumberOfFields => "row with the wrong number of fields",
            QualityKind::QuoteNeverClosed => "quote never closed",
            QualityKind::CommentQuotedInPart => "comment quoted in part",
            QualityKind::UnknownPersona => "unknown persona",
            QualityKind::UnknownTouchpoint => "unknown touchpoint",
        }
    }

    /// Its interface string, for the pages in the report's language.
    pub fn i18n_key(self) -> String {
        format!("quality_{}", self.name().replace(' ', "_"))
    }

    /// Every kind, for tests that each has its strings.
    pub const ALL: [QualityKind; 12] = [
        QualityKind::ScoreOutOfRange,
        QualityKind::UnreadableScore,
        QualityKind::RowWithoutDate,
        QualityKind::UnreadableDate,
        QualityKind::DateOutOfRange,
        QualityKind::AmbiguousDate,
        QualityKind::DatesInBothOrders,
        QualityKind::WrongNumberOfFields,
        QualityKind::QuoteNeverClosed,
        QualityKind::CommentQuotedInPart,
        QualityKind::UnknownPersona,
        QualityKind::UnknownTouchpoint,
    ];
}

/// A kind of problem, its count and the first places it was seen.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QualityIssue {
    #[serde(skip)]
    pub kind: QualityKind,
    pub count: u64,
    pub examples: Vec<QualityExample>,
    /// An error whatever `--strict` says: the figures would be wrong if the build went on.
    #[serde(skip)]
    pub error: bool,
    /// What the build does about it when it goes on (`the row is left out`).
    #[serde(skip)]
    pub consequence: Option<&'static str>,
}

/// The data-quality record of an ingest.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DataQuality {
    pub files: Vec<FileSummary>,
    /// Problems by kind ("score out of range", "unknown touchpoint", ...).
    pub issues: BTreeMap<String, QualityIssue>,
    /// Blank or `N/A` answers per metric: skipped questions, not errors.
    pub no_answer: BTreeMap<String, u64>,
    /// Rows left out entirely (no readable date, wrong number of fields).
    pub rows_skipped: u64,
    /// Personal data replaced in the quoted comments, by kind (`e-mail`, `phone`, ...).
    pub redacted: BTreeMap<Redaction, u64>,
}

impl DataQuality {
    /// Counts a problem of `kind`, keeping `example` (its place and words) when it is among the
    /// first few. `consequence` says what the build does about it when it goes on (`the row is
    /// left out`).
    pub fn record(
        &mut self,
        kind: QualityKind,
        consequence: Option<&'static str>,
        example: impl FnOnce() -> QualityExample,
    ) {
        self.record_as(false, consequence, kind, example);
    }

    /// As [`DataQuality::record`], for a problem that stops the build.
    pub fn record_error(&mut self, kind: QualityKind, example: impl FnOnce() -> QualityExample) {
        self.record_as(true, None, kind, example);
    }

    fn record_as(
        &mut self,
        error: bool,
        consequence: Option<&'static str>,
        kind: QualityKind,
        example: impl FnOnce() -> QualityExample,
    ) {
        let issue = match self.issues.get_mut(kind.name()) {
            Some(issue) => issue,
            None => self.issues.entry(kind.name().to_string()).or_insert_with(|| QualityIssue {
                kind,
                error,
                consequence,
                ..Default::default()
            }),
        };
        issue.count += 1;
        if issue.examples.len() < EXAMPLES {
            issue.examples.push(example());
        }
    }

    /// Moves every example down by `lines`: a chunk read from the middle of a file counts
    /// its lines from 1.
    pub fn shift_lines(&mut self, lines: usize) {
        for example in self.issues.values_mut().flat_map(|i| i.examples.iter_mut()) {
            example.location.shifted(lines);
        }
    }

    /// Adds another file's or chunk's record (merged in file and chunk order, so the
    /// examples are the first ones in the data).
    pub fn merge(&mut self, other: DataQuality) {
        self.files.extend(other.files);
        for (kind, theirs) in other.issues {
            let mine = self.issues.entry(kind).or_insert_with(|| QualityIssue {
                kind: theirs.kind,
                error: theirs.error,
                consequence: theirs.consequence,
                ..Default::default()
            });
            mine.count += theirs.count;
            let room = EXAMPLES.saturating_sub(mine.examples.len());
            mine.examples.extend(theirs.examples.into_iter().take(room));
        }
        for (metric, count) in other.no_answer {
            *self.no_answer.entry(metric).or_default() += count;
        }
        self.rows_skipped += other.rows_skipped;
    }

    /// The warnings for one file's record: the first few places of each kind, and a line
    /// saying how many more there are.
    pub fn warnings(&self, file: &std::path::Path) -> Diagnostics {
        let mut diagnostics = Diagnostics::default();
        for (kind, issue) in &self.issues {
            let severity = if issue.error { Diagnostic::error } else { Diagnostic::warning };
            for example in issue.examples.iter().take(WARNINGS) {
                diagnostics.push(
                    severity(example.location.clone(), example.message.clone())
                        .with_hint(example.hint.clone())
                        .with_consequence(issue.consequence),
                );
            }
            if issue.count > WARNINGS as u64 {
                diagnostics.push(Diagnostic::warning(
                    Location::file(file),
                    format!(
                        "{} more rows with \"{kind}\" in this file; the data-quality section of the report counts them all",
                        issue.count - WARNINGS as u64
                    ),
                ));
            }
        }
        diagnostics
    }
}
