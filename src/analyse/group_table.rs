//! The report's groups: a list sorted by (kind, id, period scope), found by binary search.
//!
//! Each group carries its own key. A tree from key to group held every key twice (the tree's
//! and the group's) and its nodes a third empty: on a project of 20,000 touchpoints, 1.2M
//! groups, that was 1.2 GB (see `bench/limits.py`).
//!
//! The groups within a touchpoint or journey in the periods before the report's (the previous
//! and a year before, for their changes) are most of the groups of a large project and are
//! read only for those changes, the weights and `metrics.json`: they keep their histograms
//! alone, in 32-bit counts, and their key as the place of their group in the report's period,
//! and are scored when read.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::{GroupKind, GroupMetrics, PeriodScope};
use crate::bands::Bands;
use crate::histogram::{CompactHistograms, ScoreHistograms};
use crate::period::Period;

/// A group within a touchpoint or journey in a period before the report's: its counts, and
/// its kind and id as those of its group in the report's period (held whole, at `current` in
/// the table's whole groups), which every such group has.
#[derive(Debug, Clone)]
pub struct EarlierGroup {
    pub current: u32,
    pub period: Period,
    pub histograms: CompactHistograms,
}

/// Every group of the report in key order, each key once.
#[derive(Debug, Clone, Default)]
pub struct GroupTable {
    /// The groups held whole, in key order.
    groups: Vec<GroupMetrics>,
    /// The groups held as counts, in key order.
    earlier: Vec<EarlierGroup>,
    /// How the earlier groups are scored: the project's bands and `min_responses`.
    bands: Option<Bands>,
    min_responses: u64,
}

impl GroupTable {
    /// A table of groups already in key order, each key once, with no earlier groups.
    pub fn from_sorted(groups: Vec<GroupMetrics>) -> GroupTable {
        GroupTable::with_earlier(groups, Vec::new(), None, 0)
    }

    /// A table of groups held whole and groups held as counts, each list in key order, each
    /// key once in either, the latter scored with `bands` and `min_responses` when read.
    pub fn with_earlier(
        groups: Vec<GroupMetrics>,
        earlier: Vec<EarlierGroup>,
        bands: Option<Bands>,
        min_responses: u64,
    ) -> GroupTable {
        let table = GroupTable { groups, earlier, bands, min_responses };
        debug_assert!(table.groups.windows(2).all(|pair| order(&pair[0], key_of(&pair[1])) == Ordering::Less));
        debug_assert!(table.earlier.windows(2).all(|pair| table.key(&pair[0]) < table.key(&pair[1])));
        debug_assert!(table.earlier.is_empty() || table.bands.is_some());
        table
    }

    /// The key of a group held as counts.
    fn key(&self, group: &EarlierGroup) -> (&GroupKind, &str, PeriodScope) {
        let current = &self.groups[group.current as usize];
        (&current.kind, &current.id, PeriodScope::One(group.period))
    }

    /// The counts of the group of this key, held whole or not.
    pub fn histograms(&self, kind: &GroupKind, id: &str, scope: PeriodScope) -> Option<ScoreHistograms> {
        match self.find(kind, id, scope) {
            Some(group) => Some(group.histograms),
            None => self.earlier_group(kind, id, scope).map(|group| group.histograms.expand()),
        }
    }

    /// The group of this key if it is held as counts, scored.
    pub fn earlier(&self, kind: &GroupKind, id: &str, scope: PeriodScope) -> Option<GroupMetrics> {
        self.earlier_group(kind, id, scope).map(|group| self.score(group))
    }

    fn earlier_group(&self, kind: &GroupKind, id: &str, scope: PeriodScope) -> Option<&EarlierGroup> {
        let at = self.earlier.binary_search_by(|g| self.key(g).cmp(&(kind, id, scope)));
        Some(&self.earlier[at.ok()?])
    }

    fn score(&self, group: &EarlierGroup) -> GroupMetrics {
        let bands = self.bands.as_ref().expect("a table with earlier groups has their bands");
        let (kind, id, scope) = self.key(group);
        GroupMetrics::scored(
            (kind.clone(), id.to_string(), scope),
            group.histograms.expand(),
            bands,
            self.min_responses,
        )
    }

