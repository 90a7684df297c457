//! The one place that calls the YAML library.
//!
//! serde_yaml is archived upstream; every YAML parse in cxsite goes through [`parse`], so a
//! maintained fork replaces it by changing the `use` below.

use serde::de::DeserializeOwned;
use serde_yaml as backend;

use crate::diagnostics::{Diagnostic, Location, did_you_mean};
use std::path::Path;

/// Parses `source` (the text of `file`, or of the front matter starting at `first_line`) into `T`.
///
/// A syntax or type error becomes a diagnostic at the line and column in the user's file, with a
/// "did you mean" for a misspelt key.
pub fn parse<T: DeserializeOwned>(source: &str, file: &Path, first_line: usize) -> Result<T, Diagnostic> {
    check_limits(source).map_err(|(line, column, message, hint)| {
        Diagnostic::error(Location::at(file, line + first_line - 1, column), message).with_hint(hint)
    })?;
    backend::from_str(source).map_err(|error| {
        let full = error.to_string();
        if let Some((line, column)) = unclosed_quote(&full) {
            return Diagnostic::error(Location::at(file, line + first_line - 1, column), "this quoted text is never closed")
                .with_hint("add the closing quote at the end of the value (a quote inside the text is written twice in '…', or as \\\" in \"…\")");
        }
        let (line, column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((1, 0));
        let message = strip_position(&full);
        if let Some(diagnostic) = duplicate_key(&message, source, (line, column), file, first_line) {
            return diagnostic;
        }
        let diagnostic = Diagnostic::error(Location::at(file, line + first_line - 1, column), message.clone());
        match unknown_field_hint(&message) {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic.with_hint("check the indentation and the spelling of the keys above this line"),
        }
    })
}

/// The largest YAML file cxsite reads (personas, journeys and settings are far smaller).
pub const MAX_BYTES: usize = 8 << 20;

/// The deepest nesting cxsite reads: a journey is five levels deep. The YAML parser takes time
/// quadratic in the depth, so a file nested 100,000 deep would hold a build for a minute.
pub const MAX_DEPTH: usize = 64;

/// Refuses a file over [`MAX_BYTES`], or nested deeper than [`MAX_DEPTH`] (block indentation,
/// `- - -` on one line, or `[[[`/`{{{`), before the parser sees it: (line, column, message).
fn check_limits(source: &str) -> Result<(), (usize, usize, String, &'static str)> {
    const TOO_BIG: &str =
        "a cxsite YAML file is a few levels deep and at most a few megabytes; split the file or flatten it";
    if source.len() > MAX_BYTES {
        let message = format!(
            "this file is {} MiB; cxsite reads YAML files of at most {} MiB",
            source.len() >> 20,
            MAX_BYTES >> 20
        );
        return Err((1, 0, message, TOO_BIG));
    }
    let too_deep = |line: usize, column: usize| {
        Err((line, column, format!("this is nested more than {MAX_DEPTH} levels deep"), TOO_BIG))
    };
    let mut flow = 0usize;
    // The indentation of the key whose block scalar (`|`, `>`) the lines below belong to.
    let mut block: Option<usize> = None;
    for (index, text) in source.lines().enumerate() {
        // NUL, escape and other control characters would reach pages and logs raw.
        if let Some((at, c)) = text.char_indices().find(|(_, c)| c.is_control() && *c != '\t' && *c != '\r') {
            let column = text[..at].chars().count() + 1;
            let message = format!("this line holds the control character U+{:04X}", c as u32);
            return Err((index + 1, column, message, "delete it: it is invisible in most editors (`cat -A` shows it)"));
        }
        let indent = text.len() - text.trim_start_matches(' ').len();
        if let Some(key_indent) = block {
            if text.trim().is_empty() || indent > key_indent {
                continue; // text of a block scalar: brackets and quotes there are letters
            }
            block = None;
        }
        // Block nesting: the indentation, where each `- ` opens a level of its own.
        let mut column = 0;
        let mut levels = 0;
        let bytes = text.as_bytes();
        while column < bytes.len() {
            match bytes[column] {
                b' ' => column += 1,
                b'-' if bytes.get(column + 1).is_none_or(|b| *b == b' ') => {
                    levels += 1;
                    column += 1;
                }
                _ => break,
            }
        }
        if column / 2 + levels > MAX_DEPTH {
            return too_deep(index + 1, column + 1);
        }
        // Flow nesting: `[` and `{` where a value starts, outside quoted values and comments.
        // A quote or bracket inside a plain value (`Customer's`, `step [1`) is a letter.
        let mut quote = None;
        let mut value_start = true;
        for (at, c) in text.char_indices() {
            let starts_value = value_start;
            value_start = match (quote, c) {
                (Some(q), c) if c == q => {
                    quote = None;
                    false
                }
                (Some(_), _) => false,
                (None, '"' | '\'') if starts_value => {
                    quote = Some(c);
                    false
                }
                (None, '#') if at == 0 || text[..at].ends_with([' ', '\t']) => break,
                (None, '[' | '{') if starts_value || flow > 0 => {
                    flow += 1;
                    if flow > MAX_DEPTH {
                        return too_deep(index + 1, at + 1);
                    }
                    true
                }
                (None, ']' | '}') if flow > 0 => {
                    flow -= 1;
                    false
                }
                (None, ':' | ',' | '-' | '?') => true,
                (None, ' ' | '\t') => starts_value,
                _ => false,
            };
        }
        if flow == 0 && quote.is_none() && starts_block_scalar(text) {
            block = Some(indent);
        }
    }
    Ok(())
}

/// A line whose value is a block scalar: `key: |`, `- >-`, `note: |2 # comment`.
fn starts_block_scalar(line: &str) -> bool {
    let line = line.split(" #").next().unwrap_or(line).trim_end();
    let line = line.trim_end_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
    let Some(before) = line.strip_suffix('|').or_else(|| line.strip_suffix('>')) else { return false };
    let before = before.trim_end();
    before.is_empty() || before.ends_with(':') || before.ends_with('-')
}

/// Where a quoted value starts that runs to the end of the file: the parser reports the end
/// of the file, and then, "while scanning a quoted scalar at line L column C", the start.
fn unclosed_quote(message: &str) -> Option<(usize, usize)> {
    let (_, start) = message.split_once("while scanning a quoted scalar at line ")?;
    let (line, column) = start.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// For "duplicate field `x`": serde_yaml places it at the start of the mapping that holds the
/// key twice, so the second `x:` is looked up in the text (see [`repeated_key`]).
fn duplicate_key(
    message: &str,
    source: &str,
    (line, column): (usize, usize),
    file: &Path,
    first_line: usize,
) -> Option<Diagnostic> {
    const SERDE_WORDS: &str = "duplicate field `";
    let start = message.find(SERDE_WORDS)?;
    let (key, _) = message[start + SERDE_WORDS.len()..].split_once('`')?;
    let message = format!("{}`{key}` is given twice", &message[..start]);
    let (location, hint) = match repeated_key(source, key, line, column) {
        Some((first, second)) => (
            Location::at(file, second + first_line - 1, column),
            format!("keep only one `{key}:`; the other is on line {}", first + first_line - 1),
        ),
        None => (Location::at(file, line + first_line - 1, column), format!("keep only one `{key}:` in this mapping")),
    };
    Some(Diagnostic::error(location, message).with_hint(hint))
}

/// The lines (1-based) of the first and second `key:` of the block mapping whose first key
/// stands at `line`:`column`: the keys at exactly that column, until a line indented less ends
/// the mapping. `None` for a flow mapping or a quoted key, where the caller keeps the
/// mapping's place.
fn repeated_key(source: &str, key: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let indent = column.checked_sub(1)?;
    let needle = format!("{key}:");
    let mut seen = None;
    for (index, text) in source.lines().enumerate().skip(line.checked_sub(1)?) {
        let trimmed = text.trim_start();
        if index + 1 > line && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        // The first line may start with `- ` before the mapping's first key.
        let leading = text.chars().take_while(|c| *c == ' ').count();
        if index + 1 > line && leading < indent {
            return None;
        }
        let at_column: String = text.chars().skip(indent).collect();
        let is_key = (index + 1 == line || leading == indent)
            && at_column.strip_prefix(&needle).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
        if is_key {
            match seen {
                None => seen = Some(index + 1),
                Some(first) => return Some((first, index + 1)),
            }
        }
    }
    None
}

/// serde_yaml appends " at line X column Y"; the location is shown separately.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// For "unknown field `x`, expected one of `a`, `b`": suggests the closest known key.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (field, expected) = rest.split_once('`')?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match did_you_mean(field, known.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!("the keys allowed here are: {}", known.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_or_huge_files_are_refused_before_parsing() {
        #[derive(serde::Deserialize, Debug)]
        struct Any(#[allow(dead_code)] serde_yaml::Value);
        let deep_flow = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse::<Any>(&deep_flow, Path::new("x.yaml"), 1).unwrap_err();
        assert_eq!((err.location.line(), err.location.column()), (1, 4 + MAX_DEPTH));
        assert!(err.message.contains("nested more than 64 levels"), "{}", err.message);
        let deep_block: String = (0..200).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
        assert_eq!(parse::<Any>(&deep_block, Path::new("x.yaml"), 1).unwrap_err().location.line(), 66);
        let dashes = format!("{}x\n", "- ".repeat(200));
        assert!(parse::<Any>(&dashes, Path::new("x.yaml"), 1).is_err());
        let huge = format!("a: \"{}\"\n", "x".repeat(MAX_BYTES));
        assert!(parse::<Any>(&huge, Path::new("x.yaml"), 1).unwrap_err().message.contains("at most 8 MiB"));
        let nul = "title: a\u{0}b\n";
        let err = parse::<Any>(nul, Path::new("x.yaml"), 1).unwrap_err();
        assert_eq!(
            (err.location.line(), err.location.column(), err.message.as_str()),
            (1, 9, "this line holds the control character U+0000")
        );
        assert!(parse::<Any>("title: \"\u{1b}[31m\"\n", Path::new("x.yaml"), 1).is_err());
        // Apostrophes and brackets in plain values and block text are letters, however many.
        let pains: String = (0..100).map(|i| format!("  - {{id: p{i}, title: Customer's card declined}}\n")).collect();
        parse::<Any>(&format!("pains:\n{pains}"), Path::new("x.yaml"), 1).unwrap();
        let plain: String = (0..100).map(|i| format!("  - title: step [{i} of it's {{\n")).collect();
        parse::<Any>(&format!("steps:\n{plain}"), Path::new("x.yaml"), 1).unwrap();
        let block: String = (0..100).map(|i| format!("  step [{i} of the list, it's {{\n")).collect();
        parse::<Any>(&format!("note: |\n{block}title: x\n"), Path::new("x.yaml"), 1).unwrap();
        // What real files hold passes: brackets in quotes and comments, a journey's depth.
        let fine = "title: \"[[[[\" # {{{{\nstages:\n  - id: a\n    touchpoints:\n      - {id: b, tags: [x, y]}\n";
        parse::<Any>(fine, Path::new("x.yaml"), 1).unwrap();
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        severity: u8,
        effort: u8,
    }

    #[test]
    fn an_unclosed_quote_is_shown_where_it_opens() {
        let err = parse::<Sample>("severity: 1\neffort: \"3\n\n", Path::new("x.yaml"), 1).unwrap_err();
        assert_eq!(err.location.to_string(), "x.yaml:2:9");
        assert_eq!(err.message, "this quoted text is never closed");
    }

    #[test]
    fn unknown_key_points_at_the_line_and_suggests_the_right_one() {
        let err = parse::<Sample>("severity: 3\nefort: 2\n", Path::new("j.yaml"), 1).unwrap_err();
        assert_eq!(err.location, Location::at("j.yaml", 2, 1));
        assert!(err.message.contains("unknown field `efort`"), "{}", err.message);
        assert_eq!(err.hint.as_deref(), Some("did you mean `effort`?"));
    }

    #[test]
    fn a_duplicate_key_points_at_its_second_line() {
        let err = parse::<Sample>("severity: 3\neffort: 2\nseverity: 4\n", Path::new("j.yaml"), 1).unwrap_err();
        assert_eq!(err.location, Location::at("j.yaml", 3, 1));
        assert_eq!(err.message, "`severity` is given twice");
        assert_eq!(err.hint.as_deref(), Some("keep only one `severity:`; the other is on line 1"));
    }

    #[test]
    fn a_duplicate_key_is_found_in_a_nested_mapping_after_a_dash() {
        let src =
            "items:\n  - severity: 1\n    effort: 2\n    notes:\n      severity: x\n    severity: 3\n  - severity: 9\n";
        // serde_yaml reports the mapping that starts at 2:5.
        assert_eq!(repeated_key(src, "severity", 2, 5), Some((2, 6)));
        assert_eq!(repeated_key(src, "effort", 2, 5), None);
        assert_eq!(repeated_key("{severity: 1, severity: 2}", "severity", 1, 1), None);
    }

    #[test]
    fn front_matter_lines_are_offset_to_the_file() {
        let err = parse::<Sample>("severity: high\neffort: 2\n", Path::new("p.md"), 2).unwrap_err();
        assert_eq!(err.location.line(), 2);
        assert!(err.message.contains("invalid type"), "{}", err.message);
    }
}
