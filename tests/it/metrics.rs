//! The figures of the `shop` fixture, worked out by hand from its two CSV files.

use super::{Project, assert_close, metric};

fn built() -> (Project, serde_json::Value) {
    let project = Project::fixture("shop");
    project.run(&["build"]).expect(0);
    let metrics = project.metrics();
    (project, metrics)
}

#[test]
fn touchpoint_scores_in_a_quarter() {
    let (_project, m) = built();
    // checkout 2026-Q2, NPS answers 10 9 9 8 7 6 5 0 (the 11 is left out): P 3, D 3, n 8.
    let checkout = metric(&m, "touchpoint", "checkout", "2026-Q2");
    assert_eq!(checkout["responses"], 9, "the row with only a bad NPS still counts as a response");
    let nps = &checkout["nps"];
    assert_eq!(
        (nps["n"].as_u64(), nps["promoters"].as_u64(), nps["passives"].as_u64(), nps["detractors"].as_u64()),
        (Some(8), Some(3), Some(2), Some(3))
    );
    assert_close(&nps["score"], 0.0);
    // CSAT 5 5 4 3 2 1 4 5: top two boxes 5 of 8; mean 29/8.
    assert_close(&checkout["csat"]["score"], 62.5);
    assert_close(&checkout["csat"]["mean"], 29.0 / 8.0);
    // CES 7 6 5 4 3 2 1 7 (N/A is no answer): mean 35/8, agree (5–7) 4 of 8.
    assert_eq!(checkout["ces"]["n"], 8);
    assert_close(&checkout["ces"]["score"], 35.0 / 8.0);
    assert_close(&checkout["ces"]["agree"], 50.0);
}

#[test]
fn a_timestamp_with_an_offset_stays_in_its_written_quarter() {
    let (_project, m) = built();
    // q1-4 is written 2026-03-31T23:59+02:00: Q1, as written. NPS 10 10 10 6: P 3, D 1, n 4.
    let q1 = &metric(&m, "touchpoint", "checkout", "2026-Q1")["nps"];
    assert_eq!(q1["n"], 4);
    assert_close(&q1["score"], 50.0);
}

#[test]
fn overall_includes_relationship_rows_from_a_semicolon_file() {
    let (_project, m) = built();
    // 2026-Q2: checkout P3 D3 n8, delivery (0 1 2 3 9) P1 D4 n5, b.csv (10 9 7) P2 D0 n3.
    let overall = metric(&m, "overall", "", "2026-Q2");
    assert_eq!(overall["responses"], 17);
    let nps = &overall["nps"];
    assert_eq!(
        (nps["n"].as_u64(), nps["promoters"].as_u64(), nps["detractors"].as_u64()),
        (Some(16), Some(6), Some(7))
    );
    assert_close(&nps["score"], -6.25);
    // "all": Q1 checkout (P3 D1 n4) is added.
    let all = &metric(&m, "overall", "", "all")["nps"];
    assert_eq!(
        (all["n"].as_u64(), all["promoters"].as_u64(), all["detractors"].as_u64()),
        (Some(20), Some(9), Some(8))
    );
    assert_close(&all["score"], 5.0);
}

#[test]
fn persona_journey_stage_and_dimension_groups() {
    let (_project, m) = built();
    // anna in Q2: checkout 10 9 9 8 and every delivery row 0 1 2 3 9: P 4, D 4, n 9.
    let anna = &metric(&m, "persona", "anna", "2026-Q2")["nps"];
    assert_eq!(
        (anna["n"].as_u64(), anna["promoters"].as_u64(), anna["detractors"].as_u64()),
        (Some(9), Some(4), Some(4))
    );
    assert_close(&anna["score"], 0.0);
    // ben in Q2: 7 6 5 0: P 0, D 3, n 4.
    assert_close(&metric(&m, "persona", "ben", "2026-Q2")["nps"]["score"], -75.0);
    // The journey holds both touchpoints with data: n 13, P 4, D 7.
    let journey = &metric(&m, "journey", "buy", "2026-Q2")["nps"];
    assert_eq!(journey["n"], 13);
    assert_close(&journey["score"], 100.0 * (4.0 - 7.0) / 13.0);
    // A stage id is `journey/stage`.
    assert_eq!(metric(&m, "stage", "buy/receive", "2026-Q2")["nps"]["n"], 5);
    // The channel dimension: the email rows of b.csv.
    let email = &metric(&m, "channel", "email", "2026-Q2")["nps"];
    assert_eq!(email["n"], 3);
    assert_close(&email["score"], 100.0 * 2.0 / 3.0);
}

