//! Finds where a value stands in a YAML file, for diagnostics about references.
//!
//! The YAML parser gives no positions for values once they are parsed, so a reference
//! (`persona: sane`) is found again in the text. It is a search, not a parse: it finds the
//! first line where `key:` is followed by the value, or where the value stands in a flow list
//! after `key:`; when nothing matches it points at the file.

use crate::diagnostics::Location;
use std::path::Path;

/// The line and column of `value` after `key:` in `source`, searching from line `after_line`.
pub fn locate(source: &str, file: &Path, key: &str, value: &str, after_line: usize) -> Location {
    let needle = format!("{key}:");
    // Inside a block list under `key:` (`personas:` then `- sanne` lines).
    let mut in_list = false;
    for (index, line) in source.lines().enumerate().skip(after_line.saturating_sub(1)) {
        let key_at = find_key(line, &needle);
        let rest_at = match key_at {
            Some(key_at) => key_at + needle.len(),
            None if in_list && line.trim_start().starts_with('-') => 0,
            None => {
                in_list = false;
                continue;
            }
        };
        if let Some(found) = find_word(&line[rest_at..], value) {
            return Location::at(file, index + 1, char_column(line, rest_at + found));
        }
        if key_at.is_some() {
            in_list = line[rest_at..].trim().is_empty();
        }
    }
    Location::file(file)
}

/// The line and column of the last key of `path` (`["surveys", "scales", "csat"]`), each key
/// searched after the one before it, so block (`scales:` / `  csat: 4`) and flow
/// (`scales: {csat: 4}`) style are found alike; the file when a key is not found.
pub fn locate_path(source: &str, file: &Path, path: &[&str]) -> Location {
    // (line index, byte offset in that line) just after the last key found.
    let mut from = (0, 0);
    let mut found = None;
    for key in path {
        let needle = format!("{key}:");
        let hit = source.lines().enumerate().skip(from.0).find_map(|(index, line)| {
            let start = if index == from.0 { from.1 } else { 0 };
            let at = find_key(&line[start..], &needle)? + start;
            Some((index, at, char_column(line, at)))
        });
        let Some((index, at, column)) = hit else { return Location::file(file) };
        from = (index, at + needle.len());
        found = Some(Location::at(file, index + 1, column));
    }
    found.unwrap_or_else(|| Location::file(file))
}

/// The position of `needle` where it starts a key (after indentation, `- ` or `{ `/`, `).
fn find_key(line: &str, needle: &str) -> Option<usize> {
    line.match_indices(needle)
        .map(|(i, _)| i)
        .find(|&i| line[..i].chars().last().is_none_or(|c| c.is_whitespace() || matches!(c, '-' | '{' | ',')))
}

/// `value` as a whole word (optionally quoted) in `text`.
fn find_word(text: &str, value: &str) -> Option<usize> {
    text.match_indices(value).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().last();
        let after = text[i + value.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
        boundary(before) && boundary(after)
    })
}

fn char_column(line: &str, byte: usize) -> usize {
    line[..byte].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_scalar_reference() {
        let src = "title: T\npersona: sane\n";
        assert_eq!(locate(src, Path::new("j.yaml"), "persona", "sane", 1), Location::at("j.yaml", 2, 10));
    }

    #[test]
    fn finds_a_value_in_a_flow_list_and_skips_longer_words() {
        let src = "personas: [sanne, san]\n";
        assert_eq!(locate(src, Path::new("j.yaml"), "personas", "san", 1), Location::at("j.yaml", 1, 19));
    }

    #[test]
    fn finds_a_value_in_a_block_list() {
        let src = "personas:\n  - sanne\n  - san\n";
        assert_eq!(locate(src, Path::new("j.yaml"), "personas", "san", 1), Location::at("j.yaml", 3, 5));
    }

    #[test]
    fn a_path_of_keys_is_found_in_block_and_flow_style() {
        let path = ["surveys", "scales", "csat"];
        let block = "title: T\nsurveys:\n  columns:\n    csat: Score\n  scales:\n    csat: 4\n";
        assert_eq!(locate_path(block, Path::new("c.yaml"), &path), Location::at("c.yaml", 6, 5));
        let flow = "surveys: {columns: {csat: S}, scales: {csat: 4}}\n";
        assert_eq!(locate_path(flow, Path::new("c.yaml"), &path), Location::at("c.yaml", 1, 40));
        let nested = "surveys:\n  scales: {csat: 4}\n";
        assert_eq!(locate_path(nested, Path::new("c.yaml"), &path), Location::at("c.yaml", 2, 12));
    }

    #[test]
    fn a_missing_key_of_the_path_gives_the_file() {
        let src = "surveys:\n  files: [a.csv]\n";
        assert_eq!(locate_path(src, Path::new("c.yaml"), &["surveys", "scales"]), Location::file("c.yaml"));
    }

    #[test]
    fn ids_after_a_dash_are_found() {
        let src = "stages:\n  - id: a\n    touchpoints:\n      - id: checkout\n";
        assert_eq!(locate(src, Path::new("j.yaml"), "id", "checkout", 1), Location::at("j.yaml", 4, 13));
    }
}
