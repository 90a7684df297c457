//! A file's counts by segment and period while its chunks are joined. A chunk is added with
//! one look-up per segment and period it has, and the file's table of segments is made once,
//! when the file is finished, not a table per 32 MiB chunk made, merged and freed.
//!
//! The counts wait as 32-bit records ([`CountRecord`]), only for the (segment, period) pairs
//! with answers: on a project of 20,000 touchpoints most pairs of a touchpoint's segment (a
//! persona, a channel) and a period have none, and a dense table of full histograms took
//! nearly 2 GB where these take under 250 MB.

use super::cell_cache::FastMap;
use super::count_record::{CountRecord, Overflow, add};
use super::{Segment, SegmentKey, SegmentTable};
use crate::histogram::{CompactHistograms, ScoreHistograms};
use crate::period::Period;

/// The counts of each segment in each period seen so far.
pub struct SegmentCounts {
    /// Each segment, in the order first seen; `index` finds one.
    names: Vec<Segment>,
    index: FastMap<Segment, u32>,
    periods: Vec<Period>,
    /// The record of (segment, period), by their indices in `names` and `periods`: its number
    /// in `records`.
    cells: FastMap<(u32, u32), u32>,
    /// One run of `record.width` counts per cell.
    records: Vec<u32>,
    record: CountRecord,
}

impl SegmentCounts {
    /// No counts yet, for records laid out as `record`.
    pub fn new(record: CountRecord) -> SegmentCounts {
        SegmentCounts {
            names: Vec::new(),
            index: FastMap::default(),
            periods: Vec::new(),
            cells: FastMap::default(),
            records: Vec::new(),
            record,
        }
    }

    /// The index of `segment`, made when first seen.
    pub fn name(&mut self, segment: Segment) -> u32 {
        if let Some(&index) = self.index.get(&segment) {
            return index;
        }
        let index = self.names.len() as u32;
        self.index.insert(segment.clone(), index);
        self.names.push(segment);
        index
    }

    /// The index of `period`, made when first seen.
    pub fn period(&mut self, period: Period) -> u32 {
        if let Some(index) = self.periods.iter().position(|p| *p == period) {
            return index as u32;
        }
        self.periods.push(period);
        self.periods.len() as u32 - 1
    }

    /// Adds a chunk's histograms of segment `name` in `period` (indices from [`Self::name`]
    /// and [`Self::period`]).
    pub fn add_histograms(&mut self, name: u32, period: u32, counts: &ScoreHistograms) -> Result<(), Overflow> {
        let record = self.record;
        record.add_histograms(counts, self.cell(name, period))
    }

    /// Adds a chunk's record of segment `name` in `period`.
    pub fn add_record(&mut self, name: u32, period: u32, counts: &[u32]) -> Result<(), Overflow> {
        let cell = self.cell(name, period);
        cell.iter_mut().zip(counts).try_for_each(|(count, &more)| add(count, more))
    }

    /// The record of segment `name` in `period`, made empty when first asked for.
    fn cell(&mut self, name: u32, period: u32) -> &mut [u32] {
        let width = self.record.width;
        let next = (self.records.len() / width) as u32;
        let at = *self.cells.entry((name, period)).or_insert(next) as usize * width;
        if at == self.records.len() {
            self.records.resize(at + width, 0);
        }
        &mut self.records[at..at + width]
    }

    /// The segments with responses in each period, as `Responses::segments` holds them.
    pub fn into_table(self) -> SegmentTable {
        let SegmentCounts { names, periods, cells, records, record, .. } = self;
        let (name_order, name_rank) = order(&names);
        let (period_order, period_rank) = order(&periods);
        // The cells in key order, (period, segment), by the ranks of their indices.
        let mut cells: Vec<(u32, u32, u32)> = (cells.into_iter())
            .map(|((name, period), at)| (period_rank[period as usize], name_rank[name as usize], at))
            .collect();
        cells.sort_unstable();
        let width = record.width;
        let entries = cells
            .into_iter()
            .map(|(period, name, at)| {
                let key: SegmentKey =
                    (periods[period_order[period as usize]], names[name_order[name as usize]].clone());
                let mut counts = ScoreHistograms::default();
                let at = at as usize * width;
                record.add_to(&records[at..at + width], &mut counts);
                // A record is 32-bit: it fits.
                (key, CompactHistograms::saturating(&counts))
            })
            .collect();
        SegmentTable::from_sorted(entries)
    }
}

/// The indices of `items` in their sorted order, and each index's place in that order.
fn order<T: Ord>(items: &[T]) -> (Vec<usize>, Vec<u32>) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_unstable_by(|&a, &b| items[a].cmp(&items[b]));
    let mut rank = vec![0; items.len()];
    order.iter().zip(0..).for_each(|(&index, place)| rank[index] = place);
    (order, rank)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::PeriodKind;

    #[test]
    fn counts_added_in_any_order_make_the_same_table() {
        let record = super::super::count_record::nps_csat5_ces7();
        let q = |label: &str| Period::parse(label, PeriodKind::Quarter).unwrap();
        let answer = |nps: u8, csat: u8| {
            let mut h = ScoreHistograms { responses: 1, ..ScoreHistograms::default() };
            h.nps.add(nps);
            h.csat.add(csat);
            h
        };
        let cells = [
            (q("2026-Q2"), Segment::Touchpoint("checkout".into()), answer(0, 1)),
            (q("2026-Q1"), Segment::Overall, answer(10, 5)),
            (q("2026-Q2"), Segment::Overall, answer(7, 3)),
            (q("2026-Q1"), Segment::TouchpointPersona("checkout".into(), "anna".into()), answer(9, 4)),
        ];
        let mut expected = std::collections::BTreeMap::<SegmentKey, ScoreHistograms>::new();
        let mut counts = SegmentCounts::new(record);
        for (period, segment, h) in cells.iter().cloned().chain(cells.iter().rev().cloned()) {
            expected.entry((period, segment.clone())).or_default().merge(&h);
            let (name, period) = (counts.name(segment), counts.period(period));
            counts.add_histograms(name, period, &h).unwrap();
        }
        // A record from a chunk adds to the same cell; a period with no counts makes no entry.
        let mut chunk_record = vec![0; record.width];
        record.add(&mut chunk_record, [Some(3), None, Some(7)]);
        let (name, period) = (counts.name(Segment::Overall), counts.period(q("2026-Q1")));
        counts.add_record(name, period, &chunk_record).unwrap();
        counts.period(q("2025-Q4"));
        let overall = expected.get_mut(&(q("2026-Q1"), Segment::Overall)).unwrap();
        overall.responses += 1;
        overall.nps.add(3);
        overall.ces.add(7);
        assert_eq!(counts.into_table(), expected.into_iter().collect::<SegmentTable>());
    }
}
