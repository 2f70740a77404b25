//! Showing the library's progress callbacks: bars on a terminal (overall with ETA and
//! events/s, one line per policy) once a run looks longer than a couple of seconds, plain
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
    policies: u64,
    planned: u64,
    started: Instant,
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
    /// A reporter for `planned` replications per policy of `policies` (all points of a
    /// sweep together); `label` starts plain lines.
    pub fn new(quiet: bool, label: &str, policies: &[String], planned: u64) -> Reporter {
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
            policies: policies.len() as u64,
            planned,
            started: Instant::now(),
        }
    }

    /// Takes a progress snapshot of the current run, `base` replications per policy having
    /// been done before it (earlier sweep points).
    pub fn update(&self, base: u64, p: &Progress<'_>) {
        let elapsed = self.started.elapsed();
        let total = (self.planned * self.policies).max(1);
        let done = base * self.policies + p.done();
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
                for (bar, pp) in bars.policies.iter().zip(&p.policies) {
                    bar.set_position(base + pp.done);
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
                eprintln!(
                    "{}: {done}/{total} replications ({:.0}%), {}, {:.0} s elapsed, about {:.0} s left",
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
    fn new(policies: &[String], planned: u64) -> Bars {
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
        let overall =
            multi.add(ProgressBar::new(planned * policies.len() as u64).with_style(overall_style));
        let policies = policies
            .iter()
            .map(|name| {
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
            shown: AtomicBool::new(false),
        }
    }
}
