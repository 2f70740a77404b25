//! Nothing lost: a run stopped by its stop flag keeps exactly the replications it completed,
//! marked incomplete, and a resumed run gives the same bytes as one that was never stopped
//! (library level, the flag raised after a given number of replications, no timing); and
//! the binary answers SIGINT or SIGTERM with exit 130 and an incomplete `run.json`, and a
//! second signal with exit 130 at once.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mutasi::experiment::{Experiment, RunError};
use mutasi::report::{self, read_checkpoint, write_checkpoint};
use mutasi::scenario::Scenario;

use crate::support::{
    RESULT_TABLES, assert_same_files, first_policy_kpi_bits, mutasi, mutasi_command, shipped_with,
    stopped_after,
};

/// A short Arcamanik: every policy, one year.
fn short() -> Scenario {
    shipped_with("arcamanik", &["horizon_years=1", "warmup_years=0.25"])
}

/// The experiment of the tests: 7 replications, transfers logged, seed fixed.
fn experiment(scenario: &Scenario, threads: usize) -> Experiment {
    Experiment::new(scenario)
        .expect("valid")
        .replications(7)
        .seed(41)
        .threads(threads)
        .log_transfers(true)
}

#[test]
fn interrupted_twice_then_resumed_gives_the_uninterrupted_bytes() {
    let scenario = short();
    let tmp = tempfile::tempdir().expect("temp dir");
    let (whole, parts) = (tmp.path().join("whole"), tmp.path().join("parts"));

    let e = experiment(&scenario, 1);
    let result = e.run().expect("runs");
    report::write_results(&whole, e.model(), &result, false, None).expect("writes");

    // Blocks of 2 replications: a stop after the first replication of the second block
    // loses that block, so exactly 2 replications per policy are kept.
    let policies = e.policy_names().len() as u64;
    let stopped = stopped_after(
        experiment(&scenario, 2).block_replications(2),
        2 * policies + 1,
    );
    assert_eq!((stopped.completed, stopped.planned), (2, 7));
    write_checkpoint(&parts, e.model(), &stopped.checkpoint, None, false).expect("writes");
    let run_json = std::fs::read_to_string(parts.join("run.json")).expect("run.json");
    assert!(run_json.contains("\"complete\": false"), "{run_json}");
    assert!(
        run_json.contains("\"replications_completed\": 2"),
        "{run_json}"
    );
    for t in RESULT_TABLES {
        assert!(
            !parts.join(t).exists(),
            "an interrupted run must not write {t}"
        );
    }
    assert!(!parts.join("report.html").exists());
    let not_results = report::load_saved(&parts).expect_err("not a result");
    assert!(
        not_results.to_string().contains("--resume"),
        "{not_results}"
    );

    // Resumed, and interrupted again two blocks later.
    let saved = read_checkpoint(&parts).expect("reads back");
    let again = experiment(&scenario, 2)
        .block_replications(2)
        .resume_from(saved.checkpoint)
        .expect("same experiment");
    let stopped = stopped_after(again, 2 * policies + 1);
    assert_eq!((stopped.completed, stopped.planned), (4, 7));
    write_checkpoint(&parts, e.model(), &stopped.checkpoint, None, true).expect("replaces");

    // Resumed to the end, on another thread count.
    let saved = read_checkpoint(&parts).expect("reads back");
    let resumed = experiment(&scenario, 3)
        .resume_from(saved.checkpoint)
        .expect("same experiment");
    let result = resumed.run().expect("runs");
    assert_eq!(result.replications, 7);
    report::write_results(&parts, resumed.model(), &result, true, None).expect("writes");
    assert_same_files(&whole, &parts, &RESULT_TABLES);
    let err = read_checkpoint(&parts).expect_err("complete now");
    assert!(err.to_string().contains("complete run"), "{err}");
}

