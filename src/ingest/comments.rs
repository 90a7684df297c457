//! A bounded, deterministic sample of customer comments per touchpoint and period.
//!
//! Keeping every comment would make memory grow with the data. Each comment gets a hash of
//! its text and response id; a sample keeps the lowest hashes. That is a uniform random
//! sample, the same whatever order files and chunks are read in, and samples merge.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;

use crate::period::Period;

/// How many comments are kept per touchpoint and period.
pub const SAMPLE_SIZE: usize = 24;

/// A customer's comment with the scores they gave in the same response.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Comment {
    #[serde(skip)]
    pub rank: u64,
    pub text: String,
    pub persona: Option<String>,
    pub nps: Option<u8>,
    pub csat: Option<u8>,
    pub ces: Option<u8>,
    /// The ids of the topics it mentions.
    pub topics: Vec<String>,
}

/// Where a comment was given: a touchpoint (`None` for relationship surveys) in a period.
pub type CommentKey = (Option<String>, Period);

/// The kept comments, by touchpoint and period, each list sorted by rank.
#[derive(Debug, Clone, Default)]
pub struct CommentSample {
    pub by_touchpoint: BTreeMap<CommentKey, Vec<Comment>>,
}

impl CommentSample {
    /// Offers a comment to its touchpoint and period's list.
    #[cfg(test)]
    pub fn offer(&mut self, key: CommentKey, comment: Comment) {
        self.merge(CommentSample { by_touchpoint: [(key, vec![comment])].into() });
    }

    /// Adds another sample's comments.
    pub fn merge(&mut self, other: CommentSample) {
        for (key, comments) in other.by_touchpoint {
            let kept = self.by_touchpoint.entry(key).or_default();
            kept.extend(comments);
            kept.sort_unstable();
            kept.truncate(SAMPLE_SIZE);
            // The room it grew into is given back: a sample per touchpoint and period held
            // twice its size was 7 MB on the 10M-row benchmark.
            kept.shrink_to(SAMPLE_SIZE);
        }
    }
}

/// The rank of the last comment in each full sample of a file joined so far: no comment of the
/// file ranked above it can be in the file's sample. Chunks read later skip those comments
/// without building them; the sample is the same, only sooner. (One per file: a file's sample
/// must not depend on the other files, which `serve` may read again without it.)
#[derive(Debug, Default)]
pub struct SampleCutoffs(RwLock<HashMap<CommentKey, u64>>);

impl SampleCutoffs {
    /// The cutoff of the sample of `key`, once some sample of it is full.
    pub fn get(&self, key: &CommentKey) -> Option<u64> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).get(key).copied()
    }

    /// Takes the cutoffs of `sample`'s full lists.
    pub fn update(&self, sample: &CommentSample) {
        let mut cutoffs = self.0.write().unwrap_or_else(|e| e.into_inner());
        let full = sample.by_touchpoint.iter().filter(|(_, c)| c.len() == SAMPLE_SIZE);
        for (key, rank) in full.filter_map(|(key, comments)| Some((key, comments.last()?.rank))) {
            match cutoffs.get_mut(key) {
                Some(cutoff) => *cutoff = (*cutoff).min(rank),
                None => _ = cutoffs.insert(key.clone(), rank),
            }
        }
    }
}

/// The comments of one touchpoint and period while a chunk is read: added unsorted, and cut back to the lowest
/// [`SAMPLE_SIZE`] whenever twice that many are held, so memory stays bounded and a comment
/// costs no search.
#[derive(Debug, Default)]
pub struct Candidates {
    comments: Vec<Comment>,
    /// The highest rank kept at the last cut: no comment ranked above it can be kept.
    cutoff: Option<u64>,
}

impl Candidates {
    /// Candidates of which a comment ranked above `cutoff` is known not to be kept.
    pub fn at_most(cutoff: Option<u64>) -> Candidates {
        Candidates { comments: Vec::new(), cutoff }
    }

    /// Whether a comment ranked `rank` could still be kept (equal ranks are decided by text).
    pub fn could_keep(&self, rank: u64) -> bool {
        self.cutoff.is_none_or(|cutoff| rank <= cutoff)
    }

    /// Adds a comment, cutting the list back when it has grown to twice the sample.
    pub fn add(&mut self, comment: Comment) {
        self.comments.push(comment);
        if self.comments.len() >= 2 * SAMPLE_SIZE {
            self.cut();
        }
    }

    fn cut(&mut self) {
        // Equal comments are identical: an unstable sort keeps the same list.
        self.comments.sort_unstable();
        self.comments.truncate(SAMPLE_SIZE);
        // Only comments at or below a cutoff are added, so a new one is never higher.
        if self.comments.len() == SAMPLE_SIZE {
            self.cutoff = self.comments.last().map(|c| c.rank);
        }
    }

    /// The sample, sorted by rank.
    pub fn into_sample(mut self) -> Vec<Comment> {
        self.cut();
        self.comments
    }
}

/// A stable 64-bit hash (FNV-1a), the same on every machine and run.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::PeriodKind;

    fn comment(text: &str) -> Comment {
        Comment {
            rank: stable_hash(&[text]),
            text: text.into(),
            persona: None,
            nps: None,
            csat: None,
            ces: None,
            topics: Vec::new(),
        }
    }

    #[test]
    fn the_sample_does_not_depend_on_order_and_is_bounded() {
        let key = (Some("checkout".to_string()), Period::containing(PeriodKind::Quarter, 2026, 7));
        let texts: Vec<String> = (0..100).map(|i| format!("comment {i}")).collect();
        let mut forward = CommentSample::default();
        let mut split = (CommentSample::default(), CommentSample::default());
        for (i, text) in texts.iter().enumerate() {
            forward.offer(key.clone(), comment(text));
            let half = if i % 2 == 0 { &mut split.0 } else { &mut split.1 };
            half.offer(key.clone(), comment(text));
        }
        split.1.merge(split.0);
        assert_eq!(forward.by_touchpoint[&key].len(), SAMPLE_SIZE);
        assert_eq!(forward.by_touchpoint, split.1.by_touchpoint);
    }

    #[test]
    fn chunks_that_skip_comments_above_the_joined_cutoff_keep_the_same_sample() {
        let key = (Some("checkout".to_string()), Period::containing(PeriodKind::Quarter, 2026, 7));
        let texts: Vec<String> = (0..200).map(|i| format!("comment {i}")).collect();
        let mut whole = CommentSample::default();
        texts.iter().for_each(|text| whole.offer(key.clone(), comment(text)));
        // Chunks of 10 joined in order, each seeded with the cutoff of those joined before.
        let (cutoffs, mut joined, mut built) = (SampleCutoffs::default(), CommentSample::default(), 0);
        for chunk in texts.chunks(10) {
            let mut candidates = Candidates::at_most(cutoffs.get(&key));
            for comment in chunk.iter().map(|text| comment(text)) {
                if candidates.could_keep(comment.rank) {
                    built += 1;
                    candidates.add(comment);
                }
            }
            joined.merge(CommentSample { by_touchpoint: [(key.clone(), candidates.into_sample())].into() });
            cutoffs.update(&joined);
        }
        assert_eq!(joined.by_touchpoint, whole.by_touchpoint);
        assert!(built < 120, "most comments of later chunks are never built: {built} of 200");
    }
}
