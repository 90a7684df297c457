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
    /// The period the page was written for (`2026-Q3`): it is part of that period's report and
    /// later ones, never of an earlier period's archive snapshot. Without it the page is part of
    /// the current report only.
    #[serde(default)]
    pub period: Option<String>,
    /// Anything else, for custom templates.
    #[serde(default, deserialize_with = "unique_keys")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `extra:` as a map in which a key given twice is an error, as it is everywhere else (a map
/// of any value would keep the second silently).
fn unique_keys<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<serde_json::Map<String, serde_json::Value>, D::Error> {
    match UniqueKeys::deserialize(deserializer)?.0 {
        serde_json::Value::Object(map) => Ok(map),
        _ => Err(serde::de::Error::custom("`extra` must be a mapping of names to values")),
    }
}

/// Any YAML value, with every mapping's keys checked for repeats.
struct UniqueKeys(serde_json::Value);

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, SeqAccess, Visitor};
        use serde_json::Value;
        struct Any;
        impl<'de> Visitor<'de> for Any {
            type Value = UniqueKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<UniqueKeys, E> {
                Ok(UniqueKeys(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<UniqueKeys, E> {
                Ok(UniqueKeys(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<UniqueKeys, E> {
                Ok(UniqueKeys(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<UniqueKeys, E> {
                Ok(UniqueKeys(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)))
            }
            fn visit_str<E>(self, v: &str) -> Result<UniqueKeys, E> {
                Ok(UniqueKeys(Value::String(v.to_string())))
            }
            fn visit_unit<E>(self) -> Result<UniqueKeys, E> {
                Ok(UniqueKeys(Value::Null))
            }
            fn visit_none<E>(self) -> Result<UniqueKeys, E> {
                Ok(UniqueKeys(Value::Null))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<UniqueKeys, D::Error> {
                UniqueKeys::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueKeys, A::Error> {
                let mut items = Vec::new();
                while let Some(UniqueKeys(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(UniqueKeys(Value::Array(items)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UniqueKeys, A::Error> {
                let mut object = serde_json::Map::new();
                while let Some((key, UniqueKeys(value))) = map.next_entry::<String, UniqueKeys>()? {
                    if object.contains_key(&key) {
                        // The words serde uses for a struct's repeated field, which the YAML
                        // module turns into a message at the second key.
                        return Err(de::Error::custom(format!("duplicate field `{key}`")));
                    }
                    object.insert(key, value);
                }
                Ok(UniqueKeys(Value::Object(object)))
            }
        }
        deserializer.deserialize_any(Any)
    }
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
    fn a_key_given_twice_in_extra_is_an_error_at_its_second_line() {
        let text = "---\ntitle: A\nextra:\n  owner: x\n  team: y\n  owner: z\n---\n";
        let err = parse_page(text, Path::new("a.md"), "a".into()).unwrap_err();
        assert_eq!(err.location.line(), 6, "{err}");
        assert!(err.message.contains("`owner` is given twice"), "{err}");
        let nested = "---\ntitle: A\nextra:\n  people: [{a: 1, a: 2}]\n---\n";
        assert!(parse_page(nested, Path::new("a.md"), "a".into()).is_err());
        let fine = "---\ntitle: A\nextra:\n  owner: x\n  n: 2\n  list: [1, {b: true}]\n---\n";
        let page = parse_page(fine, Path::new("a.md"), "a".into()).unwrap();
        assert_eq!(page.front.extra["list"][1]["b"], serde_json::Value::Bool(true));
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let err = parse_page("---\ntitle: A\nwieght: 2\n---\n", Path::new("a.md"), "a".into()).unwrap_err();
        assert_eq!(err.location.line(), 3);
        assert_eq!(err.hint.as_deref(), Some("did you mean `weight`?"));
    }
}
