//! The pipeline, end to end: load → ingest → analyse → render → write.
//!
//! [`Session`] runs the stages and keeps each one's result, so `watch` and `serve` redo only
//! what a change feeds; `cxsite build` and `cxsite check` are one run of a fresh session.

mod changes;
mod session;

pub use changes::{ChangeKind, ChangedFiles};
pub use session::{Redone, Session};

use std::path::PathBuf;

use crate::diagnostics::Diagnostics;
use crate::write::WriteError;

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// `--period`: the report's current period.
    pub period: Option<String>,
    /// `--output`: replaces `output:` of the settings (relative to the working directory).
    pub output: Option<PathBuf>,
    /// `--strict`: warnings are errors.
    pub strict: bool,
    /// `--force`: replace an output folder cxsite did not create.
    pub force: bool,
    /// `--archive`: also write a snapshot of the report for every period under `reports/`.
    pub archive: bool,
    /// `--baseline`: an earlier report's `data/metrics.json` to compare with.
    pub baseline: Option<PathBuf>,
    /// Today's year and month, for `--period complete` (the last period that has ended); the
    /// command line reads the clock, so the pipeline itself never does.
    pub today: Option<(i32, u8)>,
}

/// Why a build stopped.
#[derive(Debug)]
pub enum BuildError {
    /// The input has problems (exit code 1).
    Invalid(Diagnostics),
    /// A file named on the command line (`--baseline`) cannot be read (exit code 2).
    Unreadable(Diagnostics),
    /// The site could not be written (exit code 2).
    Write(WriteError),
}

impl From<crate::render::RenderError> for BuildError {
    fn from(error: crate::render::RenderError) -> BuildError {
        match error {
            crate::render::RenderError::Invalid(diagnostics) => BuildError::Invalid(diagnostics),
            crate::render::RenderError::Write(error) => BuildError::Write(error),
        }
    }
}

/// A finished build: where it went, how many pages, and the warnings on the way.
#[derive(Debug)]
pub struct Built {
    pub output: PathBuf,
    pub pages: usize,
    pub diagnostics: Diagnostics,
}
