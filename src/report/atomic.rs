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
    /// `--force` was given for something that is not a results folder.
    #[error("'{}' exists and is not a mutasi output folder (no run.json, shard.json or report.html in it); --force only replaces folders that mutasi wrote: choose another -o", .0.display())]
    NotOutput(PathBuf),
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
    let written = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    written.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io(path)(e)
    })
}

/// A results folder being written. Dropped without [`ResultsDir::commit`] (an error, an
/// interrupt), it removes its staging folder and leaves the destination untouched.
pub struct ResultsDir {
    target: PathBuf,
    staging: PathBuf,
    force: bool,
    committed: bool,
}

/// Files whose presence marks a folder as written by mutasi (results, sweep, shard,
/// interrupted run, or a brief written with `report -o`), hence replaceable with `--force`.
const OUTPUT_MARKERS: [&str; 3] = ["run.json", "shard.json", "report.html"];

/// Whether `--force` may replace `target`: an empty folder or one mutasi wrote; never a
/// plain file, a home folder or a source tree given to `-o` by mistake.
fn replaceable(target: &Path) -> bool {
    target.is_dir()
        && (OUTPUT_MARKERS.iter().any(|m| target.join(m).is_file())
            || fs::read_dir(target).is_ok_and(|mut d| d.next().is_none()))
}

/// Refuses an existing `target` without `force`, or with `force` when it is not a mutasi
/// output folder.
pub fn check_target(target: &Path, force: bool) -> Result<(), OutputError> {
    if !target.exists() {
        return Ok(());
    }
    if !force {
        return Err(OutputError::Exists(target.to_path_buf()));
    }
    if !replaceable(target) {
        return Err(OutputError::NotOutput(target.to_path_buf()));
    }
    Ok(())
}

impl ResultsDir {
    /// Starts writing a results folder at `target`.
    pub fn create(target: &Path, force: bool) -> Result<ResultsDir, OutputError> {
        check_target(target, force)?;
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
            committed: false,
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
    pub fn commit(mut self) -> Result<(), OutputError> {
        if self.target.exists() {
            // Checked again: the folder may have appeared or changed during the run.
            check_target(&self.target, self.force)?;
            let old = self.staging.with_extension("old");
            fs::rename(&self.target, &old).map_err(io(&self.target))?;
            if let Err(e) = fs::rename(&self.staging, &self.target) {
                // Put the old folder back rather than leave nothing in place.
                let _ = fs::rename(&old, &self.target);
                return Err(io(&self.target)(e));
            }
            self.committed = true;
            fs::remove_dir_all(&old).map_err(io(&old))?;
            return Ok(());
        }
        fs::rename(&self.staging, &self.target).map_err(io(&self.target))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for ResultsDir {
    fn drop(&mut self) {
        if !self.committed {
            // Best effort: a left-over staging folder is hidden and harmless.
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}
