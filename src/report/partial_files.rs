//! The two files that hold a [`Partial`] (the exact state of some replications) in a
//! folder: its description and its data, as JSON. A shard folder and an interrupted run's
//! folder share this layout under their own file names.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::experiment::{Partial, PartialError, PartialMeta};
use crate::scenario::csv_file::{ReadProblem, read_regular};

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
    /// The data file is not the one its description was written with.
    #[error(
        "'{}' does not match the digest in '{}': it was edited, truncated or swapped for \
         another run's data; rerun (such data cannot be repaired)",
        data.display(),
        meta.display()
    )]
    Digest {
        /// The data file.
        data: PathBuf,
        /// The description file holding the digest.
        meta: PathBuf,
    },
}

/// The description file as written: the description and the SHA-256 of the data file.
#[derive(Serialize)]
struct MetaOut<'a> {
    #[serde(flatten)]
    meta: &'a PartialMeta,
    /// SHA-256 of the data file's bytes, in hex.
    data_sha256: String,
}

/// The description file as read back (the digest is absent in files of format 1).
#[derive(Deserialize)]
struct MetaIn {
    #[serde(flatten)]
    meta: PartialMeta,
    data_sha256: Option<String>,
}

/// SHA-256 of `bytes`, in hex.
fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

impl PartialFiles {
    /// Writes both files of `partial` into a folder being written, the description with the
    /// digest of the data.
    pub fn write(self, out: &ResultsDir, partial: &Partial) -> Result<(), OutputError> {
        let data = partial.data_json()?;
        let meta = MetaOut {
            meta: &partial.meta,
            data_sha256: sha256(&data),
        };
        let meta = serde_json::to_vec_pretty(&meta)?;
        out.write(self.data, &data)?;
        out.write(self.meta, &meta)
    }

    /// True when `dir` has the description file (the mark of such a folder).
    pub fn present_in(self, dir: &Path) -> bool {
        dir.join(self.meta).is_file()
    }

    /// Reads the partial result back from `dir`, refusing a data file whose digest is not
    /// the one its description holds (files of another format are left to the version
    /// check of `merge` and `--resume`).
    pub fn read(self, dir: &Path) -> Result<Partial, PartialFileError> {
        let meta_path = dir.join(self.meta);
        let MetaIn { meta, data_sha256 } = serde_json::from_slice(&read_file(&meta_path)?)
            .map_err(|e| {
                content(
                    &meta_path,
                    PartialError::Json {
                        line: e.line(),
                        column: e.column(),
                        message: e.to_string(),
                    },
                )
            })?;
        let data_path = dir.join(self.data);
        let data = read_file(&data_path)?;
        if meta.format == crate::experiment::FORMAT
            && data_sha256.as_deref() != Some(sha256(&data).as_str())
        {
            return Err(PartialFileError::Digest {
                data: data_path,
                meta: meta_path,
            });
        }
        Partial::from_json(meta, &data).map_err(|source| content(&data_path, source))
    }
}

/// The bytes of a regular file (not a device or a named pipe), or an error naming it.
pub(super) fn read_file(path: &Path) -> Result<Vec<u8>, PartialFileError> {
    read_regular(path, u64::MAX).map_err(|e| PartialFileError::Io {
        path: path.to_path_buf(),
        source: match e {
            ReadProblem::Io(e) => e,
            other => std::io::Error::other(other.to_string()),
        },
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
