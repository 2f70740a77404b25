//! A member of staff: a person with a stable id, a background field, a post, and the state
//! that makes them faster or slower (fit, learning, stress, morale).

use super::case::Case;

/// Where a person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// At their unit, able to serve.
    Present,
    /// On leave, sick or away on duties.
    Absent,
    /// Between two units after a transfer.
    InTransit,
    /// Left the organisation (retired, resigned, quit over a transfer).
    Gone,
}

/// What happens when the case in hand is finished.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AfterCase {
    /// Take the next case.
    Continue,
    /// Go absent until the given time (hours), if still in the future.
    Absent(f64),
    /// Start the transit of the given order.
    Transit(u32),
    /// Leave the organisation.
    Exit,
    /// Go to or come back from a temporary assignment (the person's loan says which).
    Relocate,
}

/// One person. The id is stable for the whole replication.
#[derive(Debug, Clone)]
#[repr(C, align(64))]
pub struct Staff {
    // Hot first, in declaration order (`repr(C)`): a completion reads the first cache line
    // (and the second to accrue hours), a case start the first three; the cold rest
    // (history, transfer and hire data) stays out of their way in a large organisation.
    /// Stable id (index in the replication's staff list).
    pub id: u32,
    /// Unit the person belongs to (the destination while in transit).
    pub unit: u32,
    /// Where the person is.
    pub status: Status,
    /// True while working on a case.
    pub busy: bool,
    /// True while burned out.
    pub burned_out: bool,
    /// Contract staff (honorer, GTT/PTT, PPPK): never moved, contract renewed yearly.
    pub contract: bool,
    /// The case in hand while busy.
    pub in_hand: Option<Case>,
    /// What to do after the case in hand.
    pub after_case: AfterCase,
    /// Last time the month's hours were accrued.
    pub last_accrued: f64,
    /// Hours busy in the current month.
    pub month_busy_hours: f64,
    /// Hours present in the current month.
    pub month_present_hours: f64,
    /// Hours worked in the current month weighted by pace (speed-up and overtime): the
    /// person's load before annualising.
    pub month_effort_hours: f64,
    /// Overtime hours worked in the current month.
    pub month_overtime_hours: f64,
    /// Pace of the case in hand: speed-up x overtime factor (1 = standard).
    pub pace: f64,
    /// Overtime factor of the case in hand (1 = none; 1.13 = 13 % more hours per clock hour).
    pub overtime: f64,
    /// Time of arrival at the current unit (hours; negative for time served before the start).
    pub arrived_at: f64,
    /// Individual speed relative to standard.
    pub performance: f64,
    /// Fit to the current unit, breadth bonus included.
    pub fit: f64,
    /// Learning ramp start at the current unit.
    pub ramp_r0: f64,
    /// Learning ramp time constant at the current unit (hours).
    pub ramp_tau_hours: f64,
    /// Stress, 0..1: sustained overload (see `StressSpec`).
    pub stress: f64,
    /// Morale, 0..1.
    pub morale: f64,
    /// Education/background field (index into the model's fields).
    pub field: u16,
    /// Home region (index into the model's regions), if any.
    pub home_region: Option<u16>,
    /// Time of hiring (hours; negative for service before the start).
    pub hired_at: f64,
    /// Age at time 0 (years).
    pub age_at_start: f64,
    /// Dispositional resistance (standard-normal scale).
    pub resistance: f64,
    /// Fields served before the current post, with the time each was left (hours).
    pub served: Vec<(u16, f64)>,
    /// Pending transfer order (index into the replication's orders).
    pub pending_order: Option<u32>,
    /// Orders refused (disciplinary record).
    pub refusals: u32,
    /// Temporary assignment under way (index into the replication's loans).
    pub loan: Option<u32>,
}

impl Staff {
    /// Adds busy, present, effort and overtime time since the last call.
    #[inline]
    pub fn accrue(&mut self, now: f64) {
        let dt = now - self.last_accrued;
        if dt > 0.0 {
            if self.status == Status::Present {
                self.month_present_hours += dt;
                if self.busy {
                    self.month_busy_hours += dt;
                    self.month_effort_hours += dt * self.pace;
                    self.month_overtime_hours += dt * (self.overtime - 1.0);
                }
            }
            self.last_accrued = now;
        }
    }

    /// Learning-ramp share at time `now`: `1 - (1 - r0) exp(-t / tau)`.
    ///
    /// The experienced (`r0 = 1`) and anyone more than 40 time constants in are at exactly
    /// 1.0 without calling `exp` (the rest, below `exp(-40)`, rounds away in `1 - x`): most
    /// case starts are by such people.
    #[inline]
    pub fn ramp(&self, now: f64) -> f64 {
        let t = (now - self.arrived_at).max(0.0);
        if self.ramp_r0 >= 1.0 || t > 40.0 * self.ramp_tau_hours {
            return 1.0;
        }
        1.0 - (1.0 - self.ramp_r0) * (-t / self.ramp_tau_hours).exp()
    }

    /// True for a civil servant, whom a mutasi may move; contract staff stay at their unit.
    #[inline]
    pub fn movable(&self) -> bool {
        !self.contract
    }

    /// Years at the current post.
    pub fn years_at_post(&self, now: f64, hours_per_year: f64) -> f64 {
        (now - self.arrived_at) / hours_per_year
    }

    /// Distinct fields served, the current one included.
    pub fn fields_served(&self, current: u16) -> usize {
        let mut n = 1;
        for (i, (f, _)) in self.served.iter().enumerate() {
            if *f != current && !self.served[..i].iter().any(|(g, _)| g == f) {
                n += 1;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn hot_fields_sit_in_the_first_cache_lines() {
        // What a completion touches fits the first line; a case start the first three.
        assert!(offset_of!(Staff, after_case) + size_of::<AfterCase>() <= 64);
        assert!(offset_of!(Staff, arrived_at) + size_of::<f64>() <= 128);
        assert!(offset_of!(Staff, morale) + size_of::<f64>() <= 192);
        assert_eq!(std::mem::align_of::<Staff>(), 64);
    }
}
