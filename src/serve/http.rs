//! A small HTTP/1.1 server for the preview: GET and HEAD of the built site, and the event stream.
//!
//! It answers from the published snapshot in memory, never from the file system, so no request
//! path (`..`, a symlink, an encoded slash) can reach a file outside the site.
//! One thread a connection; every answer closes its connection, except the event streams.
//! A client cannot hold a thread for long: the request head has a size and a time limit, writes
//! time out, at most `MAX_CONNECTIONS` are open at once, and event streams have a budget of
//! their own, so open tabs (or a script holding streams) cannot starve page requests.
//! Only requests addressed to this machine (`Host: localhost`, `127.0.0.1`, the bound
//! address) are answered: a web page whose domain is re-pointed at 127.0.0.1 (DNS rebinding)
//! cannot read the report, its comments or `metrics.json`.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::live::{BUILDING_PAGE, EVENTS_PATH, LiveSite, Snapshot, inject};
use crate::render::charts::escape;
use crate::url::percent_encode;

/// How long an event stream may be silent before a comment checks the browser is still there.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The whole request head (request line and headers) must arrive within this time...
const HEAD_TIME: Duration = Duration::from_secs(10);
/// ...and within these many bytes and header lines.
const HEAD_BYTES: u64 = 16 * 1024;
const HEAD_LINES: usize = 100;
/// How long a write of an answer may wait for the client to read (event streams excepted).
const WRITE_TIME: Duration = Duration::from_secs(10);
/// Connections open at once, event streams included; more are answered 503 and closed.
const MAX_CONNECTIONS: usize = 256;
/// Event streams open at once (one per open tab); more are answered 503.
const MAX_EVENT_STREAMS: usize = 64;
/// When a tab refused an event stream (too many open) tries again.
const BUSY_RETRY: Duration = Duration::from_secs(5);
/// How often an event stream looks whether its tab has gone, to free its place.
const GONE_CHECK: Duration = Duration::from_secs(1);
/// How long a keep-alive write to an event stream may wait for a client that stopped reading.
const STREAM_WRITE_TIME: Duration = Duration::from_secs(30);

const HTML: &str = "text/html; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// Accepts connections until the process ends, each on its own thread.
pub fn accept(listener: TcpListener, site: Arc<LiveSite>) {
    let open = Arc::new(AtomicUsize::new(0));
    let bound = listener.local_addr().ok();
    let streams = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            // Out of file descriptors, say: let connections close rather than spin.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let now_open = open.fetch_add(1, Ordering::SeqCst) + 1;
        let slot = Slot(open.clone());
        if now_open > MAX_CONNECTIONS {
            // Answered here: a fresh connection takes these few bytes without blocking.
            let _ = stream.set_nonblocking(true);
            let busy = "Retry-After: 1\r\n";
            let _ = respond(&mut stream, "GET", "503 Service Unavailable", TEXT, busy, b"too many connections\n");
            continue;
        }
        let (site, streams) = (site.clone(), streams.clone());
        // On failure the closure, and with it the slot, is dropped.
        let _ = std::thread::Builder::new().spawn(move || {
            let _slot = slot;
            let _ = handle(stream, &site, bound, &streams);
        });
    }
}

