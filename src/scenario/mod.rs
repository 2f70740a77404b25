//! Scenario files: the serde types of a TOML scenario, its defaults, loading (from a path or a
//! shipped name), `--set` overrides and validation that reports every problem at once.
//!
//! Flow: [`load`] reads text, [`parse`] turns it into a [`Scenario`] (syntax and type errors
//! carry line and column), [`apply_overrides`] applies `--set PATH=VALUE`, and
//! [`Scenario::validate`] checks meaning (errors carry the field path).

pub(crate) mod csv_file;
mod data_file;
mod distribution;
mod error;
mod fill;
mod history;
mod load;
mod name;
mod overrides;
mod people;
mod policies;
mod report;
mod roster;
mod sheet;
mod shipped;
mod starter;
mod transfers;
mod types;
mod uncertainty;
mod validate;
mod warnings;

pub use csv_file::DataSource;
pub use data_file::{DEFAULT_MAX_DATA_BYTES, DataAccess, DataFileProblem};
pub use distribution::Distribution;
pub use error::{Problem, ScenarioError};
pub use fill::fill_fitted;
pub use history::{
    Calibration, HISTORY_COLUMNS, History, HistoryColumns, HistoryRow, WrittenDemand,
    attach_history, parse_history, read_history,
};
pub use load::{Source, load, load_calibrated, load_with, parse, resolve};
pub use name::MAX_NAME_BYTES;
pub use overrides::{Override, OverrideProblem, apply_overrides};
pub use people::*;
pub use policies::*;
pub use report::{
    DEFAULT_MIN_CHANGE_PERCENT, DEFAULT_MIN_CHANGE_PP, HeadlineSpec, MAX_HEADLINES, ReportSpec,
};
pub use roster::{ROSTER_COLUMNS, Roster, RosterRow, parse_roster, read_roster};
pub use sheet::WorkbookProblem;
pub use shipped::{SHIPPED, shipped};
pub use starter::{DataFiles, STARTER, starter_from_data};
pub use transfers::*;
pub use types::*;
pub use uncertainty::{Uncertain, UncertainParameter, uncertain_parameters};
pub use warnings::{did_you_mean, offered_load, warnings, with_suggestion};
