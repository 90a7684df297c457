//! The served site and its live reload: the latest good build, or the problems of a failed one.
//!
//! Every rebuild bumps a generation number and wakes the open event streams. Each served page
//! carries a script that names its page and the generation it was served at; the stream tells
//! it to reload once that page (or a style sheet, or the build's failure) changed since. A
//! page open in a browser is rendered first and published on its own
//! ([`LiveSite::publish_page`]), so it reloads before the rest of the site is done. Nothing of
//! this is written to disk, so `cxsite build` output never holds the script.

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::build::BuildError;
use crate::diagnostics::{Severity, with_causes};
use crate::render::OutputFile;
use crate::render::charts::escape;
use crate::write::Preview;

/// The path of the event stream; no page of a site can have it (ids may not start with `_`).
pub const EVENTS_PATH: &str = "/__cxsite/events";

/// What the server answers from, replaced whole on every rebuild.
#[derive(Default, Clone)]
pub struct Snapshot {
    /// The last good build's files, by path under the output folder.
    pub files: Arc<BTreeMap<String, Arc<[u8]>>>,
    /// The problems of the last rebuild, as an HTML page, when it failed.
    pub failure: Option<Arc<String>>,
    /// Counts rebuilds; pages reload when it moves past the one they were served at. 0 until
    /// the first build is published (good or failed).
    pub generation: u64,
    /// The generation in which each file last changed (came, went or got other bytes).
    changed_at: Arc<BTreeMap<String, u64>>,
    /// The generation in which every page last changed: a build failed or recovered, or a file
    /// every page uses (a style sheet, the logo) changed.
    all_changed_at: u64,
}

impl Snapshot {
    /// Whether the page at `file` (`None`: any page) changed after generation `served`.
    pub fn changed_since(&self, file: Option<&str>, served: u64) -> bool {
        let Some(file) = file else { return self.generation > served };
        self.all_changed_at > served || self.changed_at.get(file).is_some_and(|&at| at > served)
    }
}

/// The snapshot shared by the watch loop and the connections.
#[derive(Default)]
pub struct LiveSite {
    snapshot: Mutex<Snapshot>,
    rebuilt: Condvar,
    /// The pages open in a browser (their event streams), by file path, with how many tabs.
    open: Mutex<BTreeMap<String, usize>>,
}

impl LiveSite {
    /// Publishes a good build: its files are served from now on.
    pub fn publish(&self, files: &[OutputFile]) {
        let files: BTreeMap<String, Arc<[u8]>> =
            files.iter().map(|f| (f.path.clone(), Arc::from(f.bytes.as_slice()))).collect();
        self.update(|snapshot, generation| {
            let mut changed_at = (*snapshot.changed_at).clone();
            let before = &snapshot.files;
            let came_or_changed = files.iter().filter(|(path, bytes)| before.get(*path) != Some(bytes));
            let went = before.keys().filter(|path| !files.contains_key(*path));
            let mut every_page = snapshot.failure.is_some() || snapshot.generation == 0;
            for path in came_or_changed.map(|(path, _)| path).chain(went) {
                every_page |= used_by_every_page(path);
                changed_at.insert(path.clone(), generation);
            }
            if every_page {
                snapshot.all_changed_at = generation;
            }
            snapshot.changed_at = Arc::new(changed_at);
            snapshot.files = Arc::new(files);
            snapshot.failure = None;
        });
    }

    /// Publishes one page of a build still running: the one a browser shows, done first.
    pub fn publish_page(&self, path: &str, bytes: &[u8]) {
        let snapshot = self.current();
        // Before the first site there is nothing for the page to stand in (no style sheet); the
        // failure page stays until a whole build is published.
        if snapshot.generation == 0
            || snapshot.failure.is_some()
            || snapshot.files.get(path).is_some_and(|old| **old == *bytes)
        {
            return;
        }
        self.update(|snapshot, generation| {
            Arc::make_mut(&mut snapshot.files).insert(path.to_string(), Arc::from(bytes));
            Arc::make_mut(&mut snapshot.changed_at).insert(path.to_string(), generation);
        });
    }

    /// Publishes a failed build: pages show its problems until a build succeeds again.
    pub fn fail(&self, error: &BuildError) {
        let page = Arc::new(failure_page(error));
        self.update(|snapshot, generation| {
            snapshot.failure = Some(page);
            snapshot.all_changed_at = generation;
        });
    }

