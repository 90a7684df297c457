//! Value at stake (`docs/methodology.md`, "Value at stake"): the yearly value of the customers
//! who are unhappy at a touchpoint or in a lifecycle phase. An exposure, not a forecast of
//! loss: nothing says those customers leave. Shown only where every input is declared.

use serde::Serialize;
use std::collections::BTreeMap;

use super::priority::{PainPointPriority, PrimaryMetric, primary_unhappy};
use super::stats::wilson_interval;
use super::{GroupKind, GroupMetrics, Report};
use crate::load::{Journey, Persona, Project};

/// Where the number of customers passing a place comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CustomersFrom {
    /// The touchpoint's own `yearly_customers`.
    Touchpoint,
    /// The `customers` of the journeys' personas.
    Personas,
}

/// The value at stake at one place, with everything it was computed from.
#[derive(Debug, Clone, Serialize)]
pub struct Exposure {
    /// Customers passing it in a year.
    pub customers: f64,
    pub customers_from: CustomersFrom,
    /// Their mean yearly value: the personas' values weighed by their customers.
    pub value_per_customer: f64,
    /// The metric the unhappy share is of (as for the pain points' priority).
    pub metric: PrimaryMetric,
    /// Unhappy answers over all answers, 0..1, and its 95% Wilson interval.
    pub unhappy: f64,
    pub unhappy_ci95: (f64, f64),
    /// customers × unhappy × value per customer; and at the interval's ends.
    pub value: f64,
    pub range: (f64, f64),
}

/// The value at stake of every touchpoint and phase that has all its inputs, by id.
#[derive(Debug, Clone, Default)]
pub struct ValueAtStake {
    pub touchpoints: BTreeMap<String, Exposure>,
    pub phases: BTreeMap<String, Exposure>,
}

impl ValueAtStake {
    /// Nothing could be computed (no persona gives customers and a value).
    pub fn is_empty(&self) -> bool {
        self.touchpoints.is_empty() && self.phases.is_empty()
    }
}

/// The value at stake in the report's period.
pub fn value_at_stake(project: &Project, report: &Report) -> ValueAtStake {
    let mut found = ValueAtStake::default();
    for journey in &project.journeys {
        let Some((customers, value)) = customers_and_value(project, [journey]) else { continue };
        for touchpoint in journey.stages.iter().flat_map(|s| &s.touchpoints) {
            let (customers, from) = match touchpoint.yearly_customers {
                Some(declared) => (declared as f64, CustomersFrom::Touchpoint),
                None => (customers, CustomersFrom::Personas),
            };
            let metrics = report.get(&GroupKind::Touchpoint, &touchpoint.id, report.current_scope());
            if let Some(exposure) = metrics.and_then(|m| exposure(m, customers, from, value)) {
                found.touchpoints.insert(touchpoint.id.clone(), exposure);
            }
        }
    }
    for phase in &project.settings.lifecycle {
        let journeys = project.journeys.iter().filter(|j| j.phase.as_deref() == Some(phase.id.as_str()));
        let Some((customers, value)) = customers_and_value(project, journeys) else { continue };
        let metrics = report.get(&GroupKind::Phase, &phase.id, report.current_scope());
        if let Some(exposure) = metrics.and_then(|m| exposure(m, customers, CustomersFrom::Personas, value)) {
            found.phases.insert(phase.id.clone(), exposure);
        }
    }
    found
}

/// The pain points with a value at stake at their touchpoint, largest first (ties by id): the
/// third ranking, beside the priority's.
pub fn pain_points_by_value(report: &Report) -> Vec<(&PainPointPriority, &Exposure)> {
    let stake = &report.value_at_stake;
    let mut list: Vec<_> =
        (report.pain_points.iter()).filter_map(|p| Some((p, stake.touchpoints.get(&p.touchpoint)?))).collect();
    list.sort_by(|(a, x), (b, y)| y.value.total_cmp(&x.value).then(a.id.cmp(&b.id)));
    list
}

/// The customers of the personas of `journeys` (each persona once) and their mean yearly
/// value; `None` when there are none, or one of them lacks `customers` or `value_per_customer`.
fn customers_and_value<'a>(project: &Project, journeys: impl IntoIterator<Item = &'a Journey>) -> Option<(f64, f64)> {
    let mut personas: Vec<&Persona> = Vec::new();
    for journey in journeys {
        for id in journey.persona_ids() {
            let persona = project.personas.iter().find(|p| p.id == id)?;
            if !personas.iter().any(|p| p.id == persona.id) {
                personas.push(persona);
            }
        }
    }
    let (mut customers, mut total) = (0.0, 0.0);
    for persona in &personas {
        let (n, value) = (persona.customers? as f64, persona.value_per_customer?);
        customers += n;
        total += n * value;
    }
    (customers > 0.0).then(|| (customers, total / customers))
}

/// The exposure of a group with `customers` of `value` each, from its unhappy share; `None`
/// without answers or below `min_responses`.
fn exposure(metrics: &GroupMetrics, customers: f64, from: CustomersFrom, value: f64) -> Option<Exposure> {
    let (metric, unhappy, answers, suppressed) = primary_unhappy(metrics);
    let metric = metric.filter(|_| answers > 0 && !suppressed)?;
    let share = unhappy as f64 / answers as f64;
    let (low, high) = wilson_interval(unhappy, answers);
    Some(Exposure {
        customers,
        customers_from: from,
        value_per_customer: value,
        metric,
        unhappy: share,
        unhappy_ci95: (low, high),
        value: customers * share * value,
        range: (customers * low * value, customers * high * value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::PeriodScope;
    use crate::config::Settings;
    use crate::histogram::ScoreHistograms;

    #[test]
    fn the_exposure_is_customers_times_the_unhappy_share_times_the_value() {
        // 40 CSAT answers, 10 of them 1 or 2 (unhappy): 25%, Wilson 14.187% – 40.194% (by hand:
        // centre (0.25 + z²/80) / (1 + z²/40) = 0.27190, half-width 0.13003).
        let mut h = ScoreHistograms::default();
        for (answer, count) in [(1u8, 6u64), (2, 4), (4, 10), (5, 20)] {
            for _ in 0..count {
                h.csat.add(answer);
            }
        }
        h.responses = 40;
        let settings: Settings = crate::yaml::parse("title: t", std::path::Path::new("c.yaml"), 1).unwrap();
        let m = GroupMetrics::new(GroupKind::Touchpoint, "checkout".into(), PeriodScope::All, h, &settings);
        let e = exposure(&m, 12_000.0, CustomersFrom::Personas, 150.0).unwrap();
        assert_eq!(e.metric, PrimaryMetric::Csat);
        assert!((e.unhappy - 0.25).abs() < 1e-12);
        // 12,000 × 0.25 × 150 = 450,000; the range 12,000 × 150 × Wilson's ends.
        assert!((e.value - 450_000.0).abs() < 1e-6, "{}", e.value);
        assert!((e.range.0 - 255_368.0).abs() < 5.0 && (e.range.1 - 723_491.0).abs() < 5.0, "{:?}", e.range);
    }
}
