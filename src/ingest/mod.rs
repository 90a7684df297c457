//! Stage 2, ingest: the survey exports into per-cell score histograms.
//!
//! A cell is one combination of period, persona, touchpoint and dimension values: exactly the
//! `GROUP BY` of a warehouse. Every group the report shows is a sum of cells, done in analyse.

mod cache;
mod cell;
mod chunk;
mod comments;
mod dialect;
mod file;
mod layout;
mod quality;
mod tally;

pub use cache::SurveyCache;
pub use cell::{Date, Scale, ScoreCell, parse_date, parse_score};
pub use comments::{Comment, CommentSample};
pub use quality::{DataQuality, FileSummary, QualityExample, QualityIssue};

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::diagnostics::Diagnostics;
use crate::histogram::ScoreHistograms;
use crate::load::Project;
use crate::period::Period;

/// One combination of the grouping columns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    pub period: Period,
    pub persona: Option<String>,
    pub touchpoint: Option<String>,
    /// Values of `surveys.dimensions`, in that order; `None` where blank or absent.
    pub dimensions: Vec<Option<String>>,
}

/// Everything ingest learns from the survey files.
#[derive(Debug, Clone, Default)]
pub struct Responses {
    pub cells: BTreeMap<CellKey, ScoreHistograms>,
    pub comments: CommentSample,
    pub quality: DataQuality,
}

impl Responses {
    /// Adds another file's or chunk's responses.
    pub fn merge(&mut self, other: Responses) {
        for (key, counts) in other.cells {
            self.cells.entry(key).or_default().merge(&counts);
        }
        self.comments.merge(other.comments);
        self.quality.merge(other.quality);
    }
}

/// Bytes of survey data to read and read so far, for a progress bar.
#[derive(Debug, Default)]
pub struct IngestProgress {
    pub total: AtomicU64,
    pub done: AtomicU64,
}

impl IngestProgress {
    fn add_total(&self, bytes: u64) {
        self.total.fetch_add(bytes, Ordering::Relaxed);
    }
}

/// Reads every survey file of the project and merges them in path order.
pub fn ingest(project: &Project) -> (Responses, Diagnostics) {
    let mut responses = Responses::default();
    let mut diagnostics = Diagnostics::default();
    for (file_responses, file_diagnostics) in read_files(project, &project.survey_files, &IngestProgress::default()) {
        responses.merge(file_responses);
        diagnostics.extend(file_diagnostics);
    }
    (responses, diagnostics)
}

/// Reads `files` (relative to the project root) on all cores; the results keep their order.
fn read_files(project: &Project, files: &[PathBuf], progress: &IngestProgress) -> Vec<(Responses, Diagnostics)> {
    let known = file::Known {
        settings: &project.settings.surveys,
        period: project.settings.period,
        touchpoints: project.touchpoints().map(|(_, _, t)| (t.id.to_lowercase(), t.id.as_str())).collect(),
        personas: project.personas.iter().map(|p| (p.id.to_lowercase(), p.id.as_str())).collect::<HashMap<_, _>>(),
    };
    let files: Vec<(PathBuf, PathBuf)> = files.iter().map(|f| (project.root.join(f), f.clone())).collect();
    file::read_survey_files(&files, &known, progress)
}
