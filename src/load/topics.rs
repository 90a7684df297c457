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

/// Reads `content/topics.yaml` when it exists; no file means no topics.
pub fn load_topics(root: &Path) -> Result<Vec<Topic>, Vec<Diagnostic>> {
    let path = root.join(TOPICS_FILE);
    let file = Path::new(TOPICS_FILE);
    if let Some(problem) = super::input_problem(root, &path, file) {
        return Err(vec![problem]);
    }
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(Vec::new()) };
    let mut topics = yaml::parse::<TopicsFile>(&text, file, 1).map_err(|d| vec![d])?.topics;
    // Matched against lower-cased comments, once per comment: normalised here, once.
    for keyword in topics.iter_mut().flat_map(|t| &mut t.keywords) {
        *keyword = keyword.trim().to_lowercase();
    }
    let mut problems = Vec::new();
    for (index, topic) in topics.iter().enumerate() {
        let at = super::locate::locate(&text, file, "id", &topic.id, 1);
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

/// The topics a comment mentions, by index in `topics`.
pub fn topics_in(text: &str, topics: &[Topic]) -> Vec<usize> {
    if topics.is_empty() {
        return Vec::new();
    }
    let text = text.to_lowercase();
    topics
        .iter()
        .enumerate()
        .filter(|(_, topic)| topic.keywords.iter().any(|k| mentions(&text, k)))
        .map(|(i, _)| i)
        .collect()
}

/// Whether lower-cased `text` holds lower-cased `keyword` as whole words (or, with a trailing
/// `*`, as the start of a word).
fn mentions(text: &str, keyword: &str) -> bool {
    let (keyword, stem) = match keyword.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (keyword, false),
    };
    if keyword.is_empty() {
        return false;
    }
    text.match_indices(&keyword).any(|(at, found)| {
        let before = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[at + found.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
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
    fn keywords_match_whole_words_phrases_and_stems() {
        let topics = [topic("wait-time", &["on hold", "wacht*"]), topic("price", &["price", "duur"])];
        assert_eq!(topics_in("I was ON HOLD for ages", &topics), [0]);
        assert_eq!(topics_in("Lang wachten, en te duur!", &topics), [0, 1]);
        assert_eq!(topics_in("the prices were fine, behold", &topics), Vec::<usize>::new(), "no partial words");
        assert_eq!(topics_in("duurzaam verpakt", &topics), Vec::<usize>::new());
    }
}
