//! Excel import: small workbooks written here as raw OOXML parts, imported into in-memory DuckDB.

use std::cell::RefCell;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use duckdb::Connection;
use quarry_engine::EngineError;
use quarry_engine::import::excel::{ExcelImport, ExcelOptions, import_sheet, sheet_names};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// One cell of a test sheet.
enum C<'a> {
    /// Number.
    N(&'a str),
    /// Inline string.
    S(&'a str),
    /// Shared string (index into the workbook's shared strings).
    Shared(usize),
    B(bool),
    /// Error value such as `#DIV/0!`.
    E(&'a str),
    /// Numeric formula with its cached value.
    F(&'a str, &'a str),
    /// String formula with its cached value.
    Ftext(&'a str, &'a str),
    /// Serial number styled as a date (numFmt 14).
    Date(&'a str),
    /// Serial number styled as a date and time (numFmt 22).
    Stamp(&'a str),
    /// Serial number styled as a time of day (numFmt 21).
    Time(&'a str),
    /// No cell at all.
    Blank,
}

fn row(n: u32, cells: &[C]) -> String {
    let mut xml = format!(r#"<row r="{n}">"#);
    for (i, cell) in cells.iter().enumerate() {
        let r = format!("{}{n}", char::from(b'A' + u8::try_from(i).unwrap()));
        xml += &match cell {
            C::N(v) => format!(r#"<c r="{r}"><v>{v}</v></c>"#),
            C::S(s) => {
                format!(r#"<c r="{r}" t="inlineStr"><is><t xml:space="preserve">{s}</t></is></c>"#)
            }
            C::Shared(i) => format!(r#"<c r="{r}" t="s"><v>{i}</v></c>"#),
            C::B(b) => format!(r#"<c r="{r}" t="b"><v>{}</v></c>"#, u8::from(*b)),
            C::E(e) => format!(r#"<c r="{r}" t="e"><v>{e}</v></c>"#),
            C::F(f, v) => format!(r#"<c r="{r}"><f>{f}</f><v>{v}</v></c>"#),
            C::Ftext(f, v) => format!(r#"<c r="{r}" t="str"><f>{f}</f><v>{v}</v></c>"#),
            C::Date(v) => format!(r#"<c r="{r}" s="1"><v>{v}</v></c>"#),
            C::Stamp(v) => format!(r#"<c r="{r}" s="2"><v>{v}</v></c>"#),
            C::Time(v) => format!(r#"<c r="{r}" s="3"><v>{v}</v></c>"#),
            C::Blank => String::new(),
        };
    }
    xml + "</row>"
}

struct Sheet<'a> {
    name: &'a str,
    rows: Vec<String>,
    /// Merged ranges such as `A1:B1`.
    merges: &'a [&'a str],
}

fn sheet<'a>(name: &'a str, rows: Vec<String>) -> Sheet<'a> {
    Sheet {
        name,
        rows,
        merges: &[],
    }
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml";

/// Writes a minimal .xlsx; `extra` is called with the zip writer to add more entries.
fn write_xlsx_with(
    path: &Path,
    sheets: &[Sheet],
    shared: &[&str],
    extra: impl FnOnce(&mut ZipWriter<File>),
) {
    let mut zip = ZipWriter::new(File::create(path).unwrap());
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let put = |zip: &mut ZipWriter<File>, name: &str, body: String| {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    let overrides: String = (1..=sheets.len())
        .map(|i| format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{CT}.worksheet+xml"/>"#))
        .collect();
    put(
        &mut zip,
        "[Content_Types].xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>{overrides}</Types>"#
        ),
    );
    put(
        &mut zip,
        "_rels/.rels",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        ),
    );
    let sheet_list: String = sheets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            format!(
                r#"<sheet name="{}" sheetId="{}" r:id="rId{}"/>"#,
                s.name,
                i + 1,
                i + 1
            )
        })
        .collect();
    put(
        &mut zip,
        "xl/workbook.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{sheet_list}</sheets></workbook>"#
        ),
    );
    let sheet_rels: String = (1..=sheets.len())
        .map(|i| format!(r#"<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
        .collect();
    put(
        &mut zip,
        "xl/_rels/workbook.xml.rels",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL_NS}">{sheet_rels}<Relationship Id="rId900" Type="{REL_NS}/styles" Target="styles.xml"/><Relationship Id="rId901" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
        ),
    );
    put(
        &mut zip,
        "xl/styles.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN_NS}"><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/><xf numFmtId="21" applyNumberFormat="1"/></cellXfs></styleSheet>"#
        ),
    );
    let strings: String = shared
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    put(
        &mut zip,
        "xl/sharedStrings.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="{MAIN_NS}" count="{n}" uniqueCount="{n}">{strings}</sst>"#,
            n = shared.len()
        ),
    );
    for (i, s) in sheets.iter().enumerate() {
        let merges = if s.merges.is_empty() {
            String::new()
        } else {
            let list: String = s
                .merges
                .iter()
                .map(|m| format!(r#"<mergeCell ref="{m}"/>"#))
                .collect();
            format!(
                r#"<mergeCells count="{}">{list}</mergeCells>"#,
                s.merges.len()
            )
        };
        put(
            &mut zip,
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetData>{}</sheetData>{merges}</worksheet>"#,
                s.rows.concat()
            ),
        );
    }
    extra(&mut zip);
    zip.finish().unwrap();
}

fn write_xlsx(dir: &Path, file: &str, sheets: &[Sheet], shared: &[&str]) -> PathBuf {
    let path = dir.join(file);
    write_xlsx_with(&path, sheets, shared, |_| {});
    path
}

fn import(
    conn: &Connection,
    path: &Path,
    options: &ExcelOptions,
) -> Result<ExcelImport, EngineError> {
    import_sheet(
        conn,
        path,
        "t",
        options,
        &|_, _| {},
        &AtomicBool::new(false),
    )
}

/// The first column of a query's rows, as text; NULL as `NULL`.
fn strings(conn: &Connection, sql: &str) -> Vec<String> {
    let mut statement = conn.prepare(sql).unwrap();
    let rows = statement
        .query_map([], |row| row.get::<_, Option<String>>(0))
        .unwrap();
    rows.map(|value| value.unwrap().unwrap_or_else(|| "NULL".into()))
        .collect()
}

fn table_exists(conn: &Connection, name: &str) -> bool {
    let sql = format!("SELECT count(*) FROM information_schema.tables WHERE table_name = '{name}'");
    conn.query_row(&sql, [], |row| row.get::<_, i64>(0))
        .unwrap()
        == 1
}

fn columns(import: &ExcelImport) -> Vec<(&str, &str)> {
    import
        .columns
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect()
}

fn message(error: EngineError) -> String {
    error.to_string()
}

fn typed_sheet() -> Sheet<'static> {
    use C::*;
    let header = [
        "id", "name", "price", "active", "day", "stamp", "mixed", "doubled", "ratio", "label", "at",
    ]
    .map(S);
    sheet(
        "Data",
        vec![
            row(1, &header),
            row(
                2,
                &[
                    N("1"),
                    S("Ann"),
                    N("1.5"),
                    B(true),
                    Date("45306"),
                    Stamp("45306.4375"),
                    N("10"),
                    F("A2*2", "2"),
                    E("#DIV/0!"),
                    Ftext("CONCAT(B2,\"!\")", "Ann!"),
                    Time("0.5"),
                ],
            ),
            row(
                3,
                &[
                    N("2"),
                    S("Bob"),
                    N("2"),
                    B(false),
                    Date("45351"),
                    Stamp("45351"),
                    S("ten"),
                    F("A3*2", "4"),
                    N("0.25"),
                    Ftext("CONCAT(B3,\"!\")", "Bob!"),
                    Time("0.75"),
                ],
            ),
            row(
                4,
                &[
                    N("3"),
                    Shared(0),
                    N("3.25"),
                    B(true),
                    Blank,
                    Blank,
                    N("2.5"),
                    F("A4*2", "6"),
                    E("#N/A"),
                    Blank,
                    Blank,
                ],
            ),
        ],
    )
}

#[test]
fn types_are_inferred_and_values_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_xlsx(dir.path(), "typed.xlsx", &[typed_sheet()], &["Cy"]);
    let conn = Connection::open_in_memory().unwrap();
    let result = import(&conn, &path, &ExcelOptions::default()).unwrap();
    assert_eq!(result.sheet, "Data");
    assert_eq!(result.rows, 3);
    assert_eq!(
        columns(&result),
        [
            ("id", "BIGINT"),
            ("name", "VARCHAR"),
            ("price", "DOUBLE"),
            ("active", "BOOLEAN"),
            ("day", "DATE"),
            ("stamp", "TIMESTAMP"),
            ("mixed", "VARCHAR"),
            ("doubled", "BIGINT"),
            ("ratio", "DOUBLE"),
            ("label", "VARCHAR"),
            ("at", "TIME"),
        ]
    );
    let declared = strings(
        &conn,
        "SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position",
    );
    let expected: Vec<String> = result
        .columns
        .iter()
        .map(|(n, t)| format!("{n} {t}"))
        .collect();
    assert_eq!(declared, expected);

    let q = |column: &str| {
        strings(
            &conn,
            &format!("SELECT \"{column}\"::VARCHAR FROM t ORDER BY id"),
        )
    };
    assert_eq!(q("id"), ["1", "2", "3"]);
    assert_eq!(q("name"), ["Ann", "Bob", "Cy"]);
    assert_eq!(q("price"), ["1.5", "2.0", "3.25"]);
    assert_eq!(q("active"), ["true", "false", "true"]);
    assert_eq!(q("day"), ["2024-01-15", "2024-02-29", "NULL"]);
    assert_eq!(
        q("stamp"),
        ["2024-01-15 10:30:00", "2024-02-29 00:00:00", "NULL"]
    );
    // Numbers in a text column lose Excel's float noise: 10, not 10.0.
    assert_eq!(q("mixed"), ["10", "ten", "2.5"]);
    assert_eq!(q("doubled"), ["2", "4", "6"]);
    // Error cells (#DIV/0!, #N/A) are NULL.
    assert_eq!(q("ratio"), ["NULL", "0.25", "NULL"]);
    assert_eq!(q("label"), ["Ann!", "Bob!", "NULL"]);
    assert_eq!(q("at"), ["12:00:00", "18:00:00", "NULL"]);
    let typed: i64 = conn
        .query_row("SELECT count(*) FROM t WHERE day = DATE '2024-01-15' AND stamp > TIMESTAMP '2024-01-15 10:00'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(typed, 1);
}

#[test]
fn several_sheets_and_sheet_choice() {
    let dir = tempfile::tempdir().unwrap();
    let sheets = [
        sheet("First", vec![row(1, &[C::S("a")]), row(2, &[C::N("1")])]),
        sheet(
            "Second",
            vec![
                row(1, &[C::S("b"), C::S("c")]),
                row(2, &[C::S("x"), C::N("2")]),
                row(3, &[C::S("y"), C::N("3")]),
            ],
        ),
    ];
    let path = write_xlsx(dir.path(), "two.xlsx", &sheets, &[]);
    assert_eq!(sheet_names(&path).unwrap(), ["First", "Second"]);

    let conn = Connection::open_in_memory().unwrap();
    let first = import(&conn, &path, &ExcelOptions::default()).unwrap();
    assert_eq!((first.sheet.as_str(), first.rows), ("First", 1));
    assert_eq!(columns(&first), [("a", "BIGINT")]);

    let options = ExcelOptions {
        sheet: Some("Second".into()),
        ..ExcelOptions::default()
    };
    let second = import_sheet(
        &conn,
        &path,
        "t2",
        &options,
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!((second.sheet.as_str(), second.rows), ("Second", 2));
    assert_eq!(columns(&second), [("b", "VARCHAR"), ("c", "BIGINT")]);
    assert_eq!(
        strings(&conn, "SELECT b || c FROM t2 ORDER BY c"),
        ["x2", "y3"]
    );
}

#[test]
fn unknown_sheet_names_the_available_ones() {
    let dir = tempfile::tempdir().unwrap();
    let sheets = [
        sheet("First", vec![row(1, &[C::S("a")])]),
        sheet("Second", vec![row(1, &[C::S("b")])]),
    ];
    let path = write_xlsx(dir.path(), "two.xlsx", &sheets, &[]);
    let conn = Connection::open_in_memory().unwrap();
    let options = ExcelOptions {
        sheet: Some("Third".into()),
        ..ExcelOptions::default()
    };
    let error = message(import(&conn, &path, &options).unwrap_err());
    assert!(error.contains("\"Third\""), "{error}");
    assert!(error.contains("\"First\", \"Second\""), "{error}");
    assert!(!table_exists(&conn, "t"));
}

#[test]
fn header_row_offset_and_empty_rows() {
    use C::*;
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        row(1, &[S("Quarterly report")]),
        row(3, &[S("region"), S("amount")]),
        row(4, &[S("North"), N("10")]),
        row(5, &[Blank, Blank]),
        row(6, &[S("South"), N("20.5")]),
        row(7, &[S("   ")]),
    ];
    let path = write_xlsx(dir.path(), "report.xlsx", &[sheet("Report", rows)], &[]);
    // Row 3 (index 2) is the header; index 1 is empty, so the next non-empty row is used too.
    for header_row in [2, 1] {
        let conn = Connection::open_in_memory().unwrap();
        let options = ExcelOptions {
            header_row,
            ..ExcelOptions::default()
        };
        let result = import(&conn, &path, &options).unwrap();
        assert_eq!(
            columns(&result),
            [("region", "VARCHAR"), ("amount", "DOUBLE")]
        );
        // The empty middle row and the blank trailing row are skipped.
        assert_eq!(result.rows, 2);
        assert_eq!(
            strings(&conn, "SELECT region || amount FROM t ORDER BY amount"),
            ["North10.0", "South20.5"]
        );
    }
    // Past the last row: a clear error.
    let conn = Connection::open_in_memory().unwrap();
    let options = ExcelOptions {
        header_row: 50,
        ..ExcelOptions::default()
    };
    let error = message(import(&conn, &path, &options).unwrap_err());
    assert!(error.contains("no data at or below row 51"), "{error}");
}

#[test]
fn header_names_are_cleaned_and_merged_cells_handled() {
    use C::*;
    let dir = tempfile::tempdir().unwrap();
    let mut merged = sheet(
        "Merged",
        vec![
            row(
                1,
                &[
                    S("Sales"),
                    Blank,
                    S(" Region "),
                    S("region"),
                    Blank,
                    S("Sales"),
                    N("2024"),
                ],
            ),
            row(
                2,
                &[N("1"), N("2"), S("North"), S("n"), N("5"), N("7"), N("8")],
            ),
            row(3, &[N("3"), N("4"), Blank, S("n"), N("6"), N("9"), N("10")]),
        ],
    );
    merged.merges = &["A1:B1", "C2:C3"];
    let path = write_xlsx(dir.path(), "merged.xlsx", &[merged], &[]);
    let conn = Connection::open_in_memory().unwrap();
    let result = import(&conn, &path, &ExcelOptions::default()).unwrap();
    let names: Vec<&str> = result.columns.iter().map(|(n, _)| n.as_str()).collect();
    // Merged header: only the top-left cell has the text. Names are unique ignoring case.
    assert_eq!(
        names,
        [
            "Sales", "column_2", "Region", "region_2", "column_5", "Sales_2", "2024"
        ]
    );
    // The merged data cell is NULL below its first row.
    assert_eq!(
        strings(&conn, "SELECT \"Region\" FROM t ORDER BY \"Sales\""),
        ["North", "NULL"]
    );
    assert_eq!(
        strings(&conn, "SELECT column_2::VARCHAR FROM t ORDER BY \"Sales\""),
        ["2", "4"]
    );
}

#[test]
fn empty_and_header_only_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let sheets = [
        sheet("Empty", vec![]),
        sheet("Header", vec![row(1, &[C::S("a"), C::S("b")])]),
    ];
    let path = write_xlsx(dir.path(), "empty.xlsx", &sheets, &[]);
    let conn = Connection::open_in_memory().unwrap();
    let error = message(import(&conn, &path, &ExcelOptions::default()).unwrap_err());
    assert!(
        error.contains("sheet \"Empty\"") && error.contains("no data"),
        "{error}"
    );
    assert!(!table_exists(&conn, "t"));

    let options = ExcelOptions {
        sheet: Some("Header".into()),
        ..ExcelOptions::default()
    };
    let result = import(&conn, &path, &options).unwrap();
    assert_eq!(result.rows, 0);
    assert_eq!(columns(&result), [("a", "VARCHAR"), ("b", "VARCHAR")]);
    assert_eq!(strings(&conn, "SELECT count(*)::VARCHAR FROM t"), ["0"]);
}

#[test]
fn text_renamed_to_xlsx_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.xlsx");
    std::fs::write(&path, "id,name\n1,Ann\n").unwrap();
    let conn = Connection::open_in_memory().unwrap();
    let error = message(import(&conn, &path, &ExcelOptions::default()).unwrap_err());
    assert!(
        error.contains("is not a valid Excel workbook (not a zip archive)"),
        "{error}"
    );
    let error = message(sheet_names(&path).unwrap_err());
    assert!(error.contains("not a zip archive"), "{error}");
    // An empty file, and one starting like a zip but damaged, are refused too.
    std::fs::write(&path, "").unwrap();
    assert!(message(sheet_names(&path).unwrap_err()).contains("not a valid Excel workbook"));
    std::fs::write(&path, "PK\u{3}\u{4} not really").unwrap();
    assert!(message(sheet_names(&path).unwrap_err()).contains("not a valid Excel workbook"));
    assert!(!table_exists(&conn, "t"));
}

#[test]
fn missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let error = sheet_names(&dir.path().join("nope.xlsx")).unwrap_err();
    assert!(matches!(error, EngineError::Io { .. }), "{error}");
}

#[test]
fn zip_bomb_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    let sheets = [sheet(
        "Data",
        vec![row(1, &[C::S("a")]), row(2, &[C::N("1")])],
    )];
    // 20 MiB of zeros in one part: it compresses about 1000:1.
    write_xlsx_with(&path, &sheets, &[], |zip| {
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        zip.start_file("xl/zeros.bin", options).unwrap();
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..20 {
            zip.write_all(&chunk).unwrap();
        }
    });
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    let conn = Connection::open_in_memory().unwrap();
    let options = ExcelOptions {
        max_uncompressed_bytes: 10 << 20,
        ..ExcelOptions::default()
    };
    let error = message(import(&conn, &path, &options).unwrap_err());
    assert!(
        error.contains("zip bomb") && error.contains("xl/zeros.bin"),
        "{error}"
    );
    assert!(message(sheet_names(&path).unwrap_err()).contains("zip bomb"));
    assert!(!table_exists(&conn, "t"));
}

#[test]
fn total_uncompressed_size_is_limited() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_xlsx(
        dir.path(),
        "small.xlsx",
        &[sheet("Data", vec![row(1, &[C::S("a")])])],
        &[],
    );
    let conn = Connection::open_in_memory().unwrap();
    let options = ExcelOptions {
        max_uncompressed_bytes: 500,
        ..ExcelOptions::default()
    };
    let error = message(import(&conn, &path, &options).unwrap_err());
    assert!(error.contains("more than the limit of 500"), "{error}");
    assert!(import(&conn, &path, &ExcelOptions::default()).is_ok());
}

fn big_sheet(rows: u32) -> Sheet<'static> {
    let mut xml = vec![row(1, &[C::S("n")])];
    xml.extend((2..=rows + 1).map(|n| format!(r#"<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>"#)));
    sheet("Big", xml)
}

#[test]
fn progress_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_xlsx(dir.path(), "big.xlsx", &[big_sheet(25_000)], &[]);
    let conn = Connection::open_in_memory().unwrap();
    let calls = RefCell::new(Vec::new());
    let progress = |done: u64, total: u64| calls.borrow_mut().push((done, total));
    let result = import_sheet(
        &conn,
        &path,
        "t",
        &ExcelOptions::default(),
        &progress,
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(result.rows, 25_000);
    assert_eq!(
        calls.into_inner(),
        [(10_000, 25_000), (20_000, 25_000), (25_000, 25_000)]
    );
    assert_eq!(
        strings(&conn, "SELECT sum(n)::VARCHAR FROM t"),
        ["312537500"]
    );
}

#[test]
fn cancelled_before_start_creates_no_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_xlsx(dir.path(), "typed.xlsx", &[typed_sheet()], &["Cy"]);
    let conn = Connection::open_in_memory().unwrap();
    let cancelled = AtomicBool::new(true);
    let error = import_sheet(
        &conn,
        &path,
        "t",
        &ExcelOptions::default(),
        &|_, _| {},
        &cancelled,
    )
    .unwrap_err();
    assert!(matches!(error, EngineError::Cancelled), "{error}");
    assert!(!table_exists(&conn, "t"));
}

#[test]
fn cancelled_midway_drops_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_xlsx(dir.path(), "big.xlsx", &[big_sheet(25_000)], &[]);
    let conn = Connection::open_in_memory().unwrap();
    let cancelled = AtomicBool::new(false);
    let progress = |_: u64, _: u64| cancelled.store(true, Ordering::Relaxed);
    let error = import_sheet(
        &conn,
        &path,
        "t",
        &ExcelOptions::default(),
        &progress,
        &cancelled,
    )
    .unwrap_err();
    assert!(matches!(error, EngineError::Cancelled), "{error}");
    assert!(!table_exists(&conn, "t"));
}

#[test]
fn existing_target_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_xlsx(dir.path(), "typed.xlsx", &[typed_sheet()], &["Cy"]);
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (42)")
        .unwrap();
    let error = message(import(&conn, &path, &ExcelOptions::default()).unwrap_err());
    assert!(error.contains("cannot create table t"), "{error}");
    assert_eq!(strings(&conn, "SELECT x::VARCHAR FROM t"), ["42"]);
}

#[test]
fn options_and_results_serialize() {
    let options: ExcelOptions = serde_json::from_str(r#"{"sheet":"Data","headerRow":2}"#).unwrap();
    assert_eq!(options.header_row, 2);
    assert_eq!(
        options.max_uncompressed_bytes,
        ExcelOptions::default().max_uncompressed_bytes
    );
    let result = ExcelImport {
        sheet: "Data".into(),
        rows: 1,
        columns: vec![("a".into(), "BIGINT".into())],
    };
    let json = serde_json::to_string(&result).unwrap();
    assert_eq!(
        json,
        r#"{"sheet":"Data","rows":1,"columns":[["a","BIGINT"]]}"#
    );
}
