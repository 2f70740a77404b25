//! The simulator against queueing theory: Erlang C, the M/M/1 wait tail, Erlang A, Little's
//! law, and conservation of cases.
//!
//! Every statistical check compares the mean over independent replications (fixed seeds)
//! with theory through a Student-t confidence interval; a test with k checks uses the
//! Bonferroni level 1 - 0.01 / k for each, so a correct simulator fails a test with
//! probability at most 1 %. Each check also requires the interval to be narrow (a few per
//! cent of the expected value), so that it would notice a real error.

use mutasi::scenario::{Distribution, Scenario};
use mutasi::sim::{Kpi, Metric, Model, ReplicationResult};

use crate::support::{
    FAMILY_LEVEL, QUEUE_HOURS_PER_DAY, Queue, assert_mean_matches, bonferroni, model, replication,
    replications, scenario_from_toml, shipped_with,
};
use crate::theory::{erlang_a, erlang_b, erlang_c, mm1_wait_above, mmc_mean_wait};

/// Mean over the measured months of a monthly metric for one series row.
fn measured_mean(model: &Model, r: &ReplicationResult, metric: Metric, row: usize) -> f64 {
    let months = model.first_measured_month..model.months;
    let n = months.len() as f64;
    months.map(|m| r.series.value(metric, row, m)).sum::<f64>() / n
}

/// M/M/c with c = 10 and mu = 1/h at utilisation `rho`: the mean wait (KPI, working days),
/// the probability of waiting (share of measured waits above zero) and the utilisation match
/// Erlang C.
fn check_erlang_c(scenario: &Scenario, rho: f64, reps: u64, seed: u64) {
    let (c, mu) = (10, 1.0);
    let lambda = rho * c as f64 * mu;
    let model = model(scenario);
    assert_eq!(model.units.len(), 1);
    assert_eq!(model.units[0].initial_staff, c);
    let rate = model.classes[0].rates_per_hour[0];
    assert!((rate - lambda).abs() < 1e-9, "lambda {rate}, want {lambda}");
    assert!(!scenario.staff_dynamics, "staff must be plain servers");
    let runs = replications(&model, seed, reps);
    let level = bonferroni(FAMILY_LEVEL, 3);
    let wq_days = mmc_mean_wait(c, lambda, mu) / model.hours_per_day;
    let waits: Vec<f64> = runs.iter().map(|r| r.kpi(Kpi::WaitDaysMean)).collect();
    assert_mean_matches(
        &format!("M/M/10 rho={rho}: mean wait (days)"),
        &waits,
        wq_days,
        level,
        0.05 * wq_days,
    );
    let p_wait = erlang_c(c, lambda / mu);
    let waited: Vec<f64> = runs
        .iter()
        .map(|r| r.wait_days.fraction_above(0.0))
        .collect();
    assert_mean_matches(
        &format!("M/M/10 rho={rho}: P(wait)"),
        &waited,
        p_wait,
        level,
        0.03 * p_wait,
    );
    let util: Vec<f64> = runs.iter().map(|r| r.kpi(Kpi::UtilizationMean)).collect();
    assert_mean_matches(
        &format!("M/M/10 rho={rho}: utilisation"),
        &util,
        rho,
        level,
        0.01 * rho,
    );
}

fn mm10(rho: f64, years: f64) -> Scenario {
    Queue {
        servers: 10,
        arrivals_per_hour: rho * 10.0,
        service_mean_hours: 1.0,
        patience_mean_hours: None,
        horizon_years: years,
        warmup_years: 0.25,
    }
    .scenario()
}

#[test]
fn mmc_at_rho_050_matches_erlang_c() {
    check_erlang_c(&mm10(0.5, 4.0), 0.5, 100, 501);
}

#[test]
fn mmc_at_rho_080_matches_erlang_c() {
    check_erlang_c(&mm10(0.8, 4.0), 0.8, 40, 801);
}

/// The shipped validation scenario (documented as c = 10, lambda = 9/h, mu = 1/h, exponential
/// work content), run longer than its default for precision.
#[test]
fn shipped_mmc_scenario_at_rho_090_matches_erlang_c() {
    let s = shipped_with("mmc", &["horizon_years=6", "warmup_years=0.25"]);
    assert_eq!(
        s.units[0].service,
        Some(Distribution::Exponential { mean_hours: 1.0 })
    );
    check_erlang_c(&s, 0.9, 60, 901);
}

