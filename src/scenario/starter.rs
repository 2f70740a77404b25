//! Starter scenarios for `mutasi init`: a documented template, or a scenario built from a
//! staff roster CSV and a demand history CSV (units and fields from the roster, demand
//! fitted from the history at load time), every field commented with its unit and what to
//! change.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{CalendarSpec, DataAccess, ScenarioError, read_history, read_roster};
use crate::calibrate::fit_monthly_counts;

/// The documented starter template (`mutasi init starter`).
pub const STARTER: &str = include_str!("../../scenarios/templates/starter.toml");

/// Where the data files are, as read now and as the written scenario should name them.
pub struct DataFiles<'a> {
    /// The roster CSV to read.
    pub roster: &'a Path,
    /// How the scenario names it (relative to the scenario's folder).
    pub roster_ref: &'a str,
    /// The history CSV to read, if any.
    pub history: Option<&'a Path>,
    /// How the scenario names it.
    pub history_ref: Option<&'a str>,
}

/// A unit as the data describe it.
#[derive(Default)]
struct UnitData {
    people: usize,
    fields: BTreeMap<String, usize>,
    classes: Vec<String>,
}

/// Writes a scenario named `name` from a roster and (optionally) a history, each read as a
/// regular file of at most `access.max_bytes` (wherever it is: the user named it).
pub fn starter_from_data(
    name: &str,
    files: &DataFiles<'_>,
    access: &DataAccess,
) -> Result<String, ScenarioError> {
    let calendar = CalendarSpec::default();
    let office = Office::read(files, access, &calendar)?;
    let mut s = String::new();
    write_header(&mut s, name, files, &calendar);
    for unit in &office.order {
        if let Some(data) = office.units.get(unit) {
            write_unit(&mut s, unit, data, &office.fits, files.history_ref);
        }
    }
    s.push_str(FOOTER);
    Ok(s)
}

/// The units of an office as its roster and history describe them.
struct Office {
    /// Unit names in the order the roster (then the history) first names them.
    order: Vec<String>,
    units: BTreeMap<String, UnitData>,
    /// The comment on each fitted demand, by (unit, class).
    fits: BTreeMap<(String, String), String>,
}

impl Office {
    fn read(
        files: &DataFiles<'_>,
        access: &DataAccess,
        calendar: &CalendarSpec,
    ) -> Result<Office, ScenarioError> {
        let roster = read_roster(files.roster, access)?.rows;
        let history = files.history.map(|h| read_history(h, access)).transpose()?;
        let mut order: Vec<String> = Vec::new();
        let mut units: BTreeMap<String, UnitData> = BTreeMap::new();
        for row in &roster {
            let unit = units.entry(row.unit.clone()).or_insert_with(|| {
                order.push(row.unit.clone());
                UnitData::default()
            });
            unit.people += 1;
            if let Some(f) = &row.person.field {
                *unit.fields.entry(f.clone()).or_default() += 1;
            }
        }
        let mut fits: BTreeMap<(String, String), String> = BTreeMap::new();
        if let Some(h) = &history {
            for ((unit, class), rows) in &h.series {
                let data = units.entry(unit.clone()).or_insert_with(|| {
                    order.push(unit.clone());
                    UnitData::default()
                });
                data.classes.push(class.clone());
                let months = h.month_counts(rows);
                let note = match fit_monthly_counts(&months, calendar.days_per_month()) {
                    Ok(fit) => {
                        let (lo, hi) = fit.base_per_day.ci95();
                        let (glo, ghi) = fit.growth_per_year.ci95();
                        format!(
                            "fitted at load: {:.3} cases/working day in {} [95% CI {lo:.3}, {hi:.3}], growth {:+.1} %/year [{:+.1}, {:+.1}], Pearson fit p = {:.2}",
                            fit.base_per_day.value(),
                            h.last_year + 1,
                            100.0 * fit.growth_per_year.value(),
                            100.0 * glo,
                            100.0 * ghi,
                            fit.pearson.p_value
                        )
                    }
                    Err(e) => {
                        let line = rows.first().map(|r| r.line).unwrap_or(1);
                        return Err(h.error(
                            line,
                            h.columns.count,
                            format!("unit '{unit}' class '{class}': {e}"),
                        ));
                    }
                };
                fits.insert((unit.clone(), class.clone()), note);
            }
        }
        Ok(Office { order, units, fits })
    }
}

