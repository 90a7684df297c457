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
    backend::from_str(source).map_err(|error| {
        let full = error.to_string();
        if let Some((line, column)) = unclosed_quote(&full) {
            return Diagnostic::error(Location::at(file, line + first_line - 1, column), "this quoted text is never closed")
                .with_hint("add the closing quote at the end of the value (a quote inside the text is written twice in '…', or as \\\" in \"…\")");
        }
        let (line, column) =
            error.location().map(|l| (l.line() + first_line - 1, l.column())).unwrap_or((first_line, 0));
        let message = strip_position(&full);
        let diagnostic = Diagnostic::error(Location::at(file, line, column), message.clone());
        match unknown_field_hint(&message) {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic.with_hint("check the indentation and the spelling of the keys above this line"),
        }
    })
}

/// Where a quoted value starts that runs to the end of the file: the parser reports the end
/// of the file, and then, "while scanning a quoted scalar at line L column C", the start.
fn unclosed_quote(message: &str) -> Option<(usize, usize)> {
    let (_, start) = message.split_once("while scanning a quoted scalar at line ")?;
    let (line, column) = start.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
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
    fn front_matter_lines_are_offset_to_the_file() {
        let err = parse::<Sample>("severity: high\neffort: 2\n", Path::new("p.md"), 2).unwrap_err();
        assert_eq!(err.location.line, 2);
        assert!(err.message.contains("invalid type"), "{}", err.message);
    }
}
