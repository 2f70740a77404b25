//! Showing the library's progress callbacks: bars on a terminal (overall with ETA and
//! events/s, one line per policy, and under `--target-ci` a line naming the widest
//! interval) once a run looks longer than a couple of seconds, plain
//! periodic lines when stderr is not a terminal (Slurm logs, CI) for long runs only, and
//! nothing with `--quiet`.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{HumanCount, MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use mutasi::experiment::Progress;

/// Bars appear only when the run is expected to last at least this long...
const SHOW_BARS_IF_LONGER: Duration = Duration::from_secs(2);
/// ...judged after this much time, so the estimate has something to go on.
const JUDGE_AFTER: Duration = Duration::from_millis(500);
/// Plain lines start only after this long: short runs print nothing.
const LINES_AFTER: Duration = Duration::from_secs(5);
/// A plain line at least this often once lines have started...
const LINE_EVERY: Duration = Duration::from_secs(10);
/// ...and at each further tenth of the work.
const LINE_STEPS: f64 = 10.0;

/// Shows the progress of one run or of a whole sweep.
pub struct Reporter {
    mode: Mode,
    label: String,
    /// Policy names, in the order of the bars.
    names: Vec<String>,
    /// Replications planned per policy (all points of a sweep together).
    planned: Vec<u64>,
    started: Instant,
    /// The `--target-ci` of the run, shown beside the estimate that limits it.
    target: Option<f64>,
}

enum Mode {
    Quiet,
    Bars(Bars),
    Lines(Mutex<Lines>),
}

struct Bars {
    multi: MultiProgress,
    overall: ProgressBar,
    policies: Vec<ProgressBar>,
    /// Under `--target-ci`, a line of its own naming the widest interval (cut to the
    /// terminal's width, so the bars above never wrap).
    limit: Option<ProgressBar>,
    shown: AtomicBool,
}

struct Lines {
    last: Option<Instant>,
    step: u64,
}

fn rate(events: u64, elapsed: Duration) -> String {
    let per_s = events as f64 / elapsed.as_secs_f64().max(1e-9);
    if per_s >= 1e6 {
        format!("{:.1} M events/s", per_s / 1e6)
    } else {
        format!("{:.0} k events/s", per_s / 1e3)
    }
}

impl Reporter {
    /// A reporter for `planned` replications per policy of `policies`; `label` starts plain
    /// lines.
    pub fn new(quiet: bool, label: &str, policies: &[String], planned: u64) -> Reporter {
        Reporter::with_plan(quiet, label, policies, &vec![planned; policies.len()])
    }

