//! A journey map: stages as columns, lanes for touchpoints, the emotion curve, pain points.

use crate::routes::{self, Section};
use serde::Serialize;

use super::{Link, Page};
use crate::analyse::{GroupKind, emotion, stage_group_id};
use crate::config::Metric;
use crate::diagnostics::Diagnostic;
use crate::load::Journey;
use crate::render::charts::{self, EmotionPoint, EmotionSource, emotion_curve};
use crate::render::pieces::{GroupRow, PainPointView, QuoteView};
use crate::render::site::Site;
use crate::render::views::ScoreView;

#[derive(Serialize)]
struct StageView {
    id: String,
    name: String,
    goal: String,
    scores: Option<GroupRow>,
    touchpoints: Vec<TouchpointView>,
    pain_points: Vec<PainPointView>,
    opportunities: Vec<OpportunityView>,
}

#[derive(Serialize)]
struct TouchpointView {
    id: String,
    name: String,
    channel: String,
    /// A decorative icon for the channel: markup cxsite generates, never user text.
    channel_icon: &'static str,
    owner: String,
    partner: bool,
    moment_of_truth: bool,
    description: String,
    /// "+1.2", or "–" without survey data or a declared emotion.
    emotion: String,
    /// `survey`, `declared` or `none`.
    emotion_source: &'static str,
    /// What the survey point comes from ("from its CSAT mean"), or empty.
    emotion_from: String,
    responses: String,
    nps: ScoreView,
    csat: ScoreView,
    ces: ScoreView,
    quotes: Vec<QuoteView>,
}

#[derive(Serialize)]
struct OpportunityView {
    title: String,
    description: String,
    touchpoint: String,
    owner: String,
}

/// Renders `journeys/<id>/index.html`.
pub fn render(site: &Site, journey: &Journey) -> Result<Page, Diagnostic> {
    let root = "../../";
    let bands = site.bands();
    let mut points = Vec::new();
    let mut stages = Vec::new();
    let (mut from_survey, mut declared) = (0, 0);
    for (index, stage) in journey.stages.iter().enumerate() {
        let mut touchpoints = Vec::new();
        for touchpoint in &stage.touchpoints {
            let metrics = site.current(&GroupKind::Touchpoint, &touchpoint.id);
            let measured = metrics.and_then(|m| emotion(m, &bands));
            let asked = measured.map(|(_, metric)| match metric {
                Metric::Csat => site.viewer.strings.fill("emotion_from", &[("metric", &site.t("csat"))]),
                Metric::Ces => site.viewer.strings.fill("emotion_from", &[("metric", &site.t("ces"))]),
                Metric::Nps => site.t("emotion_from_nps"),
            });
            let (value, source) = match (measured, touchpoint.emotion) {
                (Some((v, _)), _) => (Some(v), EmotionSource::Survey),
                (None, Some(v)) => (Some(v), EmotionSource::Declared),
                (None, None) => (None, EmotionSource::Declared),
            };
            if let Some(value) = value {
                points.push(EmotionPoint { stage: index, label: &touchpoint.name, value, source });
                match source {
                    EmotionSource::Survey => from_survey += 1,
                    EmotionSource::Declared => declared += 1,
                }
            }
            let row = site.row(&GroupKind::Touchpoint, &touchpoint.id, &touchpoint.name, None);
            let Some(row) = row else { continue };
            let comments = site
                .report
                .current
                .and_then(|p| site.responses.comments.by_touchpoint.get(&(Some(touchpoint.id.clone()), p)));
            let quotes = site.quotes(comments.into_iter().flatten(), metrics.map_or(0, |m| m.responses));
            touchpoints.push(TouchpointView {
                id: touchpoint.id.clone(),
                name: touchpoint.name.clone(),
                channel: touchpoint.channel.as_deref().map(|c| site.channel_name(c)).unwrap_or_default(),
                channel_icon: charts::channel_icon(touchpoint.channel.as_deref().unwrap_or("")),
                owner: touchpoint.owner.clone().unwrap_or_default(),
                partner: touchpoint.partner,
                moment_of_truth: touchpoint.moment_of_truth,
                description: touchpoint.description.clone().unwrap_or_default(),
                emotion: value.map(|v| site.viewer.numbers.signed(v, 1)).unwrap_or_else(|| "–".into()),
                emotion_from: asked.unwrap_or_default(),
                emotion_source: match (value, source) {
                    (None, _) => "none",
                    (Some(_), EmotionSource::Survey) => "survey",
                    (Some(_), EmotionSource::Declared) => "declared",
                },
                responses: row.responses,
                nps: row.nps,
                csat: row.csat,
                ces: row.ces,
                quotes,
            });
        }
        let pain_points = site
            .report
            .pain_points
            .iter()
            .filter(|p| stage.pain_points.iter().any(|s| s.id == p.id))
            .filter_map(|p| site.pain_point(p, root))
            .collect();
        let names = |id: &Option<String>| {
            id.as_deref()
                .and_then(|id| stage.touchpoints.iter().find(|t| t.id == id))
                .map(|t| t.name.clone())
                .unwrap_or_default()
        };
        let opportunities = stage
            .opportunities
            .iter()
            .map(|o| {
                let o = o.detail();
                OpportunityView {
                    touchpoint: names(&o.touchpoint),
                    title: o.title,
                    description: o.description.unwrap_or_default(),
                    owner: o.owner.unwrap_or_default(),
                }
            })
            .collect();
        stages.push(StageView {
            id: stage.id.clone(),
            name: stage.name.clone(),
            goal: stage.goal.clone().unwrap_or_default(),
            scores: site.row(&GroupKind::Stage, &stage_group_id(&journey.id, &stage.id), &stage.name, None),
            touchpoints,
            pain_points,
            opportunities,
        });
    }

    let n = site.viewer.numbers;
    let note = site
        .viewer
        .strings
        .fill("emotion_note", &[("survey", &n.count(from_survey)), ("declared", &n.count(declared))]);
    let title = site.viewer.strings.fill("emotion_title", &[("journey", &journey.title)]);
    let svg = emotion_curve(&title, &note, journey.stages.len(), &points);

    let personas: Vec<Link> = journey
        .persona_ids()
        .filter_map(|id| site.project.personas.iter().find(|p| p.id == id))
        .map(|p| Link { label: p.name.clone(), path: format!("{root}{}", routes::persona(&p.id)) })
        .collect();
    let mut context = site.context(2, Section::Journeys.key(), &journey.title);
    context.insert("journey", journey);
    context.insert("personas", &personas);
    context.insert("stages", &stages);
    context.insert("scores", &site.row(&GroupKind::Journey, &journey.id, &journey.title, None));
    context.insert("trend", &site.trend(&GroupKind::Journey, &journey.id, &journey.title));
    let touchpoint_trends: Vec<(String, _)> = journey
        .stages
        .iter()
        .flat_map(|stage| &stage.touchpoints)
        .map(|t| (t.name.clone(), site.trend(&GroupKind::Touchpoint, &t.id, &t.name)))
        .filter(|(_, trend)| !trend.rows.is_empty())
        .collect();
    context.insert("touchpoint_trends", &touchpoint_trends);
    let pyramid = site.pyramid(Some(&journey.id));
    let has_levels = pyramid.iter().any(|level| level.scores.is_some());
    context.insert("pyramid", &if has_levels { pyramid } else { Vec::new() });
    context.insert("emotion_svg", &svg);
    context.insert("emotion_note", &note);
    context.insert("stage_count", &journey.stages.len());
    Ok(Page { path: routes::journey(&journey.id), html: site.render("journey.html", &context)? })
}
