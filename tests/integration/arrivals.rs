//! Arrivals: monthly counts follow the configured piecewise-constant rates (growth, season,
//! a step shock and a ramped shock, a non-default calendar, a partial last month) and are
//! Poisson.
//!
//! Under a correct simulator the count of (unit, month) in replication r is Poisson with
//! mean mu = rate x working hours of the month, independently across replications, so the
//! sum over R replications is Poisson(R mu). The tests use that exact null distribution
//! (normal approximation, with R mu > 5,000 everywhere) rather than an estimated variance.

use mutasi::sim::{Metric, Model, ReplicationResult};

use crate::support::{
    FAMILY_LEVEL, bonferroni, chi_square_quantile, model, normal_quantile, replications,
    scenario_from_toml,
};

const DAYS_PER_YEAR: f64 = 246.0;
const HORIZON_YEARS: f64 = 2.9; // 34.8 months: the 35th is 80 % long
const SEASON: [f64; 12] = [1.2, 0.8, 1.0, 1.1, 0.0, 1.3, 0.9, 1.0, 1.5, 0.7, 1.0, 1.25];

const SCENARIO: &str = r#"
name = "arrivals"
horizon_years = 2.9
warmup_years = 0

[calendar]
hours_per_day = 8
days_per_year = 246

[[units]]
name = "intake"
positions = 60
staff = 60
sla_days = 1
service = { kind = "exponential", mean_hours = 0.05 }

[units.demand]
base_per_day = 30
growth_per_year = 0.2
season = [1.2, 0.8, 1.0, 1.1, 0.0, 1.3, 0.9, 1.0, 1.5, 0.7, 1.0, 1.25]
shocks = [
  { start_year = 0.5, end_year = 0.75, multiplier = 0.5 },
  { start_year = 1.25, end_year = 2.5, multiplier = 2.5, ramp_months = 4 },
]

[[units]]
name = "flat"
positions = 5
staff = 5
sla_days = 1
demand = { base_per_day = 12 }
service = { kind = "exponential", mean_hours = 0.2 }
"#;

const REPS: u64 = 30;
const SEED: u64 = 314;

/// A shock as (first month, end month exclusive, multiplier, ramp months): active on
/// [first, end), ramping linearly from 1 and reaching full strength at the end of the ramp;
/// each month takes the level reached at its end.
fn shock_level(m: usize, (first, end, mult, ramp): (usize, usize, f64, f64)) -> f64 {
    if m < first || m >= end {
        return 1.0;
    }
    let progress = if ramp > 0.0 {
        ((m - first + 1) as f64 / ramp).min(1.0)
    } else {
        1.0
    };
    1.0 + (mult - 1.0) * progress
}

/// Expected arrivals of each unit in each month, written from the scenario's documented
/// meaning: base_per_day x (1 + growth)^(whole years elapsed) x season x shocks, per working
/// day, times the working days the month lasts within the horizon.
fn expected_counts() -> Vec<Vec<f64>> {
    let days_per_month = DAYS_PER_YEAR / 12.0;
    let months_exact = HORIZON_YEARS * 12.0;
    let months = months_exact.ceil() as usize;
    let days_in = |m: usize| days_per_month * (months_exact - m as f64).min(1.0);
    let intake = (0..months)
        .map(|m| {
            let per_day = 30.0
                * 1.2_f64.powi((m / 12) as i32)
                * SEASON[m % 12]
                * shock_level(m, (6, 9, 0.5, 0.0))
                * shock_level(m, (15, 30, 2.5, 4.0));
            per_day * days_in(m)
        })
        .collect();
    let flat = (0..months).map(|m| 12.0 * days_in(m)).collect();
    vec![intake, flat]
}

fn run() -> (Model, Vec<ReplicationResult>) {
    let model = model(&scenario_from_toml(SCENARIO));
    let runs = replications(&model, SEED, REPS);
    (model, runs)
}

