//! The example site in a real browser: `tests/browser/check.mjs` opens every page of the example
//! project, built in English and in Dutch, in headless Chromium (Debian's `/usr/bin/chromium`,
//! driven by playwright-core) at phone (390×844) and desktop (1280×900) width, and checks loading,
//! console, requests, horizontal overflow, charts, KPI number format and print. Screenshots, the
//! summary PDF and the JSON reports are left in `target/browser/` (Dutch: `target/browser/nl/`).
//!
//! One run of the script (one browser) serves every test here; each test asserts on one kind of
//! problem, so a failure names exactly what is wrong, on which page, at which width. Needs
//! `apt-get install chromium` and `npm ci` in `tests/browser/` (run here when `node_modules` is
//! missing); `.ci/run` installs both.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use super::{Project, copy_dir};

/// The browser, unless `CXSITE_CHROMIUM` names another.
const CHROMIUM: &str = "/usr/bin/chromium";

/// Pages of the example site that must be checked (check.mjs checks every .html file it finds).
const PAGES: &[&str] = &[
    "index.html",
    "about/index.html",
    "journeys/index.html",
    "journeys/business-subscription/index.html",
    "journeys/online-order/index.html",
    "journeys/online-order/device/desktop/index.html",
    "journeys/online-order/persona/henk/index.html",
    "journeys/plant-care-support/index.html",
    "method/index.html",
    "pain-points/index.html",
    "personas/index.html",
    "personas/henk/index.html",
    "personas/priya/index.html",
    "personas/sanne/index.html",
    "quarter-notes/index.html",
    "scores/index.html",
];

