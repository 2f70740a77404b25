//! The generic discrete-event kernel: a clock, an event calendar and seeded random streams.
//!
//! Nothing in here knows about units, staff or complaints; the event type is a parameter.
//! Time is an `f64` in whatever unit the caller uses (mutasi uses working hours).
//! Read [`Calendar`] first: it is the whole event loop.

mod calendar;
mod rng;

pub use calendar::{Calendar, EventKey, Lane};
pub use rng::{StreamRng, stream_rng, stream_seed};
