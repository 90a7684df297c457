//! A build that remembers each stage's result and reruns from the earliest stage a change feeds.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{BuildError, BuildOptions, Built, ChangedFiles};
use crate::analyse::{self, Report};
use crate::diagnostics::Diagnostics;
use crate::ingest::{IngestProgress, Responses, SurveyCache};
use crate::load::{self, InputHashes, Inputs, Project};
use crate::render::{self, Archive, Extras, OutputFile, Theme};
use crate::write;

/// The stages one rebuild redid, for the log line of `watch` and `serve`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redone {
    pub loaded: bool,
    /// Survey files read again (relative to the project root), and how long that took.
    pub ingested: Vec<PathBuf>,
    pub ingest_time: Duration,
    pub analysed: bool,
    pub theme: bool,
    /// Pages rendered (0 when an earlier stage failed).
    pub pages: usize,
}

/// The pipeline's state between rebuilds: everything a later rebuild may reuse.
pub struct Session {
    root: PathBuf,
    options: BuildOptions,
    /// The last project that loaded without errors, and the warnings it came with.
    project: Option<(Project, Diagnostics)>,
    surveys: SurveyCache,
    responses: Responses,
    ingest_diagnostics: Diagnostics,
    analysis: Option<(Report, Diagnostics)>,
    hashes: InputHashes,
    inputs: Inputs,
    theme: Option<Theme>,
    /// `serve`'s: it is given a copy of every site and sees its open pages first ([`Session::preview`]).
    preview: Option<Arc<dyn write::Preview>>,
    files: Vec<OutputFile>,
    /// metrics.json's figures while the report stays the same, with a preview.
    figures: Option<render::Figures>,
    /// The comparison with `--baseline` of the last build that had one.
    since: Option<analyse::SinceBaseline>,
    progress: Arc<IngestProgress>,
    /// Whether the survey files read stay cached for the next rebuild (`serve`, `watch`); a
    /// one-off build moves their responses out instead of holding them twice.
    keep_surveys: bool,
    /// Whether the counts by segment stay in `responses` after the analysis; a one-off build
    /// gives them up to it, which frees them once the groups are made (unless `--archive`
    /// analyses every period again).
    keep_counts: bool,
}

impl Session {
    /// A session for the project at `root` that has not run any stage yet.
    pub fn new(root: &Path, options: BuildOptions) -> Session {
        Session {
            root: root.to_path_buf(),
            options,
            project: None,
            surveys: SurveyCache::default(),
            responses: Responses::default(),
            ingest_diagnostics: Diagnostics::default(),
            analysis: None,
            hashes: InputHashes::default(),
            inputs: Inputs::default(),
            theme: None,
            preview: None,
            files: Vec::new(),
            figures: None,
            since: None,
            progress: Arc::default(),
            keep_surveys: true,
            keep_counts: true,
        }
    }

    /// A session that builds once (`build`, `check`): the survey files are not kept for
    /// another, and the counts by segment not after the analysis.
    pub fn once(root: &Path, options: BuildOptions) -> Session {
        Session { keep_surveys: false, keep_counts: false, ..Session::new(root, options) }
    }

    /// This session, keeping the counts by segment after the analysis (`aggregate` writes them).
    pub fn keeping_counts(self) -> Session {
        Session { keep_counts: true, ..self }
    }

    /// The bytes of survey data read so far and to read, for a progress bar; updated while a
    /// rebuild reads the surveys.
    pub fn progress(&self) -> Arc<IngestProgress> {
        self.progress.clone()
    }

    /// The project of the last load without errors.
    pub fn project(&self) -> Option<&Project> {
        self.project.as_ref().map(|(project, _)| project)
    }

    /// The responses of the last ingest (after a one-off analysis, without the counts only
    /// the analysis reads: see [`Session::keeping_counts`]).
    pub fn responses(&self) -> &Responses {
        &self.responses
    }

    /// The report of the last successful analysis.
    pub fn report(&self) -> Option<&Report> {
        self.analysis.as_ref().map(|(report, _)| report)
    }