#[test]
fn a_target_ci_run_resumes_on_its_batches() {
    let scenario = shipped_with("mmc", &["horizon_years=0.05", "warmup_years=0"]);
    let make = || {
        Experiment::new(&scenario)
            .expect("valid")
            .seed(3)
            .threads(2)
            .target_ci(1e-9)
            .max_replications(3 * mutasi::experiment::BATCH)
    };
    let whole = make().run().expect("runs");
    assert_eq!(whole.replications, 3 * mutasi::experiment::BATCH);

    let stopped = stopped_after(make(), mutasi::experiment::BATCH + 1);
    assert_eq!(
        stopped.completed,
        mutasi::experiment::BATCH,
        "whole batches only"
    );
    let resumed = make()
        .resume_from(stopped.checkpoint)
        .expect("same")
        .run()
        .expect("runs");
    assert_eq!(resumed.stopping_rule, whole.stopping_rule);
    assert_eq!(
        first_policy_kpi_bits(&resumed),
        first_policy_kpi_bits(&whole)
    );
}

#[test]
fn a_flag_raised_before_the_start_keeps_nothing_and_resumes_from_zero() {
    let scenario = shipped_with("mmc", &["horizon_years=0.1", "warmup_years=0"]);
    let e = || {
        Experiment::new(&scenario)
            .expect("valid")
            .replications(3)
            .threads(2)
    };
    let stopped = stopped_after(e(), 0);
    assert_eq!(stopped.completed, 0, "nothing completed");
    let resumed = e()
        .resume_from(stopped.checkpoint)
        .expect("same")
        .run()
        .expect("runs");
    let whole = e().run().expect("runs");
    assert_eq!(resumed.policies[0].kpis.len(), 3);
    assert_eq!(
        first_policy_kpi_bits(&resumed),
        first_policy_kpi_bits(&whole)
    );
}

#[test]
fn resume_refuses_a_checkpoint_of_another_experiment() {
    let scenario = shipped_with("mmc", &["horizon_years=0.1", "warmup_years=0"]);
    let e = |s: &Scenario| {
        Experiment::new(s)
            .expect("valid")
            .replications(4)
            .threads(1)
            .block_replications(1)
    };
    let checkpoint = stopped_after(e(&scenario), 2).checkpoint;
    let refused = |e: Experiment, expected: &str| match e.resume_from(checkpoint.clone()) {
        Err(e @ RunError::Resume(_)) => assert!(e.to_string().contains(expected), "{e}"),
        Err(other) => panic!("expected a resume error, got {other}"),
        Ok(_) => panic!("a checkpoint of another experiment was accepted ({expected})"),
    };
    refused(e(&scenario).seed(99), "seed");
    refused(e(&scenario).replications(5), "replications");
    refused(e(&scenario).log_transfers(true), "transfers");
    let changed = shipped_with("mmc", &["horizon_years=0.2", "warmup_years=0"]);
    refused(e(&changed), "scenario differs");
    assert!(e(&scenario).resume_from(checkpoint.clone()).is_ok());
}

/// The arguments of a run far too long to finish (it needs --no-limit), written to `long`.
const LONG_RUN: [&str; 9] = [
    "run",
    "mmc",
    "--set",
    "horizon_years=200",
    "-r",
    "100000000",
    "--no-charts",
    "-o",
    "long",
];

/// Starts [`LONG_RUN`] in `dir`, waits for a progress line (so the run and its signal
/// handlers have started), sends `signals` one after the other, and returns the exit code
/// and every stderr line. Every wait is generous.
#[cfg(unix)]
fn signal_long_run(dir: &std::path::Path, signals: &[libc::c_int]) -> (Option<i32>, Vec<String>) {
    signal_run(&LONG_RUN, dir, signals)
}

