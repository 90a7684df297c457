//! Stage 4, render: the report, the project's pages and the theme into files, each handed to
//! the write stage's sink as soon as it is made.

mod chart_layout;
pub mod charts;
mod format;
mod job_summary;
mod lookup;
mod markdown;
mod metrics_json;
mod pages;
mod pieces;
mod sanitize;
mod site;
mod targets;
pub mod theme;
mod views;
mod vocabulary;

pub use job_summary::{CiTexts, FIRST_LINE as JOB_SUMMARY_FIRST_LINE, github_data};

pub use format::NumberFormat;
pub use markdown::to_html as markdown_to_html;
pub use metrics_json::{Figures, SCHEMA, write_metrics_json};
pub use theme::{Theme, load_theme};

use crate::analyse::{Report, SinceBaseline};
use crate::bands::Bands;
use crate::diagnostics::Diagnostics;
use crate::ingest::Responses;
use crate::load::{Inputs, Project};
use crate::write::{Sink, WriteError};

/// A file of the site, by its path under the output folder (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a build adds to the report's own pages.
#[derive(Debug, Clone, Copy)]
pub struct Extras<'a> {
    /// The input files and their hashes, for the method page and metrics.json.
    pub inputs: &'a Inputs,
    pub archive: Archive,
    /// The comparison with an earlier report (`--baseline`).
    pub since: Option<&'a SinceBaseline>,
}

/// Where this site stands in the archive of `cxsite build --archive`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Archive {
    /// No archive is built.
    None,
    /// The published site, with the archive index at `reports/index.html`.
    Current,
    /// A snapshot at `reports/<period>/`, whose index is one folder up.
    Snapshot,
}

/// Why a site could not be rendered: its pages' problems, or the sink's refusal.
#[derive(Debug)]
pub enum RenderError {
    Invalid(Diagnostics),
    Write(WriteError),
}

/// Renders every page, `data/metrics.json` and the theme's static files into `sink`, each
/// as soon as it is made; returns the paths written, sorted. With `kept`, metrics.json's
/// figures are taken from there, or serialised there for the next rebuild of the same report.
pub fn render(
    project: &Project,
    responses: &Responses,
    report: &Report,
    theme: &Theme,
    extras: Extras,
    sink: &dyn Sink,
    kept: Option<&mut Option<Figures>>,
) -> Result<Vec<String>, RenderError> {
    // metrics.json takes as long as all the pages together: write it on the other core.
    let (results, metrics) = std::thread::scope(|scope| {
        let metrics = scope.spawn(|| {
            let bands = Bands::of(&project.settings.surveys);
            let currency = project.settings.currency.as_deref();
            let Some(kept) = kept else {
                return sink.put_streamed(METRICS_JSON, &mut |out| {
                    write_metrics_json(out, report, responses, extras.inputs, &bands, currency)
                });
            };
            if kept.is_none() {
                let figures = Figures::of(report, responses, &bands, currency);
                *kept = Some(figures.map_err(|e| WriteError::Io {
                    path: METRICS_JSON.into(),
                    doing: crate::write::Writing::Site,
                    source: e,
                })?);
            }
            let figures = kept.as_ref().expect("made above");
            sink.put_streamed(METRICS_JSON, &mut |out| figures.write(out, extras.inputs))
        });
        (
            render_pages(project, responses, report, theme, extras, sink),
            metrics.join().expect("metrics.json does not panic"),
        )
    });

    let mut paths = vec![METRICS_JSON.to_string()];
    let mut diagnostics = Diagnostics::default();
    for result in results {
        match result {
            Ok(path) => paths.push(path),
            Err(PageFailure::Invalid(diagnostic)) => diagnostics.push(diagnostic),
            Err(PageFailure::Write(error)) => return Err(RenderError::Write(error)),
        }
    }
    metrics.map_err(RenderError::Write)?;
    if !diagnostics.is_empty() {
        return Err(RenderError::Invalid(diagnostics));
    }
    // A snapshot under reports/<period>/ is not at the addresses of the published site.
    let base_url = project.settings.base_url.as_ref().filter(|_| extras.archive != Archive::Snapshot);
    let site_map = base_url.map(|base_url| sitemap(base_url, &paths));
    let mut put = |path: String, bytes: &[u8]| {
        sink.put(&path, bytes).map_err(RenderError::Write)?;
        paths.push(path);
        Ok(())
    };
    // In `sha256sum` form: `sha256sum -c data/inputs.sha256` in the project folder checks them.
    put("data/inputs.sha256".into(), extras.inputs.sha256sum_listing().as_bytes())?;
    // The project's logo (`style.logo`, read by the load stage) replaces a theme file of its name.
    let logo = project.settings.style.logo_output().zip(project.logo.as_ref());
    for (path, bytes) in &theme.static_files {
        let path = format!("static/{path}");
        if logo.as_ref().is_none_or(|(logo, _)| &path != logo) {
            put(path, bytes)?;
        }
    }
    if let Some((path, bytes)) = logo {
        put(path, bytes)?;
    }
    if let Some(site_map) = site_map {
        put("sitemap.xml".into(), site_map.as_bytes())?;
    }
    paths.sort_unstable();
    Ok(paths)
}

/// Where the figures go, for scripts and the next quarter's `--baseline`.
const METRICS_JSON: &str = "data/metrics.json";

/// The report in one line, in its language, as the summary page shows it
/// (`pages::summary::summary_line`): what `cxsite build` prints at the end.
pub fn summary_line(
    project: &Project,
    responses: &Responses,
    report: &Report,
    theme: &Theme,
    extras: Extras,
) -> String {
    pages::summary::summary_line(&site::Site::new(project, responses, report, theme, extras))
}

