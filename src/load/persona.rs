//! Personas: `content/personas/<id>.yaml`.

use serde::{Deserialize, Serialize};

/// A customer archetype the journeys are told from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// The file stem, unless the file sets `id`.
    #[serde(default)]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub quote: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub frustrations: Vec<String>,
    #[serde(default)]
    pub needs: Vec<String>,
    #[serde(default)]
    pub channels: Vec<String>,
    /// Share of the customer base, 0..1.
    #[serde(default)]
    pub share: Option<f64>,
    /// How many customers it stands for, for the value at stake.
    #[serde(default)]
    pub customers: Option<u64>,
    /// Each of those customers' yearly value, in `currency:` of cxsite.yaml.
    #[serde(default)]
    pub value_per_customer: Option<f64>,
    /// The file it was read from, relative to the project root.
    #[serde(skip_deserializing)]
    pub source: std::path::PathBuf,
}
