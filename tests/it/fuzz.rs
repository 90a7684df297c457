//! A fuzz smoke run on the stable toolchain (`cargo fuzz` needs nightly): valid YAML, CSV and
//! Markdown inputs are mutated at random (a fixed seed, so a failure repeats) and fed to the
//! loader, the survey reader and the Markdown renderer in this process. None may panic; every
//! error names a file; no page, whatever the input, holds a script or an event handler.
//!
//! `CXSITE_FUZZ_CASES=N` runs N cases per target instead of the default (a longer run);
//! `CXSITE_FUZZ_SEED=S` starts from another seed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use cxsite::build::{BuildOptions, ChangedFiles, Session};
use cxsite::render::markdown_to_html;

use crate::Project;

/// A small, fast generator (xorshift64*): the same seed gives the same cases on every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that mean something to YAML, CSV, Markdown or HTML, and some that break encodings.
const BYTES: &[u8] = b"\"':-#,;\t\n\r{}[]|>*&!%@`<>=/\\ 09\x00\xff\xc3\xa9";

/// Pieces that have broken parsers and escapers before.
const PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    "{{ site.title }}",
    "{% if x %}",
    "\r\n",
    "\"\"",
    "\u{feff}",
    "-1e309",
    "NaN",
    "99999999999999999999",
    "../../etc/passwd",
    "- - -",
    ": :",
    "*anchor",
    "&anchor",
    "!!binary",
    "---\n",
    "    ",
    "\t",
    "é",
    "2026-02-30",
    "13/13/2026",
];

/// `input` with one to four random edits: a byte replaced, a piece inserted, a range deleted, a
/// line repeated, or the rest cut off.
fn mutate(input: &[u8], random: &mut Random) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + random.below(4) {
        let at = random.below(out.len() + 1);
        match random.below(5) {
            0 if !out.is_empty() => {
                let last = out.len() - 1;
                out[at.min(last)] = BYTES[random.below(BYTES.len())];
            }
            1 => {
                let piece = PIECES[random.below(PIECES.len())].as_bytes();
                out.splice(at..at, piece.iter().copied());
            }
            2 => {
                let end = (at + 1 + random.below(40)).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 => {
                let start = out[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                let end = out[at..].iter().position(|&b| b == b'\n').map_or(out.len(), |i| at + i + 1);
                let line = out[start..end].to_vec();
                out.splice(end..end, line);
            }
            _ => out.truncate(at),
        }
    }
    out
}

fn cases() -> usize {
    std::env::var("CXSITE_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(150)
}

fn seed() -> u64 {
    std::env::var("CXSITE_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5eed_2026_1124)
}

/// Shows an input in a failure message: printable, and short enough to read.
fn show(input: &[u8]) -> String {
    String::from_utf8_lossy(input).escape_debug().take(4000).collect()
}

/// Mutates `file` of the `shop` fixture `cases()` times and checks the project each time: no
/// panic, every problem at a file of the project. Every tenth case is built into a site whose
/// pages must hold no script.
fn fuzz_project_file(file: &str, salt: u64) {
    let project = Project::fixture("shop");
    project.write("content/notes.md", MARKDOWN);
    let original = std::fs::read(project.dir.join(file)).unwrap();
    let mut random = Random(seed() ^ salt);
    for case in 0..cases() {
        let input = mutate(&original, &mut random);
        std::fs::write(project.dir.join(file), &input).unwrap();
        let build = case % 10 == 0;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let mut session = Session::new(&project.dir, BuildOptions { force: true, ..BuildOptions::default() });
            if build {
                let (result, _) = session.rebuild(&ChangedFiles::everything());
                result.map(|built| built.diagnostics)
            } else {
                session.check(&ChangedFiles::everything())
            }
        }));
        let result = outcome.unwrap_or_else(|_| panic!("{file}, case {case}: cxsite panicked on\n{}", show(&input)));
        if let Err(cxsite::build::BuildError::Invalid(diagnostics)) = &result {
            for problem in diagnostics.sorted() {
                let named = problem.location.path().map(|p| p.to_string_lossy()).unwrap_or_default();
                assert!(
                    named.starts_with("content/") || named == "cxsite.yaml" || named.starts_with("templates"),
                    "{file}, case {case}: a problem without the file: {problem}\ninput:\n{}",
                    show(&input)
                );
            }
        }
        if build && result.is_ok() {
            assert_no_script(&project.dir.join("public"), &format!("{file}, case {case}"), &input);
        }
    }
}

fn assert_no_script(site: &Path, case: &str, input: &[u8]) {
    for entry in walkdir::WalkDir::new(site).into_iter().map(Result::unwrap) {
        if entry.path().extension().is_some_and(|e| e == "html" || e == "svg") {
            let page = std::fs::read_to_string(entry.path()).unwrap();
            if let Some(tag) = active_tag(&page) {
                panic!("{case}: {} holds {tag}\ninput:\n{}", entry.path().display(), show(input));
            }
        }
    }
}