#[test]
fn every_group_appears_for_every_period_and_small_groups_are_suppressed() {
    let (_project, m) = built();
    // product-page has no responses at all, but appears in both quarters and "all".
    for period in ["2026-Q1", "2026-Q2", "all"] {
        let empty = &metric(&m, "touchpoint", "product-page", period)["nps"];
        assert_eq!(empty["n"], 0);
        assert!(empty["score"].is_null());
        assert_eq!(empty["suppressed"], true);
    }
    // delivery CSAT has 5 answers in Q2, above min_responses 3: shown. Its CES has none.
    let delivery = metric(&m, "touchpoint", "delivery", "2026-Q2");
    assert_close(&delivery["csat"]["score"], 40.0);
    assert_eq!(delivery["ces"]["suppressed"], true);
    assert!(delivery["ces"].get("agree").is_none(), "a suppressed metric shows only n");
}

#[test]
fn change_against_the_previous_quarter_is_never_significant_on_few_answers() {
    let (_project, m) = built();
    let change = &metric(&m, "touchpoint", "checkout", "2026-Q2")["nps"]["change"]["previous"];
    assert_eq!(change["period"], "2026-Q1");
    assert_close(&change["delta"], -50.0);
    assert_eq!(change["significant"], false);
    assert!(change["p_value"].as_f64().unwrap() > 0.0);
    assert!(metric(&m, "touchpoint", "checkout", "2026-Q1")["nps"].get("change").is_none(), "2025-Q4 has no data");
}

#[test]
fn pain_points_are_ranked_by_the_documented_priority() {
    let (_project, m) = built();
    let list = m["pain_points"].as_array().unwrap();
    let ids: Vec<&str> = list.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["slow-delivery", "confusing-checkout", "no-reviews"]);
    // slow-delivery: reach 5, unhappy 4/5 (NPS 0–6), severity 4, moment of truth 1.5, effort 2.
    let slow = &list[0];
    assert_close(&slow["priority"], 5.0 * 0.8 * 4.0 * 1.5 / 2.0);
    // Wilson lower bound of 4/5 by hand: (p + z²/2n − z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n).
    let (z, n, p) = (1.959964f64, 5.0f64, 0.8f64);
    let lower = (p + z * z / (2.0 * n) - z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt()) / (1.0 + z * z / n);
    assert_close(&slow["unhappy_lower"], lower);
    assert_close(&slow["priority_conservative"], 5.0 * lower * 4.0 * 1.5 / 2.0);
    // confusing-checkout: reach 9 rows, NPS detractors 3 of 8, severity 3, effort 3.
    assert_close(&list[1]["priority"], 9.0 * (3.0 / 8.0) * 3.0 / 3.0);
    assert_eq!(list[1]["evidence"], "low-confidence");
    // no-reviews: no responses at its touchpoint, so it comes last whatever its judgement.
    assert_eq!(list[2]["evidence"], "no-survey-data");
    assert_eq!(list[2]["reach"], 0);
}

