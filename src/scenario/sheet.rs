//! Reading the first sheet of an Excel workbook (`.xlsx`) as the rows of a table, so that a
//! roster or a demand history kept in Excel goes through the same readers as a CSV file
//! (see [`super::csv_file::CsvTable::from_sheet`]). Cells are read one by one (never as a
//! dense grid, which a workbook with one far-away cell would make huge), turned into the
//! text a CSV cell would hold, and kept with their sheet row and column so every error
//! names the cell (`staff.xlsx, sheet 'Staff', cell C3`).

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};

/// Most non-empty cells read from one sheet (a roster of 10^6 people with every column is
/// 10^7): more is taken as a corrupt or hostile file.
const MAX_CELLS: usize = 20_000_000;

/// Whether a data file is a workbook: named `.xlsx`/`.xlsm`, or starting as a ZIP archive
/// does (which no CSV file does).
pub(crate) fn is_workbook(file: &str, bytes: &[u8]) -> bool {
    let lower = file.to_ascii_lowercase();
    lower.ends_with(".xlsx") || lower.ends_with(".xlsm") || bytes.starts_with(b"PK\x03\x04")
}

/// Why a workbook cannot be read as one.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookProblem {
    /// The file is not a ZIP archive (every `.xlsx` is one).
    #[error("it is not a readable ZIP archive ({0})")]
    NotZip(zip::result::ZipError),
    /// A part of the archive cannot be read.
    #[error("part {part} of the archive cannot be read ({source})")]
    Part {
        /// 1-based part number.
        part: usize,
        /// The archive reader's error.
        source: zip::result::ZipError,
    },
    /// Its parts unpack to more than the limit of one data file (a "zip bomb").
    #[error(
        "its parts unpack to {} MB ({largest} alone {} MB), more than {} MB, the limit for one \
         data file (raise it with --max-data-mb if the workbook is genuine)",
        mb(*.total_bytes), mb(*.largest_bytes), .max_bytes / 1_000_000
    )]
    TooLarge {
        /// Bytes all parts unpack to.
        total_bytes: u64,
        /// The largest part's name.
        largest: String,
        /// Bytes it unpacks to.
        largest_bytes: u64,
        /// The limit (`--max-data-mb`), in bytes.
        max_bytes: u64,
    },
    /// A damaged workbook, as the reader says.
    #[error(transparent)]
    Xlsx(#[from] calamine::XlsxError),
    /// A workbook without a sheet.
    #[error("it has no sheet")]
    NoSheet,
    /// A first sheet with more non-empty cells than are read (20 million).
    #[error("its first sheet has more than {MAX_CELLS} cells")]
    TooManyCells,
}

/// Megabytes, one decimal.
fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

/// Checks, before anything is unpacked, that the parts of the workbook `bytes` unpack to at
/// most `max_bytes` in all, as the archive's central directory declares them: an `.xlsx`
/// is a ZIP archive, and calamine reads a part such as `xl/sharedStrings.xml` whole, so a
/// small file could otherwise unpack to gigabytes (a "zip bomb"). The declared sizes bound
/// what is read: the `zip` crate refuses a part that unpacks to more than it declares.
/// `Err` says what is too large, or why the archive cannot be read.
pub(crate) fn check_unpacked_size(bytes: &[u8], max_bytes: u64) -> Result<(), WorkbookProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(WorkbookProblem::NotZip)?;
    let mut total: u64 = 0;
    let mut largest: (u64, String) = (0, String::new());
    for i in 0..archive.len() {
        let part = archive
            .by_index_raw(i)
            .map_err(|source| WorkbookProblem::Part {
                part: i + 1,
                source,
            })?;
        let size = part.size();
        total = total.saturating_add(size);
        if size > largest.0 {
            let name = part
                .name()
                .map_or_else(|_| format!("part {}", i + 1), |n| n.to_string());
            largest = (size, name);
        }
    }
    if total > max_bytes {
        return Err(WorkbookProblem::TooLarge {
            total_bytes: total,
            largest: largest.1,
            largest_bytes: largest.0,
            max_bytes,
        });
    }
    Ok(())
}

