//! The corpus of broken projects in `tests/corpus/`: each case is built with the real binary and
//! its exit code and stderr are compared with the case's `expected.txt` (see
//! `tests/corpus/README.md` for the layout).
//!
//! `CXSITE_BLESS=1 cargo test --test it corpus` rewrites every `expected.txt` from the current
//! output: review the diff before committing it. `CXSITE_CORPUS_KNOWN=1` also runs the cases
//! listed in `tests/corpus/KNOWN_ISSUES.md` and prints their output (never compared).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::{Project, Run, copy_dir, snapshot};

/// Files of a case folder that steer the runner rather than being part of the project.
const EXPECTED: &str = "expected.txt";
const ARGS: &str = "args";
const GENERATED: &str = "generated";
/// A case file `<name>.delete` removes `<name>` from the copy of the base project.
const DELETE_SUFFIX: &str = ".delete";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

#[test]
fn every_broken_project_gives_its_expected_diagnostics() {
    let started = Instant::now();
    let bless = std::env::var_os("CXSITE_BLESS").is_some_and(|v| v == "1");
    let run_known = std::env::var_os("CXSITE_CORPUS_KNOWN").is_some_and(|v| v == "1");
    let corpus = corpus_dir();
    let known = known_issues(&corpus);
    let cases = case_names(&corpus);
    let mut failures = Vec::new();

    for name in &known {
        if !cases.contains(name) {
            failures.push(format!("KNOWN_ISSUES.md names `{name}`, which is not a folder of tests/corpus/"));
        } else if corpus.join(name).join(EXPECTED).exists() {
            failures.push(format!(
                "{name}: is a known issue but has an {EXPECTED}; remove one or the other (a known issue is not compared)"
            ));
        }
    }
    for name in GENERATORS {
        if !cases.contains(*name) {
            failures.push(format!("the runner generates files for `{name}`, which is not a folder of tests/corpus/"));
        }
    }

    // The base project, built once: every case starts from a copy of it with its public/ folder,
    // so a failed build can be checked to leave that folder as it was.
    let base = Project::empty("corpus-base");
    copy_dir(&corpus.join("_base"), &base.dir);
    let built = cxsite(&base.dir, &["build"]);
    assert!(
        built.code == 0 && built.stderr.is_empty(),
        "tests/corpus/_base must build cleanly (exit {}):\n{}",
        built.code,
        built.stderr
    );

    let selected: Vec<&String> = cases.iter().filter(|c| run_known || !known.contains(*c)).collect();
    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(name) = selected.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let outcome = run_case(&corpus, name, &base.dir, bless, known.contains(*name));
                    outcomes.lock().unwrap().push(outcome);
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap();
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));

    let mut blessed = Vec::new();
    for outcome in &outcomes {
        failures.extend(outcome.failures.iter().map(|f| format!("{}: {f}", outcome.name)));
        if outcome.blessed {
            blessed.push(outcome.name.as_str());
        }
        if let Some(shown) = &outcome.known_output {
            println!("known issue {}:\n{shown}", outcome.name);
        }
    }
    let slowest = outcomes.iter().max_by_key(|o| o.millis);
    println!(
        "corpus: {} cases run ({} known issues {}), {} failed, in {:.1} s (slowest: {} {} ms)",
        outcomes.len(),
        known.len(),
        if run_known { "included, not compared" } else { "skipped" },
        outcomes.iter().filter(|o| !o.failures.is_empty()).count(),
        started.elapsed().as_secs_f64(),
        slowest.map_or("-", |o| o.name.as_str()),
        slowest.map_or(0, |o| o.millis),
    );
    if !blessed.is_empty() {
        println!("CXSITE_BLESS: rewrote {} expected.txt: {}", blessed.len(), blessed.join(", "));
    }
    assert!(
        failures.is_empty(),
        "{} corpus problem(s); rerun with CXSITE_BLESS=1 to accept a deliberate change of the messages:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// What one case gave.
struct Outcome {
    name: String,
    failures: Vec<String>,
    blessed: bool,
    /// The output of a known-issue case, shown rather than compared.
    known_output: Option<String>,
    millis: u128,
}

fn run_case(corpus: &Path, name: &str, base: &Path, bless: bool, known: bool) -> Outcome {
    let started = Instant::now();
    let case = corpus.join(name);
    let project = Project::empty(&format!("corpus-{name}"));
    copy_dir(base, &project.dir);
    overlay(&case, &case, &project.dir);
    if case.join(GENERATED).exists() {
        generate(name, &project.dir);
    }
    let args: Vec<String> = fs::read_to_string(case.join(ARGS))
        .map(|text| text.split_whitespace().map(String::from).collect())
        .unwrap_or_default();

    let entries_before = top_level(&project.dir);
    let public_before = snapshot(&project.dir.join("public"));
    let mut command_args = vec!["build"];
    command_args.extend(args.iter().map(String::as_str));
    let run = cxsite(&project.dir, &command_args);
    let actual = format!("exit {}\n{}", run.code, normalise(&run.stderr, &project.dir));

    let mut failures = Vec::new();
    if run.code != 0 {
        if public_before != snapshot(&project.dir.join("public")) {
            failures.push(format!("the failed build (exit {}) changed the existing public/ folder", run.code));
        }
        let entries_after = top_level(&project.dir);
        if entries_before != entries_after {
            let left: Vec<_> = entries_after.symmetric_difference(&entries_before).collect();
            failures.push(format!("the failed build (exit {}) changed the project folder: {left:?}", run.code));
        }
    }
    let mut outcome = Outcome { name: name.to_string(), failures, blessed: false, known_output: None, millis: 0 };
    if known {
        outcome.known_output = Some(actual);
    } else {
        let expected_path = case.join(EXPECTED);
        match fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            _ if bless => {
                fs::write(&expected_path, &actual).unwrap();
                outcome.blessed = true;
            }
            Ok(expected) => outcome.failures.push(format!(
                "stderr differs from tests/corpus/{name}/{EXPECTED} (- expected, + actual):\n{}",
                diff(&expected, &actual)
            )),
            Err(_) => outcome.failures.push(format!(
                "no tests/corpus/{name}/{EXPECTED}; CXSITE_BLESS=1 writes it from this output:\n{actual}"
            )),
        }
    }
    outcome.millis = started.elapsed().as_millis();
    outcome
}

