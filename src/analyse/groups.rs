//! Rolls the ingested cells up into the report's groups: overall, lifecycle phase (its
//! journeys), persona, journey, stage,
//! touchpoint and each dimension for every period and for all periods together; and each
//! touchpoint and journey per persona and per dimension value, for each period.

use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

use super::group_table::EarlierGroup;
use super::{GroupMetrics, GroupTable};
use crate::bands::Bands;
use crate::histogram::{CompactHistograms, ScoreHistograms};
use crate::ingest::{Segment, SegmentKey};
use crate::load::Project;
use crate::period::Period;

/// The kind of a group: what it sums its segments by. The order is the order of the scores page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupKind {
    Overall,
    /// A phase of the customer lifecycle: the sum of its journeys (`lifecycle:`).
    Phase,
    Persona,
    Journey,
    Stage,
    Touchpoint,
    /// A `surveys.dimensions` column, by its header name.
    Dimension(String),
    /// A touchpoint's responses by persona: id `touchpoint/persona`.
    TouchpointPersona,
    /// A touchpoint's responses by a value of this `surveys.dimensions` column: id
    /// `touchpoint/value`.
    TouchpointDimension(String),
    /// A journey's responses by persona (its `touchpoint/persona` groups summed): id
    /// `journey/persona`.
    JourneyPersona,
    /// A journey's responses by a value of this `surveys.dimensions` column: id `journey/value`.
    JourneyDimension(String),
}

impl GroupKind {
    /// The `group` value in `metrics.json`.
    pub fn name(&self) -> std::borrow::Cow<'_, str> {
        match self {
            GroupKind::Overall => "overall".into(),
            GroupKind::Phase => "phase".into(),
            GroupKind::Persona => "persona".into(),
            GroupKind::Journey => "journey".into(),
            GroupKind::Stage => "stage".into(),
            GroupKind::Touchpoint => "touchpoint".into(),
            GroupKind::Dimension(name) => name.into(),
            GroupKind::TouchpointPersona => "touchpoint/persona".into(),
            GroupKind::TouchpointDimension(name) => format!("touchpoint/{name}").into(),
            GroupKind::JourneyPersona => "journey/persona".into(),
            GroupKind::JourneyDimension(name) => format!("journey/{name}").into(),
        }
    }

    /// The group kind metrics.json calls `name`, given the project's dimension headers.
    pub fn from_name(name: &str, dimensions: &[String]) -> Option<GroupKind> {
        let dimension = |header: &str| dimensions.iter().find(|d| *d == header).cloned();
        Some(match name {
            "overall" => GroupKind::Overall,
            "phase" => GroupKind::Phase,
            "persona" => GroupKind::Persona,
            "journey" => GroupKind::Journey,
            "stage" => GroupKind::Stage,
            "touchpoint" => GroupKind::Touchpoint,
            "touchpoint/persona" => GroupKind::TouchpointPersona,
            "journey/persona" => GroupKind::JourneyPersona,
            _ => match name.split_once('/') {
                Some(("touchpoint", header)) => GroupKind::TouchpointDimension(dimension(header)?),
                Some(("journey", header)) => GroupKind::JourneyDimension(dimension(header)?),
                _ => GroupKind::Dimension(dimension(name)?),
            },
        })
    }

    /// A segment within a touchpoint (`touchpoint/persona`, `touchpoint/<dimension>`): the
    /// groups the segment gaps compare, not shown in the tables of every group.
    pub fn is_within_touchpoint(&self) -> bool {
        matches!(self, GroupKind::TouchpointPersona | GroupKind::TouchpointDimension(_))
    }

    /// A touchpoint or a journey for one persona or dimension value: summed from the segments
    /// within a touchpoint, rolled up for the periods the pages read only, and not in the
    /// tables of every group.
    pub fn is_within(&self) -> bool {
        self.is_within_touchpoint() || matches!(self, GroupKind::JourneyPersona | GroupKind::JourneyDimension(_))
    }
}

