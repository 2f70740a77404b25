//! A CSV file being read by one of the scenario's readers (roster, history): how the `csv`
//! crate is set up, and how every problem becomes a [`ScenarioError::Data`] naming the file,
//! the 1-based line and the 1-based column.

use csv::{Reader, ReaderBuilder, StringRecord, Trim};

use super::ScenarioError;

/// A CSV file as named in its errors.
#[derive(Debug, Clone, Copy)]
pub(super) struct CsvFile<'a> {
    /// How errors name the file.
    pub name: &'a str,
}

impl CsvFile<'_> {
    /// A reader of `bytes` that trims every cell, requires every row to have as many cells
    /// as the header and, with `comment`, skips lines starting with that byte.
    pub fn reader(bytes: &[u8], comment: Option<u8>) -> Reader<&[u8]> {
        ReaderBuilder::new()
            .trim(Trim::All)
            .flexible(false)
            .comment(comment)
            .from_reader(bytes)
    }

    /// An error at `line` and `column` of the file.
    pub fn error(&self, line: usize, column: usize, message: String) -> ScenarioError {
        ScenarioError::Data {
            file: self.name.to_string(),
            line,
            column,
            message,
        }
    }

    /// A cell of the column `name` that is not what the column holds:
    /// `column 'NAME': expected EXPECTED[, found 'FOUND']`.
    pub fn unexpected(
        &self,
        line: usize,
        column: usize,
        name: &str,
        expected: &str,
        found: Option<&str>,
    ) -> ScenarioError {
        let message = match found {
            Some(found) => format!("column '{name}': expected {expected}, found '{found}'"),
            None => format!("column '{name}': expected {expected}"),
        };
        self.error(line, column, message)
    }

    /// The header row (an unreadable one is an error at line 1).
    pub fn header(&self, reader: &mut Reader<&[u8]>) -> Result<StringRecord, ScenarioError> {
        reader
            .headers()
            .cloned()
            .map_err(|e| self.error(1, 1, format!("cannot read the header: {e}")))
    }

    /// Every data row with its line (0 where the `csv` crate gives none); a malformed row
    /// (wrong number of cells, not UTF-8) is an error at its line.
    pub fn rows<'r>(
        &'r self,
        reader: &'r mut Reader<&[u8]>,
    ) -> impl Iterator<Item = Result<(usize, StringRecord), ScenarioError>> + 'r {
        reader.records().map(|record| {
            let record = record.map_err(|e| {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                self.error(line, 1, format!("malformed row: {e}"))
            })?;
            let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
            Ok((line, record))
        })
    }
}
