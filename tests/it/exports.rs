//! Survey exports the way real tools write them, each in a small project whose figures are
//! worked out by hand.

use super::{Project, assert_close, metric};
use std::path::Path;

const JOURNEY: &str = "title: Buying\npersona: anna\nstages:\n  - id: buy\n    name: Buy\n    touchpoints:\n      \
- {id: checkout, name: Checkout}\n      - {id: delivery, name: Delivery}\n";

/// A project with one persona (`anna`), touchpoints `checkout` and `delivery`, `settings`
/// appended to cxsite.yaml, and `export` as its one survey file.
fn project(settings: &str, export: &[u8]) -> Project {
    let project = Project::empty("exports");
    project.write("cxsite.yaml", &format!("title: Exports\nmin_responses: 1\n{settings}"));
    project.write("content/personas/anna.yaml", "name: Anna\n");
    project.write("content/journeys/buying.yaml", JOURNEY);
    std::fs::create_dir_all(project.dir.join("content/surveys")).unwrap();
    std::fs::write(project.dir.join("content/surveys/export.csv"), export).unwrap();
    project
}

#[test]
fn qualtrics_question_rows_are_headers_and_name_columns() {
    // Qualtrics writes three header rows: ids, question texts, import ids. The CSAT column
    // is mapped by its question text, which is only in the second row.
    let export = "RecordedDate,Touchpoint,Q1,Q2\n\
        Recorded Date,Which step?,How likely are you to recommend us?,How satisfied were you?\n\
        \"{\"\"ImportId\"\":\"\"recordedDate\"\",\"\"timeZone\"\":\"\"America/Denver\"\"}\",\"{\"\"ImportId\"\":\"\"QID9\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\"\n\
        2026-07-14 09:31:00,checkout,10,5\n\
        2026-07-15 10:00:00,checkout,6,4\n\
        2026-07-16 11:00:00,delivery,9,x\n";
    let settings = "surveys:\n  dimensions: []\n  columns: {date: RecordedDate, touchpoint: Touchpoint, nps: Q1, \
                    csat: \"How satisfied were you?\"}\n";
    let project = project(settings, export.as_bytes());
    let run = project.run(&["build"]).expect(0);
    let m = project.metrics();
    let checkout = metric(&m, "touchpoint", "checkout", "2026-Q3");
    // NPS 10, 6: P 1, D 1 → 0; CSAT 5, 4 → 100 %.
    assert_eq!(checkout["nps"]["n"], 2);
    assert_close(&checkout["nps"]["score"], 0.0);
    assert_close(&checkout["csat"]["score"], 100.0);
    assert_eq!(metric(&m, "overall", "", "2026-Q3")["responses"], 3, "the header rows are not responses");
    // The unreadable CSAT is on line 6 of the file, column 4.
    assert!(run.stderr.contains("content/surveys/export.csv:6:4: warning: CSAT \"x\""), "{}", run.stderr);
    assert_eq!(m["data_quality"]["files"][0]["header_rows"], 3);
}

#[test]
fn qualtrics_mapped_by_question_text_loses_no_response() {
    // The README's advice: map by the question texts of Qualtrics' second row, date included.
    // Every field quoted, a byte-order mark, CRLF, as Qualtrics writes it.
    let export = "\u{feff}\"StartDate\",\"RecordedDate\",\"Q1\",\"Q2\"\r\n\
        \"Start Date\",\"Recorded Date\",\"How likely are you to recommend us?\",\"Which step?\"\r\n\
        \"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"recordedDate\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\"\r\n\
        \"2026-07-14 09:00:00\",\"2026-07-14 09:31:00\",\"10\",\"checkout\"\r\n\
        \"2026-07-15 09:00:00\",\"2026-07-15 10:00:00\",\"6\",\"checkout\"\r\n";
    let settings = "surveys:\n  dimensions: []\n  columns: {date: Recorded Date, touchpoint: Which step?, \
                    nps: \"How likely are you to recommend us?\"}\n";
    let project = project(settings, export.as_bytes());
    project.run(&["build", "--strict"]).expect(0);
    let m = project.metrics();
    // Both responses: 10 and 6 → one promoter, one detractor.
    let checkout = metric(&m, "touchpoint", "checkout", "2026-Q3");
    assert_eq!(checkout["nps"]["n"], 2, "the first response is not taken for a header row");
    assert_close(&checkout["nps"]["score"], 0.0);
    assert_eq!(m["data_quality"]["files"][0]["header_rows"], 3);
}

#[test]
fn header_rows_that_would_skip_an_answer_are_refused() {
    // `header_rows: 3` for Qualtrics files, while one file had its two extra rows deleted.
    let export = "RecordedDate,Touchpoint,Q1\n2026-07-14 09:31:00,checkout,10\n2026-07-15 10:00:00,checkout,6\n";
    let settings = "surveys:\n  dimensions: []\n  header_rows: 3\n  columns: {date: RecordedDate, touchpoint: Touchpoint, nps: Q1}\n";
    let project = project(settings, export.as_bytes());
    let run = project.run(&["build"]).expect(1);
    let expected = "content/surveys/export.csv:2: error: `surveys.header_rows: 3` skips row 2 as a header, but it reads as an answer (date \"2026-07-14 09:31:00\", Q1 \"10\")";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
}

