//! Where the charts' ticks and words go: round axis steps, and text boxes placed so that no two
//! overlap. Text widths are estimated from the characters (the charts are drawn before any
//! browser sees them), on the wide side, so a box drawn here holds the text a browser draws.

use std::fmt::Write;

use super::charts::escape;

/// Axis ticks at a round step (1, 2 or 5 times a power of ten) from `low` to `high`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    pub low: f64,
    pub high: f64,
    pub step: f64,
}

impl Ticks {
    /// The ticks: every multiple of the step from `low` to `high`.
    pub fn values(&self) -> Vec<f64> {
        // Multiples counted as integers, so 0.1 × 3 is not drawn as 0.30000000000000004.
        let first = (self.low / self.step - 1e-9).ceil() as i64;
        let last = (self.high / self.step + 1e-9).floor() as i64;
        (first..=last).map(|k| round_to(k as f64 * self.step, self.step)).collect()
    }

    /// The decimals a tick needs to be written exactly (0.5 → 1, 0.05 → 2, 10 → 0).
    pub fn decimals(&self) -> usize {
        (-(self.step.log10() + 1e-9).floor()).max(0.0) as usize
    }
}

/// `value` rounded to a tenth of `step`'s own precision, to drop the float noise of a multiple.
fn round_to(value: f64, step: f64) -> f64 {
    let scale = 10f64.powi(-(step.log10().floor() as i32) + 1);
    (value * scale).round() / scale
}

/// The roundest ticks for values from `min` to `max`: the smallest step of 1, 2 or 5 × 10ⁿ (never
/// finer than `resolution`, the finest step the axis's numbers show) that needs at most `most`
/// ticks, with the range rounded out to that step and kept within `bounds` (a score's scale).
/// Without values (`min > max`) the whole of `bounds`.
pub fn nice_ticks(min: f64, max: f64, most: usize, resolution: f64, bounds: (f64, f64)) -> Ticks {
    let (min, max) = if min <= max { (min, max) } else { bounds };
    let mut exponent = resolution.log10().floor() as i32;
    loop {
        for mantissa in [1.0, 2.0, 5.0] {
            let step = mantissa * 10f64.powi(exponent);
            if step < resolution * (1.0 - 1e-9) {
                continue;
            }
            let mut low = ((min / step + 1e-9).floor() * step).max(bounds.0);
            let mut high = ((max / step - 1e-9).ceil() * step).min(bounds.1);
            if high - low < step * (1.0 - 1e-9) {
                // One value: a step either side, so the line is not drawn on the frame.
                low = (low - step).max(bounds.0);
                high = (high + step).min(bounds.1);
            }
            let ticks = Ticks { low, high, step };
            if ticks.values().len() <= most || step >= bounds.1 - bounds.0 {
                return ticks;
            }
        }
        exponent += 1;
    }
}

/// A box in the chart's own units: `x`, `y` its top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// The area two boxes share (0 when they only touch).
    pub fn overlap(&self, other: &Rect) -> f64 {
        let w = (self.x + self.w).min(other.x + other.w) - self.x.max(other.x);
        let h = (self.y + self.h).min(other.y + other.h) - self.y.max(other.y);
        if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
    }

    pub fn inside(&self, area: &Rect) -> bool {
        self.x >= area.x && self.y >= area.y && self.x + self.w <= area.x + area.w && self.y + self.h <= area.y + area.h
    }

    /// How far (`x`, `y`) is from the box (0 inside it).
    pub fn distance(&self, (x, y): (f64, f64)) -> f64 {
        let dx = (self.x - x).max(x - (self.x + self.w)).max(0.0);
        let dy = (self.y - y).max(y - (self.y + self.h)).max(0.0);
        (dx * dx + dy * dy).sqrt()
    }

    /// A square around a round marker at (`x`, `y`).
    pub fn around(x: f64, y: f64, radius: f64) -> Rect {
        Rect { x: x - radius, y: y - radius, w: 2.0 * radius, h: 2.0 * radius }
    }
}

/// The width `text` takes at `font` size, estimated on the wide side: DejaVu Sans, the widest
/// common sans serif (and Chromium's on Linux), is about 0.6 em a lower-case letter.
pub fn text_width(text: &str, font: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | '\'' | ':' | ';' | '!' | '|' | ' ' => 0.34,
            'f' | 't' | 'r' | '(' | ')' | '"' | '-' => 0.44,
            'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.98,
            c if c.is_ascii_digit() => 0.64,
            c if c.is_uppercase() => 0.74,
            _ => 0.62,
        })
        .sum();
    ems * font
}

