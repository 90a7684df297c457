//! The method page: how every figure is made, from the settings this build used, what was
//! left out and why, and every input file with its SHA-256.

use crate::routes::Section;
use serde::Serialize;

use super::Page;
use crate::analyse::{GroupKind, LOW_CONFIDENCE_BELOW, PeriodScope};
use crate::diagnostics::Diagnostic;
use crate::load::{Inputs, TopicSet};
use crate::render::site::Site;

/// A line of the "left out" list: what, how many.
#[derive(Serialize)]
struct LeftOut {
    what: String,
    count: String,
}

/// Renders `method/index.html`.
pub fn render(site: &Site, inputs: &Inputs) -> Result<Page, Diagnostic> {
    let settings = &site.project.settings;
    let report = site.report;
    let quality = &site.responses.quality;
    let numbers = site.viewer.numbers;

    let mut left_out = vec![LeftOut { what: site.t("rows_skipped"), count: numbers.count(quality.rows_skipped) }];
    left_out.extend(
        (quality.issues.values())
            .map(|issue| LeftOut { what: site.quality_kind(issue.kind), count: numbers.count(issue.count) }),
    );
    left_out.extend(quality.no_answer.iter().map(|(metric, count)| LeftOut {
        what: format!("{} ({})", site.t("skipped_answers"), site.t(metric)),
        count: numbers.count(*count),
    }));
    left_out.push(LeftOut { what: site.t("later_responses_short"), count: numbers.count(report.later_responses) });
    left_out.extend(quality.redacted.iter().map(|(kind, count)| LeftOut {
        what: site.viewer.strings.fill("redacted", &[("kind", &site.t(kind.i18n_key()))]),
        count: numbers.count(*count),
    }));
    let scope = report.current_scope();
    let suppressed = report
        .groups
        .values()
        // The scores the pages' tables hold; a touchpoint's or journey's figures for one segment are
        // compared and mapped, not listed.
        .filter(|g| g.scope == scope && !g.kind.is_within())
        .map(|g| {
            [g.nps.visibility.suppressed, g.csat.visibility.suppressed, g.ces.visibility.suppressed]
                .iter()
                .filter(|s| **s)
                .count() as u64
        })
        .sum();
    left_out.push(LeftOut { what: site.t("suppressed_scores"), count: numbers.count(suppressed) });

    let (dimensions, _) = settings.surveys.dimensions();
    let settings_used: Vec<(String, String)> = vec![
        (site.t("method_period"), report.current.map_or_else(|| site.t("no_period"), |p| p.to_string())),
        (
            site.t("method_periods_with_data"),
            report.periods.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        ),
        (
            site.t("method_period_kind"),
            site.t(match settings.period {
                crate::period::PeriodKind::Quarter => "period_kind_quarter",
                crate::period::PeriodKind::Month => "period_kind_month",
            }),
        ),
        (site.t("method_min_responses"), settings.min_responses.to_string()),
        (site.t("method_low_confidence"), LOW_CONFIDENCE_BELOW.to_string()),
        (site.t("csat"), format!("1–{}", settings.surveys.scales.csat)),
        (site.t("ces"), format!("1–{}", settings.surveys.scales.ces)),
        (site.t("method_dimensions"), dimensions.iter().map(|d| site.dimension_name(d)).collect::<Vec<_>>().join(", ")),
        (site.t("method_survey_files"), settings.surveys.files.join(", ")),
        (
            site.t("method_topics"),
            match site.project.topic_set {
                TopicSet::File => crate::load::TOPICS_FILE.to_string(),
                TopicSet::BuiltIn => site.t("method_topics_built_in"),
                TopicSet::Off => site.t("method_topics_off"),
            },
        ),
    ];
    let mut context = site.context(Section::Method.depth(), Section::Method.key(), &site.t("nav_method"));
    context.insert("weighting", &weighting(site));
    context.insert("value_method", &value_method(site));
    context.insert("settings_used", &settings_used);
    context.insert("files", &site.file_views());
    context.insert("left_out", &left_out);
    context.insert("inputs", inputs);
    context.insert("min_responses", &settings.min_responses.to_string());
    context.insert("all_scope", &(scope == PeriodScope::All));
    Ok(Page { path: Section::Method.path(), html: site.render("method.html", &context)? })
}

/// What the method page says of the value at stake: every assumption, and the personas'
/// customers and values used; `None` where no value at stake is shown.
fn value_method(site: &Site) -> Option<(String, String)> {
    let currency = site.project.settings.currency.as_deref()?;
    if site.report.value_at_stake.is_empty() {
        return None;
    }
    let n = site.viewer.numbers;
    let inputs: Vec<String> = (site.project.personas.iter())
        .filter_map(|p| {
            let value = site.viewer.money_text(currency, p.value_per_customer?);
            Some(format!("{}: {} × {value}", p.name, n.count(p.customers?)))
        })
        .collect();
    Some((
        site.t("method_value_text"),
        site.viewer.strings.fill("method_value_inputs", &[("inputs", &inputs.join("; "))]),
    ))
}

/// What the method page says of `weighting: persona`: the answers left out of the weighted
/// figures (those without a persona) and the shares used; `None` without weighting.
fn weighting(site: &Site) -> Option<(String, String)> {
    if site.project.settings.weighting != crate::config::Weighting::Persona {
        return None;
    }
    let overall = site.current(&GroupKind::Overall, "")?;
    let with_persona: u64 = (site.project.personas.iter())
        .filter_map(|p| site.current(&GroupKind::Persona, &p.id))
        .map(|m| m.responses)
        .sum();
    let without = site.viewer.numbers.count(overall.responses.saturating_sub(with_persona));
    let shares: Vec<String> = (site.project.personas.iter())
        .filter_map(|p| Some(format!("{} {}%", p.name, site.viewer.numbers.fixed(100.0 * p.share?, 0))))
        .collect();
    Some((
        site.viewer.strings.fill("method_weighting_text", &[("count", &without)]),
        site.viewer.strings.fill("method_weighting_shares", &[("shares", &shares.join(", "))]),
    ))
}
