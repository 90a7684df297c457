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

use notify::{Config, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

mod poll;

use crate::build::{BuildError, Built, ChangedFiles, Redone, Session};

/// How long the files must be still before a burst of events becomes a rebuild.
pub const QUIET: Duration = Duration::from_millis(30);

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// The source folders under the project root; each is watched as a whole when it exists.
const SOURCE_FOLDERS: [&str; 3] = ["content", "templates", "themes"];

/// One rebuild, as the log and the live-reload server see it.
pub struct Rebuild {
    pub changes: ChangedFiles,
    pub result: Result<Built, BuildError>,
    pub redone: Redone,
    pub elapsed: Duration,
}

/// What `watch` tells the one who runs it while it runs. The library prints nothing: the
/// binary's implementation (`src/cli/console.rs`) does.
pub trait Reporter {
    /// A rebuild finished (the first one too), leaving `session`.
    fn rebuilt(&mut self, rebuild: &Rebuild, session: &Session);
    /// The system reported a problem while watching goes on: a warning, changes may be missed.
    fn trouble(&mut self, trouble: &WatchError);
}

/// What wakes the watch loop.
enum Wake {
    Paths(Vec<PathBuf>),
    /// The system lost events (its queue overflowed): anything may have changed.
    Rescan,
    Stop,
    Trouble(notify::Error),
}

/// Why watching could not start, or (as a warning, through [`Reporter::trouble`]) what went
/// wrong while it ran: what was being done, the folder if it is about one, and the system's
/// error as [`source()`](std::error::Error::source). `Display` is the one line without the
/// cause or the hint.
#[derive(Debug)]
pub struct WatchError {
    pub doing: Watching,
    /// The folder it is about, if one.
    pub path: Option<PathBuf>,
    /// The files were polled (`--poll`), not watched through the system's events.
    pub polling: bool,
    error: notify::Error,
}

/// What `watch` was doing when the system said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watching {
    /// Starting to watch the project.
    Start,
    /// Watching one folder of the project (`path`).
    Folder,
    /// Listening for Ctrl-C, which ends the loop between rebuilds.
    CtrlC,
    /// Receiving the system's events (while running: a warning).
    Events,
}

impl WatchError {
    fn new(doing: Watching, polling: bool) -> impl FnOnce(notify::Error) -> WatchError {
        move |mut error| {
            // The folder is said once, by this error; not again by notify's text of it.
            let path = error.paths.drain(..).next();
            WatchError { doing, path, polling, error }
        }
    }

    pub(crate) fn io(doing: Watching, polling: bool) -> impl FnOnce(std::io::Error) -> WatchError {
        move |error| WatchError::new(doing, polling)(notify::Error::io(error))
    }

    /// What the user can do about it, if anything.
    pub fn hint(&self) -> Option<&'static str> {
        match (&self.error.kind, self.doing, self.polling) {
            (notify::ErrorKind::MaxFilesWatch, _, _) => Some(
                "the system's limit of watched folders is reached: raise it (fs.inotify.max_user_watches), or pass --poll to look at the files every 300 ms instead",
            ),
            (_, Watching::CtrlC, _) | (_, _, true) => None,
            _ => Some("pass --poll to look at the files every 300 ms instead of waiting for the system's events"),
        }
    }
}

impl fmt::Display for WatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        f.write_str(match self.doing {
            Watching::Start => "cannot watch the project for changes",
            Watching::Folder => "cannot watch this folder for changes",
            Watching::CtrlC => "cannot listen for Ctrl-C",
            Watching::Events => "file watching may miss changes",
        })
    }
}

impl std::error::Error for WatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.error.kind {
            notify::ErrorKind::Io(error) => Some(error),
            _ => Some(&self.error),
        }
    }
}

