//! A journey map for one segment: the journey drawn from the answers of one persona or of one
//! dimension value (`app`, `mobile`), each card from that segment's figures at the touchpoint,
//! suppressed cell by cell; and the switcher that links a journey's maps to each other.

use serde::Serialize;
use std::collections::BTreeSet;

use super::journey::{self, Audience};
use super::{Link, Page};
use crate::analyse::{GroupKind, PeriodScope, within_journey_id, within_touchpoint_id};
use crate::diagnostics::Diagnostic;
use crate::load::Journey;
use crate::render::pieces::GroupRow;
use crate::render::site::Site;
use crate::routes::{self, Section};

/// What a segment is a segment of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SegmentOf {
    Persona,
    /// A `surveys.dimensions` column, by its header.
    Dimension(String),
}

/// A segment a journey has a map of, and where that map is.
#[derive(Debug, Clone, Serialize)]
pub struct MapSegment {
    pub of: SegmentOf,
    /// The persona id or the dimension value as in the data.
    pub value: String,
    /// The persona's name, or the value in the report's language.
    pub label: String,
    /// "Persona", "Device": what the label is.
    pub kind_label: String,
    /// Its folder below the journey's: `persona/anna`, `device/mobile`.
    pub folder: String,
}

impl MapSegment {
    /// The group kind of its touchpoints' figures.
    pub fn touchpoint_kind(&self) -> GroupKind {
        match &self.of {
            SegmentOf::Persona => GroupKind::TouchpointPersona,
            SegmentOf::Dimension(name) => GroupKind::TouchpointDimension(name.clone()),
        }
    }

    /// The group kind of its journey's figures.
    fn journey_kind(&self) -> GroupKind {
        match &self.of {
            SegmentOf::Persona => GroupKind::JourneyPersona,
            SegmentOf::Dimension(name) => GroupKind::JourneyDimension(name.clone()),
        }
    }
}

/// The segments of a journey that get a map: each persona the journey names, and each value of
/// each dimension, with at least `min_responses` answers in the journey in the report's period,
/// where at least two of its kind have them (one persona's map would be the journey's own).
/// Personas in the journey's order, values in alphabetical order.
pub fn segments(site: &Site, journey: &Journey) -> Vec<MapSegment> {
    let Some(period) = site.report.current else { return Vec::new() };
    let min = site.project.settings.min_responses;
    let prefix = format!("{}/", journey.id);
    // The groups are sorted by kind, then id: the journey's of a kind are one run from its prefix.
    let answered = |kind: &GroupKind| -> Vec<String> {
        (site.report.groups.from_id(kind, &prefix))
            .take_while(|g| g.kind == *kind && g.id.starts_with(&prefix))
            .filter(|g| g.scope == PeriodScope::One(period) && g.responses >= min)
            .map(|g| g.id[prefix.len()..].to_string())
            .collect()
    };
    let mut found = Vec::new();
    let answered_personas = answered(&GroupKind::JourneyPersona);
    let personas: Vec<_> = (journey.persona_ids())
        .filter(|id| answered_personas.iter().any(|a| a == id))
        .filter_map(|id| site.project.personas.iter().find(|p| p.id == id))
        .collect();
    if personas.len() >= 2 {
        let kind_label = site.t("persona");
        for persona in personas {
            found.push(MapSegment {
                of: SegmentOf::Persona,
                value: persona.id.clone(),
                label: persona.name.clone(),
                kind_label: kind_label.clone(),
                folder: format!("persona/{}", persona.id),
            });
        }
    }
    for name in &site.report.dimensions {
        let values = answered(&GroupKind::JourneyDimension(name.clone()));
        if values.len() < 2 {
            continue;
        }
        for value in values {
            found.push(MapSegment {
                of: SegmentOf::Dimension(name.clone()),
                label: site.dimension_value(name, &value),
                kind_label: site.dimension_name(name),
                folder: format!("{}/{}", folder_name(name), folder_name(&value)),
                value,
            });
        }
    }
    make_unique(&mut found);
    found
}

/// A header or value as a folder name: lower-case ASCII letters and digits, `-` between words
/// (never `.`, `/` or `%`, so no value can climb out of its journey's folder or break a link).
fn folder_name(text: &str) -> String {
    let mut name = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    if name.is_empty() { "value".into() } else { name.into() }
}

/// Two segments whose words make the same folder (`App` and `app`, `Mobile web` and
/// `mobile-web`, a header `persona`) get `-2`, `-3` after the later ones.
fn make_unique(segments: &mut [MapSegment]) {
    let mut used = BTreeSet::new();
    for segment in segments {
        let base = segment.folder.clone();
        let mut count = 1;
        while !used.insert(segment.folder.clone()) {
            count += 1;
            segment.folder = format!("{base}-{count}");
        }
    }
}

/// A journey's maps, grouped by what they segment by, for the switcher above each map.
#[derive(Debug, Serialize)]
pub struct SwitcherGroup {
    pub label: String,
    pub links: Vec<SwitcherLink>,
}

