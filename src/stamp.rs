//! What tells a saved file from the one read before, without reading it.
//!
//! Size and modification time alone miss a save that keeps both: two saves within the
//! timestamp's tick, `touch -r`, a tool that restores the time it found. The inode change time
//! is set by the system on every write and no tool can set it back; the inode number changes
//! when an editor saves by renaming a new file over the old one.

use std::fs::Metadata;
use std::path::Path;
use std::time::SystemTime;

/// A file's size, modification time, inode change time and inode number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Seconds and nanoseconds (zero where the system has no such time).
    status_changed: (i64, i64),
    inode: u64,
}

impl FileStamp {
    /// The stamp of the file at `path` (links followed), or `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<FileStamp> {
        std::fs::metadata(path).ok().map(|metadata| FileStamp::from_metadata(&metadata))
    }

    /// The stamp of metadata already at hand.
    pub fn from_metadata(metadata: &Metadata) -> FileStamp {
        #[cfg(unix)]
        let (status_changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            ((metadata.ctime(), metadata.ctime_nsec()), metadata.ino())
        };
        #[cfg(not(unix))]
        let (status_changed, inode) = ((0, 0), 0);
        FileStamp { len: metadata.len(), modified: metadata.modified().ok(), status_changed, inode }
    }

    /// The file's size in bytes.
    pub fn bytes(&self) -> u64 {
        self.len
    }

    /// Whether the file was written (or its status changed) less than `window` ago, or when
    /// the system gives no inode change time. Only then can a second save still share this
    /// stamp: the time ticks in milliseconds.
    pub fn changed_within(&self, window: std::time::Duration) -> bool {
        let (seconds, nanos) = self.status_changed;
        if (seconds, nanos) == (0, 0) {
            return true;
        }
        let changed =
            std::time::UNIX_EPOCH + std::time::Duration::new(seconds.max(0) as u64, nanos.clamp(0, 999_999_999) as u32);
        SystemTime::now().duration_since(changed).is_ok_and(|ago| ago < window) || changed > SystemTime::now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::{File, FileTimes};

    #[test]
    fn a_save_that_keeps_size_and_time_changes_the_stamp() {
        let dir = std::env::temp_dir().join(format!("cxsite-stamp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("intro.md");
        std::fs::write(&path, "Hello.").unwrap();
        let before = FileStamp::of(&path).unwrap();
        let kept = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert_eq!(FileStamp::of(&path), Some(before), "nothing changed");
        // The inode change time ticks in steps of a few milliseconds on some systems.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, "Howdy.").unwrap();
        File::options().write(true).open(&path).unwrap().set_times(FileTimes::new().set_modified(kept)).unwrap();
        let after = FileStamp::of(&path).unwrap();
        assert_eq!((after.bytes(), std::fs::metadata(&path).unwrap().modified().unwrap()), (before.bytes(), kept));
        assert_ne!(after, before, "same size and modification time, yet saved");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
