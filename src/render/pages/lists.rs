//! The index pages of the journeys and the personas.

use crate::routes::{self, Section};
use serde::Serialize;

use super::{Link, Page};
use crate::analyse::GroupKind;
use crate::diagnostics::Diagnostic;
use crate::render::pieces::GroupRow;
use crate::render::site::Site;

#[derive(Serialize)]
struct JourneyCard {
    title: String,
    description: String,
    path: String,
    stages: usize,
    touchpoints: usize,
    personas: Vec<Link>,
    scores: Option<GroupRow>,
}

#[derive(Serialize)]
struct PersonaCard {
    name: String,
    quote: String,
    summary: String,
    path: String,
    share: String,
    scores: Option<GroupRow>,
}

/// Renders `journeys/index.html`.
pub fn journeys(site: &Site) -> Result<Page, Diagnostic> {
    let mut context = site.context(Section::Journeys.depth(), Section::Journeys.key(), &site.t("nav_journeys"));
    context.insert("journeys", &journey_cards(site, "../"));
    Ok(Page { path: Section::Journeys.path(), html: site.render("journeys.html", &context)? })
}

/// Renders `personas/index.html`.
pub fn personas(site: &Site) -> Result<Page, Diagnostic> {
    let cards: Vec<PersonaCard> = site
        .project
        .personas
        .iter()
        .map(|p| PersonaCard {
            name: p.name.clone(),
            quote: p.quote.clone().unwrap_or_default(),
            summary: p.summary.clone().unwrap_or_default(),
            path: format!("{}/index.html", p.id),
            share: p.share.map(|s| format!("{}%", site.viewer.numbers.fixed(100.0 * s, 0))).unwrap_or_default(),
            scores: site.row(&GroupKind::Persona, &p.id, &p.name, None),
        })
        .collect();
    let mut context = site.context(Section::Personas.depth(), Section::Personas.key(), &site.t("nav_personas"));
    context.insert("personas", &cards);
    Ok(Page { path: Section::Personas.path(), html: site.render("personas.html", &context)? })
}

/// A card per journey, with paths relative to a page at `root`.
pub fn journey_cards(site: &Site, root: &str) -> Vec<impl Serialize> {
    site.project
        .journeys
        .iter()
        .map(|j| JourneyCard {
            title: j.title.clone(),
            description: j.description.clone().unwrap_or_default(),
            path: format!("{root}{}", routes::journey(&j.id)),
            stages: j.stages.len(),
            touchpoints: j.stages.iter().map(|s| s.touchpoints.len()).sum(),
            personas: j
                .persona_ids()
                .filter_map(|id| site.project.personas.iter().find(|p| p.id == id))
                .map(|p| Link { label: p.name.clone(), path: format!("{root}{}", routes::persona(&p.id)) })
                .collect(),
            scores: site.row(&GroupKind::Journey, &j.id, &j.title, None),
        })
        .collect()
}
