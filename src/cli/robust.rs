//! `mutasi robust`: rankings that hold across the assumptions. Sets up a study from the
//! scenario's `[uncertainty]` table and `--range` flags, runs it (whole, as a shard, or
//! resuming an interrupted one), and writes its folder; `mutasi merge` and `mutasi report`
//! come here for robust folders.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use clap::Args;
use mutasi::experiment::Shard;
use mutasi::experiment::robust::{
    PointTable, RobustError, RobustRun, RobustSettings, RobustStudy, headline_kpis, merge_robust,
};
use mutasi::report::{
    self, Lang, ReportFiles, read_robust_partial, robust_sentences, study_scenario,
    write_robust_partial, write_robust_results,
};
use mutasi::scenario::{self, Scenario, Uncertain};
use mutasi::sim::{Kpi, Model};

use super::Failure;
use super::args::{ExperimentArgs, MergeArgs, ReportArgs, ScenarioArgs};
use super::guard::{Budget, machine_memory};
use super::progress::Reporter;
use super::signals;

/// Points of the design unless `--points` says otherwise (docs/robust.md: precision).
pub const DEFAULT_POINTS: usize = 64;
/// Replications per policy at every point unless `-r` says otherwise.
pub const DEFAULT_REPLICATIONS: u64 = 20;

/// `mutasi robust`.
#[derive(Args)]
#[command(
    after_help = "Here -r is the replications per policy at every point (default 20, \
                        not the scenario's), -o defaults to results/<scenario>-<UTC \
                        timestamp>-robust, and --transfer-log is not available. The method and \
                        the precision of each number: docs/robust.md."
)]
pub struct RobustArgs {
    /// Scenario file or shipped name; its `[uncertainty]` table gives the ranges (default:
    /// the embedded `arcamanik`; with --resume, the scenario stored in DIR).
    pub scenario: Option<String>,
    /// Vary a parameter uniformly over LO..HI, `PATH=LO..HI` with a `--set` path (repeatable;
    /// replaces the scenario's range for that path).
    #[arg(long = "range", value_name = "PATH=LO..HI")]
    pub ranges: Vec<RangeArg>,
    /// Points of the design: combinations of the parameters, each running every policy
    /// R times [default: 64].
    #[arg(long, value_name = "N")]
    pub points: Option<usize>,
    /// KPIs to analyse, comma-separated names [default: the headline KPIs].
    #[arg(long, value_name = "KPI,KPI", value_delimiter = ',')]
    pub kpis: Option<Vec<String>>,
    /// Run only shard K of N (0-based) of the points, written as a partial folder for
    /// `mutasi merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Continue the study interrupted (Ctrl-C) in DIR; its stored scenario and settings are
    /// used. The completed study replaces DIR.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["shard", "output", "ranges"])]
    pub resume: Option<PathBuf>,
    #[command(flatten)]
    pub experiment: ExperimentArgs,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
}

/// One `--range PATH=LO..HI`.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeArg {
    /// The `--set` path.
    pub path: String,
    /// Lowest value.
    pub lo: f64,
    /// Highest value.
    pub hi: f64,
}

impl FromStr for RangeArg {
    type Err = String;

    fn from_str(s: &str) -> Result<RangeArg, String> {
        let bad = || format!("'{s}' is not PATH=LO..HI (e.g. stress.rise_per_month=0.5..2)");
        let (path, range) = s.split_once('=').ok_or_else(bad)?;
        let (lo, hi) = range.split_once("..").ok_or_else(bad)?;
        let number = |t: &str| {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("--range {s}: '{}' is not a finite number", t.trim()))
        };
        let path = path.trim();
        if path.is_empty() {
            return Err(bad());
        }
        Ok(RangeArg {
            path: path.to_string(),
            lo: number(lo)?,
            hi: number(hi)?,
        })
    }
}

/// The names of a scenario's policies, in its order.
fn policy_names(s: &Scenario) -> Vec<String> {
    s.policies.iter().map(|p| p.name.clone()).collect()
}

