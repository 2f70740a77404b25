//! Experiments: byte-identical outputs whatever the thread count or shard split, merge
//! refusals, common random numbers, paired comparisons, target-CI stopping, sweeps, the
//! transfer log, and progress output only where it belongs.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use mutasi::experiment::{
    BATCH, Experiment, ExperimentResult, MergeError, Partial, Shard, StoppingRule, merge,
};
use mutasi::report::{read_shard, write_results, write_shard};
use mutasi::scenario::Scenario;
use mutasi::sim::{Kpi, Model};
use mutasi::stats::{paired_differences, summarize};

use crate::support::{scenario_from_toml, shipped_with};

/// Two counters; `move_one` moves one person from the quiet to the busy counter in month 1
/// (no minimum time at post), so the policies differ a little on the same arrivals.
const TWO_COUNTERS: &str = r#"
name = "two_counters"
horizon_years = 0.25
warmup_years = 0
staff_dynamics = false

[experiment]
replications = 10
seed = 11

[transfers]
min_years_at_post = 0

[[units]]
name = "front"
field = "general"
positions = 6
staff = 5
sla_days = 1
demand = { base_per_day = 30 }
service = { kind = "exponential", mean_hours = 1.0 }

[[units]]
name = "back"
field = "general"
positions = 6
staff = 5
sla_days = 1
demand = { base_per_day = 20 }
service = { kind = "exponential", mean_hours = 1.0 }

[[policies]]
name = "status_quo"
kind = "status_quo"

[[policies]]
name = "move_one"
kind = "planned_moves"
moves = [{ month = 1, from = "back", to = "front" }]
"#;

/// Every file a run writes (run.json compared apart from what describes the execution).
const FILES: [&str; 5] = [
    "summary.csv",
    "comparison.csv",
    "replications.csv",
    "timeseries.csv",
    "transfers.csv",
];

fn two_counters() -> Scenario {
    scenario_from_toml(TWO_COUNTERS)
}

fn run(scenario: &Scenario, threads: usize, reps: u64, seed: u64) -> (Model, ExperimentResult) {
    let e = Experiment::new(scenario)
        .expect("valid scenario")
        .threads(threads)
        .replications(reps)
        .seed(seed)
        .log_transfers(true);
    let r = e.run().expect("runs");
    (e.model().clone(), r)
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{}/{file}: {e}", dir.display()))
}

/// `run.json` without the fields that describe how the run was executed.
fn run_json(dir: &Path) -> serde_json::Value {
    let mut v: serde_json::Value =
        serde_json::from_slice(&read(dir, "run.json")).expect("run.json is JSON");
    let o = v.as_object_mut().expect("an object");
    for key in ["wall_seconds", "threads", "shards"] {
        o.remove(key);
    }
    v
}

fn assert_same_outputs(a: &Path, b: &Path, what: &str) {
    for f in FILES {
        let (x, y) = (read(a, f), read(b, f));
        assert!(x.len() > 60, "{f} is nearly empty");
        assert!(x == y, "{f} differs: {what}");
    }
    assert_eq!(run_json(a), run_json(b), "run.json differs: {what}");
}

#[test]
fn outputs_are_byte_identical_on_1_2_and_8_threads() {
    let s = two_counters();
    let reps = BATCH + 6;
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut dirs = Vec::new();
    for threads in [1, 2, 8] {
        let (m, r) = run(&s, threads, reps, 5);
        assert_eq!(r.threads, threads);
        let d = tmp.path().join(format!("t{threads}"));
        write_results(&d, &m, &r, false, None).expect("write");
        dirs.push(d);
    }
    assert_same_outputs(&dirs[0], &dirs[1], "1 vs 2 threads");
    assert_same_outputs(&dirs[0], &dirs[2], "1 vs 8 threads");
}

fn shard_parts(s: &Scenario, reps: u64, seed: u64, n: u64, dir: &Path) -> Vec<(String, Partial)> {
    (0..n)
        .map(|k| {
            let part = Experiment::new(s)
                .expect("valid")
                .threads(1 + k as usize % 2)
                .replications(reps)
                .seed(seed)
                .log_transfers(true)
                .run_shard(Shard::new(k, n).expect("shard"))
                .expect("shard runs");
            let folder = dir.join(format!("shard-{k}-seed-{seed}"));
            write_shard(&folder, &part, false).expect("write shard");
            let label = folder.display().to_string();
            (label, read_shard(&folder).expect("read shard back"))
        })
        .collect()
}

