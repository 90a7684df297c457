//! Inline SVG charts. Every text in them is escaped; each chart has a title and a description,
//! and the page beside it carries the same numbers as a table.

use std::fmt::Write;

use super::chart_layout::{Anchor, Label, Layout, PointLabel, Rect, Ticks, nice_ticks, place_point_label, text_width};
use super::format::NumberFormat;

/// Escapes text for SVG and HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Where a point of the emotion curve comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmotionSource {
    Survey,
    Declared,
}

/// One touchpoint on the emotion curve: its column of the journey map (one column a
/// touchpoint), its id and name, its emotion (−2..2) and that emotion as the page writes it.
pub struct EmotionPoint<'a> {
    pub column: usize,
    pub id: &'a str,
    pub label: &'a str,
    pub value: f64,
    pub text: &'a str,
    pub source: EmotionSource,
}

/// The emotion curve's drawn height in px (the style sheet may set another; every position
/// is a share of the width and height, so the points stay where they belong).
const EMOTION_HEIGHT: u32 = 176;

/// How far down the emotion curve's box `value` (−2..2) is drawn, in % of its height: room
/// above +2 for a point's label, a little below −2. The journey map's axis labels, drawn
/// beside the curve in HTML, use it too.
pub fn emotion_y(value: f64) -> f64 {
    let (top, bottom) = (15.0, 8.0);
    top + (2.0 - value.clamp(-2.0, 2.0)) / 4.0 * (100.0 - top - bottom)
}

