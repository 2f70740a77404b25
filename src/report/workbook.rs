//! `results.xlsx`: the tables of a results folder in one Excel workbook, for planners whose
//! data lives in Excel. Each sheet is made from the CSV file of the same name (so the two can
//! never disagree): numbers as numbers, `true`/`false` as booleans, text as text (without the
//! CSV's formula guard, which a workbook's text cell does not need), the header in bold with
//! the column's unit from the data dictionary (`wait_days (working days)`) and its definition
//! as a cell note, the header row frozen and filterable. A last sheet, `about`, lists the
//! sheets and any table left out for being larger than a sheet can hold.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Note, Workbook, Worksheet, XlsxError};

use super::dictionary::dictionary_rows;
use super::tables::FORMULA_STARTS;
use super::{EncodeError, OutputError};

/// Most rows of one sheet (Excel's limit is 1,048,576 including the header; a table this
/// long is better read from its CSV file anyway, and the workbook is built in memory).
pub const MAX_SHEET_ROWS: usize = 300_000;
/// Most cells (data rows x columns) of one sheet: the workbook is built in memory at about
/// a hundred bytes a cell, so a province's per-class table of 100 replications (2.9 M
/// cells) alone would take some 300 MB; such a table is read from its CSV file.
pub const MAX_SHEET_CELLS: usize = 1_000_000;

/// Columns that hold names and words, never numbers (a policy called `2030` stays text).
const TEXT_COLUMNS: &[&str] = &[
    "policy",
    "baseline",
    "kpi",
    "unit",
    "metric",
    "period",
    "class",
    "file",
    "name",
    "better",
    "description",
    "from",
    "to",
    "reason",
    "outcome",
];

/// One table of the workbook: the sheet's name and the CSV file it is made from.
pub struct SheetSource<'a> {
    /// Sheet name (at most 31 characters).
    pub sheet: &'a str,
    /// The CSV file's name in the results folder (finds the units in the dictionary).
    pub file: &'a str,
    /// The CSV file's bytes.
    pub csv: &'a [u8],
}

fn xlsx(e: XlsxError) -> OutputError {
    OutputError::Encode(e.into())
}

fn csv_error(file: &str) -> impl Fn(csv::Error) -> OutputError + '_ {
    move |source| {
        OutputError::Encode(EncodeError::WorkbookSheet {
            file: file.to_string(),
            source,
        })
    }
}

/// A CSV text cell as the workbook holds it: the leading apostrophe of the formula guard
/// removed.
pub(crate) fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// The header text of a column of `file`: its name, and its unit from the data dictionary
/// when it has one; with the definition for the cell note.
fn header_of(name: &str, file: &str, dictionary: &[[String; 5]]) -> (String, Option<String>) {
    let entry = dictionary
        .iter()
        .find(|r| r[1] == name && (r[0] == "*" || r[0].split(' ').any(|f| f == file)));
    match entry {
        Some(r) if !r[2].is_empty() => (format!("{name} ({})", r[2]), Some(r[4].clone())),
        Some(r) => (name.to_string(), Some(r[4].clone())),
        None => (name.to_string(), None),
    }
}

/// Writes one CSV table into `sheet`; the number of data rows.
fn fill_sheet(
    sheet: &mut Worksheet,
    source: &SheetSource<'_>,
    dictionary: &[[String; 5]],
) -> Result<usize, OutputError> {
    let bold = Format::new().set_bold();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(source.csv);
    let header = reader.headers().map_err(csv_error(source.file))?.clone();
    let mut text_column = Vec::with_capacity(header.len());
    for (c, name) in header.iter().enumerate() {
        let col = c as u16;
        let (title, note) = header_of(name, source.file, dictionary);
        sheet
            .write_string_with_format(0, col, unguarded(&title), &bold)
            .map_err(xlsx)?;
        if let Some(text) = note.filter(|t| !t.is_empty()) {
            let note = Note::new(text).set_author("mutasi").set_width(320);
            sheet.insert_note(0, col, &note).map_err(xlsx)?;
        }
        sheet
            .set_column_width(col, (title.chars().count() + 2).clamp(8, 40) as f64)
            .map_err(xlsx)?;
        text_column.push(TEXT_COLUMNS.contains(&name));
    }
    let mut rows = 0usize;
    for record in reader.records() {
        let record = record.map_err(csv_error(source.file))?;
        rows += 1;
        let row = rows as u32;
        for (c, cell) in record.iter().enumerate() {
            let col = c as u16;
            if cell.is_empty() {
                continue;
            }
            let is_text = text_column.get(c).copied().unwrap_or(true);
            match cell {
                "true" | "false" if !is_text => {
                    sheet
                        .write_boolean(row, col, cell == "true")
                        .map_err(xlsx)?;
                }
                _ => match cell.parse::<f64>() {
                    Ok(v) if !is_text && v.is_finite() => {
                        sheet.write_number(row, col, v).map_err(xlsx)?;
                    }
                    _ => {
                        sheet
                            .write_string(row, col, unguarded(cell))
                            .map_err(xlsx)?;
                    }
                },
            }
        }
    }
    let last_col = header.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
    sheet
        .autofilter(0, 0, rows.max(1) as u32, last_col)
        .map_err(xlsx)?;
    Ok(rows)
}

