//! Each survey file's ingest result, kept between rebuilds so `serve` re-reads only what changed.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::duplicates::{ResponseIds, repeated};
use super::{IngestProgress, Responses, read_files};
use crate::config::PrivacySettings;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::Project;
use crate::stamp::FileStamp;

/// What a file's ingest depends on besides its bytes: the survey settings, the known ids,
/// the comment topics and the language (whose stop words the comments' terms leave out).
///
/// A journey edit that keeps every touchpoint and persona id leaves it unchanged, so the
/// surveys are not read again; adding or renaming an id changes it (rows are resolved to ids).
fn ingest_inputs(project: &Project, today: Option<(i32, u8)>) -> String {
    let settings = &project.settings;
    let mut touchpoints: Vec<&str> = project.touchpoints().map(|(_, _, t)| t.id.as_str()).collect();
    touchpoints.sort_unstable();
    let personas: Vec<&str> = project.personas.iter().map(|p| p.id.as_str()).collect();
    // Today's month: rows dated after it are left out, so a new month reads them again.
    format!(
        "{:?}|{:?}|{touchpoints:?}|{personas:?}|{:?}|{today:?}|{}",
        settings.surveys, settings.period, project.topics, settings.language
    )
}

struct CachedFile {
    stamp: Option<FileStamp>,
    /// Without its ids, which are kept apart: the merge clones the rest on every rebuild.
    responses: Responses,
    ids: ResponseIds,
    diagnostics: Diagnostics,
}

/// Survey files already read, by path relative to the project root.
#[derive(Default)]
pub struct SurveyCache {
    inputs: String,
    files: BTreeMap<PathBuf, CachedFile>,
}

impl SurveyCache {
    /// Reads the project's survey files that are new, changed on disk or listed in `changed`,
    /// and forgets those no longer matched. Returns the paths it read, and whether the set of
    /// responses changed at all (a file read, or one dropped).
    pub fn refresh(
        &mut self,
        project: &Project,
        changed: &BTreeSet<PathBuf>,
        progress: &IngestProgress,
        today: Option<(i32, u8)>,
    ) -> (Vec<PathBuf>, bool) {
        let inputs = ingest_inputs(project, today);
        let count = self.files.len();
        if inputs != self.inputs {
            self.files.clear();
            self.inputs = inputs;
        }
        let inputs_now = project.input_files();
        self.files.retain(|path, _| inputs_now.contains(path));
        let dropped = self.files.len() != count;
        let stale: Vec<PathBuf> = inputs_now
            .iter()
            .filter(|file| match self.files.get(*file) {
                Some(cached) => changed.contains(*file) || cached.stamp != FileStamp::of(&project.root.join(file)),
                None => true,
            })
            .cloned()
            .collect();
        // Stamp before reading: a save during the read makes the next refresh read it again.
        let stamps: Vec<Option<FileStamp>> = stale.iter().map(|f| FileStamp::of(&project.root.join(f))).collect();
        for ((file, stamp), (responses, diagnostics)) in
            stale.iter().zip(stamps).zip(read_files(project, &stale, progress, today))
        {
            // A file that could not be read (locked by Excel, say) is read again next time.
            let stamp = if diagnostics.has_errors(false) { None } else { stamp };
            let mut responses = responses;
            let ids = std::mem::take(&mut responses.ids);
            self.files.insert(file.clone(), CachedFile { stamp, responses, ids, diagnostics });
        }
        let changed = dropped || !stale.is_empty();
        (stale, changed)
    }

    /// The ids counted more than once over the files but `left_out`, as hashes, and the files
    /// that hold them. Fails only if ids written to a temporary file cannot be read back.
    pub fn repeated_ids(&self, left_out: &[PathBuf]) -> std::io::Result<(HashSet<u64>, Vec<PathBuf>)> {
        let kept = || self.files.iter().filter(|(path, _)| !left_out.contains(path));
        let hashes = repeated(&kept().map(|(_, cached)| &cached.ids).collect::<Vec<_>>())?;
        let mut holding = Vec::new();
        if !hashes.is_empty() {
            for (path, cached) in kept() {
                if cached.ids.holds_any(&hashes)? {
                    holding.push(path.clone());
                }
            }
        }
        Ok((hashes, holding))
    }

    /// Every cached file's responses and diagnostics but those of `left_out`, merged in path
    /// order (as a full ingest would), with personal data taken out of the comments. A file in
    /// `replaced` (read again without repeated responses) is merged from there. Unless `keep`,
    /// the files' responses are moved out, not copied: a one-off build reads them once.
    pub fn merged(
        &mut self,
        privacy: &PrivacySettings,
        left_out: &[PathBuf],
        replaced: &BTreeMap<PathBuf, (Responses, Diagnostics)>,
        keep: bool,
    ) -> (Responses, Diagnostics) {
        let mut responses = Responses::default();
        let mut diagnostics = Diagnostics::default();
        for (path, cached) in self.files.iter_mut().filter(|(path, _)| !left_out.contains(path)) {
            let (mine, problems) = match (replaced.get(path), keep) {
                (Some((mine, problems)), _) => (mine.clone(), problems.clone()),
                (None, true) => (cached.responses.clone(), cached.diagnostics.clone()),
                (None, false) => {
                    cached.stamp = None; // read again if asked again
                    (std::mem::take(&mut cached.responses), std::mem::take(&mut cached.diagnostics))
                }
            };
            // Counts are kept in 32 bits: one that reached the top may stand for more.
            if let Some((period, _)) = mine.segments.full() {
                diagnostics.push(too_many_answers(Location::file(path), *period, "in this file"));
            }
            responses.merge(mine);
            diagnostics.extend(problems);
        }
        responses.ids = ResponseIds::default();
        super::redact_comments(&mut responses, privacy);
        // Rows were there, and none could be counted: a report without any of them would
        // look like a project without survey data.
        if responses.segments.is_empty()
            && responses.quality.rows_skipped > 0
            && let Some(first) = self.files.keys().next()
        {
            diagnostics.push(
                Diagnostic::error(
                    Location::file(first),
                    format!(
                        "none of the {} survey rows could be read, so the report would have no scores",
                        responses.quality.rows_skipped
                    ),
                )
                .with_hint("the problems above say why for the first rows of each file; most often the date column"),
            );
        }
        if !diagnostics.has_errors(false)
            && let Some((period, _)) = responses.segments.full()
        {
            // No one file holds them: the folder that holds them all.
            let counted = self.files.keys().filter(|path| !left_out.contains(path));
            let folder = counted.fold(None::<PathBuf>, |common, path| match common {
                None => path.parent().map(Path::to_path_buf),
                Some(common) => common.ancestors().find(|a| path.starts_with(a)).map(Path::to_path_buf),
            });
            let location = Location::file(folder.unwrap_or_default());
            diagnostics.push(too_many_answers(location, *period, "in the survey files together"));
        }
        (responses, diagnostics)
    }
}

/// A segment with 2³² − 1 answers or more in one period: more than cxsite counts.
fn too_many_answers(location: Location, period: crate::period::Period, whose: &str) -> Diagnostic {
    Diagnostic::error(location, format!("one segment has 4,294,967,295 answers or more in {period} {whose}")).with_hint(
        "cxsite counts fewer answers per segment and period: split the report by period, or count fewer files",
    )
}