#[test]
fn digit_labels_recode_and_labels_can_mean_no_answer() {
    // A numeric Qualtrics export of a reverse-coded CSAT (1 = very satisfied) and Zendesk's
    // `Offered` for a survey sent and not answered.
    let export = "submitted_at,touchpoint,csat\n2026-07-01,checkout,1\n2026-07-02,checkout,2\n2026-07-03,checkout,5\n2026-07-04,checkout,Offered\n2026-07-05,checkout,4\n";
    let settings = "surveys:\n  dimensions: []\n  values:\n    csat: {\"1\": 5, \"2\": 4, \"3\": 3, \"4\": 2, \"5\": 1, Offered: no answer}\n";
    let project = project(settings, export.as_bytes());
    let run = project.run(&["build", "--strict"]).expect(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let m = project.metrics();
    let checkout = metric(&m, "touchpoint", "checkout", "2026-Q3");
    // Recoded: 5, 4, 1, 2: two of four satisfied (4 or 5); Offered is no answer.
    assert_eq!(checkout["csat"]["n"], 4);
    assert_close(&checkout["csat"]["score"], 50.0);
}

#[test]
fn a_build_in_which_no_row_can_be_read_fails() {
    let export = "submitted_at,touchpoint,nps\nyesterday,checkout,9\nlast week,checkout,3\n";
    let project = project("surveys: {dimensions: []}\n", export.as_bytes());
    let run = project.run(&["build"]).expect(1);
    assert!(
        run.stderr.contains("content/surveys/export.csv: error: none of the 2 survey rows could be read"),
        "{}",
        run.stderr
    );
}

#[test]
fn surveymonkey_month_first_dates_are_detected_and_said() {
    // SurveyMonkey: a second header row with "Response" and an empty date; US dates with AM/PM.
    let export = "Respondent ID,Start Date,Step,How likely are you to recommend us?\n\
        ,,,Response\n\
        1,07/14/2026 09:31:22 AM,checkout,9\n\
        2,07/02/2026 01:00:00 PM,checkout,3\n\
        3,09/30/2026 11:00:00 AM,delivery,10\n";
    let settings = "surveys:\n  dimensions: []\n  columns: {date: Start Date, touchpoint: Step, \
                    nps: \"How likely are you to recommend us?\"}\n";
    let project = project(settings, export.as_bytes());
    let run = project.run(&["build", "--strict"]).expect(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let m = project.metrics();
    // 07/02 is 2 July (month-first, as 07/14 shows): all three rows are in Q3.
    let overall = metric(&m, "overall", "", "2026-Q3");
    assert_eq!(overall["nps"]["n"], 3);
    assert_close(&overall["nps"]["score"], 100.0 * (2.0 - 1.0) / 3.0);
    assert_eq!(m["data_quality"]["files"][0]["date_order"], "month-first (detected)");
}

#[test]
fn dates_that_could_be_either_way_are_never_read_silently() {
    let export = "submitted_at,touchpoint,nps\n03/04/2026,checkout,9\n05/06/2026,checkout,7\n";
    let project = project("surveys: {dimensions: []}\n", export.as_bytes());
    let run = project.run(&["build"]).expect(1);
    assert!(
        run.stderr.contains(
            "content/surveys/export.csv:2:1: error: dates such as \"03/04/2026\" could be day-first or month-first"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("surveys.date_order"), "the hint names the setting");
    // Saying which order is enough.
    project.write("cxsite.yaml", "title: Exports\nmin_responses: 1\nsurveys: {dimensions: [], date_order: mdy}\n");
    let run = project.run(&["build", "--strict"]).expect(0);
    assert!(!run.stderr.contains("could be"), "{}", run.stderr);
    // Month-first: 4 March (Q1) and 6 May (Q2).
    assert_eq!(metric(&project.metrics(), "overall", "", "2026-Q1")["nps"]["n"], 1);
}

#[test]
fn a_file_with_dates_in_both_orders_is_refused_naming_both_lines() {
    // Excel wrote some dates day-first and some month-first: read one way, responses would
    // move to another quarter (7 November instead of 11 July).
    let export = "submitted_at,touchpoint,nps\n13-07-2026,checkout,9\n07/11/2026,checkout,3\n07/14/2026 09:00:00 AM,checkout,8\n";
    let mixed = project("surveys: {dimensions: []}\n", export.as_bytes());
    let run = mixed.run(&["build"]).expect(1);
    let expected = "content/surveys/export.csv:4:1: error: date \"07/14/2026 09:00:00 AM\" is month-first, but line 2 (\"13-07-2026\") is day-first";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    // Beyond the rows that decide the order, too.
    let mut rows = String::from("submitted_at,touchpoint,nps\n");
    rows.push_str(&"13-07-2026,checkout,9\n".repeat(3000));
    rows.push_str("07/14/2026,checkout,8\n");
    let long = project("surveys: {dimensions: []}\n", rows.as_bytes());
    let run = long.run(&["build"]).expect(1);
    assert!(
        run.stderr.contains("export.csv:3002:1: error: date \"07/14/2026\" is month-first, but line 2"),
        "{}",
        run.stderr
    );
}

#[test]
fn dutch_excel_with_sep_line_latin_text_decimal_commas_and_labels() {
    // Excel (Dutch): a `sep=;` line, Windows-1252 text, day-first dates, `9,0`, labels.
    let mut export = b"sep=;\r\nDatum;Contactmoment;Aanbevelen;Tevredenheid;Opmerking\r\n".to_vec();
    export.extend_from_slice(b"14-7-2026;checkout;9,0;Zeer tevreden;Caf\xe9 was prima\r\n");
    export.extend_from_slice(b"15-7-2026;checkout;4;Ontevreden;\r\n");
    export.extend_from_slice(b"16-7-2026;checkout;nvt;Tevreden;\r\n");
    export.extend_from_slice(b";;;;\r\n");
    let settings = "surveys:\n  dimensions: []\n  columns: {date: Datum, touchpoint: Contactmoment, nps: Aanbevelen, \
                    csat: Tevredenheid, comment: Opmerking}\n  values:\n    csat: {Zeer tevreden: 5, Tevreden: 4, \
                    Neutraal: 3, Ontevreden: 2, Zeer ontevreden: 1}\n";
    let project = project(settings, &export);
    let run = project.run(&["build", "--strict"]).expect(0);
    let m = project.metrics();
    let checkout = metric(&m, "touchpoint", "checkout", "2026-Q3");
    // NPS 9, 4 (nvt skipped): P 1, D 1 → 0. CSAT 5, 2, 4: top two 2 of 3.
    assert_eq!(checkout["nps"]["n"], 2);
    assert_close(&checkout["csat"]["score"], 200.0 / 3.0);
    assert_eq!(checkout["responses"], 3, "the line of only separators is not a response");
    let file = &m["data_quality"]["files"][0];
    assert_eq!((file["delimiter"].as_str(), file["encoding"].as_str()), (Some("semicolon"), Some("Windows-1252")));
    assert!(project.read("public/journeys/buying/index.html").contains("Café was prima"), "{}", run.stdout);
}

#[test]
fn wide_exports_give_one_response_per_touchpoint_answered() {
    let export = "submitted_at,nps,csat_checkout,csat_delivery,ces_delivery\n\
        2026-07-01,10,5,2,6\n\
        2026-07-02,3,4,,\n\
        2026-07-03,,,1,2\n";
    let settings = "surveys:\n  dimensions: []\n  wide:\n    - {column: csat_checkout, touchpoint: checkout, metric: csat}\n    \
                    - {column: csat_delivery, touchpoint: delivery, metric: csat}\n    \
                    - {column: ces_delivery, touchpoint: delivery, metric: ces}\n";
    let project = project(settings, export.as_bytes());
    project.run(&["build", "--strict"]).expect(0);
    let m = project.metrics();
    // checkout: CSAT 5, 4 (two responses); delivery: CSAT 2, 1 and CES 6, 2 (two responses).
    let checkout = metric(&m, "touchpoint", "checkout", "2026-Q3");
    assert_eq!((checkout["responses"].as_u64(), checkout["csat"]["n"].as_u64()), (Some(2), Some(2)));
    assert_close(&checkout["csat"]["score"], 100.0);
    let delivery = metric(&m, "touchpoint", "delivery", "2026-Q3");
    assert_eq!(delivery["responses"], 2);
    assert_close(&delivery["csat"]["score"], 0.0);
    assert_close(&delivery["ces"]["score"], 4.0);
    // Overall: the two relationship NPS answers (10, 3) and every touchpoint answer.
    let overall = metric(&m, "overall", "", "2026-Q3");
    assert_eq!((overall["nps"]["n"].as_u64(), overall["csat"]["n"].as_u64()), (Some(2), Some(4)));
    assert_eq!(m["data_quality"]["files"][0]["layout"], "wide");
}

#[test]
fn a_wide_column_for_an_unknown_touchpoint_is_an_error_in_the_settings() {
    let settings = "surveys:\n  wide:\n    - {column: csat_checkout, touchpoint: chekout, metric: csat}\n";
    let project = project(settings, b"submitted_at,csat_checkout\n2026-07-01,5\n");
    let run = project.run(&["build"]).expect(1);
    assert!(run.stderr.contains("cxsite.yaml:5:43: error: `surveys.wide` maps column"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `checkout`"), "{}", run.stderr);
}

#[test]
fn a_utf16_export_gets_a_message_saying_how_to_export_it() {
    let text: Vec<u8> = "submitted_at\tnps\n2026-07-01\t9\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let project = project("", &[b"\xFF\xFE".as_slice(), &text].concat());
    let run = project.run(&["build"]).expect(1);
    assert!(run.stderr.contains("content/surveys/export.csv: error: this file is UTF-16"), "{}", run.stderr);
    assert!(run.stderr.contains("CSV UTF-8"), "{}", run.stderr);
}

#[test]
fn a_header_or_first_row_longer_than_any_buffer_is_read_whole() {
    // A 70 KB comment in the first answer, and a header of 2,000 columns.
    let mut export = String::from("submitted_at,touchpoint,nps,comment\n");
    export.push_str(&format!("2026-07-01,checkout,10,\"{}\"\n", "long, ".repeat(10_000)));
    for _ in 0..20 {
        export.push_str("2026-07-02,checkout,9,\n");
    }
    let project = project("surveys: {dimensions: []}\n", export.as_bytes());
    let run = project.run(&["build", "--strict"]).expect(0);
    assert_eq!(metric(&project.metrics(), "touchpoint", "checkout", "2026-Q3")["nps"]["n"], 21, "{}", run.stderr);

    let extra: Vec<String> = (0..2000).map(|i| format!("extra_{i}")).collect();
    let export =
        format!("submitted_at,touchpoint,nps,{}\n2026-07-01,checkout,10{}\n", extra.join(","), ",".repeat(2000));
    let project = self::project("surveys: {dimensions: []}\n", export.as_bytes());
    project.run(&["build", "--strict"]).expect(0);
    assert_eq!(metric(&project.metrics(), "touchpoint", "checkout", "2026-Q3")["nps"]["n"], 1);
}

#[test]
fn old_mac_line_ends_are_read_with_the_right_line_numbers() {
    let export = "submitted_at,touchpoint,nps\r2026-07-01,checkout,9\r2026-07-01,checkout,8\r\
                  2026-07-01,checkout,7\r2026-07-01,checkout,6\r2026-07-01,checkout,11\r";
    let project = project("surveys: {dimensions: []}\n", export.as_bytes());
    let run = project.run(&["build"]).expect(0);
    assert!(run.stderr.contains("export.csv:6:3: warning: NPS \"11\""), "{}", run.stderr);
    assert_eq!(metric(&project.metrics(), "touchpoint", "checkout", "2026-Q3")["nps"]["n"], 4);
}

#[test]
fn personal_data_never_reaches_a_page() {
    let export = "submitted_at,touchpoint,nps,comment\n\
        2026-07-01,checkout,3,\"Mail jan@example.nl or call 06-12345678, Jan de Vries\"\n\
        2026-07-02,checkout,9,Refund to NL91 ABNA 0417 1643 00 please\n\
        2026-07-03,checkout,8,\"Kerkstraat 5, 1234 AB Utrecht never got it\"\n";
    let settings = "surveys: {dimensions: []}\nprivacy: {names: [Jan de Vries]}\n";
    let project = project(settings, export.as_bytes());
    project.run(&["build"]).expect(0);
    // Every file of the site, not only the pages that quote comments today.
    let site: String = crate::snapshot(&project.dir.join("public"))
        .values()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    for secret in ["jan@example.nl", "06-12345678", "Jan de Vries", "0417 1643", "1234 AB", "Kerkstraat 5"] {
        assert!(!site.contains(secret), "{secret} leaked");
    }
    let journey = project.read("public/journeys/buying/index.html");
    assert!(journey.contains("Mail [e-mail] or call [phone], [name]"), "quotes stay readable");
    let redacted = &project.metrics()["data_quality"]["redacted"];
    assert_eq!(
        (redacted["e-mail"].as_u64(), redacted["phone"].as_u64(), redacted["IBAN"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    assert!(project.read("public/method/index.html").contains("Personal data removed from quotes: address"));
}

/// Checkout: CSAT and NPS move together (a driver) and CSAT is low; delivery: NPS does not
/// follow CSAT at all. 40 responses each in one quarter.
fn driver_export() -> String {
    let mut export = String::from("submitted_at,touchpoint,nps,csat\n");
    for i in 0..40 {
        let csat = 1 + i % 5;
        export.push_str(&format!("2026-07-01,checkout,{},{}\n", (csat * 2).min(10), if i % 2 == 0 { 1 } else { csat }));
        export.push_str(&format!("2026-07-01,delivery,{},{}\n", 3 + (i * 7) % 8, 4 + i % 2));
    }
    export
}

#[test]
fn the_touchpoint_that_drives_recommendation_is_found_and_placed_first() {
    let export = driver_export();
    let project = project("surveys: {dimensions: []}\n", export.as_bytes());
    project.run(&["build"]).expect(0);
    let m = project.metrics();
    let drivers = m["drivers"].as_array().unwrap();
    let find = |id: &str| drivers.iter().find(|d| d["touchpoint"] == id).unwrap().clone();
    let (checkout, delivery) = (find("checkout"), find("delivery"));
    assert_eq!(checkout["n"], 40);
    // r worked out with Python's statistics.correlation on the same pairs: 0.5 and 0.218218.
    assert_close(&checkout["importance"], 0.5);
    assert_eq!(checkout["ranked"], true);
    assert!((delivery["importance"].as_f64().unwrap() - 0.2182178902359924).abs() < 1e-12, "{delivery}");
    assert_eq!(delivery["ranked"], false, "an interval around 0 is not placed");
    let page = project.read("public/drivers/index.html");
    assert!(page.contains("<svg class=\"chart quadrant quadrant-wide\""), "the chart is drawn");
    assert!(page.contains("The weakest link") && page.contains("<strong>Checkout</strong>"), "lowest CSAT");
}

#[test]
fn a_pain_point_at_the_driver_touchpoint_rises_with_every_factor_shown() {
    // The export of the driver test: checkout drives recommending (r 0.5, placed), delivery
    // does not (not placed). Checkout: NPS detractors 24 of 40; delivery: 20 of 40.
    let export = driver_export();
    let project = project("surveys: {dimensions: []}\n", export.as_bytes());
    project.write(
        "content/journeys/buying.yaml",
        &format!(
            "{JOURNEY}    pain_points:\n      \
             - {{id: slow-pay, title: Slow payment, touchpoint: checkout, severity: 3, effort: 1, category: reliability}}\n      \
             - {{id: late, title: Late parcel, touchpoint: delivery, severity: 4, effort: 1, category: reliability}}\n"
        ),
    );
    project.run(&["build"]).expect(0);
    let m = project.metrics();
    let list = m["pain_points"].as_array().unwrap();
    let find = |id: &str| list.iter().find(|p| p["id"] == id).unwrap().clone();
    let (slow_pay, late) = (find("slow-pay"), find("late"));
    // Wilson lower bounds by hand (z 1.959964): 24/40 → 0.445959, 20/40 → 0.351995.
    // Conservative: 40 × 0.445959 × 3 = 53.515 for checkout, 40 × 0.351995 × 4 = 56.319 for
    // delivery, so without the drivers delivery comes first, as docs/methodology.md ranks.
    assert!((slow_pay["priority_conservative"].as_f64().unwrap() - 53.515072).abs() < 1e-4, "{slow_pay}");
    assert_eq!((late["rank"].as_u64(), slow_pay["rank"].as_u64()), (Some(1), Some(2)));
    // With the drivers: checkout weighs 1 + 0.5, delivery (not placed) 1: 80.273 against 56.319.
    assert_close(&slow_pay["driver_weight"], 1.5);
    assert_close(&late["driver_weight"], 1.0);
    assert!((slow_pay["priority_with_drivers"].as_f64().unwrap() - 80.272608).abs() < 1e-4, "{slow_pay}");
    assert_eq!((slow_pay["rank_with_drivers"].as_u64(), late["rank_with_drivers"].as_u64()), (Some(1), Some(2)));
    // The page lists by the priority with drivers, shows the weight and the rank without it.
    let page = project.read("public/pain-points/index.html");
    let (at_slow_pay, at_late) = (page.find("id=\"pain-slow-pay\"").unwrap(), page.find("id=\"pain-late\"").unwrap());
    assert!(at_slow_pay < at_late, "the driver's pain point rises");
    let row = &page[at_slow_pay..at_late];
    assert!(row.contains(">×1.50<") && row.contains("<strong>80.3</strong>"), "{row}");
    // One rank in the list (first with drivers); the others, where they differ, in words: second
    // by the estimate (40 × 0.6 × 3 = 72, below the other's 80) and by the conservative
    // priority (the rank of metrics.json).
    assert!(row.contains("<td class=\"num rank\">1</td>"), "{row}");
    assert!(
        row.contains("Also ranked: #2 by the point estimate · #2 without the key drivers (the rank in metrics.json)"),
        "{row}"
    );
    assert_eq!(row.matches('#').count(), 3, "one '#' per other rank and the row's own anchor: {row}");
}

#[test]
fn the_cx_pyramid_merges_its_levels_and_names_the_gaps() {
    let export = "submitted_at,touchpoint,nps\n2026-07-01,checkout,10\n2026-07-01,checkout,9\n2026-07-01,delivery,0\n";
    let project = project("surveys: {dimensions: []}\n", export.as_bytes());
    project.write(
        "content/journeys/buying.yaml",
        &JOURNEY
            .replace("{id: checkout, name: Checkout}", "{id: checkout, name: Checkout, cx_level: 1}")
            .replace("{id: delivery, name: Delivery}", "{id: delivery, name: Delivery, cx_level: 1}"),
    );
    project.run(&["build"]).expect(0);
    let page = project.read("public/drivers/index.html");
    let pyramid = &page[page.find("class=\"pyramid\"").unwrap()..];
    // Level 1 merges checkout and delivery: NPS 10, 9, 0 → 100·(2 − 1)/3 = +33.
    let level_1 = &pyramid[pyramid.find("1 · Information").unwrap()..];
    assert!(level_1.contains("Checkout, Delivery") && level_1.contains("+33"), "{level_1}");
    assert_eq!(pyramid.matches("No touchpoint serves this level.").count(), 5, "levels 2 to 6 are gaps");
}

#[test]
fn a_topic_concentrated_among_detractors_is_found_and_quoted() {
    let mut export = String::from("submitted_at,touchpoint,nps,comment\n");
    for i in 0..20 {
        // Detractors complain about waiting; promoters praise the staff.
        export.push_str(&format!("2026-07-01,checkout,{},Waited on hold for {} minutes\n", i % 7, 10 + i));
        export.push_str(&format!("2026-07-02,checkout,10,Very friendly staff number {i}\n"));
    }
    let project = project("surveys: {dimensions: []}\n", export.as_bytes());
    project.write(
        "content/topics.yaml",
        "topics:\n  - {id: wait-time, name: Waiting, keywords: [wait*, on hold]}\n  - {id: staff, name: Staff, keywords: [friendly]}\n",
    );
    project.run(&["build"]).expect(0);
    let m = project.metrics();
    let topic = |scope: &str, id: &str| {
        m["topics"].as_array().unwrap().iter().find(|t| t["scope"] == scope && t["topic"] == id).unwrap().clone()
    };
    let wait = topic("checkout", "wait-time");
    assert_eq!(wait["count"], 20);
    assert_close(&wait["share_unhappy"], 1.0);
    assert_close(&wait["share_happy"], 0.0);
    assert_close(&topic("overall", "staff")["share_happy"], 1.0);
    // As many comments on each: the one unhappy customers raise is ranked first.
    let first = &m["topics"][0];
    assert_eq!((&first["scope"], &first["topic"]), (&"overall".into(), &"wait-time".into()), "{first}");
    let page = project.read("public/topics/index.html");
    let row = &page[page.find("Waiting").unwrap()..];
    assert!(row.contains("more among unhappy") && row.contains("Waited on hold"), "{row}");
}

#[test]
fn a_quote_never_closed_is_reported_not_swallowed() {
    let export = "submitted_at,touchpoint,nps,comment\n2026-07-01,checkout,9,fine\n\
        2026-07-02,checkout,3,\"it broke\n2026-07-03,checkout,10,great\n2026-07-04,checkout,8,ok\n";
    let project = project("surveys: {dimensions: []}\n", export.as_bytes());
    let run = project.run(&["build"]).expect(0);
    assert!(
        run.stderr.contains("export.csv:3: warning: a quoted field that starts on this row is never closed"),
        "{}",
        run.stderr
    );
    project.run(&["build", "--strict"]).expect(1);
    // A runaway cell is quoted in part only.
    let long = "word ".repeat(2000);
    let export = format!("submitted_at,touchpoint,nps,comment\n2026-07-01,checkout,3,\"{long}\"\n");
    let project = self::project("surveys: {dimensions: []}\n", export.as_bytes());
    project.run(&["build"]).expect(0);
    let page = project.read("public/journeys/buying/index.html");
    assert!(page.contains("word word") && page.len() < 60_000, "{} bytes", page.len());
}

#[test]
fn a_site_built_from_aggregates_has_the_figures_of_the_raw_rows() {
    let project = Project::fixture("shop");
    project.run(&["build"]).expect(0);
    let raw = project.metrics();
    let refused = project.run(&["aggregate", "--output", "content/aggregates/all.parquet"]).expect(2);
    assert!(refused.stderr.contains("`cxsite aggregate` writes CSV"), "{}", refused.stderr);
    assert!(!project.dir.join("content/aggregates").exists(), "nothing written");
    project.run(&["aggregate", "--output", "content/aggregates/all.csv"]).expect(0);
    let written = project.read("content/aggregates/all.csv");
    assert!(written.starts_with("period,segment,id,metric,score,count\n"));
    // The segments within a touchpoint are written too, and read back into the same groups.
    assert!(written.contains(",touchpoint/persona,checkout/anna,responses,,"), "{written}");
    assert!(written.contains(",touchpoint/channel,checkout/web,csat,"), "{written}");
    for file in ["a.csv", "b.csv"] {
        std::fs::remove_file(project.dir.join("content/surveys").join(file)).unwrap();
    }
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}  files: []\n  aggregates: [\"aggregates/*.csv\"]\n"));
    project.run(&["build"]).expect(0);
    let aggregated = project.metrics();
    for key in ["current_period", "periods", "metrics", "pain_points", "drivers", "segment_gaps"] {
        assert_eq!(raw[key], aggregated[key], "{key}");
    }
    // A row that cannot be counted names its place.
    project.write(
        "content/aggregates/bad.csv",
        "period,segment,id,metric,score,count\n2026-Q2,overall,,nps,11,3\n2026-Q2,overall,,csat,9,3\n",
    );
    let run = project.run(&["build"]).expect(1);
    assert!(
        run.stderr.contains("content/aggregates/bad.csv:2:4: error: metric `nps` with score `11`"),
        "{}",
        run.stderr
    );
    // The scale is the project's (CSAT 1..5 here), as for raw rows.
    assert!(
        run.stderr.contains("content/aggregates/bad.csv:3:4: error: metric `csat` with score `9`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_same_export_saved_twice_counts_once() {
    let export = "submitted_at,touchpoint,nps\n2026-07-01,checkout,9\n2026-07-02,checkout,3\n";
    let project = project("surveys: {dimensions: []}\n", export.as_bytes());
    project.write("content/surveys/export (1).csv", export);
    let run = project.run(&["build"]).expect(0);
    assert!(
        run.stderr.contains("content/surveys/export.csv: warning: this file has the same bytes as content/surveys/export (1).csv: it is left out"),
        "{}",
        run.stderr
    );
    assert_eq!(metric(&project.metrics(), "overall", "", "2026-Q3")["nps"]["n"], 2, "not 4");
    project.run(&["build", "--strict"]).expect(1);
}

/// Every export of `tests/exports/` (Qualtrics, SurveyMonkey, Google Forms, Typeform, Microsoft
/// Forms through Dutch Excel, a wide export), built as a user would set it up, gives the
/// figures that `tests/exports/verify.py` works out on its own from how a person reads the
/// export (its `truth.json`), not from cxsite's detection.
#[test]
fn every_tool_export_gives_the_figures_an_independent_reading_gives() {
    let shapes = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/exports");
    let mut cases: Vec<_> =
        std::fs::read_dir(&shapes).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 9, "{cases:?}");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        // The case's cxsite.yaml replaces the base's settings; its export joins the base's journeys.
        let project = Project::on_base(&name, "");
        crate::copy_dir(&case, &project.dir);
        let run = project.run(&["build", "--strict"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let verify = std::process::Command::new("python3")
            .arg(shapes.join("verify.py"))
            .arg(&project.dir)
            .arg(project.dir.join("public/data/metrics.json"))
            .output()
            .expect("python3 runs the independent reading");
        let said = String::from_utf8_lossy(&verify.stdout);
        assert!(verify.status.success(), "{name}: {said}{}", String::from_utf8_lossy(&verify.stderr));
        assert!(said.starts_with(|c: char| c.is_ascii_digit()) && !said.starts_with("0 "), "{name}: {said}");
    }
}

#[test]
fn exports_of_two_tools_are_read_each_with_its_own_mapping() {
    // A Google Forms export (month-first timestamps) and a Zendesk satisfaction export
    // (Good/Bad, Offered for a survey sent and not answered) in one project.
    let forms = "Timestamp,Which step?,How likely are you to recommend us?\n\
        7/14/2026 9:31:22,checkout,10\n\
        7/2/2026 10:00:00,checkout,3\n";
    let zendesk = "Ticket ID,Satisfaction Score,Satisfaction Comment,Solved at,Step\n\
        101,Good,Quick answer,2026-07-03 10:00:00,checkout\n\
        102,Bad,\"Slow, and no reply\",2026-07-04 11:00:00,checkout\n\
        103,Offered,,2026-07-05 12:00:00,checkout\n\
        104,Good,,2026-07-06 13:00:00,checkout\n";
    let settings = "surveys:\n  dimensions: []\n  sources:\n\
        \x20   - files: [\"surveys/forms/*.csv\"]\n\
        \x20     columns: {date: Timestamp, touchpoint: Which step?, nps: How likely are you to recommend us?}\n\
        \x20     date_order: mdy\n\
        \x20   - files: [\"surveys/zendesk/*.csv\"]\n\
        \x20     columns: {id: Ticket ID, date: Solved at, touchpoint: Step, csat: Satisfaction Score, comment: Satisfaction Comment}\n\
        \x20     values: {csat: {Good: 5, Bad: 1, Offered: no answer, Unoffered: no answer}}\n";
    let project = project(settings, b"");
    std::fs::remove_file(project.dir.join("content/surveys/export.csv")).unwrap();
    project.write("content/surveys/forms/responses.csv", forms);
    project.write("content/surveys/zendesk/satisfaction.csv", zendesk);
    let run = project.run(&["build", "--strict"]).expect(0);
    assert!(run.stdout.contains("content/surveys/forms/responses.csv: 2 rows read"), "{}", run.stdout);
    let m = project.metrics();
    let checkout = metric(&m, "touchpoint", "checkout", "2026-Q3");
    // NPS from the form: 10 and 3 → 0; CSAT from Zendesk: Good, Bad, Good → 2 of 3.
    assert_eq!(checkout["nps"]["n"], 2);
    assert_close(&checkout["nps"]["score"], 0.0);
    assert_eq!(checkout["csat"]["n"], 3);
    assert_close(&checkout["csat"]["score"], 200.0 / 3.0);

    // A file two sources match is refused: it would be read two ways.
    let both = settings.replace("surveys/zendesk/*.csv", "surveys/**/*.csv");
    project.write("cxsite.yaml", &format!("title: Exports\nmin_responses: 1\n{both}"));
    let run = project.run(&["build"]).expect(1);
    assert!(
        run.stderr.contains("content/surveys/forms/responses.csv is matched by two sources (1 and 2)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_repeat_is_found_among_ids_moved_to_a_temporary_file() {
    // 70,000 responses: more than a file keeps in memory (65,536), so most ids wait in a
    // temporary file (in TMPDIR, here the test's own folder) and are read back to look for
    // repeats. R_5 comes again as the last row, far from its first copy.
    let mut csv = String::from("response_id,submitted_at,touchpoint,nps\n");
    for n in 0..70_000 {
        csv.push_str(&format!("R_{n},2026-07-01,checkout,{}\n", if n % 2 == 0 { 10 } else { 0 }));
    }
    csv.push_str("R_5,2026-07-01,checkout,0\n");
    let project = project("surveys: {dimensions: []}\n", csv.as_bytes());
    let temporary = project.dir.join("tmp");
    std::fs::create_dir(&temporary).unwrap();
    // Without a temporary folder to write to, the ids stay in memory: the same result.
    for tmpdir in [temporary.clone(), project.dir.join("no such folder")] {
        let run = project.command(&["build"]).env("TMPDIR", &tmpdir).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{stderr}");
        assert!(
            stderr.contains("content/surveys/export.csv:70002: warning: response `R_5` is the same row as at content/surveys/export.csv:7; it counts once"),
            "{stderr}"
        );
        let checkout = metric(&project.metrics(), "touchpoint", "checkout", "2026-Q3").clone();
        // 35,000 promoters and 35,000 detractors, the repeat not counted.
        assert_eq!(checkout["nps"]["n"], 70_000);
        assert_close(&checkout["nps"]["score"], 0.0);
    }
    assert_eq!(std::fs::read_dir(&temporary).unwrap().count(), 0, "the temporary file is gone");
}

#[test]
fn overlapping_downloads_count_each_response_once() {
    // Two downloads of one survey whose periods overlap: R_2 and R_3 are in both.
    let march = "response_id,submitted_at,touchpoint,nps,comment\nR_1,2026-07-01,checkout,9,Fine\nR_2,2026-07-02,checkout,3,\"Slow, very\"\nR_3,2026-07-03,checkout,10,\n";
    let april = "response_id,submitted_at,touchpoint,nps,comment\nR_2,2026-07-02,checkout,3,\"Slow, very\"\nR_3,2026-07-03,checkout,10,\nR_4,2026-07-04,checkout,6,\n";
    let project = project("surveys: {dimensions: []}\n", march.as_bytes());
    project.write("content/surveys/export-april.csv", april);
    let run = project.run(&["build"]).expect(0);
    // Files are merged in path order: the April download comes first, so March's copies go.
    assert!(
        run.stderr.contains("content/surveys/export.csv:3: warning: response `R_2` is the same row as at content/surveys/export-april.csv:2; it counts once"),
        "{}",
        run.stderr
    );
    let m = project.metrics();
    let checkout = metric(&m, "touchpoint", "checkout", "2026-Q3");
    // 9, 3, 10, 6 once each: promoters 2, detractors 2.
    assert_eq!(checkout["nps"]["n"], 4, "not 6");
    assert_close(&checkout["nps"]["score"], 0.0);
    project.run(&["build", "--strict"]).expect(1);

    // The same id with other answers cannot be settled: an error naming both places.
    project.write("content/surveys/export-april.csv", &april.replace("R_4,", "R_1,"));
    let run = project.run(&["build"]).expect(1);
    assert!(
        run.stderr.contains("content/surveys/export.csv:2: error: response id `R_1` is also at content/surveys/export-april.csv:4, with other answers"),
        "{}",
        run.stderr
    );
    // Within one file, too.
    let twice = "response_id,submitted_at,touchpoint,nps\nA,2026-07-01,checkout,9\nB,2026-07-02,checkout,2\nA,2026-07-01,checkout,9\n";
    let single = project_with_export(twice);
    single.run(&["build"]).expect(0);
    assert_eq!(metric(&single.metrics(), "touchpoint", "checkout", "2026-Q3")["nps"]["n"], 2);
}

fn project_with_export(export: &str) -> Project {
    project("surveys: {dimensions: []}\n", export.as_bytes())
}

#[test]
fn review_cases_of_header_rows_dates_and_ids() {
    // `header_rows: 3` on a two-header-row file whose first answer has a blank NPS and a label:
    // a readable date is enough to know it is an answer.
    let export = "Respondent ID,End Date,Step,NPS,CSAT\n,,Response,Response,Response\n1,07/14/2026 09:00:00 AM,checkout,,Very dissatisfied\n2,07/15/2026 09:00:00 AM,checkout,9,Very satisfied\n";
    let settings = "surveys:\n  dimensions: []\n  header_rows: 3\n  date_order: mdy\n  columns: {id: Respondent ID, date: End Date, touchpoint: Step, nps: NPS, csat: CSAT}\n  values: {csat: {Very satisfied: 5, Very dissatisfied: 1}}\n";
    let run = project(settings, export.as_bytes()).run(&["build"]).expect(1);
    assert!(run.stderr.contains("export.csv:3: error: `surveys.header_rows: 3` skips row 3 as a header, but it reads as an answer (date \"07/14/2026 09:00:00 AM\")"), "{}", run.stderr);

    // ISO dates in the first rows, then `03/04/2026`: the order was never told.
    let mut rows = String::from("submitted_at,touchpoint,nps\n");
    rows.push_str(&"2026-01-15,checkout,9\n".repeat(2100));
    rows.push_str("03/04/2026,checkout,3\n");
    let run = project("surveys: {dimensions: []}\n", rows.as_bytes()).run(&["build"]).expect(1);
    assert!(
        run.stderr.contains("export.csv:2102:1: error: date \"03/04/2026\" could be day-first or month-first"),
        "{}",
        run.stderr
    );

    // Two forms that each number their responses from 1 (Microsoft Forms): not duplicates.
    let checkout = "Id,Completion time,Step,How likely?\n1,2026-07-01,checkout,9\n2,2026-07-02,checkout,3\n";
    let delivery =
        "Id,Completion time,Step,How likely would you be?\n1,2026-07-01,checkout,10\n2,2026-07-02,checkout,6\n";
    let forms = "surveys:\n  dimensions: []\n  columns: {id: Id, date: Completion time, touchpoint: Step}\n  sources:\n    - files: [\"surveys/export.csv\"]\n      columns: {id: Id, date: Completion time, touchpoint: Step, nps: How likely?}\n    - files: [\"surveys/delivery.csv\"]\n      columns: {id: Id, date: Completion time, touchpoint: Step, nps: How likely would you be?}\n";
    let two = project(forms, checkout.as_bytes());
    two.write("content/surveys/delivery.csv", delivery);
    two.run(&["build", "--strict"]).expect(0);
    assert_eq!(metric(&two.metrics(), "touchpoint", "checkout", "2026-Q3")["nps"]["n"], 4);
}
