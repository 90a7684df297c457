//! Response ids seen twice: two downloads that overlap, or rows merged by hand. A response
//! counts once: the same row again is left out with a warning; another row with the same id is
//! an error, as cxsite cannot tell which is right.
//!
//! The row loop only hashes each counted row's id with its export's header (8 bytes a row): ids
//! are compared between downloads of one survey, not between forms that each number their own
//! responses from 1. Only when a hash repeats are the files that hold it read again, row by
//! row, to compare the real ids and rows; such a file is then read the usual way once more,
//! passing over the rows to leave out (by where they start), so lines, samples and every figure
//! are those of the file without them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::cell::parse_date;
use super::dialect::decode;
use super::layout::{Layout, read_layout};
use super::rows::RowReader;
use super::spill::Spill;
use crate::config::{ColumnRole, SurveySettings};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// How many parts the hashes are kept in, by their top bits: each part is small enough for
/// its repeats to be found in the cache, and the parts are searched on all cores.
const PARTS: usize = 256;

/// Below this many ids held in memory, a file's ids stay there (a temporary file is not worth it).
const SPILL_AT: usize = 1 << 16;

/// The hashed ids of a file's counted rows (8 bytes a row), each chunk's by their top 8 bits.
/// A large file's chunks are moved to a temporary file as they are read ([`Spill`]), so ten
/// million responses do not hold 80 MB for the whole build. Lists are never copied into one.
#[derive(Debug, Clone, Default)]
pub struct ResponseIds {
    held: Vec<Vec<Vec<u64>>>,
    spilled: Vec<SpilledRun>,
}

/// The temporary file the ids of one read go to, made at the first spill; `None` once it could
/// not be made (the ids then stay in memory).
pub type SharedSpill = OnceLock<Option<Arc<Spill>>>;

/// Chunks' ids written to a [`Spill`] part after part: part `p` is `starts[p]..starts[p + 1]`.
#[derive(Debug, Clone)]
struct SpilledRun {
    spill: Arc<Spill>,
    starts: Arc<[u64]>,
}

impl ResponseIds {
    /// Notes one counted row's id.
    #[inline]
    pub fn push(&mut self, hash: u64) {
        if self.held.is_empty() {
            self.held.push(vec![Vec::new(); PARTS]);
        }
        let parts = self.held.last_mut().expect("made above");
        parts[(hash >> 56) as usize].push(hash);
    }

    /// Adds another chunk's or file's ids.
    pub fn merge(&mut self, other: ResponseIds) {
        self.held.extend(other.held);
        self.spilled.extend(other.spilled);
    }

    /// Moves the ids held in memory to `spill` once there are enough of them. If the file
    /// cannot be made or written (no room in `TMPDIR`), they stay in memory.
    pub fn spill_held(&mut self, spill: &SharedSpill) {
        let held: usize = self.held.iter().flatten().map(Vec::len).sum();
        let spill = (held >= SPILL_AT).then(|| spill.get_or_init(|| Spill::new().ok().map(Arc::new)).clone());
        let Some(Some(spill)) = spill else {
            // Kept for the whole build (and by `serve` between builds): a part that doubled
            // would hold up to twice its bytes.
            self.held.iter_mut().flatten().for_each(Vec::shrink_to_fit);
            return;
        };
        let held = &self.held;
        let runs = (0..PARTS).flat_map(|part| held.iter().map(move |parts| &parts[part][..]));
        let Ok(start) = spill.append(runs) else { return };
        let mut starts = Vec::with_capacity(PARTS + 1);
        starts.push(start);
        for part in 0..PARTS {
            starts.push(starts[part] + held.iter().map(|parts| parts[part].len() as u64).sum::<u64>());
        }
        self.spilled.push(SpilledRun { spill, starts: starts.into() });
        self.held.clear();
    }

