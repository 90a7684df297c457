//! What the command line prints: diagnostics and errors (the one place they are rendered, each
//! from its parts: location, message, causes, hint), the rebuild log of `watch` and `serve`,
//! and the summary paragraph for CI logs.

use std::error::Error;
use std::ffi::OsStr;
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use cxsite::build::{BuildError, Redone, Session};
use cxsite::diagnostics::{Diagnostic, Diagnostics, Severity, with_causes};
use cxsite::ingest::{ExportLayout, NOT_APPLICABLE};
use cxsite::render::NumberFormat;
use cxsite::serve::ServeError;
use cxsite::watch::{Rebuild, WatchError};
use cxsite::write::WriteError;

pub fn display_root(root: &Path) -> String {
    std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()).display().to_string()
}

pub fn stopped(quiet: bool) -> ExitCode {
    if !quiet {
        say!("Stopped.");
    }
    ExitCode::SUCCESS
}

/// What `watch` and `serve` print while they run: the rebuild log, the problems of each
/// rebuild not already shown by the one before (`shown`, so a standing warning is not
/// repeated), and the watcher's troubles.
pub struct Live<'a> {
    root: &'a Path,
    strict: bool,
    quiet: bool,
    shown: Vec<Diagnostic>,
}

impl<'a> Live<'a> {
    pub fn new(root: &'a Path, strict: bool, quiet: bool) -> Self {
        Live { root, strict, quiet, shown: Vec::new() }
    }
}

impl cxsite::watch::Reporter for Live<'_> {
    fn rebuilt(&mut self, rebuild: &Rebuild, _: &Session) {
        log_rebuild(rebuild, self.strict, self.quiet, &mut self.shown);
    }

    fn trouble(&mut self, trouble: &WatchError) {
        print_failure(Label::Warning, trouble, "", trouble.hint());
    }
}

impl cxsite::serve::Reporter for Live<'_> {
    fn listening(&mut self, address: SocketAddr) {
        // Tests and scripts read this line for the port; keep its shape.
        say!("Serving {} at http://{address}/ ; Ctrl-C stops.", display_root(self.root));
    }

    fn no_browser(&mut self, error: &ServeError) {
        print_failure(Label::Warning, error, "", error.hint().as_deref());
    }
}

/// One line a rebuild: what changed, what was redone, how long it took; then any problems
/// not already shown by the rebuild before (`shown`).
fn log_rebuild(rebuild: &Rebuild, strict: bool, quiet: bool, shown: &mut Vec<Diagnostic>) {
    let changes = &rebuild.changes;
    let what = if changes.everything {
        "first build".to_string()
    } else {
        let mut paths: Vec<String> = changes.paths.iter().take(3).map(|p| p.display().to_string()).collect();
        if changes.paths.len() > 3 {
            paths.push(format!("{} more", changes.paths.len() - 3));
        }
        format!("{} changed", paths.join(", "))
    };
    let redone = &rebuild.redone;
    let mut steps = Vec::new();
    if redone.loaded {
        steps.push("reloaded the project".to_string());
    }
    match redone.ingested.len() {
        0 => steps.push("surveys reused".into()),
        1 => steps.push(format!("re-read {}", redone.ingested[0].display())),
        n => steps.push(format!("re-read {n} survey files")),
    }
    if redone.analysed {
        steps.push("re-analysed".into());
    }
    if redone.theme {
        steps.push("reloaded the theme".into());
    }
    let millis = rebuild.elapsed.as_secs_f64() * 1000.0;
    match &rebuild.result {
        Ok(built) => {
            print_new_diagnostics(&built.diagnostics, strict, shown);
            if !quiet {
                steps.push(format!("rendered {} pages", built.pages));
                say!("{what}: {}; {millis:.0} ms", steps.join(", "));
            }
        }
        Err(error) => {
            let problems = match error {
                BuildError::Invalid(diagnostics) | BuildError::Unreadable(diagnostics) => {
                    print_new_diagnostics(diagnostics, strict, shown);
                    "the project has problems (above)".to_string()
                }
                BuildError::Write(error) => format!("{} (hint: {})", with_causes(error), error.hint()),
            };
            stderr_line!(
                "{what}: {}: {problems}; the last good site stays until a rebuild succeeds ({millis:.0} ms)",
                Label::Error.paint("build failed")
            );
        }
    }
}