    fn update(&self, change: impl FnOnce(&mut Snapshot, u64)) {
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let generation = snapshot.generation + 1;
        change(&mut snapshot, generation);
        snapshot.generation = generation;
        self.rebuilt.notify_all();
    }

    /// The current snapshot (cheap: its files are shared, not copied).
    pub fn current(&self) -> Snapshot {
        self.snapshot.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits until the generation passes `seen`, or `timeout`; returns the snapshot then, or
    /// `None` on timeout.
    pub fn wait_past(&self, seen: u64, timeout: Duration) -> Option<Snapshot> {
        let snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let (snapshot, _) = self
            .rebuilt
            .wait_timeout_while(snapshot, timeout, |s| s.generation <= seen)
            .unwrap_or_else(|e| e.into_inner());
        (snapshot.generation > seen).then(|| snapshot.clone())
    }

    /// Notes a browser showing the page at `file` until the returned guard is dropped.
    pub fn open_page(&self, file: &str) -> OpenPage<'_> {
        *self.open.lock().unwrap_or_else(|e| e.into_inner()).entry(file.to_string()).or_default() += 1;
        OpenPage { site: self, file: file.to_string() }
    }
}

/// A page open in a browser, while its event stream lasts.
pub struct OpenPage<'a> {
    site: &'a LiveSite,
    file: String,
}

impl Drop for OpenPage<'_> {
    fn drop(&mut self) {
        let mut open = self.site.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tabs) = open.get_mut(&self.file) {
            *tabs -= 1;
            if *tabs == 0 {
                open.remove(&self.file);
            }
        }
    }
}

impl Preview for LiveSite {
    fn open_pages(&self) -> Vec<String> {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).keys().cloned().collect()
    }

    fn page_ready(&self, path: &str, bytes: &[u8]) {
        self.publish_page(path, bytes);
    }
}

/// Whether every page shows something of the file at `path`: its style sheets, scripts and
/// images do; other pages, `data/` and the sitemap do not.
fn used_by_every_page(path: &str) -> bool {
    !path.ends_with(".html") && !path.starts_with("data/") && path != "sitemap.xml"
}

/// The script served pages carry: reload when their page changes (or the build fails).
pub fn reload_script(generation: u64) -> String {
    format!(
        "<script>/* cxsite serve: live reload */(function(){{var s=new EventSource(\"{EVENTS_PATH}?since={generation}&page=\"+encodeURIComponent(location.pathname));\
         function r(){{s.close();location.reload();}}s.addEventListener(\"reload\",r);s.addEventListener(\"failed\",r);}})();</script>"
    )
}

/// Adds the reload script to an HTML page, before `</body>` (or at the end).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let script = reload_script(generation);
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut page = Vec::with_capacity(html.len() + script.len());
    page.extend_from_slice(&html[..at]);
    page.extend_from_slice(script.as_bytes());
    page.extend_from_slice(&html[at..]);
    page
}

/// The page shown until the first build is published; its reload script brings the site.
pub const BUILDING_PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Building… · cxsite</title></head><body style=\"font:16px/1.5 system-ui,sans-serif;max-width:50rem;\
margin:2rem auto;padding:0 1rem\"><h1>Building…</h1><p>The first build is running; this page reloads \
by itself when it is done.</p></body></html>";

/// The page shown instead of the site while the project has problems.
fn failure_page(error: &BuildError) -> String {
    let items: Vec<String> = match error {
        BuildError::Invalid(diagnostics) | BuildError::Unreadable(diagnostics) => diagnostics
            .sorted()
            .into_iter()
            .map(|d| {
                let label = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let hint =
                    d.hint.as_deref().map(|h| format!("<p class=\"hint\">{}</p>", escape(h))).unwrap_or_default();
                format!(
                    "<li class=\"{label}\"><code>{}</code> <strong>{label}</strong>: {}{hint}</li>",
                    escape(&d.location.to_string()),
                    escape(&d.message)
                )
            })
            .collect(),
        BuildError::Write(error) => {
            let (error, hint) = (escape(&with_causes(error)), escape(error.hint()));
            vec![format!("<li class=\"error\">{error}<p class=\"hint\">{hint}</p></li>")]
        }
    };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed · cxsite</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>{FAILURE_STYLE}</style></head>\
         <body><main><h1>The build failed</h1><p>Fix these problems and save: this page reloads by itself. \
         The last good site comes back as soon as the project builds.</p><ul>{}</ul></main></body></html>",
        items.join("")
    )
}