/// A link to one map; `current` for the map the page shows.
#[derive(Debug, Serialize)]
pub struct SwitcherLink {
    pub label: String,
    pub path: String,
    pub current: bool,
}

/// The switcher of a journey's maps as seen from the page at `root` showing `shown` (`None`:
/// the journey's own map): "All customers", then each kind's segments. Empty when the journey
/// has no segment maps.
pub fn switcher(site: &Site, journey: &Journey, shown: Option<&MapSegment>, root: &str) -> Vec<SwitcherGroup> {
    let segments = segments(site, journey);
    if segments.is_empty() {
        return Vec::new();
    }
    let everyone = SwitcherLink {
        label: site.t("segment_map_everyone"),
        path: format!("{root}{}", routes::journey(&journey.id)),
        current: shown.is_none(),
    };
    // Everyone's map first, without a label of its kind.
    let mut groups = vec![SwitcherGroup { label: String::new(), links: vec![everyone] }];
    for segment in segments {
        let link = SwitcherLink {
            current: shown.is_some_and(|s| s.folder == segment.folder),
            path: format!("{root}{}", routes::journey_segment(&journey.id, &segment.folder)),
            label: segment.label,
        };
        match groups.last_mut() {
            Some(group) if group.label == segment.kind_label => group.links.push(link),
            _ => groups.push(SwitcherGroup { label: segment.kind_label, links: vec![link] }),
        }
    }
    groups
}

/// A touchpoint's row of the segment's table, under its stage.
#[derive(Serialize)]
struct StageRows {
    name: String,
    touchpoints: Vec<GroupRow>,
}

/// Renders `journeys/<id>/<segment folder>/index.html`.
pub fn render(site: &Site, journey: &Journey, segment: &MapSegment) -> Result<Page, Diagnostic> {
    let path = routes::journey_segment(&journey.id, &segment.folder);
    let root = "../".repeat(path.matches('/').count());
    let kind = segment.touchpoint_kind();
    let stages: Vec<StageRows> = (journey.stages.iter())
        .map(|stage| StageRows {
            name: stage.name.clone(),
            touchpoints: (stage.touchpoints.iter())
                .filter_map(|t| {
                    let mut row = site.row(&kind, &within_touchpoint_id(&t.id, &segment.value), &t.name, None)?;
                    // The map's cards link to `#scores-<touchpoint>`.
                    row.id.clone_from(&t.id);
                    Some(row)
                })
                .collect(),
        })
        .filter(|s| !s.touchpoints.is_empty())
        .collect();
    let in_table = |id: &str| stages.iter().any(|s| s.touchpoints.iter().any(|t| t.id == id));
    let map = journey::map(site, journey, &Audience::Segment(segment), &in_table, &root);

    let title =
        site.viewer.strings.fill("segment_map_title", &[("journey", &journey.title), ("segment", &segment.label)]);
    let mut context = site.context(path.matches('/').count(), Section::Journeys.key(), &title);
    context.insert("journey", journey);
    context.insert("segment", segment);
    context.insert(
        "journey_link",
        &Link { label: journey.title.clone(), path: format!("{root}{}", routes::journey(&journey.id)) },
    );
    context.insert("segment_maps", &switcher(site, journey, Some(segment), &root));
    let persona_path = match segment.of {
        SegmentOf::Persona => format!("{root}{}", routes::persona(&segment.value)),
        SegmentOf::Dimension(_) => String::new(),
    };
    context.insert("persona_path", &persona_path);
    context.insert("emotion_svg", &map.emotion_svg);
    context.insert("emotion_note", &map.emotion_note);
    context.insert("map", &map);
    context.insert(
        "scores",
        &site.row(&segment.journey_kind(), &within_journey_id(&journey.id, &segment.value), &segment.label, None),
    );
    context.insert("stages", &stages);
    context.insert("min_responses", &site.viewer.numbers.count(site.project.settings.min_responses));
    Ok(Page { path, html: site.render("journey_segment.html", &context)? })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(folder: &str) -> MapSegment {
        MapSegment {
            of: SegmentOf::Dimension("device".into()),
            value: String::new(),
            label: String::new(),
            kind_label: String::new(),
            folder: folder.into(),
        }
    }

    #[test]
    fn folder_names_hold_only_lower_case_letters_digits_and_dashes() {
        assert_eq!(folder_name("Mobile web"), "mobile-web");
        assert_eq!(folder_name("../../etc"), "etc");
        assert_eq!(folder_name("%2e%2e"), "2e-2e");
        assert_eq!(folder_name("Café"), "caf");
        assert_eq!(folder_name("…"), "value");
    }

    #[test]
    fn folders_that_would_be_the_same_are_numbered() {
        let mut segments =
            vec![segment("device/app"), segment("device/app"), segment("device/web"), segment("device/app")];
        make_unique(&mut segments);
        let folders: Vec<&str> = segments.iter().map(|s| s.folder.as_str()).collect();
        assert_eq!(folders, ["device/app", "device/app-2", "device/web", "device/app-3"]);
    }
}
