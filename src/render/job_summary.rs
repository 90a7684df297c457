//! What a CI job shows of a report: the Markdown job summary of `--summary-md` (key figures
//! with their changes, targets, the alerts that fired with links to their pages, the top
//! actions) and each alert in one line for `--annotations`. In the report's language, from the
//! same formatter as the pages; every text from YAML or data is escaped for Markdown.

use super::site::Site;
use crate::analyse::GroupKind;
use crate::analyse::alerts::{Alert, AlertRule, TOP_PAIN_POINTS};
use crate::analyse::targets::TargetFigure;
use crate::routes;

/// The first line of every job summary: marks the file as cxsite's (it replaces only such a
/// file, or an empty one), and shows nothing where Markdown is rendered.
pub const FIRST_LINE: &str = "<!-- cxsite job summary -->";

/// The job summary and the alerts' lines of one report.
pub struct CiTexts {
    /// The Markdown of `--summary-md`, ending in a newline.
    pub summary: String,
    /// Each alert in one line, in the alerts' order.
    pub alert_lines: Vec<String>,
}

/// The whole summary, ending in a newline. `failing` are the rules of `--fail-on`.
pub fn job_summary(site: &Site, alerts: &[Alert], failing: &[AlertRule]) -> String {
    let mut out = vec![FIRST_LINE.to_string()];
    let period = site.report.current.map(|p| p.to_string()).unwrap_or_default();
    out.push(format!("## {} · {}", md(&site.project.settings.title), md(&period)));
    out.push(String::new());
    out.push(md(&super::pages::summary::summary_line(site)));
    out.push(String::new());
    key_figures(site, &mut out);
    targets(site, &mut out);
    alert_section(site, alerts, failing, &mut out);
    top_actions(site, &mut out);
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// The overall NPS, CSAT and CES with their changes against the previous period.
fn key_figures(site: &Site, out: &mut Vec<String>) {
    let Some(metrics) = site.current(&GroupKind::Overall, "") else { return };
    out.push(format!("### {}", md(&site.t("kpis"))));
    out.push(String::new());
    out.push(format!("| | {} | {} |", md(&site.t("job_summary_score")), md(&site.t("job_summary_change"))));
    out.push("|---|---|---|".into());
    for view in site.viewer.scores(metrics) {
        let change = match &view.previous {
            Some(c) if c.q_value.starts_with('<') => {
                format!("{} ({}, {}; q {})", c.delta, c.period, c.verdict, c.q_value)
            }
            Some(c) => format!("{} ({}, {}; q = {})", c.delta, c.period, c.verdict, c.q_value),
            None => "–".into(),
        };
        let value = if view.shown { view.value.clone() } else { format!("– ({})", view.note) };
        out.push(format!("| {} | {} | {} |", md(&view.label), md(&value), md(&change)));
    }
    out.push(String::new());
}

/// Each target with its figure and verdict.
fn targets(site: &Site, out: &mut Vec<String>) {
    if site.report.targets.is_empty() {
        return;
    }
    out.push(format!("### {}", md(&site.t("job_summary_targets"))));
    out.push(String::new());
    for target in &site.report.targets {
        out.push(format!("- {}", md(&target_sentence(site, target))));
    }
    out.push(String::new());
}

/// "CSAT of Home delivery: 45% (95% interval 38% – 53%); target 80%: not met", from the
/// target's one view (`render/targets.rs`).
fn target_sentence(site: &Site, target: &TargetFigure) -> String {
    let view = super::targets::view(site, target);
    let figure = match view.interval.is_empty() {
        true => view.score.clone(),
        false => format!(
            "{} ({})",
            view.score,
            site.viewer.strings.fill("job_summary_interval", &[("interval", &view.interval)])
        ),
    };
    site.viewer.strings.fill(
        "job_summary_target",
        &[
            ("metric", &view.metric),
            ("group", &group_name(site, &target.kind, &target.id)),
            ("figure", &figure),
            ("target", &view.target),
            ("status", &view.status_text),
        ],
    )
}

/// The alerts that fired, the failing ones first marked, each with a link to its page.
fn alert_section(site: &Site, alerts: &[Alert], failing: &[AlertRule], out: &mut Vec<String>) {
    out.push(format!("### {}", md(&site.t("job_summary_alerts"))));
    out.push(String::new());
    if alerts.is_empty() {
        out.push(md(&site.t("job_summary_no_alerts")));
        out.push(String::new());
        return;
    }
    let fail_on: Vec<String> = failing.iter().map(|r| format!("`{}`", r.key())).collect();
    let failed = alerts.iter().filter(|a| failing.contains(&a.rule())).count();
    let n = site.viewer.numbers;
    out.push(site.viewer.strings.fill("job_summary_alert_count", &[("count", &n.count(alerts.len() as u64))]));
    if !fail_on.is_empty() {
        out.push(String::new());
        out.push(
            site.viewer
                .strings
                .fill("job_summary_fail_on", &[("failing", &n.count(failed as u64)), ("rules", &fail_on.join(", "))]),
        );
    }
    out.push(String::new());
    for alert in alerts {
        let mark = if failing.contains(&alert.rule()) { "❌" } else { "⚠️" };
        let (text, page) = (alert_text(site, alert), alert_page(site, alert));
        let link = match site.project.settings.base_url.as_deref() {
            Some(base) => format!(" ([{}]({}/{}))", md(&site.t("job_summary_page")), base.trim_end_matches('/'), page),
            None => format!(" (`{page}`)"),
        };
        out.push(format!("- {mark} `{}`: {}{link}", alert.rule().key(), md(&text)));
    }
    out.push(String::new());
}

/// The top pain points with their owners: what to act on first.
fn top_actions(site: &Site, out: &mut Vec<String>) {
    let actions: Vec<_> =
        site.report.pain_points.iter().take(TOP_PAIN_POINTS).filter_map(|p| site.pain_point(p, "")).collect();
    if actions.is_empty() {
        return;
    }
    out.push(format!("### {}", md(&site.t("job_summary_actions"))));
    out.push(String::new());
    for (index, p) in actions.iter().enumerate() {
        let owner = if p.owner.is_empty() { String::new() } else { format!(" · {}", md(&p.owner)) };
        out.push(format!(
            "{}. **{}**: {} ({}){owner}; {}",
            index + 1,
            md(&p.title),
            md(&p.touchpoint),
            md(&p.journey),
            md(&site.viewer.strings.fill("job_summary_unhappy", &[("share", &p.unhappy)]))
        ));
    }
    out.push(String::new());
}

/// Each alert in one line, for annotations.
pub fn alert_lines(site: &Site, alerts: &[Alert]) -> Vec<String> {
    alerts.iter().map(|alert| alert_text(site, alert)).collect()
}

/// An alert in words, in the report's language.
fn alert_text(site: &Site, alert: &Alert) -> String {
    let v = &site.viewer;
    let strings = &site.viewer.strings;
    match alert {
        Alert::Drop { kind, id, metric, score, change } => strings.fill(
            "alert_drop",
            &[
                ("metric", &site.t(metric.key())),
                ("group", &group_name(site, kind, id)),
                ("score", &v.headline_text(*metric, *score)),
                ("delta", &v.delta_text(*metric, change.delta)),
                ("period", &change.period.to_string()),
                ("q", &q_text(site, change.q_value.unwrap_or(change.p_value))),
            ],
        ),
        Alert::BelowTarget(target) => target_sentence(site, target),
        Alert::NewTopPainPoint { id, rank, before } => {
            let title = site.lookup.pain_point(id).map_or_else(|| id.clone(), |(_, _, p)| p.title.clone());
            let before = match before {
                Some(rank) => format!("#{rank}"),
                None => site.t("alert_new_pain_point_absent"),
            };
            strings
                .fill("alert_new_pain_point", &[("title", &title), ("rank", &format!("#{rank}")), ("before", &before)])
        }
        Alert::SegmentGap(gap) => {
            let kind = if gap.kind == "persona" {
                GroupKind::TouchpointPersona
            } else {
                GroupKind::TouchpointDimension(gap.kind.clone())
            };
            strings.fill(
                "alert_gap",
                &[
                    (
                        "group",
                        &group_name(site, &kind, &crate::analyse::within_touchpoint_id(&gap.touchpoint, &gap.value)),
                    ),
                    ("metric", &site.t(gap.metric.key())),
                    ("segment", &v.headline_text(gap.metric, gap.segment_score)),
                    ("rest", &v.headline_text(gap.metric, gap.rest_score)),
                    ("q", &q_text(site, gap.q_value)),
                ],
            )
        }
    }
}

/// `= 0.003`, or `< 0.001`: what follows "q".
fn q_text(site: &Site, q: f64) -> String {
    let f = site.viewer.numbers;
    if q < 0.001 { format!("< {}", f.fixed(0.001, 3)) } else { format!("= {}", f.fixed(q, 3)) }
}

/// The page an alert is about, from the site's root.
fn alert_page(site: &Site, alert: &Alert) -> String {
    match alert {
        Alert::Drop { kind, id, .. } => group_page(site, kind, id),
        Alert::BelowTarget(target) => group_page(site, &target.kind, &target.id),
        Alert::NewTopPainPoint { .. } => routes::Section::PainPoints.path(),
        Alert::SegmentGap(gap) => group_page(site, &GroupKind::Touchpoint, &gap.touchpoint),
    }
}

/// A group as people say it (`render/targets.rs::place`), "all customers" for the overall one
/// in a sentence.
fn group_name(site: &Site, kind: &GroupKind, id: &str) -> String {
    match kind {
        GroupKind::Overall => site.t("job_summary_overall"),
        _ => super::targets::place(site, kind, id).0,
    }
}

/// The page that shows a group, from the site's root: its place where it has one, else the
/// summary (overall) or the scores page.
fn group_page(site: &Site, kind: &GroupKind, id: &str) -> String {
    let (_, path, _) = super::targets::place(site, kind, id);
    path.unwrap_or_else(|| match kind {
        GroupKind::Overall => routes::Section::Summary.path(),
        _ => routes::Section::Scores.path(),
    })
}

/// Text from YAML or data made inert in Markdown: its marks escaped (a `<` only where it could
/// open a tag: `q < 0.001` stays as it reads), its lines joined.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' if chars.peek().is_some_and(|next| next.is_whitespace() || next.is_ascii_digit()) => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `text` as the data of a GitHub workflow command (`::warning::text`): `%`, CR and LF encoded.
pub fn github_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_marks_in_names_are_escaped_and_lines_joined() {
        assert_eq!(md("A | [b](javascript:x) <img>\n*c*"), "A \\| \\[b\\](javascript:x) \\<img\\> \\*c\\*");
        assert_eq!(md("q < 0.001, <3"), "q < 0.001, <3");
    }

    #[test]
    fn workflow_command_data_is_encoded() {
        assert_eq!(github_data("50% drop\r\n::error::x"), "50%25 drop%0D%0A::error::x");
    }
}
