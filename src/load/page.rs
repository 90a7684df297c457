//! Markdown pages: `content/**/*.md` with YAML front matter between `---` lines.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml;

/// A narrative page of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// The output folder, from the path under `content/` without `.md` (`notes/q3`).
    pub slug: String,
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub markdown: String,
    /// The file, relative to the project root.
    pub source: PathBuf,
}

/// What a page says about itself.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    /// Menu order: lower comes first, then by title.
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    /// Leaves the page out of the menu (it is still built).
    #[serde(default)]
    pub hidden: bool,
    /// Anything else, for custom templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Splits `text` (the file `source`) into front matter and Markdown, and parses the front matter.
pub fn parse_page(text: &str, source: &Path, slug: String) -> Result<Page, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        Diagnostic::error(Location::at(source, 1, 1), "this page has no front matter")
            .with_hint("start the file with a block such as:\n---\ntitle: About this report\n---")
    };
    let rest = text.strip_prefix("---").ok_or_else(missing)?;
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n')).ok_or_else(missing)?;
    let end = find_closing_fence(rest).ok_or_else(|| {
        Diagnostic::error(Location::at(source, 1, 1), "the front matter is not closed")
            .with_hint("end the front matter with a line holding only `---`")
    })?;
    let front_text = &rest[..end];
    let after = &rest[end..];
    let markdown = after.split_once('\n').map(|(_, body)| body).unwrap_or("").to_string();
    let front: FrontMatter = yaml::parse(front_text, source, 2)?;
    Ok(Page { slug, front, markdown, source: source.to_path_buf() })
}

/// The byte offset of the line that is exactly `---`.
fn find_closing_fence(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_markdown() {
        let page =
            parse_page("---\ntitle: About\nweight: 2\n---\n# Hello\n", Path::new("a.md"), "about".into()).unwrap();
        assert_eq!(page.front.title, "About");
        assert_eq!(page.front.weight, 2);
        assert_eq!(page.markdown, "# Hello\n");
    }

    #[test]
    fn a_page_without_front_matter_is_explained() {
        let err = parse_page("# Hello\n", Path::new("a.md"), "a".into()).unwrap_err();
        assert!(err.message.contains("no front matter"));
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let err = parse_page("---\ntitle: A\nwieght: 2\n---\n", Path::new("a.md"), "a".into()).unwrap_err();
        assert_eq!(err.location.line, 3);
        assert_eq!(err.hint.as_deref(), Some("did you mean `weight`?"));
    }
}