/// The compiled monthly rates equal the documented formula (deterministic; pins down a
/// formula error separately from a sampling error).
#[test]
fn compiled_monthly_rates_follow_the_documented_formula() {
    let model = model(&scenario_from_toml(SCENARIO));
    let expected = expected_counts();
    assert_eq!(model.months, 35);
    assert!((model.hours_per_month - 164.0).abs() < 1e-9);
    for (u, want) in expected.iter().enumerate() {
        let class = &model.classes[u];
        assert_eq!(class.unit, u);
        for (m, &w) in want.iter().enumerate() {
            let full_month = class.rates_per_hour[m] * model.hours_per_month;
            let full_want = w / (HORIZON_YEARS * 12.0 - m as f64).min(1.0);
            assert!(
                (full_month - full_want).abs() <= 1e-9 * full_want.max(1.0),
                "unit {u} month {m}: {full_month} arrivals per full month, want {full_want}"
            );
        }
    }
}

/// Per (unit, month): z = (S - R mu) / sqrt(R mu) against the Bonferroni normal quantile
/// (family 0.5 %); months with rate 0 must have no arrival at all. Then the aggregate
/// sum of z^2 against the 99.5 % chi-square quantile, which sees small deviations spread over
/// many months (e.g. a growth applied monthly instead of yearly). Family level: 1 %.
#[test]
fn monthly_arrivals_match_the_configured_rates() {
    let (model, runs) = run();
    let expected = expected_counts();
    let r = REPS as f64;
    let cells: Vec<(usize, usize, f64)> = expected
        .iter()
        .enumerate()
        .flat_map(|(u, months)| months.iter().enumerate().map(move |(m, &e)| (u, m, e)))
        .collect();
    let tested = cells.iter().filter(|c| c.2 > 0.0).count();
    // Half of the family's error rate to the per-month tests, half to the aggregate one.
    let part = bonferroni(FAMILY_LEVEL, 2);
    let z_crit = normal_quantile(0.5 + bonferroni(part, tested) / 2.0);
    let mut chi2 = 0.0;
    let mut failures = Vec::new();
    for &(u, m, mu) in &cells {
        let total: f64 = runs
            .iter()
            .map(|rep| rep.series.value(Metric::Arrivals, u, m))
            .sum();
        let name = &model.units[u].name;
        if mu == 0.0 {
            if total != 0.0 {
                failures.push(format!("{name} month {m}: rate 0 but {total} arrivals"));
            }
            continue;
        }
        assert!(r * mu > 5_000.0, "normal approximation needs large counts");
        let z = (total - r * mu) / (r * mu).sqrt();
        chi2 += z * z;
        if z.abs() > z_crit {
            failures.push(format!(
                "{name} month {m}: mean {:.2} per replication, expected {mu:.2} (z = {z:.2}, limit {z_crit:.2})",
                total / r
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let limit = chi_square_quantile(part, tested as f64);
    assert!(
        chi2 <= limit,
        "sum of z^2 over {tested} months = {chi2:.1} > {limit:.1} (99.5 % chi-square)"
    );
    // The rate-0 months really were in the horizon.
    assert_eq!(cells.len() - tested, 3);
}

/// Index of dispersion: for Poisson counts, sum over cells of sum over replications of
/// (X - mean)^2 / mean is chi-square with cells x (R - 1) degrees of freedom. Two-sided 1 %:
/// too small means arrivals more regular than Poisson (e.g. evenly spaced), too large means
/// clumped (e.g. batches, or rates drawn per replication).
#[test]
fn monthly_arrival_counts_are_poisson() {
    let (model, runs) = run();
    let mut d = 0.0;
    let mut cells = 0usize;
    for u in 0..model.units.len() {
        for m in 0..model.months {
            let xs: Vec<f64> = runs
                .iter()
                .map(|rep| rep.series.value(Metric::Arrivals, u, m))
                .collect();
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            if mean == 0.0 {
                continue;
            }
            d += xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / mean;
            cells += 1;
        }
    }
    let df = (cells * (REPS as usize - 1)) as f64;
    let tail = (1.0 - FAMILY_LEVEL) / 2.0;
    let (lo, hi) = (
        chi_square_quantile(tail, df),
        chi_square_quantile(1.0 - tail, df),
    );
    assert!(
        (lo..=hi).contains(&d),
        "dispersion statistic {d:.1} outside [{lo:.1}, {hi:.1}] (df {df}); variance/mean = {:.3}",
        d / df
    );
}
