//! Never lose a user's files, never leak: the attacks of a hostile or careless user (paths,
//! links, two runs at once, a kill at any point, names and values that reach pages or files).

use std::fs;
use std::os::unix::fs::symlink;
use std::process::{Command, Stdio};

use super::{Project, snapshot};

#[test]
fn an_output_through_a_missing_folder_and_dot_dot_never_lands_on_the_project() {
    let project = Project::fixture("shop");
    let content = snapshot(&project.dir.join("content"));
    let name = project.dir.file_name().unwrap().to_str().unwrap().to_string();
    for output in ["nothere/../content", &format!("nothere/../../{name}"), "a/b/../../content/journeys"] {
        let run = project.run(&["build", "--output", output, "--force"]).expect(2);
        assert!(run.stderr.contains("will not write here"), "{output}: {}", run.stderr);
        assert!(run.stderr.contains("(that is, "), "the message says where the path leads: {}", run.stderr);
    }
    assert_eq!(content, snapshot(&project.dir.join("content")));
    assert!(project.dir.join("cxsite.yaml").exists());
    assert!(!project.dir.join("nothere").exists() && !project.dir.join("a").exists(), "no folder was made");

    // A folder beside the project that cxsite never made is not replaced without --force.
    let other = project.dir.join("other");
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("notes.txt"), "mine").unwrap();
    let run = project.run(&["build", "--output", "gone/../other"]).expect(2);
    assert!(run.stderr.contains("was not created by cxsite"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(other.join("notes.txt")).unwrap(), "mine");

    // The settings' `output:` goes through the same rules.
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}output: gone/../content\n"));
    project.run(&["build", "--force"]).expect(1);
    assert_eq!(content, snapshot(&project.dir.join("content")));
}

#[test]
fn an_output_linked_into_the_sources_is_refused() {
    let project = Project::fixture("shop");
    symlink(project.dir.join("content"), project.dir.join("site-link")).unwrap();
    let run = project.run(&["build", "--output", "site-link/public"]).expect(2);
    assert!(run.stderr.contains("inside the project's `content/` folder"), "{}", run.stderr);
    assert!(!project.dir.join("content/public").exists());
}

#[test]
fn init_never_overwrites_a_project() {
    let project = Project::fixture("shop");
    let settings = project.read("cxsite.yaml");
    let name = project.dir.file_name().unwrap().to_str().unwrap().to_string();
    let run = project.run(&["init", &format!("nope/../../{name}")]).expect(2);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_eq!(project.read("cxsite.yaml"), settings);
    assert!(!project.dir.join("nope").exists());
}

/// A project with many pages, so a build spends a while writing.
fn many_pages() -> Project {
    let project = Project::fixture("shop");
    for i in 0..600 {
        project.write(
            &format!("content/notes/n{i}.md"),
            &format!("---\ntitle: Note {i}\nhidden: true\n---\n{}", "x ".repeat(500)),
        );
    }
    project
}

#[test]
fn two_builds_at_once_each_publish_a_whole_site() {
    let project = many_pages();
    project.run(&["build", "-q"]).expect(0);
    let whole = snapshot(&project.dir.join("public"));
    for _ in 0..4 {
        let spawn = || project.command(&["build", "-q"]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        let (first, second) = (spawn(), spawn());
        for child in [first, second] {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        }
        assert_eq!(whole.len(), snapshot(&project.dir.join("public")).len());
        assert!(whole == snapshot(&project.dir.join("public")), "the published site is one build's, whole");
    }
    let hidden: Vec<String> = fs::read_dir(&project.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("cxsite-"))
        .collect();
    assert!(hidden.is_empty(), "no staging folder is left: {hidden:?}");
}

#[test]
fn there_is_no_moment_without_a_site() {
    let project = many_pages();
    project.run(&["build", "-q"]).expect(0);
    let index = project.dir.join("public/index.html");
    let done = std::sync::atomic::AtomicBool::new(false);
    let missing = std::thread::scope(|scope| {
        let watcher = scope.spawn(|| {
            let mut missing = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                missing += usize::from(!index.exists());
            }
            missing
        });
        for _ in 0..3 {
            project.run(&["build", "-q"]).expect(0);
        }
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        watcher.join().unwrap()
    });
    assert_eq!(missing, 0, "public/index.html was missing {missing} times while the site was replaced");
}

