//! Markdown pages to HTML: tables, footnotes, heading anchors; raw HTML shown as text unless
//! the settings allow it, and then only what `sanitize.rs` allows.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::BTreeMap;

/// Renders `markdown` to HTML. Raw HTML in the text is escaped unless `allow_html`
/// (`markdown.allow_html` in cxsite.yaml), and then passes the allow-list of `sanitize`;
/// links to `javascript:` and the like are always disabled.
pub fn to_html(markdown: &str, allow_html: bool) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events = Vec::new();
    let mut used_ids: BTreeMap<String, usize> = BTreeMap::new();
    // A heading's events are held until its end, to make its id from its text.
    let mut heading: Option<(HeadingLevel, Vec<Event>)> = None;
    for event in allowed_html(Parser::new_ext(markdown, options), allow_html) {
        let event = match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                Event::Start(Tag::Image { link_type, dest_url: safe_url(dest_url), title, id })
            }
            other => other,
        };
        match (event, &mut heading) {
            (Event::Start(Tag::Heading { level, .. }), None) => heading = Some((level, Vec::new())),
            (Event::End(TagEnd::Heading(_)), Some(_)) => {
                let (level, inner) = heading.take().unwrap_or((HeadingLevel::H2, Vec::new()));
                let text: String = inner
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let id = unique_id(&slugify(&text), &mut used_ids);
                events.push(Event::Html(format!("<{level} id=\"{id}\">").into()));
                events.extend(inner);
                events.push(Event::Html(
                    format!(
                        " <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></{level}>\n"
                    )
                    .into(),
                ));
            }
            (event, Some((_, inner))) => inner.push(event),
            (event, None) => events.push(event),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Raw HTML as text, or (with `allow_html`) through the allow-list. An HTML block comes as one
/// event a line, and a tag may span lines, so a block's lines are joined before they are read.
fn allowed_html<'a>(events: impl Iterator<Item = Event<'a>>, allow_html: bool) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut block = String::new();
    for event in events {
        match event {
            Event::Html(text) | Event::InlineHtml(text) if !allow_html => out.push(Event::Text(text)),
            Event::Html(text) => block.push_str(&text),
            Event::InlineHtml(text) => out.push(Event::InlineHtml(super::sanitize::sanitize(&text).into())),
            other => {
                if !block.is_empty() {
                    out.push(Event::Html(super::sanitize::sanitize(&std::mem::take(&mut block)).into()));
                }
                out.push(other);
            }
        }
    }
    if !block.is_empty() {
        out.push(Event::Html(super::sanitize::sanitize(&block).into()));
    }
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if crate::url::is_safe_address(&url) { url } else { "#".into() }
}

/// A heading's anchor: lower-case words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() { "section".into() } else { slug }
}

fn unique_id(base: &str, used: &mut BTreeMap<String, usize>) -> String {
    let count = used.entry(base.to_string()).or_insert(0);
    *count += 1;
    if *count == 1 { base.to_string() } else { format!("{base}-{}", *count - 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_anchors() {
        let html = to_html("## How to read it\n\n## How to read it\n", false);
        assert!(html.contains("<h2 id=\"how-to-read-it\">How to read it"), "{html}");
        assert!(html.contains("<h2 id=\"how-to-read-it-1\">"), "{html}");
    }

    #[test]
    fn tables_and_footnotes_render() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: A note.\n", false);
        assert!(html.contains("<table>") && html.contains("<td>1</td>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn raw_html_and_script_links_are_neutralised() {
        let text = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n";
        let html = to_html(text, false);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        // With `markdown.allow_html` the team's own HTML passes; script links stay disabled.
        let html = to_html("<div class=\"note\">Hi</div>\n\n[x](javascript:alert(1))\n", true);
        assert!(html.contains("<div class=\"note\">Hi</div>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }
}
