//! Stage 1, load: `cxsite.yaml` and `content/` into a typed [`Project`], with every problem found.

mod fingerprint;
mod journey;
mod lifecycle;
mod locate;
mod maturity;
mod page;
mod patterns;
mod persona;
mod references;
mod targets;
mod topics;

pub use fingerprint::{InputFile, InputHashes, Inputs};
pub use journey::{Journey, Opportunity, OpportunityDetail, PainCategory, PainPoint, Stage, Touchpoint};
pub use maturity::{Maturity, MaturityAssessment, MaturityDimension, MaturityStage};
pub use page::{FrontMatter, Page};
pub use persona::Persona;
pub use topics::{TOPICS_FILE, Topic, TopicFinder, TopicSet};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, relative};
use crate::yaml;

/// The settings file's name at the project root.
pub const SETTINGS_FILE: &str = "cxsite.yaml";

/// Everything the team wrote, parsed and checked; the survey files are only listed here.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub settings: Settings,
    /// Sorted by id.
    pub personas: Vec<Persona>,
    /// Sorted by id.
    pub journeys: Vec<Journey>,
    /// Sorted by slug; `content/index.md` (slug `""`) is the summary page's introduction.
    pub pages: Vec<Page>,
    /// The survey exports matched by `surveys.files` or a source's `files`, sorted, relative to
    /// the project root.
    pub survey_files: Vec<PathBuf>,
    /// The source (an index into `surveys.sources`) of each export a source's `files` match.
    pub survey_sources: BTreeMap<PathBuf, usize>,
    /// The pre-aggregated files matched by `surveys.aggregates`, sorted.
    pub aggregate_files: Vec<PathBuf>,
    /// The bytes of the `style.logo` image, when it names a readable file under `content/`
    /// (the checks say why not otherwise). Read here, with the rest of the project, so a
    /// changed logo reloads the project and the render stage stays free of file reads.
    pub logo: Option<Vec<u8>>,
    /// The comment topics: of `content/topics.yaml`, else the built-in set (`topic_set`).
    pub topics: Vec<Topic>,
    pub topic_set: TopicSet,
    /// The self-assessment of `content/maturity.yaml`, if any.
    pub maturity: Option<Maturity>,
}

impl Project {
    /// The content folder.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Every touchpoint with its journey and stage, in journey and stage order.
    pub fn touchpoints(&self) -> impl Iterator<Item = (&Journey, &Stage, &Touchpoint)> {
        self.journeys
            .iter()
            .flat_map(|j| j.stages.iter().flat_map(move |s| s.touchpoints.iter().map(move |t| (j, s, t))))
    }

    /// Every survey input, raw and pre-aggregated, sorted.
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self.survey_files.iter().chain(&self.aggregate_files).cloned().collect();
        files.sort();
        files.dedup();
        files
    }

    /// Every pain point with its journey and stage.
    pub fn pain_points(&self) -> impl Iterator<Item = (&Journey, &Stage, &PainPoint)> {
        self.journeys
            .iter()
            .flat_map(|j| j.stages.iter().flat_map(move |s| s.pain_points.iter().map(move |p| (j, s, p))))
    }
}

