//! Checks that ids are unique and well formed, references resolve and values are in range.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::locate::{locate, locate_path};
use super::{Journey, Opportunity, PainPoint, Project, SETTINGS_FILE, Stage, Touchpoint};
use crate::colour::{self, Rgb};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, did_you_mean, shown};

/// The text of every YAML file that parsed, to find values again for messages.
#[derive(Debug, Default)]
pub struct Sources {
    texts: HashMap<PathBuf, String>,
    /// Ids of files that did not parse: references to them are not reported again.
    unreadable: Vec<String>,
}

impl Sources {
    /// Remembers that the file with this id did not parse.
    pub fn unreadable(&mut self, id: String) {
        self.unreadable.push(id);
    }

    /// Remembers the text of `file`.
    pub fn insert(&mut self, file: PathBuf, text: String) {
        self.texts.insert(file, text);
    }

    /// The first line where `key:` starts, in `file`.
    fn key(&self, file: &Path, key: &str) -> Location {
        let needle = format!("{key}:");
        let line = self
            .texts
            .get(file)
            .and_then(|text| text.lines().position(|l| l.trim_start().trim_start_matches("- ").starts_with(&needle)));
        match line {
            Some(line) => Location::at(file, line + 1, 1),
            None => Location::file(file),
        }
    }

    /// Where the setting at `path` (`["surveys", "scales", "csat"]`) stands in cxsite.yaml: at
    /// `value` when it follows the key, else at the key, else the file (a default not written).
    pub fn setting(&self, path: &[&str], value: &str) -> Location {
        let file = Path::new(SETTINGS_FILE);
        let Some(text) = self.texts.get(file) else { return Location::file(file) };
        let key = locate_path(text, file, path);
        let Some(last) = path.last().filter(|_| key.line() > 0) else { return key };
        let found = locate(text, file, last, value, key.line());
        if found.line() > 0 { found } else { key }
    }

    /// Where `key: value` stands in `file`, from line `after_line` on.
    pub(super) fn find(&self, file: &Path, key: &str, value: &str, after_line: usize) -> Location {
        match self.texts.get(file) {
            Some(text) => locate(text, file, key, value, after_line),
            None => Location::file(file),
        }
    }
}

/// Runs every check on a loaded project.
pub fn check(project: &Project, sources: &Sources, diagnostics: &mut Diagnostics) {
    check_settings(project, sources, diagnostics);
    check_style(project, sources, diagnostics);
    check_personas(project, sources, diagnostics);
    check_journeys(project, sources, diagnostics);
    check_pages(project, diagnostics);
    super::targets::check(project, sources, diagnostics);
    super::lifecycle::check(project, sources, diagnostics);
}

