//! Staff roster, CSV or the first sheet of an Excel workbook (`.xlsx`): one row per person,
//! columns
//! `unit,id,name,field,years_at_post,age,home_region,resistance,performance,years_of_service,category`
//! (only `unit` is required; the header names the columns, in any order).

use std::collections::HashMap;
use std::path::Path;

use super::csv_file::{DataSource, open_table, shown};
use super::data_file::{DataAccess, read_data};
use super::error::data_place;
use super::{PersonSpec, Problem, ScenarioError, StaffCategory};

/// Reads a roster file (a regular file of at most `access.max_bytes`); every row becomes a
/// person of the named unit.
pub fn read_roster(path: &Path, access: &DataAccess) -> Result<Roster, ScenarioError> {
    let bytes = read_data(path, "roster", access)?;
    parse_roster(&bytes, &path.display().to_string())
}

/// One person from a roster, with the CSV line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    /// 1-based line in the CSV file.
    pub line: usize,
    /// Unit name.
    pub unit: String,
    /// The person.
    pub person: PersonSpec,
}

/// A roster read from its file: the people and where each column is.
#[derive(Debug, Clone, PartialEq)]
pub struct Roster {
    /// How errors name the file (and its sheet, for a workbook).
    pub source: DataSource,
    /// One row per person, in file order.
    pub rows: Vec<RosterRow>,
    /// 0-based column of each of [`ROSTER_COLUMNS`] in the file.
    columns: [Option<usize>; ROSTER_COLUMNS.len()],
}

impl Roster {
    /// 1-based column of a person field (`age`, `years_at_post`, ...) in the file.
    pub fn column_of(&self, field: &str) -> Option<usize> {
        let i = ROSTER_COLUMNS.iter().position(|c| *c == field)?;
        self.columns[i].map(|c| c + 1)
    }
}

/// The columns of a roster (only `unit` is required).
pub const ROSTER_COLUMNS: [&str; 11] = [
    "unit",
    "id",
    "name",
    "field",
    "years_at_post",
    "age",
    "home_region",
    "resistance",
    "performance",
    "years_of_service",
    "category",
];

