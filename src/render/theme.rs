//! The theme: templates, static files and interface strings, layered so the project wins.
//!
//! Layers, later ones replacing earlier files of the same name: the built-in default theme
//! (compiled into the binary), `themes/<name>/` of the project, the project's `templates/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use tera::Tera;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, relative};
use crate::yaml;

macro_rules! built_in {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*]
    };
}

/// The default theme's files, by path under `themes/default/`.
const BUILT_IN: &[(&str, &str)] = built_in![
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/journeys.html",
    "templates/personas.html",
    "templates/journey.html",
    "templates/journey_segment.html",
    "templates/lifecycle.html",
    "templates/persona.html",
    "templates/pain_points.html",
    "templates/scores.html",
    "templates/method.html",
    "templates/reports.html",
    "templates/changes.html",
    "templates/drivers.html",
    "templates/topics.html",
    "templates/maturity.html",
    "templates/page.html",
    "templates/partials/footer.html",
    "templates/partials/journey_map.html",
    "templates/partials/segment_maps.html",
    "static/style.css",
    "i18n/en.yaml",
    "i18n/nl.yaml",
];

/// Everything the render stage takes from the theme.
pub struct Theme {
    pub templates: Tera,
    /// Files copied to `static/`, by path under it.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Interface strings of the report's language, by key.
    pub strings: BTreeMap<String, String>,
    /// The file each template came from, by template name, for error messages.
    pub origins: BTreeMap<String, String>,
}

/// Every file of the default theme, for `cxsite init` and documentation.
pub fn built_in_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUILT_IN.iter().copied()
}

/// Loads the theme of `settings.theme` for `language`, with the project's overrides.
pub fn load_theme(root: &Path, theme: &str, language: &str) -> Result<Theme, Diagnostics> {
    let mut files: BTreeMap<String, (String, Vec<u8>)> = BUILT_IN
        .iter()
        .map(|(name, text)| (name.to_string(), (format!("built-in theme: {name}"), text.as_bytes().to_vec())))
        .collect();
    let mut diagnostics = Diagnostics::default();
    // The settings check refuses other names; this keeps the rule where the files are read.
    if theme != "default" && crate::config::is_theme_name(theme) {
        overlay(root, &root.join("themes").join(theme), "", &mut files, &mut diagnostics);
    }
    overlay(root, &root.join("templates"), "templates/", &mut files, &mut diagnostics);

    let mut templates = Tera::default();
    templates.autoescape_on(vec![".html", ".svg", ".xml"]);
    // Tera's default also escapes `/`, which turns every relative link into `..&#x2F;`.
    templates.set_escape_fn(crate::render::charts::escape);
    templates.register_filter("fill", crate::render::views::fill_filter);
    let sources: Vec<(String, String)> = files
        .iter()
        .filter_map(|(name, (origin, bytes))| {
            let name = name.strip_prefix("templates/")?;
            match String::from_utf8(bytes.clone()) {
                Ok(text) => Some((name.to_string(), text)),
                Err(_) => {
                    diagnostics.push(Diagnostic::error(Location::file(origin), "this template is not valid UTF-8"));
                    None
                }
            }
        })
        .collect();
    let origins: BTreeMap<String, String> = files
        .iter()
        .filter_map(|(name, (origin, _))| Some((name.strip_prefix("templates/")?.to_string(), origin.clone())))
        .collect();
    missing_includes(&sources, &origins, &mut diagnostics);
    if let Err(error) = templates.add_raw_templates(sources) {
        diagnostics.push(template_error(&error, &origins));
    }
    let strings = load_strings(language, &files, &mut diagnostics);
    let static_files = files
        .iter()
        .filter_map(|(name, (_, bytes))| Some((name.strip_prefix("static/")?.to_string(), bytes.clone())))
        .collect();
    if diagnostics.is_empty() { Ok(Theme { templates, static_files, strings, origins }) } else { Err(diagnostics) }
}

