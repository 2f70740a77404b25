//! Writing without ever leaving a half-written result that looks complete, and without ever
//! losing a folder.
//!
//! Files go into a hidden staging folder next to the destination (`.NAME.partial-PID-N`);
//! `commit` writes the `.mutasi` marker (see [`super::marker`]) and moves the whole folder
//! into place. A run killed mid-way leaves only the staging folder, never `DIR`.
//!
//! Replacing an existing folder (`--force`) swaps the two folders in one atomic step where
//! the system has one (Linux `renameat2(RENAME_EXCHANGE)`), then deletes the old one; a kill
//! in between leaves the new results in place and the old ones in the hidden staging name.
//! Elsewhere (or on a file system without the exchange) the old folder is first renamed to
//! `.NAME.old-PID-TOKEN` and the new one renamed into place; a kill between the two renames
//! leaves `DIR` missing, and the next run that writes `DIR` renames the old folder back
//! ([`recover_interrupted`]). Left-over staging folders of processes that are gone are
//! removed by the next run that writes the same folder.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::marker::{Found, MARKER_FILE, files_under, inspect, marker_text};

/// Why outputs could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The destination exists and `--force` was not given.
    #[error("output folder '{}' already exists; choose another with -o or pass --force to replace it", .0.display())]
    Exists(PathBuf),
    /// `--force` was given for something that is not a folder mutasi wrote.
    #[error("'{}' exists and is not a folder mutasi wrote (it has no {MARKER_FILE} marker); --force only replaces folders that mutasi wrote: choose another -o", .0.display())]
    NotOutput(PathBuf),
    /// `--force` was given for a folder mutasi wrote that also holds someone else's file.
    #[error("'{}' holds '{}', which mutasi did not write there; --force replaces only what mutasi wrote, so it will not delete it: move it out, choose another -o, or add --delete-foreign-files to delete it with the folder", folder.display(), file.display())]
    Foreign {
        /// The folder to replace.
        folder: PathBuf,
        /// The first file (or folder) in it that mutasi did not write.
        file: PathBuf,
    },
    /// A replace was interrupted and its old folder cannot be restored automatically.
    #[error("'{}' is missing and '{}' holds its previous contents, left by a replace that was interrupted; rename it back to '{}' (or delete it) and run again", target.display(), old.display(), target.display())]
    Leftover {
        /// The folder that was being replaced.
        target: PathBuf,
        /// Where its previous contents are.
        old: PathBuf,
    },
    /// The output folder cannot be created where asked (found before any simulation).
    #[error("cannot write the output folder '{}': {source}", path.display())]
    Unwritable {
        /// The folder (or the staging folder beside it) that could not be created.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
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
    Encode(#[from] EncodeError),
}

/// Why data could not be encoded into an output file (an internal failure, never the
/// user's input).
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// A CSV table.
    #[error("{0}")]
    Csv(#[from] csv::Error),
    /// A JSON file.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// The scenario copy (TOML).
    #[error("{0}")]
    Toml(#[from] toml::ser::Error),
    /// The workbook `results.xlsx`.
    #[error("results.xlsx: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),
    /// A table copied into the workbook that does not read back.
    #[error("{file} (for results.xlsx): {source}")]
    WorkbookSheet {
        /// The CSV file's name.
        file: String,
        /// What the CSV reader said.
        source: csv::Error,
    },
    /// A sweep point whose values do not match the grid's parameters.
    #[error("sweep point {point} has {values} values for {parameters} parameters")]
    SweepPoint {
        /// The point's number.
        point: usize,
        /// Values given.
        values: usize,
        /// Parameters of the grid.
        parameters: usize,
    },
    /// A robust study whose stored scenario does not parse.
    #[error("{0}")]
    StudyScenario(#[from] super::robust_files::ScenarioCopyError),
    /// A robust study whose `[uncertainty]` table no longer resolves.
    #[error("the study's [uncertainty] table is invalid")]
    StudyUncertainty,
    /// A robust study whose scenario does not compile to a model.
    #[error("{0}")]
    StudyModel(#[from] crate::sim::ModelError),
    /// A robust study naming a KPI this version does not have.
    #[error("{0}")]
    StudyKpi(#[from] crate::experiment::robust::UnknownKpi),
}

impl From<csv::Error> for OutputError {
    fn from(e: csv::Error) -> Self {
        OutputError::Encode(e.into())
    }
}

impl From<serde_json::Error> for OutputError {
    fn from(e: serde_json::Error) -> Self {
        OutputError::Encode(e.into())
    }
}

impl From<toml::ser::Error> for OutputError {
    fn from(e: toml::ser::Error) -> Self {
        OutputError::Encode(e.into())
    }
}

/// The bytes of a finished CSV writer (writing into memory cannot fail; the error keeps
/// the type).
pub(crate) fn csv_bytes(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, OutputError> {
    w.into_inner()
        .map_err(|e| OutputError::from(csv::Error::from(e.into_error())))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What may happen to an output folder that already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Replace {
    /// Refuse it (no `--force`).
    #[default]
    Never,
    /// Replace it when mutasi wrote it and it holds nothing else (`--force`).
    Own,
    /// Replace it when mutasi wrote it, deleting anything else it holds too (`--force
    /// --delete-foreign-files`).
    OwnWithForeign,
}

impl From<bool> for Replace {
    /// `true` is `--force` ([`Replace::Own`]).
    fn from(force: bool) -> Replace {
        if force { Replace::Own } else { Replace::Never }
    }
}

/// Test hooks: `MUTASI_FAILPOINT` holds comma-separated names. `replace-midway` aborts the
/// process between the steps of a replace (as a kill would); `no-exchange` uses the
/// two-rename scheme even where an atomic exchange exists.
fn failpoint(name: &str) -> bool {
    std::env::var("MUTASI_FAILPOINT").is_ok_and(|v| v.split(',').any(|p| p.trim() == name))
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let tmp = path.with_file_name(format!(".{name}.tmp-{}-{}", std::process::id(), token()));
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

/// A number that differs on every call in this process.
fn token() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A results folder being written. Dropped without [`ResultsDir::commit`] (an error, an
/// interrupt), it removes its staging folder and leaves the destination untouched.
pub struct ResultsDir {
    target: PathBuf,
    staging: PathBuf,
    replace: Replace,
    committed: bool,
}

/// The folder `target` is in (`.` for a bare name) and its file name.
fn parent_and_name(target: &Path) -> (PathBuf, String) {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "results".to_string());
    (parent, name)
}

/// Refuses an existing `target` unless `replace` allows it: without `--force` always; with
/// it, when it is not a folder mutasi wrote (no `.mutasi` marker) or, unless
/// [`Replace::OwnWithForeign`], when it holds a file mutasi did not write (named).
pub fn check_target(target: &Path, replace: impl Into<Replace>) -> Result<(), OutputError> {
    let replace = replace.into();
    if !target.exists() {
        return Ok(());
    }
    if replace == Replace::Never {
        return Err(OutputError::Exists(target.to_path_buf()));
    }
    match inspect(target) {
        Found::Empty | Found::Own => Ok(()),
        Found::Foreign(_) if replace == Replace::OwnWithForeign => Ok(()),
        Found::Foreign(file) => Err(OutputError::Foreign {
            folder: target.to_path_buf(),
            file,
        }),
        Found::NotOurs => Err(OutputError::NotOutput(target.to_path_buf())),
    }
}

/// Checks, before any work, that the folder `target` can be written: creates its parent
/// folders and a staging folder beside it, then removes the staging folder. A refusal
/// (read-only file system, a name too long, a parent that is a file) is
/// [`OutputError::Unwritable`].
pub fn check_writable(target: &Path) -> Result<(), OutputError> {
    let staging = create_staging(target)?;
    fs::remove_dir_all(&staging).map_err(io(&staging))
}

/// Creates the parent folders of `target` and a fresh staging folder beside it.
fn create_staging(target: &Path) -> Result<PathBuf, OutputError> {
    let (parent, name) = parent_and_name(target);
    let unwritable = |path: &Path| {
        let path = path.to_path_buf();
        move |source| OutputError::Unwritable { path, source }
    };
    fs::create_dir_all(&parent).map_err(unwritable(&parent))?;
    let staging = parent.join(format!(
        ".{name}.partial-{}-{}",
        std::process::id(),
        token()
    ));
    fs::create_dir(&staging).map_err(unwritable(&staging))?;
    Ok(staging)
}

/// Whether process `pid` is running, when the system can tell (Linux `/proc`).
fn alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    proc.join("self")
        .exists()
        .then(|| proc.join(pid.to_string()).exists())
}

/// A hidden sibling that a writer of `.NAME` left: `(kind, pid)` of
/// `.NAME.partial-PID-N` or `.NAME.old-PID-N`.
fn leftover_of<'a>(entry: &'a str, name: &str) -> Option<(&'a str, u32)> {
    let rest = entry
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix('.')?;
    let (kind, rest) = rest.split_once('-')?;
    if kind != "partial" && kind != "old" {
        return None;
    }
    let (pid, n) = rest.split_once('-')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((kind, pid.parse().ok()?))
}

/// Repairs what an interrupted write of `target` left beside it, by processes that are
/// gone: a missing `target` whose previous contents wait in `.NAME.old-PID-N` is renamed
/// back (returned); stale `.NAME.old-*` folders of a completed replace and
/// `.NAME.partial-*` staging folders are removed. Where the system cannot tell whether a
/// process is gone, nothing is touched, and a missing `target` with an old folder beside it
/// is reported ([`OutputError::Leftover`]).
pub fn recover_interrupted(target: &Path) -> Result<Option<PathBuf>, OutputError> {
    let (parent, name) = parent_and_name(target);
    let Ok(entries) = fs::read_dir(&parent) else {
        return Ok(None);
    };
    let mut restored = None;
    let mut leftovers: Vec<(PathBuf, &'static str, u32)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let file = entry.file_name().to_string_lossy().into_owned();
        if let Some((kind, pid)) = leftover_of(&file, &name) {
            let kind = if kind == "old" { "old" } else { "partial" };
            leftovers.push((entry.path(), kind, pid));
        }
    }
    leftovers.sort();
    for (path, kind, pid) in leftovers {
        match (kind, alive(pid)) {
            (_, Some(true)) => {}
            ("old", None) if !target.exists() => {
                return Err(OutputError::Leftover {
                    target: target.to_path_buf(),
                    old: path,
                });
            }
            (_, None) => {}
            ("old", Some(false)) if fs::symlink_metadata(target).is_err() => {
                fs::rename(&path, target).map_err(io(target))?;
                restored = Some(path);
            }
            (_, Some(false)) => {
                // Half-written, or the old contents of a replace that completed.
                let _ = fs::remove_dir_all(&path);
            }
        }
    }
    Ok(restored)
}

/// Swaps two paths in one step, where the system can (`Ok(false)` where it cannot).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // An old kernel, or a file system without the exchange.
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Swaps two paths in one step, where the system can (`Ok(false)` where it cannot).
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

impl ResultsDir {
    /// Starts writing a results folder at `target`, which must not exist unless `replace`
    /// allows replacing it (see [`check_target`]). What an interrupted write of the same
    /// folder left is repaired first ([`recover_interrupted`]).
    pub fn create(target: &Path, replace: impl Into<Replace>) -> Result<ResultsDir, OutputError> {
        let replace = replace.into();
        recover_interrupted(target)?;
        check_target(target, replace)?;
        let staging = create_staging(target)?;
        Ok(ResultsDir {
            target: target.to_path_buf(),
            staging,
            replace,
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

    /// Writes the marker listing every file of the staging folder, then moves the finished
    /// folder into place (replacing an old one only as `replace` allows).
    pub fn commit(mut self) -> Result<(), OutputError> {
        let files = files_under(&self.staging).map_err(io(&self.staging))?;
        let run_id = format!(
            "{}-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
            std::process::id()
        );
        write_atomically(
            &self.staging.join(MARKER_FILE),
            marker_text(&run_id, &files).as_bytes(),
        )?;
        if !self.target.exists() {
            fs::rename(&self.staging, &self.target).map_err(io(&self.target))?;
            self.committed = true;
            return Ok(());
        }
        // Checked again: the folder may have appeared or changed during the run.
        check_target(&self.target, self.replace)?;
        if !failpoint("no-exchange")
            && exchange(&self.staging, &self.target).map_err(io(&self.target))?
        {
            // The new folder is in place; the old one is under the staging name.
            self.committed = true;
            if failpoint("replace-midway") {
                std::process::abort();
            }
            let _ = fs::remove_dir_all(&self.staging);
            return Ok(());
        }
        let (parent, name) = parent_and_name(&self.target);
        let old = parent.join(format!(".{name}.old-{}-{}", std::process::id(), token()));
        fs::rename(&self.target, &old).map_err(io(&self.target))?;
        if failpoint("replace-midway") {
            std::process::abort();
        }
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            // Put the old folder back rather than leave nothing in place.
            let _ = fs::rename(&old, &self.target);
            return Err(io(&self.target)(e));
        }
        self.committed = true;
        // Best effort: a left-over old folder is hidden and removed by the next run.
        let _ = fs::remove_dir_all(&old);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names_carry_kind_and_pid() {
        assert_eq!(
            leftover_of(".out.partial-12-0", "out"),
            Some(("partial", 12))
        );
        assert_eq!(leftover_of(".out.old-7-3", "out"), Some(("old", 7)));
        assert_eq!(leftover_of(".out.old-7", "out"), None);
        assert_eq!(leftover_of(".out.tmp-7-1", "out"), None);
        assert_eq!(leftover_of(".outx.old-7-1", "out"), None);
        assert_eq!(leftover_of(".out.old-a-1", "out"), None);
    }

    #[test]
    fn a_missing_folder_is_restored_from_the_old_one_of_a_gone_process() {
        if alive(std::process::id()) != Some(true) {
            return; // no /proc: nothing is repaired automatically there
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("out");
        // No process has pid 0 in /proc.
        let old = dir.path().join(".out.old-0-5");
        fs::create_dir(&old).expect("mkdir");
        fs::write(old.join("run.json"), "{}").expect("write");
        let stale = dir.path().join(".out.partial-0-1");
        fs::create_dir(&stale).expect("mkdir");
        assert_eq!(
            recover_interrupted(&target).expect("repairs"),
            Some(old.clone())
        );
        assert!(target.join("run.json").is_file() && !old.exists() && !stale.exists());
    }
}
