//! The output folder: atomic replacement, determinism, and refusing what is not ours.

use super::{Project, snapshot};

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let project = Project::fixture("shop");
    project.run(&["build"]).expect(0);
    let first = snapshot(&project.dir.join("public"));
    project.run(&["build"]).expect(0);
    assert_eq!(first, snapshot(&project.dir.join("public")));
    assert!(first.len() > 8, "{:?}", first.keys());
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let project = Project::fixture("shop");
    project.run(&["build"]).expect(0);
    let before = snapshot(&project.dir.join("public"));
    project.write("content/personas/ben.yaml", "name: [\n");
    project.run(&["build"]).expect(1);
    assert_eq!(before, snapshot(&project.dir.join("public")));
}

#[test]
fn a_page_that_fails_after_others_were_written_leaves_the_previous_site_and_no_trace() {
    let project = Project::fixture("shop");
    project.run(&["build"]).expect(0);
    let before = snapshot(&project.dir.join("public"));
    // Pages go to the staging folder as they are rendered: by the time the persona pages fail,
    // the summary, the journeys and metrics.json are on disk there.
    project.write(
        "templates/persona.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value.at_all }}{% endblock %}",
    );
    project.write("content/intro.md", "---\ntitle: Intro\n---\nNew words.\n");
    let run = project.run(&["build"]).expect(1);
    assert!(run.stderr.contains("persona"), "{}", run.stderr);
    assert_eq!(before, snapshot(&project.dir.join("public")), "nothing of the failed build is published");
    let left: Vec<String> = std::fs::read_dir(&project.dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("cxsite-new"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_folder_cxsite_did_not_create_is_not_replaced_without_force() {
    let project = Project::fixture("shop");
    project.write("site/notes.txt", "my notes");
    let run = project.run(&["build", "--output", "site"]).expect(2);
    assert!(run.stderr.contains("was not created by cxsite"), "{}", run.stderr);
    assert_eq!(project.read("site/notes.txt"), "my notes");
    project.run(&["build", "--output", "site", "--force"]).expect(0);
    assert!(project.dir.join("site/index.html").exists());
}

#[test]
fn a_write_error_says_what_failed_where_and_what_to_do_on_a_line_of_its_own() {
    let project = Project::fixture("shop");
    project.write("notes.txt", "my notes");
    // A file stands where the output's parent folder would be.
    let run = project.run(&["build", "-q", "--output", "notes.txt/public"]).expect(2);
    let notes = std::fs::canonicalize(project.dir.join("notes.txt")).unwrap();
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "the error and its hint: {}", run.stderr);
    let message = format!("error: {}: cannot write the site: ", notes.display());
    assert!(lines[0].starts_with(&message), "the message and the path: {}", run.stderr);
    assert!(lines[0].ends_with("; the previous site is left as it was"), "{}", run.stderr);
    assert_eq!(
        lines[1], "  hint: a file stands where cxsite needs a folder: choose another output folder with --output",
        "the hint on its own line: {}",
        run.stderr
    );
    assert_eq!(project.read("notes.txt"), "my notes");
}

#[test]
fn the_output_can_never_be_the_content_folder() {
    let project = Project::fixture("shop");
    let run = project.run(&["build", "--output", "content", "--force"]).expect(2);
    assert!(run.stderr.contains("content"), "{}", run.stderr);
    assert!(project.dir.join("content/journeys/buy.yaml").exists());
}

#[test]
fn check_writes_nothing() {
    let project = Project::fixture("shop");
    project.run(&["check"]).expect(0);
    assert!(!project.dir.join("public").exists());
}

#[test]
fn init_makes_a_project_that_builds() {
    let project = Project::empty("init");
    project.run(&["init", "report"]).expect(0);
    let run = project.run(&["-C", "report", "build"]).expect(0);
    assert!(run.stdout.contains("Built"), "{}", run.stdout);
    let metrics: serde_json::Value = serde_json::from_str(&project.read("report/public/data/metrics.json")).unwrap();
    assert!(metrics["current_period"].is_string());
    // init never writes into a folder with files in it.
    let again = project.run(&["init", "report"]).expect(2);
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
}

#[test]
fn init_takes_its_folder_inside_the_project_folder() {
    let project = Project::empty("init-in");
    std::fs::create_dir(project.dir.join("reports")).unwrap();
    project.run(&["-C", "reports", "init", "q4"]).expect(0);
    assert!(project.dir.join("reports/q4/cxsite.yaml").is_file(), "made inside -C");
    assert!(!project.dir.join("q4").exists(), "not in the current folder");
}

#[test]
fn a_missing_project_folder_is_named_with_exit_2() {
    let project = Project::empty("no-folder");
    for command in [&["build"][..], &["check"], &["init", "x"]] {
        let args: Vec<&str> = ["-C", "missing/report"].iter().chain(command).copied().collect();
        let run = project.run(&args).expect(2);
        assert!(run.stderr.contains("missing/report"), "{}", run.stderr);
        assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
        assert!(!run.stderr.contains("cxsite.yaml: error"), "{}", run.stderr);
    }
    assert!(!project.dir.join("missing").exists(), "nothing is created");
}

#[test]
fn a_build_killed_half_way_leaves_the_previous_site_whole() {
    let project = Project::fixture("shop");
    project.run(&["build"]).expect(0);
    let before = snapshot(&project.dir.join("public"));
    // Enough rows that the build is still reading when it is killed.
    let mut rows = String::from("response_id,submitted_at,persona,touchpoint,channel,nps,csat,ces,comment\n");
    for i in 0..200_000 {
        rows.push_str(&format!("k{i},2026-05-{:02},anna,checkout,web,{},4,5,\n", 1 + i % 28, i % 11));
    }
    project.write("content/surveys/c.csv", &rows);
    for delay in [5, 40, 150] {
        let mut child = project
            .command(&["build"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        // Killed or not, it has stopped: a build that ended on its own has replaced the site.
        if child.wait().unwrap().success() {
            break; // the build won the race: there is nothing half-written to check
        }
        let left = snapshot(&project.dir.join("public"));
        if left != before {
            // Killed after its swap, while cleaning up: then the new site is there, whole.
            project.run(&["build"]).expect(0);
            assert_eq!(left, snapshot(&project.dir.join("public")), "killed after {delay} ms: a mix of two sites");
            break;
        }
    }
    // The next build cleans up whatever the killed one left beside the output.
    project.run(&["build"]).expect(0);
    let left_over: Vec<String> = std::fs::read_dir(&project.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public.cxsite-"))
        .collect();
    assert!(left_over.is_empty(), "{left_over:?}");
}