/// The emotion curve across the journey map's `columns` equal columns (one a touchpoint),
/// each point at the centre of its touchpoint's column and labelled with its value; a rule
/// where each stage of `stage_starts` (column indices) begins. Drawn in % of the box, without
/// a viewBox, so that at any width a point stays in its column and the circles stay round.
pub fn emotion_curve(
    title: &str,
    description: &str,
    columns: usize,
    stage_starts: &[usize],
    points: &[EmotionPoint],
) -> String {
    let columns = columns.max(1) as f64;
    let x = |column: f64| 100.0 * column / columns;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart emotion-curve\" width=\"100%\" height=\"{EMOTION_HEIGHT}\" role=\"img\" aria-labelledby=\"ec-title ec-desc\">\
<title id=\"ec-title\">{}</title><desc id=\"ec-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
    let zero = emotion_y(0.0);
    let _ = write!(
        svg,
        "<rect class=\"zone good\" x=\"0\" y=\"0\" width=\"100%\" height=\"{zero:.2}%\"/>\
<rect class=\"zone bad\" x=\"0\" y=\"{zero:.2}%\" width=\"100%\" height=\"{:.2}%\"/>",
        100.0 - zero
    );
    for column in 1..columns as usize {
        let class = if stage_starts.contains(&column) { "stage-rule" } else { "column-rule" };
        let _ = write!(
            svg,
            "<line class=\"{class}\" x1=\"{0:.2}%\" y1=\"0\" x2=\"{0:.2}%\" y2=\"100%\"/>",
            x(column as f64)
        );
    }
    for value in [2.0, 1.0, 0.0, -1.0, -2.0] {
        let class = if value == 0.0 { "grid zero" } else { "grid" };
        let _ = write!(
            svg,
            "<line class=\"{class}\" x1=\"0\" y1=\"{0:.2}%\" x2=\"100%\" y2=\"{0:.2}%\"/>",
            emotion_y(value)
        );
    }
    let mut sorted: Vec<&EmotionPoint> = points.iter().collect();
    sorted.sort_by_key(|p| p.column);
    let at = |p: &EmotionPoint| (x(p.column as f64 + 0.5), emotion_y(p.value));
    for pair in sorted.windows(2) {
        let ((x1, y1), (x2, y2)) = (at(pair[0]), at(pair[1]));
        // A stretch that leans on the team's expectation is drawn dashed, as its point is hollow.
        let expected = pair.iter().any(|p| p.source == EmotionSource::Declared);
        let class = if expected { "curve expected" } else { "curve" };
        let _ =
            write!(svg, "<line class=\"{class}\" x1=\"{x1:.2}%\" y1=\"{y1:.2}%\" x2=\"{x2:.2}%\" y2=\"{y2:.2}%\"/>");
    }
    for point in &sorted {
        let (cx, cy) = at(point);
        let class = match point.source {
            EmotionSource::Survey => "point survey",
            EmotionSource::Declared => "point declared",
        };
        let _ = write!(
            svg,
            "<g class=\"{class}\" data-touchpoint=\"{}\"><title>{}: {}</title>\
<circle cx=\"{cx:.2}%\" cy=\"{cy:.2}%\" r=\"7\"/><text class=\"value\" x=\"{cx:.2}%\" y=\"{cy:.2}%\" dy=\"-12\" text-anchor=\"middle\">{}</text></g>",
            escape(point.id),
            escape(point.label),
            escape(point.text),
            escape(point.text)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One period of a trend: its label, the score and its 95% interval when shown.
pub struct TrendPoint {
    pub label: String,
    pub value: Option<f64>,
    pub interval: Option<(f64, f64)>,
}

/// The y axis of a trend.
pub struct TrendScale {
    /// The score's whole range (NPS −100..100, CSAT 0..100, CES 1..the scale's top): ticks stay in it.
    pub domain: (f64, f64),
    /// The finest tick step its numbers show: 1 for whole numbers, 0.1 for one decimal.
    pub resolution: f64,
    /// The decimals of a score as the pages write it (a CES 5.36), for the last point's value
    /// and the tooltips; a tick has the decimals of its step.
    pub decimals: usize,
    /// A target (`targets:` in cxsite.yaml), drawn as a dashed line and named in the legend.
    pub target: Option<f64>,
}

/// The words of a trend's legend, in the report's language.
pub struct TrendLegend<'a> {
    /// The line: the metric's name.
    pub score: &'a str,
    /// The band: "95% interval".
    pub interval: &'a str,
    /// The target line, when there is one, with its value: "target +25".
    pub target: &'a str,
}

/// A trend's size in its own units: drawn about as wide as it is shown (a third of the page on a
/// desktop, the width of a phone), so its 12-unit text is about 12 px on screen.
const TREND_WIDTH: f64 = 320.0;
const TREND_HEIGHT: f64 = 200.0;
const TREND_FONT: f64 = 12.0;
/// Print shows three trends across an A4 page, about 215 px each: style.css sets their text to
/// 15 units there (≥ 7 pt). Room is kept for text of that size, so nothing collides in print.
const TREND_ROOM_FONT: f64 = 15.0;

/// A line of a score over periods with its interval as a band, round ticks, the last value
/// written beside its point, and a legend that names the line and the band.
pub fn trend(
    title: &str,
    description: &str,
    points: &[TrendPoint],
    scale: &TrendScale,
    legend: &TrendLegend,
    format: impl Fn(f64, usize) -> String,
) -> String {
    trend_drawing(title, description, points, scale, legend, format).0
}

/// `items` (by period index) cut into runs of consecutive indices.
fn consecutive<T>(items: &[(usize, T)]) -> impl Iterator<Item = &[(usize, T)]> {
    items.chunk_by(|a, b| b.0 == a.0 + 1)
}

/// A trend, and the boxes of its texts (for the tests).
fn trend_drawing(
    title: &str,
    description: &str,
    points: &[TrendPoint],
    scale: &TrendScale,
    legend: &TrendLegend,
    format: impl Fn(f64, usize) -> String,
) -> (String, Vec<Label>) {
    let value = |v: f64| format(v, scale.decimals);
    let (width, height, font) = (TREND_WIDTH, TREND_HEIGHT, TREND_ROOM_FONT);
    let row = 1.2 * font;
    let values = points
        .iter()
        .flat_map(|p| p.value.into_iter().chain(p.interval.into_iter().flat_map(|(a, b)| [a, b])))
        .chain(scale.target);
    let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let ticks = nice_ticks(min, max, 5, scale.resolution, scale.domain);
    let tick_labels: Vec<(f64, String)> =
        ticks.values().into_iter().map(|v| (v, format(v, ticks.decimals()))).collect();
    let last = points.iter().enumerate().rev().find_map(|(i, p)| Some((i, p.value?)));
    let last_label = last.map(|(_, v)| value(v));

    let mut legend_svg = String::new();
    let legend_texts = trend_legend(&mut legend_svg, legend, scale.target.is_some(), width, font);
    let legend_bottom = legend_texts.iter().map(|l| l.rect.y + l.rect.h).fold(0.0, f64::max);
    // The top tick's label is centred on its line, half a row above the plot: under the legend.
    let (top, bottom) = (legend_bottom + 0.5 * row + 4.0, height - 2.0 * row - 4.0);
    let left = tick_labels.iter().map(|(_, l)| text_width(l, font)).fold(0.0, f64::max) + 8.0;
    let grid_right = width - 2.0;
    // The last point leaves room on its right for its value.
    let points_right = grid_right - last_label.as_deref().map_or(0.0, |l| text_width(l, font) + 8.0);
    let x = |i: usize| left + (points_right - left) * (i as f64 + 0.5) / points.len().max(1) as f64;
    let y = |v: f64| top + (ticks.high - v.clamp(ticks.low, ticks.high)) / (ticks.high - ticks.low) * (bottom - top);

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart trend\" viewBox=\"0 0 {width} {height}\" font-size=\"{TREND_FONT}\" role=\"img\"><title>{}</title><desc>{}</desc>",
        escape(title),
        escape(description)
    );
    let mut layout = Layout { area: Rect { x: 0.0, y: 0.0, w: width, h: height }, taken: Vec::new(), gap: 1.0 };
    let mut texts = Vec::new();

    svg.push_str(&legend_svg);
    layout.taken.extend(legend_texts.iter().map(|l| l.rect));
    texts.extend(legend_texts);

    for (value, label) in &tick_labels {
        let class = if *value == 0.0 && ticks.low < 0.0 { "grid zero" } else { "grid" };
        let _ = write!(
            svg,
            "<line class=\"{class}\" x1=\"{left:.1}\" y1=\"{0:.1}\" x2=\"{grid_right}\" y2=\"{0:.1}\"/>",
            y(*value)
        );
        let text = Label::at(label, "axis", left - 6.0, y(*value) - row / 2.0, Anchor::End, font);
        layout.taken.push(text.rect);
        texts.push(text);
    }
    for text in period_labels(points, &x, bottom + 4.0, font) {
        layout.taken.push(text.rect);
        texts.push(text);
    }

    let shown: Vec<(usize, f64)> = points.iter().enumerate().filter_map(|(i, p)| Some((i, p.value?))).collect();
    let band: Vec<(usize, (f64, f64))> =
        points.iter().enumerate().filter_map(|(i, p)| Some((i, p.interval?))).collect();
    // A period without a shown score (suppressed, or no answers) breaks the line and the band:
    // drawing through it would show a value nobody measured.
    for run in consecutive(&band).filter(|run| run.len() > 1) {
        let upper = run.iter().map(|(i, (_, hi))| format!("{:.1},{:.1}", x(*i), y(*hi)));
        let lower = run.iter().rev().map(|(i, (lo, _))| format!("{:.1},{:.1}", x(*i), y(*lo)));
        let _ =
            write!(svg, "<polygon class=\"band\" points=\"{}\"/>", upper.chain(lower).collect::<Vec<_>>().join(" "));
    }
    if let Some(target) = scale.target {
        let _ = write!(
            svg,
            "<line class=\"target\" x1=\"{left:.1}\" y1=\"{0:.1}\" x2=\"{grid_right}\" y2=\"{0:.1}\"><title>{1}</title></line>",
            y(target),
            escape(legend.target),
        );
    }
    for run in consecutive(&shown).filter(|run| run.len() > 1) {
        let line: Vec<String> = run.iter().map(|(i, v)| format!("{:.1},{:.1}", x(*i), y(*v))).collect();
        let _ = write!(svg, "<polyline class=\"line\" points=\"{}\"/>", line.join(" "));
    }
    for (i, v) in &shown {
        let (cx, cy) = (x(*i), y(*v));
        layout.taken.push(Rect::around(cx, cy, 4.0));
        let _ = write!(
            svg,
            "<circle class=\"dot\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"4\"><title>{}: {}</title></circle>",
            escape(&points[*i].label),
            escape(&value(*v))
        );
    }
    if let (Some((i, v)), Some(text)) = (last, last_label) {
        let (cx, cy) = (x(i), y(v));
        let probe = Label::boxed(&text, "value", 0.0, 0.0, font);
        let (w, h) = (probe.rect.w, probe.rect.h);
        // Beside the point, else above or below it.
        let candidates =
            [(cx + 7.0, cy - h / 2.0), (cx + 7.0, cy - h), (cx + 7.0, cy), (cx - w, cy - h - 6.0), (cx - w, cy + 6.0)];
        let candidates = candidates.iter().map(|&(l, t)| Label::boxed(&text, "value", l, t, font)).collect();
        if let Some((_, label)) = layout.place(candidates) {
            texts.push(label);
        }
    }
    for text in &texts {
        text.svg(&mut svg);
    }
    svg.push_str("</svg>");
    (svg, texts)
}

/// The legend along the top: a stroke for the line, a swatch for the band, a dash for a target.
fn trend_legend(svg: &mut String, legend: &TrendLegend, target: bool, width: f64, font: f64) -> Vec<Label> {
    let (mut x, mut top) = (2.0, 2.0);
    let mut texts = Vec::new();
    let mut entries = vec![("legend-line", legend.score), ("legend-band", legend.interval)];
    if target {
        entries.push(("legend-target", legend.target));
    }
    for (class, name) in entries {
        // An entry that does not fit the row starts the next.
        if x > 2.0 && x + 21.0 + text_width(name, font) > width - 2.0 {
            (x, top) = (2.0, top + 1.2 * font);
        }
        let middle = top + 0.6 * font;
        let _ = match class {
            "legend-band" => {
                write!(svg, "<rect class=\"band\" x=\"{x:.1}\" y=\"{:.1}\" width=\"16\" height=\"10\"/>", middle - 5.0)
            }
            "legend-target" => write!(
                svg,
                "<line class=\"target\" x1=\"{x:.1}\" y1=\"{middle:.1}\" x2=\"{:.1}\" y2=\"{middle:.1}\"/>",
                x + 16.0
            ),
            _ => write!(
                svg,
                "<line class=\"line\" x1=\"{x:.1}\" y1=\"{middle:.1}\" x2=\"{:.1}\" y2=\"{middle:.1}\"/>",
                x + 16.0
            ),
        };
        let text = Label::boxed(name, "legend", x + 21.0, top, font);
        x = text.rect.x + text.rect.w + 12.0;
        texts.push(text);
    }
    texts
}

/// The periods under the axis: the part after the year on one row ("Q3", "07"), the year on the
/// row below at the first period and where the year changes. A year that would touch the next
/// one shown is left out (the older one: the current year is the one a reader looks for).
fn period_labels(points: &[TrendPoint], x: &dyn Fn(usize) -> f64, top: f64, font: f64) -> Vec<Label> {
    let split = |label: &str| match label.split_once('-') {
        Some((year, rest)) if !year.is_empty() && !rest.is_empty() => (rest.to_string(), Some(year.to_string())),
        _ => (label.to_string(), None),
    };
    let mut texts = Vec::new();
    let mut years: Vec<Label> = Vec::new();
    let mut previous_year = None;
    for (i, point) in points.iter().enumerate() {
        let (short, year) = split(&point.label);
        let text = Label::at(&short, "axis", x(i), top, Anchor::Middle, font);
        // Too many periods for their width: every label that would touch the one before is left out.
        if texts.last().is_none_or(|before: &Label| before.rect.x + before.rect.w + 2.0 < text.rect.x) {
            texts.push(text);
        }
        if year.is_some() && year != previous_year {
            years.push(Label::at(year.as_deref().unwrap_or(""), "axis", x(i), top + 1.2 * font, Anchor::Middle, font));
        }
        previous_year = year;
    }
    let mut kept: Vec<Label> = Vec::new();
    for year in years.into_iter().rev() {
        if kept.last().is_none_or(|after| year.rect.x + year.rect.w + 4.0 < after.rect.x) {
            kept.push(year);
        }
    }
    texts.extend(kept.into_iter().rev());
    texts
}

/// A touchpoint on the importance/performance chart.
pub struct QuadrantPoint<'a> {
    pub label: &'a str,
    /// CSAT top-2-box %, 0–100.
    pub performance: f64,
    /// Correlation with the recommend answer, −1–1.
    pub importance: f64,
}

