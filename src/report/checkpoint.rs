//! The folder of an interrupted run: `run.json` marked `"complete": false` and the exact
//! state of the replications completed (`checkpoint.json`, `checkpoint-data.json`, in the
//! layout of a shard's files), from which `mutasi run --resume DIR` continues. No table and
//! no brief is written, so the folder cannot be mistaken for a result.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::experiment::{Partial, PartialError, TargetCi};
use crate::scenario::Scenario;
use crate::sim::Model;

use super::partial_files::{PartialFileError, PartialFiles, content, read_file};
use super::{OutputError, Replace, ResultsDir, RunHeader};

/// Description file of an interrupted run's exact state.
pub const CHECKPOINT_META_FILE: &str = "checkpoint.json";
/// Data file of an interrupted run's exact state.
pub const CHECKPOINT_DATA_FILE: &str = "checkpoint-data.json";
/// Both files of an interrupted run's exact state.
const CHECKPOINT_FILES: PartialFiles = PartialFiles {
    meta: CHECKPOINT_META_FILE,
    data: CHECKPOINT_DATA_FILE,
};

/// `run.json` of an interrupted run.
#[derive(Debug, Serialize)]
struct InterruptedInfo<'a> {
    /// `complete` always `false` (this folder is not a result); the replications per policy
    /// planned (the maximum under a target-CI rule).
    #[serde(flatten)]
    run: RunHeader<'a>,
    /// Replications per policy completed and kept in the checkpoint.
    replications_completed: u64,
    policies: &'a [String],
    baseline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_ci: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_replications: Option<u64>,
    transfer_log: bool,
    months: usize,
    warmup_months: usize,
    wall_seconds: f64,
    events: u64,
    /// How to finish the run.
    resume: String,
    scenario: &'a Scenario,
}

/// Writes the folder of an interrupted run at `dir` (staged and renamed into place like a
/// results folder; an existing `dir` is replaced only as `replace` allows).
pub fn write_checkpoint(
    dir: &Path,
    model: &Model,
    checkpoint: &Partial,
    target: Option<TargetCi>,
    replace: impl Into<Replace>,
) -> Result<(), OutputError> {
    let m = &checkpoint.meta;
    let info = InterruptedInfo {
        run: RunHeader {
            complete: false,
            ..RunHeader::new(&m.scenario_name, m.seed, m.replications)
        },
        replications_completed: m.end_replication - m.first_replication,
        policies: &m.policies,
        baseline: &m.baseline,
        target_ci: target.map(|t| t.relative),
        max_replications: target.map(|t| t.max_replications),
        transfer_log: m.transfer_log,
        months: model.months,
        warmup_months: model.first_measured_month,
        wall_seconds: m.wall_seconds,
        events: m.events,
        resume: format!("mutasi run --resume {}", dir.display()),
        scenario: &model.scenario,
    };
    let out = ResultsDir::create(dir, replace)?;
    out.write("run.json", &serde_json::to_vec_pretty(&info)?)?;
    CHECKPOINT_FILES.write(&out, checkpoint)?;
    out.commit()
}

/// An interrupted run read back: its exact state and the target-CI rule it ran under.
#[derive(Debug)]
pub struct Interrupted {
    /// The replications completed.
    pub checkpoint: Partial,
    /// The target precision of the run, when it had one.
    pub target: Option<TargetCi>,
}

/// Why a folder cannot be resumed.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// The folder holds a finished run.
    #[error(
        "'{}' holds a complete run (run.json says \"complete\": true); there is nothing to resume",
        .0.display()
    )]
    Complete(PathBuf),
    /// The folder is not an interrupted run.
    #[error(
        "'{}' is not an interrupted run (no run.json with \"complete\": false and no {CHECKPOINT_META_FILE}); \
         --resume takes the folder a run interrupted with Ctrl-C left behind",
        .0.display()
    )]
    NotInterrupted(PathBuf),
    /// A file could not be read, or its content is wrong.
    #[error(transparent)]
    File(#[from] PartialFileError),
}

/// Reads the folder of an interrupted run written by [`write_checkpoint`].
pub fn read_checkpoint(dir: &Path) -> Result<Interrupted, CheckpointError> {
    let run_path = dir.join("run.json");
    if !run_path.is_file() {
        return Err(CheckpointError::NotInterrupted(dir.to_path_buf()));
    }
    let run: serde_json::Value = serde_json::from_slice(&read_file(&run_path)?).map_err(|e| {
        content(
            &run_path,
            PartialError::Json {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            },
        )
    })?;
    match run.get("complete").and_then(serde_json::Value::as_bool) {
        Some(true) => return Err(CheckpointError::Complete(dir.to_path_buf())),
        Some(false) => {}
        None => return Err(CheckpointError::NotInterrupted(dir.to_path_buf())),
    }
    if !CHECKPOINT_FILES.present_in(dir) {
        return Err(CheckpointError::NotInterrupted(dir.to_path_buf()));
    }
    let checkpoint = CHECKPOINT_FILES.read(dir)?;
    let target = match run.get("target_ci").and_then(serde_json::Value::as_f64) {
        Some(relative) => Some(TargetCi {
            relative,
            max_replications: checkpoint.meta.replications,
        }),
        None => None,
    };
    Ok(Interrupted { checkpoint, target })
}
