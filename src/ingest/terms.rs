//! The words and two-word phrases of a comment, for emerging terms (`analyse/terms.rs`).
//!
//! A term is a word of at least three letters that is not a stop word of the report's
//! language, or two such words side by side ("late delivery"); a negation (`not`, `geen`) is
//! never a term on its own but may start a phrase ("not working"). Nothing that could be
//! personal data becomes a term, even before redaction: a piece of text with `@`, `://` or
//! `www.` (an address) is skipped whole, and so is every word with a digit in it (phone
//! numbers, IBANs, postcodes, house numbers); two-letter words (a postcode's letters) are too
//! short. Names listed in `privacy.names` are taken out in `analyse`.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

/// Words that say nothing about what a comment is about, in the report's language and the
/// other built-in one (comments mix languages), less the report language's own content words.
pub struct StopWords {
    /// Fx, not SipHash: looked up for every word of every comment, and never keyed by input.
    words: HashSet<&'static str, BuildHasherDefault<FxHasher>>,
}

const EN: &str = include_str!("../../themes/default/terms/en.txt");
const NL: &str = include_str!("../../themes/default/terms/nl.txt");
/// Never a term on their own, but the start of a phrase ("not working", "niet bezorgd").
const NEGATIONS: [&str; 11] =
    ["not", "no", "never", "nothing", "without", "nobody", "niet", "geen", "nooit", "niets", "zonder"];

impl StopWords {
    /// The built-in lists, read for `language` (`en` or `nl`; English for any other).
    pub fn for_language(language: &str) -> StopWords {
        let (own, other) = if language == "nl" { (NL, EN) } else { (EN, NL) };
        let words = |text: &'static str| {
            text.lines().filter(|line| !line.starts_with(['#', '-'])).flat_map(str::split_whitespace)
        };
        let content: HashSet<&str> =
            own.lines().filter_map(|line| line.strip_prefix('-')).flat_map(str::split_whitespace).collect();
        let words = words(own).chain(words(other).filter(|w| !content.contains(w))).collect();
        StopWords { words }
    }
}

/// A word of a comment, as the term reader sees it.
#[derive(Clone, Copy, PartialEq)]
enum Word<'t> {
    /// A word that is a term on its own.
    Content(&'t str),
    /// `not`, `geen`: only the start of a phrase.
    Negation(&'t str),
    /// A stop word, a short word, a word with a digit, or punctuation: ends a phrase.
    Break,
}

/// The distinct terms of lower-cased `text`, sorted (a respondent counts once per term).
#[cfg(test)]
pub fn terms_of(text: &str, stop: &StopWords) -> Vec<String> {
    let mut terms = Vec::new();
    each_term(text, stop, &mut String::new(), |term| terms.push(term.to_string()));
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// Calls `found` with each term of lower-cased `text`, in order, repeats included; `phrase` is
/// room for the two-word terms, reused from comment to comment.
pub fn each_term(text: &str, stop: &StopWords, phrase: &mut String, mut found: impl FnMut(&str)) {
    let mut previous = Word::Break;
    for piece in text.split_whitespace() {
        // A substring search builds a searcher per call: look for the one character first.
        let address =
            piece.contains('@') || (piece.contains(':') && piece.contains("://")) || piece.starts_with("www.");
        if address {
            previous = Word::Break;
            continue;
        }
        // A piece is words joined by punctuation; a hyphen or apostrophe inside a word keeps it.
        let mut rest = piece;
        while !rest.is_empty() {
            let start = rest.find(|c: char| c.is_alphanumeric()).unwrap_or(rest.len());
            if start > 0 {
                previous = Word::Break;
            }
            rest = &rest[start..];
            let length = word_length(rest);
            if length == 0 {
                break;
            }
            let word = classify(&rest[..length], stop);
            if let (Word::Content(first) | Word::Negation(first), Word::Content(second)) = (previous, word) {
                phrase.clear();
                phrase.push_str(first);
                phrase.push(' ');
                phrase.push_str(second);
                found(phrase);
            }
            if let Word::Content(word) = word {
                found(word);
            }
            previous = word;
            rest = &rest[length..];
        }
    }
}

/// Whether lower-cased `text` holds `term`, read as [`each_term`] reads it.
pub fn holds_term(text: &str, term: &str, stop: &StopWords) -> bool {
    let mut found = false;
    each_term(text, stop, &mut String::new(), |t| found |= t == term);
    found
}

/// The length in bytes of the word at the start of `text`: letters and digits, with single
/// inner `'` or `-` (`don't`, `e-mail`).
fn word_length(text: &str) -> usize {
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let joins = matches!(c, '\'' | '’' | '-') && end > 0 && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if !(c.is_alphanumeric() || joins) {
            break;
        }
        end = at + c.len_utf8();
    }
    end
}

fn classify<'t>(word: &'t str, stop: &StopWords) -> Word<'t> {
    if NEGATIONS.contains(&word) {
        return Word::Negation(word);
    }
    if word.chars().any(|c| c.is_numeric()) || word.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return Word::Break;
    }
    if stop.words.contains(word) { Word::Break } else { Word::Content(word) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        terms_of(&text.to_lowercase(), &StopWords::for_language("en"))
    }

    #[test]
    fn words_and_phrases_without_stop_words() {
        assert_eq!(terms("The delivery was late"), ["delivery", "late"]);
        assert_eq!(terms("Late delivery, again."), ["delivery", "late", "late delivery"]);
        assert_eq!(terms("Still no Apple Pay?"), ["apple", "apple pay", "no apple", "pay"]);
        assert_eq!(terms("It's not working"), ["not working", "working"]);
        // A respondent counts once per term.
        assert_eq!(terms("late, late, LATE"), ["late"]);
    }

    #[test]
    fn nothing_personal_becomes_a_term() {
        let found =
            terms("Mail jan.de.vries@example.com or call 06-12345678, IBAN NL91ABNA0417164300, 1234 AB 5 www.site.nl");
        assert_eq!(found, ["call", "iban", "mail"]);
    }

    #[test]
    fn dutch_has_its_own_stop_words_and_negations() {
        let found = terms_of("het pakket is niet bezorgd", &StopWords::for_language("nl"));
        assert_eq!(found, ["bezorgd", "niet bezorgd", "pakket"]);
    }

    #[test]
    fn the_other_language_is_stopped_too_but_not_its_false_friends() {
        // Dutch "heel" (very) and "aan" in an English report; "door" is a word in English.
        assert_eq!(terms("Heel blij, left at the door"), ["blij", "door", "left"]);
        assert_eq!(
            terms_of("deur stond open door de wind", &StopWords::for_language("nl")),
            ["deur", "deur stond", "open", "stond", "stond open", "wind"]
        );
    }
}