/// The words of the importance/performance chart, in the report's language.
pub struct QuadrantText<'a> {
    /// Top left, top right, bottom left, bottom right.
    pub quadrants: [&'a str; 4],
    /// The axes' names: "CSAT %", "Importance (r)".
    pub performance: &'a str,
    pub importance: &'a str,
    /// The split lines' names, with their values: "mean CSAT 74%", "mean r 0.31".
    pub performance_split: &'a str,
    pub importance_split: &'a str,
}

/// One drawing of the quadrant chart. Its text is `font` units high, and the chart is shown
/// about as wide as it is drawn, so the text stays about `font` px: one drawing for wide
/// screens and print, a taller, narrow one for phones; style.css shows one of them.
#[derive(Clone)]
struct QuadrantSize {
    class: &'static str,
    width: f64,
    height: f64,
    font: f64,
}

const QUADRANT_WIDE: QuadrantSize = QuadrantSize { class: "quadrant-wide", width: 1000.0, height: 500.0, font: 14.0 };
const QUADRANT_NARROW: QuadrantSize =
    QuadrantSize { class: "quadrant-narrow", width: 320.0, height: 540.0, font: 12.0 };

/// Importance (up) against performance (right), split into quadrants at the averages: two
/// drawings, for wide and for narrow screens (style.css shows one).
pub fn quadrant(
    title: &str,
    description: &str,
    points: &[QuadrantPoint],
    split: (f64, f64),
    text: &QuadrantText,
    numbers: NumberFormat,
) -> String {
    [QUADRANT_WIDE, QUADRANT_NARROW]
        .iter()
        .map(|size| quadrant_drawing(title, description, points, split, text, numbers, size).0)
        .collect()
}

