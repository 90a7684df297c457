//! The comments of a chunk of rows, for `tally.rs`: each offered to the sample of its
//! touchpoint and period (built only when it can enter it), counted by topic, and its terms
//! counted by side. Touchpoints and periods are the tally's slot and period numbers until
//! [`CommentTally::finish`] turns them back into ids.

use std::borrow::Cow;

use super::cell_cache::FastMap;
use super::comments::{Candidates, Comment, SampleCutoffs, stable_hash};
use super::terms::{StopWords, each_term};
use super::{Responses, TermTable, TopicCounts};
use crate::bands::{Band, Bands};
use crate::config::Metric;
use crate::load::{Topic, TopicFinder};
use crate::period::Period;

/// The longest comment quoted on a page, in characters.
pub const MAX_COMMENT: usize = 2000;

/// A comment longer than this, in characters, is no answer a customer typed (a long letter is
/// some 20,000): it is quoted in part with a warning, which `--strict` makes an error, so
/// the bar is set well above any real answer.
pub const RUNAWAY_COMMENT: usize = 100_000;

/// Where a comment was given (a [`super::comments::CommentKey`]) as the tally numbers it: the
/// touchpoint's slot + 1 (0: no touchpoint) and the period's index.
pub type Given = (u32, u32);

/// A row's comment, as the tally hands it over.
pub struct Offered<'r> {
    /// Trimmed, and cut to [`MAX_COMMENT`] characters.
    pub text: Cow<'r, str>,
    /// The row's response id, trimmed.
    pub id: &'r str,
    pub given: Given,
    /// The row's NPS, CSAT and CES.
    pub scores: [Option<u8>; 3],
}

/// What the chunk's comments say, and the sample of them.
#[derive(Default)]
pub struct CommentTally {
    /// The comment sample by where each was given.
    samples: FastMap<Given, Candidates>,
    /// Where comments were given, numbered in the order of `place_given`: one look-up a
    /// comment, and its topic and term counts are found by that number.
    places: FastMap<Given, u32>,
    place_given: Vec<Given>,
    /// Comments by place and topic, `topic_counts[place * topic_stride + topic]` (topic index
    /// + 1, or 0 for all comments): a map keyed by both missed the cache on most comments.
    topic_counts: Vec<TopicCounts>,
    topic_stride: usize,
    /// Terms seen, by their index.
    term_index: FastMap<Box<str>, u32>,
    term_texts: Vec<Box<str>>,
    /// Each use of a term by a respondent, as `place << 32 | term << 1 | happy` (a chunk
    /// holds far fewer than 2³¹ terms), counted by sorting when the chunk is finished: adding
    /// each to a count as it came missed the cache for nearly every use.
    term_uses: Vec<u64>,
    /// The current comment's terms, and room for its two-word terms and lower-cased text.
    comment_terms: Vec<u32>,
    phrase: String,
    lower: String,
    /// The plan's topics made ready to search for, at the chunk's first comment.
    topic_finder: Option<TopicFinder>,
}

/// What a comment needs from the file's plan.
#[derive(Clone, Copy)]
pub struct CommentPlan<'a> {
    pub topics: &'a [Topic],
    pub stop_words: &'a StopWords,
    pub bands: Bands,
    pub cutoffs: &'a SampleCutoffs,
}