    /// The project, report and theme of the last successful check or build.
    fn finished(&self) -> Option<(&Project, &Report, &Theme)> {
        Some((&self.project.as_ref()?.0, &self.analysis.as_ref()?.0, self.theme.as_ref()?))
    }

    /// The report in one line, as its summary page says it (`render::summary_line`); `None`
    /// before a successful check or build.
    pub fn summary_line(&self) -> Option<String> {
        let (project, report, theme) = self.finished()?;
        let extras = Extras { inputs: &self.inputs, archive: Archive::None, since: None };
        Some(render::summary_line(project, &self.responses, report, theme, extras))
    }

    /// The alerts of the last successful check or build (`new_top_pain_point` only after a
    /// build with `--baseline`).
    pub fn alerts(&self) -> Vec<analyse::alerts::Alert> {
        let Some((project, report, _)) = self.finished() else { return Vec::new() };
        analyse::alerts::alerts(report, self.since.as_ref(), &crate::bands::Bands::of(&project.settings.surveys))
    }

    /// The job summary (`--summary-md`) and the alerts' lines (`--annotations`) of the last
    /// successful check or build, with `alerts` and the rules that fail the job.
    pub fn ci_texts(
        &self,
        alerts: &[analyse::alerts::Alert],
        failing: &[analyse::alerts::AlertRule],
    ) -> Option<render::CiTexts> {
        let (project, report, theme) = self.finished()?;
        let extras = Extras { inputs: &self.inputs, archive: Archive::None, since: self.since.as_ref() };
        Some(render::ci_texts(project, &self.responses, report, theme, extras, alerts, failing))
    }

    /// From now on, keeps a copy of every file each build writes, for [`Session::files`], and
    /// renders `preview`'s open pages first, handing each over as soon as it is written: `serve`
    /// answers from memory. A build alone holds no more than the pages in progress.
    pub fn preview(&mut self, preview: Arc<dyn write::Preview>) {
        self.preview = Some(preview);
    }

    /// The files of the last successful build, sorted by path (none without [`Session::preview`]).
    pub fn files(&self) -> &[OutputFile] {
        &self.files
    }

    /// Where the site is written.
    pub fn output(&self) -> Option<PathBuf> {
        let (project, _) = self.project.as_ref()?;
        Some(self.options.output.clone().unwrap_or_else(|| self.root.join(&project.settings.output)))
    }

    /// Loads, ingests and analyses what `changes` touched, and compiles the theme; writes nothing.
    /// Returns the warnings, or every problem when there are errors.
    pub fn check(&mut self, changes: &ChangedFiles) -> Result<Diagnostics, BuildError> {
        self.prepare(changes, &mut Redone::default())
    }

    /// Reruns the stages `changes` feed, then renders and writes the whole site.
    pub fn rebuild(&mut self, changes: &ChangedFiles) -> (Result<Built, BuildError>, Redone) {
        let mut redone = Redone::default();
        let result = self.prepare(changes, &mut redone).and_then(|diagnostics| {
            let (project, _) = self.project.as_ref().expect("prepared");
            let (report, _) = self.analysis.as_ref().expect("prepared");
            let theme = self.theme.as_ref().expect("prepared");
            let archive = if self.options.archive { Archive::Current } else { Archive::None };
            let since = match &self.options.baseline {
                Some(path) => {
                    let baseline = analyse::read_baseline(path).map_err(|error| match error {
                        analyse::BaselineError::Unreadable(problem) => BuildError::Unreadable(only(problem)),
                        analyse::BaselineError::Invalid(problem) => BuildError::Invalid(only(problem)),
                    })?;
                    // A report compared with itself would show no change and look like news.
                    if report.current.is_some_and(|current| current.to_string() == baseline.period) {
                        let problem = crate::diagnostics::Diagnostic::error(
                            crate::diagnostics::Location::file(path),
                            format!("the baseline is a report of {}, the period of this one", baseline.period),
                        )
                        .with_hint(
                            "give the metrics.json of an earlier report, or build this one for a later --period",
                        );
                        return Err(BuildError::Invalid(only(problem)));
                    }
                    Some(analyse::compare_with_baseline(report, &baseline))
                }
                None => None,
            };
            self.since = since;
            let output = self.output().expect("prepared");
            // Pages go to the staging folder as they are rendered; a failure removes it.
            let staging = write::Staging::begin(&self.root, &output, self.options.force, self.preview.clone())
                .map_err(BuildError::Write)?;
            let extras = Extras { inputs: &self.inputs, archive, since: self.since.as_ref() };
            let figures = self.preview.is_some().then_some(&mut self.figures);
            let mut paths = render::render(project, &self.responses, report, theme, extras, &staging, figures)?;
            if self.options.archive {
                paths.extend(snapshots(project, &self.responses, report, theme, &self.inputs, &staging)?);
            }
            redone.pages = paths.iter().filter(|path| path.ends_with(".html")).count();
            self.files = staging.finish().map_err(BuildError::Write)?;
            Ok(Built { output, pages: redone.pages, diagnostics })
        });
        (result, redone)
    }

