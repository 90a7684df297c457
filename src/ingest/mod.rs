//! Stage 2, ingest: the survey exports into per-segment score histograms.
//!
//! A segment is what a row's own columns name: everyone, its persona, its touchpoint, or a
//! value of a dimension column, and its touchpoint *for* its persona or *on* each dimension
//! value, in its period. Each row is counted once in each of its segments: exactly a
//! warehouse's `GROUP BY GROUPING SETS ((period), (period, persona), (period, touchpoint),
//! (period, channel), ..., (period, touchpoint, persona), (period, touchpoint, channel), ...)`.
//! Stages, journeys and "all periods" are sums of segments, done in analyse.

mod aggregate;
mod cache;
mod cell;
mod cell_cache;
mod chunk;
mod comment_tally;
mod comments;
mod count_record;
mod dialect;
mod duplicates;
mod file;
mod layout;
mod parquet;
mod problems;
mod quality;
mod redact;
mod rows;
mod segment_counts;
mod segment_table;
mod spill;
mod tally;
mod term_table;
mod terms;

pub use aggregate::{HEADER as AGGREGATE_HEADER, write_aggregate};
pub use cache::SurveyCache;
pub use comments::{Comment, CommentSample};
pub use dialect::Delimiter;
pub use layout::DateOrderNote;
pub use quality::{
    DataQuality, ExampleValue, ExampleWords, ExportLayout, FileSummary, NOT_APPLICABLE, QualityExample, QualityIssue,
    QualityKind,
};
pub use redact::Redaction;
pub use segment_table::SegmentTable;
pub use term_table::{TermPlace, TermTable};
pub use terms::{StopWords, holds_term};

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::config::PrivacySettings;
use crate::diagnostics::Diagnostics;
use crate::load::Project;
use crate::period::Period;
pub use cell_cache::FastMap;

/// What a row's columns name directly; every row counts in `Overall`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    Overall,
    Persona(String),
    Touchpoint(String),
    /// A value of the `surveys.dimensions` column with this index.
    Dimension(usize, String),
    /// A touchpoint's responses from one persona: (touchpoint, persona). Counted from the row
    /// itself, as no sum of the segments above can say who answered at which touchpoint.
    TouchpointPersona(String, String),
    /// A touchpoint's responses with one value of the dimension column with this index:
    /// (index, touchpoint, value), e.g. checkout on mobile.
    TouchpointDimension(usize, String, String),
}

impl Segment {
    /// A touchpoint's answers from one persona or with one dimension value.
    pub fn is_within_touchpoint(&self) -> bool {
        matches!(self, Segment::TouchpointPersona(..) | Segment::TouchpointDimension(..))
    }
}

/// A segment in a period: the key of the histograms ingest produces.
pub type SegmentKey = (Period, Segment);

/// Answers that rated both the touchpoint (CSAT, x) and the likelihood to recommend (NPS, y)
/// in one response: the exact integer sums Pearson's r needs. They merge by addition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsatNpsPairs {
    pub n: u64,
    pub sum_x: u64,
    pub sum_y: u64,
    pub sum_xx: u64,
    pub sum_yy: u64,
    pub sum_xy: u64,
}

impl CsatNpsPairs {
    /// Counts one response.
    pub fn add(&mut self, csat: u8, nps: u8) {
        let (x, y) = (u64::from(csat), u64::from(nps));
        self.n += 1;
        self.sum_x += x;
        self.sum_y += y;
        self.sum_xx += x * x;
        self.sum_yy += y * y;
        self.sum_xy += x * y;
    }

    /// Adds another table's sums.
    pub fn merge(&mut self, other: &CsatNpsPairs) {
        self.n += other.n;
        self.sum_x += other.sum_x;
        self.sum_y += other.sum_y;
        self.sum_xx += other.sum_xx;
        self.sum_yy += other.sum_yy;
        self.sum_xy += other.sum_xy;
    }
}

/// Comments at a touchpoint (`None`: at none, for relationship surveys), in a period, about a
/// topic (`None`: all comments there, the base of the shares).
pub type TopicKey = (Period, Option<String>, Option<String>);

