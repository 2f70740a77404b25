//! Writing without ever leaving a half-written result that looks complete.
//!
//! Files go into a hidden staging folder next to the destination; `commit` renames the whole
//! folder into place. A run killed mid-way leaves only the staging folder, never `DIR`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why outputs could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The destination exists and `--force` was not given.
    #[error("output folder '{}' already exists; choose another with -o or pass --force to replace it", .0.display())]
    Exists(PathBuf),
    /// A file-system operation failed.
    #[error("cannot write '{}': {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// Data could not be encoded.
    #[error("cannot encode output: {0}")]
    Encode(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    {
        let mut f = fs::File::create(&tmp).map_err(io(&tmp))?;
        f.write_all(bytes).map_err(io(&tmp))?;
        f.sync_all().map_err(io(&tmp))?;
    }
    fs::rename(&tmp, path).map_err(io(path))
}

/// A results folder being written.
pub struct ResultsDir {
    target: PathBuf,
    staging: PathBuf,
    force: bool,
}

impl ResultsDir {
    /// Starts writing a results folder at `target`.
    pub fn create(target: &Path, force: bool) -> Result<ResultsDir, OutputError> {
        if target.exists() && !force {
            return Err(OutputError::Exists(target.to_path_buf()));
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "results".to_string());
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        fs::create_dir_all(&staging).map_err(io(&staging))?;
        Ok(ResultsDir {
            target: target.to_path_buf(),
            staging,
            force,
        })
    }

    /// The staging folder (for writers that need a path, e.g. charts).
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Writes one file (relative path) into the folder.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.staging.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        write_atomically(&path, bytes)
    }

    /// Moves the finished folder into place (replacing an old one only with `force`).
    pub fn commit(self) -> Result<(), OutputError> {
        if self.target.exists() {
            if !self.force {
                return Err(OutputError::Exists(self.target.clone()));
            }
            let old = self.staging.with_extension("old");
            fs::rename(&self.target, &old).map_err(io(&self.target))?;
            fs::rename(&self.staging, &self.target).map_err(io(&self.target))?;
            fs::remove_dir_all(&old).map_err(io(&old))?;
            return Ok(());
        }
        fs::rename(&self.staging, &self.target).map_err(io(&self.target))
    }
}
