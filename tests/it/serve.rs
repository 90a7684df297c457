//! `cxsite serve` and `cxsite watch` as an analyst uses them: start, edit files (valid and
//! broken), and watch the reload events, the served pages and the log.

use super::{Project, snapshot};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(20);

/// A running `cxsite serve` or `watch`, its log lines, and (for serve) its address.
struct Server {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    address: String,
}

impl Server {
    fn start(project: &Project, args: &[&str]) -> Server {
        let mut child = project.command(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        let mut server = Server { child, stdout, stderr, address: String::new() };
        if args[0] == "serve" {
            let line = server.wait_for_line("Serving");
            let start = line.find("http://").unwrap() + "http://".len();
            server.address = line[start..].split('/').next().unwrap().to_string();
        }
        server
    }

    /// The next stdout line containing `text` (earlier lines are skipped).
    fn wait_for_line(&self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Ok(line) = self.stdout.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if line.contains(text) {
                return line;
            }
        }
        panic!("no line with {text:?}; stderr: {}", self.stderr.try_iter().collect::<Vec<_>>().join("\n"));
    }

    fn get(&self, path: &str) -> Response {
        self.send(&format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.address))
    }

    /// Sends `request` as it is and reads the answer to the end.
    fn send(&self, request: &str) -> Response {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        Response { status: head[9..12].parse().unwrap(), head: head.to_string(), body: body.to_string() }
    }

    /// Opens the reload event stream, after the events up to `since`.
    fn events(&self, since: u64) -> Events {
        self.event_stream(&format!("since={since}"))
    }

    /// Opens the reload event stream of a tab showing `page`, served at generation `since`.
    fn events_for(&self, since: u64, page: &str) -> Events {
        self.event_stream(&format!("since={since}&page={}", page.replace('/', "%2F")))
    }

    fn event_stream(&self, query: &str) -> Events {
        let stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(&stream, "GET /__cxsite/events?{query} HTTP/1.1\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        Events { reader }
    }

    /// Stops it as Ctrl-C would; returns the exit code.
    fn interrupt(mut self) -> i32 {
        let status = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The name of the next event (`reload` or `failed`), skipping keep-alive comments.
    fn next(&mut self) -> String {
        self.next_with_generation().0
    }

    /// The next event's name and the generation it reports.
    fn next_with_generation(&mut self) -> (String, u64) {
        let (mut name, mut generation) = (None, 0);
        loop {
            let mut line = String::new();
            let read = self.reader.read_line(&mut line).expect("an event within the timeout");
            assert!(read > 0, "the event stream closed");
            let line = line.trim_end();
            if let Some(event) = line.strip_prefix("event: ") {
                name = Some(event.to_string());
            } else if let Some(data) = line.strip_prefix("data: ") {
                generation = data.parse().unwrap();
            } else if line.is_empty()
                && let Some(name) = name.take()
            {
                return (name, generation);
            }
        }
    }
}

#[test]
fn a_tab_reloads_when_its_own_page_changed_as_soon_as_that_page_is_written() {
    let project = Project::fixture("shop");
    project.write("content/notes.md", "---\ntitle: Notes\n---\nFirst notes.\n");
    let server = Server::start(&project, &["serve", "--port", "0"]);
    server.wait_for_line("first build");
    let mut notes = server.events_for(0, "/notes/");
    let mut buy = server.events_for(0, "/journeys/buy/");
    assert_eq!(notes.next(), "reload", "the first build");
    assert_eq!(buy.next(), "reload", "the first build");

    // The notes' words: their tab reloads, onto the new page; the journey's tab does not.
    project.write("content/notes.md", "---\ntitle: Notes\n---\nSecond notes.\n");
    let (event, at_notes) = notes.next_with_generation();
    assert_eq!(event, "reload");
    assert!(server.get("/notes/").body.contains("Second notes."));
    server.wait_for_line("content/notes.md changed");
    // The journey's title: now its tab reloads, and this is the first event it gets.
    let journey = project.read("content/journeys/buy.yaml");
    project.write("content/journeys/buy.yaml", &journey.replace("title: Buying", "title: Buying plants"));
    let (event, at_buy) = buy.next_with_generation();
    assert_eq!(event, "reload");
    assert!(at_buy > at_notes + 1, "the notes edit ({at_notes}) did not wake the journey's tab ({at_buy})");
    assert!(server.get("/journeys/buy/").body.contains("Buying plants"));
    server.wait_for_line("content/journeys/buy.yaml changed");
    // A new title for the notes is in every page's navigation: both tabs reload.
    project.write("content/notes.md", "---\ntitle: Field notes\n---\nSecond notes.\n");
    assert_eq!(notes.next(), "reload");
    assert_eq!(buy.next(), "reload");
    assert!(server.get("/journeys/buy/").body.contains("Field notes"));
    assert_eq!(server.interrupt(), 0);
    project.run(&["build", "--output", "fresh"]).expect(0);
    assert_eq!(snapshot(&project.dir.join("public")), snapshot(&project.dir.join("fresh")));
}

#[test]
fn serve_reloads_pages_on_every_save_and_shows_problems_in_the_browser() {
    let project = Project::fixture("shop");
    project.write("content/notes.md", "---\ntitle: Notes\n---\nFirst notes.\n");
    let server = Server::start(&project, &["serve", "--port", "0"]);
    let mut events = server.events(0);
    assert_eq!(events.next(), "reload", "the first build");
    server.wait_for_line("first build");

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.head.contains("Content-Type: text/html; charset=utf-8"), "{}", home.head);
    assert!(home.body.contains("EventSource(\"/__cxsite/events"), "served pages carry the reload script");
    let written = project.read("public/index.html");
    assert!(written.contains("Fixture shop") && !written.contains("EventSource"), "never in the written site");
    let css = server.get("/static/style.css");
    assert!(css.head.contains("Content-Type: text/css"), "{}", css.head);
    assert_eq!(server.get("/notes/").status, 200);

    // A journey edit re-analyses without reading the surveys again.
    let journey = project.read("content/journeys/buy.yaml");
    project.write("content/journeys/buy.yaml", &journey.replace("title: Buying", "title: Buying plants"));
    assert_eq!(events.next(), "reload");
    let log = server.wait_for_line("content/journeys/buy.yaml changed");
    assert!(log.contains("surveys reused") && log.contains("re-analysed"), "{log}");
    assert!(server.get("/journeys/buy/").body.contains("Buying plants"));

    // A broken file: the browser gets the problems instead of the stale page.
    project.write("content/journeys/buy.yaml", "title: Buying\nstages: [\n");
    assert_eq!(events.next(), "failed");
    let failing = server.get("/journeys/buy/");
    assert_eq!(failing.status, 500);
    assert!(failing.body.contains("content/journeys/buy.yaml:"), "{}", failing.body);
    assert!(failing.body.contains("EventSource"), "the problem page reloads itself when fixed");

    // Fixing it brings the site back by itself.
    project.write("content/journeys/buy.yaml", &journey);
    assert_eq!(events.next(), "reload");
    assert_eq!(server.get("/journeys/buy/").status, 200);

    // A survey edit re-reads that file only.
    let survey = project.dir.join("content/surveys/b.csv");
    std::fs::write(&survey, std::fs::read(&survey).unwrap()).unwrap();
    assert_eq!(events.next(), "reload");
    let log = server.wait_for_line("content/surveys/b.csv changed");
    assert!(log.contains("re-read content/surveys/b.csv") && !log.contains("a.csv"), "{log}");

    // A removed page disappears; a reference to a removed persona becomes a problem.
    std::fs::remove_file(project.dir.join("content/notes.md")).unwrap();
    assert_eq!(events.next(), "reload");
    let gone = server.get("/notes/");
    assert_eq!(gone.status, 404);
    assert!(gone.body.contains("No page at /notes/") && gone.body.contains("href=\"/scores/\""), "{}", gone.body);
    std::fs::remove_file(project.dir.join("content/personas/ben.yaml")).unwrap();
    assert_eq!(events.next(), "failed");
    assert!(server.get("/").body.contains("ben"), "the problem names the missing persona");

    assert_eq!(server.interrupt(), 0, "Ctrl-C stops cleanly");
}