    /// Whether any id of these is one of `hashes`.
    pub fn holds_any(&self, hashes: &HashSet<u64>) -> std::io::Result<bool> {
        for part in 0..PARTS {
            let (held, spilled) = self.part(part)?;
            if held.copied().chain(spilled).any(|hash| hashes.contains(&hash)) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// One part's ids: those in memory, and those read back from the temporary file.
    fn part(&self, index: usize) -> std::io::Result<(impl Iterator<Item = &u64> + '_, Vec<u64>)> {
        let mut spilled = Vec::new();
        for run in &self.spilled {
            let (from, to) = (run.starts[index], run.starts[index + 1]);
            run.spill.read(from, (to - from) as usize, &mut spilled)?;
        }
        Ok((self.held.iter().flat_map(move |parts| &parts[index]), spilled))
    }

    /// How many runs of ids wait in a temporary file.
    #[cfg(test)]
    pub fn spilled_runs(&self) -> usize {
        self.spilled.len()
    }

    fn part_len(&self, index: usize) -> usize {
        let held: usize = self.held.iter().map(|parts| parts[index].len()).sum();
        let spilled: u64 = self.spilled.iter().map(|run| run.starts[index + 1] - run.starts[index]).sum();
        held + spilled as usize
    }
}

/// A 64-bit hash of an id's bytes, eight at a time (the row loop's cost is in this).
#[inline]
pub fn id_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut hash = K ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        hash = (hash ^ u64::from_le_bytes(word.try_into().expect("8 bytes"))).wrapping_mul(K).rotate_left(31);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        hash = (hash ^ u64::from_le_bytes(last)).wrapping_mul(K).rotate_left(31);
    }
    // MurmurHash3's finaliser: every input bit reaches every output bit.
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// The hashes are already mixed: a set of them needs no hashing of its own.
#[derive(Default)]
struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

type HashSetOf = HashSet<u64, BuildHasherDefault<AsIs>>;

/// The hashes that occur more than once over all `lists`, part by part on all cores. Fails
/// only if ids written to a temporary file cannot be read back.
pub fn repeated(lists: &[&ResponseIds]) -> std::io::Result<HashSet<u64>> {
    let parts: Vec<usize> = (0..PARTS).collect();
    let found = crate::cores::on_all_cores(&parts, |&part| -> std::io::Result<Vec<u64>> {
        let total = lists.iter().map(|ids| ids.part_len(part)).sum();
        let mut seen = HashSetOf::with_capacity_and_hasher(total, Default::default());
        let mut twice = Vec::new();
        for ids in lists {
            let (held, spilled) = ids.part(part)?;
            for hash in held.copied().chain(spilled) {
                if !seen.insert(hash) {
                    twice.push(hash);
                }
            }
        }
        Ok(twice)
    });
    let mut hashes = HashSet::new();
    for twice in found {
        hashes.extend(twice?);
    }
    Ok(hashes)
}

/// One counted row whose id hash repeats.
struct Occurrence {
    /// The export it belongs to (`Layout::export`): ids are compared within one.
    export: u64,
    file: usize,
    line: usize,
    id: String,
    /// The row's fields, to tell the same row from another with the same id.
    fields: Vec<Vec<u8>>,
    /// Where the row starts in the file, to pass over it.
    start: u64,
}

/// What to do about the repeated ids: the rows to leave out of each file (where they start,
/// sorted), and the warnings and errors about them.
#[derive(Debug, Default)]
pub struct Resolution {
    pub leave_out: BTreeMap<PathBuf, Vec<u64>>,
    pub diagnostics: Diagnostics,
}

/// How many of each kind are told one by one; the rest are counted.
const SHOWN: usize = 3;

/// Reads `files` (`(path on disk, path shown, its settings)`, in the order they are merged)
/// again for the rows whose id hash is in `hashes`, and decides which to leave out.
pub fn resolve(
    files: &[(PathBuf, PathBuf, SurveySettings)],
    touchpoints: &HashMap<String, &str>,
    hashes: &HashSet<u64>,
) -> Resolution {
    let mut occurrences = Vec::new();
    let mut resolution = Resolution::default();
    for (index, (path, shown, settings)) in files.iter().enumerate() {
        let Ok(layout) = read_layout(path, shown, settings, touchpoints) else { continue };
        if let Err(error) = collect(path, &layout, hashes, index, &mut occurrences) {
            resolution
                .diagnostics
                .push(Diagnostic::error(Location::file(shown), format!("cannot read this file: {error}")));
        }
    }
    let mut first: BTreeMap<(u64, &str), &Occurrence> = BTreeMap::new();
    let (mut same, mut other) = (0usize, 0usize);
    for occurrence in &occurrences {
        let Some(earlier) = first.get(&(occurrence.export, occurrence.id.as_str())).copied() else {
            first.insert((occurrence.export, &occurrence.id), occurrence);
            continue;
        };
        let at = Location::at(&files[occurrence.file].1, occurrence.line, 0);
        let before = format!("{}:{}", files[earlier.file].1.display(), earlier.line);
        if occurrence.fields == earlier.fields {
            resolution.leave_out.entry(files[occurrence.file].0.clone()).or_default().push(occurrence.start);
            same += 1;
            if same <= SHOWN {
                resolution.diagnostics.push(
                    Diagnostic::warning(at, format!("response `{}` is the same row as at {before}", occurrence.id))
                        .with_hint(
                            "the exports overlap (two downloads of one period, say); keep each response in one file",
                        )
                        .with_consequence(Some("it counts once")),
                );
            }
        } else {
            other += 1;
            if other <= SHOWN {
                resolution.diagnostics.push(
                    Diagnostic::error(
                        at,
                        format!("response id `{}` is also at {before}, with other answers: cxsite cannot tell which is right", occurrence.id),
                    )
                    .with_hint("remove the wrong row, or map `surveys.columns.id` to a column that names one response"),
                );
            }
        }
    }
    let first_file = files.first().map(|(_, shown, _)| shown.clone()).unwrap_or_default();
    for (count, what) in
        [(same, "rows that repeat an earlier response (each counts once)"), (other, "rows whose id another row has")]
    {
        if count > SHOWN {
            let more = Diagnostic::warning(Location::file(&first_file), format!("{} more {what}", count - SHOWN));
            resolution.diagnostics.push(if what.starts_with("rows whose") { more.as_error() } else { more });
        }
    }
    resolution
}

/// The counted rows of one file whose id hash is in `hashes`.
fn collect(
    path: &Path,
    layout: &Layout,
    hashes: &HashSet<u64>,
    file: usize,
    into: &mut Vec<Occurrence>,
) -> std::io::Result<()> {
    let (Some(id_column), Some(date_column)) = (layout.column(ColumnRole::Id), layout.column(ColumnRole::Date)) else {
        return Ok(());
    };
    let mut input = File::open(path)?;
    input.seek(SeekFrom::Start(layout.data_start))?;
    let mut rows = RowReader::new(input, layout.delimiter, layout.line_end);
    while let Some(start) = rows.read()? {
        let row = rows.row();
        if row.unclosed() || row.len() != layout.width {
            continue; // not counted, so not a response that can repeat
        }
        let id = row.get(id_column).unwrap_or_default().trim_ascii();
        if id.is_empty() || !hashes.contains(&(id_hash(id) ^ layout.export)) {
            continue;
        }
        let date = decode(row.get(date_column).unwrap_or_default()).0.into_owned();
        if parse_date(&date, layout.date_order).is_err() {
            continue;
        }
        let line = layout.data_line + start.line - 1;
        let fields = row.iter().map(|field| field.trim_ascii().to_vec()).collect();
        let id = decode(id).0.into_owned();
        into.push(Occurrence { export: layout.export, file, line, id, fields, start: layout.data_start + start.byte });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> ResponseIds {
        let mut ids = ResponseIds::default();
        names.iter().for_each(|name| ids.push(id_hash(name.as_bytes())));
        ids
    }

    #[test]
    fn ids_hash_apart_and_repeats_are_found() {
        assert_ne!(id_hash(b"R_1"), id_hash(b"R_2"));
        assert_ne!(id_hash(b"12345678"), id_hash(b"123456780"), "the length counts");
        assert_eq!(id_hash(b"R_0123456789abcdef"), id_hash(b"R_0123456789abcdef"));
        let (a, b) = (ids(&["a", "b"]), ids(&["c", "a"]));
        assert_eq!(repeated(&[&a, &b]).unwrap(), [id_hash(b"a")].into_iter().collect());
        let mut joined = ids(&["x"]);
        joined.merge(ids(&["y", "x"]));
        assert_eq!(repeated(&[&joined]).unwrap(), [id_hash(b"x")].into_iter().collect());
        assert!(repeated(&[&ids(&["p", "q"]), &ResponseIds::default()]).unwrap().is_empty());
    }

    #[test]
    fn spilled_ids_are_found_as_held_ones() {
        let name = |n: usize| format!("R_{n}");
        let numbered = |range: std::ops::Range<usize>| {
            let mut ids = ResponseIds::default();
            range.for_each(|n| ids.push(id_hash(name(n).as_bytes())));
            ids
        };
        // Three files read together, one temporary file: the first spilled twice and held in
        // part, the second spilled once, the third small and only held.
        let spill = SharedSpill::new();
        let mut large = numbered(0..SPILL_AT);
        large.spill_held(&spill);
        let mut next_chunk = numbered(SPILL_AT..SPILL_AT * 2);
        next_chunk.push(id_hash(name(7).as_bytes())); // repeats an id of the first spilled run
        large.merge(next_chunk);
        large.spill_held(&spill);
        large.push(id_hash(name(SPILL_AT * 2 - 1).as_bytes())); // repeats one of the second run
        assert_eq!((large.spilled.len(), large.held.len()), (2, 1), "two runs spilled, one chunk held");
        assert_eq!((0..PARTS).map(|part| large.part_len(part)).sum::<usize>(), SPILL_AT * 2 + 2);
        let mut other = numbered(SPILL_AT * 3..SPILL_AT * 4);
        other.push(id_hash(name(11).as_bytes())); // in the first file's first run
        other.spill_held(&spill);
        assert!(Arc::ptr_eq(&other.spilled[0].spill, &large.spilled[0].spill), "one file for the read");
        let small = ids(&["only here", name(SPILL_AT + 3).as_str()]);
        let expected: HashSet<u64> =
            [7, 11, SPILL_AT * 2 - 1, SPILL_AT + 3].iter().map(|&n| id_hash(name(n).as_bytes())).collect();
        assert_eq!(repeated(&[&large, &other, &small]).unwrap(), expected);
        let wanted: HashSet<u64> = [id_hash(name(9).as_bytes())].into_iter().collect();
        assert!(large.holds_any(&wanted).unwrap(), "an id only in the spilled runs");
        assert!(!other.holds_any(&wanted).unwrap() && !small.holds_any(&wanted).unwrap());
    }
}
