//! Guards of the binary: the resource estimate (printed by `check`, refusing huge runs
//! unless `--no-limit`), data files read relative to the scenario and never executed,
//! spreadsheet formulas escaped in every CSV, `--force` never replacing a folder mutasi did
//! not write, `--resume` refusing what it cannot continue, and no network code anywhere.

use std::path::Path;

use mutasi::experiment::Experiment;

use crate::support::{
    RESULT_TABLES, assert_same_files, mutasi, mutasi_command, out_err, shipped_with, stopped_after,
};

/// A short, quiet run of the shipped M/M/c scenario without charts (add `-o DIR`).
const SMALL_MMC_RUN: [&str; 10] = [
    "run",
    "mmc",
    "-r",
    "2",
    "-q",
    "--no-charts",
    "--set",
    "horizon_years=0.1",
    "--set",
    "warmup_years=0",
];

/// Two units and two policies whose names a spreadsheet would run as formulas.
const FORMULA_NAMES: &str = r#"
name = "formulas"
horizon_years = 1
warmup_years = 0
baseline = "=HYPERLINK(\"p\")"

[experiment]
replications = 2
seed = 5

[[units]]
name = "=HYPERLINK(\"x\")"
field = "general"
positions = 4
staff = 2
sla_days = 2
demand = { base_per_day = 6 }
service = { kind = "exponential", mean_hours = 1.5 }

[[units]]
name = "@office"
field = "general"
positions = 4
staff = 4
sla_days = 2
demand = { base_per_day = 2 }
service = { kind = "exponential", mean_hours = 1.5 }

[[policies]]
name = "=HYPERLINK(\"p\")"
kind = "status_quo"

[[policies]]
name = "-move"
kind = "planned_moves"
moves = [ { month = 2, from = "@office", to = "=HYPERLINK(\"x\")", field = "general" } ]
"#;

/// Every cell of a CSV that a spreadsheet would read as a formula is a plain number.
fn assert_no_formula(path: &Path) {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    for (i, row) in reader.records().enumerate() {
        let row = row.unwrap_or_else(|e| panic!("{path:?} row {i}: {e}"));
        for cell in row.iter() {
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                assert!(
                    cell.parse::<f64>().is_ok_and(f64::is_finite),
                    "{path:?} row {}: cell {cell:?} would run as a formula",
                    i + 2
                );
            }
        }
    }
}

