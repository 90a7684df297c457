//! Targets on the pages (#23): each target beside its figure with its verdict in words, a
//! target due later shown as due and not as a failure, the trend's target line, and the pages
//! agreeing with metrics.json's `targets[]`.

use super::Project;

/// 2026-07 responses at the corpus base's touchpoints (journey `buy`), worked by hand:
///
/// - checkout: 100 rows with CSAT only, the first 76 satisfied (5), the rest 2; personas
///   alternating (anna the even rows: 38 of 50 satisfied); devices mobile for rows 0–49,
///   desktop 50–94, tablet 95–99 (5 rows, below `min_responses: 10`).
/// - product page: 100 rows with NPS only: 60 promoters (9), 20 passives (7), 20 detractors (3).
///
/// So overall, journey `buy` and checkout have CSAT 76 of 100 = 76%, Wilson interval
/// [66.7677, 83.3087]% (docs/methodology.md, "Intervals": "67% – 83%" on the pages). Overall NPS
/// +40, adjusted Wald: p′ = 60.75/103, d′ = 20.75/103, var = (p′ + d′ − (p′ − d′)²)/103 =
/// 0.0062179, half-width 1.959964 · 0.078854 = 0.15455, so [+23.38, +54.29]: "+23 – +54".
/// Anna: 38 of 50 (76%), Wilson [62.59, 85.70]%.
fn responses() -> String {
    let mut csv = String::from("submitted_at,persona,touchpoint,device,nps,csat\n");
    for i in 0..100 {
        let csat = if i < 76 { 5 } else { 2 };
        let device = match i {
            0..50 => "mobile",
            50..95 => "desktop",
            _ => "tablet",
        };
        let persona = ["anna", "ben"][i % 2];
        csv.push_str(&format!("2026-07-{:02},{persona},checkout,{device},,{csat}\n", 1 + i % 28));
    }
    for i in 0..100 {
        let nps = match i {
            0..60 => 9,
            60..80 => 7,
            _ => 3,
        };
        let persona = ["anna", "ben"][i % 2];
        csv.push_str(&format!("2026-08-{:02},{persona},product-page,desktop,{nps},\n", 1 + i % 28));
    }
    csv
}

/// The targets, one of each verdict: checkout CSAT 65 met (66.8 ≥ 65), overall CSAT 85 not met
/// (83.3 < 85), journey CSAT 75 not yet decidable (66.8 < 75 ≤ 83.3), checkout on a tablet
/// without a figure (5 answers), overall NPS 60 by 2026-Q4 not met but due later (54.3 < 60), and
/// Anna's CSAT 50 met (62.6 ≥ 50), her name with markup that must reach the page as text.
const SETTINGS: &str = "title: Targets\nlanguage: LANG\nmin_responses: 10\nsurveys: {dimensions: [device]}
targets:
  - {metric: csat, group: touchpoint, id: checkout, value: 65}
  - {metric: csat, value: 85}
  - {metric: csat, group: journey, id: buy, value: 75}
  - {metric: csat, group: touchpoint/device, id: checkout/tablet, value: 70}
  - {metric: nps, value: 60, by: 2026-Q4}
  - {metric: csat, group: persona, id: anna, value: 50}
";

fn built(label: &str, language: &str) -> Project {
    let project = Project::on_base(label, &SETTINGS.replace("LANG", language));
    project.write("content/personas/anna.yaml", "name: \"Anna <i>& Co</i>\"\nshare: 0.6\n");
    project.write("content/surveys/export.csv", &responses());
    project.run(&["build", "-q"]).expect(0);
    project
}

/// The rows of the first targets table of a page, each cell's text without tags, spaces joined.
fn target_rows(page: &str) -> Vec<Vec<String>> {
    let table = page.split("<table class=\"targets\">").nth(1).expect("a targets table").split("</table>").next();
    let body = table.unwrap().split("<tbody>").nth(1).unwrap();
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let cells = row.replace("</th>", "\u{1}").replace("</td>", "\u{1}");
            cells.split('\u{1}').map(text).filter(|t| !t.is_empty()).collect()
        })
        .collect()
}

