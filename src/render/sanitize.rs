//! Raw HTML in Markdown pages, when `markdown.allow_html` lets it through: an allow-list of
//! tags and attributes, and links only to web, mail and phone addresses.
//!
//! A report is shared far and wide, and a page is often pasted from elsewhere; with the
//! allow-list a `<script>`, an `<iframe>`, an event handler (`onclick=`) or a `javascript:`
//! link never reaches a page, whoever wrote it. Everything else is shown as text.

use std::fmt::Write as _;

/// Tags kept, with their attributes as written (other attributes are dropped).
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// Tags dropped with everything up to their end tag: their content is code or another page.
const DROPPED_WITH_CONTENT: &[&str] =
    &["script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"];

/// Attributes kept on any allowed tag.
const ATTRIBUTES: &[&str] =
    &["alt", "title", "class", "id", "lang", "colspan", "rowspan", "width", "height", "align", "open", "start"];

/// Attributes that hold an address, checked by [`safe_address`].
const ADDRESSES: &[&str] = &["href", "src", "cite"];

/// `raw` with only allowed tags and attributes; anything else is text, escaped.
pub fn sanitize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at].replace('>', "&gt;"));
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some((tag, after)) = Tag::parse(rest) else {
            out.push_str("&lt;");
            rest = &rest[1..];
            continue;
        };
        rest = after;
        if DROPPED_WITH_CONTENT.contains(&tag.name.as_str()) {
            if !tag.closing {
                let end = format!("</{}", tag.name);
                rest = find_ignoring_case(rest, &end)
                    .map_or("", |i| rest[i..].find('>').map_or("", |j| &rest[i + j + 1..]));
            }
            continue;
        }
        if TAGS.contains(&tag.name.as_str()) {
            tag.write(&mut out);
        }
    }
    out.push_str(&rest.replace('>', "&gt;"));
    out
}

/// One start or end tag as parsed.
struct Tag {
    name: String,
    closing: bool,
    attributes: Vec<(String, String)>,
}

impl Tag {
    /// The tag at the start of `text` (which starts with `<`), and the text after it.
    fn parse(text: &str) -> Option<(Tag, &str)> {
        let mut rest = text.strip_prefix('<')?;
        let closing = rest.starts_with('/');
        rest = rest.trim_start_matches('/');
        let name_end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '-').unwrap_or(rest.len());
        if name_end == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if let Some(after) = rest.strip_prefix('>') {
                return Some((Tag { name, closing, attributes }, after));
            }
            let key_end = rest.find(|c: char| c.is_ascii_whitespace() || "\"'>/=".contains(c)).unwrap_or(rest.len());
            if key_end == 0 {
                return None;
            }
            let key = rest[..key_end].to_ascii_lowercase();
            rest = rest[key_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
            let value = match rest.strip_prefix('=') {
                Some(after) => {
                    let after = after.trim_start_matches(|c: char| c.is_ascii_whitespace());
                    let (value, after) = match after.chars().next() {
                        Some(quote @ ('"' | '\'')) => after[1..].split_once(quote)?,
                        _ => {
                            let end = after.find(|c: char| c.is_ascii_whitespace() || c == '>').unwrap_or(after.len());
                            (&after[..end], &after[end..])
                        }
                    };
                    rest = after;
                    decode_entities(value)
                }
                None => String::new(),
            };
            attributes.push((key, value));
        }
    }

    /// The tag with its allowed attributes, values escaped.
    fn write(&self, out: &mut String) {
        if self.closing {
            let _ = write!(out, "</{}>", self.name);
            return;
        }
        let _ = write!(out, "<{}", self.name);
        for (key, value) in &self.attributes {
            let value = if ADDRESSES.contains(&key.as_str()) {
                safe_address(value)
            } else if ATTRIBUTES.contains(&key.as_str()) {
                value.as_str()
            } else {
                continue;
            };
            let _ = write!(out, " {key}=\"{}\"", super::charts::escape(value));
        }
        if self.name == "a" && self.attributes.iter().any(|(key, _)| key == "href") {
            out.push_str(" rel=\"noopener noreferrer\"");
        }
        out.push('>');
    }
}

/// `value` if a link may point there (`crate::url::is_safe_address`); `#` otherwise.
fn safe_address(value: &str) -> &str {
    if crate::url::is_safe_address(value) { value } else { "#" }
}

/// Character references in an attribute value, as the browser reads them: numeric ones and the
/// few named ones that could spell a scheme. Any other `&name;` is kept as written.
fn decode_entities(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&end| end <= 12);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let number = match name.strip_prefix('#') {
                Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16).ok(),
                Some(decimal) => decimal.parse().ok(),
                None => None,
            };
            let c = match number {
                Some(n) => char::from_u32(n),
                None => match name.to_ascii_lowercase().as_str() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "colon" => Some(':'),
                    "tab" => Some('\t'),
                    "newline" => Some('\n'),
                    _ => None,
                },
            };
            Some((c?, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(&needle.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_tags_pass_with_their_allowed_attributes() {
        assert_eq!(
            sanitize("<p class=\"note\" onclick=\"x()\">Hi <b>there</b><br/></p>"),
            "<p class=\"note\">Hi <b>there</b><br></p>"
        );
        assert_eq!(
            sanitize("<a href='https://example.com/a?b=1&amp;c=2' target=_blank>x</a>"),
            "<a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">x</a>"
        );
        assert_eq!(
            sanitize("<img src=\"../static/logo.svg\" alt=\"Logo\">"),
            "<img src=\"../static/logo.svg\" alt=\"Logo\">"
        );
        assert_eq!(sanitize("<!-- a note -->after"), "after");
    }

    #[test]
    fn scripts_frames_handlers_and_script_addresses_never_pass() {
        for (raw, clean) in [
            ("<script>alert(1)</script>ok", "ok"),
            ("<SCRIPT src=x></SCRIPT >ok", "ok"),
            ("<iframe src=\"https://evil.example\"></iframe>", ""),
            ("<style>body{display:none}</style>", ""),
            ("<svg onload=alert(1)><circle/></svg>", ""),
            ("<img src=x onerror=\"alert(1)\">", "<img src=\"x\">"),
            ("<a href=\"javascript:alert(1)\">x</a>", "<a href=\"#\" rel=\"noopener noreferrer\">x</a>"),
            ("<a href=\" JaVa\tScRiPt:alert(1)\">x</a>", "<a href=\"#\" rel=\"noopener noreferrer\">x</a>"),
            ("<a href=\"&#106;avascript&colon;alert(1)\">x</a>", "<a href=\"#\" rel=\"noopener noreferrer\">x</a>"),
            ("<a href=\"&#x6A;avascript:alert(1)\">x</a>", "<a href=\"#\" rel=\"noopener noreferrer\">x</a>"),
            ("<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">", "<img src=\"#\">"),
            ("<form action=x><input name=a></form>", ""),
            ("<p title=\"a\" \"x>y", "&lt;p title=\"a\" \"x&gt;y"),
            ("1 < 2 > 0", "1 &lt; 2 &gt; 0"),
            (
                "<p title='\"><script>alert(1)</script>'>",
                "<p title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">",
            ),
        ] {
            assert_eq!(sanitize(raw), clean, "{raw}");
        }
    }
}
