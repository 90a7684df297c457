//! The customer lifecycle (`lifecycle:` in cxsite.yaml): each phase in order with its scores
//! (its journeys summed), trend, top pain points, weakest link and value at stake.

use serde::Serialize;

use super::{Link, Page};
use crate::analyse::{GroupKind, WeakestLink};
use crate::diagnostics::Diagnostic;
use crate::render::pieces::{ExposureView, GroupRow, PainPointView, TrendView};
use crate::render::site::Site;
use crate::routes::{self, Section};

/// How many pain points a phase lists.
const PAIN_POINTS: usize = 3;

/// A phase of the lifecycle, as the page and the summary show it.
#[derive(Serialize)]
pub struct PhaseView {
    pub id: String,
    pub name: String,
    /// "Phase 2 of 5".
    pub position: String,
    pub journeys: Vec<Link>,
    pub scores: Option<GroupRow>,
    pub trend: TrendView,
    pub pain_points: Vec<PainPointView>,
    /// "Checkout (Ordering a plant online): CSAT 61%, at most 68%", or empty.
    pub weakest: String,
    pub exposure: Option<ExposureView>,
}

/// Every phase in the order of `lifecycle:`, with links relative to `root`.
pub fn phases(site: &Site, root: &str) -> Vec<PhaseView> {
    let lifecycle = &site.project.settings.lifecycle;
    let n = site.viewer.numbers;
    (lifecycle.iter().enumerate())
        .map(|(index, phase)| {
            let journeys: Vec<_> =
                site.project.journeys.iter().filter(|j| j.phase.as_deref() == Some(phase.id.as_str())).collect();
            let in_phase = |journey: &str| journeys.iter().any(|j| j.id == journey);
            let answered = site.current(&GroupKind::Phase, &phase.id).is_some_and(|m| m.responses > 0);
            let pain_points = (site.report.pain_points.iter())
                .filter(|p| in_phase(&p.journey) && p.evidence.has_figures())
                .take(PAIN_POINTS)
                .filter_map(|p| site.pain_point(p, root))
                .collect();
            // The weakest of its journeys' weakest links, by the same rule: the lowest CSAT even
            // at the top of its interval.
            let weakest = (site.report.weakest_links.iter())
                .filter(|w| in_phase(&w.journey) && w.ci95.is_some())
                .min_by(|a, b| upper(a).total_cmp(&upper(b)).then(a.journey.cmp(&b.journey)))
                .and_then(|w| weakest_text(site, w))
                .unwrap_or_default();
            PhaseView {
                id: phase.id.clone(),
                name: phase.name.clone(),
                position: site.viewer.strings.fill(
                    "lifecycle_position",
                    &[("n", &n.count(index as u64 + 1)), ("of", &n.count(lifecycle.len() as u64))],
                ),
                journeys: (journeys.iter())
                    .map(|j| Link { label: j.title.clone(), path: format!("{root}{}", routes::journey(&j.id)) })
                    .collect(),
                // A phase nobody answered in (no journey yet) shows no empty figures.
                scores: answered.then(|| site.row(&GroupKind::Phase, &phase.id, &phase.name, None)).flatten(),
                trend: if answered {
                    site.trend(&GroupKind::Phase, &phase.id, &phase.name)
                } else {
                    TrendView::default()
                },
                pain_points,
                weakest,
                exposure: site.exposure(&GroupKind::Phase, &phase.id),
            }
        })
        .collect()
}

fn upper(link: &WeakestLink) -> f64 {
    link.ci95.map_or(f64::INFINITY, |(_, high)| high)
}

/// A weakest link in words, with its journey.
fn weakest_text(site: &Site, link: &WeakestLink) -> Option<String> {
    let (_, _, touchpoint) = site.lookup.touchpoint(link.touchpoint.as_deref()?)?;
    let journey = site.project.journeys.iter().find(|j| j.id == link.journey)?;
    let (csat, (_, high)) = (link.csat?, link.ci95?);
    let f = site.viewer.numbers;
    Some(site.viewer.strings.fill(
        "lifecycle_weakest",
        &[
            ("touchpoint", &touchpoint.name),
            ("journey", &journey.title),
            ("csat", &format!("{}%", f.fixed(csat, 0))),
            ("high", &format!("{}%", f.fixed(high, 0))),
        ],
    ))
}

/// Renders `lifecycle/index.html`.
pub fn render(site: &Site) -> Result<Page, Diagnostic> {
    let root = "../";
    let mut context = site.context(Section::Lifecycle.depth(), Section::Lifecycle.key(), &site.t("nav_lifecycle"));
    context.insert("phases", &phases(site, root));
    let unplaced: Vec<Link> = (site.project.journeys.iter())
        .filter(|j| j.phase.is_none())
        .map(|j| Link { label: j.title.clone(), path: format!("{root}{}", routes::journey(&j.id)) })
        .collect();
    context.insert("unplaced", &unplaced);
    Ok(Page { path: Section::Lifecycle.path(), html: site.render("lifecycle.html", &context)? })
}
