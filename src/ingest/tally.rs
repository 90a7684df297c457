//! Counting rows into segments: the hot loop of ingest.
//!
//! Text values repeat (a few hundred touchpoints, a few personas, a few days), so each
//! distinct raw value is decoded, trimmed and resolved once and then stands for a number;
//! a row's segments are then found by indexing, without hashing or allocating per segment.
//! A row's comment goes to `comment_tally.rs` (sample, topics, terms); a problem in a row
//! is named here as a `RowProblem` and worded in `problems.rs`.

use std::borrow::Cow;
use std::collections::HashMap;

use super::cell::{Date, Scale, ScoreCell, days_in_month, is_ambiguous, parse_date};
use super::cell_cache::{CellCache, FastMap};
use super::comment_tally::{CommentPlan, CommentTally, MAX_COMMENT, Offered, RUNAWAY_COMMENT, shorten_to};
use super::count_record::{CountRecord, Overflow};
use super::dialect::decode;
use super::duplicates::id_hash;
use super::layout::Layout;
use super::problems::{DateProblem, RowProblem, shorten};
use super::rows::Row;
use super::segment_counts::SegmentCounts;
use super::{CsatNpsPairs, Responses, Segment};
use crate::config::ColumnRole;
use crate::diagnostics::Location;
use crate::histogram::ScoreHistograms;
use crate::period::{Implausible, Period, PeriodKind};

/// The segment kinds a row counts in, as the tally numbers them (in `Tally::segments` and
/// `Tally::lookups`; [`Segment`] once finished); the dimensions follow from `FIRST_DIMENSION` on.
/// A segment within a touchpoint is a pair of these (`Tally::within`).
const OVERALL: usize = 0;
const PERSONA: usize = 1;
const TOUCHPOINT: usize = 2;
const FIRST_DIMENSION: usize = 3;

/// What a raw persona, touchpoint or dimension cell stands for.
#[derive(Debug, Clone, Copy, Default)]
enum Lookup {
    /// The slot of the segment.
    Value(u32),
    #[default]
    Blank,
    /// Not an id of the project: an index into `unknown`.
    Unknown(u32),
}

/// A month no report may hold, in `Tally::month_periods` (`u32::MAX` is a month not seen).
const IMPLAUSIBLE: u32 = u32::MAX - 1;

/// What the reader knows about the project and the file.
pub struct FilePlan<'a> {
    /// The file as shown to the user.
    pub file: &'a std::path::Path,
    /// The month the report is made in (year, month): rows dated after it are left out.
    pub today: Option<(i32, u8)>,
    /// Rows to pass over, by where they start in the file (sorted): responses counted in an
    /// earlier file or row (`duplicates.rs`).
    pub leave_out: &'a [u64],
    pub layout: Layout,
    pub period: PeriodKind,
    /// Lower-cased id → id, for touchpoints and personas.
    pub touchpoints: &'a HashMap<String, &'a str>,
    pub personas: &'a HashMap<String, &'a str>,
    /// NPS, CSAT and CES scales with their answer labels.
    pub scales: [Scale; 3],
    /// What the comments are counted by: topics, stop words, bands, the sample's cutoffs.
    pub comments: CommentPlan<'a>,
}

/// Responses counted within touchpoints at a time (`Tally::pending`): enough cache misses to
/// keep the memory busy, few enough that their lines are still in the cache when added.
const PENDING: usize = 32;

/// Asks the processor to start loading `value`'s cache line, without waiting for it.
#[inline(always)]
fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    #[allow(unsafe_code)]
    // SAFETY: a prefetch is only a hint to the cache: it cannot fault and changes no memory;
    // the address is that of a live reference.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

const METRICS: [(ColumnRole, &str); 3] =
    [(ColumnRole::Nps, "nps"), (ColumnRole::Csat, "csat"), (ColumnRole::Ces, "ces")];