#[test]
fn formula_like_names_are_escaped_in_every_csv_but_negative_numbers_are_not() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("formulas.toml"), FORMULA_NAMES).expect("write");
    let o = mutasi(
        &["run", "formulas.toml", "--transfer-log", "-q", "-o", "out"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", out_err(&o));
    let out = tmp.path().join("out");
    for t in RESULT_TABLES {
        assert_no_formula(&out.join(t));
    }
    let summary = std::fs::read_to_string(out.join("summary.csv")).expect("summary");
    assert!(summary.contains(r#""'=HYPERLINK(""p"")""#), "{summary}");
    assert!(summary.contains("'-move,"), "{summary}");
    let transfers = std::fs::read_to_string(out.join("transfers.csv")).expect("transfers");
    assert!(transfers.contains("'@office"), "{transfers}");
    let comparison = std::fs::read_to_string(out.join("comparison.csv")).expect("comparison");
    assert!(
        comparison.lines().skip(1).any(|l| l.contains(",-")),
        "negative differences stay numbers: {comparison}"
    );
    // The brief reads the names back without the guard.
    let md = std::fs::read_to_string(out.join("report.md")).expect("report.md");
    assert!(
        md.contains("=HYPERLINK(\"p\")") && !md.contains("'=HYPERLINK"),
        "{md}"
    );

    let o = mutasi(
        &[
            "sweep",
            "formulas.toml",
            "--vary",
            "units.0.demand.growth_per_year=-0.1,0",
            "-q",
            "--no-charts",
            "-o",
            "sweep",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", out_err(&o));
    let sweep = tmp.path().join("sweep").join("sweep.csv");
    assert_no_formula(&sweep);
    let text = std::fs::read_to_string(&sweep).expect("sweep.csv");
    assert!(
        text.contains("\n0,-0.1,'-move,"),
        "swept -0.1 stays a number: {text}"
    );
}

#[test]
fn check_prints_the_estimate_and_the_data_files_it_read() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let sub = tmp.path().join("office");
    std::fs::create_dir(&sub).expect("mkdir");
    let scenario = FORMULA_NAMES
        .replace("[experiment]", "roster = \"staff.csv\"\n\n[experiment]")
        .replace("staff = 4\n", "");
    std::fs::write(sub.join("office.toml"), &scenario).expect("write");
    std::fs::write(sub.join("staff.csv"), "unit,name\n@office,Siti\n").expect("write");
    // Run from the parent folder: the roster resolves against the scenario's folder.
    let o = mutasi(&["check", "office/office.toml"], tmp.path());
    let (stdout, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(0), "{stdout}{stderr}");
    let data_line = stdout
        .lines()
        .find(|l| l.starts_with("data file read:"))
        .unwrap_or_else(|| panic!("no data file listed: {stdout}"));
    assert!(
        data_line.contains(&Path::new("office").join("staff.csv").display().to_string()),
        "{data_line}"
    );
    let estimate = stdout
        .lines()
        .find(|l| l.starts_with("estimate:"))
        .unwrap_or_else(|| panic!("no estimate: {stdout}"));
    assert!(
        estimate.contains("events") && estimate.contains("memory"),
        "{estimate}"
    );

    // A roster "path" that looks like a command is only ever opened as a file.
    let scenario = FORMULA_NAMES.replace(
        "[experiment]",
        "roster = \"$(touch pwned); touch pwned\"\n\n[experiment]",
    );
    std::fs::write(sub.join("evil.toml"), scenario).expect("write");
    let o = mutasi(&["check", "office/evil.toml"], tmp.path());
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("touch pwned"),
        "the error names the file: {stderr}"
    );
    assert!(!tmp.path().join("pwned").exists() && !sub.join("pwned").exists());
}

#[test]
fn huge_runs_and_sweeps_are_refused_with_the_estimate_and_the_override() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for args in [
        &["run", "mmc", "-r", "1000000000", "-o", "big"][..],
        &[
            "sweep",
            "mmc",
            "--vary",
            "horizon_years=100,200",
            "-r",
            "1000000000",
            "-o",
            "big",
        ][..],
    ] {
        let o = mutasi(args, tmp.path());
        let (_, stderr) = out_err(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("too large")
                && stderr.contains("events")
                && stderr.contains("--no-limit"),
            "{stderr}"
        );
        assert!(!tmp.path().join("big").exists());
    }
}

#[test]
fn force_replaces_only_folders_mutasi_wrote() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mine = tmp.path().join("notes");
    std::fs::create_dir(&mine).expect("mkdir");
    std::fs::write(mine.join("thesis.txt"), "years of work").expect("write");
    let run = |out: &str, force: bool| {
        let mut args = SMALL_MMC_RUN.to_vec();
        args.extend(["-o", out]);
        if force {
            args.push("--force");
        }
        mutasi(&args, tmp.path())
    };
    for force in [false, true] {
        let o = run("notes", force);
        let (_, stderr) = out_err(&o);
        assert_eq!(o.status.code(), Some(2), "force {force}: {stderr}");
        assert!(stderr.contains("notes"), "{stderr}");
        assert!(mine.join("thesis.txt").is_file(), "the folder was replaced");
    }
    // A results folder is replaced with --force only.
    assert_eq!(run("res", false).status.code(), Some(0));
    assert_eq!(run("res", false).status.code(), Some(2));
    assert_eq!(run("res", true).status.code(), Some(0));
    // Nothing half-written is left behind (staging folders are hidden and removed).
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // `report -o` into an existing folder needs --force too.
    let o = mutasi(&["report", "res", "-o", "notes", "-q"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{:?}", out_err(&o));
    assert_eq!(
        mutasi(&["report", "res", "-o", "brief", "-q"], tmp.path())
            .status
            .code(),
        Some(0)
    );
    assert!(tmp.path().join("brief").join("report.html").is_file());
    let o = mutasi(&["report", "res", "-o", "brief", "-q"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{:?}", out_err(&o));
    let o = mutasi(
        &["report", "res", "-o", "brief", "-q", "--force"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", out_err(&o));
}

#[test]
fn resume_refuses_complete_and_foreign_folders() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut args = SMALL_MMC_RUN.to_vec();
    args.extend(["-o", "done"]);
    let o = mutasi(&args, tmp.path());
    assert_eq!(o.status.code(), Some(0));
    let o = mutasi(&["run", "--resume", "done"], tmp.path());
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("complete run"), "{stderr}");
    std::fs::create_dir(tmp.path().join("empty")).expect("mkdir");
    let o = mutasi(&["run", "--resume", "empty"], tmp.path());
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not an interrupted run"), "{stderr}");
}

#[test]
fn resuming_through_the_binary_gives_the_uninterrupted_bytes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let sets = ["horizon_years=0.3", "warmup_years=0"];
    let scenario = shipped_with("arcamanik", &sets);
    let e = Experiment::new(&scenario)
        .expect("valid")
        .replications(5)
        .block_replications(1)
        .threads(1);
    let per_block = e.policy_names().len() as u64;
    let model = e.model().clone();
    let checkpoint = stopped_after(e, 2 * per_block + 1).checkpoint;
    let dir = tmp.path().join("stopped");
    mutasi::report::write_checkpoint(&dir, &model, &checkpoint, None, false).expect("writes");

    // Another scenario (or seed) than the interrupted run's is refused, naming what differs.
    let o = mutasi(
        &[
            "run",
            "arcamanik",
            "--resume",
            "stopped",
            "--set",
            "horizon_years=0.4",
            "--set",
            "warmup_years=0",
        ],
        tmp.path(),
    );
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("scenario differs"), "{stderr}");
    let o = mutasi(&["run", "--resume", "stopped", "--seed", "9"], tmp.path());
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("seed"), "{stderr}");

    let o = mutasi(
        &["run", "--resume", "stopped", "-q", "--no-charts"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", out_err(&o));
    let mut args = vec![
        "run",
        "arcamanik",
        "-r",
        "5",
        "-q",
        "--no-charts",
        "-o",
        "whole",
    ];
    for s in &sets {
        args.extend(["--set", s]);
    }
    assert_eq!(mutasi(&args, tmp.path()).status.code(), Some(0));
    // No transfer log, so no transfers.csv.
    assert_same_files(&tmp.path().join("whole"), &dir, &RESULT_TABLES[..4]);
    // The workbook too: its bytes depend on the results only (no time stamp).
    assert_same_files(&tmp.path().join("whole"), &dir, &["results.xlsx"]);
    // Once complete, there is nothing left to resume.
    let o = mutasi(&["run", "--resume", "stopped"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "complete now");
}

#[test]
fn no_network_code_anywhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    for krate in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "tokio",
        "async-std",
        "mio",
        "socket2",
        "rustls",
        "openssl",
        "native-tls",
        "h2",
    ] {
        assert!(
            !lock.contains(&format!("name = \"{krate}\"")),
            "dependency {krate} can open network connections"
        );
    }
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("list")
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                for needle in ["std::net", "TcpStream", "UdpSocket", "Command::new"] {
                    assert!(!text.contains(needle), "{path:?} uses {needle}");
                }
            }
        }
    }
}

