//! A journey's map for each persona and each dimension value (#21): each card from that
//! segment's own figures at the touchpoint, suppressed cell by cell, reachable from the journey
//! page; the persona page with the persona's own journey figures.

use super::{Project, assert_close, metric};

/// 2026-07 responses at the base project's two touchpoints (journey `buy`), worked by hand:
///
/// | touchpoint | device | persona | plan | rows | answers |
/// |---|---|---|---|---|---|
/// | checkout | mobile | anna | Pro Team | 100 | CSAT 5 × 40, 2 × 60 |
/// | checkout | desktop | ben | Pro Team | 100 | CSAT 5 × 90, 2 × 10 |
/// | checkout | tablet | anna | pro-team | 5 | CSAT 5 |
/// | product page | mobile | anna | ../../etc | 50 | NPS 9 |
/// | product page | desktop | ben | ../../etc | 50 | NPS 3 |
/// | product page | tablet | ben | pro-team | 20 | NPS 10 |
fn responses() -> String {
    let mut csv = String::from("submitted_at,persona,touchpoint,device,plan,nps,csat\n");
    let mut rows = |n: usize,
                    persona: &str,
                    touchpoint: &str,
                    device: &str,
                    plan: &str,
                    answer: &dyn Fn(usize) -> String| {
        for i in 0..n {
            csv.push_str(&format!("2026-07-{:02},{persona},{touchpoint},{device},{plan},{}\n", 1 + i % 28, answer(i)));
        }
    };
    rows(100, "anna", "checkout", "mobile", "Pro Team", &|i| format!(",{}", if i < 40 { 5 } else { 2 }));
    rows(100, "ben", "checkout", "desktop", "Pro Team", &|i| format!(",{}", if i < 90 { 5 } else { 2 }));
    rows(5, "anna", "checkout", "tablet", "pro-team", &|_| ",5".into());
    rows(50, "anna", "product-page", "mobile", "../../etc", &|_| "9,".into());
    rows(50, "ben", "product-page", "desktop", "../../etc", &|_| "3,".into());
    rows(20, "ben", "product-page", "tablet", "pro-team", &|_| "10,".into());
    csv
}

fn built(label: &str) -> Project {
    let settings = "title: Segments\nmin_responses: 10\nweighting: persona\nsurveys: {dimensions: [device, plan]}\n";
    let project = Project::on_base(label, settings);
    project.write("content/surveys/export.csv", &responses());
    project.run(&["build", "-q"]).expect(0);
    project
}

/// The text of the map's score cell of `touchpoint` (`id="tp-…"` is the column's header; the
/// score lane follows in the same order): the cells of the score lane, in column order.
fn score_lane(page: &str) -> Vec<String> {
    let lane =
        page.split("<tr class=\"lane lane-score\">").nth(1).expect("a score lane").split("</tr>").next().unwrap();
    lane.split("<td").skip(1).map(|cell| cell.split("</td>").next().unwrap().to_string()).collect()
}

#[test]
fn each_segment_gets_a_map_of_its_own_figures_suppressed_cell_by_cell() {
    let project = built("segment-maps");
    // The product page comes first in the journey, checkout second.
    let mobile = project.read("public/journeys/buy/device/mobile/index.html");
    let [product_page, checkout] = <[String; 2]>::try_from(score_lane(&mobile)).unwrap();
    // Mobile: CSAT 40 of 100 at checkout (40%), NPS 50 promoters of 50 at the product page.
    assert!(checkout.contains(">40%</strong>") && checkout.contains("n = 100"), "{checkout}");
    assert!(product_page.contains(">+100</strong>") && product_page.contains("n = 50"), "{product_page}");
    // Its emotion: checkout's CSAT mean 3.2 on 1..5 is +0.2 (everyone's, 815/205, is +1.0).
    assert!(checkout.contains("<strong>+0.2</strong>"), "{checkout}");
    let everyone = project.read("public/journeys/buy/index.html");
    assert!(score_lane(&everyone)[1].contains("<strong>+1.0</strong>"), "{}", score_lane(&everyone)[1]);
    assert!(score_lane(&everyone)[1].contains(">66%</strong>"), "135 of 205: {}", score_lane(&everyone)[1]);

    // Tablet: 5 answers at checkout are below min_responses (10): no score there, and no
    // emotion from them (checkout declares none); the product page's 20 are shown.
    let tablet = project.read("public/journeys/buy/device/tablet/index.html");
    let [product_page, checkout] = <[String; 2]>::try_from(score_lane(&tablet)).unwrap();
    assert!(!checkout.contains("%</strong>") && checkout.contains("is-empty"), "{checkout}");
    assert!(checkout.contains("<strong>–</strong>"), "{checkout}");
    assert!(product_page.contains(">+100</strong>") && product_page.contains("n = 20"), "{product_page}");

    // The journey's figures for the segment, by hand: mobile 150 rows, CSAT 40%, NPS +100.
    let m = project.metrics();
    let journey = metric(&m, "journey/device", "buy/mobile", "2026-Q3");
    assert_eq!(journey["responses"], 150);
    assert_close(&journey["csat"]["score"], 40.0);
    assert_close(&journey["nps"]["score"], 100.0);
    // anna: 105 CSAT answers, 45 satisfied (42.857%); 50 promoters; ben: NPS (20 − 50) / 70.
    let anna = metric(&m, "journey/persona", "buy/anna", "2026-Q3");
    assert_eq!(anna["responses"], 155);
    assert_close(&anna["csat"]["score"], 100.0 * 45.0 / 105.0);
    assert_close(&metric(&m, "journey/persona", "buy/ben", "2026-Q3")["nps"]["score"], -100.0 * 30.0 / 70.0);
    // Weighted by persona (anna 0.6, ben 0.4): CSAT 0.6 × 42.857 + 0.4 × 90, NPS 0.6 × 100 − 0.4 × 42.857.
    let journey = metric(&m, "journey", "buy", "2026-Q3");
    assert_close(&journey["csat"]["weighted"]["score"], 0.6 * 100.0 * 45.0 / 105.0 + 0.4 * 90.0);
    assert_close(&journey["nps"]["weighted"]["score"], 0.6 * 100.0 - 0.4 * 100.0 * 30.0 / 70.0);
    // A stage from its touchpoints' persona groups: checkout's anna 45 of 105, ben 90 of 100.
    let pay = metric(&m, "stage", "buy/pay", "2026-Q3");
    assert_close(&pay["csat"]["weighted"]["score"], 0.6 * 100.0 * 45.0 / 105.0 + 0.4 * 90.0);
    assert!(pay["nps"]["weighted"].is_null(), "no NPS was asked at checkout: {}", pay["nps"]);
}

