//! Output files of an experiment: CSV tables and `run.json`, written into a staging folder
//! that is renamed into place only when complete.

mod atomic;
pub(crate) mod brief;
mod charts;
mod checkpoint;
mod dictionary;
mod i18n;
mod marker;
mod partial_files;
mod robust_files;
mod run_info;
mod saved;
mod saved_units;
mod tables;
mod unit_tables;
mod workbook;

pub use atomic::{
    EncodeError, OutputError, Replace, ResultsDir, check_target, check_writable,
    recover_interrupted, write_atomically,
};
pub use brief::{
    ReportFiles, headline_sentences, render_report, render_robust_report, render_saved,
    robust_sentences,
};
pub use charts::{ChartFile, SkippedChart, render_sweep_chart};
pub use checkpoint::{
    CHECKPOINT_DATA_FILE, CHECKPOINT_META_FILE, CheckpointError, Interrupted, read_checkpoint,
    write_checkpoint,
};
pub use i18n::Lang;
pub use marker::MARKER_FILE;
pub use partial_files::PartialFileError;
pub use robust_files::{
    ParameterInfo, ROBUST_HEADER, ROBUST_KIND, ROBUST_PARTIAL_FILE, RobustFileError, RobustInfo,
    SENSITIVITY_HEADER, SavedRobust, ScenarioCopyError, is_robust_folder, is_robust_partial,
    load_robust, points_csv, read_robust_partial, robust_csv, sensitivity_csv, study_scenario,
    write_robust_partial, write_robust_results,
};
pub use run_info::{
    RunHeader, RunInfo, SHARD_DATA_FILE, SHARD_META_FILE, ShardFileError, SweepGrid, SweepInfo,
    SweepPointInfo, read_shard, run_info, write_shard,
};
pub use saved::{
    ALL_UNITS as TIMESERIES_ALL_UNITS, Estimate, KpiSummary, PairedDifference, Replications,
    ReportError, RunMeta, SavedResults, SavedUnit, Sweep, SweepRow, TimeSeries, check_saved,
    load_saved, load_sweep,
};
pub use tables::{
    COMPARISON_HEADER, SUMMARY_HEADER, SweepCsv, TIMESERIES_HEADER, TRANSFERS_HEADER,
    comparison_csv, replications_csv, summary_csv, timeseries_csv, transfers_csv,
};
pub use tables::{measured_years, output_factor};

use std::path::Path;

/// Name of the Excel workbook in every results folder (the main tables, one sheet each).
pub const RESULTS_XLSX: &str = "results.xlsx";

use crate::experiment::ExperimentResult;
use crate::sim::Model;

/// Writes every output file of `result` into `dir` (which must not exist unless `replace`
/// allows replacing it, see [`check_target`]):
/// the tables and `run.json`, and with `brief` the charts, `report.html` and `report.md` in
/// that language. The folder appears only once everything is written.
pub fn write_results(
    dir: &Path,
    model: &Model,
    result: &ExperimentResult,
    replace: impl Into<Replace>,
    brief: Option<Lang>,
) -> Result<Option<ReportFiles>, ReportError> {
    let out = ResultsDir::create(dir, replace)?;
    write_result_files(&out, "", model, result)?;
    let files = match brief {
        Some(lang) => Some(render_report(out.staging(), out.staging(), lang)?),
        None => None,
    };
    out.commit()?;
    Ok(files)
}

/// Adds the brief's files (drawn by [`render_report`] into a results folder itself) to the
/// folder's `.mutasi` marker, so `--force` still knows them as mutasi's.
pub fn record_brief(dir: &Path, files: &ReportFiles) -> Result<(), OutputError> {
    let mut written = vec![files.html.clone(), files.markdown.clone()];
    for c in &files.charts {
        written.extend([c.png.clone(), c.svg.clone()]);
    }
    marker::add_to_marker(dir, &written)
}

