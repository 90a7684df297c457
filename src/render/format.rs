//! Numbers as a reader sees them: rounded for display, in the report's language.

/// Formats numbers for one language (Dutch writes a decimal comma).
#[derive(Debug, Clone, Copy)]
pub struct NumberFormat {
    decimal_comma: bool,
}

impl NumberFormat {
    /// The format of a language code (`en`, `nl`).
    pub fn for_language(language: &str) -> NumberFormat {
        NumberFormat { decimal_comma: language == "nl" }
    }

    /// The format a theme's strings ask for with `decimal_separator` (`.` or `,`), so a language
    /// added in a theme's `i18n/` writes its numbers its own way; else the language's default.
    pub fn for_strings(language: &str, decimal_separator: Option<&str>) -> NumberFormat {
        match decimal_separator.map(str::trim) {
            Some(",") => NumberFormat { decimal_comma: true },
            Some(".") => NumberFormat { decimal_comma: false },
            _ => NumberFormat::for_language(language),
        }
    }

    /// `value` with `decimals` digits after the separator.
    pub fn fixed(self, value: f64, decimals: usize) -> String {
        // Half away from zero, as people round (the formatter rounds half to even).
        let scale = 10f64.powi(decimals as i32);
        let rounded = (value * scale).round() / scale;
        // Avoid "−0.0" for values that round to zero.
        let rounded = if rounded == 0.0 { 0.0 } else { rounded };
        let text = format!("{rounded:.decimals$}").replace('-', "−");
        if self.decimal_comma { text.replace('.', ",") } else { text }
    }

    /// `value` with an explicit sign, for scores and changes (`+4.1`, `−2.0`).
    pub fn signed(self, value: f64, decimals: usize) -> String {
        let text = self.fixed(value, decimals);
        if text.starts_with('−') || text.chars().all(|c| matches!(c, '0' | '.' | ',')) {
            text
        } else {
            format!("+{text}")
        }
    }

    /// A whole number with thousands grouped (`5,210` in English, `5.210` in Dutch).
    pub fn count(self, value: u64) -> String {
        let digits = value.to_string();
        let separator = if self.decimal_comma { '.' } else { ',' };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(c);
        }
        out
    }

    /// A p-value: three decimals, or "< 0.001".
    pub fn p_value(self, p: f64) -> String {
        if p < 0.001 { format!("< {}", self.fixed(0.001, 3)) } else { self.fixed(p, 3) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_dutch_numbers() {
        let en = NumberFormat::for_language("en");
        let nl = NumberFormat::for_language("nl");
        assert_eq!(en.fixed(20.625, 1), "20.6");
        assert_eq!(en.fixed(-6.25, 1), "−6.3");
        assert_eq!(en.fixed(2.5, 0), "3");
        assert_eq!(nl.fixed(20.625, 1), "20,6");
        assert_eq!(en.signed(4.12, 1), "+4.1");
        assert_eq!(en.signed(-4.12, 1), "−4.1");
        assert_eq!(en.signed(-0.01, 1), "0.0");
        assert_eq!(en.count(1234567), "1,234,567");
        assert_eq!(nl.count(5210), "5.210");
        assert_eq!(en.count(999), "999");
        assert_eq!(en.p_value(0.0001), "< 0.001");
    }
}
