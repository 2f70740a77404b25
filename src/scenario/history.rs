//! Demand history CSV: monthly counts per unit and case class, columns `month` (`YYYY-MM`),
//! `unit`, `class`, `count` (in any order), and the fit of every demand that names one.
//!
//! Every unit/class series must run over consecutive months without a gap or a repeated
//! month. The run's year 0 is the calendar year after the latest month in the file, so the
//! fitted `base_per_day` is the level the trend reaches when the simulation starts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::csv_file::{CsvFile, DataSource, open_table, shown};
use super::data_file::{DataAccess, locate, read_data};
use super::{DEFAULT_CLASS, DemandSpec, Problem, Scenario, ScenarioError, Source};
use crate::calibrate::{DemandFit, MIN_MONTHS, MonthCount, fit_monthly_counts};

/// The columns of a history CSV, in the order of [`HistoryColumns`].
pub const HISTORY_COLUMNS: [&str; 4] = ["month", "unit", "class", "count"];

/// Largest monthly count accepted (cases); larger ones are surely a typo.
pub const MAX_COUNT: u64 = 1_000_000_000;

/// 1-based column number of each field in the file (for error messages).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistoryColumns {
    /// Column of `month`.
    pub month: usize,
    /// Column of `unit`.
    pub unit: usize,
    /// Column of `class`.
    pub class: usize,
    /// Column of `count`.
    pub count: usize,
}

/// One month of one unit and class.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    /// 1-based line in the CSV file.
    pub line: usize,
    /// Unit name.
    pub unit: String,
    /// Case class name.
    pub class: String,
    /// Calendar year.
    pub year: i32,
    /// Calendar month, 1..=12.
    pub month: u8,
    /// Cases that arrived in the month.
    pub count: u64,
}

impl HistoryRow {
    /// Months since year 0 (for ordering and gap checks).
    fn ordinal(&self) -> i64 {
        self.year as i64 * 12 + self.month as i64 - 1
    }
}

/// A parsed history file: its rows grouped in series, each sorted by month.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// How errors name the file (and its sheet, for a workbook).
    pub source: DataSource,
    /// Where each column is.
    pub columns: HistoryColumns,
    /// Rows per (unit, class), sorted by month, consecutive.
    pub series: BTreeMap<(String, String), Vec<HistoryRow>>,
    /// Latest calendar year in the file; the run's year 0 is the year after.
    pub last_year: i32,
}

impl History {
    /// An error at `line` and `column` of this file.
    pub(crate) fn error(&self, line: usize, column: usize, message: String) -> ScenarioError {
        self.source.csv_file().error(line, column, message)
    }

    /// Rows of one series as month counts on the run's calendar: year 0 is the year after
    /// the file's latest, months are 0..12.
    pub(crate) fn month_counts(&self, rows: &[HistoryRow]) -> Vec<MonthCount> {
        rows.iter()
            .map(|r| MonthCount {
                year: r.year - (self.last_year + 1),
                month: r.month - 1,
                count: r.count,
            })
            .collect()
    }
}

/// Reads and checks a history file (a regular file of at most `access.max_bytes`).
pub fn read_history(path: &Path, access: &DataAccess) -> Result<History, ScenarioError> {
    let bytes = read_data(path, "demand history", access)?;
    parse_history(&bytes, &path.display().to_string())
}

