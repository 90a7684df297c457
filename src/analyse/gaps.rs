//! Segment gaps: is a touchpoint bad for everyone, or for one group? Each segment within a
//! touchpoint (a persona there, a dimension value there) is compared with the rest of the same
//! touchpoint in the report's period, by the period-over-period tests (`docs/methodology.md`,
//! "Segment gaps").

use serde::Serialize;

use super::change::{ALPHA, Comparable};
use super::groups::split_within_touchpoint_id;
use super::stats::benjamini_hochberg_q;
use super::{GroupKind, GroupMetrics, GroupTable, PeriodScope};
use crate::bands::Bands;
use crate::config::{Metric, Settings};
use crate::period::Period;

/// One segment against the rest of its touchpoint on one metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentGap {
    pub touchpoint: String,
    /// What the segment is a value of: `persona`, or a dimension's header (`device`).
    pub kind: String,
    /// The metrics.json group of the segment: `touchpoint/persona`, `touchpoint/device`.
    pub group: String,
    /// The persona id or dimension value.
    pub value: String,
    pub metric: Metric,
    pub period: Period,
    pub segment_score: f64,
    pub rest_score: f64,
    pub segment_n: u64,
    pub rest_n: u64,
    /// The segment's score minus the rest's (points of NPS or CSAT %, or of the CES mean).
    pub delta: f64,
    pub p_value: f64,
    /// Adjusted with Benjamini–Hochberg over every gap of the report.
    pub q_value: f64,
    pub significant: bool,
}

impl SegmentGap {
    /// The segment fares worse than the rest of its touchpoint (a higher CES 1.0 effort mean
    /// is worse).
    pub fn segment_is_worse(&self, bands: &Bands) -> bool {
        if bands.higher_is_better(self.metric) { self.delta < 0.0 } else { self.delta > 0.0 }
    }
}

/// Every gap that could be tested in `period` (both sides with at least 30 answers and their
/// scores shown), in the order of the groups and then NPS, CSAT, CES, each with its q-value.
pub fn segment_gaps(groups: &GroupTable, period: Option<Period>, settings: &Settings) -> Vec<SegmentGap> {
    let Some(period) = period else { return Vec::new() };
    let scope = PeriodScope::One(period);
    // Each gap's tests (a p-value each, CES's an incomplete beta) are independent: on all cores.
    let segments: Vec<&GroupMetrics> =
        groups.values().filter(|g| g.kind.is_within_touchpoint() && g.scope == scope).collect();
    let mut gaps: Vec<SegmentGap> =
        crate::cores::on_all_cores(&segments, |segment| gaps_of(groups, segment, period, settings))
            .into_iter()
            .flatten()
            .collect();
    let p_values: Vec<f64> = gaps.iter().map(|g| g.p_value).collect();
    for (gap, q) in gaps.iter_mut().zip(benjamini_hochberg_q(&p_values)) {
        gap.q_value = q;
        gap.significant = q < ALPHA;
    }
    gaps
}

