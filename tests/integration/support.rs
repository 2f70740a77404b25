//! Shared helpers: scenario builders, the only calls into the simulator and the experiment
//! runner (so an API change touches one file), stopping a run part-way, running the binary,
//! comparing results folders, and confidence-interval checks.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use mutasi::experiment::{Experiment, ExperimentResult, Partial, RunError};
use mutasi::scenario::{self, Override, Scenario};
use mutasi::sim::policy::{PolicySetup, build};
use mutasi::sim::{Model, ReplicationResult, simulate, simulate_until};
use mutasi::stats::Moments;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

// ---------------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------------

/// Settings for every property test: a fixed seed, so the suite gives the same verdict on
/// every run and CI cannot turn red by luck, and no regression files in the source tree (a
/// failure prints its minimal input). To explore beyond the fixed cases, set
/// `MUTASI_PROPTEST_SEED` to another number and `PROPTEST_CASES` to a larger count.
pub fn property_config(cases: u32) -> ProptestConfig {
    fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
        std::env::var(name).ok().and_then(|v| v.parse().ok())
    }
    ProptestConfig {
        cases: env("PROPTEST_CASES").unwrap_or(cases),
        max_shrink_iters: 200,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(env("MUTASI_PROPTEST_SEED").unwrap_or(20_261_123)),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------

/// Parses and validates a scenario written inside a test; panics with the error and the text.
pub fn scenario_from_toml(text: &str) -> Scenario {
    let scenario = scenario::parse(text, "<test scenario>")
        .unwrap_or_else(|e| panic!("test scenario does not parse: {e}\n{text}"));
    if let Err(e) = scenario.validate("<test scenario>") {
        panic!("test scenario is invalid: {e}\n{text}");
    }
    scenario
}

/// A shipped scenario with `--set`-style overrides applied (and validated).
pub fn shipped_with(name: &str, sets: &[&str]) -> Scenario {
    let overrides = overrides(sets);
    let (scenario, _) = scenario::load(name, &overrides)
        .unwrap_or_else(|e| panic!("shipped scenario {name} with {sets:?}: {e}"));
    scenario
}

/// Parses `PATH=VALUE` strings as the command line would.
pub fn overrides(sets: &[&str]) -> Vec<Override> {
    sets.iter()
        .map(|s| {
            s.parse::<Override>()
                .unwrap_or_else(|e| panic!("override {s}: {e}"))
        })
        .collect()
}

/// One single-class unit that is a pure M/M/c queue (optionally +M: exponential patience):
/// staff are plain servers (`staff_dynamics = false`).
#[derive(Debug, Clone, Copy)]
pub struct Queue {
    /// Number of servers c.
    pub servers: u32,
    /// Arrival rate per working hour (lambda).
    pub arrivals_per_hour: f64,
    /// Mean service time in hours (1 / mu).
    pub service_mean_hours: f64,
    /// Mean patience in hours (1 / theta); `None` = nobody abandons.
    pub patience_mean_hours: Option<f64>,
    /// Simulated years.
    pub horizon_years: f64,
    /// Warm-up years (rounded to whole months by the model).
    pub warmup_years: f64,
}

/// Working hours per day used by every generated queue scenario.
pub const QUEUE_HOURS_PER_DAY: f64 = 7.5;

impl Queue {
    /// The scenario as TOML text.
    pub fn toml(&self) -> String {
        let patience = match self.patience_mean_hours {
            Some(m) => format!("patience = {{ kind = \"exponential\", mean_hours = {m:?} }}\n"),
            None => String::new(),
        };
        format!(
            r#"name = "queue"
staff_dynamics = false
horizon_years = {horizon:?}
warmup_years = {warmup:?}

[calendar]
hours_per_day = {hpd:?}
days_per_year = 240

[[units]]
name = "counter"
positions = {c}
staff = {c}
sla_days = 1
demand = {{ base_per_day = {per_day:?} }}
service = {{ kind = "exponential", mean_hours = {mean:?} }}
{patience}"#,
            horizon = self.horizon_years,
            warmup = self.warmup_years,
            hpd = QUEUE_HOURS_PER_DAY,
            c = self.servers,
            per_day = self.arrivals_per_hour * QUEUE_HOURS_PER_DAY,
            mean = self.service_mean_hours,
        )
    }

    /// The validated scenario.
    pub fn scenario(&self) -> Scenario {
        scenario_from_toml(&self.toml())
    }
}

// ---------------------------------------------------------------------------------------
// Running the simulator (the only place that calls `simulate` and `Experiment`)
// ---------------------------------------------------------------------------------------

/// Compiles a validated scenario.
pub fn model(scenario: &Scenario) -> Model {
    Model::new(scenario).expect("a validated scenario compiles")
}

/// One replication under the scenario's first policy (the status quo unless the scenario
/// lists others), exactly as the experiment runner would run it.
pub fn replication(model: &Model, seed: u64, replication: u64) -> ReplicationResult {
    replication_under(model, 0, seed, replication)
}

/// One replication under the scenario's policy number `policy`.
pub fn replication_under(
    model: &Model,
    policy: usize,
    seed: u64,
    replication: u64,
) -> ReplicationResult {
    let spec = model
        .scenario
        .policies
        .get(policy)
        .unwrap_or_else(|| panic!("the scenario has no policy number {policy}"));
    let mut policy = build(spec, model);
    simulate(
        model,
        policy.as_mut(),
        &PolicySetup::from_spec(spec, model),
        seed,
        replication,
    )
}

/// Replication 0 under the scenario's first policy, asking `stop` whether to give up
/// (`None` when it did).
pub fn replication_until(model: &Model, stop: &dyn Fn() -> bool) -> Option<ReplicationResult> {
    let spec = &model.scenario.policies[0];
    let mut policy = build(spec, model);
    simulate_until(
        model,
        policy.as_mut(),
        &PolicySetup::from_spec(spec, model),
        1,
        0,
        stop,
    )
}

/// Replication 0 under policy number `policy`, checked against every invariant (cases,
/// headcount, positions, clock, KPIs finite or legitimately undefined, the transfer log
/// when the model keeps one); panics naming the broken one.
pub fn sound_replication(model: &Model, policy: usize, seed: u64) -> ReplicationResult {
    let r = replication_under(model, policy, seed, 0);
    if let Err(e) = r.check_all_invariants(model) {
        panic!("invariant broken: {e}");
    }
    r
}

/// Replications `0..n`, run one after the other (the test harness already runs tests in
/// parallel, so this keeps the machine at one thread per test).
pub fn replications(model: &Model, seed: u64, n: u64) -> Vec<ReplicationResult> {
    (0..n).map(|r| replication(model, seed, r)).collect()
}

/// A whole experiment on `threads` worker threads; returns the compiled model too (for the
/// report writers).
pub fn experiment(
    scenario: &Scenario,
    threads: usize,
    replications: u64,
    seed: u64,
) -> (Model, ExperimentResult) {
    let experiment = Experiment::new(scenario)
        .expect("a validated scenario compiles")
        .threads(threads)
        .replications(replications)
        .seed(seed);
    let result = experiment.run().expect("the experiment runs");
    (experiment.model().clone(), result)
}

/// A run ended by its stop flag.
#[derive(Debug)]
pub struct Stopped {
    /// The completed replications, for a resume.
    pub checkpoint: Partial,
    /// Replications per policy completed (every policy alike).
    pub completed: u64,
    /// Replications per policy planned.
    pub planned: u64,
}

/// Runs `experiment` with a stop flag raised once `after` replications (over all policies)
/// have finished (before the start when `after` is 0). Panics unless the run stopped with
/// a checkpoint holding exactly replications `0..completed` of every policy.
pub fn stopped_after(experiment: Experiment, after: u64) -> Stopped {
    let flag = Arc::new(AtomicBool::new(after == 0));
    let experiment = experiment.stop_flag(flag.clone());
    let outcome = experiment.run_with(|p| {
        if p.done() >= after {
            flag.store(true, Ordering::SeqCst);
        }
    });
    match outcome {
        Err(RunError::Interrupted {
            completed,
            planned,
            checkpoint: Some(checkpoint),
        }) => {
            assert_eq!(checkpoint.meta.first_replication, 0);
            assert_eq!(checkpoint.meta.end_replication, completed);
            for p in &checkpoint.policies {
                assert_eq!(p.kpis.len() as u64, completed, "policy {}", p.name);
            }
            Stopped {
                checkpoint: *checkpoint,
                completed,
                planned,
            }
        }
        Err(e) => panic!("expected an interrupted run, got error {e}"),
        Ok(_) => panic!("the stop flag was raised but the run completed"),
    }
}

/// Every KPI value of the first policy, replication by replication, as bits (to compare two
/// runs exactly).
pub fn first_policy_kpi_bits(result: &ExperimentResult) -> Vec<u64> {
    result.policies[0]
        .kpis
        .iter()
        .flatten()
        .map(|v| v.to_bits())
        .collect()
}

// ---------------------------------------------------------------------------------------
// The binary and its results folders
// ---------------------------------------------------------------------------------------

/// The `mutasi` binary with `args`, to be run in the folder `cwd`.
pub fn mutasi_command(args: &[&str], cwd: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mutasi"));
    command.args(args).current_dir(cwd);
    command
}

/// Runs the `mutasi` binary with `args` in the folder `cwd` and waits for it.
pub fn mutasi(args: &[&str], cwd: &Path) -> Output {
    mutasi_command(args, cwd)
        .output()
        .expect("run the mutasi binary")
}

/// Standard output and standard error as text.
pub fn out_err(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The tables of a results folder; the last, `transfers.csv`, only with a transfer log.
pub const RESULT_TABLES: [&str; 5] = [
    "summary.csv",
    "comparison.csv",
    "replications.csv",
    "timeseries.csv",
    "transfers.csv",
];

/// Asserts that each of the files `names` holds the same bytes in folders `a` and `b`.
pub fn assert_same_files(a: &Path, b: &Path, names: &[&str]) {
    for name in names {
        let x = std::fs::read(a.join(name)).unwrap_or_else(|e| panic!("{name} in {a:?}: {e}"));
        let y = std::fs::read(b.join(name)).unwrap_or_else(|e| panic!("{name} in {b:?}: {e}"));
        assert!(x == y, "{name} differs between {a:?} and {b:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------

/// Confidence level of each test family: a correct simulator fails a family with
/// probability at most 1 %.
pub const FAMILY_LEVEL: f64 = 0.99;

/// Per-comparison level that keeps a family of `comparisons` at `family` (Bonferroni).
pub fn bonferroni(family: f64, comparisons: usize) -> f64 {
    1.0 - (1.0 - family) / comparisons as f64
}

/// Moments of the values (NaN values are an error here: every replication must define them).
pub fn moments(label: &str, values: &[f64]) -> Moments {
    let mut m = Moments::default();
    for (i, &v) in values.iter().enumerate() {
        assert!(v.is_finite(), "{label}: replication {i} gave {v}");
        m.push(v);
    }
    m
}

/// Asserts that the two-sided Student-t confidence interval at `level` of the mean of the
/// per-replication `values` (independent replications) contains `expected`, and that its
/// half-width is at most `max_half_width`, so that the check has the power to see an error
/// of that size. Returns the moments for further checks.
pub fn assert_mean_matches(
    label: &str,
    values: &[f64],
    expected: f64,
    level: f64,
    max_half_width: f64,
) -> Moments {
    let m = moments(label, values);
    assert!(m.n >= 2, "{label}: need at least two replications");
    let t = t_quantile(0.5 + level / 2.0, (m.n - 1) as f64);
    let half = t * m.sd() / (m.n as f64).sqrt();
    eprintln!(
        "{label}: mean {:.6} +- {half:.6} ({:.4}%, n = {}), expected {expected:.6}",
        m.mean,
        level * 100.0,
        m.n
    );
    assert!(
        (m.mean - expected).abs() <= half,
        "{label}: mean {:.6} over {} replications, {:.4}% CI [{:.6}, {:.6}] misses the expected {expected:.6}",
        m.mean,
        m.n,
        level * 100.0,
        m.mean - half,
        m.mean + half,
    );
    assert!(
        half <= max_half_width,
        "{label}: the {:.4}% CI half-width {half:.6} exceeds {max_half_width:.6}; \
         the check has too little power (add replications)",
        level * 100.0,
    );
    m
}

// Quantiles come from `statrs`, an oracle independent of the crate under test (whose own
// `stats` quantiles are checked against it in `theory.rs`). For t and chi-square they are
// found by bisection on statrs' distribution functions rather than taken from its
// `inverse_cdf`, which is approximate there: the t inverse loses digits past a few
// thousand degrees of freedom, and the chi-square one (8 bisection and 4 Newton steps)
// is off by 5 % of the tail at 300 degrees of freedom and NaN in the lower tail at 1.

/// Standard normal quantile.
pub fn normal_quantile(p: f64) -> f64 {
    assert!(p > 0.0 && p < 1.0, "normal quantile of {p}");
    Normal::new(0.0, 1.0)
        .expect("the standard normal")
        .inverse_cdf(p)
}

/// Student t quantile with `df` degrees of freedom.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    assert!(
        p > 0.0 && p < 1.0 && df > 0.0,
        "t quantile of {p} at {df} df"
    );
    let t = StudentsT::new(0.0, 1.0, df).expect("a t distribution");
    invert(|x| t.cdf(x), p, (-1.0, 1.0))
}

/// Chi-square quantile with `df` degrees of freedom.
pub fn chi_square_quantile(p: f64, df: f64) -> f64 {
    assert!(
        p > 0.0 && p < 1.0 && df > 0.0,
        "chi-square quantile of {p} at {df} df"
    );
    let chi2 = ChiSquared::new(df).expect("a chi-square distribution");
    invert(|x| chi2.cdf(x), p, (0.0, df.max(1.0)))
}

/// The `x` where the increasing `cdf` crosses `p`: the bracket `(lo, hi)` widens until it
/// holds the crossing, then halves until it is two adjacent floats.
fn invert(cdf: impl Fn(f64) -> f64, p: f64, (mut lo, mut hi): (f64, f64)) -> f64 {
    while cdf(lo) > p {
        lo -= hi - lo;
    }
    while cdf(hi) < p {
        hi += hi - lo;
    }
    loop {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            return mid;
        }
        if cdf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
}

/// Absolute path of a file under `tests/data`.
pub fn data_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(relative)
}

// ---------------------------------------------------------------------------------------
// Robustness studies
// ---------------------------------------------------------------------------------------

/// A robustness study of `scenario` (its `[uncertainty]` table) with `points` points of
/// `replications` replications, on `threads` threads, analysing `kpis`.
pub fn robust_study(
    scenario: &Scenario,
    points: usize,
    replications: u64,
    seed: u64,
    threads: usize,
    kpis: &[mutasi::sim::Kpi],
) -> mutasi::experiment::robust::RobustStudy {
    let settings = mutasi::experiment::robust::RobustSettings {
        points,
        replications,
        seed,
        threads,
        policies: None,
        kpis: kpis.to_vec(),
    };
    mutasi::experiment::robust::RobustStudy::new(scenario, "<test scenario>", settings)
        .unwrap_or_else(|e| panic!("robust study: {e}"))
}

/// Runs a whole robustness study.
pub fn robust_run(
    study: &mutasi::experiment::robust::RobustStudy,
) -> mutasi::experiment::robust::RobustRun {
    study
        .run_with(None, |_, _| {})
        .unwrap_or_else(|e| panic!("robust run: {e}"))
}
