//! `mutasi robust`: a study finds the parameter that decides a ranking and where it flips
//! (against queueing theory), gives a parameter with no effect an index near zero, keeps its
//! probabilities consistent, is bit-identical across threads, shards and an interrupt, and
//! refuses bad ranges with the path named.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use mutasi::experiment::Shard;
use mutasi::experiment::robust::{
    PartsError, PointTable, RobustError, RobustRun, merge_robust, robust_rows, sensitivity_rows,
    verdicts,
};
use mutasi::report::{points_csv, robust_csv, sensitivity_csv};
use mutasi::scenario::{self, Scenario};
use mutasi::sim::Kpi;

use crate::support::{mutasi, out_err, robust_run, robust_study, scenario_from_toml};
use crate::theory::mmc_mean_wait;

/// Two units of plain servers (exponential service, mean 1 hour): `a` with 5 people and 18
/// cases a day, `b` with 3 people and `B` cases a day. `move` sends one person from `a` to
/// `b` at the end of month 1 (accepted at once, no transit), the status quo keeps them. Which
/// is better on the mean wait depends on `B` alone, by construction; `costs.training_rp` has
/// no effect at all (nobody is trained).
fn flip_scenario(range: &str) -> Scenario {
    scenario_from_toml(&format!(
        r#"name = "flip"
staff_dynamics = false
horizon_years = 3
warmup_years = 1

[workforce.hiring]
backfill_transfers = false

[transfers]
min_years_at_post = 0
notice_months = 0
transit_days = [0, 0, 0]

[transfers.resistance]
base_logit = -50.0

[[units]]
name = "a"
positions = 6
staff = 5
sla_days = 1
demand = {{ base_per_day = 18 }}
service = {{ kind = "exponential", mean_hours = 1.0 }}

[[units]]
name = "b"
positions = 6
staff = 3
sla_days = 1
demand = {{ base_per_day = 12 }}
service = {{ kind = "exponential", mean_hours = 1.0 }}

[[policies]]
name = "status_quo"
kind = "status_quo"

[[policies]]
name = "move"
kind = "planned_moves"
moves = [{{ month = 1, from = "a", to = "b" }}]

[uncertainty]
"units.b.demand.base_per_day" = {range}
"costs.training_rp" = [0, 10000000]
"#
    ))
}

/// Hours per working day of the flip scenario (the default calendar).
const HOURS_PER_DAY: f64 = 7.5;

