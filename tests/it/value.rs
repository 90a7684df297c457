//! CX in money and over the lifecycle (#24): phases rolled up from their journeys, and the
//! value at stake of unhappy customers, by hand on a small project.

use super::{Project, assert_close, metric};

/// Wilson's 95% interval of k in n, written out independently of the code's.
fn wilson(k: f64, n: f64) -> (f64, f64) {
    let (z, p) = (1.959964_f64, k / n); // z as methodology.md gives it
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    (centre - half, centre + half)
}

/// Checkout: 100 CSAT answers, 20 of them 1 (unhappy). Product page: 50 NPS answers, 10 of
/// them 3 (detractors), the rest 9.
fn responses() -> String {
    let mut csv = String::from("submitted_at,persona,touchpoint,nps,csat\n");
    for i in 0..100 {
        let persona = ["anna", "ben"][i % 2];
        csv.push_str(&format!("2026-07-{:02},{persona},checkout,,{}\n", 1 + i % 28, if i < 20 { 1 } else { 5 }));
    }
    for i in 0..50 {
        csv.push_str(&format!("2026-07-{:02},anna,product-page,{},\n", 1 + i % 28, if i < 10 { 3 } else { 9 }));
    }
    csv
}

/// The base project with phases, the journey in `purchase`, the personas' customers and
/// values (anna 6,000 × €120, ben 4,000 × €300: 10,000 customers of €192 on average) and the
/// product page's own yearly volume (25,000).
fn project(label: &str) -> Project {
    let settings = "title: Money\nmin_responses: 10\ncurrency: EUR\nlifecycle:\n  - {id: orientation, name: Orientation}\n  - {id: purchase, name: Purchase}\n";
    let project = Project::on_base(label, settings);
    let journey = project.read("content/journeys/buy.yaml");
    let journey = journey.replacen("title: Buying\n", "title: Buying\nphase: purchase\n", 1).replacen(
        "        emotion: 1\n",
        "        emotion: 1\n        yearly_customers: 25000\n",
        1,
    );
    project.write("content/journeys/buy.yaml", &journey);
    project.write(
        "content/personas/anna.yaml",
        &format!("{}customers: 6000\nvalue_per_customer: 120\n", project.read("content/personas/anna.yaml")),
    );
    project.write(
        "content/personas/ben.yaml",
        &format!("{}customers: 4000\nvalue_per_customer: 300\n", project.read("content/personas/ben.yaml")),
    );
    project.write("content/surveys/export.csv", &responses());
    project.run(&["build", "-q"]).expect(0);
    project
}

#[test]
fn a_phase_is_the_sum_of_its_journeys() {
    let project = project("value-phase");
    let m = project.metrics();
    let purchase = metric(&m, "phase", "purchase", "2026-Q3");
    assert_eq!(purchase["responses"], 150);
    assert_close(&purchase["csat"]["score"], 80.0);
    // 40 promoters, 10 detractors of 50.
    assert_close(&purchase["nps"]["score"], 60.0);
    // A phase without journeys is there, with nothing in it.
    assert_eq!(metric(&m, "phase", "orientation", "2026-Q3")["responses"], 0);
}

#[test]
fn the_value_at_stake_is_customers_times_unhappy_share_times_value() {
    let project = project("value-stake");
    let m = project.metrics();
    let stake = &m["value_at_stake"];
    assert_eq!(stake["currency"], "EUR");
    let find = |list: &str, id: &str| {
        stake[list].as_array().unwrap().iter().find(|e| e["id"] == id).unwrap_or_else(|| panic!("{list} {id}")).clone()
    };
    // Checkout: its journey's personas' 10,000 customers × 20% unhappy (CSAT) × €192.
    let checkout = find("touchpoints", "checkout");
    assert_eq!(checkout["customers_from"], "personas");
    assert_close(&checkout["value_per_customer"], 192.0);
    assert_close(&checkout["value"], 10_000.0 * 0.2 * 192.0);
    let (low, high) = wilson(20.0, 100.0);
    assert_close(&checkout["range"][0], 10_000.0 * low * 192.0);
    assert_close(&checkout["range"][1], 10_000.0 * high * 192.0);
    // The product page declares its own 25,000 a year; NPS detractors 10 of 50.
    let product = find("touchpoints", "product-page");
    assert_eq!(product["customers_from"], "touchpoint");
    assert_close(&product["value"], 25_000.0 * 0.2 * 192.0);
    // The phase: its personas' customers × the phase's unhappy share (NPS, as for a pain point).
    assert_close(&find("phases", "purchase")["value"], 10_000.0 * 0.2 * 192.0);
    // The pain points ranked by it: the product page's first.
    let ranked: Vec<&str> =
        stake["pain_points"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ranked, ["no-reviews", "confusing-checkout"]);
}

