//! One function per subcommand.

use std::path::{Path, PathBuf};

use mutasi::experiment::{
    Experiment, ExperimentResult, Reuse, RunError, Shard, StoppingRule, SweepPoint, Vary, merge,
    sweep_points,
};
use mutasi::report::{
    self, ChartFile, Interrupted, Replace, ReportFiles, ResultsDir, SkippedChart, SweepCsv,
    SweepInfo,
};
use mutasi::scenario::{self, SHIPPED, Scenario, ScenarioError};
use mutasi::sim::{Kpi, Model};

use super::Failure;
use super::args::{
    CheckArgs, Cli, Command, ExperimentArgs, MergeArgs, ReportArgs, RunArgs, ScenarioArgs,
    SweepArgs, replace,
};
use super::guard::{Budget, machine_memory};
use super::progress::Reporter;
use super::signals;

/// Runs the chosen subcommand.
pub fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Run(args) => run(args),
        Command::Sweep(args) => sweep(args),
        Command::Robust(args) => super::robust::robust(args),
        Command::Merge(args) => merge_shards(args),
        Command::Report(args) => report_only(args),
        Command::Check(args) => check(args),
        Command::Scenarios => {
            for s in SHIPPED {
                say!("{:<12} {}", s.name, s.summary);
            }
            Ok(())
        }
        Command::Init(args) => super::calibrate::init(args),
        Command::Fit(args) => super::calibrate::fit(args),
    }
}

/// Loads a scenario with its `--set` overrides, reading its data files as the flags allow,
/// then checks the KPI names of its `[report]` (defined by the simulation layer, so checked
/// here).
pub(super) fn load(
    name: &str,
    args: &ScenarioArgs,
) -> Result<(Scenario, scenario::Source), Failure> {
    let (s, source, _) = scenario::load_with(name, &args.set, &args.data.access())?;
    let problems = mutasi::sim::report_problems(&s);
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid {
            file: source.label(),
            problems,
        }
        .into());
    }
    Ok((s, source))
}

/// The KPIs named by `--target-kpis` (empty when not given).
fn target_kpis(args: &RunArgs) -> Result<Vec<Kpi>, Failure> {
    args.target_kpis
        .iter()
        .flatten()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .map(|n| {
            Kpi::from_name(n).ok_or_else(|| {
                let names: Vec<&str> = Kpi::ALL.iter().map(|k| k.name()).collect();
                let hint = scenario::did_you_mean(n, names.iter().copied())
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                Failure::Input(format!(
                    "--target-kpis: no KPI named '{n}'{hint}; KPIs: {}",
                    names.join(", ")
                ))
            })
        })
        .collect()
}

/// Prints the scenario's plausibility warnings (stderr) unless quiet.
pub(super) fn warn_scenario(s: &Scenario, quiet: bool) {
    if quiet {
        return;
    }
    for w in scenario::warnings(s) {
        eprintln!("warning: {} = {}: expected {}", w.path, w.value, w.expected);
    }
}

pub(super) fn default_output(name: &str, suffix: &str) -> PathBuf {
    let stamp: String = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
        .to_string()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    PathBuf::from("results").join(format!("{name}-{stamp}{suffix}"))
}

/// Fails early (before any simulation) when the output folder is taken (or, with
/// `--force`, is not a folder mutasi wrote, or holds someone else's file) or cannot be
/// written; first repairs what an interrupted write of it left (saying so on stderr).
fn check_output(out: &Path, replace: Replace) -> Result<(), Failure> {
    if let Some(old) = report::recover_interrupted(out)? {
        eprintln!(
            "note: '{}' was missing after an interrupted replace; restored it from '{}'",
            out.display(),
            old.display()
        );
    }
    report::check_target(out, replace)?;
    Ok(report::check_writable(out)?)
}

