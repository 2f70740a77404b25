//! Reproducibility: the same scenario and seed give bit-identical KPIs and byte-identical
//! CSV files whatever the thread count; another seed gives other results.

use std::path::Path;

use mutasi::engine::{stream_rng, stream_seed};
use mutasi::experiment::ExperimentResult;
use mutasi::report::write_results;
use mutasi::scenario::Scenario;
use mutasi::sim::{Kpi, Model};
use rand::RngExt;

use crate::support::{experiment, model, replication_under, scenario_from_toml, shipped_with};

/// More than one batch of the experiment runner (64 replications), so that batch
/// boundaries are crossed.
const REPS: u64 = 70;
const SEED: u64 = 20_260_101;

/// A small organisation that uses every random process: several units and case classes,
/// patience, induced complaints, a seasonal and shocked demand, staff dynamics (on by
/// default) and two policies, one of which draws random numbers.
const SMALL: &str = r#"
name = "determinism"
horizon_years = 1
warmup_years = 0.25

[[units]]
name = "adminduk"
field = "adminduk"
positions = 4
staff = 3

[[units.cases]]
class = "request"
sla_days = 3
service = { kind = "lognormal", mean_hours = 0.5, cv = 0.5 }
patience = { kind = "exponential", mean_hours = 20 }
complaint_after_days = 1
complaint_prob = 0.5

[units.cases.demand]
base_per_day = 36
growth_per_year = 0.05
season = [1.15, 1, 1, 1, 1, 1, 1.1, 1, 1, 1, 0.95, 0.9]
shocks = [{ start_year = 0.25, end_year = 0.75, multiplier = 1.4, ramp_months = 2 }]

[[units.cases]]
class = "complaint"
sla_days = 10
demand = { base_per_day = 0.6 }
service = { kind = "gamma", mean_hours = 1.0, cv = 0.6 }

[[units]]
name = "kelurahan"
field = "public_service"
positions = 5
staff = 4
sla_days = 3
demand = { base_per_day = 20 }
service = { kind = "triangular", min_hours = 0.3, mode_hours = 0.8, max_hours = 2.0 }

[[units]]
name = "sekretariat"
field = "general"
positions = 4
staff = 4
sla_days = 5
demand = { base_per_day = 14 }
service = { kind = "exponential", mean_hours = 0.75 }

[[policies]]
name = "status_quo"
kind = "status_quo"

[[policies]]
name = "rotation"
kind = "periodic_rotation"
every_years = 0.25
who = "random"
"#;

fn small() -> Scenario {
    scenario_from_toml(SMALL)
}

/// Every KPI of every replication of every policy, as bits (NaN-safe equality).
fn kpi_bits(r: &ExperimentResult) -> Vec<(String, usize, Vec<u64>)> {
    r.policies
        .iter()
        .flat_map(|p| {
            p.kpis
                .iter()
                .enumerate()
                .map(|(i, k)| (p.name.clone(), i, k.iter().map(|v| v.to_bits()).collect()))
        })
        .collect()
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{}/{file}: {e}", dir.display()))
}

const CSVS: [&str; 3] = ["summary.csv", "replications.csv", "timeseries.csv"];