/// Reads the project at `root`. Returns no project when the settings cannot be read.
pub fn load(root: &Path) -> (Option<Project>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let settings_path = root.join(SETTINGS_FILE);
    let mut sources = references::Sources::default();
    let read = match input_problem(root, &settings_path, Path::new(SETTINGS_FILE)) {
        Some(problem) => Err(problem),
        None => fs::read_to_string(&settings_path).map_err(|error| {
            Diagnostic::error(Location::file(SETTINGS_FILE), format!("cannot read the settings file: {error}"))
                .with_hint("run `cxsite init` to create a project, or run cxsite from the project folder")
        }),
    };
    let settings = read.and_then(|text| {
        let settings = yaml::parse::<Settings>(&text, Path::new(SETTINGS_FILE), 1).map(|mut settings| {
            locate_settings(&mut settings, &text);
            settings
        });
        sources.insert(PathBuf::from(SETTINGS_FILE), text);
        settings
    });
    let settings = match settings {
        Ok(settings) => settings,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return (None, diagnostics);
        }
    };

    let content = root.join("content");
    let personas = load_yaml_folder::<Persona>(root, &content.join("personas"), &mut diagnostics, &mut sources)
        .into_iter()
        .map(|(id, mut p)| {
            if p.id.is_empty() {
                p.id = id;
            }
            p
        })
        .collect();
    let journeys = load_yaml_folder::<Journey>(root, &content.join("journeys"), &mut diagnostics, &mut sources)
        .into_iter()
        .map(|(id, mut j)| {
            if j.id.is_empty() {
                j.id = id;
            }
            j
        })
        .collect();
    let pages = load_pages(root, &content, &mut diagnostics);
    // With sources, the default `surveys/*.csv` may well match nothing: only a pattern the user
    // wrote is worth a warning then.
    let written =
        settings.surveys.sources.is_empty() || settings.surveys.files != crate::config::default_survey_files();
    let mut survey_files =
        match_survey_files(root, &settings.surveys.files, "files", written, &sources, &mut diagnostics);
    let mut survey_sources: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for (index, source) in settings.surveys.sources.iter().enumerate() {
        for file in match_survey_files(root, &source.files, "sources", true, &sources, &mut diagnostics) {
            if let Some(other) = survey_sources.insert(file.clone(), index) {
                diagnostics.push(
                    Diagnostic::error(
                        sources.setting(&["surveys", "sources"], &source.files.join(", ")),
                        format!(
                            "{} is matched by two sources ({} and {}), which read it differently",
                            file.display(),
                            other + 1,
                            index + 1
                        ),
                    )
                    .with_hint("make the `files` patterns of `surveys.sources` match each file once"),
                );
            }
            survey_files.push(file);
        }
    }
    survey_files.sort();
    survey_files.dedup();
    let aggregate_files =
        match_survey_files(root, &settings.surveys.aggregates, "aggregates", true, &sources, &mut diagnostics);

    let logo = settings.style.logo.as_deref().filter(|p| is_plain_relative(p)).and_then(|p| {
        let path = content.join(p);
        match input_problem(root, &path, &relative(root, &path)) {
            Some(problem) => {
                diagnostics.push(problem);
                None
            }
            None => fs::read(path).ok(),
        }
    });
    let (topics, topic_set) =
        topics::load_topics(root, settings.topics, &settings.language).unwrap_or_else(|problems| {
            problems.into_iter().for_each(|d| diagnostics.push(d));
            (Vec::new(), TopicSet::File)
        });
    let maturity = maturity::load_maturity(root).unwrap_or_else(|problem| {
        diagnostics.push(problem);
        None
    });
    let mut project = Project {
        root: root.to_path_buf(),
        settings,
        personas,
        journeys,
        pages,
        survey_files,
        survey_sources,
        aggregate_files,
        logo,
        topics,
        topic_set,
        maturity,
    };
    project.personas.sort_by(|a, b| a.id.cmp(&b.id));
    project.journeys.sort_by(|a, b| a.id.cmp(&b.id));
    references::check(&project, &sources, &mut diagnostics);
    (Some(project), diagnostics)
}

/// Notes where the survey settings that ingest warns about stand in cxsite.yaml: ingest never
/// reads the settings file itself.
fn locate_settings(settings: &mut Settings, text: &str) {
    let surveys = &mut settings.surveys;
    surveys.header_rows_at =
        surveys.header_rows.map(|n| locate::locate(text, Path::new(SETTINGS_FILE), "header_rows", &n.to_string(), 1));
}

/// Parses every `*.yaml`/`*.yml` file directly in `folder`, returning (file stem, value).
fn load_yaml_folder<T: serde::de::DeserializeOwned + HasSource>(
    root: &Path,
    folder: &Path,
    diagnostics: &mut Diagnostics,
    sources: &mut references::Sources,
) -> Vec<(String, T)> {
    let mut items = Vec::new();
    for path in sorted_files(folder, 1, &["yaml", "yml"], diagnostics, root) {
        let file = relative(root, &path);
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        match read_text(&path, &file).and_then(|text| {
            let value = yaml::parse::<T>(&text, &file, 1)?;
            Ok((text, value))
        }) {
            Ok((text, mut value)) => {
                value.set_source(file.clone());
                sources.insert(file, text);
                items.push((stem, value));
            }
            Err(diagnostic) => {
                sources.unreadable(stem);
                diagnostics.push(diagnostic);
            }
        }
    }
    items
}