/// The cells of a workbook's first sheet as text rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SheetRows {
    /// The sheet's name.
    pub sheet: String,
    /// 0-based column of the leftmost cell used (the table's first column).
    pub first_column: usize,
    /// `(1-based sheet row, cells from first_column on)`, rows in order, empty rows left out.
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Why a workbook cannot be read.
#[derive(Debug)]
pub(crate) enum SheetProblem {
    /// Not a workbook at all, or a damaged one.
    Workbook(WorkbookProblem),
    /// A cell that holds no usable value (a spreadsheet error such as `#DIV/0!`), at its
    /// 1-based row and column.
    Cell {
        /// The sheet.
        sheet: String,
        /// 1-based row.
        row: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// The text a CSV file would hold for a cell: whole numbers without a decimal point, a date
/// on the first of a month at midnight as `YYYY-MM` (Excel turns a typed `2024-01` into such
/// a date), other dates as `YYYY-MM-DD[ HH:MM:SS]`. `Err` for an error cell.
fn cell_text(value: &DataRef<'_>) -> Result<String, String> {
    Ok(match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_string(),
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => format!("{f}"),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, ms) = d.to_ymd_hms_milli();
            match (day, h, min, s, ms) {
                (1, 0, 0, 0, 0) => format!("{y:04}-{m:02}"),
                (_, 0, 0, 0, 0) => format!("{y:04}-{m:02}-{day:02}"),
                _ => format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}"),
            }
        }
        DataRef::DateTime(d) => format!("{}", d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.trim().to_string(),
        DataRef::Error(e) => {
            return Err(format!(
                "the cell holds the spreadsheet error {e}, not a value"
            ));
        }
    })
}

/// Reads the first sheet of the workbook `bytes`.
pub(crate) fn first_sheet(bytes: &[u8]) -> Result<SheetRows, SheetProblem> {
    let workbook = |e: calamine::XlsxError| SheetProblem::Workbook(e.into());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(workbook)?;
    let Some(sheet) = book.sheet_names().into_iter().next() else {
        return Err(SheetProblem::Workbook(WorkbookProblem::NoSheet));
    };
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(workbook)?;
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = cells.next_cell().map_err(workbook)? {
        let (row, column) = cell.get_position();
        let text = cell_text(cell.get_value()).map_err(|message| SheetProblem::Cell {
            sheet: sheet.clone(),
            row: row as usize + 1,
            column: column as usize + 1,
            message,
        })?;
        if text.is_empty() {
            continue;
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(SheetProblem::Workbook(WorkbookProblem::TooManyCells));
        }
        rows.entry(row).or_default().push((column, text));
    }
    let first_column = rows
        .values()
        .flat_map(|r| r.iter().map(|(c, _)| *c))
        .min()
        .unwrap_or(0);
    let rows = rows
        .into_iter()
        .map(|(row, cells)| {
            let width = cells
                .iter()
                .map(|(c, _)| (c - first_column) as usize + 1)
                .max()
                .unwrap_or(0);
            let mut out = vec![String::new(); width];
            for (c, text) in cells {
                out[(c - first_column) as usize] = text;
            }
            (row as usize + 1, out)
        })
        .collect();
    Ok(SheetRows {
        sheet,
        first_column: first_column as usize,
        rows,
    })
}

/// Spreadsheet letters of a 1-based column (1 = A, 27 = AA).
pub(crate) fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        letters.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_get_spreadsheet_letters() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(16384), "XFD");
    }

    /// A workbook-shaped archive whose shared strings are `unpacked` zero bytes, deflated
    /// to a small fraction of that.
    fn bomb(unpacked: usize) -> Vec<u8> {
        use std::io::Write;
        use zip::write::SimpleFileOptions;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        w.start_file("[Content_Types].xml", deflated).expect("part");
        w.write_all(b"<Types/>").expect("write");
        w.start_file("xl/sharedStrings.xml", deflated)
            .expect("part");
        let block = vec![b' '; 64 * 1024];
        let mut left = unpacked;
        while left > 0 {
            let n = left.min(block.len());
            w.write_all(&block[..n]).expect("write");
            left -= n;
        }
        w.finish().expect("archive").into_inner()
    }

    #[test]
    fn a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_read() {
        let bytes = bomb(8_000_000);
        assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
        let message = check_unpacked_size(&bytes, 2_000_000)
            .expect_err("refused")
            .to_string();
        assert!(message.contains("xl/sharedStrings.xml"), "{message}");
        assert!(message.contains("unpack to 8.0 MB"), "{message}");
        assert!(message.contains("--max-data-mb"), "{message}");
        // Under a limit it fits, it passes.
        assert!(check_unpacked_size(&bytes, 9_000_000).is_ok());
        assert!(check_unpacked_size(b"PK\x03\x04 not a zip", 1_000).is_err());
    }

    #[test]
    fn bytes_that_are_no_workbook_are_refused_plainly() {
        assert!(is_workbook("Staff.XLSX", b"unit\n"));
        assert!(is_workbook("staff.csv", b"PK\x03\x04rest"));
        assert!(!is_workbook("staff.csv", b"unit\n"));
        assert!(matches!(
            first_sheet(b"PK\x03\x04 not really a zip"),
            Err(SheetProblem::Workbook(_))
        ));
    }
}
