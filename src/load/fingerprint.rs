//! The audit trail of a build: every input file with its size and SHA-256, so a reader can
//! check (with `sha256sum`) that a published report was built from exactly these files.

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Project, SETTINGS_FILE};
use crate::build::ChangeKind;
use crate::stamp::FileStamp;

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputFile {
    /// Relative to the project root, `/`-separated.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Every input of a build and one fingerprint over them all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Inputs {
    /// `cxsite` and its version: the same files give the same report only with the same version.
    pub generator: String,
    /// SHA-256 of the lines `sha256  path` of every file (what `sha256sum` prints), in path order.
    pub fingerprint: String,
    pub files: Vec<InputFile>,
}

/// Hashes kept between rebuilds by path and [`FileStamp`], so `serve` hashes only the files
/// that changed.
#[derive(Default)]
pub struct InputHashes {
    known: BTreeMap<PathBuf, (FileStamp, String)>,
}

impl InputHashes {
    /// The inputs of `project` as they are now: `cxsite.yaml`, its YAML and Markdown under
    /// `content/`, its survey files, its logo, `templates/` and the folder of its theme (the built-in
    /// default is part of `generator`). Hidden files and editors' scratch files are not
    /// inputs. Unreadable files are listed with an empty hash (the load stage reports them).
    /// A file in `saved` (relative to the root) is hashed again whatever its stamp says: a
    /// second save within the inode change time's tick keeps the stamp of the first.
    pub fn inputs(&mut self, project: &Project, saved: &BTreeSet<PathBuf>) -> Inputs {
        let root = project.root.as_path();
        let theme = &project.settings.theme;
        let walk = |folder: &str| -> Vec<PathBuf> {
            let entries = crate::paths::walk(root, &root.join(folder), usize::MAX).entries.into_iter();
            entries
                .flatten()
                .filter(|e| e.file_type().is_file())
                .filter_map(|e| Some(e.path().strip_prefix(root).ok()?.to_path_buf()))
                .filter(|path| ChangeKind::of(path).is_some())
                .collect()
        };
        let mut paths = vec![PathBuf::from(SETTINGS_FILE)];
        let text = |path: &PathBuf| {
            path.extension().is_some_and(|e| ["yaml", "yml", "md", "markdown"].contains(&e.to_str().unwrap_or("")))
        };
        let logo = project
            .settings
            .style
            .logo
            .as_ref()
            .filter(|_| project.logo.is_some())
            .map(|l| Path::new("content").join(l));
        let surveys = project.input_files();
        paths
            .extend(walk("content").into_iter().filter(|p| text(p) || surveys.contains(p) || logo.as_ref() == Some(p)));
        paths.extend(walk("templates"));
        if theme != "default" {
            paths.extend(walk(&format!("themes/{theme}")));
        }
        let mut files = Vec::with_capacity(paths.len());
        let mut known = BTreeMap::new();
        for path in paths {
            let Ok(metadata) = std::fs::metadata(root.join(&path)) else { continue };
            let stamp = FileStamp::from_metadata(&metadata);
            let sha256 = match self.known.remove(&path) {
                Some((known, hash)) if known == stamp && !saved.contains(&path) => hash,
                _ => sha256_of(&root.join(&path)).unwrap_or_default(),
            };
            let (path_text, bytes) = (path.to_string_lossy().replace('\\', "/"), stamp.bytes());
            files.push(InputFile { path: path_text, bytes, sha256: sha256.clone() });
            known.insert(path, (stamp, sha256));
        }
        self.known = known;
        let mut inputs =
            Inputs { generator: format!("cxsite {}", env!("CARGO_PKG_VERSION")), files, ..Inputs::default() };
        inputs.fingerprint = hex(&Sha256::digest(inputs.sha256sum_listing().as_bytes()));
        inputs
    }
}

impl Inputs {
    /// The files as `sha256sum` lists them: `sha256sum -c` on this text checks them.
    pub fn sha256sum_listing(&self) -> String {
        self.files.iter().map(|f| sha256sum_line(&f.sha256, &f.path)).collect()
    }
}

/// One line of `sha256sum`'s listing. A name with a newline, carriage return or backslash is
/// escaped as GNU `sha256sum` does (a leading `\\`, then `\\n`, `\\r`, `\\\\`), so a file name
/// cannot forge a line of its own.
fn sha256sum_line(sha256: &str, path: &str) -> String {
    if !path.contains(['\n', '\r', '\\']) {
        return format!("{sha256}  {path}\n");
    }
    let escaped = path.replace('\\', "\\\\").replace('\n', "\\n").replace('\r', "\\r");
    format!("\\{sha256}  {escaped}\n")
}

fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            return Ok(hex(&hasher.finalize()));
        }
        hasher.update(&buffer[..read]);
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_cannot_forge_a_line_of_the_listing() {
        assert_eq!(sha256sum_line("ab", "content/a.csv"), "ab  content/a.csv\n");
        let forged = sha256sum_line("ab", "content/x.csv\nffff  content/other.csv");
        assert_eq!(forged, "\\ab  content/x.csv\\nffff  content/other.csv\n");
        assert_eq!(forged.lines().count(), 1);
        assert_eq!(sha256sum_line("ab", "a\\b\rc"), "\\ab  a\\\\b\\rc\n");
    }

    #[test]
    fn files_are_listed_with_the_hash_sha256sum_prints() {
        let root = std::env::temp_dir().join(format!("cxsite-fingerprint-{}", std::process::id()));
        std::fs::create_dir_all(root.join("content/.git")).unwrap();
        std::fs::write(root.join(SETTINGS_FILE), "title: x\n").unwrap();
        std::fs::write(root.join("content/a.md"), "abc").unwrap();
        std::fs::write(root.join("content/a.md~"), "an editor's backup").unwrap();
        std::fs::write(root.join("content/photo.png"), "not read by any stage").unwrap();
        std::fs::write(root.join("content/.git/HEAD"), "ignored").unwrap();
        let (project, _) = super::super::load(&root);
        let project = project.unwrap();
        let mut hashes = InputHashes::default();
        let none = BTreeSet::new();
        let inputs = hashes.inputs(&project, &none);
        let paths: Vec<&str> = inputs.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["cxsite.yaml", "content/a.md"]);
        // sha256("abc"), the FIPS 180-2 example.
        assert_eq!(inputs.files[1].sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(inputs.files[1].bytes, 3);
        let again = hashes.inputs(&project, &none);
        assert_eq!(again, inputs, "the same files give the same fingerprint");
        // A save that keeps the size and the modification time (`touch -r`) is seen.
        let modified = std::fs::metadata(root.join("content/a.md")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(root.join("content/a.md"), "abd").unwrap();
        let times = std::fs::FileTimes::new().set_modified(modified);
        File::options().write(true).open(root.join("content/a.md")).unwrap().set_times(times).unwrap();
        let saved = hashes.inputs(&project, &none);
        assert_ne!(saved.files[1].sha256, inputs.files[1].sha256);
        // A file the watcher saw saved is hashed again even where its stamp is the one known
        // (a second save within the inode change time's tick).
        let a = PathBuf::from("content/a.md");
        hashes.known.get_mut(&a).unwrap().1 = inputs.files[1].sha256.clone();
        assert_eq!(hashes.inputs(&project, &none).files[1].sha256, inputs.files[1].sha256, "the stamp is trusted");
        hashes.known.get_mut(&a).unwrap().1 = inputs.files[1].sha256.clone();
        assert_eq!(hashes.inputs(&project, &BTreeSet::from([a])), saved);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