/// The planted truth of #18: the one touchpoint that drives recommendation has the worst CSAT.
#[test]
fn a_driver_with_the_worst_csat_is_fix_first() {
    let project = Project::on_base("fix-first", "title: Drivers\nmin_responses: 3\nsurveys: {dimensions: []}\n");
    let mut rows = String::from("submitted_at,touchpoint,csat,nps\n");
    // Checkout: CSAT goes with recommending (r near 1), and only 10 of 40 are satisfied.
    for (csat, nps, count) in [(5, 10, 10), (2, 7, 5), (1, 0, 25)] {
        rows.push_str(&format!("2026-07-01,checkout,{csat},{nps}\n").repeat(count));
    }
    // Product page: all satisfied, and CSAT says nothing about recommending (r = 0).
    for (csat, nps) in [(5, 9), (5, 3), (4, 9), (4, 3)] {
        rows.push_str(&format!("2026-07-02,product-page,{csat},{nps}\n").repeat(10));
    }
    project.write("content/surveys/export.csv", &rows);
    project.run(&["build", "-q"]).expect(0);
    let m = project.metrics();
    let drivers = m["drivers"].as_array().unwrap();
    let of = |id: &str| drivers.iter().find(|d| d["touchpoint"] == id).unwrap();
    // r of checkout by hand: x = CSAT, y = NPS over 40 pairs.
    let pairs: Vec<(f64, f64)> = [(5.0, 10.0, 10), (2.0, 7.0, 5), (1.0, 0.0, 25)]
        .iter()
        .flat_map(|&(x, y, n)| std::iter::repeat_n((x, y), n))
        .collect();
    let n = pairs.len() as f64;
    let (mx, my) = (pairs.iter().map(|p| p.0).sum::<f64>() / n, pairs.iter().map(|p| p.1).sum::<f64>() / n);
    let sxy: f64 = pairs.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let (sxx, syy): (f64, f64) =
        (pairs.iter().map(|(x, _)| (x - mx).powi(2)).sum(), pairs.iter().map(|(_, y)| (y - my).powi(2)).sum());
    let r = sxy / (sxx * syy).sqrt();
    assert_close(&of("checkout")["importance"], r);
    assert_close(&of("product-page")["importance"], 0.0);
    assert_eq!(of("product-page")["ranked"], false, "r = 0: its interval holds 0");
    // The splits: mean r over both (n >= 30), mean CSAT over both: (25 + 100) / 2.
    assert_close(&m["drivers_split"]["importance"], r / 2.0);
    assert_close(&m["drivers_split"]["performance"], 62.5);
    assert_eq!(of("checkout")["quadrant"], "fix-first", "not keep-up, as when split at itself");
    let page = project.read("public/drivers/index.html");
    assert!(page.contains("quadrant-fix-first"), "the page shows it");
}

/// The planted truth of #18: a thinly answered touchpoint is never named the weakest link.
#[test]
fn a_thin_touchpoint_is_never_the_weakest_link() {
    let project = Project::on_base("weakest", "title: Weakest\nmin_responses: 3\nsurveys: {dimensions: []}\n");
    let rows = |touchpoint: &str, satisfied: usize, others: usize| {
        format!("2026-07-01,{touchpoint},5\n").repeat(satisfied)
            + &format!("2026-07-01,{touchpoint},1\n").repeat(others)
    };
    // Product page: 3 of 12 satisfied (25%), too few answers to say; checkout: 32 of 40 (80%).
    project.write(
        "content/surveys/export.csv",
        &format!("submitted_at,touchpoint,csat\n{}{}", rows("product-page", 3, 9), rows("checkout", 32, 8)),
    );
    project.run(&["build", "-q"]).expect(0);
    let link = &project.metrics()["weakest_links"][0];
    assert_eq!(link["journey"], "buy");
    assert_eq!(link["touchpoint"], "checkout", "the only one with 30 answers, not the 25% on 12");
    assert_eq!(link["n"], 40);
    assert_close(&link["csat"], 80.0);
    let page = project.read("public/drivers/index.html");
    assert!(page.contains("n 40"), "the page says on how many answers");

    // Only thin touchpoints: none is named, and the page says why.
    project.write(
        "content/surveys/export.csv",
        &format!("submitted_at,touchpoint,csat\n{}{}", rows("product-page", 3, 9), rows("checkout", 10, 10)),
    );
    project.run(&["build", "-q"]).expect(0);
    assert_eq!(project.metrics()["weakest_links"][0]["touchpoint"], serde_json::Value::Null);
    assert!(project.read("public/drivers/index.html").contains("too few to name one"));
}

