//! Counting rows into cells: the hot loop of ingest.
//!
//! Text values repeat (a few hundred touchpoints, a few personas, a few days), so each
//! distinct raw value is decoded, trimmed and resolved once and then stands for a number;
//! a row's cell is found by a short key of numbers, without allocating.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use super::cell::{Scale, ScoreCell, parse_date};
use super::comments::{Comment, stable_hash};
use super::dialect::decode;
use super::layout::Layout;
use super::{CellKey, Responses};
use crate::config::{ColumnRole, DateOrder};
use crate::diagnostics::Location;
use crate::histogram::ScoreHistograms;
use crate::period::{Period, PeriodKind};

/// FNV-1a: for the short keys here it is several times quicker than the default SipHash,
/// whose protection against crafted collisions a local build does not need.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
        }
        self.0 = hash;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// "No value" in a cell key.
const NONE: u32 = u32::MAX;

/// What the reader knows about the project and the file.
pub struct FilePlan<'a> {
    /// The file as shown to the user.
    pub file: &'a std::path::Path,
    pub layout: Layout,
    pub period: PeriodKind,
    /// Lower-cased id → id, for touchpoints and personas.
    pub touchpoints: &'a HashMap<String, &'a str>,
    pub personas: &'a HashMap<String, &'a str>,
    /// NPS, CSAT and CES scales with their answer labels.
    pub scales: [Scale; 3],
}

const METRICS: [(ColumnRole, &str); 3] =
    [(ColumnRole::Nps, "nps"), (ColumnRole::Csat, "csat"), (ColumnRole::Ces, "ces")];

/// The counts of one chunk of rows.
pub struct Tally<'a> {
    plan: &'a FilePlan<'a>,
    /// Cell key (period, persona, touchpoint, dimension values, as numbers) → counts.
    cells: FastMap<Box<[u32]>, ScoreHistograms>,
    key: Vec<u32>,
    periods: Vec<Period>,
    dates: FastMap<Box<[u8]>, Result<u32, &'static str>>,
    /// Interned text values: the strings, and raw bytes → index.
    values: Vec<String>,
    personas: FastMap<Box<[u8]>, u32>,
    touchpoints: FastMap<Box<[u8]>, u32>,
    wide_touchpoints: Vec<u32>,
    dimensions: Vec<FastMap<Box<[u8]>, u32>>,
    pub responses: Responses,
    pub rows: u64,
    /// Some field needed the Windows-1252 fallback.
    pub latin: bool,
}

