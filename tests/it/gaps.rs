//! Segment gaps end to end (#21): a touchpoint that is bad for one group only is found, flagged
//! and shown on the summary and at its pain point; where every group fares alike, nothing is.

use super::{Project, assert_close, metric};
use serde_json::Value;

/// 2026-Q3 responses at the corpus base's touchpoints. Checkout: 300 on mobile, of whom
/// `mobile_satisfied` gave CSAT 5 (the rest 2), and 300 on desktop, 243 satisfied (81%), the
/// personas alternating. Product page: 200 from anna, 150 promoters and 50 detractors, and 200
/// from ben with `ben_promoters` promoters, the devices alternating.
fn responses(mobile_satisfied: usize, ben_promoters: usize) -> String {
    let mut csv = String::from("submitted_at,persona,touchpoint,device,nps,csat\n");
    for (device, satisfied) in [("mobile", mobile_satisfied), ("desktop", 243)] {
        for i in 0..300 {
            let csat = if i < satisfied { 5 } else { 2 };
            let persona = ["anna", "ben"][i % 2];
            csv.push_str(&format!("2026-07-{:02},{persona},checkout,{device},,{csat}\n", 1 + i % 28));
        }
    }
    for (persona, promoters) in [("anna", 150), ("ben", ben_promoters)] {
        for i in 0..200 {
            let nps = if i < promoters { 9 } else { 5 };
            let device = ["mobile", "desktop"][i % 2];
            csv.push_str(&format!("2026-08-{:02},{persona},product-page,{device},{nps},\n", 1 + i % 28));
        }
    }
    csv
}

fn project(label: &str, language: &str, csv: &str) -> Project {
    let settings = format!("title: Gaps\nlanguage: {language}\nmin_responses: 10\nsurveys: {{dimensions: [device]}}\n");
    let project = Project::on_base(label, &settings);
    project.write("content/surveys/export.csv", csv);
    project.run(&["build", "-q"]).expect(0);
    project
}

fn gap<'a>(m: &'a Value, touchpoint: &str, value: &str, metric: &str) -> &'a Value {
    m["segment_gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["touchpoint"] == touchpoint && g["value"] == value && g["metric"] == metric)
        .unwrap_or_else(|| panic!("no gap {touchpoint}/{value} {metric}"))
}

#[test]
fn a_planted_gap_is_found_flagged_and_shown() {
    // Mobile checkout CSAT 174 of 300 (58%) against desktop's 243 (81%); ben's NPS at the
    // product page 60 promoters and 140 detractors (−40) against anna's +50.
    let project = project("gaps", "en", &responses(174, 60));
    let m = project.metrics();

    // The segments within a touchpoint are groups with every usual figure.
    let mobile = metric(&m, "touchpoint/device", "checkout/mobile", "2026-Q3");
    assert_eq!(mobile["csat"]["n"], 300);
    assert_close(&mobile["csat"]["score"], 58.0);
    assert_eq!(metric(&m, "touchpoint/persona", "product-page/ben", "2026-Q3")["nps"]["n"], 200);
    assert_eq!(metric(&m, "touchpoint/persona", "checkout/anna", "2026-Q3")["responses"], 300);
    // Read per period only: no sum over all periods of the many segments within a touchpoint.
    let groups = m["metrics"].as_array().unwrap();
    assert!(!groups.iter().any(|g| g["group"] == "touchpoint/persona" && g["period"] == "all"));

    let csat = gap(&m, "checkout", "mobile", "csat");
    assert_eq!((csat["kind"].as_str(), csat["group"].as_str()), (Some("device"), Some("touchpoint/device")));
    assert_close(&csat["segment_score"], 58.0);
    assert_close(&csat["rest_score"], 81.0);
    assert_eq!((csat["segment_n"].as_u64(), csat["rest_n"].as_u64()), (Some(300), Some(300)));
    assert_eq!(csat["significant"], true);
    assert!(csat["q_value"].as_f64().unwrap() < 0.001);
    let nps = gap(&m, "product-page", "ben", "nps");
    assert_close(&nps["segment_score"], -40.0);
    assert_close(&nps["rest_score"], 50.0);
    assert_eq!(nps["significant"], true);
    // Groups that fare like the rest of their touchpoint: anna at checkout, mobile at the product page.
    assert_eq!(gap(&m, "checkout", "anna", "csat")["significant"], false);
    assert_eq!(gap(&m, "product-page", "mobile", "nps")["significant"], false);

    let summary = project.read("public/index.html");
    assert!(summary.contains("Where one group has it worse"), "{summary}");
    assert!(summary.contains("Checkout, mobile: CSAT 58% vs 81% for the other devices, q &lt; 0.001"), "{summary}");
    assert!(summary.contains("Product page, Ben: NPS −40 vs +50 for the other personas, q &lt; 0.001"), "{summary}");
    assert!(summary.contains("journeys/buy/index.html#tp-checkout"), "linked to the touchpoint");
    // Desktop is better than the rest, not worse: it is not listed.
    assert!(!summary.contains("Checkout, desktop"));
    let pain = project.read("public/pain-points/index.html");
    assert!(pain.contains("Worse for mobile: CSAT 58% vs 81%"), "the pain point at checkout says who suffers");

    let dutch = project_in_dutch();
    assert!(dutch.contains("Waar één groep het slechter heeft"));
    assert!(dutch.contains("Checkout, mobiel: CSAT 58% tegen 81% op de andere apparaten, q &lt; 0,001"), "{dutch}");
}

fn project_in_dutch() -> String {
    project("gaps-nl", "nl", &responses(174, 60)).read("public/index.html")
}

#[test]
fn without_a_gap_nothing_is_flagged() {
    let project = project("no-gaps", "en", &responses(243, 150));
    let m = project.metrics();
    let gaps = m["segment_gaps"].as_array().unwrap();
    assert!(!gaps.is_empty(), "the segments were compared");
    assert!(gaps.iter().all(|g| g["significant"] == false), "{gaps:?}");
    let summary = project.read("public/index.html");
    assert!(summary.contains("No persona, channel or device has it significantly worse"), "{summary}");
    assert!(!project.read("public/pain-points/index.html").contains("Worse for"));
}