/// The planted truth of #18: one change is flagged the same on every page. Checkout's CSAT goes
/// from 30 to 40 of 50 satisfied (p 0.029), but two touchpoints were scanned, so q = 2 × 0.029.
#[test]
fn a_change_is_significant_by_one_rule_on_every_page() {
    let project = Project::on_base("significant", "title: One rule\nmin_responses: 3\nsurveys: {dimensions: []}\n");
    let mut rows = String::from("submitted_at,touchpoint,csat\n");
    for (date, touchpoint, satisfied) in [
        ("2026-05-01", "checkout", 30),
        ("2026-08-01", "checkout", 40),
        ("2026-05-01", "product-page", 40),
        ("2026-08-01", "product-page", 40),
    ] {
        rows.push_str(&format!("{date},{touchpoint},5\n").repeat(satisfied));
        rows.push_str(&format!("{date},{touchpoint},1\n").repeat(50 - satisfied));
    }
    project.write("content/surveys/export.csv", &rows);
    project.run(&["build", "-q"]).expect(0);
    let m = project.metrics();
    let change = &metric(&m, "touchpoint", "checkout", "2026-Q3")["csat"]["change"]["previous"];
    // Pooled p̄ = 70/100, z = 0.2 / √(0.7 · 0.3 · 2/50) = 2.1822, p = 0.02909.
    let z: f64 = 0.2 / (0.7f64 * 0.3 * 0.04).sqrt();
    assert!((change["p_value"].as_f64().unwrap() - 0.029090).abs() < 1e-5, "{change} (z {z})");
    // Product page did not move (p = 1): q = min(2p/1, 1) for the smaller p.
    assert_close(&change["q_value"], 2.0 * change["p_value"].as_f64().unwrap());
    assert_eq!(change["significant"], false, "q 0.058: not significant, on this page or any");
    let journey = project.read("public/journeys/buy/index.html");
    assert!(!journey.contains("is-significant"), "the journey page flags nothing");
    let summary = project.read("public/index.html");
    assert!(!summary.contains("is-significant"), "nor does the summary");
    // The whole report's CSAT is one planned test: its q is its p.
    let overall = &metric(&m, "overall", "", "2026-Q3")["csat"]["change"]["previous"];
    assert_eq!(overall["q_value"], overall["p_value"]);
}

/// One definition of unhappy (docs/methodology.md, bands): on a 1–7 CSAT scale it is 1–3, for the pain
/// point's unhappy share as for everything else.
#[test]
fn unhappy_follows_the_scale() {
    let project =
        Project::on_base("bands", "title: Bands\nmin_responses: 3\nsurveys: {dimensions: [], scales: {csat: 7}}\n");
    let rows = "2026-07-01,checkout,3\n".repeat(5) + &"2026-07-01,checkout,7\n".repeat(5);
    project.write("content/surveys/export.csv", &format!("submitted_at,touchpoint,csat\n{rows}"));
    project.run(&["build", "-q"]).expect(0);
    let m = project.metrics();
    let pain = m["pain_points"].as_array().unwrap().iter().find(|p| p["id"] == "confusing-checkout").unwrap();
    assert_close(&pain["unhappy"], 0.5);
    assert_close(&metric(&m, "touchpoint", "checkout", "2026-Q3")["csat"]["score"], 50.0);
    assert!(project.read("public/pain-points/index.html").contains("CSAT dissatisfied (1–3)"));
}

