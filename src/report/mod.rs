//! Output files of an experiment: CSV tables and `run.json`, written into a staging folder
//! that is renamed into place only when complete.

mod atomic;
mod run_info;
mod tables;

pub use atomic::{OutputError, ResultsDir, write_atomically};
pub use run_info::{RunInfo, run_info};
pub use tables::{
    SUMMARY_HEADER, TIMESERIES_HEADER, replications_csv, summary_csv, timeseries_csv,
};

use std::path::Path;

use crate::experiment::ExperimentResult;
use crate::sim::Model;

/// Writes every output file of `result` into `dir` (which must not exist unless `force`).
pub fn write_results(
    dir: &Path,
    model: &Model,
    result: &ExperimentResult,
    force: bool,
) -> Result<(), OutputError> {
    let out = ResultsDir::create(dir, force)?;
    out.write("summary.csv", &summary_csv(result)?)?;
    out.write("replications.csv", &replications_csv(result)?)?;
    out.write("timeseries.csv", &timeseries_csv(model, result)?)?;
    let info = run_info(model, result);
    let json = serde_json::to_vec_pretty(&info).map_err(|e| OutputError::Encode(e.to_string()))?;
    out.write("run.json", &json)?;
    out.commit()
}