/// M/M/1 with lambda = 0.75/h, mu = 1/h: P(W > t) = rho e^{-(mu - lambda) t} at several t
/// (t = 0 is the probability of waiting), read from each replication's wait histogram; each
/// interval must resolve half a percentage point.
#[test]
fn mm1_wait_tail_matches_theory() {
    let (lambda, mu) = (0.75, 1.0);
    let q = Queue {
        servers: 1,
        arrivals_per_hour: lambda,
        service_mean_hours: 1.0 / mu,
        patience_mean_hours: None,
        horizon_years: 25.0,
        warmup_years: 0.5,
    };
    let model = model(&q.scenario());
    let runs = replications(&model, 11, 80);
    let hours = [0.0, 1.0, 3.0, 6.0, 10.0];
    let level = bonferroni(FAMILY_LEVEL, hours.len());
    for t in hours {
        let want = mm1_wait_above(lambda, mu, t);
        let got: Vec<f64> = runs
            .iter()
            .map(|r| r.wait_days.fraction_above(t / QUEUE_HOURS_PER_DAY))
            .collect();
        assert_mean_matches(&format!("M/M/1 P(W > {t} h)"), &got, want, level, 0.005);
    }
}

/// M/M/c+M (exponential patience): the abandoned fraction and the mean number in system
/// match Erlang A.
fn check_erlang_a(c: u32, lambda: f64, patience_mean: f64, reps: u64, seed: u64) {
    let mu = 1.0;
    let q = Queue {
        servers: c,
        arrivals_per_hour: lambda,
        service_mean_hours: 1.0 / mu,
        patience_mean_hours: Some(patience_mean),
        horizon_years: 3.0,
        warmup_years: 0.25,
    };
    let model = model(&q.scenario());
    let runs = replications(&model, seed, reps);
    let theory = erlang_a(c, lambda, mu, 1.0 / patience_mean);
    let level = bonferroni(FAMILY_LEVEL, 2);
    let abandoned: Vec<f64> = runs
        .iter()
        .map(|r| r.kpi(Kpi::Abandoned) / r.kpi(Kpi::Cases))
        .collect();
    assert_mean_matches(
        &format!("M/M/{c}+M lambda={lambda} patience={patience_mean} h: abandoned fraction"),
        &abandoned,
        theory.abandon,
        level,
        0.05 * theory.abandon,
    );
    let in_system: Vec<f64> = runs
        .iter()
        .map(|r| measured_mean(&model, r, Metric::InSystemMean, 0))
        .collect();
    assert_mean_matches(
        &format!("M/M/{c}+M lambda={lambda} patience={patience_mean} h: mean in system"),
        &in_system,
        theory.in_system,
        level,
        0.02 * theory.in_system,
    );
}

#[test]
fn mmc_with_patience_at_full_load_matches_erlang_a() {
    // rho = 1: stable only thanks to abandonment.
    check_erlang_a(10, 10.0, 2.0, 30, 1001);
}

#[test]
fn overloaded_mmc_with_patience_matches_erlang_a() {
    // rho = 1.2 with impatient customers.
    check_erlang_a(5, 6.0, 3.0, 30, 1201);
}

const LITTLE: &str = r#"
name = "little"
staff_dynamics = false
horizon_years = 4
warmup_years = 0.25

[[units]]
name = "front"
positions = 6
staff = 6

[[units.cases]]
class = "request"
sla_days = 1
demand = { base_per_day = 24 }
service = { kind = "lognormal", mean_hours = 1.0, cv = 1.5 }

[[units.cases]]
class = "complaint"
sla_days = 2
demand = { base_per_day = 6 }
service = { kind = "gamma", mean_hours = 1.5, cv = 0.5 }

[[units]]
name = "back"
positions = 3
staff = 3
sla_days = 3
demand = { base_per_day = 15 }
service = { kind = "triangular", min_hours = 0.5, mode_hours = 1.0, max_hours = 2.5 }
"#;