impl Serialize for GroupKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}

/// A single period, or all periods up to the report's current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodScope {
    One(Period),
    All,
}

impl fmt::Display for PeriodScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeriodScope::One(period) => period.fmt(f),
            PeriodScope::All => f.write_str("all"),
        }
    }
}

impl Serialize for PeriodScope {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A group in a period scope: `(kind, id, scope)`. Stage ids are `journey/stage`, the overall id is `""`.
pub type GroupKey = (GroupKind, String, PeriodScope);

/// The id of a stage group: stage ids are only unique within their journey.
pub fn stage_group_id(journey: &str, stage: &str) -> String {
    format!("{journey}/{stage}")
}

/// The id of a segment within a touchpoint: `checkout/mobile`, `checkout/anna`.
pub fn within_touchpoint_id(touchpoint: &str, value: &str) -> String {
    format!("{touchpoint}/{value}")
}

/// The id of a journey for a persona or dimension value: `buy/mobile`, `buy/anna`.
pub fn within_journey_id(journey: &str, value: &str) -> String {
    format!("{journey}/{value}")
}

/// The touchpoint and the persona or dimension value of a segment within a touchpoint's id.
/// Touchpoint ids hold no `/`; a dimension value may.
pub fn split_within_touchpoint_id(id: &str) -> Option<(&str, &str)> {
    id.split_once('/')
}

/// Sums the segments into every group, and adds empty groups so that every group of the
/// project appears for every period with data.
pub fn roll_up<'a>(
    project: &Project,
    dimensions: &[String],
    current: Option<Period>,
    segments: impl Iterator<Item = (&'a SegmentKey, &'a CompactHistograms)> + Clone,
) -> GroupTable {
    let settings = &project.settings;
    let mut place: HashMap<&str, (&str, String)> = HashMap::new();
    let mut phase_of: HashMap<&str, &str> = HashMap::new();
    for (journey, stage, touchpoint) in project.touchpoints() {
        place.insert(&touchpoint.id, (&journey.id, stage_group_id(&journey.id, &stage.id)));
        if let Some(phase) = &journey.phase {
            phase_of.insert(&touchpoint.id, phase);
        }
    }
    let periods: BTreeSet<Period> = segments.clone().map(|((period, _), _)| *period).collect();
    let (bands, min) = (Bands::of(&settings.surveys), settings.min_responses);
    let mut table = Rolled { groups: Vec::new(), earlier: Vec::new(), current, bands, min };
    // What each segment adds to which group (none: a group shown without answers), sorted by
    // group, then summed into the groups in one pass: a tree of groups grown entry by entry
    // held every key twice and its nodes a third empty. In three passes, as their groups sort:
    // the groups of whole segments, then of segments within a touchpoint, then within a
    // journey; a third of the additions wait at once.
    let mut adds: Vec<(GroupKey, Option<&CompactHistograms>)> = Vec::new();
    let mut dimension_values: BTreeSet<(usize, String)> = BTreeSet::new();
    // The periods of segments within a touchpoint: each such group appears in all of them.
    let mut within_periods: BTreeSet<Period> = BTreeSet::new();
    for pass in [Pass::Whole, Pass::WithinTouchpoint, Pass::WithinJourney] {
        let within = pass != Pass::Whole;
        for ((period, segment), counts) in segments.clone().filter(|((_, s), _)| s.is_within_touchpoint() == within) {
            let targets: Vec<(GroupKind, String)> = match segment {
                Segment::Overall => vec![(GroupKind::Overall, String::new())],
                Segment::Persona(id) => vec![(GroupKind::Persona, id.clone())],
                Segment::Touchpoint(id) => match place.get(id.as_str()) {
                    Some((journey, stage)) => {
                        let mut targets = vec![
                            (GroupKind::Touchpoint, id.clone()),
                            (GroupKind::Stage, stage.clone()),
                            (GroupKind::Journey, journey.to_string()),
                        ];
                        if let Some(phase) = phase_of.get(id.as_str()) {
                            targets.push((GroupKind::Phase, phase.to_string()));
                        }
                        targets
                    }
                    None => Vec::new(),
                },
                Segment::Dimension(index, value) => match dimensions.get(*index) {
                    Some(name) => {
                        dimension_values.insert((*index, value.clone()));
                        vec![(GroupKind::Dimension(name.clone()), value.clone())]
                    }
                    None => Vec::new(),
                },
                Segment::TouchpointPersona(touchpoint, persona) => match place.get(touchpoint.as_str()) {
                    Some((journey, _)) => vec![
                        (GroupKind::TouchpointPersona, within_touchpoint_id(touchpoint, persona)),
                        (GroupKind::JourneyPersona, within_journey_id(journey, persona)),
                    ],
                    None => Vec::new(),
                },
                Segment::TouchpointDimension(index, touchpoint, value) => {
                    match (place.get(touchpoint.as_str()), dimensions.get(*index)) {
                        (Some((journey, _)), Some(name)) => vec![
                            (GroupKind::TouchpointDimension(name.clone()), within_touchpoint_id(touchpoint, value)),
                            (GroupKind::JourneyDimension(name.clone()), within_journey_id(journey, value)),
                        ],
                        _ => Vec::new(),
                    }
                }
            };
            let in_pass = |kind: &GroupKind| match pass {
                Pass::Whole => true,
                Pass::WithinTouchpoint => kind.is_within_touchpoint(),
                Pass::WithinJourney => !kind.is_within_touchpoint(),
            };
            for (kind, id) in targets.into_iter().filter(|(kind, _)| in_pass(kind)) {
                // A group within a touchpoint or journey is read per period only (`analyse` rolls
                // up the periods it shows), never summed over all periods. Its key is moved, not
                // cloned: there are millions.
                if kind.is_within() {
                    within_periods.insert(*period);
                    adds.push(((kind, id, PeriodScope::One(*period)), Some(counts)));
                } else {
                    adds.push(((kind.clone(), id.clone(), PeriodScope::One(*period)), Some(counts)));
                    adds.push(((kind, id, PeriodScope::All), Some(counts)));
                }
            }
        }

        if !within {
            let mut every_group: Vec<(GroupKind, String)> = vec![(GroupKind::Overall, String::new())];
            every_group.extend(project.settings.lifecycle.iter().map(|p| (GroupKind::Phase, p.id.clone())));
            every_group.extend(project.personas.iter().map(|p| (GroupKind::Persona, p.id.clone())));
            for journey in &project.journeys {
                every_group.push((GroupKind::Journey, journey.id.clone()));
                for stage in &journey.stages {
                    every_group.push((GroupKind::Stage, stage_group_id(&journey.id, &stage.id)));
                    every_group.extend(stage.touchpoints.iter().map(|t| (GroupKind::Touchpoint, t.id.clone())));
                }
            }
            every_group.extend(
                std::mem::take(&mut dimension_values)
                    .into_iter()
                    .map(|(i, value)| (GroupKind::Dimension(dimensions[i].clone()), value)),
            );
            let scopes: Vec<PeriodScope> =
                periods.iter().copied().map(PeriodScope::One).chain([PeriodScope::All]).collect();
            for (kind, id) in every_group {
                for scope in &scopes {
                    adds.push(((kind.clone(), id.clone(), *scope), None));
                }
            }
        }
        adds.sort_unstable_by(|a, b| a.0.cmp(&b.0));

        // The groups of one kind and id, their periods in order.
        let mut run: Vec<(GroupKey, ScoreHistograms)> = Vec::new();
        for (key, counts) in adds.drain(..) {
            match run.last_mut() {
                Some((last, _)) if last.0 != key.0 || last.1 != key.1 => {
                    table.add(std::mem::take(&mut run), &within_periods);
                }
                _ => {}
            }
            match run.last_mut() {
                Some((last, sum)) if *last == key => counts.into_iter().for_each(|c| sum.merge(&c.expand())),
                _ => run.push((key, counts.map(CompactHistograms::expand).unwrap_or_default())),
            }
        }
        table.add(run, &within_periods);
    }
    GroupTable::with_earlier(table.groups, table.earlier, Some(bands), min)
}