/// Refuses (exit 2) a run whose estimated size is above the limits, unless `--no-limit`.
fn check_budget(
    experiment: &Experiment,
    replications: u64,
    args: &ExperimentArgs,
) -> Result<(), Failure> {
    let policies = experiment.policy_names().len() as u64;
    Budget::of(experiment.model(), policies, replications, args.threads)
        .check(machine_memory(), args.no_limit)
}

/// The stop flag raised by Ctrl-C and SIGTERM.
fn stop_flag() -> Result<std::sync::Arc<std::sync::atomic::AtomicBool>, Failure> {
    signals::install().map_err(Failure::Internal)
}

/// Applies the shared experiment flags to an experiment.
fn configure(mut experiment: Experiment, args: &ExperimentArgs) -> Result<Experiment, Failure> {
    experiment = experiment
        .threads(args.threads)
        .log_transfers(args.transfer_log);
    if let Some(scope) = args.series {
        experiment = experiment.series(scope);
    }
    if let Some(names) = args.chosen_policies(&experiment.policy_names())? {
        experiment = experiment.only(&names)?;
    }
    if let Some(r) = args.replications {
        if r == 0 {
            return Err(Failure::Input(
                "-r/--replications must be at least 1".into(),
            ));
        }
        experiment = experiment.replications(r);
    }
    if let Some(seed) = args.seed {
        experiment = experiment.seed(seed);
    }
    Ok(experiment)
}

/// The scenario and experiment that continue an interrupted run: its stored scenario (or
/// the one given, which must be the same), its policies, replications, seed, transfer log
/// and target precision unless given again (then they must match).
fn resumed_experiment(
    args: &RunArgs,
    saved: &Interrupted,
) -> Result<(Scenario, Experiment), Failure> {
    let meta = &saved.checkpoint.meta;
    let opts = &args.experiment;
    let scenario = match &args.scenario {
        Some(name) => load(name, &args.scenario_args)?.0,
        None => {
            let stored = saved
                .checkpoint
                .scenario()
                .map_err(|m| Failure::Input(format!("the interrupted run's scenario: {m}")))?;
            let scenario = scenario::apply_overrides(stored, &args.scenario_args.set)?;
            let dir = args.resume.as_deref().unwrap_or(Path::new("."));
            scenario.validate(&dir.join(report::CHECKPOINT_META_FILE).display().to_string())?;
            scenario
        }
    };
    let mut experiment = configure(Experiment::new(&scenario)?, opts)?;
    if opts.policies.is_none() {
        experiment = experiment.only(&meta.policies)?;
    }
    if opts.seed.is_none() {
        experiment = experiment.seed(meta.seed);
    }
    experiment = experiment.log_transfers(opts.transfer_log || meta.transfer_log);
    if opts.series.is_none() {
        experiment = experiment.series(meta.series);
    }
    let target = args.target_ci.or(saved.target.map(|t| t.relative));
    if target != saved.target.map(|t| t.relative) {
        return Err(Failure::Input(format!(
            "cannot resume: the interrupted run had {}, this command asks for {}",
            saved
                .target
                .map_or("no --target-ci".to_string(), |t| format!(
                    "--target-ci {}",
                    t.relative
                )),
            args.target_ci
                .map_or("none".to_string(), |t| format!("--target-ci {t}"))
        )));
    }
    match target {
        Some(rel) => {
            experiment = experiment
                .target_ci(rel)
                .max_replications(args.max_replications.unwrap_or(meta.replications));
        }
        None if opts.replications.is_none() => {
            experiment = experiment.replications(meta.replications);
        }
        None => {}
    }
    let experiment = experiment.resume_from(saved.checkpoint.clone())?;
    Ok((scenario, experiment))
}

/// Which KPI's interval is widest after a `--target-ci` run, and whether it held the run back
/// (the same estimate `run.json` names as `limiting`).
fn print_target_ci(result: &mutasi::experiment::ExperimentResult) {
    if let (Some(t), Some(w)) = (result.target_ci, result.limiting()) {
        say!(
            "target CI: the widest is {} of {} (95% CI half-width {:.1}% of the mean; target {:.1}%){}",
            w.kpi.name(),
            w.policy,
            w.relative * 100.0,
            t.relative * 100.0,
            if w.relative > t.relative {
                "; it held the run back (choose the KPIs to target with --target-kpis)"
            } else {
                ""
            }
        );
    }
}