    /// Brings the project, the responses, the report and the theme up to date with `changes`.
    fn prepare(&mut self, changes: &ChangedFiles, redone: &mut Redone) -> Result<Diagnostics, BuildError> {
        let model_changed = changes.everything || changes.settings || changes.model;
        // The survey files are matched by globs at load time: a new or removed export reloads.
        let files_changed = self.project.as_ref().is_some_and(|(project, _)| {
            changes.surveys.iter().any(|f| !project.survey_files.contains(f) || !self.root.join(f).exists())
        });
        // Forgotten at once, not when it is compiled again: a rebuild that stops early (the data
        // has errors) would otherwise leave the old theme to the rebuilds after it.
        if changes.everything || changes.settings || changes.theme {
            self.theme = None;
        }
        if self.project.is_none() || model_changed || changes.pages || files_changed {
            self.project = None;
            let (project, diagnostics) = load::load(&self.root);
            redone.loaded = true;
            // Survey rows are checked against the journeys, so a broken project stops here.
            match project {
                Some(project) if !diagnostics.has_errors(false) => self.project = Some((project, diagnostics)),
                _ => return Err(BuildError::Invalid(diagnostics)),
            }
        }
        let (project, load_diagnostics) = self.project.as_ref().expect("loaded above");

        let started = Instant::now();
        self.progress.reset();
        // The inputs are hashed, and the theme compiled, beside the survey read.
        let theme_stale = self.theme.is_none();
        let today = self.options.today;
        let (surveys, hashes, progress, root) = (&mut self.surveys, &mut self.hashes, &self.progress, &self.root);
        let ((ingested, responses_changed), inputs, theme) = std::thread::scope(|scope| {
            let inputs = scope.spawn(|| hashes.inputs(project, &changes.paths));
            let settings = &project.settings;
            let theme =
                theme_stale.then(|| scope.spawn(|| render::load_theme(root, &settings.theme, &settings.language)));
            (
                surveys.refresh(project, &changes.surveys, progress, today),
                inputs.join().expect("hashing does not panic"),
                theme.map(|theme| theme.join().expect("compiling the theme does not panic")),
            )
        });
        (redone.ingested, self.inputs) = (ingested, inputs);
        redone.ingest_time = started.elapsed();
        // The settings say what is redacted from the merged comments.
        let responses_changed = responses_changed || changes.everything || changes.settings;
        if responses_changed {
            let twins = identical_exports(project, &self.inputs);
            let left_out: Vec<PathBuf> =
                twins.iter().filter_map(|twin| twin.location.path().map(Path::to_path_buf)).collect();
            // A response counted twice (overlapping downloads): its files are read again without it.
            let (hashes, holding) = self.surveys.repeated_ids(&left_out).map_err(|error| {
                let problem = crate::diagnostics::Diagnostic::error(
                    crate::diagnostics::Location::file(std::env::temp_dir()),
                    format!("cannot read back the response ids this build wrote to a temporary file here: {error}"),
                )
                .with_hint("make room in this folder, or set TMPDIR to a folder with room that you can write to");
                BuildError::Unreadable(only(problem))
            })?;
            let (replaced, repeats) = match hashes.is_empty() {
                true => Default::default(),
                false => crate::ingest::read_without_repeats(project, &holding, &hashes, self.options.today),
            };
            (self.responses, self.ingest_diagnostics) =
                self.surveys.merged(&project.settings.privacy, &left_out, &replaced, self.keep_surveys);
            twins.into_iter().for_each(|twin| self.ingest_diagnostics.push(twin));
            self.ingest_diagnostics.extend(repeats);
            crate::memory::give_back_freed();
        }

        if self.analysis.is_none() || model_changed || responses_changed {
            self.analysis = None;
            self.figures = None;
            let requested = self.options.period.as_deref();
            let today = self.options.today;
            let given = match self.keep_counts || self.options.archive {
                true => None,
                false => Arc::try_unwrap(std::mem::take(&mut self.responses.segments))
                    .map_err(|shared| self.responses.segments = shared)
                    .ok(),
            };
            let (report, diagnostics) = match given {
                Some(counts) => {
                    let analysed = analyse::analyse_given(project, &self.responses, counts, requested, today);
                    self.responses.drop_what_only_analysis_reads();
                    analysed
                }
                None => analyse::analyse(project, &self.responses, requested, today),
            };
            crate::memory::give_back_freed();
            self.analysis = Some((report, diagnostics));
            redone.analysed = true;
        }
        let mut diagnostics = load_diagnostics.clone();
        diagnostics.extend(self.ingest_diagnostics.clone());
        diagnostics.extend(self.analysis.as_ref().expect("analysed above").1.clone());
        if diagnostics.has_errors(self.options.strict) {
            return Err(BuildError::Invalid(diagnostics));
        }

        if let Some(theme) = theme {
            self.theme = Some(theme.map_err(BuildError::Invalid)?);
            redone.theme = true;
        }
        Ok(diagnostics)
    }
}

