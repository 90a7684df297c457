//! What was wrong with the survey data, counted, for the data-quality section and stderr.

use serde::Serialize;
use std::collections::BTreeMap;

/// How many examples of each kind of problem are kept with their place.
const EXAMPLES: usize = 5;

/// One survey file as it was read.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub rows: u64,
    pub delimiter: String,
    pub encoding: String,
    /// Mapped or dimension columns absent from this file.
    pub missing_columns: Vec<String>,
}

/// A kind of problem, its count and the first places it was seen.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QualityIssue {
    pub count: u64,
    /// `file:line:column: message`.
    pub examples: Vec<String>,
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
}

impl DataQuality {
    /// Counts a problem of `kind`, keeping its place when it is among the first few.
    pub fn record(&mut self, kind: &str, example: impl FnOnce() -> String) {
        let issue = self.issues.entry(kind.to_string()).or_default();
        issue.count += 1;
        if issue.examples.len() < EXAMPLES {
            issue.examples.push(example());
        }
    }

    /// Adds another file's record (files are merged in path order, so examples are stable).
    pub fn merge(&mut self, other: DataQuality) {
        self.files.extend(other.files);
        for (kind, theirs) in other.issues {
            let mine = self.issues.entry(kind).or_default();
            mine.count += theirs.count;
            let room = EXAMPLES.saturating_sub(mine.examples.len());
            mine.examples.extend(theirs.examples.into_iter().take(room));
        }
        for (metric, count) in other.no_answer {
            *self.no_answer.entry(metric).or_default() += count;
        }
        self.rows_skipped += other.rows_skipped;
    }
}
