//! The project's pain points and touchpoints by id, and each pain point's place in the report's
//! ranking. Pages look these up for every pain point they show: on a project of 20,000
//! touchpoints, searching the lists each time was most of the build's time.

use std::collections::HashMap;

use crate::analyse::Report;
use crate::load::{Journey, PainPoint, Project, Stage, Touchpoint};

/// Ids to the project's and the report's items, made once a build.
pub struct Lookup<'a> {
    pain_points: HashMap<&'a str, (&'a Journey, &'a Stage, &'a PainPoint)>,
    touchpoints: HashMap<&'a str, (&'a Journey, &'a Stage, &'a Touchpoint)>,
    ranks: HashMap<&'a str, usize>,
}

impl<'a> Lookup<'a> {
    /// Indexes `project`'s pain points and touchpoints and `report`'s ranking.
    pub fn new(project: &'a Project, report: &'a Report) -> Lookup<'a> {
        // Ids are unique (`load/references.rs`); the first is kept all the same, as a search would.
        let mut pain_points = HashMap::new();
        for (journey, stage, pain) in project.pain_points() {
            pain_points.entry(pain.id.as_str()).or_insert((journey, stage, pain));
        }
        let mut touchpoints = HashMap::new();
        for (journey, stage, touchpoint) in project.touchpoints() {
            touchpoints.entry(touchpoint.id.as_str()).or_insert((journey, stage, touchpoint));
        }
        let mut ranks = HashMap::new();
        for (index, priority) in report.pain_points.iter().enumerate() {
            ranks.entry(priority.id.as_str()).or_insert(index);
        }
        Lookup { pain_points, touchpoints, ranks }
    }

    /// The pain point with this id, with its journey and stage.
    pub fn pain_point(&self, id: &str) -> Option<(&'a Journey, &'a Stage, &'a PainPoint)> {
        self.pain_points.get(id).copied()
    }

    /// The touchpoint with this id, with its journey and stage.
    pub fn touchpoint(&self, id: &str) -> Option<(&'a Journey, &'a Stage, &'a Touchpoint)> {
        self.touchpoints.get(id).copied()
    }

    /// Where the pain point with this id is in `report.pain_points`.
    pub fn rank_index(&self, id: &str) -> Option<usize> {
        self.ranks.get(id).copied()
    }
}
