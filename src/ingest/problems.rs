//! The words of the problems met while rows are counted: what each says and how to fix it, as
//! the data-quality examples and the warnings show them. `tally.rs` says which problem it met
//! and where; this file words it, and only for the first few of each kind (the rest are counted).

use std::collections::HashMap;

use super::cell::{Unreadable, order_evidence};
use super::comment_tally::{MAX_COMMENT, shorten_to};
use super::dialect::decode;
use super::layout::mixed_orders_error;
use super::quality::{
    DataQuality,
    ExampleValue::{Count, Text},
    ExampleWords, QualityExample, QualityKind,
};
use crate::config::DateOrder;
use crate::diagnostics::{Location, did_you_mean, shown};
use crate::period::{EARLIEST_YEAR, Implausible};

/// What a warning about a row says the build does about it.
const ROW_LEFT_OUT: Option<&str> = Some("the row is left out");

/// Why a row's date gives it no period.
#[derive(Debug, Clone, Copy)]
pub enum DateProblem {
    Missing,
    Unreadable(&'static str),
    /// Day-first or month-first, and nothing in the file or the settings says which.
    Ambiguous,
    Implausible(Implausible),
}

/// A problem met in a row, with what its words need (borrowed: nothing is built until the
/// problem is kept as an example).
#[derive(Debug, Clone, Copy)]
pub enum RowProblem<'a> {
    /// A quoted field that starts on the row is never closed.
    QuoteNeverClosed,
    WrongNumberOfFields {
        fields: usize,
        header: usize,
    },
    /// A score cell (`raw`, decoded) that is no answer of its scale `low..=high`.
    Score {
        /// `nps`, `csat` or `ces`.
        metric: &'static str,
        header: &'a str,
        raw: &'a str,
        unreadable: Unreadable,
        low: u8,
        high: u8,
    },
    /// A date cell (its bytes) that gives the row no period, in a file whose dates are read
    /// in `order`; `evidence` is the first date (line, text) that decided a detected order.
    Date {
        raw: &'a [u8],
        problem: DateProblem,
        order: DateOrder,
        evidence: Option<&'a (usize, String)>,
    },
    /// A persona or touchpoint cell that names no id of the project (`ids`: lower-cased id → id).
    UnknownId {
        touchpoint: bool,
        value: &'a str,
        ids: &'a HashMap<String, &'a str>,
    },
    /// A comment of this many characters, too long to be anyone's answer.
    CommentQuotedInPart {
        characters: usize,
    },
}