/// A pass of the roll-up: the groups it makes sort after those of the passes before.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    Whole,
    WithinTouchpoint,
    WithinJourney,
}

/// The groups as they are rolled up.
struct Rolled {
    groups: Vec<GroupMetrics>,
    earlier: Vec<EarlierGroup>,
    current: Option<Period>,
    bands: Bands,
    min: u64,
}

impl Rolled {
    /// Adds the groups of one kind and id, in key order. A group within a touchpoint or journey
    /// appears in each of `within_periods` (empty where it has no answers), and is held as
    /// counts in those before the report's period.
    fn add(&mut self, mut run: Vec<(GroupKey, ScoreHistograms)>, within_periods: &BTreeSet<Period>) {
        let Some(((kind, id, _), _)) = run.first() else { return };
        if !kind.is_within() {
            return self.add_whole(run);
        }
        let (kind, id) = (kind.clone(), id.clone());
        let missing: Vec<Period> = (within_periods.iter().copied())
            .filter(|p| !run.iter().any(|((_, _, scope), _)| *scope == PeriodScope::One(*p)))
            .collect();
        if !missing.is_empty() {
            run.extend(
                missing.into_iter().map(|p| ((kind.clone(), id.clone(), PeriodScope::One(p)), Default::default())),
            );
            run.sort_unstable_by_key(|((_, _, scope), _)| *scope);
        }
        // Held as counts: each earlier period's group, where the run has its group in the
        // report's period and every count fits in 32 bits (a warehouse's may not); else whole.
        let current_at = run.iter().position(|((_, _, scope), _)| Some(*scope) == self.current.map(PeriodScope::One));
        let compact: Option<Vec<CompactHistograms>> = run.iter().map(|(_, h)| CompactHistograms::of(h)).collect();
        let (Some(current_at), Some(compact)) = (current_at, compact) else { return self.add_whole(run) };
        let current = self.groups.len() as u32;
        for (at, ((key, _), histograms)) in run.iter().zip(compact).enumerate() {
            if at == current_at {
                continue;
            }
            let PeriodScope::One(period) = key.2 else { unreachable!("a group within is of one period") };
            self.earlier.push(EarlierGroup { current, period, histograms });
        }
        let (key, histograms) = run.swap_remove(current_at);
        self.groups.push(GroupMetrics::scored(key, histograms, &self.bands, self.min));
    }

    /// Adds each group of `run` whole, scored.
    fn add_whole(&mut self, run: Vec<(GroupKey, ScoreHistograms)>) {
        let (bands, min) = (&self.bands, self.min);
        self.groups.extend(run.into_iter().map(|(key, h)| GroupMetrics::scored(key, h, bands, min)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_kind_is_found_by_its_name() {
        let dimensions = vec!["device".to_string()];
        let kinds = [
            GroupKind::Overall,
            GroupKind::Phase,
            GroupKind::Persona,
            GroupKind::Journey,
            GroupKind::Stage,
            GroupKind::Touchpoint,
            GroupKind::Dimension("device".into()),
            GroupKind::TouchpointPersona,
            GroupKind::TouchpointDimension("device".into()),
            GroupKind::JourneyPersona,
            GroupKind::JourneyDimension("device".into()),
        ];
        for kind in kinds {
            assert_eq!(GroupKind::from_name(&kind.name(), &dimensions), Some(kind));
        }
        assert_eq!(GroupKind::from_name("channel", &dimensions), None);
        assert_eq!(GroupKind::from_name("touchpoint/channel", &dimensions), None);
    }
}
