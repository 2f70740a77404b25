//! The two files that hold a [`Partial`] (the exact state of some replications) in a
//! folder: its description and its data, as JSON. A shard folder and an interrupted run's
//! folder share this layout under their own file names.

use std::path::{Path, PathBuf};

use crate::experiment::{Partial, PartialError};

use super::{OutputError, ResultsDir};

/// Names of the two files of a [`Partial`] in a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialFiles {
    /// Description file: seed, replications, policies and scenario of the partial result.
    pub meta: &'static str,
    /// Data file: per-replication KPIs and exact series sums.
    pub data: &'static str,
}

/// Why a file of a partial result (or the `run.json` beside it) could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PartialFileError {
    /// A file could not be read.
    #[error("cannot read '{}': {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// A file's content is wrong.
    #[error("{}: {source}", path.display())]
    Content {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        source: PartialError,
    },
}

impl PartialFiles {
    /// Writes both files of `partial` into a folder being written.
    pub fn write(self, out: &ResultsDir, partial: &Partial) -> Result<(), OutputError> {
        out.write(
            self.meta,
            &partial.meta_json().map_err(OutputError::Encode)?,
        )?;
        out.write(
            self.data,
            &partial.data_json().map_err(OutputError::Encode)?,
        )
    }

    /// True when `dir` has the description file (the mark of such a folder).
    pub fn present_in(self, dir: &Path) -> bool {
        dir.join(self.meta).is_file()
    }

    /// Reads the partial result back from `dir`.
    pub fn read(self, dir: &Path) -> Result<Partial, PartialFileError> {
        let meta_path = dir.join(self.meta);
        let meta = Partial::meta_from_json(&read_file(&meta_path)?)
            .map_err(|source| content(&meta_path, source))?;
        let data_path = dir.join(self.data);
        Partial::from_json(meta, &read_file(&data_path)?)
            .map_err(|source| content(&data_path, source))
    }
}

/// The bytes of a file, or an error naming it.
pub(super) fn read_file(path: &Path) -> Result<Vec<u8>, PartialFileError> {
    std::fs::read(path).map_err(|source| PartialFileError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// A content error naming the file.
pub(super) fn content(path: &Path, source: PartialError) -> PartialFileError {
    PartialFileError::Content {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: PartialFiles = PartialFiles {
        meta: "part.json",
        data: "part-data.json",
    };

    #[test]
    fn errors_name_the_file_that_is_missing_or_wrong() {
        // Test fixtures in a fresh temporary folder: a failure here is the machine's, and
        // should stop the test.
        let dir = tempfile::tempdir().expect("temp dir");
        let meta = dir.path().join(FILES.meta);
        assert!(!FILES.present_in(dir.path()));
        let missing = FILES.read(dir.path()).expect_err("no files").to_string();
        assert!(
            missing.starts_with(&format!("cannot read '{}': ", meta.display())),
            "{missing}"
        );
        std::fs::write(&meta, "{").expect("write");
        assert!(FILES.present_in(dir.path()));
        let wrong = FILES.read(dir.path()).expect_err("bad JSON").to_string();
        assert!(
            wrong.starts_with(&format!("{}: line 1, column ", meta.display())),
            "{wrong}"
        );
    }
}