#[test]
fn three_shards_merged_equal_a_single_run_byte_for_byte() {
    // With a --set override, which the merged run.json must name as the single run's does.
    let set: mutasi::scenario::Override = "experiment.seed=11".parse().expect("an assignment");
    let s = mutasi::scenario::apply_overrides(two_counters(), &[set]).expect("applies");
    assert_eq!(s.overrides, ["experiment.seed=11"]);
    let reps = 10;
    let tmp = tempfile::tempdir().expect("temp dir");
    let (m, single) = run(&s, 2, reps, 5);
    write_results(&tmp.path().join("single"), &m, &single, false, None).expect("write");
    let parts = shard_parts(&s, reps, 5, 3, tmp.path());
    assert_eq!(
        parts
            .iter()
            .map(|(_, p)| p.meta.end_replication - p.meta.first_replication)
            .collect::<Vec<_>>(),
        vec![3, 3, 4]
    );
    // Any order of the folders gives the same result.
    let mut shuffled = parts;
    shuffled.swap(0, 2);
    let merged = merge(shuffled).expect("merge");
    assert_eq!(merged.result.shards, Some(3));
    write_results(
        &tmp.path().join("merged"),
        &merged.model,
        &merged.result,
        false,
        None,
    )
    .expect("write");
    assert_same_outputs(
        &tmp.path().join("single"),
        &tmp.path().join("merged"),
        "single run vs merged shards",
    );
    let moved = single.policy("move_one").expect("policy");
    assert!(!moved.transfers.is_empty(), "the planned move is logged");
}

