//! Abandonment of waiting cases with exponential (memoryless) patience, by one clock per case
//! class instead of one timer per case.
//!
//! With `n` cases waiting, each with an independent exponential patience of mean `m` hours,
//! the next abandonment comes at rate `n / m` and is equally likely to be any of them (the
//! competing-risks property of the exponential). The clock keeps a budget of unit-rate
//! hazard, drawn from `Exp(1)`, and spends it at `n / m` per hour; the case that abandons when
//! it runs out is drawn uniformly from the class's waiting cases. This is exact, not an
//! approximation, and replaces a calendar timer per waiting case (most of which would fire
//! after their case had started service, as no-ops) by one lane per class.

use rand::RngExt;
use rand_distr::{Distribution as _, Exp1};

use crate::engine::{Lane, StreamRng};

use super::case::CaseRef;

/// The abandonment clock of one case class.
pub(crate) struct PatienceClock {
    /// The calendar lane holding this class's next abandonment.
    pub lane: Lane,
    /// Mean patience (hours).
    mean_hours: f64,
    /// The class's waiting cases, in no particular order (position stored in the case slab).
    pub waiting: Vec<CaseRef>,
    /// Unit-rate hazard left before the next abandonment.
    budget: f64,
    /// Time the budget was last spent up to (hours).
    since: f64,
    /// Draws the budgets and which case abandons.
    rng: StreamRng,
}

impl PatienceClock {
    /// A clock with nobody waiting.
    pub fn new(lane: Lane, mean_hours: f64, mut rng: StreamRng) -> PatienceClock {
        PatienceClock {
            lane,
            mean_hours,
            waiting: Vec::new(),
            budget: Exp1.sample(&mut rng),
            since: 0.0,
            rng,
        }
    }

    /// Spends the hazard of the cases waiting since the last call; call before their
    /// number changes.
    #[inline]
    pub fn advance(&mut self, now: f64) {
        let n = self.waiting.len() as f64;
        self.budget = (self.budget - (now - self.since) * n / self.mean_hours).max(0.0);
        self.since = now;
    }

    /// When the next case gives up (hours), if anyone is waiting.
    #[inline]
    pub fn due(&self) -> Option<f64> {
        let n = self.waiting.len();
        (n > 0).then(|| self.since + self.budget * self.mean_hours / n as f64)
    }

    /// The budget ran out (after [`PatienceClock::advance`]): draws a fresh budget and the
    /// position in `waiting` of the case that abandons. Call only with someone waiting.
    pub fn pick(&mut self) -> usize {
        self.budget = Exp1.sample(&mut self.rng);
        self.rng.random_range(0..self.waiting.len())
    }
}
