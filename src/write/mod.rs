//! Stage 5, write: the rendered files into the output folder, atomically.
//!
//! The site is written to a hidden sibling folder first and swapped in (`swap.rs`), so a reader
//! (or a web server) never sees a half-written site, and a failed or killed build leaves the
//! previous site whole. cxsite only replaces a folder it created itself (it leaves a marker
//! file in it), and never one that holds the project's own files. The output path is resolved
//! (`..` and links) before any of these rules looks at it.

use std::fmt;
use std::fs;
use std::io::{self, Read as _};
use std::path::{Component, Path, PathBuf};

mod staging;
mod swap;

pub use staging::{Preview, Sink, Staging, Under};

use crate::load::SETTINGS_FILE;
use crate::paths;
use crate::render::OutputFile;

/// The file that marks a folder as cxsite's output, safe to replace.
pub const MARKER: &str = ".cxsite-output";

/// Why the site (or a generated file) could not be written: the path, what was being done,
/// and, for the file system's refusals, its error as [`source()`](std::error::Error::source).
/// `Display` is the one line without the cause or the hint; the binary adds both.
#[derive(Debug)]
pub enum WriteError {
    /// The place is not cxsite's to write: `path` as the user gave it, `resolved` where it
    /// leads when that differs (`nothere/../content`, a link).
    Refused { path: PathBuf, resolved: Option<PathBuf>, why: String, hint: &'static str },
    /// The file system said no at `path` while cxsite was `doing` something.
    Io { path: PathBuf, doing: Writing, source: io::Error },
}

/// What cxsite was doing when the file system said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    /// Writing the new site beside the previous one (its folder, its files, the lock).
    Site,
    /// Putting the new site in place (of the previous one, if any).
    Swap,
    /// Writing one generated file (`cxsite aggregate --output`).
    File,
    /// Writing the starter project (`cxsite init`).
    Starter,
}

impl fmt::Display for Writing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Writing::Site => "cannot write the site",
            Writing::Swap => "cannot put the new site in place",
            Writing::File => "cannot write the file",
            Writing::Starter => "cannot write the starter project",
        })
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Refused { path, resolved, why, .. } => {
                write!(f, "{}", path.display())?;
                if let Some(resolved) = resolved {
                    write!(f, " (that is, {})", resolved.display())?;
                }
                write!(f, ": will not write here: {why}")
            }
            WriteError::Io { path, doing, .. } => write!(f, "{}: {doing}", path.display()),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Refused { .. } => None,
            WriteError::Io { source, .. } => Some(source),
        }
    }
}

impl WriteError {
    /// The path the error is about.
    pub fn path(&self) -> &Path {
        match self {
            WriteError::Refused { path, .. } | WriteError::Io { path, .. } => path,
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        use io::ErrorKind::*;
        let (doing, source) = match self {
            WriteError::Refused { hint, .. } => return hint,
            WriteError::Io { doing, source, .. } => (*doing, source),
        };
        let site = matches!(doing, Writing::Site | Writing::Swap);
        match source.kind() {
            StorageFull | QuotaExceeded if site => {
                "free some space on this disk (the new site is written beside the previous one before it replaces it), then build again"
            }
            StorageFull | QuotaExceeded => "free some space on this disk, then run the command again",
            ReadOnlyFilesystem if doing == Writing::Starter => "this disk is read-only: create the project elsewhere",
            ReadOnlyFilesystem if site => "this disk is read-only: choose another output folder with --output",
            ReadOnlyFilesystem => "this disk is read-only: name a file elsewhere with --output",
            ResourceBusy if site => {
                "the output folder is a mount point or in use: cxsite replaces the folder itself, so write into a folder inside it (--output <mount>/public)"
            }
            PermissionDenied if doing == Writing::Starter => {
                "check that you may write to this folder, or create the project elsewhere"
            }
            PermissionDenied if site => {
                "check that you may write to this folder, or choose another output folder with --output"
            }
            PermissionDenied => "check that you may write to this folder, or name another file with --output",
            NotADirectory | AlreadyExists if site => {
                "a file stands where cxsite needs a folder: choose another output folder with --output"
            }
            NotADirectory | AlreadyExists if doing == Writing::File => {
                "a file stands where cxsite needs a folder: name another file with --output"
            }
            _ if site => "check the disk and the folder, then build again",
            _ => "check the disk and the folder, then run the command again",
        }
    }

    /// A refusal names the path as the user gave it, and where it leads when that differs.
    fn shown_as(self, given: &Path, resolved: &Path) -> WriteError {
        match self {
            WriteError::Refused { why, hint, .. } => {
                let same = std::path::absolute(given).is_ok_and(|a| a == resolved);
                let resolved = (!same).then(|| resolved.to_path_buf());
                WriteError::Refused { path: given.to_path_buf(), resolved, why, hint }
            }
            io => io,
        }
    }
}

/// Turns the file system's error at `path` into a [`WriteError`] that says what was being done.
pub(crate) fn io_error(doing: Writing, path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), doing, source }
}