/// Runs `cxsite <args>` in `dir` (a case's copy, not a `Project` of its own).
fn cxsite(dir: &Path, args: &[&str]) -> Run {
    Run::from(super::command_in(dir, args).output().unwrap())
}

/// Every case folder: each folder of the corpus but `_base` (and other names starting with `_`).
fn case_names(corpus: &Path) -> BTreeSet<String> {
    fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('_'))
        .collect()
}

/// The cases `KNOWN_ISSUES.md` lists, one heading "## `case-name`" each.
fn known_issues(corpus: &Path) -> BTreeSet<String> {
    let text = fs::read_to_string(corpus.join("KNOWN_ISSUES.md")).unwrap_or_default();
    text.lines()
        .filter_map(|line| line.strip_prefix("## `"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| name.to_string()))
        .collect()
}

/// Copies the files of a case over the base project; `<name>.delete` removes `<name>`.
fn overlay(case_root: &Path, from: &Path, project: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let relative = path.strip_prefix(case_root).unwrap();
        if entry.file_type().unwrap().is_dir() {
            overlay(case_root, &path, project);
            continue;
        }
        if from == case_root && [EXPECTED, ARGS, GENERATED].iter().any(|c| entry.file_name() == *c) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(deleted) = name.strip_suffix(DELETE_SUFFIX) {
            let target = project.join(relative.with_file_name(deleted));
            if target.is_dir() {
                fs::remove_dir_all(&target).unwrap();
            } else {
                fs::remove_file(&target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
            }
        } else {
            let target = project.join(relative);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// The names directly in `dir`, to see that a failed build left nothing behind (a half-written
/// output folder, a hidden staging folder).
fn top_level(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

/// Makes stderr independent of where the temporary project is: its absolute path becomes
/// `<project>` (none of the current messages print it; this keeps a future one stable).
fn normalise(stderr: &str, project: &Path) -> String {
    let mut text = stderr.replace("\r\n", "\n");
    let mut roots = vec![project.display().to_string()];
    if let Ok(canonical) = project.canonicalize() {
        roots.insert(0, canonical.display().to_string());
    }
    for root in roots {
        text = text.replace(&root, "<project>");
    }
    text
}

/// The cases whose inputs are made here rather than committed (binary or very large files).
const GENERATORS: &[&str] = &[
    "csv-huge-field",
    "csv-invalid-utf8-random",
    "csv-invalid-utf8-random-no-nul",
    "csv-utf16",
    "csv-windows-1252",
    "yaml-invalid-utf8",
];

const HEADER: &str = "response_id,submitted_at,persona,touchpoint,channel,nps,csat,ces,comment\n";

/// Writes the generated input of case `name` into the project.
fn generate(name: &str, project: &Path) {
    let write = |path: &str, bytes: &[u8]| {
        let path = project.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    };
    match name {
        // A persona saved as Latin-1 by an old editor: the é is the byte 0xE9.
        "yaml-invalid-utf8" => {
            write("content/personas/ben.yaml", b"name: Ben\nquote: \"Caf\xe9 au lait\"\nshare: 0.4\n")
        }
        // Windows-1252 text (é, curly quotes, the euro sign) is read as such: no diagnostic.
        "csv-windows-1252" => {
            let mut bytes = HEADER.as_bytes().to_vec();
            bytes.extend_from_slice(b"x-1,2026-05-04,anna,checkout,web,9,5,7,Caf\xe9 \x93top\x94 for \x8010\n");
            write("content/surveys/extra.csv", &bytes);
        }
        // A valid header, then 4 KiB of bytes from a fixed-seed generator: every byte value,
        // control characters, separators and quotes in random places (`-no-nul`: all but 0).
        "csv-invalid-utf8-random" | "csv-invalid-utf8-random-no-nul" => {
            let mut bytes = HEADER.as_bytes().to_vec();
            bytes.extend(random_bytes(4096).filter(|&b| b != 0 || name == "csv-invalid-utf8-random"));
            write("content/surveys/extra.csv", &bytes);
        }
        // Excel's "Unicode Text": UTF-16 little-endian with a byte-order mark.
        "csv-utf16" => {
            let text = format!("{HEADER}x-1,2026-05-04,anna,checkout,web,9,5,7,ok\n");
            let mut bytes = vec![0xff, 0xfe];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            write("content/surveys/extra.csv", &bytes);
        }
        // One comment of 2 MiB (a quoted field, as an export with a runaway cell would have it):
        // big enough to show the cut and the warning, small enough for a debug build to read fast.
        "csv-huge-field" => {
            let size = 2 << 20;
            let sentence = b"The parcel was late again. ";
            let mut bytes = Vec::with_capacity(size + 256);
            bytes.extend_from_slice(HEADER.as_bytes());
            bytes.extend_from_slice(b"x-1,2026-05-04,anna,checkout,web,9,5,7,\"");
            while bytes.len() < size {
                bytes.extend_from_slice(sentence);
            }
            bytes.extend_from_slice(b"\"\nx-2,2026-05-05,ben,checkout,web,8,4,6,short\n");
            write("content/surveys/extra.csv", &bytes);
        }
        other => panic!("tests/corpus/{other}/{GENERATED} exists, but the runner has no generator for it"),
    }
}

/// `count` bytes from a xorshift generator with a fixed seed: the same bytes on every run.
fn random_bytes(count: usize) -> impl Iterator<Item = u8> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count).map(move |_| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 32) as u8
    })
}

/// A line diff of `expected` and `actual` (longest common subsequence), `-`/`+`/` ` prefixed.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // lcs[i][j]: the length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] > lcs[i + 1][j]) {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        } else {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("(the two differ in their final line break)\n");
    }
    out
}

#[test]
fn the_corpus_diff_shows_changed_lines() {
    assert_eq!(diff("a\nb\nc\n", "a\nx\nc\n"), "  a\n- b\n+ x\n  c\n");
    assert_eq!(diff("exit 1\n", "exit 0\n"), "- exit 1\n+ exit 0\n");
}
