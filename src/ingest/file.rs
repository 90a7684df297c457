//! Reads survey files: each file's layout first, then every file's chunks on all cores, then
//! the chunks stitched back together in order.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::chunk::{ChunkRead, line_start_at_or_after, read_chunk};
use super::comment_tally::CommentPlan;
use super::comments::SampleCutoffs;
use super::count_record::CountRecord;
use super::duplicates::SharedSpill;
use super::layout::{Layout, read_layout};
use super::quality::{ExportLayout, FileSummary};
use super::segment_counts::SegmentCounts;
use super::tally::FilePlan;
use super::{IngestProgress, Responses, StopWords, cell::Scale};
use crate::config::SurveySettings;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::Topic;
use crate::period::PeriodKind;

/// What the reader needs to know about the project.
#[derive(Clone)]
pub struct Known<'a> {
    pub settings: &'a SurveySettings,
    /// The month the report is made in (year, month): rows dated after it are left out.
    pub today: Option<(i32, u8)>,
    pub period: PeriodKind,
    /// Lower-cased id → id, for touchpoints and personas.
    pub touchpoints: HashMap<String, &'a str>,
    pub personas: HashMap<String, &'a str>,
    pub topics: &'a [Topic],
    pub stop_words: &'a StopWords,
    /// The size files are cut at: [`super::chunk::CHUNK`], smaller in tests to cut small files.
    pub chunk_size: u64,
    /// Rows to pass over, by where they start (sorted): responses counted in another file.
    pub leave_out: &'a [u64],
}

/// One range of one file to read.
struct Task {
    file: usize,
    start: u64,
    limit: u64,
}

/// Reads `files` (`(path on disk, path shown)`) on all cores; one result per file, in order.
pub fn read_survey_files(
    files: &[(PathBuf, PathBuf)],
    known: &Known,
    progress: &IngestProgress,
) -> Vec<(Responses, Diagnostics)> {
    let scales = {
        let s = known.settings;
        [
            Scale::new(0, 10, &s.values.nps),
            Scale::new(1, s.scales.csat, &s.values.csat),
            Scale::new(1, s.scales.ces, &s.values.ces),
        ]
    };
    // One per file: `serve` keeps each file's responses and merges them with files read later,
    // so a file's sample must not depend on the others'.
    let cutoffs: Vec<SampleCutoffs> = files.iter().map(|_| SampleCutoffs::default()).collect();
    // Layouts first (a few KiB of each file), so a file with a bad header is one message.
    let mut plans: Vec<Result<(FilePlan, u64), Diagnostic>> = Vec::new();
    for ((path, file), cutoffs) in files.iter().zip(&cutoffs) {
        let plan = read_layout(path, file, known.settings, &known.touchpoints).and_then(|layout| {
            let length = std::fs::metadata(path)
                .map_err(|e| Diagnostic::error(Location::file(file), format!("cannot read this file: {e}")))?
                .len();
            let plan = FilePlan {
                file,
                today: known.today,
                leave_out: known.leave_out,
                layout,
                period: known.period,
                touchpoints: &known.touchpoints,
                personas: &known.personas,
                scales: scales.clone(),
                comments: CommentPlan {
                    topics: known.topics,
                    stop_words: known.stop_words,
                    bands: crate::bands::Bands::of(known.settings),
                    cutoffs,
                },
            };
            Ok((plan, length))
        });
        plans.push(plan);
    }
    progress.add_total(plans.iter().flatten().map(|(plan, length)| length - plan.layout.data_start).sum());

    let mut tasks = Vec::new();
    for (index, (plan, length)) in plans.iter().enumerate().filter_map(|(i, p)| Some((i, p.as_ref().ok()?))) {
        let first = plan.layout.data_start;
        let mut start = first;
        let mut boundary = first;
        while start < *length || start == first {
            boundary += known.chunk_size;
            let limit = if boundary >= *length { u64::MAX } else { boundary };
            tasks.push(Task { file: index, start, limit });
            if limit == u64::MAX {
                break;
            }
            start = line_start_at_or_after(&files[index].0, boundary, plan.layout.line_end).unwrap_or(*length);
        }
    }

    let mut joined = read_in_parallel(&tasks, files, &plans, progress);
    plans
        .iter()
        .zip(joined.iter_mut())
        .map(|(plan, joined)| match plan {
            Ok((plan, _)) => joined.take().expect("every file with a layout is joined").finish(plan),
            Err(diagnostic) => {
                let mut diagnostics = Diagnostics::default();
                diagnostics.push(diagnostic.clone());
                (Responses::default(), diagnostics)
            }
        })
        .collect()
}

