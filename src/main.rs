//! The `cxsite` command line: parses arguments, runs the pipeline, prints diagnostics once.

/// `println!` that does not panic when stdout is closed (`cxsite build | head -1`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` that never panics: with stderr full or closed (`2>/dev/full`) the message is
/// lost, not the build (the exit code still tells). Only the binary prints: the library returns
/// its problems, and this macro is not there for it to call.
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that never panics, as [`stderr_line!`].
macro_rules! stderr_text {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

mod cli;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cli::console::{Live, detected, display_root, fail, fail_io, print_diagnostics, read_summary, stopped};
use cli::progress::ProgressBar;
use cxsite::analyse::alerts::AlertRule;
use cxsite::build::{BuildOptions, ChangedFiles, Session};
use cxsite::serve::ServeOptions;
use cxsite::write::WriteError;

/// cxsite turns a folder of personas, journeys (YAML), survey exports (CSV) and Markdown
/// into a static customer-experience report site.
#[derive(Parser)]
#[command(version, about, long_about = None, after_help = "Exit codes: 0 ok, 1 invalid input (diagnostics on stderr), 2 usage or I/O error, 3 built (or checked), but an alert of --fail-on fired.\nStart with `cxsite init my-report`, then `cd my-report && cxsite build`.")]
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
        #[command(flatten)]
        site: SiteArgs,
        /// Also write the report of every period with data under reports/<period>/, with an index.
        #[arg(long)]
        archive: bool,
        /// An earlier report's data/metrics.json: adds a page of what changed since it.
        #[arg(long, value_name = "METRICS_JSON")]
        baseline: Option<PathBuf>,
        #[command(flatten)]
        ci: CiArgs,
    },
    /// Check the project and the survey data without writing anything.
    Check {
        /// The report's period: 2026-Q3, `latest`, `previous` or `complete`.
        #[arg(long, value_name = "PERIOD", env = "CXSITE_PERIOD")]
        period: Option<String>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        ci: CiArgs,
    },
    /// Write the survey files' counts per segment as one small CSV (for `surveys.aggregates`).
    Aggregate {
        /// Where to write it (default: print it).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
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

/// The options of every command that writes the site.
#[derive(clap::Args)]
struct SiteArgs {
    /// The report's period: 2026-Q3, or `latest`, `previous`, `complete` (the last period
    /// that has ended). Default: `report.period`, else the latest with data.
    #[arg(long, value_name = "PERIOD", env = "CXSITE_PERIOD")]
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
}

impl SiteArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            period: self.period.clone(),
            output: self.output.clone(),
            strict: self.strict,
            force: self.force,
            today: Some(cxsite::period::this_month()),
            ..BuildOptions::default()
        }
    }
}

/// What a CI job hears of a report: alerts that fail it, a job summary, annotations.
#[derive(clap::Args)]
struct CiArgs {
    /// Exit with 3 (after writing the site) when an alert of these rules fires:
    /// significant_drop, below_target, new_top_pain_point (needs --baseline), segment_gap.
    #[arg(long, value_name = "RULE[,RULE]", value_delimiter = ',', value_parser = alert_rule)]
    fail_on: Vec<AlertRule>,
    /// Write a Markdown job summary (key figures, targets, alerts, top actions) to FILE, such
    /// as "$GITHUB_STEP_SUMMARY".
    #[arg(long, value_name = "FILE")]
    summary_md: Option<PathBuf>,
    /// Print each alert as a CI annotation: `github` (::error:: for the --fail-on rules,
    /// ::warning:: for the others).
    #[arg(long, value_name = "FORMAT")]
    annotations: Option<Annotations>,
}

/// The annotation formats of `--annotations`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Annotations {
    /// GitHub Actions workflow commands.
    Github,
}

/// A rule of `--fail-on`, by its name.
fn alert_rule(text: &str) -> Result<AlertRule, String> {
    AlertRule::parse(text).ok_or_else(|| {
        let rules: Vec<&str> = AlertRule::ALL.iter().map(|r| r.key()).collect();
        format!("unknown alert rule; the rules are {}", rules.join(", "))
    })
}

impl CiArgs {
    /// `new_top_pain_point` compares with an earlier report: without one it could never fire,
    /// and a job that asked for it would pass for the wrong reason.
    fn refused(&self, has_baseline: bool) -> Option<ExitCode> {
        if has_baseline || !self.fail_on.contains(&AlertRule::NewTopPainPoint) {
            return None;
        }
        let problem = cxsite::diagnostics::Diagnostic::error(
            cxsite::diagnostics::Location::argument("--fail-on"),
            "`new_top_pain_point` needs an earlier report to compare with",
        )
        .with_hint("add `--baseline <earlier report>/data/metrics.json` to `cxsite build`");
        let mut diagnostics = cxsite::diagnostics::Diagnostics::default();
        diagnostics.push(problem);
        print_diagnostics(&diagnostics, false);
        Some(ExitCode::from(2))
    }

