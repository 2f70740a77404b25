//! The `mutasi` binary end to end, in temporary folders: `run` writes every documented file
//! with the documented columns, `check` exit codes, refusing to overwrite, `scenarios`,
//! `init`, and `--set`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mutasi::scenario;
use mutasi::sim::{Kpi, Metric};

const SUMMARY_HEADER: &str = "policy,kpi,mean,sd,ci95_low,ci95_high,p10,p50,p90,n,unit,p_best";
const TIMESERIES_HEADER: &str = "policy,unit,year,month,warmup,kpi,mean,ci95_low,ci95_high";
const OUTPUTS: [&str; 4] = [
    "summary.csv",
    "replications.csv",
    "timeseries.csv",
    "run.json",
];
/// A short run of the shipped M/M/c scenario.
const SMALL_MMC: [&str; 7] = [
    "run",
    "mmc",
    "-r",
    "2",
    "--set",
    "horizon_years=0.5",
    "--set=warmup_years=0.1",
];

fn mutasi(args: &[&str], cwd: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mutasi"));
    cmd.args(args);
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd.output().expect("run the mutasi binary")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the exit code; returns (stdout, stderr).
fn expect_code(args: &[&str], cwd: Option<&Path>, code: i32) -> (String, String) {
    let o = mutasi(args, cwd);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(
        o.status.code(),
        Some(code),
        "mutasi {}\nstdout:\n{out}\nstderr:\n{err}",
        args.join(" ")
    );
    (out, err)
}

fn manifest_path(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(relative)
        .display()
        .to_string()
}

/// A CSV file as its header line and its records.
fn read_csv(path: &Path) -> (String, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r
        .headers()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .iter()
        .collect::<Vec<_>>()
        .join(",");
    let rows = r
        .records()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (header, rows)
}

fn read_json(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// A number cell: finite, or empty for an undefined value.
fn number(cell: &str, what: &str) -> Option<f64> {
    if cell.is_empty() {
        return None;
    }
    let v: f64 = cell
        .parse()
        .unwrap_or_else(|e| panic!("{what}: `{cell}` is not a number: {e}"));
    assert!(v.is_finite(), "{what}: {v}");
    Some(v)
}

fn entries(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            e.expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// Checks every output file of a run; returns the policy names.
fn check_outputs(
    dir: &Path,
    units: &[&str],
    months: usize,
    replications: usize,
    seed: u64,
    scenario_name: &str,
) -> Vec<String> {
    let files = entries(dir);
    for f in OUTPUTS {
        assert!(files.contains(f), "{} lacks {f}: {files:?}", dir.display());
    }
    let kpis: BTreeSet<String> = Kpi::ALL.iter().map(|k| k.name().to_string()).collect();

    // summary.csv: one row per policy and KPI.
    let (header, rows) = read_csv(&dir.join("summary.csv"));
    assert_eq!(header, SUMMARY_HEADER);
    assert!(!rows.is_empty(), "summary.csv has no row");
    let mut by_policy: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in &rows {
        assert_eq!(row.len(), 12, "summary.csv row {row:?}");
        assert!(
            row[10].ends_with("per year") || !Kpi::from_name(&row[1]).is_some_and(|k| k.per_year()),
            "unit of {row:?}"
        );
        let fresh = by_policy
            .entry(row[0].to_string())
            .or_default()
            .insert(row[1].to_string());
        assert!(fresh, "summary.csv repeats {row:?}");
        // n counts replications where the KPI is defined; every replication has cases.
        let n: usize = row[9].parse().expect("n is a count");
        assert!(n <= replications, "n in {row:?}");
        if &row[1] == "cases" {
            assert_eq!(n, replications, "n in {row:?}");
        }
        let cells: Vec<Option<f64>> = (2..9).map(|i| number(&row[i], "summary.csv")).collect();
        if let (Some(lo), Some(mean), Some(hi)) = (cells[2], cells[0], cells[3]) {
            assert!(
                lo <= mean && mean <= hi,
                "CI does not bracket the mean: {row:?}"
            );
        }
        if &row[1] == "cases" {
            assert!(
                cells[0].is_some_and(|m| m > 0.0),
                "no case arrived: {row:?}"
            );
        }
    }
    for (policy, names) in &by_policy {
        assert_eq!(names, &kpis, "summary.csv KPIs of policy {policy}");
    }
    let policies: Vec<String> = by_policy.keys().cloned().collect();

    // replications.csv: policy, replication, then one column per KPI.
    let (header, rows) = read_csv(&dir.join("replications.csv"));
    let mut want = vec!["policy".to_string(), "replication".to_string()];
    want.extend(Kpi::ALL.iter().map(|k| k.name().to_string()));
    assert_eq!(header, want.join(","));
    assert_eq!(rows.len(), policies.len() * replications);
    for row in &rows {
        assert_eq!(row.len(), want.len());
        assert!(policies.iter().any(|p| p == &row[0]), "{row:?}");
        let rep: usize = row[1].parse().expect("replication index");
        assert!(rep < replications, "{row:?}");
        for cell in row.iter().skip(2) {
            number(cell, "replications.csv");
        }
    }

    // timeseries.csv: every policy x unit (+ all) x month x metric.
    let (header, rows) = read_csv(&dir.join("timeseries.csv"));
    assert_eq!(header, TIMESERIES_HEADER);
    let metrics = Metric::ALL.len();
    assert_eq!(
        rows.len(),
        policies.len() * (units.len() + 1) * months * metrics,
        "timeseries.csv rows"
    );
    let mut seen_units = BTreeSet::new();
    let mut seen_metrics = BTreeSet::new();
    let mut seen_months = BTreeSet::new();
    let run = read_json(&dir.join("run.json"));
    let warmup_months = run["warmup_months"].as_u64().expect("warmup_months") as usize;
    let mut warmup_rows = 0;
    for row in &rows {
        assert_eq!(row.len(), 9);
        seen_units.insert(row[1].to_string());
        let month = row[3].parse::<usize>().expect("month number");
        seen_months.insert(month);
        // The year beside the month, and the warm-up flag from run.json's warm-up.
        assert_eq!(row[2], ((month - 1) / 12 + 1).to_string(), "{row:?}");
        assert_eq!(row[4], (month <= warmup_months).to_string(), "{row:?}");
        warmup_rows += usize::from(&row[4] == "true");
        seen_metrics.insert(row[5].to_string());
        for i in 6..9 {
            number(&row[i], "timeseries.csv");
        }
    }
    assert_eq!(
        warmup_rows,
        policies.len() * (units.len() + 1) * warmup_months * metrics
    );
    let mut want_units: BTreeSet<String> = units.iter().map(|u| u.to_string()).collect();
    want_units.insert("all".to_string());
    assert_eq!(seen_units, want_units);
    assert_eq!(seen_months, (1..=months).collect::<BTreeSet<_>>());
    assert_eq!(
        seen_metrics,
        Metric::ALL.iter().map(|m| m.name().to_string()).collect()
    );

    // unit_replications.csv: every policy x replication x unit in the measured period,
    // with totals that add up to the organisation's KPI.
    let (header, rows) = read_csv(&dir.join("unit_replications.csv"));
    assert!(
        header.starts_with("policy,replication,unit,period,months,cases"),
        "{header}"
    );
    let measured = rows.iter().filter(|r| &r[3] == "measured").count();
    assert_eq!(measured, policies.len() * replications * units.len());
    // The resolved scenario and the data dictionary are in every folder.
    for f in ["scenario.toml", "kpis.csv", "class_replications.csv"] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let dictionary = std::fs::read_to_string(dir.join("kpis.csv")).expect("kpis.csv");
    for k in Kpi::ALL {
        assert!(
            dictionary.contains(&format!(",{},", k.name())),
            "kpis.csv lacks {}",
            k.name()
        );
    }

    // run.json
    let info = read_json(&dir.join("run.json"));
    assert_eq!(info["seed"].as_u64(), Some(seed), "run.json seed");
    assert_eq!(
        info["replications"].as_u64(),
        Some(replications as u64),
        "run.json replications"
    );
    assert_eq!(info["version"].as_str(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(info["scenario_name"].as_str(), Some(scenario_name));
    let s = &info["scenario"];
    assert!(s.is_object(), "run.json scenario: {s}");
    assert_eq!(s["name"].as_str(), Some(scenario_name));
    assert_eq!(
        s["units"].as_array().map(Vec::len),
        Some(units.len()),
        "run.json scenario units"
    );
    policies
}

/// No staging or backup folder is left next to the results.
fn assert_no_leftovers(parent: &Path, keep: &[&str]) {
    let keep: BTreeSet<String> = keep.iter().map(|s| s.to_string()).collect();
    assert_eq!(entries(parent), keep, "in {}", parent.display());
}

#[test]
fn run_writes_every_output_file_with_the_documented_columns() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let out_s = out.display().to_string();
    let mut args = SMALL_MMC.to_vec();
    args.extend(["--seed", "7", "--threads", "2", "--quiet", "-o", &out_s]);
    let (stdout, stderr) = expect_code(&args, None, 0);
    assert!(stdout.is_empty(), "--quiet printed {stdout}");
    assert!(stderr.is_empty(), "--quiet printed {stderr}");
    check_outputs(&out, &["counter"], 6, 2, 7, "mmc");
    let info = read_json(&out.join("run.json"));
    assert_eq!(
        info["scenario"]["horizon_years"].as_f64(),
        Some(0.5),
        "--set horizon_years reaches run.json"
    );
    assert_eq!(info["scenario"]["warmup_years"].as_f64(), Some(0.1));
    assert_no_leftovers(tmp.path(), &["out"]);
}

#[test]
fn run_without_a_scenario_runs_the_default_into_results() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let args = [
        "run",
        "-r",
        "2",
        "--set",
        "horizon_years=1",
        "--set",
        "warmup_years=0.25",
    ];
    let (stdout, _) = expect_code(&args, Some(tmp.path()), 0);
    assert_no_leftovers(tmp.path(), &["results"]);
    let results = tmp.path().join("results");
    let runs: Vec<String> = entries(&results).into_iter().collect();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert!(runs[0].starts_with("arcamanik-"), "{runs:?}");
    assert!(
        stdout.contains(&format!(
            "results: {}",
            Path::new("results").join(&runs[0]).display()
        )),
        "stdout does not say where the results are:\n{stdout}"
    );
    let (s, _) = scenario::load("arcamanik", &[]).expect("shipped arcamanik");
    let units: Vec<&str> = s.units.iter().map(|u| u.name.as_str()).collect();
    let info = read_json(&results.join(&runs[0]).join("run.json"));
    let seed = info["scenario"]["experiment"]["seed"]
        .as_u64()
        .expect("scenario seed in run.json");
    assert_eq!(seed, s.experiment.seed, "default seed is the scenario's");
    check_outputs(&results.join(&runs[0]), &units, 12, 2, seed, "arcamanik");
}

#[test]
fn an_existing_output_folder_is_refused_without_force_and_left_untouched() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let out_s = out.display().to_string();
    let mut args = SMALL_MMC.to_vec();
    args.extend(["-o", &out_s, "--quiet"]);
    // An earlier result, to which someone added notes.
    expect_code(&args, None, 0);
    std::fs::write(out.join("notes.txt"), "keep me").expect("write notes");
    let before = entries(&out);
    let (stdout, stderr) = expect_code(&args, None, 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("already exists") && stderr.contains("--force") && stderr.contains(&out_s),
        "{stderr}"
    );
    assert_eq!(entries(&out), before);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).expect("notes"),
        "keep me"
    );
    assert_no_leftovers(tmp.path(), &["out"]);

    // --force does not delete the notes mutasi did not write...
    args.push("--force");
    let (_, stderr) = expect_code(&args, None, 2);
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert_eq!(entries(&out), before);
    // ...unless told to: then the folder is replaced by a complete result.
    args.push("--delete-foreign-files");
    expect_code(&args, None, 0);
    check_outputs(&out, &["counter"], 6, 2, 1, "mmc");
    assert!(
        !out.join("notes.txt").exists(),
        "--force kept the old folder's file"
    );
    assert_no_leftovers(tmp.path(), &["out"]);
}