#[test]
fn what_a_killed_build_left_is_cleared_by_the_next() {
    let project = Project::fixture("shop");
    project.run(&["build", "-q"]).expect(0);
    // What a build killed between the two renames of a swap leaves, and a dead build's staging
    // folder. (Put back when the next build fails too: `faults.rs`.)
    fs::rename(project.dir.join("public"), project.dir.join(".public.cxsite-old")).unwrap();
    fs::create_dir_all(project.dir.join(".public.cxsite-new-99999999")).unwrap();
    project.run(&["build", "-q"]).expect(0);
    assert!(project.dir.join("public/index.html").exists());
    assert!(!project.dir.join(".public.cxsite-old").exists());
    assert!(!project.dir.join(".public.cxsite-new-99999999").exists(), "a dead build's staging folder is removed");
}

#[test]
fn inputs_linked_from_outside_the_project_are_refused_and_not_shown() {
    let project = Project::fixture("shop");
    let outside = Project::empty("outside");
    outside.write("secret.yaml", "name: TOPSECRET-VALUE\nrole: CI_TOKEN=abc123\n");
    outside.write("partial.html", "TOPSECRET-VALUE");
    let secret = outside.dir.join("secret.yaml");
    symlink(&secret, project.dir.join("content/personas/evil.yaml")).unwrap();
    symlink(&secret, project.dir.join("content/logo.svg")).unwrap();
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}style: {{logo: logo.svg}}\n"));
    let run = project.run(&["build"]).expect(1);
    for link in ["content/personas/evil.yaml", "content/logo.svg"] {
        let lines: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with(&format!("{link}: error: "))).collect();
        assert_eq!(lines.len(), 1, "{link} once: {}", run.stderr);
        assert!(lines[0].contains("this is a link to "), "{}", run.stderr);
    }
    assert!(!run.stderr.contains("TOPSECRET") && !run.stderr.contains("CI_TOKEN"), "{}", run.stderr);
    fs::remove_file(project.dir.join("content/personas/evil.yaml")).unwrap();
    fs::remove_file(project.dir.join("content/logo.svg")).unwrap();
    project.write("cxsite.yaml", &settings);

    // A template partial linked to a system file (once the rest of the project is sound).
    fs::create_dir_all(project.dir.join("templates")).unwrap();
    symlink(outside.dir.join("partial.html"), project.dir.join("templates/footer.html")).unwrap();
    let run = project.run(&["build"]).expect(1);
    assert!(run.stderr.contains("templates/footer.html: error: this is a link to "), "{}", run.stderr);
    assert!(!run.stderr.contains("TOPSECRET"), "{}", run.stderr);
    assert!(!project.dir.join("public").exists());

    // A link that stays inside the project is fine.
    fs::remove_file(project.dir.join("templates/footer.html")).unwrap();
    project.write("cxsite.yaml", &format!("{settings}style: {{logo: logo.svg}}\n"));
    project.write("assets/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    symlink(project.dir.join("assets/logo.svg"), project.dir.join("content/logo.svg")).unwrap();
    project.run(&["build", "-q"]).expect(0);
}

#[test]
fn a_pipe_or_device_as_an_input_is_an_error_not_a_hang() {
    let project = Project::fixture("shop");
    let fifo = project.dir.join("content/logo.svg");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}style: {{logo: logo.svg}}\n"));
    symlink("/dev/zero", project.dir.join("content/surveys/zero.csv")).unwrap();
    let run = project.run(&["build"]).expect(1);
    assert!(run.stderr.contains("content/logo.svg: error: this is not a regular file"), "{}", run.stderr);
    assert!(run.stderr.contains("content/surveys/zero.csv: error: this is a link to /dev/zero"), "{}", run.stderr);
}

#[test]
fn a_page_name_that_is_no_web_address_is_refused() {
    for name in ["javascript:alert(document.domain)", "notes#1", "a?b", "100%", "back\\slash", "two words"] {
        let project = Project::fixture("shop");
        project.write(&format!("content/{name}.md"), "---\ntitle: x\n---\nhi\n");
        let run = project.run(&["build"]).expect(1);
        let expected = format!("content/{name}.md: error: the page's file or folder name");
        assert!(run.stderr.contains(&expected), "{name}: {}", run.stderr);
    }
    // Capitals and dots are fine in an address.
    let project = Project::fixture("shop");
    project.write("content/Team/notes.v2.md", "---\ntitle: x\n---\nhi\n");
    project.run(&["build", "-q"]).expect(0);
    assert!(project.read("public/index.html").contains("href=\"Team/notes.v2/index.html\""));
}

