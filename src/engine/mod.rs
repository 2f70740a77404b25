//! The generic discrete-event kernel: a clock, an event calendar and seeded random streams.
//!
//! Nothing in here knows about units, staff or complaints; the event type is a parameter.
//! Time is an `f64` in whatever unit the caller uses (mutasi uses working hours).
//! Read [`Calendar`] first: it is the whole event loop; `heap.rs`, `buckets.rs` and
//! `lanes.rs` are the places it keeps pending events.

mod buckets;
mod calendar;
mod heap;
mod lanes;
mod rng;

pub use calendar::Calendar;
pub use lanes::Lane;
pub use rng::{StreamRng, stream_rng, stream_seed};
