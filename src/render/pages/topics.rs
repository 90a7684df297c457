//! `topics/index.html`: what customers talk about, overall and at each touchpoint, how much
//! more the unhappy mention it than the happy, with a quote for each.

use serde::Serialize;

use super::Page;
use crate::analyse::{GroupKind, TopicFigure};
use crate::bands::Band;
use crate::diagnostics::Diagnostic;
use crate::ingest::Comment;
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

#[derive(Serialize)]
struct Scope {
    title: String,
    rows: Vec<TopicRow>,
}

/// Renders the topics page (only when the project has topics).
pub fn render(site: &Site) -> Result<Page, Diagnostic> {
    let period = site.report.current;
    let name = |id: &str| site.project.topics.iter().find(|t| t.id == id).map_or(id.to_string(), |t| t.name.clone());
    let pct = |share: Option<f64>| {
        share.map_or_else(|| "–".into(), |s| format!("{}%", site.viewer.numbers.fixed(100.0 * s, 0)))
    };
    let row = |figure: &TopicFigure| {
        let touchpoint = (figure.scope != "overall").then(|| figure.scope.clone());
        let responses = match &touchpoint {
            Some(id) => site.current(&GroupKind::Touchpoint, id).map_or(0, |m| m.responses),
            None => site.current(&GroupKind::Overall, "").map_or(0, |m| m.responses),
        };
        let complaint = figure.share_unhappy.unwrap_or(0.0) > figure.share_happy.unwrap_or(0.0);
        // The quote comes from the side the topic leans to: an unhappy customer's for a
        // complaint, a happy one's for praise, any other only when that side has none.
        let quotes = match period {
            Some(period) => {
                let in_scope = |(scope, p): &&(Option<String>, crate::period::Period)| {
                    *p == period && (touchpoint.is_none() || *scope == touchpoint)
                };
                let about: Vec<&Comment> = (site.responses.comments.by_scope.iter())
                    .filter(|(key, _)| in_scope(key))
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
    let mut scopes: Vec<Scope> = Vec::new();
    for figure in &site.report.topics {
        let title = if figure.scope == "overall" {
            site.t("overall")
        } else {
            site.project
                .touchpoints()
                .find(|(_, _, t)| t.id == figure.scope)
                .map_or(figure.scope.clone(), |(j, _, t)| format!("{} · {}", t.name, j.title))
        };
        match scopes.last_mut() {
            Some(scope) if scope.title == title => scope.rows.push(row(figure)),
            _ => scopes.push(Scope { title, rows: vec![row(figure)] }),
        }
    }
    let mut context = site.context(1, "topics", &site.t("nav_topics"));
    context.insert("scopes", &scopes);
    context.insert("topic_count", &site.project.topics.len());
    Ok(Page { path: "topics/index.html".into(), html: site.render("topics.html", &context)? })
}