/// Runs `scenario` on one and on two threads and asserts identical KPIs, histograms, CSV
/// bytes and run descriptions.
fn assert_thread_count_does_not_matter(scenario: &Scenario, reps: u64) {
    let (m1, r1) = experiment(scenario, 1, reps, SEED);
    let (m2, r2) = experiment(scenario, 2, reps, SEED);
    assert_eq!(r1.threads, 1);
    assert_eq!(r2.threads, 2);
    assert_eq!(r1.policies.len(), scenario.policies.len());
    assert_eq!(r1.policies.len(), r2.policies.len());
    for (p1, p2) in r1.policies.iter().zip(&r2.policies) {
        assert_eq!(p1.name, p2.name);
        assert_eq!(p1.kpis.len() as u64, reps, "policy {}", p1.name);
        assert_eq!(p1.events, p2.events, "policy {}: events", p1.name);
        assert_eq!(p1.wait_days, p2.wait_days, "policy {}: waits", p1.name);
    }
    let (b1, b2) = (kpi_bits(&r1), kpi_bits(&r2));
    assert_eq!(b1.len(), b2.len());
    for (x, y) in b1.iter().zip(&b2) {
        assert_eq!(x, y, "policy {} replication {}: KPIs differ", x.0, x.1);
    }

    let tmp = tempfile::tempdir().expect("temp dir");
    let (d1, d2) = (tmp.path().join("one"), tmp.path().join("two"));
    write_results(&d1, &m1, &r1, false, None).expect("write results (1 thread)");
    write_results(&d2, &m2, &r2, false, None).expect("write results (2 threads)");
    for f in CSVS {
        let (a, b) = (read(&d1, f), read(&d2, f));
        assert!(a.len() > 100, "{f} is nearly empty");
        assert!(a == b, "{f} differs between 1 and 2 threads");
    }
    // run.json agrees on everything that describes the results (not on the wall time or
    // the thread count).
    let json = |d: &Path| -> serde_json::Value {
        serde_json::from_slice(&read(d, "run.json")).expect("run.json is JSON")
    };
    let (j1, j2) = (json(&d1), json(&d2));
    for key in [
        "seed",
        "replications",
        "policies",
        "months",
        "events",
        "scenario",
    ] {
        assert!(!j1[key].is_null(), "run.json lacks {key}");
        assert_eq!(j1[key], j2[key], "run.json {key}");
    }
}

#[test]
fn same_seed_gives_identical_results_on_one_and_two_threads() {
    assert_thread_count_does_not_matter(&small(), REPS);
}

/// The default scenario with all its policies (a two-year horizon keeps its schedule of
/// shocks and planned moves inside the run).
#[test]
fn the_default_scenario_gives_identical_results_on_one_and_two_threads() {
    let s = shipped_with("arcamanik", &["horizon_years=2", "warmup_years=1.75"]);
    assert_thread_count_does_not_matter(&s, 6);
}

#[test]
fn a_different_seed_gives_different_results() {
    let s = small();
    let reps = 8;
    let (m1, r1) = experiment(&s, 2, reps, SEED);
    let (m2, r2) = experiment(&s, 2, reps, SEED + 1);
    let cases = |r: &ExperimentResult| -> Vec<f64> {
        r.policies[0]
            .kpis
            .iter()
            .map(|k| k[Kpi::Cases as usize])
            .collect()
    };
    let (c1, c2) = (cases(&r1), cases(&r2));
    // About 16,000 Poisson arrivals per replication in the measured window (sd ~ 130): two
    // replications tie with probability about 0.2 %.
    let same = c1.iter().zip(&c2).filter(|(a, b)| a == b).count();
    assert!(same <= 1, "arrival counts {c1:?} vs {c2:?}");
    let tmp = tempfile::tempdir().expect("temp dir");
    let (d1, d2) = (tmp.path().join("a"), tmp.path().join("b"));
    write_results(&d1, &m1, &r1, false, None).expect("write results");
    write_results(&d2, &m2, &r2, false, None).expect("write results");
    for f in CSVS {
        assert!(
            read(&d1, f) != read(&d2, f),
            "{f} is the same for two seeds"
        );
    }
    // Replications within one experiment differ from each other, too.
    let distinct: std::collections::BTreeSet<u64> = c1.iter().map(|c| c.to_bits()).collect();
    assert!(
        distinct.len() >= c1.len() - 1,
        "replications repeat: {c1:?}"
    );
}

