//! Integration tests: build fixture projects from `tests/fixtures/` with the real binary and
//! check the pages, the figures and the diagnostics.

mod alerts;
mod browser;
mod corpus;
mod errors;
mod exports;
mod faults;
mod fuzz;
mod gaps;
mod metrics;
mod output;
mod safety;
mod segment_maps;
mod serve;
mod site;
mod targets;
mod value;
mod warehouse;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture project copied into a fresh temporary folder, so builds never touch `tests/fixtures/`.
pub struct Project {
    pub dir: PathBuf,
}

impl Project {
    /// Copies `tests/fixtures/<name>` into a new temporary folder.
    pub fn fixture(name: &str) -> Project {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        let project = Project::empty(name);
        copy_dir(&source, &project.dir);
        project
    }

    /// A project of the corpus base's journeys and personas (touchpoints `product-page` and
    /// `checkout`) with `settings` as its cxsite.yaml, for a test to add its survey data.
    pub fn on_base(label: &str, settings: &str) -> Project {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/_base/content");
        let project = Project::empty(label);
        copy_dir(&base.join("journeys"), &project.dir.join("content/journeys"));
        copy_dir(&base.join("personas"), &project.dir.join("content/personas"));
        project.write("cxsite.yaml", settings);
        project
    }

    /// A new empty temporary folder, unique to this test process and `label`.
    pub fn empty(label: &str) -> Project {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("cxsite-it-{}-{label}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Project { dir }
    }

    /// `cxsite <args>` in the project folder, without colours and without the developer's
    /// own `CXSITE_PERIOD`, which would change what every build reports.
    pub fn command(&self, args: &[&str]) -> Command {
        command_in(&self.dir, args)
    }

    /// Runs `cxsite <args>` in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().unwrap())
    }

    /// Writes a file of the project (creating folders).
    pub fn write(&self, path: &str, text: &str) {
        let path = self.dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Reads a file of the project or its output.
    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// `public/data/metrics.json`, parsed.
    pub fn metrics(&self) -> serde_json::Value {
        serde_json::from_str(&self.read("public/data/metrics.json")).unwrap()
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// `cxsite <args>` in `dir`, without colours and without the developer's own `CXSITE_PERIOD`.
pub fn command_in(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cxsite"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1").env_remove("CXSITE_PERIOD");
    command
}

/// The result of one command.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Panics with the output unless the exit code is `code`.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(self.code, code, "exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The metric object of `group`/`id` in `period` from metrics.json.
pub fn metric<'a>(metrics: &'a serde_json::Value, group: &str, id: &str, period: &str) -> &'a serde_json::Value {
    metrics["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["group"] == group && m["id"] == id && m["period"] == period)
        .unwrap_or_else(|| panic!("no metrics for {group} {id:?} {period}"))
}

/// Asserts that two numbers agree to 1e-9 (figures computed by hand in the test).
pub fn assert_close(actual: &serde_json::Value, expected: f64) {
    let actual = actual.as_f64().unwrap_or_else(|| panic!("not a number: {actual}"));
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), fs::read(e.path()).unwrap()))
        .collect()
}