fn run(args: RunArgs) -> Result<(), Failure> {
    let saved = args
        .resume
        .as_deref()
        .map(report::read_checkpoint)
        .transpose()?;
    let opts = &args.experiment;
    let (scenario, mut experiment) = match &saved {
        Some(saved) => resumed_experiment(&args, saved)?,
        None => {
            let name = args.scenario.as_deref().unwrap_or(SHIPPED[0].name);
            let (scenario, _source) = load(name, &args.scenario_args)?;
            warn_scenario(&scenario, opts.quiet);
            let experiment = configure(Experiment::new(&scenario)?, opts)?;
            (scenario, experiment)
        }
    };
    if let Some(rel) = args.target_ci.filter(|_| saved.is_none()) {
        if !(rel.is_finite() && rel > 0.0) {
            return Err(Failure::Input(format!(
                "--target-ci must be a positive share of the mean such as 0.05 (5 %), not {rel}"
            )));
        }
        experiment = experiment.target_ci(rel);
        if let Some(max) = args.max_replications {
            experiment = experiment.max_replications(max);
        }
        experiment = experiment.target_kpis(&target_kpis(&args)?);
    }
    let suffix = args
        .shard
        .map(|s| format!("-shard-{}-of-{}", s.index, s.count))
        .unwrap_or_default();
    let out = match (&args.resume, &opts.output) {
        (Some(dir), _) | (None, Some(dir)) => dir.clone(),
        (None, None) => default_output(&scenario.name, &suffix),
    };
    // A resumed run replaces its own interrupted folder.
    let replace = replace(
        opts.replace.force || saved.is_some(),
        opts.replace.delete_foreign_files,
    );
    check_output(&out, replace)?;
    let names = experiment.policy_names();
    let done = saved
        .as_ref()
        .map_or(0, |s| s.checkpoint.meta.end_replication);
    let to_run = match args.shard {
        Some(shard) => {
            let r = shard.range(experiment.planned_replications());
            r.end - r.start
        }
        None => experiment.planned_replications().saturating_sub(done),
    };
    check_budget(&experiment, to_run, opts)?;
    experiment = experiment.stop_flag(stop_flag()?);

    if let Some(shard) = args.shard {
        return run_shard(&experiment, shard, &scenario.name, &out, replace, opts);
    }

    let target = args
        .target_ci
        .or(saved.as_ref().and_then(|s| s.target.map(|t| t.relative)));
    let reporter = Reporter::new(opts.quiet, &scenario.name, &names, to_run).target_ci(target);
    let run = experiment.run_with(|p| reporter.update(0, p));
    match run {
        Err(RunError::Interrupted { .. }) => reporter.stopped(),
        _ => reporter.finish(),
    }
    let result = match run {
        Err(RunError::Interrupted {
            completed,
            planned,
            checkpoint: Some(checkpoint),
        }) => {
            let target = args
                .target_ci
                .or(saved.as_ref().and_then(|s| s.target.map(|t| t.relative)));
            let target = target.map(|relative| mutasi::experiment::TargetCi {
                relative,
                max_replications: planned,
            });
            report::write_checkpoint(&out, experiment.model(), &checkpoint, target, replace)?;
            return Err(Failure::Interrupted(format!(
                "{completed} of {planned} replication(s) per policy completed and kept in '{dir}' \
                 (run.json says \"complete\": false; no tables or brief were written); finish \
                 with `mutasi run --resume {dir}`",
                dir = out.display()
            )));
        }
        other => other?,
    };
    let brief = report::write_results(
        &out,
        experiment.model(),
        &result,
        replace,
        opts.brief.language(),
    )?;
    if !opts.quiet {
        print_headline(experiment.model(), &result);
        print_target_ci(&result);
        say!("results: {}", out.display());
        print_brief(&out, brief.as_ref());
    }
    Ok(())
}