/// Counts one open connection until dropped, when its thread ends (or is never started).
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn handle(
    mut stream: TcpStream,
    site: &LiveSite,
    bound: Option<std::net::SocketAddr>,
    streams: &Arc<AtomicUsize>,
) -> std::io::Result<()> {
    stream.set_write_timeout(Some(WRITE_TIME))?;
    let (request_line, host) = match read_head(&stream, Instant::now() + HEAD_TIME) {
        Ok(head) => head,
        Err(Some(status)) => return respond(&mut stream, "GET", status, TEXT, "", format!("{status}\n").as_bytes()),
        Err(None) => return Ok(()),
    };
    let parts: Vec<&str> = request_line.split_whitespace().collect();
    let (method, target) = match parts[..] {
        [method, target, version] if version.starts_with("HTTP/") => (method, target),
        _ => return respond(&mut stream, "GET", "400 Bad Request", TEXT, "", b"bad request line\n"),
    };
    if method != "GET" && method != "HEAD" {
        let allow = "Allow: GET, HEAD\r\n";
        return respond(&mut stream, "GET", "405 Method Not Allowed", TEXT, allow, b"GET or HEAD only\n");
    }
    if let Some(host) = host.filter(|host| !is_this_machine(host, bound)) {
        let body =
            format!("this preview answers only requests to this machine (localhost or its address), not to `{host}`\n");
        return respond(&mut stream, method, "421 Misdirected Request", TEXT, "", body.as_bytes());
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == EVENTS_PATH {
        if method == "HEAD" {
            return stream.write_all(format!("{EVENTS_HEAD}Connection: close\r\n\r\n").as_bytes());
        }
        let _stream_slot = match streams.fetch_add(1, Ordering::SeqCst) {
            open if open >= MAX_EVENT_STREAMS => {
                drop(Slot(streams.clone()));
                // A stream that ends at once with a `retry:`: the tab's EventSource comes back
                // in a while (after a 503 it would give up for good).
                let later = format!("{EVENTS_HEAD}Connection: close\r\n\r\nretry: {}\n\n", BUSY_RETRY.as_millis());
                return stream.write_all(later.as_bytes());
            }
            _ => Slot(streams.clone()),
        };
        stream.set_write_timeout(Some(STREAM_WRITE_TIME))?;
        let parameter = |name: &str| query.split('&').find_map(|p| p.strip_prefix(name));
        let since = parameter("since=").and_then(|s| s.parse().ok());
        let page = parameter("page=").and_then(decode_path).map(|path| page_file(&path));
        let _open = page.as_deref().map(|page| site.open_page(page));
        return event_stream(stream, site, since, page.as_deref());
    }
    let Snapshot { files, failure, generation, .. } = site.current();
    let Some(path) = decode_path(path) else {
        return respond(&mut stream, method, "400 Bad Request", TEXT, "", b"bad path\n");
    };
    let file = page_file(&path);
    if generation == 0 {
        // The first build is still running: pages say so, and reload when it is published.
        let is_page = file.ends_with(".html") || !file.rsplit('/').next().unwrap_or("").contains('.');
        let building = inject(BUILDING_PAGE.as_bytes(), generation);
        let (kind, body) = if is_page { (HTML, &building[..]) } else { (TEXT, &b"the first build is running\n"[..]) };
        return respond(&mut stream, method, "503 Service Unavailable", kind, "Retry-After: 1\r\n", body);
    }
    match files.get(&file) {
        Some(bytes) if !file.ends_with(".html") => {
            respond(&mut stream, method, "200 OK", content_type(&file), "", bytes)
        }
        // A folder asked for without its slash: redirect, or its relative links would break.
        // 307, not 301: browsers keep a 301 for good, and the folder may be a file tomorrow.
        None if files.contains_key(&format!("{path}/index.html")) => {
            let location = format!("Location: {}\r\n", folder_location(&path, query));
            respond(&mut stream, method, "307 Temporary Redirect", TEXT, &location, b"")
        }
        found => {
            let missing;
            let (status, page) = match (&failure, found) {
                (Some(page), _) => ("500 Internal Server Error", page.as_bytes()),
                (None, Some(bytes)) => ("200 OK", &bytes[..]),
                (None, None) => {
                    missing = not_found_page(&path, files.keys().map(String::as_str));
                    ("404 Not Found", missing.as_bytes())
                }
            };
            respond(&mut stream, method, status, HTML, "", &inject(page, generation))
        }
    }
}

/// Reads a request's head by `until` and returns its request line and its `Host` header (the
/// other headers are not needed). `Err` holds the status to answer instead, or `None` when the
/// client went away.
fn read_head(stream: &TcpStream, until: Instant) -> Result<(String, Option<String>), Option<&'static str>> {
    const TOO_LARGE: Option<&str> = Some("431 Request Header Fields Too Large");
    let mut reader = BufReader::new(Deadline { stream, until }).take(HEAD_BYTES);
    let mut request_line = String::new();
    let mut host = None;
    // The request line, then up to HEAD_LINES header lines, then the blank line.
    for number in 0..=HEAD_LINES + 1 {
        let mut line = Vec::new();
        match reader.read_until(b'\n', &mut line) {
            Ok(_) if line.ends_with(b"\n") => {}
            Ok(_) if reader.limit() == 0 => return Err(TOO_LARGE),
            Ok(_) => return Err(None),
            Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
                return Err(Some("408 Request Timeout"));
            }
            Err(_) => return Err(None),
        }
        let blank = line == b"\r\n" || line == b"\n";
        if number == 0 {
            match String::from_utf8(line) {
                Ok(text) if !blank => request_line = text,
                _ => return Err(Some("400 Bad Request")),
            }
        } else if blank {
            return Ok((request_line, host));
        } else if let Some((name, value)) = std::str::from_utf8(&line).ok().and_then(|l| l.split_once(':'))
            && name.eq_ignore_ascii_case("host")
        {
            host = Some(value.trim().to_string());
        }
    }
    Err(TOO_LARGE)
}