/// Replaces `output` with exactly `files`. `project_root` is protected; `force` allows replacing
/// a non-empty folder that cxsite did not create. Two writers of one output take turns.
pub fn write_site(project_root: &Path, output: &Path, files: &[OutputFile], force: bool) -> Result<(), WriteError> {
    let staging = Staging::begin(project_root, output, force, None)?;
    files.iter().try_for_each(|file| staging.put(&file.path, &file.bytes))?;
    staging.finish().map(drop)
}

fn refuse<T>(path: &Path, why: String, hint: &'static str) -> Result<T, WriteError> {
    Err(WriteError::Refused { path: path.to_path_buf(), resolved: None, why, hint })
}

/// `path` without `.` parts and with `..` taken lexically (`./a/../public/` → `public`), for
/// checking settings at their line; the write stage resolves the real place as well.
pub fn normalise(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(normal.components().next_back(), Some(Component::Normal(_))) => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// A path with only normal components (no `..`, no root, no drive).
fn safe_relative(path: &str) -> Option<PathBuf> {
    let path = Path::new(path);
    let normal = path.components().all(|c| matches!(c, Component::Normal(_)));
    (normal && !path.as_os_str().is_empty()).then(|| path.to_path_buf())
}

/// What of the project's own files `target` is or lies in (both resolved), if any.
fn project_source(root: &Path, target: &Path) -> Option<&'static str> {
    [
        ("content", "inside the project's `content/` folder"),
        ("templates", "inside the project's `templates/` folder"),
        ("themes", "inside the project's `themes/` folder"),
        (SETTINGS_FILE, "the project's settings file"),
    ]
    .into_iter()
    .find(|(source, _)| target.starts_with(root.join(source)))
    .map(|(_, what)| what)
}

/// A file cxsite writes where the user says (`aggregate --output`, `build --summary-md`): how
/// to know one it wrote (its first line), and how to say so in a refusal.
pub struct GeneratedFile {
    /// The file's first line, which marks it as cxsite's.
    pub first_line: &'static str,
    /// What writes it: "`cxsite aggregate`".
    pub writer: &'static str,
    /// What to write instead: "name a new file, such as `--output aggregates.csv`".
    pub hint: &'static str,
    /// It may go among the project's sources (an aggregate file is read from `content/`); a
    /// report about the project (a job summary) may not.
    pub is_source: bool,
}

/// Writes `text` to the file `target` through a temporary file and a rename, so a full disk
/// leaves the old file whole. Refuses the project's `inputs` (files it reads, relative to
/// `project_root`) and its own folders, and any existing file that is neither empty (a CI
/// system's summary file waits empty) nor starts with `file.first_line`: it replaces only what
/// it wrote itself.
pub fn write_generated_file(
    project_root: &Path,
    inputs: &[PathBuf],
    target: &Path,
    text: &str,
    file: &GeneratedFile,
) -> Result<(), WriteError> {
    let resolved = paths::resolve(target).map_err(io_error(Writing::File, target))?;
    let root = paths::resolve(project_root).unwrap_or_else(|_| project_root.to_path_buf());
    write_generated_file_at(&root, inputs, &resolved, text, file).map_err(|error| error.shown_as(target, &resolved))
}

