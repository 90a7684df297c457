//! `topics/index.html`: what customers talk about, overall and at each touchpoint, how much
//! more the unhappy mention it than the happy, with a quote for each.

use crate::routes::Section;
use serde::Serialize;

use super::Page;
use crate::analyse::terms::MIN_RESPONDENTS;
use crate::analyse::{GroupKind, Report, Side, TopicFigure};
use crate::bands::Band;
use crate::diagnostics::Diagnostic;
use crate::ingest::{Comment, StopWords, holds_term};
use crate::load::Project;
use crate::render::pieces::QuoteView;
use crate::render::site::Site;

#[derive(Serialize)]
struct TopicRow {
    name: String,
    count: String,
    unhappy: String,
    happy: String,
    /// The topic is mentioned more among the unhappy than among the happy.
    complaint: bool,
    quotes: Vec<QuoteView>,
}

/// The topics of one group (overall, or a touchpoint): `scopes` in the template.
#[derive(Serialize)]
struct TopicTable {
    title: String,
    rows: Vec<TopicRow>,
}

#[derive(Serialize)]
struct TermRow {
    term: String,
    unhappy: String,
    happy: String,
    z: String,
    quotes: Vec<QuoteView>,
}

/// The emerging terms of one group (overall, a journey, a touchpoint): `term_scopes` in the
/// template.
#[derive(Serialize)]
struct TermTable {
    title: String,
    unhappy: Vec<TermRow>,
    happy: Vec<TermRow>,
}

/// Whether the report has a topics page: the project has topics, or comments gave terms.
pub fn has_page(project: &Project, report: &Report) -> bool {
    !project.topics.is_empty() || !report.terms.is_empty()
}

/// Renders the topics page: the topics' table per group, then the emerging terms.
pub fn render(site: &Site) -> Result<Page, Diagnostic> {
    let period = site.report.current;
    let name = |id: &str| site.project.topics.iter().find(|t| t.id == id).map_or(id.to_string(), |t| t.name.clone());
    let pct = |share: Option<f64>| {
        share.map_or_else(|| "–".into(), |s| format!("{}%", site.viewer.numbers.fixed(100.0 * s, 0)))
    };
    let row = |figure: &TopicFigure| {
        let touchpoint = figure.group.touchpoint().map(str::to_string);
        let responses = match &touchpoint {
            Some(id) => site.current(&GroupKind::Touchpoint, id).map_or(0, |m| m.responses),
            None => site.current(&GroupKind::Overall, "").map_or(0, |m| m.responses),
        };
        let complaint = figure.share_unhappy.unwrap_or(0.0) > figure.share_happy.unwrap_or(0.0);
        // The quote comes from the side the topic leans to: an unhappy customer's for a
        // complaint, a happy one's for praise, any other only when that side has none.
        let quotes = match period {
            Some(period) => {
                let in_group = |(at, p): &&(Option<String>, crate::period::Period)| {
                    *p == period && (touchpoint.is_none() || *at == touchpoint)
                };
                let about: Vec<&Comment> = (site.responses.comments.by_touchpoint.iter())
                    .filter(|(key, _)| in_group(key))
                    .flat_map(|(_, comments)| comments)
                    .filter(|c| c.topics.contains(&figure.topic))
                    .collect();
                let side = if complaint { Band::Unhappy } else { Band::Happy };
                let leaning = about.iter().copied().find(|c| site.band_of(c) == side);
                site.quotes(leaning.or(about.first().copied()).into_iter(), responses)
            }
            None => Vec::new(),
        };
        TopicRow {
            name: name(&figure.topic),
            count: site.viewer.numbers.count(figure.count),
            unhappy: pct(figure.share_unhappy),
            happy: pct(figure.share_happy),
            complaint,
            quotes,
        }
    };
    let mut tables: Vec<TopicTable> = Vec::new();
    for figure in &site.report.topics {
        let title = match figure.group.touchpoint() {
            None => site.t("overall"),
            Some(id) => (site.project.touchpoints())
                .find(|(_, _, t)| t.id == id)
                .map_or(id.to_string(), |(j, _, t)| format!("{} · {}", t.name, j.title)),
        };
        match tables.last_mut() {
            Some(table) if table.title == title => table.rows.push(row(figure)),
            _ => tables.push(TopicTable { title, rows: vec![row(figure)] }),
        }
    }
    let mut context = site.context(Section::Topics.depth(), Section::Topics.key(), &site.t("nav_topics"));
    context.insert("scopes", &tables);
    context.insert("term_scopes", &term_tables(site));
    context.insert("term_min_respondents", &MIN_RESPONDENTS.to_string());
    context.insert("topic_count", &site.project.topics.len());
    Ok(Page { path: Section::Topics.path(), html: site.render("topics.html", &context)? })
}

/// The emerging terms by group, each with up to two quotes from its side that hold it.
fn term_tables(site: &Site) -> Vec<TermTable> {
    let stop = StopWords::for_language(&site.project.settings.language);
    let f = site.viewer.numbers;
    let mut tables: Vec<(GroupKind, String, TermTable)> = Vec::new();
    for figure in &site.report.terms {
        let kind = figure.group.clone();
        let touchpoints: Vec<&str> = match kind {
            GroupKind::Touchpoint => vec![figure.id.as_str()],
            GroupKind::Journey => (site.project.journeys.iter())
                .filter(|j| j.id == figure.id)
                .flat_map(|j| j.stages.iter().flat_map(|s| &s.touchpoints))
                .map(|t| t.id.as_str())
                .collect(),
            _ => Vec::new(),
        };
        let in_group =
            |at: &Option<String>| kind == GroupKind::Overall || at.as_deref().is_some_and(|t| touchpoints.contains(&t));
        let side = if figure.side == Side::Unhappy { Band::Unhappy } else { Band::Happy };
        let mut about: Vec<&Comment> = (site.responses.comments.by_touchpoint.iter())
            .filter(|((at, period), _)| Some(*period) == site.report.current && in_group(at))
            .flat_map(|(_, comments)| comments)
            .filter(|c| site.band_of(c) == side && holds_term(&c.text.to_lowercase(), &figure.term, &stop))
            .collect();
        about.sort();
        let responses = site.current(&kind, &figure.id).map_or(0, |m| m.responses);
        let row = TermRow {
            term: figure.term.clone(),
            unhappy: f.count(figure.unhappy),
            happy: f.count(figure.happy),
            z: f.signed(figure.z, 1),
            quotes: site.quotes(about.into_iter(), responses).into_iter().take(2).collect(),
        };
        if !matches!(tables.last(), Some((k, id, _)) if *k == kind && *id == figure.id) {
            let title = match kind {
                GroupKind::Overall => site.t("overall"),
                GroupKind::Journey => (site.project.journeys.iter())
                    .find(|j| j.id == figure.id)
                    .map_or(figure.id.clone(), |j| j.title.clone()),
                _ => (site.project.touchpoints())
                    .find(|(_, _, t)| t.id == figure.id)
                    .map_or(figure.id.clone(), |(j, _, t)| format!("{} · {}", t.name, j.title)),
            };
            tables.push((kind.clone(), figure.id.clone(), TermTable { title, unhappy: Vec::new(), happy: Vec::new() }));
        }
        let table = &mut tables.last_mut().expect("pushed above").2;
        match figure.side {
            Side::Unhappy => table.unhappy.push(row),
            Side::Happy => table.happy.push(row),
        }
    }
    tables.into_iter().map(|(.., table)| table).collect()
}