#[test]
fn the_event_estimate_is_within_a_factor_of_two_of_the_events_simulated() {
    for (name, sets) in [
        ("mmc", &["horizon_years=0.5", "warmup_years=0"][..]),
        ("arcamanik", &["horizon_years=1", "warmup_years=0"][..]),
        ("gorontalo", &["horizon_years=1", "warmup_years=0"][..]),
    ] {
        let scenario = shipped_with(name, sets);
        let e = Experiment::new(&scenario)
            .expect("valid")
            .replications(3)
            .threads(2);
        let policies = e.policy_names().len() as u64;
        let estimate = e.model().estimate(policies, 3, 2);
        let events = e.run().expect("runs").events() as f64;
        let ratio = estimate.events / events;
        assert!(
            (0.5..=2.0).contains(&ratio),
            "{name}: estimated {} events, simulated {events}",
            estimate.events
        );
        assert!(estimate.memory_bytes.is_finite() && estimate.memory_bytes > 0.0);
    }
}

/// Runs the small M/M/c run into `out` with extra arguments and environment.
fn small_run(dir: &Path, out: &str, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut args = SMALL_MMC_RUN.to_vec();
    args.extend(["-o", out]);
    args.extend(extra);
    let mut command = mutasi_command(&args, dir);
    command.envs(env.iter().copied());
    command.output().expect("run the mutasi binary")
}