/// The experiment's replication r of a policy equals a lone run of it, whatever batch it
/// fell in and whatever ran before it on that thread.
#[test]
fn a_replication_depends_only_on_seed_policy_and_index() {
    let s = small();
    let (m, r) = experiment(&s, 2, REPS, SEED);
    let alone: Model = model(&s);
    for (pi, spec) in s.policies.iter().enumerate() {
        let result = r
            .policies
            .iter()
            .find(|p| p.name == spec.name)
            .unwrap_or_else(|| panic!("no result for policy {}", spec.name));
        for rep in [0, 1, 63, 64, 69] {
            let lone = replication_under(&alone, pi, SEED, rep);
            let got: Vec<u64> = lone.kpis.iter().map(|v| v.to_bits()).collect();
            let want: Vec<u64> = result.kpis[rep as usize]
                .iter()
                .map(|v| v.to_bits())
                .collect();
            assert_eq!(got, want, "policy {} replication {rep}", spec.name);
            let again = replication_under(&m, pi, SEED, rep);
            assert!(
                again
                    .series
                    .values()
                    .iter()
                    .zip(lone.series.values())
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "policy {} replication {rep}: series differ between two runs",
                spec.name
            );
            assert_eq!(again.tallies, lone.tallies);
            assert_eq!(again.events, lone.events);
        }
    }
    // The two policies really differ (the rotation policy acts).
    let differs = (0..REPS as usize).any(|i| r.policies[0].kpis[i] != r.policies[1].kpis[i]);
    assert!(
        differs,
        "both policies gave identical KPIs in every replication"
    );
}

#[test]
fn random_streams_are_reproducible_and_independent_of_each_other() {
    let draw = |seed, rep, stream| -> Vec<u64> {
        let mut g = stream_rng(seed, rep, stream);
        (0..16).map(|_| g.random::<u64>()).collect()
    };
    assert_eq!(draw(1, 2, 3), draw(1, 2, 3));
    let coordinates = [
        (1, 2, 3),
        (2, 2, 3),
        (1, 3, 3),
        (1, 2, 4),
        (1, 3, 2),
        (0, 0, 0),
        (u64::MAX, 0, 0),
    ];
    let mut seeds = std::collections::BTreeSet::new();
    let mut firsts = std::collections::BTreeSet::new();
    for &(a, b, c) in &coordinates {
        seeds.insert(stream_seed(a, b, c));
        firsts.insert(draw(a, b, c)[0]);
    }
    assert_eq!(seeds.len(), coordinates.len(), "stream seeds collide");
    assert_eq!(firsts.len(), coordinates.len(), "streams start alike");
    // Each stream is roughly uniform: the mean of 20,000 draws in [0, 1) is 0.5 within
    // 4.4 standard errors (sd of a uniform mean: 1 / sqrt(12 n) = 0.002).
    for &(a, b, c) in &coordinates {
        let mut g = stream_rng(a, b, c);
        let mean = (0..20_000).map(|_| g.random::<f64>()).sum::<f64>() / 20_000.0;
        assert!(
            (mean - 0.5).abs() < 4.4 * 0.002,
            "stream {a},{b},{c}: mean {mean}"
        );
    }
}

#[test]
fn the_binary_writes_identical_files_on_one_and_two_threads() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let run = |threads: &str, out: &str| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_mutasi"))
            .args(["run", "mmc", "-r", "3", "--seed", "99", "--quiet"])
            .args(["--set", "horizon_years=0.5", "--set", "warmup_years=0.1"])
            .args(["--threads", threads, "-o"])
            .arg(tmp.path().join(out))
            .status()
            .expect("run mutasi");
        assert!(status.success(), "mutasi run --threads {threads}: {status}");
    };
    run("1", "one");
    run("2", "two");
    for f in CSVS {
        assert!(
            read(&tmp.path().join("one"), f) == read(&tmp.path().join("two"), f),
            "{f} differs between --threads 1 and --threads 2"
        );
    }
}

/// A big organisation runs one replication per policy: the policies then run side by side on
/// the threads (one block holds every policy's replication), with the same bits as on one
/// thread.
#[test]
fn one_replication_per_policy_is_identical_on_any_thread_count() {
    assert_thread_count_does_not_matter(&small(), 1);
}