impl CommentTally {
    /// Counts a comment by topic and term and offers it to its sample. `touchpoint` and
    /// `persona` give the ids (called only when they are needed); `period` is the period of
    /// `comment.given`.
    // Inlined into the tally's row loop, where it was written before it had a file of its
    // own: called from another codegen unit it made the whole ingest some 5% slower.
    #[inline]
    pub fn offer(
        &mut self,
        plan: CommentPlan,
        comment: Offered,
        period: Period,
        touchpoint: impl FnOnce() -> Option<String>,
        persona: impl FnOnce() -> Option<String>,
    ) {
        let Offered { text, id, given, scores } = comment;
        let (unhappy, happy) = mood(&plan.bands, scores);
        let place = self.place(given, plan.topics.len() + 1);
        let mut lower = std::mem::take(&mut self.lower);
        let topics = if unhappy || happy || !plan.topics.is_empty() {
            lowercase_into(&text, &mut lower);
            let finder = self.topic_finder.get_or_insert_with(|| TopicFinder::new(plan.topics));
            let topics = finder.topics_in_lowercase(&lower);
            if unhappy || happy {
                self.count_terms(plan.stop_words, &lower, place, unhappy);
            }
            topics
        } else {
            Vec::new()
        };
        self.lower = lower;
        for topic in topics.iter().map(|&t| t + 1).chain([0]) {
            let counts = &mut self.topic_counts[place as usize * self.topic_stride + topic];
            counts.comments += 1;
            counts.unhappy += u64::from(unhappy);
            counts.happy += u64::from(happy);
        }
        let rank = stable_hash(&[id, &text]);
        let kept = match self.samples.entry(given) {
            std::collections::hash_map::Entry::Occupied(kept) => kept.into_mut(),
            std::collections::hash_map::Entry::Vacant(new) => {
                let cutoff = plan.cutoffs.get(&(touchpoint(), period));
                new.insert(Candidates::at_most(cutoff))
            }
        };
        // Most comments of a large file rank below the sample's: they are not built at all.
        if !kept.could_keep(rank) {
            return;
        }
        let [nps, csat, ces] = scores;
        kept.add(Comment {
            rank,
            text: text.into_owned(),
            persona: persona(),
            nps,
            csat,
            ces,
            topics: topics.iter().map(|&i| plan.topics[i].id.clone()).collect(),
        });
    }

    /// The number of the place where a comment was given, with room for its `topic_stride`
    /// topic counts made when it is new.
    fn place(&mut self, given: Given, topic_stride: usize) -> u32 {
        let (place_given, topic_counts) = (&mut self.place_given, &mut self.topic_counts);
        self.topic_stride = topic_stride;
        *self.places.entry(given).or_insert_with(|| {
            place_given.push(given);
            topic_counts.resize(place_given.len() * topic_stride, TopicCounts::default());
            place_given.len() as u32 - 1
        })
    }

    /// Counts the respondent once for each term of its comment, on its side.
    fn count_terms(&mut self, stop_words: &StopWords, lower: &str, place: u32, unhappy: bool) {
        let (index, texts, terms) = (&mut self.term_index, &mut self.term_texts, &mut self.comment_terms);
        terms.clear();
        each_term(lower, stop_words, &mut self.phrase, |term| {
            let id = match index.get(term) {
                Some(&id) => id,
                None => {
                    let id = texts.len() as u32;
                    texts.push(term.into());
                    index.insert(term.into(), id);
                    id
                }
            };
            terms.push(id);
        });
        terms.sort_unstable();
        terms.dedup();
        let happy = u64::from(!unhappy);
        self.term_uses.extend(terms.iter().map(|&term| u64::from(place) << 32 | u64::from(term) << 1 | happy));
    }

    /// The samples, topic counts and term counts into `responses`, with the touchpoint slots
    /// (`touchpoint`: the id of a slot) and period indexes (into `periods`) turned back into
    /// ids and periods.
    pub fn finish(
        self,
        responses: &mut Responses,
        touchpoint: impl Fn(u32) -> String,
        periods: &[Period],
        topics: &[Topic],
    ) {
        let touchpoint = |given: u32| given.checked_sub(1).map(&touchpoint);
        for ((given, period), comments) in self.samples {
            responses
                .comments
                .by_touchpoint
                .insert((touchpoint(given), periods[period as usize]), comments.into_sample());
        }
        let places: Vec<_> = (self.place_given.into_iter())
            .map(|(given, period)| (periods[period as usize], touchpoint(given)))
            .collect();
        if self.topic_stride > 0 {
            for (place, counts) in places.iter().zip(self.topic_counts.chunks(self.topic_stride)) {
                for (topic, counts) in counts.iter().enumerate().filter(|(_, counts)| counts.comments > 0) {
                    let topic = topic.checked_sub(1).map(|t| topics[t].id.clone());
                    responses.topics.insert((place.0, place.1.clone(), topic), *counts);
                }
            }
        }
        let mut uses = self.term_uses;
        uses.sort_unstable();
        // Sized exactly: a finished chunk may wait for the one before it.
        let mut counts = Vec::with_capacity(uses.chunk_by(|a, b| a >> 1 == b >> 1).count());
        for pair in uses.chunk_by(|a, b| a >> 1 == b >> 1) {
            let happy = pair.iter().filter(|&&used| used & 1 == 1).count() as u32;
            let (place, term) = ((pair[0] >> 32) as u32, (pair[0] as u32) >> 1);
            counts.push((place, term, [pair.len() as u32 - happy, happy]));
        }
        drop(uses);
        responses.terms.merge(TermTable::from_counts(self.term_texts, places, counts));
    }
}

