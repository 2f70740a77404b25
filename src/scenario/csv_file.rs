//! Reading a CSV table, for every reader of the crate: the scenario's data files (roster,
//! history) and the tables of a results folder (`mutasi report`). The `csv` crate is set up
//! once here (cells trimmed, every row as long as the header, optional comment lines), the
//! header's real line is known (after comment lines), columns are found by name (a repeated
//! column is refused), and every problem comes back as a [`CsvProblem`] with its 1-based
//! line and column, which each reader turns into its own error naming the file.
//!
//! A cell is echoed in messages only through [`shown`]: truncated and with control
//! characters escaped, so an error about a file that is not a CSV at all shows no more of
//! it than one short cell and cannot drive the terminal.

use std::fs;
use std::io::Read;
use std::path::Path;

use csv::{Reader, ReaderBuilder, StringRecord, Trim};

use super::ScenarioError;

/// Characters of a cell shown in a message, at most.
const SHOWN_CHARS: usize = 40;

/// A cell as quoted in a message: at most [`SHOWN_CHARS`] characters (then `...`), control
/// characters escaped.
pub(crate) fn shown(cell: &str) -> String {
    let mut out = String::new();
    for (i, c) in cell.chars().enumerate() {
        if i == SHOWN_CHARS {
            out.push_str("...");
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A problem at a place in a CSV file (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CsvProblem {
    /// 1-based line (of the file, comment lines counted).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Where a table's rows come from.
enum Rows<'a> {
    /// CSV text: bytes in memory, or a file read as it goes.
    Csv(Reader<Box<dyn Read + 'a>>),
    /// A sheet of a workbook, read already: `(line, cells)` of each row after the header.
    Sheet(std::vec::IntoIter<(usize, StringRecord)>),
}

/// A table being read from CSV bytes or from a workbook's sheet: its header and its rows.
pub(crate) struct CsvTable<'a> {
    rows: Rows<'a>,
    /// Column names, trimmed, in file order.
    pub header: Vec<String>,
    /// 1-based line of the header.
    pub header_line: usize,
}

/// The 1-based line of the header: the first line that is neither blank nor a comment.
fn header_line(bytes: &[u8], comment: Option<u8>) -> usize {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let is_comment = comment.is_some_and(|c| line.first() == Some(&c));
        if !line.is_empty() && !is_comment {
            return i + 1;
        }
    }
    1
}

/// A `csv` error as a problem, with a plain message for the common ones.
fn problem(e: &csv::Error, header: &[String], line_if_unknown: usize) -> CsvProblem {
    let line = e
        .position()
        .map_or(line_if_unknown, |p| p.line() as usize)
        .max(1);
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => CsvProblem {
            line,
            column: err.field() + 1,
            message: match header.get(err.field()) {
                Some(name) => format!(
                    "column '{}': not UTF-8 text (save the file as UTF-8)",
                    shown(name)
                ),
                None => "not UTF-8 text (save the file as UTF-8)".to_string(),
            },
        },
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => CsvProblem {
            line,
            column: 1,
            message: format!(
                "malformed row: {len} cell(s) where the header has {expected_len} (a comma too \
                 many or too few, or an unclosed quote?)"
            ),
        },
        _ => CsvProblem {
            line,
            column: 1,
            message: format!("malformed row: {e}"),
        },
    }
}

impl<'a> CsvTable<'a> {
    /// Reads the header of `bytes`; with `comment`, lines starting with that byte are skipped.
    pub fn new(bytes: &'a [u8], comment: Option<u8>) -> Result<CsvTable<'a>, CsvProblem> {
        CsvTable::from_reader(Box::new(bytes), header_line(bytes, comment), comment)
    }

    /// Reads the header of a CSV file without comment lines whose header is its first
    /// line (a table of a results folder); rows are read from the file as they are asked
    /// for, so a large table is never held whole.
    pub fn from_file(file: fs::File) -> Result<CsvTable<'static>, CsvProblem> {
        CsvTable::from_reader(Box::new(file), 1, None)
    }

    fn from_reader(
        source: Box<dyn Read + 'a>,
        header_line: usize,
        comment: Option<u8>,
    ) -> Result<CsvTable<'a>, CsvProblem> {
        let mut reader = ReaderBuilder::new()
            .trim(Trim::All)
            .flexible(false)
            .comment(comment)
            .from_reader(source);
        let header = reader
            .headers()
            .map_err(|e| {
                let mut p = problem(&e, &[], header_line);
                p.line = header_line;
                p
            })?
            .iter()
            .map(str::to_string)
            .collect();
        Ok(CsvTable {
            rows: Rows::Csv(reader),
            header,
            header_line,
        })
    }

    /// The table in a workbook's sheet ([`super::sheet::first_sheet`]): the header is the
    /// first row (after rows whose first cell starts with `comment`), lines are the sheet's
    /// rows and columns count from the sheet's first used column. Cells are trimmed; a
    /// value right of the header's last column is refused, as a CSV row longer than its
    /// header is.
    pub fn from_sheet(
        rows: Vec<(usize, Vec<String>)>,
        comment: Option<u8>,
    ) -> Result<CsvTable<'static>, CsvProblem> {
        let is_comment = |cells: &[String]| {
            comment.is_some_and(|c| {
                cells
                    .first()
                    .is_some_and(|f| f.as_bytes().first() == Some(&c))
            })
        };
        let mut rows = rows
            .into_iter()
            .filter(|(_, cells)| !cells.iter().all(String::is_empty) && !is_comment(cells));
        let (header_line, header) = rows.next().unwrap_or((1, Vec::new()));
        let width = header.len();
        let mut kept = Vec::new();
        for (line, mut cells) in rows {
            if let Some(extra) = cells.iter().skip(width).position(|c| !c.is_empty()) {
                return Err(CsvProblem {
                    line,
                    column: width + extra + 1,
                    message: format!(
                        "a value right of the header's last column ({width}): every value needs                          a column name in the header row"
                    ),
                });
            }
            cells.resize(width, String::new());
            kept.push((line, StringRecord::from(cells)));
        }
        Ok(CsvTable {
            rows: Rows::Sheet(kept.into_iter()),
            header,
            header_line,
        })
    }

    /// An error at the header (`column` 1-based).
    pub fn header_problem(&self, column: usize, message: String) -> CsvProblem {
        CsvProblem {
            line: self.header_line,
            column,
            message,
        }
    }

    /// Where each of `known` is in the header (0-based). A column named twice is refused;
    /// so is one not in `known`, unless `others_allowed`.
    pub fn columns<const N: usize>(
        &self,
        known: &[&str; N],
        others_allowed: bool,
    ) -> Result<[Option<usize>; N], CsvProblem> {
        let mut index = [None; N];
        for (col, name) in self.header.iter().enumerate() {
            if let Some(first) = self.header[..col].iter().position(|h| h == name) {
                return Err(self.header_problem(
                    col + 1,
                    format!(
                        "column '{}' appears twice (columns {} and {})",
                        shown(name),
                        first + 1,
                        col + 1
                    ),
                ));
            }
            match known.iter().position(|k| k == name) {
                Some(i) => index[i] = Some(col),
                None if others_allowed => {}
                None => {
                    return Err(self.header_problem(
                        col + 1,
                        format!(
                            "unknown column '{}' (expected some of: {})",
                            shown(name),
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(index)
    }

    /// The next data row and its line (blank rows skipped), or a problem at its line.
    pub fn next_row(&mut self) -> Option<Result<(usize, StringRecord), CsvProblem>> {
        let reader = match &mut self.rows {
            Rows::Csv(reader) => reader,
            Rows::Sheet(rows) => return rows.next().map(Ok),
        };
        let mut record = StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Err(e) => return Some(Err(problem(&e, &self.header, self.header_line))),
                Ok(false) => return None,
                Ok(true) if record.iter().all(str::is_empty) => continue,
                Ok(true) => {
                    let line = record
                        .position()
                        .map_or(self.header_line, |p| p.line() as usize);
                    return Some(Ok((line, record)));
                }
            }
        }
    }
}

/// Why a file could not be read as data.
#[derive(Debug, thiserror::Error)]
pub enum ReadProblem {
    /// The system refused (missing, no permission, a symbolic-link loop, ...).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A folder, device, named pipe or socket: reading it would fail, never end or block.
    #[error("it is {0}, not a regular file")]
    NotRegular(&'static str),
    /// Larger than the limit (bytes).
    #[error("it is larger than {} MB, the limit for one data file (raise it with --max-data-mb)", max_bytes / 1_000_000)]
    TooLarge {
        /// The limit (bytes).
        max_bytes: u64,
    },
}

/// What a path that is not a regular file is, for messages.
fn kind_of(t: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() { "a folder" } else { "not a file" }
}

/// The bytes of the regular file at `path` (symbolic links followed), at most `max_bytes`
/// of them: a folder, a device (`/dev/zero`), a named pipe or a socket is refused before it
/// is opened, and a file that grows past the limit while read is refused too.
pub(crate) fn read_regular(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadProblem> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadProblem::NotRegular(kind_of(meta.file_type())));
    }
    if meta.len() > max_bytes {
        return Err(ReadProblem::TooLarge { max_bytes });
    }
    let file = fs::File::open(path)?;
    // Checked again on the open file: the path may have been swapped in between.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadProblem::NotRegular(kind_of(meta.file_type())));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(max_bytes) as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadProblem::TooLarge { max_bytes });
    }
    Ok(bytes)
}

/// A data file of the scenario (roster, history: CSV or a workbook's first sheet) as named
/// in its errors.
#[derive(Debug, Clone, Copy)]
pub(super) struct CsvFile<'a> {
    /// How errors name the file.
    pub name: &'a str,
    /// The sheet the table was read from, for a workbook.
    pub sheet: Option<&'a str>,
    /// 0-based sheet column of the table's first column (0 for CSV).
    pub first_column: usize,
}

/// Where a data file's table came from, kept with what was read from it (a roster, a
/// history) so later errors name the same place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataSource {
    /// How errors name the file.
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// 0-based sheet column of the table's first column (0 for CSV).
    pub first_column: usize,
}

