//! Respondents using each term, by where their comment was given, as three sorted lists:
//! each word once, each place once, and one count per (place, word). A map of words per place
//! held every word of every place as a string of its own: on an export where 40% of the rows
//! have a comment that was 20 MB a chunk, several times over while the chunks were joined.

use crate::period::Period;

/// Where a comment was given: its period and touchpoint (`None`: a comment at no touchpoint).
pub type TermPlace = (Period, Option<String>);

/// One place's respondents using one word.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TermCount {
    place: u32,
    word: u32,
    /// `[unhappy, happy]`. 32 bits: a place's respondents are at most its touchpoint's
    /// responses in the period, which the segment counts refuse past 2³² − 1 (`count_record.rs`).
    respondents: [u32; 2],
}

/// Unhappy and happy respondents using each term, per place (`ingest/terms.rs` finds the terms).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermTable {
    /// Sorted, distinct, each used by a count.
    words: Vec<Box<str>>,
    /// Sorted, distinct, each used by a count.
    places: Vec<TermPlace>,
    /// Sorted by (place, word), one a pair.
    counts: Vec<TermCount>,
}

impl TermTable {
    /// A table from counts of distinct (place, word) pairs, given as indexes into `places` and
    /// `words` (each distinct, in any order).
    pub fn from_counts(words: Vec<Box<str>>, places: Vec<TermPlace>, counts: Vec<(u32, u32, [u32; 2])>) -> TermTable {
        let (words, word_to) = sorted(words);
        let (places, place_to) = sorted(places);
        // Collected in place: the counts are the largest part of a chunk's comments.
        let mut counts: Vec<TermCount> = (counts.into_iter())
            .map(|(place, word, respondents)| TermCount {
                place: place_to[place as usize],
                word: word_to[word as usize],
                respondents,
            })
            .collect();
        counts.sort_unstable_by_key(TermCount::key);
        debug_assert!(counts.windows(2).all(|w| w[0].key() != w[1].key()));
        // Only what a count uses is kept, so that equal counts make equal tables.
        let (words, word_to) = used(words, counts.iter().map(|c| c.word));
        let (places, place_to) = used(places, counts.iter().map(|c| c.place));
        for count in &mut counts {
            (count.place, count.word) = (place_to[count.place as usize], word_to[count.word as usize]);
        }
        TermTable { words, places, counts }
    }

    /// Whether no term was counted.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Adds another chunk's or file's counts.
    pub fn merge(&mut self, mut other: TermTable) {
        if self.is_empty() {
            *self = other;
            return;
        }
        let (words, [mine_word, their_word]) = union(std::mem::take(&mut self.words), other.words);
        let (places, [mine_place, their_place]) = union(std::mem::take(&mut self.places), other.places);
        // Both renumberings keep the order, so each list stays sorted.
        for count in &mut self.counts {
            (count.place, count.word) = (mine_place[count.place as usize], mine_word[count.word as usize]);
        }
        for count in &mut other.counts {
            (count.place, count.word) = (their_place[count.place as usize], their_word[count.word as usize]);
        }
        (self.words, self.places) = (words, places);
        // Merged from the back into room made at the end, so no third list is held.
        let (mine, theirs) = (&mut self.counts, other.counts);
        let (mut i, mut j) = (mine.len(), theirs.len());
        let mut k = i + j;
        mine.reserve_exact(j);
        mine.resize(k, TermCount { place: 0, word: 0, respondents: [0; 2] });
        while j > 0 {
            let their = theirs[j - 1];
            k -= 1;
            mine[k] = match mine[..i].last() {
                Some(my) if my.key() > their.key() => (i -= 1, *my).1,
                Some(my) if my.key() == their.key() => {
                    let [u, h] = my.respondents;
                    let respondents = [u.saturating_add(their.respondents[0]), h.saturating_add(their.respondents[1])];
                    (i, j) = (i - 1, j - 1);
                    TermCount { respondents, ..their }
                }
                _ => (j -= 1, their).1,
            };
        }
        // The pairs counted on both sides leave a gap between what stayed and what moved.
        mine.drain(i..k);
        mine.shrink_to_fit();
    }

    /// Each place with its words and their `[unhappy, happy]` respondents, in order.
    pub fn by_place(&self) -> impl Iterator<Item = (&TermPlace, impl Iterator<Item = (&str, [u64; 2])> + Clone)> {
        self.counts.chunk_by(|a, b| a.place == b.place).map(|counts| {
            let words = counts.iter().map(|c| (&*self.words[c.word as usize], c.respondents.map(u64::from)));
            (&self.places[counts[0].place as usize], words)
        })
    }

