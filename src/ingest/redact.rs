//! Personal data in customer comments, replaced before any comment reaches a page: e-mail
//! addresses, phone numbers (Dutch, international, North American), IBANs, postcodes with house numbers,
//! and the names listed in `privacy.names`.
//!
//! Written as small scanners rather than regular expressions: each pattern is a few lines,
//! and the rules (a phone number starts with `0` or `+` and has 9 to 15 digits, or is written
//! 3-3-4) are visible.

use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A kind of personal data replaced in a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redaction {
    Email,
    Phone,
    Iban,
    /// A postcode with its house number.
    Address,
    /// One of `privacy.names`.
    Name,
}

impl Redaction {
    /// `e-mail`, `phone`, `IBAN`, `address`, `name`: its key in metrics.json's
    /// `data_quality.redacted` (a contract).
    pub fn name(self) -> &'static str {
        match self {
            Redaction::Email => "e-mail",
            Redaction::Phone => "phone",
            Redaction::Iban => "IBAN",
            Redaction::Address => "address",
            Redaction::Name => "name",
        }
    }

    /// What it is replaced by in the comment: its name in brackets.
    fn marker(self) -> &'static str {
        match self {
            Redaction::Email => "[e-mail]",
            Redaction::Phone => "[phone]",
            Redaction::Iban => "[IBAN]",
            Redaction::Address => "[address]",
            Redaction::Name => "[name]",
        }
    }

    /// Its interface string, for the pages in the report's language.
    pub fn i18n_key(self) -> &'static str {
        match self {
            Redaction::Email => "redaction_email",
            Redaction::Phone => "redaction_phone",
            Redaction::Iban => "redaction_iban",
            Redaction::Address => "redaction_address",
            Redaction::Name => "redaction_name",
        }
    }

    /// Every kind, for tests that each has its strings.
    pub const ALL: [Redaction; 5] =
        [Redaction::Email, Redaction::Phone, Redaction::Iban, Redaction::Address, Redaction::Name];
}

/// In the order of their names, as metrics.json and the method page have always listed them.
impl Ord for Redaction {
    fn cmp(&self, other: &Self) -> Ordering {
        self.name().cmp(other.name())
    }
}

