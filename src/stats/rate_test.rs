//! The exact one-sided test that a recent Poisson rate exceeds a baseline rate: conditional
//! on the total count, the recent count is binomial (Przyborowski and Wilenski, 1940), so the
//! p-value is a binomial upper tail and the test's level is at most the one asked for.

use super::gamma::ln_gamma;

/// Upper tail `P(X >= k)` of a binomial(`n`, `p`) variable, summed term by term from `k`
/// (exact up to rounding; 0 for `k > n`, 1 for `k = 0`).
pub fn binomial_sf(k: u64, n: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (kf, nf) = (k as f64, n as f64);
    let ln_first = ln_gamma(nf + 1.0) - ln_gamma(kf + 1.0) - ln_gamma(nf - kf + 1.0)
        + kf * p.ln()
        + (nf - kf) * (1.0 - p).ln();
    let odds = p / (1.0 - p);
    let (mut term, mut sum) = (ln_first.exp(), 0.0);
    let mut i = k;
    loop {
        sum += term;
        if i == n {
            break;
        }
        // Past the mode the terms fall geometrically; stop once they no longer count.
        if term < sum * 1e-17 && (i as f64) > nf * p {
            break;
        }
        term *= (nf - i as f64) / (i as f64 + 1.0) * odds;
        i += 1;
    }
    sum.min(1.0)
}

/// One-sided p-value that the rate behind `recent` events in `recent_span` exceeds the rate
/// behind `baseline` events in `baseline_span` (any common unit of exposure, e.g. months).
/// Exact conditional test: given the total, the recent count is binomial with success
/// probability `recent_span / (recent_span + baseline_span)` under equal rates.
pub fn poisson_rate_increase_p(
    recent: u64,
    recent_span: f64,
    baseline: u64,
    baseline_span: f64,
) -> f64 {
    if !(recent_span > 0.0 && baseline_span > 0.0) {
        return f64::NAN;
    }
    let share = recent_span / (recent_span + baseline_span);
    binomial_sf(recent, recent + baseline, share)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_tail_matches_direct_sums() {
        // n = 10, p = 0.3: P(X >= 5) = 0.15026833 (sum of exact terms).
        let direct: f64 = (5..=10u64)
            .map(|k| {
                let c = (1..=k).fold(1.0, |c, j| c * (10 - k + j) as f64 / j as f64);
                c * 0.3f64.powi(k as i32) * 0.7f64.powi(10 - k as i32)
            })
            .sum();
        assert!((binomial_sf(5, 10, 0.3) - direct).abs() < 1e-12);
        assert!((direct - 0.150_268_33).abs() < 1e-7);
        assert_eq!(binomial_sf(0, 10, 0.3), 1.0);
        assert_eq!(binomial_sf(11, 10, 0.3), 0.0);
        assert!((binomial_sf(10, 10, 0.5) - 0.5f64.powi(10)).abs() < 1e-15);
    }

    #[test]
    fn rate_test_flags_a_doubling_and_not_equal_rates() {
        // 20 a month for 12 months, then 20 a month for 2: no evidence.
        assert!(poisson_rate_increase_p(40, 2.0, 240, 12.0) > 0.3);
        // Then 40 a month for 2: overwhelming.
        assert!(poisson_rate_increase_p(80, 2.0, 240, 12.0) < 1e-6);
    }
}