fn check_settings(project: &Project, sources: &Sources, diagnostics: &mut Diagnostics) {
    let s = &project.settings;
    let at = |key: &str| sources.key(Path::new(SETTINGS_FILE), key);
    // `en` and `nl` are built in; a theme brings another with its `i18n/<language>.yaml`.
    let code = s.language.as_str();
    let well_formed = (2..=12).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let in_theme = || {
        s.theme != "default"
            && project.root.join("themes").join(&s.theme).join("i18n").join(format!("{code}.yaml")).is_file()
    };
    if !(["en", "nl"].contains(&code) || (well_formed && in_theme())) {
        let theme = if s.theme == "default" { "<name>" } else { s.theme.as_str() };
        diagnostics.push(
            Diagnostic::error(at("language"), format!("unknown language `{}`", s.language)).with_hint(format!(
                "use `en` or `nl`, or translate the interface strings into themes/{theme}/i18n/{code}.yaml (see docs/templates.md)"
            )),
        );
    }
    if s.min_responses == 0 {
        diagnostics.push(
            Diagnostic::error(at("min_responses"), "`min_responses` must be at least 1")
                .with_hint("the default is 10: groups with fewer responses show no score"),
        );
    }
    let (csat, ces) = (s.surveys.scales.csat, s.surveys.scales.ces);
    if ![5, 7, 10].contains(&csat) {
        diagnostics.push(
            Diagnostic::error(
                sources.setting(&["surveys", "scales", "csat"], &csat.to_string()),
                format!("unsupported CSAT scale 1..{csat}"),
            )
            .with_hint("use 5, 7 or 10"),
        );
    }
    if ![5, 7].contains(&ces) {
        diagnostics.push(
            Diagnostic::error(
                sources.setting(&["surveys", "scales", "ces"], &ces.to_string()),
                format!("unsupported CES scale 1..{ces}"),
            )
            .with_hint("use 7 (CES 2.0) or 5"),
        );
    }
    check_value_labels(s, sources, diagnostics);
    if let Some(url) = &s.base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        diagnostics.push(
            Diagnostic::error(at("base_url"), format!("`base_url` \"{url}\" is not a web address"))
                .with_hint("write the address the site is published at, such as https://cx.example.com/reports/"),
        );
    }
    // The write stage refuses these too; said here, the message can point at the setting.
    let output = crate::write::normalise(&s.output);
    let first = output.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
    if output.as_os_str().is_empty()
        || first.as_deref().is_some_and(|f| ["content", "templates", "themes"].contains(&f))
    {
        diagnostics.push(
            Diagnostic::error(
                at("output"),
                format!("`output: {}` would overwrite the project's own files", s.output.display()),
            )
            .with_hint("write the site to a folder of its own, such as `output: public`"),
        );
    }
    let settings_file = Path::new(SETTINGS_FILE);
    let in_force = s.surveys.all_sources();
    for column in in_force.iter().flat_map(|source| &source.wide) {
        if !project.touchpoints().any(|(_, _, t)| t.id.eq_ignore_ascii_case(&column.touchpoint)) {
            let ids = project.touchpoints().map(|(_, _, t)| t.id.as_str());
            let hint = match did_you_mean(&column.touchpoint, ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "use the id of a touchpoint in content/journeys/".into(),
            };
            diagnostics.push(
                Diagnostic::error(
                    sources.find(settings_file, "touchpoint", &column.touchpoint, 1),
                    format!(
                        "`surveys.wide` maps column `{}` to unknown touchpoint `{}`",
                        shown(&column.column),
                        shown(&column.touchpoint)
                    ),
                )
                .with_hint(hint),
            );
        }
    }
    if !crate::config::is_theme_name(&s.theme) {
        diagnostics.push(
            Diagnostic::error(at("theme"), format!("`theme: {}` is not a theme name", shown(&s.theme))).with_hint(
                "a theme is a folder under themes/: write its name, such as `theme: corporate` for themes/corporate/",
            ),
        );
    } else if s.theme != "default" && !project.root.join("themes").join(&s.theme).is_dir() {
        diagnostics.push(
            Diagnostic::error(at("theme"), format!("theme `{}` not found", s.theme))
                .with_hint(format!("create themes/{}/templates/ or use `theme: default`", s.theme)),
        );
    }
}

/// `surveys.values`: every label must stand for a point of its metric's scale; said here, at the
/// label in cxsite.yaml, rather than once per answer as a bad cell of the export.
fn check_value_labels(settings: &crate::config::Settings, sources: &Sources, diagnostics: &mut Diagnostics) {
    let (csat, ces) = (settings.surveys.scales.csat, settings.surveys.scales.ces);
    let in_force = settings.surveys.all_sources();
    // An unsupported scale is reported by itself; its labels cannot be judged against it.
    let metrics = in_force.iter().flat_map(|surveys| {
        [
            ("nps", "NPS", &surveys.values.nps, 0, 10, true),
            ("csat", "CSAT", &surveys.values.csat, 1, csat, [5, 7, 10].contains(&csat)),
            ("ces", "CES", &surveys.values.ces, 1, ces, [5, 7].contains(&ces)),
        ]
    });
    for (key, name, labels, low, high, supported) in metrics {
        let points = labels.iter().filter_map(|(label, value)| match value {
            crate::config::LabelValue::Point(point) => Some((label, *point)),
            crate::config::LabelValue::NoAnswer => None,
        });
        for (label, point) in points.filter(|&(_, point)| supported && !(low..=high).contains(&point)) {
            diagnostics.push(
                Diagnostic::error(
                    sources.setting(&["surveys", "values", key, label], &point.to_string()),
                    format!(
                        "`surveys.values.{key}` maps \"{label}\" to {point}, outside the {name} scale {low}..{high}"
                    ),
                )
                .with_hint(value_label_hint(key, low, high)),
            );
        }
    }
}