/// Writes every output file of `result` into a folder being written, under `prefix` (""
/// or e.g. "point-3/" for one point of a sweep).
pub fn write_result_files(
    out: &ResultsDir,
    prefix: &str,
    model: &Model,
    result: &ExperimentResult,
) -> Result<(), OutputError> {
    let file = |name: &str| format!("{prefix}{name}");
    let summary = summary_csv(model, result)?;
    let comparison = comparison_csv(model, result)?;
    let replications = replications_csv(model, result)?;
    let timeseries = timeseries_csv(model, result)?;
    let units = unit_tables::unit_replications_csv(model, result)?;
    let classes = unit_tables::class_replications_csv(model, result)?;
    let dictionary = dictionary::dictionary_csv()?;
    out.write(&file("summary.csv"), &summary)?;
    out.write(&file("comparison.csv"), &comparison)?;
    out.write(&file("replications.csv"), &replications)?;
    out.write(&file("timeseries.csv"), &timeseries)?;
    if let Some(csv) = &units {
        out.write(&file("unit_replications.csv"), csv)?;
    }
    if let Some(csv) = &classes {
        out.write(&file("class_replications.csv"), csv)?;
    }
    if result.transfer_log {
        out.write(&file("transfers.csv"), &transfers_csv(model, result)?)?;
    }
    out.write(&file("kpis.csv"), &dictionary)?;
    let sheet = |sheet, file, csv| workbook::SheetSource { sheet, file, csv };
    let mut sheets = vec![
        sheet("summary", "summary.csv", &summary[..]),
        sheet("comparison", "comparison.csv", &comparison[..]),
        sheet("replications", "replications.csv", &replications[..]),
    ];
    if let Some(csv) = &units {
        sheets.push(sheet("unit_replications", "unit_replications.csv", csv));
    }
    if let Some(csv) = &classes {
        sheets.push(sheet("class_replications", "class_replications.csv", csv));
    }
    sheets.push(sheet("timeseries", "timeseries.csv", &timeseries[..]));
    sheets.push(sheet("kpis", "kpis.csv", &dictionary[..]));
    out.write(&file(RESULTS_XLSX), &workbook::results_xlsx(&sheets)?)?;
    out.write(
        &file("scenario.toml"),
        &resolved_scenario_toml(&model.scenario)?,
    )?;
    let info = run_info(model, result);
    let json = serde_json::to_vec_pretty(&info)?;
    out.write(&file("run.json"), &json)
}

/// The resolved scenario of a run as a scenario file (`scenario.toml` in every results
/// folder): defaults filled in, `--set` overrides applied, the roster's people and fitted
/// demand written in, so `mutasi run DIR/scenario.toml` repeats the run without the data
/// files or the overrides.
pub fn resolved_scenario_toml(
    scenario: &crate::scenario::Scenario,
) -> Result<Vec<u8>, OutputError> {
    let mut s = scenario.clone();
    s.roster = None;
    for u in &mut s.units {
        if let Some(d) = u.demand.as_mut() {
            d.history = None;
        }
        for c in &mut u.cases {
            c.demand.history = None;
        }
    }
    let body = toml::to_string(&s)?;
    let overrides = if scenario.overrides.is_empty() {
        String::new()
    } else {
        format!(
            "# Overrides applied: {}\n",
            scenario
                .overrides
                .iter()
                .map(|o| format!("--set {o}"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    Ok(format!(
        "# The resolved scenario of this run (mutasi {}): every default filled in, overrides\n\
         # applied, roster people and fitted demand written out. `mutasi run scenario.toml` repeats\n\
         # the run (with the same seed and number of replications).\n{overrides}\n{body}",
        env!("CARGO_PKG_VERSION")
    )
    .into_bytes())
}

/// Writes the sweep-level files (`sweep.csv`, `run.json`) into a sweep folder being
/// written; the per-point folders are written by [`write_result_files`]. Sweep charts
/// belong here.
pub fn write_sweep_outputs(
    out: &ResultsDir,
    sweep_csv: &[u8],
    info: &SweepInfo<'_>,
) -> Result<(), OutputError> {
    out.write("sweep.csv", sweep_csv)?;
    let json = serde_json::to_vec_pretty(info)?;
    out.write("run.json", &json)
}