#[test]
fn check_accepts_the_shipped_scenarios() {
    for name in [
        "arcamanik".to_string(),
        "mmc".to_string(),
        manifest_path("scenarios/arcamanik.toml"),
        manifest_path("scenarios/validation/mmc.toml"),
    ] {
        let (stdout, stderr) = expect_code(&["check", &name], None, 0);
        let mut lines = stdout.lines();
        assert_eq!(lines.next(), Some("ok"), "check {name}: {stdout}");
        let summary = lines.next().unwrap_or_default();
        assert!(summary.contains("unit(s)"), "check {name}: {stdout}");
        // mmc has no complaint class: its expected complaints are 0, never "-0".
        assert!(!summary.contains("-0"), "check {name}: {stdout}");
        assert!(stderr.is_empty(), "check {name}: {stderr}");
    }
}

#[test]
fn usage_errors_exit_with_code_2() {
    let (_, stderr) = expect_code(&["check", "no-such-scenario"], None, 2);
    assert!(
        stderr.contains("no-such-scenario") && stderr.contains("arcamanik"),
        "{stderr}"
    );
    expect_code(&["check"], None, 2);
    expect_code(&["frobnicate"], None, 2);
    expect_code(&[], None, 2);
    let (_, stderr) = expect_code(&["run", "mmc", "-r", "0", "--quiet"], None, 2);
    assert!(stderr.contains("replications"), "{stderr}");
    expect_code(&["run", "mmc", "-r", "many"], None, 2);
    expect_code(&["--help"], None, 0);
    let (stdout, _) = expect_code(&["--version"], None, 0);
    assert!(stdout.contains(env!("CARGO_PKG_VERSION")), "{stdout}");
}

