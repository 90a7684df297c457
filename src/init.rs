//! `cxsite init`: a new project with a small working example.

use std::fs;
use std::io;
use std::path::Path;

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
pub fn init(dir: &Path) -> io::Result<()> {
    // `nope/../existing` is `existing`, though `nope` does not exist yet.
    let dir = &crate::paths::resolve(dir)?;
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is not empty; cxsite init only writes into an empty or new folder, so nothing of yours is overwritten",
                dir.display()
            ),
        ));
    }
    for (name, text) in STARTER.iter().chain([&TOPICS]) {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        // `create_new`: a file that appeared since the check above is left alone.
        fs::File::create_new(&path)
            .and_then(|mut file| io::Write::write_all(&mut file, text.as_bytes()))
            .map_err(|error| io::Error::new(error.kind(), format!("{}: {error}", path.display())))?;
    }
    Ok(())
}
