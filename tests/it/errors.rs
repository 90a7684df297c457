//! Broken projects: one clear message per problem, with file, line and column, and exit code 1.

use super::{Project, Run};

/// The shop fixture with one file replaced.
fn broken(path: &str, text: &str) -> Project {
    let project = Project::fixture("shop");
    project.write(path, text);
    project
}

#[test]
fn a_yaml_syntax_error_points_at_its_line() {
    let project = broken("content/personas/ben.yaml", "name: Ben\n  share: 0.4\n");
    let run = project.run(&["check"]).expect(1);
    assert!(
        run.stderr.contains("content/personas/ben.yaml:2:8: error: mapping values are not allowed"),
        "{}",
        run.stderr
    );
    // The journey that names ben is not blamed for ben's broken file.
    assert_eq!(run.stderr.matches("error:").count(), 2, "one problem and the summary line: {}", run.stderr);
}

#[test]
fn a_misspelt_key_gets_a_suggestion() {
    let text = "title: Buying\npersonas: [anna]\nstages:\n  - id: pay\n    name: Pay\n    touchpoints:\n      - {id: checkout, name: Checkout}\n    pain_points:\n      - {id: x, title: X, touchpoint: checkout, sevrity: 3, effort: 1, category: price}\n";
    let run = broken("content/journeys/buy.yaml", text).run(&["check"]).expect(1);
    assert!(run.stderr.contains("content/journeys/buy.yaml:9:"), "{}", run.stderr);
    assert!(run.stderr.contains("unknown field `sevrity`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `severity`?"), "{}", run.stderr);
}

