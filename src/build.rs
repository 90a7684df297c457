//! The pipeline, end to end: load → ingest → analyse → render → write.

use std::path::{Path, PathBuf};

use crate::analyse::{self, Report};
use crate::diagnostics::Diagnostics;
use crate::ingest::{self, Responses};
use crate::load::{self, Project};
use crate::render::{self, OutputFile};
use crate::write::{self, WriteError};

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
}

/// Why a build stopped.
#[derive(Debug)]
pub enum BuildError {
    /// The input has problems (exit code 1).
    Invalid(Diagnostics),
    /// The site could not be written (exit code 2).
    Write(WriteError),
}

/// A checked project and its figures: the result of `cxsite check`.
pub struct Analysis {
    pub project: Project,
    pub responses: Responses,
    pub report: Report,
    /// Warnings (and, with errors, the reason the build stops).
    pub diagnostics: Diagnostics,
}

/// A finished build.
pub struct Built {
    pub analysis: Analysis,
    pub output: PathBuf,
    pub files: Vec<OutputFile>,
}

/// Loads, ingests and analyses the project at `root`, stopping at the first stage with errors.
pub fn analyse_project(root: &Path, options: &BuildOptions) -> Result<Analysis, BuildError> {
    let (project, mut diagnostics) = load::load(root);
    let Some(project) = project else { return Err(BuildError::Invalid(diagnostics)) };
    // Survey rows are checked against the journeys, so a broken journey stops here.
    if diagnostics.has_errors(false) {
        return Err(BuildError::Invalid(diagnostics));
    }
    let (responses, ingest_diagnostics) = ingest::ingest(&project);
    diagnostics.extend(ingest_diagnostics);
    let (report, analyse_diagnostics) = analyse::analyse(&project, &responses, options.period.as_deref());
    diagnostics.extend(analyse_diagnostics);
    if diagnostics.has_errors(options.strict) {
        return Err(BuildError::Invalid(diagnostics));
    }
    Ok(Analysis { project, responses, report, diagnostics })
}

/// Builds the site of the project at `root` and swaps it into the output folder.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let analysis = analyse_project(root, options)?;
    let settings = &analysis.project.settings;
    let theme = render::load_theme(root, &settings.theme, &settings.language).map_err(BuildError::Invalid)?;
    let files = render::render(&analysis.project, &analysis.responses, &analysis.report, &theme)
        .map_err(BuildError::Invalid)?;
    let output = options.output.clone().unwrap_or_else(|| root.join(&settings.output));
    write::write_site(root, &output, &files, options.force).map_err(BuildError::Write)?;
    Ok(Built { analysis, output, files })
}
