//! A file's counts by segment and period while its chunks are joined. Kept dense, as the tally
//! keeps them, so that a chunk is added with one look-up per segment (a few thousand) instead of
//! one per (period, segment) entry (30,000 at 1M rows), and the file's tree of segments is built
//! once, not a tree per 32 MiB chunk built, merged and freed.

use std::collections::BTreeMap;

use super::cell_cache::FastMap;
use super::tally::widen;
use super::{Segment, SegmentKey};
use crate::histogram::ScoreHistograms;
use crate::period::Period;

/// The histograms of each segment in each period seen so far.
pub struct SegmentCounts {
    /// Each segment, in the order first seen; `index` finds one.
    names: Vec<Segment>,
    index: FastMap<Segment, usize>,
    periods: Vec<Period>,
    /// `counts[name * stride + period]`, both by their index in `names` and `periods`.
    counts: Vec<ScoreHistograms>,
    /// Room for periods per segment; doubles when full.
    stride: usize,
}

impl Default for SegmentCounts {
    fn default() -> SegmentCounts {
        SegmentCounts {
            names: Vec::new(),
            index: FastMap::default(),
            periods: Vec::new(),
            counts: Vec::new(),
            stride: 8,
        }
    }
}

impl SegmentCounts {
    /// The index of `segment`, made when first seen.
    pub fn name(&mut self, segment: Segment) -> usize {
        if let Some(&index) = self.index.get(&segment) {
            return index;
        }
        let index = self.names.len();
        self.index.insert(segment.clone(), index);
        self.names.push(segment);
        self.counts.resize(self.names.len() * self.stride, ScoreHistograms::default());
        index
    }

    /// The index of `period`, made when first seen.
    pub fn period(&mut self, period: Period) -> usize {
        if let Some(index) = self.periods.iter().position(|p| *p == period) {
            return index;
        }
        if self.periods.len() == self.stride {
            let stride = self.stride * 2;
            widen(&mut self.counts, self.stride, stride);
            self.stride = stride;
        }
        self.periods.push(period);
        self.periods.len() - 1
    }

    /// The histograms of segment `name` in `period` (indices from [`Self::name`] and [`Self::period`]).
    pub fn cell(&mut self, name: usize, period: usize) -> &mut ScoreHistograms {
        &mut self.counts[name * self.stride + period]
    }

    /// The segments with responses in each period, as `Responses::segments` holds them.
    pub fn into_tree(self) -> BTreeMap<SegmentKey, ScoreHistograms> {
        // Made in the order of the keys, (period, segment): the tree is then built at once with
        // full nodes, without sorting 30,000 entries of 340 bytes.
        let mut names: Vec<(&Segment, usize)> = self.names.iter().zip(0..).collect();
        names.sort_unstable();
        let mut periods: Vec<(Period, usize)> = self.periods.iter().copied().zip(0..).collect();
        periods.sort_unstable();
        let mut found = Vec::new();
        for (period, column) in periods {
            for &(segment, name) in &names {
                let counts = self.counts[name * self.stride + column];
                if counts.responses > 0 {
                    found.push(((period, segment.clone()), counts));
                }
            }
        }
        found.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::PeriodKind;

    #[test]
    fn counts_added_in_any_order_make_the_same_tree() {
        let q = |label: &str| Period::parse(label, PeriodKind::Quarter).unwrap();
        let one = |responses| ScoreHistograms { responses, ..ScoreHistograms::default() };
        let cells = [
            (q("2026-Q2"), Segment::Touchpoint("checkout".into()), 2),
            (q("2026-Q1"), Segment::Overall, 3),
            (q("2026-Q2"), Segment::Overall, 5),
            (q("2026-Q1"), Segment::TouchpointPersona("checkout".into(), "anna".into()), 7),
        ];
        let mut expected: BTreeMap<SegmentKey, ScoreHistograms> = BTreeMap::new();
        let mut counts = SegmentCounts::default();
        for (period, segment, responses) in cells.iter().cloned().chain(cells.iter().rev().cloned()) {
            expected.entry((period, segment.clone())).or_default().merge(&one(responses));
            let (name, period) = (counts.name(segment), counts.period(period));
            counts.cell(name, period).merge(&one(responses));
        }
        // Nine periods widen the room twice; an empty cell makes no entry.
        for month in 0..9 {
            counts.period(Period::containing(PeriodKind::Month, 2025, month % 12 + 1));
        }
        assert_eq!(counts.into_tree(), expected);
    }
}
