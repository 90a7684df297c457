//! Reporting periods: calendar quarters (`2026-Q3`) or months (`2026-07`).

use serde::Deserialize;
use std::fmt;

/// How responses are grouped in time, from `period:` in `cxsite.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    #[default]
    Quarter,
    Month,
}

/// One calendar quarter or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    /// Quarter 1..=4 or month 1..=12, by `kind`.
    pub index: u8,
    pub kind: PeriodKind,
}

impl Period {
    /// The period of `kind` that contains the given month (1..=12).
    pub fn containing(kind: PeriodKind, year: i32, month: u8) -> Period {
        let index = match kind {
            PeriodKind::Quarter => (month - 1) / 3 + 1,
            PeriodKind::Month => month,
        };
        Period { year, index, kind }
    }

    /// Parses a label such as `2026-Q3` or `2026-07`.
    pub fn parse(label: &str, kind: PeriodKind) -> Option<Period> {
        let (year, rest) = label.trim().split_once('-')?;
        let year: i32 = year.parse().ok()?;
        let index: u8 = match kind {
            PeriodKind::Quarter => rest.strip_prefix(['Q', 'q'])?.parse().ok()?,
            PeriodKind::Month => rest.parse().ok()?,
        };
        (1..=Self::per_year(kind)).contains(&index).then_some(Period { year, index, kind })
    }

    fn per_year(kind: PeriodKind) -> u8 {
        match kind {
            PeriodKind::Quarter => 4,
            PeriodKind::Month => 12,
        }
    }

    /// The period just before this one.
    pub fn previous(self) -> Period {
        if self.index == 1 {
            Period { year: self.year - 1, index: Self::per_year(self.kind), ..self }
        } else {
            Period { index: self.index - 1, ..self }
        }
    }

    /// The same quarter or month a year earlier.
    pub fn year_ago(self) -> Period {
        Period { year: self.year - 1, ..self }
    }
}

/// The earliest year a survey response may carry: earlier ones are typing mistakes (`0026`, a
/// spreadsheet's `1900`), and NPS itself dates from 2003.
pub const EARLIEST_YEAR: i32 = 2000;

/// Why a response's month cannot be in a report: the row is left out with a warning, so a stray
/// `9999-12-31` or `0000-01-01` never becomes the report's period or an archive folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implausible {
    BeforeEarliestYear,
    /// After the month the report is made in (year, month).
    AfterToday(i32, u8),
}

impl Implausible {
    /// Why, for `month` of `year` as a report made in `today` (year, month) sees it.
    pub fn of(year: i32, month: u8, today: Option<(i32, u8)>) -> Option<Implausible> {
        if year < EARLIEST_YEAR {
            return Some(Implausible::BeforeEarliestYear);
        }
        let (this_year, this_month) = today?;
        ((year, month) > (this_year, this_month)).then_some(Implausible::AfterToday(this_year, this_month))
    }

    /// The same for a period: its first month counts, so the running quarter is never "after today".
    pub fn of_period(period: Period, today: Option<(i32, u8)>) -> Option<Implausible> {
        let first_month = match period.kind {
            PeriodKind::Quarter => (period.index - 1) * 3 + 1,
            PeriodKind::Month => period.index,
        };
        Implausible::of(period.year, first_month, today)
    }
}

impl fmt::Display for Implausible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Implausible::BeforeEarliestYear => write!(f, "it is before {EARLIEST_YEAR}"),
            Implausible::AfterToday(year, month) => write!(f, "it is after this month ({year}-{month:02})"),
        }
    }
}

/// Today's year and month (UTC) from the system clock.
pub fn this_month() -> (i32, u8) {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (year, month, _) = civil_from_days((seconds / 86_400) as i64);
    (year, month)
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Quarter => write!(f, "{}-Q{}", self.year, self.index),
            PeriodKind::Month => write!(f, "{}-{:02}", self.year, self.index),
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_before_2000_or_after_this_month_are_implausible() {
        let today = Some((2026, 12));
        assert_eq!(Implausible::of(2026, 12, today), None, "this month is fine");
        assert_eq!(Implausible::of(2027, 1, today), Some(Implausible::AfterToday(2026, 12)));
        assert_eq!(Implausible::of(9999, 12, today), Some(Implausible::AfterToday(2026, 12)));
        assert_eq!(Implausible::of(1999, 12, today), Some(Implausible::BeforeEarliestYear));
        assert_eq!(Implausible::of(0, 1, None), Some(Implausible::BeforeEarliestYear));
        assert_eq!(Implausible::of(9999, 1, None), None, "without a clock only the year floor holds");
        let q4 = Period::parse("2026-Q4", PeriodKind::Quarter).unwrap();
        assert_eq!(Implausible::of_period(q4, Some((2026, 10))), None, "the running quarter");
        assert!(Implausible::of_period(q4, Some((2026, 9))).is_some());
    }

    #[test]
    fn quarters_follow_the_calendar() {
        let q = Period::containing(PeriodKind::Quarter, 2026, 9);
        assert_eq!(q.to_string(), "2026-Q3");
        assert_eq!(Period::containing(PeriodKind::Quarter, 2026, 10).to_string(), "2026-Q4");
        assert_eq!(q.previous().to_string(), "2026-Q2");
        assert_eq!(Period::parse("2026-Q1", PeriodKind::Quarter).unwrap().previous().to_string(), "2025-Q4");
        assert_eq!(q.year_ago().to_string(), "2025-Q3");
    }

    #[test]
    fn days_since_1970_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_781), (2026, 11, 24));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn months_parse_and_print_with_two_digits() {
        let m = Period::parse("2026-01", PeriodKind::Month).unwrap();
        assert_eq!(m.previous().to_string(), "2025-12");
        assert_eq!(Period::parse("2026-13", PeriodKind::Month), None);
        assert_eq!(Period::parse("2026-Q5", PeriodKind::Quarter), None);
    }
}