/// Where a text's `x` is: its start, middle or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A text of a chart with the box it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    pub class: &'static str,
    /// Where the text is anchored, and its baseline.
    pub x: f64,
    pub y: f64,
    pub anchor: Anchor,
    pub font: f64,
    pub rect: Rect,
}

impl Label {
    /// A text anchored at `x` with its box's top at `top`.
    pub fn at(text: &str, class: &'static str, x: f64, top: f64, anchor: Anchor, font: f64) -> Label {
        let w = text_width(text, font);
        let left = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - w / 2.0,
            Anchor::End => x - w,
        };
        // A browser's text box runs from the font's ascent (~0.93 em above the baseline for
        // DejaVu Sans) to its descent (~0.24 em below): the box here is 1.2 em with the baseline
        // at 0.95 em, so it holds the browser's.
        let rect = Rect { x: left, y: top, w, h: 1.2 * font };
        Label { text: text.to_string(), class, x, y: top + 0.95 * font, anchor, font, rect }
    }

    /// A text whose box has its top left corner at (`left`, `top`).
    pub fn boxed(text: &str, class: &'static str, left: f64, top: f64, font: f64) -> Label {
        Label::at(text, class, left, top, Anchor::Start, font)
    }

    /// The same text moved by (`dx`, `dy`).
    fn moved(&self, dx: f64, dy: f64) -> Label {
        let mut label = self.clone();
        label.x += dx;
        label.y += dy;
        label.rect.x += dx;
        label.rect.y += dy;
        label
    }

    /// The `<text>` element, escaped.
    pub fn svg(&self, out: &mut String) {
        let anchor = match self.anchor {
            Anchor::Start => "",
            Anchor::Middle => " text-anchor=\"middle\"",
            Anchor::End => " text-anchor=\"end\"",
        };
        let _ = write!(
            out,
            "<text class=\"{}\" x=\"{:.1}\" y=\"{:.1}\"{anchor}>{}</text>",
            self.class,
            self.x,
            self.y,
            escape(&self.text)
        );
    }
}

/// The boxes already taken in a chart (texts, markers) and the area texts must stay in.
pub struct Layout {
    pub area: Rect,
    pub taken: Vec<Rect>,
    /// Room kept clear around a text's box.
    pub gap: f64,
}

impl Layout {
    /// How much of `rect` (grown by the gap) is taken, or infinity when it leaves the area.
    pub fn clash(&self, rect: &Rect) -> f64 {
        if !rect.inside(&self.area) {
            return f64::INFINITY;
        }
        let grown =
            Rect { x: rect.x - self.gap, y: rect.y - self.gap, w: rect.w + 2.0 * self.gap, h: rect.h + 2.0 * self.gap };
        self.taken.iter().map(|taken| taken.overlap(&grown)).sum()
    }

    /// The first of `candidates` that fits (clear of everything taken, inside the area), else
    /// the one that overlaps least; its box is then taken. `None` without candidates.
    pub fn place(&mut self, candidates: Vec<Label>) -> Option<(usize, Label)> {
        let mut best: Option<(f64, usize, Label)> = None;
        for (i, candidate) in candidates.into_iter().enumerate() {
            let clash = self.clash(&candidate.rect);
            if clash == 0.0 {
                best = Some((0.0, i, candidate));
                break;
            }
            if best.as_ref().is_none_or(|(least, ..)| clash < *least) {
                best = Some((clash, i, candidate));
            }
        }
        let (_, i, label) = best?;
        self.taken.push(label.rect);
        Some((i, label))
    }
}

/// A point's label placed beside its marker: right, left, above, below, then the gaps, then
/// further out on either side (drawn with a leader line to the marker).
pub struct PointLabel {
    pub label: Label,
    /// From the marker's edge to the label, when the label is not beside its marker.
    pub leader: Option<((f64, f64), (f64, f64))>,
}