impl DataSource {
    /// The file as named in errors.
    pub(super) fn csv_file(&self) -> CsvFile<'_> {
        CsvFile {
            name: &self.file,
            sheet: self.sheet.as_deref(),
            first_column: self.first_column,
        }
    }
}

/// Opens the table of a data file's bytes: the first sheet of a workbook (see
/// [`super::sheet::is_workbook`]) or CSV (`comment` lines skipped in both). `file` names it
/// in errors.
pub(super) fn open_table<'a>(
    bytes: &'a [u8],
    file: &str,
    comment: Option<u8>,
) -> Result<(DataSource, CsvTable<'a>), ScenarioError> {
    if !super::sheet::is_workbook(file, bytes) {
        let source = DataSource {
            file: file.to_string(),
            ..DataSource::default()
        };
        let table = CsvTable::new(bytes, comment).map_err(|p| source.csv_file().at(p))?;
        return Ok((source, table));
    }
    let sheet = super::sheet::first_sheet(bytes).map_err(|p| match p {
        super::sheet::SheetProblem::Workbook(problem) => ScenarioError::Workbook {
            file: file.to_string(),
            problem: Box::new(problem),
        },
        super::sheet::SheetProblem::Cell {
            sheet,
            row,
            column,
            message,
        } => ScenarioError::Data {
            file: file.to_string(),
            sheet: Some(sheet),
            line: row,
            column,
            message,
        },
    })?;
    let source = DataSource {
        file: file.to_string(),
        sheet: Some(sheet.sheet),
        first_column: sheet.first_column,
    };
    let table = CsvTable::from_sheet(sheet.rows, comment).map_err(|p| source.csv_file().at(p))?;
    Ok((source, table))
}

