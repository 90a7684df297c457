//! Emerging terms: the words and two-word phrases that unhappy customers use far more than
//! happy ones (and the other way round), found without anyone writing a rule for them.
//!
//! Each term's weight is its log-odds ratio between unhappy and happy comments with an
//! informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16–22):
//!
//! ```text
//! α_w = 0.1 · b_w,  A = Σ α_w = 0.1 · B  (b_w: the term's count in the whole period, B: all terms')
//! δ_w = ln((u_w + α_w) / (U + A − u_w − α_w)) − ln((h_w + α_w) / (H + A − h_w − α_w))
//! z_w = δ_w / √(1 / (u_w + α_w) + 1 / (h_w + α_w))
//! ```
//!
//! `u_w` and `h_w` count respondents (unhappy, happy) whose comment holds the term, `U` and `H`
//! their sums over all terms. The prior, a tenth of the period's own term counts
//! ([`PRIOR_SHARE`]), pulls a term seen a few times towards its usual frequency, so a word two
//! unhappy customers happened to use does not top the list; being a share, it weighs the same
//! in a small project as in a large one (a fixed size, such as 500 term uses, would drown a
//! small project: 20 of 20 happy respondents writing "mooie plant" went unlisted). Counts come from every comment (`ingest/terms.rs`), merged by addition: journeys
//! and the whole report add up their touchpoints.

use serde::Serialize;
use std::collections::BTreeMap;

use super::GroupKind;
use crate::ingest::Responses;
use crate::load::Project;
use crate::period::Period;

/// The prior's counts as a share of the period's own: α_w = 0.1 · b_w.
pub const PRIOR_SHARE: f64 = 0.1;
/// A term must be used by this many respondents (unhappy and happy together).
pub const MIN_RESPONDENTS: u64 = 5;
/// |z| at least this (a 5% two-sided level) for a term to be listed.
pub const MIN_Z: f64 = 1.96;
/// Terms listed per group and side.
pub const PER_SIDE: usize = 10;

/// Which side a term leans to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Unhappy,
    Happy,
}

/// One emerging term of one group.
#[derive(Debug, Clone, Serialize)]
pub struct TermFigure {
    /// Overall, a journey or a touchpoint, written as `metrics[].group` is.
    pub group: GroupKind,
    /// The journey or touchpoint id; `""` for overall.
    pub id: String,
    pub period: String,
    pub term: String,
    pub side: Side,
    /// Respondents whose comment holds the term, by the side their answers fall on.
    pub unhappy: u64,
    pub happy: u64,
    /// δ: positive where unhappy customers use it more.
    pub log_odds: f64,
    pub z: f64,
}

type Counts<'t> = crate::ingest::FastMap<&'t str, [u64; 2]>;

/// A term that leans to one side, before it is placed in its group.
struct Scored<'c> {
    term: &'c str,
    /// Respondents `[unhappy, happy]`.
    counts: [u64; 2],
    log_odds: f64,
    z: f64,
    side: Side,
}

/// The emerging terms of `period`: overall, per journey, per touchpoint, in that order, each
/// group's unhappy-leaning terms first, strongest first. A group needs `min_responses`
/// comments; no term contains a word of a name in `privacy.names`.
pub fn emerging_terms(project: &Project, responses: &Responses, period: Option<Period>) -> Vec<TermFigure> {
    let Some(period) = period else { return Vec::new() };
    let min_comments = project.settings.min_responses;
    let names: Vec<String> = (project.settings.privacy.names.iter())
        .flat_map(|name| name.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>())
        .collect();
    let private = |term: &str| term.split(' ').any(|word| names.iter().any(|n| n == word));

    let mut by_touchpoint = BTreeMap::new();
    for ((p, touchpoint), words) in responses.terms.by_place() {
        if *p == period {
            by_touchpoint.insert(touchpoint.as_deref(), words);
        }
    }
    // Once, not a pass over every count a group: a project of 20,000 touchpoints has as many groups.
    let comments_at: BTreeMap<Option<&str>, u64> = (responses.topics.iter())
        .filter(|((p, _, topic), _)| *p == period && topic.is_none())
        .map(|((_, touchpoint, _), counts)| (touchpoint.as_deref(), counts.comments))
        .collect();
    let comments =
        |touchpoints: &[Option<&str>]| -> u64 { touchpoints.iter().filter_map(|t| comments_at.get(t)).sum() };
    let add = |touchpoints: &[Option<&str>]| -> Counts {
        let mut sum = Counts::default();
        for words in touchpoints.iter().filter_map(|t| by_touchpoint.get(t)) {
            for (term, [u, h]) in words.clone() {
                let entry = sum.entry(term).or_default();
                entry[0] += u;
                entry[1] += h;
            }
        }
        sum
    };

    let everything: Vec<Option<&str>> = by_touchpoint.keys().copied().collect();
    let mut groups: Vec<(GroupKind, String, Vec<Option<&str>>)> =
        vec![(GroupKind::Overall, String::new(), everything.clone())];
    for journey in &project.journeys {
        let touchpoints = journey.stages.iter().flat_map(|s| &s.touchpoints).map(|t| Some(t.id.as_str())).collect();
        groups.push((GroupKind::Journey, journey.id.clone(), touchpoints));
    }
    for (_, _, touchpoint) in project.touchpoints() {
        groups.push((GroupKind::Touchpoint, touchpoint.id.clone(), vec![Some(touchpoint.id.as_str())]));
    }

    let background = add(&everything);
    let background_total: u64 = background.values().map(|[u, h]| u + h).sum();
    let mut figures = Vec::new();
    for (group, id, touchpoints) in groups {
        if comments(&touchpoints) < min_comments.max(1) {
            continue;
        }
        let counts = add(&touchpoints);
        let mut scored = fightin_words(&counts, &background, background_total);
        scored.retain(|s| !private(s.term));
        // A word used exactly where a listed phrase of it is used says nothing more.
        let phrases: Vec<(&str, [u64; 2])> =
            scored.iter().filter(|s| s.term.contains(' ')).map(|s| (s.term, s.counts)).collect();
        scored.retain(|s| {
            s.term.contains(' ')
                || !phrases.iter().any(|(phrase, counts)| *counts == s.counts && phrase.split(' ').any(|w| w == s.term))
        });
        for side in [Side::Unhappy, Side::Happy] {
            let mut listed: Vec<&Scored> = scored.iter().filter(|s| s.side == side).collect();
            listed.sort_by(|a, b| b.z.abs().total_cmp(&a.z.abs()).then(a.term.cmp(b.term)));
            for s in listed.into_iter().take(PER_SIDE) {
                figures.push(TermFigure {
                    group: group.clone(),
                    id: id.clone(),
                    period: period.to_string(),
                    term: s.term.to_string(),
                    side,
                    unhappy: s.counts[0],
                    happy: s.counts[1],
                    log_odds: s.log_odds,
                    z: s.z,
                });
            }
        }
    }
    figures
}