/// How many comments, and how many of them came with an unhappy or a happy answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TopicCounts {
    pub comments: u64,
    /// NPS 0–6, else CSAT 1–2, else CES 1–3 (the touchpoint's primary metric, as for pain points).
    pub unhappy: u64,
    /// NPS 9–10, else CSAT in the top two boxes, else CES 5–7.
    pub happy: u64,
}

impl TopicCounts {
    fn merge(&mut self, other: &TopicCounts) {
        self.comments += other.comments;
        self.unhappy += other.unhappy;
        self.happy += other.happy;
    }
}

/// Everything ingest learns from the survey files.
#[derive(Debug, Clone, Default)]
pub struct Responses {
    /// Shared, not copied, between the ingest cache's file and the merged responses of a
    /// build: with the segments within touchpoints they are tens of thousands, ~10 MB (on a
    /// project of 20,000 touchpoints, millions and most of the memory of a build).
    pub segments: Arc<SegmentTable>,
    /// CSAT and NPS sums per touchpoint and period, for the key drivers.
    pub drivers: BTreeMap<(Period, String), CsatNpsPairs>,
    /// Every comment counted by topic (all comments, not only the quoted sample).
    pub topics: BTreeMap<TopicKey, TopicCounts>,
    /// Unhappy and happy respondents using each term, per touchpoint and period: the counts
    /// emerging terms are computed from.
    pub terms: TermTable,
    pub comments: CommentSample,
    pub quality: DataQuality,
    /// The hashed ids of the counted rows, to find a response counted twice (`duplicates.rs`).
    pub ids: duplicates::ResponseIds,
}

impl Responses {
    /// Drops the counts only the analysis reads (by topic and term, the driver sums) once it
    /// is done: a one-off build's pages read the report, and the comments and data quality.
    pub fn drop_what_only_analysis_reads(&mut self) {
        (self.drivers, self.topics, self.terms) = Default::default();
    }

    /// Adds another file's or chunk's responses.
    pub fn merge(&mut self, other: Responses) {
        if self.segments.is_empty() {
            self.segments = other.segments;
        } else {
            Arc::make_mut(&mut self.segments).merge(&other.segments);
        }
        merge_map(&mut self.drivers, other.drivers, |mine, theirs| mine.merge(&theirs));
        merge_map(&mut self.topics, other.topics, |mine, theirs| mine.merge(&theirs));
        self.terms.merge(other.terms);
        self.comments.merge(other.comments);
        self.quality.merge(other.quality);
        self.ids.merge(other.ids);
    }
}

/// Adds each entry of `other` to `mine`'s entry of its key. An empty `mine` (the first chunk or
/// file) takes `other` whole: tens of thousands of segments inserted one by one cost time and
/// leave the tree's nodes half full.
fn merge_map<K: Ord, V: Default>(mine: &mut BTreeMap<K, V>, other: BTreeMap<K, V>, add: impl Fn(&mut V, V)) {
    if mine.is_empty() {
        *mine = other;
        return;
    }
    for (key, value) in other {
        add(mine.entry(key).or_default(), value);
    }
}

/// Bytes of survey data to read and read so far, for a progress bar.
#[derive(Debug, Default)]
pub struct IngestProgress {
    pub total: AtomicU64,
    pub done: AtomicU64,
}

