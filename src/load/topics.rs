//! Comment topics: `content/topics.yaml`, keyword rules that tag customer comments.

use serde::{Deserialize, Serialize};
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::yaml;

/// The topics file's path under the project root.
pub const TOPICS_FILE: &str = "content/topics.yaml";

/// A topic customers talk about, found by its keywords.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Lower-case letters, digits and `-`; a pain point whose `category` is this id shows
    /// the topic's counts at its touchpoint.
    pub id: String,
    pub name: String,
    /// Words or phrases in any language, matched ignoring case as whole words; a trailing `*`
    /// matches any ending (`wacht*` finds "wachten" and "wachttijd"). Lower-cased when loaded.
    pub keywords: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    topics: Vec<Topic>,
}

/// Where a project's topics come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TopicSet {
    /// `content/topics.yaml`.
    File,
    /// The built-in set in the report's language (no file).
    BuiltIn,
    /// `topics: false` in cxsite.yaml.
    Off,
}

/// The built-in sets, by language: the same keywords (English and Dutch), named in the language.
const BUILT_IN: [(&str, &str); 2] = [
    ("en", include_str!("../../themes/default/topics/en.yaml")),
    ("nl", include_str!("../../themes/default/topics/nl.yaml")),
];

/// Reads `content/topics.yaml` when it exists, else the built-in set for `language`, unless
/// `enabled` is false (`topics: false`).
pub fn load_topics(root: &Path, enabled: bool, language: &str) -> Result<(Vec<Topic>, TopicSet), Vec<Diagnostic>> {
    if !enabled {
        return Ok((Vec::new(), TopicSet::Off));
    }
    let path = root.join(TOPICS_FILE);
    let file = Path::new(TOPICS_FILE);
    if let Some(problem) = super::input_problem(root, &path, file) {
        return Err(vec![problem]);
    }
    let (text, set) = match std::fs::read_to_string(&path) {
        Ok(text) => (text, TopicSet::File),
        Err(_) => {
            let built_in = BUILT_IN.iter().find(|(code, _)| *code == language).unwrap_or(&BUILT_IN[0]).1;
            (built_in.to_string(), TopicSet::BuiltIn)
        }
    };
    parse_topics(&text, file).map(|topics| (topics, set))
}

/// The topics of a topics file's `text`, checked.
fn parse_topics(text: &str, file: &Path) -> Result<Vec<Topic>, Vec<Diagnostic>> {
    let mut topics = yaml::parse::<TopicsFile>(text, file, 1).map_err(|d| vec![d])?.topics;
    // Matched against lower-cased comments, once per comment: normalised here, once.
    for keyword in topics.iter_mut().flat_map(|t| &mut t.keywords) {
        *keyword = keyword.trim().to_lowercase();
    }
    let mut problems = Vec::new();
    for (index, topic) in topics.iter().enumerate() {
        let at = super::locate::locate(text, file, "id", &topic.id, 1);
        if topic.id.is_empty() || !topic.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            problems.push(
                Diagnostic::error(at.clone(), format!("topic id `{}` may only hold a-z, 0-9 and `-`", topic.id))
                    .with_hint("write it like `wait-time`"),
            );
        }
        if topics[..index].iter().any(|t| t.id == topic.id) {
            problems.push(Diagnostic::error(at.clone(), format!("topic `{}` is defined twice", topic.id)));
        }
        if topic.keywords.iter().all(|k| k.trim().trim_end_matches('*').is_empty()) {
            problems.push(
                Diagnostic::error(at, format!("topic `{}` has no keywords", topic.id))
                    .with_hint("list the words customers use for it: `keywords: [wait, on hold, wachten]`"),
            );
        }
    }
    if problems.is_empty() { Ok(topics) } else { Err(problems) }
}

/// The topics of any text, for the tests.
#[cfg(test)]
pub fn topics_in(text: &str, topics: &[Topic]) -> Vec<usize> {
    TopicFinder::new(topics).topics_in_lowercase(&text.to_lowercase())
}

/// The topics' keywords made ready to search for once, not once a comment, in one pass over
/// a comment for all of them (Aho–Corasick): a search per keyword was a sixth of a build's
/// work on exports where 40% of respondents write a comment.
pub struct TopicFinder {
    /// Every keyword at once; a match's pattern index is an index into `keywords`.
    searcher: Option<aho_corasick::AhoCorasick>,
    /// Per keyword: its topic, its length in bytes and whether it is a stem (a trailing `*`).
    keywords: Vec<(usize, usize, bool)>,
    topics: usize,
    /// Room reused from comment to comment: per topic, whether it was found; per keyword, where
    /// its next match may start.
    found: Vec<bool>,
    free_from: Vec<usize>,
}

