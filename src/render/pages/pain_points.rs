//! The ranked pain points, with every factor of each priority.

use serde::Serialize;

use super::Page;
use crate::analyse::GroupKind;
use crate::diagnostics::Diagnostic;
use crate::render::pieces::ExposureView;
use crate::render::site::Site;
use crate::routes::Section;

/// A pain point in the ranking by value at stake.
#[derive(Serialize)]
struct ValueRow {
    title: String,
    path: String,
    touchpoint: String,
    /// Its place in the site's order.
    rank: usize,
    exposure: ExposureView,
}

/// Renders `pain-points/index.html`.
pub fn render(site: &Site) -> Result<Page, Diagnostic> {
    let list: Vec<_> = site.report.pain_points.iter().filter_map(|p| site.pain_point(p, "../")).collect();
    let mut context = site.context(Section::PainPoints.depth(), Section::PainPoints.key(), &site.t("nav_pain_points"));
    context.insert("pain_points", &list);
    // The third ranking: by the value at stake at the pain point's touchpoint, where it is known.
    let by_value: Vec<ValueRow> = (crate::analyse::value::pain_points_by_value(site.report).into_iter())
        .filter_map(|(priority, _)| {
            let view = list.iter().find(|p| p.id == priority.id)?;
            Some(ValueRow {
                title: view.title.clone(),
                path: format!("{}#pain-{}", view.journey_path, view.id),
                touchpoint: view.touchpoint.clone(),
                rank: view.rank,
                exposure: site.exposure(&GroupKind::Touchpoint, &priority.touchpoint)?,
            })
        })
        .collect();
    context.insert("by_value", &by_value);
    context.insert("moment_weight", &site.viewer.numbers.fixed(crate::analyse::MOMENT_OF_TRUTH_WEIGHT, 1));
    Ok(Page { path: Section::PainPoints.path(), html: site.render("pain_points.html", &context)? })
}
