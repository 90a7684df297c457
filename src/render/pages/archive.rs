//! The archive index of `cxsite build --archive`: every period with data, its headline
//! scores, and a link to the snapshot of the report as it was for that period.

use crate::routes::Section;
use serde::Serialize;

use super::Page;
use crate::analyse::{GroupKind, PeriodScope};
use crate::diagnostics::Diagnostic;
use crate::render::site::Site;
use crate::render::views::ScoreView;

#[derive(Serialize)]
struct ArchivedReport {
    period: String,
    path: String,
    responses: String,
    scores: [ScoreView; 3],
}

/// Renders `reports/index.html`, newest period first.
pub fn render(site: &Site) -> Result<Page, Diagnostic> {
    let reports: Vec<ArchivedReport> = site
        .report
        .periods
        .iter()
        .rev()
        .filter_map(|period| {
            let overall = site.report.get(&GroupKind::Overall, "", PeriodScope::One(*period))?;
            Some(ArchivedReport {
                period: period.to_string(),
                path: format!("{period}/index.html"),
                responses: site.viewer.numbers.count(overall.responses),
                scores: site.viewer.scores(overall),
            })
        })
        .collect();
    let mut context = site.context(Section::Reports.depth(), Section::Reports.key(), &site.t("nav_archive"));
    context.insert("reports", &reports);
    Ok(Page { path: Section::Reports.path(), html: site.render("reports.html", &context)? })
}
