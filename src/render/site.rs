//! What every page shares: the navigation, the relative path to the site root, the strings.

use serde::Serialize;
use tera::Context;

use super::format::NumberFormat;
use super::lookup::Lookup;
use super::targets::TargetView;
use super::theme::{Theme, template_error};
use super::views::{Strings, Viewer};
use super::{Archive, Extras};
use crate::analyse::{GroupKind, Report};
use crate::bands::Band;
use crate::colour::Rgb;
use crate::config::{Metric, Settings};
use crate::diagnostics::Diagnostic;
use crate::ingest::Responses;
use crate::load::{Page, Project};
use crate::period::Period;
use crate::routes::Section;

/// A link in the site's navigation, or a group of links under one name (`children`).
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub label: String,
    /// Relative to the site root (a group's: its first link's).
    pub path: String,
    /// The section this link opens, to mark the current one.
    pub section: String,
    /// The links of a group ("Insights ▸ Drivers, Topics"); empty for a plain link.
    pub children: Vec<NavLink>,
}

/// `links` under the name `label` in the navigation; a single link stands on its own.
fn group(label: String, mut links: Vec<NavLink>) -> Option<NavLink> {
    match links.len() {
        0 => None,
        1 => links.pop(),
        _ => Some(NavLink { label, path: links[0].path.clone(), section: String::new(), children: links }),
    }
}

/// The inputs of the render stage, and the helpers every page uses.
pub struct Site<'a> {
    pub project: &'a Project,
    pub responses: &'a Responses,
    pub report: &'a Report,
    pub theme: &'a Theme,
    pub viewer: Viewer<'a>,
    nav: Vec<NavLink>,
    /// Whether this is the published site or an archive snapshot.
    pub archive: Archive,
    /// Each target of the report as the pages show it, in the order of `report.targets`.
    pub targets: Vec<TargetView>,
    /// Pain points and touchpoints by id, and each pain point's place in the ranking.
    pub lookup: Lookup<'a>,
}