#[test]
fn scenarios_lists_the_shipped_scenarios() {
    let (stdout, _) = expect_code(&["scenarios"], None, 0);
    let names: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.contains(&"arcamanik"), "{stdout}");
    assert!(names.contains(&"mmc"), "{stdout}");
}

#[test]
fn init_prints_a_scenario_that_parses_and_checks() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for name in ["arcamanik", "mmc"] {
        let (stdout, _) = expect_code(&["init", name], None, 0);
        let s = scenario::parse(&stdout, name).unwrap_or_else(|e| panic!("init {name}: {e}"));
        if let Err(e) = s.validate(name) {
            panic!("init {name}: {e}");
        }
        assert_eq!(s.name, name);
        let file: PathBuf = tmp.path().join(format!("my-{name}.toml"));
        std::fs::write(&file, &stdout).expect("write scenario");
        let (checked, _) = expect_code(&["check", &file.display().to_string()], None, 0);
        assert!(checked.starts_with("ok"), "{checked}");
    }
    let (default, _) = expect_code(&["init"], None, 0);
    let (arcamanik, _) = expect_code(&["init", "arcamanik"], None, 0);
    assert_eq!(default, arcamanik, "init defaults to arcamanik");
    let (_, stderr) = expect_code(&["init", "nosuch"], None, 2);
    assert!(
        stderr.contains("nosuch") && stderr.contains("mmc"),
        "{stderr}"
    );
}

