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

/// The topics' keywords made ready to search for once, not once a comment: a keyword searched
/// for as a `&str` pattern prepares its searcher on every call, which was a tenth of a large
/// build's work (tens of thousands of comments × a hundred keywords).
pub struct TopicFinder {
    /// Per topic, its keywords: the searcher and whether it is a stem (a trailing `*`).
    topics: Vec<Vec<(memchr::memmem::Finder<'static>, bool)>>,
}

impl TopicFinder {
    /// The searchers of `topics`' keywords; a keyword that is empty (or only `*`) finds nothing.
    pub fn new(topics: &[Topic]) -> TopicFinder {
        let keyword = |keyword: &String| {
            let (keyword, stem) = match keyword.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (keyword.as_str(), false),
            };
            (!keyword.is_empty()).then(|| (memchr::memmem::Finder::new(keyword.as_bytes()).into_owned(), stem))
        };
        TopicFinder { topics: topics.iter().map(|t| t.keywords.iter().filter_map(keyword).collect()).collect() }
    }

    /// The topics a comment mentions, by index in the topics; `text` is lower-cased already
    /// (the tally lower-cases each comment once, for topics and terms).
    pub fn topics_in_lowercase(&self, text: &str) -> Vec<usize> {
        (self.topics.iter().enumerate())
            .filter(|(_, keywords)| keywords.iter().any(|(finder, stem)| mentions(text, finder, *stem)))
            .map(|(i, _)| i)
            .collect()
    }
}

/// Whether lower-cased `text` holds the lower-cased keyword of `finder` as whole words (or,
/// as a `stem`, as the start of a word).
fn mentions(text: &str, finder: &memchr::memmem::Finder, stem: bool) -> bool {
    let length = finder.needle().len();
    // The matches do not overlap, left to right, as `str::match_indices` finds them.
    finder.find_iter(text.as_bytes()).any(|at| {
        let before = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[at + length..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && (stem || after)
    })
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
