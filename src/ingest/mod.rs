//! Stage 2, ingest: the survey exports into per-cell score histograms.
//!
//! A cell is one combination of period, persona, touchpoint and dimension values: exactly the
//! `GROUP BY` of a warehouse. Every group the report shows is a sum of cells, done in analyse.

mod cache;
mod cell;
mod comments;
mod dialect;
mod file;
mod quality;

pub use cache::SurveyCache;
pub use cell::{Date, ScoreCell, parse_date, parse_score};
pub use comments::{Comment, CommentSample};
pub use quality::{DataQuality, FileSummary, QualityIssue};

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

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

/// Reads every survey file of the project, several at a time, and merges them in path order.
pub fn ingest(project: &Project) -> (Responses, Diagnostics) {
    let mut responses = Responses::default();
    let mut diagnostics = Diagnostics::default();
    for (file_responses, file_diagnostics) in read_files(project, &project.survey_files) {
        responses.merge(file_responses);
        diagnostics.extend(file_diagnostics);
    }
    (responses, diagnostics)
}

/// Reads `files` (relative to the project root) on all cores; the results keep their order.
fn read_files(project: &Project, files: &[PathBuf]) -> Vec<(Responses, Diagnostics)> {
    let known = file::Known {
        settings: &project.settings.surveys,
        period: project.settings.period,
        touchpoints: project.touchpoints().map(|(_, _, t)| (t.id.to_lowercase(), t.id.as_str())).collect(),
        personas: project.personas.iter().map(|p| (p.id.to_lowercase(), p.id.as_str())).collect::<HashMap<_, _>>(),
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len().max(1));
    let per_worker = files.len().div_ceil(workers).max(1);
    let mut results: Vec<Option<(Responses, Diagnostics)>> = vec![None; files.len()];
    std::thread::scope(|scope| {
        for (slots, files) in results.chunks_mut(per_worker).zip(files.chunks(per_worker)) {
            let known = &known;
            scope.spawn(move || {
                for (slot, file) in slots.iter_mut().zip(files) {
                    *slot = Some(file::read_survey_file(&project.root.join(file), file, known));
                }
            });
        }
    });
    results.into_iter().flatten().collect()
}
