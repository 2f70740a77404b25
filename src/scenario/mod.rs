//! Scenario files: the serde types of a TOML scenario, its defaults, loading (from a path or a
//! shipped name), `--set` overrides and validation that reports every problem at once.
//!
//! Flow: [`load`] reads text, [`parse`] turns it into a [`Scenario`] (syntax and type errors
//! carry line and column), [`apply_overrides`] applies `--set PATH=VALUE`, and
//! [`Scenario::validate`] checks meaning (errors carry the field path).

mod csv_file;
mod distribution;
mod error;
mod fill;
mod history;
mod load;
mod overrides;
mod people;
mod policies;
mod report;
mod roster;
mod shipped;
mod starter;
mod transfers;
mod types;
mod validate;
mod warnings;

pub use distribution::Distribution;
pub use error::{Problem, ScenarioError};
pub use fill::fill_fitted;
pub use history::{
    Calibration, HISTORY_COLUMNS, History, HistoryColumns, HistoryRow, WrittenDemand,
    attach_history, parse_history, read_history,
};
pub use load::{Source, load, load_calibrated, parse, resolve};
pub use overrides::{Override, apply_overrides};
pub use people::*;
pub use policies::*;
pub use report::{HeadlineSpec, MAX_HEADLINES, ReportSpec};
pub use roster::{RosterRow, parse_roster, read_roster};
pub use shipped::{SHIPPED, shipped};
pub use starter::{DataFiles, STARTER, starter_from_data};
pub use transfers::*;
pub use types::*;
pub use warnings::{did_you_mean, offered_load, warnings, with_suggestion};