/// The gaps of one segment within a touchpoint against the rest of it, NPS, CSAT, CES (q-values
/// not yet adjusted).
fn gaps_of(groups: &GroupTable, segment: &GroupMetrics, period: Period, settings: &Settings) -> Vec<SegmentGap> {
    let (kind, id, scope) = (&segment.kind, &segment.id, &segment.scope);
    let Some((touchpoint, value)) = split_within_touchpoint_id(id) else { return Vec::new() };
    let Some(whole) = groups.find(&GroupKind::Touchpoint, touchpoint, *scope) else { return Vec::new() };
    let rest =
        GroupMetrics::new(kind.clone(), id.clone(), *scope, whole.histograms.without(&segment.histograms), settings);
    // The tests of a change between periods, with the rest as the "earlier" side: the same
    // rules (both scores shown, n ≥ 30 each to be tested), so the delta is segment − rest.
    let compared = [
        (Metric::Nps, segment.nps.change_since(&rest.nps, period), segment.nps.score, rest.nps.score),
        (Metric::Csat, segment.csat.change_since(&rest.csat, period), segment.csat.score, rest.csat.score),
        (Metric::Ces, segment.ces.change_since(&rest.ces, period), segment.ces.score, rest.ces.score),
    ];
    let ns = [
        (segment.nps.visibility.n, rest.nps.visibility.n),
        (segment.csat.visibility.n, rest.csat.visibility.n),
        (segment.ces.visibility.n, rest.ces.visibility.n),
    ];
    let mut gaps = Vec::new();
    for ((metric, change, segment_score, rest_score), (segment_n, rest_n)) in compared.into_iter().zip(ns) {
        let (Some(change), Some(segment_score), Some(rest_score)) = (change, segment_score, rest_score) else {
            continue;
        };
        if !change.tested {
            continue;
        }
        gaps.push(SegmentGap {
            touchpoint: touchpoint.to_string(),
            kind: match kind {
                GroupKind::TouchpointDimension(name) => name.clone(),
                _ => "persona".to_string(),
            },
            group: kind.name().into_owned(),
            value: value.to_string(),
            metric,
            period,
            segment_score,
            rest_score,
            segment_n,
            rest_n,
            delta: change.delta,
            p_value: change.p_value,
            q_value: change.p_value,
            significant: false,
        });
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::histogram::ScoreHistograms;

    /// A touchpoint `checkout` in 2026-Q3 with its groups' histograms.
    fn groups_of(
        settings: &Settings,
        touchpoint: ScoreHistograms,
        segments: &[(GroupKind, &str, ScoreHistograms)],
    ) -> GroupTable {
        let scope = PeriodScope::One(q3());
        let mut groups = vec![GroupMetrics::new(GroupKind::Touchpoint, "checkout".into(), scope, touchpoint, settings)];
        for (kind, id, h) in segments {
            groups.push(GroupMetrics::new(kind.clone(), id.to_string(), scope, *h, settings));
        }
        groups.sort_by(|a, b| (&a.kind, &a.id).cmp(&(&b.kind, &b.id)));
        GroupTable::from_sorted(groups)
    }

    fn q3() -> Period {
        Period::parse("2026-Q3", crate::period::PeriodKind::Quarter).unwrap()
    }

    fn settings() -> Settings {
        crate::yaml::parse("title: t", std::path::Path::new("c.yaml"), 1).unwrap()
    }

    /// Histograms with `counts` of (answer, how many) for one metric (0 NPS, 1 CSAT, 2 CES).
    fn answers(metric: usize, counts: &[(usize, u64)]) -> ScoreHistograms {
        let mut h = ScoreHistograms::default();
        let histogram = match metric {
            0 => &mut h.nps,
            1 => &mut h.csat,
            _ => &mut h.ces,
        };
        for &(answer, count) in counts {
            histogram.counts[answer] += count;
        }
        h.responses = histogram.n();
        h
    }

    fn plus(mut a: ScoreHistograms, b: ScoreHistograms) -> ScoreHistograms {
        a.merge(&b);
        a
    }

    #[test]
    fn gaps_match_the_worked_values() {
        let settings = settings();
        let device = GroupKind::TouchpointDimension("device".into());
        let channel = GroupKind::TouchpointDimension("channel".into());
        // CSAT: mobile 58 of 100 satisfied (58%), the other devices 162 of 200 (81%).
        let (mobile, desktop) = (answers(1, &[(5, 58), (2, 42)]), answers(1, &[(5, 162), (2, 38)]));
        // NPS: persona anna P 20, D 30 of 80 (−12.5); the others P 90, D 40 of 200 (+25).
        let (anna, others) = (answers(0, &[(10, 20), (0, 30), (8, 30)]), answers(0, &[(10, 90), (0, 40), (8, 70)]));
        // CES: in the app 20×4, 10×5, 10×2 (mean 3.75); the other channels 20×5, 20×4, 10×6 (4.8).
        let (app, web) = (answers(2, &[(4, 20), (5, 10), (2, 10)]), answers(2, &[(5, 20), (4, 20), (6, 10)]));
        // Each segment answered one question only, so the touchpoint's rest of each is the other side.
        let touchpoint = [mobile, desktop, anna, others, app, web].into_iter().fold(ScoreHistograms::default(), plus);
        let groups = groups_of(
            &settings,
            touchpoint,
            &[
                (device, "checkout/mobile", mobile),
                (GroupKind::TouchpointPersona, "checkout/anna", anna),
                (channel, "checkout/app", app),
            ],
        );
        let gaps = segment_gaps(&groups, Some(q3()), &settings);
        assert_eq!(gaps.len(), 3, "one metric answered a segment: {gaps:?}");
        let find = |value: &str| gaps.iter().find(|g| g.value == value).unwrap();

        let csat = find("mobile");
        assert_eq!(
            (csat.touchpoint.as_str(), csat.kind.as_str(), csat.group.as_str()),
            ("checkout", "device", "touchpoint/device")
        );
        assert_eq!(
            (csat.metric, csat.segment_score, csat.rest_score, csat.segment_n, csat.rest_n),
            (Metric::Csat, 58.0, 81.0, 100, 200)
        );
        assert!((csat.delta + 23.0).abs() < 1e-9);
        assert!((csat.p_value - 2.1698e-5).abs() < 5e-9, "{}", csat.p_value);
        assert!(csat.segment_is_worse(&Bands::of(&settings.surveys)));

        let nps = find("anna");
        assert_eq!((nps.kind.as_str(), nps.group.as_str()), ("persona", "touchpoint/persona"));
        assert_eq!(
            (nps.metric, nps.segment_score, nps.rest_score, nps.segment_n, nps.rest_n),
            (Metric::Nps, -12.5, 25.0, 80, 200)
        );
        assert!((nps.p_value - 2.8016e-4).abs() < 5e-8, "{}", nps.p_value);

        let ces = find("app");
        assert_eq!((ces.metric, ces.segment_score, ces.segment_n, ces.rest_n), (Metric::Ces, 3.75, 40, 50));
        assert!((ces.rest_score - 4.8).abs() < 1e-12);
        assert!((ces.p_value - 2.7125e-6).abs() < 5e-9, "{}", ces.p_value);

        // Benjamini–Hochberg over the report's three gaps: q = 3p / rank, smallest p first.
        assert!((ces.q_value - 8.1376e-6).abs() < 5e-9, "{}", ces.q_value);
        assert!((csat.q_value - 3.2547e-5).abs() < 5e-9, "{}", csat.q_value);
        assert!((nps.q_value - 2.8016e-4).abs() < 5e-8, "{}", nps.q_value);
        assert!(gaps.iter().all(|g| g.significant));
    }

    #[test]
    fn a_segment_like_the_rest_is_no_gap() {
        let settings = settings();
        // Persona ben: CSAT 40 of 50 (80%); the rest 160 of 200 (80%).
        let ben = answers(1, &[(5, 40), (1, 10)]);
        let rest = answers(1, &[(4, 160), (2, 40)]);
        let groups = groups_of(&settings, plus(ben, rest), &[(GroupKind::TouchpointPersona, "checkout/ben", ben)]);
        let gaps = segment_gaps(&groups, Some(q3()), &settings);
        assert_eq!((gaps.len(), gaps[0].delta, gaps[0].p_value, gaps[0].significant), (1, 0.0, 1.0, false));
    }

    #[test]
    fn fewer_than_30_answers_on_either_side_are_not_tested() {
        let settings = settings();
        let segment = answers(1, &[(5, 5), (1, 24)]); // 29 answers
        let rest = answers(1, &[(5, 300)]);
        let groups =
            groups_of(&settings, plus(segment, rest), &[(GroupKind::TouchpointPersona, "checkout/anna", segment)]);
        assert!(segment_gaps(&groups, Some(q3()), &settings).is_empty());
        // A segment that is the whole touchpoint has no rest to compare with.
        let groups = groups_of(&settings, rest, &[(GroupKind::TouchpointPersona, "checkout/anna", rest)]);
        assert!(segment_gaps(&groups, Some(q3()), &settings).is_empty());
    }
}