/// One drawing of the quadrant chart, and the boxes of its texts (for the tests).
fn quadrant_drawing(
    title: &str,
    description: &str,
    points: &[QuadrantPoint],
    split: (f64, f64),
    text: &QuadrantText,
    numbers: NumberFormat,
    size: &QuadrantSize,
) -> (String, Vec<Label>) {
    let QuadrantSize { class, width, height, font } = *size;
    let row = 1.2 * font;
    // The splits are means over every touchpoint, placed or not: the range holds them too.
    let range = |values: &mut dyn Iterator<Item = f64>| {
        values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
    };
    let (x_min, x_max) = range(&mut points.iter().map(|p| p.performance).chain([split.0]));
    let (y_min, y_max) = range(&mut points.iter().map(|p| p.importance).chain([split.1]));
    let percent = |v: f64, ticks: &Ticks| format!("{}%", numbers.fixed(v, ticks.decimals()));
    // As many ticks as fit their labels side by side (x) or three rows apart (y).
    // The last x tick's label is centred on the plot's right edge: half of it must fit.
    // The y ticks' labels are centred on their lines: the top one reaches half a row above the
    // plot, under the axis's name, and the bottom one half a row below it, above the x ticks'.
    let (top, bottom, right) =
        (1.5 * row + 8.0, height - 2.5 * row - 10.0, width - text_width("100%", font) / 2.0 - 4.0);
    let y_ticks = nice_ticks(y_min, y_max, ((bottom - top) / (3.0 * row)) as usize + 1, 0.01, (-1.0, 1.0));
    let y_labels: Vec<(f64, String)> =
        y_ticks.values().into_iter().map(|v| (v, numbers.fixed(v, y_ticks.decimals()))).collect();
    let left = y_labels.iter().map(|(_, l)| text_width(l, font)).fold(0.0, f64::max) + 12.0;
    let x_label_width = text_width("100%", font) + 12.0;
    let x_ticks = nice_ticks(x_min, x_max, ((right - left) / x_label_width) as usize + 1, 1.0, (0.0, 100.0));
    let x = |v: f64| left + (v - x_ticks.low) / (x_ticks.high - x_ticks.low) * (right - left);
    let y = |v: f64| bottom - (v - y_ticks.low) / (y_ticks.high - y_ticks.low) * (bottom - top);

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart quadrant {class}\" viewBox=\"0 0 {width} {height}\" font-size=\"{font}\" role=\"img\"><title>{}</title><desc>{}</desc>",
        escape(title),
        escape(description)
    );
    let plot = Rect { x: left, y: top, w: right - left, h: bottom - top };
    let (split_x, split_y) = (x(split.0), y(split.1));
    // The fix-first quadrant (top left) is shaded; the split lines cross at the splits.
    let _ = write!(
        svg,
        "<rect class=\"quadrant-fix\" x=\"{left:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
        (split_x - left).max(0.0),
        (split_y - top).max(0.0)
    );
    let mut layout = Layout { area: plot, taken: Vec::new(), gap: 1.0 };
    let mut texts = Vec::new();
    for (value, label) in &y_labels {
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{left:.1}\" y1=\"{0:.1}\" x2=\"{right:.1}\" y2=\"{0:.1}\"/>",
            y(*value)
        );
        texts.push(Label::at(label, "axis", left - 6.0, y(*value) - row / 2.0, Anchor::End, font));
    }
    for value in x_ticks.values() {
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{0:.1}\" y1=\"{top:.1}\" x2=\"{0:.1}\" y2=\"{bottom:.1}\"/>",
            x(value)
        );
        texts.push(Label::at(
            &percent(value, &x_ticks),
            "axis",
            x(value),
            bottom + row / 2.0 + 2.0,
            Anchor::Middle,
            font,
        ));
    }
    let _ = write!(
        svg,
        "<line class=\"axis-line\" x1=\"{left:.1}\" y1=\"{top:.1}\" x2=\"{left:.1}\" y2=\"{bottom:.1}\"/>\
<line class=\"axis-line\" x1=\"{left:.1}\" y1=\"{bottom:.1}\" x2=\"{right:.1}\" y2=\"{bottom:.1}\"/>\
<line class=\"split\" x1=\"{split_x:.1}\" y1=\"{top:.1}\" x2=\"{split_x:.1}\" y2=\"{bottom:.1}\"/>\
<line class=\"split\" x1=\"{left:.1}\" y1=\"{split_y:.1}\" x2=\"{right:.1}\" y2=\"{split_y:.1}\"/>"
    );
    texts.push(Label::at(
        &format!("{} →", text.performance),
        "axis-title",
        right,
        bottom + 1.5 * row + 6.0,
        Anchor::End,
        font,
    ));
    texts.push(Label::at(&format!("↑ {}", text.importance), "axis-title", 2.0, 2.0, Anchor::Start, font));
    layout.taken.extend(texts.iter().map(|t| t.rect));

    let marks: Vec<(f64, f64)> = points.iter().map(|p| (x(p.performance), y(p.importance))).collect();
    layout.taken.extend(marks.iter().map(|&(px, py)| Rect::around(px, py, 6.0)));

    // The quadrants' names in their corners, else moved along the edge, clear of the points.
    let inset = 6.0;
    let corners = [(left + inset, top + inset, Anchor::Start, 1.0), (right - inset, top + inset, Anchor::End, 1.0)]
        .into_iter()
        .chain([
            (left + inset, bottom - inset - row, Anchor::Start, -1.0),
            (right - inset, bottom - inset - row, Anchor::End, -1.0),
        ]);
    let classes = ["quadrant-label fix-first", "quadrant-label", "quadrant-label", "quadrant-label"];
    for (((cx, cy, anchor, down), name), class) in corners.zip(text.quadrants).zip(classes) {
        let candidates = (0..12)
            .flat_map(|step| {
                let along = f64::from(step) * row;
                let inward = if anchor == Anchor::Start { along } else { -along };
                [
                    Label::at(name, class, cx, cy + down * along, anchor, font),
                    Label::at(name, class, cx + inward * 2.0, cy, anchor, font),
                ]
            })
            .collect();
        texts.extend(layout.place(candidates).map(|(_, label)| label));
    }
    // The split lines' names beside their lines, at either end.
    let (h, gap) = (row, 4.0);
    let along_x = [
        (split_x + gap, top + gap, Anchor::Start),
        (split_x - gap, top + gap, Anchor::End),
        (split_x + gap, bottom - gap - h, Anchor::Start),
        (split_x - gap, bottom - gap - h, Anchor::End),
    ];
    let along_y = [
        (right - gap, split_y - gap - h, Anchor::End),
        (right - gap, split_y + gap, Anchor::End),
        (left + gap, split_y - gap - h, Anchor::Start),
        (left + gap, split_y + gap, Anchor::Start),
    ];
    // The vertical line's name goes first on top of it, above the plot, beside the y axis's name.
    layout.area = Rect { x: 0.0, y: 0.0, w: width, h: height };
    let above = [Anchor::Middle, Anchor::End, Anchor::Start]
        .map(|anchor| Label::at(text.performance_split, "split-label", split_x, 2.0, anchor, font));
    let above = layout.place(above.into_iter().filter(|l| layout.clash(&l.rect) == 0.0).collect());
    layout.area = plot;
    texts.extend(above.as_ref().map(|(_, label)| label.clone()));
    let splits = if above.is_some() {
        vec![(text.importance_split, along_y)]
    } else {
        vec![(text.performance_split, along_x), (text.importance_split, along_y)]
    };
    for (name, ends) in splits {
        // Then further along the line, a row at a time.
        let candidates = (0..8)
            .flat_map(|step| {
                let shift = f64::from(step) * row;
                ends.map(|(ex, ey, anchor)| {
                    let (dx, dy) = if name == text.performance_split {
                        (0.0, if ey > split_y.min(bottom - h) { -shift } else { shift })
                    } else {
                        (if anchor == Anchor::End { -shift * 2.0 } else { shift * 2.0 }, 0.0)
                    };
                    Label::at(name, "split-label", ex + dx, ey + dy, anchor, font)
                })
            })
            .collect();
        texts.extend(layout.place(candidates).map(|(_, label)| label));
    }
    let placed: Vec<PointLabel> = points
        .iter()
        .zip(&marks)
        .map(|(point, &mark)| place_point_label(&mut layout, point.label, "point-label", mark, &marks, 5.0, font))
        .collect();
    for placed in &placed {
        if let Some(((x1, y1), (x2, y2))) = placed.leader {
            let _ = write!(svg, "<line class=\"leader\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\"/>");
        }
    }
    for (point, &(px, py)) in points.iter().zip(&marks) {
        let _ = write!(
            svg,
            "<circle class=\"point\" cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"5\"><title>{}: CSAT {}%, r {}</title></circle>",
            escape(point.label),
            numbers.fixed(point.performance, 0),
            numbers.fixed(point.importance, 2)
        );
    }
    texts.extend(placed.into_iter().map(|p| p.label));
    for label in &texts {
        label.svg(&mut svg);
    }
    svg.push_str("</svg>");
    (svg, texts)
}

