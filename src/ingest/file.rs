//! Reads survey files: each file's layout first, then every file's chunks on all cores, then
//! the chunks stitched back together in order.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::chunk::{CHUNK, ChunkRead, line_start_at_or_after, read_chunk};
use super::layout::{Layout, read_layout};
use super::quality::FileSummary;
use super::tally::FilePlan;
use super::{IngestProgress, Responses, cell::Scale};
use crate::config::SurveySettings;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::period::PeriodKind;

/// What the reader needs to know about the project.
pub struct Known<'a> {
    pub settings: &'a SurveySettings,
    pub period: PeriodKind,
    /// Lower-cased id → id, for touchpoints and personas.
    pub touchpoints: HashMap<String, &'a str>,
    pub personas: HashMap<String, &'a str>,
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
    // Layouts first (a few KiB of each file), so a file with a bad header is one message.
    let mut plans: Vec<Result<(FilePlan, u64), Diagnostic>> = Vec::new();
    for (path, file) in files {
        let plan = read_layout(path, file, known.settings, &known.touchpoints).and_then(|layout| {
            let length = std::fs::metadata(path)
                .map_err(|e| Diagnostic::error(Location::file(file), format!("cannot read this file: {e}")))?
                .len();
            let plan = FilePlan {
                file,
                layout,
                period: known.period,
                touchpoints: &known.touchpoints,
                personas: &known.personas,
                scales: scales.clone(),
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
            boundary += CHUNK;
            let limit = if boundary >= *length { u64::MAX } else { boundary };
            tasks.push(Task { file: index, start, limit });
            if limit == u64::MAX {
                break;
            }
            start = line_start_at_or_after(&files[index].0, boundary).unwrap_or(*length);
        }
    }

    let reads = read_in_parallel(&tasks, files, &plans, progress);
    let mut results: Vec<(Responses, Diagnostics)> = Vec::with_capacity(files.len());
    let mut reads = tasks.iter().zip(reads).peekable();
    for (index, plan) in plans.into_iter().enumerate() {
        let (plan, _) = match plan {
            Ok(plan) => plan,
            Err(diagnostic) => {
                let mut diagnostics = Diagnostics::default();
                diagnostics.push(diagnostic);
                results.push((Responses::default(), diagnostics));
                continue;
            }
        };
        let mut chunks = Vec::new();
        while let Some((task, read)) = reads.next_if(|(task, _)| task.file == index) {
            chunks.push((task, read));
        }
        results.push(stitch(&files[index].0, &plan, chunks, progress));
    }
    results
}

/// Reads every task on a pool of one thread a core.
fn read_in_parallel(
    tasks: &[Task],
    files: &[(PathBuf, PathBuf)],
    plans: &[Result<(FilePlan, u64), Diagnostic>],
    progress: &IngestProgress,
) -> Vec<Result<ChunkRead, Diagnostic>> {
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Result<ChunkRead, Diagnostic>>>> = Mutex::new((0..tasks.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(tasks.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(task) = tasks.get(index) else { break };
                    let Ok((plan, _)) = &plans[task.file] else { continue };
                    let read = read_chunk(&files[task.file].0, plan, task.start, task.limit, &progress.done);
                    slots.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(read);
                }
            });
        }
    });
    slots
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|slot| slot.expect("every task ran"))
        .collect()
}

/// Joins a file's chunks in order, reading again any chunk that began inside a quoted field,
/// and numbers their lines from the top of the file.
fn stitch(
    path: &Path,
    plan: &FilePlan,
    chunks: Vec<(&Task, Result<ChunkRead, Diagnostic>)>,
    progress: &IngestProgress,
) -> (Responses, Diagnostics) {
    let layout = &plan.layout;
    let mut responses = Responses::default();
    let mut diagnostics = Diagnostics::default();
    let (mut expected, mut line, mut rows, mut latin) = (layout.data_start, layout.data_line, 0u64, layout.latin);
    for (task, read) in chunks {
        let read = match read {
            Ok(read) if read.start == expected => Ok(read),
            // Began inside a quoted field, or after a broken row: read it again from where
            // the chunk before really ended.
            _ => read_chunk(path, plan, expected, task.limit, &progress.done),
        };
        let mut read = match read {
            Ok(read) => read,
            Err(mut diagnostic) => {
                if diagnostic.location.line > 0 {
                    diagnostic.location.line += line - 1;
                }
                diagnostics.push(diagnostic);
                break;
            }
        };
        read.responses.quality.shift_lines(line - 1);
        line += read.lines;
        expected = read.end;
        rows += read.rows;
        latin |= read.latin;
        responses.merge(read.responses);
    }
    diagnostics.extend(responses.quality.warnings(plan.file));
    if let Some(warning) = &layout.date_warning {
        diagnostics.push(warning.clone());
    }
    responses.quality.files.push(summary(plan.file, layout, rows, latin));
    (responses, diagnostics)
}

fn summary(file: &Path, layout: &Layout, rows: u64, latin: bool) -> FileSummary {
    FileSummary {
        file: file.display().to_string(),
        rows,
        delimiter: layout.delimiter_name(),
        encoding: if latin { "Windows-1252" } else { "UTF-8" }.into(),
        header_rows: layout.header_rows,
        layout: if layout.wide.is_empty() { "long" } else { "wide" }.into(),
        date_order: layout.date_order_note.clone(),
        missing_columns: layout.missing.clone(),
    }
}
