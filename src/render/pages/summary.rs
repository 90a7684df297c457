//! The summary page: the period's KPIs, their trend, what moved, the top pain points.

use crate::routes::{self, Section};
use serde::Serialize;

use super::Page;
use super::lists::journey_cards;
use crate::analyse::GroupKind;
use crate::config::Metric;
use crate::diagnostics::Diagnostic;
use crate::load::Opportunity;
use crate::render::markdown;
use crate::render::pieces::metric_weight;
use crate::render::site::Site;
use crate::render::views::ChangeView;

/// How many segment gaps the summary lists.
const WORSE_GAPS: usize = 6;

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

/// A recommended action: a high-priority pain point at a driver touchpoint, and what the team
/// already proposed there.
#[derive(Serialize)]
struct Action {
    rank: usize,
    title: String,
    touchpoint: String,
    /// Its touchpoint's id, for the value at stake its department's actions touch.
    touchpoint_id: String,
    path: String,
    fix_first: bool,
    opportunity: Option<String>,
}

/// How many actions the summary recommends.
const ACTIONS: usize = 8;

/// The top actions, grouped by the department that owns the touchpoint: pain points with
/// evidence at touchpoints that drive the likelihood to recommend (fix first, keep up), in
/// priority order; without placed drivers, the pain points with survey evidence.
fn actions_by_owner(site: &Site) -> Vec<(String, Vec<Action>)> {
    use crate::analyse::Quadrant;
    let drivers_placed = site.report.drivers.iter().any(|d| d.ranked);
    let wanted = |p: &&crate::analyse::PainPointPriority| match drivers_placed {
        true => matches!(p.driver, Some(Quadrant::FixFirst | Quadrant::KeepUp)) && p.evidence.has_figures(),
        false => p.evidence.has_figures(),
    };
    let mut groups: Vec<(String, Vec<Action>)> = Vec::new();
    for priority in site.report.pain_points.iter().filter(wanted).take(ACTIONS) {
        let Some((journey, _, pain)) = site.lookup.pain_point(&priority.id) else { continue };
        let Some((_, _, touchpoint)) = site.lookup.touchpoint(&pain.touchpoint) else { continue };
        // The idea the team linked to this pain point (`pain_points:` of an opportunity), with
        // its own owner; no idea rather than one meant for another pain point of the touchpoint.
        let idea = journey.stages.iter().flat_map(|s| &s.opportunities).find_map(|o| match o {
            Opportunity::Detailed(d) if d.pain_points.contains(&pain.id) => Some(d),
            _ => None,
        });
        let owner = idea
            .and_then(|d| d.owner.clone())
            .or_else(|| touchpoint.owner.clone())
            .unwrap_or_else(|| site.t("owner_unknown"));
        let opportunity = idea.map(|d| d.title.clone());
        let action = Action {
            rank: priority.rank_with_drivers,
            title: pain.title.clone(),
            touchpoint: touchpoint.name.clone(),
            touchpoint_id: touchpoint.id.clone(),
            path: format!("{}#pain-{}", routes::journey(&journey.id), pain.id),
            fix_first: priority.driver == Some(Quadrant::FixFirst),
            opportunity,
        };
        match groups.iter_mut().find(|(o, _)| *o == owner) {
            Some((_, actions)) => actions.push(action),
            None => groups.push((owner, vec![action])),
        }
    }
    groups
}

/// For each department of [`actions_by_owner`], the value at stake at the touchpoints its
/// actions touch (each touchpoint once), or `""` where none is known.
fn department_values(site: &Site, groups: &[(String, Vec<Action>)]) -> Vec<String> {
    let Some(currency) = site.project.settings.currency.as_deref() else { return vec![String::new(); groups.len()] };
    let stake = &site.report.value_at_stake.touchpoints;
    (groups.iter())
        .map(|(_, actions)| {
            let mut touchpoints: Vec<&str> = actions.iter().map(|a| a.touchpoint_id.as_str()).collect();
            touchpoints.sort_unstable();
            touchpoints.dedup();
            let values: Vec<f64> = touchpoints.iter().filter_map(|t| stake.get(*t)).map(|e| e.value).collect();
            if values.is_empty() {
                return String::new();
            }
            let total = site.viewer.money_text(currency, values.iter().sum());
            site.viewer.strings.fill("value_department", &[("value", &total)])
        })
        .collect()
}

/// The report in one line, in its language: the period, the responses, each KPI with its
/// change and whether it is significant, and the top pain points. The summary page shows it and
/// `cxsite build` prints it, so the CI log and the site say the same.
pub fn summary_line(site: &Site) -> String {
    let report = site.report;
    let Some(period) = report.current else { return site.t("summary_line_no_responses") };
    let Some(overall) = site.current(&GroupKind::Overall, "") else { return String::new() };
    let numbers = site.viewer.numbers;
    let mut parts = vec![site.viewer.strings.fill(
        "summary_line_responses",
        &[("period", &period.to_string()), ("count", &numbers.count(overall.responses))],
    )];
    for score in site.viewer.scores(overall).iter().filter(|s| s.shown) {
        let change = score
            .previous
            .as_ref()
            .map_or_else(String::new, |c| format!(" ({} {} {}, {})", c.delta, site.t("vs"), c.period, c.verdict));
        parts.push(format!("{} {}{change}", score.label, score.value));
    }
    let top: Vec<String> = (report.pain_points.iter().take(3))
        .filter_map(|p| site.lookup.pain_point(&p.id))
        .map(|(_, _, pain)| format!("“{}”", pain.title))
        .collect();
    if !top.is_empty() {
        parts.push(format!("{}: {}", site.t("summary_line_top_pain_points"), top.join(", ")));
    }
    format!("{}.", parts.join("; "))
}

