//! Which stage a changed file feeds, so a rebuild starts there and not earlier.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::load::SETTINGS_FILE;

/// What a changed file is to the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// `cxsite.yaml`: everything may change.
    Settings,
    /// A persona, journey or other YAML under `content/`: reload and re-analyse.
    Model,
    /// A Markdown page: reload the pages and re-render.
    Page,
    /// Anything else under `content/` (a survey export, or a file no stage reads, which the
    /// survey cache then finds unchanged).
    Survey,
    /// A template, static file or translation: reload the theme and re-render.
    Theme,
}

impl ChangeKind {
    /// What `path` (relative to the project root) feeds; `None` for files no stage reads:
    /// hidden files and folders, editors' swap and backup files, anything outside the sources.
    pub fn of(path: &Path) -> Option<ChangeKind> {
        let names: Vec<&str> = path
            .components()
            .map(|c| match c {
                Component::Normal(name) => name.to_str(),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let (first, last) = (*names.first()?, *names.last()?);
        if names.iter().any(|n| n.starts_with('.')) || is_editor_scratch(last) {
            return None;
        }
        let extension = Path::new(last).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match (first, names.len()) {
            (SETTINGS_FILE, 1) => Some(ChangeKind::Settings),
            ("templates" | "themes", _) => Some(ChangeKind::Theme),
            // A folder (`content/surveys/2026`) created, removed or moved may add or take away
            // any kind of file: reload.
            ("content", _) => Some(match extension.as_str() {
                "yaml" | "yml" => ChangeKind::Model,
                "md" | "markdown" => ChangeKind::Page,
                "" => ChangeKind::Model,
                _ => ChangeKind::Survey,
            }),
            _ => None,
        }
    }
}

/// Editors write these beside the file they save: vim's `.swp` and `4913`, emacs' `#x#` and
/// `x~`, `sed -i`'s `sedXXXXXX`, JetBrains' `x___jb_tmp___`, and the temporary files many tools
/// rename over the real one.
fn is_editor_scratch(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let sed_temporary =
        name.len() == 9 && name.starts_with("sed") && name[3..].bytes().all(|b| b.is_ascii_alphanumeric());
    lower == "4913"
        || sed_temporary
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".crdownload", ".part"].iter().any(|e| lower.ends_with(e))
}

/// The files changed since the last rebuild, sorted by what they feed.
#[derive(Debug, Clone, Default)]
pub struct ChangedFiles {
    /// Start from scratch (the first build, or `cxsite build`).
    pub everything: bool,
    pub settings: bool,
    pub model: bool,
    pub pages: bool,
    pub theme: bool,
    /// Survey files (relative to the project root) to read again.
    pub surveys: BTreeSet<PathBuf>,
    /// Every changed path, relative to the project root, for the log.
    pub paths: BTreeSet<PathBuf>,
}

impl ChangedFiles {
    /// A change that redoes every stage.
    pub fn everything() -> ChangedFiles {
        ChangedFiles { everything: true, ..ChangedFiles::default() }
    }

    /// Adds a changed path (relative to the project root); returns false when no stage reads it.
    pub fn add(&mut self, path: &Path) -> bool {
        let Some(kind) = ChangeKind::of(path) else { return false };
        match kind {
            ChangeKind::Settings => self.settings = true,
            ChangeKind::Model => self.model = true,
            ChangeKind::Page => self.pages = true,
            ChangeKind::Theme => self.theme = true,
            ChangeKind::Survey => {
                self.surveys.insert(path.to_path_buf());
            }
        }
        self.paths.insert(path.to_path_buf());
        true
    }

    /// True when nothing any stage reads has changed.
    pub fn is_empty(&self) -> bool {
        !self.everything && self.paths.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<ChangeKind> {
        ChangeKind::of(Path::new(path))
    }

    #[test]
    fn each_source_feeds_its_stage() {
        assert_eq!(kind("cxsite.yaml"), Some(ChangeKind::Settings));
        assert_eq!(kind("content/journeys/online-order.yaml"), Some(ChangeKind::Model));
        assert_eq!(kind("content/personas/sanne.yml"), Some(ChangeKind::Model));
        assert_eq!(kind("content/journeys"), Some(ChangeKind::Model));
        assert_eq!(kind("content/notes/q3.md"), Some(ChangeKind::Page));
        assert_eq!(kind("content/surveys/q3.csv"), Some(ChangeKind::Survey));
        assert_eq!(kind("templates/partials/footer.html"), Some(ChangeKind::Theme));
        assert_eq!(kind("themes/brand/static/style.css"), Some(ChangeKind::Theme));
        assert_eq!(kind("templates"), Some(ChangeKind::Theme), "a folder of overrides made or removed");
        assert_eq!(kind("content/surveys/sedona"), Some(ChangeKind::Model), "a folder, not sed's scratch");
    }

    #[test]
    fn output_hidden_and_editor_files_feed_nothing() {
        for path in [
            "public/index.html",
            ".public.cxsite-new/index.html",
            "README.md",
            "content/.git/HEAD",
            "content/journeys/.online-order.yaml.swp",
            "content/journeys/online-order.yaml~",
            "content/journeys/4913",
            "content/journeys/#online-order.yaml#",
            "content/surveys/export.csv.crdownload",
            "content/journeys/sed8aahLf",
            "content/journeys/online-order.yaml___jb_tmp___",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
    }
}
