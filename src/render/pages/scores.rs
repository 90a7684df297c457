//! Every metric by group for the current period, the overall trend, data quality and method.

use crate::routes::{self, Section};
use serde::Serialize;

use super::Page;
use crate::analyse::{GroupKind, stage_group_id};
use crate::bands::Band;
use crate::config::Metric;
use crate::diagnostics::Diagnostic;
use crate::ingest::QualityIssue;
use crate::render::pieces::GroupRow;
use crate::render::site::Site;

/// The groups of one kind (overall, by persona, by journey, …) with their scores: `segments`
/// in the template.
#[derive(Serialize)]
struct GroupTable {
    title: String,
    /// The heading of the first column: what a row is.
    head: String,
    rows: Vec<GroupRow>,
}

#[derive(Serialize)]
struct Issue {
    kind: String,
    count: String,
    examples: Vec<String>,
}

/// Renders `scores/index.html`.
pub fn render(site: &Site) -> Result<Page, Diagnostic> {
    let project = site.project;
    let root = "../";
    let mut tables = Vec::new();
    let mut push = |title: String, head: String, rows: Vec<Option<GroupRow>>| {
        let rows: Vec<GroupRow> = rows.into_iter().flatten().collect();
        if !rows.is_empty() {
            tables.push(GroupTable { title, head, rows });
        }
    };
    push(site.t("overall"), String::new(), vec![site.row(&GroupKind::Overall, "", &site.t("overall"), None)]);
    push(
        site.t("by_persona"),
        site.t("persona"),
        project
            .personas
            .iter()
            .map(|p| site.row(&GroupKind::Persona, &p.id, &p.name, Some(format!("{root}{}", routes::persona(&p.id)))))
            .collect(),
    );
    push(
        site.t("by_journey"),
        site.t("journey"),
        project
            .journeys
            .iter()
            .map(|j| site.row(&GroupKind::Journey, &j.id, &j.title, Some(format!("{root}{}", routes::journey(&j.id)))))
            .collect(),
    );
    push(
        site.t("by_stage"),
        site.t("stage"),
        project
            .journeys
            .iter()
            .flat_map(|j| j.stages.iter().map(move |s| (j, s)))
            .map(|(j, s)| {
                site.row(&GroupKind::Stage, &stage_group_id(&j.id, &s.id), &format!("{} › {}", j.title, s.name), None)
            })
            .collect(),
    );
    push(
        site.t("by_touchpoint"),
        site.t("touchpoint"),
        project
            .touchpoints()
            .map(|(j, _, t)| {
                site.row(&GroupKind::Touchpoint, &t.id, &t.name, Some(format!("{root}{}", routes::journey(&j.id))))
            })
            .collect(),
    );
    for name in &site.report.dimensions {
        let kind = GroupKind::Dimension(name.clone());
        let ids: Vec<&str> = (site.report.groups.values())
            .filter(|g| g.kind == kind && g.scope == site.report.current_scope())
            .map(|g| g.id.as_str())
            .collect();
        let shown = site.dimension_name(name);
        push(
            site.viewer.strings.fill("by_dimension", &[("name", &shown)]),
            shown.clone(),
            ids.iter().map(|id| site.row(&kind, id, &site.dimension_value(name, id), None)).collect(),
        );
    }

    let quality = &site.responses.quality;
    let issues: Vec<Issue> = quality
        .issues
        .values()
        .map(|QualityIssue { kind, count, examples, .. }| Issue {
            kind: site.quality_kind(*kind),
            count: site.viewer.numbers.count(*count),
            examples: examples.iter().map(|e| site.quality_example(e)).collect(),
        })
        .collect();
    let no_answer: Vec<(String, String)> =
        quality.no_answer.iter().map(|(k, v)| (site.t(k), site.viewer.numbers.count(*v))).collect();
    let settings = &project.settings;

    let mut context = site.context(Section::Scores.depth(), Section::Scores.key(), &site.t("nav_scores"));
    context.insert("segments", &tables);
    // The context holds its own copy: on a project of thousands of touchpoints, tens of MB.
    drop(tables);
    // The targets of a segment within a touchpoint or a journey: no table here has their row.
    let within: Vec<_> = (site.report.targets.iter().zip(&site.targets))
        .filter(|(figure, _)| figure.kind.is_within())
        .map(|(_, view)| view)
        .collect();
    context.insert("targets_within", &within);
    context.insert("trend", &site.trend(&GroupKind::Overall, "", &site.t("overall")));
    context.insert("distributions", &distributions(site));
    context.insert("issues", &issues);
    context.insert("no_answer", &no_answer);
    context.insert("files", &site.file_views());
    context.insert("rows_skipped", &site.viewer.numbers.count(quality.rows_skipped));
    // Strings, because templates splice them into translated sentences.
    context.insert("min_responses", &settings.min_responses.to_string());
    context.insert("later_responses", &site.viewer.numbers.count(site.report.later_responses));
    let current = site.report.current;
    context.insert("previous_period", &current.map(|p| p.previous().to_string()).unwrap_or_default());
    context.insert("year_ago_period", &current.map(|p| p.year_ago().to_string()).unwrap_or_default());
    context.insert("has_later_responses", &(site.report.later_responses > 0));
    Ok(Page { path: Section::Scores.path(), html: site.render("scores.html", &context)? })
}

/// One metric's answers per scale point this period, as a chart and as table rows.
#[derive(Serialize)]
struct Distribution {
    label: String,
    chart: String,
    points: Vec<(String, String)>,
}

/// The overall answers of each metric in the current period, per scale point (none when the
/// overall group is suppressed).
fn distributions(site: &Site) -> Vec<Distribution> {
    let Some(overall) = site.current(&GroupKind::Overall, "") else { return Vec::new() };
    let bands = site.bands();
    let metrics = [
        ("nps", Metric::Nps, &overall.histograms.nps, overall.nps.visibility.suppressed),
        ("csat", Metric::Csat, &overall.histograms.csat, overall.csat.visibility.suppressed),
        ("ces", Metric::Ces, &overall.histograms.ces, overall.ces.visibility.suppressed),
    ];
    metrics
        .into_iter()
        .filter(|(_, _, histogram, suppressed)| !suppressed && histogram.n() > 0)
        .map(|(key, metric, histogram, _)| {
            let range = bands.scale(metric);
            let points: Vec<(String, u64)> =
                range.clone().map(|v| (v.to_string(), histogram.counts[usize::from(v)])).collect();
            let classes: Vec<&str> = range
                .map(|v| match bands.band(metric, v) {
                    Band::Unhappy => "low",
                    Band::Neutral => "mid",
                    Band::Happy => "high",
                })
                .collect();
            let label = site.t(key);
            let title = site.viewer.strings.fill("distribution_title", &[("metric", &label)]);
            let description = points.iter().map(|(p, n)| format!("{p}: {n}")).collect::<Vec<_>>().join(", ");
            Distribution {
                chart: crate::render::charts::distribution(&title, &description, &points, &classes),
                points: points.iter().map(|(p, n)| (p.clone(), site.viewer.numbers.count(*n))).collect(),
                label,
            }
        })
        .collect()
}
