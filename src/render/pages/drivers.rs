//! `drivers/index.html`: what drives the likelihood to recommend, where each touchpoint stands
//! (importance against performance), and the weakest link of each journey.

use crate::routes::{self, Section};
use serde::Serialize;

use super::Page;
use crate::analyse::{GroupKind, Quadrant};
use crate::diagnostics::Diagnostic;
use crate::render::charts::{self, QuadrantPoint};
use crate::render::site::Site;

#[derive(Serialize)]
struct DriverRow {
    touchpoint: String,
    journey: String,
    path: String,
    n: String,
    importance: String,
    interval: String,
    performance: String,
    quadrant: String,
    /// `fix-first` … for styling; empty when not ranked.
    quadrant_key: &'static str,
    ranked: bool,
}

#[derive(Serialize)]
struct WeakestLink {
    journey: String,
    path: String,
    /// Empty when no touchpoint of the journey has enough CSAT answers to name one.
    touchpoint: String,
    csat: String,
    interval: String,
    n: String,
    nps: String,
}

fn quadrant_key(quadrant: Quadrant) -> &'static str {
    match quadrant {
        Quadrant::FixFirst => "fix-first",
        Quadrant::KeepUp => "keep-up",
        Quadrant::Monitor => "monitor",
        Quadrant::Overkill => "overkill",
    }
}

/// Renders the key drivers page.
pub fn render(site: &Site) -> Result<Page, Diagnostic> {
    let f = site.viewer.numbers;
    let report = site.report;
    let place = |id: &str| site.lookup.touchpoint(id);
    let rows: Vec<DriverRow> = report
        .drivers
        .iter()
        .filter_map(|d| {
            let (journey, _, touchpoint) = place(&d.touchpoint)?;
            let key = d.quadrant.map_or("", quadrant_key);
            Some(DriverRow {
                touchpoint: touchpoint.name.clone(),
                journey: journey.title.clone(),
                path: format!("../{}", routes::journey(&journey.id)),
                n: f.count(d.n),
                importance: d.importance.map_or_else(|| "–".into(), |r| f.fixed(r, 2)),
                interval: d
                    .importance_ci95
                    .map_or_else(String::new, |(a, b)| format!("{} – {}", f.fixed(a, 2), f.fixed(b, 2))),
                performance: d.performance.map_or_else(|| "–".into(), |p| format!("{}%", f.fixed(p, 0))),
                quadrant: if key.is_empty() {
                    site.t("driver_not_ranked")
                } else {
                    site.t(&format!("quadrant_{}", key.replace('-', "_")))
                },
                quadrant_key: key,
                ranked: d.ranked,
            })
        })
        .collect();

    let ranked: Vec<_> = report.drivers.iter().filter(|d| d.ranked).collect();
    let chart = if ranked.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = ranked
            .iter()
            .map(|d| place(&d.touchpoint).map_or(d.touchpoint.clone(), |(_, _, t)| t.name.clone()))
            .collect();
        let points: Vec<QuadrantPoint> = ranked
            .iter()
            .zip(&names)
            .filter_map(|(d, name)| {
                Some(QuadrantPoint { label: name, performance: d.performance?, importance: d.importance? })
            })
            .collect();
        let split = report.drivers_split.map_or((0.0, 0.0), |s| (s.performance, s.importance));
        let quadrants =
            ["quadrant_fix_first", "quadrant_keep_up", "quadrant_monitor", "quadrant_overkill"].map(|k| site.t(k));
        let fix_first: Vec<&str> =
            rows.iter().filter(|r| r.quadrant_key == "fix-first").map(|r| r.touchpoint.as_str()).collect();
        let description = site.viewer.strings.fill("drivers_chart_summary", &[("fix_first", &fix_first.join(", "))]);
        let strings = &site.viewer.strings;
        let performance_split = strings.fill("chart_mean_csat", &[("value", &format!("{}%", f.fixed(split.0, 0)))]);
        let importance_split = strings.fill("chart_mean_r", &[("value", &f.fixed(split.1, 2))]);
        let (performance, importance) = (site.t("chart_performance_axis"), site.t("chart_importance_axis"));
        let text = charts::QuadrantText {
            quadrants: quadrants.each_ref().map(String::as_str),
            performance: &performance,
            importance: &importance,
            performance_split: &performance_split,
            importance_split: &importance_split,
        };
        charts::quadrant(&site.t("drivers_chart_title"), &description, &points, split, &text, f)
    };

    let weakest: Vec<WeakestLink> = report
        .weakest_links
        .iter()
        .filter_map(|link| {
            let journey = site.project.journeys.iter().find(|j| j.id == link.journey)?;
            let touchpoint = link.touchpoint.as_ref().and_then(|id| place(id).map(|(_, _, t)| t));
            let metrics = touchpoint.and_then(|t| site.current(&GroupKind::Touchpoint, &t.id));
            let nps = metrics.and_then(|m| m.nps.score.filter(|_| !m.nps.visibility.suppressed));
            Some(WeakestLink {
                journey: journey.title.clone(),
                path: format!("../{}", routes::journey(&journey.id)),
                touchpoint: touchpoint.map(|t| t.name.clone()).unwrap_or_default(),
                csat: link.csat.map_or_else(String::new, |c| format!("{}%", f.fixed(c, 0))),
                interval: link.ci95.map_or_else(String::new, |(a, b)| format!("{}–{}%", f.fixed(a, 0), f.fixed(b, 0))),
                n: f.count(link.n),
                nps: nps.map_or_else(|| "–".into(), |n| f.signed(n, 0)),
            })
        })
        .collect();

    let mut context = site.context(Section::Drivers.depth(), Section::Drivers.key(), &site.t("nav_drivers"));
    context.insert("drivers", &rows);
    context.insert("chart", &chart);
    context.insert("weakest", &weakest);
    context.insert("pyramid", &site.pyramid(None));
    Ok(Page { path: Section::Drivers.path(), html: site.render("drivers.html", &context)? })
}