/// The counts of one chunk of rows.
pub struct Tally<'a> {
    plan: &'a FilePlan<'a>,
    /// Every segment seen, as its kind (`OVERALL` …) and its id or value; its index is its slot.
    segments: Vec<(usize, String)>,
    slots: FastMap<(usize, Box<str>), u32>,
    /// Per slot: a touchpoint's number among the touchpoints seen, or a persona's or dimension
    /// value's among those values.
    ordinal: Vec<u32>,
    touchpoints_seen: u32,
    values_seen: u32,
    /// Each segment within a touchpoint as (touchpoint slot, persona or dimension value slot);
    /// its index here is its place in `within_counts`.
    within: Vec<(u32, u32)>,
    /// `within_slots[touchpoint ordinal * value_room + value ordinal]`: 1 + the index in `within`
    /// of that segment within a touchpoint (0 where not seen yet). Two array reads a segment,
    /// where a map would hash every row's pairs.
    within_slots: Vec<u32>,
    /// Room for values per touchpoint in `within_slots`; doubles when full.
    value_room: usize,
    /// `within_cells[index * stride + period]`: 1 + the number of the record of that segment
    /// within a touchpoint in that period in `within_counts` (0: no answers yet).
    within_cells: Vec<u32>,
    /// The counts of each segment within a touchpoint in each period it has answers in, as a
    /// [`CountRecord`] of 32-bit counts. These segments outnumber the others by far
    /// (touchpoints × values): as `ScoreHistograms` their block no longer fitted the cache, and
    /// each of a row's three cost four cache lines; a record for every period of each took
    /// 280 MB a chunk on a project of 20,000 touchpoints, where most have answers in one.
    within_counts: Vec<u32>,
    within_record: CountRecord,
    /// Responses to count within touchpoints, as (`within_cells` index, scores), added in
    /// batches of [`PENDING`]: each batch finds its records and asks for their cache lines
    /// first, then adds, so the records' cache misses overlap. Added one by one, each waited
    /// for its own: a quarter of a build's time.
    pending: Vec<(usize, [Option<u8>; 3])>,
    /// `counts[slot * stride + period]`: the histograms of each segment in each period, in
    /// one block so that counting a row is a few additions at computed places.
    counts: Vec<ScoreHistograms>,
    /// CSAT and NPS sums of responses that answered both, laid out as `counts` (touchpoint
    /// slots only are used).
    pairs: Vec<CsatNpsPairs>,
    /// Room for periods per slot; grows when a chunk holds more periods.
    stride: usize,
    /// Raw cell bytes → what they stand for, per segment kind.
    lookups: Vec<CellCache<Lookup>>,
    unknown: Vec<String>,
    periods: Vec<Period>,
    /// The period index of each month seen, by months since year 0 (`u32::MAX`: not seen),
    /// so that the common ISO date costs an array read.
    month_periods: Vec<u32>,
    dates: FastMap<Box<[u8]>, Result<u32, DateProblem>>,
    /// The current row's segment slots, touchpoint excluded.
    row_slots: Vec<u32>,
    wide_touchpoints: Vec<u32>,
    /// Skipped questions per metric (NPS, CSAT, CES).
    no_answer: [u64; 3],
    /// The comments: their sample, topics and terms.
    comments: CommentTally,
    pub responses: Responses,
    pub rows: u64,
    /// Some field needed the Windows-1252 fallback.
    pub latin: bool,
}