    /// After a successful build or check: says which alerts fired, writes the job summary and
    /// the annotations; 3 when an alert of `--fail-on` fired, 2 when the summary cannot be
    /// written.
    fn report(&self, session: &Session, root: &Path, quiet: bool) -> ExitCode {
        let alerts = session.alerts();
        let failing = alerts.iter().filter(|a| self.fail_on.contains(&a.rule())).count();
        if !quiet && !alerts.is_empty() {
            let mut counts: Vec<String> = Vec::new();
            for rule in AlertRule::ALL {
                let n = alerts.iter().filter(|a| a.rule() == rule).count();
                if n > 0 {
                    counts.push(format!("{} ({n})", rule.key()));
                }
            }
            match self.fail_on.is_empty() {
                true => say!("Alerts: {} (warnings; `--fail-on RULE` makes them fail a CI job).", counts.join(", ")),
                false => say!("Alerts: {}; {failing} of them fail the job (--fail-on).", counts.join(", ")),
            }
        }
        let texts = session.ci_texts(&alerts, &self.fail_on);
        if let Some(path) = &self.summary_md {
            let text = texts.as_ref().map(|t| t.summary.as_str()).unwrap_or_default();
            let mut inputs = session.project().map(|p| p.input_files()).unwrap_or_default();
            inputs.push(cxsite::load::SETTINGS_FILE.into());
            let file = cxsite::write::GeneratedFile {
                first_line: cxsite::render::JOB_SUMMARY_FIRST_LINE,
                writer: "`--summary-md`",
                hint: "name a new file, such as `--summary-md cx-summary.md`, or \"$GITHUB_STEP_SUMMARY\"",
                is_source: false,
            };
            if let Err(error) = cxsite::write::write_generated_file(root, &inputs, path, text, &file) {
                return fail_io(&error, Some(error.hint()));
            }
        }
        if let Some(Annotations::Github) = self.annotations {
            let lines = texts.map(|t| t.alert_lines).unwrap_or_default();
            for (alert, line) in alerts.iter().zip(lines) {
                let level = if self.fail_on.contains(&alert.rule()) { "error" } else { "warning" };
                say!("::{level} title=cxsite {}::{}", alert.rule().key(), cxsite::render::github_data(&line));
            }
        }
        if failing > 0 { ExitCode::from(3) } else { ExitCode::SUCCESS }
    }
}

/// The options `watch` and `serve` share.
#[derive(clap::Args)]
struct LiveArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Look at the files every 300 ms instead of waiting for change events
    /// (for network drives and containers, where events may not arrive).
    #[arg(long)]
    poll: bool,
}