    /// A reporter for `planned[i]` replications of policy `policies[i]` (a sweep simulates
    /// a policy only at the points where its result is not reused).
    pub fn with_plan(quiet: bool, label: &str, policies: &[String], planned: &[u64]) -> Reporter {
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            Mode::Bars(Bars::new(policies, planned))
        } else {
            Mode::Lines(Mutex::new(Lines {
                last: None,
                step: 0,
            }))
        };
        Reporter {
            mode,
            label: label.to_string(),
            names: policies.to_vec(),
            planned: planned.to_vec(),
            started: Instant::now(),
            target: None,
        }
    }

    /// Shows, under a `--target-ci` of `relative`, which KPI's interval is furthest from it.
    pub fn target_ci(mut self, relative: Option<f64>) -> Reporter {
        self.target = relative;
        if let (Some(_), Mode::Bars(bars)) = (relative, &mut self.mode) {
            let style = ProgressStyle::with_template("  {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bars.limit = Some(bars.multi.add(ProgressBar::new(1).with_style(style)));
        }
        self
    }

    /// "widest CI: backlog_end of needs_based ±7.2% (target 5%)", once a batch is done.
    fn limiting(&self, p: &Progress<'_>) -> Option<String> {
        let (t, w) = (self.target?, p.limiting.as_ref()?);
        Some(format!(
            "widest CI: {} of {} ±{:.1}% (target {:.1}%)",
            w.kpi.name(),
            w.policy,
            w.relative * 100.0,
            t * 100.0
        ))
    }

    /// Takes a progress snapshot of the current run, `base` replications per policy having
    /// been done before it (earlier points of a robust study).
    pub fn update(&self, base: u64, p: &Progress<'_>) {
        self.update_after(&vec![base; self.names.len()], p);
    }

    /// Takes a progress snapshot of the current run, `before[i]` replications of policy `i`
    /// having been done before it (earlier sweep points; missing entries are 0). The run's
    /// policies are matched by name, so it may run only some of them.
    pub fn update_after(&self, before: &[u64], p: &Progress<'_>) {
        let elapsed = self.started.elapsed();
        let total = self.planned.iter().sum::<u64>().max(1);
        let done = before.iter().sum::<u64>() + p.done();
        let fraction = (done as f64 / total as f64).min(1.0);
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bars(bars) => {
                if !bars.shown.load(Ordering::Relaxed) {
                    let expected = elapsed.as_secs_f64() / fraction.max(1e-9);
                    if elapsed < JUDGE_AFTER || expected < SHOW_BARS_IF_LONGER.as_secs_f64() {
                        return;
                    }
                    if bars
                        .shown
                        .compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed)
                        .is_ok()
                    {
                        bars.multi.set_draw_target(ProgressDrawTarget::stderr());
                    }
                }
                bars.overall.set_position(done);
                bars.overall.set_message(rate(p.events(), p.elapsed));
                if let (Some(line), Some(limit)) = (&bars.limit, self.limiting(p)) {
                    line.set_message(limit);
                }
                for pp in &p.policies {
                    let Some(i) = self.names.iter().position(|n| n == pp.name) else {
                        continue;
                    };
                    let bar = &bars.policies[i];
                    bar.set_position(before.get(i).copied().unwrap_or(0) + pp.done);
                    bar.set_message(format!("{} events", HumanCount(pp.events)));
                }
            }
            Mode::Lines(lines) => {
                if elapsed < LINES_AFTER {
                    return;
                }
                let Ok(mut state) = lines.lock() else { return };
                let step = (fraction * LINE_STEPS).floor() as u64;
                let due = state.last.is_none_or(|t| t.elapsed() >= LINE_EVERY);
                if step <= state.step && !due {
                    return;
                }
                state.step = state.step.max(step);
                state.last = Some(Instant::now());
                let left = elapsed.as_secs_f64() * (1.0 - fraction) / fraction.max(1e-9);
                let limit = self
                    .limiting(p)
                    .map(|l| format!(", {l}"))
                    .unwrap_or_default();
                eprintln!(
                    "{}: {done}/{total} replications ({:.0}%), {}, {:.0} s elapsed, about {:.0} s left{limit}",
                    self.label,
                    fraction * 100.0,
                    rate(p.events(), p.elapsed),
                    elapsed.as_secs_f64(),
                    left
                );
            }
        }
    }

    /// Ends the display (bars stay on screen; a plain run that printed lines says so).
    pub fn finish(&self) {
        self.end("finished in");
    }

    /// Ends the display of a run stopped by Ctrl-C.
    pub fn stopped(&self) {
        self.end("stopped after");
    }

    fn end(&self, how: &str) {
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bars(bars) => {
                if bars.shown.load(Ordering::Relaxed) {
                    if how == "finished in" {
                        bars.overall.finish();
                        bars.policies.iter().for_each(ProgressBar::finish);
                        bars.limit.iter().for_each(ProgressBar::finish);
                    } else {
                        // No "0s left" after a stop: the estimate no longer means anything.
                        let stopped = ProgressStyle::with_template(
                            "{elapsed_precise} [{wide_bar}] {pos}/{len} replications, stopped",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> ");
                        bars.overall.set_style(stopped);
                        bars.overall.abandon();
                        bars.policies.iter().for_each(ProgressBar::abandon);
                        bars.limit.iter().for_each(ProgressBar::abandon);
                    }
                }
            }
            Mode::Lines(lines) => {
                if lines.lock().is_ok_and(|s| s.last.is_some()) {
                    eprintln!(
                        "{}: {how} {:.0} s",
                        self.label,
                        self.started.elapsed().as_secs_f64()
                    );
                }
            }
        }
    }
}

impl Bars {
    fn new(policies: &[String], planned: &[u64]) -> Bars {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::hidden());
        let overall_style = ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {pos}/{len} replications, {eta} left, {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        let policy_style =
            ProgressStyle::with_template("  {prefix:<24} [{wide_bar}] {pos}/{len}  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        let overall = multi.add(ProgressBar::new(planned.iter().sum()).with_style(overall_style));
        let policies = policies
            .iter()
            .zip(planned)
            .map(|(name, &planned)| {
                multi.add(
                    ProgressBar::new(planned)
                        .with_style(policy_style.clone())
                        .with_prefix(name.clone()),
                )
            })
            .collect();
        Bars {
            multi,
            overall,
            policies,
            limit: None,
            shown: AtomicBool::new(false),
        }
    }
}