/// The scenario's opening: what it is, top-level keys, calendar, experiment, rules, review.
fn write_header(s: &mut String, name: &str, files: &DataFiles<'_>, calendar: &CalendarSpec) {
    let sources = match files.history_ref {
        Some(h) => format!("{} and {h}", files.roster_ref),
        None => files.roster_ref.to_string(),
    };
    let _ = writeln!(
        s,
        "# Scenario for your office, written by `mutasi init` from {sources}.\n\
         # Units and people come from the roster; demand is fitted from the history each time the\n\
         # scenario loads (`mutasi fit` shows the estimates). Values marked CHANGE are examples:\n\
         # replace them with your office's figures. Check with `mutasi check`; every field is\n\
         # explained in docs/scenario.md. Times are working hours or working days, money Rupiah."
    );
    let _ = writeln!(
        s,
        "name = {}          # short name used for the results folder",
        quoted(name)
    );
    let _ = writeln!(
        s,
        "description = \"CHANGE: one sentence saying which office this is and what you want to decide.\""
    );
    s.push_str(
        "horizon_years = 5           # years simulated: your planning period\n\
         warmup_years = 1            # years left out of every statistic while queues settle\n\
         baseline = \"status_quo\"     # the policy every other is compared with\n",
    );
    let _ = writeln!(
        s,
        "roster = {}   # staff roster CSV (one row per person), relative to this file",
        quoted(files.roster_ref)
    );
    let _ = writeln!(
        s,
        "\n[calendar]\nhours_per_day = {}         # working hours per day (37.5 h a week over 5 days)\n\
         days_per_year = {}         # working days per year; the history fit counts a month as a twelfth of it",
        calendar.hours_per_day, calendar.days_per_year
    );
    s.push_str(
        "\n[experiment]\nreplications = 100          # runs per policy: more gives narrower intervals\n\
         seed = 1                    # any whole number; the same seed gives the same results\n\
         \n[transfers]\nmin_years_at_post = 2       # years before a person may be moved (PP 11/2017: 2)\n\
         max_years_at_post = 5       # years after which rotation is due (PP 11/2017: 5)\n\
         \n[review]\nevery_months = 3            # months between staffing reviews\n\
         max_moves_per_review = 4    # CHANGE: people the office can move at one review\n\
         \n# --- Units, in the order the roster first names them ----------------------------------\n",
    );
}

/// One `[[units]]` table with its case classes, fitted demand named where there is one.
fn write_unit(
    s: &mut String,
    name: &str,
    unit: &UnitData,
    fits: &BTreeMap<(String, String), String>,
    history_ref: Option<&str>,
) {
    let field = unit
        .fields
        .iter()
        .max_by_key(|(f, n)| (**n, std::cmp::Reverse((*f).clone())))
        .map(|(f, n)| (f.clone(), *n));
    let _ = writeln!(s, "\n[[units]]\nname = {}", quoted(name));
    match field {
            Some((f, n)) => {
                let _ = writeln!(
                    s,
                    "field = {}    # most common field in the roster ({n} of {} people); CHANGE if the work needs another",
                    quoted(&f),
                    unit.people
                );
            }
            None => s.push_str(
                "field = \"general\"    # CHANGE: competence the work needs (the roster gives no fields)\n",
            ),
        }
    s.push_str(
        "remoteness = 0              # CHANGE: 0 urban, 1 rural, 2 remote / hard to reach\n",
    );
    if unit.people > 0 {
        let _ = writeln!(
            s,
            "positions = {}               # CHANGE: authorised positions (formasi); the roster has {} people, raise it for vacancies",
            unit.people, unit.people
        );
    } else {
        s.push_str(
                "positions = 1               # CHANGE: authorised positions; this unit has history but nobody in the roster\n\
                 staff = 1                   # CHANGE: people at the start (or add them to the roster and delete this line)\n",
            );
    }
    let classes = if unit.classes.is_empty() {
        vec!["request".to_string()]
    } else {
        unit.classes.clone()
    };
    let has_complaint = classes.iter().any(|c| c == "complaint");
    for class in &classes {
        let _ = writeln!(
            s,
            "\n[[units.cases]]\nclass = {}\nsla_days = 5                # CHANGE: service standard, working days from arrival to completion\n\
                 service = {{ kind = \"lognormal\", mean_hours = 1.0, cv = 0.6 }}   # CHANGE: hours of work per case (mean, spread)",
            quoted(class)
        );
        if has_complaint && class != "complaint" {
            s.push_str(
                    "complaint_after_days = 1    # working days a case waits before the citizen may complain\n\
                     complaint_prob = 0.0        # CHANGE: share of long-waiting cases that become complaints, 0..1\n",
                );
        }
        s.push_str("[units.cases.demand]\n");
        match (fits.get(&(name.to_string(), class.clone())), history_ref) {
                (Some(note), Some(h)) => {
                    let _ = writeln!(s, "history = {}   # {note}", quoted(h));
                }
                _ => s.push_str(
                    "base_per_day = 1.0          # CHANGE: cases per working day (no history rows for this unit)\n",
                ),
            }
    }
}

/// Competence defaults and the two policies every starter compares.
const FOOTER: &str = "\n[competence]\nrelated = []                # CHANGE: pairs of fields that partly fit, e.g. [[\"adminduk\", \"public_service\"]]\n\
         related_fit = 0.85          # productivity in a related field (1 = own field)\n\
         unrelated_fit = 0.6         # productivity in an unrelated field\n\
         \n# --- Policies to compare (docs/scenario.md lists every kind) -----------------------------\n\
         \n[[policies]]\nname = \"status_quo\"         # nobody is moved\nkind = \"status_quo\"\n\
         \n[[policies]]\nname = \"needs_based\"        # moves staff to units whose workload (ABK) exceeds their staff\nkind = \"needs_based\"\n";

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
