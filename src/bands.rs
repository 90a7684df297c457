//! Unhappy, neutral and happy answers: one definition, used by every figure, page and topic
//! (`docs/methodology.md`, "Scales and bands"). CSAT top-2-box, CES % agree, the pain point's unhappy share, the
//! topics' unhappy and happy sides, the emotion curve's direction, the distribution bars and the
//! quotes' colours all come from here.

use std::ops::RangeInclusive;

use crate::config::{CesDirection, Metric, SurveySettings};

/// Where an answer falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Unhappy,
    Neutral,
    Happy,
}

/// The project's answer scales (NPS 0–10, CSAT and CES 1–top) and which way CES runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bands {
    pub csat: u8,
    pub ces: u8,
    pub ces_direction: CesDirection,
}

impl Bands {
    /// The bands of `surveys.scales` and `surveys.ces_direction`.
    pub fn of(surveys: &SurveySettings) -> Bands {
        Bands { csat: surveys.scales.csat, ces: surveys.scales.ces, ces_direction: surveys.ces_direction }
    }

    /// The scale of `metric`: 0..=10 for NPS, 1..=top for CSAT and CES.
    pub fn scale(&self, metric: Metric) -> RangeInclusive<u8> {
        match metric {
            Metric::Nps => 0..=10,
            Metric::Csat => 1..=self.csat,
            Metric::Ces => 1..=self.ces,
        }
    }

    /// Whether a higher answer is a better one (all but a CES 1.0 effort question).
    pub fn higher_is_better(&self, metric: Metric) -> bool {
        metric != Metric::Ces || self.ces_direction == CesDirection::HigherIsBetter
    }

    /// The band of one answer.
    pub fn band(&self, metric: Metric, value: u8) -> Band {
        let top = *self.scale(metric).end();
        // A lower-is-better scale is the mirror image of its higher-is-better twin.
        let value = if self.higher_is_better(metric) { value } else { (top + 1).saturating_sub(value) };
        let (unhappy_up_to, happy_from) = cutoffs(metric, top);
        if value <= unhappy_up_to {
            Band::Unhappy
        } else if value >= happy_from {
            Band::Happy
        } else {
            Band::Neutral
        }
    }

    /// The answers of `metric` in `band`, as one run of the scale (`4..=5`).
    pub fn range(&self, metric: Metric, band: Band) -> RangeInclusive<u8> {
        let mut points = self.scale(metric).filter(|&v| self.band(metric, v) == band);
        let first = points.next().unwrap_or(1);
        first..=points.next_back().unwrap_or(first)
    }

    /// `4–5`: the answers in `band`, for a page.
    pub fn range_text(&self, metric: Metric, band: Band) -> String {
        let range = self.range(metric, band);
        format!("{}–{}", range.start(), range.end())
    }
}

/// The highest unhappy and the lowest happy point of `metric` on its scale 0..=10 (NPS) or
/// 1..=`top`, higher being better.
fn cutoffs(metric: Metric, top: u8) -> (u8, u8) {
    match (metric, top) {
        (Metric::Nps, _) => (6, 9),
        (Metric::Csat, 7) => (3, 6),
        (Metric::Csat, 10) => (4, 9),
        (Metric::Ces, 7) => (3, 5),
        // CSAT 1–5 and CES 1–5; other scales are refused when the settings load.
        _ => (2, top.saturating_sub(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands(csat: u8, ces: u8, ces_direction: CesDirection) -> Bands {
        Bands { csat, ces, ces_direction }
    }

    fn letters(bands: Bands, metric: Metric) -> String {
        bands
            .scale(metric)
            .map(|v| match bands.band(metric, v) {
                Band::Unhappy => 'u',
                Band::Neutral => 'n',
                Band::Happy => 'h',
            })
            .collect()
    }

    #[test]
    fn bands_are_those_of_metrics_md() {
        let higher = CesDirection::HigherIsBetter;
        assert_eq!(letters(bands(5, 7, higher), Metric::Nps), "uuuuuuunnhh");
        assert_eq!(letters(bands(5, 7, higher), Metric::Csat), "uunhh");
        assert_eq!(letters(bands(7, 7, higher), Metric::Csat), "uuunnhh");
        assert_eq!(letters(bands(10, 7, higher), Metric::Csat), "uuuunnnnhh");
        assert_eq!(letters(bands(5, 7, higher), Metric::Ces), "uuunhhh");
        assert_eq!(letters(bands(5, 5, higher), Metric::Ces), "uunhh");
    }

    #[test]
    fn a_ces_1_0_effort_scale_is_the_mirror_image() {
        let lower = CesDirection::LowerIsBetter;
        // 1 = very low effort (happy) … 5 = very high effort (unhappy).
        assert_eq!(letters(bands(5, 5, lower), Metric::Ces), "hhnuu");
        assert_eq!(letters(bands(5, 7, lower), Metric::Ces), "hhhnuuu");
        assert_eq!(bands(5, 5, lower).range_text(Metric::Ces, Band::Unhappy), "4–5");
        assert_eq!(bands(5, 5, lower).range_text(Metric::Ces, Band::Happy), "1–2");
        // Only CES turns round.
        assert_eq!(letters(bands(5, 5, lower), Metric::Csat), "uunhh");
        assert!(!bands(5, 5, lower).higher_is_better(Metric::Ces));
        assert!(bands(5, 5, lower).higher_is_better(Metric::Csat));
    }
}