/// Reads every task on a pool of one thread a core, and joins each chunk to its file's as
/// soon as the chunks before it are joined, so only a few chunks are held at a time.
fn read_in_parallel(
    tasks: &[Task],
    files: &[(PathBuf, PathBuf)],
    plans: &[Result<(FilePlan, u64), Diagnostic>],
    progress: &IngestProgress,
) -> Vec<Option<Joined>> {
    struct InOrder {
        next: usize,
        waiting: BTreeMap<usize, Result<ChunkRead, Diagnostic>>,
        joined: Vec<Option<Joined>>,
    }
    let joined = plans.iter().map(|p| p.as_ref().ok().map(|(plan, _)| Joined::new(plan))).collect();
    let state = Mutex::new(InOrder { next: 0, waiting: BTreeMap::new(), joined });
    // One temporary file for the ids of all files read here, made when first needed: a file
    // each would keep hundreds open on a project of many large exports.
    let spill = std::sync::OnceLock::new();
    let next_task = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(tasks.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next_task.fetch_add(1, Ordering::Relaxed);
                    let Some(task) = tasks.get(index) else { break };
                    let Ok((plan, _)) = &plans[task.file] else { continue };
                    let read = read_chunk(&files[task.file].0, plan, task.start, task.limit, &progress.done, &spill);
                    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
                    let mut guard = lock();
                    guard.waiting.insert(index, read);
                    loop {
                        let next = guard.next;
                        let Some(mut read) = guard.waiting.remove(&next) else { break };
                        let task = &tasks[next];
                        let (plan, _) = plans[task.file].as_ref().expect("tasks are made for files with a layout");
                        let expected = guard.joined[task.file]
                            .as_ref()
                            .map(|j| j.expected)
                            .expect("every file with a layout is joined");
                        // Began inside a quoted field, or after a broken row: read it again from
                        // where the chunk before really ended, without holding up the others.
                        if !matches!(&read, Ok(r) if r.start == expected) {
                            drop(guard);
                            read = read_chunk(
                                &files[task.file].0,
                                plan,
                                expected,
                                task.limit,
                                &AtomicU64::default(),
                                &spill,
                            );
                            guard = lock();
                        }
                        if let Some(joined) = guard.joined[task.file].as_mut() {
                            joined.add(read, &spill);
                            plan.comments.cutoffs.update(&joined.responses.comments);
                        }
                        guard.next += 1;
                    }
                }
            });
        }
    });
    state.into_inner().unwrap_or_else(|e| e.into_inner()).joined
}

/// A file's chunks joined so far, in order.
struct Joined {
    /// Where the next chunk must begin, and its first line's number.
    expected: u64,
    line: usize,
    rows: u64,
    latin: bool,
    responses: Responses,
    /// The chunks' counts by segment, made into `responses.segments` when the file is finished.
    counts: SegmentCounts,
    /// A read error ends the file: later chunks are not joined.
    failed: Option<Diagnostic>,
    /// The file as shown, for an error of the join itself.
    file: PathBuf,
}

impl Joined {
    fn new(plan: &FilePlan) -> Joined {
        let layout = &plan.layout;
        Joined {
            expected: layout.data_start,
            line: layout.data_line,
            rows: 0,
            latin: layout.latin,
            responses: Responses::default(),
            counts: SegmentCounts::new(CountRecord::new(&plan.scales)),
            failed: None,
            file: plan.file.to_path_buf(),
        }
    }

    /// Joins the next chunk, which begins where the one before ended.
    fn add(&mut self, read: Result<ChunkRead, Diagnostic>, spill: &SharedSpill) {
        if self.failed.is_some() {
            return;
        }
        match read {
            Ok(mut read) => {
                read.responses.quality.shift_lines(self.line - 1);
                self.line += read.lines;
                self.expected = read.end;
                self.rows += read.rows;
                self.latin |= read.latin;
                self.responses.merge(read.responses);
                // A large file's ids wait on disk, not in memory, until repeats are looked for.
                self.responses.ids.spill_held(spill);
                if read.counts.add_to(&mut self.counts).is_err() {
                    let problem = format!("this file has more than {} answers in one segment and period", u32::MAX);
                    self.failed = Some(
                        Diagnostic::error(Location::file(&self.file), problem)
                            .with_hint("split the export into files of fewer rows (by month, say)"),
                    );
                }
            }
            Err(diagnostic) => self.failed = Some(diagnostic),
        }
    }

    /// The file's responses, its warnings (and error), and its line in the data-quality table.
    fn finish(mut self, plan: &FilePlan) -> (Responses, Diagnostics) {
        self.responses.segments = std::sync::Arc::new(self.counts.into_table());
        let layout = &plan.layout;
        let mut diagnostics = self.responses.quality.warnings(plan.file);
        // Header rows that took the whole file have their own warning, which says why.
        if self.rows == 0 && self.failed.is_none() && !layout.every_row_is_header {
            diagnostics.push(
                Diagnostic::warning(Location::file(plan.file), "this survey file has a header but no answers")
                    .with_hint("export the survey again with its responses, or remove the file"),
            );
        }
        if let Some(error) = self.failed {
            diagnostics.push(error);
        }
        for warning in &layout.warnings {
            diagnostics.push(warning.clone());
        }
        let skipped = self.responses.quality.rows_skipped;
        self.responses.quality.files.push(summary(plan.file, layout, self.rows, skipped, self.latin));
        (self.responses, diagnostics)
    }
}