fn write_generated_file_at(
    project_root: &Path,
    inputs: &[PathBuf],
    target: &PathBuf,
    text: &str,
    file: &GeneratedFile,
) -> Result<(), WriteError> {
    let is_input = inputs.iter().any(|input| paths::resolve(&project_root.join(input)).is_ok_and(|i| &i == target));
    if is_input {
        return refuse(target, "it is one of the project's inputs".into(), file.hint);
    }
    if let Some(what) = project_source(project_root, target).filter(|_| !file.is_source) {
        return refuse(target, format!("it is {what}"), file.hint);
    }
    if target.is_dir() {
        return refuse(target, "it is a folder".into(), file.hint);
    }
    if target.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        return refuse(target, "it is a link that leads nowhere".into(), file.hint);
    }
    let empty = target.metadata().is_ok_and(|m| m.len() == 0);
    if target.exists() && !empty && first_line_of(target).as_deref() != Some(file.first_line) {
        return refuse(
            target,
            format!("the file exists and was not written by {}", file.writer),
            "choose another file name, or remove this file first",
        );
    }
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return refuse(target, "it is not a file name".into(), file.hint);
    };
    fs::create_dir_all(parent).map_err(io_error(Writing::File, parent))?;
    let temporary = parent.join(format!(".{}.cxsite-new-{}", name.to_string_lossy(), std::process::id()));
    let written = fs::File::create_new(&temporary)
        .and_then(|mut file| {
            io::Write::write_all(&mut file, text.as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temporary, target));
    if let Err(error) = written {
        let _ = fs::remove_file(&temporary);
        return Err(io_error(Writing::File, target)(error));
    }
    Ok(())
}

/// The first line of a file, read no further than that.
fn first_line_of(path: &Path) -> Option<String> {
    let mut line = String::new();
    io::BufRead::read_line(&mut io::BufReader::new(fs::File::open(path).ok()?).take(4096), &mut line).ok()?;
    Some(line.trim_end_matches(['\r', '\n']).to_string())
}

/// Refuses an output that holds the project, sits inside its sources, or is a link (one that
/// leads nowhere, such as a share that is not mounted: replacing it would lose the link). Both
/// paths are resolved ([`paths::resolve`]); nothing needs to exist yet.
fn check_place(root: &Path, target: &Path) -> Result<(), WriteError> {
    if target.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        return refuse(
            target,
            "it is a link that leads nowhere".into(),
            "mount or create what the link points to, or choose another output folder",
        );
    }
    if root.starts_with(target) {
        return refuse(
            target,
            "it is the project folder or contains it".into(),
            "set `output:` in cxsite.yaml to a folder of its own, such as `public`",
        );
    }
    if let Some(what) = project_source(root, target) {
        return refuse(
            target,
            format!("it is {what}"),
            "set `output:` in cxsite.yaml to a folder of its own, such as `public`",
        );
    }
    Ok(())
}

