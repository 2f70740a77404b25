//! Arrival rates, piecewise constant per month, and exact sampling of the next arrival.

use rand::Rng;
use rand_distr::{Distribution as _, Exp1};

use crate::scenario::DemandSpec;

/// Arrival rate (per working hour) of each month of the horizon:
/// `base_per_day x (1 + growth)^year x season[month of year] x shocks`, divided by the
/// working hours of a day.
pub fn monthly_rates(demand: &DemandSpec, months: usize, hours_per_day: f64) -> Vec<f64> {
    (0..months)
        .map(|m| {
            let year = (m / 12) as i32;
            let season = demand.season.get(m % 12).copied().unwrap_or(1.0);
            let shock: f64 = demand.shocks.iter().map(|s| shock_factor(s, m)).product();
            demand.base() * (1.0 + demand.growth_per_year).powi(year) * season * shock
                / hours_per_day
        })
        .collect()
}

/// Multiplier of one shock in month `m`: 1 outside its window, ramping linearly from 1 to
/// `multiplier` over `ramp_months` (reaching full strength at the end of the ramp).
fn shock_factor(s: &crate::scenario::ShockSpec, m: usize) -> f64 {
    let start = (s.start_year * 12.0 + 1e-9).floor() as i64;
    let end = (s.end_year * 12.0 + 1e-9).floor() as i64;
    let m = m as i64;
    if m < start || m >= end {
        return 1.0;
    }
    let k = (m - start + 1) as f64;
    let ramp = if s.ramp_months > 0.0 {
        (k / s.ramp_months).min(1.0)
    } else {
        1.0
    };
    1.0 + (s.multiplier - 1.0) * ramp
}

/// Time of the next arrival after `now` for a Poisson process with per-month rates, given
/// as mean gaps (`mean_gap_hours(m) = 1 / rate`, infinite for no arrivals; months of
/// `hours_per_month`). Memorylessness makes it exact to restart the exponential gap at each
/// month boundary. `None` past the last month. `months_per_hour` is `1 / hours_per_month`.
#[inline]
pub fn next_arrival<R: Rng + ?Sized>(
    now: f64,
    mean_gap_hours: impl Fn(usize) -> Option<f64>,
    (hours_per_month, months_per_hour): (f64, f64),
    rng: &mut R,
) -> Option<f64> {
    let mut t = now;
    // A multiplication instead of a division (this runs once per arrival); the product may
    // round up across a month boundary, so step back when it did.
    let mut m = (t * months_per_hour) as usize;
    if m > 0 && m as f64 * hours_per_month > t {
        m -= 1;
    }
    loop {
        let mean_gap = mean_gap_hours(m)?;
        let end = (m + 1) as f64 * hours_per_month;
        if mean_gap.is_finite() {
            let gap: f64 = Exp1.sample(rng);
            let at = t + gap * mean_gap;
            if at < end {
                return Some(at);
            }
        }
        t = end;
        m += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ShockSpec;

    #[test]
    fn rates_combine_growth_season_and_ramped_shock() {
        let d = DemandSpec {
            base_per_day: Some(15.0),
            history: None,
            growth_per_year: 0.1,
            season: (0..12).map(|i| if i == 0 { 2.0 } else { 1.0 }).collect(),
            shocks: vec![ShockSpec {
                start_year: 1.0,
                end_year: 1.5,
                multiplier: 3.0,
                ramp_months: 2.0,
            }],
        };
        let r = monthly_rates(&d, 24, 7.5);
        assert!((r[0] - 4.0).abs() < 1e-12); // 15/7.5 x season 2
        assert!((r[1] - 2.0).abs() < 1e-12);
        assert!((r[12] - 2.0 * 1.1 * 2.0 * 2.0).abs() < 1e-12); // half-way up the ramp
        assert!((r[13] - 2.0 * 1.1 * 3.0).abs() < 1e-12);
        assert!((r[17] - 2.0 * 1.1 * 3.0).abs() < 1e-12);
        assert!((r[18] - 2.0 * 1.1).abs() < 1e-12); // shock over
    }
}