/// `report` on a shard's folder or an interrupted run says what to do with it.
#[test]
fn a_shard_or_an_interrupted_run_is_named_with_the_command_that_completes_it() {
    let s = two_counters();
    let tmp = tempfile::tempdir().expect("temp dir");
    let parts = shard_parts(&s, 4, 5, 2, tmp.path());
    let shard = std::path::PathBuf::from(&parts[0].0);
    let err = mutasi::report::load_saved(&shard).expect_err("a shard is not results");
    assert!(
        matches!(err, mutasi::report::ReportError::Shard { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("mutasi merge"), "{err}");
    let stopped = tmp.path().join("stopped");
    std::fs::create_dir(&stopped).expect("dir");
    std::fs::write(stopped.join(mutasi::report::CHECKPOINT_META_FILE), "{}").expect("write");
    let err = mutasi::report::load_saved(&stopped).expect_err("not finished");
    assert!(err.to_string().contains("--resume"), "{err}");
}

#[test]
fn merge_refuses_other_seeds_duplicates_and_gaps() {
    let s = two_counters();
    let tmp = tempfile::tempdir().expect("temp dir");
    let parts = shard_parts(&s, 4, 5, 3, tmp.path());
    let other_seed = shard_parts(&s, 4, 6, 3, tmp.path());
    let message = |r: Result<_, MergeError>| match r {
        Ok(_) => panic!("merge should refuse"),
        Err(e) => e.to_string(),
    };

    let mixed = vec![parts[0].clone(), parts[1].clone(), other_seed[2].clone()];
    let m = message(merge(mixed));
    assert!(
        m.contains("seed 5 vs 6") && m.contains("shard-2-seed-6") && m.contains("shard-0-seed-5"),
        "{m}"
    );

    let twice = vec![parts[0].clone(), parts[1].clone(), parts[1].clone()];
    let m = message(merge(twice));
    assert!(
        m.contains("shard 1/3 is given twice") && m.contains("shard-1-seed-5"),
        "{m}"
    );

    let gap = vec![parts[0].clone(), parts[2].clone()];
    let m = message(merge(gap));
    assert!(m.contains("missing shard(s) 1/3"), "{m}");

    assert!(matches!(merge(Vec::new()), Err(MergeError::Empty)));

    // On the command line the same refusal is an input error (exit 2) naming the folders.
    let dirs: Vec<String> = [&parts[0].0, &parts[1].0, &other_seed[2].0]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let out = tmp.path().join("merged");
    let o = mutasi(
        &[
            &["merge"],
            dirs.iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice(),
            &["-o", &out.display().to_string()],
        ]
        .concat(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("seed 5 vs 6"),
        "{}",
        text(&o.stderr)
    );
    assert!(!out.exists(), "nothing is written on refusal");
}

#[test]
fn common_random_numbers_narrow_the_paired_interval() {
    let s = two_counters();
    let reps = 40;
    let (_, crn) = run(&s, 1, reps, 21);
    let moved = crn.policy("move_one").expect("policy");
    assert!(
        moved.summary(Kpi::TransfersDone).mean > 0.5,
        "the move happens"
    );
    let k = Kpi::WaitDaysMean;
    let paired = crn.paired_difference("move_one", k).expect("paired");
    // The same comparison with the second policy run on other random numbers.
    let (_, other) = run(&s, 1, reps, 22);
    let independent = summarize(&paired_differences(
        &other.policy("move_one").expect("policy").values(k),
        &crn.policy("status_quo").expect("policy").values(k),
    ));
    let width = |s: &mutasi::stats::Summary| s.ci95_high - s.ci95_low;
    eprintln!(
        "paired CI width {:.5} (CRN) vs {:.5} (independent)",
        width(&paired),
        width(&independent)
    );
    assert!(
        width(&paired) < 0.6 * width(&independent),
        "CRN {paired:?} vs independent {independent:?}"
    );
    // Moving a person to the busy counter shortens waits: a clear, significant difference.
    assert!(paired.ci95_high < 0.0, "{paired:?}");
    let row = crn
        .comparison()
        .into_iter()
        .find(|c| c.policy == "move_one" && c.kpi == k)
        .expect("row");
    assert_eq!(row.significant, Some(true));
    assert!(row.p_best > 0.5, "{row:?}");
}

#[test]
fn comparison_csv_has_every_policy_and_kpi_and_the_probability_of_being_best() {
    let s = two_counters();
    let tmp = tempfile::tempdir().expect("temp dir");
    let (m, r) = run(&s, 2, 6, 3);
    write_results(&tmp.path().join("out"), &m, &r, false, None).expect("write");
    let csv = String::from_utf8(read(&tmp.path().join("out"), "comparison.csv")).expect("utf8");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("policy,baseline,kpi,diff_mean,ci95_low,ci95_high,significant,p_best,unit")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // The baseline is not compared with itself: one row per other policy and KPI.
    assert_eq!(rows.len(), Kpi::COUNT);
    for (i, row) in rows.iter().enumerate() {
        let kpi = Kpi::ALL[i % Kpi::COUNT];
        assert_eq!(row[2], kpi.name());
        assert_eq!(row[1], "status_quo");
        assert_ne!(row[0], "status_quo", "{row:?}");
        assert!(matches!(row[6], "true" | "false" | ""), "{row:?}");
        assert_eq!(row[8], kpi.output_unit(), "{row:?}");
        assert!(!row.iter().any(|c| c.contains("NaN") || c.contains("inf")));
        if kpi.better() == mutasi::sim::Better::Neither {
            assert_eq!(row[7], "", "{row:?}");
        } else {
            assert!(row[7].parse::<f64>().is_ok(), "{row:?}");
        }
    }
    // p_best of the two policies sums to 1 on every KPI with a direction.
    for k in Kpi::ALL {
        let p = r.probability_best(*k);
        if k.better() != mutasi::sim::Better::Neither {
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{k:?}: {p:?}");
        }
    }
}

#[test]
fn one_replication_leaves_interval_cells_empty_and_says_why() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("one");
    let o = mutasi(&[
        "run",
        "mmc",
        "-r",
        "1",
        "--set",
        "horizon_years=0.25",
        "--set",
        "warmup_years=0",
        "-q",
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for f in ["summary.csv", "comparison.csv", "timeseries.csv"] {
        let t = String::from_utf8(read(&out, f)).expect("utf8");
        assert!(!t.contains("NaN") && !t.contains("inf"), "{f}");
    }
    let summary = String::from_utf8(read(&out, "summary.csv")).expect("utf8");
    let wait = summary
        .lines()
        .find(|l| l.starts_with("status_quo,wait_days_mean,"))
        .expect("row");
    let cells: Vec<&str> = wait.split(',').collect();
    assert!(
        !cells[2].is_empty() && cells[4].is_empty() && cells[5].is_empty(),
        "{wait}"
    );
    let info = run_json(&out);
    let notes = info["notes"].to_string();
    assert!(notes.contains("at least 2"), "{notes}");
}

#[test]
fn a_filtered_out_baseline_falls_back_to_the_first_policy_with_a_note() {
    let mut s = two_counters();
    s.baseline = "status_quo".into();
    let e = Experiment::new(&s)
        .expect("valid")
        .threads(1)
        .replications(2)
        .only(&["move_one".to_string()])
        .expect("known policy");
    let r = e.run().expect("runs");
    assert_eq!(r.baseline, "move_one");
    let note = r.baseline_note.clone().expect("a note");
    assert!(
        note.contains("'status_quo'") && note.contains("'move_one'"),
        "{note}"
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    write_results(&tmp.path().join("o"), e.model(), &r, false, None).expect("write");
    let info = run_json(&tmp.path().join("o"));
    assert_eq!(info["baseline"], "move_one");
    assert!(info["baseline_note"].as_str().is_some_and(|n| n == note));
}

#[test]
fn target_ci_stops_when_precise_enough_and_equals_a_fixed_run() {
    let s = shipped_with("mmc", &["horizon_years=0.25", "warmup_years=0"]);
    let target = Experiment::new(&s)
        .expect("valid")
        .threads(2)
        .seed(3)
        .target_ci(0.5)
        .run()
        .expect("runs");
    assert_eq!(target.stopping_rule, StoppingRule::TargetCiReached);
    assert_eq!(target.replications, BATCH);
    for k in mutasi::experiment::HEADLINE_KPIS {
        let sm = target.summary("status_quo", k).expect("kpi");
        if sm.n > 0 {
            assert!(
                (sm.ci95_high - sm.ci95_low) / 2.0 <= 0.5 * sm.mean.abs(),
                "{k:?}"
            );
        }
    }
    let fixed = Experiment::new(&s)
        .expect("valid")
        .threads(1)
        .seed(3)
        .replications(target.replications);
    let fixed_result = fixed.run().expect("runs");
    let tmp = tempfile::tempdir().expect("temp dir");
    let (a, b) = (tmp.path().join("target"), tmp.path().join("fixed"));
    write_results(&a, fixed.model(), &target, false, None).expect("write");
    write_results(&b, fixed.model(), &fixed_result, false, None).expect("write");
    for f in [
        "summary.csv",
        "comparison.csv",
        "replications.csv",
        "timeseries.csv",
    ] {
        assert!(read(&a, f) == read(&b, f), "{f} differs from the fixed run");
    }
    let info = run_json(&a);
    assert_eq!(info["stopping_rule"], "target_ci_reached");
    assert_eq!(info["replications"], BATCH);
    assert_eq!(run_json(&b)["stopping_rule"], "fixed");
}

#[test]
fn target_ci_stops_at_the_maximum_when_out_of_reach() {
    let s = shipped_with("mmc", &["horizon_years=0.25", "warmup_years=0"]);
    let r = Experiment::new(&s)
        .expect("valid")
        .threads(2)
        .target_ci(1e-9)
        .max_replications(BATCH + 3)
        .run()
        .expect("runs");
    assert_eq!(r.stopping_rule, StoppingRule::MaxReplications);
    assert_eq!(r.replications, BATCH + 3);
    assert!(r.policies.iter().all(|p| p.kpis.len() as u64 == BATCH + 3));
}

/// Under `--target-ci`, the estimate furthest from the target is known after each batch: the
/// progress callback carries it while the run goes on, and `run.json` names it with the
/// KPIs watched.
#[test]
fn the_kpi_that_holds_a_target_ci_run_back_shows_while_running_and_in_run_json() {
    let s = shipped_with("mmc", &["horizon_years=0.25", "warmup_years=0"]);
    let watched = [Kpi::WaitDaysMean, Kpi::BacklogEnd];
    let e = Experiment::new(&s)
        .expect("valid")
        .threads(2)
        .target_ci(1e-9)
        .target_kpis(&watched)
        .max_replications(BATCH + 3);
    let seen = std::sync::Mutex::new(Vec::new());
    let r = e
        .run_with(|p| {
            if let Some(l) = &p.limiting {
                seen.lock().expect("lock").push((p.done(), l.kpi));
            }
        })
        .expect("runs");
    let seen = seen.into_inner().expect("lock");
    let first_batch = BATCH * r.policies.len() as u64;
    // Known once the first batch is folded, and always one of the KPIs watched.
    assert!(!seen.is_empty());
    assert!(
        seen.iter()
            .all(|(done, k)| *done > first_batch && watched.contains(k)),
        "{seen:?}"
    );
    let limiting = r.limiting().expect("a limiting estimate");
    assert!(watched.contains(&limiting.kpi));
    assert!(limiting.relative > 1e-9);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("target");
    write_results(&dir, e.model(), &r, false, None).expect("write");
    let info = run_json(&dir);
    assert_eq!(
        info["target_kpis"],
        serde_json::json!(["wait_days_mean", "backlog_end"])
    );
    assert_eq!(info["limiting"]["kpi"], limiting.kpi.name());
    assert_eq!(info["limiting"]["policy"], limiting.policy.as_str());
    assert_eq!(info["limiting"]["above_target"], true);
    // A fixed run names none.
    let fixed = Experiment::new(&s)
        .expect("valid")
        .replications(2)
        .run()
        .expect("runs");
    assert!(fixed.limiting().is_none());
}

#[test]
fn target_ci_stops_when_every_difference_is_resolved() {
    // `freeze` and `status_quo` are identical without staff dynamics (no request to refuse):
    // every paired difference is exactly zero, inside any margin, long before the means'
    // intervals meet a tight target.
    let toml = format!(
        "{}\n[[policies]]\nname = \"frozen\"\nkind = \"freeze\"\n",
        TWO_COUNTERS.replace(
            "moves = [{ month = 1, from = \"back\", to = \"front\" }]",
            "moves = []"
        )
    );
    let s = scenario_from_toml(&toml);
    let r = Experiment::new(&s)
        .expect("valid")
        .threads(2)
        .only(&["status_quo".to_string(), "frozen".to_string()])
        .expect("policies")
        .target_ci(1e-6)
        .max_replications(1000)
        .run()
        .expect("runs");
    assert_eq!(r.stopping_rule, StoppingRule::DifferencesResolved);
    assert_eq!(r.replications, BATCH);
}

fn mutasi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mutasi"))
        .args(args)
        .output()
        .expect("run the mutasi binary")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn sweep_writes_every_point_policy_and_kpi() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let scenario = tmp.path().join("two.toml");
    std::fs::write(&scenario, TWO_COUNTERS).expect("write scenario");
    let out = tmp.path().join("sweep");
    let o = mutasi(&[
        "sweep",
        &scenario.display().to_string(),
        "--vary",
        "units.front.staff=4,5,6",
        "--vary",
        "units.back.demand.base_per_day=15,20",
        "-r",
        "2",
        "--threads",
        "2",
        "-q",
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = String::from_utf8(read(&out, "sweep.csv")).expect("utf8");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "point,units.front.staff,units.back.demand.base_per_day,policy,kpi,mean,ci95_low,ci95_high,unit"
        )
    );
    let rows: BTreeSet<(String, String, String, String, String)> = lines
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0], c[1], c[2], c[3], c[4]).map_into()
        })
        .collect();
    let mut want = BTreeSet::new();
    for (point, (staff, demand)) in ["4", "5", "6"]
        .iter()
        .flat_map(|s| ["15", "20"].map(|d| (*s, d)))
        .enumerate()
    {
        for policy in ["status_quo", "move_one"] {
            for k in Kpi::ALL {
                want.insert(
                    (point.to_string().as_str(), staff, demand, policy, k.name()).map_into(),
                );
            }
        }
        let folder = out.join(format!("point-{point}"));
        for f in ["summary.csv", "comparison.csv", "run.json"] {
            assert!(folder.join(f).is_file(), "{}/{f}", folder.display());
        }
    }
    assert_eq!(rows, want);
    // Every point used the same seed, and the grid is described in run.json.
    let info = run_json(&out);
    assert_eq!(info["sweep"]["points"].as_array().map(Vec::len), Some(6));
    for k in 0..6 {
        let p = run_json(&out.join(format!("point-{k}")));
        assert_eq!(p["seed"], 11);
    }
}

