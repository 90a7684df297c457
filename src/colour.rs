//! Colours of `style.accent`: parsing `#rgb`/`#rrggbb`, WCAG contrast, and the lighter accent
//! the default theme's dark mode needs.
//!
//! The page colours here are the default theme's (`themes/default/static/style.css`); a theme
//! with other backgrounds still gets a readable accent, only not checked against its own.

/// A colour as red, green and blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub [u8; 3]);

/// The light page background and cards of the default theme.
pub const LIGHT_BACKGROUNDS: [Rgb; 2] = [Rgb([0xf7, 0xf8, 0xf6]), Rgb([0xff, 0xff, 0xff])];
/// The dark page background and cards of the default theme.
pub const DARK_BACKGROUNDS: [Rgb; 2] = [Rgb([0x12, 0x16, 0x14]), Rgb([0x1a, 0x20, 0x1d])];
/// WCAG 2.1 AA for normal text.
pub const TEXT_CONTRAST: f64 = 4.5;

impl Rgb {
    /// `#rgb` or `#rrggbb` (either case); anything else is `None`, so the result is always
    /// safe to write into a style sheet.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, len: usize| u8::from_str_radix(&hex[i..i + len], 16).ok();
        match hex.len() {
            3 => Some(Rgb([digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17])),
            6 => Some(Rgb([digit(0, 2)?, digit(2, 2)?, digit(4, 2)?])),
            _ => None,
        }
    }

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Relative luminance (WCAG 2.1).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let [r, g, b] = self.0;
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// The WCAG contrast ratio of two colours, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// `share` (0..1) of `self` mixed into `other`, as CSS `color-mix(in srgb, …)` does.
    pub fn mix(self, other: Rgb, share: f64) -> Rgb {
        let channel = |i: usize| (f64::from(self.0[i]) * share + f64::from(other.0[i]) * (1.0 - share)).round() as u8;
        Rgb([channel(0), channel(1), channel(2)])
    }

    /// The lowest contrast of `self` against any of `backgrounds`.
    pub fn worst_contrast(self, backgrounds: &[Rgb]) -> f64 {
        backgrounds.iter().map(|b| self.contrast(*b)).fold(f64::INFINITY, f64::min)
    }

    /// The accent for the dark mode: `self` when it is readable on the dark backgrounds and on
    /// its own tint (the theme's `--accent-soft`, 12% of the accent), else `self` mixed with
    /// white, in steps of 5%, until it is.
    pub fn for_dark_mode(self) -> Rgb {
        let white = Rgb([0xff, 0xff, 0xff]);
        (0..=20)
            .map(|step| self.mix(white, 1.0 - f64::from(step) * 0.05))
            .find(|candidate| {
                let tint = candidate.mix(DARK_BACKGROUNDS[1], 0.12);
                candidate.worst_contrast(&[DARK_BACKGROUNDS[0], DARK_BACKGROUNDS[1], tint]) >= TEXT_CONTRAST
            })
            .unwrap_or(white)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_and_long_hex_only() {
        assert_eq!(Rgb::parse("#1f6f4a"), Some(Rgb([0x1f, 0x6f, 0x4a])));
        assert_eq!(Rgb::parse("#A30"), Some(Rgb([0xaa, 0x33, 0x00])));
        assert_eq!(Rgb::parse("#A30").unwrap().hex(), "#aa3300");
        for bad in ["red", "1f6f4a", "#12345", "#1f6f4a80", "#ggg", "red; } body {", "#12\"", "#+1f6f4", ""] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_matches_wcag() {
        let (black, white) = (Rgb([0, 0, 0]), Rgb([255, 255, 255]));
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        // The default accent on white: 6.12:1.
        assert!((Rgb::parse("#1f6f4a").unwrap().contrast(white) - 6.12).abs() < 0.01);
    }

    #[test]
    fn a_dark_accent_is_lightened_for_the_dark_mode_and_a_light_one_kept() {
        let dark = Rgb::parse("#aa3300").unwrap().for_dark_mode();
        assert!(dark.worst_contrast(&DARK_BACKGROUNDS) >= TEXT_CONTRAST, "{}", dark.hex());
        let light = Rgb::parse("#6fcf9b").unwrap();
        assert_eq!(light.for_dark_mode(), light);
    }
}
