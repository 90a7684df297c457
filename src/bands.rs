//! Unhappy, neutral and happy answers: one definition, used by every figure, page and topic
//! (METRICS.md, "Bands"). CSAT top-2-box, CES % agree, the pain point's unhappy share, the
//! topics' unhappy and happy sides and the quotes' colours all come from here.

use crate::config::Metric;

/// Where an answer falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Unhappy,
    Neutral,
    Happy,
}

/// The highest unhappy and the lowest happy point of `metric` on its scale 0..=10 (NPS) or
/// 1..=`top`.
pub fn cutoffs(metric: Metric, top: u8) -> (u8, u8) {
    match (metric, top) {
        (Metric::Nps, _) => (6, 9),
        (Metric::Csat, 7) => (3, 6),
        (Metric::Csat, 10) => (4, 9),
        (Metric::Ces, 7) => (3, 5),
        // CSAT 1–5 and CES 1–5; other scales are refused when the settings load.
        _ => (2, top.saturating_sub(1)),
    }
}

/// The band of one answer.
pub fn band(metric: Metric, top: u8, value: u8) -> Band {
    let (unhappy_up_to, happy_from) = cutoffs(metric, top);
    if value <= unhappy_up_to {
        Band::Unhappy
    } else if value >= happy_from {
        Band::Happy
    } else {
        Band::Neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_are_those_of_metrics_md() {
        let bands = |metric, top: u8, low: u8| {
            (low..=top)
                .map(|v| match band(metric, top, v) {
                    Band::Unhappy => 'u',
                    Band::Neutral => 'n',
                    Band::Happy => 'h',
                })
                .collect::<String>()
        };
        assert_eq!(bands(Metric::Nps, 10, 0), "uuuuuuunnhh");
        assert_eq!(bands(Metric::Csat, 5, 1), "uunhh");
        assert_eq!(bands(Metric::Csat, 7, 1), "uuunnhh");
        assert_eq!(bands(Metric::Csat, 10, 1), "uuuunnnnhh");
        assert_eq!(bands(Metric::Ces, 7, 1), "uuunhhh");
        assert_eq!(bands(Metric::Ces, 5, 1), "uunhh");
    }
}
