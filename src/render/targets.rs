//! Targets as the pages show them: the group in people's words, the target and the current
//! score written by the one score formatter, and the verdict in words (`analyse/targets.rs`
//! judges; this only says it). Built once per site (`Site::targets`) and used by the summary,
//! the scores page, the journey pages and every table cell and KPI card of a group with a target.

use serde::Serialize;

use super::site::Site;
use crate::analyse::targets::{TargetFigure, TargetStatus};
use crate::analyse::{GroupKind, split_within_touchpoint_id, stage_group_id};
use crate::config::Metric;
use crate::routes;

/// A target beside its figure, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    /// The group as people say it: "Overall", "Anna", "Checkout", "Checkout, mobile".
    pub name: String,
    /// The group's page (or its place on its journey page), relative to the site root.
    pub path: Option<String>,
    /// The journey the group belongs to (a journey, its stages, its touchpoints and the
    /// segments within them), for that journey's page.
    pub journey: Option<String>,
    /// The metric's name: "CSAT".
    pub metric: String,
    /// The value to reach, with its unit: "80%", "+25", "5.50 / 7", "at most 2.50 / 7".
    pub target: String,
    /// The score now ("78%"), or "–" where none is shown.
    pub score: String,
    /// Its 95% interval ("72% – 84%"), or empty.
    pub interval: String,
    /// Why no score is shown ("too few responses (n = 5)"), or empty.
    pub note: String,
    /// `met`, `not-met`, `undecided`, `no-figure`, or `pending`: not met before its `by`
    /// (not a failure yet). The colour and the mark; the words are `status_text`.
    pub status: &'static str,
    /// The verdict with its due period where that is later: "met", "not met", "not yet
    /// decidable", "no figure", "due 2026-Q4", "not yet decidable · due 2026-Q4".
    pub status_text: String,
    /// What the verdict rests on, for a tooltip: the rule, or why there is no figure.
    pub why: String,
}

/// The view of each target of the report, in the settings' order.
pub fn views(site: &Site) -> Vec<TargetView> {
    site.report.targets.iter().map(|figure| view(site, figure)).collect()
}

/// The view of one target.
pub fn view(site: &Site, figure: &TargetFigure) -> TargetView {
    let viewer = &site.viewer;
    let (name, path, journey) = place(site, &figure.kind, &figure.id);
    let metrics = site.current(&figure.kind, &figure.id);
    // The group's score as every page shows it (one formatter), and why there is none.
    let score = metrics.map(|m| {
        let [nps, csat, ces] = viewer.scores(m);
        match figure.metric {
            Metric::Nps => nps,
            Metric::Csat => csat,
            Metric::Ces => ces,
        }
    });
    let goal = viewer.headline_text(figure.metric, figure.target);
    let target = match viewer.bands.higher_is_better(figure.metric) {
        true => goal,
        false => viewer.strings.fill("target_at_most", &[("value", &goal)]),
    };
    let pending = figure.status == TargetStatus::NotMet && !figure.due;
    let (status, verdict) = match figure.status {
        _ if pending => ("pending", None),
        TargetStatus::Met => ("met", Some("target_met")),
        TargetStatus::NotMet => ("not-met", Some("target_not_met")),
        TargetStatus::Undecided => ("undecided", Some("target_undecided")),
        TargetStatus::NoFigure => ("no-figure", Some("target_no_figure")),
    };
    let due =
        (figure.by.filter(|_| !figure.due)).map(|by| viewer.strings.fill("target_due", &[("period", &by.to_string())]));
    let status_text = verdict.map(|key| viewer.strings.get(key)).into_iter().chain(due).collect::<Vec<_>>();
    let shown = score.as_ref().filter(|s| s.shown);
    let why = match figure.status {
        TargetStatus::NoFigure => score.as_ref().map_or_else(|| viewer.strings.get("no_responses"), |s| s.note.clone()),
        _ if pending => viewer.strings.get("target_pending_why"),
        TargetStatus::Met => viewer.strings.get("target_met_why"),
        TargetStatus::NotMet => viewer.strings.get("target_not_met_why"),
        TargetStatus::Undecided => viewer.strings.get("target_undecided_why"),
    };
    TargetView {
        name,
        path,
        journey,
        metric: site.t(figure.metric.key()),
        target,
        score: shown.map_or_else(|| "–".into(), |s| s.value.clone()),
        interval: shown.map(|s| s.interval.clone()).unwrap_or_default(),
        note: match shown {
            Some(_) => String::new(),
            None => score.as_ref().map_or_else(|| viewer.strings.get("no_responses"), |s| s.note.clone()),
        },
        status,
        status_text: status_text.join(" · "),
        why,
    }
}