/// Builds, then rebuilds on every change until Ctrl-C; `reporter` sees each rebuild (the first
/// one too) with the session it left, and any trouble on the way. `poll` looks at the files
/// instead of asking the system for events, for network drives and containers where events do
/// not arrive.
pub fn watch(root: &Path, session: &mut Session, poll: bool, reporter: &mut impl Reporter) -> Result<(), WatchError> {
    let root = std::path::absolute(root).map_err(WatchError::io(Watching::Start, poll))?;
    let (wake, woken) = mpsc::channel();
    stop_on_ctrl_c(wake.clone(), poll)?;
    let mut watcher = start_watcher(wake, poll)?;
    let mut watched = Vec::new();
    watch_sources(watcher.as_mut(), &root, &mut watched, poll)?;

    reporter.rebuilt(&rebuild(session, ChangedFiles::everything()), session);
    let trouble =
        |reporter: &mut dyn Reporter, error| reporter.trouble(&WatchError::new(Watching::Events, poll)(error));
    loop {
        let mut changes = ChangedFiles::default();
        match woken.recv() {
            Ok(Wake::Paths(paths)) => add_paths(&mut changes, &root, paths),
            Ok(Wake::Rescan) => changes = ChangedFiles::everything(),
            Ok(Wake::Trouble(error)) => trouble(reporter, error),
            Ok(Wake::Stop) | Err(_) => return Ok(()),
        }
        // Gather the rest of the burst.
        let mut stop = false;
        loop {
            match woken.recv_timeout(QUIET) {
                Ok(Wake::Paths(paths)) => add_paths(&mut changes, &root, paths),
                Ok(Wake::Rescan) => changes = ChangedFiles::everything(),
                Ok(Wake::Trouble(error)) => trouble(reporter, error),
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
        for folder in watch_sources(watcher.as_mut(), &root, &mut watched, poll)? {
            changes.add(folder.strip_prefix(&root).unwrap_or(&folder));
        }
        if !changes.is_empty() {
            reporter.rebuilt(&rebuild(session, changes), session);
        }
    }
}

fn rebuild(session: &mut Session, changes: ChangedFiles) -> Rebuild {
    let started = Instant::now();
    let (result, redone) = session.rebuild(&changes);
    Rebuild { changes, result, redone, elapsed: started.elapsed() }
}

fn add_paths(changes: &mut ChangedFiles, root: &Path, paths: Vec<PathBuf>) {
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
            Err(error) => Wake::Trouble(error),
        });
    };
    let failed = WatchError::new(Watching::Start, poll);
    Ok(if poll {
        Box::new(poll::StampPoller::new(handler, Config::default().with_poll_interval(POLL_INTERVAL)).map_err(failed)?)
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
    poll: bool,
) -> Result<Vec<PathBuf>, WatchError> {
    // The folder is named: notify's error may not say which one it could not watch.
    let failed = |folder: &Path, error| WatchError {
        path: Some(folder.to_path_buf()),
        ..WatchError::new(Watching::Folder, poll)(error)
    };
    if watched.is_empty() {
        watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| failed(root, e))?;
        watched.push(root.to_path_buf());
    }
    // A removed folder loses its watch; forget it so it is watched again if it comes back.
    for gone in watched.extract_if(.., |folder| folder != root && !folder.is_dir()) {
        let _ = watcher.unwatch(&gone);
    }
    let mut added = Vec::new();
    for folder in SOURCE_FOLDERS.map(|name| root.join(name)) {
        if folder.is_dir() && !watched.contains(&folder) {
            watcher.watch(&folder, RecursiveMode::Recursive).map_err(|e| failed(&folder, e))?;
            watched.push(folder.clone());
            added.push(folder);
        }
    }
    Ok(added)
}

/// Ctrl-C (or SIGTERM) ends the loop between rebuilds, so a site is never left half-written;
/// a second Ctrl-C ends the process at once.
fn stop_on_ctrl_c(wake: Sender<Wake>, poll: bool) -> Result<(), WatchError> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGINT, SIGTERM]).map_err(WatchError::io(Watching::CtrlC, poll))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::with_causes;
    use std::error::Error as _;

    #[test]
    fn a_watch_limit_names_the_folder_once_and_says_how_to_raise_it() {
        let limit = notify::Error::new(notify::ErrorKind::MaxFilesWatch).add_path("/p/content".into());
        let error = WatchError::new(Watching::Events, false)(limit);
        assert_eq!(error.to_string(), "/p/content: file watching may miss changes");
        assert_eq!(with_causes(&error), "/p/content: file watching may miss changes: OS file watch limit reached.");
        assert!(error.hint().is_some_and(|h| h.contains("fs.inotify.max_user_watches")), "{:?}", error.hint());
    }

    #[test]
    fn the_system_error_is_the_source_and_polling_is_the_hint() {
        let error = WatchError::io(Watching::Start, false)(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        assert_eq!(error.to_string(), "cannot watch the project for changes");
        let source = error.source().and_then(|e| e.downcast_ref::<std::io::Error>()).unwrap();
        assert_eq!(source.kind(), std::io::ErrorKind::PermissionDenied);
        assert!(error.hint().is_some_and(|h| h.starts_with("pass --poll")), "{:?}", error.hint());
        // Already polling, or a signal handler: --poll would not help.
        let polling = WatchError::io(Watching::Start, true)(std::io::Error::other("gone"));
        assert_eq!(polling.hint(), None);
        let signals = WatchError::io(Watching::CtrlC, false)(std::io::Error::other("no"));
        assert_eq!((signals.to_string().as_str(), signals.hint()), ("cannot listen for Ctrl-C", None));
    }
}