#[test]
fn aggregate_never_overwrites_an_input_or_a_file_it_did_not_write() {
    let project = Project::fixture("shop");
    let survey = project.read("content/surveys/a.csv");
    let settings = project.read("cxsite.yaml");
    for target in ["content/surveys/a.csv", "cxsite.yaml", "x/../content/surveys/a.csv"] {
        let run = project.run(&["aggregate", "-q", "--output", target]).expect(2);
        assert!(run.stderr.contains("it is one of the project's inputs"), "{target}: {}", run.stderr);
    }
    project.write("notes.csv", "my notes\n");
    let run = project.run(&["aggregate", "-q", "--output", "notes.csv"]).expect(2);
    assert!(run.stderr.contains("was not written by `cxsite aggregate`"), "{}", run.stderr);
    assert_eq!(project.read("notes.csv"), "my notes\n");
    assert_eq!(project.read("content/surveys/a.csv"), survey);
    assert_eq!(project.read("cxsite.yaml"), settings);
    // Its own file it replaces, leaving no temporary file behind.
    project.run(&["aggregate", "-q", "--output", "counts.csv"]).expect(0);
    project.run(&["aggregate", "-q", "--output", "counts.csv"]).expect(0);
    assert!(project.read("counts.csv").starts_with("period,segment,id,metric,score,count\n"));
    let left: Vec<_> = fs::read_dir(&project.dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("cxsite-new"))
        .collect();
    assert!(left.is_empty());
}

