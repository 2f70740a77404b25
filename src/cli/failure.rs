//! `Failure`: how a command ends badly, and the one conversion of every library error into the
//! failure (and exit code) it deserves.

use std::fmt::Display;

use mutasi::experiment::robust::RobustError;
use mutasi::experiment::{MergeError, RunError, SweepError};
use mutasi::report::{CheckpointError, OutputError, ReportError, RobustFileError, ShardFileError};
use mutasi::scenario::ScenarioError;

/// A failure with the exit code it deserves.
pub enum Failure {
    /// Bad input or usage: exit 2.
    Input(String),
    /// Something broke inside: exit 1.
    Internal(String),
    /// Stopped by Ctrl-C or SIGTERM: exit 130; the message says what was kept.
    Interrupted(String),
}

/// A library error's exit: bad input (exit 2) unless its impl says otherwise.
trait Exit: Display + Sized {
    fn failure(self) -> Failure {
        Failure::Input(self.to_string())
    }
}

impl<E: Exit> From<E> for Failure {
    fn from(e: E) -> Self {
        e.failure()
    }
}

impl Exit for ScenarioError {}
impl Exit for SweepError {}
impl Exit for MergeError {}
impl Exit for CheckpointError {}
impl Exit for ShardFileError {}

impl Exit for RunError {
    fn failure(self) -> Failure {
        match self {
            RunError::Model(_) | RunError::Threads { .. } => Failure::Internal(self.to_string()),
            RunError::Interrupted {
                completed, planned, ..
            } => Failure::Interrupted(format!(
                "stopped after {completed} of {planned} replication(s) per policy; nothing was \
                 written (a shard is rerun whole)"
            )),
            RunError::UnknownPolicy { .. }
            | RunError::DuplicatePolicy(_)
            | RunError::NoPolicy
            | RunError::NoReplications
            | RunError::TargetCi(_)
            | RunError::TargetCiMaximum(_)
            | RunError::ShardWithTargetCi
            | RunError::TooManyShards { .. }
            | RunError::ShardResume
            | RunError::Resume(_)
            | RunError::Checkpoint(_) => Failure::Input(self.to_string()),
        }
    }
}

impl Exit for OutputError {
    fn failure(self) -> Failure {
        match self {
            OutputError::Exists(_)
            | OutputError::NotOutput(_)
            | OutputError::Foreign { .. }
            | OutputError::Leftover { .. }
            | OutputError::Unwritable { .. } => Failure::Input(self.to_string()),
            _ => Failure::Internal(self.to_string()),
        }
    }
}

impl Exit for ReportError {
    fn failure(self) -> Failure {
        match self {
            ReportError::Output(e) => e.failure(),
            ReportError::Chart { .. } => Failure::Internal(self.to_string()),
            _ => Failure::Input(self.to_string()),
        }
    }
}

impl Exit for RobustError {
    fn failure(self) -> Failure {
        match self {
            RobustError::Run(e) => e.failure(),
            RobustError::Interrupted { .. } => Failure::Interrupted(self.to_string()),
            _ => Failure::Input(self.to_string()),
        }
    }
}

impl Exit for RobustFileError {
    fn failure(self) -> Failure {
        match self {
            RobustFileError::Io { .. } => Failure::Internal(self.to_string()),
            _ => Failure::Input(self.to_string()),
        }
    }
}
