//! Reading one cell: a score on a scale, or a date.

use crate::config::DateOrder;

/// What a score cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreCell {
    Answer(u8),
    /// Blank, `N/A` and the like: the question was skipped.
    NoAnswer,
    /// Not a whole number on the scale; the message says why.
    Invalid(&'static str),
}

/// Reads a score on `low..=high`. Accepts `9`, `9.0`, `9,0` and labels such as `10 - Extremely likely`.
pub fn parse_score(text: &str, low: u8, high: u8) -> ScoreCell {
    let text = text.trim().trim_matches('"').trim();
    if text.is_empty() || is_no_answer(text) {
        return ScoreCell::NoAnswer;
    }
    // A label after the number: "10 - Extremely likely", "1 = Very difficult".
    let number: &str = match text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-' || c == '+'))
    {
        Some(end) if end > 0 && text[end..].trim_start().starts_with(['-', '–', '=', ':', '(']) => &text[..end],
        Some(_) => return ScoreCell::Invalid("not a number"),
        None => text,
    };
    let Ok(value) = number.trim().replace(',', ".").parse::<f64>() else {
        return ScoreCell::Invalid("not a number");
    };
    if value.fract() != 0.0 {
        return ScoreCell::Invalid("not a whole point of the scale");
    }
    if value < f64::from(low) || value > f64::from(high) {
        return ScoreCell::Invalid("outside the scale");
    }
    ScoreCell::Answer(value as u8)
}

fn is_no_answer(text: &str) -> bool {
    ["n/a", "na", "-", "nvt", "n.v.t.", "null", "none", "#n/a"].iter().any(|s| text.eq_ignore_ascii_case(s))
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Reads a date with an optional time: ISO 8601 (`2026-07-14`, `2026-07-14T09:31:00+02:00`),
/// `2026/07/14`, and day-first `14-07-2026`, `14/07/2026`, `14.07.2026` (month-first with
/// `date_order: mdy`). The date is taken as written; a time zone does not move it.
pub fn parse_date(text: &str, order: DateOrder) -> Result<Date, &'static str> {
    let text = text.trim();
    let date_part = text.split(['T', ' ']).next().unwrap_or_default();
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err("not a date such as 2026-07-14 or 14-07-2026");
    };
    let number = |s: &str| s.parse::<u32>().map_err(|_| "not a date such as 2026-07-14 or 14-07-2026");
    let (year, month, day) = if a.len() == 4 {
        (number(a)?, number(b)?, number(c)?)
    } else if c.len() == 4 {
        match order {
            DateOrder::Dmy => (number(c)?, number(b)?, number(a)?),
            DateOrder::Mdy => (number(c)?, number(a)?, number(b)?),
        }
    } else {
        return Err("the year must have four digits");
    };
    if !(1..=12).contains(&month) {
        return Err("the month is not 1 to 12 (for month-first dates set `surveys.date_order: mdy`)");
    }
    if day < 1 || day > days_in_month(year as i32, month) {
        return Err("that day does not exist in that month");
    }
    Ok(Date { year: year as i32, month: month as u8, day: day as u8 })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_in_the_forms_exports_write() {
        assert_eq!(parse_score("9", 0, 10), ScoreCell::Answer(9));
        assert_eq!(parse_score(" 9.0 ", 0, 10), ScoreCell::Answer(9));
        assert_eq!(parse_score("9,0", 0, 10), ScoreCell::Answer(9));
        assert_eq!(parse_score("10 - Extremely likely", 0, 10), ScoreCell::Answer(10));
        assert_eq!(parse_score("0", 0, 10), ScoreCell::Answer(0));
    }

    #[test]
    fn skipped_questions_are_not_errors() {
        for text in ["", "  ", "N/A", "n/a", "NA", "-", "nvt"] {
            assert_eq!(parse_score(text, 0, 10), ScoreCell::NoAnswer, "{text:?}");
        }
    }

    #[test]
    fn out_of_range_and_unreadable_scores_are_invalid() {
        assert_eq!(parse_score("11", 0, 10), ScoreCell::Invalid("outside the scale"));
        assert_eq!(parse_score("0", 1, 5), ScoreCell::Invalid("outside the scale"));
        assert_eq!(parse_score("x", 1, 7), ScoreCell::Invalid("not a number"));
        assert_eq!(parse_score("4.5", 1, 5), ScoreCell::Invalid("not a whole point of the scale"));
        assert_eq!(parse_score("-1", 0, 10), ScoreCell::Invalid("outside the scale"));
    }

    #[test]
    fn dates_in_iso_and_dutch_forms() {
        let d = Date { year: 2026, month: 7, day: 14 };
        for text in [
            "2026-07-14",
            "2026-07-14T09:31:00Z",
            "2026-07-14T09:31:00+02:00",
            "2026-07-14 09:31",
            "14-07-2026",
            "14/07/2026 09:31",
            "14.07.2026",
            "2026/07/14",
        ] {
            assert_eq!(parse_date(text, DateOrder::Dmy), Ok(d), "{text}");
        }
        assert_eq!(parse_date("07/14/2026", DateOrder::Mdy), Ok(d));
        assert!(parse_date("07/14/2026", DateOrder::Dmy).unwrap_err().contains("date_order"));
        assert!(parse_date("2026-02-30", DateOrder::Dmy).is_err());
        assert_eq!(parse_date("2024-02-29", DateOrder::Dmy).unwrap().day, 29);
        assert!(parse_date("yesterday", DateOrder::Dmy).is_err());
    }
}
