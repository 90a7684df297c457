//! Reading one cell: a score on a scale, or a date.

use std::collections::{BTreeMap, HashMap};

use crate::config::{DateOrder, LabelValue};

/// What a score cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreCell {
    Answer(u8),
    /// Blank, `N/A` and the like: the question was skipped.
    NoAnswer,
    /// Not a whole number on the scale.
    Invalid(Unreadable),
}

/// Why a score cell is not an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    NotANumber,
    NotAWholePoint,
    OutsideTheScale,
}

impl Unreadable {
    /// `outside the scale`, for a message about the cell.
    pub fn why(self) -> &'static str {
        match self {
            Unreadable::NotANumber => "not a number",
            Unreadable::NotAWholePoint => "not a whole point of the scale",
            Unreadable::OutsideTheScale => "outside the scale",
        }
    }
}

/// A metric's scale and the answer labels an export may write instead of numbers.
#[derive(Debug, Clone)]
pub struct Scale {
    pub low: u8,
    pub high: u8,
    /// Lower-cased label → what it stands for (`surveys.values`).
    labels: HashMap<String, LabelValue>,
    /// What a cell of one or two digits stands for: its own number, or what a digit label of
    /// `surveys.values` makes it (`"1": 5`).
    digit_values: [LabelValue; 100],
}

impl Scale {
    /// The scale `low..=high` with the labels of `surveys.values` for its metric.
    pub fn new(low: u8, high: u8, labels: &BTreeMap<String, LabelValue>) -> Scale {
        let labels: HashMap<String, LabelValue> =
            labels.iter().map(|(label, &value)| (label.trim().to_lowercase(), value)).collect();
        let digit_values = std::array::from_fn(|n| {
            let n = n as u8;
            labels
                .get(&n.to_string())
                .or_else(|| labels.get(&format!("{n:02}")))
                .copied()
                .unwrap_or(LabelValue::Point(n))
        });
        Scale { low, high, labels, digit_values }
    }

    /// Reads one cell. Accepts `9`, `9.0`, `9,0`, labels such as `10 - Extremely likely`,
    /// and the labels of `surveys.values`.
    pub fn read(&self, text: &str) -> ScoreCell {
        // Digits are read as the number they are (`0` on a 1–5 scale is out of it), unless a
        // digit label of `surveys.values` says what they stand for.
        if let Some(value) = digits(text.as_bytes()) {
            return self.label_value(self.digit_values[usize::from(value)]);
        }
        let text = text.trim().trim_matches('"').trim();
        if let Some(&value) = self.labels.get(&text.to_lowercase()) {
            return self.label_value(value);
        }
        if text.is_empty() || is_no_answer(text) {
            return ScoreCell::NoAnswer;
        }
        // A label after the number: "10 - Extremely likely", "1 = Very difficult".
        let number = match text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-' || c == '+')) {
            Some(end) if end > 0 && text[end..].trim_start().starts_with(['-', '–', '=', ':', '(']) => &text[..end],
            Some(_) => return ScoreCell::Invalid(Unreadable::NotANumber),
            None => text,
        };
        match number.trim().replace(',', ".").parse::<f64>() {
            // `5.0` and `10 - Extremely likely` are 5 and 10, recoded as the digits would be.
            Ok(value) if value.fract() == 0.0 && (0.0..100.0).contains(&value) => {
                self.label_value(self.digit_values[value as usize])
            }
            Ok(value) => self.in_range(value),
            Err(_) => ScoreCell::Invalid(Unreadable::NotANumber),
        }
    }

    /// The quick path for the cells most exports hold: a point of the scale in one or two
    /// digits. `None` for anything else (blank, out of range, `9,0`, labels), which
    /// [`Scale::read`] reads.
    #[inline]
    pub fn answer_in_digits(&self, bytes: &[u8]) -> Option<u8> {
        match self.digit_values[usize::from(digits(bytes)?)] {
            LabelValue::Point(value) if (self.low..=self.high).contains(&value) => Some(value),
            _ => None,
        }
    }

    fn label_value(&self, value: LabelValue) -> ScoreCell {
        match value {
            LabelValue::Point(point) => self.in_range(f64::from(point)),
            LabelValue::NoAnswer => ScoreCell::NoAnswer,
        }
    }

    fn in_range(&self, value: f64) -> ScoreCell {
        if value.fract() != 0.0 {
            ScoreCell::Invalid(Unreadable::NotAWholePoint)
        } else if value < f64::from(self.low) || value > f64::from(self.high) {
            ScoreCell::Invalid(Unreadable::OutsideTheScale)
        } else {
            ScoreCell::Answer(value as u8)
        }
    }
}

