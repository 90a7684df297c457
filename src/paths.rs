//! Paths the user gives, resolved to where they really lead before any safety rule looks at them.
//!
//! `std::path::absolute` keeps `..`, and `canonicalize` fails on a path that does not exist yet,
//! so `nothere/../content` used to pass every check as "a new folder" and then, once `nothere`
//! was created, land on `content/`. [`resolve`] gives the place the kernel would reach, whether
//! or not the path exists; [`inside`] keeps the project's inputs in the project.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// `path` made absolute with every `..` and symbolic link of its existing part resolved, the way
/// the file system would follow it once its missing folders are created.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            // `resolved` is canonical as far as it exists, so its parent is the real parent.
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(real) = fs::canonicalize(&resolved) {
                    resolved = real;
                }
            }
        }
    }
    Ok(resolved)
}

/// Why an input of the project cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAnInput {
    /// It leads (through a symbolic link) to this place outside the project folder.
    Outside(PathBuf),
    /// It is a folder, a pipe, a device or a socket, not a file.
    NotAFile,
}

impl NotAnInput {
    /// The message, for a diagnostic at the file.
    pub fn message(&self) -> String {
        match self {
            NotAnInput::Outside(target) => format!(
                "this is a link to {}, outside the project folder; cxsite reads nothing outside the project",
                target.display()
            ),
            NotAnInput::NotAFile => "this is not a regular file (a pipe, a device or a folder)".into(),
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        match self {
            NotAnInput::Outside(_) => "copy it into the project instead of linking to it",
            NotAnInput::NotAFile => "replace it with a regular file",
        }
    }
}

/// Checks that `path` is a regular file that resolves inside `root` (both as given; `root` need
/// not be canonical). A file that does not exist passes: reading it reports that.
pub fn inside(root: &Path, path: &Path) -> Result<(), NotAnInput> {
    let Ok(real) = fs::canonicalize(path) else { return Ok(()) };
    if let Some(outside) = leads_outside(root, &real) {
        return Err(NotAnInput::Outside(outside));
    }
    match fs::metadata(&real) {
        Ok(meta) if !meta.is_file() => Err(NotAnInput::NotAFile),
        _ => Ok(()),
    }
}

/// What a walk of a project folder found.
pub struct Walk {
    /// Every entry in path order, following links, or the error met at it.
    pub entries: Vec<walkdir::Result<walkdir::DirEntry>>,
    /// Folders that are links out of the project: reported, never walked (their files are no
    /// inputs, and a link to `/` would never finish).
    pub outside: Vec<(PathBuf, PathBuf)>,
}

/// Walks `folder` (at most `depth` deep) for the project at `root`.
pub fn walk(root: &Path, folder: &Path, depth: usize) -> Walk {
    let mut found = Walk { entries: Vec::new(), outside: Vec::new() };
    let mut walk = walkdir::WalkDir::new(folder).max_depth(depth).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = walk.next() {
        if let Ok(dir) = &entry
            && dir.file_type().is_dir()
            && let Some(target) = leads_outside(root, dir.path())
        {
            found.outside.push((dir.path().to_path_buf(), target));
            walk.skip_current_dir();
            continue;
        }
        found.entries.push(entry);
    }
    found
}

/// Where `path` (a file or a folder) really is, when that is outside `root`.
pub fn leads_outside(root: &Path, path: &Path) -> Option<PathBuf> {
    let real = fs::canonicalize(path).ok()?;
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    (!real.starts_with(&root)).then_some(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cxsite-paths-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("project/content")).unwrap();
        fs::canonicalize(dir).unwrap()
    }

    #[test]
    fn dot_dot_through_a_missing_folder_lands_where_the_kernel_would() {
        let dir = scratch("dotdot");
        let project = dir.join("project");
        assert_eq!(resolve(&project.join("nothere/../content")).unwrap(), project.join("content"));
        assert_eq!(resolve(&project.join("nothere/../../project")).unwrap(), project);
        assert_eq!(resolve(&project.join("a/b/../../public")).unwrap(), project.join("public"));
        assert_eq!(resolve(&project.join("./public/.")).unwrap(), project.join("public"));
        fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_before_dot_dot() {
        let dir = scratch("links");
        let project = dir.join("project");
        fs::create_dir_all(dir.join("elsewhere/deep")).unwrap();
        std::os::unix::fs::symlink(dir.join("elsewhere/deep"), project.join("link")).unwrap();
        // `link/..` is `elsewhere`, not the project folder.
        assert_eq!(resolve(&project.join("link/../site")).unwrap(), dir.join("elsewhere/site"));
        fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn inputs_outside_the_project_or_not_files_are_refused() {
        let dir = scratch("inside");
        let project = dir.join("project");
        fs::write(dir.join("secret.txt"), "x").unwrap();
        fs::write(project.join("content/ok.yaml"), "x").unwrap();
        std::os::unix::fs::symlink(dir.join("secret.txt"), project.join("content/link.yaml")).unwrap();
        std::os::unix::fs::symlink("ok.yaml", project.join("content/near.yaml")).unwrap();
        assert_eq!(inside(&project, &project.join("content/ok.yaml")), Ok(()));
        assert_eq!(inside(&project, &project.join("content/near.yaml")), Ok(()), "a link within the project");
        assert_eq!(
            inside(&project, &project.join("content/link.yaml")),
            Err(NotAnInput::Outside(dir.join("secret.txt")))
        );
        assert_eq!(inside(&project, &project.join("content")), Err(NotAnInput::NotAFile));
        assert_eq!(inside(&project, Path::new("/dev/null")), Err(NotAnInput::Outside("/dev/null".into())));
        fs::remove_dir_all(dir).unwrap();
    }
}