/// `mutasi run --shard K/N`: runs one shard and writes its partial folder.
fn run_shard(
    experiment: &Experiment,
    shard: Shard,
    name: &str,
    out: &Path,
    replace: Replace,
    opts: &ExperimentArgs,
) -> Result<(), Failure> {
    let names = experiment.policy_names();
    let planned = shard.range(experiment.planned_replications());
    let reporter = Reporter::new(
        opts.quiet,
        &format!("shard {shard}"),
        &names,
        planned.end - planned.start,
    );
    let partial = experiment.run_shard_with(shard, |p| reporter.update(0, p))?;
    reporter.finish();
    report::write_shard(out, &partial, replace)?;
    if !opts.quiet {
        say!(
            "{name}: shard {shard}, replications {} to {} of {} x {} policy(ies), {} events in {:.2} s",
            partial.meta.first_replication,
            partial.meta.end_replication.saturating_sub(1),
            partial.meta.replications,
            names.len(),
            partial.meta.events,
            partial.meta.wall_seconds
        );
        say!(
            "partial results: {} (combine all {} shards with `mutasi merge DIR... -o OUT`)",
            out.display(),
            shard.count
        );
    }
    Ok(())
}

fn sweep(args: SweepArgs) -> Result<(), Failure> {
    let (base, source) = load(&args.scenario, &args.scenario_args)?;
    warn_scenario(&base, args.experiment.quiet);
    let points = sweep_points(&base, &args.vary, &source.label())?;
    let opts = &args.experiment;
    // Configure once on the base scenario, so flag errors come before any simulation.
    let probe = configure(Experiment::new(&base)?, opts)?;
    let names = probe.policy_names();
    let reps = probe.planned_replications();
    let seed = opts.seed.unwrap_or(base.experiment.seed);
    let out = opts
        .output
        .clone()
        .unwrap_or_else(|| default_output(&base.name, "-sweep"));
    let replace = opts.replace.allowed();
    check_output(&out, replace)?;
    // A policy is simulated only at the points where its result is not an earlier point's.
    let mut reuse = Reuse::new(&points, &names)?;
    let per_policy: Vec<u64> = reuse.planned_points().iter().map(|n| n * reps).collect();
    let to_simulate = per_policy.iter().sum::<u64>();
    check_budget(
        &probe,
        to_simulate.div_ceil(names.len().max(1) as u64),
        opts,
    )?;
    let stop = stop_flag()?;
    let base_model = probe.model().clone();
    drop(probe);

    let parameters: Vec<String> = args.vary.iter().map(|v| v.path.clone()).collect();
    let dir = ResultsDir::create(&out, replace)?;
    let mut table = SweepCsv::new(&parameters)?;
    let mut info = SweepInfo::new(&base_model, &args.vary, seed, reps);
    let reporter = Reporter::with_plan(
        opts.quiet,
        &format!("{} sweep", base.name),
        &names,
        &per_policy,
    );
    let mut done = vec![0u64; names.len()];
    // The point Ctrl-C stopped, if any: the points before it are kept.
    let mut stopped_at = None;
    for point in &points {
        let experiment = point_experiment(point, &args.vary, opts)?.stop_flag(stop.clone());
        let to_run = reuse.to_run(point.index, &names);
        let reused: Vec<String> = names
            .iter()
            .filter(|n| !to_run.contains(n))
            .cloned()
            .collect();
        let (experiment, fresh) = if to_run.is_empty() {
            (experiment, None)
        } else {
            let experiment = if reused.is_empty() {
                experiment
            } else {
                experiment.only(&to_run)?
            };
            match experiment.run_with(|p| reporter.update_after(&done, p)) {
                Ok(result) => (experiment, Some(result)),
                Err(RunError::Interrupted { .. }) => {
                    stopped_at = Some(point.index);
                    break;
                }
                Err(e) => return Err(e.into()),
            }
        };
        for (d, n) in done.iter_mut().zip(&names) {
            if to_run.contains(n) {
                *d += reps;
            }
        }
        let result = reuse.complete(point.index, &names, fresh)?;
        let folder = format!("point-{}", point.index);
        report::write_result_files(&dir, &format!("{folder}/"), experiment.model(), &result)?;
        table.add_point(point.index, &point.values, experiment.model(), &result)?;
        info.add_point(point.index, &folder, &point.values, &result, &reused);
    }
    if let Some(k) = stopped_at {
        reporter.stopped();
        if k == 0 {
            return Err(Failure::Interrupted(format!(
                "stopped during the first of {} sweep point(s); nothing was written",
                points.len()
            )));
        }
        info.run.complete = false;
    } else {
        reporter.finish();
    }
    report::write_sweep_outputs(&dir, &table.finish()?, &info)?;
    let chart = match opts.brief.language() {
        Some(lang) => Some(report::render_sweep_chart(
            &dir.staging().join("sweep.csv"),
            dir.staging(),
            &names,
            lang,
        )?),
        None => None,
    };
    dir.commit()?;
    if let Some(k) = stopped_at {
        return Err(Failure::Interrupted(format!(
            "stopped during sweep point {k} of 0-{last}; points 0-{before} are written to {} \
             (sweep.csv, point-<k>/; run.json says \"complete\": false). To finish, sweep the \
             remaining values into another folder",
            out.display(),
            last = points.len() - 1,
            before = k - 1,
        )));
    }
    if !opts.quiet {
        let size = format!("{} point(s) x {} policy(ies)", points.len(), names.len());
        sweep_summary(&base.name, &size, reps, &info, &out, chart);
    }
    Ok(())
}

