//! The pages a reader sees: content, escaping, links, overrides.

use super::Project;
use std::fs;
use std::path::Path;

fn built() -> Project {
    let project = Project::fixture("shop");
    project.run(&["build"]).expect(0);
    project
}

#[test]
fn the_journey_map_shows_stages_touchpoints_and_the_emotion_curve() {
    let project = built();
    let html = project.read("public/journeys/buy/index.html");
    let stages: Vec<usize> = [">Browse</a>", ">Pay</a>", ">Receive</a>"]
        .iter()
        .map(|s| html.find(s).unwrap_or_else(|| panic!("{s}")))
        .collect();
    assert!(stages.windows(2).all(|w| w[0] < w[1]), "stages in order");
    assert!(html.contains("id=\"tp-delivery\""));
    // One column a touchpoint, each under its stage's header.
    assert!(html.contains("data-columns=\"3\""), "{html}");
    for stage in ["browse", "pay", "receive"] {
        assert!(html.contains(&format!("colspan=\"1\" class=\"stage-head\" id=\"stage-{stage}\"")), "{stage}");
    }
    // Checkout and delivery have survey data; the product page falls back to its declared emotion.
    assert_eq!(html.matches("class=\"point survey\"").count(), 2, "{html}");
    assert_eq!(html.matches("class=\"point declared\"").count(), 1);
    assert!(html.contains("emotion-declared"), "the declared emotion is said to be declared");
    // Each point is drawn at its column's centre, in % of the curve's width.
    for (id, x) in [("product-page", "16.67%"), ("checkout", "50.00%"), ("delivery", "83.33%")] {
        let point = html.split(&format!("data-touchpoint=\"{id}\"><title>")).nth(1).unwrap_or_else(|| panic!("{id}"));
        assert!(point.split("</g>").next().unwrap().contains(&format!("cx=\"{x}\"")), "{id} at {x}: {point}");
    }
    // The legend says what the hollow point and the marks mean, on the page (not in a tooltip).
    assert!(html.contains("How to read the map") && html.contains("expected emotion (no survey answers)"), "{html}");
    // The delivery lane shows its NPS (−60) and the pain point with its rank.
    assert!(html.contains("−60"), "delivery NPS");
    assert!(html.contains("id=\"pain-slow-delivery\""));
    assert!(html.contains("Text the delivery window"), "a plain-text opportunity");
}