impl IngestProgress {
    /// Starts counting a new read.
    pub fn reset(&self) {
        self.total.store(0, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }

    fn add_total(&self, bytes: u64) {
        self.total.fetch_add(bytes, Ordering::Relaxed);
    }
}

/// Replaces personal data in every kept comment (unless `privacy.redact` is off), counting
/// what was replaced in the data-quality record.
pub fn redact_comments(responses: &mut Responses, privacy: &PrivacySettings) {
    if !privacy.redact {
        return;
    }
    for comment in responses.comments.by_touchpoint.values_mut().flatten() {
        comment.text = redact::redact(&comment.text, &privacy.names, &mut responses.quality.redacted);
    }
}

/// The exports of `files` (merge order) that hold an id hash of `hashes`, read again without
/// the rows that repeat an earlier response; with the warnings and errors about the repeats.
pub fn read_without_repeats(
    project: &Project,
    files: &[PathBuf],
    hashes: &std::collections::HashSet<u64>,
    today: Option<(i32, u8)>,
) -> (BTreeMap<PathBuf, (Responses, Diagnostics)>, Diagnostics) {
    let touchpoints: HashMap<String, &str> =
        project.touchpoints().map(|(_, _, t)| (t.id.to_lowercase(), t.id.as_str())).collect();
    let settings_of = |file: &PathBuf| project.settings.surveys.of_source(project.survey_sources.get(file).copied());
    let planned: Vec<(PathBuf, PathBuf, crate::config::SurveySettings)> =
        files.iter().map(|f| (project.root.join(f), f.clone(), settings_of(f))).collect();
    let mut resolution = duplicates::resolve(&planned, &touchpoints, hashes);
    let stop_words = StopWords::for_language(&project.settings.language);
    let mut replaced = BTreeMap::new();
    for (path, shown, settings) in &planned {
        let Some(leave_out) = resolution.leave_out.get_mut(path) else { continue };
        leave_out.sort_unstable();
        let known = file::Known {
            today,
            settings,
            period: project.settings.period,
            touchpoints: touchpoints.clone(),
            personas: project.personas.iter().map(|p| (p.id.to_lowercase(), p.id.as_str())).collect(),
            topics: &project.topics,
            stop_words: &stop_words,
            chunk_size: chunk::CHUNK,
            leave_out,
        };
        // Read again: its bytes are not the progress bar's twice.
        let read = file::read_survey_files(&[(path.clone(), shown.clone())], &known, &IngestProgress::default());
        replaced.insert(shown.clone(), read.into_iter().next().expect("one result per file"));
    }
    (replaced, resolution.diagnostics)
}

/// Reads `files` (relative to the project root): raw exports on all cores, pre-aggregated
/// files as they are; the results keep their order. `today` (year, month) is the month the
/// report is made in: rows dated after it are left out.
fn read_files(
    project: &Project,
    files: &[PathBuf],
    progress: &IngestProgress,
    today: Option<(i32, u8)>,
) -> Vec<(Responses, Diagnostics)> {
    let stop_words = StopWords::for_language(&project.settings.language);
    let known = file::Known {
        today,
        settings: &project.settings.surveys,
        period: project.settings.period,
        touchpoints: project.touchpoints().map(|(_, _, t)| (t.id.to_lowercase(), t.id.as_str())).collect(),
        personas: project.personas.iter().map(|p| (p.id.to_lowercase(), p.id.as_str())).collect::<HashMap<_, _>>(),
        topics: &project.topics,
        stop_words: &stop_words,
        chunk_size: chunk::CHUNK,
        leave_out: &[],
    };
    let (aggregates, raw): (Vec<&PathBuf>, Vec<&PathBuf>) =
        files.iter().partition(|f| project.aggregate_files.contains(f));
    // Each source's exports with its own settings (`surveys.sources`), the rest with `surveys`.
    let mut by_source: BTreeMap<Option<usize>, Vec<(PathBuf, PathBuf)>> = BTreeMap::new();
    for file in raw {
        let source = project.survey_sources.get(file).copied();
        by_source.entry(source).or_default().push((project.root.join(file), file.clone()));
    }
    let mut read: BTreeMap<PathBuf, (Responses, Diagnostics)> = BTreeMap::new();
    for (source, group) in &by_source {
        let settings = project.settings.surveys.of_source(*source);
        let known = file::Known { settings: &settings, ..known.clone() };
        for ((_, file), result) in group.iter().zip(file::read_survey_files(group, &known, progress)) {
            read.insert(file.clone(), result);
        }
    }
    let (dimensions, _) = project.settings.surveys.dimensions();
    let settings = aggregate::AggregateSettings {
        period: project.settings.period,
        dimensions: &dimensions,
        scales: project.settings.surveys.scales,
        personas: &known.personas,
        touchpoints: &known.touchpoints,
        today,
    };
    files
        .iter()
        .map(|f| match aggregates.contains(&f) {
            true => aggregate::read_aggregate(&project.root.join(f), f, &settings),
            false => read.remove(f).expect("one result per raw file"),
        })
        .collect()
}