/// A path of plain names (`brand/logo.svg`): not absolute, no `..`, so it stays in its folder.
pub fn is_plain_relative(path: &Path) -> bool {
    path.components().next().is_some() && path.components().all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// A persona or journey remembers the file it came from.
trait HasSource {
    fn set_source(&mut self, file: PathBuf);
}

impl HasSource for Persona {
    fn set_source(&mut self, file: PathBuf) {
        self.source = file;
    }
}

impl HasSource for Journey {
    fn set_source(&mut self, file: PathBuf) {
        self.source = file;
    }
}

/// Every Markdown page under `content/`, except inside the personas, journeys and surveys folders.
fn load_pages(root: &Path, content: &Path, diagnostics: &mut Diagnostics) -> Vec<Page> {
    let mut pages = Vec::new();
    for path in sorted_files(content, usize::MAX, &["md", "markdown"], diagnostics, root) {
        let file = relative(root, &path);
        let under_content = path.strip_prefix(content).unwrap_or(&path).with_extension("");
        // Joined by `/` part by part: a `\\` inside a name is a character of that name.
        let slug = under_content.iter().map(|part| part.to_string_lossy()).collect::<Vec<_>>().join("/");
        let slug = if slug == "index" { String::new() } else { slug };
        match read_text(&path, &file).and_then(|text| page::parse_page(&text, &file, slug)) {
            Ok(page) => pages.push(page),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    pages
}

/// Files with one of `extensions` under `folder`, at most `depth` deep, sorted by path.
fn sorted_files(
    folder: &Path,
    depth: usize,
    extensions: &[&str],
    diagnostics: &mut Diagnostics,
    root: &Path,
) -> Vec<PathBuf> {
    if !folder.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walk = crate::paths::walk(root, folder, depth);
    for (linked, target) in walk.outside {
        let problem = crate::paths::NotAnInput::Outside(target);
        diagnostics.push(
            Diagnostic::error(Location::file(relative(root, &linked)), problem.message()).with_hint(problem.hint()),
        );
    }
    for entry in walk.entries {
        match entry {
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => {
                let path = entry.path();
                let wanted = path.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e));
                if !wanted || is_hidden(path) {
                    continue;
                }
                match input_problem(root, path, &relative(root, path)) {
                    Some(problem) => diagnostics.push(problem),
                    None if entry.file_type().is_file() => files.push(path.to_path_buf()),
                    None => {}
                }
            }
            Err(error) => {
                let path = error.path().map(|p| relative(root, p)).unwrap_or_else(|| relative(root, folder));
                diagnostics.push(
                    Diagnostic::error(Location::file(path), format!("cannot read this folder entry: {error}"))
                        .with_hint("check the file permissions and remove symbolic links that loop"),
                );
            }
        }
    }
    files
}

/// Why the project may not read `path` (shown as `file`): a link out of the project folder, or
/// something other than a regular file. `None` when it may (or does not exist).
pub(crate) fn input_problem(root: &Path, path: &Path, file: &Path) -> Option<Diagnostic> {
    let problem = crate::paths::inside(root, path).err()?;
    Some(Diagnostic::error(Location::file(file), problem.message()).with_hint(problem.hint()))
}

fn is_hidden(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

fn read_text(path: &Path, file: &Path) -> Result<String, Diagnostic> {
    let bytes = fs::read(path)
        .map_err(|error| Diagnostic::error(Location::file(file), format!("cannot read this file: {error}")))?;
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let before = &error.as_bytes()[..valid];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = String::from_utf8_lossy(&before[before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..])
            .chars()
            .count()
            + 1;
        Diagnostic::error(Location::at(file, line, column), "this file is not valid UTF-8")
            .with_hint("save the file as UTF-8 in your editor")
    })
}

/// The files under `content/` that match the patterns of `surveys.<key>`, sorted.
/// `warn_if_unmatched`: a pattern that matches nothing is worth a warning (not the default one
/// beside `surveys.sources`).
fn match_survey_files(
    root: &Path,
    globs: &[String],
    key: &str,
    warn_if_unmatched: bool,
    sources: &references::Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let content = root.join("content");
    // Aggregates may also come as Parquet, which warehouses write.
    let extensions: &[&str] =
        if key == "aggregates" { &["csv", "tsv", "txt", "parquet"] } else { &["csv", "tsv", "txt"] };
    let candidates = sorted_files(&content, usize::MAX, extensions, diagnostics, root);
    let under_content: Vec<String> = candidates
        .iter()
        .map(|path| path.strip_prefix(&content).unwrap_or(path).to_string_lossy().replace('\\', "/"))
        .collect();
    let patterns = patterns::Patterns::compile(globs, key, sources, diagnostics);
    let workbooks = spreadsheets_in_place_of_exports(root, &content, &patterns, &candidates, diagnostics);
    let mut files = Vec::new();
    let mut matched = vec![false; globs.len()];
    for (path, under) in candidates.iter().zip(&under_content) {
        let matching = patterns.matching(under);
        if !matching.is_empty() {
            files.push(relative(root, path));
        }
        matching.into_iter().for_each(|index| matched[index] = true);
    }
    // A pattern that matches a workbook is told about it there.
    workbooks.iter().flat_map(|w| patterns.matching(w)).for_each(|index| matched[index] = true);
    for (index, glob) in globs.iter().enumerate() {
        if !matched[index] && warn_if_unmatched && patterns.parsed(index) {
            diagnostics.push(
                Diagnostic::warning(
                    sources.setting(&["surveys", key], glob),
                    format!("`surveys.{key}` pattern \"{glob}\" matches no file under content/"),
                )
                .with_hint(no_match_hint(&under_content)),
            );
        }
    }
    files.sort();
    files
}

