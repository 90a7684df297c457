//! The ranked pain points, with every factor of each priority.

use super::Page;
use crate::diagnostics::Diagnostic;
use crate::render::site::Site;
use crate::routes::Section;

/// Renders `pain-points/index.html`.
pub fn render(site: &Site) -> Result<Page, Diagnostic> {
    let list: Vec<_> = site.report.pain_points.iter().filter_map(|p| site.pain_point(p, "../")).collect();
    let mut context = site.context(Section::PainPoints.depth(), Section::PainPoints.key(), &site.t("nav_pain_points"));
    context.insert("pain_points", &list);
    context.insert("moment_weight", &site.viewer.numbers.fixed(crate::analyse::MOMENT_OF_TRUTH_WEIGHT, 1));
    Ok(Page { path: Section::PainPoints.path(), html: site.render("pain_points.html", &context)? })
}