/// What a CI job shows of a report (`job_summary.rs`): the Markdown job summary of
/// `--summary-md` and each alert in one line for `--annotations`, in the report's language.
pub fn ci_texts(
    project: &Project,
    responses: &Responses,
    report: &Report,
    theme: &Theme,
    extras: Extras,
    alerts: &[crate::analyse::alerts::Alert],
    failing: &[crate::analyse::alerts::AlertRule],
) -> CiTexts {
    let site = site::Site::new(project, responses, report, theme, extras);
    CiTexts {
        summary: job_summary::job_summary(&site, alerts, failing),
        alert_lines: job_summary::alert_lines(&site, alerts),
    }
}

type PageResult = Result<pages::Page, crate::diagnostics::Diagnostic>;

/// One page of the site, by its path, rendered from the shared parts.
struct PageJob<'a> {
    path: String,
    render: Box<dyn Fn(&site::Site) -> PageResult + Sync + 'a>,
}

/// Why one page is missing: its template failed, or it could not be written.
enum PageFailure {
    Invalid(crate::diagnostics::Diagnostic),
    Write(WriteError),
}

/// Renders the pages on all cores, each put into `sink` as it is done (so only the pages in
/// progress are held); their paths, in the jobs' order.
fn render_pages(
    project: &Project,
    responses: &Responses,
    report: &Report,
    theme: &Theme,
    extras: Extras,
    sink: &dyn Sink,
) -> Vec<Result<String, PageFailure>> {
    let site = site::Site::new(project, responses, report, theme, extras);
    // A journey's maps for its segments: known once the figures are, so listed here from them.
    let segment_maps: Vec<_> = project
        .journeys
        .iter()
        .flat_map(|j| pages::segment_map::segments(&site, j).into_iter().map(move |s| (j, s)))
        .collect();
    use crate::routes::{self, Section};
    fn job<'a>(path: String, render: Box<dyn Fn(&site::Site) -> PageResult + Sync + 'a>) -> PageJob<'a> {
        PageJob { path, render }
    }
    // The scores page first: on a project of thousands of touchpoints it holds hundreds of MB
    // while it is made, and made beside the small pages, not beside pain points and drivers
    // (the next largest), the build's peak is lower.
    let mut jobs: Vec<PageJob> = vec![
        job(Section::Scores.path(), Box::new(pages::scores::render)),
        job(Section::Summary.path(), Box::new(pages::summary::render)),
        job(Section::Journeys.path(), Box::new(pages::lists::journeys)),
        job(Section::Personas.path(), Box::new(pages::lists::personas)),
    ];
    jobs.extend(
        project
            .journeys
            .iter()
            .map(|j| job(routes::journey(&j.id), Box::new(move |site| pages::journey::render(site, j)))),
    );
    jobs.extend(segment_maps.iter().map(|(j, s)| {
        job(routes::journey_segment(&j.id, &s.folder), Box::new(move |site| pages::segment_map::render(site, j, s)))
    }));
    jobs.extend(
        project
            .personas
            .iter()
            .map(|p| job(routes::persona(&p.id), Box::new(move |site| pages::persona::render(site, p)))),
    );
    if !project.settings.lifecycle.is_empty() {
        jobs.push(job(Section::Lifecycle.path(), Box::new(pages::lifecycle::render)));
    }
    jobs.push(job(Section::PainPoints.path(), Box::new(pages::pain_points::render)));
    jobs.push(job(Section::Drivers.path(), Box::new(pages::drivers::render)));
    if pages::topics::has_page(project, report) {
        jobs.push(job(Section::Topics.path(), Box::new(pages::topics::render)));
    }
    if let Some(maturity) = project.maturity.as_ref().filter(|_| extras.archive != Archive::Snapshot) {
        jobs.push(job(Section::Maturity.path(), Box::new(move |site| pages::maturity::render(site, maturity))));
    }
    jobs.push(job(Section::Method.path(), Box::new(move |site| pages::method::render(site, extras.inputs))));
    if extras.archive == Archive::Current {
        jobs.push(job(Section::Reports.path(), Box::new(pages::archive::render)));
    }
    if let Some(since) = extras.since {
        jobs.push(job(Section::Changes.path(), Box::new(move |site| pages::since::render(site, since))));
    }
    let markdown = project
        .pages
        .iter()
        .filter(|p| !p.slug.is_empty() && site::page_in_report(p, report, &project.settings, extras.archive));
    jobs.extend(
        markdown.map(|p| {
            job(format!("{}/index.html", p.slug), Box::new(move |site| pages::markdown_page::render(site, p)))
        }),
    );
    // The pages a browser shows go first (`serve`): they reload before the rest is done.
    jobs.sort_by_key(|job| !sink.first().contains(&job.path));
    crate::cores::on_all_cores(&jobs, |job| {
        let page = (job.render)(&site).map_err(PageFailure::Invalid)?;
        debug_assert_eq!(page.path, job.path, "a page job knows its page's path");
        sink.put(&page.path, page.html.as_bytes()).map_err(PageFailure::Write)?;
        Ok(page.path)
    })
}

/// `sitemap.xml` for a site published at `base_url`: every page, by its folder URL.
fn sitemap(base_url: &str, paths: &[String]) -> String {
    let base = base_url.trim_end_matches('/');
    let mut pages: Vec<&str> = paths.iter().filter_map(|path| path.strip_suffix("index.html")).collect();
    pages.sort_unstable();
    let urls: String = pages
        .iter()
        .map(|page| format!("  <url><loc>{}</loc></url>\n", charts::escape(&format!("{base}/{page}"))))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{urls}</urlset>\n"
    )
}