/// Little's law L = lambda W on the outputs of a multi-class M/G/c organisation, per unit
/// (monthly series) and for the whole organisation (KPIs). In a stationary window the
/// boundary terms (cases present at its start or end) have mean zero, so the per-replication
/// residual (L - lambda W) / L has mean zero; its 99 % CI (Bonferroni over three rows) must
/// contain zero and be narrower than +-1.5 %.
#[test]
fn littles_law_holds_per_unit_and_overall() {
    let s = scenario_from_toml(LITTLE);
    let model = model(&s);
    let runs = replications(&model, 77, 30);
    let hpd = model.hours_per_day;
    let measured = model.first_measured_month..model.months;
    let window_hours = measured.len() as f64 * model.hours_per_month;
    assert!((s.horizon_hours() - model.months as f64 * model.hours_per_month).abs() < 1e-6);
    let level = bonferroni(FAMILY_LEVEL, 3);
    let rows = model.units.len() + 1;
    for row in 0..rows {
        let label = model.units.get(row).map_or("all", |u| u.name.as_str());
        let residuals: Vec<f64> = runs
            .iter()
            .map(|r| {
                let l = measured_mean(&model, r, Metric::InSystemMean, row);
                let (lambda, w_hours) = if row < model.units.len() {
                    let arrivals: f64 = measured
                        .clone()
                        .map(|m| r.series.value(Metric::Arrivals, row, m))
                        .sum();
                    let (mut done, mut total) = (0.0, 0.0);
                    for m in measured.clone() {
                        let n = r.series.value(Metric::Completions, row, m);
                        if n > 0.0 {
                            done += n;
                            total += n * r.series.value(Metric::ResolutionDaysMean, row, m);
                        }
                    }
                    (arrivals / window_hours, total / done * hpd)
                } else {
                    (
                        r.kpi(Kpi::Cases) / window_hours,
                        r.kpi(Kpi::ResolutionDaysMean) * hpd,
                    )
                };
                (l - lambda * w_hours) / l
            })
            .collect();
        assert_mean_matches(
            &format!("Little's law, {label}: (L - lambda W) / L"),
            &residuals,
            0.0,
            level,
            0.015,
        );
    }
}

const CONSERVATION: &str = r#"
name = "conservation"
horizon_years = 0.95   # ends in the middle of a month
warmup_years = 0.25

[[units]]
name = "adminduk"
positions = 4
staff = 3

[[units.cases]]
class = "request"
sla_days = 2
demand = { base_per_day = 30, growth_per_year = 0.1, season = [1.2, 1, 1, 1, 1, 1, 1.3, 1, 1, 1, 0.9, 0.8] }
service = { kind = "lognormal", mean_hours = 0.7, cv = 0.8 }
patience = { kind = "exponential", mean_hours = 10 }
complaint_after_days = 0.5
complaint_prob = 0.4

[[units.cases]]
class = "complaint"
sla_days = 5
demand = { base_per_day = 1 }
service = { kind = "gamma", mean_hours = 1.2, cv = 0.5 }
patience = { kind = "uniform", min_hours = 5, max_hours = 40 }

[[units]]
name = "overloaded"
positions = 2
staff = 2
sla_days = 3
demand = { base_per_day = 20 }
service = { kind = "deterministic", hours = 0.9 }

[[units]]
name = "impatient"
positions = 2
staff = 1
class = "complaint"
sla_days = 1
demand = { base_per_day = 12, shocks = [{ start_year = 0.25, end_year = 0.5, multiplier = 2, ramp_months = 1 }] }
service = { kind = "triangular", min_hours = 0.2, mode_hours = 0.5, max_hours = 1.0 }
patience = { kind = "deterministic", hours = 2 }
complaint_after_days = 0.1
complaint_prob = 0.5

[[units]]
name = "unstaffed"   # no position either, so nobody can be hired or moved in
positions = 0
staff = 0
sla_days = 1
demand = { base_per_day = 2 }
service = { kind = "exponential", mean_hours = 1 }
"#;