/// The reports of one run of check.mjs.
struct Checks {
    /// The example in English, then in Dutch: (label, report.json, its folder).
    sites: Vec<(&'static str, Value, PathBuf)>,
    /// A one-page site with a problem of every kind planted in it, to show the checks see them.
    planted: Value,
    /// Held until the test process ends: another `cargo test` in the same tree waits for it
    /// before replacing `target/browser/`, so the files these tests read stay theirs.
    _lock: fs::File,
}

fn checks() -> &'static Checks {
    static CHECKS: OnceLock<Result<Checks, String>> = OnceLock::new();
    // A panic while building is turned into the error every test reports, rather than a retry per test.
    let run = || {
        std::panic::catch_unwind(run_checks).unwrap_or_else(|panic| {
            let message =
                panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            Err(message.unwrap_or_else(|| "a panic".to_string()))
        })
    };
    match CHECKS.get_or_init(run) {
        Ok(checks) => checks,
        Err(message) => panic!("browser checks could not run:\n{message}"),
    }
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `target/browser/` (beside the test binary's profile folder, so CARGO_TARGET_DIR is honoured).
fn out_dir() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_cxsite"));
    bin.parent().and_then(Path::parent).expect("target folder").join("browser")
}

/// The example project (cxsite.yaml, content/, templates/) built in a temporary folder.
fn example(language: &str) -> Project {
    let project = Project::empty(&format!("browser-{language}"));
    copy_dir(&repo().join("content"), &project.dir.join("content"));
    copy_dir(&repo().join("templates"), &project.dir.join("templates"));
    let settings = fs::read_to_string(repo().join("cxsite.yaml")).unwrap();
    let mut found = false;
    let settings: String = settings
        .lines()
        .map(|line| {
            if line.starts_with("language:") {
                found = true;
                format!("language: {language}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert!(found, "cxsite.yaml has no `language:` line to set");
    project.write("cxsite.yaml", &settings);
    project.run(&["build"]).expect(0);
    project
}

/// A site of one page with a problem of each kind the checks look for.
fn planted_site() -> Project {
    let project = Project::empty("browser-planted");
    project.write(
        "public/index.html",
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Planted problems</title>
<link rel="stylesheet" href="static/missing.css">
</head>
<body>
<nav class="site-nav"><a href="index.html">Summary</a> <a href="gone/index.html">Gone</a></nav>
<div class="kpi kpi-ces"><p class="kpi-value">5,36</p></div>
<div class="too-wide" style="width: 2000px">too wide</div>
<div class="own-scroll" style="overflow-x: auto"><div class="scrolls" style="width: 3000px">scrolls in its own box</div></div>
<svg class="chart" viewBox="0 0 10 10"></svg>
<div class="planted-chart"><svg class="chart planted-text" viewBox="0 0 100 20" style="width: 100px"><title>t</title><text x="0" y="10" font-size="6">one</text><text x="3" y="10" font-size="6">two</text></svg></div>
<div class="planted-dark"><svg class="chart planted-faint" viewBox="0 0 100 20" style="width: 200px"><title>t</title><text x="0" y="15" font-size="12" fill="rgb(242, 242, 242)">faint</text></svg></div>
<img src="http://example.invalid/pixel.png" alt="">
<script>console.error("planted console error");</script>
</body>
</html>
"#,
    );
    // A journey map whose point lies outside its column, that scrolls sideways, has text too small
    // to read and prints on portrait pages without a stage header.
    project.write(
        "public/journeys/planted/index.html",
        r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Planted map</title></head>
<body>
<main>
<section class="journey-map-section">
<div class="journey-map-scroll" style="overflow-x: auto"><table class="journey-map" style="width: 3000px; table-layout: fixed">
<thead><tr><th class="stage-head" colspan="2">A stage without its link</th></tr>
<tr><th class="tp-name" data-touchpoint="a" style="width: 100px">A</th><th class="tp-name" data-touchpoint="b">B</th></tr></thead>
</table></div>
<svg class="chart emotion-curve" width="2100" height="100"><title>Emotion</title><g class="point survey" data-touchpoint="a"><circle cx="2000" cy="50" r="7"/></g></svg>
<p class="tiny" style="font-size: 9px">Fine print</p>
</section>
</main>
</body>
</html>
"#,
    );
    project
}

fn run_checks() -> Result<Checks, String> {
    let chromium = std::env::var("CXSITE_CHROMIUM").unwrap_or_else(|_| CHROMIUM.to_string());
    if !Path::new(&chromium).exists() {
        return Err(format!(
            "{chromium} not found. The browser tests need Debian's Chromium: run `apt-get install chromium` \
             (as root; .ci/run does this), or set CXSITE_CHROMIUM to another Chromium."
        ));
    }
    let scripts = repo().join("tests/browser");
    if !scripts.join("node_modules/playwright-core/package.json").exists() {
        let output = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&scripts)
            .output()
            .map_err(|e| format!("npm: {e}. The browser tests need Node.js and npm to install playwright-core (`npm ci` in tests/browser)."))?;
        if !output.status.success() {
            return Err(format!(
                "`npm ci --no-audit --no-fund` in tests/browser failed:\n{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }

    let out = out_dir();
    fs::create_dir_all(out.parent().unwrap()).map_err(|e| format!("{}: {e}", out.display()))?;
    let lock_path = out.with_extension("lock");
    let lock = fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| format!("{}: {e}", lock_path.display()))?;
    lock.lock().map_err(|e| format!("{}: {e}", lock_path.display()))?;

    let en = example("en");
    let nl = example("nl");
    let planted = planted_site();
    let sites = [
        ("en", en.dir.join("public"), out.clone()),
        ("nl", nl.dir.join("public"), out.join("nl")),
        ("planted", planted.dir.join("public"), out.join("selftest")),
    ];
    // A report left by an earlier run must not pass for this one's: node exits with 1 on an
    // uncaught exception too, the code of "problems found".
    for (_, _, out) in &sites {
        let _ = fs::remove_file(out.join("report.json"));
    }
    let mut command = Command::new("node");
    command.arg(scripts.join("check.mjs")).env("CXSITE_CHROMIUM", &chromium);
    for (_, public, out) in &sites {
        command.arg(public).arg(out);
    }
    let output = command.output().map_err(|e| format!("node: {e}. The browser tests need Node.js."))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // 0: no problem, 1: problems (asserted on by the tests below), anything else: it could not run.
    if !matches!(output.status.code(), Some(0 | 1)) {
        return Err(format!("check.mjs exited with {}:\n{stdout}{stderr}", output.status));
    }
    println!("{stdout}");

    let mut reports = Vec::new();
    for (label, _, out) in sites {
        let path = out.join("report.json");
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}\n{stdout}{stderr}", path.display()))?;
        let report: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        reports.push((label, report, out));
    }
    let (_, planted, _) = reports.pop().unwrap();
    Ok(Checks { sites: reports, planted, _lock: lock })
}

/// The problems of `kinds` in a report, one line each.
fn problems(report: &Value, kinds: &[&str]) -> Vec<String> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| kinds.contains(&p["kind"].as_str().unwrap()))
        .map(|p| {
            let viewport = p["viewport"].as_str().unwrap_or("-");
            format!(
                "{} [{viewport}] {}: {}",
                p["page"].as_str().unwrap(),
                p["kind"].as_str().unwrap(),
                p["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// Fails listing every problem of `kinds` on the example site, in both languages.
fn assert_none(kinds: &[&str], what: &str) {
    let checks = checks();
    let mut lines = Vec::new();
    for (label, report, out) in &checks.sites {
        for line in problems(report, kinds) {
            lines.push(format!("  {label}: {line}"));
        }
        if !problems(report, kinds).is_empty() {
            lines.push(format!("  ({label}: screenshots and report.json in {})", out.display()));
        }
    }
    assert!(lines.is_empty(), "{what}:\n{}", lines.join("\n"));
}

#[test]
fn every_page_loads_without_errors_or_failed_requests() {
    let checks = checks();
    for (label, report, _) in &checks.sites {
        let seen: BTreeSet<(&str, &str)> = report["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["page"].as_str().unwrap(), p["viewport"].as_str().unwrap()))
            .collect();
        for page in PAGES {
            for viewport in ["phone", "desktop"] {
                assert!(seen.contains(&(*page, viewport)), "{label}: {page} was not checked at {viewport} width");
            }
        }
    }
    assert_none(&["load", "console", "request", "link"], "pages that did not load cleanly");
}

#[test]
fn nothing_overflows_the_viewport_horizontally() {
    assert_none(&["overflow"], "horizontal overflow (elements inside their own scroll box are allowed)");
}

#[test]
fn pages_with_charts_have_titled_non_empty_charts() {
    assert_none(&["chart"], "chart problems");
    for (label, report, _) in &checks().sites {
        let pages = report["pages"].as_array().unwrap();
        for page in ["index.html", "scores/index.html", "journeys/online-order/index.html", "personas/sanne/index.html"]
        {
            let entry = pages.iter().find(|p| p["page"] == page).unwrap();
            assert!(entry["charts"].as_u64().unwrap() > 0, "{label}: {page} has no svg.chart");
        }
    }
}

#[test]
fn screenshots_at_phone_and_desktop_width() {
    for (label, _, out) in &checks().sites {
        for viewport in ["phone", "desktop"] {
            for page in PAGES {
                let name = page.trim_end_matches("index.html").trim_end_matches('/').replace('/', "-");
                let name = if name.is_empty() { "index".to_string() } else { name };
                let path = out.join(viewport).join(format!("{name}.png"));
                let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{label}: {}: {e}", path.display()));
                assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{label}: {} is not a PNG", path.display());
                // The size in the PNG header (a page wider than the viewport: see the overflow test).
                let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
                let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
                assert!(width >= 390 && height >= 844, "{label}: {} is {width}×{height} px", path.display());
            }
        }
    }
}

/// The summary page prints as the one-page board summary (check.mjs fails a second page or a
/// portrait one), holding the KPIs, the trend, the top actions with owners and what changed.
#[test]
fn summary_prints_to_an_a4_pdf() {
    assert_none(&["pdf"], "summary.pdf problems");
    for (label, report, out) in &checks().sites {
        let pdf = fs::read(out.join("summary.pdf")).unwrap_or_else(|e| panic!("{label}: summary.pdf: {e}"));
        assert!(pdf.starts_with(b"%PDF-"), "{label}: summary.pdf is not a PDF");
        assert_eq!(report["pdf"]["pages"].as_u64(), Some(1), "{label}: summary.pdf is not one page");
        let shown: Vec<&str> = report["board"]["shown"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
        for part in [".board-kpis", ".board-trend", ".board-actions", ".board-moved", ".summary-line"] {
            assert!(shown.contains(&part), "{label}: {part} is not printed on the board summary ({shown:?})");
        }
        assert_eq!(report["board"]["hiddenLists"], true, "{label}: the long lists are printed on the board summary");
    }
}

/// The pain-point tables fit their card at 1280 px, in English and in Dutch (whose headers are
/// longer); on a phone each pain point is a card.
#[test]
fn pain_point_tables_fit_their_card_at_desktop_width() {
    assert_none(&["table-fit"], "pain-point tables wider than their card");
}

/// Every page has a dark-mode screenshot, and its charts' text and marks stay readable there.
#[test]
fn dark_mode_screenshots_and_readable_charts() {
    assert_none(&["dark-contrast"], "chart text or marks too faint in dark mode");
    for (label, report, out) in &checks().sites {
        let pages = report["pages"].as_array().unwrap();
        let desktop: Vec<&Value> = pages.iter().filter(|p| p["viewport"] == "desktop").collect();
        assert!(!desktop.is_empty(), "{label}: no pages checked");
        for page in desktop {
            let shot = page["darkScreenshot"]
                .as_str()
                .unwrap_or_else(|| panic!("{label}: {}: no dark screenshot", page["page"]));
            assert!(out.join(shot).is_file(), "{label}: {shot}");
        }
        let summary = pages.iter().find(|p| p["page"] == "index.html" && p["viewport"] == "desktop").unwrap();
        assert!(
            summary["darkMarks"].as_u64().unwrap() > 20,
            "{label}: the summary's charts were not measured in dark mode"
        );
    }
}

/// Every page prints to A4 (landscape for the board summary and the journey maps).
#[test]
fn every_page_prints_to_a4() {
    assert_none(&["print-pdf"], "pages that do not print to A4");
    for (label, report, out) in &checks().sites {
        for page in report["pages"].as_array().unwrap().iter().filter(|p| p["viewport"] == "desktop") {
            let print = &page["print"];
            assert!(print["pages"].as_u64().unwrap_or(0) >= 1, "{label}: {} printed nothing", page["page"]);
            assert!(out.join(print["path"].as_str().unwrap()).is_file(), "{label}: {print}");
        }
    }
}

#[test]
fn print_hides_the_navigation() {
    assert_none(&["print-nav"], "navigation shown in print (the print stylesheet should hide nav.site-nav)");
}

#[test]
fn dutch_pages_use_a_decimal_comma() {
    assert_none(&["kpi"], "KPI values with the wrong decimal separator");
    let (_, nl, _) = checks().sites.iter().find(|(label, ..)| *label == "nl").unwrap();
    let summary = nl["pages"].as_array().unwrap().iter().find(|p| p["page"] == "index.html").unwrap();
    assert_eq!(summary["lang"], "nl");
    let ces = summary["kpis"].as_array().unwrap().iter().find(|k| k["kind"] == "kpi-ces").expect("a CES KPI");
    let value = ces["value"].as_str().unwrap();
    assert!(value.contains(',') && !value.contains('.'), "CES in Dutch: {value:?}");
}

#[test]
fn the_checks_see_planted_problems() {
    let planted = &checks().planted;
    let all = problems(
        planted,
        &[
            "load",
            "console",
            "request",
            "link",
            "overflow",
            "chart",
            "kpi",
            "print-nav",
            "pdf",
            "journey",
            "journey-print",
        ],
    );
    let has = |needle: &str| all.iter().any(|line| line.contains(needle));
    for needle in [
        "console: planted console error",
        "request: failed: /static/missing.css: HTTP 404",
        "request: request to another host: http://example.invalid/pixel.png",
        "link: link to a missing file: /gone/index.html",
        "overflow: document is",
        "overflow: body > div.too-wide:nth-of-type(2) reaches x = 2008 px",
        "svg.chart has no <title>",
        "svg.chart draws nothing",
        "kpi: kpi-ces: \"5,36\" has the wrong decimal separator",
        "print-nav: nav.site-nav is display: block",
        "journey: at 1280 px: the map scrolls sideways",
        "journey: at 1280 px: emotion point a (x 2001–2015) is outside its column",
        "journey: at 390 px: the map scrolls sideways",
        "journey: at 1280 px: text smaller than 11 px: p.tiny (9 px: \"Fine print\")",
        "journey: at print (1047 px): text smaller than 7 pt: p.tiny (9 px: \"Fine print\")",
        "journey-print: journey-planted.pdf page 1 is not landscape A4",
        "journey-print: journey-planted-map.pdf (landscape A4) page 1 of 1 shows no stage header",
    ] {
        assert!(has(needle), "the checks missed {needle:?}; they found:\n{}", all.join("\n"));
    }
    // Content wider than the page inside its own scroll box is fine.
    // Problems name the element by selector, as `div.too-wide` above.
    assert!(!has("div.scrolls"), "a scroll box's content was reported:\n{}", all.join("\n"));
}

/// Problems of `kinds` on the journey pages (journeys/<id>/index.html) of a report.
fn journey_pages(report: &Value) -> Vec<&Value> {
    let pages = report["pages"].as_array().unwrap();
    pages.iter().filter(|p| p["journey"].is_object()).collect()
}

#[test]
fn journey_maps_fit_have_readable_text_and_each_emotion_point_sits_in_its_touchpoints_column() {
    assert_none(
        &["journey"],
        "journey map problems (fit at 390 and 1280 px; text at least 11 px, 7 pt in print; emotion points in their columns)",
    );
    for (label, report, _) in &checks().sites {
        let journeys = journey_pages(report);
        for page in [
            "journeys/business-subscription/index.html",
            "journeys/online-order/index.html",
            "journeys/online-order/persona/henk/index.html",
        ] {
            for viewport in ["phone", "desktop"] {
                assert!(
                    journeys.iter().any(|p| p["page"] == page && p["viewport"] == viewport),
                    "{label}: the journey map of {page} was not checked at {viewport} width"
                );
            }
            let desktop = journeys.iter().find(|p| p["page"] == page && p["viewport"] == "desktop").unwrap();
            // Every touchpoint with an emotion: the example's journeys have one for each.
            assert!(desktop["journey"]["points"].as_u64().unwrap() >= 6, "{label}: {page}: {}", desktop["journey"]);
            let widths = desktop["journey"]["widths"].as_array().unwrap();
            assert_eq!(widths.len(), 4, "{label}: {page} checked at 1280, 900, 1600 px and in print: {widths:?}");
        }
    }
}

#[test]
fn the_journey_map_prints_with_a_stage_header_on_every_page() {
    assert_none(&["journey-print"], "journey maps in print");
    for (label, report, out) in &checks().sites {
        let printed = report["journeyPrint"].as_array().expect("journey maps were printed");
        let online = printed.iter().find(|p| p["page"] == "journeys/online-order/index.html").unwrap();
        // On short pages the map takes several, each with the stage headers (repeated by <thead>).
        let short = online["short pages"].as_array().unwrap();
        assert!(short.len() >= 2, "{label}: the map on short pages took {} page(s)", short.len());
        assert!(short.iter().all(|stages| stages.as_u64() == Some(5)), "{label}: stage headers per page: {short:?}");
        assert!(out.join("journey-online-order.pdf").exists(), "{label}: the journey page's PDF");
    }
}

/// The English words of the map's own strings (`map_*` in the theme's strings) that a Dutch
/// map must not show: each phrase of an English text between placeholders and marks, of four
/// letters or more, that the Dutch text does not also have.
fn english_map_words() -> Vec<(String, String)> {
    let strings = |language: &str| -> Vec<(String, String)> {
        let text = fs::read_to_string(repo().join(format!("themes/default/i18n/{language}.yaml"))).unwrap();
        text.lines()
            .filter(|line| line.starts_with("map_"))
            .filter_map(|line| line.split_once(": "))
            .map(|(key, value)| (key.to_string(), value.trim().trim_matches('"').replace("\\u00AD", "\u{ad}")))
            .collect()
    };
    let dutch = strings("nl");
    let mut words = Vec::new();
    for (key, english) in strings("en") {
        let nl = &dutch.iter().find(|(k, _)| *k == key).unwrap_or_else(|| panic!("nl.yaml has no {key}")).1;
        let literal: String = english
            .split('{')
            .map(|part| part.split_once('}').map_or(part, |(_, rest)| rest))
            .collect::<Vec<_>>()
            .join("|");
        for piece in literal.split(|c: char| "|▲▼△▽*–;".contains(c)) {
            let piece = piece.trim();
            if piece.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !nl.contains(piece) {
                words.push((key.clone(), piece.to_string()));
            }
        }
    }
    words
}

#[test]
fn dutch_journey_maps_show_no_english_map_strings() {
    let words = english_map_words();
    assert!(words.iter().any(|(_, w)| w == "How to read the map"), "{words:?}");
    let checks = checks();
    let (_, en, _) = checks.sites.iter().find(|(label, ..)| *label == "en").unwrap();
    let (_, nl, _) = checks.sites.iter().find(|(label, ..)| *label == "nl").unwrap();
    // The English map shows them (so the test looks at the right text) ...
    let english: String = journey_pages(en).iter().map(|p| p["journey"]["text"].as_str().unwrap()).collect();
    assert!(english.contains("How to read the map") && english.contains("Pain points and ideas"), "{english}");
    // ... and the Dutch one none of them.
    let mut found = Vec::new();
    for page in journey_pages(nl) {
        let text = page["journey"]["text"].as_str().unwrap();
        for (key, word) in &words {
            if text.contains(word.as_str()) {
                found.push(format!("{} [{}]: {word:?} ({key})", page["page"], page["viewport"]));
            }
        }
    }
    assert!(found.is_empty(), "English map strings on Dutch journey pages:\n{}", found.join("\n"));
}

#[test]
fn chart_texts_are_readable_and_do_not_overlap() {
    assert_none(
        &["chart-text", "chart-overlap"],
        "chart texts too small or overlapping (at 390 and 1280 px, and the summary printed)",
    );
    // The checks measured texts on the pages with charts, at both widths and printed.
    for (label, report, _) in &checks().sites {
        let pages = report["pages"].as_array().unwrap();
        for page in ["index.html", "scores/index.html", "drivers/index.html"] {
            for viewport in ["phone", "desktop"] {
                let entry = pages.iter().find(|p| p["page"] == page && p["viewport"] == viewport).unwrap();
                assert!(
                    entry["chartTexts"].as_u64().unwrap() > 5,
                    "{label}: {page} [{viewport}]: no chart texts measured"
                );
            }
        }
        assert!(
            report["printedCharts"].as_u64().unwrap() >= 3,
            "{label}: the printed summary's trends were not measured"
        );
    }
}

#[test]
fn the_chart_text_checks_see_planted_problems() {
    let all = problems(&checks().planted, &["chart-text", "chart-overlap"]);
    let has = |needle: &str| all.iter().any(|line| line.contains(needle));
    for needle in [
        "chart-text: svg.chart.planted-text:nth(1): 2 text(s) under 11 px, e.g. \"one\" at 6 px",
        "chart-overlap: svg.chart.planted-text:nth(1): \"one\" and \"two\" overlap",
    ] {
        assert!(has(needle), "the checks missed {needle:?}; they found:\n{}", all.join("\n"));
    }
}
