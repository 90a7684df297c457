//! `cxsite.yaml`: the site settings. Every key but `title` has a default.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostics::Location;
use crate::period::PeriodKind;

/// The whole settings file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub title: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output")]
    pub output: PathBuf,
    #[serde(default)]
    pub period: PeriodKind,
    #[serde(default = "default_min_responses")]
    pub min_responses: u64,
    #[serde(default)]
    pub surveys: SurveySettings,
    #[serde(default)]
    pub report: ReportSettings,
    /// Personal data in customer comments.
    #[serde(default)]
    pub privacy: PrivacySettings,
    /// How Markdown pages are rendered.
    #[serde(default)]
    pub markdown: MarkdownSettings,
    /// Where the site is published (`https://cx.example.com/reports/`): only used for
    /// `sitemap.xml`; every link in the site stays relative.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The default theme's accent colour and a logo, without copying its templates.
    #[serde(default)]
    pub style: StyleSettings,
    /// `false`: no comment topics, not even the built-in set used without `content/topics.yaml`.
    #[serde(default = "default_topics")]
    pub topics: bool,
    /// `persona`: also show post-stratified figures, each persona weighed by its `share`.
    #[serde(default)]
    pub weighting: Weighting,
    /// Goals for figures: a metric's score for a group, optionally by a period.
    #[serde(default)]
    pub targets: Vec<TargetSetting>,
    /// The phases of the customer lifecycle, in order; each journey may name its `phase`.
    #[serde(default)]
    pub lifecycle: Vec<PhaseSetting>,
    /// The currency of the personas' `value_per_customer` and of the value at stake (`EUR`).
    #[serde(default)]
    pub currency: Option<String>,
}

/// A phase of the customer lifecycle (`lifecycle:` in cxsite.yaml): `{id: purchase, name: Purchase}`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseSetting {
    pub id: String,
    pub name: String,
}

/// A goal for one figure (`targets:` in cxsite.yaml): `{metric: csat, group: touchpoint, id:
/// delivery, value: 80, by: 2026-Q4}`. The group and id are metrics.json's (`docs/metrics-json.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSetting {
    pub metric: Metric,
    /// The score to reach: NPS points, CSAT %, or the CES mean (below it with `ces_direction:
    /// lower-is-better`).
    pub value: f64,
    /// metrics.json's `group`: `overall` (the default), `journey`, `touchpoint/device`, ...
    #[serde(default = "default_target_group")]
    pub group: String,
    /// metrics.json's `id` in that group (`""` for overall).
    #[serde(default)]
    pub id: String,
    /// The period by which it is due (`2026-Q4`); before it a target not met raises no alert.
    #[serde(default)]
    pub by: Option<String>,
}

fn default_target_group() -> String {
    "overall".into()
}

/// Whether figures are also shown weighted (`weighting:` in cxsite.yaml).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    /// The answers as they came.
    #[default]
    None,
    /// Beside them, each persona weighed by its declared share of the customer base.
    Persona,
}

/// Where the survey exports are and how their columns map to roles.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveySettings {
    #[serde(default = "default_survey_files")]
    pub files: Vec<String>,
    #[serde(default)]
    pub columns: ColumnMap,
    /// `None` when not set: the default dimensions are used only where the columns exist.
    #[serde(default)]
    pub dimensions: Option<Vec<String>>,
    #[serde(default)]
    pub scales: Scales,
    /// Which way the CES question runs: CES 2.0 ("the company made it easy", higher is better,
    /// the default) or CES 1.0 ("how much effort", lower is better). One per project: the two
    /// are never mixed.
    #[serde(default)]
    pub ces_direction: CesDirection,
    /// Field separator; detected from the header line when not set.
    #[serde(default)]
    pub delimiter: Option<char>,
    /// How to read dates such as `03/04/2026`: `dmy` or `mdy`; detected from each file when
    /// not set (and said so when the file cannot tell).
    #[serde(default)]
    pub date_order: Option<DateOrder>,
    /// Rows at the top of each file before the answers (the header, plus the question-text
    /// rows some tools add); detected when not set.
    #[serde(default)]
    pub header_rows: Option<usize>,
    /// Where `header_rows` is written in cxsite.yaml, for messages about it (set by `load`).
    #[serde(skip)]
    pub header_rows_at: Option<Location>,
    /// Answer labels the export writes instead of numbers, per metric: `{csat: {Very satisfied: 5}}`.
    #[serde(default)]
    pub values: ValueLabels,
    /// Wide exports: one row per respondent with a score column per touchpoint.
    #[serde(default)]
    pub wide: Vec<WideColumn>,
    /// Pre-aggregated counts (globs under content/), as `cxsite aggregate` or a warehouse's
    /// `GROUPING SETS` query writes them; merged with the raw files.
    #[serde(default)]
    pub aggregates: Vec<String>,
    /// Exports of different tools in one project, each with its own mapping: a file matched by
    /// a source's `files` is read with the source's settings, the rest with the ones above.
    #[serde(default)]
    pub sources: Vec<SourceSettings>,
}