const FAILURE_STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fff5f5;color:#1f1f1f}\
main{max-width:60rem;margin:2rem auto;padding:0 1rem}h1{color:#a4161a}ul{padding:0;list-style:none}\
li{background:#fff;border-left:4px solid #a4161a;margin:.75rem 0;padding:.75rem 1rem;border-radius:4px}\
li.warning{border-color:#9a6700}code{font-weight:600}.hint{margin:.25rem 0 0;color:#555}";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Diagnostics, Location};

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let page = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", 7)).unwrap();
        assert!(page.contains("<p>x</p><script>"), "{page}");
        assert!(page.contains("since=7&page="));
        assert!(page.ends_with("</script></body></html>"));
    }

    #[test]
    fn the_failure_page_escapes_the_problems() {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(
            Diagnostic::error(Location::at("content/journeys/a.yaml", 3, 5), "unknown key `<script>`")
                .with_hint("did you mean `name`?"),
        );
        let page = failure_page(&BuildError::Invalid(diagnostics));
        assert!(page.contains("content/journeys/a.yaml:3:5"));
        assert!(page.contains("unknown key `&lt;script&gt;`"));
        assert!(!page.contains("<script>"));
        // Sentences are not run together by the string's line continuation.
        assert!(page.contains("reloads by itself. The last good site"), "{page}");
    }

    #[test]
    fn waiting_returns_once_the_generation_moves() {
        let site = Arc::new(LiveSite::default());
        let waiter = {
            let site = site.clone();
            std::thread::spawn(move || site.wait_past(0, Duration::from_secs(10)))
        };
        site.publish(&[]);
        assert_eq!(waiter.join().unwrap().map(|s| (s.generation, s.failure.is_some())), Some((1, false)));
        assert!(site.wait_past(1, Duration::from_millis(1)).is_none());
    }

    #[test]
    fn a_page_reloads_when_it_changed_a_style_sheet_changed_or_the_build_failed() {
        let file = |path: &str, text: &str| OutputFile { path: path.into(), bytes: text.as_bytes().to_vec() };
        let site = LiveSite::default();
        site.publish(&[file("index.html", "home"), file("a/index.html", "a"), file("static/s.css", "x")]);
        let first = site.current();
        assert!(first.changed_since(Some("a/index.html"), 0), "the first build reloads every page");
        // Only the summary changed, and the figures' file: the other page stays.
        site.publish(&[file("index.html", "home 2"), file("a/index.html", "a"), file("static/s.css", "x")]);
        let second = site.current();
        assert!(second.changed_since(Some("index.html"), 1));
        assert!(!second.changed_since(Some("a/index.html"), 1));
        assert!(second.changed_since(None, 1), "a stream that names no page reloads on every build");
        // A page published ahead of its build is not reloaded again when the build is; before
        // the first build, a page alone is not published.
        let fresh = LiveSite::default();
        fresh.publish_page("a/index.html", b"a");
        assert_eq!(fresh.current().generation, 0);
        site.publish_page("a/index.html", b"a 2");
        assert!(site.current().changed_since(Some("a/index.html"), 2));
        site.publish(&[file("index.html", "home 2"), file("a/index.html", "a 2"), file("static/s.css", "x")]);
        assert!(!site.current().changed_since(Some("a/index.html"), 3));
        // A style sheet reaches every page; so do a failure and the recovery after it.
        site.publish(&[file("index.html", "home 2"), file("a/index.html", "a 2"), file("static/s.css", "y")]);
        assert!(site.current().changed_since(Some("a/index.html"), 4));
        site.fail(&BuildError::Invalid(Diagnostics::default()));
        assert!(site.current().changed_since(Some("a/index.html"), 5));
        site.publish(&[file("index.html", "home 2"), file("a/index.html", "a 2"), file("static/s.css", "y")]);
        assert!(site.current().changed_since(Some("a/index.html"), 6));
        // A page that went is a change (its tab shows the 404 page after a reload).
        site.publish(&[file("index.html", "home 2"), file("static/s.css", "y")]);
        assert!(site.current().changed_since(Some("a/index.html"), 7));
    }

    #[test]
    fn open_pages_are_counted_by_tab() {
        let site = LiveSite::default();
        let one = site.open_page("a/index.html");
        let two = site.open_page("a/index.html");
        assert_eq!(site.open_pages(), ["a/index.html"]);
        drop(one);
        assert_eq!(site.open_pages(), ["a/index.html"]);
        drop(two);
        assert!(site.open_pages().is_empty());
    }
}
