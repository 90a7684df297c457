//! A small HTTP/1.1 server for the preview: GET and HEAD of the built site, and the event stream.
//!
//! It answers from the published snapshot in memory, never from the file system, so no request
//! path (`..`, a symlink, an encoded slash) can reach a file outside the site.
//! One thread a connection; every answer closes its connection, except the event streams.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use super::live::{EVENTS_PATH, LiveSite, Snapshot, inject};
use crate::render::charts::escape;

/// How long an event stream may be silent before a comment checks the browser is still there.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Accepts connections until the process ends, each on its own thread.
pub fn accept(listener: TcpListener, site: Arc<LiveSite>) {
    for stream in listener.incoming().flatten() {
        let site = site.clone();
        std::thread::spawn(move || {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let _ = handle(stream, &site);
        });
    }
}

fn handle(stream: TcpStream, site: &LiveSite) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.by_ref().take(8192).read_line(&mut request_line)?;
    // The headers are not needed; read them so the browser sees its request consumed.
    let mut header = String::new();
    while reader.by_ref().take(8192).read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            method,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"GET or HEAD only\n",
        );
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == EVENTS_PATH {
        let since = query.split('&').find_map(|p| p.strip_prefix("since=")).and_then(|s| s.parse().ok());
        return event_stream(stream, site, since);
    }
    let Snapshot { files, failure, generation } = site.current();
    let Some(path) = decode_path(path) else {
        return respond(&mut stream, method, "400 Bad Request", "text/plain; charset=utf-8", b"bad path\n");
    };
    let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
    match files.get(&file) {
        Some(bytes) if file.ends_with(".html") => match &failure {
            Some(page) => {
                respond(&mut stream, method, "500 Internal Server Error", HTML, &inject(page.as_bytes(), generation))
            }
            None => respond(&mut stream, method, "200 OK", HTML, &inject(bytes, generation)),
        },
        Some(bytes) => respond(&mut stream, method, "200 OK", content_type(&file), bytes),
        // A folder asked for without its slash: redirect, or its relative links would break.
        None if files.contains_key(&format!("{path}/index.html")) => {
            let location = format!("/{path}/");
            let head = format!(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(head.as_bytes())
        }
        None => match &failure {
            Some(page) => {
                respond(&mut stream, method, "500 Internal Server Error", HTML, &inject(page.as_bytes(), generation))
            }
            None => {
                let page = not_found_page(&path, files.keys().map(String::as_str));
                respond(&mut stream, method, "404 Not Found", HTML, &inject(page.as_bytes(), generation))
            }
        },
    }
}

const HTML: &str = "text/html; charset=utf-8";

fn respond(stream: &mut TcpStream, method: &str, status: &str, content_type: &str, body: &[u8]) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Server-sent events: `reload` after a good rebuild, `failed` after a failed one.
fn event_stream(mut stream: TcpStream, site: &LiveSite, since: Option<u64>) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    stream.flush()?;
    let mut seen = since.unwrap_or_else(|| site.current().generation);
    loop {
        match site.wait_past(seen, KEEP_ALIVE) {
            Some((generation, failed)) => {
                seen = generation;
                let event = if failed { "failed" } else { "reload" };
                write!(stream, "event: {event}\ndata: {generation}\n\n")?;
            }
            // A write to a closed connection fails, which ends this thread.
            None => stream.write_all(b": keep-alive\n\n")?,
        }
        stream.flush()?;
    }
}

/// The path under the site, percent-decoded, without the leading `/`; `None` when it has a
/// `..`, `.`, backslash or NUL part, or is not UTF-8.
fn decode_path(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
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
    fn paths_are_decoded_and_never_leave_the_site() {
        assert_eq!(decode_path("/journeys/online-order/").as_deref(), Some("journeys/online-order/"));
        assert_eq!(decode_path("/a%20b.html").as_deref(), Some("a b.html"));
        assert_eq!(decode_path("/").as_deref(), Some(""));
        for bad in ["/../etc/passwd", "/a/%2e%2e/b", "/a/..%2fb", "/%2e%2e%2f", "/a\\..\\b", "/%00", "/%zz", "x"] {
            assert_eq!(decode_path(bad), None, "{bad}");
        }
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
