//! The checks of `targets:` in cxsite.yaml: each names a group metrics.json has, a value on its
//! metric's scale and a period that parses. A figure's data are not known here: a target whose
//! group has no answers says so on the pages.

use super::Project;
use super::references::Sources;
use crate::analyse::{GroupKind, split_within_touchpoint_id};
use crate::config::{Metric, TargetSetting};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::period::Period;

/// Checks every target of the settings.
pub fn check(project: &Project, sources: &Sources, diagnostics: &mut Diagnostics) {
    let settings = &project.settings;
    let (dimensions, _) = settings.surveys.dimensions();
    for target in &settings.targets {
        let at = |key: &str, value: &str| sources.setting(&["targets", key], value);
        let Some(kind) = GroupKind::from_name(&target.group, &dimensions) else {
            let mut kinds: Vec<String> = [
                "overall",
                "phase",
                "persona",
                "journey",
                "stage",
                "touchpoint",
                "touchpoint/persona",
                "journey/persona",
            ]
            .map(String::from)
            .into();
            for d in &dimensions {
                kinds.extend([d.clone(), format!("touchpoint/{d}"), format!("journey/{d}")]);
            }
            let guess = did_you_mean(&target.group, kinds.iter().map(String::as_str))
                .map(|g| format!("did you mean `{g}`? "))
                .unwrap_or_default();
            diagnostics.push(
                Diagnostic::error(
                    at("group", &target.group),
                    format!("a target's group `{}` is unknown", target.group),
                )
                .with_hint(format!("{guess}a group is one of metrics.json's: {}", kinds.join(", "))),
            );
            continue;
        };
        if let Some(problem) = unknown_id(project, &kind, &target.id) {
            let ids: Vec<&str> = match kind {
                GroupKind::Persona => project.personas.iter().map(|p| p.id.as_str()).collect(),
                GroupKind::Journey => project.journeys.iter().map(|j| j.id.as_str()).collect(),
                GroupKind::Touchpoint => project.touchpoints().map(|(_, _, t)| t.id.as_str()).collect(),
                _ => Vec::new(),
            };
            let hint = match did_you_mean(&target.id, ids) {
                Some(id) => format!("did you mean `{id}`?"),
                None => id_hint(&kind),
            };
            diagnostics.push(
                Diagnostic::error(
                    at("id", &target.id),
                    format!("target for {} `{}`: {problem}", target.group, target.id),
                )
                .with_hint(hint),
            );
        }
        if let Some(range) = out_of_range(target, project) {
            diagnostics.push(
                Diagnostic::error(
                    at("value", &format_value(target.value)),
                    format!(
                        "a {} target of {} is outside the score's range",
                        metric_name(target.metric),
                        format_value(target.value)
                    ),
                )
                .with_hint(format!("a {} score runs from {range}", metric_name(target.metric))),
            );
        }
        if let Some(by) = target.by.as_deref().filter(|by| Period::parse(by, settings.period).is_none()) {
            let example = if settings.period == crate::period::PeriodKind::Quarter { "2026-Q4" } else { "2026-12" };
            diagnostics.push(
                Diagnostic::error(at("by", by), format!("a target's `by: {by}` is not a period"))
                    .with_hint(format!("write the period it is due as {example}, or leave `by` out")),
            );
        }
    }
}

/// Why `id` names nothing of `kind` in the project, or `None` when it does.
fn unknown_id(project: &Project, kind: &GroupKind, id: &str) -> Option<String> {
    let persona = |id: &str| project.personas.iter().any(|p| p.id == id);
    let journey = |id: &str| project.journeys.iter().any(|j| j.id == id);
    let touchpoint = |id: &str| project.touchpoints().any(|(_, _, t)| t.id == id);
    let stage = |id: &str| {
        project
            .journeys
            .iter()
            .flat_map(|j| j.stages.iter().map(move |s| (j, s)))
            .any(|(j, s)| crate::analyse::stage_group_id(&j.id, &s.id) == id)
    };
    let within = |id: &str, container: &dyn Fn(&str) -> bool, of_persona: bool| match split_within_touchpoint_id(id) {
        Some((c, value)) if container(c) && (!of_persona || persona(value)) && !value.is_empty() => None,
        _ => Some("no such group".to_string()),
    };
    match kind {
        GroupKind::Overall => (!id.is_empty()).then(|| "the overall group's id is empty".into()),
        GroupKind::Phase => (!project.settings.lifecycle.iter().any(|p| p.id == id))
            .then(|| "no phase of `lifecycle` has this id".into()),
        GroupKind::Persona => (!persona(id)).then(|| "no persona has this id".into()),
        GroupKind::Journey => (!journey(id)).then(|| "no journey has this id".into()),
        GroupKind::Stage => (!stage(id)).then(|| "no stage has this id".into()),
        GroupKind::Touchpoint => (!touchpoint(id)).then(|| "no touchpoint has this id".into()),
        GroupKind::Dimension(_) => id.is_empty().then(|| "the value is empty".into()),
        GroupKind::TouchpointPersona => within(id, &touchpoint, true),
        GroupKind::TouchpointDimension(_) => within(id, &touchpoint, false),
        GroupKind::JourneyPersona => within(id, &journey, true),
        GroupKind::JourneyDimension(_) => within(id, &journey, false),
    }
}

/// How the id of a group of `kind` is written.
fn id_hint(kind: &GroupKind) -> String {
    match kind {
        GroupKind::Overall => "leave `id` out for the overall group".into(),
        GroupKind::Stage => "a stage's id is `journey/stage`".into(),
        GroupKind::Dimension(_) => "the id is the value as the export writes it".into(),
        GroupKind::TouchpointPersona => "the id is `touchpoint/persona`, e.g. `checkout/anna`".into(),
        GroupKind::TouchpointDimension(_) => "the id is `touchpoint/value`, e.g. `checkout/mobile`".into(),
        GroupKind::JourneyPersona => "the id is `journey/persona`, e.g. `online-order/anna`".into(),
        GroupKind::JourneyDimension(_) => "the id is `journey/value`, e.g. `online-order/mobile`".into(),
        other => format!("use the id of a {} of content/", other.name()),
    }
}

/// The metric's range as text, when the target's value is outside it.
fn out_of_range(target: &TargetSetting, project: &Project) -> Option<String> {
    let ces = f64::from(project.settings.surveys.scales.ces);
    let (low, high) = match target.metric {
        Metric::Nps => (-100.0, 100.0),
        Metric::Csat => (0.0, 100.0),
        Metric::Ces => (1.0, ces),
    };
    (!(low..=high).contains(&target.value)).then(|| format!("{} to {}", format_value(low), format_value(high)))
}

/// `NPS`, `CSAT`, `CES`.
fn metric_name(metric: Metric) -> String {
    metric.key().to_uppercase()
}

/// A value as written in cxsite.yaml: `80`, `5.5`.
fn format_value(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { value.to_string() }
}