/// Data rows of a CSV table (lines after the header; no cell of these tables spans lines).
fn data_rows(csv: &[u8]) -> usize {
    csv.iter()
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_sub(1)
}

/// `results.xlsx` made from `sources`, in order, each as one sheet (a table of more than
/// [`MAX_SHEET_ROWS`] rows or [`MAX_SHEET_CELLS`] cells is left out and named on the
/// `about` sheet).
pub fn results_xlsx(sources: &[SheetSource<'_>]) -> Result<Vec<u8>, OutputError> {
    let dictionary = dictionary_rows();
    let mut book = Workbook::new();
    // A fixed creation time: the same run writes the same bytes (reproducible folders).
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx)?;
    book.set_properties(
        &DocProperties::new()
            .set_author("mutasi")
            .set_creation_datetime(&created),
    );
    let mut about: Vec<[String; 3]> = Vec::new();
    for source in sources {
        let rows = data_rows(source.csv);
        let columns = csv::Reader::from_reader(source.csv)
            .headers()
            .map_err(csv_error(source.file))?
            .len();
        let too_large = if rows > MAX_SHEET_ROWS {
            Some(format!("{rows} rows, more than {MAX_SHEET_ROWS}"))
        } else if rows.saturating_mul(columns) > MAX_SHEET_CELLS {
            Some(format!(
                "{rows} rows x {columns} columns, more than {MAX_SHEET_CELLS} cells"
            ))
        } else {
            None
        };
        if let Some(why) = too_large {
            about.push([
                String::new(),
                source.file.to_string(),
                format!("left out: {why}; read {} instead", source.file),
            ]);
            continue;
        }
        let sheet = book.add_worksheet();
        sheet.set_name(source.sheet).map_err(xlsx)?;
        let rows = fill_sheet(sheet, source, &dictionary)?;
        about.push([
            source.sheet.to_string(),
            source.file.to_string(),
            format!("{rows} rows"),
        ]);
    }
    let sheet = book.add_worksheet();
    sheet.set_name("about").map_err(xlsx)?;
    let bold = Format::new().set_bold();
    let intro = format!(
        "Written by mutasi {}. Each sheet holds the CSV file of the same name in this \
         folder; the unit of a column is in brackets in its header, and a note on the \
         header defines it (all definitions: the kpis sheet or kpis.csv). Counts and costs \
         are per year of the measured period.",
        env!("CARGO_PKG_VERSION")
    );
    sheet.write_string(0, 0, intro).map_err(xlsx)?;
    for (c, title) in ["sheet", "file", "rows"].iter().enumerate() {
        sheet
            .write_string_with_format(2, c as u16, *title, &bold)
            .map_err(xlsx)?;
    }
    for (r, line) in about.iter().enumerate() {
        for (c, cell) in line.iter().enumerate() {
            sheet
                .write_string(3 + r as u32, c as u16, cell.as_str())
                .map_err(xlsx)?;
        }
    }
    book.save_to_buffer().map_err(xlsx)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table too large for a sheet is left out, named on the `about` sheet with the file
    /// to read instead; the others are kept.
    #[test]
    fn a_table_of_too_many_cells_is_left_out_and_named() {
        use calamine::{Reader, Xlsx};
        let columns = 20;
        let rows = MAX_SHEET_CELLS / columns + 1;
        let header = (0..columns).map(|c| format!("c{c}")).collect::<Vec<_>>();
        let mut wide = header.join(",") + "\n";
        for r in 0..rows {
            wide += &format!("{r}{}\n", ",1".repeat(columns - 1));
        }
        let small = b"policy,value\nstatus_quo,1\n";
        let bytes = results_xlsx(&[
            SheetSource {
                sheet: "wide",
                file: "wide.csv",
                csv: wide.as_bytes(),
            },
            SheetSource {
                sheet: "small",
                file: "small.csv",
                csv: small,
            },
        ])
        .expect("a workbook");
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("it reads back");
        assert_eq!(book.sheet_names(), ["small", "about"]);
        let about = book.worksheet_range("about").expect("about sheet");
        let said: Vec<String> = about.rows().flatten().map(|c| c.to_string()).collect();
        let want = format!("left out: {rows} rows x {columns} columns");
        assert!(
            said.iter()
                .any(|c| c.starts_with(&want) && c.ends_with("read wide.csv instead")),
            "{said:?}"
        );
    }

    #[test]
    fn the_formula_guard_is_removed_and_units_join_the_header() {
        assert_eq!(unguarded("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unguarded("'plain"), "'plain");
        let dictionary = dictionary_rows();
        let (title, note) = header_of("wait_days", "unit_replications.csv", &dictionary);
        assert_eq!(title, "wait_days (working days)");
        assert!(note.is_some_and(|n| !n.is_empty()));
        assert_eq!(header_of("policy", "summary.csv", &dictionary).0, "policy");
        assert_eq!(header_of("nonsense", "summary.csv", &dictionary).1, None);
    }
}
