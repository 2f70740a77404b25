//! Reading a scenario from a file or from the shipped set, with line and column on errors.

use std::path::{Path, PathBuf};

use super::csv_file::shown;
use super::data_file::{DataAccess, locate};
use super::roster::RosterPlaces;
use super::{
    Calibration, Override, Scenario, ScenarioError, apply_overrides, attach_history, shipped,
};

/// Where a scenario's text came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A file on disk; relative data paths in it resolve against its folder.
    File(PathBuf),
    /// A scenario embedded in the binary, by name.
    Shipped(&'static str),
}

impl Source {
    /// How error messages name this source.
    pub fn label(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Shipped(name) => format!("<shipped {name}>"),
        }
    }

    /// Folder against which relative paths inside the scenario resolve.
    pub fn base_dir(&self) -> PathBuf {
        match self {
            Source::File(p) => match p.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
                _ => PathBuf::from("."),
            },
            Source::Shipped(_) => PathBuf::from("."),
        }
    }

    /// Default scenario name: the file stem or the shipped name.
    pub fn stem(&self) -> String {
        match self {
            Source::File(p) => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "scenario".to_string()),
            Source::Shipped(name) => name.to_string(),
        }
    }
}

/// Finds the text of a scenario: an existing file path wins, then a shipped name.
pub fn resolve(name_or_path: &str) -> Result<(Source, String), ScenarioError> {
    let path = Path::new(name_or_path);
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        return Ok((Source::File(path.to_path_buf()), text));
    }
    if let Some((name, text)) = shipped(name_or_path) {
        return Ok((Source::Shipped(name), text.to_string()));
    }
    if path.exists() {
        return Err(ScenarioError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other("not a regular file"),
        });
    }
    Err(ScenarioError::NotFound {
        name: name_or_path.to_string(),
        shipped: super::SHIPPED
            .iter()
            .map(|s| s.name)
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Parses scenario text. Syntax errors, unknown fields, wrong types and missing fields come
/// back as [`ScenarioError::Syntax`] with 1-based line and column in `file`.
pub fn parse(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
    toml::from_str::<Scenario>(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| line_column(text, s.start))
            .unwrap_or((1, 1));
        ScenarioError::Syntax {
            file: file.to_string(),
            line,
            column,
            message: super::with_suggestion(e.message().trim()),
        }
    })
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Loads, overrides and validates a scenario: everything `mutasi run` and `mutasi check` need.
/// Data files must be in the scenario's folder (see [`DataAccess`]).
pub fn load(
    name_or_path: &str,
    overrides: &[Override],
) -> Result<(Scenario, Source), ScenarioError> {
    load_calibrated(name_or_path, overrides).map(|(scenario, source, _)| (scenario, source))
}

/// [`load`], also returning the fit of every demand that names a `history` CSV.
pub fn load_calibrated(
    name_or_path: &str,
    overrides: &[Override],
) -> Result<(Scenario, Source, Vec<Calibration>), ScenarioError> {
    load_with(name_or_path, overrides, &DataAccess::default())
}

/// [`load_calibrated`] with data files read as `access` allows. Problems about people read
/// from the roster name the CSV file, line and column.
pub fn load_with(
    name_or_path: &str,
    overrides: &[Override],
    access: &DataAccess,
) -> Result<(Scenario, Source, Vec<Calibration>), ScenarioError> {
    let (source, text) = resolve(name_or_path)?;
    let label = source.label();
    let mut scenario = parse(&text, &label)?;
    scenario = apply_overrides(scenario, overrides)?;
    let places = attach_roster(&mut scenario, &source, access)?;
    let calibrations = attach_history(&mut scenario, &source, access)?;
    if scenario.name.trim().is_empty() {
        scenario.name = source.stem();
    }
    let problems = scenario.problems();
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid {
            file: label,
            problems: places.locate(problems),
        });
    }
    Ok((scenario, source, calibrations))
}

/// Reads the scenario's roster CSV (if any) into the units' `people` lists; returns where
/// each person came from.
pub(crate) fn attach_roster(
    scenario: &mut Scenario,
    source: &Source,
    access: &DataAccess,
) -> Result<RosterPlaces, ScenarioError> {
    let mut places = RosterPlaces::default();
    let Some(written) = scenario.roster.clone() else {
        return Ok(places);
    };
    let path = locate(&source.base_dir(), &written, "roster", access)?;
    let mut roster = super::read_roster(&path, access)?;
    scenario.data_files.push(path);
    for row in std::mem::take(&mut roster.rows) {
        let Some(u) = scenario.units.iter().position(|u| u.name == row.unit) else {
            return Err(ScenarioError::Data {
                line: row.line,
                column: roster.column_of("unit").unwrap_or(1) + roster.source.first_column,
                file: roster.source.file,
                sheet: roster.source.sheet,
                message: format!(
                    "unknown unit '{}' (units: {})",
                    shown(&row.unit),
                    scenario
                        .units
                        .iter()
                        .map(|u| u.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        };
        let people = &mut scenario.units[u].people;
        places.place(u, people.len(), row.line);
        people.push(row.person);
    }
    places.keep(roster);
    scenario.roster = None;
    Ok(places)
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn line_column_counts_from_one_in_characters() {
        let text = "a = 1\nbé = x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        let x = text.find('x').unwrap_or(0);
        assert_eq!(line_column(text, x), (2, 6));
    }
}