/// Answers per scale point as bars, each bar with its count above it; `classes` colour the
/// bars (detractor, passive, promoter...), one per point.
pub fn distribution(title: &str, description: &str, points: &[(String, u64)], classes: &[&str]) -> String {
    let (width, height, pad, label) = (360.0, 180.0, 8.0, 18.0);
    let max = points.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let slot = (width - 2.0 * pad) / points.len().max(1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart distribution\" viewBox=\"0 0 {width} {height}\" role=\"img\"><title>{}</title><desc>{}</desc>",
        escape(title),
        escape(description)
    );
    for (i, ((point, count), class)) in points.iter().zip(classes.iter().cycle()).enumerate() {
        let bar = (height - 2.0 * label - pad) * *count as f64 / max;
        let x = pad + slot * i as f64;
        let y = height - label - bar;
        let _ = write!(
            svg,
            "<rect class=\"bar {class}\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bar:.1}\"/>\
<text class=\"count\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{count}</text>\
<text class=\"point\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x + slot * 0.1,
            slot * 0.8,
            x + slot / 2.0,
            y - 4.0,
            x + slot / 2.0,
            height - 4.0,
            escape(point)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A small icon for a touchpoint's channel (`vocabulary::Channel`): markup cxsite generates.
pub fn channel_icon(channel: &str) -> &'static str {
    super::vocabulary::Channel::icon(super::vocabulary::Channel::parse(channel))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point<'a>(column: usize, label: &'a str, value: f64, source: EmotionSource) -> EmotionPoint<'a> {
        EmotionPoint { column, id: label, label, value, text: label, source }
    }

    #[test]
    fn labels_are_escaped() {
        let svg = emotion_curve("<t>", "d", 1, &[], &[point(0, "<script>", 1.0, EmotionSource::Survey)]);
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
        assert!(svg.contains("<title id=\"ec-title\">&lt;t&gt;</title>"));
        assert!(svg.contains("data-touchpoint=\"&lt;script&gt;\""));
    }

    #[test]
    fn higher_emotion_is_drawn_higher() {
        let points = [point(0, "a", 2.0, EmotionSource::Survey), point(1, "b", -2.0, EmotionSource::Declared)];
        let svg = emotion_curve("t", "d", 2, &[1], &points);
        let ys: Vec<f64> = svg.split("cy=\"").skip(1).map(|s| s.split('%').next().unwrap().parse().unwrap()).collect();
        assert!(ys[0] < ys[1], "{ys:?}");
        assert!(svg.contains("point declared"));
        assert!(svg.contains("class=\"curve expected\""), "a stretch to an expected point is dashed");
    }

    #[test]
    fn each_point_sits_at_the_centre_of_its_column() {
        // Five columns: the centres are at 10%, 30%, ... of the width, whatever the width.
        let points = [point(0, "a", 0.0, EmotionSource::Survey), point(3, "b", 1.0, EmotionSource::Survey)];
        let svg = emotion_curve("t", "d", 5, &[2], &points);
        let xs: Vec<&str> = svg.split("cx=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
        assert_eq!(xs, ["10.00%", "70.00%"]);
        assert_eq!(svg.matches("class=\"stage-rule\"").count(), 1);
        assert_eq!(svg.matches("class=\"column-rule\"").count(), 3);
    }
}

/// The trend and the importance/performance chart: their ticks, words and numbers.
#[cfg(test)]
mod axis_tests {
    use super::*;

    /// The texts of a drawing with `class`, in order.
    fn texts<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
        let open = format!("<text class=\"{class}\"");
        svg.split(open.as_str()).skip(1).map(|s| s.split('>').nth(1).unwrap().trim_end_matches("</text")).collect()
    }

    fn nps_trend(numbers: NumberFormat) -> String {
        let period = |label: &str, value: f64| TrendPoint {
            label: label.into(),
            value: Some(value),
            interval: Some((value - 6.5, value + 6.5)),
        };
        trend(
            "NPS",
            "d",
            &[period("2025-Q4", 3.0), period("2026-Q1", -2.5), period("2026-Q2", 8.0), period("2026-Q3", 12.4)],
            &TrendScale { domain: (-100.0, 100.0), resolution: 1.0, decimals: 1, target: None },
            &TrendLegend { score: "NPS", interval: "95% interval", target: "target" },
            |v, decimals| numbers.signed(v, decimals),
        )
    }

    #[test]
    fn a_trend_has_round_ticks_its_last_value_and_a_legend() {
        let svg = nps_trend(NumberFormat::for_language("en"));
        // −9 to 18.9 in at most five ticks: steps of 10 from −10 to 20.
        let axis = texts(&svg, "axis");
        assert_eq!(axis[..4], ["−10", "0", "+10", "+20"], "{axis:?}");
        // Quarters on one row, the years under the first quarter of each.
        assert_eq!(axis[4..], ["Q4", "Q1", "Q2", "Q3", "2025", "2026"]);
        assert_eq!(texts(&svg, "value"), ["+12.4"]);
        assert_eq!(texts(&svg, "legend"), ["NPS", "95% interval"]);
        assert!(svg.contains("<title>2026-Q1: −2.5</title>"));
        assert!(svg.contains("class=\"grid zero\""), "the zero line of a scale that goes below it");
    }

    /// A period without a shown score breaks the line and the band: no line is drawn through a
    /// value nobody measured, and a lone point after the gap is a dot only.
    #[test]
    fn a_suppressed_period_breaks_the_line() {
        let period = |label: &str, value: Option<f64>| TrendPoint {
            label: label.into(),
            value,
            interval: value.map(|v| (v - 5.0, v + 5.0)),
        };
        let points = [
            period("2025-Q3", Some(10.0)),
            period("2025-Q4", Some(12.0)),
            period("2026-Q1", None),
            period("2026-Q2", Some(20.0)),
            period("2026-Q3", Some(18.0)),
            period("2026-Q4", None),
            period("2027-Q1", Some(5.0)),
        ];
        let svg = trend(
            "NPS",
            "d",
            &points,
            &TrendScale { domain: (-100.0, 100.0), resolution: 1.0, decimals: 0, target: None },
            &TrendLegend { score: "NPS", interval: "95% interval", target: "target" },
            |v, decimals| NumberFormat::for_language("en").signed(v, decimals),
        );
        assert_eq!(svg.matches("<polyline class=\"line\"").count(), 2, "{svg}");
        assert_eq!(svg.matches("<polygon class=\"band\"").count(), 2);
        assert_eq!(svg.matches("<circle class=\"dot\"").count(), 5, "every shown period keeps its dot");
        assert_eq!(
            consecutive(&[(0, ()), (1, ()), (3, ()), (5, ()), (6, ())]).map(<[_]>::len).collect::<Vec<_>>(),
            [2, 1, 2]
        );
    }

    #[test]
    fn no_two_texts_of_a_trend_overlap() {
        // Eight quarters across a year's turn, the last at the top of the scale.
        let points: Vec<TrendPoint> =
            ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
                .iter()
                .enumerate()
                .map(|(i, label)| TrendPoint {
                    label: label.to_string(),
                    value: Some(-100.0 + 28.0 * i as f64),
                    interval: Some((-100.0 + 26.0 * i as f64, -90.0 + 28.0 * i as f64)),
                })
                .collect();
        let (svg, texts) = trend_drawing(
            "NPS",
            "d",
            &points,
            &TrendScale { domain: (-100.0, 100.0), resolution: 1.0, decimals: 0, target: Some(50.0) },
            &TrendLegend { score: "NPS", interval: "95%-interval", target: "streefwaarde +50" },
            |v, decimals| NumberFormat::for_language("nl").signed(v, decimals),
        );
        let chart = Rect { x: 0.0, y: 0.0, w: TREND_WIDTH, h: TREND_HEIGHT };
        for (i, a) in texts.iter().enumerate() {
            assert!(a.rect.inside(&chart), "{:?} leaves the chart", a.text);
            for b in &texts[i + 1..] {
                assert_eq!(a.rect.overlap(&b.rect), 0.0, "{:?} and {:?} overlap", a.text, b.text);
            }
        }
        assert_eq!(svg.matches("<text").count(), texts.len());
        assert!(texts.iter().any(|t| t.text == "+96" && t.class == "value"), "{svg}");
    }

    #[test]
    fn dutch_charts_write_a_decimal_comma_and_a_minus_sign() {
        let svg = nps_trend(NumberFormat::for_language("nl"));
        assert_eq!(texts(&svg, "value"), ["+12,4"]);
        assert!(svg.contains("<title>2026-Q1: −2,5</title>"));
        assert!(!svg.contains(">-") && !svg.contains("-2,5"), "a hyphen for a minus: {svg}");
        let (svg, _) = drivers_drawing(&QUADRANT_WIDE, NumberFormat::for_language("nl"));
        assert!(texts(&svg, "axis").contains(&"0,85"), "{svg}");
        assert!(svg.contains("CSAT 64%, r 0,87</title>"));
    }

    #[test]
    fn a_target_is_drawn_and_named() {
        let points = [TrendPoint { label: "2026-Q3".into(), value: Some(70.0), interval: None }];
        let svg = trend(
            "CSAT",
            "d",
            &points,
            &TrendScale { domain: (0.0, 100.0), resolution: 1.0, decimals: 0, target: Some(85.0) },
            &TrendLegend { score: "CSAT", interval: "95% interval", target: "target 85%" },
            |v, decimals| format!("{v:.decimals$}%"),
        );
        assert!(svg.contains("<line class=\"target\"") && svg.contains("<title>target 85%</title>"));
        assert_eq!(texts(&svg, "legend"), ["CSAT", "95% interval", "target 85%"]);
        // The axis reaches the target.
        assert!(texts(&svg, "axis").contains(&"85%"), "{svg}");
    }

    /// The example's thirteen placed touchpoints, crowded in the upper middle of the chart.
    fn drivers_drawing(size: &QuadrantSize, numbers: NumberFormat) -> (String, Vec<Label>) {
        let text = QuadrantText {
            quadrants: ["Fix first", "Keep up", "Monitor", "Overkill"],
            performance: "Performance: CSAT %",
            importance: "Importance: r",
            performance_split: "mean CSAT 73%",
            importance_split: "mean r 0.72",
        };
        drivers_drawing_in(size, numbers, &text)
    }

    /// The same in Dutch, whose words are longer.
    fn dutch_drivers_drawing(size: &QuadrantSize) -> (String, Vec<Label>) {
        let text = QuadrantText {
            quadrants: ["Eerst aanpakken", "Vasthouden", "Volgen", "Overdreven"],
            performance: "Prestatie: CSAT %",
            importance: "Belang: r",
            performance_split: "gemiddelde CSAT 73%",
            importance_split: "gemiddelde r 0,72",
        };
        drivers_drawing_in(size, NumberFormat::for_language("nl"), &text)
    }

    fn drivers_drawing_in(size: &QuadrantSize, numbers: NumberFormat, text: &QuadrantText) -> (String, Vec<Label>) {
        let point = |label, performance, importance| QuadrantPoint { label, performance, importance };
        let points = [
            point("Help centre articles", 64.4, 0.87),
            point("Pick-up at the Utrecht store", 77.4, 0.83),
            point("Chatbot \"Vera\"", 56.1, 0.82),
            point("Care tips email series", 57.1, 0.77),
            point("Checkout", 78.2, 0.75),
            point("Track & trace (BloomPost)", 44.1, 0.75),
            point("Home delivery by BloomPost", 45.0, 0.73),
            point("Unboxing", 90.6, 0.72),
            point("Live chat with a plant expert", 72.9, 0.67),
            point("Product page", 79.3, 0.63),
            point("Order confirmation email", 87.0, 0.63),
            point("Plant finder quiz", 71.1, 0.59),
            point("Phone support", 60.0, 0.58),
        ];
        quadrant_drawing("t", "d", &points, (73.4, 0.72), text, numbers, size)
    }

    #[test]
    fn no_two_texts_of_the_drivers_chart_overlap_at_either_width() {
        let drawings = [QUADRANT_WIDE, QUADRANT_NARROW].into_iter().flat_map(|size| {
            [drivers_drawing(&size, NumberFormat::for_language("en")), dutch_drivers_drawing(&size)]
                .map(|d| (size.clone(), d))
        });
        for (size, (svg, texts)) in drawings {
            let chart = Rect { x: 0.0, y: 0.0, w: size.width, h: size.height };
            // 13 names, 4 quadrants, 2 split lines, 2 axis names and the ticks.
            assert!(texts.len() >= 21 + 6, "{}: {} texts", size.class, texts.len());
            for (i, a) in texts.iter().enumerate() {
                assert!(a.rect.inside(&chart), "{}: {:?} leaves the chart", size.class, a.text);
                for b in &texts[i + 1..] {
                    assert_eq!(a.rect.overlap(&b.rect), 0.0, "{}: {:?} and {:?} overlap", size.class, a.text, b.text);
                }
            }
            assert_eq!(svg.matches("<text").count(), texts.len(), "every text drawn is one checked");
            assert!(svg.contains(&format!("font-size=\"{}\"", size.font)));
        }
    }
}

