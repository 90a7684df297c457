//! The CX maturity self-assessment: `content/maturity.yaml`, one stage per dimension.

use serde::{Deserialize, Serialize};
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::yaml;

/// The file's path under the project root.
pub const MATURITY_FILE: &str = "content/maturity.yaml";

/// The four stages, from first to last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MaturityStage {
    Cluttered,
    Considered,
    Capable,
    Cultural,
}

impl MaturityStage {
    /// Every stage, in order.
    pub const ALL: [MaturityStage; 4] =
        [MaturityStage::Cluttered, MaturityStage::Considered, MaturityStage::Capable, MaturityStage::Cultural];

    /// The stage's key in the theme's strings.
    pub fn key(self) -> &'static str {
        match self {
            MaturityStage::Cluttered => "cluttered",
            MaturityStage::Considered => "considered",
            MaturityStage::Capable => "capable",
            MaturityStage::Cultural => "cultural",
        }
    }
}

/// The dimensions a team assesses itself on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MaturityDimension {
    Strategy,
    Processes,
    Systems,
    Culture,
    CrossChannelIntegration,
}

/// One dimension: where the team stands, why it thinks so, and what comes next.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MaturityAssessment {
    pub dimension: MaturityDimension,
    pub stage: MaturityStage,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub next_step: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MaturityFile {
    #[serde(default)]
    assessed: Option<String>,
    dimensions: Vec<MaturityAssessment>,
}

/// The self-assessment, when the project has one: when it was made, and each dimension.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Maturity {
    pub assessed: Option<String>,
    pub dimensions: Vec<MaturityAssessment>,
}

/// Reads `content/maturity.yaml` when it exists.
pub fn load_maturity(root: &Path) -> Result<Option<Maturity>, Diagnostic> {
    let path = root.join(MATURITY_FILE);
    if let Some(problem) = super::input_problem(root, &path, Path::new(MATURITY_FILE)) {
        return Err(problem);
    }
    let Ok(text) = std::fs::read_to_string(path) else { return Ok(None) };
    let file = yaml::parse::<MaturityFile>(&text, Path::new(MATURITY_FILE), 1)?;
    Ok(Some(Maturity { assessed: file.assessed, dimensions: file.dimensions }))
}
