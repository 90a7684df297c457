//! Stage 3, analyse: the project and the ingested histograms into a [`Report`] of figures.

pub mod alerts;
mod baseline;
mod change;
mod drivers;
mod emotion;
mod gaps;
mod group_table;
mod groups;
mod priority;
#[cfg(test)]
mod properties;
mod pyramid;
mod scores;
mod special;
pub mod stats;
pub mod targets;
pub mod terms;
mod topics;
pub mod value;
mod weakest;
pub mod weighting;

pub use baseline::{
    Baseline, BaselineError, RankMove, ScoreShift, SinceBaseline, compare as compare_with_baseline, read_baseline,
};
pub use change::{ALPHA, Change, ScoreChanges};
pub use drivers::{Driver, DriverSplit, Quadrant};
pub use emotion::emotion;
pub use gaps::SegmentGap;
pub use group_table::GroupTable;
pub use groups::{
    GroupKey, GroupKind, PeriodScope, split_within_touchpoint_id, stage_group_id, within_journey_id,
    within_touchpoint_id,
};
pub use priority::{Evidence, MOMENT_OF_TRUTH_WEIGHT, PainPointPriority, PrimaryMetric};
pub use pyramid::{PyramidLevel, pyramid};
pub use scores::{CesScore, CsatScore, LOW_CONFIDENCE_BELOW, NpsScore, Visibility};
pub use terms::{Side, TermFigure};
pub use topics::TopicFigure;
pub use weakest::{WeakestLink, weakest_links};

use change::Comparable;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::bands::Bands;
use crate::config::Settings;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::histogram::ScoreHistograms;
use crate::ingest::{Responses, Segment, SegmentKey, SegmentTable};
use crate::load::{Project, SETTINGS_FILE};
use crate::period::{Period, PeriodKind};

/// Every figure of one group in one period.
#[derive(Debug, Clone, Serialize)]
pub struct GroupMetrics {
    pub kind: GroupKind,
    pub id: String,
    pub scope: PeriodScope,
    /// Survey rows in the group, whatever they answered.
    pub responses: u64,
    pub histograms: ScoreHistograms,
    pub nps: NpsScore,
    pub csat: CsatScore,
    pub ces: CesScore,
    /// The NPS, CSAT and CES changes (in that order), boxed and only where there is one: most
    /// groups within a touchpoint have none, and three in place are 288 bytes a group.
    changes: Option<Box<[ScoreChanges; 3]>>,
    /// Post-stratified by persona (`weighting: persona`), for the groups that are weighed.
    pub weighted: Option<Box<weighting::WeightedScores>>,
}

impl GroupMetrics {
    /// The scores of a group from its histograms, without changes (those need other periods).
    pub fn new(
        kind: GroupKind,
        id: String,
        scope: PeriodScope,
        h: ScoreHistograms,
        settings: &Settings,
    ) -> GroupMetrics {
        GroupMetrics::scored((kind, id, scope), h, &Bands::of(&settings.surveys), settings.min_responses)
    }

    /// As [`GroupMetrics::new`], given the bands and `min_responses` of the settings.
    pub fn scored((kind, id, scope): GroupKey, h: ScoreHistograms, bands: &Bands, min: u64) -> GroupMetrics {
        GroupMetrics {
            kind,
            id,
            scope,
            responses: h.responses,
            nps: NpsScore::from_histogram(&h.nps, min),
            csat: CsatScore::from_histogram(&h.csat, bands, min),
            ces: CesScore::from_histogram(&h.ces, bands, min),
            histograms: h,
            changes: None,
            weighted: None,
        }
    }

    /// The score's change against the previous period and a year before (none: not compared).
    pub fn change(&self, metric: crate::config::Metric) -> ScoreChanges {
        self.changes.as_deref().map_or_else(ScoreChanges::default, |changes| changes[metric as usize])
    }
}