/// Reads a score on `low..=high` without answer labels (for tests).
#[cfg(test)]
fn parse_score(text: &str, low: u8, high: u8) -> ScoreCell {
    Scale::new(low, high, &BTreeMap::new()).read(text)
}

/// The number written in one or two ASCII digits, without anything around them.
#[inline]
fn digits(bytes: &[u8]) -> Option<u8> {
    let digit = |b: u8| b.wrapping_sub(b'0');
    match *bytes {
        [d] if digit(d) <= 9 => Some(digit(d)),
        [a, b] if digit(a) <= 9 && digit(b) <= 9 => Some(digit(a) * 10 + digit(b)),
        _ => None,
    }
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

const NOT_A_DATE: &str = "not a date such as 2026-07-14 or 14-07-2026";

/// Reads a date with an optional time: ISO 8601 (`2026-07-14`, `2026-07-14T09:31:00+02:00`),
/// `2026/07/14`, `20260714`, a named month (`Jul 14, 2026`, `14 juli 2026`, `14-Jul-2026`), and
/// day-first `14-07-2026`, `14/07/2026`, `14.07.2026`, `14/07/26` (month-first with
/// `date_order: mdy`; a two-digit year is 20yy). The date is taken as written; a time zone
/// does not move it.
pub fn parse_date(text: &str, order: DateOrder) -> Result<Date, &'static str> {
    if let Some(parts) = compact_date(text).or_else(|| named_month_date(text)) {
        return checked(parts, order);
    }
    let (first, second, third) = date_parts(text)?;
    let number = |s: &str| s.parse::<u32>().map_err(|_| NOT_A_DATE);
    let (year, month, day) = if first.len() == 4 {
        (number(first)?, number(second)?, number(third)?)
    } else if third.len() == 2 && text.trim().split(['T', ' ']).next().is_some_and(|d| d.contains('-')) {
        // `25-07-01` could be 25 July 2001 or 2025-07-01: only `/` and `.` short dates (Excel's
        // `7/1/25`, `01.07.25`) are read with a two-digit year.
        return Err("a two-digit year with `-` could be year-first; write the year in four digits");
    } else if third.len() == 4 || third.len() == 2 {
        let year = if third.len() == 2 { 2000 + number(third)? } else { number(third)? };
        match order {
            DateOrder::Dmy => (year, number(second)?, number(first)?),
            DateOrder::Mdy => (year, number(first)?, number(second)?),
        }
    } else {
        return Err("the year must have four digits");
    };
    checked((year, month, day), order)
}

/// `(year, month, day)` as a date, or why it is none.
fn checked((year, month, day): (u32, u32, u32), order: DateOrder) -> Result<Date, &'static str> {
    if !(1..=12).contains(&month) {
        return Err(match order {
            DateOrder::Dmy => "the month is not 1 to 12 (for month-first dates set `surveys.date_order: mdy`)",
            DateOrder::Mdy => "the month is not 1 to 12 (for day-first dates set `surveys.date_order: dmy`)",
        });
    }
    if day < 1 || day > days_in_month(year as i32, month) {
        return Err("that day does not exist in that month");
    }
    Ok(Date { year: year as i32, month: month as u8, day: day as u8 })
}

/// `20260714`: eight digits, year first (an optional time after a `T` or a space).
fn compact_date(text: &str) -> Option<(u32, u32, u32)> {
    let date = text.trim().split(['T', ' ']).next()?;
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| date[range].parse::<u32>().ok();
    Some((number(0..4)?, number(4..6)?, number(6..8)?))
}

/// A date with its month written as a word, English or Dutch, in any order of day and month
/// (`Jul 14, 2026`, `July 14 2026 9:00 AM`, `14 juli 2026`, `14-Jul-2026`): the word says which
/// is the month, so there is no order to guess.
fn named_month_date(text: &str) -> Option<(u32, u32, u32)> {
    const MONTHS: [&[&str]; 12] = [
        &["jan", "january", "januari"],
        &["feb", "february", "februari"],
        &["mar", "march", "mrt", "maart"],
        &["apr", "april"],
        &["may", "mei"],
        &["jun", "june", "juni"],
        &["jul", "july", "juli"],
        &["aug", "august", "augustus"],
        &["sep", "sept", "september"],
        &["oct", "october", "okt", "oktober"],
        &["nov", "november"],
        &["dec", "december"],
    ];
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '/' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let (at, month) = words.iter().enumerate().find_map(|(at, word)| {
        let word = word.to_lowercase();
        MONTHS.iter().position(|names| names.contains(&word.as_str())).map(|m| (at, m as u32 + 1))
    })?;
    // The day and the year are the numbers next to the month; a time (with `:`) comes after.
    let numbers: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(i, w)| i != at && i <= at + 2 && at <= i + 1 && w.bytes().all(|b| b.is_ascii_digit()))
        .map(|(_, w)| *w)
        .collect();
    let year = numbers.iter().find(|n| n.len() == 4)?.parse().ok()?;
    let day = numbers.iter().find(|n| (1..=2).contains(&n.len()))?.parse().ok()?;
    Some((year, month, day))
}