/// Hidden entries of a folder (staging and old folders left behind).
fn hidden(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn force_never_deletes_what_mutasi_did_not_write() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let put = |path: &str, text: &str| {
        let path = tmp.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    // A website holding a report.html, a code project holding a run.json.
    put("website/report.html", "<h1>x</h1>");
    put("website/index.html", "precious");
    put("proj/run.json", "{}");
    put("proj/src/main.rs", "fn main() {}");
    for (dir, kept) in [("website", "index.html"), ("proj", "src/main.rs")] {
        let o = small_run(tmp.path(), dir, &["--force"], &[]);
        let (_, stderr) = out_err(&o);
        assert_eq!(o.status.code(), Some(2), "{dir}: {stderr}");
        assert!(stderr.contains("no .mutasi marker"), "{stderr}");
        assert!(
            tmp.path().join(dir).join(kept).is_file(),
            "{dir} was replaced"
        );
    }
    // A results folder to which someone added notes: refused, naming the file...
    assert_eq!(
        small_run(tmp.path(), "res", &[], &[]).status.code(),
        Some(0)
    );
    put("res/charts/notes.txt", "mine");
    let o = small_run(tmp.path(), "res", &["--force"], &[]);
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&Path::new("res/charts/notes.txt").display().to_string())
            && stderr.contains("--delete-foreign-files"),
        "{stderr}"
    );
    assert!(tmp.path().join("res/charts/notes.txt").is_file());
    // ...unless asked to delete it with the folder; the new folder is replaceable again.
    let o = small_run(
        tmp.path(),
        "res",
        &["--force", "--delete-foreign-files"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", out_err(&o));
    assert!(!tmp.path().join("res/charts").exists());
    assert!(tmp.path().join("res/summary.csv").is_file());
    assert_eq!(
        small_run(tmp.path(), "res", &["--force"], &[])
            .status
            .code(),
        Some(0)
    );
    // A brief drawn into the folder is mutasi's too.
    assert_eq!(
        mutasi(&["report", "res", "-q"], tmp.path()).status.code(),
        Some(0)
    );
    let o = small_run(tmp.path(), "res", &["--force"], &[]);
    assert_eq!(o.status.code(), Some(0), "{:?}", out_err(&o));
    assert!(hidden(tmp.path()).is_empty(), "{:?}", hidden(tmp.path()));
}

#[test]
fn a_replace_killed_midway_loses_nothing_and_the_next_run_repairs_it() {
    // With the atomic exchange (Linux) and with the two-rename scheme used elsewhere.
    for scheme in ["", "no-exchange,"] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let o = small_run(tmp.path(), "res", &["--seed", "1"], &[]);
        assert_eq!(o.status.code(), Some(0), "{:?}", out_err(&o));
        let first = std::fs::read(tmp.path().join("res/summary.csv")).expect("summary");
        let failpoint = format!("{scheme}replace-midway");
        let o = small_run(
            tmp.path(),
            "res",
            &["--force", "--seed", "2"],
            &[("MUTASI_FAILPOINT", failpoint.as_str())],
        );
        assert!(
            !o.status.success(),
            "{scheme}: the failpoint stops the process"
        );
        let res = tmp.path().join("res");
        let left = hidden(tmp.path());
        if scheme.is_empty() && cfg!(target_os = "linux") {
            // Exchanged: the new results are in place, the old ones hidden beside them.
            assert!(res.join(".mutasi").is_file() && left.len() == 1, "{left:?}");
            assert_ne!(std::fs::read(res.join("summary.csv")).expect("new"), first);
        } else {
            // Between the two renames: the folder is missing, its contents wait beside it.
            assert!(!res.exists(), "{scheme}");
            assert!(left.iter().any(|n| n.starts_with(".res.old-")), "{left:?}");
            // The next run puts the old folder back before anything else.
            let o = small_run(tmp.path(), "res", &[], &[]);
            let (_, stderr) = out_err(&o);
            assert_eq!(o.status.code(), Some(2), "{stderr}");
            assert!(
                stderr.contains("restored") && stderr.contains("already exists"),
                "{stderr}"
            );
            assert_eq!(std::fs::read(res.join("summary.csv")).expect("old"), first);
        }
        // Replacing it again works and leaves nothing hidden behind.
        let o = small_run(tmp.path(), "res", &["--force"], &[]);
        assert_eq!(o.status.code(), Some(0), "{scheme}: {:?}", out_err(&o));
        assert!(hidden(tmp.path()).is_empty(), "{:?}", hidden(tmp.path()));
    }
}

#[test]
fn scenario_names_that_are_not_folder_names_are_refused_before_simulating() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let deep = tmp.path().join("deep").join("er");
    std::fs::create_dir_all(&deep).expect("mkdir");
    let mmc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/validation/mmc.toml"),
    )
    .expect("mmc.toml");
    assert!(mmc.contains("\nname = \"mmc\"\n"));
    let long = "x".repeat(300);
    for name in [
        "../../escaped",
        "/tmp/abs",
        "a\\u0000b",
        "..",
        long.as_str(),
    ] {
        let text = mmc.replace("\nname = \"mmc\"\n", &format!("\nname = \"{name}\"\n"));
        std::fs::write(deep.join("s.toml"), text).expect("write");
        // No -o: the default folder would be results/<name>-<timestamp>.
        let o = mutasi(
            &[
                "run",
                "s.toml",
                "-r",
                "2",
                "-q",
                "--no-charts",
                "--set",
                "horizon_years=0.1",
            ],
            &deep,
        );
        let (_, stderr) = out_err(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains("name = ") && stderr.contains("folder name"),
            "{stderr}"
        );
        let made: Vec<_> = walk(tmp.path());
        assert_eq!(made, ["deep", "deep/er", "deep/er/s.toml"], "{name}");
    }
}