/// The figures of the whole report.
#[derive(Debug, Clone)]
pub struct Report {
    /// The period the report is about; `None` when there is no survey data.
    pub current: Option<Period>,
    /// Periods with data up to the current one, oldest first.
    pub periods: Vec<Period>,
    /// Responses dated after the current period, left out of the report.
    pub later_responses: u64,
    /// The dimension columns, in settings order.
    pub dimensions: Vec<String>,
    pub groups: GroupTable,
    /// In the site's order: by the priority with the key drivers, highest first.
    pub pain_points: Vec<PainPointPriority>,
    /// Key drivers of the touchpoints with paired CSAT and NPS answers, ranked (see `drivers`).
    pub drivers: Vec<Driver>,
    /// Where the drivers' quadrants split.
    pub drivers_split: Option<DriverSplit>,
    /// Each journey's weakest link (or why none is named), in the project's order.
    pub weakest_links: Vec<WeakestLink>,
    /// Comment topics in the current period, overall and per touchpoint.
    pub topics: Vec<TopicFigure>,
    /// Emerging terms of the current period, overall, per journey and per touchpoint.
    pub terms: Vec<TermFigure>,
    /// Each segment within a touchpoint against the rest of it in the current period, where
    /// both sides have 30 answers (`gaps.rs`): the gaps and whether they are significant.
    pub segment_gaps: Vec<SegmentGap>,
    /// Each target of the settings with its figure in the current period (`targets.rs`).
    pub targets: Vec<targets::TargetFigure>,
    /// The yearly value of unhappy customers per touchpoint and phase (`value.rs`).
    pub value_at_stake: value::ValueAtStake,
}

impl Report {
    /// The figures of a group in a period scope; every project group has them for every period
    /// scope with data (a group within a touchpoint or journey in an earlier period is held as
    /// counts: `GroupTable::earlier` scores it).
    pub fn get(&self, kind: &GroupKind, id: &str, scope: PeriodScope) -> Option<&GroupMetrics> {
        self.groups.find(kind, id, scope)
    }

    /// The current period as a period scope (all periods when there is no current period).
    pub fn current_scope(&self) -> PeriodScope {
        self.current.map_or(PeriodScope::All, PeriodScope::One)
    }
}

/// What `report.period` or `--period` asks for: a period written out, or a keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeriodChoice {
    Period(Period),
    /// The latest period with data.
    Latest,
    /// The one before it.
    Previous,
    /// The last period that has ended by the month the report is made in.
    Complete,
}

impl PeriodChoice {
    /// `2026-Q3`, `latest`, `previous` or `complete` (any case); `None` for anything else.
    fn parse(label: &str, kind: PeriodKind) -> Option<PeriodChoice> {
        if let Some(period) = Period::parse(label, kind) {
            return Some(PeriodChoice::Period(period));
        }
        match label.trim().to_ascii_lowercase().as_str() {
            "latest" => Some(PeriodChoice::Latest),
            "previous" => Some(PeriodChoice::Previous),
            "complete" => Some(PeriodChoice::Complete),
            _ => None,
        }
    }

    /// The period it names, given the periods with data and `today` (year, month).
    fn resolve(self, kind: PeriodKind, with_data: &[Period], today: Option<(i32, u8)>) -> Option<Period> {
        match self {
            PeriodChoice::Period(period) => Some(period),
            PeriodChoice::Latest => with_data.last().copied(),
            PeriodChoice::Previous => with_data.iter().rev().nth(1).copied(),
            PeriodChoice::Complete => today.map(|(year, month)| Period::containing(kind, year, month).previous()),
        }
    }
}

/// Why `label` names no period: a keyword with too few periods of data (none at all is not an
/// error, as for a period written out), or a label that is neither a keyword nor a period.
fn unknown_period(label: &str, kind: PeriodKind, with_data: &[Period], origin: &Location) -> Option<Diagnostic> {
    let known = || with_data.iter().map(Period::to_string).collect::<Vec<_>>().join(", ");
    match (PeriodChoice::parse(label, kind), with_data.last()) {
        (Some(PeriodChoice::Latest | PeriodChoice::Previous), None) => None,
        (Some(PeriodChoice::Previous), Some(latest)) => {
            Some(Diagnostic::error(origin.clone(), format!("there is no period with data before {latest}")).with_hint(
                format!("periods with data: {}; use `latest`, or add the responses of an earlier period", known()),
            ))
        }
        _ => {
            let example = if kind == PeriodKind::Quarter { "2026-Q3" } else { "2026-07" };
            Some(
                Diagnostic::error(origin.clone(), format!("`{label}` is not a {kind:?} period").to_lowercase())
                    .with_hint(format!("write the period as {example}, or `latest`, `previous` or `complete`")),
            )
        }
    }
}