/// No case is created or lost: per unit, arrived = completed + abandoned + waiting +
/// in service at the end, and the monthly series add up to the same counts. Exact.
#[test]
fn every_case_is_accounted_for() {
    let s = scenario_from_toml(CONSERVATION);
    let model = model(&s);
    let runs = replications(&model, 5, 6);
    let units = model.units.len();
    let all = units;
    let last = model.months - 1;
    let measured = model.first_measured_month..model.months;
    let count_metrics = [
        Metric::Arrivals,
        Metric::Completions,
        Metric::Complaints,
        Metric::Abandoned,
        Metric::Backlog,
    ];
    let mut seen_abandoned = vec![0u64; units];
    let mut seen_induced = 0.0;
    let mut seen_waiting_end = vec![0u64; units];
    let mut seen_in_service_end = 0u64;
    for r in &runs {
        let rep = r.replication;
        assert_eq!(r.tallies.len(), units);
        assert_eq!(r.series.rows(), units + 1);
        assert_eq!(r.series.months(), model.months);
        let total = |metric: Metric, row: usize| -> f64 {
            (0..model.months)
                .map(|m| r.series.value(metric, row, m))
                .sum()
        };
        let mut backlog_end = 0;
        for (u, t) in r.tallies.iter().enumerate() {
            let name = &model.units[u].name;
            assert_eq!(
                t.arrived,
                t.completed + t.abandoned + t.waiting_end + t.in_service_end,
                "replication {rep}, unit {name}: {t:?}"
            );
            assert!(
                t.in_service_end <= model.units[u].initial_staff as u64,
                "replication {rep}, unit {name}: more cases in service than staff: {t:?}"
            );
            assert_eq!(
                total(Metric::Arrivals, u),
                t.arrived as f64,
                "{name} arrivals"
            );
            assert_eq!(
                total(Metric::Completions, u),
                t.completed as f64,
                "{name} completions"
            );
            assert_eq!(
                total(Metric::Abandoned, u),
                t.abandoned as f64,
                "{name} abandoned"
            );
            assert_eq!(
                r.series.value(Metric::Backlog, u, last),
                (t.waiting_end + t.in_service_end) as f64,
                "replication {rep}, unit {name}: backlog of the last month vs the final state"
            );
            backlog_end += t.waiting_end + t.in_service_end;
            seen_abandoned[u] += t.abandoned;
            seen_waiting_end[u] += t.waiting_end;
            seen_in_service_end += t.in_service_end;
        }
        // The unit without staff never serves anyone.
        let idle = &r.tallies[units - 1];
        assert_eq!(idle.completed + idle.in_service_end, 0, "{idle:?}");
        assert_eq!(idle.waiting_end, idle.arrived, "{idle:?}");
        // The organisation row is the sum of the unit rows.
        for metric in count_metrics {
            for m in 0..model.months {
                let sum: f64 = (0..units).map(|u| r.series.value(metric, u, m)).sum();
                assert_eq!(
                    r.series.value(metric, all, m),
                    sum,
                    "replication {rep}: {} month {m}: 'all' row",
                    metric.name()
                );
            }
        }
        // The KPIs are the measured window of the same counts.
        let measured_total = |metric: Metric| -> f64 {
            measured
                .clone()
                .map(|m| r.series.value(metric, all, m))
                .sum()
        };
        assert_eq!(r.kpi(Kpi::Cases), measured_total(Metric::Arrivals));
        assert_eq!(r.kpi(Kpi::Abandoned), measured_total(Metric::Abandoned));
        assert_eq!(r.kpi(Kpi::Complaints), measured_total(Metric::Complaints));
        assert_eq!(r.kpi(Kpi::BacklogEnd), backlog_end as f64);
        assert!(r.kpi(Kpi::ComplaintsInduced) <= r.kpi(Kpi::Complaints));
        seen_induced += r.kpi(Kpi::ComplaintsInduced);
    }
    // The scenario exercised every way out.
    let names: Vec<&str> = model.units.iter().map(|u| u.name.as_str()).collect();
    assert!(
        seen_abandoned[0] > 0 && seen_abandoned[2] > 0,
        "{names:?} {seen_abandoned:?}"
    );
    assert!(seen_induced > 0.0, "no induced complaint");
    assert!(seen_waiting_end[1] > 0, "overloaded unit left no backlog");
    assert!(seen_in_service_end > 0, "no case in service at the end");
}

/// A timetabled unit (`kind = "timetabled"`) with c people always present, Poisson session
/// arrivals and a fixed session length is an M/D/c/c loss system: the share of sessions lost
/// is the Erlang B blocking probability (insensitive to the session-length distribution).
/// Nothing waits, so the unit has no SLA, waiting or resolution KPI, and the organisation's
/// SLA KPIs leave it out.
#[test]
fn timetabled_unit_loses_sessions_as_erlang_b() {
    let (c, lambda, hours) = (5u32, 4.0, 1.0);
    let text = format!(
        r#"name = "lessons"
staff_dynamics = false
horizon_years = 2.0
warmup_years = 0.25

[calendar]
hours_per_day = {QUEUE_HOURS_PER_DAY:?}
days_per_year = 240

[[units]]
name = "school"
kind = "timetabled"
positions = {c}
staff = {c}
sla_days = 1
demand = {{ base_per_day = {per_day:?} }}
service = {{ kind = "deterministic", hours = {hours:?} }}
"#,
        per_day = lambda * QUEUE_HOURS_PER_DAY,
    );
    let model = model(&scenario_from_toml(&text));
    let runs = replications(&model, 2027, 30);
    let lost: Vec<f64> = runs
        .iter()
        .map(|r| 1.0 - r.kpi(Kpi::DemandServed))
        .collect();
    let want = erlang_b(c, lambda * hours);
    assert_mean_matches(
        "M/D/5/5 a=4: share of sessions lost",
        &lost,
        want,
        FAMILY_LEVEL,
        0.03 * want,
    );
    for r in &runs {
        assert_eq!(
            r.tallies[0].waiting_end, 0,
            "a timetabled unit never queues"
        );
        for k in [
            Kpi::SlaCompliance,
            Kpi::SlaComplianceStrict,
            Kpi::ResolutionDaysMean,
            Kpi::WaitDaysMean,
        ] {
            assert!(
                r.kpi(k).is_nan(),
                "{} = {} for timetabled work",
                k.name(),
                r.kpi(k)
            );
        }
    }
}

