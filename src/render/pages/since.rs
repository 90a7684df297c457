//! `changes/index.html`: what changed since the last published report (`--baseline`).

use crate::routes::Section;
use serde::Serialize;

use super::Page;
use crate::analyse::SinceBaseline;
use crate::diagnostics::Diagnostic;
use crate::render::site::Site;
use crate::render::views::ChangeView;

/// A pain point in one of the lists: its title where the project still has it.
#[derive(Serialize)]
struct PainPointLine {
    id: String,
    title: String,
    touchpoint: String,
    /// "3 → 1", or the rank alone.
    rank: String,
}

#[derive(Serialize)]
struct ShiftLine {
    touchpoint: String,
    metric: String,
    before: String,
    after: String,
    change: ChangeView,
}

/// Renders the comparison with the earlier report.
pub fn render(site: &Site, since: &SinceBaseline) -> Result<Page, Diagnostic> {
    let f = site.viewer.numbers;
    let line = |id: &str, rank: String| {
        let found = site.lookup.pain_point(id);
        let touchpoint = found
            .and_then(|(_, _, p)| site.lookup.touchpoint(&p.touchpoint))
            .map(|(_, _, t)| t.name.clone())
            .unwrap_or_default();
        PainPointLine {
            id: id.to_string(),
            title: found.map(|(_, _, p)| p.title.clone()).unwrap_or_default(),
            touchpoint,
            rank,
        }
    };
    let rank_now =
        |id: &str| site.lookup.rank_index(id).map_or(0, |index| site.report.pain_points[index].rank_with_drivers);
    let new: Vec<PainPointLine> = since.new.iter().map(|id| line(id, rank_now(id).to_string())).collect();
    let resolved: Vec<PainPointLine> = since.resolved.iter().map(|id| line(id, String::new())).collect();
    let moved: Vec<PainPointLine> =
        since.moved.iter().map(|m| line(&m.id, format!("{} → {}", m.before, m.after))).collect();
    let shifts: Vec<ShiftLine> = since
        .shifts
        .iter()
        .map(|s| {
            let name = site.lookup.touchpoint(&s.touchpoint).map(|(_, _, t)| t.name.clone());
            ShiftLine {
                touchpoint: name.unwrap_or_else(|| s.touchpoint.clone()),
                metric: site.t(s.metric.key()),
                before: site.viewer.score_text(s.metric, s.before),
                after: site.viewer.score_text(s.metric, s.after),
                // Listed because q < 0.05: every shift here is significant.
                change: site.viewer.change_view(
                    s.metric,
                    s.after - s.before,
                    since.period.clone(),
                    s.p_value,
                    Some(s.q_value),
                    true,
                ),
            }
        })
        .collect();
    let title = site.viewer.strings.fill("nav_since", &[("period", &since.period)]);
    let mut context = site.context(Section::Changes.depth(), Section::Changes.key(), &title);
    context.insert("baseline_period", &since.period);
    let sections = [(site.t("since_new"), new), (site.t("since_resolved"), resolved), (site.t("since_moved"), moved)];
    context.insert("pain_sections", &sections);
    context.insert("shifts", &shifts);
    context.insert("tested", &f.count(since.tested as u64));
    Ok(Page { path: Section::Changes.path(), html: site.render("changes.html", &context)? })
}