#[test]
fn customer_comments_are_escaped() {
    let project = built();
    let html = project.read("public/journeys/buy/index.html");
    assert!(
        html.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert("),
        "the comment is shown as text"
    );
    assert!(!html.contains("<script>alert"), "never as markup");
}

#[test]
fn persona_names_from_yaml_are_escaped_everywhere() {
    let project = Project::fixture("shop");
    project.write("content/personas/ben.yaml", "name: \"<img src=x onerror=alert(1)>\"\nquote: \"{{ site_title }}\"\n");
    project.run(&["build"]).expect(0);
    for page in ["public/personas/ben/index.html", "public/personas/index.html", "public/journeys/buy/index.html"] {
        let html = project.read(page);
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{page}");
    }
    assert!(
        project.read("public/personas/ben/index.html").contains("{{ site_title }}"),
        "template syntax in data stays text"
    );
}

/// Checks every `href` of every page under `public`: relative, and pointing at a file.
fn assert_links_resolve(public: &std::path::Path) -> usize {
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(public).into_iter().map(Result::unwrap) {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(entry.path()).unwrap();
        for link in html.split(" href=\"").skip(1).map(|s| s.split('"').next().unwrap()) {
            assert!(!link.starts_with('/') && !link.contains("://"), "{link} in {}", entry.path().display());
            let target = link.split('#').next().unwrap();
            if target.is_empty() {
                continue;
            }
            let resolved = entry.path().parent().unwrap().join(target);
            assert!(resolved.is_file(), "broken link {link} in {}", entry.path().display());
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_link_is_relative_and_resolves() {
    let project = built();
    let checked = assert_links_resolve(&project.dir.join("public"));
    assert!(checked > 50, "only {checked} links checked");
}

/// Every `{placeholder}` of the interface strings is filled, in both languages and with
/// `--baseline` (whose page has its own strings): a missed one would show `{count}` on a page.
#[test]
fn no_page_shows_an_unfilled_placeholder() {
    let project = built();
    project.run(&["build", "-q", "--period", "2026-Q1", "--output", "before"]).expect(0);
    let settings = project.read("cxsite.yaml");
    for (language, output) in [("en", "public"), ("nl", "public-nl")] {
        project.write("cxsite.yaml", &format!("{settings}\nlanguage: {language}\n"));
        project.run(&["build", "-q", "--output", output, "--baseline", "before/data/metrics.json"]).expect(0);
        for (path, bytes) in super::snapshot(&project.dir.join(output)) {
            if !path.ends_with(".html") {
                continue;
            }
            let html = String::from_utf8(bytes).unwrap();
            let unfilled = html.match_indices('{').find(|(at, _)| {
                let rest = &html[at + 1..];
                let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                !name.is_empty() && rest[name.len()..].starts_with('}')
            });
            assert!(
                unfilled.is_none(),
                "{language} {path}: {}",
                &html[unfilled.unwrap().0..][..40.min(html.len() - unfilled.unwrap().0)]
            );
        }
    }
}

#[test]
fn the_archive_keeps_every_period_as_it_was() {
    let project = Project::fixture("shop");
    project.run(&["build", "--archive"]).expect(0);
    let public = project.dir.join("public");
    assert_links_resolve(&public);
    let index = project.read("public/reports/index.html");
    let periods: Vec<&str> =
        ["2026-Q1", "2026-Q2"].into_iter().filter(|p| index.contains(&format!("href=\"{p}/index.html\""))).collect();
    assert_eq!(periods, ["2026-Q1", "2026-Q2"], "{index}");
    // Each snapshot is the report of its period: its metrics.json says so, and matches a
    // build with --period.
    let archived = fs::read_to_string(public.join("reports/2026-Q1/data/metrics.json")).unwrap();
    let archived: serde_json::Value = serde_json::from_str(&archived).unwrap();
    assert_eq!(archived["current_period"], "2026-Q1");
    project.run(&["build", "--period", "2026-Q1", "--output", "q1"]).expect(0);
    let direct: serde_json::Value = serde_json::from_str(&project.read("q1/data/metrics.json")).unwrap();
    assert_eq!(archived["metrics"], direct["metrics"]);
    assert!(project.read("public/index.html").contains("href=\"reports/index.html\""));
}

#[test]
fn the_pain_point_page_shows_every_factor() {
    let project = built();
    let html = project.read("public/pain-points/index.html");
    assert!(html.contains("reach × unhappy × severity × moment ÷ effort"));
    let row = &html[html.find("id=\"pain-slow-delivery\"").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    // The priority (5 × 0.8 × 4 × 1.5 ÷ 2) with its conservative bound.
    for factor in [">5<", ">80.0%<", ">4<", ">×1.5<", ">2<", ">12.0<span"] {
        assert!(row.contains(factor), "{factor} missing in {row}");
    }
    // First by every rank: one rank shown, no other ranks to tell.
    assert!(row.contains("<td class=\"num rank\">1</td>") && !row.contains("Also ranked"), "{row}");
    assert!(html.contains("No survey evidence"));
    // Without survey evidence there is no priority, so no other rank either.
    let unmeasured = &html[html.find("id=\"pain-no-reviews\"").unwrap()..];
    let unmeasured = &unmeasured[..unmeasured.find("</tr>").unwrap()];
    assert!(unmeasured.contains("No survey evidence") && !unmeasured.contains("Also ranked"), "{unmeasured}");
}

#[test]
fn the_scores_page_has_the_data_quality_section() {
    let project = built();
    let html = project.read("public/scores/index.html");
    assert!(html.contains("Score out of range"));
    // In words, not the warning's `file:line:column: … column `nps``: the file, the line, the value.
    assert!(html.contains("content/surveys/a.csv, line 15: NPS answer “11” is outside the scale (0 to 10)"), "{html}");
    assert!(!html.contains("in column `nps`"), "no column ids on the page");
    assert!(html.contains("Windows-1252"), "b.csv is detected as Windows-1252");
    assert!(html.contains("<td>semicolon</td>"), "and as semicolon-separated");
}

/// The data-quality tables name each file's separator and date order, and the method page the
/// personal data taken out of quotes, in the report's language: a Dutch page shows the Dutch
/// word and not the English one (metrics.json keeps its English values).
#[test]
fn dutch_pages_name_separators_date_orders_and_removed_personal_data_in_dutch() {
    let project = Project::fixture("shop");
    project.write(
        "content/surveys/c.csv",
        "response_id,submitted_at,persona,touchpoint,channel,nps,csat,ces,comment\nc-1,2026-05-02,anna,checkout,web,3,2,2,Mail me at jan@example.com\n",
    );
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}\nlanguage: nl\n"));
    project.run(&["build", "-q"]).expect(0);
    let scores = project.read("public/scores/index.html");
    assert!(scores.contains("<td>puntkomma</td>") && scores.contains("<td>komma</td>"), "{scores}");
    assert!(!scores.contains("<td>semicolon</td>") && !scores.contains("<td>comma</td>"));
    let method = project.read("public/method/index.html");
    assert!(method.contains("<td>dag eerst (surveys.date_order)</td>"), "{method}");
    assert!(!method.contains("day-first"));
    assert!(method.contains("Persoonsgegevens verwijderd uit citaten: e-mailadres</th>"), "{method}");
    assert!(!method.contains(": e-mail</th>"));
    let metrics = project.metrics();
    let quality = &metrics["data_quality"];
    assert_eq!(quality["files"][1]["delimiter"], "semicolon");
    assert_eq!(quality["files"][0]["date_order"], "day-first (surveys.date_order)");
    assert_eq!(quality["redacted"]["e-mail"], 1);
}

#[test]
fn a_project_template_overrides_the_theme_by_name() {
    let project = Project::fixture("shop");
    project.write(
        "templates/partials/footer.html",
        "<footer class=\"mine\">Our own footer for {{ site_title }}</footer>\n",
    );
    project.run(&["build"]).expect(0);
    let html = project.read("public/index.html");
    assert!(html.contains("Our own footer for Fixture shop"));
    assert!(!html.contains("site-footer"));
}

#[test]
fn markdown_pages_get_tables_footnotes_and_anchors() {
    let project = Project::fixture("shop");
    project.write("content/notes/q2.md", "---\ntitle: Q2 notes\nweight: 5\n---\n## What we saw\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee[^1].\n\n[^1]: The data.\n\n<b onclick=\"x()\">bold?</b>\n");
    project.run(&["build"]).expect(0);
    let html = project.read("public/notes/q2/index.html");
    assert!(html.contains("<h2 id=\"what-we-saw\">"));
    assert!(html.contains("<table>") && html.contains("footnote-definition"));
    assert!(!html.contains("<b onclick"), "raw HTML is text");
    assert!(html.contains("href=\"../../static/style.css\""), "two folders deep");
    assert!(project.read("public/index.html").contains("href=\"notes/q2/index.html\">Q2 notes</a>"), "in the menu");
}

#[test]
fn the_summary_names_the_period_and_the_top_pain_points() {
    let project = built();
    let html = project.read("public/index.html");
    assert!(html.contains("Report for 2026-Q2"));
    let slow = html.find("Slow delivery").unwrap();
    let confusing = html.find("Confusing checkout").unwrap();
    assert!(slow < confusing, "ranked order");
}

#[test]
fn the_method_page_lists_every_input_with_its_sha256_and_what_was_left_out() {
    let project = Project::fixture("shop");
    project.write("content/notes/abc.md", "---\ntitle: Abc\n---\nabc\n");
    project.write("content/notes/photo.png", "not read by any stage");
    project.run(&["build"]).expect(0);
    let method = project.read("public/method/index.html");
    // `printf -- '---\ntitle: Abc\n---\nabc\n' | sha256sum`
    let abc = "23102d33a18dbde772a397faf3347a9cec256116681c23851a57d7b99c8bb902";
    assert!(method.contains(abc) && method.contains("content/notes/abc.md"), "{method}");
    assert!(!method.contains("photo.png"), "a file no stage reads is not an input");
    let listing = project.read("public/data/inputs.sha256");
    assert!(listing.contains(&format!("{abc}  content/notes/abc.md\n")), "{listing}");
    assert!(listing.lines().next().unwrap().ends_with("  cxsite.yaml"), "{listing}");
    // The fixture has one NPS of 11 (out of range): counted among what was left out.
    assert!(method.contains("Score out of range"), "{method}");
    let metrics = project.metrics();
    assert_eq!(metrics["inputs"]["files"].as_array().unwrap().len(), listing.lines().count());
    let fingerprint = metrics["inputs"]["fingerprint"].as_str().unwrap().to_string();
    assert_eq!(fingerprint.len(), 64);
    assert!(method.contains(&fingerprint));
    // Any change to an input changes the fingerprint; the same inputs keep it.
    project.run(&["build"]).expect(0);
    assert_eq!(project.metrics()["inputs"]["fingerprint"], fingerprint.as_str());
    project.write("content/notes/abc.md", "---\ntitle: Abd\n---\nabd\n");
    project.run(&["build"]).expect(0);
    assert_ne!(project.metrics()["inputs"]["fingerprint"], fingerprint.as_str());
}

#[test]
fn a_baseline_report_gives_a_page_of_what_changed_since() {
    let project = Project::fixture("shop");
    project.run(&["build", "--period", "2026-Q1", "--output", "published"]).expect(0);
    // Since then the team renamed one pain point: to the comparison one is new, one gone.
    let journey = project.read("content/journeys/buy.yaml");
    project.write("content/journeys/buy.yaml", &journey.replace("id: no-reviews", "id: few-reviews"));
    let run = project.run(&["build", "--baseline", "published/data/metrics.json"]).expect(0);
    let page = project.read("public/changes/index.html");
    assert!(page.contains("What changed since 2026-Q1"), "{}", run.stderr);
    let new = &page[page.find("New pain points").unwrap()..page.find("Pain points no longer listed").unwrap()];
    assert!(new.contains("No reviews"), "the renamed pain point is new: {new}");
    let gone = &page[page.find("Pain points no longer listed").unwrap()..];
    assert!(gone.contains("<code>no-reviews</code>"), "{gone}");
    assert!(project.read("public/index.html").contains("href=\"changes/index.html\""));

    // The report compared with a report of its own period is refused: it would show no change.
    let run = project.run(&["build", "--period", "2026-Q1", "--baseline", "published/data/metrics.json"]).expect(1);
    assert!(run.stderr.contains("the baseline is a report of 2026-Q1, the period of this one"), "{}", run.stderr);

    project.write("broken.json", "{\"schema\": 1,\n \"metrics\": [}");
    let run = project.run(&["build", "--baseline", "broken.json"]).expect(1);
    assert!(run.stderr.contains("broken.json:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("not valid JSON"), "{}", run.stderr);
}

#[test]
fn base_url_gives_a_sitemap_and_links_stay_relative() {
    let project = Project::fixture("shop");
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}base_url: https://cx.example.com/q/\n"));
    project.run(&["build"]).expect(0);
    let sitemap = project.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://cx.example.com/q/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://cx.example.com/q/journeys/buy/</loc>"), "{sitemap}");
    assert_links_resolve(&project.dir.join("public"));
    assert!(!project.read("public/index.html").contains("cx.example.com"));
    project.write("cxsite.yaml", &format!("{settings}base_url: cx.example.com\n"));
    let run = project.run(&["build"]).expect(1);
    assert!(run.stderr.contains("cxsite.yaml:") && run.stderr.contains("is not a web address"), "{}", run.stderr);
}

#[test]
fn journey_pages_show_each_touchpoint_over_time() {
    let project = built();
    let html = project.read("public/journeys/buy/index.html");
    let section = &html[html.find("id=\"touchpoint-trends\"").expect("the section")..];
    for name in ["Product page", "Checkout", "Delivery"] {
        assert!(section.contains(&format!("<summary>{name}</summary>")), "{name}");
    }
    // Each has its charts (title and interval drawn) and its numbers by period.
    assert!(section.matches("<svg class=\"chart trend\"").count() >= 9);
    assert!(section.contains("<th scope=\"row\">2026-Q1</th>") && section.contains("<th scope=\"row\">2026-Q2</th>"));
}

#[test]
fn style_sets_the_accent_colour_and_a_logo_without_copying_templates() {
    let project = Project::fixture("shop");
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}style: {{accent: \"#aa3300\", logo: logo.svg}}\n"));
    let svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"5\"/></svg>";
    project.write("content/logo.svg", svg);
    project.run(&["build"]).expect(0);
    // The logo is copied as it is, and every page shows it beside the title, with the title as its text.
    assert_eq!(project.read("public/static/logo.svg"), svg);
    for (page, root) in [("index.html", ""), ("journeys/buy/index.html", "../../"), ("scores/index.html", "../")] {
        let html = project.read(&format!("public/{page}"));
        assert!(html.contains("<style>:root { --accent: #aa3300; }"), "{page}");
        // The dark mode gets a lighter shade of the same colour, readable on its dark background.
        let dark = html.split("prefers-color-scheme: dark) { :root { --accent: ").nth(1).expect(page);
        assert!(dark.starts_with('#') && !dark.starts_with("#aa3300"), "{page}: {dark}");
        assert!(
            html.contains(&format!("<img class=\"brand-logo\" src=\"{root}static/logo.svg\" alt=\"Fixture shop\">")),
            "{page}"
        );
    }
    assert!(project.read("public/data/inputs.sha256").contains("  content/logo.svg\n"), "the logo is an input");
    // Without `style` there is no inline style and no logo.
    project.write("cxsite.yaml", &settings);
    project.run(&["build"]).expect(0);
    let html = project.read("public/index.html");
    assert!(!html.contains("<style>") && !html.contains("brand-logo"));

    // Only a colour reaches the style sheet: anything else is refused where it stands.
    project.write("cxsite.yaml", &format!("{settings}style:\n  accent: red; }} body {{\n"));
    let line = settings.lines().count() + 2;
    let run = project.run(&["build"]).expect(1);
    assert!(run.stderr.contains(&format!("cxsite.yaml:{line}:")), "{}", run.stderr);
    assert!(run.stderr.contains("is not a colour"), "{}", run.stderr);
    // A missing logo is named with the folder it was looked for in.
    project.write("cxsite.yaml", &format!("{settings}style:\n  logo: brand/missing.png\n"));
    let run = project.run(&["build"]).expect(1);
    assert!(run.stderr.contains(&format!("cxsite.yaml:{line}:")), "{}", run.stderr);
    assert!(run.stderr.contains("content/brand/missing.png` not found"), "{}", run.stderr);
}

#[test]
fn a_theme_adds_a_language_with_one_strings_file() {
    let project = Project::fixture("shop");
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}theme: mine\nlanguage: de\n"));
    project.write("themes/mine/i18n/de.yaml", "nav_summary: Zusammenfassung\ndecimal_separator: \",\"\n");
    project.run(&["build"]).expect(0);
    let html = project.read("public/index.html");
    assert!(html.contains("<html lang=\"de\">") && html.contains(">Zusammenfassung</a>"), "{html}");
    assert!(html.contains("4,38"), "numbers with the theme's decimal comma");
    assert!(html.contains(">Journeys</a>"), "a string the file leaves out falls back to English");
    // Without the file the language is unknown, and the message says where the file goes.
    project.write("cxsite.yaml", &format!("{settings}theme: mine\nlanguage: fr\n"));
    let run = project.run(&["build"]).expect(1);
    assert!(
        run.stderr.contains("unknown language `fr`") && run.stderr.contains("themes/mine/i18n/fr.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_summary_recommends_actions_grouped_by_owner() {
    let project = built();
    let html = project.read("public/index.html");
    let section = &html[html.find("id=\"actions-h\"").expect("the actions section")..];
    let section = &section[..section.find("</section>").unwrap()];
    // The fixture's touchpoints belong to the Web team and the Carrier; each pain point with
    // strong evidence is listed under its owner, with its rank.
    assert!(section.contains("<h3>Web team</h3>") || section.contains("<h3>Carrier</h3>"), "{section}");
    assert!(section.contains("<li value=\""), "{section}");
}

#[test]
fn the_scores_page_draws_how_the_answers_are_spread() {
    let project = built();
    let html = project.read("public/scores/index.html");
    let section = &html[html.find("id=\"distribution-h\"").expect("the section")..];
    assert_eq!(section.matches("<svg class=\"chart distribution\"").count(), 3);
    // 2026-Q2 overall NPS answers, from the fixture's files: each point's count is in the table.
    assert!(section.contains("<th scope=\"col\" class=\"num\">10</th>"), "NPS 0..10 columns");
}

#[test]
fn quotes_show_each_text_once_and_how_many_more_said_it() {
    let project = Project::on_base("quotes", "title: Quotes\nmin_responses: 3\nsurveys: {dimensions: []}\n");
    let comments = ["Too slow", "Too slow", "too  slow", "TOO SLOW", "The address form lost my input"];
    let rows: String =
        comments.iter().enumerate().map(|(i, c)| format!("r{i},2026-07-0{},checkout,3,{c}\n", i + 1)).collect();
    project.write("content/surveys/export.csv", &format!("response_id,submitted_at,touchpoint,nps,comment\n{rows}"));
    project.run(&["build", "-q"]).expect(0);
    let page = project.read("public/journeys/buy/index.html");
    assert_eq!(page.matches("<blockquote>").count(), 2, "two different texts, each once: {page}");
    assert!(page.contains("3 more said the same"), "{page}");
    assert!(page.contains("The address form lost my input"));
}

#[test]
fn the_emotion_curve_comes_from_what_was_asked_at_the_touchpoint() {
    let project = Project::on_base("emotion", "title: Emotion\nmin_responses: 3\nsurveys: {dimensions: []}\n");
    // Checkout: all would recommend the company (NPS 100) but hated this step (CSAT 1 of 5).
    let rows = "2026-07-01,checkout,10,1\n".repeat(5) + &"2026-07-01,product-page,0,\n".repeat(5);
    project.write("content/surveys/export.csv", &format!("submitted_at,touchpoint,nps,csat\n{rows}"));
    project.run(&["build", "-q"]).expect(0);
    let page = project.read("public/journeys/buy/index.html");
    // CSAT mean 1 on 1..5 is the bottom: −2 (NPS/50 would have said +2). Product page asked
    // only NPS −100: −2, from NPS.
    assert!(page.contains("−2.0</strong> <span class=\"sub\">from its CSAT mean</span>"), "{page}");
    // The card's one number is the score of what was asked there: CSAT at checkout, with its unit.
    assert!(page.contains("title=\"Customer satisfaction"), "{page}");
    assert!(page.contains("<strong class=\"value\">0%</strong>"), "CSAT of five answers of 1: 0%: {page}");
    assert!(page.contains("from its NPS ÷ 50 (no CSAT or CES asked here)"), "where only NPS was asked, it says so");
    assert!(!page.contains("+2.0"), "{page}");
}

/// The planted truth of #18: an idea is shown with the pain point it addresses, under its own
/// owner, and never beside another pain point of the same touchpoint.
#[test]
fn an_idea_is_shown_with_its_own_pain_point_and_owner_only() {
    let project = Project::on_base("ideas", "title: Ideas\nmin_responses: 3\nsurveys: {dimensions: []}\n");
    project.write(
        "content/journeys/buy.yaml",
        "title: Buying\npersonas: [anna]\nstages:\n  - id: pay\n    name: Pay\n    touchpoints:\n      - {id: checkout, name: Checkout, owner: Web team}\n    pain_points:\n      - {id: hidden-costs, title: Delivery costs are not shown before checkout, touchpoint: checkout, severity: 4, effort: 2, category: price}\n      - {id: lost-basket, title: A failed payment empties the basket, touchpoint: checkout, severity: 3, effort: 2, category: reliability}\n    opportunities:\n      - {title: Keep the basket after a failed payment, touchpoint: checkout, owner: Payments, pain_points: [lost-basket]}\n",
    );
    project.write(
        "content/surveys/export.csv",
        &format!("submitted_at,touchpoint,nps\n{}", "2026-07-01,checkout,3\n".repeat(12)),
    );
    project.run(&["build", "-q"]).expect(0);
    let summary = project.read("public/index.html");
    let page = &summary[summary.find("id=\"actions-h\"").expect("the actions section")..];
    let around = |title: &str| {
        let at = page.find(title).unwrap_or_else(|| panic!("{title} not among the actions"));
        page[at..].split("</li>").next().unwrap().to_string()
    };
    assert!(around("A failed payment empties the basket").contains("Keep the basket after a failed payment"));
    assert!(!around("Delivery costs are not shown before checkout").contains("Keep the basket"), "no wrong idea");
    // Filed under the idea's owner, Payments; the other under the touchpoint's, Web team.
    let payments = page.find("Payments").expect("the idea's owner heads its actions");
    assert!(page[payments..].find("A failed payment").is_some());

    // An idea that names a pain point the journey does not have is an error at its line.
    let journey = project.read("content/journeys/buy.yaml");
    project.write("content/journeys/buy.yaml", &journey.replace("[lost-basket]", "[lost-baskets]"));
    let run = project.run(&["build"]).expect(1);
    assert!(run.stderr.contains("unknown pain point `lost-baskets`"), "{}", run.stderr);
}

/// The planted truth of #18: an archive snapshot holds only what belonged to its period.
#[test]
fn a_snapshot_holds_only_what_belonged_to_its_period() {
    let project = Project::fixture("shop");
    project.write("content/q2-notes.md", "---\ntitle: Notes on Q2\nperiod: 2026-Q2\n---\nWritten after Q2.\n");
    project.write("content/q1-notes.md", "---\ntitle: Notes on Q1\nperiod: 2026-Q1\n---\nWritten after Q1.\n");
    project.write("content/plans.md", "---\ntitle: Plans\n---\nWhat we plan now.\n");
    project
        .write("content/maturity.yaml", "assessed: 2026-06\ndimensions:\n  - {dimension: strategy, stage: capable}\n");
    project.run(&["build", "-q", "--archive"]).expect(0);
    let exists = |path: &str| project.dir.join("public").join(path).exists();
    // The current report (2026-Q2): both dated notes (Q1's is history), today's plans, maturity.
    for page in ["q2-notes/index.html", "q1-notes/index.html", "plans/index.html", "maturity/index.html"] {
        assert!(exists(page), "{page} in the current report");
    }
    // The 2026-Q1 snapshot: only Q1's notes; nothing written later.
    assert!(exists("reports/2026-Q1/q1-notes/index.html"));
    for page in ["q2-notes", "plans", "maturity"] {
        assert!(!exists(&format!("reports/2026-Q1/{page}/index.html")), "{page} is not in the Q1 snapshot");
    }
    let q1 = project.read("public/reports/2026-Q1/index.html");
    assert!(!q1.contains("Notes on Q2") && !q1.contains(">Plans<"), "nor in its menu");
    // Q1 is the first period with data: it says so rather than "0 changes tested".
    assert!(q1.contains("there is no earlier period to compare with"), "{q1}");
    // A period that is none is an error at the page.
    project.write("content/q2-notes.md", "---\ntitle: Notes on Q2\nperiod: summer\n---\n");
    let run = project.run(&["build"]).expect(1);
    assert!(
        run.stderr.contains("content/q2-notes.md: error: `period: summer` is not a period of this report"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_a_topics_file_the_built_in_set_is_used_and_said() {
    let project = Project::fixture("shop");
    assert!(!project.dir.join("content/topics.yaml").exists());
    project.run(&["build", "-q"]).expect(0);
    assert!(project.dir.join("public/topics/index.html").exists(), "the built-in set gives a topics page");
    assert!(project.read("public/method/index.html").contains("the built-in set (no content/topics.yaml)"));
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}topics: false\n"));
    project.run(&["build", "-q"]).expect(0);
    assert!(!project.dir.join("public/topics/index.html").exists());
    assert!(project.read("public/method/index.html").contains("none (topics: false)"));
}

/// A topic's quote comes from the side it leans to: the chatbot is a complaint here, so a
/// promoter's praise of it is not its quote; and the overall table has quotes too.
#[test]
fn a_topic_is_quoted_from_the_side_it_leans_to() {
    let project = Project::on_base("topic-quotes", "title: Topics\nmin_responses: 3\nsurveys: {dimensions: []}\n");
    let mut rows = String::from("response_id,submitted_at,touchpoint,nps,comment\n");
    for i in 0..3 {
        rows.push_str(&format!(
            "d{i},2026-07-01,checkout,2,The chatbot could not help and I wanted a real person {i}\n"
        ));
    }
    rows.push_str("p0,2026-07-01,checkout,10,The chatbot was brilliant\n");
    for i in 1..5 {
        rows.push_str(&format!("p{i},2026-07-01,checkout,10,Lovely plants number {i}\n"));
    }
    project.write("content/surveys/export.csv", &rows);
    project.run(&["build", "-q"]).expect(0);
    let page = project.read("public/topics/index.html");
    let rows_of = |name: &str| -> Vec<String> {
        page.match_indices(name).map(|(at, _)| page[at..].split("</tr>").next().unwrap().to_string()).collect()
    };
    let automated = rows_of("Too automated");
    assert_eq!(automated.len(), 2, "overall and at checkout: {page}");
    for row in &automated {
        assert!(row.contains("wanted a real person"), "the complaint's side: {row}");
        assert!(!row.contains("brilliant"), "{row}");
    }
}

/// Emerging terms (#18): a phrase planted in the unhappy comments tops the list with its
/// counts, a listed name and an e-mail address never become terms, and the page quotes it.
#[test]
fn a_planted_detractor_phrase_tops_the_emerging_terms() {
    let settings = "title: Terms\nmin_responses: 5\nprivacy: {names: [Jan Jansen]}\nsurveys: {dimensions: []}\n";
    let project = Project::on_base("terms", settings);
    let mut csv = String::from("submitted_at,touchpoint,nps,comment\n");
    // 20 unhappy respondents name the voucher code, each with a different verb.
    for (i, verb) in ["failed", "rejected", "invalid", "expired"].iter().cycle().take(20).enumerate() {
        csv.push_str(&format!("2026-07-{:02},checkout,3,\"The voucher code {verb}, again\"\n", 1 + i % 28));
    }
    // 10 unhappy respondents name a person and an address.
    for _ in 0..10 {
        csv.push_str("2026-07-02,checkout,2,\"Jan was rude, mail jan@example.com\"\n");
    }
    // 30 happy respondents, and 10 passives who mention the code too (neither side).
    for _ in 0..30 {
        csv.push_str("2026-07-03,checkout,10,\"Quick checkout, lovely plants\"\n");
    }
    for _ in 0..10 {
        csv.push_str("2026-07-04,checkout,8,\"voucher code fine\"\n");
    }
    project.write("content/surveys/export.csv", &csv);
    project.run(&["build", "-q"]).expect(0);

    let m = project.metrics();
    let terms: Vec<&serde_json::Value> =
        m["terms"].as_array().unwrap().iter().filter(|t| t["group"] == "touchpoint" && t["id"] == "checkout").collect();
    let top = terms.iter().find(|t| t["side"] == "unhappy").expect("an unhappy term");
    assert_eq!(
        (top["term"].as_str(), top["unhappy"].as_u64(), top["happy"].as_u64()),
        (Some("voucher code"), Some(20), Some(0))
    );
    // Its words say no more than the phrase; the passives are on neither side.
    assert!(!terms.iter().any(|t| t["term"] == "voucher" || t["term"] == "code"));
    for term in &terms {
        let text = term["term"].as_str().unwrap();
        assert!(!text.split(' ').any(|w| w == "jan" || w == "jansen" || w.contains("example")), "{text}");
    }
    let happy: Vec<&str> = terms.iter().filter(|t| t["side"] == "happy").map(|t| t["term"].as_str().unwrap()).collect();
    assert!(happy.contains(&"lovely plants") && happy.contains(&"quick checkout"), "{happy:?}");
    // By hand (analyse/terms.rs). Terms per comment: unhappy "voucher, code, voucher code,
    // <verb>, code <verb>" (5 × 20) and "jan, rude, mail" (3 × 10): U = 130; happy "quick,
    // checkout, quick checkout, lovely, plants, lovely plants" (6 × 30): H = 180. The period's
    // B = 310 uses hold the phrase 20 times: α = 0.1 · 20 = 2, A = 0.1 · 310 = 31.
    // δ = ln(22 / 139) − ln(2 / 209) = 2.8058; σ² = 1/22 + 1/2; z = 3.7990.
    assert!((top["log_odds"].as_f64().unwrap() - 2.8058).abs() < 5e-4, "{}", top["log_odds"]);
    assert!((top["z"].as_f64().unwrap() - 3.7990).abs() < 5e-4, "{}", top["z"]);
    // Ten unhappy respondents and no happy one writing "rude" is a clear case, listed.
    assert!(terms.iter().any(|t| t["term"] == "rude" && t["side"] == "unhappy"));

    let page = project.read("public/topics/index.html");
    let terms_part = &page[page.find("id=\"terms\"").expect("the terms section")..];
    assert!(terms_part.contains("voucher code") && terms_part.contains("The voucher code"), "a quote that holds it");
    assert!(!terms_part.contains("jan@example.com"));
}

/// The summary page says in one line what `cxsite build` prints, each change with its unit:
/// NPS points, CSAT percentage points, a CES mean with its scale; in Dutch with a decimal comma.
#[test]
fn the_summary_line_is_on_the_page_and_in_the_log_with_units() {
    let project = Project::fixture("shop");
    let run = project.run(&["build"]).expect(0);
    let line = run.stdout.lines().last().unwrap();
    let metrics = project.metrics();
    let overall = super::metric(&metrics, "overall", "", "2026-Q2");
    // −56.3: the fixture's NPS change, one decimal, in points; +3.8 pp for CSAT.
    let nps_delta = overall["nps"]["change"]["previous"]["delta"].as_f64().unwrap();
    assert!((nps_delta - -56.25).abs() < 0.01, "{nps_delta}");
    for part in
        ["NPS −6 (−56.3 pts vs 2026-Q1, not significant)", "CSAT 54% (+3.8 pp vs 2026-Q1", "CES 4.38 / 7 (−0.63 vs"]
    {
        assert!(line.contains(part), "{part} missing in {line}");
    }
    assert!(line.contains("top pain points: “Slow delivery”"), "{line}");
    let page = project.read("public/index.html");
    assert!(page.contains(&format!("</strong> {line}</p>")), "the page's line differs from the log's {line}");
    // The changes on the page carry the same units.
    assert!(page.contains("−56.3 pts vs 2026-Q1") && page.contains("+3.8 pp vs 2026-Q1"), "{page}");

    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}\nlanguage: nl\n"));
    let run = project.run(&["build"]).expect(0);
    let line = run.stdout.lines().last().unwrap();
    assert!(line.contains("NPS −6 (−56,3 pnt t.o.v. 2026-Q1, niet significant)"), "{line}");
    assert!(line.contains("CES 4,38 / 7"), "{line}");
}

/// A Dutch report of a project written in Dutch shows no English: no interface string of the
/// English strings file (where Dutch differs) and no English function word, in the text, the
/// tooltips, the charts or the labels of any page.
#[test]
fn a_dutch_report_has_no_english_on_any_page() {
    let project = Project::fixture("shop");
    let dutch = |path: &str, pairs: &[(&str, &str)]| {
        let text = pairs.iter().fold(project.read(path), |text, (en, nl)| text.replace(en, nl));
        project.write(path, &text);
    };
    dutch(
        "content/journeys/buy.yaml",
        &[
            ("title: Buying", "title: Kopen"),
            ("name: Browse", "name: Kijken"),
            ("name: Product page", "name: Productpagina"),
            ("owner: Web team", "owner: Webteam"),
            ("title: No reviews", "title: Geen recensies"),
            ("name: Pay", "name: Betalen"),
            ("name: Checkout", "name: Afrekenen"),
            ("title: Confusing checkout", "title: Verwarrend afrekenen"),
            ("name: Receive", "name: Ontvangen"),
            ("name: Delivery", "name: Bezorging"),
            ("owner: Carrier", "owner: Vervoerder"),
            ("title: Slow delivery", "title: Trage bezorging"),
            ("Text the delivery window", "Sms het tijdvak van de bezorging"),
        ],
    );
    dutch(
        "content/personas/anna.yaml",
        &[("Just make it work.", "Laat het gewoon werken."), ("Pay quickly", "Snel betalen")],
    );
    dutch(
        "content/surveys/a.csv",
        &[
            ("\"Fast, and \"\"easy\"\"\"", "\"Snel, en \"\"makkelijk\"\"\""),
            ("\"The code\ndid not work\"", "\"De code\nwerkte niet\""),
            ("Late again", "Weer te laat"),
            ("<script>alert('x')</script>", "<script>alert('x')</script>"),
        ],
    );
    let settings = project.read("cxsite.yaml").replace("title: Fixture shop", "title: Winkel");
    project.write("cxsite.yaml", &format!("{settings}\nlanguage: nl\n"));
    project.run(&["build", "--archive"]).expect(0);

    let strings = |code: &str| -> std::collections::BTreeMap<String, String> {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("themes/default/i18n/{code}.yaml"));
        cxsite::yaml::parse(&fs::read_to_string(&file).unwrap(), &file, 1).unwrap()
    };
    let (en, nl) = (strings("en"), strings("nl"));
    // The English strings' words between their placeholders, where Dutch says something else.
    let mut phrases: Vec<String> = en
        .iter()
        .filter(|(key, value)| nl.get(*key) != Some(value))
        .flat_map(|(_, value)| {
            value.split('{').map(|part| part.rsplit('}').next().unwrap_or("").to_string()).collect::<Vec<_>>()
        })
        .map(|part| part.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|part| part.len() >= 4 && !nl.values().any(|dutch| dutch.contains(part.as_str())))
        .collect();
    phrases.extend(
        // ("is" and "of" are Dutch words too.)
        ["the", "and", "with", "not", "are", "by", "to", "from", "vs", "no", "than", "this", "The", "No"]
            .map(String::from),
    );
    let mut english = Vec::new();
    for page in html_files(&project.dir.join("public")) {
        let text = visible_text(&fs::read_to_string(&page).unwrap());
        let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric() && c != '-').collect();
        for phrase in &phrases {
            let parts: Vec<&str> = phrase.split(|c: char| !c.is_alphanumeric() && c != '-').collect();
            if words.windows(parts.len()).any(|w| w.iter().zip(&parts).all(|(a, b)| a == b)) {
                english.push(format!("{}: {phrase:?}", page.strip_prefix(&project.dir).unwrap().display()));
            }
        }
    }
    assert!(english.is_empty(), "English on the Dutch report:\n{}", english.join("\n"));
    // The words the team's data shares with the report: channels and the segment's name.
    let scores = project.read("public/scores/index.html");
    assert!(scores.contains("Per kanaal") && scores.contains(">e-mail<"), "{scores}");
    assert!(!scores.contains(">email<"));
    let persona = project.read("public/personas/anna/index.html");
    assert!(persona.contains("Wat respondenten zoals Anna zeiden"), "quotes are the respondents', not Anna's");
}

fn html_files(root: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// What a reader sees of a page: its text (SVG text included) and its tooltips and labels,
/// without scripts, styles and the file names and hashes in `<code>`.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        let tag_end = rest[open..].find('>').map_or(rest.len(), |i| open + i + 1);
        let tag = &rest[open..tag_end];
        for attribute in ["title=\"", "aria-label=\"", "alt=\""] {
            if let Some(at) = tag.find(attribute) {
                let value = &tag[at + attribute.len()..];
                text.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                text.push(' ');
            }
        }
        rest = &rest[tag_end..];
        for skipped in ["script", "style", "code"] {
            if tag.starts_with(&format!("<{skipped}")) {
                let close = format!("</{skipped}>");
                rest = rest.find(&close).map_or("", |i| &rest[i + close.len()..]);
            }
        }
    }
    text.push_str(rest);
    text.replace("&amp;", "&").replace("&quot;", "\"").replace("&#x27;", "'").replace("&lt;", "<").replace("&gt;", ">")
}

/// The lanes a journey YAML may fill: shown as text, each in its touchpoint's column, and a
/// lane no touchpoint fills is not drawn at all.
#[test]
fn journey_map_lanes_show_their_text_escaped_and_empty_lanes_are_not_drawn() {
    let project = Project::fixture("shop");
    let journey = project.read("content/journeys/buy.yaml");
    let journey = journey
        .replace(
            "{id: product-page, name: Product page, channel: web, owner: Web team, emotion: 1}",
            "{id: product-page, name: Product page, channel: web, owner: Web team, emotion: 1, \
             actions: [\"Reads <b>the</b> reviews\", Compares prices], thoughts: \"Is this <script>alert(1)</script> real?\"}",
        )
        .replace(
            "{id: delivery, name: Delivery, channel: delivery, owner: Carrier, partner: true, moment_of_truth: true}",
            "{id: delivery, name: Delivery, channel: delivery, owner: Carrier, partner: true, moment_of_truth: true, \
             backstage: [\"Driver plans & loads\"]}",
        )
        .replace("    opportunities:\n      - Text the delivery window\n", "");
    project.write("content/journeys/buy.yaml", &journey);
    project.run(&["build", "-q"]).expect(0);
    let html = project.read("public/journeys/buy/index.html");
    let lane = |class: &str| -> String {
        let start = html.find(&format!("<tr class=\"lane {class}\">")).unwrap_or_else(|| panic!("no {class} lane"));
        html[start..].split("</tr>").next().unwrap().to_string()
    };
    // Actions: a list of two in the product page's column; a single line becomes a list of one.
    let actions = lane("lane-actions");
    assert!(actions.contains("<li>Reads &lt;b&gt;the&lt;"), "{actions}");
    assert!(actions.contains("<li>Compares prices</li>"), "{actions}");
    assert_eq!(actions.matches("<td").count(), 3, "one cell a column: {actions}");
    assert_eq!(actions.matches(" is-empty\"").count(), 2, "the other two columns are empty: {actions}");
    let thoughts = lane("lane-thoughts");
    assert!(thoughts.contains("<q>Is this &lt;script&gt;alert(1)&lt;"), "{thoughts}");
    assert!(!html.contains("<script>alert"), "never as markup");
    // The back stage, under the line of visibility.
    assert!(lane("lane-backstage").contains("<li>Driver plans &amp; loads</li>"));
    assert!(html.contains("class=\"visibility-line\""));
    // Nobody wrote support processes, nor an idea for a whole stage: those lanes are not drawn.
    assert!(!html.contains("lane-support"), "an empty lane is drawn");
    assert!(!html.contains("lane-ideas"), "an empty lane is drawn");

    // Without any lane text, none of the optional lanes (nor the line of visibility) is drawn.
    let plain = Project::fixture("shop");
    plain.run(&["build", "-q"]).expect(0);
    let html = plain.read("public/journeys/buy/index.html");
    for lane in ["lane-actions", "lane-thoughts", "lane-backstage", "lane-support", "visibility-line"] {
        assert!(!html.contains(lane), "{lane} is drawn without any text in it");
    }
    for lane in ["lane-score", "lane-emotion", "lane-pains"] {
        assert!(html.contains(&format!("<tr class=\"lane {lane}\">")), "{lane} is always drawn");
    }
    // The plain opportunity of the delivery stage goes to its stage's own lane.
    assert!(html.contains("<tr class=\"lane lane-ideas\">") && html.contains("Text the delivery window"));
}

/// A touchpoint below `min_responses` shows no score on the map, only why; its emotion is the
/// team's expectation, drawn hollow.
#[test]
fn the_journey_map_shows_no_score_for_a_suppressed_touchpoint() {
    let project = Project::on_base("map-suppressed", "title: Few\nmin_responses: 10\nsurveys: {dimensions: []}\n");
    let rows = "2026-07-01,checkout,9,5\n".repeat(4) + &"2026-07-01,product-page,9,4\n".repeat(40);
    project.write("content/surveys/export.csv", &format!("submitted_at,touchpoint,nps,csat\n{rows}"));
    project.run(&["build", "-q"]).expect(0);
    let page = project.read("public/journeys/buy/index.html");
    let column = |id: &str| -> String {
        let score = &page[page.find("<tr class=\"lane lane-score\">").unwrap()..];
        let cells: Vec<&str> = score.split("</tr>").next().unwrap().split("<td").skip(1).collect();
        let names = &page[page.find("class=\"row-touchpoints\"").unwrap()..];
        let ids: Vec<&str> = names.split("data-touchpoint=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
        cells[ids.iter().position(|t| *t == id).unwrap_or_else(|| panic!("{id}: {ids:?}"))].to_string()
    };
    let checkout = column("checkout");
    assert!(checkout.contains("too few responses (n = 4)"), "{checkout}");
    assert!(!checkout.contains("100%"), "a suppressed CSAT is shown: {checkout}");
    let product = column("product-page");
    assert!(product.contains("<strong class=\"value\">100%</strong>"), "{product}");
    assert!(page.contains("fewer than 10 answers: no score shown"), "the legend says what – means");
}