/// Parses roster bytes (UTF-8 CSV, or an `.xlsx` workbook whose first sheet holds the same
/// columns; see the module doc); `file` names it in errors. A
/// repeated or unknown column, a cell that is not a number where one is expected, an empty
/// unit and a repeated `id` are errors at their line and column.
pub fn parse_roster(bytes: &[u8], file: &str) -> Result<Roster, ScenarioError> {
    let (source, mut table) = open_table(bytes, file, None)?;
    let csv = source.csv_file();
    let index = table
        .columns(&ROSTER_COLUMNS, false)
        .map_err(|p| csv.at(p))?;
    let Some(unit_col) = index[0] else {
        return Err(csv.at(table.header_problem(1, "missing the required column 'unit'".into())));
    };
    let mut rows = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    while let Some(row) = table.next_row() {
        let (line, record) = row.map_err(|p| csv.at(p))?;
        let text_at = |i: usize| -> Option<String> {
            index[i]
                .and_then(|c| record.get(c))
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let number_at = |i: usize| -> Result<Option<f64>, ScenarioError> {
            match index[i]
                .and_then(|c| record.get(c))
                .filter(|s| !s.is_empty())
            {
                None => Ok(None),
                Some(s) => s
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(Some)
                    .ok_or_else(|| {
                        csv.unexpected(
                            line,
                            index[i].map(|c| c + 1).unwrap_or(1),
                            ROSTER_COLUMNS[i],
                            "a finite number",
                            Some(s),
                        )
                    }),
            }
        };
        let unit = record.get(unit_col).unwrap_or("").to_string();
        if unit.is_empty() {
            return Err(csv.unexpected(line, unit_col + 1, "unit", "a unit name", None));
        }
        let id = text_at(1);
        if let (Some(id), Some(col)) = (&id, index[1])
            && let Some(first) = ids.insert(id.clone(), line)
        {
            {
                return Err(csv.error(
                    line,
                    col + 1,
                    format!(
                        "column 'id': '{}' is already the id of the person at line {first}; \
                         every person needs their own id",
                        shown(id)
                    ),
                ));
            }
        }
        let category = match text_at(10) {
            None => StaffCategory::CivilServant,
            Some(c) => StaffCategory::from_name(&c).ok_or_else(|| {
                csv.unexpected(
                    line,
                    index[10].map(|c| c + 1).unwrap_or(1),
                    "category",
                    "'civil_servant' or 'contract'",
                    Some(&c),
                )
            })?,
        };
        let person = PersonSpec {
            id,
            name: text_at(2),
            field: text_at(3),
            years_at_post: number_at(4)?,
            age: number_at(5)?.unwrap_or(40.0),
            home_region: text_at(6),
            resistance: number_at(7)?.unwrap_or(0.0),
            performance: number_at(8)?.unwrap_or(1.0),
            years_of_service: number_at(9)?,
            category,
        };
        rows.push(RosterRow { line, unit, person });
    }
    Ok(Roster {
        source,
        rows,
        columns: index,
    })
}

/// Where the people read from a roster went: `(unit, index in its people list)` to the
/// roster line, so that validation problems about them name the CSV line and column.
#[derive(Debug, Clone, Default)]
pub(crate) struct RosterPlaces {
    roster: Option<Roster>,
    lines: HashMap<(usize, usize), usize>,
}

impl RosterPlaces {
    /// Records that the row at `line` became person `person` of unit `unit`.
    pub fn place(&mut self, unit: usize, person: usize, line: usize) {
        self.lines.insert((unit, person), line);
    }

    /// Keeps the roster (its file name and columns) once its people are placed.
    pub fn keep(&mut self, mut roster: Roster) {
        roster.rows = Vec::new();
        self.roster = Some(roster);
    }

    /// `problems` with every one about a person from the roster rewritten to name the CSV
    /// file, line and column: `units[3].people[40].age` becomes `staff.csv:45:6: column 'age'`.
    pub fn locate(&self, problems: Vec<Problem>) -> Vec<Problem> {
        let Some(roster) = &self.roster else {
            return problems;
        };
        problems
            .into_iter()
            .map(|mut p| {
                if let Some((unit, person, field)) = person_path(&p.path)
                    && let Some(line) = self.lines.get(&(unit, person))
                {
                    let at = |col: usize| {
                        let s = &roster.source;
                        data_place(&s.file, s.sheet.as_deref(), *line, col + s.first_column)
                    };
                    let s = &roster.source;
                    p.path = match (roster.column_of(field), &s.sheet) {
                        (Some(col), _) => format!("{}: column '{field}'", at(col)),
                        (None, None) => format!("{}:{line}: {}", s.file, p.path),
                        (None, Some(sheet)) => {
                            format!("{}, sheet '{sheet}', row {line}: {}", s.file, p.path)
                        }
                    };
                }
                p
            })
            .collect()
    }
}

/// `(unit, person, field)` of a path `units[U].people[P].FIELD`.
fn person_path(path: &str) -> Option<(usize, usize, &str)> {
    let rest = path.strip_prefix("units[")?;
    let (unit, rest) = rest.split_once("].people[")?;
    let (person, field) = rest.split_once("].")?;
    Some((unit.parse().ok()?, person.parse().ok()?, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_people_and_bad_numbers_name_line_and_column() {
        let ok = "unit,name,age\nadminduk,Siti,31\nadminduk,Budi,\n";
        let people = parse_roster(ok.as_bytes(), "r.csv")
            .expect("valid roster")
            .rows;
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].person.age, 31.0);
        assert_eq!(people[1].person.age, 40.0);
        assert_eq!(people[1].line, 3);
        let bad = "unit,name,age\nadminduk,Siti,31\nadminduk,Budi,old\n";
        match parse_roster(bad.as_bytes(), "r.csv") {
            Err(ScenarioError::Data { line, column, .. }) => assert_eq!((line, column), (3, 3)),
            other => panic!("expected a data error, got {other:?}"),
        }
        let message = |text: &str| match parse_roster(text.as_bytes(), "r.csv") {
            Err(e) => e.to_string(),
            Ok(roster) => panic!("expected an error, read {:?}", roster.rows),
        };
        assert_eq!(
            message(bad),
            "r.csv:3:3: column 'age': expected a finite number, found 'old'"
        );
        assert_eq!(
            message("name,unit\nSiti,\n"),
            "r.csv:2:2: column 'unit': expected a unit name"
        );
        assert_eq!(
            message("unit,age,name,age\nadminduk,31,Siti,200\n"),
            "r.csv:1:4: column 'age' appears twice (columns 2 and 4)"
        );
        assert_eq!(
            message("unit,id\nadminduk,S1\nadminduk,S2\nadminduk,S1\n"),
            "r.csv:4:2: column 'id': 'S1' is already the id of the person at line 2; every \
             person needs their own id"
        );
        let latin1 = parse_roster(b"unit,name\nadminduk,Jos\xe9\n", "r.csv").map(|r| r.rows);
        assert_eq!(
            latin1.expect_err("not UTF-8").to_string(),
            "r.csv:2:2: column 'name': not UTF-8 text (save the file as UTF-8)"
        );
    }

    #[test]
    fn problems_about_roster_people_name_the_csv_line_and_column() {
        let mut places = RosterPlaces::default();
        places.keep(parse_roster(b"unit,name,age\nadminduk,Siti,31\n", "r.csv").expect("ok"));
        places.place(3, 7, 2);
        let problem = |path: &str| Problem {
            path: path.to_string(),
            value: "200".into(),
            expected: "a finite number in [15, 100]".into(),
        };
        let located = places.locate(vec![
            problem("units[3].people[7].age"),
            problem("units[3].people[7].performance"),
            problem("units[3].people[6].age"),
            problem("horizon_years"),
        ]);
        let paths: Vec<&str> = located.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "r.csv:2:3: column 'age'",
                "r.csv:2: units[3].people[7].performance",
                "units[3].people[6].age",
                "horizon_years"
            ]
        );
    }
}