#[test]
fn dangling_references_are_all_reported_at_once() {
    let text = "title: Buying\npersona: ana\nstages:\n  - id: pay\n    name: Pay\n    touchpoints:\n      - {id: checkout, name: Checkout}\n    pain_points:\n      - {id: x, title: X, touchpoint: chekout, severity: 3, effort: 1, category: price}\n";
    let run = broken("content/journeys/buy.yaml", text).run(&["build"]).expect(1);
    assert!(run.stderr.contains("content/journeys/buy.yaml:2:10: error: unknown persona `ana`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `anna`?"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/journeys/buy.yaml:9:39: error: unknown touchpoint `chekout`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean `checkout`?"), "{}", run.stderr);
}

#[test]
fn duplicate_touchpoint_ids_name_both_places() {
    let project = Project::fixture("shop");
    project.write("content/journeys/return.yaml", "title: Return\nstages:\n  - id: send\n    name: Send\n    touchpoints:\n      - id: checkout\n        name: Return form\n");
    let run = project.run(&["check"]).expect(1);
    assert!(run.stderr.contains("touchpoint id `checkout` is used twice"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/journeys/buy.yaml") && run.stderr.contains("content/journeys/return.yaml:6:"),
        "{}",
        run.stderr
    );
}

#[test]
fn values_out_of_range_in_yaml_are_errors() {
    let text = "title: Buying\nstages:\n  - id: pay\n    name: Pay\n    touchpoints:\n      - {id: checkout, name: Checkout, emotion: 5}\n    pain_points:\n      - {id: x, title: X, touchpoint: checkout, severity: 9, effort: 1, category: price}\n";
    let run = broken("content/journeys/buy.yaml", text).run(&["check"]).expect(1);
    assert!(
        run.stderr.contains("content/journeys/buy.yaml:6:") && run.stderr.contains("`emotion` is 5"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/journeys/buy.yaml:8:") && run.stderr.contains("`severity` is 9"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_mapped_column_is_an_error_naming_the_file() {
    let project = Project::fixture("shop");
    project.write("cxsite.yaml", "title: T\nmin_responses: 3\nsurveys:\n  columns: {nps: likelihood}\n");
    let run = project.run(&["build"]).expect(1);
    assert!(
        run.stderr.contains("content/surveys/a.csv:1: error: missing column `likelihood` (surveys.columns.nps)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("the header has: response_id, submitted_at"), "{}", run.stderr);
    assert!(!project.dir.join("public").exists());
}

#[test]
fn a_bad_score_is_a_warning_and_an_error_with_strict() {
    let project = Project::fixture("shop");
    let run = project.run(&["build"]).expect(0);
    assert!(
        run.stderr
            .contains("content/surveys/a.csv:15:6: warning: NPS \"11\" in column `nps` is outside the scale (0 to 10)"),
        "{}",
        run.stderr
    );
    let strict = project.run(&["build", "--strict"]).expect(1);
    assert!(strict.stderr.contains("content/surveys/a.csv:15:6: error:"), "{}", strict.stderr);
}

#[test]
fn unknown_touchpoints_and_unreadable_dates_in_surveys_are_reported() {
    let project = Project::fixture("shop");
    project.write(
        "content/surveys/c.csv",
        "response_id,submitted_at,persona,touchpoint,channel,nps,csat,ces,comment\nc-1,2026-05-01,anna,chekout,web,9,,,\nc-2,31-31-2026,anna,checkout,web,9,,,\n",
    );
    let run = project.run(&["build"]).expect(0);
    assert!(run.stderr.contains("content/surveys/c.csv:2:4: warning: unknown touchpoint `chekout`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `checkout`?"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/surveys/c.csv:3:2: warning: date \"31-31-2026\" cannot be read"),
        "{}",
        run.stderr
    );
    // The unknown-touchpoint row counts toward overall only; the bad-date row nowhere.
    let m = project.metrics();
    assert_eq!(super::metric(&m, "overall", "", "2026-Q2")["responses"], 18);
}

#[test]
fn an_empty_survey_file_is_an_error() {
    let run = broken("content/surveys/b.csv", "").run(&["check"]).expect(1);
    assert!(run.stderr.contains("content/surveys/b.csv: error: this survey file is empty"), "{}", run.stderr);
}

#[test]
fn a_period_that_is_not_a_quarter_is_a_usage_error() {
    let run = Project::fixture("shop").run(&["build", "--period", "2026-13"]).expect(1);
    assert!(run.stderr.contains("`2026-13` is not a quarter period"), "{}", run.stderr);
    assert!(run.stderr.contains("2026-Q3"), "the hint shows the form: {}", run.stderr);
}

#[test]
fn outside_a_project_the_message_says_what_to_do() {
    let run = Project::empty("none").run(&["build"]).expect(1);
    assert!(run.stderr.contains("cxsite.yaml: error: cannot read the settings file"), "{}", run.stderr);
    assert!(run.stderr.contains("cxsite init"), "{}", run.stderr);
}

#[test]
fn a_broken_template_override_names_the_file() {
    let project = Project::fixture("shop");
    project.write("templates/partials/footer.html", "<footer>{% if %}</footer>\n");
    let run = project.run(&["check"]).expect(1);
    assert!(run.stderr.contains("templates/partials/footer.html"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_with_2() {
    Project::empty("usage").run(&["build", "--no-such-flag"]).expect(2);
}

#[test]
fn a_period_without_data_is_refused_with_the_periods_that_have_data() {
    let run = Project::fixture("shop").run(&["build", "--period", "2025-Q1"]).expect(1);
    assert!(run.stderr.contains("--period: error: there are no survey responses in 2025-Q1"), "{}", run.stderr);
    assert!(run.stderr.contains("periods with data: 2026-Q1, 2026-Q2"), "{}", run.stderr);
}

#[test]
fn an_earlier_period_leaves_later_responses_out() {
    let project = Project::fixture("shop");
    project.run(&["build", "--period", "2026-Q1"]).expect(0);
    let m = project.metrics();
    assert_eq!(m["current_period"], "2026-Q1");
    assert_eq!(m["responses_after_current_period"], 17);
    assert_eq!(super::metric(&m, "overall", "", "all")["nps"]["n"], 4, "all = up to the current period");
}

#[test]
fn period_keywords_pick_periods_with_data() {
    let project = Project::fixture("shop");
    project.run(&["build", "--period", "previous"]).expect(0);
    assert_eq!(project.metrics()["current_period"], "2026-Q1");
    Run::from(project.command(&["build"]).env("CXSITE_PERIOD", "latest").output().unwrap()).expect(0);
    assert_eq!(project.metrics()["current_period"], "2026-Q2");
    let run = project.run(&["build", "--period", "soon"]).expect(1);
    assert!(run.stderr.contains("`latest`, `previous` or `complete`"), "{}", run.stderr);
}

#[test]
fn a_maturity_stage_that_does_not_exist_is_named_with_its_line() {
    let project = Project::fixture("shop");
    project.write(
        "content/maturity.yaml",
        "dimensions:\n  - {dimension: strategy, stage: capable}\n  - {dimension: culture, stage: expert}\n",
    );
    let run = project.run(&["build"]).expect(1);
    assert!(run.stderr.contains("content/maturity.yaml:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("expert"), "{}", run.stderr);
    project
        .write("content/maturity.yaml", "dimensions:\n  - {dimension: culture, stage: cultural, next_step: Keep it}\n");
    project.run(&["build"]).expect(0);
    assert!(project.read("public/maturity/index.html").contains("Keep it"));
}