/// Whether a `Host` header names this machine: `localhost` (or a name under it), a loopback
/// address, or the address the server is bound to. Any port: the browser's view of it may
/// differ behind a forwarded port.
fn is_this_machine(host: &str, bound: Option<std::net::SocketAddr>) -> bool {
    // `[::1]:1111`, `127.0.0.1:1111`, `localhost:1111`, `localhost`.
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((name, _)) => name,
            None => return false,
        },
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || bound.is_some_and(|b| b.ip() == ip || b.ip().is_unspecified()),
        Err(_) => false,
    }
}

/// Reads from a connection, each read waiting at most until a fixed moment.
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// Writes a whole answer; `headers` are extra header lines, each ending in CRLF.
fn respond(
    out: &mut impl Write,
    method: &str,
    status: &str,
    content_type: &str,
    headers: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\n{headers}Connection: close\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if method != "HEAD" {
        out.write_all(body)?;
    }
    out.flush()
}

/// The start of the event stream's head; the `Connection` header and blank line follow.
const EVENTS_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n";

/// The file a page's path is served from: a folder's `index.html`.
fn page_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

/// Server-sent events for the page at `page` (a file path; `None`: any page) served at
/// generation `since`: `reload` once it changed in a good rebuild, `failed` after a failed one.
fn event_stream(mut stream: TcpStream, site: &LiveSite, since: Option<u64>, page: Option<&str>) -> std::io::Result<()> {
    stream.write_all(format!("{EVENTS_HEAD}Connection: keep-alive\r\n\r\nretry: 500\n\n").as_bytes())?;
    stream.flush()?;
    let mut served = since.unwrap_or_else(|| site.current().generation);
    let mut seen = served;
    let mut quiet = Duration::ZERO;
    loop {
        match site.wait_past(seen, GONE_CHECK) {
            Some(snapshot) => {
                seen = snapshot.generation;
                if !snapshot.changed_since(page, served) {
                    // A closed tab must not stay an open page (rendered first) while others save.
                    if gone(&stream) {
                        return Ok(());
                    }
                    continue;
                }
                // The page is served again at this generation (a browser reloads it now).
                served = snapshot.generation;
                quiet = Duration::ZERO;
                let event = if snapshot.failure.is_some() { "failed" } else { "reload" };
                write!(stream, "event: {event}\ndata: {served}\n\n")?;
                stream.flush()?;
            }
            None if gone(&stream) => return Ok(()),
            None => {
                quiet += GONE_CHECK;
                if quiet >= KEEP_ALIVE {
                    // A write to a closed connection fails, which ends this thread too.
                    stream.write_all(b": keep-alive\n\n")?;
                    stream.flush()?;
                    quiet = Duration::ZERO;
                }
            }
        }
    }
}

/// Whether the client closed its end of an event stream (it never sends anything after its
/// request, so a read that finds the end means it is gone).
fn gone(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let closed = matches!(stream.peek(&mut [0u8; 1]), Ok(0));
    closed || stream.set_nonblocking(false).is_err()
}

/// The path under the site, percent-decoded, without the leading `/`; `None` when it has a
/// `..`, `.`, backslash or NUL part, a `%` not followed by two hex digits, or is not UTF-8.
fn decode_path(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Not `u8::from_str_radix`, which takes a sign (`%+f`).
            let digit = |at: usize| bytes.get(at).and_then(|&b| (b as char).to_digit(16));
            decoded.push((digit(i + 1)? * 16 + digit(i + 2)?) as u8);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(decoded).ok()?;
    let text = text.strip_prefix('/')?;
    let safe = text.split('/').all(|part| part != ".." && part != "." && !part.contains(['\\', '\0']));
    safe.then(|| text.to_string())
}