/// Spreadsheet files (`.xlsx` and the like) that a survey pattern would match were they CSV:
/// an export saved as a workbook, which cxsite cannot read. An error, as the report would
/// silently lack its responses; a warning when the CSV of the same name is there too. Returns
/// their paths under `content/` with the extension `.csv`, as the patterns see them.
fn spreadsheets_in_place_of_exports(
    root: &Path,
    content: &Path,
    patterns: &patterns::Patterns,
    candidates: &[PathBuf],
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut seen = Vec::new();
    for workbook in sorted_files(content, usize::MAX, &["xlsx", "xlsm", "xls", "ods", "numbers"], diagnostics, root) {
        let as_csv = workbook.with_extension("csv");
        let under = as_csv.strip_prefix(content).unwrap_or(&as_csv).to_string_lossy().replace('\\', "/");
        if !patterns.any(&under) {
            continue;
        }
        let at = Location::file(relative(root, &workbook));
        diagnostics.push(if candidates.contains(&as_csv) {
            Diagnostic::warning(
                at,
                "this is a spreadsheet workbook, which cxsite does not read; it reads the CSV of the same name",
            )
            .with_hint("move the workbook out of content/ if it is only the original of that CSV")
        } else {
            Diagnostic::error(
                at,
                "this is a spreadsheet workbook, which cxsite cannot read: its responses would be missing",
            )
            .with_hint("save it as CSV (in Excel: File > Save As > \"CSV UTF-8\") in the same folder")
        });
        seen.push(under);
    }
    seen
}

/// How many existing files a hint names before it says "and N more".
const FILES_IN_HINT: usize = 3;

/// The hint for a pattern that matches nothing: the CSV files that do exist under content/
/// (sorted), with a pattern for the first one's folder, so the fix can be copied.
fn no_match_hint(under_content: &[String]) -> String {
    // Parquet files are candidates for `surveys.aggregates` only.
    let csv: Vec<&String> =
        under_content.iter().filter(|f| [".csv", ".tsv", ".parquet"].iter().any(|e| f.ends_with(e))).collect();
    let Some(first) = csv.first() else {
        return "patterns are relative to content/, which holds no CSV file yet; put the exports in content/surveys/"
            .into();
    };
    let example = match first.rsplit_once('/') {
        Some((folder, name)) => format!("{folder}/*.{}", name.rsplit('.').next().unwrap_or("csv")),
        None => format!("*.{}", first.rsplit('.').next().unwrap_or("csv")),
    };
    let mut shown = csv.iter().take(FILES_IN_HINT).map(|f| f.as_str()).collect::<Vec<_>>().join(", ");
    if csv.len() > FILES_IN_HINT {
        shown.push_str(&format!(" and {} more", csv.len() - FILES_IN_HINT));
    }
    format!("patterns are relative to content/, which holds {shown}; for example \"{example}\"")
}

#[cfg(test)]
mod tests {
    use super::no_match_hint;

    #[test]
    fn a_pattern_that_matches_nothing_is_told_which_files_exist() {
        let files: Vec<String> =
            ["notes.txt", "surveys/a.csv", "surveys/b.csv", "surveys/c.csv", "x/d.tsv"].map(String::from).into();
        assert_eq!(
            no_match_hint(&files),
            "patterns are relative to content/, which holds surveys/a.csv, surveys/b.csv, surveys/c.csv and 1 more; for example \"surveys/*.csv\""
        );
        assert!(no_match_hint(&["top.csv".into()]).ends_with("which holds top.csv; for example \"*.csv\""));
        assert!(no_match_hint(&["notes.txt".into()]).contains("holds no CSV file yet"));
    }
}
