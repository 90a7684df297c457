//! The file patterns of `surveys.files`, a source's `files` and `surveys.aggregates`, compiled
//! once with globset. A pattern is relative to `content/` and matched against a path written
//! with `/`: `*` and `?` stay within one folder, `**` crosses folders (`surveys/**/*.csv` also
//! matches `surveys/a.csv`), `[abc]` and `[0-9]` are one of those characters, `{a,b}` either
//! text, and `\` makes the next character plain. Matching takes time linear in the path.

use globset::{ErrorKind, GlobBuilder, GlobSet, GlobSetBuilder};

use super::references::Sources;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The patterns of one setting; a pattern that does not parse is reported and matches nothing.
pub(super) struct Patterns {
    set: GlobSet,
    /// For each glob of `set`, its index among the patterns as written.
    written: Vec<usize>,
}

impl Patterns {
    /// Compiles the patterns of `surveys.<key>`; each one that does not parse is an error at
    /// its place in cxsite.yaml.
    pub(super) fn compile(
        patterns: &[String],
        key: &str,
        sources: &Sources,
        diagnostics: &mut Diagnostics,
    ) -> Patterns {
        let mut set = GlobSetBuilder::new();
        let mut written = Vec::new();
        for (index, pattern) in patterns.iter().enumerate() {
            // Files are looked for under content/ only: a pattern that leaves it can never
            // match, and `missing/../surveys` is not read as `surveys`. Said, not guessed.
            if pattern.starts_with('/') || pattern.split(['/', '\\']).any(|part| part == "..") {
                diagnostics.push(
                    Diagnostic::error(
                        sources.setting(&["surveys", key], pattern),
                        format!("`surveys.{key}` pattern \"{pattern}\" is not a plain path under content/ (it holds `..` or starts with `/`)"),
                    )
                    .with_hint("survey files are read from content/ only: write the pattern relative to it, without `..` or a leading `/` (for example \"surveys/*.csv\"), and put the exports there"),
                );
                continue;
            }
            // `./surveys/*.csv` means what `surveys/*.csv` does: the path is relative already.
            let glob = GlobBuilder::new(pattern.trim_start_matches("./"))
                .literal_separator(true)
                .backslash_escape(true)
                .build();
            match glob {
                Ok(glob) => {
                    set.add(glob);
                    written.push(index);
                }
                Err(error) => {
                    let (problem, hint) = explain(error.kind());
                    diagnostics.push(
                        Diagnostic::error(
                            sources.setting(&["surveys", key], pattern),
                            format!("`surveys.{key}` pattern \"{pattern}\" cannot be read: {problem}"),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
        // Globs that parsed one by one also build as a set; were it ever refused, matching
        // nothing leaves the errors above (or the "matches no file" warnings) to say so.
        let set = set.build().unwrap_or_else(|_| GlobSet::empty());
        Patterns { set, written }
    }

    /// The indices (among the patterns as written) of the patterns that match `path`, a path
    /// under `content/` with `/` between folders.
    pub(super) fn matching(&self, path: &str) -> Vec<usize> {
        self.set.matches(path).into_iter().map(|glob| self.written[glob]).collect()
    }

    /// Whether any pattern matches `path` (as in [`Self::matching`]).
    pub(super) fn any(&self, path: &str) -> bool {
        self.set.is_match(path)
    }

    /// Whether the pattern at `index` (as written) parsed.
    pub(super) fn parsed(&self, index: usize) -> bool {
        self.written.contains(&index)
    }
}

/// What is wrong with a pattern that does not parse, and how to write it.
fn explain(kind: &ErrorKind) -> (String, String) {
    let (problem, hint) = match kind {
        ErrorKind::UnclosedClass => (
            "`[` opens a set of characters that is not closed".into(),
            "close it with `]`, as in \"surveys/q[1-4].csv\"; for a `[` in a file name write `[[]`",
        ),
        ErrorKind::InvalidRange(from, to) => (
            format!("the range `{from}-{to}` runs backwards"),
            "write a range from low to high, as in \"surveys/q[1-4].csv\"",
        ),
        ErrorKind::UnopenedAlternates => (
            "`}` closes no `{`".into(),
            "alternatives are written `{a,b}`, as in \"surveys/{web,app}/*.csv\"; for a `}` in a file name write `[}]`",
        ),
        ErrorKind::UnclosedAlternates => (
            "`{` opens alternatives that are not closed".into(),
            "close them with `}`, as in \"surveys/{web,app}/*.csv\"; for a `{` in a file name write `[{]`",
        ),
        ErrorKind::DanglingEscape => (
            "it ends in `\\`, which makes the next character plain".into(),
            "patterns use `/` between folders, as in \"surveys/*.csv\"",
        ),
        other => (
            other.to_string(),
            "`*` matches within one folder, `**` across folders, `?` one character, `[abc]` one of these, `{a,b}` either",
        ),
    };
    (problem, format!("{hint} (patterns are relative to content/)"))
}

#[cfg(test)]
mod tests {
    use super::Patterns;
    use crate::diagnostics::Diagnostics;
    use crate::load::references::Sources;

    fn compiled(patterns: &[&str]) -> (Patterns, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        let compiled = Patterns::compile(&patterns, "files", &Sources::default(), &mut diagnostics);
        (compiled, diagnostics)
    }

    fn matches(pattern: &str, path: &str) -> bool {
        let (patterns, diagnostics) = compiled(&[pattern]);
        assert!(diagnostics.is_empty(), "{pattern}");
        patterns.any(path)
    }

    #[test]
    fn patterns_match_like_a_shell() {
        // (pattern, path under content/, matches)
        let cases = [
            ("surveys/*.csv", "surveys/a.csv", true),
            ("surveys/*.csv", "surveys/old/a.csv", false),
            ("surveys/*.csv", "surveys/a.tsv", false),
            ("surveys/*.csv", "Surveys/a.csv", false),
            ("./surveys/*.csv", "surveys/a.csv", true),
            ("*", "surveys/a.csv", false),
            ("surveys/**/*.csv", "surveys/old/a.csv", true),
            ("surveys/**/*.csv", "surveys/a.csv", true),
            ("**/*.csv", "a.csv", true),
            ("**/*.csv", "surveys/old/a.csv", true),
            ("surveys/q?.csv", "surveys/q3.csv", true),
            ("surveys/?", "surveys/a/b", false),
            ("surveys/q[1-4].csv", "surveys/q3.csv", true),
            ("surveys/q[1-4].csv", "surveys/q5.csv", false),
            ("surveys/q[!1-4].csv", "surveys/q5.csv", true),
            ("surveys/{web,app}/*.csv", "surveys/app/a.csv", true),
            ("surveys/{web,app}/*.csv", "surveys/mail/a.csv", false),
            ("surveys/*.{csv,tsv}", "surveys/a.tsv", true),
            ("surveys/[[]old].csv", "surveys/[old].csv", true),
            (r"surveys/\[old\].csv", "surveys/[old].csv", true),
        ];
        for (pattern, path, expected) in cases {
            assert_eq!(matches(pattern, path), expected, "{pattern} on {path}");
        }
    }

    #[test]
    fn matching_takes_time_linear_in_the_path() {
        // A backtracking matcher takes exponential time on this; a regex does not.
        let pattern = format!("{}b", "*a".repeat(30));
        assert!(!matches(&pattern, &"a".repeat(200)));
    }

    #[test]
    fn each_pattern_is_told_apart() {
        let (patterns, diagnostics) = compiled(&["surveys/[a.csv", "surveys/*.csv", "**/a.csv"]);
        assert!(!patterns.parsed(0) && patterns.parsed(1) && patterns.parsed(2));
        assert_eq!(patterns.matching("surveys/a.csv"), [1, 2]);
        assert_eq!(patterns.matching("surveys/b.csv"), [1]);
        assert!(patterns.matching("b.csv").is_empty());
        let messages: Vec<String> = diagnostics.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 1);
        assert!(messages[0].contains("pattern \"surveys/[a.csv\" cannot be read: `[` opens"), "{messages:?}");
    }

    #[test]
    fn a_pattern_that_leaves_content_is_refused_with_how_to_write_it() {
        for pattern in ["../elsewhere/*.csv", "missing/../surveys/*.csv", "/tmp/*.csv", "surveys\\..\\x.csv"] {
            let (patterns, diagnostics) = compiled(&[pattern]);
            let sorted = diagnostics.sorted();
            assert!(
                sorted.len() == 1 && sorted[0].message.contains("is not a plain path under content/"),
                "{pattern}: {sorted:?}"
            );
            assert!(!patterns.parsed(0) && !patterns.any("surveys/a.csv"));
        }
        let (_, diagnostics) = compiled(&["surveys/..a.csv"]);
        assert!(diagnostics.sorted().is_empty(), "`..a` is a name, not the folder above");
    }

    #[test]
    fn every_parse_error_says_how_to_write_it() {
        for (pattern, problem) in [
            ("surveys/[a.csv", "not closed"),
            ("surveys/[z-a].csv", "`z-a` runs backwards"),
            ("surveys/a}.csv", "`}` closes no `{`"),
            ("surveys/{a,b.csv", "alternatives that are not closed"),
            ("surveys/a\\", "ends in `\\`"),
        ] {
            let (_, diagnostics) = compiled(&[pattern]);
            let sorted = diagnostics.sorted();
            assert!(sorted.len() == 1 && sorted[0].message.contains(problem), "{pattern}: {sorted:?}");
            let hint = sorted[0].hint.as_deref().unwrap_or_default();
            assert!(hint.contains("relative to content/"), "{hint}");
        }
    }
}
