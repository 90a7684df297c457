//! A persona's page: who they are, their scores, their journeys, what they said.

use super::{Link, Page};
use crate::analyse::GroupKind;
use crate::diagnostics::Diagnostic;
use crate::load::Persona;
use crate::render::site::Site;
use crate::routes::{self, Section};

/// Renders `personas/<id>/index.html`.
pub fn render(site: &Site, persona: &Persona) -> Result<Page, Diagnostic> {
    let journeys: Vec<Link> = site
        .project
        .journeys
        .iter()
        .filter(|j| j.persona_ids().any(|id| id == persona.id))
        .map(|j| Link { label: j.title.clone(), path: format!("../../{}", routes::journey(&j.id)) })
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
    context.insert("scores", &site.row(&GroupKind::Persona, &persona.id, &persona.name, None));
    context.insert("trend", &site.trend(&GroupKind::Persona, &persona.id, &persona.name));
    context.insert("quotes", &site.quotes(comments.into_iter(), metrics.map_or(0, |m| m.responses)));
    Ok(Page { path: routes::persona(&persona.id), html: site.render("persona.html", &context)? })
}