/// The first tag of `html` that could run code: a script-like element, an `on…` event
/// handler, or an address with a script scheme. Text that merely reads like one (escaped, or
/// inside an attribute's quoted value) is fine.
fn active_tag(html: &str) -> Option<&str> {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let (name, attributes, length) = parse_tag(after);
        let tag = &rest[open..open + 1 + length];
        rest = &after[length..];
        if name.is_empty() {
            continue;
        }
        // Browsers skip blanks and control characters in an address's scheme.
        let runs_script = |value: &str| {
            let value: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            ["javascript:", "vbscript:", "data:text/html"].iter().any(|s| value.to_ascii_lowercase().starts_with(s))
        };
        let script_like = ["script", "iframe", "object", "embed"].contains(&name.to_ascii_lowercase().as_str());
        if script_like || attributes.iter().any(|(n, v)| n.to_ascii_lowercase().starts_with("on") || runs_script(v)) {
            return Some(tag);
        }
    }
    None
}

/// A tag's name and attributes, from just after its `<`, and its length up to and with `>`.
/// An empty name for a `<` that opens no tag.
fn parse_tag(text: &str) -> (String, Vec<(String, String)>, usize) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_at = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
    let mut i = 0;
    let word = |i: &mut usize, stop: &dyn Fn(char) -> bool| {
        let start = *i;
        while chars.get(*i).is_some_and(|&(_, c)| !stop(c)) {
            *i += 1;
        }
        text[end_at(start)..end_at(*i)].to_string()
    };
    if !chars.first().is_some_and(|(_, c)| c.is_ascii_alphabetic()) {
        return (String::new(), Vec::new(), 0);
    }
    let name = word(&mut i, &|c| c.is_whitespace() || c == '>' || c == '/');
    let mut attributes = Vec::new();
    loop {
        while chars.get(i).is_some_and(|&(_, c)| c.is_whitespace() || c == '/') {
            i += 1;
        }
        match chars.get(i) {
            None => return (name, attributes, text.len()),
            Some((at, '>')) => return (name, attributes, at + 1),
            _ => {}
        }
        let attribute = word(&mut i, &|c| c.is_whitespace() || c == '=' || c == '>');
        let mut value = String::new();
        if chars.get(i).is_some_and(|&(_, c)| c == '=') {
            i += 1;
            match chars.get(i).map(|&(_, c)| c) {
                Some(quote @ ('"' | '\'')) => {
                    i += 1;
                    value = word(&mut i, &|c| c == quote);
                    i += 1;
                }
                _ => value = word(&mut i, &|c| c.is_whitespace() || c == '>'),
            }
        }
        attributes.push((attribute, value));
    }
}

#[test]
fn the_script_check_tells_tags_from_text() {
    assert_eq!(active_tag("<p>&lt;svg onload=alert(1)&gt; javascript: is text</p>"), None);
    assert_eq!(active_tag("<p>a</p><svg onload=alert(1)>"), Some("<svg onload=alert(1)>"));
    assert_eq!(active_tag("<a href=\"JavaScript:alert(1)\">x</a>"), Some("<a href=\"JavaScript:alert(1)\">"));
    assert_eq!(active_tag("<SCRIPT>"), Some("<SCRIPT>"));
    assert_eq!(active_tag("<img src=x\nonerror=alert(1)>"), Some("<img src=x\nonerror=alert(1)>"));
    assert_eq!(active_tag("<a class=\"anchor\" href=\"#one\">#</a>"), None);
    assert_eq!(active_tag("<a href=\"%5Bx%5D(javascript:alert(1))\">"), None, "a relative address");
    assert_eq!(active_tag("<a href=\" java\tscript:alert(1)\">"), Some("<a href=\" java\tscript:alert(1)\">"));
    assert_eq!(active_tag("<div id=\"&lt;svg onload=alert(1)&gt;1\">"), None, "inside a quoted value");
    assert_eq!(active_tag("<div id='x' onclick='y'>"), Some("<div id='x' onclick='y'>"));
}

#[test]
fn fuzzed_journey_yaml_never_panics_and_is_located() {
    fuzz_project_file("content/journeys/buy.yaml", 1);
}

#[test]
fn fuzzed_persona_and_settings_yaml_never_panic_and_are_located() {
    fuzz_project_file("content/personas/anna.yaml", 2);
    fuzz_project_file("cxsite.yaml", 3);
}

#[test]
fn fuzzed_survey_csv_never_panics_and_is_located() {
    fuzz_project_file("content/surveys/a.csv", 4);
}

/// A Markdown page with what the renderer treats specially.
const MARKDOWN: &str = "---\ntitle: Notes\nweight: 2\n---\n## Heading *one*\n\nText with [a link](https://example.com), \
                        `code`, a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nA footnote[^1].\n\n[^1]: The note.\n\n\
                        <b>bold</b> and <img src=x>\n";

#[test]
fn fuzzed_markdown_pages_never_panic_and_never_let_a_script_through() {
    fuzz_project_file("content/notes.md", 5);
    // The renderer alone, ten times as many cases.
    let mut random = Random(seed() ^ 6);
    for case in 0..cases() * 10 {
        let input = mutate(MARKDOWN.as_bytes(), &mut random);
        let text = String::from_utf8_lossy(&input);
        let html = catch_unwind(|| markdown_to_html(&text, false))
            .unwrap_or_else(|_| panic!("case {case}: panicked on\n{}", show(&input)));
        if let Some(tag) = active_tag(&html) {
            panic!("case {case}: the page holds {tag}:\n{html}\ninput:\n{}", show(&input));
        }
    }
}