/// Where a folder asked for without its slash is: the path with the slash, percent-encoded where
/// it must be, and the query as it came (bytes no URL may hold, encoded).
fn folder_location(path: &str, query: &str) -> String {
    let path = percent_encode(path, "-._~!$&'()*+,;=:@/");
    match query {
        "" => format!("/{path}/"),
        query => format!("/{path}/?{}", percent_encode(query, "-._~!$&'()*+,;=:@/?%")),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).as_deref() {
        Some("html") => HTML,
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// A 404 that helps: what was asked for, the pages whose path is closest, and the way home.
fn not_found_page<'a>(path: &str, files: impl Iterator<Item = &'a str>) -> String {
    let pages: Vec<&str> = files.filter_map(|f| f.strip_suffix("index.html")).collect();
    let wanted = path.trim_end_matches('/');
    let near = crate::diagnostics::did_you_mean(wanted, pages.iter().map(|p| p.trim_end_matches('/')))
        .map(|page| format!("<p>Did you mean <a href=\"/{0}/\">/{0}/</a>?</p>", escape(page)))
        .unwrap_or_default();
    let list: String = pages.iter().map(|p| format!("<li><a href=\"/{0}\">/{0}</a></li>", escape(p))).collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found · cxsite</title></head>\
         <body style=\"font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem\">\
         <h1>No page at /{}</h1>{near}<p>This preview serves the pages of the last good build. \
         A page disappears when its YAML or Markdown file is removed or renamed.</p>\
         <h2>Pages of the site</h2><ul>{list}</ul></body></html>",
        escape(path)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_requests_addressed_to_this_machine_are_answered() {
        let local: Option<std::net::SocketAddr> = "127.0.0.1:1111".parse().ok();
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "app.localhost:80",
            "127.0.0.1:1111",
            "[::1]:1111",
            "127.0.0.2",
        ] {
            assert!(is_this_machine(host, local), "{host}");
        }
        for host in ["evil.example", "evil.example:1111", "localhost.evil.example", "10.0.0.5:1111", "", "[::1"] {
            assert!(!is_this_machine(host, local), "{host}");
        }
        let lan: Option<std::net::SocketAddr> = "192.168.1.20:1111".parse().ok();
        assert!(is_this_machine("192.168.1.20:1111", lan), "the bound address");
        let any: Option<std::net::SocketAddr> = "0.0.0.0:1111".parse().ok();
        assert!(is_this_machine("192.168.1.20:1111", any), "bound to every address: any address of the machine");
        assert!(!is_this_machine("laptop.example:1111", any), "but never a name");
    }

    #[test]
    fn paths_are_decoded_and_never_leave_the_site() {
        assert_eq!(decode_path("/journeys/online-order/").as_deref(), Some("journeys/online-order/"));
        assert_eq!(decode_path("/a%20b.html").as_deref(), Some("a b.html"));
        assert_eq!(decode_path("/").as_deref(), Some(""));
        assert_eq!(decode_path("/%C3%BC%2f%41").as_deref(), Some("ü/A"));
        for bad in ["/../etc/passwd", "/a/%2e%2e/b", "/a/..%2fb", "/%2e%2e%2f", "/a\\..\\b", "/%00", "/%zz", "x"] {
            assert_eq!(decode_path(bad), None, "{bad}");
        }
        for bad in ["/%+f", "/%-1", "/% f", "/%f", "/%", "/a%2", "/%ff"] {
            assert_eq!(decode_path(bad), None, "{bad}: two hex digits, UTF-8");
        }
    }

    #[test]
    fn a_folder_redirect_encodes_its_path_and_keeps_the_query() {
        assert_eq!(folder_location("journeys/buy", ""), "/journeys/buy/");
        assert_eq!(folder_location("journeys/buy", "period=2026-Q1&x=%20"), "/journeys/buy/?period=2026-Q1&x=%20");
        assert_eq!(folder_location("a b/ü%?#", ""), "/a%20b/%C3%BC%25%3F%23/");
        assert_eq!(folder_location("a", "x=ü\r\n\"<"), "/a/?x=%C3%BC%0D%0A%22%3C");
    }

    /// What `read_head` makes of `sent`, written in pieces `pause` apart, with `time` to read it.
    fn head_of(sent: Vec<Vec<u8>>, pause: Duration, time: Duration) -> Result<String, Option<&'static str>> {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        std::thread::spawn(move || {
            for piece in sent {
                if client.write_all(&piece).is_err() {
                    return;
                }
                std::thread::sleep(pause);
            }
            std::thread::sleep(Duration::from_secs(5));
        });
        let (stream, _) = listener.accept().unwrap();
        read_head(&stream, Instant::now() + time).map(|(line, _)| line)
    }

    #[test]
    fn a_request_head_is_read_within_its_limits() {
        let quick = |text: &str| head_of(vec![text.as_bytes().to_vec()], Duration::ZERO, Duration::from_secs(5));
        assert_eq!(quick("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"), Ok("GET /a HTTP/1.1\r\n".to_string()));
        assert_eq!(quick("GET / HTTP/1.1\n\n"), Ok("GET / HTTP/1.1\n".to_string()));
        assert_eq!(quick("\r\n"), Err(Some("400 Bad Request")), "a blank request line");
        let unfinished = vec![b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec()];
        assert_eq!(head_of(unfinished, Duration::ZERO, Duration::from_millis(200)), Err(Some("408 Request Timeout")));
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(HEAD_LINES + 1));
        assert_eq!(quick(&many), Err(Some("431 Request Header Fields Too Large")));
        let fits = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(HEAD_LINES));
        assert!(quick(&fits).is_ok());
        let long = format!("GET / HTTP/1.1\r\nX-A: {}\r\n\r\n", "b".repeat(HEAD_BYTES as usize));
        assert_eq!(quick(&long), Err(Some("431 Request Header Fields Too Large")));
    }

    #[test]
    fn a_client_sending_its_head_slowly_is_cut_off_at_the_deadline() {
        let lines = (0..50).map(|_| b"X-Slow: 1\r\n".to_vec());
        let sent = std::iter::once(b"GET / HTTP/1.1\r\n".to_vec()).chain(lines).collect();
        let head = head_of(sent, Duration::from_millis(20), Duration::from_millis(300));
        assert_eq!(head, Err(Some("408 Request Timeout")));
    }

    /// Sends `request` to a server of `site` and returns the whole answer.
    fn ask(site: &Arc<LiveSite>, request: &str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let site = site.clone();
        std::thread::spawn(move || accept(listener, site));
        let mut stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    #[test]
    fn pages_wait_for_the_first_build_and_reload_when_it_is_published() {
        let site = Arc::new(LiveSite::default());
        let page = ask(&site, "GET /journeys/buy/ HTTP/1.1\r\n\r\n");
        assert!(page.starts_with("HTTP/1.1 503 ") && page.contains("Retry-After: 1\r\n"), "{page}");
        assert!(page.contains("Building") && page.contains("EventSource(\"/__cxsite/events?since=0&page=\""), "{page}");
        let css = ask(&site, "GET /static/style.css HTTP/1.1\r\n\r\n");
        assert!(css.starts_with("HTTP/1.1 503 ") && css.contains("text/plain") && !css.contains("<script"), "{css}");
        site.publish(&[crate::render::OutputFile { path: "index.html".into(), bytes: b"<p>home</p>".to_vec() }]);
        assert!(ask(&site, "GET / HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 200 "));
    }

    #[test]
    fn bad_requests_get_an_answer_and_head_of_the_event_stream_only_its_head() {
        let site = Arc::new(LiveSite::default());
        for request in ["\r\n", "GET\r\n\r\n", "GET / HTTP/1.1 x\r\n\r\n", "GET / FTP\r\n\r\n"] {
            assert!(ask(&site, request).starts_with("HTTP/1.1 400 "), "{request:?}");
        }
        let post = ask(&site, "POST / HTTP/1.1\r\n\r\n");
        assert!(post.starts_with("HTTP/1.1 405 ") && post.contains("Allow: GET, HEAD\r\n"), "{post}");
        let events = ask(&site, "HEAD /__cxsite/events HTTP/1.1\r\n\r\n");
        assert!(events.starts_with("HTTP/1.1 200 ") && events.contains("text/event-stream"), "{events}");
        assert!(events.ends_with("Connection: close\r\n\r\n"), "headers only, then closed: {events}");
    }

    #[test]
    fn the_404_page_suggests_the_closest_page_and_escapes() {
        let pages = ["index.html", "journeys/online-order/index.html", "scores/index.html"];
        let page = not_found_page("journeys/online-ordr", pages.into_iter());
        assert!(page.contains("Did you mean <a href=\"/journeys/online-order/\">"), "{page}");
        assert!(page.contains("<li><a href=\"/scores/\">"));
        let page = not_found_page("<b>", pages.into_iter());
        assert!(page.contains("No page at /&lt;b&gt;") && !page.contains("<b>"));
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("data/metrics.json"), "application/json");
        assert_eq!(content_type("a/index.HTML"), HTML);
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