/// Computes every figure. `requested` is `--period`, which wins over `report.period`; `today`
/// (year, month) is the month the report is made in, for `complete`.
pub fn analyse(
    project: &Project,
    responses: &Responses,
    requested: Option<&str>,
    today: Option<(i32, u8)>,
) -> (Report, Diagnostics) {
    analyse_counts(project, responses, Counts::Shared(&responses.segments), requested, today)
}

/// As [`analyse`], with the counts by segment given up to it (`responses.segments` is not
/// read): they are freed as soon as the groups are made, for a one-off build of a large
/// project, where they are the most memory after the groups.
pub fn analyse_given(
    project: &Project,
    responses: &Responses,
    counts: SegmentTable,
    requested: Option<&str>,
    today: Option<(i32, u8)>,
) -> (Report, Diagnostics) {
    analyse_counts(project, responses, Counts::Given(counts), requested, today)
}

/// The counts by segment a report is made from.
enum Counts<'a> {
    Shared(&'a SegmentTable),
    Given(SegmentTable),
}

fn analyse_counts(
    project: &Project,
    responses: &Responses,
    mut counts: Counts,
    requested: Option<&str>,
    today: Option<(i32, u8)>,
) -> (Report, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let settings = &project.settings;
    let table = match &counts {
        Counts::Shared(table) => table,
        Counts::Given(table) => table,
    };
    let with_data: Vec<Period> =
        table.keys().map(|(period, _)| *period).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    // Where a wrong period came from, for the message.
    let origin = if requested.is_some() { Location::argument("--period") } else { Location::file(SETTINGS_FILE) };
    let current = match requested.or(settings.report.period.as_deref()) {
        Some(label) => match PeriodChoice::parse(label, settings.period)
            .and_then(|choice| choice.resolve(settings.period, &with_data, today))
        {
            Some(period) => Some(period),
            None => {
                if let Some(problem) = unknown_period(label, settings.period, &with_data, &origin) {
                    diagnostics.push(problem);
                }
                with_data.last().copied()
            }
        },
        None => with_data.last().copied(),
    };
    if let Some(period) = current.filter(|p| !with_data.is_empty() && !with_data.contains(p)) {
        let known: Vec<String> = with_data.iter().map(Period::to_string).collect();
        diagnostics.push(
            Diagnostic::error(origin, format!("there are no survey responses in {period}"))
                .with_hint(format!("periods with data: {}", known.join(", "))),
        );
    }

    let in_report = |p: &Period| current.is_none_or(|c| *p <= c);
    let later_responses = table
        .iter()
        .filter(|((period, segment), _)| *segment == Segment::Overall && !in_report(period))
        .map(|(_, c)| c.responses())
        .sum();
    let (dimensions, _) = settings.surveys.dimensions();
    // Segments within a touchpoint are many (touchpoints × personas and values): they are rolled up
    // for the periods a page or a change test reads (the report's, the previous and a year
    // before), not for every period, which cost 3× the build time and memory on a large project.
    let within_shown = |p: &Period| current.is_none_or(|c| *p == c || *p == c.previous() || *p == c.year_ago());
    let rolled =
        |(period, segment): &SegmentKey| in_report(period) && (!segment.is_within_touchpoint() || within_shown(period));
    let mut groups = match &mut counts {
        Counts::Shared(table) => {
            groups::roll_up(project, &dimensions, current, table.iter().filter(|(key, _)| rolled(key)))
        }
        // What is not rolled up goes first: most of a large project's counts are its segments
        // within touchpoints in periods no page shows.
        Counts::Given(table) => {
            table.retain(rolled);
            groups::roll_up(project, &dimensions, current, table.iter())
        }
    };
    drop(counts); // given: the groups are made, the counts no longer needed
    add_changes(&mut groups);
    change::adjust_for_many_tests(&mut groups);
    if settings.weighting == crate::config::Weighting::Persona {
        weighting::weigh_groups(project, &mut groups);
    }
    let segment_gaps = gaps::segment_gaps(&groups, current, settings);

    let scope = current.map_or(PeriodScope::All, PeriodScope::One);
    let touchpoints: BTreeMap<&str, _> = project.touchpoints().map(|(_, _, t)| (t.id.as_str(), t)).collect();
    let pain_points = priority::prioritise(project.pain_points().filter_map(|(journey, _, pain)| {
        let touchpoint = touchpoints.get(pain.touchpoint.as_str())?;
        let metrics = groups.find(&GroupKind::Touchpoint, &pain.touchpoint, scope);
        Some((journey.id.as_str(), pain, *touchpoint, metrics))
    }));

    let periods = with_data.into_iter().filter(in_report).collect();
    let topics = topics::topic_figures(responses, current, project.settings.min_responses);
    let mut report = Report {
        current,
        periods,
        later_responses,
        dimensions,
        groups,
        pain_points,
        drivers: Vec::new(),
        drivers_split: None,
        weakest_links: Vec::new(),
        topics,
        terms: terms::emerging_terms(project, responses, current),
        segment_gaps,
        targets: Vec::new(),
        value_at_stake: value::ValueAtStake::default(),
    };
    report.targets = targets::evaluate(settings, &report);
    report.value_at_stake = value::value_at_stake(project, &report);
    report.weakest_links = weakest_links(project, &report);
    (report.drivers, report.drivers_split) = drivers::drivers(project, responses, &report);
    priority::weigh_by_drivers(&mut report.pain_points, &report.drivers);
    (report, diagnostics)
}