impl CsvFile<'_> {
    /// An error at `line` and `column` of the table (a sheet row and a column counted from
    /// the table's first).
    pub fn error(&self, line: usize, column: usize, message: String) -> ScenarioError {
        ScenarioError::Data {
            file: self.name.to_string(),
            sheet: self.sheet.map(str::to_string),
            line,
            column: column + self.first_column,
            message,
        }
    }

    /// A problem of the table as an error naming the file.
    pub fn at(&self, p: CsvProblem) -> ScenarioError {
        self.error(p.line, p.column, p.message)
    }

    /// A cell of the column `name` that is not what the column holds:
    /// `column 'NAME': expected EXPECTED[, found 'FOUND']` (the cell shown truncated).
    pub fn unexpected(
        &self,
        line: usize,
        column: usize,
        name: &str,
        expected: &str,
        found: Option<&str>,
    ) -> ScenarioError {
        let message = match found {
            Some(found) => format!(
                "column '{name}': expected {expected}, found '{}'",
                shown(found)
            ),
            None => format!("column '{name}': expected {expected}"),
        };
        self.error(line, column, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_line_counts_comments_and_cells_are_shown_short_and_tame() {
        let t = CsvTable::new(b"# note\n\nmonth,count\n2024-01,3\n", Some(b'#')).expect("ok");
        assert_eq!(t.header_line, 3);
        assert_eq!(t.header, ["month", "count"]);
        let long = "x".repeat(100);
        assert_eq!(shown(&long), format!("{}...", "x".repeat(40)));
        assert_eq!(shown("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        let dup = CsvTable::new(b"a,b,a\n", None).expect("header");
        let p = dup.columns(&["a", "b"], false).expect_err("repeated");
        assert_eq!((p.line, p.column), (1, 3));
        assert!(p.message.contains("appears twice"), "{}", p.message);
    }

    #[test]
    fn only_regular_files_are_read_and_only_up_to_the_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = dir.path().join("a.csv");
        std::fs::write(&f, "abcdef").expect("write");
        assert_eq!(read_regular(&f, 6).expect("fits"), b"abcdef");
        assert!(matches!(
            read_regular(&f, 5),
            Err(ReadProblem::TooLarge { max_bytes: 5 })
        ));
        assert!(matches!(
            read_regular(dir.path(), 100),
            Err(ReadProblem::NotRegular("a folder"))
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 100),
            Err(ReadProblem::NotRegular("a device"))
        ));
    }
}
