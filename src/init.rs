//! `cxsite init`: a new project with a small working example.

use std::fs;
use std::io;
use std::path::Path;

use crate::write::{WriteError, Writing, io_error};

macro_rules! starter {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../starter/", $name)))),*]
    };
}

/// The starter project's files, by path under the new project folder.
const STARTER: &[(&str, &str)] = starter![
    "cxsite.yaml",
    "content/index.md",
    "content/about.md",
    "content/personas/sanne.yaml",
    "content/journeys/online-order.yaml",
    "content/surveys/responses.csv",
];

/// The built-in topics, written out for the team to edit.
const TOPICS: (&str, &str) = ("content/topics.yaml", include_str!("../themes/default/topics/en.yaml"));

/// Creates the starter project in `dir`, which must be empty or not exist. Never overwrites a file.
pub fn init(dir: &Path) -> Result<(), WriteError> {
    // `nope/../existing` is `existing`, though `nope` does not exist yet.
    let dir = &crate::paths::resolve(dir).map_err(io_error(Writing::Starter, dir))?;
    if dir.exists() && fs::read_dir(dir).map_err(io_error(Writing::Starter, dir))?.next().is_some() {
        return Err(WriteError::Refused {
            path: dir.clone(),
            resolved: None,
            why: "the folder is not empty".into(),
            hint: "cxsite init only writes into an empty or new folder, so nothing of yours is overwritten: name a new one, such as `cxsite init my-report`",
        });
    }
    for (name, text) in STARTER.iter().chain([&TOPICS]) {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(Writing::Starter, parent))?;
        }
        // `create_new`: a file that appeared since the check above is left alone.
        fs::File::create_new(&path)
            .and_then(|mut file| io::Write::write_all(&mut file, text.as_bytes()))
            .map_err(io_error(Writing::Starter, &path))?;
    }
    Ok(())
}
