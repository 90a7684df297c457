//! `cxsite watch`: build, then rebuild on every saved change until Ctrl-C.
//!
//! File events are debounced: one save, an editor's write-and-rename, or a `git checkout` of
//! fifty files arrive as a burst, and the burst becomes one rebuild once it has been quiet for
//! [`QUIET`]. The output folder, hidden files and editors' scratch files are ignored (see
//! [`crate::build::ChangeKind::of`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{Config, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::build::{BuildError, Built, Changes, Redone, Session};

/// How long the files must be still before a burst of events becomes a rebuild.
pub const QUIET: Duration = Duration::from_millis(30);

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// The source folders under the project root; each is watched as a whole when it exists.
const SOURCE_FOLDERS: [&str; 3] = ["content", "templates", "themes"];

/// One rebuild, as the log and the live-reload server see it.
pub struct Rebuild {
    pub changes: Changes,
    pub result: Result<Built, BuildError>,
    pub redone: Redone,
    pub elapsed: Duration,
}

/// What wakes the watch loop.
enum Wake {
    Paths(Vec<PathBuf>),
    /// The system lost events (its queue overflowed): anything may have changed.
    Rescan,
    Stop,
    Trouble(String),
}

/// Why watching could not start.
#[derive(Debug)]
pub struct WatchError(String);

impl fmt::Display for WatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot watch the project for changes: {}", self.0)
    }
}

impl std::error::Error for WatchError {}

/// Builds, then rebuilds on every change until Ctrl-C; `after` sees each rebuild (the first
/// one too) with the session it left. `poll` looks at the files instead of asking the system
/// for events, for network drives and containers where events do not arrive.
pub fn watch(
    root: &Path,
    session: &mut Session,
    poll: bool,
    mut after: impl FnMut(&Rebuild, &Session),
) -> Result<(), WatchError> {
    let root = std::path::absolute(root).map_err(|e| WatchError(e.to_string()))?;
    let (wake, woken) = mpsc::channel();
    stop_on_ctrl_c(wake.clone())?;
    let mut watcher = start_watcher(wake, poll)?;
    let mut watched = Vec::new();
    watch_sources(watcher.as_mut(), &root, &mut watched)?;

    after(&rebuild(session, Changes::everything()), session);
    loop {
        let mut changes = Changes::default();
        match woken.recv() {
            Ok(Wake::Paths(paths)) => add_paths(&mut changes, &root, paths),
            Ok(Wake::Rescan) => changes = Changes::everything(),
            Ok(Wake::Trouble(why)) => crate::stderr_line!("warning: file watching: {why}"),
            Ok(Wake::Stop) | Err(_) => return Ok(()),
        }
        // Gather the rest of the burst.
        let mut stop = false;
        loop {
            match woken.recv_timeout(QUIET) {
                Ok(Wake::Paths(paths)) => add_paths(&mut changes, &root, paths),
                Ok(Wake::Rescan) => changes = Changes::everything(),
                Ok(Wake::Trouble(why)) => crate::stderr_line!("warning: file watching: {why}"),
                Ok(Wake::Stop) => stop = true,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        if stop {
            return Ok(());
        }
        // A source folder made after the start (a first template override, say) is watched
        // from now on; what was written into it before that counts as changed.
        for folder in watch_sources(watcher.as_mut(), &root, &mut watched)? {
            changes.add(folder.strip_prefix(&root).unwrap_or(&folder));
        }
        if !changes.is_empty() {
            after(&rebuild(session, changes), session);
        }
    }
}

fn rebuild(session: &mut Session, changes: Changes) -> Rebuild {
    let started = Instant::now();
    let (result, redone) = session.rebuild(&changes);
    Rebuild { changes, result, redone, elapsed: started.elapsed() }
}

fn add_paths(changes: &mut Changes, root: &Path, paths: Vec<PathBuf>) {
    for path in paths {
        if let Ok(relative) = path.strip_prefix(root) {
            changes.add(relative);
        }
    }
}

fn start_watcher(wake: Sender<Wake>, poll: bool) -> Result<Box<dyn Watcher>, WatchError> {
    let handler = move |event: notify::Result<notify::Event>| {
        let _ = wake.send(match event {
            Ok(event) if event.need_rescan() => Wake::Rescan,
            Ok(event) if changes_content(&event.kind) => Wake::Paths(paths_that_matter(event)),
            Ok(_) => return,
            Err(error) => Wake::Trouble(error.to_string()),
        });
    };
    let failed = |e: notify::Error| WatchError(e.to_string());
    Ok(if poll {
        Box::new(PollWatcher::new(handler, Config::default().with_poll_interval(POLL_INTERVAL)).map_err(failed)?)
    } else {
        Box::new(RecommendedWatcher::new(handler, Config::default()).map_err(failed)?)
    })
}

/// The paths of an event that can change what a stage reads. A folder created, removed or
/// moved counts (its files come or go with it); a folder's own times changing does not (the
/// events of the files in it say what changed: `--poll` reports both).
fn paths_that_matter(event: notify::Event) -> Vec<PathBuf> {
    use notify::event::ModifyKind;
    match event.kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)) => event.paths,
        _ => event.paths.into_iter().filter(|path| !path.is_dir()).collect(),
    }
}

/// True for events that can change what a stage reads; false for opening and reading a file
/// (which every build does) and for access-time updates.
fn changes_content(kind: &EventKind) -> bool {
    use notify::event::{MetadataKind, ModifyKind};
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(metadata)) => {
            matches!(metadata, MetadataKind::WriteTime | MetadataKind::Any)
        }
        _ => true,
    }
}

/// Watches the root itself (for `cxsite.yaml`) and each source folder not yet watched;
/// returns the folders it started watching.
///
/// Not the whole root: the output folder and `target/` would wake the loop on every write.
fn watch_sources(
    watcher: &mut dyn Watcher,
    root: &Path,
    watched: &mut Vec<PathBuf>,
) -> Result<Vec<PathBuf>, WatchError> {
    let failed = |e: notify::Error| WatchError(e.to_string());
    if watched.is_empty() {
        watcher.watch(root, RecursiveMode::NonRecursive).map_err(failed)?;
        watched.push(root.to_path_buf());
    }
    // A removed folder loses its watch; forget it so it is watched again if it comes back.
    for gone in watched.extract_if(.., |folder| folder != root && !folder.is_dir()) {
        let _ = watcher.unwatch(&gone);
    }
    let mut added = Vec::new();
    for folder in SOURCE_FOLDERS.map(|name| root.join(name)) {
        if folder.is_dir() && !watched.contains(&folder) {
            watcher.watch(&folder, RecursiveMode::Recursive).map_err(failed)?;
            watched.push(folder.clone());
            added.push(folder);
        }
    }
    Ok(added)
}

/// Ctrl-C (or SIGTERM) ends the loop between rebuilds, so a site is never left half-written;
/// a second Ctrl-C ends the process at once.
fn stop_on_ctrl_c(wake: Sender<Wake>) -> Result<(), WatchError> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]).map_err(|e| WatchError(e.to_string()))?;
    std::thread::spawn(move || {
        let mut signals = signals.forever();
        if signals.next().is_some() {
            let _ = wake.send(Wake::Stop);
        }
        if signals.next().is_some() {
            std::process::exit(130);
        }
    });
    Ok(())
}
