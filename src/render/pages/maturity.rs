//! `maturity/index.html`: the team's self-assessment, one row per dimension across the four
//! stages from Cluttered to Cultural, with its evidence and next step.

use crate::routes::Section;
use serde::Serialize;

use super::Page;
use crate::diagnostics::Diagnostic;
use crate::load::{Maturity, MaturityStage};
use crate::render::site::Site;

#[derive(Serialize)]
struct Row {
    dimension: String,
    /// One flag per stage: reached (at or below the assessed stage), and which one is current.
    stages: Vec<(bool, bool)>,
    stage: String,
    evidence: String,
    next_step: String,
}

/// Renders the maturity page.
pub fn render(site: &Site, maturity: &Maturity) -> Result<Page, Diagnostic> {
    let rows: Vec<Row> = maturity
        .dimensions
        .iter()
        .map(|a| {
            let dimension = serde_json::to_value(a.dimension).ok().and_then(|v| v.as_str().map(str::to_string));
            Row {
                dimension: site.t(&format!("maturity_{}", dimension.unwrap_or_default().replace('-', "_"))),
                stages: MaturityStage::ALL.iter().map(|s| (*s <= a.stage, *s == a.stage)).collect(),
                stage: site.t(&format!("maturity_{}", a.stage.key())),
                evidence: a.evidence.clone().unwrap_or_default(),
                next_step: a.next_step.clone().unwrap_or_default(),
            }
        })
        .collect();
    let stages: Vec<String> = MaturityStage::ALL.iter().map(|s| site.t(&format!("maturity_{}", s.key()))).collect();
    let mut context = site.context(Section::Maturity.depth(), Section::Maturity.key(), &site.t("nav_maturity"));
    context.insert("rows", &rows);
    context.insert("stages", &stages);
    context.insert("assessed", &maturity.assessed);
    Ok(Page { path: Section::Maturity.path(), html: site.render("maturity.html", &context)? })
}