/// Prints what a finished sweep did and wrote (`size`: points x policies).
fn sweep_summary(
    name: &str,
    size: &str,
    reps: u64,
    info: &SweepInfo<'_>,
    out: &Path,
    chart: Option<Result<ChartFile, SkippedChart>>,
) {
    say!(
        "{name}: sweep of {size} x {reps} replication(s), {} events in {:.2} s",
        info.events,
        info.wall_seconds
    );
    say!("results: {} (sweep.csv, point-<k>/)", out.display());
    match chart {
        Some(Ok(_)) => say!("chart: charts/sweep.png and charts/sweep.svg"),
        Some(Err(skipped)) => say!("chart {} left out (no row has a value)", skipped.id),
        None => {}
    }
    say!(
        "a brief for one point: `mutasi report {}/point-<k>`",
        out.display()
    );
}

/// The experiment of one sweep point, with the same flags as every other point; input
/// errors name the point.
fn point_experiment(
    point: &SweepPoint,
    vary: &[Vary],
    opts: &ExperimentArgs,
) -> Result<Experiment, Failure> {
    let experiment = Experiment::new(&point.scenario)
        .map_err(Failure::from)
        .and_then(|e| configure(e, opts));
    experiment.map_err(|f| match f {
        Failure::Input(m) => Failure::Input(format!(
            "sweep point {} ({}): {m}",
            point.index,
            point.label(vary)
        )),
        other => other,
    })
}

fn merge_shards(args: MergeArgs) -> Result<(), Failure> {
    if args.shards.iter().any(|d| report::is_robust_partial(d)) {
        return super::robust::merge(&args);
    }
    let replace = args.replace.allowed();
    check_output(&args.output, replace)?;
    let mut parts = Vec::with_capacity(args.shards.len());
    for dir in &args.shards {
        parts.push((dir.display().to_string(), report::read_shard(dir)?));
    }
    let merged = merge(parts)?;
    let brief = report::write_results(
        &args.output,
        &merged.model,
        &merged.result,
        replace,
        args.brief.language(),
    )?;
    if !args.quiet {
        print_headline(&merged.model, &merged.result);
        say!("results: {}", args.output.display());
        print_brief(&args.output, brief.as_ref());
    }
    Ok(())
}

