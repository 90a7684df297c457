//! A group's answers as a run of 32-bit counts: the responses first, then one count per point
//! of the NPS, CSAT and CES scales (24 for 0–10, 1–5 and 1–7: 96 bytes, where
//! `ScoreHistograms` takes 272). Chunks count segments within touchpoints this way, and a
//! file's counts wait this way until the file is finished: millions of them on a project of
//! thousands of touchpoints.

use super::cell::Scale;
use crate::histogram::ScoreHistograms;

/// How the counts of the project's scales are laid out in a record.
#[derive(Clone, Copy)]
pub struct CountRecord {
    /// Counts in a record.
    pub width: usize,
    /// Each metric's lowest point and where its count is in the record.
    low: [u8; 3],
    start: [usize; 3],
}

/// A count went past 2³² − 1: the file is too large to count in 32 bits.
#[derive(Debug)]
pub struct Overflow;

impl CountRecord {
    pub fn new(scales: &[Scale; 3]) -> CountRecord {
        let mut start = [0; 3];
        let mut width = 1; // the responses
        for (start, scale) in start.iter_mut().zip(scales) {
            *start = width;
            width += usize::from(scale.high - scale.low) + 1;
        }
        CountRecord { width, low: scales.each_ref().map(|s| s.low), start }
    }

    /// Counts a response with `scores` (each within its scale) in `record`. A chunk holds far
    /// fewer rows than 2³², so this cannot overflow.
    #[inline(always)]
    pub fn add(&self, record: &mut [u32], scores: [Option<u8>; 3]) {
        record[0] += 1;
        for ((score, low), start) in scores.into_iter().zip(self.low).zip(self.start) {
            if let Some(score) = score {
                record[start + usize::from(score - low)] += 1;
            }
        }
    }

    /// Adds a record's counts to `histograms`.
    pub fn add_to(&self, record: &[u32], histograms: &mut ScoreHistograms) {
        histograms.responses += u64::from(record[0]);
        for (index, histogram) in
            [&mut histograms.nps, &mut histograms.csat, &mut histograms.ces].into_iter().enumerate()
        {
            let (start, low) = (self.start[index], usize::from(self.low[index]));
            for (point, &count) in record[start..self.end(index)].iter().enumerate() {
                histogram.counts[low + point] += u64::from(count);
            }
        }
    }

    /// Adds `histograms` (answers within the scales, as a tally counts them) to `record`.
    pub fn add_histograms(&self, histograms: &ScoreHistograms, record: &mut [u32]) -> Result<(), Overflow> {
        add(&mut record[0], histograms.responses)?;
        for (index, histogram) in [&histograms.nps, &histograms.csat, &histograms.ces].into_iter().enumerate() {
            let (start, low) = (self.start[index], usize::from(self.low[index]));
            let points = self.end(index) - start;
            debug_assert_eq!(
                histogram.n(),
                histogram.counts[low..low + points].iter().sum::<u64>(),
                "within the scale"
            );
            for (count, &more) in record[start..start + points].iter_mut().zip(&histogram.counts[low..]) {
                add(count, more)?;
            }
        }
        Ok(())
    }

    /// Where metric `index`'s counts end.
    fn end(&self, index: usize) -> usize {
        self.start.get(index + 1).copied().unwrap_or(self.width)
    }
}

/// Adds `more` to `count`, or says that it does not fit.
pub fn add(count: &mut u32, more: impl TryInto<u32>) -> Result<(), Overflow> {
    let more = more.try_into().map_err(|_| Overflow)?;
    *count = count.checked_add(more).ok_or(Overflow)?;
    Ok(())
}

/// The record of NPS 0–10, CSAT 1–5 and CES 1–7, for tests.
#[cfg(test)]
pub fn nps_csat5_ces7() -> CountRecord {
    let labels = std::collections::BTreeMap::new();
    CountRecord::new(&[Scale::new(0, 10, &labels), Scale::new(1, 5, &labels), Scale::new(1, 7, &labels)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_of_32_bit_counts_gives_the_histograms_of_the_same_answers() {
        let record = nps_csat5_ces7();
        assert_eq!(record.width, 1 + 11 + 5 + 7);
        let answers = [[Some(0), Some(1), Some(1)], [Some(10), Some(5), Some(7)], [None, Some(3), None], [None; 3]];
        let (mut counts, mut expected) = (vec![0; record.width], ScoreHistograms::default());
        for scores in answers {
            record.add(&mut counts, scores);
            expected.responses += 1;
            for (score, histogram) in scores.into_iter().zip([&mut expected.nps, &mut expected.csat, &mut expected.ces])
            {
                score.inspect(|&s| histogram.add(s));
            }
        }
        let mut added = ScoreHistograms::default();
        record.add_to(&counts, &mut added);
        assert_eq!(added, expected);
        // And back: the histograms added to a record give the record's counts twice over.
        record.add_histograms(&expected, &mut counts).unwrap();
        let mut twice = ScoreHistograms::default();
        record.add_to(&counts, &mut twice);
        expected.merge(&added);
        assert_eq!(twice, expected);
    }

    #[test]
    fn a_count_past_32_bits_is_refused_not_wrapped() {
        let mut count = u32::MAX - 1;
        add(&mut count, 1u64).unwrap();
        assert_eq!(count, u32::MAX);
        assert!(add(&mut count, 1u64).is_err());
        assert!(add(&mut 0, 1u64 << 32).is_err());
        assert_eq!(count, u32::MAX, "left as it was");
    }
}