/// Every public chart drawn from a fixed small input and compared byte for byte with its file
/// in `tests/fixtures/charts/` (the chart and a line end): a change to a chart's drawing shows
/// up here as a whole. `CXSITE_BLESS=1 cargo test --lib charts` rewrites the files; look at
/// each changed one in a browser before committing it (`tests/fixtures/charts/README.md`).
#[cfg(test)]
mod golden {
    use std::path::Path;

    use super::*;

    /// The file name (without `.svg`) and the chart of each golden file.
    fn charts() -> Vec<(&'static str, String)> {
        let point = |column, label, value, text, source| EmotionPoint { column, id: label, label, value, text, source };
        let emotion = emotion_curve(
            "Emotion along Ordering a plant online",
            "From the surveys where they have answers, else as the team expects",
            5,
            &[2, 3],
            &[
                point(0, "Instagram ad", 0.5, "+0.5", EmotionSource::Declared),
                point(1, "Product page", 1.2, "+1.2", EmotionSource::Survey),
                point(2, "Checkout", -1.4, "−1.4", EmotionSource::Survey),
                point(4, "Unboxing & care", 1.0, "+1.0", EmotionSource::Declared),
            ],
        );
        let period = |label: &str, value: Option<f64>, interval: Option<(f64, f64)>| TrendPoint {
            label: label.into(),
            value,
            interval,
        };
        let trend = trend(
            "NPS of Checkout by quarter",
            "The score with its 95% interval in each quarter",
            &[
                period("2025-Q4", Some(12.0), Some((2.5, 21.5))),
                period("2026-Q1", Some(18.0), Some((9.0, 27.0))),
                period("2026-Q2", None, None),
                period("2026-Q3", Some(31.0), Some((23.0, 39.0))),
            ],
            &TrendScale { domain: (-100.0, 100.0), resolution: 1.0, decimals: 0, target: None },
            &TrendLegend { score: "NPS", interval: "95% interval", target: "target" },
            |v, decimals| NumberFormat::for_language("en").signed(v, decimals),
        );
        // A target the last quarter's interval straddles, below the first quarters' band.
        let trend_target = super::trend(
            "CSAT of Checkout, mobile by quarter",
            "The score with its 95% interval in each quarter, and the target of 75%",
            &[
                period("2025-Q4", Some(81.0), Some((76.5, 85.0))),
                period("2026-Q1", Some(79.0), Some((74.0, 83.5))),
                period("2026-Q2", Some(72.0), Some((66.0, 77.5))),
                period("2026-Q3", Some(77.0), Some((68.5, 83.6))),
            ],
            &TrendScale { domain: (0.0, 100.0), resolution: 1.0, decimals: 0, target: Some(75.0) },
            &TrendLegend { score: "CSAT", interval: "95% interval", target: "target 75%" },
            |v, decimals| format!("{}%", NumberFormat::for_language("en").fixed(v, decimals)),
        );
        let point = |label, performance, importance| QuadrantPoint { label, performance, importance };
        let quadrant = quadrant(
            "Key drivers: importance against performance",
            "Fix first: Checkout, Support <chat>",
            &[
                point("Checkout", 62.0, 0.45),
                point("Delivery", 81.0, 0.52),
                point("Product page", 74.0, 0.18),
                point("Support <chat>", 55.0, 0.38),
            ],
            (68.0, 0.32),
            &QuadrantText {
                quadrants: ["Fix first", "Keep up", "Monitor", "Overkill"],
                performance: "Performance: CSAT %",
                importance: "Importance: r",
                performance_split: "mean CSAT 68%",
                importance_split: "mean r 0.32",
            },
            NumberFormat::for_language("en"),
        );
        let counts = [3, 1, 2, 4, 5, 9, 14, 30, 41, 38, 27];
        let answers: Vec<(String, u64)> = counts.iter().enumerate().map(|(v, n)| (v.to_string(), *n)).collect();
        let classes: Vec<&str> =
            (0..=10).map(|v| ["low", "mid", "high"][usize::from(v > 6) + usize::from(v > 8)]).collect();
        let description = answers.iter().map(|(v, n)| format!("{v}: {n}")).collect::<Vec<_>>().join(", ");
        let distribution = distribution("NPS answers", &description, &answers, &classes);
        // The icons are drawn inline beside a channel's name; here side by side in one image.
        let channels = ["web", "app", "e-mail", "phone", "store", "social", "delivery", "kiosk"];
        let icons: String = channels
            .iter()
            .enumerate()
            .map(|(i, channel)| format!("<g transform=\"translate({})\">{}</g>", 20 * i, channel_icon(channel)))
            .collect();
        let icons = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 160 14\" width=\"320\" height=\"28\">{icons}</svg>"
        );
        vec![
            ("emotion-curve", emotion),
            ("trend", trend),
            ("trend-target", trend_target),
            ("quadrant", quadrant),
            ("distribution", distribution),
            ("channel-icons", icons),
        ]
    }

    #[test]
    fn charts_match_their_golden_files() {
        let bless = std::env::var_os("CXSITE_BLESS").is_some_and(|v| v == "1");
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/charts");
        let mut failures = Vec::new();
        for (name, chart) in charts() {
            let path = folder.join(format!("{name}.svg"));
            let drawn = format!("{chart}\n");
            if bless {
                std::fs::write(&path, &drawn).expect("the golden folder is writable");
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(golden) if golden == drawn => {}
                Ok(golden) => failures.push(format!("{name}.svg: {}", first_difference(&golden, &drawn))),
                Err(error) => failures.push(format!("{name}.svg: cannot read it ({error})")),
            }
        }
        assert!(
            failures.is_empty(),
            "charts differ from tests/fixtures/charts/; if the change is meant, rerun with CXSITE_BLESS=1 and look at them:\n{}",
            failures.join("\n")
        );
    }

    /// Where two one-line charts part, with some text of each around it.
    fn first_difference(golden: &str, drawn: &str) -> String {
        let at = golden.bytes().zip(drawn.bytes()).take_while(|(a, b)| a == b).count();
        let around = |text: &str| {
            let start = text.floor_char_boundary(at.saturating_sub(40));
            let end = text.ceil_char_boundary((at + 40).min(text.len()));
            text[start..end].to_string()
        };
        format!("first difference at byte {at}:\n  golden: …{}…\n  drawn:  …{}…", around(golden), around(drawn))
    }
}
