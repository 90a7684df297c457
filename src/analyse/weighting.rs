//! Post-stratified figures (`weighting: persona`): each persona's score weighed by its declared
//! share of the customer base instead of its share of the answers (`docs/methodology.md`,
//! "Weighting by persona", with the worked values the tests use).

use serde::Serialize;

use std::collections::BTreeMap;

use super::stats::{Z95, nps_variance, percentage_variance};
use super::{CesScore, CsatScore, GroupKind, GroupTable, NpsScore, PeriodScope};
use crate::bands::Bands;
use crate::histogram::ScoreHistograms;
use crate::load::Project;

/// One weighted metric: the estimate, its 95% interval and Kish's effective sample size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeightedScore {
    pub score: f64,
    pub ci95: (f64, f64),
    pub n_eff: f64,
}

/// The weighted NPS, CSAT and CES of a group; a metric is `None` when no persona answered it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct WeightedScores {
    pub nps: Option<WeightedScore>,
    pub csat: Option<WeightedScore>,
    pub ces: Option<WeightedScore>,
}

/// A persona within a group: its declared share and its answers there.
pub struct Stratum<'a> {
    pub share: f64,
    pub histograms: &'a ScoreHistograms,
}

/// Weighs the overall group of every period by its personas (each persona with a `share`, from
/// its own group in the same period), and each touchpoint, stage and journey by its
/// `touchpoint/persona` groups (a stage's summed over its touchpoints; a journey's are its
/// `journey/persona` groups) where they are rolled up. Answers without a persona are not in any
/// stratum.
pub fn weigh_groups(project: &Project, groups: &mut GroupTable) {
    let bands = Bands::of(&project.settings.surveys);
    let mut stage_touchpoints: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (journey, stage, touchpoint) in project.touchpoints() {
        stage_touchpoints.entry(super::stage_group_id(&journey.id, &stage.id)).or_default().push(&touchpoint.id);
    }
    // By place in the table: the groups are read while their places are weighed.
    let weighed: Vec<usize> = (groups.values().enumerate())
        .filter(|(_, group)| match group.kind {
            GroupKind::Overall => true,
            GroupKind::Touchpoint | GroupKind::Stage | GroupKind::Journey => matches!(group.scope, PeriodScope::One(_)),
            _ => false,
        })
        .map(|(at, _)| at)
        .collect();
    for at in weighed {
        let group = &groups.as_slice()[at];
        let (kind, id, scope) = (&group.kind, &group.id, &group.scope);
        let answers = |persona: &str| -> Option<ScoreHistograms> {
            let group = |kind: GroupKind, id: String| groups.histograms(&kind, &id, *scope);
            match kind {
                GroupKind::Touchpoint => group(GroupKind::TouchpointPersona, super::within_touchpoint_id(id, persona)),
                GroupKind::Journey => group(GroupKind::JourneyPersona, super::within_journey_id(id, persona)),
                GroupKind::Stage => (stage_touchpoints.get(id)?.iter())
                    .filter_map(|t| group(GroupKind::TouchpointPersona, super::within_touchpoint_id(t, persona)))
                    .reduce(|mut sum, h| {
                        sum.merge(&h);
                        sum
                    }),
                _ => group(GroupKind::Persona, persona.to_string()),
            }
        };
        let answered: Vec<(f64, ScoreHistograms)> =
            (project.personas.iter()).filter_map(|p| Some((p.share?, answers(&p.id)?))).collect();
        // A group of a period whose segments within a touchpoint are not rolled up has no strata.
        if answered.is_empty() {
            continue;
        }
        let strata: Vec<Stratum> =
            answered.iter().map(|(share, histograms)| Stratum { share: *share, histograms }).collect();
        let weighted = weighted(&strata, &bands);
        groups.as_mut_slice()[at].weighted = Some(Box::new(weighted));
    }
}

/// A stratum's estimate and the variance of that estimate, with its n.
struct Estimate {
    score: f64,
    variance: f64,
    n: u64,
}

/// The post-stratified figures of a group from its personas' answers (each interval clipped to
/// its metric's range, CES to its scale).
pub fn weighted(strata: &[Stratum], bands: &Bands) -> WeightedScores {
    let nps = combine(strata, (-100.0, 100.0), |h| {
        let s = NpsScore::from_histogram(&h.nps, 0);
        let n = s.visibility.n;
        Some(Estimate { score: s.score?, variance: nps_variance(s.promoters, s.detractors, n), n })
    });
    let csat = combine(strata, (0.0, 100.0), |h| {
        let s = CsatScore::from_histogram(&h.csat, bands, 0);
        let n = s.visibility.n;
        Some(Estimate { score: s.score?, variance: percentage_variance(s.satisfied, n), n })
    });
    // A CES stratum needs two answers for its variance, as the mean's own interval does.
    let ces = combine(strata, (1.0, f64::from(bands.ces)), |h| {
        let s = CesScore::from_histogram(&h.ces, bands, 0);
        let n = s.visibility.n;
        Some(Estimate { score: s.score?, variance: s.variance? / n as f64, n }).filter(|e| e.n >= 2)
    });
    WeightedScores { nps, csat, ces }
}

