//! Where each generated page lives in the output: the one table of the site's addresses. The
//! navigation, the pages and the check that a Markdown page does not take a report folder all
//! read it here.

/// A page of the report that is not a journey, a persona or a Markdown page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Summary,
    Journeys,
    /// With `lifecycle:` in cxsite.yaml.
    Lifecycle,
    Personas,
    PainPoints,
    Scores,
    Drivers,
    Topics,
    Maturity,
    Method,
    /// Against `--baseline`.
    Changes,
    /// The archive's list of snapshots.
    Reports,
}

impl Section {
    /// Every section, in the navigation's order.
    pub const ALL: [Section; 12] = [
        Section::Summary,
        Section::Journeys,
        Section::Lifecycle,
        Section::Personas,
        Section::PainPoints,
        Section::Scores,
        Section::Drivers,
        Section::Topics,
        Section::Maturity,
        Section::Method,
        Section::Changes,
        Section::Reports,
    ];

    /// Its folder under the output (`""` for the summary at the top).
    pub fn folder(self) -> &'static str {
        match self {
            Section::Summary => "",
            Section::Journeys => "journeys",
            Section::Lifecycle => "lifecycle",
            Section::Personas => "personas",
            Section::PainPoints => "pain-points",
            Section::Scores => "scores",
            Section::Drivers => "drivers",
            Section::Topics => "topics",
            Section::Maturity => "maturity",
            Section::Method => "method",
            Section::Changes => "changes",
            Section::Reports => "reports",
        }
    }

    /// Its page: `scores/index.html`, `index.html` for the summary.
    pub fn path(self) -> String {
        match self.folder() {
            "" => "index.html".into(),
            folder => format!("{folder}/index.html"),
        }
    }

    /// Its name in templates (`section`, to mark the current navigation link).
    pub fn key(self) -> &'static str {
        match self {
            Section::Summary => "summary",
            other => other.folder(),
        }
    }

    /// How many folders down its page is.
    pub fn depth(self) -> usize {
        usize::from(self != Section::Summary)
    }
}

/// Folders the report writes besides its pages.
const FILE_FOLDERS: [&str; 2] = ["data", "static"];

/// Whether a top-level folder of the output belongs to the report itself.
pub fn is_reserved(folder: &str) -> bool {
    FILE_FOLDERS.contains(&folder) || Section::ALL.iter().any(|s| !s.folder().is_empty() && s.folder() == folder)
}

/// A journey's page.
pub fn journey(id: &str) -> String {
    format!("{}/{id}/index.html", Section::Journeys.folder())
}

/// A journey's map for one segment, in its folder (`persona/anna`, `device/mobile`).
pub fn journey_segment(id: &str, folder: &str) -> String {
    format!("{}/{id}/{folder}/index.html", Section::Journeys.folder())
}

/// A persona's page.
pub fn persona(id: &str) -> String {
    format!("{}/{id}/index.html", Section::Personas.folder())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_folder_is_reserved_and_pages_sit_one_down() {
        let reserved: Vec<&str> = Section::ALL.iter().map(|s| s.folder()).filter(|f| is_reserved(f)).collect();
        assert_eq!(reserved.len(), Section::ALL.len() - 1, "all but the summary's top level");
        assert!(is_reserved("data") && is_reserved("static") && !is_reserved("notes"));
        assert_eq!((Section::Summary.path(), Section::Summary.depth()), ("index.html".to_string(), 0));
        assert_eq!(
            (Section::PainPoints.path(), Section::PainPoints.depth()),
            ("pain-points/index.html".to_string(), 1)
        );
        assert_eq!(journey("buy"), "journeys/buy/index.html");
    }
}
