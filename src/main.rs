//! The `cxsite` command line: parses arguments, runs the pipeline, prints diagnostics once.

use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cxsite::analyse::GroupKind;
use cxsite::build::{self, Analysis, BuildError, BuildOptions};
use cxsite::diagnostics::{Diagnostics, Severity};
use cxsite::render::NumberFormat;

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
            let options = BuildOptions { period, output, strict, force };
            match build::build(root, &options) {
                Ok(built) => {
                    print_diagnostics(&built.analysis.diagnostics, strict);
                    if !cli.quiet {
                        let pages = built.files.iter().filter(|f| f.path.ends_with(".html")).count();
                        println!("Built {pages} pages into {}.", built.output.display());
                        println!("{}", summary(&built.analysis));
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => fail(error, strict),
            }
        }
        Command::Check { period, strict } => {
            let options = BuildOptions { period, strict, ..BuildOptions::default() };
            match build::analyse_project(root, &options).and_then(|analysis| check_theme(root, analysis)) {
                Ok(analysis) => {
                    print_diagnostics(&analysis.diagnostics, strict);
                    if !cli.quiet {
                        println!("{}", summary(&analysis));
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => fail(error, strict),
            }
        }
    }
}

/// `check` also compiles the templates, so a broken override is found before a build.
fn check_theme(root: &Path, analysis: Analysis) -> Result<Analysis, BuildError> {
    let settings = &analysis.project.settings;
    cxsite::render::load_theme(root, &settings.theme, &settings.language).map_err(BuildError::Invalid)?;
    Ok(analysis)
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
    for diagnostic in diagnostics.sorted() {
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
fn summary(analysis: &Analysis) -> String {
    let report = &analysis.report;
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