#[test]
fn without_customers_and_values_nothing_is_invented() {
    let project = Project::on_base("value-none", "title: Plain\nmin_responses: 10\n");
    project.write("content/surveys/export.csv", &responses());
    project.run(&["build", "-q"]).expect(0);
    let m = project.metrics();
    assert!(m.get("value_at_stake").is_none(), "{}", m["value_at_stake"]);
    assert!(!m["metrics"].as_array().unwrap().iter().any(|g| g["group"] == "phase"));
    // One persona without a value: no figure for its journey.
    let project = project_missing_value();
    assert!(project.metrics().get("value_at_stake").is_none());
}

fn project_missing_value() -> Project {
    let project = Project::on_base("value-missing", "title: Half\nmin_responses: 10\ncurrency: EUR\n");
    project.write(
        "content/personas/anna.yaml",
        &format!("{}customers: 6000\nvalue_per_customer: 120\n", project.read("content/personas/anna.yaml")),
    );
    project.write("content/surveys/export.csv", &responses());
    project.run(&["build", "-q"]).expect(0);
    project
}

#[test]
fn a_value_without_a_currency_and_an_unknown_phase_are_refused() {
    let project = Project::on_base(
        "value-refused",
        "title: Refused\nmin_responses: 10\nlifecycle: [{id: purchase, name: Purchase}]\n",
    );
    project.write(
        "content/personas/anna.yaml",
        &format!("{}customers: 6000\nvalue_per_customer: 120\n", project.read("content/personas/anna.yaml")),
    );
    let journey =
        project.read("content/journeys/buy.yaml").replacen("title: Buying\n", "title: Buying\nphase: purchse\n", 1);
    project.write("content/journeys/buy.yaml", &journey);
    let run = project.run(&["build"]).expect(1);
    assert!(run.stderr.contains("content/personas/anna.yaml:6:21: error: a persona gives its customers a value, but cxsite.yaml names no `currency`"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/journeys/buy.yaml:2:8: error: the journey's phase `purchse` is not a phase of the lifecycle"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean `purchase`?"), "{}", run.stderr);
}

#[test]
fn the_pages_show_the_phases_in_order_and_the_value_at_stake_with_its_assumptions() {
    let project = project("value-pages");
    let lifecycle = project.read("public/lifecycle/index.html");
    let orientation = lifecycle.find("id=\"phase-orientation\"").expect("orientation");
    let purchase = lifecycle.find("id=\"phase-purchase\"").expect("purchase");
    assert!(orientation < purchase, "the phases in the order of `lifecycle:`");
    assert!(lifecycle.contains("Phase 2 of 2"), "{lifecycle}");
    // €384,000: 10,000 × 20% × €192 (three significant digits), its range from Wilson's ends.
    let (low, high) = wilson(10.0, 50.0);
    let money = |v: f64| {
        let rounded = (v / 1000.0).round() as u64;
        format!("€{},{:03},000", rounded / 1000, rounded % 1000).replace("€0,", "€")
    };
    let expected = format!(
        "<strong>Value at stake: €384,000</strong> ({} – {})",
        money(1_920_000.0 * low),
        money(1_920_000.0 * high)
    );
    assert!(lifecycle.contains(&expected), "{expected}\n{lifecycle}");
    assert!(lifecycle.contains("This is an exposure, not a forecast of loss"), "{lifecycle}");
    // The journey says where in the lifecycle it sits.
    let journey = project.read("public/journeys/buy/index.html");
    assert!(
        journey.contains("<a href=\"../../lifecycle/index.html#phase-purchase\">Lifecycle: Purchase, Phase 2 of 2</a>"),
        "{journey}"
    );
    // The pain points by value at stake, beside the priority: the product page's €960,000 first.
    let pains = project.read("public/pain-points/index.html");
    let by_value = pains.split("id=\"by-value\"").nth(1).expect("the ranking by value");
    let (first, second) = (by_value.find("No reviews").unwrap(), by_value.find("Confusing checkout").unwrap());
    assert!(first < second && by_value.contains("€960,000"), "{by_value}");
    // The method page states the assumptions and the inputs.
    let method = project.read("public/method/index.html");
    assert!(
        method.contains("Declared per persona (customers × yearly value): Anna: 6,000 × €120; Ben: 4,000 × €300."),
        "{method}"
    );
}
