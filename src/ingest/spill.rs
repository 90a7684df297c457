//! A nameless temporary file of 64-bit numbers: a large export's response id hashes (8 bytes a
//! response, 80 MB at ten million) wait there between the read and the search for repeats,
//! instead of in memory for the whole build.
//!
//! On Unix the file is unlinked as soon as it is made, so a killed build leaves nothing behind;
//! elsewhere it is removed when the last run in it is dropped.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// A temporary file that runs of numbers are appended to and read back from.
#[derive(Debug)]
pub struct Spill {
    /// The file and its length: appends and reads come from any thread.
    file: Mutex<(File, u64)>,
    /// Where it is, to remove it on drop where an open file cannot be unlinked.
    #[cfg(not(unix))]
    path: PathBuf,
}

impl Spill {
    /// Makes a new file in the system's temporary folder (`TMPDIR`).
    pub fn new() -> std::io::Result<Spill> {
        static MADE: AtomicU64 = AtomicU64::new(0);
        let made = MADE.fetch_add(1, Ordering::Relaxed);
        // Hidden, so a watcher of a folder that holds it (`TMPDIR` inside a project) passes it by.
        let path: PathBuf = std::env::temp_dir().join(format!(".cxsite-ids-{}-{made}", std::process::id()));
        let file = OpenOptions::new().read(true).write(true).create_new(true).open(&path)?;
        #[cfg(unix)]
        std::fs::remove_file(&path)?;
        Ok(Spill {
            file: Mutex::new((file, 0)),
            #[cfg(not(unix))]
            path,
        })
    }

    /// Appends `numbers`, run after run, and returns where they start (in numbers).
    pub fn append<'a>(&self, runs: impl IntoIterator<Item = &'a [u64]>) -> std::io::Result<u64> {
        let mut guard = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let (file, length) = &mut *guard;
        let start = *length;
        file.seek(SeekFrom::Start(start * 8))?;
        let mut out = BufWriter::with_capacity(1 << 16, &mut *file);
        let mut written = 0;
        for run in runs {
            run.iter().try_for_each(|number| out.write_all(&number.to_le_bytes()))?;
            written += run.len() as u64;
        }
        out.flush()?;
        *length = start + written;
        Ok(start)
    }

    /// Reads `count` numbers from `at` (in numbers) onto the end of `into`.
    pub fn read(&self, at: u64, count: usize, into: &mut Vec<u64>) -> std::io::Result<()> {
        let mut bytes = vec![0u8; count * 8];
        {
            let mut guard = self.file.lock().unwrap_or_else(|e| e.into_inner());
            let (file, _) = &mut *guard;
            file.seek(SeekFrom::Start(at * 8))?;
            file.read_exact(&mut bytes)?;
        }
        into.extend(bytes.chunks_exact(8).map(|word| u64::from_le_bytes(word.try_into().expect("8 bytes"))));
        Ok(())
    }
}

#[cfg(not(unix))]
impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_come_back_as_written_and_leave_no_file() {
        let spill = Spill::new().unwrap();
        let first = spill.append([&[1u64, u64::MAX][..], &[7][..]]).unwrap();
        let second = spill.append([&[42u64, 0][..]]).unwrap();
        assert_eq!((first, second), (0, 3));
        let mut back = Vec::new();
        spill.read(second, 2, &mut back).unwrap();
        spill.read(1, 2, &mut back).unwrap();
        assert_eq!(back, [42, 0, u64::MAX, 7]);
        assert!(spill.read(4, 2, &mut back).is_err(), "past the end");
        #[cfg(unix)]
        {
            let prefix = format!(".cxsite-ids-{}-", std::process::id());
            let left = std::fs::read_dir(std::env::temp_dir())
                .unwrap()
                .filter_map(|entry| entry.ok())
                .filter(|entry| entry.file_name().to_string_lossy().starts_with(&prefix))
                .count();
            assert_eq!(left, 0, "the file has no name while it is open");
        }
    }
}