/// Where the brief went, and which charts were left out and why.
fn print_brief(dir: &Path, files: Option<&ReportFiles>) {
    let Some(files) = files else { return };
    let name = |p: &Path| {
        dir.join(p.file_name().unwrap_or(p.as_os_str()))
            .display()
            .to_string()
    };
    say!(
        "brief: {} and {}, {} chart(s) in {}",
        name(&files.html),
        name(&files.markdown),
        files.charts.len(),
        dir.join("charts").display()
    );
    for s in &files.skipped {
        say!("  chart {} left out (the brief says why)", s.id);
    }
}

fn report_only(args: ReportArgs) -> Result<(), Failure> {
    if report::is_robust_folder(&args.dir) {
        return super::robust::report_robust(&args, same_folder);
    }
    // A damaged folder is refused before anything is drawn from it.
    let saved = report::load_saved(&args.dir)?;
    report::check_saved(&saved, &args.dir)?;
    let files = match &args.output {
        // A new folder is staged and renamed into place like any output folder.
        Some(out) if !same_folder(out, &args.dir) => {
            check_output(out, replace(args.force, args.delete_foreign_files))?;
            let staged = ResultsDir::create(out, replace(args.force, args.delete_foreign_files))?;
            let files = report::render_saved(&saved, staged.staging(), args.lang)?;
            staged.commit()?;
            files
        }
        // The results folder itself: its brief and charts are redrawn, file by file.
        _ => {
            let files = report::render_saved(&saved, &args.dir, args.lang)?;
            report::record_brief(&args.dir, &files)?;
            files
        }
    };
    let out = args.output.clone().unwrap_or_else(|| args.dir.clone());
    if !args.quiet {
        say!("report for {}", args.dir.display());
        print_brief(&out, Some(&files));
    }
    Ok(())
}

/// Whether two paths name the same existing folder.
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// KPIs of the terminal summary: service, balance and cost.
const TERMINAL_KPIS: [Kpi; 7] = [
    Kpi::SlaComplianceStrict,
    Kpi::ResolutionDaysMean,
    Kpi::DemandServed,
    Kpi::Complaints,
    Kpi::BacklogEnd,
    Kpi::EjOutsideBand,
    Kpi::CostTotal,
];