impl<'a> Tally<'a> {
    /// An empty tally for rows of `plan`'s file.
    pub fn new(plan: &'a FilePlan<'a>) -> Tally<'a> {
        let kinds = FIRST_DIMENSION + plan.layout.dimensions.len();
        let mut tally = Tally {
            plan,
            segments: Vec::new(),
            slots: FastMap::default(),
            ordinal: Vec::new(),
            touchpoints_seen: 0,
            values_seen: 0,
            within: Vec::new(),
            within_slots: Vec::new(),
            value_room: 16,
            within_cells: Vec::new(),
            within_counts: Vec::new(),
            within_record: CountRecord::new(&plan.scales),
            pending: Vec::with_capacity(2 * PENDING),
            counts: Vec::new(),
            pairs: Vec::new(),
            stride: 8,
            lookups: (0..kinds).map(|_| CellCache::default()).collect(),
            unknown: Vec::new(),
            periods: Vec::new(),
            month_periods: Vec::new(),
            dates: FastMap::default(),
            row_slots: Vec::with_capacity(kinds),
            wide_touchpoints: Vec::new(),
            no_answer: [0; 3],
            comments: CommentTally::default(),
            responses: Responses::default(),
            rows: 0,
            latin: false,
        };
        tally.intern(OVERALL, "");
        tally.wide_touchpoints = plan.layout.wide.iter().map(|w| tally.intern(TOUCHPOINT, &w.touchpoint)).collect();
        tally
    }

    /// The slot of a segment, made when first seen.
    fn intern(&mut self, kind: usize, value: &str) -> u32 {
        if let Some(&slot) = self.slots.get(&(kind, value.into())) {
            return slot;
        }
        let slot = self.new_slot(kind, value.to_string());
        self.slots.insert((kind, value.into()), slot);
        let ordinal = match kind {
            OVERALL => 0,
            TOUCHPOINT => {
                self.touchpoints_seen += 1;
                self.within_slots.resize(self.touchpoints_seen as usize * self.value_room, 0);
                self.touchpoints_seen - 1
            }
            _ => {
                if self.values_seen as usize == self.value_room {
                    widen(&mut self.within_slots, self.value_room, self.value_room * 2);
                    self.value_room *= 2;
                }
                self.values_seen += 1;
                self.values_seen - 1
            }
        };
        self.ordinal.push(ordinal);
        slot
    }

    /// A new slot with room for its counts in every period.
    fn new_slot(&mut self, kind: usize, text: String) -> u32 {
        let slot = self.segments.len() as u32;
        self.segments.push((kind, text));
        self.counts.resize(self.segments.len() * self.stride, ScoreHistograms::default());
        self.pairs.resize(self.segments.len() * self.stride, CsatNpsPairs::default());
        slot
    }

    /// The index in `within` of the segment of `touchpoint`'s responses with persona or
    /// dimension `value`.
    #[inline(always)]
    fn within(&mut self, touchpoint: u32, value: u32) -> usize {
        let at = self.ordinal[touchpoint as usize] as usize * self.value_room + self.ordinal[value as usize] as usize;
        match self.within_slots[at] {
            0 => self.new_within(touchpoint, value, at),
            seen => seen as usize - 1,
        }
    }

    #[cold]
    #[inline(never)]
    fn new_within(&mut self, touchpoint: u32, value: u32, at: usize) -> usize {
        let index = self.within.len();
        self.within.push((touchpoint, value));
        self.within_slots[at] = self.within.len() as u32;
        self.within_cells.resize(self.within.len() * self.stride, 0);
        index
    }

    /// Where `slot`'s counts in `period` are, making room for the period first.
    #[inline]
    fn place(&mut self, slot: u32, period: u32) -> usize {
        let period = period as usize;
        if period >= self.stride {
            self.make_room(period);
        }
        slot as usize * self.stride + period
    }

    /// Widens every slot's row of periods to hold `period`.
    #[cold]
    #[inline(never)]
    fn make_room(&mut self, period: usize) {
        self.add_pending(); // their places are in the old layout
        let stride = (period + 1).next_power_of_two();
        widen(&mut self.counts, self.stride, stride);
        widen(&mut self.pairs, self.stride, stride);
        widen(&mut self.within_cells, self.stride, stride);
        self.stride = stride;
    }

    /// Passes over a row counted elsewhere (a response seen before): read, and left out.
    pub fn leave_out_row(&mut self) {
        self.rows += 1;
        self.responses.quality.rows_skipped += 1;
    }

    /// Counts one row, found at `line` of the file.
    pub fn add_row(&mut self, record: &Row, line: usize) {
        let plan = self.plan;
        let layout = &plan.layout;
        if record.iter().all(|field| field.iter().all(u8::is_ascii_whitespace)) {
            return; // a blank line, or one of only separators (Excel writes `;;;;` lines)
        }
        self.rows += 1;
        let quality = &mut self.responses.quality;
        if record.unclosed() {
            quality.rows_skipped += 1;
            RowProblem::QuoteNeverClosed.record(quality, Location::at(plan.file, line, 0));
            return;
        }
        if record.len() != layout.width {
            quality.rows_skipped += 1;
            let problem = RowProblem::WrongNumberOfFields { fields: record.len(), header: layout.width };
            problem.record(quality, Location::at(plan.file, line, 0));
            return;
        }
        // Where a cell is, as (line, column); a `Location` is made only for a problem.
        let at = |role: ColumnRole| (line, layout.column(role).map_or(0, |i| i + 1));
        let field = |role: ColumnRole| layout.column(role).and_then(|i| record.get(i)).unwrap_or_default();

        let Some(period) = self.period_of(field(ColumnRole::Date), at(ColumnRole::Date)) else {
            self.responses.quality.rows_skipped += 1;
            return;
        };
        if let Some(column) = layout.column(ColumnRole::Id) {
            let id = record.get(column).unwrap_or_default().trim_ascii();
            if !id.is_empty() {
                self.responses.ids.push(id_hash(id) ^ layout.export);
            }
        }
        let persona = self.lookup(PERSONA, record, layout.column(ColumnRole::Persona), line);
        let touchpoint = self.lookup(TOUCHPOINT, record, layout.column(ColumnRole::Touchpoint), line);
        self.row_slots.clear();
        self.row_slots.push(0); // the overall segment, interned first
        if let Some(persona) = persona {
            self.row_slots.push(persona);
        }
        for (index, &column) in layout.dimensions.iter().enumerate() {
            if let Some(value) = self.lookup(FIRST_DIMENSION + index, record, column, line) {
                self.row_slots.push(value);
            }
        }

        let row_scores = self.scores(record, METRICS.map(|(role, _)| layout.column(role)), line);
        let counted = layout.wide.is_empty() || touchpoint.is_some() || row_scores.iter().any(Option::is_some);
        if counted {
            self.count(period, touchpoint, row_scores);
        }
        // A wide row's comment (no touchpoint column) belongs to no single touchpoint.
        self.offer_comment(record, line, touchpoint, period, persona, row_scores);
        // A wide row is one response per touchpoint answered, as the long form would have it.
        for (index, wide) in layout.wide.iter().enumerate() {
            let scores = self.scores(record, wide.scores, line);
            if scores.iter().any(Option::is_some) {
                let touchpoint = self.wide_touchpoints[index];
                self.count(period, Some(touchpoint), scores);
                // The classic driver question: this touchpoint's CSAT against the row's NPS
                // (`count` has paired it already when the touchpoint has an NPS column).
                if let (Some(csat), None, Some(nps)) = (scores[1], scores[0], row_scores[0]) {
                    self.pair(period, touchpoint, csat, nps);
                }
            }
        }
    }

    /// Counts a response that rated `touchpoint` `csat` and recommends it `nps`.
    fn pair(&mut self, period: u32, touchpoint: u32, csat: u8, nps: u8) {
        let at = self.place(touchpoint, period);
        self.pairs[at].add(csat, nps);
    }

    /// Counts one response with `scores` in the current row's segments and `touchpoint`'s.
    #[inline(always)]
    fn count(&mut self, period: u32, touchpoint: Option<u32>, scores: [Option<u8>; 3]) {
        if let (Some(t), [Some(nps), Some(csat), _]) = (touchpoint, scores) {
            self.pair(period, t, csat, nps);
        }
        self.place(0, period); // makes room for the period in every slot; the place is not needed
        let stride = self.stride;
        for &slot in self.row_slots.iter().chain(touchpoint.as_ref()) {
            let counts = &mut self.counts[slot as usize * stride + period as usize];
            counts.responses += 1;
            for (value, histogram) in scores.into_iter().zip([&mut counts.nps, &mut counts.csat, &mut counts.ces]) {
                if let Some(value) = value {
                    histogram.add(value);
                }
            }
        }
        // The touchpoint for the row's persona and on each of its dimension values.
        let Some(touchpoint) = touchpoint else { return };
        for index in 1..self.row_slots.len() {
            let cell = self.within(touchpoint, self.row_slots[index]) * stride + period as usize;
            self.pending.push((cell, scores));
        }
        if self.pending.len() >= PENDING {
            self.add_pending();
        }
    }

    /// Adds the responses waiting to be counted within touchpoints.
    #[inline(never)]
    fn add_pending(&mut self) {
        let width = self.within_record.width;
        for index in 0..self.pending.len() {
            let cell = self.pending[index].0;
            let record = match self.within_cells[cell] {
                0 => self.new_record(cell),
                record => record as usize - 1,
            };
            self.pending[index].0 = record * width;
            prefetch(&self.within_counts[record * width]);
        }
        let record = self.within_record;
        for &(at, scores) in &self.pending {
            record.add(&mut self.within_counts[at..at + width], scores);
        }
        self.pending.clear();
    }

    /// The number of a new, empty record for `within_cells[cell]`.
    #[cold]
    #[inline(never)]
    fn new_record(&mut self, cell: usize) -> usize {
        let record = self.within_counts.len() / self.within_record.width;
        self.within_counts.resize(self.within_counts.len() + self.within_record.width, 0);
        self.within_cells[cell] = record as u32 + 1;
        record
    }

    /// The NPS, CSAT and CES answers in `columns`; skipped and invalid cells are counted.
    #[inline(always)]
    fn scores(&mut self, record: &Row, columns: [Option<usize>; 3], line: usize) -> [Option<u8>; 3] {
        let mut answers = [None; 3];
        for (slot, column) in columns.into_iter().enumerate() {
            let Some(column) = column else { continue };
            let bytes = record.get(column).unwrap_or_default();
            // Nearly every cell is blank or a point in digits: those cost a compare or two.
            if bytes.is_empty() {
                self.no_answer[slot] += 1;
            } else if let Some(value) = self.plan.scales[slot].answer_in_digits(bytes) {
                answers[slot] = Some(value);
            } else {
                answers[slot] = self.other_score(slot, column, bytes, line);
            }
        }
        answers
    }

    /// A score cell off the quick path: a label, `9,0`, `N/A`, or a problem (counted).
    #[cold]
    #[inline(never)]
    fn other_score(&mut self, slot: usize, column: usize, bytes: &[u8], line: usize) -> Option<u8> {
        let scale = &self.plan.scales[slot];
        let (raw, latin) = decode(bytes);
        self.latin |= latin;
        match scale.read(&raw) {
            ScoreCell::Answer(value) => return Some(value),
            ScoreCell::NoAnswer => self.no_answer[slot] += 1,
            ScoreCell::Invalid(unreadable) => {
                let problem = RowProblem::Score {
                    metric: METRICS[slot].1,
                    header: &self.plan.layout.headers[column],
                    raw: &raw,
                    unreadable,
                    low: scale.low,
                    high: scale.high,
                };
                problem.record(&mut self.responses.quality, Location::at(self.plan.file, line, column + 1));
            }
        }
        None
    }

    /// The index of the row's period, or `None` (counted) when the date cannot be read or
    /// cannot be in a report.
    fn period_of(&mut self, raw: &[u8], at: (usize, usize)) -> Option<u32> {
        if let Some(date) = iso_date(raw) {
            return match self.month_period(date.year, date.month) {
                Ok(index) => Some(index),
                Err(why) => {
                    self.date_problem(raw, DateProblem::Implausible(why), at);
                    None
                }
            };
        }
        // Other forms: the date part is the cache key, as timestamps of one day share it.
        // The part `parse_date` reads: up to a `T` or a space, after trimming.
        let trimmed = raw.trim_ascii();
        let date_part = trimmed.split(|&b| b == b'T' || b == b' ').next().unwrap_or_default();
        // A month written as a word (`Jul 14, 2026 10:00 AM`) is the part before its time.
        let numeric = |part: &[u8]| !part.is_empty() && part.iter().all(|b| b.is_ascii_digit() || b"-/.".contains(b));
        let date_part = if numeric(date_part) { date_part } else { before_the_time(trimmed) };
        if let Some(result) = self.dates.get(date_part) {
            return match *result {
                Ok(index) => Some(index),
                Err(why) => {
                    self.date_problem(raw, why, at);
                    None
                }
            };
        }
        let (text, latin) = decode(raw);
        self.latin |= latin;
        let result = if text.trim().is_empty() {
            Err(DateProblem::Missing)
        } else {
            parse_date(&text, self.plan.layout.date_order)
                .map_err(DateProblem::Unreadable)
                .and_then(|date| match self.plan.layout.date_order_known || !is_ambiguous(&text) {
                    true => Ok(date),
                    // The first rows were ISO, say, and cannot tell how to read `03/04/2026`.
                    false => Err(DateProblem::Ambiguous),
                })
                .and_then(|date| self.month_period(date.year, date.month).map_err(DateProblem::Implausible))
        };
        self.dates.insert(date_part.into(), result);
        match result {
            Ok(index) => Some(index),
            Err(why) => {
                self.date_problem(raw, why, at);
                None
            }
        }
    }

    /// The index of the period holding `month` of `year`, or why no report may hold it.
    #[inline(always)]
    fn month_period(&mut self, year: i32, month: u8) -> Result<u32, Implausible> {
        // A guard: the date readers give four-digit years, but the array must stay small.
        let at = usize::try_from(year).ok().filter(|y| *y < 10_000).map(|y| y * 12 + usize::from(month) - 1);
        match at.and_then(|at| self.month_periods.get(at)) {
            Some(&index) if index < IMPLAUSIBLE => Ok(index),
            _ => self.new_month(at, year, month),
        }
    }

    /// A month not seen before (or one no report may hold): its period, remembered.
    #[cold]
    #[inline(never)]
    fn new_month(&mut self, at: Option<usize>, year: i32, month: u8) -> Result<u32, Implausible> {
        let found = match Implausible::of(year, month, self.plan.today) {
            Some(why) => Err(why),
            None => Ok(self.period_index(Period::containing(self.plan.period, year, month))),
        };
        if let Some(at) = at {
            if self.month_periods.len() <= at {
                self.month_periods.resize(at + 1, u32::MAX);
            }
            self.month_periods[at] = found.unwrap_or(IMPLAUSIBLE);
        }
        found
    }

    fn period_index(&mut self, period: Period) -> u32 {
        match self.periods.iter().position(|p| *p == period) {
            Some(index) => index as u32,
            None => {
                self.periods.push(period);
                (self.periods.len() - 1) as u32
            }
        }
    }

    #[cold]
    fn date_problem(&mut self, raw: &[u8], problem: DateProblem, (line, column): (usize, usize)) {
        let layout = &self.plan.layout;
        let problem =
            RowProblem::Date { raw, problem, order: layout.date_order, evidence: layout.date_evidence.as_ref() };
        problem.record(&mut self.responses.quality, Location::at(self.plan.file, line, column));
    }

    /// The value a persona, touchpoint or dimension cell stands for; `None` when blank, or
    /// (counted as a problem) when a persona or touchpoint is not an id of the project.
    #[inline(always)]
    fn lookup(&mut self, kind: usize, record: &Row, column: Option<usize>, line: usize) -> Option<u32> {
        let (raw, tail) = column.and_then(|c| record.get_with_tail(c)).unwrap_or_default();
        let found = match self.lookups[kind].get(raw, tail) {
            Some(found) => found,
            None => self.first_lookup(kind, raw),
        };
        match found {
            Lookup::Value(value) => Some(value),
            Lookup::Blank => None,
            Lookup::Unknown(index) => {
                self.unknown_value(kind, index, (line, column.map_or(0, |c| c + 1)));
                None
            }
        }
    }

    /// What a raw value not seen before stands for, remembered for the rows after.
    #[cold]
    #[inline(never)]
    fn first_lookup(&mut self, kind: usize, raw: &[u8]) -> Lookup {
        let found = self.resolve(kind, raw);
        self.lookups[kind].insert(raw, found);
        found
    }

    /// What a raw value stands for: blank, a dimension value, or a persona or touchpoint id.
    fn resolve(&mut self, kind: usize, raw: &[u8]) -> Lookup {
        let (text, latin) = decode(raw);
        self.latin |= latin;
        let text = text.trim();
        if text.is_empty() {
            return Lookup::Blank;
        }
        let ids = match kind {
            PERSONA => self.plan.personas,
            TOUCHPOINT => self.plan.touchpoints,
            _ => return Lookup::Value(self.intern(kind, text)),
        };
        match ids.get(&text.to_lowercase()) {
            Some(id) => Lookup::Value(self.intern(kind, id)),
            None => {
                self.unknown.push(shorten(text));
                Lookup::Unknown((self.unknown.len() - 1) as u32)
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn unknown_value(&mut self, kind: usize, index: u32, (line, column): (usize, usize)) {
        let touchpoint = kind == TOUCHPOINT;
        let ids = if touchpoint { self.plan.touchpoints } else { self.plan.personas };
        // One kind per column, not per value: an export full of stray ids stays one line.
        let problem = RowProblem::UnknownId { touchpoint, value: &self.unknown[index as usize], ids };
        problem.record(&mut self.responses.quality, Location::at(self.plan.file, line, column));
    }

    /// Offers the row's comment, if any, to the comment tally; notes one too long to be an answer.
    fn offer_comment(
        &mut self,
        record: &Row,
        line: usize,
        touchpoint: Option<u32>,
        period: u32,
        persona: Option<u32>,
        scores: [Option<u8>; 3],
    ) {
        let plan = self.plan;
        let layout = &plan.layout;
        let Some(raw) = layout.column(ColumnRole::Comment).and_then(|c| record.get(c)) else { return };
        if raw.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let (text, latin) = decode(raw);
        self.latin |= latin;
        // A runaway cell (a quote never closed, a pasted document) is quoted in part only.
        let text = shorten_to(text.trim(), MAX_COMMENT);
        if matches!(text, Cow::Owned(_)) {
            self.long_comment(raw, line);
        }
        let id = layout.column(ColumnRole::Id).and_then(|c| record.get(c)).map(decode);
        let id = id.as_ref().map_or("", |(id, _)| id.trim());
        let given = (touchpoint.map_or(0, |t| t + 1), period);
        let comment = Offered { text, id, given, scores };
        let segments = &self.segments;
        self.comments.offer(
            plan.comments,
            comment,
            self.periods[period as usize],
            || touchpoint.map(|t| segments[t as usize].1.clone()),
            || persona.map(|p| segments[p as usize].1.clone()),
        );
    }

    /// Notes a comment too long to be anyone's answer, which pages quote in part. Long answers
    /// (up to [`RUNAWAY_COMMENT`] characters) are cut without a word: that is page layout.
    fn long_comment(&mut self, raw: &[u8], line: usize) {
        let characters = decode(raw).0.trim().chars().count();
        if characters <= RUNAWAY_COMMENT {
            return;
        }
        let column = self.plan.layout.column(ColumnRole::Comment).map_or(0, |c| c + 1);
        let at = Location::at(self.plan.file, line, column);
        RowProblem::CommentQuotedInPart { characters }.record(&mut self.responses.quality, at);
    }

    /// What the chunk learnt: its responses (all but the segments' counts) and its counts by
    /// segment and period, with the numbers turned back into ids and values.
    pub fn finish(mut self) -> (Responses, ChunkCounts) {
        self.add_pending();
        let segments = &self.segments;
        let comments = std::mem::take(&mut self.comments);
        let touchpoint = |slot: u32| segments[slot as usize].1.clone();
        comments.finish(&mut self.responses, touchpoint, &self.periods, self.plan.comments.topics);
        for ((_, metric), count) in METRICS.iter().zip(self.no_answer).filter(|(_, count)| *count > 0) {
            *self.responses.quality.no_answer.entry(metric.to_string()).or_default() += count;
        }
        let mut names = Vec::with_capacity(segments.len());
        for ((kind, text), pairs) in segments.iter().zip(self.pairs.chunks(self.stride)) {
            names.push(match *kind {
                OVERALL => Segment::Overall,
                PERSONA => Segment::Persona(text.clone()),
                TOUCHPOINT => Segment::Touchpoint(text.clone()),
                dimension => Segment::Dimension(dimension - FIRST_DIMENSION, text.clone()),
            });
            for (period, table) in pairs.iter().enumerate().filter(|(_, t)| **t != CsatNpsPairs::default()) {
                self.responses.drivers.insert((self.periods[period], text.clone()), *table);
            }
        }
        let within_names = (self.within.iter())
            .map(|&(touchpoint, value)| {
                let touchpoint = segments[touchpoint as usize].1.clone();
                match &segments[value as usize] {
                    (PERSONA, persona) => Segment::TouchpointPersona(touchpoint, persona.clone()),
                    (dimension, value) => {
                        Segment::TouchpointDimension(dimension - FIRST_DIMENSION, touchpoint, value.clone())
                    }
                }
            })
            .collect();
        // The records grew by doubling; the chunk may wait for the one before it to be joined.
        self.within_counts.shrink_to_fit();
        let counts = ChunkCounts {
            periods: std::mem::take(&mut self.periods),
            stride: self.stride,
            names,
            counts: std::mem::take(&mut self.counts),
            within_names,
            within_cells: std::mem::take(&mut self.within_cells),
            within_counts: std::mem::take(&mut self.within_counts),
            within_record: self.within_record,
        };
        (self.responses, counts)
    }
}

/// A chunk's counts by segment and period as its tally kept them, for [`ChunkCounts::add_to`]
/// its file's.
pub struct ChunkCounts {
    periods: Vec<Period>,
    stride: usize,
    /// The segments of the tally's slots, in slot order, and their histograms, as `Tally::counts`.
    names: Vec<Segment>,
    counts: Vec<ScoreHistograms>,
    /// The segments within a touchpoint, in the order of `Tally::within`, and their records.
    within_names: Vec<Segment>,
    within_cells: Vec<u32>,
    within_counts: Vec<u32>,
    within_record: CountRecord,
}

impl ChunkCounts {
    /// Adds these counts to `file`'s: a look-up per segment and period, then additions.
    pub fn add_to(self, file: &mut SegmentCounts) -> Result<(), Overflow> {
        let columns: Vec<u32> = self.periods.iter().map(|p| file.period(*p)).collect();
        for (slot, segment) in self.names.into_iter().enumerate() {
            let name = file.name(segment);
            for (index, &column) in columns.iter().enumerate() {
                let counts = &self.counts[slot * self.stride + index];
                if counts.responses > 0 {
                    file.add_histograms(name, column, counts)?;
                }
            }
        }
        let width = self.within_record.width;
        for (within, segment) in self.within_names.into_iter().enumerate() {
            let name = file.name(segment);
            for (index, &column) in columns.iter().enumerate() {
                let record = self.within_cells[within * self.stride + index];
                if record > 0 {
                    let at = (record as usize - 1) * width;
                    file.add_record(name, column, &self.within_counts[at..at + width])?;
                }
            }
        }
        Ok(())
    }
}

/// Lays out `block`, rows of `old` items, as rows of `new` items.
pub(super) fn widen<T: Copy + Default>(block: &mut Vec<T>, old: usize, new: usize) {
    let mut wide = vec![T::default(); block.len() / old * new];
    for (from, to) in block.chunks(old).zip(wide.chunks_mut(new)) {
        to[..old].copy_from_slice(from);
    }
    *block = wide;
}

/// The common case, read without allocating or looking up: `2026-07-14`, alone or before a
/// time (`T09:31:00+02:00`, ` 09:31`). `None` for anything else, which [`parse_date`] reads.
fn iso_date(raw: &[u8]) -> Option<Date> {
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        raw.get(range)?.iter().try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    if raw.get(4) != Some(&b'-') || raw.get(7) != Some(&b'-') || !matches!(raw.get(10), None | Some(b'T' | b' ')) {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let date = Date { year: year as i32, month: month as u8, day: day as u8 };
    // Out-of-range months and days go the slow way, which says what is wrong.
    ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(date.year, month)).then_some(date)
}

/// `text` up to the word that holds a `:` (a time), so the timestamps of one day share a key.
fn before_the_time(text: &[u8]) -> &[u8] {
    let Some(colon) = text.iter().position(|&b| b == b':') else { return text };
    match text[..colon].iter().rposition(|b| b.is_ascii_whitespace()) {
        Some(space) => text[..space].trim_ascii_end(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_of_one_day_share_a_date_key() {
        assert_eq!(before_the_time(b"Jul 01, 2025 10:00:07 AM"), b"Jul 01, 2025");
        assert_eq!(before_the_time(b"1 juli 2025 9:31"), b"1 juli 2025");
        assert_eq!(before_the_time(b"Jul 01, 2025"), b"Jul 01, 2025");
        assert_eq!(before_the_time(b"10:00 Jul 01 2025"), b"10:00 Jul 01 2025", "a time first keeps it all");
    }
}
