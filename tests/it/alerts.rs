//! CI that speaks (#23): targets judged by their interval, alerts that fail a job with exit
//! code 3 after the site is written, the Markdown job summary and GitHub annotations.

use super::Project;

/// Checkout's CSAT falls from 90 of 100 satisfied in 2026-Q2 to 50 of 100 in 2026-Q3 (pooled z
/// ≈ 6.2: a significant drop); the product page has 40 NPS answers in 2026-Q3, 24 promoters and
/// 8 detractors (NPS +40, its interval about ±25 wide).
fn responses() -> String {
    let mut csv = String::from("submitted_at,persona,touchpoint,nps,csat\n");
    for (month, satisfied) in [("2026-05", 90), ("2026-08", 50)] {
        for i in 0..100 {
            let csat = if i < satisfied { 5 } else { 1 };
            csv.push_str(&format!("{month}-{:02},anna,checkout,,{csat}\n", 1 + i % 28));
        }
    }
    for i in 0..40 {
        let nps = if i < 24 {
            10
        } else if i < 32 {
            8
        } else {
            2
        };
        csv.push_str(&format!("2026-08-{:02},ben,product-page,{nps},\n", 1 + i % 28));
    }
    csv
}

/// Targets: overall CSAT 80 (50%, interval about 40–60: not met), the product page's NPS +40
/// (its interval straddles it: not yet decidable), checkout CSAT 95 by 2027-Q1 (not met, not due).
fn project(label: &str) -> Project {
    let settings = "title: Alerts\nmin_responses: 10\ntargets:\n  - {metric: csat, value: 80}\n  - {metric: nps, group: touchpoint, id: product-page, value: 40}\n  - {metric: csat, group: touchpoint, id: checkout, value: 95, by: 2027-Q1}\n";
    let project = Project::on_base(label, settings);
    project.write("content/surveys/export.csv", &responses());
    project
}