/// A sweep of one policy's parameter simulates every other policy once: their scenario
/// does not change from point to point. What it reuses is, bit for bit, what a run of that
/// point on its own gives, and `run.json` says which policies each point reused.
#[test]
fn a_sweep_of_one_policys_parameter_simulates_the_others_once() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let scenario = tmp.path().join("two.toml");
    std::fs::write(&scenario, TWO_COUNTERS).expect("write scenario");
    let scenario = scenario.display().to_string();
    let out = tmp.path().join("sweep");
    let common = ["-r", "3", "--threads", "2", "-q", "--no-charts"];
    let mut args = vec![
        "sweep",
        &scenario,
        "--vary",
        "policies.move_one.moves.0.month=1,2",
        "-o",
    ];
    let out_text = out.display().to_string();
    args.push(&out_text);
    args.extend(common);
    let o = mutasi(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let info = run_json(&out);
    let points = info["sweep"]["points"].as_array().expect("points");
    assert_eq!(points.len(), 2);
    assert!(points[0].get("reused").is_none(), "{}", points[0]);
    assert_eq!(points[1]["reused"], serde_json::json!(["status_quo"]));
    // Each point equals a run of its own, reused policy included.
    for (k, month) in ["1", "2"].iter().enumerate() {
        let alone = tmp.path().join(format!("alone-{k}"));
        let set = format!("policies.move_one.moves.0.month={month}");
        let alone_text = alone.display().to_string();
        let mut args = vec!["run", &scenario, "--set", &set, "-o", &alone_text];
        args.extend(common);
        let o = mutasi(&args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let point = out.join(format!("point-{k}"));
        for f in [
            "summary.csv",
            "comparison.csv",
            "replications.csv",
            "timeseries.csv",
            "unit_replications.csv",
        ] {
            assert!(
                read(&point, f) == read(&alone, f),
                "point-{k}/{f} differs from a run of that point alone"
            );
        }
    }
    // The events of a reused policy are not counted twice.
    let events = |dir: &Path| run_json(dir)["events"].as_u64().expect("events");
    let sweep = events(&out);
    let (p0, p1) = (events(&out.join("point-0")), events(&out.join("point-1")));
    assert!(sweep > p0 && sweep < p0 + p1, "{sweep} vs {p0} + {p1}");
}

/// `(a, b, c, d, e)` of `&str` as owned strings.
trait MapInto {
    fn map_into(self) -> (String, String, String, String, String);
}

impl MapInto for (&str, &str, &str, &str, &str) {
    fn map_into(self) -> (String, String, String, String, String) {
        (
            self.0.into(),
            self.1.into(),
            self.2.into(),
            self.3.into(),
            self.4.into(),
        )
    }
}

#[test]
fn sweep_errors_name_the_path_and_value() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("sweep").display().to_string();
    let o = mutasi(&[
        "sweep",
        "mmc",
        "--vary",
        "units.counter.staff=10,ten",
        "-r",
        "2",
        "-o",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("units.counter.staff") && err.contains("'ten'"),
        "{err}"
    );
    let o = mutasi(&[
        "sweep",
        "mmc",
        "--vary",
        "horizon_years=1,0.25",
        "-r",
        "2",
        "-o",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("horizon_years=0.25") && err.contains("warmup_years"),
        "{err}"
    );
    assert!(
        !Path::new(&out).exists(),
        "nothing runs when a point is invalid"
    );
}

#[test]
fn transfer_log_lists_orders_with_unit_names() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let scenario = tmp.path().join("two.toml");
    std::fs::write(&scenario, TWO_COUNTERS).expect("write scenario");
    let out = tmp.path().join("log");
    let o = mutasi(&[
        "run",
        &scenario.display().to_string(),
        "-r",
        "2",
        "--policies",
        "move_one",
        "--transfer-log",
        "-q",
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = String::from_utf8(read(&out, "transfers.csv")).expect("utf8");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("policy,replication,month,staff,from,to,reason,outcome,rule")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!((r[0], r[4], r[5]), ("move_one", "back", "front"), "{r:?}");
        assert_eq!(r[6], "planned");
    }
    let reps: BTreeSet<&str> = rows.iter().map(|r| r[1]).collect();
    assert_eq!(reps, BTreeSet::from(["0", "1"]));
    // Unknown policy names are an input error.
    let o = mutasi(&[
        "run",
        &scenario.display().to_string(),
        "--policies",
        "nope",
        "-o",
        &tmp.path().join("x").display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no policy named 'nope'"));
}

#[test]
fn no_progress_output_when_piped_for_a_short_run_or_when_quiet() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let args = |out: &str, quiet: bool| {
        let mut a = vec![
            "run",
            "mmc",
            "-r",
            "3",
            "--set",
            "horizon_years=0.25",
            "--set",
            "warmup_years=0",
            "-o",
        ];
        a.push(Box::leak(out.to_string().into_boxed_str()));
        if quiet {
            a.push("--quiet");
        }
        a
    };
    let loud = tmp.path().join("loud").display().to_string();
    let o = mutasi(&args(&loud, false));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o.stderr),
        "",
        "stderr is not a terminal: no bar, no line"
    );
    assert!(text(&o.stdout).contains("results:"));
    let quiet = tmp.path().join("quiet").display().to_string();
    let o = mutasi(&args(&quiet, true));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o.stderr), "");
    assert_eq!(text(&o.stdout), "");
}