/// What a label of `surveys.values.<key>` may stand for, and where that scale is set.
fn value_label_hint(key: &str, low: u8, high: u8) -> String {
    match key {
        "nps" => "write the point of the 0..10 NPS scale the label stands for".to_string(),
        _ => format!(
            "write the point of the {low}..{high} scale the label stands for (or set the scale with `surveys.scales.{key}`)"
        ),
    }
}

/// `style:`: the accent must be a colour that is safe to write into a style sheet, the logo
/// an image under `content/`.
fn check_style(project: &Project, sources: &Sources, diagnostics: &mut Diagnostics) {
    let style = &project.settings.style;
    let file = Path::new(SETTINGS_FILE);
    // Where the value stands; where its key does when the value is not found again.
    let at = |key: &str, value: &str| {
        let found = sources.find(file, key, value, 1);
        if found.line() > 0 { found } else { sources.key(file, key) }
    };
    match &style.accent {
        Some(accent) => match Rgb::parse(accent) {
            None => diagnostics.push(
                Diagnostic::error(
                    at("accent", accent),
                    format!("`style.accent` \"{accent}\" is not a colour cxsite can use"),
                )
                .with_hint("write it as #rgb or #rrggbb, in quotes: accent: \"#1f6f4a\""),
            ),
            Some(colour) => {
                let contrast = colour.worst_contrast(&colour::LIGHT_BACKGROUNDS);
                if contrast < colour::TEXT_CONTRAST {
                    diagnostics.push(
                        Diagnostic::warning(
                            at("accent", accent),
                            format!(
                                "`style.accent` {} is hard to read as link text on the light pages: contrast {contrast:.1}:1, where WCAG AA asks for 4.5:1",
                                colour.hex()
                            ),
                        )
                        .with_hint("choose a darker shade (the dark mode derives a lighter one by itself)"),
                    );
                }
            }
        },
        None => {
            // `accent: #1f6f4a` without quotes is a comment to YAML: the key is there, empty.
            let key = sources.key(file, "accent");
            let line = sources.texts.get(file).and_then(|text| text.lines().nth(key.line().checked_sub(1)?));
            if let Some(line) = line {
                let value = line.trim_start().trim_start_matches("accent:").trim_start();
                let hint = if value.starts_with('#') {
                    "YAML reads a # after a space as the start of a comment: quote the colour, accent: \"#1f6f4a\""
                } else {
                    "write a colour, such as accent: \"#1f6f4a\", or remove the line"
                };
                diagnostics.push(Diagnostic::error(key, "`style.accent` has no value").with_hint(hint));
            }
        }
    }
    let Some(logo) = &style.logo else { return };
    let shown = logo.display().to_string();
    let problem = if !super::is_plain_relative(logo) {
        Some((
            format!("`style.logo` \"{shown}\" is not a path under content/"),
            "write the path relative to the content folder, such as logo: logo.svg for content/logo.svg".to_string(),
        ))
    } else if style.logo_output().is_none() {
        Some((
            format!("`style.logo` \"{shown}\" is not an image type a browser shows"),
            format!("use a file ending in .{}", crate::config::LOGO_EXTENSIONS.join(", .")),
        ))
    } else if project.logo.is_none() && crate::paths::inside(&project.root, &project.content_dir().join(logo)).is_ok() {
        let what = if project.content_dir().join(logo).exists() { "cannot be read" } else { "not found" };
        Some((
            format!("logo `content/{shown}` {what}"),
            format!("put the image at content/{shown}, or remove `logo` from `style`"),
        ))
    } else {
        None
    };
    if let Some((message, hint)) = problem {
        diagnostics.push(Diagnostic::error(at("logo", &shown), message).with_hint(hint));
    }
}

