//! One replication of the organisation: units with FIFO queues, staff who serve cases and
//! learn, tire, fall ill, leave and move; arrivals that follow monthly rates; complaints when
//! waits grow long; policies that order transfers.
//!
//! `model` compiles a scenario once; `replication::simulate` runs it with a policy and a
//! seed. The model knows nothing of threads: parallel runs belong to `experiment`.

mod case;
mod demand;
mod event;
mod headline;
mod kpi;
mod loan;
mod model;
mod patience;
mod people;
pub mod policy;
mod replication;
mod required;
mod result;
mod series_rows;
mod service;
mod shock;
mod staff;
mod transfer;
mod unit;
mod unit_kpis;
mod work;
mod world;

pub use demand::{monthly_rates, next_arrival};
pub use headline::{headline_direction, headline_unit_kpi, report_problems};
pub use kpi::{Better, Kpi, Metric};
pub use model::{ClassModel, Model, ModelError, Patience, ResourceEstimate, UnitModel};
pub use replication::{simulate, simulate_until};
pub use result::{ReplicationResult, Series, TransferRecord};
pub use series_rows::{
    ALL_ROW, AUTO_ALL_UNITS, FIELD_PREFIX, GROUP_PREFIX, REMOTENESS_PREFIX, SeriesRow, SeriesScope,
    series_rows,
};
pub use transfer::Blocked;
pub use unit::UnitTally;
pub use unit_kpis::{
    EJ_BAND, Period, UnitKpi, UnitOutcomes, UnitTotals, gini, outside_band, worst,
};
pub use work::{Duration, SamplerError};