/// Places `text` for a marker of `radius` at (`x`, `y`); `markers` are every marker of the chart.
/// A label beside its marker must be nearer to it than to any other, or a reader pairs it with
/// the wrong one; one further out has a leader line that says whose it is.
pub fn place_point_label(
    layout: &mut Layout,
    text: &str,
    class: &'static str,
    (x, y): (f64, f64),
    markers: &[(f64, f64)],
    radius: f64,
    font: f64,
) -> PointLabel {
    let probe = Label::boxed(text, class, 0.0, 0.0, font);
    let (w, h) = (probe.rect.w, probe.rect.h);
    let gap = radius + 3.0;
    let at = |left: f64, top: f64| probe.moved(left, top);
    let nearest_is_own = |label: &Label| {
        let own = label.rect.distance((x, y));
        markers.iter().filter(|&&m| m != (x, y)).all(|&m| label.rect.distance(m) > own + radius)
    };
    let mut candidates: Vec<Label> = [
        at(x + gap, y - h / 2.0),
        at(x - gap - w, y - h / 2.0),
        at(x - w / 2.0, y - gap - h),
        at(x - w / 2.0, y + gap),
        at(x + gap, y - gap - h),
        at(x + gap, y + gap),
        at(x - gap - w, y - gap - h),
        at(x - gap - w, y + gap),
    ]
    .into_iter()
    .filter(nearest_is_own)
    .collect();
    let beside = candidates.len();
    // Further out: rows above and below the marker, near ones first; in each row to the right,
    // the left, centred, then further to either side, each kept within the area.
    let area = layout.area;
    let within = |left: f64| left.min(area.x + area.w - w).max(area.x);
    for row in 1..=8 {
        for sign in [-1.0, 1.0] {
            let top = y - h / 2.0 + sign * f64::from(row) * h;
            for left in [x + gap, x - gap - w, x - w / 2.0, x + gap + 2.0 * h, x - gap - 2.0 * h - w] {
                candidates.push(at(within(left), top));
            }
        }
    }
    let (i, label) = layout.place(candidates).expect("there are candidates");
    let leader = (i >= beside).then(|| {
        let rect = label.rect;
        // To the middle of the box's side facing the marker (its top or bottom edge when the box
        // is above or below it), from the marker's edge.
        let end = if rect.x > x {
            (rect.x, rect.y + rect.h / 2.0)
        } else if rect.x + rect.w < x {
            (rect.x + rect.w, rect.y + rect.h / 2.0)
        } else {
            (x, if rect.y > y { rect.y } else { rect.y + rect.h })
        };
        let (dx, dy) = (end.0 - x, end.1 - y);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        ((x + dx / length * radius, y + dy / length * radius), end)
    });
    PointLabel { label, leader }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticks(min: f64, max: f64, most: usize, resolution: f64, bounds: (f64, f64)) -> (Vec<f64>, usize) {
        let ticks = nice_ticks(min, max, most, resolution, bounds);
        (ticks.values(), ticks.decimals())
    }

    #[test]
    fn ticks_are_round_and_hold_the_values() {
        // NPS 12 to 39, at most 5 ticks: step 5 needs 10..40 = 7 ticks, step 10 needs 4.
        assert_eq!(ticks(12.0, 39.0, 5, 1.0, (-100.0, 100.0)), (vec![10.0, 20.0, 30.0, 40.0], 0));
        // NPS −8 to 22: −10, 0, 10, 20, 30.
        assert_eq!(ticks(-8.0, 22.0, 5, 1.0, (-100.0, 100.0)), (vec![-10.0, 0.0, 10.0, 20.0, 30.0], 0));
        // CSAT 61.5 to 79: step 5 gives 60..80 in 5 ticks.
        assert_eq!(ticks(61.5, 79.0, 5, 1.0, (0.0, 100.0)), (vec![60.0, 65.0, 70.0, 75.0, 80.0], 0));
        // CSAT up to 98.2: rounded out to 100 but never past the scale.
        let t = nice_ticks(88.0, 98.2, 5, 1.0, (0.0, 100.0));
        assert_eq!((t.low, t.high, t.step), (85.0, 100.0, 5.0));
        // CES 5.21 to 5.58 on a 1–7 scale: tenths, never finer than the one decimal shown.
        assert_eq!(ticks(5.21, 5.58, 5, 0.1, (1.0, 7.0)), (vec![5.2, 5.3, 5.4, 5.5, 5.6], 1));
        assert_eq!(ticks(5.21, 5.24, 5, 0.1, (1.0, 7.0)), (vec![5.2, 5.3], 1));
        // Importance r from 0.58 to 0.87 in at most 6 ticks: 0.5, 0.6, …, 0.9.
        assert_eq!(ticks(0.58, 0.87, 6, 0.01, (-1.0, 1.0)), (vec![0.5, 0.6, 0.7, 0.8, 0.9], 1));
        // 0.05 steps when there is room for them.
        assert_eq!(ticks(0.31, 0.44, 6, 0.01, (-1.0, 1.0)), (vec![0.3, 0.35, 0.4, 0.45], 2));
        // One value: a step either side.
        assert_eq!(ticks(40.0, 40.0, 5, 1.0, (-100.0, 100.0)), (vec![39.0, 40.0, 41.0], 0));
        // No values: the whole scale.
        assert_eq!(ticks(f64::INFINITY, f64::NEG_INFINITY, 5, 1.0, (0.0, 100.0)).0, vec![0.0, 50.0, 100.0]);
    }

    #[test]
    fn a_step_that_cannot_fit_the_count_stops_at_the_whole_scale() {
        let t = nice_ticks(-100.0, 100.0, 1, 1.0, (-100.0, 100.0));
        assert!(t.step >= 200.0 && t.low == -100.0 && t.high == 100.0, "{t:?}");
    }

    #[test]
    fn rectangles_overlap_only_when_they_share_area() {
        let a = Rect { x: 0.0, y: 0.0, w: 10.0, h: 10.0 };
        assert_eq!(a.overlap(&Rect { x: 10.0, y: 0.0, w: 5.0, h: 5.0 }), 0.0);
        assert_eq!(a.overlap(&Rect { x: 5.0, y: 5.0, w: 10.0, h: 10.0 }), 25.0);
        assert!(Rect { x: 1.0, y: 1.0, w: 2.0, h: 2.0 }.inside(&a));
        assert!(!Rect { x: 9.0, y: 1.0, w: 2.0, h: 2.0 }.inside(&a));
    }

    #[test]
    fn wider_letters_are_estimated_wider() {
        assert!(text_width("WWW", 12.0) > text_width("iii", 12.0) * 2.0);
        assert!((text_width("Checkout", 10.0) - 10.0 * (0.74 + 0.62 * 6.0 + 0.44)).abs() < 1e-9);
    }

    /// Thirteen labelled points in a crowded corner of a small chart, as at phone width.
    #[test]
    fn crowded_point_labels_do_not_overlap() {
        let area = Rect { x: 0.0, y: 0.0, w: 320.0, h: 300.0 };
        let names = [
            "Help centre articles",
            "Pick-up at the Utrecht store",
            "Chatbot \"Vera\"",
            "Care tips email series",
            "Checkout",
            "Track & trace (BloomPost)",
            "Home delivery by BloomPost",
            "Unboxing",
            "Live chat with a plant expert",
            "Product page",
            "Order confirmation email",
            "Plant finder quiz",
            "Phone support",
        ];
        let points: Vec<(f64, f64)> = (0..names.len())
            .map(|i| (120.0 + 13.0 * ((i * 7) % 9) as f64, 100.0 + 11.0 * ((i * 5) % 11) as f64))
            .collect();
        let mut layout =
            Layout { area, taken: points.iter().map(|&(x, y)| Rect::around(x, y, 5.0)).collect(), gap: 1.0 };
        let placed: Vec<PointLabel> = names
            .iter()
            .zip(&points)
            .map(|(name, &point)| place_point_label(&mut layout, name, "point-label", point, &points, 4.0, 12.0))
            .collect();
        for (i, a) in placed.iter().enumerate() {
            assert!(a.label.rect.inside(&area), "{} leaves the chart", a.label.text);
            for &(x, y) in &points {
                assert_eq!(a.label.rect.overlap(&Rect::around(x, y, 5.0)), 0.0, "{} covers a marker", a.label.text);
            }
            for b in &placed[i + 1..] {
                assert_eq!(a.label.rect.overlap(&b.label.rect), 0.0, "{} and {} overlap", a.label.text, b.label.text);
            }
        }
        // Crowded as it is, some labels had to move away from their marker: they have a leader
        // that starts at the marker's edge. A label without one is nearer its marker than any other.
        assert!(placed.iter().any(|p| p.leader.is_some()) && placed.iter().any(|p| p.leader.is_none()));
        for (p, &(x, y)) in placed.iter().zip(&points) {
            match p.leader {
                Some(((x1, y1), _)) => assert!(((x1 - x).hypot(y1 - y) - 4.0).abs() < 1e-9, "{}", p.label.text),
                None => {
                    let own = p.label.rect.distance((x, y));
                    let others = points.iter().filter(|&&m| m != (x, y)).map(|&m| p.label.rect.distance(m));
                    assert!(others.fold(f64::INFINITY, f64::min) > own, "{} is nearer another marker", p.label.text);
                }
            }
        }
    }

    #[test]
    fn a_label_goes_right_of_its_marker_when_there_is_room() {
        let area = Rect { x: 0.0, y: 0.0, w: 300.0, h: 200.0 };
        let mut layout = Layout { area, taken: vec![], gap: 1.0 };
        let placed = place_point_label(&mut layout, "Checkout", "point-label", (100.0, 100.0), &[], 4.0, 12.0);
        assert_eq!((placed.label.rect.x, placed.label.anchor), (107.0, Anchor::Start));
        assert!(placed.leader.is_none());
        // At the right edge it goes left.
        let placed = place_point_label(&mut layout, "Checkout", "point-label", (295.0, 50.0), &[], 4.0, 12.0);
        assert!(placed.label.rect.x + placed.label.rect.w <= 288.0);
    }
}