/// The arrivals per day at `b` at which moving one person stops paying, from Erlang C: the
/// volume-weighted mean wait of both units is the same with 5 + 3 and with 4 + 4 servers.
fn theoretical_flip() -> f64 {
    let lambda_a = 18.0 / HOURS_PER_DAY;
    let gain = |b_per_day: f64| {
        let lambda_b = b_per_day / HOURS_PER_DAY;
        let total = lambda_a + lambda_b;
        let keep =
            lambda_a * mmc_mean_wait(5, lambda_a, 1.0) + lambda_b * mmc_mean_wait(3, lambda_b, 1.0);
        let moved =
            lambda_a * mmc_mean_wait(4, lambda_a, 1.0) + lambda_b * mmc_mean_wait(4, lambda_b, 1.0);
        (keep - moved) / total
    };
    let (mut lo, mut hi) = (6.0, 16.0);
    assert!(
        gain(lo) < 0.0 && gain(hi) > 0.0,
        "the flip lies inside the range"
    );
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if gain(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

/// The flip study: 40 points of 4 replications over B in [6, 16] (the status quo is better
/// on about two thirds of it). Complaints are analysed too: there are none in the scenario.
fn flip_run(threads: usize) -> RobustRun {
    let s = flip_scenario("[6, 16]");
    let kpis = [Kpi::WaitDaysMean, Kpi::SlaCompliance, Kpi::Complaints];
    robust_run(&robust_study(&s, 40, 4, 7, threads, &kpis))
}

/// The study names the demand at `b` as what decides the mean wait, places the flip within
/// a tenth of the range of Erlang C's answer (about 12.7 cases a day), with the policy that
/// is better on each side the right way round.
#[test]
fn finds_the_deciding_parameter_and_its_flip_point() {
    let run = flip_run(2);
    let table = PointTable::from_run(&run).expect("table");
    let verdict = verdicts(&table)
        .into_iter()
        .find(|v| v.kpi == Kpi::WaitDaysMean)
        .expect("a verdict on the mean wait");
    assert_eq!(verdict.best, "status_quo", "{verdict:?}");
    let (parameter, index) = verdict.key_parameter.clone().expect("a key parameter");
    assert_eq!(parameter, "units.b.demand.base_per_day");
    assert!(index > 0.5, "{verdict:?}");
    // No verdict on a KPI that is the same for every policy everywhere (no complaints).
    assert!(verdicts(&table).iter().all(|v| v.kpi != Kpi::Complaints));
    assert_eq!(verdict.flips.len(), 1, "{verdict:?}");
    let flip = &verdict.flips[0];
    assert_eq!(
        (flip.below, flip.winner.as_str()),
        (false, "move"),
        "{flip:?}"
    );
    let theory = theoretical_flip();
    // One tenth of the range: well above the spread of the estimate over seeds (about ±0.4
    // at 40 points of 4 replications), well below the width of the range.
    assert!(
        (flip.at - theory).abs() <= 1.0,
        "flip at {} cases a day, Erlang C says {theory}",
        flip.at
    );
}

/// A parameter that changes nothing gets an index near zero whose interval covers zero; the
/// deciding one gets an index near one whose interval excludes zero.
#[test]
fn a_parameter_with_no_effect_has_an_index_near_zero() {
    let table = PointTable::from_run(&flip_run(1)).expect("table");
    for row in sensitivity_rows(&table)
        .iter()
        .filter(|r| r.kpi == Kpi::WaitDaysMean)
    {
        let i = row.index;
        assert!(i.ci95_low <= i.value && i.value <= i.ci95_high, "{row:?}");
        if row.parameter == "costs.training_rp" {
            assert!(i.value.abs() < 0.15, "{row:?}");
            assert!(i.ci95_low < 0.0 && i.ci95_high > 0.0, "{row:?}");
        } else {
            assert!(i.value > 0.7 && i.ci95_low > 0.5, "{row:?}");
        }
    }
}

/// On every KPI the probabilities of being best sum to one, ranks to 1 + 2 + ... + P, the
/// regrets are never negative, and the policy best at every point has no regret.
#[test]
fn probabilities_sum_to_one_and_ranks_add_up() {
    let run = flip_run(2);
    let table = PointTable::from_run(&run).expect("table");
    let rows = robust_rows(&table);
    let policies = table.policies.len() as f64;
    for kpi in &table.kpis {
        let mine: Vec<_> = rows.iter().filter(|r| r.kpi == *kpi).collect();
        let p: f64 = mine.iter().map(|r| r.p_best).sum();
        assert!((p - 1.0).abs() < 1e-12, "{kpi:?}: {p}");
        let ranks: f64 = mine.iter().map(|r| r.mean_rank).sum();
        assert!(
            (ranks - policies * (policies + 1.0) / 2.0).abs() < 1e-9,
            "{kpi:?}"
        );
        for r in &mine {
            assert!(r.regret_mean >= 0.0 && r.regret_p90 >= 0.0, "{r:?}");
            assert!(r.p_best_se > 0.0 && r.p_best_se < 0.1, "{r:?}");
        }
    }
    // By hand: the share of points where the status quo's mean wait is the smaller.
    let k = table
        .kpis
        .iter()
        .position(|k| *k == Kpi::WaitDaysMean)
        .expect("kpi");
    let (sq, mv) = (table.outcome(0, k), table.outcome(1, k));
    let wins = sq.iter().zip(&mv).filter(|(a, b)| a < b).count() as f64;
    let row = rows
        .iter()
        .find(|r| r.kpi == Kpi::WaitDaysMean && r.policy == "status_quo")
        .expect("row");
    assert_eq!(row.p_best, wins / table.len() as f64);
}

/// Tables of a study, as bytes.
fn tables(run: &RobustRun) -> Vec<Vec<u8>> {
    let table = PointTable::from_run(run).expect("table");
    vec![
        robust_csv(&robust_rows(&table)).expect("robust.csv"),
        sensitivity_csv(&sensitivity_rows(&table)).expect("sensitivity.csv"),
        points_csv(run).expect("points.csv"),
    ]
}

/// One thread, two threads, three shards merged in any order and an interrupted study
/// resumed all give the same bytes.
#[test]
fn same_bytes_across_threads_shards_and_an_interrupt() {
    let s = flip_scenario("{ kind = \"triangular\", min = 6, mode = 12, max = 16 }");
    let kpis = [Kpi::WaitDaysMean, Kpi::BacklogEnd];
    let study = |threads| robust_study(&s, 9, 2, 3, threads, &kpis);
    let one = robust_run(&study(1));
    let two = robust_run(&study(2));
    assert_eq!(tables(&one), tables(&two));

    let shards: Vec<(String, RobustRun)> = [2, 0, 1]
        .iter()
        .map(|&k| {
            let shard = Shard::new(k, 3).expect("shard");
            let part = study(2)
                .run_shard_with(shard, |_, _| {})
                .expect("shard runs");
            (format!("shard {k}"), part)
        })
        .collect();
    let merged = merge_robust(shards.clone()).expect("merges");
    assert_eq!(tables(&merged), tables(&one));
    let incomplete = merge_robust(shards[..2].to_vec());
    assert!(matches!(incomplete, Err(RobustError::Parts(PartsError::Missing(m))) if m == ["1/3"]));

    // Stop once the fourth point has started; the points before it are kept whole.
    let flag = Arc::new(AtomicBool::new(false));
    let stopping = study(2).stop_flag(flag.clone());
    let stopped = stopping.run_with(None, |before, _| {
        if before >= 3 * 2 {
            flag.store(true, Ordering::Relaxed);
        }
    });
    let Err(RobustError::Interrupted { run: part, .. }) = stopped else {
        panic!("the study should stop");
    };
    assert!(
        part.points.len() >= 3 && part.points.len() < 9,
        "{}",
        part.points.len()
    );
    assert!(!part.is_complete());
    let resumed = study(1).run_with(Some(*part), |_, _| {}).expect("resumes");
    assert_eq!(tables(&resumed), tables(&one));
    // A part of another study is refused, naming what differs.
    let other = robust_study(&s, 9, 3, 3, 1, &kpis);
    let err = other
        .run_with(Some(one.clone()), |_, _| {})
        .expect_err("refused");
    assert!(err.to_string().contains("replications"), "{err}");
}

/// Bad ranges are refused at validation with the `[uncertainty]` path named: an unknown
/// path, a range the wrong way round, an end the scenario itself would refuse, and a value
/// that is not a number; the shipped scenarios' own ranges are valid.
#[test]
fn bad_ranges_are_refused_naming_the_path() {
    for (key, range, expect) in [
        (
            "stress.rise_per_mont",
            "[0.5, 2]",
            "unknown field `rise_per_mont`",
        ),
        (
            "stress.rise_per_month",
            "[2, 0.5]",
            "expected a number > min = 2",
        ),
        ("units.b.staff", "[2, 9]", "expected at most positions = 6"),
        ("units.b.name", "[1, 2]", "only numbers can be varied"),
        ("experiment.seed", "[1, 2]", "the same at every point"),
        ("units.c.staff", "[1, 2]", "found 'c'"),
        ("units.b.staff", "[3.2, 3.8]", "a whole number in it"),
    ] {
        let text = format!(
            "name = \"x\"\nhorizon_years = 1\n[[units]]\nname = \"b\"\npositions = 6\nstaff = 3\n\
             sla_days = 1\ndemand = {{ base_per_day = 1 }}\nservice = {{ kind = \"exponential\", \
             mean_hours = 1.0 }}\n[uncertainty]\n\"{key}\" = {range}\n"
        );
        let parsed = scenario::parse(&text, "x.toml").expect("parses");
        let err = parsed.validate("x.toml").expect_err("refused").to_string();
        assert!(
            err.contains(&format!("uncertainty.\"{key}\"")) && err.contains(expect),
            "{key} = {range}: {err}"
        );
    }
    for name in ["arcamanik", "gorontalo"] {
        let (s, _) = scenario::load(name, &[]).expect("shipped scenario loads");
        assert!(s.uncertainty.len() >= 5, "{name} declares its ranges");
    }
}

/// The command line: a study writes its three tables and its brief, prints the sentences,
/// a shard split merged by `mutasi merge` gives the same tables, `mutasi report` redraws
/// the brief in Indonesian, and bad flags exit 2 with the reason.
#[test]
fn command_line_study_shards_and_errors() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let file = dir.join("flip.toml");
    let text = toml::to_string(&flip_scenario("[6, 16]")).expect("toml");
    std::fs::write(&file, text).expect("write scenario");
    let base = [
        "robust",
        "flip.toml",
        "--points",
        "6",
        "-r",
        "2",
        "--kpis",
        "wait_days_mean",
        "-q",
    ];
    let run = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        mutasi(&args, dir)
    };
    let whole = run(&["-o", "whole", "--threads", "1"]);
    assert!(whole.status.success(), "{:?}", out_err(&whole));
    for f in [
        "robust.csv",
        "sensitivity.csv",
        "points.csv",
        "run.json",
        "report.html",
    ] {
        assert!(dir.join("whole").join(f).is_file(), "{f}");
    }
    let header = std::fs::read_to_string(dir.join("whole/robust.csv")).expect("robust.csv");
    assert!(header.starts_with("policy,kpi,p_best,p_best_se,mean_rank,regret_mean,regret_p90\n"));
    let header = std::fs::read_to_string(dir.join("whole/sensitivity.csv")).expect("csv");
    assert!(header.starts_with("parameter,kpi,comparison,index,ci95_low,ci95_high,"));
    for k in 0..2 {
        let shard = format!("{k}/2");
        let out = format!("part{k}");
        let o = run(&["--shard", &shard, "-o", &out]);
        assert!(o.status.success(), "{:?}", out_err(&o));
        assert!(
            !dir.join(&out).join("robust.csv").exists(),
            "a shard is not a result"
        );
    }
    let merged = mutasi(&["merge", "part1", "part0", "-o", "merged", "-q"], dir);
    assert!(merged.status.success(), "{:?}", out_err(&merged));
    crate::support::assert_same_files(
        &dir.join("whole"),
        &dir.join("merged"),
        &["robust.csv", "sensitivity.csv", "points.csv"],
    );
    let report = mutasi(&["report", "whole", "--lang", "id", "-q"], dir);
    assert!(report.status.success(), "{:?}", out_err(&report));
    let html = std::fs::read_to_string(dir.join("whole/report.html")).expect("html");
    assert!(html.contains("Seberapa kokoh hasil ini?"));

    for (extra, expect) in [
        (
            vec!["--range", "stress.rise_per_month=2..x"],
            "not a finite number",
        ),
        (
            vec!["--range", "units.b.staff=1..9", "-o", "x"],
            "uncertainty.\"units.b.staff\"",
        ),
        (vec!["--kpis", "nope", "-o", "x"], "no KPI named 'nope'"),
    ] {
        let o = run(&extra);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {:?}", out_err(&o));
        assert!(
            out_err(&o).1.contains(expect),
            "{extra:?}: {:?}",
            out_err(&o)
        );
    }
    let few = mutasi(&["robust", "flip.toml", "--points", "2", "-o", "x"], dir);
    assert_eq!(few.status.code(), Some(2));
    assert!(
        out_err(&few).1.contains("between 4 and"),
        "{:?}",
        out_err(&few)
    );
    let none = mutasi(&["robust", "mmc", "-o", "y", "-q"], dir);
    assert_eq!(none.status.code(), Some(2));
    assert!(out_err(&none).1.contains("no uncertain parameter"));
}