fn main() -> ExitCode {
    cxsite::memory::tune_allocator();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let root = cli.project.as_path();
    if !root.is_dir() {
        return missing_project_folder(root);
    }
    match cli.command {
        Command::Init { dir } => init(&in_project_folder(root, dir), cli.quiet),
        Command::Build { site, archive, baseline, ci } => {
            if let Some(code) = ci.refused(baseline.is_some()) {
                return code;
            }
            let strict = site.strict;
            let mut session = Session::once(root, BuildOptions { archive, baseline, ..site.options() });
            let bar = ProgressBar::start(session.progress(), cli.quiet);
            let (result, redone) = session.rebuild(&ChangedFiles::everything());
            drop(bar);
            let code = match result {
                Ok(built) => {
                    print_diagnostics(&built.diagnostics, strict);
                    if !cli.quiet {
                        say!("{}", read_summary(&session, &redone));
                        say!("Built {} pages into {}.", built.pages, built.output.display());
                        say!("{}", session.summary_line().unwrap_or_default());
                    }
                    ci.report(&session, root, cli.quiet)
                }
                Err(error) => fail(error, strict),
            };
            // The process ends here: the system takes the memory back at once, while freeing the
            // site and the counts piece by piece takes tens of milliseconds on a large project.
            std::mem::forget(session);
            code
        }
        Command::Check { period, strict, ci } => {
            if let Some(code) = ci.refused(false) {
                return code;
            }
            let today = Some(cxsite::period::this_month());
            let mut session = Session::once(root, BuildOptions { period, strict, today, ..BuildOptions::default() });
            let bar = ProgressBar::start(session.progress(), cli.quiet);
            let checked = session.check(&ChangedFiles::everything());
            drop(bar);
            match checked {
                Ok(diagnostics) => {
                    print_diagnostics(&diagnostics, strict);
                    if !cli.quiet {
                        detected(&session).iter().for_each(|line| say!("{line}"));
                        say!("{}", session.summary_line().unwrap_or_default());
                    }
                    ci.report(&session, root, cli.quiet)
                }
                Err(error) => fail(error, strict),
            }
        }
        Command::Aggregate { output } => {
            if let Some(path) =
                output.as_ref().filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet")))
            {
                let refused = WriteError::Refused {
                    path: path.clone(),
                    resolved: None,
                    why: "`cxsite aggregate` writes CSV, not Parquet".into(),
                    hint: "name the file .csv; cxsite reads Parquet aggregates but does not write them",
                };
                return fail_io(&refused, Some(refused.hint()));
            }
            let today = Some(cxsite::period::this_month());
            let mut session = Session::once(root, BuildOptions { today, ..BuildOptions::default() }).keeping_counts();
            match session.check(&ChangedFiles::everything()) {
                Ok(diagnostics) => {
                    print_diagnostics(&diagnostics, false);
                    let (dimensions, _) =
                        session.project().map(|p| p.settings.surveys.dimensions()).unwrap_or_default();
                    let text = cxsite::ingest::write_aggregate(session.responses(), &dimensions);
                    let mut inputs = session.project().map(|p| p.input_files()).unwrap_or_default();
                    inputs.push(cxsite::load::SETTINGS_FILE.into());
                    match output {
                        Some(path) => match cxsite::write::write_generated_file(
                            root,
                            &inputs,
                            &path,
                            &text,
                            &cxsite::write::GeneratedFile {
                                first_line: cxsite::ingest::AGGREGATE_HEADER,
                                writer: "`cxsite aggregate`",
                                hint: "name a new file, such as `--output aggregates.csv`",
                                is_source: true,
                            },
                        ) {
                            Ok(()) => ExitCode::SUCCESS,
                            Err(error) => fail_io(&error, Some(error.hint())),
                        },
                        None => {
                            use std::io::Write as _;
                            let _ = std::io::stdout().write_all(text.as_bytes());
                            ExitCode::SUCCESS
                        }
                    }
                }
                Err(error) => fail(error, false),
            }
        }
        Command::Watch { live } => {
            let mut session = Session::new(root, live.site.options());
            if !cli.quiet {
                say!("Watching {} for changes; Ctrl-C stops.", display_root(root));
            }
            let _bar = ProgressBar::start(session.progress(), cli.quiet);
            let mut console = Live::new(root, live.site.strict, cli.quiet);
            match cxsite::watch::watch(root, &mut session, live.poll, &mut console) {
                Ok(()) => stopped(cli.quiet),
                Err(error) => fail_io(&error, error.hint()),
            }
        }
        Command::Serve { live, port, bind, open } => {
            let mut session = Session::new(root, live.site.options());
            let options = ServeOptions { bind, port, open, poll: live.poll };
            let _bar = ProgressBar::start(session.progress(), cli.quiet);
            let mut console = Live::new(root, live.site.strict, cli.quiet);
            match cxsite::serve::serve(root, &mut session, &options, &mut console) {
                Ok(()) => stopped(cli.quiet),
                Err(error) => fail_io(&error, error.hint().as_deref()),
            }
        }
    }
}

/// `cxsite init`: the starter project at `dir`.
fn init(dir: &Path, quiet: bool) -> ExitCode {
    match cxsite::init::init(dir) {
        Ok(()) => {
            if !quiet {
                say!("Created a cxsite project in {}. Next: cd {} && cxsite build", dir.display(), dir.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail_io(&error, Some(error.hint())),
    }
}

/// `dir` as given on the command line, taken inside `-C DIR` as every other path is.
fn in_project_folder(root: &Path, dir: PathBuf) -> PathBuf {
    if root == Path::new(".") || dir.is_absolute() { dir } else { root.join(dir) }
}

/// `-C DIR` names no folder: said before any command looks for cxsite.yaml in it (exit 2, an
/// I/O error, as the help says).
fn missing_project_folder(root: &Path) -> ExitCode {
    let error = std::io::Error::new(
        std::io::ErrorKind::NotFound,
        format!("the project folder {} does not exist or is not a folder", root.display()),
    );
    fail_io(&error, Some("give -C the folder that holds cxsite.yaml, or leave -C out to use the current folder"))
}