/// One survey tool's exports: their files and how to read them. A key left out is taken from
/// `surveys` itself; `scales` and `dimensions` are the project's, the same for every source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSettings {
    pub files: Vec<String>,
    #[serde(default)]
    pub columns: Option<ColumnMap>,
    #[serde(default)]
    pub values: Option<ValueLabels>,
    #[serde(default)]
    pub date_order: Option<DateOrder>,
    #[serde(default)]
    pub header_rows: Option<usize>,
    #[serde(default)]
    pub delimiter: Option<char>,
    #[serde(default)]
    pub wide: Option<Vec<WideColumn>>,
}

/// Answer labels and the scale point each stands for, per metric (matched ignoring case).
/// A label may be digits (`"1": 5`, a reverse-coded numeric export): it is read as written
/// here, not as its own number.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueLabels {
    #[serde(default)]
    pub nps: BTreeMap<String, LabelValue>,
    #[serde(default)]
    pub csat: BTreeMap<String, LabelValue>,
    #[serde(default)]
    pub ces: BTreeMap<String, LabelValue>,
}

/// What an answer label stands for: a point of the scale, or no answer at all (Zendesk's
/// `Offered`: the survey was sent, not answered), written `no answer` (or `null`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelValue {
    Point(u8),
    NoAnswer,
}

