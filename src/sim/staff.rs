//! A member of staff: a person with a stable id, a background field, a post, and the state
//! that makes them faster or slower (fit, learning, stress, morale).

use std::num::NonZeroU32;

use super::case::Case;
use super::world::Newcomer;

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

/// The case a person is serving, as its completion needs it (the work content was spent
/// when the service time was drawn).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InHand {
    /// Arrival time of the case (working hours).
    pub arrival: f64,
    /// Class index + 1, so that `Option<InHand>` takes no more room than `InHand`.
    class_plus_one: NonZeroU32,
}

impl InHand {
    /// What a person starting `case` keeps of it.
    #[inline]
    pub fn new(case: &Case) -> Self {
        InHand {
            arrival: case.arrival,
            class_plus_one: NonZeroU32::MIN.saturating_add(case.class),
        }
    }

    /// Index of the case's class in the model.
    #[inline]
    pub fn class(&self) -> u32 {
        self.class_plus_one.get() - 1
    }
}

/// One person. The id is stable for the whole replication.
///
/// What a case start and a completion read (the `hot` fields) fills the first 128 bytes,
/// one aligned pair of cache lines, so that in a large organisation a person's service
/// costs one fetch; the rest (history, transfer and hire data, and what only policies read)
/// comes after. Performance, fit and what to do after the case are private because the
/// hot part keeps a digest of them (`performance x fit`, a flag) that their setters update.
#[derive(Debug, Clone)]
#[repr(C, align(128))]
pub struct Staff {
    /// Unit the person belongs to (the destination while in transit).
    pub unit: u32,
    /// Where the person is.
    pub status: Status,
    /// True while working on a case.
    pub busy: bool,
    /// True while burned out.
    pub burned_out: bool,
    /// `after_case` is not `Continue`: the completion reads the cold field only then.
    after_pending: bool,
    /// The case in hand while busy.
    pub in_hand: Option<InHand>,
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
    /// `performance x fit`, the first factor of the person's speed.
    performance_x_fit: f64,
    /// Learning ramp start at the current unit.
    pub ramp_r0: f64,
    /// Learning ramp time constant at the current unit (hours).
    pub ramp_tau_hours: f64,
    /// Stress, 0..1: sustained overload (see `StressSpec`).
    pub stress: f64,
    /// Morale, 0..1.
    pub morale: f64,
    // Cold from here.
    /// Stable id (index in the replication's staff list).
    pub id: u32,
    /// Contract staff (honorer, GTT/PTT, PPPK): never moved, contract renewed yearly.
    pub contract: bool,
    /// What to do after the case in hand.
    after_case: AfterCase,
    /// Individual speed relative to standard.
    performance: f64,
    /// Fit to the current unit, breadth bonus included.
    fit: f64,
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
    /// A newcomer with id `id`, present and idle at `unit` since `now` (hours), at fit 1
    /// and past the learning ramp until settled.
    pub(crate) fn new(
        id: usize,
        unit: usize,
        who: &Newcomer,
        now: f64,
        hours_per_year: f64,
    ) -> Self {
        Staff {
            unit: unit as u32,
            status: Status::Present,
            busy: false,
            burned_out: false,
            after_pending: false,
            in_hand: None,
            last_accrued: now,
            month_busy_hours: 0.0,
            month_present_hours: 0.0,
            month_effort_hours: 0.0,
            month_overtime_hours: 0.0,
            pace: 1.0,
            overtime: 1.0,
            arrived_at: who.arrived_at,
            performance_x_fit: who.performance,
            ramp_r0: 1.0,
            ramp_tau_hours: 1.0,
            stress: 0.0,
            morale: 1.0,
            id: id as u32,
            contract: who.contract,
            after_case: AfterCase::Continue,
            performance: who.performance,
            fit: 1.0,
            field: who.field,
            home_region: who.home_region,
            hired_at: who.hired_at,
            age_at_start: who.age - now / hours_per_year,
            resistance: who.resistance,
            served: Vec::new(),
            pending_order: None,
            refusals: 0,
            loan: None,
        }
    }

    /// Individual speed relative to standard.
    #[inline]
    pub fn performance(&self) -> f64 {
        self.performance
    }

    /// Fit to the current unit, breadth bonus included.
    #[inline]
    pub fn fit(&self) -> f64 {
        self.fit
    }

    /// Sets the fit to the current unit.
    pub fn set_fit(&mut self, fit: f64) {
        self.fit = fit;
        self.performance_x_fit = self.performance * fit;
    }

    /// `performance x fit`, computed when either changed.
    #[inline]
    pub fn performance_x_fit(&self) -> f64 {
        self.performance_x_fit
    }

    /// What to do after the case in hand.
    #[inline]
    pub fn after_case(&self) -> AfterCase {
        self.after_case
    }

    /// Sets what to do after the case in hand.
    pub fn set_after_case(&mut self, after: AfterCase) {
        self.after_case = after;
        self.after_pending = after != AfterCase::Continue;
    }

    /// What to do after the case just finished, leaving `Continue` for the next one.
    #[inline]
    pub fn take_after_case(&mut self) -> AfterCase {
        if !self.after_pending {
            return AfterCase::Continue;
        }
        self.after_pending = false;
        std::mem::replace(&mut self.after_case, AfterCase::Continue)
    }

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
    fn what_service_reads_fits_one_pair_of_cache_lines() {
        // A case start and a completion read the first 128 bytes and nothing after.
        assert!(offset_of!(Staff, morale) + size_of::<f64>() <= 128);
        assert!(offset_of!(Staff, in_hand) + size_of::<Option<InHand>>() <= 128);
        assert_eq!(size_of::<Option<InHand>>(), 16);
        assert!(offset_of!(Staff, id) >= 128);
        assert!(offset_of!(Staff, after_case) >= 128);
        assert_eq!(std::mem::align_of::<Staff>(), 128);
    }

    #[test]
    fn a_case_in_hand_keeps_its_arrival_and_class() {
        for class in [0, 7, u32::MAX - 1] {
            let case = Case {
                arrival: 12.5,
                work_hours: 3.0,
                class,
            };
            let kept = InHand::new(&case);
            assert_eq!((kept.arrival, kept.class()), (12.5, class));
        }
    }
}
