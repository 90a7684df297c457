//! The new site, written file by file into a hidden folder beside the output while the pages
//! are rendered, and swapped in whole by [`Staging::finish`]. A page is on disk as soon as it
//! is made, so a build holds one page at a time, not the site. Dropped unfinished (a page that
//! could not be rendered, a panic), the folder is removed and the previous site stays as it was.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{MARKER, WriteError, Writing, check_output, check_place, io_error, refuse, safe_relative, swap};
use crate::paths;
use crate::render::OutputFile;

/// What `serve` asks of a build: the pages open in a browser, to be rendered first, and each of
/// them as soon as it is written, so a browser reloads before the rest of the site is done.
pub trait Preview: Send + Sync {
    /// The pages open now, by path under the output folder.
    fn open_pages(&self) -> Vec<String>;
    /// One of those pages, written.
    fn page_ready(&self, path: &str, bytes: &[u8]);
}

/// Where the files of a site go as they are rendered.
pub trait Sink: Sync {
    /// The pages wanted before the others (the ones a browser shows), by path.
    fn first(&self) -> &[String] {
        &[]
    }

    /// Adds one file (`path` under the output folder, `/`-separated).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError>;
    /// Adds one file that `write` writes piece by piece: `data/metrics.json` runs to tens of
    /// MB, and is never held whole on its way to the disk.
    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), WriteError>;
}

/// A site being written beside the output, with the output's lock held: two writers of one
/// output take turns.
pub struct Staging {
    _turn: swap::Lock,
    aside: swap::Aside,
    folder: PathBuf,
    output: PathBuf,
    /// A copy of every file, for `serve`, which answers from memory.
    kept: Option<Mutex<Vec<OutputFile>>>,
    preview: Option<Arc<dyn Preview>>,
    /// The pages `preview` had open when the build began.
    first: Vec<String>,
    finished: bool,
}

impl Staging {
    /// Checks that `output` may be written (not the project's own files; a folder cxsite made,
    /// or empty, unless `force`), takes its lock and makes the staging folder. With a
    /// `preview`, [`finish`](Staging::finish) also gives every file back, and its open pages
    /// go first and to it as soon as they are written.
    pub fn begin(
        project_root: &Path,
        output: &Path,
        force: bool,
        preview: Option<Arc<dyn Preview>>,
    ) -> Result<Staging, WriteError> {
        // Every rule looks at the place the path really leads, and the site goes exactly there.
        let resolved = paths::resolve(output).map_err(io_error(Writing::Site, output))?;
        Staging::begin_at(project_root, &resolved, force, preview).map_err(|error| error.shown_as(output, &resolved))
    }

    fn begin_at(
        project_root: &Path,
        output: &Path,
        force: bool,
        preview: Option<Arc<dyn Preview>>,
    ) -> Result<Staging, WriteError> {
        let root = paths::resolve(project_root).map_err(io_error(Writing::Site, project_root))?;
        let (parent, name) = match (output.parent(), output.file_name()) {
            (Some(parent), Some(name)) => (parent, name.to_string_lossy().into_owned()),
            _ => {
                return refuse(
                    output,
                    "it is the root of the file system".into(),
                    "choose a folder of its own, such as `public`",
                );
            }
        };
        // Before any folder is made: a refused output must leave no trace in the sources.
        check_place(&root, output)?;
        fs::create_dir_all(parent).map_err(io_error(Writing::Site, parent))?;
        let turn = swap::Lock::take(parent, &name).map_err(io_error(Writing::Site, parent))?;
        let aside = swap::Aside::of(parent, &name);
        aside.restore(output).map_err(io_error(Writing::Site, output))?;
        check_output(output, force)?;
        aside.clear_stale().map_err(io_error(Writing::Site, parent))?;
        let folder = aside.staging();
        fs::create_dir(&folder).map_err(io_error(Writing::Site, &folder))?;
        Ok(Staging {
            _turn: turn,
            aside,
            folder,
            output: output.to_path_buf(),
            kept: preview.is_some().then(Mutex::default),
            first: preview.as_ref().map(|preview| preview.open_pages()).unwrap_or_default(),
            preview,
            finished: false,
        })
    }

    /// Where `path` goes in the staging folder, its folders made.
    fn place(&self, path: &str) -> Result<PathBuf, WriteError> {
        let relative = safe_relative(path).ok_or_else(|| WriteError::Refused {
            path: self.output.clone(),
            resolved: None,
            why: format!("the page path `{path}` would leave the output folder"),
            hint: "ids may only hold letters, digits, `-` and `_`",
        })?;
        let place = self.folder.join(relative);
        if let Some(dir) = place.parent() {
            fs::create_dir_all(dir).map_err(io_error(Writing::Site, dir))?;
        }
        Ok(place)
    }

    /// Puts the new site in place of the previous one; returns the files kept with `keep`
    /// (else none), sorted by path.
    pub fn finish(mut self) -> Result<Vec<OutputFile>, WriteError> {
        let marker = self.folder.join(MARKER);
        fs::write(&marker, "This folder is written by cxsite and replaced on every build.\n")
            .map_err(io_error(Writing::Site, &marker))?;
        self.aside.swap_in(&self.folder, &self.output)?;
        self.finished = true;
        let mut kept =
            self.kept.take().map(|kept| kept.into_inner().unwrap_or_else(|p| p.into_inner())).unwrap_or_default();
        kept.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(kept)
    }
}

impl Sink for Staging {
    fn first(&self) -> &[String] {
        &self.first
    }

    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let place = self.place(path)?;
        fs::write(&place, bytes).map_err(io_error(Writing::Site, &place))?;
        if let Some(preview) = self.preview.as_ref().filter(|_| self.first.iter().any(|first| first == path)) {
            preview.page_ready(path, bytes);
        }
        if let Some(kept) = &self.kept {
            let file = OutputFile { path: path.to_string(), bytes: bytes.to_vec() };
            kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(file);
        }
        Ok(())
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), WriteError> {
        if self.kept.is_some() {
            let mut bytes = Vec::new();
            write(&mut bytes).map_err(io_error(Writing::Site, &self.folder.join(path)))?;
            return self.put(path, &bytes);
        }
        let place = self.place(path)?;
        let file = fs::File::create(&place).map_err(io_error(Writing::Site, &place))?;
        let mut file = BufWriter::with_capacity(1 << 20, file);
        write(&mut file).and_then(|()| file.flush()).map_err(io_error(Writing::Site, &place))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.folder);
        }
    }
}

/// A sink whose files go under `prefix` of another's: a period's snapshot in `reports/<period>/`.
pub struct Under<'a> {
    pub sink: &'a dyn Sink,
    pub prefix: String,
}

impl Sink for Under<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.sink.put(&format!("{}{path}", self.prefix), bytes)
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), WriteError> {
        self.sink.put_streamed(&format!("{}{path}", self.prefix), write)
    }
}