pub fn fail(error: BuildError, strict: bool) -> ExitCode {
    match error {
        BuildError::Invalid(diagnostics) => {
            print_diagnostics(&diagnostics, strict);
            let (errors, warnings) = diagnostics.counts();
            let blocking = if strict { errors + warnings } else { errors };
            stderr_line!("{}: {blocking} problem(s) must be fixed; nothing was written", Label::Error.show());
            ExitCode::from(1)
        }
        BuildError::Unreadable(diagnostics) => {
            print_diagnostics(&diagnostics, strict);
            stderr_line!("{}: nothing was written", Label::Error.show());
            ExitCode::from(2)
        }
        BuildError::Write(error) => {
            // The site is swapped in whole or not at all (`src/write/swap.rs`).
            let kept =
                if matches!(error, WriteError::Io { .. }) { "; the previous site is left as it was" } else { "" };
            print_failure(Label::Error, &error, kept, Some(error.hint()));
            ExitCode::from(2)
        }
    }
}

/// An error of the machine that ends the command (a file or the starter project that cannot
/// be written, a port or file watching that cannot be had): exit code 2.
pub fn fail_io(error: &(dyn Error + 'static), hint: Option<&str>) -> ExitCode {
    print_failure(Label::Error, error, "", hint);
    ExitCode::from(2)
}

/// An error of the machine (a disk, a port, the file watcher): the label, its message and
/// causes on one line (then `note`, what that means for the user's files), and the hint on a
/// line of its own.
fn print_failure(label: Label, error: &(dyn Error + 'static), note: &str, hint: Option<&str>) {
    let text = format!("{}: {}{note}", label.show(), with_causes(error));
    stderr_line!("{}", with_hint(text, hint));
}

pub fn print_diagnostics(diagnostics: &Diagnostics, strict: bool) {
    print_new_diagnostics(diagnostics, strict, &mut Vec::new());
}

/// Prints the errors, and the warnings not in `shown`; then makes `shown` this set.
fn print_new_diagnostics(diagnostics: &Diagnostics, strict: bool, shown: &mut Vec<Diagnostic>) {
    let now: Vec<&Diagnostic> = diagnostics.sorted();
    let repeated = |d: &Diagnostic| d.severity == Severity::Warning && shown.contains(d);
    let standing = now.iter().filter(|d| repeated(d)).count();
    if standing > 0 {
        stderr_line!("({standing} warning(s) shown before still stand)");
    }
    for diagnostic in now.iter().filter(|d| !repeated(d)) {
        stderr_line!("{}", render(diagnostic, strict));
    }
    *shown = now.into_iter().cloned().collect();
}

/// A problem in the project's files: `location: label: message`, what a build does about a
/// warning, and the hint on a line of its own. With `strict` a warning is an error, and
/// nothing is built, so there is nothing it would do.
fn render(diagnostic: &Diagnostic, strict: bool) -> String {
    let label = match (diagnostic.severity, strict) {
        (Severity::Error, _) | (Severity::Warning, true) => Label::Error,
        (Severity::Warning, false) => Label::Warning,
    };
    let mut text = format!("{}: {}: {}", diagnostic.location, label.show(), diagnostic.message);
    if let (Label::Warning, Some(consequence)) = (label, diagnostic.if_warning) {
        text.push_str(&format!("; {consequence}"));
    }
    with_hint(text, diagnostic.hint.as_deref())
}

/// `text`, then the hint on a line of its own.
fn with_hint(text: String, hint: Option<&str>) -> String {
    match hint {
        Some(hint) => format!("{text}\n  hint: {hint}"),
        None => text,
    }
}

/// How bad a printed line is, in colour on a terminal.
#[derive(Clone, Copy)]
enum Label {
    Error,
    Warning,
}

impl Label {
    /// `error` or `warning`, coloured.
    fn show(self) -> String {
        self.paint(match self {
            Label::Error => "error",
            Label::Warning => "warning",
        })
    }

    /// `text` in the label's colour: only on a terminal, so CI logs stay plain.
    fn paint(self, text: &str) -> String {
        let colour = match self {
            Label::Error => "31",
            Label::Warning => "33",
        };
        paint(text, colour)
    }
}

/// What stderr can show: the one place that decides whether cxsite writes colours and redraws
/// a line in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stderr {
    /// A terminal that understands escapes: colours, and the progress bar redrawn in place.
    Terminal,
    /// A terminal where escapes are unwanted (`NO_COLOR` set, https://no-color.org) or not
    /// understood (`TERM=dumb`): plain lines only, without escapes or carriage returns.
    PlainTerminal,
    /// A file or a pipe (a CI log): plain lines only, and no progress.
    NotATerminal,
}

impl Stderr {
    /// This process's stderr, from the environment.
    pub fn detect() -> Stderr {
        let (term, no_color) = (std::env::var_os("TERM"), std::env::var_os("NO_COLOR"));
        Stderr::of(std::io::stderr().is_terminal(), term.as_deref(), no_color.as_deref())
    }

    /// `NO_COLOR` counts when it is set and not empty, as its convention says.
    fn of(is_terminal: bool, term: Option<&OsStr>, no_color: Option<&OsStr>) -> Stderr {
        if !is_terminal {
            Stderr::NotATerminal
        } else if term.is_some_and(|t| t == "dumb") || no_color.is_some_and(|v| !v.is_empty()) {
            Stderr::PlainTerminal
        } else {
            Stderr::Terminal
        }
    }
}

/// Colours only on a terminal that wants them, so CI logs and dumb terminals stay plain.
pub fn paint(text: &str, colour: &str) -> String {
    if Stderr::detect() == Stderr::Terminal { format!("\x1b[1;{colour}m{text}\x1b[0m") } else { text.to_string() }
}

/// One line on what was read: rows, files, bytes and time, for CI logs.
pub fn read_summary(session: &Session, redone: &Redone) -> String {
    let (aggregates, exports): (Vec<_>, Vec<_>) =
        session.responses().quality.files.iter().partition(|f| f.layout == ExportLayout::Aggregate);
    let rows: u64 = exports.iter().map(|f| f.rows).sum();
    let bytes = session.progress().total.load(std::sync::atomic::Ordering::Relaxed);
    let f = NumberFormat::for_language("en");
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut line = format!(
        "Read {} survey rows from {} file{} ({:.1} MB)",
        f.count(rows),
        exports.len(),
        plural(exports.len()),
        bytes as f64 / 1e6
    );
    if !aggregates.is_empty() {
        let counts: u64 = aggregates.iter().map(|f| f.rows).sum();
        let n = aggregates.len();
        line.push_str(&format!(" and {} aggregate counts from {n} file{}", f.count(counts), plural(n)));
    }
    line.push_str(&format!(" in {:.2} s.", redone.ingest_time.as_secs_f64()));
    for file in detected(session) {
        line.push_str(&format!("\n{file}"));
    }
    line
}

/// A line per survey export on what was detected in it, so a wrong guess shows before the
/// figures do: rows read and left out, separator, encoding, header rows, date order.
pub fn detected(session: &Session) -> Vec<String> {
    let f = NumberFormat::for_language("en");
    fn shown(value: Option<impl std::fmt::Display>) -> String {
        value.map_or_else(|| NOT_APPLICABLE.to_string(), |v| v.to_string())
    }
    let exports = session.responses().quality.files.iter().filter(|f| f.layout != ExportLayout::Aggregate);
    exports
        .map(|file| {
            let header_rows = if file.header_rows == 1 {
                "1 header row".to_string()
            } else {
                format!("{} header rows", file.header_rows)
            };
            format!(
                "  {}: {} row{} read, {} left out; {}-separated, {}, {header_rows}, dates {}{}",
                file.file,
                f.count(file.rows),
                if file.rows == 1 { "" } else { "s" },
                f.count(file.skipped),
                shown(file.delimiter),
                file.encoding,
                shown(file.date_order),
                if file.layout == ExportLayout::Wide { ", wide" } else { "" }
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::Stderr;

    #[test]
    fn escapes_only_on_a_terminal_that_wants_them() {
        let of = |terminal, term: Option<&str>, no_color: Option<&str>| {
            Stderr::of(terminal, term.map(OsStr::new), no_color.map(OsStr::new))
        };
        assert_eq!(of(true, Some("xterm-256color"), None), Stderr::Terminal);
        assert_eq!(of(true, None, None), Stderr::Terminal);
        assert_eq!(of(true, Some("xterm"), Some("")), Stderr::Terminal, "an empty NO_COLOR is not set");
        assert_eq!(of(true, Some("xterm"), Some("1")), Stderr::PlainTerminal);
        assert_eq!(of(true, Some("dumb"), None), Stderr::PlainTerminal);
        assert_eq!(of(false, Some("xterm"), None), Stderr::NotATerminal);
        assert_eq!(of(false, Some("dumb"), Some("1")), Stderr::NotATerminal);
    }
}