impl TopicFinder {
    /// The searcher of `topics`' keywords; a keyword that is empty (or only `*`) finds nothing.
    pub fn new(topics: &[Topic]) -> TopicFinder {
        let mut patterns: Vec<&str> = Vec::new();
        let mut keywords = Vec::new();
        for (topic, keyword) in topics.iter().enumerate().flat_map(|(i, t)| t.keywords.iter().map(move |k| (i, k))) {
            let (keyword, stem) = match keyword.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (keyword.as_str(), false),
            };
            if !keyword.is_empty() {
                patterns.push(keyword);
                keywords.push((topic, keyword.len(), stem));
            }
        }
        let searcher = (!patterns.is_empty()).then(|| {
            aho_corasick::AhoCorasick::new(&patterns).expect("keywords of a topics file always build a searcher")
        });
        let (found, free_from) = (vec![false; topics.len()], vec![0; keywords.len()]);
        TopicFinder { searcher, keywords, topics: topics.len(), found, free_from }
    }

    /// The topics a comment mentions, by index in the topics; `text` is lower-cased already
    /// (the tally lower-cases each comment once, for topics and terms).
    pub fn topics_in_lowercase(&mut self, text: &str) -> Vec<usize> {
        let Some(searcher) = &self.searcher else { return Vec::new() };
        let (found, free_from) = (&mut self.found, &mut self.free_from);
        found.fill(false);
        // Each keyword's matches as a search for it alone finds them: left to right, without
        // overlapping one another (the next one starts where the last one ended).
        free_from.fill(0);
        for hit in searcher.find_overlapping_iter(text) {
            let keyword = hit.pattern().as_usize();
            let (topic, length, stem) = self.keywords[keyword];
            if found[topic] || hit.start() < free_from[keyword] {
                continue;
            }
            free_from[keyword] = hit.start() + length;
            found[topic] = whole_words(text, hit.start(), length, stem);
        }
        (0..self.topics).filter(|&topic| found[topic]).collect()
    }
}

/// Whether the `length` bytes of lower-cased `text` at `at` are whole words (or, for a `stem`,
/// the start of a word).
fn whole_words(text: &str, at: usize, length: usize, stem: bool) -> bool {
    let before = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after = text[at + length..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before && (stem || after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(id: &str, keywords: &[&str]) -> Topic {
        Topic { id: id.into(), name: id.into(), keywords: keywords.iter().map(|k| k.to_string()).collect() }
    }

    #[test]
    fn the_built_in_sets_parse_and_do_not_misfire_on_single_words() {
        for (code, text) in BUILT_IN {
            let topics = parse_topics(text, Path::new(code)).unwrap_or_else(|e| panic!("{code}: {e:?}"));
            assert_eq!(topics.len(), 10, "{code}");
            let ids = |comment: &str| {
                topics_in(comment, &topics).into_iter().map(|i| topics[i].id.as_str()).collect::<Vec<_>>()
            };
            assert!(!ids("Still no Apple Pay?").contains(&"unresolved"), "{code}");
            assert!(ids("It is still not fixed after two calls").contains(&"unresolved"));
            assert!(ids("Nog steeds niet opgelost!").contains(&"unresolved"));
            assert!(!ids("The chatbot was great, I love the bot").contains(&"not-personal"));
            assert!(ids("Ik hing een half uur in de wacht").contains(&"wait-time"));
        }
        let (en, nl) = (BUILT_IN[0].1, BUILT_IN[1].1);
        assert!(en.contains("name: Waiting") && nl.contains("name: Wachten"), "named in the report's language");
    }

    #[test]
    fn keywords_match_whole_words_phrases_and_stems() {
        let topics = [topic("wait-time", &["on hold", "wacht*"]), topic("price", &["price", "duur"])];
        assert_eq!(topics_in("I was ON HOLD for ages", &topics), [0]);
        assert_eq!(topics_in("Lang wachten, en te duur!", &topics), [0, 1]);
        assert_eq!(topics_in("the prices were fine, behold", &topics), Vec::<usize>::new(), "no partial words");
        assert_eq!(topics_in("duurzaam verpakt", &topics), Vec::<usize>::new());
    }
}
