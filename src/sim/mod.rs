//! One replication of the organisation: units with FIFO queues, staff who serve cases,
//! arrivals that follow monthly rates, complaints when waits grow long.
//!
//! `model` compiles a scenario once; `replication::simulate` runs it with a seed. The model
//! knows nothing of threads: parallel runs belong to `experiment`.

mod case;
mod demand;
mod event;
mod kpi;
mod model;
mod replication;
mod result;
mod staff;
mod unit;
mod work;

pub use demand::{monthly_rates, next_arrival};
pub use kpi::{Better, Kpi, Metric};
pub use model::{ClassModel, Model, ModelError, UnitModel};
pub use replication::simulate;
pub use result::{ReplicationResult, Series};
pub use unit::UnitTally;
pub use work::Duration;
