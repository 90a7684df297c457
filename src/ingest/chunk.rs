//! Reading a byte range of a survey file: the unit of parallel ingest.
//!
//! A file is cut into ranges of [`CHUNK`] bytes. Each range is read from the first line
//! start at or after its beginning, up to the first row that starts at or after its end.
//! A line start inside a quoted field (a comment with a line break) is not a row start;
//! that is found when the range before is read (it ends elsewhere), and the range is then
//! read again from where the one before really ended. So the rows are exactly those of one
//! pass from the top, whatever the cut.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use super::Responses;
use super::duplicates::SharedSpill;
use super::rows::RowReader;
use super::tally::{ChunkCounts, FilePlan, Tally};
use crate::diagnostics::{Diagnostic, Location};

/// The size of a range. Large enough that the cut costs nothing, small enough that two
/// cores share a file evenly and memory stays flat.
pub const CHUNK: u64 = 32 << 20;

/// What one range held.
pub struct ChunkRead {
    /// The byte offset it was read from, and where its last row ended.
    pub start: u64,
    pub end: u64,
    /// Lines from `start` to `end`, to number the next range's lines.
    pub lines: usize,
    pub rows: u64,
    pub latin: bool,
    /// Without the segments' counts, which are in `counts`.
    pub responses: Responses,
    pub counts: ChunkCounts,
}

/// The first line start at or after `offset`: where a range's reading begins.
pub fn line_start_at_or_after(path: &Path, offset: u64, line_end: u8) -> std::io::Result<u64> {
    let mut file = File::open(path)?;
    let from = offset.saturating_sub(1);
    file.seek(SeekFrom::Start(from))?;
    let mut position = from;
    let mut buffer = [0u8; 1 << 14];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            return Ok(position);
        }
        if let Some(at) = memchr::memchr(line_end, &buffer[..read]) {
            return Ok(position + at as u64 + 1);
        }
        position += read as u64;
    }
}

/// Reads the rows that start in `start..limit` of the file at `path` (`start` a line
/// start). `progress` counts the bytes read, for the progress bar; a large chunk's ids go to
/// `spill`.
pub fn read_chunk(
    path: &Path,
    plan: &FilePlan,
    start: u64,
    limit: u64,
    progress: &AtomicU64,
    spill: &SharedSpill,
) -> Result<ChunkRead, Diagnostic> {
    let io_error =
        |e: std::io::Error| Diagnostic::error(Location::file(plan.file), format!("cannot read this file: {e}"));
    let mut file = File::open(path).map_err(io_error)?;
    file.seek(SeekFrom::Start(start)).map_err(io_error)?;
    let mut rows = RowReader::new(file, plan.layout.delimiter, plan.layout.line_end);
    let mut tally = Tally::new(plan);
    let mut reported = 0u64;
    let (end, lines) = loop {
        let Some(row) = rows.read().map_err(io_error)? else {
            let at = rows.position();
            break (start + at.byte, at.line - 1);
        };
        if start + row.byte >= limit {
            break (start + row.byte, row.line - 1);
        }
        if !plan.leave_out.is_empty() && plan.leave_out.binary_search(&(start + row.byte)).is_ok() {
            tally.leave_out_row();
            continue;
        }
        tally.add_row(&rows.row(), row.line);
        if row.byte - reported > 1 << 20 {
            progress.fetch_add(row.byte - reported, Ordering::Relaxed);
            reported = row.byte;
        }
    };
    progress.fetch_add((end - start).saturating_sub(reported), Ordering::Relaxed);
    let (rows, latin) = (tally.rows, tally.latin);
    let (mut responses, counts) = tally.finish();
    // Written out here, not when the chunk is joined: a chunk may wait for the one before it.
    responses.ids.spill_held(spill);
    Ok(ChunkRead { start, end, lines, rows, latin, responses, counts })
}