fn check_personas(project: &Project, sources: &Sources, diagnostics: &mut Diagnostics) {
    let mut seen = BTreeMap::new();
    for persona in &project.personas {
        check_id(&persona.id, &persona.source, sources, diagnostics);
        if let Some(first) = seen.insert(persona.id.as_str(), &persona.source) {
            diagnostics.push(duplicate_file("persona", &persona.id, [first, &persona.source], sources));
        }
        if let Some(share) = persona.share.filter(|s| !(0.0..=1.0).contains(s)) {
            diagnostics.push(
                Diagnostic::error(
                    sources.find(&persona.source, "share", &share.to_string(), 1),
                    format!("`share` is {share}, outside 0..1"),
                )
                .with_hint("write the share of the customer base as a fraction, 0.35 for 35%"),
            );
        }
    }
    if project.settings.weighting == crate::config::Weighting::Persona {
        check_weighting(project, sources, diagnostics);
    }
}

/// `weighting: persona` weighs each persona by its `share`: refused when a persona has none
/// (its answers would silently count for nothing), and a warning when the shares do not add up
/// to the whole customer base (they are renormalised, which may not be what was meant).
fn check_weighting(project: &Project, sources: &Sources, diagnostics: &mut Diagnostics) {
    let at_setting = || sources.find(std::path::Path::new(super::SETTINGS_FILE), "weighting", "persona", 1);
    if project.personas.is_empty() {
        diagnostics.push(
            Diagnostic::error(at_setting(), "`weighting: persona` but the project has no personas")
                .with_hint("add personas with a `share` under content/personas/, or remove `weighting`"),
        );
        return;
    }
    for persona in project.personas.iter().filter(|p| p.share.is_none()) {
        diagnostics.push(
            Diagnostic::error(
                sources.find(&persona.source, "name", &persona.name, 1),
                format!("persona `{}` has no `share`, which `weighting: persona` needs", persona.id),
            )
            .with_hint("add `share: 0.35` (its fraction of the customer base), or remove `weighting` from cxsite.yaml"),
        );
    }
    let total: f64 = project.personas.iter().filter_map(|p| p.share).sum();
    if project.personas.iter().all(|p| p.share.is_some()) && (total - 1.0).abs() > SHARE_TOLERANCE {
        let files: Vec<String> = project.personas.iter().map(|p| p.source.display().to_string()).collect();
        diagnostics.push(
            Diagnostic::warning(at_setting(), format!("the personas' shares add up to {total:.2}, not 1"))
                .with_hint(format!("the weights are scaled to add up to 1; check the `share` of {}", files.join(", "))),
        );
    }
}

/// How far the personas' shares may add up from 1 (rounding in the team's own figures).
const SHARE_TOLERANCE: f64 = 0.02;

fn check_journeys(project: &Project, sources: &Sources, diagnostics: &mut Diagnostics) {
    let persona_ids: Vec<&str> = project.personas.iter().map(|p| p.id.as_str()).collect();
    let mut check = JourneyCheck { sources, diagnostics, persona_ids, seen: SeenIds::default() };
    for journey in &project.journeys {
        check.journey(journey);
    }
}

/// The ids met so far in every journey: journey, touchpoint and pain point ids are unique in
/// the whole project.
#[derive(Default)]
struct SeenIds<'p> {
    journeys: BTreeMap<&'p str, &'p Path>,
    /// Each touchpoint's file and journey.
    touchpoints: BTreeMap<&'p str, (&'p Path, &'p str)>,
    pain_points: BTreeMap<&'p str, Location>,
}

