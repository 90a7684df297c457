//! `--poll`: the watched folders looked at every interval, for drives and containers where the
//! system sends no file events.
//!
//! notify's own poller compares modification times in whole seconds, and only forward, so two
//! saves within a second, or a save that keeps its time (`touch -r`, a tool restoring the time it
//! found), go unseen. This one compares each file's [`FileStamp`] (size, modification and inode
//! change time, inode) and, for a small file written in the last [`RECENT`], a hash of its
//! bytes: the inode change time ticks coarser than an editor can save twice, but only a file
//! written a moment ago can be saved again within the same tick. Files not touched for longer
//! are not read, so a folder of exports costs a look at their stamps only.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};
use notify::{Config, Event, EventHandler, EventKind, RecursiveMode, Watcher, WatcherKind};

use crate::stamp::FileStamp;

/// Files up to this size, written within [`RECENT`], are also compared by their bytes.
const HASHED_UP_TO: u64 = 256 << 10;

/// How recently a file must have been written for its bytes to be compared.
const RECENT: Duration = Duration::from_secs(2);

/// What a path was when last looked at.
#[derive(Debug, Clone, Copy)]
enum Seen {
    /// A folder: it comes and goes, but its own times say nothing (its files' do).
    Folder,
    /// A file, with the hash of its bytes when it was small and written a moment ago.
    File { stamp: FileStamp, bytes: Option<u64> },
}

impl Seen {
    /// Whether nothing changed: the same kind, the same stamp, and the same bytes where both
    /// looks hashed them.
    fn same_as(&self, other: &Seen) -> bool {
        match (self, other) {
            (Seen::Folder, Seen::Folder) => true,
            (Seen::File { stamp: a, bytes: x }, Seen::File { stamp: b, bytes: y }) => {
                a == b && (x.is_none() || y.is_none() || x == y)
            }
            _ => false,
        }
    }
}

/// The folders watched (each with whether its subfolders are) and what was seen in them.
#[derive(Default)]
struct State {
    roots: Vec<(PathBuf, RecursiveMode)>,
    seen: BTreeMap<PathBuf, Seen>,
}

/// A [`Watcher`] that looks at the files on a thread of its own, stopped when it is dropped.
pub struct StampPoller {
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
}

impl Watcher for StampPoller {
    fn new<F: EventHandler>(mut handler: F, config: Config) -> notify::Result<StampPoller> {
        let interval = config.poll_interval().unwrap_or(Duration::from_millis(300));
        let (state, stop) = (Arc::new(Mutex::new(State::default())), Arc::new(AtomicBool::new(false)));
        let (looked_at, stopped) = (state.clone(), stop.clone());
        std::thread::Builder::new().name("cxsite-poll".into()).spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                std::thread::sleep(interval);
                let mut state = looked_at.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                let now = look(&state.roots);
                for event in differences(&state.seen, &now) {
                    handler.handle_event(Ok(event));
                }
                state.seen = now;
            }
        })?;
        Ok(StampPoller { state, stop })
    }

    fn watch(&mut self, path: &Path, recursive_mode: RecursiveMode) -> notify::Result<()> {
        if !path.exists() {
            return Err(notify::Error::path_not_found().add_path(path.to_path_buf()));
        }
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        state.roots.push((path.to_path_buf(), recursive_mode));
        // Seen now, so a save right after this call is a change.
        let now = look(&[(path.to_path_buf(), recursive_mode)]);
        state.seen.extend(now);
        Ok(())
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        state.roots.retain(|(root, _)| root != path);
        let roots = state.roots.clone();
        state.seen.retain(|seen, _| roots.iter().any(|(root, _)| seen.starts_with(root)));
        Ok(())
    }

    fn kind() -> WatcherKind {
        WatcherKind::PollWatcher
    }
}