    /// Every group, those held as counts scored, in key order: for `metrics.json`.
    pub fn every_group(&self) -> impl Iterator<Item = Cow<'_, GroupMetrics>> {
        let mut whole = self.groups.iter().peekable();
        let mut earlier = self.earlier.iter().peekable();
        std::iter::from_fn(move || match (whole.peek(), earlier.peek()) {
            (Some(group), Some(counts)) if order(group, self.key(counts)).is_gt() => {
                earlier.next().map(|counts| Cow::Owned(self.score(counts)))
            }
            (Some(_), _) => whole.next().map(Cow::Borrowed),
            (None, _) => earlier.next().map(|counts| Cow::Owned(self.score(counts))),
        })
    }

    /// The group of kind `kind`, id `id` and `scope`, without making a key.
    pub fn find(&self, kind: &GroupKind, id: &str, scope: PeriodScope) -> Option<&GroupMetrics> {
        let at = self.place(kind, id, scope).ok()?;
        Some(&self.groups[at])
    }

    /// Where the group of this key is, or would be.
    fn place(&self, kind: &GroupKind, id: &str, scope: PeriodScope) -> Result<usize, usize> {
        self.groups.binary_search_by(|group| order(group, (kind, id, scope)))
    }

    /// The groups from the first of kind `kind` whose id is `id` or after it, in key order.
    pub fn from_id(&self, kind: &GroupKind, id: &str) -> std::slice::Iter<'_, GroupMetrics> {
        let start = self.groups.partition_point(|group| (&group.kind, group.id.as_str()) < (kind, id));
        self.groups[start..].iter()
    }

    /// The groups held whole, in key order.
    pub fn values(&self) -> std::slice::Iter<'_, GroupMetrics> {
        self.groups.iter()
    }

    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, GroupMetrics> {
        self.groups.iter_mut()
    }

    /// The groups held whole, in key order, by place: a group's earlier periods held whole
    /// are just before it.
    pub fn as_slice(&self) -> &[GroupMetrics] {
        &self.groups
    }

    pub fn as_mut_slice(&mut self) -> &mut [GroupMetrics] {
        &mut self.groups
    }

    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

fn key_of(group: &GroupMetrics) -> (&GroupKind, &str, PeriodScope) {
    (&group.kind, &group.id, group.scope)
}

/// How `group` compares with the key (kind, id, scope): as `GroupKey`s compare.
fn order(group: &GroupMetrics, key: (&GroupKind, &str, PeriodScope)) -> Ordering {
    key_of(group).cmp(&key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::GroupKey;
    use crate::period::PeriodKind;

    #[test]
    fn groups_held_as_counts_are_found_and_listed_in_key_order_with_the_others() {
        let p = |label: &str| Period::parse(label, PeriodKind::Quarter).unwrap();
        let q = |label: &str| PeriodScope::One(p(label));
        let bands = Bands { csat: 5, ces: 7, ces_direction: Default::default() };
        let answered = |n: u64| {
            let mut h = ScoreHistograms { responses: n, ..ScoreHistograms::default() };
            h.nps.counts[10] = n;
            h
        };
        let compact = |n: u64| CompactHistograms::of(&answered(n)).unwrap();
        let key = |kind: GroupKind, id: &str, scope| (kind, id.to_string(), scope);
        let whole = |k: GroupKey, n| GroupMetrics::scored(k, answered(n), &bands, 2);
        let within = GroupKind::TouchpointPersona;
        let groups = vec![
            whole(key(GroupKind::Touchpoint, "checkout", q("2026-Q3")), 9),
            whole(key(within.clone(), "checkout/anna", q("2026-Q3")), 3),
            whole(key(within.clone(), "checkout/ben", q("2026-Q3")), 1),
        ];
        let earlier = vec![
            EarlierGroup { current: 1, period: p("2025-Q3"), histograms: compact(5) },
            EarlierGroup { current: 1, period: p("2026-Q2"), histograms: compact(4) },
            EarlierGroup { current: 2, period: p("2026-Q2"), histograms: compact(1) },
        ];
        let table = GroupTable::with_earlier(groups, earlier, Some(bands), 2);
        let listed: Vec<(String, String, u64)> =
            table.every_group().map(|g| (g.id.clone(), g.scope.to_string(), g.responses)).collect();
        let expected = [
            ("checkout", "2026-Q3", 9),
            ("checkout/anna", "2025-Q3", 5),
            ("checkout/anna", "2026-Q2", 4),
            ("checkout/anna", "2026-Q3", 3),
            ("checkout/ben", "2026-Q2", 1),
            ("checkout/ben", "2026-Q3", 1),
        ];
        assert_eq!(listed, expected.map(|(id, scope, n)| (id.to_string(), scope.to_string(), n)));
        // One held as counts is scored when read, suppressed below min_responses like the rest.
        let anna = table.earlier(&within, "checkout/anna", q("2026-Q2")).unwrap();
        assert_eq!(anna.nps.score, Some(100.0));
        assert!(table.earlier(&within, "checkout/ben", q("2026-Q2")).unwrap().nps.visibility.suppressed);
        assert!(table.find(&within, "checkout/anna", q("2026-Q2")).is_none(), "not held whole");
        assert_eq!(table.histograms(&within, "checkout/anna", q("2025-Q3")).map(|h| h.responses), Some(5));
        assert_eq!(table.histograms(&GroupKind::Touchpoint, "checkout", q("2026-Q3")).map(|h| h.responses), Some(9));
        assert!(table.histograms(&within, "checkout/carla", q("2026-Q3")).is_none());
    }
}