/// Adds the files under `folder` as `prefix` + their path, replacing built-in files of that name.
fn overlay(
    root: &Path,
    folder: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, (String, Vec<u8>)>,
    diagnostics: &mut Diagnostics,
) {
    if !folder.is_dir() {
        return;
    }
    let walk = crate::paths::walk(root, folder, usize::MAX);
    for (linked, target) in walk.outside {
        let problem = crate::paths::NotAnInput::Outside(target);
        diagnostics.push(
            Diagnostic::error(Location::file(relative(root, &linked)), problem.message()).with_hint(problem.hint()),
        );
    }
    for entry in walk.entries {
        let entry = match entry {
            Ok(entry) if !entry.file_type().is_dir() => entry,
            Ok(_) => continue,
            Err(error) => {
                diagnostics.push(Diagnostic::error(
                    Location::file(relative(root, folder)),
                    format!("cannot read the theme: {error}"),
                ));
                continue;
            }
        };
        let under = entry.path().strip_prefix(folder).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        if under.split('/').any(|part| part.starts_with('.') || part.ends_with('~')) {
            continue;
        }
        if let Some(problem) = crate::load::input_problem(root, entry.path(), &relative(root, entry.path())) {
            diagnostics.push(problem);
            continue;
        }
        match fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(format!("{prefix}{under}"), (relative(root, entry.path()).display().to_string(), bytes));
            }
            Err(error) => diagnostics.push(Diagnostic::error(
                Location::file(relative(root, entry.path())),
                format!("cannot read this file: {error}"),
            )),
        }
    }
}