fn summary(file: &Path, layout: &Layout, rows: u64, skipped: u64, latin: bool) -> FileSummary {
    FileSummary {
        file: file.display().to_string(),
        rows,
        skipped,
        delimiter: Some(layout.delimiter_kind()),
        encoding: if latin { "Windows-1252" } else { "UTF-8" }.into(),
        header_rows: layout.header_rows,
        layout: if layout.wide.is_empty() { ExportLayout::Long } else { ExportLayout::Wide },
        date_order: Some(layout.date_order_note),
        missing_columns: layout.missing.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::ingest::Segment;

    /// Reads one file with the given chunk size.
    fn read(csv: &str, chunk_size: u64) -> (Responses, Diagnostics) {
        // Tests run in parallel: each read gets its own folder.
        static READS: AtomicUsize = AtomicUsize::new(0);
        let read = READS.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("cxsite-chunks-{}-{read}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("export.csv");
        std::fs::write(&path, csv).unwrap();
        let settings: Settings =
            crate::yaml::parse("title: t\nsurveys: {dimensions: [channel]}", Path::new("c.yaml"), 1).unwrap();
        let known = Known {
            settings: &settings.surveys,
            today: None,
            period: settings.period,
            touchpoints: [("checkout".to_string(), "checkout"), ("delivery".to_string(), "delivery")].into(),
            personas: [("anna".to_string(), "anna")].into(),
            topics: &[],
            stop_words: &StopWords::for_language("en"),
            chunk_size,
            leave_out: &[],
        };
        let files = [(path, PathBuf::from("content/surveys/export.csv"))];
        let mut results = read_survey_files(&files, &known, &IngestProgress::default());
        std::fs::remove_dir_all(&dir).unwrap();
        results.pop().unwrap()
    }

    #[test]
    fn a_large_file_s_ids_wait_in_the_temporary_file_as_its_chunks_are_joined() {
        let mut csv = String::from("response_id,submitted_at,touchpoint,channel,nps\n");
        for n in 0..70_000 {
            csv.push_str(&format!("R_{n},2026-07-01,checkout,web,9\n"));
        }
        // Cut in 1 MiB chunks (about 32,000 rows): the ids are moved once 65,536 are held.
        let (large, _) = read(&csv, 1 << 20);
        assert_eq!(large.ids.spilled_runs(), 1);
        assert_eq!(large.quality.files[0].rows, 70_000);
        let (small, _) = read(&csv[..csv.len() / 2], 1 << 20);
        assert_eq!(small.ids.spilled_runs(), 0, "35,000 ids stay in memory");
        assert!(small.quality.files[0].rows > 30_000);
    }

    #[test]
    fn a_file_that_vanished_after_the_project_was_loaded_is_an_error_naming_it() {
        let settings: Settings = crate::yaml::parse("title: t", Path::new("c.yaml"), 1).unwrap();
        let known = Known {
            settings: &settings.surveys,
            today: None,
            period: settings.period,
            touchpoints: HashMap::new(),
            personas: HashMap::new(),
            topics: &[],
            stop_words: &StopWords::for_language("en"),
            chunk_size: 1 << 20,
            leave_out: &[],
        };
        let gone = std::env::temp_dir().join(format!("cxsite-gone-{}/export.csv", std::process::id()));
        let files = [(gone, PathBuf::from("content/surveys/export.csv"))];
        let (responses, diagnostics) = read_survey_files(&files, &known, &IngestProgress::default()).pop().unwrap();
        let problems = diagnostics.sorted();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].to_string().starts_with("content/surveys/export.csv: error: cannot read this file"),
            "{}",
            problems[0]
        );
        assert!(responses.segments.is_empty());
    }

    #[test]
    fn any_cut_gives_the_rows_and_places_of_one_pass() {
        let mut csv = String::from("response_id,submitted_at,persona,touchpoint,channel,nps,csat,comment\n");
        for i in 0..120 {
            let comment = match i % 7 {
                0 => "\"two\nlines, with a comma\"".to_string(),
                3 => "\"\"\"quoted\"\" \n\n and more\"".to_string(),
                5 => format!("late parcel number {} again", i % 4),
                _ => String::new(),
            };
            let nps = if i % 11 == 0 { "12".to_string() } else { (i % 11).to_string() };
            let touchpoint = if i % 13 == 0 {
                "nowhere"
            } else if i % 2 == 0 {
                "checkout"
            } else {
                "delivery"
            };
            let day = 1 + i % 28;
            csv.push_str(&format!(
                "r{i},2026-0{}-{day:02},anna,{touchpoint},web,{nps},{},{comment}\n",
                1 + i % 9,
                1 + i % 5
            ));
        }
        let (whole, whole_diagnostics) = read(&csv, u64::MAX / 2);
        assert_eq!(whole.quality.files[0].rows, 120);
        // Comments on rows 5, 12, 19, …: NPS i % 11 decides the side (0–6 unhappy, 9–10 happy);
        // where it is out of range (12), CSAT 1 + i % 5 does (1–2 unhappy, 4–5 happy).
        let late: [u64; 2] = (whole.terms.by_place())
            .flat_map(|(_, mut words)| words.find(|(word, _)| *word == "late parcel").map(|(_, counts)| counts))
            .fold([0, 0], |[u, h], [du, dh]| [u + du, h + dh]);
        let sides = (0..120).filter(|i| i % 7 == 5).fold([0, 0], |[u, h], i: u64| match (i % 11, 1 + i % 5) {
            (0, 1..=2) | (1..=6, _) => [u + 1, h],
            (0, 4..=5) | (9 | 10, _) => [u, h + 1],
            _ => [u, h],
        });
        assert_eq!(late, sides);
        assert!(late[0] > 0 && late[1] > 0);
        // The segments within a touchpoint: checkout (even rows but every 13th, "nowhere") for
        // anna and on the web, counted from the same rows as checkout itself.
        let in_all_periods = |segment: Segment| -> u64 {
            whole.segments.iter().filter(|((_, s), _)| *s == segment).map(|(_, c)| c.responses()).sum()
        };
        let checkout = (0..120).filter(|i| i % 13 != 0 && i % 2 == 0).count() as u64;
        assert_eq!(in_all_periods(Segment::Touchpoint("checkout".into())), checkout);
        assert_eq!(in_all_periods(Segment::TouchpointPersona("checkout".into(), "anna".into())), checkout);
        assert_eq!(in_all_periods(Segment::TouchpointDimension(0, "checkout".into(), "web".into())), checkout);
        assert!(!whole.segments.keys().any(|(_, s)| matches!(s, Segment::TouchpointPersona(t, _) if t == "nowhere")));
        for chunk_size in [1, 17, 64, 100, 333, 1000] {
            let (cut, diagnostics) = read(&csv, chunk_size);
            assert_eq!(cut.segments, whole.segments, "chunk size {chunk_size}");
            assert_eq!(cut.terms, whole.terms, "chunk size {chunk_size}");
            assert_eq!(cut.quality.files[0].rows, 120, "chunk size {chunk_size}");
            let places = |r: &Responses| -> Vec<String> {
                r.quality.issues.values().flat_map(|i| i.examples.iter().map(ToString::to_string)).collect()
            };
            assert_eq!(places(&cut), places(&whole), "chunk size {chunk_size}");
            assert_eq!(diagnostics.sorted(), whole_diagnostics.sorted(), "chunk size {chunk_size}");
        }
        // The places are those of the file: row r0 is on line 2, and each comment with line
        // breaks pushes the rows after it down.
        let out_of_range = &whole.quality.issues["score out of range"].examples[0];
        assert_eq!(out_of_range.location.to_string(), "content/surveys/export.csv:2:6");
        let unknown = &whole.quality.issues["unknown touchpoint"].examples[1];
        // r13: rows 0..12 take 13 lines plus one extra line each for r0 and r7 and two for r3 and r10.
        assert_eq!(unknown.location.line(), 2 + 13 + 1 + 1 + 2 + 2);
    }

    #[test]
    fn any_cut_keeps_the_comment_sample_of_one_pass() {
        // 300 comments at one touchpoint in one period, far more than a sample holds: later chunks skip most.
        let mut csv = String::from("response_id,submitted_at,persona,touchpoint,channel,nps,csat,comment\n");
        for i in 0..300 {
            csv.push_str(&format!(
                "r{i},2026-07-{:02},anna,checkout,web,{},4,comment number {i}\n",
                1 + i % 28,
                i % 11
            ));
        }
        let (whole, _) = read(&csv, u64::MAX / 2);
        let sample = |r: &Responses| r.comments.by_touchpoint.values().next().cloned().unwrap_or_default();
        assert_eq!(sample(&whole).len(), super::super::comments::SAMPLE_SIZE);
        for chunk_size in [64, 333, 1000, 4096] {
            let (cut, _) = read(&csv, chunk_size);
            assert_eq!(sample(&cut), sample(&whole), "chunk size {chunk_size}");
        }
    }
}