/// Refuses an output folder that was not made by cxsite (unless `force`), or a file.
fn check_output(target: &Path, force: bool) -> Result<(), WriteError> {
    if target.join(MARKER).exists() || force || !target.exists() {
        return Ok(());
    }
    if !target.is_dir() {
        return refuse(target, "it is a file, not a folder".into(), "remove the file or choose another output folder");
    }
    let empty = fs::read_dir(target).map_err(io_error(Writing::Site, target))?.next().is_none();
    if empty {
        return Ok(());
    }
    refuse(
        target,
        "the folder exists and was not created by cxsite, so its files could be someone's work".into(),
        "choose another output folder, empty this one, or pass --force to replace it",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    /// A temporary folder, removed when the test ends.
    struct Scratch(PathBuf);

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn scratch(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("cxsite-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    #[test]
    fn replaces_its_own_output_and_nothing_else() {
        let scratch = scratch("replace");
        let root = scratch.0.clone();
        let out = root.join("public");
        write_site(&root, &out, &[file("a/index.html", "one"), file("old.html", "x")], false).unwrap();
        write_site(&root, &out, &[file("a/index.html", "two")], false).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("old.html").exists(), "a file the new build does not make is gone");
        let left: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".public.cxsite-"))
            .collect();
        assert!(left.is_empty(), "nothing is left beside the output: {left:?}");
    }

    #[test]
    fn refuses_a_folder_it_did_not_create() {
        let scratch = scratch("refuse");
        let root = scratch.0.clone();
        let out = root.join("site");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let err = write_site(&root, &out, &[file("index.html", "x")], false).unwrap_err();
        assert!(matches!(err, WriteError::Refused { .. }), "{err}");
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        write_site(&root, &out, &[file("index.html", "x")], true).unwrap();
        assert!(out.join(MARKER).exists());
    }

    #[test]
    fn refuses_the_project_and_its_sources() {
        let scratch = scratch("sources");
        let root = scratch.0.clone();
        fs::create_dir_all(root.join("content")).unwrap();
        for out in [root.clone(), root.join("content/site"), root.join("content")] {
            let err = write_site(&root, &out, &[file("index.html", "x")], true).unwrap_err();
            assert!(matches!(err, WriteError::Refused { .. }), "{}", out.display());
        }
    }

    #[test]
    fn a_file_system_error_is_the_source_and_the_hint_fits_what_was_written() {
        let error = |doing, kind| WriteError::Io { path: "public".into(), doing, source: io::Error::from(kind) };
        let full = error(Writing::Site, io::ErrorKind::StorageFull);
        assert_eq!(full.to_string(), "public: cannot write the site", "the cause is not in the message");
        let source = std::error::Error::source(&full).and_then(|e| e.downcast_ref::<io::Error>()).unwrap();
        assert_eq!(source.kind(), io::ErrorKind::StorageFull);
        assert_eq!(
            crate::diagnostics::with_causes(&full),
            format!("public: cannot write the site: {}", io::Error::from(io::ErrorKind::StorageFull))
        );
        assert!(full.hint().starts_with("free some space on this disk (the new site"), "{}", full.hint());
        let counts = error(Writing::File, io::ErrorKind::StorageFull);
        assert_eq!(counts.hint(), "free some space on this disk, then run the command again");
        let busy = error(Writing::Swap, io::ErrorKind::ResourceBusy);
        assert_eq!(busy.to_string(), "public: cannot put the new site in place");
        assert!(busy.hint().starts_with("the output folder is a mount point"), "{}", busy.hint());
        let denied = error(Writing::Starter, io::ErrorKind::PermissionDenied);
        assert!(denied.hint().ends_with("or create the project elsewhere"), "{}", denied.hint());
    }

    #[test]
    fn a_folder_where_a_file_stands_is_an_io_error_naming_the_file() {
        let scratch = scratch("file-in-the-way");
        let root = scratch.0.clone();
        fs::write(root.join("notes.txt"), "mine").unwrap();
        let err = write_site(&root, &root.join("notes.txt/public"), &[file("index.html", "x")], false).unwrap_err();
        let WriteError::Io { path, doing: Writing::Site, .. } = &err else { panic!("{err:?}") };
        assert!(path.ends_with("notes.txt"), "{}", path.display());
        assert!(std::error::Error::source(&err).is_some());
        assert!(err.hint().starts_with("a file stands where cxsite needs a folder"), "{}", err.hint());
        assert_eq!(fs::read_to_string(root.join("notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn a_refusal_has_no_cause_names_where_the_path_leads_and_carries_its_hint() {
        let scratch = scratch("refusal");
        let root = scratch.0.clone();
        fs::create_dir_all(root.join("content")).unwrap();
        let given = root.join("nothere/../content");
        let err = write_site(&root, &given, &[file("index.html", "x")], false).unwrap_err();
        assert!(std::error::Error::source(&err).is_none());
        assert_eq!(err.path(), given);
        let resolved = paths::resolve(&root.join("content")).unwrap();
        assert_eq!(
            err.to_string(),
            format!(
                "{} (that is, {}): will not write here: it is inside the project's `content/` folder",
                given.display(),
                resolved.display()
            )
        );
        assert_eq!(err.hint(), "set `output:` in cxsite.yaml to a folder of its own, such as `public`");
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let scratch = scratch("escape");
        let root = scratch.0.clone();
        let err = write_site(&root, &root.join("public"), &[file("../evil.html", "x")], false).unwrap_err();
        assert!(matches!(err, WriteError::Refused { .. }));
        assert!(!root.join("evil.html").exists());
        assert!(!root.join("public").exists(), "nothing is published when a file is refused");
    }
}