impl<'a> Tally<'a> {
    /// An empty tally for rows of `plan`'s file.
    pub fn new(plan: &'a FilePlan<'a>) -> Tally<'a> {
        let mut tally = Tally {
            plan,
            cells: FastMap::default(),
            key: Vec::new(),
            periods: Vec::new(),
            dates: FastMap::default(),
            values: Vec::new(),
            personas: FastMap::default(),
            touchpoints: FastMap::default(),
            wide_touchpoints: Vec::new(),
            dimensions: vec![FastMap::default(); plan.layout.dimensions.len()],
            responses: Responses::default(),
            rows: 0,
            latin: false,
        };
        tally.wide_touchpoints = plan.layout.wide.iter().map(|w| tally.intern(&w.touchpoint)).collect();
        tally
    }

    fn intern(&mut self, value: &str) -> u32 {
        match self.values.iter().position(|v| v == value) {
            Some(index) => index as u32,
            None => {
                self.values.push(value.to_string());
                (self.values.len() - 1) as u32
            }
        }
    }

    /// Counts one row, found at `line` of the file.
    pub fn add_row(&mut self, record: &csv::ByteRecord, line: usize) {
        let plan = self.plan;
        let layout = &plan.layout;
        if record.iter().all(|field| field.iter().all(u8::is_ascii_whitespace)) {
            return; // a blank line, or one of only separators (Excel writes `;;;;` lines)
        }
        self.rows += 1;
        let quality = &mut self.responses.quality;
        if record.len() != layout.width {
            quality.rows_skipped += 1;
            quality.record(
                "row with the wrong number of fields",
                Location::at(plan.file, line, 0),
                || {
                    format!(
                        "this row has {} fields but the header has {}; the row is left out",
                        record.len(),
                        layout.width
                    )
                },
                || "a field that holds the separator must be in double quotes".into(),
            );
            return;
        }
        let at = |role: ColumnRole| Location::at(plan.file, line, layout.column(role).map_or(0, |i| i + 1));
        let field = |role: ColumnRole| layout.column(role).and_then(|i| record.get(i)).unwrap_or_default();

        let Some(period) = self.period_of(field(ColumnRole::Date), at(ColumnRole::Date)) else {
            self.responses.quality.rows_skipped += 1;
            return;
        };
        let persona = self.resolve(field(ColumnRole::Persona), false, at(ColumnRole::Persona));
        let touchpoint = self.resolve(field(ColumnRole::Touchpoint), true, at(ColumnRole::Touchpoint));
        self.key.clear();
        self.key.extend([period, persona, touchpoint]);
        for (index, column) in layout.dimensions.iter().enumerate() {
            let raw = column.and_then(|c| record.get(c)).unwrap_or_default();
            let value = self.dimension(index, raw);
            self.key.push(value);
        }

        let scores = METRICS.map(|(role, _)| layout.column(role));
        let row_scores = self.scores(record, scores, line);
        if layout.wide.is_empty() || touchpoint != NONE || row_scores.iter().any(Option::is_some) {
            self.count(row_scores);
            self.offer_comment(record, touchpoint, period, persona, row_scores);
        }
        // A wide row is one response per touchpoint answered, as the long form would have it.
        for (index, wide) in layout.wide.iter().enumerate() {
            let scores = self.scores(record, wide.scores, line);
            if scores.iter().any(Option::is_some) {
                self.key[2] = self.wide_touchpoints[index];
                self.count(scores);
            }
        }
    }

    fn count(&mut self, scores: [Option<u8>; 3]) {
        let cell = match self.cells.get_mut(self.key.as_slice()) {
            Some(cell) => cell,
            None => self.cells.entry(self.key.clone().into_boxed_slice()).or_default(),
        };
        cell.responses += 1;
        for (value, histogram) in scores.into_iter().zip([&mut cell.nps, &mut cell.csat, &mut cell.ces]) {
            if let Some(value) = value {
                histogram.add(value);
            }
        }
    }

    /// The NPS, CSAT and CES answers in `columns`; skipped and invalid cells are counted.
    fn scores(&mut self, record: &csv::ByteRecord, columns: [Option<usize>; 3], line: usize) -> [Option<u8>; 3] {
        let mut answers = [None; 3];
        for (slot, column) in columns.into_iter().enumerate() {
            let Some(column) = column else { continue };
            let (raw, latin) = decode(record.get(column).unwrap_or_default());
            self.latin |= latin;
            let scale = &self.plan.scales[slot];
            match scale.read(&raw) {
                ScoreCell::Answer(value) => answers[slot] = Some(value),
                ScoreCell::NoAnswer => {
                    *self.responses.quality.no_answer.entry(METRICS[slot].1.into()).or_default() += 1
                }
                ScoreCell::Invalid(why) => {
                    let header = &self.plan.layout.headers[column];
                    let kind = if why == "outside the scale" { "score out of range" } else { "unreadable score" };
                    let (low, high) = (scale.low, scale.high);
                    self.responses.quality.record(
                        kind,
                        Location::at(self.plan.file, line, column + 1),
                        || {
                            format!(
                                "{} \"{}\" in column `{header}` is {why} ({low} to {high}); the cell is left out",
                                METRICS[slot].1.to_uppercase(),
                                raw.trim()
                            )
                        },
                        || {
                            "fix the value in the export, or leave the cell empty if the question was not answered"
                                .into()
                        },
                    );
                }
            }
        }
        answers
    }

    /// The index of the row's period, or `None` (counted) when the date cannot be read.
    fn period_of(&mut self, raw: &[u8], at: Location) -> Option<u32> {
        // The date part is the cache key: timestamps of one day share it.
        let date_part = raw.split(|&b| b == b'T' || b == b' ').find(|p| !p.is_empty()).unwrap_or_default();
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
            Err("")
        } else {
            parse_date(&text, self.plan.layout.date_order).map(|date| {
                let period = Period::containing(self.plan.period, date.year, date.month);
                match self.periods.iter().position(|p| *p == period) {
                    Some(index) => index as u32,
                    None => {
                        self.periods.push(period);
                        (self.periods.len() - 1) as u32
                    }
                }
            })
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

    fn date_problem(&mut self, raw: &[u8], why: &'static str, at: Location) {
        let quality = &mut self.responses.quality;
        if why.is_empty() {
            quality.record(
                "row without a date",
                at,
                || "this row has no date; it is left out".into(),
                || "every response needs the date it was given".into(),
            );
        } else {
            let order = self.plan.layout.date_order;
            quality.record(
                "unreadable date",
                at,
                || format!("date \"{}\" cannot be read: {why}; the row is left out", decode(raw).0.trim()),
                || match order {
                    DateOrder::Dmy => "write dates as 2026-07-14 or 14-07-2026".into(),
                    DateOrder::Mdy => "write dates as 2026-07-14 or 07/14/2026".into(),
                },
            );
        }
    }

    /// The interned id of a touchpoint or persona cell, or `NONE` (with a problem counted
    /// when the value is not an id of the project).
    fn resolve(&mut self, raw: &[u8], touchpoint: bool, at: Location) -> u32 {
        let cache = if touchpoint { &self.touchpoints } else { &self.personas };
        let index = match cache.get(raw) {
            Some(&index) => index,
            None => {
                let (text, latin) = decode(raw);
                self.latin |= latin;
                let text = text.trim();
                let known = if touchpoint { self.plan.touchpoints } else { self.plan.personas };
                let index = match known.get(&text.to_lowercase()) {
                    Some(id) => self.intern(id),
                    None if text.is_empty() => NONE,
                    // Unknown values are interned too, so the problem is counted on every row.
                    None => self.intern(&format!("\u{0}{text}")),
                };
                let cache = if touchpoint { &mut self.touchpoints } else { &mut self.personas };
                cache.insert(raw.into(), index);
                index
            }
        };
        match self.values.get(index as usize).and_then(|v| v.strip_prefix('\u{0}')) {
            Some(unknown) => {
                let what = if touchpoint { "touchpoint" } else { "persona" };
                let known = if touchpoint { self.plan.touchpoints } else { self.plan.personas };
                self.responses.quality.record(
                    &format!("unknown {what} `{unknown}`"),
                    at,
                    || format!("unknown {what} `{unknown}`"),
                    || match crate::diagnostics::did_you_mean(&unknown.to_lowercase(), known.values().copied()) {
                        Some(best) => format!("did you mean `{best}`? The row still counts toward the overall scores"),
                        None => format!(
                            "add a {what} with this id to content/, or correct the export; the row still counts toward the overall scores"
                        ),
                    },
                );
                NONE
            }
            None => index,
        }
    }

    fn dimension(&mut self, index: usize, raw: &[u8]) -> u32 {
        if let Some(&value) = self.dimensions[index].get(raw) {
            return value;
        }
        let (text, latin) = decode(raw);
        self.latin |= latin;
        let text = text.trim().to_string();
        let value = if text.is_empty() { NONE } else { self.intern(&text) };
        self.dimensions[index].insert(raw.into(), value);
        value
    }

    fn offer_comment(
        &mut self,
        record: &csv::ByteRecord,
        touchpoint: u32,
        period: u32,
        persona: u32,
        scores: [Option<u8>; 3],
    ) {
        let layout = &self.plan.layout;
        let Some(raw) = layout.column(ColumnRole::Comment).and_then(|c| record.get(c)) else { return };
        if raw.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let (text, latin) = decode(raw);
        self.latin |= latin;
        let text = text.trim().to_string();
        let id = layout.column(ColumnRole::Id).and_then(|c| record.get(c)).map(|b| decode(b).0.trim().to_string());
        let rank = stable_hash(&[id.as_deref().unwrap_or(""), &text]);
        let scope = (self.value(touchpoint), self.periods[period as usize]);
        let [nps, csat, ces] = scores;
        let persona = self.value(persona);
        self.responses.comments.offer(scope, Comment { rank, text, persona, nps, csat, ces });
    }

    fn value(&self, index: u32) -> Option<String> {
        (index != NONE).then(|| self.values[index as usize].clone())
    }

    /// The counts by cell, with the numbers turned back into ids and values.
    pub fn finish(mut self) -> Responses {
        let mut cells: BTreeMap<CellKey, ScoreHistograms> = BTreeMap::new();
        for (key, counts) in std::mem::take(&mut self.cells) {
            let cell = CellKey {
                period: self.periods[key[0] as usize],
                persona: self.value(key[1]),
                touchpoint: self.value(key[2]),
                dimensions: key[3..].iter().map(|&v| self.value(v)).collect(),
            };
            cells.entry(cell).or_default().merge(&counts);
        }
        self.responses.cells = cells;
        self.responses
    }
}
