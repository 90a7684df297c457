//! The summary page: the period's KPIs, their trend, what moved, the top pain points.

use serde::Serialize;

use super::Page;
use super::lists::journey_cards;
use crate::analyse::{GroupKind, GroupMetrics};
use crate::diagnostics::Diagnostic;
use crate::render::markdown;
use crate::render::site::Site;
use crate::render::views::ChangeView;

/// How many pain points the summary lists.
const TOP_PAIN_POINTS: usize = 5;

/// A touchpoint whose score changed significantly since the previous period.
#[derive(Serialize)]
struct Mover {
    touchpoint: String,
    journey: String,
    path: String,
    metric: String,
    change: ChangeView,
    value: String,
}

/// Renders `index.html`.
pub fn render(site: &Site) -> Result<Page, Diagnostic> {
    let report = site.report;
    let overall = site.row(&GroupKind::Overall, "", &site.t("overall"), None);
    let top: Vec<_> = report.pain_points.iter().take(TOP_PAIN_POINTS).filter_map(|p| site.pain_point(p, "")).collect();
    let intro = site.project.pages.iter().find(|p| p.slug.is_empty()).map(|p| markdown::to_html(&p.markdown));
    let quality = &site.responses.quality;
    let problems: u64 = quality.issues.values().map(|i| i.count).sum();

    let mut context = site.context(0, "summary", &site.project.settings.title);
    context.insert("overall", &overall);
    context.insert("trend", &site.trend(&GroupKind::Overall, "", &site.t("overall")));
    context.insert("movers", &movers(site));
    context.insert("top_pain_points", &top);
    context.insert("journeys", &journey_cards(site, ""));
    context.insert("intro_html", &intro);
    context.insert("data_problems", &site.viewer.numbers.count(problems));
    context.insert("has_data_problems", &(problems > 0));
    context.insert("later_responses", &site.viewer.numbers.count(report.later_responses));
    context.insert("has_later_responses", &(report.later_responses > 0));
    Ok(Page { path: "index.html".into(), html: site.render("index.html", &context)? })
}

/// Touchpoints whose NPS, CSAT or CES changed significantly since the previous period,
/// biggest NPS-equivalent change first.
fn movers(site: &Site) -> Vec<Mover> {
    let mut movers = Vec::new();
    for (journey, _, touchpoint) in site.project.touchpoints() {
        let Some(metrics) = site.current(&GroupKind::Touchpoint, &touchpoint.id) else { continue };
        let views = site.viewer.scores(metrics);
        for view in &views {
            let Some(change) = view.previous.clone().filter(|c| c.significant) else { continue };
            let size = delta_of(metrics, view.key).abs() * weight(view.key);
            movers.push((
                size,
                Mover {
                    touchpoint: touchpoint.name.clone(),
                    journey: journey.title.clone(),
                    path: format!("journeys/{}/index.html", journey.id),
                    metric: view.label.clone(),
                    change,
                    value: view.value.clone(),
                },
            ));
        }
    }
    movers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.touchpoint.cmp(&b.1.touchpoint)));
    movers.into_iter().map(|(_, m)| m).take(6).collect()
}

/// Puts a change of each metric on a common 0–100 footing: NPS spans 200 points, a CES mean 6.
fn weight(key: &str) -> f64 {
    match key {
        "nps" => 0.5,
        "csat" => 1.0,
        _ => 100.0 / 6.0,
    }
}

fn delta_of(metrics: &GroupMetrics, key: &str) -> f64 {
    let change = match key {
        "nps" => metrics.nps_change.previous,
        "csat" => metrics.csat_change.previous,
        _ => metrics.ces_change.previous,
    };
    change.map_or(0.0, |c| c.delta)
}