/// The three numbers of the date part (before a `T` or a space), split at `-`, `/` or `.`.
fn date_parts(text: &str) -> Result<(&str, &str, &str), &'static str> {
    let date = text.trim().split(['T', ' ']).next().unwrap_or_default();
    let mut parts = date.split(['-', '/', '.']);
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), Some(c), None) => Ok((a, b, c)),
        _ => Err(NOT_A_DATE),
    }
}

/// What a numeric date with the year last says about the order of day and month:
/// `Some(order)` when only that order can read it (`25/03/2026` is day-first), `None` when
/// both can (`03/04/2026`) or the date has its year first (ISO) or is not a date.
pub fn order_evidence(text: &str) -> Option<DateOrder> {
    let (first, second, third) = date_parts(text).ok()?;
    if (third.len() != 4 && third.len() != 2) || first.len() > 2 || second.len() > 2 {
        return None;
    }
    let (first, second) = (first.parse::<u32>().ok()?, second.parse::<u32>().ok()?);
    match (first > 12, second > 12) {
        (true, false) => Some(DateOrder::Dmy),
        (false, true) => Some(DateOrder::Mdy),
        _ => None,
    }
}

/// True for a date with the year last whose day and month could be either way round.
pub fn is_ambiguous(text: &str) -> bool {
    date_parts(text).is_ok_and(|(a, b, c)| {
        (c.len() == 4 || c.len() == 2)
            && a.len() <= 2
            && a != b
            && [a, b].iter().all(|p| p.parse::<u32>().is_ok_and(|n| (1..=12).contains(&n)))
    })
}

