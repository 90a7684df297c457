//! The served site and its live reload: the latest good build, or the problems of a failed one.
//!
//! Every rebuild bumps a generation number and wakes the open event streams; the script each
//! served page carries reloads the page on the next generation. Nothing of this is written to
//! disk, so `cxsite build` output never holds the script.

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::build::BuildError;
use crate::diagnostics::{Severity, with_causes};
use crate::render::OutputFile;
use crate::render::charts::escape;

/// The path of the event stream; no page of a site can have it (ids may not start with `_`).
pub const EVENTS_PATH: &str = "/__cxsite/events";

/// What the server answers from, replaced whole on every rebuild.
#[derive(Default, Clone)]
pub struct Snapshot {
    /// The last good build's files, by path under the output folder.
    pub files: Arc<BTreeMap<String, Vec<u8>>>,
    /// The problems of the last rebuild, as an HTML page, when it failed.
    pub failure: Option<Arc<String>>,
    /// Counts rebuilds; pages reload when it moves past the one they were served at. 0 until
    /// the first build is published (good or failed).
    pub generation: u64,
}

/// The snapshot shared by the watch loop and the connections.
#[derive(Default)]
pub struct LiveSite {
    snapshot: Mutex<Snapshot>,
    rebuilt: Condvar,
}

impl LiveSite {
    /// Publishes a good build: its files are served from now on.
    pub fn publish(&self, files: &[OutputFile]) {
        let files = files.iter().map(|f| (f.path.clone(), f.bytes.clone())).collect();
        self.update(|snapshot| {
            snapshot.files = Arc::new(files);
            snapshot.failure = None;
        });
    }

    /// Publishes a failed build: pages show its problems until a build succeeds again.
    pub fn fail(&self, error: &BuildError) {
        let page = Arc::new(failure_page(error));
        self.update(|snapshot| snapshot.failure = Some(page));
    }

    fn update(&self, change: impl FnOnce(&mut Snapshot)) {
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        change(&mut snapshot);
        snapshot.generation += 1;
        self.rebuilt.notify_all();
    }

    /// The current snapshot (cheap: its files are shared, not copied).
    pub fn current(&self) -> Snapshot {
        self.snapshot.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits until the generation passes `seen`, or `timeout`; returns the generation and
    /// whether the site is failing, or `None` on timeout.
    pub fn wait_past(&self, seen: u64, timeout: Duration) -> Option<(u64, bool)> {
        let snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let (snapshot, _) = self
            .rebuilt
            .wait_timeout_while(snapshot, timeout, |s| s.generation <= seen)
            .unwrap_or_else(|e| e.into_inner());
        (snapshot.generation > seen).then(|| (snapshot.generation, snapshot.failure.is_some()))
    }
}

/// The script served pages carry: reload when a rebuild finishes (or fails).
pub fn reload_script(generation: u64) -> String {
    format!(
        "<script>/* cxsite serve: live reload */(function(){{var s=new EventSource(\"{EVENTS_PATH}?since={generation}\");\
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
        assert!(page.contains("since=7"));
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
        assert_eq!(waiter.join().unwrap(), Some((1, false)));
        assert_eq!(site.wait_past(1, Duration::from_millis(1)), None);
    }
}