#[test]
fn formulas_in_survey_values_are_neutralised_in_the_aggregate_and_read_back_unchanged() {
    let project = Project::fixture("shop");
    let formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
    let quoted = formula.replace('"', "\"\"");
    project.write(
        "content/surveys/c.csv",
        &format!("response_id,submitted_at,persona,touchpoint,channel,nps,csat,ces,comment\nf1,2026-05-02,anna,checkout,\"{quoted}\",9,5,6,\nf2,2026-05-03,anna,checkout,-1,8,4,5,\n"),
    );
    project.run(&["build", "-q"]).expect(0);
    let raw = project.metrics();
    project.run(&["aggregate", "-q", "--output", "counts.csv"]).expect(0);
    let text = project.read("counts.csv");
    assert!(text.contains(&format!(",channel,\"'{quoted}\",")), "{text}");
    assert!(text.contains(",channel,'-1,"), "{text}");
    assert!(!text.lines().any(|line| line.split(',').any(|cell| cell.starts_with(['=', '+', '@']))), "{text}");

    // The same counts read back as a warehouse aggregate give the same figures.
    let counted = Project::fixture("shop");
    for file in ["a.csv", "b.csv"] {
        fs::remove_file(counted.dir.join("content/surveys").join(file)).unwrap();
    }
    counted.write("content/aggregates/counts.csv", &text);
    let settings = counted.read("cxsite.yaml");
    counted.write("cxsite.yaml", &format!("{settings}  aggregates: [\"aggregates/*.csv\"]\n"));
    counted.run(&["build", "-q"]).expect(0);
    let read_back = counted.metrics();
    let channel = |m: &serde_json::Value, id: &str| {
        m["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["group"] == "channel" && e["id"] == id && e["period"] == "2026-Q2")
            .cloned()
    };
    for id in [formula, "-1"] {
        let (before, after) = (channel(&raw, id), channel(&read_back, id));
        assert!(before.is_some(), "{id} is a channel of the raw build");
        assert_eq!(before, after, "{id}");
    }
}

#[test]
fn dates_after_this_month_or_before_2000_never_become_the_report_period() {
    let project = Project::fixture("shop");
    project.write(
        "content/surveys/c.csv",
        "response_id,submitted_at,persona,touchpoint,channel,nps,csat,ces,comment\nz1,9999-12-31,anna,checkout,web,9,5,6,\nz2,0000-01-01,anna,checkout,web,9,5,6,\nz3,01/01/1899,anna,checkout,web,9,5,6,\n",
    );
    let run = project.run(&["build", "--archive"]).expect(0);
    assert!(
        run.stderr.contains(
            "content/surveys/c.csv:2:2: warning: date \"9999-12-31\" cannot be in a report: it is after this month"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/surveys/c.csv:3:2: warning: date \"0000-01-01\" cannot be in a report: it is before 2000"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/surveys/c.csv:4:2: warning: date \"01/01/1899\""), "{}", run.stderr);
    assert_eq!(project.metrics()["current_period"], "2026-Q2");
    let reports: Vec<String> = fs::read_dir(project.dir.join("public/reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    assert!(
        !reports.iter().any(|r| r.starts_with("9999") || r.starts_with("0-") || r.starts_with("1899")),
        "{reports:?}"
    );
    project.run(&["build", "--strict"]).expect(1);
}

#[test]
fn a_full_stderr_loses_messages_not_the_build() {
    let project = Project::fixture("shop");
    let full = || fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let status = project.command(&["build"]).stderr(full()).stdout(Stdio::null()).status().unwrap();
    assert_eq!(status.code(), Some(0));
    project.write("content/personas/broken.yaml", "name: [\n");
    let status = project.command(&["build"]).stderr(full()).stdout(Stdio::null()).status().unwrap();
    assert_eq!(status.code(), Some(1), "an invalid project still exits 1, not a panic's 101");
}

#[test]
fn period_keywords_are_read_in_any_case() {
    let project = Project::fixture("shop");
    project.run(&["build", "-q", "--period", "LATEST"]).expect(0);
    assert_eq!(project.metrics()["current_period"], "2026-Q2");
    project.run(&["build", "-q", "--period", "Previous"]).expect(0);
    assert_eq!(project.metrics()["current_period"], "2026-Q1");
    // `complete` in cxsite.yaml is the keyword it is on the command line (whether the last
    // ended quarter has data depends on today's date).
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}report: {{period: complete}}\n"));
    let run = project.run(&["build", "-q"]);
    assert!(!run.stderr.contains("is not a quarter period"), "{}", run.stderr);
}

#[test]
fn a_baseline_that_no_report_could_have_published_is_refused() {
    let project = Project::fixture("shop");
    let run = project.run(&["build", "-q", "--baseline", "/dev/zero"]).expect(2);
    assert!(run.stderr.contains("/dev/zero: error: the baseline is not a regular file"), "{}", run.stderr);
    project.run(&["build", "-q", "--baseline", "missing.json"]).expect(2);
    project.run(&["build", "-q"]).expect(0);
    let mut metrics = project.metrics();
    let entry = metrics["metrics"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["group"] == "touchpoint" && e["period"] == "2026-Q2" && e["csat"]["score"].is_number())
        .unwrap();
    entry["csat"]["score"] = serde_json::json!(1e308);
    project.write("old.json", &metrics.to_string());
    let run = project.run(&["build", "-q", "--baseline", "old.json"]).expect(1);
    assert!(run.stderr.contains("its CSAT cannot be a published score"), "{}", run.stderr);
}

#[test]
fn a_file_name_with_a_newline_cannot_forge_a_line_of_the_input_hashes() {
    let project = Project::fixture("shop");
    let forged = "c.csv\n0000000000000000000000000000000000000000000000000000000000000000  cxsite.yaml";
    let text = project.read("content/surveys/a.csv");
    fs::write(project.dir.join("content/surveys").join(forged), text).unwrap();
    project.run(&["build", "-q"]).expect(0);
    let listing = project.read("public/data/inputs.sha256");
    assert!(!listing.lines().any(|l| l.starts_with("0000")), "{listing}");
    assert!(listing.lines().any(|l| l.starts_with('\\') && l.ends_with("content/surveys/c.csv\\n0000000000000000000000000000000000000000000000000000000000000000  cxsite.yaml")), "{listing}");
    let check = Command::new("sha256sum")
        .arg("-c")
        .arg("--quiet")
        .current_dir(&project.dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    check.stdin.as_ref().unwrap().write_all(listing.as_bytes()).unwrap();
    let output = check.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "sha256sum -c: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn raw_html_allowed_by_the_author_still_runs_no_script() {
    let project = Project::fixture("shop");
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}markdown: {{allow_html: true}}\n"));
    project.write(
        "content/notes.md",
        "---\ntitle: Notes\n---\n<div class=\"box\" onclick=\"steal()\">\n<b>Kept</b> <script>steal()</script>\n<iframe src=\"https://evil.example\"></iframe>\n<a href=\"&#106;avascript:steal()\">x</a> <img src=x onerror=steal()>\n</div>\n\nInline <span onmouseover=\"steal()\">text</span>.\n",
    );
    project.run(&["build", "-q"]).expect(0);
    let page = project.read("public/notes/index.html");
    assert!(page.contains("<b>Kept</b>") && page.contains("<div class=\"box\">"), "{page}");
    for bad in ["steal()", "<iframe", "onclick", "onerror", "onmouseover", "javascript"] {
        assert!(!page.contains(bad), "{bad} in {page}");
    }
}