impl<'de> Deserialize<'de> for LabelValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = LabelValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a point of the scale (a whole number) or `no answer`")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<LabelValue, E> {
                u8::try_from(v)
                    .map(LabelValue::Point)
                    .map_err(|_| E::custom(format!("{v} is not a point of any scale")))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<LabelValue, E> {
                Err(E::custom(format!("{v} is not a point of any scale")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<LabelValue, E> {
                if v.trim().eq_ignore_ascii_case("no answer") {
                    Ok(LabelValue::NoAnswer)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
                }
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<LabelValue, E> {
                Ok(LabelValue::NoAnswer)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<LabelValue, E> {
                Ok(LabelValue::NoAnswer)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// One score column of a wide export: which touchpoint it rates, with which metric.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WideColumn {
    /// The column's header text.
    pub column: String,
    pub touchpoint: String,
    pub metric: Metric,
}

/// Which way the CES question runs (`surveys.ces_direction`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CesDirection {
    /// CES 2.0: "the company made it easy", agree is high.
    #[default]
    HigherIsBetter,
    /// CES 1.0: "how much effort did you have to put in", low effort is low.
    LowerIsBetter,
}

/// The three survey metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    Nps,
    Csat,
    Ces,
}

impl Metric {
    /// `nps`, `csat` or `ces`: the metric's name in metrics.json, settings and i18n keys.
    pub fn key(self) -> &'static str {
        match self {
            Metric::Nps => "nps",
            Metric::Csat => "csat",
            Metric::Ces => "ces",
        }
    }

    /// The column role that holds this metric in a long export.
    pub fn role(self) -> ColumnRole {
        match self {
            Metric::Nps => ColumnRole::Nps,
            Metric::Csat => ColumnRole::Csat,
            Metric::Ces => ColumnRole::Ces,
        }
    }
}

impl Default for SurveySettings {
    fn default() -> Self {
        SurveySettings {
            files: default_survey_files(),
            columns: ColumnMap::default(),
            dimensions: None,
            scales: Scales::default(),
            ces_direction: CesDirection::default(),
            delimiter: None,
            date_order: None,
            header_rows: None,
            header_rows_at: None,
            values: ValueLabels::default(),
            wide: Vec::new(),
            aggregates: Vec::new(),
            sources: Vec::new(),
        }
    }
}

impl SurveySettings {
    /// The settings a file of `source` (an index into `sources`; `None`: no source) is read with.
    pub fn of_source(&self, source: Option<usize>) -> SurveySettings {
        let mut settings = SurveySettings { sources: Vec::new(), ..self.clone() };
        let Some(source) = source.and_then(|i| self.sources.get(i)) else { return settings };
        settings.files = source.files.clone();
        if let Some(columns) = &source.columns {
            settings.columns = columns.clone();
        }
        if let Some(values) = &source.values {
            settings.values = values.clone();
        }
        if let Some(wide) = &source.wide {
            settings.wide = wide.clone();
        }
        settings.date_order = source.date_order.or(self.date_order);
        settings.delimiter = source.delimiter.or(self.delimiter);
        if source.header_rows.is_some() {
            // Its place in cxsite.yaml is not known: messages name the file instead.
            (settings.header_rows, settings.header_rows_at) = (source.header_rows, None);
        }
        settings
    }

    /// Every set of answer labels and wide columns in force: the top level's and each source's.
    pub fn all_sources(&self) -> Vec<SurveySettings> {
        std::iter::once(None).chain((0..self.sources.len()).map(Some)).map(|s| self.of_source(s)).collect()
    }

    /// The dimensions to segment by, and whether the user named them (then they must exist).
    pub fn dimensions(&self) -> (Vec<String>, bool) {
        match &self.dimensions {
            Some(names) => (names.clone(), true),
            None => (vec!["channel".into(), "device".into()], false),
        }
    }
}

/// Day-month or month-day order for numeric dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    Dmy,
    Mdy,
}

/// The header of the column that holds each role, where the user named one.
///
/// A role left out uses its default header (the role's own name, `response_id` and
/// `submitted_at` for id and date) and may be absent from a file; a role named here must exist.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMap {
    pub id: Option<String>,
    pub date: Option<String>,
    pub persona: Option<String>,
    pub touchpoint: Option<String>,
    pub nps: Option<String>,
    pub csat: Option<String>,
    pub ces: Option<String>,
    pub comment: Option<String>,
}

/// What a survey column means to cxsite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnRole {
    Id,
    Date,
    Persona,
    Touchpoint,
    Nps,
    Csat,
    Ces,
    Comment,
}

impl ColumnRole {
    /// Every role, in the order of the settings file.
    pub const ALL: [ColumnRole; 8] = [
        ColumnRole::Id,
        ColumnRole::Date,
        ColumnRole::Persona,
        ColumnRole::Touchpoint,
        ColumnRole::Nps,
        ColumnRole::Csat,
        ColumnRole::Ces,
        ColumnRole::Comment,
    ];

    /// The role's place in [`ColumnRole::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The role's key under `surveys.columns`.
    pub fn key(self) -> &'static str {
        match self {
            ColumnRole::Id => "id",
            ColumnRole::Date => "date",
            ColumnRole::Persona => "persona",
            ColumnRole::Touchpoint => "touchpoint",
            ColumnRole::Nps => "nps",
            ColumnRole::Csat => "csat",
            ColumnRole::Ces => "ces",
            ColumnRole::Comment => "comment",
        }
    }

    fn default_header(self) -> &'static str {
        match self {
            ColumnRole::Id => "response_id",
            ColumnRole::Date => "submitted_at",
            other => other.key(),
        }
    }
}

impl ColumnMap {
    /// The header for `role`, and whether the user named it in `cxsite.yaml`.
    pub fn header(&self, role: ColumnRole) -> (&str, bool) {
        let named = match role {
            ColumnRole::Id => &self.id,
            ColumnRole::Date => &self.date,
            ColumnRole::Persona => &self.persona,
            ColumnRole::Touchpoint => &self.touchpoint,
            ColumnRole::Nps => &self.nps,
            ColumnRole::Csat => &self.csat,
            ColumnRole::Ces => &self.ces,
            ColumnRole::Comment => &self.comment,
        };
        match named {
            Some(header) => (header, true),
            None => (role.default_header(), false),
        }
    }
}