/// `text` lower-cased into `lower`, as `str::to_lowercase` does it, without a new string a
/// comment.
fn lowercase_into(text: &str, lower: &mut String) {
    lower.clear();
    if text.is_ascii() {
        lower.push_str(text);
        lower.make_ascii_lowercase();
    } else {
        lower.push_str(&text.to_lowercase());
    }
}

/// Whether a response is unhappy or happy, by its primary metric (NPS where answered,
/// else CSAT, else CES): detractor or promoter, bottom or top two boxes, hard or easy.
fn mood(bands: &Bands, [nps, csat, ces]: [Option<u8>; 3]) -> (bool, bool) {
    let band = match (nps, csat, ces) {
        (Some(n), _, _) => bands.band(Metric::Nps, n),
        (None, Some(c), _) => bands.band(Metric::Csat, c),
        (None, None, Some(e)) => bands.band(Metric::Ces, e),
        _ => return (false, false),
    };
    (band == Band::Unhappy, band == Band::Happy)
}

/// `text`, cut to `limit` characters with an ellipsis; borrowed exactly when nothing was cut
/// (the tally warns about a cut comment by that).
pub fn shorten_to(text: &str, limit: usize) -> Cow<'_, str> {
    match text.char_indices().nth(limit) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn comments_are_sampled_and_counted_by_topic_and_term_where_given() {
        let settings: Settings = crate::yaml::parse("title: t\n", std::path::Path::new("c.yaml"), 1).unwrap();
        let topics = [Topic { id: "staff".into(), name: "Staff".into(), keywords: vec!["staff".into()] }];
        let (stop_words, cutoffs) = (StopWords::for_language("en"), SampleCutoffs::default());
        let plan = CommentPlan {
            topics: &topics,
            stop_words: &stop_words,
            bands: Bands::of(&settings.surveys),
            cutoffs: &cutoffs,
        };
        let period = Period::parse("2026-Q1", crate::period::PeriodKind::Quarter).unwrap();
        let mut tally = CommentTally::default();
        let mut offer = |text: &str, id: &str, nps: u8| {
            let comment = Offered { text: text.into(), id, given: (1, 0), scores: [Some(nps), None, None] };
            tally.offer(plan, comment, period, || Some("checkout".into()), || Some("anna".into()));
        };
        offer("Rude staff at the till", "1", 2);
        offer("rude staff again", "2", 0);
        offer("Lovely plants", "3", 10);
        let mut responses = Responses::default();
        tally.finish(&mut responses, |_| "checkout".to_string(), &[period], &topics);

        let sample = &responses.comments.by_touchpoint[&(Some("checkout".into()), period)];
        assert_eq!(sample.len(), 3);
        assert!(sample.iter().all(|c| c.persona.as_deref() == Some("anna")));
        let all = responses.topics[&(period, Some("checkout".into()), None)];
        assert_eq!((all.comments, all.unhappy, all.happy), (3, 2, 1));
        let staff = responses.topics[&(period, Some("checkout".into()), Some("staff".into()))];
        assert_eq!((staff.comments, staff.unhappy, staff.happy), (2, 2, 0));
        assert_eq!(sample.iter().filter(|c| c.topics == ["staff"]).count(), 2);
        let (terms, checkout) = (&responses.terms, (period, Some("checkout".to_string())));
        assert_eq!(terms.get(&checkout, "rude staff"), Some([2, 0]), "{terms:?}");
        assert_eq!(terms.get(&checkout, "lovely plants"), Some([0, 1]), "{terms:?}");
    }

    #[test]
    fn a_cut_comment_is_owned_and_ends_in_an_ellipsis() {
        assert!(matches!(shorten_to("short", 10), Cow::Borrowed("short")));
        assert_eq!(shorten_to("éééé", 2), "éé…");
    }
}