/// The KPIs named by `--kpis`, or the headline set.
fn kpis(names: Option<&[String]>, scenario: &Scenario) -> Result<Vec<Kpi>, Failure> {
    let Some(names) = names else {
        return Ok(headline_kpis(scenario));
    };
    let mut out = Vec::new();
    for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let k = Kpi::from_name(n).ok_or_else(|| {
            Failure::Input(format!(
                "--kpis: no KPI named '{n}' (KPIs: {})",
                Kpi::ALL
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        if !out.contains(&k) {
            out.push(k);
        }
    }
    Ok(out)
}

/// The command that reproduces a study, for its brief.
fn command_line(args: &RobustArgs, scenario: &str, settings: &RobustSettings) -> String {
    let mut c = format!(
        "mutasi robust {scenario} --points {} -r {} --seed {}",
        settings.points, settings.replications, settings.seed
    );
    for r in &args.ranges {
        c.push_str(&format!(" --range {}={}..{}", r.path, r.lo, r.hi));
    }
    for s in &args.scenario_args.set {
        c.push_str(&format!(" --set '{}'", s.assignment));
    }
    if let Some(p) = &settings.policies {
        c.push_str(&format!(" --policies {}", p.join(",")));
    }
    if args.kpis.is_some() {
        let names: Vec<&str> = settings.kpis.iter().map(|k| k.name()).collect();
        c.push_str(&format!(" --kpis {}", names.join(",")));
    }
    c
}

/// The scenario of a new study: loaded with `--set`, its ranges extended by `--range` and
/// validated again (so a range whose ends the scenario refuses is reported like one in the
/// file).
fn new_scenario(args: &RobustArgs) -> Result<(Scenario, String), Failure> {
    let name = args
        .scenario
        .as_deref()
        .unwrap_or(scenario::SHIPPED[0].name);
    let (mut scenario, source) = scenario::load(name, &args.scenario_args.set)?;
    for r in &args.ranges {
        scenario.uncertainty.insert(
            r.path.clone(),
            Uncertain::Uniform {
                min: r.lo,
                max: r.hi,
            },
        );
    }
    let label = source.label();
    if !args.ranges.is_empty() {
        scenario.validate(&format!("{label} with --range"))?;
    }
    Ok((scenario, label))
}

/// Runs `mutasi robust`.
pub fn robust(args: RobustArgs) -> Result<(), Failure> {
    let opts = &args.experiment;
    if opts.transfer_log {
        return Err(Failure::Input(
            "mutasi robust keeps the KPI means of each point only; --transfer-log is for \
             mutasi run"
                .into(),
        ));
    }
    let saved = args
        .resume
        .as_deref()
        .map(read_robust_partial)
        .transpose()?;
    let (scenario, label, settings) = match &saved {
        Some(run) => resumed(&args, run)?,
        None => {
            let (scenario, label) = new_scenario(&args)?;
            let settings = RobustSettings {
                points: args.points.unwrap_or(DEFAULT_POINTS),
                replications: opts.replications.unwrap_or(DEFAULT_REPLICATIONS),
                seed: opts.seed.unwrap_or(scenario.experiment.seed),
                threads: opts.threads,
                policies: opts.chosen_policies(&policy_names(&scenario))?,
                kpis: kpis(args.kpis.as_deref(), &scenario)?,
            };
            (scenario, label, settings)
        }
    };
    let study = RobustStudy::new(&scenario, &label, settings)?;
    let command = match &saved {
        Some(run) => format!("mutasi robust --resume <DIR>  # {}", run.meta.scenario_name),
        None => command_line(
            &args,
            args.scenario.as_deref().unwrap_or(&scenario.name),
            study.settings(),
        ),
    };
    let suffix = args
        .shard
        .map(|s| format!("-robust-shard-{}-of-{}", s.index, s.count))
        .unwrap_or_else(|| "-robust".to_string());
    let out = match (&args.resume, &opts.output) {
        (Some(dir), _) | (None, Some(dir)) => dir.clone(),
        (None, None) => super::commands::default_output(&scenario.name, &suffix),
    };
    let force = opts.replace.force || saved.is_some();
    report::check_target(&out, force).map_err(Failure::from)?;
    let s = study.settings();
    let points_to_run = match args.shard {
        Some(shard) => {
            let r = shard.range(s.points as u64);
            (r.end - r.start) as usize
        }
        None => s.points - saved.as_ref().map_or(0, |r| r.points.len()),
    };
    let model = Model::new(&scenario).map_err(|e| Failure::Internal(e.to_string()))?;
    let names = study.policy_names().to_vec();
    let reps = s.replications * points_to_run as u64;
    Budget::of(&model, names.len() as u64, reps, opts.threads)
        .check(machine_memory(), opts.no_limit)?;
    let study = study.stop_flag(signals::install().map_err(Failure::Internal)?);
    if let Some(note) = study.baseline_note().filter(|_| !opts.quiet) {
        say!("note: {note}");
    }
    let reporter = Reporter::new(
        opts.quiet,
        &format!("{} robust", scenario.name),
        &names,
        reps,
    );

    if let Some(shard) = args.shard {
        return run_shard(&study, shard, &reporter, &out, &command, opts);
    }

    let run = study.run_with(saved, |before, p| reporter.update(before, p));
    stop_display(&reporter, &run);
    let run = match run {
        Err(RobustError::Interrupted { run, planned }) => {
            write_robust_partial(&out, &run, &command, force)?;
            return Err(Failure::Interrupted(format!(
                "{} of {} point(s) completed and kept in '{dir}' (run.json says \"complete\": \
                 false; no tables or brief were written); finish with `mutasi robust --resume \
                 {dir}`",
                run.points.len(),
                run.meta.points.max(planned),
                dir = out.display()
            )));
        }
        other => other?,
    };
    finish(
        &out,
        &run,
        &command,
        force,
        opts.brief.language(),
        opts.quiet,
    )
}

/// Runs one shard of a study and writes its partial folder.
fn run_shard(
    study: &RobustStudy,
    shard: Shard,
    reporter: &Reporter,
    out: &Path,
    command: &str,
    opts: &ExperimentArgs,
) -> Result<(), Failure> {
    let run = study.run_shard_with(shard, |before, p| reporter.update(before, p));
    stop_display(reporter, &run);
    let run = match run {
        Err(RobustError::Interrupted { run, planned }) => {
            return Err(Failure::Interrupted(format!(
                "shard {shard} stopped after {} of its {planned} point(s); nothing was \
                 written (a shard is rerun whole)",
                run.points.len()
            )));
        }
        other => other?,
    };
    write_robust_partial(out, &run, command, opts.replace.force)?;
    if !opts.quiet {
        say!(
            "{}: shard {shard}, points {} to {} of {}, {} events in {:.2} s",
            run.meta.scenario_name,
            run.meta.first_point,
            run.meta.end_point.saturating_sub(1),
            run.meta.points,
            run.events(),
            run.meta.wall_seconds
        );
        say!(
            "partial results: {} (combine all {} shards with `mutasi merge DIR... -o OUT`)",
            out.display(),
            shard.count
        );
    }
    Ok(())
}

/// Ends the progress display as the run ended.
fn stop_display(reporter: &Reporter, run: &Result<RobustRun, RobustError>) {
    match run {
        Err(RobustError::Interrupted { .. }) => reporter.stopped(),
        _ => reporter.finish(),
    }
}

/// The scenario and settings of an interrupted study, from its folder; anything given again
/// must match (checked when the study resumes).
fn resumed(
    args: &RobustArgs,
    run: &RobustRun,
) -> Result<(Scenario, String, RobustSettings), Failure> {
    let m = &run.meta;
    let dir = args.resume.as_deref().unwrap_or(Path::new("."));
    let label = dir.join("run.json").display().to_string();
    let scenario = match &args.scenario {
        Some(name) => {
            let (mut s, _) = scenario::load(name, &args.scenario_args.set)?;
            // The stored scenario carries the --range values of the interrupted study.
            let stored = study_scenario(m)
                .map_err(|e| Failure::Input(format!("the interrupted study's scenario: {e}")))?;
            s.uncertainty = stored.uncertainty;
            s
        }
        None => {
            let stored = study_scenario(m)
                .map_err(|e| Failure::Input(format!("the interrupted study's scenario: {e}")))?;
            let s = scenario::apply_overrides(stored, &args.scenario_args.set)?;
            s.validate(&label)?;
            s
        }
    };
    let opts = &args.experiment;
    let kpi_names: Vec<String> = match &args.kpis {
        Some(k) => k.clone(),
        None => m.kpis.clone(),
    };
    let settings = RobustSettings {
        points: args.points.unwrap_or(m.points),
        replications: opts.replications.unwrap_or(m.replications),
        seed: opts.seed.unwrap_or(m.seed),
        threads: opts.threads,
        policies: Some(
            opts.chosen_policies(&m.policies)?
                .unwrap_or_else(|| m.policies.clone()),
        ),
        kpis: kpis(Some(&kpi_names), &scenario)?,
    };
    Ok((scenario, label, settings))
}

/// Writes a complete study's folder and says what it found.
fn finish(
    out: &Path,
    run: &RobustRun,
    command: &str,
    force: bool,
    lang: Option<Lang>,
    quiet: bool,
) -> Result<(), Failure> {
    let files = write_robust_results(out, run, command, force, lang)?;
    if quiet {
        return Ok(());
    }
    say!(
        "{}: robust study of {} point(s) x {} policy(ies) x {} replication(s), {} events in {:.2} s",
        run.meta.scenario_name,
        run.meta.points,
        run.meta.policies.len(),
        run.meta.replications,
        run.events(),
        run.meta.wall_seconds
    );
    if let Ok(table) = PointTable::from_run(run) {
        for s in robust_sentences(&table, lang.unwrap_or_default()) {
            say!("- {s}");
        }
    }
    say!(
        "results: {} (robust.csv, sensitivity.csv, points.csv)",
        out.display()
    );
    print_files(out, files.as_ref());
    Ok(())
}

fn print_files(dir: &Path, files: Option<&ReportFiles>) {
    let Some(files) = files else { return };
    say!(
        "brief: {} and {}, {} chart(s) in {}",
        dir.join("report.html").display(),
        dir.join("report.md").display(),
        files.charts.len(),
        dir.join("charts").display()
    );
    for s in &files.skipped {
        say!("  chart {} left out: {}", s.id, s.reason);
    }
}

/// `mutasi merge` of robust shard folders.
pub fn merge(args: &MergeArgs) -> Result<(), Failure> {
    report::check_target(&args.output, args.replace.force).map_err(Failure::from)?;
    let mut parts = Vec::with_capacity(args.shards.len());
    for dir in &args.shards {
        parts.push((dir.display().to_string(), read_robust_partial(dir)?));
    }
    let run = merge_robust(parts)?;
    let command = format!(
        "mutasi robust {} --points {} -r {} --seed {}  # merged from {} shards",
        run.meta.scenario_name,
        run.meta.points,
        run.meta.replications,
        run.meta.seed,
        args.shards.len()
    );
    finish(
        &args.output,
        &run,
        &command,
        args.replace.force,
        args.brief.language(),
        args.quiet,
    )
}

/// `mutasi report` of a robust study's folder.
pub fn report_robust(
    args: &ReportArgs,
    same_folder: fn(&Path, &Path) -> bool,
) -> Result<(), Failure> {
    let files = match &args.output {
        // A new folder is staged and renamed into place like any output folder.
        Some(out) if !same_folder(out, &args.dir) => {
            let staged = report::ResultsDir::create(out, args.force)?;
            let files = report::render_robust_report(&args.dir, staged.staging(), args.lang)?;
            staged.commit()?;
            files
        }
        _ => report::render_robust_report(&args.dir, &args.dir, args.lang)?,
    };
    if !args.quiet {
        let out = args.output.clone().unwrap_or_else(|| args.dir.clone());
        say!("report for {}", args.dir.display());
        print_files(&out, Some(&files));
    }
    Ok(())
}