/// Σ w·score over the strata with an estimate, w their shares renormalised over them; variance
/// Σ w²·var; n_eff = (Σ w)² / Σ (w² / n).
fn combine(
    strata: &[Stratum],
    (low, high): (f64, f64),
    estimate: impl Fn(&ScoreHistograms) -> Option<Estimate>,
) -> Option<WeightedScore> {
    let found: Vec<(f64, Estimate)> =
        strata.iter().filter(|s| s.share > 0.0).filter_map(|s| Some((s.share, estimate(s.histograms)?))).collect();
    let total: f64 = found.iter().map(|(share, _)| share).sum();
    if found.is_empty() || total <= 0.0 {
        return None;
    }
    let weights = found.iter().map(|(share, e)| (share / total, e));
    let (mut score, mut variance, mut spread) = (0.0, 0.0, 0.0);
    for (w, e) in weights {
        score += w * e.score;
        variance += w * w * e.variance;
        spread += w * w / e.n as f64;
    }
    let half = Z95 * variance.sqrt();
    Some(WeightedScore { score, ci95: ((score - half).max(low), (score + half).min(high)), n_eff: 1.0 / spread })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bands::Bands;
    use crate::config::SurveySettings;
    use crate::histogram::Histogram;

    fn histograms(nps: &[(u8, u64)], csat: &[(u8, u64)]) -> ScoreHistograms {
        let mut h = ScoreHistograms::default();
        let fill = |target: &mut Histogram, counts: &[(u8, u64)]| {
            for &(value, count) in counts {
                (0..count).for_each(|_| target.add(value));
            }
        };
        fill(&mut h.nps, nps);
        fill(&mut h.csat, csat);
        h
    }

    /// docs/methodology.md, "Weighting by persona": two personas, 70% and 30% of the base,
    /// answering 100 and 300 times. Hand-worked: NPS A = 100·(50 − 20)/100 = 30, B = 100·(60 −
    /// 120)/300 = −20; weighted 0.7·30 + 0.3·(−20) = 15 (unweighted: (30 + 60 − 20 − 120)/400 =
    /// −12.5). n_eff = 1 / (0.49/100 + 0.09/300) = 192.3077. Adjusted-Wald variances: A n′ 103,
    /// p′ 0.492718, d′ 0.201456, var′ 0.609341 → 1e4·var′/n′ = 59.15933; B n′ 303, p′ 0.200495,
    /// d′ 0.398515, var′ 0.559798 → 18.47518. Σ w²·var = 0.49·59.15933 + 0.09·18.47518 =
    /// 30.65084; half-width 1.959964·√30.65084 = 10.85099.
    #[test]
    fn a_weighted_nps_matches_the_hand_computation() {
        let a = histograms(&[(10, 50), (8, 30), (3, 20)], &[]);
        let b = histograms(&[(9, 60), (7, 120), (0, 120)], &[]);
        let bands = Bands::of(&SurveySettings::default());
        let w = weighted(&[Stratum { share: 0.7, histograms: &a }, Stratum { share: 0.3, histograms: &b }], &bands);
        let nps = w.nps.unwrap();
        assert!((nps.score - 15.0).abs() < 1e-9, "{nps:?}");
        assert!((nps.n_eff - 192.307692).abs() < 1e-4, "{nps:?}");
        assert!((nps.ci95.0 - (15.0 - 10.85099)).abs() < 1e-4, "{nps:?}");
        assert!((nps.ci95.1 - (15.0 + 10.85099)).abs() < 1e-4, "{nps:?}");
        assert!(w.csat.is_none() && w.ces.is_none(), "no CSAT or CES answers: nothing to weigh");
    }

    /// Shares are renormalised over the personas that answered: a persona without answers in
    /// the group drops out, and one share alone gives that persona's own score.
    #[test]
    fn shares_are_renormalised_over_the_personas_that_answered() {
        let a = histograms(&[], &[(5, 8), (2, 2)]);
        let none = ScoreHistograms::default();
        let bands = Bands::of(&SurveySettings::default());
        let w = weighted(&[Stratum { share: 0.2, histograms: &a }, Stratum { share: 0.8, histograms: &none }], &bands);
        let csat = w.csat.unwrap();
        assert!((csat.score - 80.0).abs() < 1e-9);
        assert!((csat.n_eff - 10.0).abs() < 1e-9);
        // Wilson-centred variance: p̃ = (8 + 1.920784)/13.841459 = 0.716740, 1e4·p̃(1−p̃)/13.841459
        // = 146.67797; half-width 23.73726, so 56.26274 – 100 (clipped).
        assert!((csat.ci95.0 - 56.26274).abs() < 1e-4 && csat.ci95.1 == 100.0, "{csat:?}");
    }
}
