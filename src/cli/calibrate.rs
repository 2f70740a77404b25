//! `mutasi fit` and `mutasi init`: demand estimated from history CSVs, starter scenarios.

use std::path::{Path, PathBuf};

use mutasi::report::{OutputError, write_atomically};
use mutasi::scenario::{
    self, Calibration, DataAccess, DataFiles, SHIPPED, STARTER, fill_fitted, starter_from_data,
};

use super::Failure;
use super::args::{FitArgs, InitArgs};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `mutasi fit`: the table of estimates, and the filled-in copy with `--write`.
pub fn fit(args: FitArgs) -> Result<(), Failure> {
    let (scenario, source, calibrations) =
        scenario::load_with(&args.scenario, &[], &args.data.access())?;
    if calibrations.is_empty() {
        return Err(Failure::Input(format!(
            "{}: no demand names a `history` CSV, so there is nothing to fit (add `history = \"complaints.csv\"` to a demand; see docs/scenario.md)",
            source.label()
        )));
    }
    if let Some(out) = &args.write {
        refuse_existing(out, args.force)?;
    }
    say!(
        "{}: demand fitted by Poisson maximum likelihood ({} working days a month); 95% CIs",
        scenario.name,
        scenario.calendar.days_per_month()
    );
    for c in &calibrations {
        print_calibration(c);
    }
    if let Some(out) = &args.write {
        let (_, text) = scenario::resolve(&args.scenario)?;
        let filled = fill_fitted(
            &text,
            &source.label(),
            &calibrations,
            (&source.base_dir(), &folder_of(out)),
        )?;
        write_file(out, filled.as_bytes())?;
        say!(
            "wrote {} (fitted values in place of `history`)",
            out.display()
        );
        let same_folder = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        let has_roster = scenario::parse(&text, &source.label()).is_ok_and(|s| s.roster.is_some());
        if has_roster && !same_folder(&folder_of(out), &source.base_dir()) {
            say!(
                "note: the copy is in another folder than the scenario, so it names the roster \
                 by its absolute path, and running it needs --allow-external-data"
            );
        }
    }
    Ok(())
}

fn print_calibration(c: &Calibration) {
    let f = &c.fit;
    say!(
        "\n{} / {}  ({}: {} months {} to {}, {} cases; run year 0 = {})",
        c.unit,
        c.class,
        c.history,
        f.months,
        c.months.0,
        c.months.1,
        f.total,
        c.run_start_year
    );
    say!(
        "  {:<18} {:>10}  {:<22} unit",
        "parameter",
        "estimate",
        "95% CI"
    );
    let (lo, hi) = f.base_per_day.ci95();
    say!(
        "  {:<18} {:>10.4}  [{:.4}, {:.4}]{:pad$} cases/working day, year {}",
        "base_per_day",
        f.base_per_day.value(),
        lo,
        hi,
        "",
        c.run_start_year,
        pad = 22usize.saturating_sub(format!("[{lo:.4}, {hi:.4}]").len())
    );
    let (lo, hi) = f.growth_per_year.ci95();
    say!(
        "  {:<18} {:>+10.4}  {:<22} fraction/year",
        "growth_per_year",
        f.growth_per_year.value(),
        format!("[{lo:+.4}, {hi:+.4}]")
    );
    for (m, s) in f.season.iter().enumerate() {
        let (lo, hi) = s.ci95();
        say!(
            "  {:<18} {:>10.3}  {:<22} multiplier",
            format!("season {}", MONTHS[m]),
            s.value(),
            format!("[{lo:.3}, {hi:.3}]")
        );
    }
    say!(
        "  goodness of fit: Pearson X2 = {:.1} on {} df (p = {:.3}); deviance = {:.1} on {} df (p = {:.3}){}",
        f.pearson.statistic,
        f.pearson.df,
        f.pearson.p_value,
        f.deviance.statistic,
        f.deviance.df,
        f.deviance.p_value,
        if f.pearson.p_value < 0.01 {
            ": the counts vary more than Poisson arrivals with this trend and season would (look for shocks or a changed trend)"
        } else {
            ""
        }
    );
    match &c.written {
        None => say!("  the run uses the fitted values"),
        Some(w) => say!(
            "  the run uses the values written in the scenario (they win over the fit): base_per_day = {}, growth_per_year = {}, season = {}",
            w.base_per_day,
            w.growth_per_year,
            if w.season.is_empty() {
                "flat".to_string()
            } else {
                format!("{:?}", w.season)
            }
        ),
    }
}