#[test]
fn set_works_on_the_command_line() {
    // An override that breaks a rule is reported with its field path.
    let (_, stderr) = expect_code(&["check", "mmc", "--set", "units.0.staff=11"], None, 2);
    assert!(
        stderr.contains("units[0].staff") && stderr.contains("positions = 10"),
        "{stderr}"
    );
    // Two overrides together make a valid scenario.
    let (stdout, _) = expect_code(
        &[
            "check",
            "mmc",
            "--set",
            "units.counter.positions=12",
            "--set",
            "units.counter.staff=12",
        ],
        None,
        0,
    );
    assert!(stdout.contains("12 staff"), "{stdout}");
    // Unknown paths and malformed assignments.
    let (_, stderr) = expect_code(&["check", "mmc", "--set", "nosuch=1"], None, 2);
    assert!(stderr.contains("--set nosuch=1"), "{stderr}");
    expect_code(&["check", "mmc", "--set", "horizon_years"], None, 2);
    let (_, stderr) = expect_code(&["check", "mmc", "--set", "horizon_years=nan"], None, 2);
    assert!(stderr.contains("horizon_years"), "{stderr}");

    // In `run`, replications and seed come from --set unless -r / --seed are given.
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("set");
    let out_s = out.display().to_string();
    expect_code(
        &[
            "run",
            "mmc",
            "--quiet",
            "--set",
            "horizon_years=0.25",
            "--set",
            "warmup_years=0",
            "--set",
            "experiment.replications=3",
            "--set",
            "experiment.seed=11",
            "-o",
            &out_s,
        ],
        None,
        0,
    );
    check_outputs(&out, &["counter"], 3, 3, 11, "mmc");
}

