//! Score histograms: the counts of answers per scale point, from which every figure derives.
//!
//! They merge by addition, exactly and in any order, so files and chunks are ingested apart
//! and a warehouse's `GROUP BY ... COUNT(*)` yields the same figures.

use serde::Serialize;

/// One metric's answers: `counts[v]` is the number of answers with value `v` (0..=10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Histogram {
    pub counts: [u64; 11],
}

impl Histogram {
    /// Counts one answer.
    pub fn add(&mut self, value: u8) {
        self.counts[usize::from(value)] += 1;
    }

    /// Adds another histogram's counts.
    pub fn merge(&mut self, other: &Histogram) {
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts) {
            *mine += theirs;
        }
    }

    /// The counts without those of `part`, a histogram of some of the same answers (a segment
    /// of this group): the rest of the group, exactly.
    pub fn without(&self, part: &Histogram) -> Histogram {
        let mut rest = *self;
        for (mine, theirs) in rest.counts.iter_mut().zip(part.counts) {
            *mine = mine.saturating_sub(theirs);
        }
        rest
    }

    /// The number of answers.
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The number of answers from `low` to `high`, inclusive.
    pub fn between(&self, low: u8, high: u8) -> u64 {
        self.counts[usize::from(low)..=usize::from(high)].iter().sum()
    }

    /// The mean and the sample variance (n − 1), computed from exact integer sums.
    pub fn mean_and_variance(&self) -> Option<(f64, f64)> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let (mut sum, mut squares) = (0u128, 0u128);
        for (value, &count) in self.counts.iter().enumerate() {
            sum += value as u128 * u128::from(count);
            squares += (value * value) as u128 * u128::from(count);
        }
        let mean = sum as f64 / n as f64;
        let variance = if n < 2 {
            0.0
        } else {
            // n·Σx² − (Σx)² is exact in integers, so no cancellation on large counts.
            let numerator = u128::from(n) * squares - sum * sum;
            numerator as f64 / (n as f64 * (n - 1) as f64)
        };
        Some((mean, variance))
    }
}

/// The answers of one group of responses to the three questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ScoreHistograms {
    /// Survey rows in the group, whatever they answered.
    pub responses: u64,
    pub nps: Histogram,
    pub csat: Histogram,
    pub ces: Histogram,
}

impl ScoreHistograms {
    /// Adds another group's counts.
    pub fn merge(&mut self, other: &ScoreHistograms) {
        self.responses += other.responses;
        self.nps.merge(&other.nps);
        self.csat.merge(&other.csat);
        self.ces.merge(&other.ces);
    }

    /// The rest of this group once `part`, one of its segments, is taken out.
    pub fn without(&self, part: &ScoreHistograms) -> ScoreHistograms {
        ScoreHistograms {
            responses: self.responses.saturating_sub(part.responses),
            nps: self.nps.without(&part.nps),
            csat: self.csat.without(&part.csat),
            ces: self.ces.without(&part.ces),
        }
    }
}

/// [`ScoreHistograms`] in 32-bit counts: 136 bytes where the 64-bit ones take 272, for the
/// many groups held only as counts (`analyse::GroupTable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompactHistograms {
    /// The responses, then the NPS, CSAT and CES counts of each point 0..=10.
    counts: [u32; 34],
}

impl CompactHistograms {
    /// The same counts in 32 bits; `None` where one does not fit.
    pub fn of(h: &ScoreHistograms) -> Option<CompactHistograms> {
        let mut counts = [0; 34];
        let all = std::iter::once(&h.responses).chain(&h.nps.counts).chain(&h.csat.counts).chain(&h.ces.counts);
        for (compact, &count) in counts.iter_mut().zip(all) {
            *compact = u32::try_from(count).ok()?;
        }
        Some(CompactHistograms { counts })
    }

    /// The same counts in 32 bits, a count that does not fit as 2³² − 1: [`Self::is_full`]
    /// finds it, for an error, not a wrong figure.
    pub fn saturating(h: &ScoreHistograms) -> CompactHistograms {
        let mut counts = [0; 34];
        let all = std::iter::once(&h.responses).chain(&h.nps.counts).chain(&h.csat.counts).chain(&h.ces.counts);
        for (compact, &count) in counts.iter_mut().zip(all) {
            *compact = u32::try_from(count).unwrap_or(u32::MAX);
        }
        CompactHistograms { counts }
    }

    /// Adds another group's counts, stopping at 2³² − 1 ([`Self::is_full`]).
    pub fn merge(&mut self, other: &CompactHistograms) {
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts) {
            *mine = mine.saturating_add(theirs);
        }
    }

    /// A count reached 2³² − 1: it may stand for more, so no figure can be made from it.
    pub fn is_full(&self) -> bool {
        self.counts.contains(&u32::MAX)
    }

    /// Survey rows in the group.
    pub fn responses(&self) -> u64 {
        u64::from(self.counts[0])
    }

    /// The counts as [`ScoreHistograms`].
    pub fn expand(&self) -> ScoreHistograms {
        let histogram = |at: usize| Histogram { counts: std::array::from_fn(|v| u64::from(self.counts[at + v])) };
        ScoreHistograms {
            responses: u64::from(self.counts[0]),
            nps: histogram(1),
            csat: histogram(12),
            ces: histogram(23),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_counts_come_back_as_they_were_and_refuse_what_does_not_fit() {
        let mut h = ScoreHistograms { responses: 7, ..ScoreHistograms::default() };
        h.nps.counts = std::array::from_fn(|v| v as u64 + 1);
        h.csat.counts[5] = 3;
        h.ces.counts[1] = u64::from(u32::MAX);
        assert_eq!(CompactHistograms::of(&h).unwrap().expand(), h);
        assert!(CompactHistograms::of(&h).unwrap().is_full(), "2³² − 1 may stand for more");
        h.ces.counts[10] = 1 << 32;
        assert_eq!(CompactHistograms::of(&h), None);
        let mut full = CompactHistograms::saturating(&h);
        assert!(full.is_full());
        h.ces.counts = [0; 11];
        let mut sum = CompactHistograms::of(&h).unwrap();
        assert!(!sum.is_full());
        sum.merge(&sum.clone());
        assert_eq!(sum.responses(), 14);
        full.merge(&sum);
        assert!(full.is_full(), "a sum past 2³² − 1 stays full");
    }

    fn from_values(values: &[u8]) -> Histogram {
        let mut h = Histogram::default();
        values.iter().for_each(|&v| h.add(v));
        h
    }

    #[test]
    fn mean_and_variance_match_a_hand_computation() {
        // 2, 4, 4, 6: mean 4, squared deviations 4+0+0+4 = 8, variance 8/3.
        let (mean, variance) = from_values(&[2, 4, 4, 6]).mean_and_variance().unwrap();
        assert_eq!(mean, 4.0);
        assert!((variance - 8.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn merging_is_adding() {
        let mut a = from_values(&[1, 2, 2]);
        a.merge(&from_values(&[2, 10]));
        assert_eq!(a, from_values(&[1, 2, 2, 2, 10]));
        assert_eq!(a.between(2, 9), 3);
        assert_eq!(a.without(&from_values(&[2, 10])), from_values(&[1, 2, 2]), "taking out is subtracting");
    }
}