/// Beside a service unit, a timetabled unit changes neither the organisation's SLA nor its
/// mean resolution time: both are those of the service unit alone.
#[test]
fn sla_kpis_leave_timetabled_units_out() {
    let text = r#"name = "mixed"
staff_dynamics = false
horizon_years = 1.0

[[units]]
name = "counter"
positions = 2
staff = 2
sla_days = 0.1
demand = { base_per_day = 12.0 }
service = { kind = "exponential", mean_hours = 1.0 }

[[units]]
name = "school"
kind = "timetabled"
positions = 1
staff = 1
sla_days = 0.01
demand = { base_per_day = 12.0 }
service = { kind = "deterministic", hours = 2.0 }
"#;
    let mixed = model(&scenario_from_toml(text));
    let counter_only = text
        .split("[[units]]\nname = \"school\"")
        .next()
        .unwrap_or(text);
    let alone = model(&scenario_from_toml(counter_only));
    let (a, b) = (replication(&mixed, 5, 0), replication(&alone, 5, 0));
    for k in [
        Kpi::SlaCompliance,
        Kpi::SlaComplianceStrict,
        Kpi::ResolutionDaysMean,
    ] {
        assert_eq!(a.kpi(k), b.kpi(k), "{}", k.name());
    }
    assert!(a.kpi(Kpi::DemandServed) < b.kpi(Kpi::DemandServed));
}

/// A saturated unit (2 plain servers, deterministic half-hour cases, twice as many arrivals
/// as it can serve) whose capacity falls to `multiplier` for `weeks` from `start_month`.
fn shocked_unit(weeks: &str) -> Scenario {
    scenario_from_toml(&format!(
        r#"name = "shock"
staff_dynamics = false
horizon_years = 0.75

[calendar]
hours_per_day = 7.5
days_per_year = 240

[[units]]
name = "counter"
positions = 2
staff = 2
sla_days = 3
demand = {{ base_per_day = 60.0 }}
service = {{ kind = "deterministic", hours = 0.5 }}
capacity_shocks = [{{ start_month = 3, weeks = {weeks}, multiplier = 0.2 }}]
"#
    ))
}

/// During a capacity shock a saturated unit completes `multiplier` times its normal
/// throughput: 2 servers x 150 h a month / 0.5 h = 600 cases, 120 under x0.2. With a fixed 8
/// weeks (exactly months 3 and 4 of 20 working days) each of those months is within 2 % of
/// 120 (only the cases in hand at the edges differ); with weeks drawn from [4, 8] the cases
/// lost over the whole shock average 0.8 x 4 cases/h x 6 weeks x 37.5 h = 720.
#[test]
fn capacity_shock_cuts_throughput_to_its_multiplier() {
    let fixed = model(&shocked_unit("8"));
    let r = replication(&fixed, 4, 0);
    let done = |r: &ReplicationResult, m: usize| r.series.value(Metric::Completions, 0, m);
    for m in 0..3 {
        assert!(
            (done(&r, m) - 600.0).abs() <= 2.0,
            "month {m}: {}",
            done(&r, m)
        );
    }
    for m in [3, 4] {
        let ratio = done(&r, m) / 600.0;
        assert!(
            (ratio - 0.2).abs() <= 0.2 * 0.02,
            "month {m}: throughput ratio {ratio}"
        );
    }
    assert!(
        (done(&r, 6) - 600.0).abs() <= 2.0,
        "recovered: {}",
        done(&r, 6)
    );

    let drawn = model(&shocked_unit("[4.0, 8.0]"));
    let runs = replications(&drawn, 8, 40);
    let lost: Vec<f64> = runs
        .iter()
        .map(|r| (2..drawn.months).map(|m| 600.0 - done(r, m)).sum())
        .collect();
    let want = 0.8 * 4.0 * 6.0 * 37.5;
    assert_mean_matches(
        "cases lost to a x0.2 shock of U(4, 8) weeks",
        &lost,
        want,
        FAMILY_LEVEL,
        0.1 * want,
    );
}