/// Parses history bytes (UTF-8 CSV, see the module doc); `file` names it in errors. Checks
/// every row (month, count, names), duplicates and gaps; does not need the scenario.
pub fn parse_history(bytes: &[u8], file: &str) -> Result<History, ScenarioError> {
    let (source, mut table) = open_table(bytes, file, Some(b'#'))?;
    let csv = source.csv_file();
    let header_line = table.header_line;
    let index = table
        .columns(&HISTORY_COLUMNS, false)
        .map_err(|p| csv.at(p))?;
    let mut found = [0usize; 4];
    for (i, name) in HISTORY_COLUMNS.iter().enumerate() {
        found[i] = index[i].map(|c| c + 1).ok_or_else(|| {
            csv.error(
                header_line,
                1,
                format!(
                    "missing the column '{name}' (the header needs: {})",
                    HISTORY_COLUMNS.join(", ")
                ),
            )
        })?;
    }
    let columns = HistoryColumns {
        month: found[0],
        unit: found[1],
        class: found[2],
        count: found[3],
    };
    let mut series: BTreeMap<(String, String), Vec<HistoryRow>> = BTreeMap::new();
    while let Some(row) = table.next_row() {
        let (line, record) = row.map_err(|p| csv.at(p))?;
        let cell = |col: usize| record.get(col - 1).unwrap_or("");
        let (year, month) = parse_month(cell(columns.month)).ok_or_else(|| {
            csv.unexpected(
                line,
                columns.month,
                "month",
                "a month as YYYY-MM (e.g. 2024-03)",
                Some(cell(columns.month)),
            )
        })?;
        let name = |col: usize, what: &str| -> Result<String, ScenarioError> {
            match cell(col) {
                "" => Err(csv.unexpected(line, col, what, "a name", None)),
                s => Ok(s.to_string()),
            }
        };
        let unit = name(columns.unit, "unit")?;
        let class = name(columns.class, "class")?;
        let raw = cell(columns.count);
        let count = raw
            .parse::<u64>()
            .ok()
            .filter(|c| *c <= MAX_COUNT)
            .ok_or_else(|| {
                csv.unexpected(
                    line,
                    columns.count,
                    "count",
                    &format!("a whole number of cases from 0 to {MAX_COUNT}"),
                    Some(raw),
                )
            })?;
        series
            .entry((unit.clone(), class.clone()))
            .or_default()
            .push(HistoryRow {
                line,
                unit,
                class,
                year,
                month,
                count,
            });
    }
    if series.is_empty() {
        return Err(csv.error(
            header_line,
            1,
            "no data rows (one row per month, unit and class)".into(),
        ));
    }
    check_consecutive(&csv, &columns, &mut series)?;
    let last_year = series
        .values()
        .filter_map(|rows| rows.last())
        .map(|r| r.year)
        .max()
        .unwrap_or(0);
    Ok(History {
        source,
        columns,
        series,
        last_year,
    })
}

