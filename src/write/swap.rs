//! Swapping a written site in place of the previous one, one writer at a time.
//!
//! Each writer stages into a folder of its own (`.public.cxsite-new-<pid>`) while holding a lock
//! on the output's parent folder, so two builds, or a build beside `watch` or `serve`, take
//! turns instead of publishing a mix. On Linux the staged folder and the published one are
//! exchanged in one `renameat2(RENAME_EXCHANGE)`: there is no moment without a site. Elsewhere
//! (and on file systems without the exchange) the previous site is first renamed aside; a writer
//! killed between the two renames leaves it there, and the next writer puts it back before
//! anything else, so "the previous site is left as it was" stays true.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use super::MARKER;

/// The turn of one writer of an output folder; the next waits until this is dropped.
pub struct Lock {
    _held: File,
}

impl Lock {
    /// Waits for, then takes, the turn to write `name` in `parent`.
    pub fn take(parent: &Path, name: &str) -> io::Result<Lock> {
        let file = lock_file(parent, name)?;
        file.lock()?;
        Ok(Lock { _held: file })
    }
}

/// On Unix the parent folder itself is locked (flock), which leaves no file behind.
#[cfg(unix)]
fn lock_file(parent: &Path, _name: &str) -> io::Result<File> {
    File::open(parent)
}

#[cfg(not(unix))]
fn lock_file(parent: &Path, name: &str) -> io::Result<File> {
    File::options().create(true).truncate(false).write(true).open(parent.join(format!(".{name}.cxsite-lock")))
}

/// The hidden folders beside the output: this writer's staging folder and the previous site.
pub struct Aside {
    parent: PathBuf,
    name: String,
}

impl Aside {
    /// The folders beside `parent/name`.
    pub fn of(parent: &Path, name: &str) -> Aside {
        Aside { parent: parent.to_path_buf(), name: name.to_string() }
    }

    /// Where this process writes the new site.
    pub fn staging(&self) -> PathBuf {
        self.parent.join(format!(".{}.cxsite-new-{}", self.name, std::process::id()))
    }

    /// Where the previous site waits between the two renames.
    fn previous(&self) -> PathBuf {
        self.parent.join(format!(".{}.cxsite-old", self.name))
    }

    /// Puts back a previous site that a killed writer left aside with no site in its place.
    pub fn restore(&self, output: &Path) -> io::Result<()> {
        let previous = self.previous();
        if output.symlink_metadata().is_err() && previous.join(MARKER).exists() {
            fs::rename(&previous, output)?;
        }
        Ok(())
    }

    /// Removes what killed writers left: their staging folders, and a previous site that was
    /// already replaced. Only called with the lock held, so no other writer is using them.
    pub fn clear_stale(&self) -> io::Result<()> {
        let staging = format!(".{}.cxsite-new", self.name);
        let previous = format!(".{}.cxsite-old", self.name);
        for entry in fs::read_dir(&self.parent)? {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if (name.starts_with(&staging) || name == previous) && entry.file_type()?.is_dir() {
                fs::remove_dir_all(entry.path())?;
            }
        }
        Ok(())
    }

    /// Puts the site written in `staging` at `output`, replacing what is there.
    pub fn swap_in(&self, staging: &Path, output: &Path) -> Result<(), super::WriteError> {
        let failed = |source| super::WriteError::Io { path: output.to_path_buf(), doing: super::Writing::Swap, source };
        if output.symlink_metadata().is_err() {
            return fs::rename(staging, output).map_err(failed);
        }
        match exchange(staging, output) {
            // `staging` now holds the previous site. If it cannot be removed now, the next
            // writer removes it; the new site is published either way.
            Ok(()) => {
                let _ = fs::remove_dir_all(staging);
                return Ok(());
            }
            Err(error) if !exchange_unsupported(&error) => return Err(failed(error)),
            Err(_) => {}
        }
        let previous = self.previous();
        fs::rename(output, &previous).map_err(failed)?;
        if let Err(error) = fs::rename(staging, output) {
            let _ = fs::rename(&previous, output);
            return Err(failed(error));
        }
        let _ = fs::remove_dir_all(&previous);
        Ok(())
    }
}

/// Exchanges two paths atomically.
// The one place the write stage needs unsafe: std has no call for `renameat2`, so it goes
// through libc's raw system call.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput));
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: renameat2 takes two directory descriptors, two paths and flags. AT_FDCWD is a
    // valid descriptor; `a` and `b` are NUL-terminated `CString`s that live past the call, which
    // only reads them; no other memory is passed, and the result is checked below.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The kernel or the file system cannot exchange: fall back to two renames.
fn exchange_unsupported(error: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(error.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)) {
        return true;
    }
    error.kind() == io::ErrorKind::Unsupported
}