/// Non-default scales end to end (docs/methodology.md, bands): CSAT 1–10 and a CES 1.0 effort question
/// on 1–5 (`ces_direction: lower-is-better`), where 1–2 is easy and 4–5 hard.
#[test]
fn a_ces_1_0_effort_question_reads_the_right_way_round() {
    let settings = "title: Effort\nmin_responses: 3\nsurveys: {dimensions: [], scales: {csat: 10, ces: 5}, ces_direction: lower-is-better}\n";
    let project = Project::on_base("effort", settings);
    // 2026-Q2: 40 answers of effort 4 (mean 4). 2026-Q3: 10 × 1, 20 × 2, 10 × 5: mean
    // (10 + 40 + 50) / 40 = 2.5, easy (1–2) 30 of 40 = 75%, hard (4–5) 10 of 40 = 25%.
    let mut rows = "2026-05-01,checkout,,4\n".repeat(40);
    rows += &"2026-07-01,checkout,,1\n".repeat(10);
    rows += &"2026-07-01,checkout,,2\n".repeat(20);
    rows += &"2026-07-01,checkout,,5\n".repeat(10);
    // CSAT 1–10 at the product page: 5 × 4 (unhappy, 1–4), 5 × 7, 10 × 9 (happy, 9–10).
    rows += &"2026-07-01,product-page,4,\n".repeat(5);
    rows += &"2026-07-01,product-page,7,\n".repeat(5);
    rows += &"2026-07-01,product-page,9,\n".repeat(10);
    project.write("content/surveys/export.csv", &format!("submitted_at,touchpoint,csat,ces\n{rows}"));
    project.run(&["build", "-q"]).expect(0);

    let m = project.metrics();
    let ces = &metric(&m, "touchpoint", "checkout", "2026-Q3")["ces"];
    assert_close(&ces["score"], 2.5);
    assert_close(&ces["agree"], 75.0);
    assert_close(&ces["change"]["previous"]["delta"], -1.5);
    assert_eq!(ces["change"]["previous"]["significant"], true);
    assert_eq!(
        m["scales"]["ces"],
        serde_json::json!({"scale": [1, 5], "unhappy": [4, 5], "happy": [1, 2], "higher_is_better": false})
    );
    assert_eq!(m["scales"]["csat"]["unhappy"], serde_json::json!([1, 4]));
    let pain = |id: &str| m["pain_points"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap().clone();
    assert_close(&pain("confusing-checkout")["unhappy"], 0.25);
    assert_close(&pain("no-reviews")["unhappy"], 0.25);
    assert_close(&metric(&m, "touchpoint", "product-page", "2026-Q3")["csat"]["score"], 50.0);

    let journey = project.read("public/journeys/buy/index.html");
    assert!(journey.contains("Customer effort (lower is easier)"), "the card says which way CES runs");
    // The mean fell from 4 to 2.5: an improvement, coloured as one.
    let change = journey.split("tone-").nth(1).expect("a change is shown");
    assert!(change.starts_with("better is-significant"), "{}", &change[..60.min(change.len())]);
    assert!(!journey.contains("tone-worse is-significant"));
    let pains = project.read("public/pain-points/index.html");
    assert!(pains.contains("CES high effort (4–5)") && pains.contains("CSAT dissatisfied (1–4)"));
    assert!(pains.contains("else CSAT 1–4, else CES 4–5"), "the method text follows the scales");
    let method = project.read("public/method/index.html");
    assert!(method.contains("1–5 scale (a CES 1.0 effort question: lower is easier)"));
    assert!(method.contains("find it easy (1–2)"));

    // The direction is the project's: a source cannot turn it round.
    let sourced =
        "title: Effort\nsurveys: {sources: [{files: [\"surveys/*.csv\"], ces_direction: higher-is-better}]}\n";
    project.write("cxsite.yaml", sourced);
    let run = project.run(&["build", "-q"]).expect(1);
    assert!(run.stderr.contains("ces_direction"), "{}", run.stderr);
}

/// A touchpoint below `min_responses` shows no score, so its pain point shows no unhappy share
/// either (the suppression invariant): 3 answers, all detractors, would say "100% unhappy".
#[test]
fn a_pain_point_below_min_responses_shows_no_unhappy_share() {
    let project = Project::on_base("few", "title: Few\nmin_responses: 5\nsurveys: {dimensions: []}\n");
    let rows = "2026-07-01,checkout,0\n".repeat(3) + &"2026-07-01,product-page,3\n".repeat(6);
    project.write("content/surveys/export.csv", &format!("submitted_at,touchpoint,nps\n{rows}"));
    project.run(&["build", "-q"]).expect(0);
    let m = project.metrics();
    let pains = m["pain_points"].as_array().unwrap();
    let few = pains.iter().find(|p| p["id"] == "confusing-checkout").unwrap();
    assert_eq!(
        (few["evidence"].as_str(), few["answers"].as_u64(), few["unhappy_count"].as_u64()),
        (Some("too-few-answers"), Some(3), Some(0))
    );
    assert_close(&few["unhappy"], 0.0);
    // The one with shown figures ranks first; the withheld one after it.
    assert_eq!(pains[0]["id"], "no-reviews");
    assert_eq!(few["rank"], 2);
    let page = project.read("public/pain-points/index.html");
    let row = &page[page.find("Confusing checkout").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("Too few answers") && !row.contains("100"), "{row}");
}

/// `weighting: persona` (docs/methodology.md, "Weighting by persona"): Anna is 70% of the
/// customer base and Ben 30%. Anna's 10 answers (6 promoters, 2 passives, 2 detractors) give NPS
/// 40, Ben's 20 (4, 6, 10) give −30; 5 answers without a persona (all 10) are in the unweighted
/// NPS, 100·(15 − 12)/35 = 8.5714, but not in the weighted one: 0.7·40 + 0.3·(−30) = 19.
/// Adjusted-Wald variances 489.30360 and 263.41744 (%²): Σ w²·var = 263.46633, half-width
/// 31.81344; n_eff = 1 / (0.49/10 + 0.09/20) = 18.69159.
#[test]
fn weighting_by_persona_matches_the_hand_computation() {
    let project = Project::on_base("weighting", "title: Weighted\nweighting: persona\n");
    project.write("content/personas/anna.yaml", "name: Anna\nshare: 0.7\n");
    project.write("content/personas/ben.yaml", "name: Ben\nshare: 0.3\n");
    let mut rows = String::from("response_id,submitted_at,persona,touchpoint,nps\n");
    let answers =
        [("anna", 10, 6), ("anna", 8, 2), ("anna", 3, 2), ("ben", 9, 4), ("ben", 7, 6), ("ben", 0, 10), ("", 10, 5)];
    for (persona, nps, count) in answers {
        for i in 0..count {
            rows.push_str(&format!("{persona}-{nps}-{i},2026-05-0{},{persona},checkout,{nps}\n", 1 + i % 9));
        }
    }
    project.write("content/surveys/q2.csv", &rows);
    let run = project.run(&["build"]).expect(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let metrics = project.metrics();
    let nps = &metric(&metrics, "overall", "", "2026-Q2")["nps"];
    assert_close(&nps["score"], 300.0 / 35.0);
    assert_close(&nps["weighted"]["score"], 0.7 * 40.0 + 0.3 * -30.0);
    assert_close(&nps["weighted"]["n_eff"], 1.0 / (0.49 / 10.0 + 0.09 / 20.0));
    // 1e4·var′/n′ with n′ = n + 3, p′ = (P + 0.75)/n′, d′ = (D + 0.75)/n′, var′ = p′ + d′ − (p′ − d′)².
    let variance = |p: f64, d: f64, n: f64| {
        let (p, d) = ((p + 0.75) / (n + 3.0), (d + 0.75) / (n + 3.0));
        1e4 * (p + d - (p - d).powi(2)) / (n + 3.0)
    };
    let half = 1.959964 * (0.49 * variance(6.0, 2.0, 10.0) + 0.09 * variance(4.0, 10.0, 20.0)).sqrt();
    assert!((half - 31.813442).abs() < 1e-6, "{half}");
    assert_close(&nps["weighted"]["ci95"][0], 19.0 - half);
    assert_close(&nps["weighted"]["ci95"][1], 19.0 + half);
    // The touchpoint, from its touchpoint/persona groups: here all answers were at checkout.
    let checkout = &metric(&metrics, "touchpoint", "checkout", "2026-Q2")["nps"];
    assert_close(&checkout["weighted"]["score"], 0.7 * 40.0 + 0.3 * -30.0);
    assert_close(&checkout["weighted"]["n_eff"], 1.0 / (0.49 / 10.0 + 0.09 / 20.0));
    let summary = project.read("public/index.html");
    assert!(summary.contains("Weighted by persona: +19 (95% interval −13 – +51), effective n = 19"), "{summary}");
    let method = project.read("public/method/index.html");
    assert!(method.contains("(5 in this period)") && method.contains("Anna 70%, Ben 30%"), "{method}");

    // Shares that do not add up to 1 are used rescaled, and said; a persona without one is refused.
    project.write("content/personas/ben.yaml", "name: Ben\nshare: 0.2\n");
    let run = project.run(&["build"]).expect(0);
    assert!(run.stderr.contains("the personas' shares add up to 0.90, not 1"), "{}", run.stderr);
    assert!(run.stderr.contains("content/personas/anna.yaml") && run.stderr.contains("content/personas/ben.yaml"));
    project.write("content/personas/ben.yaml", "name: Ben\n");
    let run = project.run(&["build"]).expect(1);
    assert!(
        run.stderr.contains("content/personas/ben.yaml:1:") && run.stderr.contains("has no `share`"),
        "{}",
        run.stderr
    );
}