/// `run` writes the brief with the results (in the language asked for), `--no-charts`
/// leaves it out, and `mutasi report` rebuilds it from the folder alone.
#[test]
fn run_writes_the_brief_and_report_rebuilds_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let with = tmp.path().join("with");
    let without = tmp.path().join("without");
    let (with_s, without_s) = (with.display().to_string(), without.display().to_string());
    let mut args = SMALL_MMC.to_vec();
    args.extend(["--quiet", "--lang", "id", "-o", &with_s]);
    expect_code(&args, None, 0);
    let files = entries(&with);
    for f in ["report.id.html", "report.id.md", "charts"] {
        assert!(files.contains(f), "{files:?} lacks {f}");
    }
    let html = std::fs::read_to_string(with.join("report.id.html")).expect("report.id.html");
    assert!(html.contains("lang=\"id\""), "brief not in Indonesian");
    assert!(!html.contains("<script"), "the brief needs no script");
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "the brief makes no external request"
    );
    let charts = entries(&with.join("charts/id"));
    assert!(charts.iter().any(|c| c.ends_with(".png")), "{charts:?}");
    assert!(charts.iter().any(|c| c.ends_with(".svg")), "{charts:?}");

    let mut args = SMALL_MMC.to_vec();
    args.extend(["--quiet", "--no-charts", "-o", &without_s]);
    expect_code(&args, None, 0);
    let files = entries(&without);
    assert!(
        !files.contains("report.html") && !files.contains("charts"),
        "{files:?}"
    );

    let (stdout, _) = expect_code(&["report", &without_s], None, 0);
    assert!(stdout.contains("report.html"), "{stdout}");
    let files = entries(&without);
    assert!(
        files.contains("report.html") && files.contains("charts"),
        "{files:?}"
    );
    // The brief written by `run` is the one `report` makes from the folder alone.
    let again = tmp.path().join("again");
    let again_s = again.display().to_string();
    let mut args = SMALL_MMC.to_vec();
    args.extend(["--quiet", "-o", &again_s]);
    expect_code(&args, None, 0);
    let redone = tmp.path().join("redone");
    let redone_s = redone.display().to_string();
    expect_code(&["report", &again_s, "-o", &redone_s, "-q"], None, 0);
    for f in ["report.md", "report.html", "charts/kpi_comparison.svg"] {
        let a = std::fs::read(again.join(f)).expect("written by run");
        let b = std::fs::read(redone.join(f)).expect("written by report");
        assert!(a == b, "{f} differs between run and report");
    }

    let (_, stderr) = expect_code(
        &["report", &tmp.path().join("nothing").display().to_string()],
        None,
        2,
    );
    assert!(stderr.contains("run.json"), "{stderr}");
}

/// The brief's ranking compares with the run's baseline, whichever policy it is, and says so.
#[test]
fn the_ranking_names_the_runs_baseline() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let (_, stderr) = expect_code(
        &[
            "run",
            "arcamanik",
            "-r",
            "8",
            "--set",
            "horizon_years=2",
            "--set",
            "warmup_years=0.5",
            "--set",
            "baseline=needs_based",
            "-q",
            "-o",
            out.to_str().expect("utf-8 path"),
        ],
        None,
        0,
    );
    assert!(stderr.is_empty(), "{stderr}");
    let brief = std::fs::read_to_string(out.join("report.md")).expect("report.md");
    let ranking = brief
        .lines()
        .find(|l| l.starts_with("Ranking on the headline KPIs"))
        .expect("a ranking paragraph");
    assert!(
        ranking.contains("clearly better than Needs-based"),
        "{ranking}"
    );
    assert!(!ranking.contains("status quo ("), "{ranking}");
}
