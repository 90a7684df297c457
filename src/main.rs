//! The `cxsite` command line: parses arguments, runs the pipeline, prints diagnostics once.

use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cxsite::analyse::{GroupKind, Report};
use cxsite::build::{BuildError, BuildOptions, Changes, Session};
use cxsite::diagnostics::{Diagnostic, Diagnostics, Severity};
use cxsite::render::NumberFormat;
use cxsite::serve::{ServeError, ServeOptions};
use cxsite::watch::Rebuild;

/// cxsite turns a folder of personas, journeys (YAML), survey exports (CSV) and Markdown
/// into a static customer-experience report site.
#[derive(Parser)]
#[command(version, about, long_about = None, after_help = "Exit codes: 0 ok, 1 invalid input (diagnostics on stderr), 2 usage or I/O error.\nStart with `cxsite init my-report`, then `cd my-report && cxsite build`.")]
struct Cli {
    /// The project folder (the one holding cxsite.yaml).
    #[arg(long, short = 'C', global = true, default_value = ".", value_name = "DIR")]
    project: PathBuf,
    /// Print only errors and warnings.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new project with a small working example.
    Init {
        /// Where to create it (must be empty or not exist yet).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Build the report site into the output folder (replaced atomically).
    Build {
        /// The report's period, such as 2026-Q3 (default: `report.period`, else the latest with data).
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        /// Write the site here instead of `output:` from cxsite.yaml.
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Treat warnings (unknown touchpoints, out-of-range scores, ...) as errors.
        #[arg(long)]
        strict: bool,
        /// Replace the output folder even if cxsite did not create it.
        #[arg(long)]
        force: bool,
    },
    /// Check the project and the survey data without writing anything.
    Check {
        /// The report's period, such as 2026-Q3.
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Build, then rebuild whenever a file of the project is saved (Ctrl-C stops).
    Watch {
        #[command(flatten)]
        live: LiveArgs,
    },
    /// Build, serve the site on this machine, and reload open pages after every rebuild.
    Serve {
        #[command(flatten)]
        live: LiveArgs,
        /// The port to listen on (0: any free port).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; 0.0.0.0 shows the site to your whole network.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Open the site in your browser.
        #[arg(long)]
        open: bool,
    },
}

/// The options `watch` and `serve` share.
#[derive(clap::Args)]
struct LiveArgs {
    /// The report's period, such as 2026-Q3.
    #[arg(long, value_name = "PERIOD")]
    period: Option<String>,
    /// Write the site here instead of `output:` from cxsite.yaml.
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// Replace the output folder even if cxsite did not create it.
    #[arg(long)]
    force: bool,
    /// Look at the files every 300 ms instead of waiting for change events
    /// (for network drives and containers, where events may not arrive).
    #[arg(long)]
    poll: bool,
}

impl LiveArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            period: self.period.clone(),
            output: self.output.clone(),
            strict: self.strict,
            force: self.force,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let root = cli.project.as_path();
    match cli.command {
        Command::Init { dir } => match cxsite::init::init(&dir) {
            Ok(()) => {
                if !cli.quiet {
                    println!(
                        "Created a cxsite project in {}. Next: cd {} && cxsite build",
                        dir.display(),
                        dir.display()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(2)
            }
        },
        Command::Build { period, output, strict, force } => {
            let mut session = Session::new(root, BuildOptions { period, output, strict, force });
            match session.rebuild(&Changes::everything()).0 {
                Ok(built) => {
                    print_diagnostics(&built.diagnostics, strict);
                    if !cli.quiet {
                        println!("Built {} pages into {}.", built.pages, built.output.display());
                        println!("{}", summary(session.report()));
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => fail(error, strict),
            }
        }
        Command::Check { period, strict } => {
            let mut session = Session::new(root, BuildOptions { period, strict, ..BuildOptions::default() });
            match session.check(&Changes::everything()) {
                Ok(diagnostics) => {
                    print_diagnostics(&diagnostics, strict);
                    if !cli.quiet {
                        println!("{}", summary(session.report()));
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => fail(error, strict),
            }
        }
        Command::Watch { live } => {
            let mut session = Session::new(root, live.options());
            if !cli.quiet {
                println!("Watching {} for changes; Ctrl-C stops.", display_root(root));
            }
            let mut shown = Vec::new();
            let watched = cxsite::watch::watch(root, &mut session, live.poll, |rebuild, _| {
                log_rebuild(rebuild, live.strict, cli.quiet, &mut shown)
            });
            match watched {
                Ok(()) => stopped(cli.quiet),
                Err(error) => {
                    eprintln!("{}: {error}", paint("error", "31"));
                    ExitCode::from(2)
                }
            }
        }
        Command::Serve { live, port, bind, open } => {
            let mut session = Session::new(root, live.options());
            let options = ServeOptions { bind, port, open, poll: live.poll };
            let mut shown = Vec::new();
            let served = cxsite::serve::serve(
                root,
                &mut session,
                &options,
                |address| {
                    // Tests and scripts read this line for the port; keep its shape.
                    println!("Serving {} at http://{address}/ ; Ctrl-C stops.", display_root(root));
                },
                |rebuild, _| log_rebuild(rebuild, live.strict, cli.quiet, &mut shown),
            );
            match served {
                Ok(()) => stopped(cli.quiet),
                Err(error @ (ServeError::Bind { .. } | ServeError::Watch(_))) => {
                    eprintln!("{}: {error}", paint("error", "31"));
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn display_root(root: &Path) -> String {
    std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()).display().to_string()
}

fn stopped(quiet: bool) -> ExitCode {
    if !quiet {
        println!("Stopped.");
    }
    ExitCode::SUCCESS
}

/// One line a rebuild: what changed, what was redone, how long it took; then any problems
/// not already shown by the rebuild before (`shown`), so a standing warning is not repeated.
fn log_rebuild(rebuild: &Rebuild, strict: bool, quiet: bool, shown: &mut Vec<String>) {
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
                println!("{what}: {}; {millis:.0} ms", steps.join(", "));
            }
        }
        Err(error) => {
            let problems = match error {
                BuildError::Invalid(diagnostics) => {
                    print_new_diagnostics(diagnostics, strict, shown);
                    "the project has problems (above)".to_string()
                }
                BuildError::Write(error) => error.to_string(),
            };
            eprintln!(
                "{what}: {}: {problems}; the last good site stays until a rebuild succeeds ({millis:.0} ms)",
                paint("build failed", "31")
            );
        }
    }
}

fn fail(error: BuildError, strict: bool) -> ExitCode {
    match error {
        BuildError::Invalid(diagnostics) => {
            print_diagnostics(&diagnostics, strict);
            let (errors, warnings) = diagnostics.counts();
            let blocking = if strict { errors + warnings } else { errors };
            eprintln!("{}: {blocking} problem(s) must be fixed; nothing was written", paint("error", "31"));
            ExitCode::from(1)
        }
        BuildError::Write(error) => {
            eprintln!("{}: {error}", paint("error", "31"));
            ExitCode::from(2)
        }
    }
}

fn print_diagnostics(diagnostics: &Diagnostics, strict: bool) {
    print_new_diagnostics(diagnostics, strict, &mut Vec::new());
}

/// Prints the errors, and the warnings not in `shown`; then makes `shown` this set.
fn print_new_diagnostics(diagnostics: &Diagnostics, strict: bool, shown: &mut Vec<String>) {
    let now: Vec<String> = diagnostics.sorted().into_iter().map(ToString::to_string).collect();
    let repeated = |d: &Diagnostic| d.severity == Severity::Warning && shown.contains(&d.to_string());
    let standing = diagnostics.sorted().into_iter().filter(|d| repeated(d)).count();
    if standing > 0 {
        eprintln!("({standing} warning(s) shown before still stand)");
    }
    for diagnostic in diagnostics.sorted().into_iter().filter(|d| !repeated(d)) {
        let text = diagnostic.to_string();
        let (label, colour) = match (diagnostic.severity, strict) {
            (Severity::Error, _) | (Severity::Warning, true) => ("error", "31"),
            (Severity::Warning, false) => ("warning", "33"),
        };
        let text = text.replacen(": warning: ", &format!(": {}: ", paint(label, colour)), 1).replacen(
            ": error: ",
            &format!(": {}: ", paint(label, colour)),
            1,
        );
        eprintln!("{text}");
    }
    *shown = now;
}

/// Colours only on a terminal, so CI logs stay plain.
fn paint(text: &str, colour: &str) -> String {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        format!("\x1b[1;{colour}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// One paragraph for the CI log: the period, the responses, the KPIs and their change.
fn summary(report: Option<&Report>) -> String {
    let Some(report) = report else { return String::new() };
    let Some(period) = report.current else {
        return "No survey responses found: the site shows the journeys and personas without scores.".into();
    };
    let Some(overall) = report.get(&GroupKind::Overall, "", report.current_scope()) else { return String::new() };
    let f = NumberFormat::for_language("en");
    let change = |c: Option<cxsite::analyse::Change>, decimals| match c {
        Some(c) => format!(
            " ({} vs {}{})",
            f.signed(c.delta, decimals),
            c.period,
            if c.significant { ", significant" } else { ", not significant" }
        ),
        None => String::new(),
    };
    let mut parts = vec![format!("{period}: {} responses", f.count(overall.responses))];
    if let Some(score) = overall.nps.score.filter(|_| !overall.nps.visibility.suppressed) {
        parts.push(format!("NPS {}{}", f.signed(score, 1), change(overall.nps_change.previous, 1)));
    }
    if let Some(score) = overall.csat.score.filter(|_| !overall.csat.visibility.suppressed) {
        parts.push(format!("CSAT {}%{}", f.fixed(score, 1), change(overall.csat_change.previous, 1)));
    }
    if let Some(score) = overall.ces.score.filter(|_| !overall.ces.visibility.suppressed) {
        parts.push(format!("CES {}{}", f.fixed(score, 2), change(overall.ces_change.previous, 2)));
    }
    let top: Vec<&str> = report.pain_points.iter().take(3).map(|p| p.id.as_str()).collect();
    if !top.is_empty() {
        parts.push(format!("top pain points: {}", top.join(", ")));
    }
    format!("{}.", parts.join("; "))
}
