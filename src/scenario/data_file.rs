//! Where a scenario's data files (roster, history) may be and how they are read: inside the
//! scenario's folder (or below it) unless allowed elsewhere, regular files only, and at most
//! a set number of bytes. A scenario received from someone else can then neither read a file
//! outside its folder (and show a line of it in an error) nor make mutasi read a device, a
//! named pipe or a 50 GB file.

use std::path::{Component, Path, PathBuf};

use super::ScenarioError;
use super::csv_file::{ReadProblem, read_regular};

/// Most bytes of one data file read by default (256 MB: a roster of the largest scenario
/// accepted, 10^6 people, takes about 60 MB).
pub const DEFAULT_MAX_DATA_BYTES: u64 = 256_000_000;

/// Where a scenario's data files may be and how large they may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataAccess {
    /// Whether a data path may be absolute or lead outside the scenario's folder
    /// (`--allow-external-data`).
    pub anywhere: bool,
    /// Most bytes read from one data file (`--max-data-mb`).
    pub max_bytes: u64,
}

impl Default for DataAccess {
    /// Inside the scenario's folder, at most [`DEFAULT_MAX_DATA_BYTES`].
    fn default() -> DataAccess {
        DataAccess {
            anywhere: false,
            max_bytes: DEFAULT_MAX_DATA_BYTES,
        }
    }
}

/// Why a data file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DataFileProblem {
    /// The file could not be read as one.
    #[error(transparent)]
    Read(#[from] ReadProblem),
    /// The path is absolute or leads outside the scenario's folder.
    #[error(
        "it is outside the scenario's folder '{}' (data files must be in that folder or below \
         it; pass --allow-external-data to read it anyway)",
        base.display()
    )]
    Outside {
        /// The scenario's folder.
        base: PathBuf,
    },
}

/// Whether `written` (a path as written in a scenario) stays below its folder, read as text:
/// not absolute and never climbing above the folder with `..`.
fn lexically_inside(written: &Path) -> bool {
    let mut depth = 0i64;
    for c in written.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => return false,
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            Component::CurDir => {}
            Component::Normal(_) => depth += 1,
        }
    }
    true
}

/// The path of the data file `written` in the scenario whose folder is `base`, refused
/// (naming it as `what`, e.g. "roster") when it is outside that folder, symbolic links
/// followed, unless `access.anywhere`.
pub(crate) fn locate(
    base: &Path,
    written: &str,
    what: &'static str,
    access: &DataAccess,
) -> Result<PathBuf, ScenarioError> {
    let path = base.join(written);
    if access.anywhere {
        return Ok(path);
    }
    let outside = || ScenarioError::DataFile {
        what,
        path: path.clone(),
        problem: DataFileProblem::Outside {
            base: base.to_path_buf(),
        },
    };
    // Text first, so that whether a file outside exists is never told.
    if !lexically_inside(Path::new(written)) {
        return Err(outside());
    }
    let real = |p: &Path| {
        p.canonicalize().map_err(|e| ScenarioError::DataFile {
            what,
            path: path.clone(),
            problem: DataFileProblem::Read(ReadProblem::Io(e)),
        })
    };
    if !real(&path)?.starts_with(real(base)?) {
        return Err(outside());
    }
    Ok(path)
}

/// The bytes of the data file at `path` (a regular file of at most `access.max_bytes`,
/// and for a workbook, parts that unpack to at most as much), errors naming it as `what`.
pub(crate) fn read_data(
    path: &Path,
    what: &'static str,
    access: &DataAccess,
) -> Result<Vec<u8>, ScenarioError> {
    let bytes = read_regular(path, access.max_bytes).map_err(|e| ScenarioError::DataFile {
        what,
        path: path.to_path_buf(),
        problem: e.into(),
    })?;
    let file = path.display().to_string();
    if super::sheet::is_workbook(&file, &bytes) {
        super::sheet::check_unpacked_size(&bytes, access.max_bytes).map_err(|problem| {
            ScenarioError::Workbook {
                file,
                problem: Box::new(problem),
            }
        })?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_or_are_absolute_are_outside() {
        for ok in [
            "staff.csv",
            "data/staff.csv",
            "./a/../b.csv",
            "a/b/../../c.csv",
        ] {
            assert!(lexically_inside(Path::new(ok)), "{ok}");
        }
        for bad in ["../staff.csv", "/etc/passwd", "a/../../b.csv", "./.."] {
            assert!(!lexically_inside(Path::new(bad)), "{bad}");
        }
    }
}