/// Every path under `dir`, relative, sorted.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("list").filter_map(Result::ok) {
            let p = e.path();
            out.push(
                p.strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned(),
            );
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn an_output_that_cannot_be_written_is_an_input_error_found_before_simulating() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("afile"), "x").expect("write");
    // -r 100000 would take minutes if the simulation ran first.
    for out in ["afile/out", "/proc/mutasi-cannot-write-here"] {
        let o = mutasi(
            &["run", "mmc", "-r", "100000", "-q", "--no-charts", "-o", out],
            tmp.path(),
        );
        let (_, stderr) = out_err(&o);
        assert_eq!(o.status.code(), Some(2), "{out}: {stderr}");
        assert!(
            stderr.starts_with("error: cannot write the output folder"),
            "{out}: {stderr}"
        );
    }
    // `init` into an existing folder, even with --force, is refused as input.
    std::fs::create_dir(tmp.path().join("dir")).expect("mkdir");
    let o = mutasi(&["init", "starter", "-o", "dir", "--force"], tmp.path());
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("'dir' is a folder"), "{stderr}");
}

#[test]
fn set_names_case_classes_by_their_class() {
    let s = crate::support::shipped_with("arcamanik", &["units.adminduk.cases.request.sla_days=9"]);
    let unit = s
        .units
        .iter()
        .find(|u| u.name == "adminduk")
        .expect("adminduk");
    let request = unit
        .cases
        .iter()
        .find(|c| c.class == "request")
        .expect("request");
    assert_eq!(request.sla_days, 9.0);
    let o = mutasi(
        &[
            "check",
            "arcamanik",
            "--set",
            "units.adminduk.cases.nosuch.sla_days=9",
        ],
        Path::new("."),
    );
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("an index from 0 to 1 or the name of an entry") && !stderr.contains("0..2"),
        "{stderr}"
    );
}

#[test]
fn report_refuses_a_results_folder_that_does_not_match_its_run_json() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut args = SMALL_MMC_RUN.to_vec();
    args.extend(["-o", "good"]);
    assert_eq!(mutasi(&args, tmp.path()).status.code(), Some(0));
    let good = tmp.path().join("good");
    let o = mutasi(&["report", "good", "-q"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{:?}", out_err(&o));
    let read = |f: &str| std::fs::read_to_string(good.join(f)).expect("read");
    let (summary, timeseries) = (read("summary.csv"), read("timeseries.csv"));
    let without_sd: String = summary
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            format!("{},{}\n", cells[..3].join(","), cells[4..].join(","))
        })
        .collect();
    let one_row: String = summary.lines().take(2).map(|l| format!("{l}\n")).collect();
    let cases: [(&str, &str, Option<String>); 5] = [
        (
            "timeseries.csv",
            "cut mid-row",
            Some(timeseries[..timeseries.len() * 3 / 5].to_string()),
        ),
        ("summary.csv", "no sd column", Some(without_sd)),
        ("summary.csv", "one data row", Some(one_row)),
        (
            "summary.csv",
            "a mean of 1e999",
            Some(
                summary.replacen(
                    &summary
                        .lines()
                        .nth(1)
                        .expect("row")
                        .split(',')
                        .nth(2)
                        .expect("mean")
                        .to_string(),
                    "1e999",
                    1,
                ),
            ),
        ),
        ("comparison.csv", "deleted", None),
    ];
    for (file, damage, text) in cases {
        let dir = tmp.path().join("damaged");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).expect("mkdir");
        for entry in std::fs::read_dir(&good)
            .expect("list")
            .filter_map(Result::ok)
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".csv") || name == "run.json" {
                std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
            }
        }
        match text {
            Some(text) => std::fs::write(dir.join(file), text).expect("write"),
            None => std::fs::remove_file(dir.join(file)).expect("rm"),
        }
        let o = mutasi(&["report", "damaged", "-q"], tmp.path());
        let (_, stderr) = out_err(&o);
        assert_eq!(o.status.code(), Some(2), "{file} {damage}: {stderr}");
        assert!(stderr.contains(file), "{file} {damage}: {stderr}");
        assert!(
            !dir.join("report.html").exists(),
            "{file} {damage}: a brief was drawn"
        );
    }
}