/// Starts `mutasi ARGS` in `dir`, then as [`signal_long_run`].
#[cfg(unix)]
fn signal_run(
    args: &[&str],
    dir: &std::path::Path,
    signals: &[libc::c_int],
) -> (Option<i32>, Vec<String>) {
    let mut child = mutasi_command(args, dir)
        .arg("--no-limit")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stderr = child.stderr.take().expect("piped");
    let (tx, rx) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // Progress lines start after a few seconds of running; wait for one.
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(600);
    while !lines.iter().any(|l: &String| l.contains("replications")) {
        match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(line) => lines.push(line),
            Err(mpsc::RecvTimeoutError::Timeout) if Instant::now() < deadline => {}
            Err(_) => {
                let _ = child.kill();
                panic!("no progress line from the run: {lines:?}");
            }
        }
    }
    let pid = child.id() as libc::pid_t;
    // The child is stopped while the signals are sent, so they are all pending when it
    // continues and are handled one after the other before it runs on: however loaded the
    // machine, a second signal cannot arrive after the run has already stopped in order.
    // SAFETY: signals a child process of this test that has not been waited for.
    let send = |signal| assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    send(libc::SIGSTOP);
    signals.iter().for_each(|&signal| send(signal));
    send(libc::SIGCONT);
    let deadline = Instant::now() + Duration::from_secs(600);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the run did not stop after {signals:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = reader.join();
    lines.extend(rx.try_iter());
    (status.code(), lines)
}

/// Asserts that `out` holds an interrupted run: `run.json` marked incomplete, no summary.
fn assert_incomplete_run(out: &std::path::Path) {
    let run_json = std::fs::read_to_string(out.join("run.json")).expect("run.json written");
    let run: serde_json::Value = serde_json::from_str(&run_json).expect("JSON");
    assert_eq!(run["complete"], serde_json::Value::Bool(false));
    assert!(run["replications_completed"].as_u64().is_some());
    assert!(!out.join("summary.csv").exists());
}

/// `mutasi run` answers SIGINT with exit 130 and keeps an incomplete run.
#[cfg(unix)]
#[test]
fn sigint_stops_the_binary_with_exit_130_and_an_incomplete_run_json() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("long");
    // Without --no-limit the estimate refuses the run before it starts.
    let refused = mutasi(&LONG_RUN, tmp.path());
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("--no-limit") && stderr.contains("events"),
        "{stderr}"
    );
    assert!(!out.exists());

    let (code, lines) = signal_long_run(tmp.path(), &[libc::SIGINT]);
    assert_eq!(code, Some(130), "stderr: {lines:?}");
    assert_incomplete_run(&out);
    assert!(
        lines.iter().any(|l| l.contains("--resume")),
        "the message says how to resume: {lines:?}"
    );
}

/// A sweep stopped by Ctrl-C keeps the points it finished (its first, a few days long, is
/// done long before the first progress line; the second, two centuries, is stopped), with
/// `run.json` saying it is incomplete and the message saying what is written.
#[cfg(unix)]
#[test]
fn an_interrupted_sweep_keeps_the_points_it_finished() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let args = [
        "sweep",
        "mmc",
        "--set",
        "warmup_years=0",
        "--vary",
        "horizon_years=0.01,200",
        "-r",
        "2000",
        "--no-charts",
        "-o",
        "swept",
    ];
    let (code, lines) = signal_run(&args, tmp.path(), &[libc::SIGINT]);
    assert_eq!(code, Some(130), "stderr: {lines:?}");
    let out = tmp.path().join("swept");
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).expect("run.json"))
            .expect("JSON");
    assert_eq!(run["complete"], serde_json::Value::Bool(false));
    let sweep = std::fs::read_to_string(out.join("sweep.csv")).expect("sweep.csv");
    let points: std::collections::BTreeSet<&str> = sweep
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(points.into_iter().collect::<Vec<_>>(), vec!["0"], "{sweep}");
    assert!(out.join("point-0").join("summary.csv").is_file());
    assert!(!out.join("point-1").exists());
    assert!(
        lines.iter().any(|l| l.contains("points 0-0 are written")),
        "{lines:?}"
    );
}

/// SIGTERM (what `kill` and job schedulers send) stops a run exactly as Ctrl-C does.
#[cfg(unix)]
#[test]
fn sigterm_stops_the_binary_like_sigint() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (code, lines) = signal_long_run(tmp.path(), &[libc::SIGTERM]);
    assert_eq!(code, Some(130), "stderr: {lines:?}");
    assert_incomplete_run(&tmp.path().join("long"));
}