#[test]
fn a_drop_and_a_missed_target_fail_the_job_after_the_site_is_written() {
    let project = project("alerts-fail");
    let run = project
        .run(&[
            "build",
            "--fail-on",
            "significant_drop,below_target",
            "--summary-md",
            "summary.md",
            "--annotations",
            "github",
        ])
        .expect(3);
    // The site is there, as after any build.
    let m = project.metrics();
    let statuses: Vec<&str> = m["targets"].as_array().unwrap().iter().map(|t| t["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["not-met", "undecided", "not-met"]);
    assert_eq!(m["targets"][2]["due"], false);
    assert!(project.dir.join("public/index.html").exists());

    // The summary names both alerts, the straddling target and the one due later.
    let summary = project.read("summary.md");
    assert!(summary.starts_with("<!-- cxsite job summary -->\n"), "{summary}");
    assert!(
        summary.contains("- ❌ `significant_drop`: CSAT of all customers fell to 50% (−40.0 pp vs 2026-Q2, q < 0.001)"),
        "{summary}"
    );
    assert!(summary.contains("- ❌ `below_target`: CSAT of all customers: 50% (95% interval"), "{summary}");
    assert!(summary.contains("target 80%: not met"), "{summary}");
    assert!(summary.contains("NPS of Product page: +40 (95% interval"), "{summary}");
    assert!(summary.contains("target +40: not yet decidable"), "{summary}");
    assert!(summary.contains("target 95%: due 2027-Q1"), "{summary}");
    // The target due later fires nothing.
    assert!(!summary.contains("`below_target`: CSAT of Checkout"), "{summary}");

    // The annotations: errors for the rules that fail the job, `%` encoded.
    let lines: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert!(lines.contains(&"::error title=cxsite significant_drop::CSAT of all customers fell to 50%25 (−40.0 pp vs 2026-Q2, q < 0.001)"), "{lines:?}");
    assert!(
        lines.iter().any(|l| l.starts_with("::error title=cxsite below_target::CSAT of all customers: 50%25")),
        "{lines:?}"
    );

    // Same input, same summary bytes.
    project.run(&["build", "-q", "--fail-on", "significant_drop,below_target", "--summary-md", "summary.md"]).expect(3);
    assert_eq!(project.read("summary.md"), summary);
}

#[test]
fn without_fail_on_the_same_alerts_only_warn() {
    let project = project("alerts-warn");
    let run = project.run(&["build", "--annotations", "github"]).expect(0);
    assert!(run.stdout.contains("::warning title=cxsite significant_drop::"), "{}", run.stdout);
    assert!(!run.stdout.contains("::error"), "{}", run.stdout);
    // A rule that did not fire fails nothing; `check` takes the flag too.
    project.run(&["build", "-q", "--fail-on", "segment_gap"]).expect(0);
    project.run(&["check", "-q", "--fail-on", "below_target"]).expect(3);
}

#[test]
fn a_rule_that_cannot_be_judged_or_does_not_exist_is_a_usage_error() {
    let project = project("alerts-usage");
    let run = project.run(&["build", "--fail-on", "new_top_pain_point"]).expect(2);
    assert!(run.stderr.contains("--fail-on: error: `new_top_pain_point` needs an earlier report"), "{}", run.stderr);
    assert!(!project.dir.join("public").exists(), "nothing is built");
    let run = project.run(&["build", "--fail-on", "drops"]).expect(2);
    assert!(run.stderr.contains("unknown alert rule; the rules are significant_drop, below_target"), "{}", run.stderr);
}

#[test]
fn a_new_top_pain_point_against_the_baseline_fires() {
    let project = project("alerts-baseline");
    project.run(&["build", "-q", "--period", "2026-Q2"]).expect(0);
    // Both pain points are in the top five of either report: nothing is new at the top.
    std::fs::copy(project.dir.join("public/data/metrics.json"), project.dir.join("q2.json")).unwrap();
    project.run(&["build", "-q", "--baseline", "q2.json", "--fail-on", "new_top_pain_point"]).expect(0);
    // An earlier report without the product page's pain point: now it is new at the top.
    let mut earlier: serde_json::Value = serde_json::from_str(&project.read("q2.json")).unwrap();
    earlier["pain_points"].as_array_mut().unwrap().retain(|p| p["id"] != "no-reviews");
    project.write("q2.json", &earlier.to_string());
    let run = project
        .run(&["build", "--baseline", "q2.json", "--fail-on", "new_top_pain_point", "--annotations", "github"])
        .expect(3);
    let fired: Vec<&str> = run.stdout.lines().filter(|l| l.contains("new_top_pain_point::")).collect();
    assert_eq!(fired.len(), 1, "{}", run.stdout);
    assert!(fired[0].starts_with("::error title=cxsite new_top_pain_point::“No reviews” is now #"), "{fired:?}");
    assert!(fired[0].ends_with("of the pain points (was not listed)"), "{fired:?}");
}

#[test]
fn the_summary_is_never_written_over_the_projects_own_files() {
    let project = project("alerts-refuse");
    let run = project.run(&["build", "-q", "--summary-md", "content/summary.md"]).expect(2);
    assert!(run.stderr.contains("inside the project's `content/` folder"), "{}", run.stderr);
    assert!(!project.dir.join("content/summary.md").exists());
    project.write("notes.md", "# my notes\n");
    let run = project.run(&["build", "-q", "--summary-md", "notes.md"]).expect(2);
    assert!(run.stderr.contains("was not written by `--summary-md`"), "{}", run.stderr);
    assert_eq!(project.read("notes.md"), "# my notes\n");
    // An empty file, as CI systems hand out, is filled.
    project.write("step-summary.md", "");
    project.run(&["build", "-q", "--summary-md", "step-summary.md"]).expect(0);
    assert!(project.read("step-summary.md").starts_with("<!-- cxsite job summary -->"));
}

#[test]
fn the_readmes_github_recipe_runs_and_fills_the_step_summary() {
    let readme = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let line =
        readme.lines().find(|l| l.trim_start().starts_with("- run: cxsite build")).expect("the recipe's build step");
    let script = line.trim_start().trim_start_matches("- run: ");
    assert!(script.contains("--summary-md \"$GITHUB_STEP_SUMMARY\""), "{script}");
    let project = project("alerts-recipe");
    project.write("step-summary.md", "");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_cxsite")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let output = std::process::Command::new("sh")
        .args(["-c", script])
        .current_dir(&project.dir)
        .env("PATH", path)
        .env("GITHUB_STEP_SUMMARY", project.dir.join("step-summary.md"))
        .env_remove("CXSITE_PERIOD")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let run = super::Run::from(output).expect(3);
    assert!(run.stdout.contains("::error title=cxsite significant_drop::"), "{}", run.stdout);
    let summary = project.read("step-summary.md");
    assert!(summary.contains("### Alerts") && summary.contains("### Top actions"), "{summary}");
}