#[test]
fn shard_and_merge_work_from_the_command_line() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let base = [
        "run",
        "mmc",
        "-r",
        "5",
        "--set",
        "horizon_years=0.25",
        "--set",
        "warmup_years=0",
        "-q",
    ];
    let dir = |name: &str| tmp.path().join(name).display().to_string();
    let o = mutasi(&[&base[..], &["-o", &dir("single")]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for k in 0..2 {
        let shard = format!("{k}/2");
        let o = mutasi(
            &[
                &base[..],
                &["--shard", &shard, "-o", &dir(&format!("s{k}"))],
            ]
            .concat(),
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    let o = mutasi(&["merge", &dir("s1"), &dir("s0"), "-o", &dir("merged"), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let (a, b) = (tmp.path().join("single"), tmp.path().join("merged"));
    for f in [
        "summary.csv",
        "comparison.csv",
        "replications.csv",
        "timeseries.csv",
    ] {
        assert!(read(&a, f) == read(&b, f), "{f}");
    }
    assert_eq!(run_json(&a), run_json(&b));
    // Bad shard specifications and a folder that is not a shard are input errors.
    let o = mutasi(&[&base[..], &["--shard", "2/2", "-o", &dir("bad")]].concat());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("numbered 0 to 1"),
        "{}",
        text(&o.stderr)
    );
    let o = mutasi(&["merge", &dir("s0"), &dir("single"), "-o", &dir("m2")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("is not a shard folder"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn edited_truncated_or_swapped_shard_data_and_other_versions_are_refused() {
    let s = two_counters();
    let tmp = tempfile::tempdir().expect("temp dir");
    let parts = shard_parts(&s, 4, 5, 2, tmp.path());
    // The same shards of another seed's run, to swap data with.
    shard_parts(&s, 4, 6, 2, tmp.path());
    let data = |k: u64, seed: u64| {
        tmp.path()
            .join(format!("shard-{k}-seed-{seed}"))
            .join("shard-data.json")
    };
    let refused = |k: u64| {
        let dir = tmp.path().join(format!("shard-{k}-seed-5"));
        let e = read_shard(&dir).expect_err("refused").to_string();
        assert!(
            e.contains(&data(k, 5).display().to_string())
                && e.contains("does not match the digest"),
            "{e}"
        );
    };
    let original = std::fs::read(data(1, 5)).expect("data");
    // Swapped for the same shard of another seed's run (same shape, other numbers).
    std::fs::copy(data(1, 6), data(1, 5)).expect("copy");
    refused(1);
    // One digit changed.
    let mut edited = original.clone();
    let at = edited
        .iter()
        .rposition(u8::is_ascii_digit)
        .expect("a digit");
    edited[at] = if edited[at] == b'9' {
        b'8'
    } else {
        edited[at] + 1
    };
    std::fs::write(data(1, 5), &edited).expect("write");
    refused(1);
    // Cut short.
    std::fs::write(data(1, 5), &original[..original.len() / 2]).expect("write");
    refused(1);
    std::fs::write(data(1, 5), &original).expect("write");
    assert!(read_shard(&tmp.path().join("shard-1-seed-5")).is_ok());

    // Shards that all say another mutasi version wrote them are refused, as --resume does.
    let mut old: Vec<(String, Partial)> = parts.clone();
    for (_, p) in &mut old {
        p.meta.version = "0.0.1".into();
    }
    match merge(old) {
        Err(e @ MergeError::OtherVersion { .. }) => {
            assert!(e.to_string().contains("mutasi 0.0.1"), "{e}")
        }
        other => panic!("expected a version refusal, got {:?}", other.map(|_| ())),
    }
    assert!(merge(parts).is_ok());
}
