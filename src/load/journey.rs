//! Journeys: `content/journeys/<id>.yaml`, with stages, touchpoints, pain points and opportunities.

use serde::{Deserialize, Serialize};

/// A customer journey: what one or more personas go through, stage by stage.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    /// The file stem, unless the file sets `id`.
    #[serde(default)]
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `persona: sanne` in the file; merged with `personas:` on load.
    #[serde(default)]
    pub persona: Option<String>,
    #[serde(default)]
    pub personas: Vec<String>,
    /// Its phase of the customer lifecycle (an id of `lifecycle:` in cxsite.yaml).
    #[serde(default)]
    pub phase: Option<String>,
    pub stages: Vec<Stage>,
    /// The file it was read from, relative to the project root.
    #[serde(skip_deserializing)]
    pub source: std::path::PathBuf,
}

impl Journey {
    /// The ids of the personas this journey belongs to, from `persona` and `personas`.
    pub fn persona_ids(&self) -> impl Iterator<Item = &str> {
        self.persona.iter().chain(&self.personas).map(String::as_str)
    }
}

/// One step of a journey, shown as a column of the journey map.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub goal: Option<String>,
    #[serde(default)]
    pub touchpoints: Vec<Touchpoint>,
    #[serde(default)]
    pub pain_points: Vec<PainPoint>,
    #[serde(default)]
    pub opportunities: Vec<Opportunity>,
}

/// A moment where the customer meets the company; survey rows refer to it by `id`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Touchpoint {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub partner: bool,
    #[serde(default)]
    pub moment_of_truth: bool,
    /// Expected emotion -2..2, drawn where there is no survey data.
    #[serde(default)]
    pub emotion: Option<f64>,
    /// Level of the CX pyramid it serves, 1..6.
    #[serde(default)]
    pub cx_level: Option<u8>,
    /// Customers passing it in a year, where the team knows (else its journey's personas'
    /// `customers`): for the value at stake.
    #[serde(default)]
    pub yearly_customers: Option<u64>,
    #[serde(default)]
    pub description: Option<String>,
    /// What the customer does here: the journey map's "customer actions" lane.
    #[serde(default, deserialize_with = "lines")]
    pub actions: Vec<String>,
    /// What the customer thinks or says here, in their words: the "thinks and says" lane.
    #[serde(default, deserialize_with = "lines")]
    pub thoughts: Vec<String>,
    /// What staff and partners do out of the customer's sight (service blueprint).
    #[serde(default, deserialize_with = "lines")]
    pub backstage: Vec<String>,
    /// The systems and processes that support it (service blueprint).
    #[serde(default, deserialize_with = "lines")]
    pub support: Vec<String>,
}

/// A lane of the journey map: one line of text, or a list of lines.
fn lines<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct Lines;
    impl<'de> serde::de::Visitor<'de> for Lines {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a line of text or a list of lines")
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Vec<String>, E> {
            Ok(vec![text.to_string()])
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut lines = Vec::new();
            while let Some(line) = seq.next_element::<String>()? {
                lines.push(line);
            }
            Ok(lines)
        }
    }
    let lines = deserializer.deserialize_any(Lines)?;
    Ok(lines.into_iter().map(|line| line.trim().to_string()).filter(|line| !line.is_empty()).collect())
}

/// A known problem at a touchpoint, with the team's judgement of how bad it is and what it costs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PainPoint {
    pub id: String,
    pub title: String,
    pub touchpoint: String,
    /// 1..5, how much it hurts the customer.
    pub severity: u8,
    /// 1..5, how much it costs to fix.
    pub effort: u8,
    pub category: PainCategory,
    #[serde(default)]
    pub description: Option<String>,
}

/// The common CX failure modes a pain point is filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PainCategory {
    WaitTime,
    NotUnderstood,
    Unresolved,
    OverAutomation,
    NotPersonal,
    StaffAttitude,
    Information,
    Reliability,
    Price,
    Other,
}

/// An idea to improve the journey, optionally tied to a touchpoint and an owner.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Opportunity {
    Detailed(OpportunityDetail),
    /// A plain line of text.
    Text(String),
}

/// The long form of an opportunity.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OpportunityDetail {
    #[serde(default)]
    pub id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub touchpoint: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The pain points of the journey this idea addresses, by id: the summary's actions show
    /// it beside those, and only those.
    #[serde(default)]
    pub pain_points: Vec<String>,
}

/// A line of text or the long form. Written out rather than `#[serde(untagged)]`, which would
/// swallow the long form's own error (an unknown key, a missing `title`) and its place.
impl<'de> Deserialize<'de> for Opportunity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = Opportunity;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a line of text, or a mapping with a `title` (and `touchpoint`, `owner`, `description`, `id`, `pain_points`)",
                )
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Opportunity, E> {
                Ok(Opportunity::Text(text.to_string()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Opportunity, A::Error> {
                let detail = OpportunityDetail::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Opportunity::Detailed(detail))
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl Opportunity {
    /// The opportunity in its long form.
    pub fn detail(&self) -> OpportunityDetail {
        match self {
            Opportunity::Detailed(detail) => detail.clone(),
            Opportunity::Text(title) => OpportunityDetail {
                id: None,
                title: title.clone(),
                touchpoint: None,
                owner: None,
                description: None,
                pain_points: Vec::new(),
            },
        }
    }
}
