//! Problems found in the user's project, each with the place it was found.
//!
//! Every stage returns its problems as [`Diagnostic`]s instead of stopping at the first one,
//! so a user sees all of them at once. They are rendered once, at the edge (the CLI).

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: a place in a user's file, or an argument of the command line.
///
/// Problems sort by location: the command line's first, then the files by path and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A command-line option (`--period`), shown by its name: the value the user gave is in
    /// the message. (An option that clap reads from the environment too, such as
    /// `CXSITE_PERIOD`, is named as the option.)
    Argument(&'static str),
    /// A path relative to the project root, 1-based line and column; line or column 0 means
    /// "not known" (a whole-file problem, say).
    File { file: PathBuf, line: usize, column: usize },
}

impl Location {
    /// A whole file, with no line.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location::File { file: file.into(), line: 0, column: 0 }
    }

    /// A line and column in a file.
    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location::File { file: file.into(), line, column }
    }

    /// A command-line option, such as `Location::argument("--period")`.
    pub fn argument(option: &'static str) -> Self {
        Location::Argument(option)
    }

    /// The file, unless the problem is on the command line.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Location::File { file, .. } => Some(file),
            Location::Argument(_) => None,
        }
    }

    /// The 1-based line, 0 when it is not known or there is none.
    pub fn line(&self) -> usize {
        match self {
            Location::File { line, .. } => *line,
            Location::Argument(_) => 0,
        }
    }

    /// The 1-based column, 0 when it is not known or there is none.
    pub fn column(&self) -> usize {
        match self {
            Location::File { column, .. } => *column,
            Location::Argument(_) => 0,
        }
    }

    /// The same place `lines` further down its file (a known line only).
    pub fn shifted(&mut self, lines: usize) {
        if let Location::File { line, .. } = self
            && *line > 0
        {
            *line += lines;
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Argument(option) => write!(f, "{option}"),
            Location::File { file, line, column } => {
                write!(f, "{}", file.display())?;
                if *line > 0 {
                    write!(f, ":{line}")?;
                    if *column > 0 {
                        write!(f, ":{column}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// One problem: where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    pub hint: Option<String>,
    /// What the build does about a warning when it goes on (`the row is left out`): said after
    /// the message, and not when `--strict` makes the warning an error and nothing is built.
    pub if_warning: Option<&'static str>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, location, message: message.into(), hint: None, if_warning: None }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, location, message: message.into(), hint: None, if_warning: None }
    }

    /// The same warning, saying what the build does about it when it goes on.
    pub fn with_consequence(mut self, consequence: Option<&'static str>) -> Self {
        self.if_warning = consequence;
        self
    }

    /// The diagnostic as `--strict` shows it: an error, without what a build would have done.
    pub fn as_error(&self) -> Diagnostic {
        Diagnostic { severity: Severity::Error, if_warning: None, ..self.clone() }
    }

    /// The same diagnostic with a hint on how to fix it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The one line `location: severity: message`, for tests and logs; the binary renders a
/// diagnostic from its fields (`src/cli/console.rs`), with what a build does about a warning
/// and the hint.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {}: {}", self.location, label, self.message)
    }
}

/// The problems of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records every problem of another stage.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when any problem is an error (or any at all, with `strict`).
    pub fn has_errors(&self, strict: bool) -> bool {
        self.items.iter().any(|d| strict || d.severity == Severity::Error)
    }

    /// All problems, sorted by file and line so the output is stable and easy to follow, each
    /// once: several walks over a folder meet the same broken entry.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut seen = std::collections::HashSet::new();
        let mut items: Vec<&Diagnostic> = self.items.iter().filter(|d| seen.insert(*d)).collect();
        items.sort_by(|a, b| (&a.location, a.severity).cmp(&(&b.location, b.severity)));
        items
    }

    /// How many problems of each severity: (errors, warnings).
    pub fn counts(&self) -> (usize, usize) {
        let items = self.sorted();
        let errors = items.iter().filter(|d| d.severity == Severity::Error).count();
        (errors, items.len() - errors)
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// An error and the errors under it (its `source()`, that one's source, ...) on one line,
/// joined by `: ` (`public: cannot write the site: No space left on device`). Errors of the
/// machine (a disk, a port, the file watcher) keep their cause in `source()`, not in their
/// `Display`, so the cause shows once, here.
pub fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let chain: Vec<String> = std::iter::successors(Some(error), |e| e.source()).map(ToString::to_string).collect();
    chain.join(": ")
}

/// The path of `file` relative to the project root, for messages.
pub fn relative(root: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(root).unwrap_or(file).to_path_buf()
}

/// A value from the user's files as a message shows it: invisible and control characters (a
/// byte-order mark, a no-break space, a zero-width space, a tab) written as `\u{feff}`, so
/// "unknown persona `sanne\u{a0}`" says what is wrong where "`sanne`" would not.
pub fn shown(value: &str) -> std::borrow::Cow<'_, str> {
    let invisible = |c: char| {
        c.is_control()
            || matches!(c, '\u{a0}' | '\u{ad}' | '\u{2000}'..='\u{200f}' | '\u{2028}'..='\u{202f}' | '\u{205f}'..='\u{206f}' | '\u{feff}')
    };
    if !value.chars().any(invisible) {
        return value.into();
    }
    value.chars().map(|c| if invisible(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect()
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

/// Edits between `a` and `b`, where swapping two neighbouring letters (`onwer`) is one edit,
/// as it is one slip of the fingers (the "optimal string alignment" distance).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Three rows of the table: for a[..i-1], a[..i] and a[..i+1].
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 0..a.len() {
        let mut row = vec![i + 1; b.len() + 1];
        for j in 0..b.len() {
            let substitution = previous[j] + usize::from(a[i] != b[j]);
            row[j + 1] = substitution.min(row[j] + 1).min(previous[j + 1] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                row[j + 1] = row[j + 1].min(before[j - 1] + 1);
            }
        }
        before = std::mem::replace(&mut previous, row);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("sane", ["sanne", "henk"]), Some("sanne"));
        assert_eq!(did_you_mean("sevrity", ["severity", "effort"]), Some("severity"));
        assert_eq!(did_you_mean("banana", ["sanne", "henk"]), None);
        assert_eq!(did_you_mean("onwer", ["owner", "title"]), Some("owner"), "a swap is one edit");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("ca", "ac"), 1);
    }

    #[test]
    fn invisible_characters_are_shown_escaped() {
        assert_eq!(shown("sanne"), "sanne");
        assert_eq!(shown("sanne\u{a0}"), "sanne\\u{a0}");
        assert_eq!(shown("\u{feff}id\tx"), "\\u{feff}id\\u{9}x");
        assert_eq!(shown("café"), "café");
    }

    #[test]
    fn causes_follow_the_message_once_each() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("public: cannot write the site")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let error = Outer(std::io::Error::other("disk on fire"));
        assert_eq!(with_causes(&error), "public: cannot write the site: disk on fire");
        assert_eq!(with_causes(&std::io::Error::other("alone")), "alone");
    }

    #[test]
    fn location_prints_what_is_known() {
        assert_eq!(Location::at("a.yaml", 3, 7).to_string(), "a.yaml:3:7");
        assert_eq!(Location::at("a.yaml", 3, 0).to_string(), "a.yaml:3");
        assert_eq!(Location::file("a.yaml").to_string(), "a.yaml");
        assert_eq!(Location::argument("--period").to_string(), "--period");
        assert_eq!(Location::argument("--period").path(), None);
    }

    #[test]
    fn the_command_line_sorts_before_every_file() {
        let mut problems = Diagnostics::default();
        problems.push(Diagnostic::error(Location::at("-a.yaml", 1, 1), "in a file"));
        problems.push(Diagnostic::error(Location::argument("--period"), "on the command line"));
        let first = problems.sorted()[0];
        assert_eq!(first.location, Location::argument("--period"));
    }
}