/// `mutasi init`: a shipped scenario, the starter template, or one built from data.
pub fn init(args: InitArgs) -> Result<(), Failure> {
    if let Some(roster) = &args.roster {
        let Some(out) = &args.output else {
            return Err(Failure::Input(
                "init --roster needs -o FILE (the data paths are written relative to it)".into(),
            ));
        };
        refuse_existing(out, args.force)?;
        let name = out
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "my_office".into());
        let roster_ref = relative_to_output(roster, out);
        let history_ref = args.history.as_ref().map(|h| relative_to_output(h, out));
        let access = DataAccess {
            anywhere: true,
            max_bytes: args.max_data_mb.saturating_mul(1_000_000),
        };
        let text = starter_from_data(
            &name,
            &DataFiles {
                roster,
                roster_ref: &roster_ref,
                history: args.history.as_deref(),
                history_ref: history_ref.as_deref(),
            },
            &access,
        )?;
        write_checked(out, &text, &access)?;
        say!(
            "wrote {} from {}{}; check it with `mutasi check {}` and change the lines marked CHANGE",
            out.display(),
            roster.display(),
            args.history
                .as_ref()
                .map(|h| format!(" and {}", h.display()))
                .unwrap_or_default(),
            out.display()
        );
        let outside = std::iter::once(roster_ref.as_str())
            .chain(history_ref.as_deref())
            .any(|r| Path::new(r).is_absolute());
        if outside {
            say!(
                "note: a data file is not in the folder of {} or below it, so the scenario names \
                 it by its absolute path, and running it needs --allow-external-data (or move \
                 the file next to the scenario and name it there)",
                out.display()
            );
        }
        return Ok(());
    }
    let name = args.name.as_deref().unwrap_or(SHIPPED[0].name);
    let text = if name == "starter" {
        STARTER
    } else {
        match scenario::shipped(name) {
            Some((_, text)) => text,
            None => {
                return Err(Failure::Input(format!(
                    "no template or shipped scenario named '{name}' (starter, {})",
                    SHIPPED
                        .iter()
                        .map(|s| s.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
    };
    match &args.output {
        None => print!("{text}"),
        Some(out) => {
            refuse_existing(out, args.force)?;
            write_file(out, text.as_bytes())?;
            say!("wrote {}", out.display());
        }
    }
    Ok(())
}

fn refuse_existing(out: &Path, force: bool) -> Result<(), Failure> {
    if out.is_dir() {
        return Err(Failure::Input(format!(
            "'{}' is a folder; -o names the scenario file to write (e.g. -o {})",
            out.display(),
            out.join("my_office.toml").display()
        )));
    }
    if out.exists() && !force {
        return Err(Failure::Input(format!(
            "'{}' already exists; choose another name or pass --force to replace it",
            out.display()
        )));
    }
    Ok(())
}

fn write_file(out: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_atomically(out, bytes).map_err(|e: OutputError| Failure::Internal(e.to_string()))
}

/// Writes a generated scenario only if it loads: checked from a hidden file next to `out`
/// (so relative data paths resolve the same), then written atomically.
fn write_checked(out: &Path, text: &str, access: &DataAccess) -> Result<(), Failure> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario.toml".into());
    let probe = out.with_file_name(format!(".{name}.check-{}.toml", std::process::id()));
    write_file(&probe, text.as_bytes())?;
    let checked = scenario::load_with(&probe.display().to_string(), &[], access);
    let _ = std::fs::remove_file(&probe);
    checked?;
    write_file(out, text.as_bytes())
}

/// `data` as the scenario at `out` should name it: relative to `out`'s folder when `data`
/// lies under it, else absolute.
fn relative_to_output(data: &Path, out: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let data_abs = absolute(data);
    match data_abs.strip_prefix(absolute(&folder_of(out))) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => data_abs.display().to_string(),
    }
}

/// The folder a file is written to (`.` for a bare file name).
fn folder_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
