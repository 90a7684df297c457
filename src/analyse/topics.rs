//! What customers talk about: each topic's comments in the report's period, overall and per
//! touchpoint, and its share among the unhappy and among the happy comments of that group.

use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

use crate::ingest::{Responses, TopicCounts};
use crate::period::Period;

/// The group a topic is counted in: every comment (overall), or a touchpoint's. (A group, as
/// `GroupKind` names them, of the two kinds comments are counted by.)
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TopicGroup {
    Overall,
    Touchpoint(String),
}

impl TopicGroup {
    /// The touchpoint id, `None` for the overall group.
    pub fn touchpoint(&self) -> Option<&str> {
        match self {
            TopicGroup::Overall => None,
            TopicGroup::Touchpoint(id) => Some(id),
        }
    }
}

/// In metrics.json: `overall`, or the touchpoint id.
impl Serialize for TopicGroup {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.touchpoint().unwrap_or("overall"))
    }
}

/// One topic in one group.
#[derive(Debug, Clone, Serialize)]
pub struct TopicFigure {
    /// `overall`, or a touchpoint id (kept apart from a touchpoint whose id is `overall`);
    /// `scope` in metrics.json (a contract).
    #[serde(rename = "scope")]
    pub group: TopicGroup,
    pub topic: String,
    /// Comments that mention it.
    pub count: u64,
    /// Of the group's comments with an unhappy answer, the share mentioning the topic (0–1);
    /// `None` without such comments. Likewise for happy ones.
    pub share_unhappy: Option<f64>,
    pub share_happy: Option<f64>,
}

/// Every topic mentioned in `period`, overall first, then by touchpoint; in each group the
/// topics most concentrated among unhappy customers first (share among the unhappy minus share
/// among the happy: what to fix before what is merely common), then the most mentioned.
/// A group with fewer comments than `min_responses` shows its counts only: shares of a handful
/// of comments are not figures (as scores are suppressed below it).
pub fn topic_figures(responses: &Responses, period: Option<Period>, min_responses: u64) -> Vec<TopicFigure> {
    let Some(period) = period else { return Vec::new() };
    // (group, topic) → counts; the topic `None` holds the group's totals.
    let mut by_group: BTreeMap<(TopicGroup, Option<String>), TopicCounts> = BTreeMap::new();
    for ((p, touchpoint, topic), counts) in &responses.topics {
        if *p != period {
            continue;
        }
        let groups = std::iter::once(TopicGroup::Overall).chain(touchpoint.clone().map(TopicGroup::Touchpoint));
        for group in groups {
            let entry = by_group.entry((group, topic.clone())).or_default();
            entry.comments += counts.comments;
            entry.unhappy += counts.unhappy;
            entry.happy += counts.happy;
        }
    }
    let share = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
    let mut figures: Vec<TopicFigure> = by_group
        .iter()
        .filter_map(|((group, topic), counts)| {
            let totals = by_group.get(&(group.clone(), None))?;
            let shown = totals.comments >= min_responses;
            Some(TopicFigure {
                group: group.clone(),
                topic: topic.clone()?,
                count: counts.comments,
                share_unhappy: share(counts.unhappy, totals.unhappy).filter(|_| shown),
                share_happy: share(counts.happy, totals.happy).filter(|_| shown),
            })
        })
        .collect();
    let lean = |f: &TopicFigure| f.share_unhappy.unwrap_or(0.0) - f.share_happy.unwrap_or(0.0);
    figures.sort_by(|a, b| {
        (a.group.cmp(&b.group))
            .then(lean(b).total_cmp(&lean(a)))
            .then((std::cmp::Reverse(a.count), &a.topic).cmp(&(std::cmp::Reverse(b.count), &b.topic)))
    });
    figures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::PeriodKind;

    #[test]
    fn a_group_with_too_few_comments_shows_counts_but_no_shares() {
        let period = Period::containing(PeriodKind::Quarter, 2026, 7);
        let mut responses = Responses::default();
        let counts = |comments, unhappy, happy| TopicCounts { comments, unhappy, happy };
        // Checkout: 3 comments, 2 unhappy and 1 happy; 2 of them (both unhappy) about waiting.
        let checkout = Some("checkout".to_string());
        responses.topics.insert((period, checkout.clone(), None), counts(3, 2, 1));
        responses.topics.insert((period, checkout, Some("wait-time".into())), counts(2, 2, 0));
        let figure = |min| {
            topic_figures(&responses, Some(period), min)
                .into_iter()
                .find(|f| f.group.touchpoint() == Some("checkout"))
                .unwrap()
        };
        let shown = figure(3);
        assert_eq!((shown.count, shown.share_unhappy, shown.share_happy), (2, Some(1.0), Some(0.0)));
        let hidden = figure(4);
        assert_eq!((hidden.count, hidden.share_unhappy, hidden.share_happy), (2, None, None));
    }

    #[test]
    fn a_touchpoint_called_overall_is_not_the_overall_group() {
        let period = Period::containing(PeriodKind::Quarter, 2026, 7);
        let mut responses = Responses::default();
        let counts = |comments, unhappy, happy| TopicCounts { comments, unhappy, happy };
        responses.topics.insert((period, Some("overall".to_string()), None), counts(4, 2, 2));
        responses.topics.insert((period, Some("overall".to_string()), Some("price".into())), counts(2, 2, 0));
        let figures = topic_figures(&responses, Some(period), 1);
        let price: Vec<(&TopicGroup, u64)> =
            figures.iter().filter(|f| f.topic == "price").map(|f| (&f.group, f.count)).collect();
        // Once in the whole report and once at the touchpoint, not twice in one group.
        assert_eq!(price, [(&TopicGroup::Overall, 2), (&TopicGroup::Touchpoint("overall".into()), 2)]);
    }
}