    /// The respondents using `word` at `place`.
    #[cfg(test)]
    pub fn get(&self, place: &TermPlace, word: &str) -> Option<[u64; 2]> {
        let place = self.places.binary_search(place).ok()? as u32;
        let word = self.words.binary_search_by(|w| (**w).cmp(word)).ok()? as u32;
        let at = self.counts.binary_search_by_key(&(place, word), TermCount::key).ok()?;
        Some(self.counts[at].respondents.map(u64::from))
    }
}

impl TermCount {
    fn key(&self) -> (u32, u32) {
        (self.place, self.word)
    }
}

/// `items` sorted, and where each of the given items went.
fn sorted<T: Ord>(items: Vec<T>) -> (Vec<T>, Vec<u32>) {
    let mut order: Vec<(T, u32)> = items.into_iter().zip(0..).collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut to = vec![0; order.len()];
    let items = (order.into_iter().enumerate())
        .map(|(new, (item, old))| {
            to[old as usize] = new as u32;
            item
        })
        .collect();
    (items, to)
}

/// The items of `items` whose index is in `indexes`, in order, and where each item went.
fn used<T>(items: Vec<T>, indexes: impl Iterator<Item = u32>) -> (Vec<T>, Vec<u32>) {
    let mut used = vec![false; items.len()];
    indexes.for_each(|index| used[index as usize] = true);
    let mut to = vec![0; items.len()];
    let mut kept = Vec::with_capacity(items.len());
    for ((item, used), to) in items.into_iter().zip(used).zip(&mut to) {
        if used {
            *to = kept.len() as u32;
            kept.push(item);
        }
    }
    (kept, to)
}

/// The sorted union of two sorted, distinct lists, and where each one's items went.
fn union<T: Ord>(mine: Vec<T>, theirs: Vec<T>) -> (Vec<T>, [Vec<u32>; 2]) {
    let (mut mine_to, mut their_to) = (Vec::with_capacity(mine.len()), Vec::with_capacity(theirs.len()));
    let mut all = Vec::with_capacity(mine.len().max(theirs.len()));
    let (mut mine, mut theirs) = (mine.into_iter().peekable(), theirs.into_iter().peekable());
    loop {
        let at = all.len() as u32;
        let item = match (mine.peek(), theirs.peek()) {
            (Some(a), Some(b)) if a == b => {
                mine_to.push(at);
                their_to.push(at);
                theirs.next();
                mine.next()
            }
            (Some(a), Some(b)) if a < b => {
                mine_to.push(at);
                mine.next()
            }
            (Some(_), None) => {
                mine_to.push(at);
                mine.next()
            }
            (_, Some(_)) => {
                their_to.push(at);
                theirs.next()
            }
            (None, None) => break,
        };
        all.extend(item);
    }
    (all, [mine_to, their_to])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::PeriodKind;

    fn place(period: &str, touchpoint: Option<&str>) -> TermPlace {
        (Period::parse(period, PeriodKind::Quarter).unwrap(), touchpoint.map(String::from))
    }

    #[test]
    fn counts_of_two_chunks_are_added_word_by_word_and_place_by_place() {
        let (q1, q2) = (place("2026-Q1", Some("checkout")), place("2026-Q2", None));
        // Given in each chunk's own order of first use.
        let first = TermTable::from_counts(
            vec!["late".into(), "rude".into()],
            vec![q2.clone(), q1.clone()],
            vec![(1, 0, [3, 1]), (1, 1, [2, 0]), (0, 0, [1, 0])],
        );
        let second = TermTable::from_counts(
            vec!["friendly".into(), "late".into()],
            vec![q1.clone()],
            vec![(0, 1, [4, 0]), (0, 0, [0, 5])],
        );
        let mut both = first.clone();
        both.merge(second.clone());
        assert_eq!(both.get(&q1, "late"), Some([7, 1]));
        assert_eq!(both.get(&q1, "rude"), Some([2, 0]));
        assert_eq!(both.get(&q1, "friendly"), Some([0, 5]));
        assert_eq!(both.get(&q2, "late"), Some([1, 0]));
        assert_eq!(both.get(&q2, "rude"), None);
        // A word or place no count uses is not kept.
        let with_unused = TermTable::from_counts(
            vec!["friendly".into(), "late".into(), "unused".into()],
            vec![q2.clone(), q1.clone()],
            vec![(1, 1, [4, 0]), (1, 0, [0, 5])],
        );
        assert_eq!(with_unused, second);
        // The order of joining does not show.
        let mut other_way = second;
        other_way.merge(first);
        assert_eq!(other_way, both);
        type Listed<'t> = Vec<(&'t TermPlace, Vec<(&'t str, [u64; 2])>)>;
        let listed: Listed = both.by_place().map(|(place, words)| (place, words.collect())).collect();
        assert_eq!(
            listed,
            [(&q1, vec![("friendly", [0, 5]), ("late", [7, 1]), ("rude", [2, 0])]), (&q2, vec![("late", [1, 0])]),]
        );
    }
}
