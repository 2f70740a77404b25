//! Staff roster CSV: one row per person, columns
//! `unit,id,name,field,years_at_post,age,home_region,resistance,performance,years_of_service`
//! (only `unit` is required; the header names the columns, in any order).

use std::path::Path;

use super::csv_file::CsvFile;
use super::{PersonSpec, ScenarioError};

/// Reads a roster; every row becomes a person of the named unit.
pub fn read_roster(path: &Path) -> Result<Vec<RosterRow>, ScenarioError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_roster(&text, &file)
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

const COLUMNS: [&str; 10] = [
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
];

/// Parses roster text (see the module doc); `file` names it in errors.
pub fn parse_roster(text: &str, file: &str) -> Result<Vec<RosterRow>, ScenarioError> {
    let csv = CsvFile { name: file };
    let mut reader = CsvFile::reader(text.as_bytes(), None);
    let header = csv.header(&mut reader)?;
    let mut index = [None; COLUMNS.len()];
    for (col, name) in header.iter().enumerate() {
        match COLUMNS.iter().position(|c| *c == name) {
            Some(i) => index[i] = Some(col),
            None => {
                return Err(csv.error(
                    1,
                    col + 1,
                    format!(
                        "unknown column '{name}' (expected some of: {})",
                        COLUMNS.join(", ")
                    ),
                ));
            }
        }
    }
    let Some(unit_col) = index[0] else {
        return Err(csv.error(1, 1, "missing the required column 'unit'".into()));
    };
    let mut people = Vec::new();
    for row in csv.rows(&mut reader) {
        let (line, record) = row?;
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
                            COLUMNS[i],
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
        let person = PersonSpec {
            id: text_at(1),
            name: text_at(2),
            field: text_at(3),
            years_at_post: number_at(4)?,
            age: number_at(5)?.unwrap_or(40.0),
            home_region: text_at(6),
            resistance: number_at(7)?.unwrap_or(0.0),
            performance: number_at(8)?.unwrap_or(1.0),
            years_of_service: number_at(9)?,
        };
        people.push(RosterRow { line, unit, person });
    }
    Ok(people)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_people_and_bad_numbers_name_line_and_column() {
        let ok = "unit,name,age\nadminduk,Siti,31\nadminduk,Budi,\n";
        let people = parse_roster(ok, "r.csv").expect("valid roster");
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].person.age, 31.0);
        assert_eq!(people[1].person.age, 40.0);
        assert_eq!(people[1].line, 3);
        let bad = "unit,name,age\nadminduk,Siti,31\nadminduk,Budi,old\n";
        match parse_roster(bad, "r.csv") {
            Err(ScenarioError::Data { line, column, .. }) => assert_eq!((line, column), (3, 3)),
            other => panic!("expected a data error, got {other:?}"),
        }
        let message = |text: &str| match parse_roster(text, "r.csv") {
            Err(e) => e.to_string(),
            Ok(rows) => panic!("expected an error, read {rows:?}"),
        };
        assert_eq!(
            message(bad),
            "r.csv:3:3: column 'age': expected a finite number, found 'old'"
        );
        assert_eq!(
            message("name,unit\nSiti,\n"),
            "r.csv:2:2: column 'unit': expected a unit name"
        );
    }
}