/// `{% include "x.html" %}` of a template that does not exist, found before any page renders:
/// one message at the include in the user's file (Tera would report it once for every page
/// whose base template includes it, each against the page's built-in template).
fn missing_includes(sources: &[(String, String)], origins: &BTreeMap<String, String>, diagnostics: &mut Diagnostics) {
    let known: Vec<&str> = sources.iter().map(|(name, _)| name.as_str()).collect();
    for (name, text) in sources {
        for (at, _) in text.match_indices("{%") {
            let statement = text[at + 2..].trim_start_matches('-').trim_start();
            let Some(rest) = statement.strip_prefix("include") else { continue };
            let rest = rest.trim_start();
            let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else { continue };
            let Some((included, after)) = rest[1..].split_once(quote) else { continue };
            if known.contains(&included) || after.trim_start().starts_with("ignore missing") {
                continue;
            }
            let line = text[..at].matches('\n').count() + 1;
            let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
            let origin = origins.get(name).cloned().unwrap_or_else(|| format!("templates/{name}"));
            diagnostics.push(
                Diagnostic::error(
                    Location::at(origin, line, column),
                    format!("the template `{included}` does not exist"),
                )
                .with_hint(match crate::diagnostics::did_you_mean(included, known.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`? (or create templates/{included})"),
                    None => format!("create templates/{included}, or write `ignore missing` after the name"),
                }),
            );
        }
    }
}

/// English strings first, then the language's own, so a missing translation shows in English.
fn load_strings(
    language: &str,
    files: &BTreeMap<String, (String, Vec<u8>)>,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let mut strings = BTreeMap::new();
    for code in ["en", language] {
        let Some((origin, bytes)) = files.get(&format!("i18n/{code}.yaml")) else { continue };
        let text = String::from_utf8_lossy(bytes);
        match yaml::parse::<BTreeMap<String, String>>(&text, Path::new(origin), 1) {
            Ok(map) => strings.extend(map),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    strings
}

/// A Tera error as a diagnostic at the template at fault: the innermost one the error names
/// (a partial, not each page that includes it, so one mistake is one message), at the line
/// Tera gives for a syntax error.
pub fn template_error(error: &tera::Error, origins: &BTreeMap<String, String>) -> Diagnostic {
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        causes.push(cause.to_string());
        source = cause.source();
    }
    // "Failed to render 'page.html'" adds nothing when a cause says where it happened.
    let message = if causes.iter().any(|c| c.contains("while rendering '")) {
        causes.join(": ")
    } else {
        std::iter::once(error.to_string()).chain(causes).collect::<Vec<_>>().join(": ")
    };
    let innermost = origins
        .iter()
        .filter_map(|(name, origin)| Some((message.rfind(&format!("'{name}'"))?, origin)))
        .max()
        .map(|(_, origin)| origin.clone())
        .unwrap_or_else(|| "templates".into());
    let hint = if message.contains("not found in context") {
        "this page does not get that value: docs/templates.md lists what each template gets; for an optional one write `{% if x is defined %}` or `x | default(value=\"\")`"
    } else {
        "check the template syntax: every {% block %}, {% if %} and {% for %} needs its {% end... %}"
    };
    let (line, column) = syntax_position(&message).unwrap_or((0, 0));
    Diagnostic::error(Location::at(innermost, line, column), message).with_hint(hint)
}

/// The line and column of a Tera syntax error (` --> 4:7` in its message).
fn syntax_position(message: &str) -> Option<(usize, usize)> {
    let (_, after) = message.split_once("--> ")?;
    let position = after.split_whitespace().next()?;
    let (line, column) = position.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(code: &str) -> BTreeMap<String, String> {
        let text = BUILT_IN.iter().find(|(name, _)| *name == format!("i18n/{code}.yaml")).unwrap().1;
        yaml::parse(text, Path::new(code), 1).unwrap()
    }

    #[test]
    fn every_language_has_every_string() {
        let en: Vec<String> = strings("en").into_keys().collect();
        let nl: Vec<String> = strings("nl").into_keys().collect();
        assert_eq!(en, nl);
    }

    /// Every file under `root`, as a path relative to it.
    fn files_under(root: &Path) -> Vec<std::path::PathBuf> {
        walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
            .collect()
    }

    /// The data-quality records' enums: each value the pages translate has its string.
    #[test]
    fn every_kind_of_data_problem_has_its_name() {
        use crate::ingest::{DateOrderNote, Delimiter, ExportLayout, QualityKind, Redaction};
        let en = strings("en");
        let keys = (QualityKind::ALL.iter().map(|kind| kind.i18n_key()))
            .chain(
                [ExportLayout::Long, ExportLayout::Wide, ExportLayout::Aggregate]
                    .map(|l| format!("layout_{}", l.name())),
            )
            .chain(Delimiter::NAMED.iter().filter_map(|d| d.i18n_key()).map(String::from))
            .chain(DateOrderNote::ALL.iter().map(|note| note.i18n_key().to_string()))
            .chain(Redaction::ALL.iter().map(|kind| kind.i18n_key().to_string()))
            .chain(super::super::vocabulary::Channel::ALL.iter().map(|c| c.i18n_key().to_string()))
            .chain(
                ["dimension_channel", "dimension_device", "device_mobile", "device_desktop", "device_tablet"]
                    .map(String::from),
            );
        for key in keys {
            assert!(en.contains_key(&key), "{key}");
        }
        assert_eq!(Delimiter::NAMED.iter().filter_map(|d| d.i18n_key()).count(), Delimiter::NAMED.len());
    }

    #[test]
    fn the_compiled_in_theme_is_the_theme_folder() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = files_under(&folder)
            .into_iter()
            .map(|p| p.display().to_string())
            // Read by their own modules: the topic sets and the stop words of emerging terms.
            .filter(|p| !p.starts_with("topics/") && !p.starts_with("terms/"))
            .collect();
        let mut compiled: Vec<String> = BUILT_IN.iter().map(|(name, _)| name.to_string()).collect();
        on_disk.sort();
        compiled.sort();
        assert_eq!(compiled, on_disk, "list every file of themes/default/ in BUILT_IN");
    }

    /// Keys written literally in the code (`t("…")`, `strings.get("…")`, `strings.fill("…", …)`)
    /// and in the templates (`t.key`): a missing one would show the key itself on a page.
    #[test]
    fn every_string_the_code_and_templates_use_exists() {
        let en = strings("en");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        let mut look = |text: &str, marker: &str, end: char, place: &Path| {
            for (at, _) in text.match_indices(marker) {
                if at > 0 && text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') && marker.starts_with('t')
                {
                    continue;
                }
                let rest = &text[at + marker.len()..];
                let key: String =
                    rest.chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect();
                let closed = rest[key.len()..].starts_with(end);
                if !key.is_empty() && closed && !en.contains_key(&key) {
                    missing.push(format!("{}: {key}", place.display()));
                }
            }
        };
        for file in files_under(&root.join("src")) {
            let text = std::fs::read_to_string(root.join("src").join(&file)).unwrap();
            for marker in ["t(\"", "strings.get(\"", "strings.fill(\""] {
                look(&text, marker, '"', &file);
            }
        }
        for file in files_under(&root.join("themes/default/templates")) {
            let text = std::fs::read_to_string(root.join("themes/default/templates").join(&file)).unwrap();
            for end in [' ', '|', '}', ')', ',', '\n'] {
                look(&text, "t.", end, &file);
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "strings used but not in i18n/en.yaml: {missing:?}");
    }

    #[test]
    fn a_missing_include_is_one_message_at_the_include() {
        let sources = vec![
            (
                "base.html".to_string(),
                "<p>\n  {%- include \"partials/nothere.html\" %}\n{% include 'ok.html' %}".to_string(),
            ),
            ("ok.html".to_string(), "{% include \"gone.html\" ignore missing %}".to_string()),
        ];
        let origins = [("base.html".to_string(), "templates/base.html".to_string())].into();
        let mut diagnostics = Diagnostics::default();
        missing_includes(&sources, &origins, &mut diagnostics);
        let found = diagnostics.sorted();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].to_string().lines().next().unwrap(),
            "templates/base.html:2:3: error: the template `partials/nothere.html` does not exist"
        );
    }

    #[test]
    fn the_built_in_templates_compile() {
        let theme = load_theme(Path::new("/nonexistent"), "default", "nl").unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(theme.strings["nav_summary"], "Samenvatting");
        assert!(theme.static_files.contains_key("style.css"));
    }
}