/// The checks of the journeys, one function per thing a journey holds; problems are pushed
/// in the order of the files.
struct JourneyCheck<'p, 'd> {
    sources: &'p Sources,
    diagnostics: &'d mut Diagnostics,
    persona_ids: Vec<&'p str>,
    seen: SeenIds<'p>,
}

/// Where in a journey's file a check is, and the ids its stages may refer to.
struct InJourney<'p> {
    file: &'p Path,
    journey: &'p str,
    /// The touchpoint and pain point ids of the whole journey.
    touchpoints: Vec<&'p str>,
    pain_points: Vec<&'p str>,
}

impl<'p> JourneyCheck<'p, '_> {
    /// A journey: its id, its personas, then each stage with what it holds.
    fn journey(&mut self, journey: &'p Journey) {
        let file = journey.source.as_path();
        check_id(&journey.id, file, self.sources, self.diagnostics);
        if let Some(first) = self.seen.journeys.insert(journey.id.as_str(), file) {
            self.diagnostics.push(duplicate_file("journey", &journey.id, [first, file], self.sources));
        }
        self.personas(journey);
        if journey.stages.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(self.sources.key(file, "stages"), "this journey has no stages")
                    .with_hint("add at least one stage with an `id`, a `name` and its `touchpoints`"),
            );
        }
        let within = InJourney {
            file,
            journey: &journey.id,
            touchpoints: journey.stages.iter().flat_map(|s| &s.touchpoints).map(|t| t.id.as_str()).collect(),
            pain_points: journey.stages.iter().flat_map(|s| &s.pain_points).map(|p| p.id.as_str()).collect(),
        };
        let mut stage_ids = BTreeSet::new();
        for stage in &journey.stages {
            let stage_at = self.stage(stage, &within, &mut stage_ids);
            for touchpoint in &stage.touchpoints {
                self.touchpoint(touchpoint, &within, stage_at.line());
            }
            for pain in &stage.pain_points {
                self.pain_point(pain, &within, stage_at.line());
            }
            for opportunity in &stage.opportunities {
                self.opportunity(opportunity, &within, stage_at.line());
            }
        }
    }

    /// The journey's `persona` or `personas` name personas of the project (or files that did
    /// not parse, which have their own error).
    fn personas(&mut self, journey: &Journey) {
        let file = journey.source.as_path();
        let reported = |id: &str| self.persona_ids.contains(&id) || self.sources.unreadable.iter().any(|u| u == id);
        for persona in journey.persona_ids().filter(|id| !reported(id)) {
            let key = if journey.persona.as_deref() == Some(persona) { "persona" } else { "personas" };
            let at = self.sources.find(file, key, persona, 1);
            self.diagnostics.push(unknown("persona", persona, at, &self.persona_ids));
        }
    }

    /// A stage's id, once in its journey, and its touchpoints; returns where the stage is.
    fn stage(&mut self, stage: &'p Stage, within: &InJourney<'p>, stage_ids: &mut BTreeSet<&'p str>) -> Location {
        let stage_at = self.sources.find(within.file, "id", &stage.id, 1);
        check_id(&stage.id, within.file, self.sources, self.diagnostics);
        if !stage_ids.insert(stage.id.as_str()) {
            self.diagnostics.push(
                Diagnostic::error(stage_at.clone(), format!("stage `{}` appears twice in this journey", stage.id))
                    .with_hint("give each stage of a journey its own id"),
            );
        }
        if stage.touchpoints.is_empty() {
            self.diagnostics.push(
                Diagnostic::warning(stage_at.clone(), format!("stage `{}` has no touchpoints", stage.id))
                    .with_hint("a stage without touchpoints has no scores and no pain points: list the touchpoints customers meet in it (`touchpoints: [{id: ..., name: ...}]`), or remove the stage"),
            );
        }
        stage_at
    }

    /// A touchpoint's id, unique in the project, and its emotion and CX level in range.
    fn touchpoint(&mut self, touchpoint: &'p Touchpoint, within: &InJourney<'p>, stage_line: usize) {
        let (file, sources) = (within.file, self.sources);
        let at = sources.find(file, "id", &touchpoint.id, stage_line);
        check_id(&touchpoint.id, file, sources, self.diagnostics);
        if let Some((first_file, first_journey)) = self.seen.touchpoints.insert(&touchpoint.id, (file, within.journey))
        {
            self.diagnostics.push(
                Diagnostic::error(at.clone(), format!("touchpoint id `{}` is used twice", touchpoint.id)).with_hint(
                    format!(
                        "it is also in journey `{first_journey}` ({}); survey rows name a touchpoint by id, so ids must be unique in the whole project",
                        first_file.display()
                    ),
                ),
            );
        }
        if let Some(emotion) = touchpoint.emotion.filter(|e| !(-2.0..=2.0).contains(e)) {
            self.diagnostics.push(out_of_range(
                sources.find(file, "emotion", &fmt_num(emotion), at.line()),
                "emotion",
                emotion,
                "-2 (very negative) to 2 (very positive)",
            ));
        }
        if let Some(level) = touchpoint.cx_level.filter(|l| !(1..=6).contains(l)) {
            self.diagnostics.push(out_of_range(
                sources.find(file, "cx_level", &level.to_string(), at.line()),
                "cx_level",
                f64::from(level),
                "1 (information) to 6 (appreciate)",
            ));
        }
    }

    /// A pain point's id, unique in the project, its touchpoint in its journey, and its
    /// severity and effort in range.
    fn pain_point(&mut self, pain: &'p PainPoint, within: &InJourney<'p>, stage_line: usize) {
        let (file, sources) = (within.file, self.sources);
        let mut at = sources.find(file, "id", &pain.id, stage_line);
        // A second copy in the same stage: its own line, after the first one.
        if let Some(first) = self.seen.pain_points.get(pain.id.as_str()).filter(|first| **first == at) {
            at = sources.find(file, "id", &pain.id, first.line() + 1);
        }
        check_id(&pain.id, file, sources, self.diagnostics);
        if let Some(first) = self.seen.pain_points.insert(pain.id.as_str(), at.clone()) {
            self.diagnostics.push(
                Diagnostic::error(at.clone(), format!("pain point id `{}` is used twice", pain.id))
                    .with_hint(format!("it is also defined at {first}; give each pain point its own id")),
            );
        }
        if !within.touchpoints.contains(&pain.touchpoint.as_str()) {
            let where_ = sources.find(file, "touchpoint", &pain.touchpoint, at.line());
            self.diagnostics.push(unknown("touchpoint", &pain.touchpoint, where_, &within.touchpoints));
        }
        for (key, value) in [("severity", pain.severity), ("effort", pain.effort)] {
            if !(1..=5).contains(&value) {
                self.diagnostics.push(out_of_range(
                    sources.find(file, key, &value.to_string(), at.line()),
                    key,
                    f64::from(value),
                    "1 (low) to 5 (high)",
                ));
            }
        }
    }

    /// An opportunity's touchpoint and pain points are in its journey.
    fn opportunity(&mut self, opportunity: &Opportunity, within: &InJourney<'p>, stage_line: usize) {
        let detail = opportunity.detail();
        if let Some(touchpoint) = detail.touchpoint.as_deref().filter(|t| !within.touchpoints.contains(t)) {
            let where_ = self.sources.find(within.file, "touchpoint", touchpoint, stage_line);
            self.diagnostics.push(unknown("touchpoint", touchpoint, where_, &within.touchpoints));
        }
        for pain in detail.pain_points.iter().filter(|p| !within.pain_points.contains(&p.as_str())) {
            let where_ = self.sources.find(within.file, "pain_points", pain, stage_line);
            self.diagnostics.push(unknown("pain point", pain, where_, &within.pain_points));
        }
    }
}

