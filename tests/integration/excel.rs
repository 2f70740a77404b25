//! Excel in and out: every results folder holds `results.xlsx` whose sheets read back (with
//! calamine, as a planner's Excel would) equal to the CSV files, and a roster or demand
//! history kept in a workbook gives the same scenario as the same table in CSV, with errors
//! that name the file, sheet and cell.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use mutasi::scenario::{self, DataAccess};
use rust_xlsxwriter::{ExcelDateTime, Workbook};

use crate::support::{mutasi, out_err};

/// A file of the repository.
fn repo_file(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The rows of a CSV file (header first).
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .expect("open csv");
    r.records()
        .map(|rec| rec.expect("csv row").iter().map(str::to_string).collect())
        .collect()
}

/// A CSV text cell without its formula guard (what a workbook's text cell holds).
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    }
}

/// Checks that `sheet` of `book` holds exactly the CSV file `csv`: the header names (a unit
/// may follow in brackets), then every cell: numbers equal as numbers, text as text.
fn assert_sheet_equals_csv(
    book: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    csv: &Path,
) {
    let range = book.worksheet_range(sheet).expect("sheet");
    let rows = csv_rows(csv);
    assert_eq!(range.height(), rows.len(), "{sheet}: rows");
    assert_eq!(range.start(), Some((0, 0)), "{sheet}: starts at A1");
    for (r, (cells, want)) in range.rows().zip(&rows).enumerate() {
        assert_eq!(cells.len(), want.len(), "{sheet} row {r}: columns");
        for (c, (cell, want)) in cells.iter().zip(want).enumerate() {
            let at = format!("{sheet} row {} column {}", r + 1, c + 1);
            if r == 0 {
                let Data::String(title) = cell else {
                    panic!("{at}: header {cell:?}");
                };
                let name = title.split(" (").next().unwrap_or("");
                assert_eq!(name, want, "{at}");
                continue;
            }
            match cell {
                Data::Empty => assert_eq!(want, "", "{at}"),
                Data::Float(v) => {
                    let expected: f64 = want.parse().unwrap_or_else(|_| panic!("{at}: {want}"));
                    assert_eq!(v.to_bits(), expected.to_bits(), "{at}");
                }
                Data::Int(v) => assert_eq!(v.to_string(), *want, "{at}"),
                Data::Bool(b) => assert_eq!(b.to_string(), *want, "{at}"),
                Data::String(s) => assert_eq!(s, unguarded(want), "{at}"),
                other => panic!("{at}: unexpected cell {other:?}"),
            }
        }
    }
}

#[test]
fn results_xlsx_holds_every_table_as_its_csv_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let o = mutasi(
        &[
            "run",
            "arcamanik",
            "-r",
            "2",
            "--set",
            "horizon_years=1.5",
            "--set=warmup_years=0.5",
            "--no-charts",
            "-o",
            out.to_str().expect("utf-8 path"),
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", out_err(&o).1);
    let marker = std::fs::read_to_string(out.join(".mutasi")).expect("marker");
    assert!(marker.lines().any(|l| l == "results.xlsx"), "{marker}");
    let mut book: Xlsx<_> = open_workbook(out.join("results.xlsx")).expect("a workbook");
    let names = book.sheet_names();
    assert_eq!(
        names,
        [
            "summary",
            "comparison",
            "replications",
            "unit_replications",
            "class_replications",
            "timeseries",
            "kpis",
            "about"
        ]
    );
    for sheet in &names[..names.len() - 1] {
        assert_sheet_equals_csv(&mut book, sheet, &out.join(format!("{sheet}.csv")));
    }
    // Headers carry units where the dictionary has one.
    let units = book.worksheet_range("unit_replications").expect("sheet");
    let header: Vec<String> = units
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        header.contains(&"wait_days (working days)".to_string()),
        "{header:?}"
    );
    // `mutasi report` still reads the folder with the workbook in it.
    let o = mutasi(&["report", out.to_str().expect("utf-8 path")], tmp.path());
    assert!(o.status.success(), "{}", out_err(&o).1);
}

/// Writes the CSV file `csv` as the first sheet `sheet` of the workbook `xlsx`, the table's
/// top-left cell at `(row, column)` (0-based): numbers as numbers, and with `dates`, cells
/// like `2024-01` as Excel dates (what Excel makes of a typed month).
fn csv_to_xlsx(csv: &Path, xlsx: &Path, sheet: &str, (row0, col0): (u32, u16), dates: bool) {
    let text = std::fs::read_to_string(csv).expect("read csv");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).expect("sheet name");
    let lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty());
    for (r, line) in lines.enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (row, col) = (row0 + r as u32, col0 + c as u16);
            let month = cell
                .split_once('-')
                .filter(|(y, m)| dates && y.len() == 4 && m.len() == 2)
                .and_then(|(y, m)| Some((y.parse::<u16>().ok()?, m.parse::<u8>().ok()?)));
            if let Some((y, m)) = month {
                let date = ExcelDateTime::from_ymd(y, m, 1).expect("date");
                let format = rust_xlsxwriter::Format::new().set_num_format("mmm-yy");
                ws.write_datetime_with_format(row, col, &date, &format)
                    .expect("write");
            } else if let Ok(v) = cell.parse::<f64>() {
                ws.write_number(row, col, v).expect("write");
            } else {
                ws.write_string(row, col, cell).expect("write");
            }
        }
    }
    book.save(xlsx).expect("save workbook");
}