/// A second signal ends the process at once with exit 130, and whatever it cut short,
/// nothing left in place looks like a complete result.
#[cfg(unix)]
#[test]
fn a_second_signal_exits_at_once_leaving_nothing_that_looks_complete() {
    let tmp = tempfile::tempdir().expect("temp dir");
    // Two different signals: a second SIGINT sent before the first is delivered would merge
    // with it (standard signals do not queue).
    let (code, lines) = signal_long_run(tmp.path(), &[libc::SIGINT, libc::SIGTERM]);
    assert_eq!(code, Some(130), "stderr: {lines:?}");
    // Both are pending when the child continues, so the second is handled right after the
    // first and leaves no time to stop in order and say how to resume.
    assert!(
        !lines.iter().any(|l| l.contains("--resume")),
        "the run stopped in order instead of at once: {lines:?}"
    );
    let out = tmp.path().join("long");
    // The checkpoint may or may not have been written before the second signal landed.
    if out.exists() {
        assert_incomplete_run(&out);
    }
    for entry in std::fs::read_dir(tmp.path()).expect("listable") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        assert!(
            name == "long" || name.starts_with('.'),
            "a visible folder other than the output: {name}"
        );
    }
}

#[test]
fn an_edited_truncated_or_swapped_checkpoint_is_refused_naming_the_file() {
    let scenario = shipped_with("mmc", &["horizon_years=0.1", "warmup_years=0"]);
    let e = |seed: u64| {
        Experiment::new(&scenario)
            .expect("valid")
            .replications(6)
            .seed(seed)
            .threads(1)
            .block_replications(2)
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let (dir, other) = (tmp.path().join("stopped"), tmp.path().join("other"));
    let model = e(1).model().clone();
    write_checkpoint(
        &dir,
        &model,
        &stopped_after(e(1), 3).checkpoint,
        None,
        false,
    )
    .expect("writes");
    write_checkpoint(
        &other,
        &model,
        &stopped_after(e(2), 3).checkpoint,
        None,
        false,
    )
    .expect("writes");
    let data = dir.join(report::CHECKPOINT_DATA_FILE);
    let original = std::fs::read(&data).expect("data");
    let refused = || {
        let err = read_checkpoint(&dir).expect_err("refused").to_string();
        assert!(
            err.contains(&data.display().to_string()) && err.contains("does not match the digest"),
            "{err}"
        );
    };
    // The same number of replications of another seed: same shape, other numbers.
    std::fs::copy(other.join(report::CHECKPOINT_DATA_FILE), &data).expect("copy");
    refused();
    let mut edited = original.clone();
    let at = edited.iter().position(u8::is_ascii_digit).expect("a digit");
    edited[at] = if edited[at] == b'9' {
        b'8'
    } else {
        edited[at] + 1
    };
    std::fs::write(&data, &edited).expect("write");
    refused();
    std::fs::write(&data, &original[..original.len() - 10]).expect("write");
    refused();
    std::fs::write(&data, &original).expect("write");
    let saved = read_checkpoint(&dir).expect("intact again");
    assert!(e(1).resume_from(saved.checkpoint).is_ok());
}

#[test]
fn a_replication_stops_within_a_month_not_only_at_its_end() {
    // One month of a busy counter (about 90,000 events): with the stop asked only at month
    // ends, it never would be; asked every few thousand events, it gives up early.
    let scenario = shipped_with(
        "mmc",
        &[
            "horizon_years=0.08",
            "warmup_years=0",
            "units.0.demand.base_per_day=3000",
            "units.0.positions=500",
            "units.0.staff=500",
        ],
    );
    let model = crate::support::model(&scenario);
    assert_eq!(model.months, 1);
    let asked = std::cell::Cell::new(0u32);
    let stop = || {
        asked.set(asked.get() + 1);
        asked.get() >= 2
    };
    assert!(crate::support::replication_until(&model, &stop).is_none());
    // Never asked to stop, the same replication finishes with many more events than that.
    let whole = crate::support::replication_until(&model, &|| false).expect("finishes");
    assert!(whole.events > 50_000, "{} events", whole.events);
}