/// A number with three significant figures (plain digits, no exponent).
fn sig3(x: f64) -> String {
    if !x.is_finite() {
        return "-".to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let decimals = (2 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    let rounded = format!("{x:.decimals$}");
    if decimals == 0 {
        // Keep three significant figures of large numbers: 7129 -> 7130.
        let magnitude = 10f64.powi(x.abs().log10().floor() as i32 - 2);
        format!("{:.0}", (x / magnitude).round() * magnitude)
    } else {
        rounded
    }
}

/// Prints the run's headline per policy: three significant figures, counts and costs per
/// year, confidence intervals clipped to what the KPI can be, differences with the baseline.
fn print_headline(model: &Model, result: &ExperimentResult) {
    let how = match (result.stopping_rule, result.shards) {
        (StoppingRule::Fixed, None) => String::new(),
        (StoppingRule::Fixed, Some(n)) => format!(", merged from {n} shards"),
        (rule, _) => format!(", stopped: {}", rule.name()),
    };
    say!(
        "{}: {} replication(s) x {} month(s), {} events in {:.2} s{how}",
        model.scenario.name,
        result.replications,
        model.months,
        result.events(),
        result.wall_seconds
    );
    for note in result.notes() {
        say!("note: {note}");
    }
    let years = report::measured_years(model);
    say!(
        "(counts and costs per year of the {} measured years; 95% CIs in brackets)",
        sig3(years)
    );
    for p in &result.policies {
        let is_baseline = p.name == result.baseline;
        say!(
            "policy {}{}",
            p.name,
            if is_baseline { " (baseline)" } else { "" }
        );
        for k in TERMINAL_KPIS {
            let s = p.summary(k);
            if !s.mean.is_finite() {
                continue;
            }
            let f = report::output_factor(k, years);
            let (lo, hi) = k.possible_range();
            let clip = |v: f64| (v * f).clamp(lo * f, hi * f);
            let diff = match result.paired_difference(&p.name, k) {
                Some(d) if !is_baseline && d.ci95_low.is_finite() => format!(
                    "  vs baseline {}{} [{}, {}]",
                    if d.mean > 0.0 { "+" } else { "" },
                    sig3(d.mean * f),
                    sig3(d.ci95_low * f),
                    sig3(d.ci95_high * f)
                ),
                _ => String::new(),
            };
            say!(
                "  {:<22} {:>10}  [{}, {}]  {}{diff}",
                k.name(),
                sig3(s.mean * f),
                sig3(clip(s.ci95_low)),
                sig3(clip(s.ci95_high)),
                k.output_unit()
            );
        }
    }
}

fn check(args: CheckArgs) -> Result<(), Failure> {
    let (scenario, _source) = load(&args.scenario, &args.scenario_args)?;
    let model = Model::new(&scenario).map_err(|e| Failure::Internal(e.to_string()))?;
    let years = scenario.horizon_years;
    let complaints: f64 = model
        .classes
        .iter()
        .filter(|c| c.is_complaint)
        .map(|c| c.rates_per_hour.iter().sum::<f64>() * model.hours_per_month)
        // Not `sum()`: an empty float sum is -0.0, printed "-0".
        .fold(0.0, |total, c| total + c);
    say!("ok");
    say!(
        "{}: {} unit(s), {} staff, {:.0} expected cases/year, {:.0} expected complaints/year (before induced ones), {} year(s), {} replication(s)",
        scenario.name,
        scenario.units.len(),
        scenario.total_staff(),
        model.expected_arrivals() / years,
        complaints / years,
        years,
        scenario.experiment.replications
    );
    for file in &scenario.data_files {
        say!("data file read: {} (as data only)", file.display());
    }
    let budget = Budget::of(
        &model,
        scenario.policies.len() as u64,
        scenario.experiment.replications as u64,
        0,
    );
    say!(
        "estimate: {} policy(ies) x {} replication(s): {}",
        scenario.policies.len(),
        scenario.experiment.replications,
        budget.describe()
    );
    if let Err(Failure::Input(why)) = budget.check(machine_memory(), false) {
        say!("warning: {why}");
    }
    // The workload-analysis view a planner knows: staff needed against staff, per unit.
    let loads: Vec<(String, f64, u32, bool)> = scenario
        .units
        .iter()
        .map(|u| {
            let (fte, gives_way) = scenario::offered_load(&scenario, u);
            (u.name.clone(), fte, u.initial_staff(), gives_way)
        })
        .collect();
    let shown: Vec<&(String, f64, u32, bool)> = if loads.len() <= 30 {
        loads.iter().collect()
    } else {
        loads
            .iter()
            .filter(|(_, f, s, _)| *f >= *s as f64)
            .collect()
    };
    if !shown.is_empty() {
        say!(
            "offered load at year-0 demand (ABK: staff needed vs staff; EJ above 1 = understaffed):"
        );
    }
    for (name, fte, staff, gives_way) in shown {
        let ej = if *staff > 0 {
            fte / *staff as f64
        } else {
            f64::INFINITY
        };
        say!(
            "  {name:<28} {fte:>7.2} FTE needed, {staff:>4} staff, EJ {ej:.2}{}",
            if *gives_way {
                ""
            } else {
                " (no work gives way)"
            }
        );
    }
    for w in scenario::warnings(&scenario) {
        say!("warning: {} = {}: expected {}", w.path, w.value, w.expected);
    }
    Ok(())
}