/// The top of each rating scale (CSAT 1..csat, CES 1..ces).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scales {
    #[serde(default = "default_csat_scale")]
    pub csat: u8,
    #[serde(default = "default_ces_scale")]
    pub ces: u8,
}

impl Default for Scales {
    fn default() -> Self {
        Scales { csat: default_csat_scale(), ces: default_ces_scale() }
    }
}

/// Which period the report is about.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    pub period: Option<String>,
}

/// How the site looks, set in `cxsite.yaml` rather than in a copied template.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSettings {
    /// The accent colour, `#rgb` or `#rrggbb` (quoted in YAML): links, highlights, chart
    /// lines. The dark mode gets a lighter shade of it when it would be hard to read there.
    #[serde(default)]
    pub accent: Option<String>,
    /// An image under `content/`, shown in the header beside the site title.
    #[serde(default)]
    pub logo: Option<PathBuf>,
}

/// The image types a logo may be, by file extension (lower case).
pub const LOGO_EXTENSIONS: [&str; 7] = ["svg", "png", "jpg", "jpeg", "gif", "webp", "avif"];

impl StyleSettings {
    /// Where the logo is written, relative to the site root: `static/logo.<extension>`, so it
    /// never takes the name of a theme file. `None` without a logo or with an unusable name.
    pub fn logo_output(&self) -> Option<String> {
        let extension = self.logo.as_ref()?.extension()?.to_str()?.to_ascii_lowercase();
        LOGO_EXTENSIONS.contains(&extension.as_str()).then(|| format!("static/logo.{extension}"))
    }
}

fn default_topics() -> bool {
    true
}

fn default_language() -> String {
    "en".into()
}
/// A theme is named by a folder directly under `themes/`: not a path (`/abs`, `../x`, `a/b`),
/// so templates are never loaded from outside the project.
pub fn is_theme_name(name: &str) -> bool {
    let path = std::path::Path::new(name);
    path.components().count() == 1 && crate::load::is_plain_relative(path) && !name.contains(['/', '\\'])
}

fn default_theme() -> String {
    "default".into()
}
fn default_output() -> PathBuf {
    "public".into()
}
fn default_min_responses() -> u64 {
    10
}
/// `surveys.files` when not set.
pub fn default_survey_files() -> Vec<String> {
    vec!["surveys/*.csv".into()]
}
fn default_csat_scale() -> u8 {
    5
}
fn default_ces_scale() -> u8 {
    7
}

/// What is removed from customer comments before they are quoted.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacySettings {
    /// Replace e-mail addresses, phone numbers, IBANs, postcodes and `names` (default: on).
    #[serde(default = "default_true")]
    pub redact: bool,
    /// Names of staff or customers to remove wherever they appear, ignoring case.
    #[serde(default)]
    pub names: Vec<String>,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings { redact: true, names: Vec::new() }
    }
}

fn default_true() -> bool {
    true
}

/// Markdown pages are the team's own text; raw HTML in them is shown as text unless allowed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownSettings {
    #[serde(default)]
    pub allow_html: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_labels_are_points_or_no_answer() {
        let yaml = "title: t\nsurveys:\n  values:\n    csat: {\"1\": 5, 2: 4, Offered: no answer, Unoffered: ~, Skipped: null}\n";
        let settings = crate::yaml::parse::<Settings>(yaml, std::path::Path::new("cxsite.yaml"), 1).unwrap();
        let csat = &settings.surveys.values.csat;
        assert_eq!(csat["1"], LabelValue::Point(5));
        assert_eq!(csat["2"], LabelValue::Point(4), "an unquoted digit key is a label too");
        for label in ["Offered", "Unoffered", "Skipped"] {
            assert_eq!(csat[label], LabelValue::NoAnswer, "{label}");
        }
        let wrong = "title: t\nsurveys: {values: {csat: {Good: plenty}}}\n";
        let error = crate::yaml::parse::<Settings>(wrong, std::path::Path::new("cxsite.yaml"), 1).unwrap_err();
        assert!(error.message.contains("a point of the scale (a whole number) or `no answer`"), "{}", error.message);
    }
}