#[test]
fn the_server_never_leaves_the_site() {
    let project = Project::fixture("shop");
    let server = Server::start(&project, &["serve", "--port", "0"]);
    server.events(0).next();
    for path in ["/../cxsite.yaml", "/%2e%2e/cxsite.yaml", "/static/..%2f..%2fcxsite.yaml", "/..\\cxsite.yaml"] {
        let response = server.get(path);
        assert!(response.status == 400 || response.status == 404, "{path}: {}", response.status);
        assert!(!response.body.contains("Fixture shop\nmin_responses"), "{path} leaked the settings");
    }
    let moved = server.get("/journeys/buy?period=2026-Q1");
    assert_eq!(moved.status, 307, "a folder without its slash is redirected, for now only");
    assert!(moved.head.contains("Location: /journeys/buy/?period=2026-Q1\r\n"), "{}", moved.head);
    assert!(moved.head.contains("Cache-Control: no-store"), "{}", moved.head);
}

#[test]
fn the_server_answers_bad_requests_and_cuts_off_slow_clients() {
    let project = Project::fixture("shop");
    let server = Server::start(&project, &["serve", "--port", "0"]);
    server.events(0).next();
    assert_eq!(server.send("\r\n").status, 400, "a blank request line");
    let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(200));
    assert_eq!(server.send(&many).status, 431);
    let events = server.send("HEAD /__cxsite/events HTTP/1.1\r\n\r\n");
    assert!(events.status == 200 && events.head.contains("text/event-stream") && events.body.is_empty());

    // One header line a second: the connection ends once the head has taken 10 s.
    let started = Instant::now();
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let mut answer = Vec::new();
    while started.elapsed() < PATIENCE && stream.write_all(b"X-Slow: 1\r\n").is_ok() {
        if stream.read_to_end(&mut answer).is_ok() {
            break;
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    // The deadline's length is a unit test of http.rs; here: a slow head ends in a 408.
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
}

#[test]
fn a_page_of_another_site_cannot_read_the_report_through_a_rebound_name() {
    let project = Project::fixture("shop");
    let server = Server::start(&project, &["serve", "--port", "0"]);
    server.events(0).next();
    // DNS rebinding: the browser sends the attacker's name in `Host`.
    let rebound = server.send("GET /data/metrics.json HTTP/1.1\r\nHost: evil.example:1111\r\n\r\n");
    assert_eq!(rebound.status, 421, "{}", rebound.head);
    assert!(!rebound.body.contains("\"metrics\""), "{}", rebound.body);
    for host in ["localhost", &server.address, "LOCALHOST:80"] {
        let ok = server.send(&format!("GET /data/metrics.json HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert_eq!(ok.status, 200, "{host}");
    }
}

#[test]
fn open_event_streams_cannot_starve_page_requests() {
    let project = Project::fixture("shop");
    let server = Server::start(&project, &["serve", "--port", "0"]);
    let mut first = server.events(0);
    first.next();
    // Far more tabs than anyone keeps open, each holding its stream (with the first, 81).
    let mut held = Vec::new();
    let mut refused = 0;
    for _ in 0..80 {
        let stream = TcpStream::connect(&server.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(&stream, "GET /__cxsite/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        // Past the budget a stream ends at once, telling the tab to come back later (an
        // accepted one says `retry: 500`, for reconnecting after a restart).
        let retry = retry_line(&mut reader);
        refused += usize::from(retry == "retry: 5000");
        held.push(reader);
    }
    assert_eq!(refused, 81 - 64, "streams past the budget end with a retry");
    assert_eq!(server.get("/").status, 200, "pages are still served");
    // Tabs that close free their places within moments.
    drop(held);
    drop(first);
    let deadline = Instant::now() + PATIENCE;
    loop {
        let stream = TcpStream::connect(&server.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(&stream, "GET /__cxsite/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        if retry_line(&mut BufReader::new(stream)) == "retry: 500" {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        assert!(Instant::now() < deadline, "no place was freed");
    }
}

/// The `retry:` line of an event stream's answer.
fn retry_line(reader: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
        if line.starts_with("retry:") {
            return line.trim_end().to_string();
        }
        line.clear();
    }
    String::new()
}

#[test]
fn a_taken_port_is_named_with_one_to_try_instead() {
    let project = Project::fixture("shop");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = project.run(&["serve", "--port", &port]).expect(2);
    assert!(run.stderr.contains("already in use"), "{}", run.stderr);
    assert!(run.stderr.contains("cxsite serve --port "), "{}", run.stderr);
}

#[test]
fn watch_rebuilds_once_for_a_burst_of_saves_and_ignores_editor_files() {
    let project = Project::fixture("shop");
    let server = Server::start(&project, &["watch"]);
    server.wait_for_line("first build");
    // A checkout touching many files, with an editor's swap and backup files among them.
    for name in ["anna", "ben"] {
        let text = project.read(&format!("content/personas/{name}.yaml"));
        project.write(&format!("content/personas/{name}.yaml"), &format!("{text}\n"));
    }
    project.write("content/personas/.anna.yaml.swp", "swap");
    project.write("content/personas/anna.yaml~", "backup");
    let log = server.wait_for_line("changed");
    assert!(log.contains("anna.yaml") && log.contains("ben.yaml"), "one rebuild for the burst: {log}");
    assert!(!log.contains(".swp") && !log.contains("yaml~"), "{log}");
    // Editor files alone trigger nothing; the next rebuild is the next real save.
    project.write("content/personas/.ben.yaml.swp", "swap");
    project.write("templates/partials/footer.html", "<footer>Our footer</footer>");
    let log = server.wait_for_line("changed");
    assert!(log.starts_with("templates") && log.contains("reloaded the theme"), "{log}");
    assert!(!log.contains("swp") && !log.contains("re-analysed"), "{log}");
    assert!(project.read("public/index.html").contains("Our footer"));
    // An editor that saves by writing a temporary file and renaming it over the real one.
    let anna = project.read("content/personas/anna.yaml");
    project.write("content/personas/anna.yaml.tmp", &anna.replace("name: ", "name: Renamed "));
    std::fs::rename(project.dir.join("content/personas/anna.yaml.tmp"), project.dir.join("content/personas/anna.yaml"))
        .unwrap();
    let log = server.wait_for_line("changed");
    assert!(log.starts_with("content/personas/anna.yaml changed") && !log.contains(".tmp"), "{log}");
    assert!(project.read("public/personas/anna/index.html").contains("Renamed "));
    assert_eq!(server.interrupt(), 0);
    // What the rebuilds left is exactly what a fresh build makes.
    project.run(&["build", "--output", "fresh"]).expect(0);
    assert_eq!(snapshot(&project.dir.join("public")), snapshot(&project.dir.join("fresh")));
}

#[test]
fn watch_with_poll_sees_saves_without_file_events() {
    let project = Project::fixture("shop");
    let server = Server::start(&project, &["watch", "--poll"]);
    server.wait_for_line("first build");
    project.write("content/intro.md", "---\ntitle: Intro\n---\nHello.\n");
    let log = server.wait_for_line("changed");
    assert!(log.contains("content/intro.md") && !log.contains("re-analysed"), "{log}");
    assert!(project.read("public/intro/index.html").contains("Hello."));
}

/// Writes `text` over `path` (relative to the project) and sets its modification time back to
/// what it was: a save a fast editor, `touch -r` or a restoring tool leaves behind.
fn save_keeping_size_and_time(project: &Project, path: &str, text: &str) {
    let file = project.dir.join(path);
    let before = std::fs::metadata(&file).unwrap();
    assert_eq!(before.len(), text.len() as u64, "the test means to keep the size");
    // The inode change time ticks in steps of a few milliseconds: let it move.
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&file, text).unwrap();
    let times = std::fs::FileTimes::new().set_modified(before.modified().unwrap());
    std::fs::File::options().write(true).open(&file).unwrap().set_times(times).unwrap();
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), before.modified().unwrap());
}

#[test]
fn saves_that_keep_size_and_modification_time_are_seen_with_and_without_poll() {
    // `serve` also keeps metrics.json's figures between rebuilds of one report: its Markdown
    // edit must still give the file of a fresh build (the inputs' hashes change).
    for args in [&["watch"][..], &["watch", "--poll"], &["serve", "--port", "0"]] {
        let project = Project::fixture("shop");
        project.write("content/intro.md", "---\ntitle: Intro\n---\nHello.\n");
        let server = Server::start(&project, args);
        server.wait_for_line("first build");
        save_keeping_size_and_time(&project, "content/intro.md", "---\ntitle: Intro\n---\nHowdy.\n");
        let log = server.wait_for_line("changed");
        assert!(log.contains("content/intro.md"), "{args:?}: {log}");
        assert!(project.read("public/intro/index.html").contains("Howdy."), "{args:?}");
        // One answer changed in place (CSAT 4 becomes 5): the figures and the audit trail follow.
        let export = project.read("content/surveys/a.csv");
        let edited =
            export.replacen("q1-2,2026-02-10,anna,checkout,web,10,4,7", "q1-2,2026-02-10,anna,checkout,web,10,5,7", 1);
        assert_ne!(edited, export);
        save_keeping_size_and_time(&project, "content/surveys/a.csv", &edited);
        let log = server.wait_for_line("changed");
        assert!(log.contains("content/surveys/a.csv") && log.contains("re-analysed"), "{args:?}: {log}");
        assert_eq!(server.interrupt(), 0);
        let check = std::process::Command::new("sha256sum")
            .args(["-c", "--quiet", "public/data/inputs.sha256"])
            .current_dir(&project.dir)
            .output()
            .unwrap();
        assert!(check.status.success(), "{args:?}: {}", String::from_utf8_lossy(&check.stdout));
        project.run(&["build", "--output", "fresh"]).expect(0);
        assert_eq!(snapshot(&project.dir.join("public")), snapshot(&project.dir.join("fresh")), "{args:?}");
    }
}

#[test]
fn watch_follows_survey_folders_moved_in_and_out_and_files_no_longer_matched() {
    let project = Project::fixture("shop");
    let server = Server::start(&project, &["watch"]);
    server.wait_for_line("first build");
    // The watched output converges on what a fresh build of the same files makes.
    let converges = |what: &str| {
        project.run(&["build", "--output", "fresh", "--force"]).expect(0);
        let fresh = snapshot(&project.dir.join("fresh"));
        let deadline = Instant::now() + PATIENCE;
        while snapshot(&project.dir.join("public")) != fresh {
            assert!(Instant::now() < deadline, "{what}: the watched site never matched a fresh build");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    let settings = project.read("cxsite.yaml");
    project.write("cxsite.yaml", &format!("{settings}  files: [\"surveys/**/*.csv\"]\n"));
    converges("a wider survey pattern");
    // A folder of exports moved into content/ at once: one rename event, for the folder.
    let stash = project.dir.join("stash");
    std::fs::create_dir_all(&stash).unwrap();
    std::fs::write(stash.join("extra.csv"), "submitted_at,touchpoint,channel,nps\n2026-05-01,checkout,web,10\n")
        .unwrap();
    std::fs::rename(&stash, project.dir.join("content/surveys/2026")).unwrap();
    converges("a folder moved in");
    std::fs::rename(project.dir.join("content/surveys/2026"), &stash).unwrap();
    converges("a folder moved out");
    // Files the settings no longer match are dropped, though none of them changed.
    project.write("cxsite.yaml", &format!("{settings}  files: [\"surveys/a.csv\"]\n"));
    converges("a narrower survey pattern");
    assert_eq!(server.interrupt(), 0);
}

#[test]
fn a_theme_saved_while_the_data_is_broken_is_used_once_the_data_is_fixed() {
    use cxsite::build::{BuildOptions, ChangedFiles, Session};
    use std::path::Path;
    let project = Project::fixture("shop");
    let mut session = Session::new(&project.dir, BuildOptions::default());
    session.rebuild(&ChangedFiles::everything()).0.expect("the fixture builds");
    let export = std::fs::read_to_string(project.dir.join("content/surveys/a.csv")).unwrap();
    let changed = |paths: &[&str]| {
        let mut changes = ChangedFiles::default();
        paths.iter().for_each(|path| assert!(changes.add(Path::new(path)), "{path} feeds a stage"));
        changes
    };

    // One burst of saves: a new footer, and an export without its date column (an error).
    project.write("templates/partials/footer.html", "<footer>The new footer</footer>");
    project.write("content/surveys/a.csv", &export.replace("submitted_at", "sent"));
    let burst = changed(&["templates/partials/footer.html", "content/surveys/a.csv"]);
    assert!(session.rebuild(&burst).0.is_err(), "the export without dates is an error");

    // Only the export is saved again: the footer of the burst before must still be used.
    project.write("content/surveys/a.csv", &export);
    session.rebuild(&changed(&["content/surveys/a.csv"])).0.expect("the export is fixed");
    let summary = std::fs::read_to_string(project.dir.join("public/index.html")).unwrap();
    assert!(summary.contains("<footer>The new footer</footer>"), "the old theme was used");
}