/// A group's name as people say it, where it is shown (relative to the site root), and the
/// journey it belongs to. An id the project does not know (checked at load) is shown as written.
/// The one naming of a group for targets and alerts alike.
pub fn place(site: &Site, kind: &GroupKind, id: &str) -> (String, Option<String>, Option<String>) {
    let project = site.project;
    let persona = |id: &str| project.personas.iter().find(|p| p.id == id);
    let journey = |id: &str| project.journeys.iter().find(|j| j.id == id);
    let touchpoint = |id: &str| site.lookup.touchpoint(id);
    // A touchpoint on its journey page: the column of its map.
    let at_touchpoint = |id: &str| {
        touchpoint(id).map(|(j, _, t)| {
            (t.name.clone(), Some(format!("{}#tp-{}", routes::journey(&j.id), t.id)), Some(j.id.clone()))
        })
    };
    // "Checkout, mobile": a segment within a touchpoint or a journey.
    let within = |whole: (String, Option<String>, Option<String>), segment: String| {
        (site.viewer.strings.fill("target_within", &[("group", &whole.0), ("segment", &segment)]), whole.1, whole.2)
    };
    let persona_name = |id: &str| persona(id).map_or_else(|| id.to_string(), |p| p.name.clone());
    let as_written = || (id.to_string(), None, None);
    match kind {
        GroupKind::Overall => (site.t("overall"), None, None),
        GroupKind::Phase => (project.settings.lifecycle.iter()).find(|p| p.id == id).map_or_else(as_written, |p| {
            (p.name.clone(), Some(format!("{}#phase-{}", routes::Section::Lifecycle.path(), p.id)), None)
        }),
        GroupKind::Persona => {
            persona(id).map_or_else(as_written, |p| (p.name.clone(), Some(routes::persona(&p.id)), None))
        }
        GroupKind::Journey => {
            journey(id).map_or_else(as_written, |j| (j.title.clone(), Some(routes::journey(&j.id)), Some(j.id.clone())))
        }
        GroupKind::Stage => project
            .journeys
            .iter()
            .flat_map(|j| j.stages.iter().map(move |s| (j, s)))
            .find(|(j, s)| stage_group_id(&j.id, &s.id) == id)
            .map_or_else(as_written, |(j, s)| {
                let path = format!("{}#scores-stage-{}", routes::journey(&j.id), s.id);
                (s.name.clone(), Some(path), Some(j.id.clone()))
            }),
        GroupKind::Touchpoint => at_touchpoint(id).unwrap_or_else(as_written),
        GroupKind::Dimension(dimension) => {
            let name = site.viewer.strings.fill(
                "target_dimension",
                &[("dimension", &site.dimension_name(dimension)), ("value", &site.dimension_value(dimension, id))],
            );
            (name, None, None)
        }
        GroupKind::TouchpointPersona | GroupKind::TouchpointDimension(_) => {
            let Some((tp, value)) = split_within_touchpoint_id(id) else { return as_written() };
            let Some(whole) = at_touchpoint(tp) else { return as_written() };
            let segment = match kind {
                GroupKind::TouchpointDimension(dimension) => site.dimension_value(dimension, value),
                _ => persona_name(value),
            };
            within(whole, segment)
        }
        GroupKind::JourneyPersona | GroupKind::JourneyDimension(_) => {
            // Journey ids hold no `/`; a dimension value may.
            let Some((j, value)) = id.split_once('/') else { return as_written() };
            let Some(j) = journey(j) else { return as_written() };
            let segment = match kind {
                GroupKind::JourneyDimension(dimension) => site.dimension_value(dimension, value),
                _ => persona_name(value),
            };
            within((j.title.clone(), Some(routes::journey(&j.id)), Some(j.id.clone())), segment)
        }
    }
}

/// The verdicts in one line, for the board summary: "2 met · 1 not met · 1 due later". Empty
/// without targets.
pub fn count_line(site: &Site, views: &[TargetView]) -> String {
    let kinds = [
        ("met", "targets_count_met"),
        ("not-met", "targets_count_not_met"),
        ("undecided", "targets_count_undecided"),
        ("pending", "targets_count_pending"),
        ("no-figure", "targets_count_no_figure"),
    ];
    (kinds.iter())
        .filter_map(|(status, key)| {
            let count = views.iter().filter(|v| v.status == *status).count();
            (count > 0).then(|| site.viewer.strings.fill(key, &[("count", &site.viewer.numbers.count(count as u64))]))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// How many missed targets the board summary names.
const BOARD_MISSED: usize = 3;

/// The targets not met (and due), named for the board summary: "Not met: Home delivery: CSAT
/// 45% against 80%; …", at most [`BOARD_MISSED`] and how many more. Empty when none is missed.
pub fn missed_line(site: &Site, views: &[TargetView]) -> String {
    let missed: Vec<&TargetView> = views.iter().filter(|v| v.status == "not-met").collect();
    if missed.is_empty() {
        return String::new();
    }
    let mut items: Vec<String> = (missed.iter().take(BOARD_MISSED))
        .map(|v| {
            site.viewer.strings.fill(
                "target_missed_item",
                &[("group", &v.name), ("metric", &v.metric), ("score", &v.score), ("target", &v.target)],
            )
        })
        .collect();
    if missed.len() > BOARD_MISSED {
        let more = site.viewer.numbers.count((missed.len() - BOARD_MISSED) as u64);
        items.push(site.viewer.strings.fill("targets_more", &[("count", &more)]));
    }
    site.viewer.strings.fill("targets_missed", &[("list", &items.join("; "))])
}
