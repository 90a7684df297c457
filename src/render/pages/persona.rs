//! A persona's page: who they are, their scores, their journeys, what they said.

use super::segment_map::{self, SegmentOf};
use super::{Link, Page};
use crate::analyse::{GroupKind, within_journey_id};
use crate::diagnostics::Diagnostic;
use crate::load::Persona;
use crate::render::pieces::GroupRow;
use crate::render::site::Site;
use crate::routes::{self, Section};

/// Renders `personas/<id>/index.html`.
pub fn render(site: &Site, persona: &Persona) -> Result<Page, Diagnostic> {
    let root = "../../";
    // The persona's own figures in each journey it answered in, linked to its map of that
    // journey where there is one (else to the journey's).
    let journey_rows: Vec<GroupRow> = (site.project.journeys.iter())
        .filter_map(|j| {
            let map = segment_map::segments(site, j)
                .into_iter()
                .find(|s| s.of == SegmentOf::Persona && s.value == persona.id)
                .map_or_else(|| routes::journey(&j.id), |s| routes::journey_segment(&j.id, &s.folder));
            let id = within_journey_id(&j.id, &persona.id);
            site.current(&GroupKind::JourneyPersona, &id).filter(|m| m.responses > 0)?;
            let row = site.row(&GroupKind::JourneyPersona, &id, &j.title, Some(format!("{root}{map}")))?;
            Some(row)
        })
        .collect();
    // The journeys the persona is declared on and has no figures in: linked only.
    let journeys: Vec<Link> = site
        .project
        .journeys
        .iter()
        .filter(|j| {
            j.persona_ids().any(|id| id == persona.id)
                && !journey_rows.iter().any(|r| r.id == within_journey_id(&j.id, &persona.id))
        })
        .map(|j| Link { label: j.title.clone(), path: format!("{root}{}", routes::journey(&j.id)) })
        .collect();
    let metrics = site.current(&GroupKind::Persona, &persona.id);
    let comments = site
        .report
        .current
        .into_iter()
        .flat_map(|period| site.responses.comments.by_touchpoint.iter().filter(move |((_, p), _)| *p == period))
        .flat_map(|(_, comments)| comments)
        .filter(|c| c.persona.as_deref() == Some(persona.id.as_str()));
    let mut comments: Vec<_> = comments.collect();
    comments.sort();
    let share = persona.share.map(|s| format!("{}%", site.viewer.numbers.fixed(100.0 * s, 0)));

    let mut context = site.context(2, Section::Personas.key(), &persona.name);
    context.insert("persona", persona);
    context.insert("share", &share);
    let channels: Vec<String> = persona.channels.iter().map(|c| site.channel_name(c)).collect();
    context.insert("channels", &channels);
    context.insert("journeys", &journeys);
    context.insert("journey_rows", &journey_rows);
    context.insert("scores", &site.row(&GroupKind::Persona, &persona.id, &persona.name, None));
    context.insert("trend", &site.trend(&GroupKind::Persona, &persona.id, &persona.name));
    context.insert("quotes", &site.quotes(comments.into_iter(), metrics.map_or(0, |m| m.responses)));
    Ok(Page { path: routes::persona(&persona.id), html: site.render("persona.html", &context)? })
}