impl PartialOrd for Redaction {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Redaction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Replaces personal data in `text`; counts each replacement by kind in `counts`.
pub fn redact(text: &str, names: &[String], counts: &mut BTreeMap<Redaction, u64>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let at_word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        let found = if at_word_start {
            email(&chars[i..])
                .map(|n| (n, Redaction::Email))
                .or_else(|| iban(&chars[i..]).map(|n| (n, Redaction::Iban)))
                .or_else(|| phone(&chars[i..]).map(|n| (n, Redaction::Phone)))
                .or_else(|| postcode(&chars[i..]).map(|n| (n, Redaction::Address)))
                .or_else(|| name(&chars[i..], names).map(|n| (n, Redaction::Name)))
        } else {
            None
        };
        match found {
            Some((length, kind)) => {
                if kind == Redaction::Address {
                    drop_house_number_before(&mut out);
                }
                out.push_str(kind.marker());
                *counts.entry(kind).or_default() += 1;
                i += length;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// Length of an e-mail address at the start of `s`: `local@domain.tld`.
fn email(s: &[char]) -> Option<usize> {
    let local = s.iter().take_while(|c| c.is_alphanumeric() || "._%+-".contains(**c)).count();
    if local == 0 || s.get(local) != Some(&'@') {
        return None;
    }
    let mut end = local + 1;
    let mut labels = 0;
    loop {
        let label = s[end..].iter().take_while(|c| c.is_alphanumeric() || **c == '-').count();
        if label == 0 {
            return None;
        }
        end += label;
        labels += 1;
        if s.get(end) == Some(&'.') && s.get(end + 1).is_some_and(|c| c.is_alphanumeric()) {
            end += 1;
        } else {
            break;
        }
    }
    (labels >= 2).then_some(end)
}

/// Length of an IBAN: two letters, two check digits, then 11 to 30 letters and digits, in
/// groups of four that may be separated by single spaces (`NL91 ABNA 0417 1643 00`).
fn iban(s: &[char]) -> Option<usize> {
    if !(s.len() >= 4 && s[..2].iter().all(char::is_ascii_alphabetic) && s[2..4].iter().all(char::is_ascii_digit)) {
        return None;
    }
    // Written in groups of four: a space may only follow a whole group.
    let (mut end, mut body, mut group) = (4, 0, 4);
    while end < s.len() {
        if s[end].is_ascii_alphanumeric() {
            body += 1;
            group += 1;
            end += 1;
        } else if s[end] == ' ' && group == 4 && s.get(end + 1).is_some_and(char::is_ascii_alphanumeric) {
            group = 0;
            end += 1;
        } else {
            break;
        }
    }
    let digits = s[4..end].iter().filter(|c| c.is_ascii_digit()).count();
    ((11..=30).contains(&body) && digits >= 6 && !s.get(end).is_some_and(|c| c.is_alphanumeric())).then_some(end)
}

/// Length of a phone number: starts with `+`, `0` or `(0`, then digits with spaces, dashes,
/// dots or brackets between them, 9 to 15 digits in all (`06-12345678`, `+31 (0)20 123 4567`);
/// or, without a prefix, the North American 3-3-4 digits (`(555) 123-4567`, `555.123.4567`),
/// which an order number or an amount does not look like.
fn phone(s: &[char]) -> Option<usize> {
    let prefixed = matches!(s, ['+', d, ..] if d.is_ascii_digit()) || matches!(s, ['0', ..] | ['(', '0', ..]);
    let grouped = matches!(s, [d, ..] | ['(', d, ..] if d.is_ascii_digit());
    if !prefixed && !grouped {
        return None;
    }
    // The lengths of the digit groups, for the 3-3-4 form (the fourth slot marks "more").
    let (mut end, mut digits, mut last_digit, mut groups, mut count) = (0, 0, 0, [0usize; 4], 0);
    while end < s.len() {
        let c = s[end];
        if c.is_ascii_digit() {
            if last_digit != end || count == 0 {
                count = (count + 1).min(groups.len());
            }
            groups[count - 1] += 1;
            digits += 1;
            last_digit = end + 1;
        } else if !(" -./()".contains(c) || (c == '+' && end == 0)) {
            break;
        } else if end > 0 && " -./".contains(s[end - 1]) && " -./".contains(c) {
            break; // two separators in a row end the number
        }
        end += 1;
    }
    let followed_by_word = s.get(last_digit).is_some_and(|c| c.is_alphanumeric());
    let north_american = groups == [3, 3, 4, 0] && (s[0] != '(' || s.get(4) == Some(&')'));
    let shaped = if prefixed { (9..=15).contains(&digits) } else { north_american };
    (shaped && !followed_by_word).then_some(last_digit)
}

/// Length of a Dutch postcode (`1234 AB`, `1234AB`) with the house number after it, if any.
fn postcode(s: &[char]) -> Option<usize> {
    if !(s.len() >= 6 && s[..4].iter().all(char::is_ascii_digit) && s[0] != '0') {
        return None;
    }
    let letters = if s[4] == ' ' { 5 } else { 4 };
    let code = s.get(letters..letters + 2)?;
    if !code.iter().all(char::is_ascii_uppercase) || s.get(letters + 2).is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let mut end = letters + 2;
    // A house number after the postcode: `1234 AB 12`, `1234AB, 12a`.
    let mut next = end;
    while s.get(next).is_some_and(|c| *c == ' ' || *c == ',') {
        next += 1;
    }
    let number = s[next..].iter().take_while(|c| c.is_ascii_digit()).count();
    if number > 0 && number <= 5 {
        end = next + number;
        if s.get(end).is_some_and(char::is_ascii_lowercase) && !s.get(end + 1).is_some_and(|c| c.is_alphanumeric()) {
            end += 1;
        }
    }
    Some(end)
}

/// Removes a house number written just before a postcode: `Dorpsstraat 12, 1234 AB`
/// becomes `Dorpsstraat [address]`.
fn drop_house_number_before(out: &mut String) {
    let trimmed = out.trim_end_matches([' ', ',']);
    let number_start = trimmed.trim_end_matches(|c: char| c.is_ascii_alphanumeric()).len();
    let number = &trimmed[number_start..];
    let looks_like_house_number = !number.is_empty()
        && number.len() <= 6
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number.chars().filter(|c| c.is_ascii_alphabetic()).count() <= 1;
    if looks_like_house_number {
        out.truncate(number_start);
    }
}

/// Length of one of `names` (ignoring case) at the start of `s`, as whole words.
fn name(s: &[char], names: &[String]) -> Option<usize> {
    names.iter().find_map(|name| {
        let name: Vec<char> = name.trim().chars().collect();
        let fits = !name.is_empty()
            && s.len() >= name.len()
            && s.iter().zip(&name).all(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            && !s.get(name.len()).is_some_and(|c| c.is_alphanumeric());
        fits.then_some(name.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> String {
        redact(text, &["Jan de Vries".to_string(), "Priya".to_string()], &mut BTreeMap::new())
    }

    #[test]
    fn personal_data_is_replaced_and_the_rest_kept() {
        assert_eq!(clean("Mail me at jan.devries+cx@example.co.uk please"), "Mail me at [e-mail] please");
        assert_eq!(clean("Bel 06-12345678 of 020 123 4567."), "Bel [phone] of [phone].");
        assert_eq!(clean("call +31 (0)6 1234 5678 today"), "call [phone] today");
        assert_eq!(clean("call (555) 123-4567 or 555.123.4567"), "call [phone] or [phone]");
        assert_eq!(clean("refund to NL91 ABNA 0417 1643 00 thanks"), "refund to [IBAN] thanks");
        assert_eq!(clean("IBAN NL91ABNA0417164300."), "IBAN [IBAN].");
        assert_eq!(clean("Dorpsstraat 12, 1234 AB Utrecht"), "Dorpsstraat [address] Utrecht");
        assert_eq!(clean("postcode 1234AB 56a, delivered late"), "postcode [address], delivered late");
        assert_eq!(
            clean("Jan de Vries at the desk was great, and priya too"),
            "[name] at the desk was great, and [name] too"
        );
    }

    #[test]
    fn ordinary_numbers_and_words_are_left_alone() {
        for text in [
            "Order 123456789 arrived in 3 days",
            "Order 1234567890 and 12 345 6789 items, 1234 5678 90 and 12/345/67890",
            "waited 10 - 15 minutes, then 20 more",
            "Paid €49.95 for 2 plants",
            "Rated 10/10, would order again",
            "Between 9:00 and 17:00",
            "Priyanka helped me",
            "Opened on 14-07-2026",
            "user@localhost is not an address",
        ] {
            assert_eq!(clean(text), text);
        }
    }

    #[test]
    fn replacements_are_counted_by_kind() {
        let mut counts = BTreeMap::new();
        redact("a@b.nl and c@d.com, 0612345678", &[], &mut counts);
        assert_eq!(counts.get(&Redaction::Email), Some(&2));
        assert_eq!(counts.get(&Redaction::Phone), Some(&1));
    }

    #[test]
    fn kinds_keep_their_names_and_the_order_of_their_names() {
        let mut counts: BTreeMap<Redaction, u64> = Redaction::ALL.into_iter().map(|kind| (kind, 1)).collect();
        counts.insert(Redaction::Name, 2);
        assert_eq!(
            serde_json::to_string(&counts).unwrap(),
            r#"{"IBAN":1,"address":1,"e-mail":1,"name":2,"phone":1}"#,
            "metrics.json's keys, in the order a map of strings gave them"
        );
        for kind in Redaction::ALL {
            assert_eq!(kind.marker(), format!("[{}]", kind.name()));
        }
    }
}