/// The report of every period with data, each as a whole site under `reports/<period>/` of
/// `sink`; the paths written.
fn snapshots(
    project: &Project,
    responses: &Responses,
    report: &Report,
    theme: &Theme,
    inputs: &Inputs,
    sink: &dyn write::Sink,
) -> Result<Vec<String>, BuildError> {
    let mut paths = Vec::new();
    for period in &report.periods {
        let (snapshot, _) = analyse::analyse(project, responses, Some(&period.to_string()), None);
        let extras = Extras { inputs, archive: Archive::Snapshot, since: None };
        let prefix = format!("reports/{period}/");
        let under = write::Under { sink, prefix: prefix.clone() };
        let written = render::render(project, responses, &snapshot, theme, extras, &under, None)?;
        paths.extend(written.into_iter().map(|path| format!("{prefix}{path}")));
    }
    Ok(paths)
}

/// Survey exports with the same bytes as an earlier one (`responses.csv` and `responses (1).csv`,
/// the same download saved twice): each is left out, with a warning, so no response counts twice.
fn identical_exports(project: &Project, inputs: &Inputs) -> Vec<crate::diagnostics::Diagnostic> {
    let mut first_with: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    let mut twins = Vec::new();
    let exports: Vec<String> = project.input_files().iter().map(|f| f.to_string_lossy().replace('\\', "/")).collect();
    for file in &inputs.files {
        if !exports.contains(&file.path) || file.sha256.is_empty() {
            continue;
        }
        match first_with.get(file.sha256.as_str()) {
            Some(first) => twins.push(
                crate::diagnostics::Diagnostic::warning(
                    crate::diagnostics::Location::file(&file.path),
                    format!("this file has the same bytes as {first}: it is left out, so no response counts twice"),
                )
                .with_hint("remove one of the two files (a download saved twice, say)"),
            ),
            None => {
                first_with.insert(&file.sha256, &file.path);
            }
        }
    }
    twins
}

/// A single problem.
fn only(diagnostic: crate::diagnostics::Diagnostic) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    diagnostics.push(diagnostic);
    diagnostics
}