#[test]
fn the_maps_link_to_each_other_and_the_persona_page_shows_its_own_journey() {
    let project = built("segment-map-links");
    let journey = project.read("public/journeys/buy/index.html");
    for link in ["persona/anna/", "persona/ben/", "device/desktop/", "device/mobile/", "device/tablet/"] {
        assert!(journey.contains(&format!("href=\"../../journeys/buy/{link}index.html\"")), "{link}: {journey}");
    }
    // On a segment's map, that segment is marked as the one shown, and everyone's is a link back.
    let anna = project.read("public/journeys/buy/persona/anna/index.html");
    assert!(anna.contains("href=\"../../../../journeys/buy/persona/anna/index.html\" aria-current=\"page\""), "{anna}");
    assert!(anna.contains("href=\"../../../../journeys/buy/index.html\">All customers</a>"), "{anna}");
    assert!(anna.contains("Pain points and their ranks are those of all customers"), "{anna}");

    // anna's page: her own figures in the journey (155 rows, CSAT 43%), linked to her map.
    let persona = project.read("public/personas/anna/index.html");
    let own = persona
        .split("id=\"own-journeys\"")
        .nth(1)
        .expect("the persona's journeys")
        .split("</section>")
        .next()
        .unwrap();
    assert!(own.contains("<a href=\"../../journeys/buy/persona/anna/index.html\">Buying</a>"), "{own}");
    assert!(own.contains("155") && own.contains(">43%<"), "{own}");
}

#[test]
fn a_value_becomes_a_folder_name_that_stays_in_its_journey_and_is_unique() {
    let project = built("segment-map-folders");
    // `../../etc` cannot climb out; `Pro Team` and `pro-team` do not share a folder.
    let plan = project.dir.join("public/journeys/buy/plan");
    let mut folders: Vec<String> =
        std::fs::read_dir(&plan).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    folders.sort();
    assert_eq!(folders, ["etc", "pro-team", "pro-team-2"]);
    assert!(!project.dir.join("public/etc").exists() && !project.dir.join("public/journeys/etc").exists());
    // Each page is the one of its value.
    assert!(project.read("public/journeys/buy/plan/pro-team-2/index.html").contains("<h1>Buying · pro-team</h1>"));
    assert!(project.read("public/journeys/buy/plan/etc/index.html").contains("<h1>Buying · ../../etc</h1>"));
}

#[test]
fn a_journey_with_one_value_of_a_kind_with_enough_answers_gets_no_maps_of_that_kind() {
    let settings = "title: One\nmin_responses: 10\nsurveys: {dimensions: [device]}\n";
    let project = Project::on_base("segment-map-one", settings);
    let mut csv = String::from("submitted_at,persona,touchpoint,device,csat\n");
    for i in 0..40 {
        csv.push_str(&format!("2026-07-{:02},anna,checkout,mobile,{}\n", 1 + i % 28, 1 + i % 5));
    }
    // Fewer answers in the journey than min_responses: too few for a map of their own.
    for i in 0..9 {
        csv.push_str(&format!("2026-07-{:02},ben,checkout,tablet,{}\n", 1 + i % 28, 1 + i % 5));
    }
    project.write("content/surveys/export.csv", &csv);
    project.run(&["build", "-q"]).expect(0);
    // One persona and one device with enough answers: their maps would be the journey's own.
    assert!(!project.dir.join("public/journeys/buy/device").exists());
    assert!(!project.dir.join("public/journeys/buy/persona").exists());
    assert!(!project.read("public/journeys/buy/index.html").contains("segment-maps"));
}