/// Fills in each group's change against the previous period and the same period a year ago.
/// Each change has a p-value (an incomplete beta function): most of the analysis's time,
/// so the groups are shared out among the cores.
fn add_changes(groups: &mut GroupTable) {
    // A batch at a time: the changes of every group at once would be ~300 bytes a group beside
    // the groups (hundreds of MB on a project of thousands of touchpoints). A change reads the
    // scores of the group's earlier periods, never their changes, so the order is free.
    const BATCH: usize = 1 << 15;
    for start in (0..groups.len()).step_by(BATCH) {
        let places: Vec<usize> = (start..groups.len().min(start + BATCH)).collect();
        let table = &*groups;
        let changes = crate::cores::on_all_cores(&places, |&at| changes_of(table, at));
        for (metrics, changes) in groups.values_mut().skip(start).zip(changes) {
            metrics.changes = changes.filter(|found| *found != [ScoreChanges::default(); 3]).map(Box::new);
        }
    }
}

/// The NPS, CSAT and CES changes of the group held whole at place `at`; `None` for a group of
/// all periods.
fn changes_of(groups: &GroupTable, at: usize) -> Option<[ScoreChanges; 3]> {
    let whole = groups.as_slice();
    let metrics = &whole[at];
    let PeriodScope::One(period) = metrics.scope else { return None };
    let mut changes = [ScoreChanges::default(); 3];
    // In key order a group's periods are next to each other, oldest first: its earlier
    // periods held whole are found by looking back, without making a key per look-up.
    let earlier = |p: Period| {
        let held = (whole[..at].iter().rev())
            .take_while(|g| g.kind == metrics.kind && g.id == metrics.id)
            .find(|g| g.scope == PeriodScope::One(p));
        match held {
            Some(group) => Some((p, std::borrow::Cow::Borrowed(group))),
            None if metrics.kind.is_within() => {
                groups.earlier(&metrics.kind, &metrics.id, PeriodScope::One(p)).map(|g| (p, std::borrow::Cow::Owned(g)))
            }
            None => None,
        }
    };
    for (slot, other) in [(0, earlier(period.previous())), (1, earlier(period.year_ago()))] {
        let Some((p, before)) = other else { continue };
        let found = [
            metrics.nps.change_since(&before.nps, p),
            metrics.csat.change_since(&before.csat, p),
            metrics.ces.change_since(&before.ces, p),
        ];
        for (changes, change) in changes.iter_mut().zip(found) {
            if slot == 0 { changes.previous = change } else { changes.year_ago = change }
        }
    }
    Some(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_with_one_period_of_data_names_that_period() {
        let q2 = Period::parse("2026-Q2", PeriodKind::Quarter).unwrap();
        let problem = unknown_period("previous", PeriodKind::Quarter, &[q2], &Location::argument("--period")).unwrap();
        assert_eq!(problem.message, "there is no period with data before 2026-Q2");
        assert!(problem.hint.unwrap().starts_with("periods with data: 2026-Q2;"));
    }

    #[test]
    fn keywords_without_any_data_are_no_error_and_other_words_are() {
        let origin = Location::argument("--period");
        assert!(unknown_period("previous", PeriodKind::Quarter, &[], &origin).is_none());
        assert!(unknown_period("latest", PeriodKind::Month, &[], &origin).is_none());
        let problem = unknown_period("soon", PeriodKind::Month, &[], &origin).unwrap();
        assert_eq!(problem.message, "`soon` is not a month period");
    }
}