fn check_pages(project: &Project, diagnostics: &mut Diagnostics) {
    for page in &project.pages {
        // The slug becomes a folder and every menu link: `javascript:alert(1).md` or `a#b.md`
        // must not reach an href.
        if let Some(part) = page.slug.split('/').find(|part| !is_page_name(part)).filter(|_| !page.slug.is_empty()) {
            diagnostics.push(
                Diagnostic::error(
                    Location::file(&page.source),
                    format!("the page's file or folder name `{}` cannot be part of a web address", shown(part)),
                )
                .with_hint(format!(
                    "name pages and their folders with letters, digits, `-`, `_` and `.`, such as `{}.md`",
                    suggest_id(part)
                )),
            );
            continue;
        }
        if let Some(label) = &page.front.period
            && crate::period::Period::parse(label, project.settings.period).is_none()
        {
            let example =
                if project.settings.period == crate::period::PeriodKind::Month { "2026-07" } else { "2026-Q3" };
            diagnostics.push(
                Diagnostic::error(
                    Location::file(&page.source),
                    format!("`period: {}` is not a period of this report", shown(label)),
                )
                .with_hint(format!("write the period the page was written for, such as `period: {example}`")),
            );
        }
        let top = page.slug.split('/').next().unwrap_or_default();
        if crate::routes::is_reserved(top) {
            diagnostics.push(
                Diagnostic::error(
                    Location::file(&page.source),
                    format!("the page would be written to `{top}/`, which the report itself uses"),
                )
                .with_hint("rename the file or move it into another folder under content/"),
            );
        }
    }
}