/// Every term of `counts` used by enough respondents and leaning far enough to one side.
fn fightin_words<'c>(counts: &Counts<'c>, background: &Counts, background_total: u64) -> Vec<Scored<'c>> {
    let (total_unhappy, total_happy) = counts.values().fold((0, 0), |(u, h), [du, dh]| (u + du, h + dh));
    let mut scored = Vec::new();
    for (term, &[unhappy, happy]) in counts {
        if unhappy + happy < MIN_RESPONDENTS {
            continue;
        }
        let alpha = PRIOR_SHARE * background.get(term).map_or(0, |[u, h]| u + h) as f64;
        let prior_total = PRIOR_SHARE * background_total as f64;
        let (log_odds, z) =
            log_odds_z(unhappy as f64, happy as f64, total_unhappy as f64, total_happy as f64, alpha, prior_total);
        if z.abs() >= MIN_Z {
            let side = if z > 0.0 { Side::Unhappy } else { Side::Happy };
            scored.push(Scored { term, counts: [unhappy, happy], log_odds, z, side });
        }
    }
    scored
}

/// δ and z of one term: `u`, `h` its counts, `total_u`, `total_h` all terms' counts, `alpha`
/// its prior count and `a` the prior's total.
fn log_odds_z(u: f64, h: f64, total_u: f64, total_h: f64, alpha: f64, a: f64) -> (f64, f64) {
    let delta = ((u + alpha) / (total_u + a - u - alpha)).ln() - ((h + alpha) / (total_h + a - h - alpha)).ln();
    let variance = 1.0 / (u + alpha) + 1.0 / (h + alpha);
    (delta, delta / variance.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 5e-4, "{a} != {b}");
    }

    #[test]
    fn log_odds_with_an_informative_prior_worked_example() {
        // "late": 20 of the unhappy and 2 of the happy respondents' terms; 800 terms on each
        // side; 22 of the period's 1,600, so α = 0.1 · 22 = 2.2 and A = 0.1 · 1600 = 160.
        // δ = ln(22.2 / 937.8) − ln(4.2 / 955.8) = −3.7435 − (−5.4275) = 1.6840
        // σ² = 1 / 22.2 + 1 / 4.2 = 0.28314; z = 1.6840 / 0.53211 = 3.1648.
        let (delta, z) = log_odds_z(20.0, 2.0, 800.0, 800.0, 2.2, 160.0);
        close(delta, 1.6840);
        close(z, 3.1648);
        // The same counts the other way round lean to the happy side by as much.
        let (delta, z) = log_odds_z(2.0, 20.0, 800.0, 800.0, 2.2, 160.0);
        close(delta, -1.6840);
        close(z, -3.1648);
    }

    #[test]
    fn rare_and_balanced_terms_are_not_listed() {
        let counts: Counts =
            [("late", [20, 2]), ("plant", [30, 30]), ("rude", [3, 0]), ("friendly", [1, 25]), ("filler", [746, 743])]
                .into_iter()
                .collect();
        let total = counts.values().map(|[u, h]| u + h).sum();
        let mut found: Vec<(&str, Side)> =
            fightin_words(&counts, &counts, total).into_iter().map(|s| (s.term, s.side)).collect();
        found.sort();
        // "rude" has 3 respondents (< 5); "plant" is as common on both sides.
        assert_eq!(found, [("friendly", Side::Happy), ("late", Side::Unhappy)]);
    }
}
