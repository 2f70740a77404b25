//! Entry points for the fuzz targets in `fuzz/` and the regression test that replays their
//! crashers. Not part of the public API: hidden from the docs and free to change.
//!
//! Every entry point takes raw bytes, must never panic on any input, and returns what
//! happened so tests can tell a run from a clean error. A panic, a broken invariant
//! (see [`ReplicationResult::check_invariants`](crate::sim::ReplicationResult::check_invariants))
//! or a hang is a bug.
//!
//! # Adding a data reader
//!
//! A new CSV reader is fuzzed and regression-tested by adding one line to [`DATA_READERS`]
//! (as `("history_csv", history_csv)` was) with a function of type `fn(&[u8]) -> Outcome`
//! that calls the reader's `parse_*` function on the bytes. The `data_csv` fuzz target picks
//! the reader from the first byte of the input (its index in the list, modulo the length),
//! and `tests/integration/robustness.rs` replays `tests/fuzz_regressions/<name>/*` through it.

use crate::scenario::{self, ScenarioError};
use crate::sim::{Model, simulate};

/// Longest horizon a fuzz input is simulated for (years): keeps one input to milliseconds.
pub const FUZZ_HORIZON_YEARS: f64 = 0.25;
/// Inputs whose expected event count (per policy, one replication) exceeds this are only
/// parsed and validated, not simulated.
pub const FUZZ_MAX_EVENTS: f64 = 200_000.0;
/// Most policies simulated per fuzz input.
pub const FUZZ_MAX_POLICIES: usize = 8;

/// What an input led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not UTF-8 text (reported by the CLI as an I/O error).
    NotText,
    /// Rejected with an error that names a place (line/column or field path).
    Rejected(String),
    /// Accepted; `replications` replications simulated with every invariant holding.
    Ran {
        /// Replications simulated (0 when the input was too big to simulate quickly).
        replications: usize,
    },
    /// A data file read without error.
    Read {
        /// Records read.
        records: usize,
    },
}

/// A data-file reader exposed to fuzzing: (name, entry point).
pub type DataReader = (&'static str, fn(&[u8]) -> Outcome);

/// Every data-file reader, fuzzed by the `data_csv` target and replayed from
/// `tests/fuzz_regressions/<name>/`. Add a reader with one line (see the module doc).
pub const DATA_READERS: &[DataReader] = &[("roster_csv", roster_csv), ("history_csv", history_csv)];

/// Scenario text: parse, validate, then (when small enough) one short replication of every
/// policy (at most [`FUZZ_MAX_POLICIES`]) with the horizon capped to
/// [`FUZZ_HORIZON_YEARS`], checking every invariant.
///
/// # Panics
/// When a replication breaks an invariant (that is the bug the fuzzer looks for).
pub fn scenario_text(data: &[u8]) -> Outcome {
    let Ok(text) = std::str::from_utf8(data) else {
        return Outcome::NotText;
    };
    let mut s = match scenario::parse(text, "fuzz.toml") {
        Ok(s) => s,
        Err(e) => return rejected(e),
    };
    // A roster path would read the file system: dropped, the roster reader has its own target.
    s.roster = None;
    if let Err(e) = s.validate("fuzz.toml") {
        return rejected(e);
    }
    run_short(s)
}

/// Simulates a validated scenario shortened to [`FUZZ_HORIZON_YEARS`].
///
/// # Panics
/// When a replication breaks an invariant.
pub fn run_short(mut s: scenario::Scenario) -> Outcome {
    if s.horizon_years > FUZZ_HORIZON_YEARS {
        s.horizon_years = FUZZ_HORIZON_YEARS;
        s.warmup_years = s.warmup_years.min(FUZZ_HORIZON_YEARS / 2.0);
    }
    if let Err(e) = s.validate("fuzz.toml") {
        // Shortening must not turn a valid scenario invalid.
        panic!("valid scenario became invalid once shortened: {e}");
    }
    let model = match Model::new(&s) {
        Ok(mut m) => {
            m.log_transfers = true;
            m
        }
        Err(e) => panic!("validated scenario failed to compile: {e}"),
    };
    if model.estimate(1, 1, 1).events > FUZZ_MAX_EVENTS {
        return Outcome::Ran { replications: 0 };
    }
    let mut replications = 0;
    for spec in s.policies.iter().take(FUZZ_MAX_POLICIES) {
        let mut policy = crate::sim::policy::build(spec, &model);
        let setup = crate::sim::policy::PolicySetup::from_spec(spec, &model);
        let result = simulate(&model, policy.as_mut(), &setup, s.experiment.seed, 0);
        if let Err(e) = result.check_all_invariants(&model) {
            panic!("policy {}: invariant broken: {e}", spec.name);
        }
        replications += 1;
    }
    Outcome::Ran { replications }
}

/// Staff roster CSV bytes through [`scenario::parse_roster`] (which takes bytes, so text
/// that is not UTF-8 is the reader's own placed error rather than [`Outcome::NotText`]).
pub fn roster_csv(data: &[u8]) -> Outcome {
    match scenario::parse_roster(data, "fuzz.csv") {
        Ok(roster) => Outcome::Read {
            records: roster.rows.len(),
        },
        Err(e) => rejected(e),
    }
}

/// Demand history CSV bytes through [`scenario::parse_history`] (which takes bytes, so text
/// that is not UTF-8 is the reader's own placed error rather than [`Outcome::NotText`]).
pub fn history_csv(data: &[u8]) -> Outcome {
    match scenario::parse_history(data, "fuzz.csv") {
        Ok(history) => Outcome::Read {
            records: history.series.values().map(Vec::len).sum(),
        },
        Err(e) => rejected(e),
    }
}

/// The reader named `name` in [`DATA_READERS`].
pub fn data_reader(name: &str) -> Option<fn(&[u8]) -> Outcome> {
    DATA_READERS.iter().find(|r| r.0 == name).map(|r| r.1)
}

/// An error becomes `Rejected`; an error that names no place is itself a bug.
///
/// # Panics
/// When the error message names neither a line nor a field.
fn rejected(e: ScenarioError) -> Outcome {
    let placed = match &e {
        ScenarioError::Syntax { line, .. } | ScenarioError::Data { line, .. } => *line >= 1,
        ScenarioError::Invalid { problems, .. } => {
            !problems.is_empty() && problems.iter().all(|p| !p.path.is_empty())
        }
        ScenarioError::Override { .. } => true,
        ScenarioError::NotFound { .. }
        | ScenarioError::Io { .. }
        | ScenarioError::DataFile { .. }
        | ScenarioError::Workbook { .. } => true,
    };
    assert!(placed, "error without a line or field: {e}");
    Outcome::Rejected(e.to_string())
}
