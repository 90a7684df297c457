//! The counts of each segment in each period: a list sorted by (period, segment), not a tree.
//!
//! A project of thousands of touchpoints has millions of segments within touchpoints. A tree
//! of them is built from a list of its entries, held beside it until it is done: twice the
//! memory at the peak of a build (see `bench/limits.py`). The list is made in key order as a
//! file's counts are finished, and merged with another file's in one pass. The counts are
//! 32-bit ([`CompactHistograms`], 136 bytes where `ScoreHistograms` takes 272): a count of
//! 2³² − 1 or more answers in one segment and period is an error ([`SegmentTable::is_full`]).

use super::SegmentKey;
use crate::histogram::{CompactHistograms, ScoreHistograms};

/// Each (period, segment) with answers and its histograms, in key order, each key once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentTable {
    entries: Vec<(SegmentKey, CompactHistograms)>,
}

impl SegmentTable {
    /// A table of entries already in key order, each key once.
    pub fn from_sorted(entries: Vec<(SegmentKey, CompactHistograms)>) -> SegmentTable {
        debug_assert!(entries.windows(2).all(|pair| pair[0].0 < pair[1].0), "sorted, each key once");
        SegmentTable { entries }
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&SegmentKey, &CompactHistograms)> + Clone {
        self.entries.iter().map(|(key, counts)| (key, counts))
    }

    /// The first segment and period whose counts reached 2³² − 1 and may stand for more.
    pub fn full(&self) -> Option<&SegmentKey> {
        self.entries.iter().find(|(_, counts)| counts.is_full()).map(|(key, _)| key)
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &SegmentKey> {
        self.entries.iter().map(|(key, _)| key)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Keeps the entries whose key `keep` accepts, and gives the room of the others back.
    pub fn retain(&mut self, mut keep: impl FnMut(&SegmentKey) -> bool) {
        self.entries.retain(|(key, _)| keep(key));
        self.entries.shrink_to_fit();
    }

    /// Adds `other`'s counts: a merge of two sorted lists, so another file's segments cost
    /// one pass, not a search each.
    pub fn merge(&mut self, other: &SegmentTable) {
        if other.is_empty() {
            return;
        }
        let mine = std::mem::take(&mut self.entries);
        let mut merged = Vec::with_capacity(mine.len().max(other.len()));
        let mut theirs = other.entries.iter().peekable();
        for (key, mut counts) in mine {
            while let Some((their_key, their_counts)) = theirs.next_if(|(their_key, _)| *their_key < key) {
                merged.push((their_key.clone(), *their_counts));
            }
            if let Some((_, their_counts)) = theirs.next_if(|(their_key, _)| *their_key == key) {
                counts.merge(their_counts);
            }
            merged.push((key, counts));
        }
        merged.extend(theirs.cloned());
        self.entries = merged;
    }
}

/// Entries in any order; the counts of a key given twice are added (a sum of 2³² − 1 or more
/// is kept full: [`SegmentTable::full`]).
impl FromIterator<(SegmentKey, ScoreHistograms)> for SegmentTable {
    fn from_iter<I: IntoIterator<Item = (SegmentKey, ScoreHistograms)>>(entries: I) -> SegmentTable {
        let mut entries: Vec<(SegmentKey, ScoreHistograms)> = entries.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut unique: Vec<(SegmentKey, ScoreHistograms)> = Vec::with_capacity(entries.len());
        for (key, counts) in entries {
            match unique.last_mut() {
                Some((last, sum)) if *last == key => sum.merge(&counts),
                _ => unique.push((key, counts)),
            }
        }
        let entries = unique.into_iter().map(|(key, counts)| (key, CompactHistograms::saturating(&counts))).collect();
        SegmentTable { entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Segment;
    use crate::period::{Period, PeriodKind};

    fn responses(n: u64) -> ScoreHistograms {
        ScoreHistograms { responses: n, ..ScoreHistograms::default() }
    }

    #[test]
    fn merging_adds_the_counts_of_shared_keys_and_keeps_the_order() {
        let q = |label: &str| Period::parse(label, PeriodKind::Quarter).unwrap();
        let key = |period: &str, touchpoint: &str| (q(period), Segment::Touchpoint(touchpoint.into()));
        let mut mine: SegmentTable =
            [(key("2026-Q2", "b"), responses(1)), (key("2026-Q3", "a"), responses(2))].into_iter().collect();
        let theirs: SegmentTable = [
            (key("2026-Q3", "a"), responses(4)),
            (key("2026-Q1", "z"), responses(8)),
            (key("2026-Q3", "c"), responses(16)),
            (key("2026-Q2", "a"), responses(32)),
        ]
        .into_iter()
        .collect();
        mine.merge(&theirs);
        let found: Vec<(String, String, u64)> = mine
            .iter()
            .map(|((period, segment), counts)| {
                let Segment::Touchpoint(id) = segment else { unreachable!() };
                (period.to_string(), id.clone(), counts.responses())
            })
            .collect();
        let expected =
            [("2026-Q1", "z", 8), ("2026-Q2", "a", 32), ("2026-Q2", "b", 1), ("2026-Q3", "a", 6), ("2026-Q3", "c", 16)];
        assert_eq!(found, expected.map(|(p, id, n)| (p.to_string(), id.to_string(), n)));
        // A key given twice is one entry with both counts.
        let twice: SegmentTable =
            [(key("2026-Q3", "a"), responses(1)), (key("2026-Q3", "a"), responses(2))].into_iter().collect();
        assert_eq!(twice.len(), 1);
        assert_eq!(twice.iter().next().unwrap().1.responses(), 3);
    }
}
