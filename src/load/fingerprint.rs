//! The audit trail of a build: every input file with its size and SHA-256, so a reader can
//! check (with `sha256sum`) that a published report was built from exactly these files.

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use walkdir::WalkDir;

use super::SETTINGS_FILE;

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

/// Hashes kept between rebuilds by path, size and modification time, so `serve` hashes only
/// the files that changed.
#[derive(Default)]
pub struct InputHashes {
    known: BTreeMap<PathBuf, (u64, Option<SystemTime>, String)>,
}

impl InputHashes {
    /// The inputs of the project at `root` as they are now: `cxsite.yaml`, `content/`,
    /// `templates/` and the folder of `theme` (the built-in default is part of `generator`).
    /// Unreadable files are listed with an empty hash (the load stage reports them).
    pub fn inputs(&mut self, root: &Path, theme: &str) -> Inputs {
        let mut paths = vec![PathBuf::from(SETTINGS_FILE)];
        let theme_folder = format!("themes/{theme}");
        let folders = ["content", "templates"].into_iter().chain((theme != "default").then_some(theme_folder.as_str()));
        for folder in folders {
            let walk = WalkDir::new(root.join(folder)).follow_links(true).sort_by_file_name().into_iter();
            paths.extend(walk.flatten().filter(|e| e.file_type().is_file()).filter_map(|e| {
                let relative = e.path().strip_prefix(root).ok()?;
                let hidden = relative.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
                (!hidden).then(|| relative.to_path_buf())
            }));
        }
        let mut files = Vec::with_capacity(paths.len());
        let mut known = BTreeMap::new();
        for path in paths {
            let Ok(metadata) = std::fs::metadata(root.join(&path)) else { continue };
            let (bytes, modified) = (metadata.len(), metadata.modified().ok());
            let sha256 = match self.known.remove(&path) {
                Some((b, m, hash)) if b == bytes && m == modified => hash,
                _ => sha256_of(&root.join(&path)).unwrap_or_default(),
            };
            files.push(InputFile { path: path.to_string_lossy().replace('\\', "/"), bytes, sha256: sha256.clone() });
            known.insert(path, (bytes, modified, sha256));
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
        self.files.iter().map(|f| format!("{}  {}\n", f.sha256, f.path)).collect()
    }
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
    fn files_are_listed_with_the_hash_sha256sum_prints() {
        let root = std::env::temp_dir().join(format!("cxsite-fingerprint-{}", std::process::id()));
        std::fs::create_dir_all(root.join("content/.git")).unwrap();
        std::fs::write(root.join(SETTINGS_FILE), "title: x\n").unwrap();
        std::fs::write(root.join("content/a.md"), "abc").unwrap();
        std::fs::write(root.join("content/.git/HEAD"), "ignored").unwrap();
        let mut hashes = InputHashes::default();
        let inputs = hashes.inputs(&root, "default");
        let paths: Vec<&str> = inputs.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["cxsite.yaml", "content/a.md"]);
        // sha256("abc"), the FIPS 180-2 example.
        assert_eq!(inputs.files[1].sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(inputs.files[1].bytes, 3);
        let again = hashes.inputs(&root, "default");
        assert_eq!(again, inputs, "the same files give the same fingerprint");
        std::fs::write(root.join("content/a.md"), "abd").unwrap();
        assert_ne!(hashes.inputs(&root, "default").fingerprint, inputs.fingerprint);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