/// The number of days in a month (1..=12) of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
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
        assert_eq!(parse_score("07", 0, 10), ScoreCell::Answer(7));
    }

    fn labels(pairs: &[(&str, LabelValue)]) -> BTreeMap<String, LabelValue> {
        pairs.iter().map(|(label, value)| (label.to_string(), *value)).collect()
    }

    #[test]
    fn answer_labels_map_to_their_scale_point() {
        use LabelValue::Point;
        let scale = Scale::new(1, 5, &labels(&[("Very satisfied", Point(5)), ("Zeer ontevreden", Point(1))]));
        assert_eq!(scale.read("very satisfied"), ScoreCell::Answer(5));
        assert_eq!(scale.read(" Zeer ontevreden "), ScoreCell::Answer(1));
        assert_eq!(scale.read("4"), ScoreCell::Answer(4));
        assert_eq!(scale.read("Quite satisfied"), ScoreCell::Invalid(Unreadable::NotANumber));
        assert_eq!(
            Scale::new(1, 5, &labels(&[("Top", Point(9))])).read("top"),
            ScoreCell::Invalid(Unreadable::OutsideTheScale)
        );
    }

    #[test]
    fn digit_labels_recode_a_numeric_export() {
        use LabelValue::Point;
        // Qualtrics' numeric export of a reverse-coded 1-5 question: 1 is "very satisfied".
        let reversed = labels(&[("1", Point(5)), ("2", Point(4)), ("3", Point(3)), ("4", Point(2)), ("5", Point(1))]);
        let scale = Scale::new(1, 5, &reversed);
        for (cell, point) in [("1", 5), ("2", 4), ("4", 2), ("5", 1), (" 1 ", 5)] {
            assert_eq!(scale.read(cell), ScoreCell::Answer(point), "{cell}");
        }
        assert_eq!(scale.answer_in_digits(b"1"), Some(5), "the quick path recodes too");
        assert_eq!(scale.read("1.0"), ScoreCell::Answer(5), "as pandas writes a column with blanks");
        assert_eq!(scale.read("5,0"), ScoreCell::Answer(1));
        assert_eq!(scale.read("4.5"), ScoreCell::Invalid(Unreadable::NotAWholePoint));
        assert_eq!(scale.answer_in_digits(b"5"), Some(1));
        // Digits without a label are their own number, in the scale or not.
        let some = Scale::new(1, 5, &labels(&[("4", Point(2))]));
        assert_eq!(some.read("0"), ScoreCell::Invalid(Unreadable::OutsideTheScale));
        assert_eq!(some.answer_in_digits(b"0"), None);
        assert_eq!(some.read("3"), ScoreCell::Answer(3));
    }

    #[test]
    fn labels_can_stand_for_no_answer() {
        let zendesk = labels(&[
            ("Offered", LabelValue::NoAnswer),
            ("Unoffered", LabelValue::NoAnswer),
            ("Good", LabelValue::Point(5)),
        ]);
        let scale = Scale::new(1, 5, &zendesk);
        assert_eq!(scale.read("Offered"), ScoreCell::NoAnswer);
        assert_eq!(scale.read("unoffered"), ScoreCell::NoAnswer);
        assert_eq!(scale.read("Good"), ScoreCell::Answer(5));
        assert_eq!(Scale::new(1, 5, &labels(&[("9", LabelValue::NoAnswer)])).answer_in_digits(b"9"), None);
        assert_eq!(Scale::new(0, 10, &labels(&[("99", LabelValue::NoAnswer)])).read("99"), ScoreCell::NoAnswer);
    }

    #[test]
    fn skipped_questions_are_not_errors() {
        for text in ["", "  ", "N/A", "n/a", "NA", "-", "nvt"] {
            assert_eq!(parse_score(text, 0, 10), ScoreCell::NoAnswer, "{text:?}");
        }
    }

    #[test]
    fn out_of_range_and_unreadable_scores_are_invalid() {
        assert_eq!(parse_score("11", 0, 10), ScoreCell::Invalid(Unreadable::OutsideTheScale));
        assert_eq!(parse_score("0", 1, 5), ScoreCell::Invalid(Unreadable::OutsideTheScale));
        assert_eq!(parse_score("x", 1, 7), ScoreCell::Invalid(Unreadable::NotANumber));
        assert_eq!(parse_score("4.5", 1, 5), ScoreCell::Invalid(Unreadable::NotAWholePoint));
        assert_eq!(parse_score("-1", 0, 10), ScoreCell::Invalid(Unreadable::OutsideTheScale));
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

    #[test]
    fn dates_as_other_tools_write_them() {
        let d = Date { year: 2025, month: 7, day: 1 };
        for order in [DateOrder::Dmy, DateOrder::Mdy] {
            // A named month needs no order: SurveyMonkey, Typeform, Dutch Excel.
            for text in [
                "Jul 01, 2025",
                "July 1, 2025 1:05 PM",
                "1 juli 2025",
                "01-Jul-2025",
                "Tuesday, July 1, 2025",
                "20250701",
            ] {
                assert_eq!(parse_date(text, order), Ok(d), "{text}");
            }
        }
        // Excel's short date with a two-digit year: 20yy, in the file's order.
        assert_eq!(parse_date("7/1/25 13:01", DateOrder::Mdy), Ok(d));
        assert_eq!(parse_date("1/7/25", DateOrder::Dmy), Ok(d));
        assert_eq!(order_evidence("7/14/25 13:01"), Some(DateOrder::Mdy));
        assert!(is_ambiguous("7/1/25"));
        assert!(parse_date("25-07-01", DateOrder::Dmy).unwrap_err().contains("four digits"), "yy-mm-dd is refused");
        assert!(parse_date("Jul 2025", DateOrder::Dmy).is_err(), "no day");
        assert!(parse_date("20251301", DateOrder::Dmy).is_err(), "month 13");
        assert!(parse_date("julie", DateOrder::Dmy).is_err());
    }

    #[test]
    fn only_dates_with_a_day_above_12_tell_the_order() {
        assert_eq!(order_evidence("25/03/2026"), Some(DateOrder::Dmy));
        assert_eq!(order_evidence("03/25/2026 10:00"), Some(DateOrder::Mdy));
        assert_eq!(order_evidence("03/04/2026"), None);
        assert_eq!(order_evidence("2026-03-25"), None);
        assert!(is_ambiguous("03/04/2026") && is_ambiguous("3.4.2026"));
        assert!(!is_ambiguous("04/04/2026") && !is_ambiguous("25/03/2026") && !is_ambiguous("2026-03-04"));
    }
}
