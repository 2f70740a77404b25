//! One function per subcommand.

use std::path::PathBuf;

use mutasi::experiment::{Experiment, RunError};
use mutasi::report::{self, OutputError};
use mutasi::scenario::{self, SHIPPED, ScenarioError};
use mutasi::sim::{Kpi, Model};

use super::Failure;
use super::args::{CheckArgs, Cli, Command, RunArgs};

impl From<ScenarioError> for Failure {
    fn from(e: ScenarioError) -> Self {
        Failure::Input(e.to_string())
    }
}

impl From<RunError> for Failure {
    fn from(e: RunError) -> Self {
        Failure::Internal(e.to_string())
    }
}

impl From<OutputError> for Failure {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::Exists(_) => Failure::Input(e.to_string()),
            _ => Failure::Internal(e.to_string()),
        }
    }
}

/// Runs the chosen subcommand.
pub fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Run(args) => run(args),
        Command::Check(args) => check(args),
        Command::Scenarios => {
            for s in SHIPPED {
                say!("{:<12} {}", s.name, s.summary);
            }
            Ok(())
        }
        Command::Init { name } => match scenario::shipped(&name) {
            Some((_, text)) => {
                print!("{text}");
                Ok(())
            }
            None => Err(Failure::Input(format!(
                "no shipped scenario named '{name}' (shipped: {})",
                SHIPPED
                    .iter()
                    .map(|s| s.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        },
    }
}

fn default_output(name: &str) -> PathBuf {
    let stamp: String = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
        .to_string()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    PathBuf::from("results").join(format!("{name}-{stamp}"))
}

fn run(args: RunArgs) -> Result<(), Failure> {
    let name = args.scenario.as_deref().unwrap_or(SHIPPED[0].name);
    let (scenario, _source) = scenario::load(name, &args.scenario_args.set)?;
    let mut experiment = Experiment::new(&scenario)?.threads(args.threads);
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
    let out = args
        .output
        .unwrap_or_else(|| default_output(&scenario.name));
    if out.exists() && !args.force {
        return Err(OutputError::Exists(out).into());
    }
    let result = experiment.run()?;
    report::write_results(&out, experiment.model(), &result, args.force)?;
    if !args.quiet {
        print_headline(experiment.model(), &result);
        say!("results: {}", out.display());
    }
    Ok(())
}

fn print_headline(model: &Model, result: &mutasi::experiment::ExperimentResult) {
    say!(
        "{}: {} replication(s) x {} month(s), {} events in {:.2} s",
        model.scenario.name,
        result.replications,
        model.months,
        result.events(),
        result.wall_seconds
    );
    for p in &result.policies {
        say!("policy {}", p.name);
        for k in [
            Kpi::ResolutionDaysMean,
            Kpi::SlaCompliance,
            Kpi::Complaints,
            Kpi::BacklogEnd,
            Kpi::UtilizationCv,
        ] {
            let s = p.summary(k);
            say!(
                "  {:<22} {:>12.4}  95% CI [{:.4}, {:.4}]  ({})",
                k.name(),
                s.mean,
                s.ci95_low,
                s.ci95_high,
                k.unit()
            );
        }
    }
}

fn check(args: CheckArgs) -> Result<(), Failure> {
    let (scenario, _source) = scenario::load(&args.scenario, &args.scenario_args.set)?;
    let model = Model::new(&scenario).map_err(|e| Failure::Internal(e.to_string()))?;
    let years = scenario.horizon_years;
    let complaints: f64 = model
        .classes
        .iter()
        .filter(|c| c.is_complaint)
        .map(|c| c.rates_per_hour.iter().sum::<f64>() * model.hours_per_month)
        .sum();
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
    Ok(())
}