/// Ids (and each folder of a page's path) become folder names and URLs: lower-case letters,
/// digits, `-` and `_` only, not starting with `-`.
pub(super) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !id.starts_with('-')
}

/// A page's file or folder name as a part of its address: letters, digits, `-`, `_` and `.`
/// (`Team`, `notes.v2`), not starting with `-` or `.`. Never `:`, `#`, `?`, `%` or a space,
/// which would make a scheme, a fragment, a query or a broken link.
fn is_page_name(part: &str) -> bool {
    !part.is_empty()
        && part.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        && !part.starts_with(['-', '.'])
}

/// A valid id close to `id`, for a hint.
fn suggest_id(id: &str) -> String {
    let suggestion: String = id
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    if suggestion.is_empty() { "my-id".into() } else { suggestion }
}

fn check_id(id: &str, file: &Path, sources: &Sources, diagnostics: &mut Diagnostics) {
    if !is_valid_id(id) {
        diagnostics.push(
            Diagnostic::error(sources.find(file, "id", id, 1), format!("`{}` is not a valid id", shown(id))).with_hint(
                format!(
                    "ids are used in links: use lower-case letters, digits, `-` and `_`, such as `{}` (for personas and journeys the file name is the id)",
                    suggest_id(id)
                ),
            ),
        );
    }
}

/// Two files that define the same persona or journey id. The one at fault is the file whose
/// `id:` departs from its file name (an id taken from the file name is never the mistake);
/// when both or neither say `id:`, the later file.
fn duplicate_file(what: &str, id: &str, [first, later]: [&Path; 2], sources: &Sources) -> Diagnostic {
    let renamed = |file: &Path| {
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        stem != id && sources.find(file, "id", id, 1).line() > 0
    };
    let (culprit, other) = if renamed(first) && !renamed(later) { (first, later) } else { (later, first) };
    Diagnostic::error(sources.find(culprit, "id", id, 1), format!("{what} id `{id}` is used twice")).with_hint(format!(
        "{} has it too (from its file name or its `id:`); give each {what} its own id",
        other.display()
    ))
}