impl RowProblem<'_> {
    /// Counts the problem in `quality`, worded when it is among the first few of its kind.
    pub fn record(self, quality: &mut DataQuality, at: Location) {
        // A date only the other order reads, in a file whose order was detected from its
        // first rows: the file mixes both, and the rows before may be misread.
        if let RowProblem::Date { raw, problem: DateProblem::Unreadable(_), order, evidence: Some(evidence) } = self {
            let text = decode(raw).0.trim().to_string();
            if order_evidence(&text).is_some_and(|other| other != order) {
                let error = mixed_orders_error(at, &text, evidence);
                let words = ExampleWords::new(
                    "quality_example_dates_in_both_orders",
                    vec![("value", Text(shorten(&text))), ("earlier", Text(evidence.1.clone()))],
                );
                quality.record_error(QualityKind::DatesInBothOrders, || QualityExample {
                    hint: error.hint.clone().unwrap_or_default(),
                    location: error.location,
                    message: error.message,
                    words,
                });
                return;
            }
        }
        let example =
            || QualityExample { location: at, message: self.message(), hint: self.hint(), words: self.words() };
        if self.stops_the_build() {
            quality.record_error(self.kind(), example);
        } else {
            quality.record(self.kind(), self.consequence(), example);
        }
    }

    /// The problem as a page says it (`docs/templates.md`, `quality_example_*`): the cell's
    /// value, never the export's column ids or Markdown.
    fn words(self) -> ExampleWords {
        let count = |n: usize| Count(n as u64);
        match self {
            RowProblem::QuoteNeverClosed => ExampleWords::new("quality_example_quote_never_closed", vec![]),
            RowProblem::WrongNumberOfFields { fields, header } => ExampleWords::new(
                "quality_example_wrong_number_of_fields",
                vec![("fields", count(fields)), ("header", count(header))],
            ),
            RowProblem::Score { metric, raw, unreadable, low, high, .. } => {
                let key = match unreadable {
                    Unreadable::OutsideTheScale => "quality_example_score_outside_the_scale",
                    Unreadable::NotAWholePoint => "quality_example_score_not_a_whole_point",
                    Unreadable::NotANumber => "quality_example_score_not_a_number",
                };
                let values = vec![
                    ("metric", Text(metric.to_uppercase())),
                    ("value", Text(shorten(raw.trim()))),
                    ("low", count(low.into())),
                    ("high", count(high.into())),
                ];
                ExampleWords::new(key, values)
            }
            RowProblem::Date { raw, problem, .. } => {
                let key = match problem {
                    DateProblem::Missing => "quality_example_date_missing",
                    DateProblem::Ambiguous => "quality_example_date_ambiguous",
                    DateProblem::Unreadable(_) => "quality_example_date_unreadable",
                    DateProblem::Implausible(_) => "quality_example_date_implausible",
                };
                ExampleWords::new(key, vec![("value", Text(shorten(decode(raw).0.trim())))])
            }
            RowProblem::UnknownId { touchpoint, value, .. } => {
                let key =
                    if touchpoint { "quality_example_unknown_touchpoint" } else { "quality_example_unknown_persona" };
                ExampleWords::new(key, vec![("value", Text(shorten(&shown(value))))])
            }
            RowProblem::CommentQuotedInPart { characters } => {
                ExampleWords::new("quality_example_comment_quoted_in_part", vec![("characters", count(characters))])
            }
        }
    }

    fn kind(self) -> QualityKind {
        match self {
            RowProblem::QuoteNeverClosed => QualityKind::QuoteNeverClosed,
            RowProblem::WrongNumberOfFields { .. } => QualityKind::WrongNumberOfFields,
            RowProblem::Score { unreadable: Unreadable::OutsideTheScale, .. } => QualityKind::ScoreOutOfRange,
            RowProblem::Score { .. } => QualityKind::UnreadableScore,
            RowProblem::Date { problem, .. } => match problem {
                DateProblem::Missing => QualityKind::RowWithoutDate,
                DateProblem::Unreadable(_) => QualityKind::UnreadableDate,
                DateProblem::Ambiguous => QualityKind::AmbiguousDate,
                DateProblem::Implausible(_) => QualityKind::DateOutOfRange,
            },
            RowProblem::UnknownId { touchpoint: true, .. } => QualityKind::UnknownTouchpoint,
            RowProblem::UnknownId { .. } => QualityKind::UnknownPersona,
            RowProblem::CommentQuotedInPart { .. } => QualityKind::CommentQuotedInPart,
        }
    }

    /// An error whatever `--strict` says: reading on would put responses in the wrong period.
    fn stops_the_build(self) -> bool {
        matches!(self, RowProblem::Date { problem: DateProblem::Ambiguous, .. })
    }

    /// What the build does about it when it goes on.
    fn consequence(self) -> Option<&'static str> {
        match self {
            RowProblem::QuoteNeverClosed | RowProblem::WrongNumberOfFields { .. } | RowProblem::Date { .. } => {
                ROW_LEFT_OUT
            }
            RowProblem::Score { .. } => Some("the cell is left out"),
            RowProblem::UnknownId { .. } => None,
            RowProblem::CommentQuotedInPart { .. } => Some("the row is counted"),
        }
    }

    fn message(self) -> String {
        match self {
            RowProblem::QuoteNeverClosed => {
                "a quoted field that starts on this row is never closed: the rest of the file was read into it".into()
            }
            RowProblem::WrongNumberOfFields { fields, header } => {
                format!("this row has {fields} fields but the header has {header}")
            }
            RowProblem::Score { metric, header, raw, unreadable, low, high } => format!(
                "{} \"{}\" in column `{header}` is {} ({low} to {high})",
                metric.to_uppercase(),
                shorten(raw.trim()),
                unreadable.why()
            ),
            RowProblem::Date { raw, problem, .. } => {
                let shown = || shorten(decode(raw).0.trim());
                match problem {
                    DateProblem::Missing => "this row has no date".into(),
                    DateProblem::Ambiguous => format!(
                        "date \"{}\" could be day-first or month-first, and the rows before it do not tell which",
                        shown()
                    ),
                    DateProblem::Unreadable(why) => format!("date \"{}\" cannot be read: {why}", shown()),
                    DateProblem::Implausible(why) => format!("date \"{}\" cannot be in a report: {why}", shown()),
                }
            }
            RowProblem::UnknownId { touchpoint, value, ids } => {
                let what = if touchpoint { "touchpoint" } else { "persona" };
                match did_you_mean(&value.to_lowercase(), ids.values().copied()) {
                    Some(best) => format!("unknown {what} `{}` (did you mean `{best}`?)", shown(value)),
                    None => format!("unknown {what} `{}`", shown(value)),
                }
            }
            RowProblem::CommentQuotedInPart { characters } => format!(
                "a comment of {} characters is quoted only in part (its first {})",
                grouped(characters),
                grouped(MAX_COMMENT)
            ),
        }
    }

    fn hint(self) -> String {
        match self {
            RowProblem::QuoteNeverClosed => "close the quote, or double a quote inside a quoted field (\"\")".into(),
            RowProblem::WrongNumberOfFields { .. } => "a field that holds the separator must be in double quotes".into(),
            RowProblem::Score { metric, raw, unreadable: Unreadable::NotANumber, .. } => format!(
                "if \"{}\" is an answer label, map it to the point it stands for in cxsite.yaml: `surveys: {{values: {{{}: {{\"{}\": <point>}}}}}}` (or `no answer`); if it is a typing mistake, fix the export",
                shorten(raw.trim()),
                metric,
                shorten(raw.trim())
            ),
            RowProblem::Score { .. } => {
                "fix the value in the export, or leave the cell empty if the question was not answered".into()
            }
            RowProblem::Date { problem, order, .. } => match problem {
                DateProblem::Missing => "every response needs the date it was given".into(),
                DateProblem::Ambiguous => {
                    "set `surveys.date_order: dmy` (14/07/2026) or `mdy` (07/14/2026) in cxsite.yaml to say which".into()
                }
                DateProblem::Unreadable(_) => match order {
                    DateOrder::Dmy => "write dates as 2026-07-14 or 14-07-2026".into(),
                    DateOrder::Mdy => "write dates as 2026-07-14 or 07/14/2026".into(),
                },
                DateProblem::Implausible(_) => format!(
                    "correct the date in the export: a report holds no responses dated after the month it is made in, or before {EARLIEST_YEAR}"
                ),
            },
            RowProblem::UnknownId { touchpoint, .. } => {
                let what = if touchpoint { "touchpoint" } else { "persona" };
                format!(
                    "add a {what} with this id to content/, or correct the export; the row still counts toward the overall scores"
                )
            }
            RowProblem::CommentQuotedInPart { .. } => "a cell this long is usually a quote that was closed much later, or a document pasted into the cell: check this row in the export".into(),
        }
    }
}