/// The shipped data example copied into `dir`, its roster and history also as workbooks.
fn example_in(dir: &Path) -> (String, String) {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    let toml = std::fs::read_to_string(repo_file("scenarios/examples/arcamanik_from_data.toml"))
        .expect("example scenario");
    for f in ["staff.csv", "complaints.csv"] {
        std::fs::copy(
            repo_file(&format!("scenarios/examples/data/{f}")),
            data.join(f),
        )
        .expect("copy data");
    }
    csv_to_xlsx(
        &data.join("staff.csv"),
        &data.join("staff.xlsx"),
        "Pegawai",
        (0, 0),
        false,
    );
    // The history's table placed at C3, its months as dates.
    csv_to_xlsx(
        &data.join("complaints.csv"),
        &data.join("complaints.xlsx"),
        "Aduan",
        (2, 2),
        true,
    );
    let from_xlsx = toml
        .replace("data/staff.csv", "data/staff.xlsx")
        .replace("data/complaints.csv", "data/complaints.xlsx");
    std::fs::write(dir.join("csv.toml"), &toml).expect("write");
    std::fs::write(dir.join("xlsx.toml"), &from_xlsx).expect("write");
    (
        dir.join("csv.toml").display().to_string(),
        dir.join("xlsx.toml").display().to_string(),
    )
}

#[test]
fn a_roster_and_history_in_excel_give_the_same_scenario_as_in_csv() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (csv, xlsx) = example_in(tmp.path());
    let access = DataAccess::default();
    let (from_csv, _, fits_csv) = scenario::load_with(&csv, &[], &access).expect("csv loads");
    let (from_xlsx, _, fits_xlsx) = scenario::load_with(&xlsx, &[], &access).expect("xlsx loads");
    assert!(from_csv.total_staff() > 0);
    assert_eq!(from_csv.total_staff(), from_xlsx.total_staff());
    assert_eq!(fits_csv.len(), fits_xlsx.len());
    assert!(
        !fits_csv.is_empty(),
        "the example fits demand from its history"
    );
    let resolved = |s| mutasi::report::resolved_scenario_toml(s).expect("toml");
    assert_eq!(
        String::from_utf8(resolved(&from_csv)),
        String::from_utf8(resolved(&from_xlsx)),
        "people and fitted demand differ between the CSV and the workbook"
    );
}

#[test]
fn excel_errors_name_the_file_sheet_and_cell_and_a_corrupt_workbook_exits_2() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (_, xlsx) = example_in(tmp.path());
    let access = DataAccess::default();
    let data = tmp.path().join("data");
    // An age that is not a number, in row 3 of a table that starts at B2: cell G4.
    let staff = std::fs::read_to_string(data.join("staff.csv")).expect("read");
    let mut lines: Vec<String> = staff.lines().map(str::to_string).collect();
    lines[2] = lines[2]
        .rsplit_once(',')
        .map(|(a, _)| format!("{a},old"))
        .expect("row");
    std::fs::write(data.join("bad.csv"), lines.join("\n")).expect("write");
    csv_to_xlsx(
        &data.join("bad.csv"),
        &data.join("staff.xlsx"),
        "Pegawai",
        (1, 1),
        false,
    );
    let e = match scenario::load_with(&xlsx, &[], &access) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("an age of 'old' loads"),
    };
    assert!(
        e.ends_with("staff.xlsx, sheet 'Pegawai', cell G4: column 'age': expected a finite number, found 'old'"),
        "{e}"
    );
    // Bytes that are no workbook, under a workbook's name: exit 2 and a plain message.
    std::fs::write(data.join("staff.xlsx"), b"PK\x03\x04 half a zip").expect("write");
    let o = mutasi(&["check", "xlsx.toml"], tmp.path());
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("staff.xlsx: cannot read it as an Excel workbook (.xlsx)"),
        "{stderr}"
    );
}

/// A workbook is a ZIP archive and calamine reads a part such as the shared strings whole, so
/// a small file that unpacks to far more than `--max-data-mb` is refused from the sizes its
/// archive declares, before anything is unpacked, naming the file and the part.
#[test]
fn a_workbook_that_unpacks_past_max_data_mb_is_refused_naming_the_file() {
    use std::io::Write;
    let tmp = tempfile::tempdir().expect("temp dir");
    let (_, xlsx) = example_in(tmp.path());
    let data = tmp.path().join("data");
    // The genuine workbook passes under a 1 MB limit.
    let o = mutasi(&["check", "xlsx.toml", "--max-data-mb", "1"], tmp.path());
    assert!(o.status.success(), "{}", out_err(&o).1);
    // 3 MB of shared strings deflated to a few kilobytes.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("xl/workbook.xml", deflated).expect("part");
    w.write_all(b"<workbook/>").expect("write");
    w.start_file("xl/sharedStrings.xml", deflated)
        .expect("part");
    for _ in 0..48 {
        w.write_all(&[b'a'; 65_536]).expect("write");
    }
    let bomb = w.finish().expect("archive").into_inner();
    assert!(bomb.len() < 50_000, "{} bytes", bomb.len());
    std::fs::write(data.join("staff.xlsx"), &bomb).expect("write");
    let o = mutasi(&["check", "xlsx.toml", "--max-data-mb", "1"], tmp.path());
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "staff.xlsx: cannot read it as an Excel workbook (.xlsx): its parts unpack to 3.1 MB \
             (xl/sharedStrings.xml alone 3.1 MB), more than 1 MB"
        ),
        "{stderr}"
    );
    // The library says the same to a caller with its own limit.
    let access = DataAccess {
        max_bytes: 1_000_000,
        ..DataAccess::default()
    };
    let e = match scenario::load_with(&xlsx, &[], &access) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("the bomb loads"),
    };
    assert!(e.contains("--max-data-mb"), "{e}");
}