fn unknown(what: &str, id: &str, at: Location, known: &[&str]) -> Diagnostic {
    let hint = match did_you_mean(id, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if known.is_empty() => format!("there is no {what} to refer to yet"),
        None => format!("known {what}s here: {}", known.join(", ")),
    };
    Diagnostic::error(at, format!("unknown {what} `{}`", shown(id))).with_hint(hint)
}

fn out_of_range(at: Location, key: &str, value: f64, range: &str) -> Diagnostic {
    Diagnostic::error(at, format!("`{key}` is {}, outside its range", fmt_num(value)))
        .with_hint(format!("use a value from {range}"))
}

fn fmt_num(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { value.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn sources(text: &str) -> Sources {
        let mut sources = Sources::default();
        sources.insert(PathBuf::from(SETTINGS_FILE), text.to_string());
        sources
    }

    #[test]
    fn a_setting_is_found_at_its_value_then_its_key_then_the_file() {
        let s = sources("title: T\nsurveys:\n  scales: {csat: 4}\n  files:\n    - exports/*.csv\n");
        assert_eq!(s.setting(&["surveys", "scales", "csat"], "4"), Location::at(SETTINGS_FILE, 3, 18));
        assert_eq!(s.setting(&["surveys", "files"], "exports/*.csv"), Location::at(SETTINGS_FILE, 5, 7));
        assert_eq!(s.setting(&["surveys", "scales", "csat"], "9"), Location::at(SETTINGS_FILE, 3, 12));
        assert_eq!(s.setting(&["surveys", "aggregates"], "x"), Location::file(SETTINGS_FILE));
    }

    #[test]
    fn value_labels_outside_their_scale_are_errors_at_the_label() {
        let text =
            "title: T\nsurveys:\n  scales: {ces: 5}\n  values:\n    nps: {Great: 10}\n    ces:\n      Very hard: 7\n";
        let settings: Settings = crate::yaml::parse(text, Path::new(SETTINGS_FILE), 1).unwrap();
        let mut diagnostics = Diagnostics::default();
        check_value_labels(&settings, &sources(text), &mut diagnostics);
        let found = diagnostics.sorted();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].location, Location::at(SETTINGS_FILE, 7, 18));
        assert_eq!(found[0].message, "`surveys.values.ces` maps \"Very hard\" to 7, outside the CES scale 1..5");
    }

    /// The checks no broken project of `tests/corpus/` reaches: a CX level out of range, an
    /// opportunity naming a pain point of no stage, and a journey's touchpoint checked twice.
    #[test]
    fn each_part_of_a_journey_is_checked_at_its_own_line() {
        let file = Path::new("content/journeys/buy.yaml");
        let text = "title: Buy\nstages:\n  - id: look\n    name: Look\n    touchpoints:\n      - id: shop\n        name: Shop\n        cx_level: 9\n    opportunities:\n      - {title: Faster, pain_points: [slow]}\n  - id: pay\n    name: Pay\n    touchpoints:\n      - {id: shop, name: Again}\n";
        let mut journey: Journey = crate::yaml::parse(text, file, 1).unwrap();
        (journey.id, journey.source) = ("buy".into(), file.to_path_buf());
        let mut sources = Sources::default();
        sources.insert(file.to_path_buf(), text.to_string());
        let mut diagnostics = Diagnostics::default();
        let mut check = JourneyCheck {
            sources: &sources,
            diagnostics: &mut diagnostics,
            persona_ids: Vec::new(),
            seen: SeenIds::default(),
        };
        check.journey(&journey);
        let found: Vec<(usize, String)> =
            diagnostics.sorted().iter().map(|d| (d.location.line(), d.message.clone())).collect();
        assert_eq!(
            found,
            [
                (8, "`cx_level` is 9, outside its range".to_string()),
                (10, "unknown pain point `slow`".to_string()),
                (14, "touchpoint id `shop` is used twice".to_string()),
            ]
        );
    }
}
