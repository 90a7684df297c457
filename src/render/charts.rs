//! Inline SVG charts. Every text in them is escaped; each chart has a title and a description,
//! and the page beside it carries the same numbers as a table.

use std::fmt::Write;

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

/// A line of a score over periods with its interval as a band; `domain` is the y range.
pub fn trend(
    title: &str,
    description: &str,
    points: &[TrendPoint],
    domain: (f64, f64),
    format: impl Fn(f64) -> String,
) -> String {
    let (width, height) = (640.0, 240.0);
    let (left, right, top, bottom) = (52.0, 16.0, 16.0, 34.0);
    let (low, high) = nice_domain(points, domain);
    let x = |i: usize| left + (width - left - right) * (i as f64 + 0.5) / points.len().max(1) as f64;
    let y = |v: f64| top + (high - v.clamp(low, high)) / (high - low) * (height - top - bottom);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart trend\" viewBox=\"0 0 {width} {height}\" role=\"img\"><title>{}</title><desc>{}</desc>",
        escape(title),
        escape(description)
    );
    for i in 0..=4 {
        let value = low + (high - low) * f64::from(i) / 4.0;
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{left}\" y1=\"{0:.1}\" x2=\"{1}\" y2=\"{0:.1}\"/><text class=\"axis\" x=\"{2}\" y=\"{3:.1}\" text-anchor=\"end\">{4}</text>",
            y(value),
            width - right,
            left - 6.0,
            y(value) + 4.0,
            escape(&format(value))
        );
    }
    let shown: Vec<(usize, &TrendPoint)> = points.iter().enumerate().filter(|(_, p)| p.value.is_some()).collect();
    let band: Vec<(usize, (f64, f64))> = shown.iter().filter_map(|(i, p)| Some((*i, p.interval?))).collect();
    if band.len() > 1 {
        let upper = band.iter().map(|(i, (_, hi))| format!("{:.1},{:.1}", x(*i), y(*hi)));
        let lower = band.iter().rev().map(|(i, (lo, _))| format!("{:.1},{:.1}", x(*i), y(*lo)));
        let _ =
            write!(svg, "<polygon class=\"band\" points=\"{}\"/>", upper.chain(lower).collect::<Vec<_>>().join(" "));
    }
    if shown.len() > 1 {
        let line: Vec<String> =
            shown.iter().map(|(i, p)| format!("{:.1},{:.1}", x(*i), y(p.value.unwrap_or(0.0)))).collect();
        let _ = write!(svg, "<polyline class=\"line\" points=\"{}\"/>", line.join(" "));
    }
    for (i, point) in points.iter().enumerate() {
        if let Some(value) = point.value {
            let _ = write!(
                svg,
                "<circle class=\"dot\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"><title>{}: {}</title></circle>",
                x(i),
                y(value),
                escape(&point.label),
                escape(&format(value))
            );
        }
        let _ = write!(
            svg,
            "<text class=\"axis\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x(i),
            height - 10.0,
            escape(&point.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A y range that holds every value and interval, rounded out to tens, within `domain`.
fn nice_domain(points: &[TrendPoint], domain: (f64, f64)) -> (f64, f64) {
    let values =
        points.iter().flat_map(|p| p.value.into_iter().chain(p.interval.into_iter().flat_map(|(a, b)| [a, b])));
    let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !min.is_finite() {
        return domain;
    }
    let step = if domain.1 - domain.0 > 20.0 { 10.0 } else { 0.5 };
    let low = ((min / step).floor() * step - step).max(domain.0);
    let high = ((max / step).ceil() * step + step).min(domain.1);
    if high > low { (low, high) } else { domain }
}

/// A touchpoint on the importance/performance chart.
pub struct QuadrantPoint<'a> {
    pub label: &'a str,
    /// CSAT top-2-box %, 0–100.
    pub performance: f64,
    /// Correlation with the recommend answer, −1–1.
    pub importance: f64,
}

/// Importance (up) against performance (right), split into quadrants at the averages.
pub fn quadrant(
    title: &str,
    description: &str,
    points: &[QuadrantPoint],
    split: (f64, f64),
    labels: [&str; 4],
) -> String {
    // The plot ends at `right`; the room after it is for the labels of the points near it.
    let (width, height, pad, right) = (760.0, 420.0, 40.0, 580.0);
    // The splits are means over every touchpoint, placed or not: the range holds them too.
    let (x_low, x_high) = nice_range(points.iter().map(|p| p.performance).chain([split.0]), 0.0, 100.0, 10.0);
    let (y_low, y_high) = nice_range(points.iter().map(|p| p.importance).chain([split.1]), -1.0, 1.0, 0.1);
    let x = |v: f64| pad + (v - x_low) / (x_high - x_low) * (right - pad);
    let y = |v: f64| height - pad - (v - y_low) / (y_high - y_low) * (height - 2.0 * pad);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart quadrant\" viewBox=\"0 0 {width} {height}\" role=\"img\"><title>{}</title><desc>{}</desc>",
        escape(title),
        escape(description)
    );
    let (split_x, split_y) = (x(split.0), y(split.1));
    // The fix-first quadrant (top left) is shaded; the split lines cross at the splits.
    let _ = write!(
        svg,
        "<rect class=\"quadrant-fix\" x=\"{pad}\" y=\"{pad}\" width=\"{:.1}\" height=\"{:.1}\"/>\
<line class=\"split\" x1=\"{split_x:.1}\" y1=\"{pad}\" x2=\"{split_x:.1}\" y2=\"{:.1}\"/>\
<line class=\"split\" x1=\"{pad}\" y1=\"{split_y:.1}\" x2=\"{:.1}\" y2=\"{split_y:.1}\"/>",
        (split_x - pad).max(0.0),
        (split_y - pad).max(0.0),
        height - pad,
        right
    );
    let corners = [
        (pad + 6.0, pad + 16.0, "start"),
        (right - 6.0, pad + 16.0, "end"),
        (pad + 6.0, height - pad - 8.0, "start"),
        (right - 6.0, height - pad - 8.0, "end"),
    ];
    for ((cx, cy, anchor), label) in corners.into_iter().zip(labels) {
        let _ = write!(
            svg,
            "<text class=\"quadrant-label\" x=\"{cx:.1}\" y=\"{cy:.1}\" text-anchor=\"{anchor}\">{}</text>",
            escape(label)
        );
    }
    let _ = write!(
        svg,
        "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">CSAT % →</text>\
<text class=\"axis\" x=\"{pad}\" y=\"{:.1}\">↑ r</text>",
        right,
        height - 12.0,
        pad - 8.0
    );
    for point in points {
        let (px, py) = (x(point.performance), y(point.importance));
        let _ = write!(
            svg,
            "<circle class=\"point\" cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"5\"/><text class=\"point-label\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            px + 8.0,
            py + 4.0,
            escape(point.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A range around `values` rounded out to `step`, within `bounds`; the whole bounds without values.
fn nice_range(values: impl Iterator<Item = f64>, low: f64, high: f64, step: f64) -> (f64, f64) {
    let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if !min.is_finite() {
        return (low, high);
    }
    let from = ((min / step).floor() * step - step).max(low);
    let to = ((max / step).ceil() * step + step).min(high);
    if to > from { (from, to) } else { (low, high) }
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

    #[test]
    fn the_trend_domain_holds_every_interval() {
        let points = vec![TrendPoint { label: "Q1".into(), value: Some(20.0), interval: Some((7.5, 33.0)) }];
        let (low, high) = nice_domain(&points, (-100.0, 100.0));
        assert!(low <= 7.5 && high >= 33.0 && low >= -100.0 && high <= 100.0);
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
            (-100.0, 100.0),
            |v| format!("{v:+.0}"),
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
            ["Fix first", "Keep up", "Monitor", "Overkill"],
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