/// An interrupted study's folder holds no table and no brief; `mutasi robust --resume`
/// finishes it to the tables of an uninterrupted study, and refuses a folder that is not an
/// interrupted study.
#[test]
fn command_line_resume_finishes_an_interrupted_study() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let file = dir.join("flip.toml");
    let text = toml::to_string(&flip_scenario("[6, 16]")).expect("toml");
    std::fs::write(&file, text).expect("write scenario");
    let whole = mutasi(
        &[
            "robust",
            "flip.toml",
            "--points",
            "6",
            "-r",
            "2",
            "--kpis",
            "wait_days_mean",
            "-q",
            "-o",
            "whole",
        ],
        dir,
    );
    assert!(whole.status.success(), "{:?}", out_err(&whole));

    // The same study, stopped once two points are done, saved as the binary saves it.
    let (scenario, _) = scenario::load(&file.display().to_string(), &[]).expect("loads");
    let seed = scenario.experiment.seed;
    let flag = Arc::new(AtomicBool::new(false));
    let study =
        robust_study(&scenario, 6, 2, seed, 1, &[Kpi::WaitDaysMean]).stop_flag(flag.clone());
    let stopped = study.run_with(None, |before, _| {
        if before >= 2 * 2 {
            flag.store(true, Ordering::Relaxed);
        }
    });
    let Err(RobustError::Interrupted { run, .. }) = stopped else {
        panic!("the study should stop");
    };
    let part = dir.join("part");
    mutasi::report::write_robust_partial(&part, &run, "test", false).expect("writes");
    assert!(!part.join("robust.csv").exists() && !part.join("report.html").exists());
    let info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(part.join("run.json")).expect("run.json"))
            .expect("JSON");
    assert_eq!(info["complete"], serde_json::Value::Bool(false));
    assert_eq!(info["kind"], "robust");

    let resumed = mutasi(&["robust", "--resume", "part", "-q"], dir);
    assert!(resumed.status.success(), "{:?}", out_err(&resumed));
    crate::support::assert_same_files(
        &dir.join("whole"),
        &part,
        &["robust.csv", "sensitivity.csv", "points.csv"],
    );
    let again = mutasi(&["robust", "--resume", "part", "-q"], dir);
    assert_eq!(again.status.code(), Some(2), "{:?}", out_err(&again));
    assert!(
        out_err(&again).1.contains("robust-partial.json"),
        "{:?}",
        out_err(&again)
    );
}