impl Drop for StampPoller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Everything under `roots` as it is now (a root watched without its subfolders: its own
/// entries only). Links are followed as the build follows them, but not out of their root.
fn look(roots: &[(PathBuf, RecursiveMode)]) -> BTreeMap<PathBuf, Seen> {
    let mut now = BTreeMap::new();
    for (root, mode) in roots {
        let depth = if *mode == RecursiveMode::Recursive { usize::MAX } else { 1 };
        for entry in crate::paths::walk(root, root, depth).entries.into_iter().flatten() {
            let seen = if entry.file_type().is_dir() {
                Seen::Folder
            } else {
                let Ok(metadata) = entry.metadata() else { continue };
                let stamp = FileStamp::from_metadata(&metadata);
                let recent = stamp.bytes() <= HASHED_UP_TO && stamp.changed_within(RECENT);
                let bytes = recent.then(|| hash_of(entry.path())).flatten();
                Seen::File { stamp, bytes }
            };
            now.insert(entry.into_path(), seen);
        }
    }
    now
}

fn hash_of(path: &Path) -> Option<u64> {
    let bytes = std::fs::read(path).ok()?;
    let mut hasher = DefaultHasher::new();
    hasher.write(&bytes);
    Some(hasher.finish())
}

/// The events that turn `before` into `now`: what came, what went, what was saved.
fn differences(before: &BTreeMap<PathBuf, Seen>, now: &BTreeMap<PathBuf, Seen>) -> Vec<Event> {
    let mut events = Vec::new();
    for (path, seen) in now {
        let kind = match (before.get(path), seen) {
            (None, Seen::Folder) => EventKind::Create(CreateKind::Folder),
            (None, Seen::File { .. }) => EventKind::Create(CreateKind::File),
            (Some(old), new) if old.same_as(new) => continue,
            (Some(_), _) => EventKind::Modify(ModifyKind::Data(DataChange::Any)),
        };
        events.push(Event::new(kind).add_path(path.clone()));
    }
    for path in before.keys().filter(|path| !now.contains_key(*path)) {
        events.push(Event::new(EventKind::Remove(RemoveKind::Any)).add_path(path.clone()));
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::{File, FileTimes};

    #[test]
    fn saves_that_keep_size_and_time_files_that_come_and_go_are_events() {
        let root = std::env::temp_dir().join(format!("cxsite-poll-{}", std::process::id()));
        std::fs::create_dir_all(root.join("content")).unwrap();
        let intro = root.join("content/intro.md");
        std::fs::write(&intro, "Hello.").unwrap();
        let roots = [(root.clone(), RecursiveMode::Recursive)];
        let first = look(&roots);
        assert!(differences(&first, &look(&roots)).is_empty(), "nothing changed");

        // A file just written is hashed; a save that keeps size and modification time is seen.
        let modified = std::fs::metadata(&intro).unwrap().modified().unwrap();
        std::fs::write(&intro, "Howdy.").unwrap();
        File::options().write(true).open(&intro).unwrap().set_times(FileTimes::new().set_modified(modified)).unwrap();
        let saved = look(&roots);
        let events = differences(&first, &saved);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(
            (events[0].kind, events[0].paths.as_slice()),
            (EventKind::Modify(ModifyKind::Data(DataChange::Any)), [intro.clone()].as_slice())
        );

        std::fs::create_dir(root.join("content/notes")).unwrap();
        std::fs::remove_file(&intro).unwrap();
        let kinds: Vec<(EventKind, PathBuf)> =
            differences(&saved, &look(&roots)).into_iter().map(|e| (e.kind, e.paths[0].clone())).collect();
        assert_eq!(
            kinds,
            [
                (EventKind::Create(CreateKind::Folder), root.join("content/notes")),
                (EventKind::Remove(RemoveKind::Any), intro.clone())
            ]
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn bytes_decide_only_where_both_looks_read_them() {
        let stamp = FileStamp::from_metadata(&std::fs::metadata(std::env::current_exe().unwrap()).unwrap());
        let file = |bytes| Seen::File { stamp, bytes };
        // Within the stamp's tick, only the bytes tell two saves apart.
        assert!(!file(Some(1)).same_as(&file(Some(2))));
        assert!(file(Some(1)).same_as(&file(Some(1))));
        // A file no longer recent is not read again: its unchanged stamp says it is the same.
        assert!(file(Some(1)).same_as(&file(None)));
        assert!(!Seen::Folder.same_as(&file(None)));
    }
}