/// `html` without its tags, runs of white space as one space.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn each_target_is_shown_beside_its_figure_with_its_verdict() {
    let project = built("targets", "en");

    // metrics.json judges them as the pages say.
    let m = project.metrics();
    let statuses: Vec<(&str, bool)> = (m["targets"].as_array().unwrap().iter())
        .map(|t| (t["status"].as_str().unwrap(), t["due"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [("met", true), ("not-met", true), ("undecided", true), ("no-figure", true), ("not-met", false), ("met", true)]
    );
    let checkout = &m["targets"][0];
    assert!((checkout["ci95"][0].as_f64().unwrap() - 66.7677).abs() < 1e-4, "{checkout}");
    let nps = &m["targets"][4];
    assert!((nps["ci95"][1].as_f64().unwrap() - 54.29).abs() < 0.01, "{nps}");

    // The summary lists every target: the group as people say it, the target and the score with
    // its unit and interval, and the verdict in words; a target due later is not a failure.
    let summary = project.read("public/index.html");
    assert_eq!(
        target_rows(&summary),
        [
            ["Checkout", "CSAT 65%", "76% 67% – 83%", "met"],
            ["Overall", "CSAT 85%", "76% 67% – 83%", "not met"],
            ["Buying", "CSAT 75%", "76% 67% – 83%", "not yet decidable"],
            ["Checkout, tablet", "CSAT 70%", "– too few responses (n = 5)", "no figure"],
            ["Overall", "NPS +60", "+40 +23 – +54", "due 2026-Q4"],
            // Escaped by Tera: markup in a name is shown, never applied.
            ["Anna &lt;i&gt;&amp; Co&lt;/i&gt;", "CSAT 50%", "76% 63% – 86%", "met"],
        ]
        .map(|row| row.map(String::from).to_vec())
        .to_vec(),
        "the summary's targets"
    );
    assert!(summary.contains("2 met · 1 not met · 1 not yet decidable · 1 due later · 1 without a figure"));
    assert!(summary.contains("Not met: Overall: CSAT 76% against 85%."), "the board summary names the missed one");
    // Linked to where the group is shown: the touchpoint's column on its journey page, the
    // journey page, the persona page.
    assert!(summary.contains("<a href=\"journeys/buy/index.html#tp-checkout\">Checkout</a>"));
    assert!(summary.contains("<a href=\"journeys/buy/index.html\">Buying</a>"));
    assert!(summary.contains("<a href=\"journeys/buy/index.html#tp-checkout\">Checkout, tablet</a>"));
    assert!(summary.contains("<a href=\"personas/anna/index.html\">Anna &lt;i&gt;&amp; Co&lt;/i&gt;</a>"));
    assert!(!summary.contains("<i>& Co"), "a name from YAML reaches the page as text");
    // Beside the KPI figures: the overall targets in their cards.
    assert!(summary.contains("target 85%: <span class=\"target-verdict\">not met</span>"), "the CSAT card");
    assert!(summary.contains("target +60: <span class=\"target-verdict\">due 2026-Q4</span>"), "the NPS card");

    // The trends draw a group's target, named with its value, and none where it has none.
    assert!(summary.contains("<title>target 85%</title>") && summary.contains("<title>target +60</title>"));
    let ces = summary.split("class=\"chart trend\"").nth(3).expect("three trends").split("</svg>").next().unwrap();
    assert!(!ces.contains("class=\"target\""), "no CES target, no line: {ces}");
    let persona = project.read("public/personas/ben/index.html");
    assert!(persona.contains("class=\"chart trend\"") && !persona.contains("class=\"target\""));

    // The journey page: its own targets (journey, touchpoint, segment within a touchpoint), not
    // the overall or persona ones; the marks in its table and the target line of its trend.
    let journey = project.read("public/journeys/buy/index.html");
    let names: Vec<String> = target_rows(&journey).into_iter().map(|row| row[0].clone()).collect();
    assert_eq!(names, ["Checkout", "Buying", "Checkout, tablet"]);
    assert!(journey.contains("target 65%: <span class=\"target-verdict\">met</span>"), "checkout's row");
    assert!(journey.contains("target 75%: <span class=\"target-verdict\">not yet decidable</span>"), "the KPI card");
    assert!(journey.contains("<title>target 75%</title>"), "the journey's CSAT trend");

    // The scores page: each mark in its group's cell; the segment within a touchpoint, which has
    // no row there, in a list of its own.
    let scores = project.read("public/scores/index.html");
    for mark in ["target 65%: <span class=\"target-verdict\">met", "target 85%: <span class=\"target-verdict\">not met"]
    {
        assert!(scores.contains(mark), "{mark}");
    }
    assert!(scores.contains("target 50%: <span class=\"target-verdict\">met"), "Anna's row");
    let within: Vec<String> = target_rows(&scores).into_iter().map(|row| row[0].clone()).collect();
    assert_eq!(within, ["Checkout, tablet"]);
}

#[test]
fn dutch_pages_say_the_verdicts_in_dutch() {
    let project = built("targets-nl", "nl");
    let summary = project.read("public/index.html");
    for words in ["gehaald", "niet gehaald", "nog niet te zeggen", "geen cijfer", "uiterlijk 2026-Q4", "Doelen"] {
        assert!(summary.contains(&format!(">{words}<")), "{words}: {summary}");
    }
    assert!(summary.contains("<title>doel 85%</title>"));
    assert!(summary.contains("Niet gehaald: Totaal: CSAT 76% tegen 85%."), "{summary}");
}

/// A project without targets shows none: no section, no marks, no target line.
#[test]
fn without_targets_nothing_is_shown() {
    let project = Project::on_base("no-targets", "title: T\nmin_responses: 10\nsurveys: {dimensions: [device]}\n");
    project.write("content/surveys/export.csv", &responses());
    project.run(&["build", "-q"]).expect(0);
    let summary = project.read("public/index.html");
    assert!(summary.contains("class=\"chart trend\""));
    assert!(!summary.contains("targets-h") && !summary.contains("class=\"target") && !summary.contains("target-mark"));
    assert!(project.metrics().get("targets").is_none());
}