impl<'a> Site<'a> {
    /// Prepares the shared parts of every page.
    pub fn new(
        project: &'a Project,
        responses: &'a Responses,
        report: &'a Report,
        theme: &'a Theme,
        extras: Extras,
    ) -> Site<'a> {
        let viewer = Viewer {
            bands: crate::bands::Bands::of(&project.settings.surveys),
            strings: Strings(&theme.strings),
            numbers: NumberFormat::for_strings(
                &project.settings.language,
                theme.strings.get("decimal_separator").map(String::as_str),
            ),
        };
        let section = |key: &str, section: Section| link(viewer.strings.get(key), &section.path(), section.key());
        // Grouped so that the navigation is one line at desktop width: the report's own pages
        // first, the deeper analyses under "Insights", the team's pages under "Notes".
        let mut nav = vec![
            section("nav_summary", Section::Summary),
            section("nav_journeys", Section::Journeys),
            section("nav_personas", Section::Personas),
            section("nav_pain_points", Section::PainPoints),
            section("nav_scores", Section::Scores),
        ];
        let mut insights = Vec::new();
        if !project.settings.lifecycle.is_empty() {
            insights.push(section("nav_lifecycle", Section::Lifecycle));
        }
        insights.push(section("nav_drivers", Section::Drivers));
        if super::pages::topics::has_page(project, report) {
            insights.push(section("nav_topics", Section::Topics));
        }
        // The self-assessment is today's: no snapshot of an earlier period holds it.
        if project.maturity.is_some() && extras.archive != Archive::Snapshot {
            insights.push(section("nav_maturity", Section::Maturity));
        }
        nav.extend(group(viewer.strings.get("nav_insights"), insights));
        if let Some(since) = extras.since {
            let label = viewer.strings.fill("nav_since", &[("period", &since.period)]);
            nav.push(link(label, &Section::Changes.path(), Section::Changes.key()));
        }
        let in_report = |p: &&Page| page_in_report(p, report, &project.settings, extras.archive);
        let mut pages: Vec<_> =
            project.pages.iter().filter(|p| !p.slug.is_empty() && !p.front.hidden).filter(in_report).collect();
        pages.sort_by(|a, b| (a.front.weight, &a.front.title).cmp(&(b.front.weight, &b.front.title)));
        let notes = pages.iter().map(|p| link(p.front.title.clone(), &format!("{}/index.html", p.slug), &p.slug));
        nav.extend(group(viewer.strings.get("nav_notes"), notes.collect()));
        nav.push(section("nav_method", Section::Method));
        match extras.archive {
            Archive::Current => nav.push(section("nav_archive", Section::Reports)),
            // A snapshot sits in reports/<period>/: the list is one folder up.
            Archive::Snapshot => {
                nav.push(link(viewer.strings.get("nav_archive"), "../index.html", Section::Reports.key()))
            }
            Archive::None => {}
        }
        let lookup = Lookup::new(project, report);
        let archive = extras.archive;
        let mut site = Site { project, responses, report, theme, viewer, nav, archive, targets: Vec::new(), lookup };
        site.targets = super::targets::views(&site);
        site
    }

    /// The targets of a group's metric, as the pages show them, in the settings' order.
    pub fn targets_of(&self, kind: &GroupKind, id: &str, metric: Metric) -> Vec<TargetView> {
        (self.report.targets.iter().zip(&self.targets))
            .filter(|(figure, _)| figure.kind == *kind && figure.id == id && figure.metric == metric)
            .map(|(_, view)| view.clone())
            .collect()
    }

    /// A template context with the site-wide values for a page `depth` folders below the root.
    pub fn context(&self, depth: usize, section: &str, title: &str) -> Context {
        let mut context = Context::new();
        let settings = &self.project.settings;
        context.insert("root", &"../".repeat(depth));
        context.insert("site_title", &settings.title);
        context.insert("language", &settings.language);
        context.insert("nav", &self.nav);
        context.insert("section", section);
        context.insert("title", title);
        context.insert("t", &self.theme.strings);
        context.insert("period", &self.report.current.map(|p| p.to_string()).unwrap_or_default());
        // `style:` of cxsite.yaml. The accent is written out as parsed (`#rrggbb`), never as
        // typed, so nothing but a colour reaches the page's <style>.
        let accent = settings.style.accent.as_deref().and_then(Rgb::parse);
        context.insert("accent", &accent.map(Rgb::hex));
        context.insert("accent_dark", &accent.map(|a| a.for_dark_mode().hex()));
        context.insert("logo_path", &settings.style.logo_output().filter(|_| self.project.logo.is_some()));
        // The scales and bands, for the texts that explain them (`{{ t.methodology_text | fill(…) }}`).
        let bands = self.bands();
        context.insert("csat_scale", &bands.csat.to_string());
        context.insert("ces_scale", &bands.ces.to_string());
        context.insert("csat_unhappy", &bands.range_text(Metric::Csat, Band::Unhappy));
        context.insert("ces_unhappy", &bands.range_text(Metric::Ces, Band::Unhappy));
        context.insert("ces_easy", &bands.range_text(Metric::Ces, Band::Happy));
        let direction =
            if bands.higher_is_better(Metric::Ces) { "ces_higher_is_easier" } else { "ces_lower_is_easier" };
        context.insert("ces_direction", &self.t(direction));
        context
    }

    /// Renders `template` with `context`.
    pub fn render(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        self.theme.templates.render(template, context).map_err(|e| template_error(&e, &self.theme.origins))
    }

    /// The string for `key` in the report's language.
    pub fn t(&self, key: &str) -> String {
        self.viewer.strings.get(key)
    }
}

/// Whether a Markdown page is part of the report of `report.current`: a page dated with
/// `period:` in its period's report and later ones; an undated page (narrative written now)
/// only in the current report, never in an archive snapshot of an earlier period.
pub fn page_in_report(page: &Page, report: &Report, settings: &Settings, archive: Archive) -> bool {
    match page.front.period.as_deref().and_then(|p| Period::parse(p, settings.period)) {
        Some(written) => report.current.is_none_or(|current| written <= current),
        None => archive != Archive::Snapshot,
    }
}

fn link(label: String, path: &str, section: &str) -> NavLink {
    NavLink { label, path: href_path(path), section: section.to_string(), children: Vec::new() }
}

/// A path of the site as a relative link: every byte but letters, digits and `-_.~/` is
/// percent-encoded, so no page name can make a scheme (`javascript:`), a query or a fragment.
/// (Page names are checked at load; this holds even for a theme or a future page kind.)
pub fn href_path(path: &str) -> String {
    crate::url::percent_encode(path, "-_.~/")
}

#[cfg(test)]
mod tests {
    use super::href_path;

    #[test]
    fn page_paths_become_links_that_cannot_run_or_jump() {
        assert_eq!(href_path("notes/q3/index.html"), "notes/q3/index.html");
        assert_eq!(href_path("javascript:alert(1)/index.html"), "javascript%3Aalert%281%29/index.html");
        assert_eq!(href_path("a#b?c%d\\e f/index.html"), "a%23b%3Fc%25d%5Ce%20f/index.html");
        assert_eq!(href_path("café"), "caf%C3%A9");
    }
}
