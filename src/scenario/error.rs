//! Errors of the scenario layer: where the problem is and what was expected.

use std::fmt;
use std::path::PathBuf;

/// One semantic problem in a scenario: a field path, the offending value, what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Dotted field path, e.g. `units[2].demand.base_per_day`.
    pub path: String,
    /// The value found, as written.
    pub value: String,
    /// What would have been accepted.
    pub expected: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {}: expected {}",
            self.path, self.value, self.expected
        )
    }
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// Neither a file nor a shipped scenario of that name exists.
    #[error("no scenario file '{name}' and no shipped scenario of that name (shipped: {shipped})")]
    NotFound {
        /// What the user asked for.
        name: String,
        /// Comma-separated names of shipped scenarios.
        shipped: String,
    },
    /// The file exists but could not be read.
    #[error("cannot read scenario file '{}': {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// TOML syntax error, unknown field, wrong type or missing field.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// File name (or `<shipped NAME>`).
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// A `--set PATH=VALUE` override that could not be applied.
    #[error("--set {assignment}: {problem}")]
    Override {
        /// The override as typed.
        assignment: String,
        /// What went wrong (boxed: the error stays small on the success path).
        problem: Box<super::OverrideProblem>,
    },
    /// The scenario parsed but some values make no sense.
    #[error("{file}: {} problem(s):\n{}", problems.len(), list(problems))]
    Invalid {
        /// File name (or `<shipped NAME>`).
        file: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// A data file referenced by the scenario (roster, history) cannot be read as one:
    /// outside the scenario's folder, not a regular file, too large, or unreadable.
    #[error("cannot read the {what} '{}': {problem}", path.display())]
    DataFile {
        /// What the file is for, e.g. `roster`.
        what: &'static str,
        /// The file as resolved.
        path: PathBuf,
        /// Why it cannot be read.
        problem: super::DataFileProblem,
    },
    /// A data file referenced by the scenario (roster, history) is malformed.
    #[error("{}: {message}", data_place(file, sheet.as_deref(), *line, *column))]
    Data {
        /// The data file.
        file: String,
        /// The sheet, for a workbook (`.xlsx`).
        sheet: Option<String>,
        /// 1-based line (the sheet's row for a workbook).
        line: usize,
        /// 1-based column (field number for CSV, the sheet's column for a workbook).
        column: usize,
        /// What was expected.
        message: String,
    },
    /// A data file named as a workbook (`.xlsx`) cannot be read as one.
    #[error("{file}: cannot read it as an Excel workbook (.xlsx): {problem}")]
    Workbook {
        /// The data file.
        file: String,
        /// What is wrong (boxed: the error stays small on the success path).
        problem: Box<super::WorkbookProblem>,
    },
}

/// A place in a data file as errors name it: `FILE:LINE:COLUMN` for CSV, `FILE, sheet
/// 'NAME', cell C3` for a workbook.
pub(crate) fn data_place(file: &str, sheet: Option<&str>, line: usize, column: usize) -> String {
    match sheet {
        None => format!("{file}:{line}:{column}"),
        Some(sheet) => format!(
            "{file}, sheet '{}', cell {}{line}",
            super::csv_file::shown(sheet),
            super::sheet::column_letters(column)
        ),
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}