/// A recommended action for the one-page board summary: rank, pain point, owner, idea.
#[derive(Serialize)]
struct BoardAction {
    rank: usize,
    title: String,
    touchpoint: String,
    owner: String,
    opportunity: Option<String>,
}

/// The first actions of [`actions_by_owner`] in rank order, each with its owner: the board
/// summary's list (the screen shows them grouped by department).
fn board_actions(site: &Site) -> Vec<BoardAction> {
    let mut actions: Vec<BoardAction> = actions_by_owner(site)
        .into_iter()
        .flat_map(|(owner, actions)| {
            actions.into_iter().map(move |a| BoardAction {
                rank: a.rank,
                title: a.title,
                touchpoint: a.touchpoint,
                owner: owner.clone(),
                opportunity: a.opportunity,
            })
        })
        .collect();
    actions.sort_by_key(|a| a.rank);
    actions.truncate(BOARD_ACTIONS);
    actions
}

/// How many actions the one-page board summary lists.
const BOARD_ACTIONS: usize = 5;

/// Renders `index.html`.
pub fn render(site: &Site) -> Result<Page, Diagnostic> {
    let report = site.report;
    let overall = site.row(&GroupKind::Overall, "", &site.t("overall"), None);
    let top: Vec<_> = report.pain_points.iter().take(TOP_PAIN_POINTS).filter_map(|p| site.pain_point(p, "")).collect();
    let intro = site
        .project
        .pages
        .iter()
        .find(|p| p.slug.is_empty())
        .filter(|p| crate::render::site::page_in_report(p, report, &site.project.settings, site.archive))
        .map(|p| markdown::to_html(&p.markdown, site.project.settings.markdown.allow_html));
    let quality = &site.responses.quality;
    let problems: u64 = quality.issues.values().map(|i| i.count).sum();

    let mut context = site.context(Section::Summary.depth(), Section::Summary.key(), &site.project.settings.title);
    context.insert("overall", &overall);
    context.insert("summary_line", &summary_line(site));
    context.insert("board_actions", &board_actions(site));
    context.insert("targets", &site.targets);
    context.insert("targets_count", &crate::render::targets::count_line(site, &site.targets));
    context.insert("targets_missed", &crate::render::targets::missed_line(site, &site.targets));
    context.insert("trend", &site.trend(&GroupKind::Overall, "", &site.t("overall")));
    let (movers, tested) = movers(site);
    context.insert("movers", &movers);
    let worse: Vec<_> = site.worse_gaps().into_iter().filter_map(|g| site.gap_view(g)).take(WORSE_GAPS).collect();
    context.insert("worse_gaps", &worse);
    context.insert("gaps_tested", &site.viewer.numbers.count(report.segment_gaps.len() as u64));
    context.insert("has_gaps_tested", &!report.segment_gaps.is_empty());
    context.insert("changes_tested", &site.viewer.numbers.count(tested as u64));
    // Periods with data up to this one: with none before it, nothing could change.
    context.insert("has_earlier_period", &(report.periods.len() > 1));
    context.insert("top_pain_points", &top);
    let actions = actions_by_owner(site);
    context.insert("action_values", &department_values(site, &actions));
    context.insert("actions", &actions);
    context.insert("lifecycle", &super::lifecycle::phases(site, ""));
    context.insert("journeys", &journey_cards(site, ""));
    context.insert("intro_html", &intro);
    context.insert("data_problems", &site.viewer.numbers.count(problems));
    context.insert("has_data_problems", &(problems > 0));
    context.insert("later_responses", &site.viewer.numbers.count(report.later_responses));
    context.insert("has_later_responses", &(report.later_responses > 0));
    Ok(Page { path: Section::Summary.path(), html: site.render("index.html", &context)? })
}

/// Touchpoints whose NPS, CSAT or CES changed significantly since the previous period,
/// biggest NPS-equivalent change first, and how many changes were tested to find them.
/// "Significantly" is the report's one rule (`analyse::change`): every touchpoint is scanned
/// at once, so the p-values are adjusted (Benjamini–Hochberg), as on every other page.
fn movers(site: &Site) -> (Vec<Mover>, usize) {
    let mut tested = Vec::new();
    for (journey, _, touchpoint) in site.project.touchpoints() {
        let Some(metrics) = site.current(&GroupKind::Touchpoint, &touchpoint.id) else { continue };
        for metric in [Metric::Nps, Metric::Csat, Metric::Ces] {
            if let Some(change) = metrics.change(metric).previous.filter(|c| c.tested) {
                tested.push((journey, touchpoint, metrics, metric, change));
            }
        }
    }
    let mut movers = Vec::new();
    for (journey, touchpoint, metrics, metric, change) in tested.iter().filter(|(.., change)| change.significant) {
        let views = site.viewer.scores(metrics);
        let Some(view) = views.iter().find(|v| v.key == metric.key()) else { continue };
        let Some(shown) = view.previous.clone() else { continue };
        movers.push((
            change.delta.abs() * metric_weight(*metric, &site.bands()),
            Mover {
                touchpoint: touchpoint.name.clone(),
                journey: journey.title.clone(),
                path: routes::journey(&journey.id),
                metric: view.label.clone(),
                change: shown,
                value: view.value.clone(),
            },
        ));
    }
    movers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.touchpoint.cmp(&b.1.touchpoint)));
    (movers.into_iter().map(|(_, m)| m).take(6).collect(), tested.len())
}