/// Each series sorted by month, with no month twice and none missing (the fit needs
/// consecutive months); errors name the offending line.
fn check_consecutive(
    csv: &CsvFile<'_>,
    columns: &HistoryColumns,
    series: &mut BTreeMap<(String, String), Vec<HistoryRow>>,
) -> Result<(), ScenarioError> {
    for rows in series.values_mut() {
        // Stable sort: of two rows for one month, the later line is the duplicate.
        rows.sort_by_key(HistoryRow::ordinal);
        for pair in rows.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.ordinal() == b.ordinal() {
                return Err(csv.error(
                    b.line,
                    columns.month,
                    format!(
                        "duplicate month {} for unit '{}' class '{}' (first at line {})",
                        month_label(b.year, b.month),
                        shown(&b.unit),
                        shown(&b.class),
                        a.line
                    ),
                ));
            }
            if b.ordinal() != a.ordinal() + 1 {
                let missing = a.ordinal() + 1;
                return Err(csv.error(
                    b.line,
                    columns.month,
                    format!(
                        "gap in unit '{}' class '{}': no row for {} (between {} at line {} and {} here); the fit needs consecutive months",
                        shown(&b.unit),
                        shown(&b.class),
                        month_label(
                            (missing.div_euclid(12)) as i32,
                            (missing.rem_euclid(12) + 1) as u8
                        ),
                        month_label(a.year, a.month),
                        a.line,
                        month_label(b.year, b.month)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// `YYYY-MM` with a four-digit year and a two-digit month 01..12.
fn parse_month(s: &str) -> Option<(i32, u8)> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: u8 = m.parse().ok()?;
    ((1..=12).contains(&month)).then_some((y.parse().ok()?, month))
}

fn month_label(year: i32, month: u8) -> String {
    format!("{year:04}-{month:02}")
}

/// The demand values the file wrote, when they win over the fit.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenDemand {
    /// `base_per_day` as written (cases per working day).
    pub base_per_day: f64,
    /// `growth_per_year` as written (fraction per year).
    pub growth_per_year: f64,
    /// `season` as written (empty = flat).
    pub season: Vec<f64>,
}

/// The fit of one demand from its history, for `mutasi fit` and `mutasi init`.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Field path of the demand, e.g. `units[3].cases[0].demand`.
    pub path: String,
    /// Index of the unit in `units`.
    pub unit_index: usize,
    /// Index of the class in the unit's `cases`; `None` for the single-class shorthand.
    pub case_index: Option<usize>,
    /// Unit name.
    pub unit: String,
    /// Case class name.
    pub class: String,
    /// The history file as resolved.
    pub file: PathBuf,
    /// The history as written in the scenario (relative path).
    pub history: String,
    /// First and last month of the series, `YYYY-MM`.
    pub months: (String, String),
    /// Calendar year of the run's year 0.
    pub run_start_year: i32,
    /// Estimates, intervals and goodness of fit.
    pub fit: DemandFit,
    /// `Some` when the scenario also wrote `base_per_day`: those values are the ones used.
    pub written: Option<WrittenDemand>,
}

/// Fits every demand that names a `history` file and fills its `base_per_day`,
/// `growth_per_year` and `season` (unless `base_per_day` is written, which wins); clears
/// `history` so the resolved scenario stands alone. Returns the fits.
pub fn attach_history(
    scenario: &mut Scenario,
    source: &Source,
    access: &DataAccess,
) -> Result<Vec<Calibration>, ScenarioError> {
    let days_per_month = scenario.calendar.days_per_month();
    let label = source.label();
    let base_dir = source.base_dir();
    // Every class of every unit, for the unknown-name check.
    let classes: BTreeMap<String, Vec<String>> = scenario
        .units
        .iter()
        .map(|u| {
            let names = u
                .class_views("")
                .iter()
                .map(|v| v.class.to_string())
                .collect();
            (u.name.clone(), names)
        })
        .collect();
    let mut files: BTreeMap<String, History> = BTreeMap::new();
    let mut read = Vec::new();
    let mut out = Vec::new();
    for (ui, unit) in scenario.units.iter_mut().enumerate() {
        let unit_name = unit.name.clone();
        let mut demands: Vec<(Option<usize>, String, &mut DemandSpec)> = Vec::new();
        if unit.cases.is_empty() {
            let class = unit
                .class
                .clone()
                .unwrap_or_else(|| DEFAULT_CLASS.to_string());
            if let Some(d) = unit.demand.as_mut() {
                demands.push((None, class, d));
            }
        } else {
            for (ci, c) in unit.cases.iter_mut().enumerate() {
                demands.push((Some(ci), c.class.clone(), &mut c.demand));
            }
        }
        for (case_index, class, demand) in demands {
            let path = match case_index {
                Some(ci) => format!("units[{ui}].cases[{ci}].demand"),
                None => format!("units[{ui}].demand"),
            };
            let Some(relative) = demand.history.take() else {
                continue;
            };
            if demand.base_per_day.is_none()
                && (demand.growth_per_year != 0.0 || !demand.season.is_empty())
            {
                let field = if demand.season.is_empty() {
                    "growth_per_year"
                } else {
                    "season"
                };
                return Err(ScenarioError::Invalid {
                    file: label,
                    problems: vec![Problem {
                        path: format!("{path}.{field}"),
                        value: "a value".into(),
                        expected: format!(
                            "no `{field}` when `history` gives the demand (it would be replaced by the fit); write `base_per_day` too to use your own values"
                        ),
                    }],
                });
            }
            let file = locate(&base_dir, &relative, "demand history", access)?;
            let key = file.display().to_string();
            if !files.contains_key(&key) {
                let history = read_history(&file, access)?;
                check_names(&history, &classes)?;
                files.insert(key.clone(), history);
                read.push(file.clone());
            }
            let history = &files[&key];
            let calibration = fit_series(history, &unit_name, &class, days_per_month)?;
            let (fit, first, last) = calibration;
            let written = demand.base_per_day.map(|base| WrittenDemand {
                base_per_day: base,
                growth_per_year: demand.growth_per_year,
                season: demand.season.clone(),
            });
            if written.is_none() {
                demand.base_per_day = Some(fit.base_per_day.value());
                demand.growth_per_year = fit.growth_per_year.value();
                demand.season = fit.season_values();
            }
            out.push(Calibration {
                path,
                unit_index: ui,
                case_index,
                unit: unit_name.clone(),
                class,
                file,
                history: relative,
                months: (first, last),
                run_start_year: history.last_year + 1,
                fit,
                written,
            });
        }
    }
    // Listed by `mutasi check`: the files a run reads besides the scenario.
    scenario.data_files.extend(read);
    Ok(out)
}

/// Every row's unit and class must exist in the scenario.
fn check_names(
    history: &History,
    classes: &BTreeMap<String, Vec<String>>,
) -> Result<(), ScenarioError> {
    for ((unit, class), rows) in &history.series {
        let line = rows.iter().map(|r| r.line).min().unwrap_or(0);
        let error = |column: usize, message: String| history.error(line, column, message);
        match classes.get(unit) {
            None => {
                let known: Vec<&str> = classes.keys().map(String::as_str).collect();
                return Err(error(
                    history.columns.unit,
                    format!(
                        "unknown unit '{}' (units: {})",
                        shown(unit),
                        known.join(", ")
                    ),
                ));
            }
            Some(names) if !names.contains(class) => {
                return Err(error(
                    history.columns.class,
                    format!(
                        "unit '{unit}' has no case class '{}' (classes: {})",
                        shown(class),
                        names.join(", ")
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Fits one unit/class series; returns the fit and its first and last month.
fn fit_series(
    history: &History,
    unit: &str,
    class: &str,
    days_per_month: f64,
) -> Result<(DemandFit, String, String), ScenarioError> {
    let Some(rows) = history
        .series
        .get(&(unit.to_string(), class.to_string()))
        .filter(|r| !r.is_empty())
    else {
        return Err(history.error(
            1,
            history.columns.unit,
            format!("no rows for unit '{unit}' class '{class}', whose demand names this history"),
        ));
    };
    let (first, last) = (&rows[0], &rows[rows.len() - 1]);
    let span = format!(
        "{} to {}",
        month_label(first.year, first.month),
        month_label(last.year, last.month)
    );
    if rows.len() < MIN_MONTHS {
        return Err(history.error(
            last.line,
            history.columns.month,
            format!(
                "unit '{unit}' class '{class}' has {} month(s) ({span}); the fit needs at least {MIN_MONTHS} consecutive months",
                rows.len()
            ),
        ));
    }
    let fit = fit_monthly_counts(&history.month_counts(rows), days_per_month).map_err(|e| {
        history.error(
            first.line,
            history.columns.count,
            format!("unit '{unit}' class '{class}' ({span}): {e}"),
        )
    })?;
    Ok((
        fit,
        month_label(first.year, first.month),
        month_label(last.year, last.month),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_error(text: &str) -> (usize, usize, String) {
        match parse_history(text.as_bytes(), "h.csv") {
            Err(ScenarioError::Data {
                line,
                column,
                message,
                ..
            }) => (line, column, message),
            other => panic!("expected a data error, got {other:?}"),
        }
    }

    #[test]
    fn rows_group_into_sorted_series() {
        let text = "# synthetic\nunit,class,month,count\na,request,2024-02,5\na,request,2024-01,4\nb,request,2023-12,1\n";
        let h = parse_history(text.as_bytes(), "h.csv").expect("valid");
        assert_eq!(h.columns.month, 3);
        assert_eq!(h.last_year, 2024);
        let a = &h.series[&("a".to_string(), "request".to_string())];
        assert_eq!((a[0].month, a[0].line, a[1].month), (1, 4, 2));
    }

    #[test]
    fn bad_rows_name_line_and_column() {
        let head = "month,unit,class,count\n";
        for (body, line, column, words) in [
            ("2024-13,a,r,4\n", 2, 1, "YYYY-MM"),
            ("2024-1,a,r,4\n", 2, 1, "YYYY-MM"),
            ("2024-01,a,r,-4\n", 2, 4, "whole number"),
            ("2024-01,a,r,4.5\n", 2, 4, "whole number"),
            ("2024-01,a,r,99999999999999999999\n", 2, 4, "whole number"),
            ("2024-01,a,r,1000000001\n", 2, 4, "whole number"),
            ("2024-01,,r,4\n", 2, 2, "unit"),
            (
                "2024-01,a,r,4\n2024-01,a,r,5\n",
                3,
                1,
                "duplicate month 2024-01",
            ),
            ("2024-01,a,r,4\n2024-03,a,r,5\n", 3, 1, "no row for 2024-02"),
            ("2024-01,a,r\n", 2, 1, "malformed"),
        ] {
            let (l, c, m) = data_error(&format!("{head}{body}"));
            assert_eq!((l, c), (line, column), "{body}: {m}");
            assert!(m.contains(words), "{body}: {m}");
        }
        let message = |body: &str| match parse_history(format!("{head}{body}").as_bytes(), "h.csv")
        {
            Err(e) => e.to_string(),
            Ok(h) => panic!("expected an error, read {h:?}"),
        };
        assert_eq!(
            message("2024-1,a,r,4\n"),
            "h.csv:2:1: column 'month': expected a month as YYYY-MM (e.g. 2024-03), found '2024-1'"
        );
        assert_eq!(
            message("2024-01,a,r,4.5\n"),
            "h.csv:2:4: column 'count': expected a whole number of cases from 0 to 1000000000, found '4.5'"
        );
        assert_eq!(
            message("2024-01,a,,4\n"),
            "h.csv:2:3: column 'class': expected a name"
        );
        assert_eq!(data_error("month,unit,count\n").1, 1);
        assert_eq!(data_error("month,unit,class,count,extra\n").1, 5);
    }
}