/// A cell's text as a message quotes it: at most 60 characters.
pub fn shorten(text: &str) -> String {
    shorten_to(text, 60).into_owned()
}

/// `n` with a comma between groups of three digits, so a long count reads at a glance.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_counts_are_grouped_by_thousands() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(2000), "2,000");
        assert_eq!(grouped(2_097_062), "2,097,062");
        assert_eq!(grouped(100_000), "100,000");
    }

    fn examples(problem: RowProblem) -> (QualityKind, String, String, Option<&'static str>) {
        let mut quality = DataQuality::default();
        problem.record(&mut quality, Location::at("s.csv", 4, 2));
        let issue = quality.issues.into_values().next().unwrap();
        let example = issue.examples.into_iter().next().unwrap();
        (issue.kind, example.message, example.hint, issue.consequence)
    }

    #[test]
    fn a_page_gets_the_value_without_the_column_id() {
        let problem = RowProblem::Score {
            metric: "nps",
            header: "Q4_NPS_GROUP",
            raw: "11",
            unreadable: Unreadable::OutsideTheScale,
            low: 0,
            high: 10,
        };
        let words = problem.words();
        assert_eq!(words.key, "quality_example_score_outside_the_scale");
        assert_eq!(
            words.values,
            vec![("metric", Text("NPS".into())), ("value", Text("11".into())), ("low", Count(0)), ("high", Count(10))]
        );
        assert!(!format!("{words:?}").contains("Q4_NPS_GROUP"));
    }

    #[test]
    fn each_problem_is_worded_with_its_cell() {
        let (kind, message, hint, consequence) = examples(RowProblem::Score {
            metric: "ces",
            header: "Effort",
            raw: " x ",
            unreadable: Unreadable::NotANumber,
            low: 1,
            high: 7,
        });
        assert_eq!(kind, QualityKind::UnreadableScore);
        assert_eq!(message, "CES \"x\" in column `Effort` is not a number (1 to 7)");
        assert!(hint.starts_with("if \"x\" is an answer label") && hint.contains("{values: {ces: {\"x\": <point>}}}"));
        assert_eq!(consequence, Some("the cell is left out"));

        let ids: HashMap<String, &str> = [("checkout".to_string(), "checkout")].into();
        let (kind, message, _, consequence) =
            examples(RowProblem::UnknownId { touchpoint: true, value: "Chekout", ids: &ids });
        assert_eq!(kind, QualityKind::UnknownTouchpoint);
        assert_eq!(message, "unknown touchpoint `Chekout` (did you mean `checkout`?)");
        assert_eq!(consequence, None);

        let (kind, message, _, consequence) = examples(RowProblem::CommentQuotedInPart { characters: 123_456 });
        assert_eq!(kind, QualityKind::CommentQuotedInPart);
        assert_eq!(message, "a comment of 123,456 characters is quoted only in part (its first 2,000)");
        assert_eq!(consequence, Some("the row is counted"));
    }

    #[test]
    fn an_ambiguous_date_stops_the_build() {
        let mut quality = DataQuality::default();
        let date = |raw, problem| RowProblem::Date { raw, problem, order: DateOrder::Dmy, evidence: None };
        date(b"03/04/2026", DateProblem::Ambiguous).record(&mut quality, Location::at("s.csv", 9, 2));
        date(b"", DateProblem::Missing).record(&mut quality, Location::at("s.csv", 10, 2));
        let ambiguous = &quality.issues[QualityKind::AmbiguousDate.name()];
        assert!(ambiguous.error);
        assert_eq!(
            ambiguous.examples[0].message,
            "date \"03/04/2026\" could be day-first or month-first, and the rows before it do not tell which"
        );
        let missing = &quality.issues[QualityKind::RowWithoutDate.name()];
        assert!(!missing.error);
        assert_eq!(missing.consequence, Some("the row is left out"));
    }

    #[test]
    fn a_date_of_the_other_order_after_a_detected_one_is_an_error_naming_both() {
        let mut quality = DataQuality::default();
        let evidence = (3, "25/03/2026".to_string());
        let why = "the month is not 1 to 12";
        let problem = RowProblem::Date {
            raw: b"03/25/2026",
            problem: DateProblem::Unreadable(why),
            order: DateOrder::Dmy,
            evidence: Some(&evidence),
        };
        problem.record(&mut quality, Location::at("s.csv", 40, 2));
        let mixed = &quality.issues[QualityKind::DatesInBothOrders.name()];
        assert!(mixed.error);
        assert!(mixed.examples[0].message.contains("line 3 (\"25/03/2026\")"), "{}", mixed.examples[0].message);
    }
}
