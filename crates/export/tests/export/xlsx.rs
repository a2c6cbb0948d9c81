//! Excel export: typed cells, sheet names, the Summary sheet, pivots and atomic writes, checked
//! by re-reading the real files with calamine.

use std::sync::Arc;

use crate::common::*;
use arrow_array::types::Int8Type;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Decimal128Array, DictionaryArray, DurationSecondArray,
    Float32Array, Float64Array, Int8Array, Int32Array, Int64Array, LargeStringArray, NullArray,
    RecordBatch, StringArray, StringViewArray, Time64MicrosecondArray, TimestampMillisecondArray,
    TimestampSecondArray, UInt64Array,
};
use arrow_schema::ArrowError;
use calamine::{Data, DataType as _, Reader};
use chrono::{NaiveDate, NaiveTime};
use quarry_charts::{NumberFormat, NumberStyle};
use quarry_export::{
    CellValue, ExportError, PivotMeasure, PivotRow, PivotTable, SummaryKpi, TableOptions,
    XlsxOptions, XlsxWriter,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn days(d: NaiveDate) -> i32 {
    (d - date(1970, 1, 1)).num_days() as i32
}

#[test]
fn cells_keep_their_types_and_values() {
    let ts = date(2024, 1, 2)
        .and_hms_opt(3, 4, 5)
        .expect("time")
        .and_utc()
        .timestamp();
    let columns: Vec<(&str, ArrayRef)> = vec![
        (
            "tiny",
            Arc::new(Int8Array::from(vec![Some(-5), None, Some(7)])),
        ),
        (
            "int",
            Arc::new(Int32Array::from(vec![Some(1), Some(-2), None])),
        ),
        (
            "big",
            Arc::new(Int64Array::from(vec![
                Some(9_007_199_254_740_992),
                Some(1 << 60),
                Some(0),
            ])),
        ),
        (
            "unsigned",
            Arc::new(UInt64Array::from(vec![Some(42), Some(u64::MAX), None])),
        ),
        (
            "real",
            Arc::new(Float32Array::from(vec![Some(0.1), None, Some(2.5)])),
        ),
        (
            "double",
            Arc::new(Float64Array::from(vec![
                Some(1.25),
                Some(f64::NAN),
                Some(-3.0e10),
            ])),
        ),
        (
            "price",
            Arc::new(
                Decimal128Array::from(vec![Some(12_345), Some(-5), None])
                    .with_precision_and_scale(10, 2)
                    .expect("decimal"),
            ),
        ),
        (
            "text",
            Arc::new(StringArray::from(vec![Some("héllo"), None, Some("=1+1")])),
        ),
        (
            "large",
            Arc::new(LargeStringArray::from(vec![Some("a"), Some("b"), None])),
        ),
        (
            "view",
            Arc::new(StringViewArray::from(vec![
                Some("long enough to not be inlined"),
                None,
                Some("v"),
            ])),
        ),
        (
            "flag",
            Arc::new(BooleanArray::from(vec![Some(true), Some(false), None])),
        ),
        (
            "day",
            Arc::new(Date32Array::from(vec![
                Some(days(date(2024, 2, 29))),
                Some(days(date(1800, 1, 1))),
                None,
            ])),
        ),
        (
            "at",
            Arc::new(TimestampSecondArray::from(vec![Some(ts), None, Some(0)])),
        ),
        (
            "at_plus2",
            Arc::new(
                TimestampMillisecondArray::from(vec![Some(ts * 1000), None, None])
                    .with_timezone("+02:00"),
            ),
        ),
        (
            "clock",
            Arc::new(Time64MicrosecondArray::from(vec![
                Some(13 * 3_600_000_000 + 30 * 60_000_000),
                None,
                Some(0),
            ])),
        ),
        ("nothing", Arc::new(NullArray::new(3))),
        (
            "enum",
            Arc::new(
                vec![Some("north"), None, Some("south")]
                    .into_iter()
                    .collect::<DictionaryArray<Int8Type>>(),
            ),
        ),
        (
            "wait",
            Arc::new(DurationSecondArray::from(vec![Some(90), None, None])),
        ),
    ];
    let (schema, batch) = batch(columns);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("types.xlsx");
    let written = write_one(
        &path,
        "data",
        &schema,
        vec![batch],
        &TableOptions::default(),
    );
    assert_eq!(written.rows, 3);
    assert_eq!(written.sheets, ["data"]);

    let r = sheet(&path, "data");
    let headers: Vec<String> = (0..18).map(|c| cell(&r, 0, c).to_string()).collect();
    assert_eq!(headers[0], "tiny");
    assert_eq!(headers[17], "wait");
    let col = |name: &str| headers.iter().position(|h| h == name).expect("column") as u32;
    let at = |row: u32, name: &str| cell(&r, row, col(name));

    assert_eq!(number(&at(1, "tiny")), -5.0);
    assert_eq!(at(2, "tiny"), Data::Empty);
    assert_eq!(number(&at(2, "int")), -2.0);
    assert_eq!(number(&at(1, "big")), 9_007_199_254_740_992.0);
    // Beyond 2^53 a double would change the value: written as text instead.
    assert_eq!(at(2, "big"), Data::String((1i64 << 60).to_string()));
    assert_eq!(at(2, "unsigned"), Data::String(u64::MAX.to_string()));
    assert_eq!(number(&at(1, "real")), 0.1);
    assert_eq!(number(&at(1, "double")), 1.25);
    assert_eq!(at(2, "double"), Data::String("NaN".into()));
    assert_eq!(number(&at(3, "double")), -3.0e10);
    assert_eq!(number(&at(1, "price")), 123.45);
    assert_eq!(number(&at(2, "price")), -0.05);
    assert_eq!(at(3, "price"), Data::Empty);
    assert_eq!(at(1, "text"), Data::String("héllo".into()));
    assert_eq!(
        at(3, "text"),
        Data::String("=1+1".into()),
        "text is never a formula"
    );
    assert_eq!(at(2, "large"), Data::String("b".into()));
    assert_eq!(
        at(1, "view"),
        Data::String("long enough to not be inlined".into())
    );
    assert_eq!(at(1, "flag"), Data::Bool(true));
    assert_eq!(at(2, "flag"), Data::Bool(false));
    assert_eq!(at(3, "flag"), Data::Empty);

    let day = at(1, "day");
    assert!(day.is_datetime(), "dates are dates: {day:?}");
    assert_eq!(day.as_date(), Some(date(2024, 2, 29)));
    assert_eq!(
        at(2, "day"),
        Data::String("1800-01-01".into()),
        "before 1900: text"
    );
    assert_eq!(
        at(1, "at").as_datetime(),
        date(2024, 1, 2).and_hms_opt(3, 4, 5)
    );
    assert_eq!(
        at(3, "at").as_datetime(),
        date(1970, 1, 1).and_hms_opt(0, 0, 0)
    );
    assert_eq!(
        at(1, "at_plus2").as_datetime(),
        date(2024, 1, 2).and_hms_opt(5, 4, 5),
        "fixed offsets are applied"
    );
    assert_eq!(at(1, "clock").as_time(), NaiveTime::from_hms_opt(13, 30, 0));
    for row in 1..=3 {
        assert_eq!(at(row, "nothing"), Data::Empty);
    }
    assert_eq!(at(1, "enum"), Data::String("north".into()));
    assert_eq!(at(2, "enum"), Data::Empty);
    assert!(
        matches!(at(1, "wait"), Data::String(_)),
        "other types as text"
    );

    // Bold header, frozen, autofilter over the data; decimal format from the scale.
    let sheet_xml = zip_text(&path, "xl/worksheets/sheet2.xml");
    assert!(
        sheet_xml.contains(r#"<autoFilter ref="A1:R4"/>"#),
        "{sheet_xml}"
    );
    assert!(sheet_xml.contains(r#"state="frozen""#));
    let styles = zip_text(&path, "xl/styles.xml");
    assert!(styles.contains(r##"formatCode="#,##0.00""##));
    assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#));
    assert!(styles.contains("<b/>"));
}

#[test]
fn sheet_names_are_valid_and_unique() {
    let (schema, batch) = batch(vec![("n", Arc::new(Int64Array::from(vec![1])) as ArrayRef)]);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("names.xlsx");
    let mut xlsx = XlsxWriter::create(&path, XlsxOptions::default()).expect("create");
    let wanted = [
        "a/b:c*?",
        "[brackets]\\",
        "forty characters long name, too long!!!!",
        "forty characters long name, too long!!!!",
        "Sales",
        "SALES",
        "sales",
        "Summary",
        "'quoted'",
        "",
    ];
    for name in wanted {
        xlsx.add_table(
            name,
            &schema,
            ok(vec![batch.clone()]),
            &TableOptions::default(),
            &|_| {},
            &|| false,
        )
        .expect("add_table");
    }
    xlsx.finish().expect("finish");
    let names = open(&path).sheet_names();
    assert_eq!(names.len(), wanted.len() + 1);
    assert_eq!(names[0], "Summary");
    let mut lower = std::collections::HashSet::new();
    for name in &names {
        assert!(
            !name.is_empty() && name.encode_utf16().count() <= 31,
            "{name}"
        );
        assert!(
            !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
            "{name}"
        );
        assert!(!name.starts_with('\'') && !name.ends_with('\''), "{name}");
        assert!(lower.insert(name.to_lowercase()), "duplicate {name}");
    }
    assert_eq!(names[1], "a_b_c__");
    assert_eq!(names[5], "Sales");
    assert_eq!(names[6], "SALES (2)");
    assert_eq!(names[7], "sales (3)");
    assert_eq!(names[8], "Summary (2)");
}

#[test]
fn summary_has_title_parameters_kpis_and_sheets() {
    let (schema, batch) = batch(vec![(
        "n",
        Arc::new(Int64Array::from(vec![1, 2])) as ArrayRef,
    )]);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("summary.xlsx");
    let options = XlsxOptions {
        title: "Sales overview".into(),
        generated_at: "2024-05-01 09:30".into(),
        parameters: vec![
            ("region".into(), "EMEA".into()),
            ("period".into(), "2024-01-01 – 2024-03-31".into()),
        ],
        kpis: vec![
            SummaryKpi {
                label: "Revenue".into(),
                value: CellValue::Number(1234.5),
                format: Some(NumberFormat {
                    style: NumberStyle::Currency,
                    ..Default::default()
                }),
                delta: Some("+4.2% vs previous period".into()),
            },
            SummaryKpi {
                label: "Top region".into(),
                value: "EMEA".into(),
                format: None,
                delta: None,
            },
        ],
    };
    let mut xlsx = XlsxWriter::create(&path, options).expect("create");
    xlsx.add_table(
        "orders",
        &schema,
        ok(vec![batch]),
        &TableOptions::default(),
        &|_| {},
        &|| false,
    )
    .expect("add_table");
    xlsx.add_note("A note from the caller.");
    xlsx.finish().expect("finish");

    let r = sheet(&path, "Summary");
    let rows: Vec<Vec<Data>> = r.rows().map(|row| row.to_vec()).collect();
    let find = |label: &str| {
        rows.iter()
            .find(|row| row.first().is_some_and(|d| *d == label))
            .unwrap_or_else(|| panic!("no row {label}: {rows:?}"))
            .clone()
    };
    assert_eq!(rows[0][0], Data::String("Sales overview".into()));
    assert_eq!(
        find("Generated")[1],
        Data::String("2024-05-01 09:30".into())
    );
    assert_eq!(find("region")[1], Data::String("EMEA".into()));
    assert_eq!(
        find("period")[1],
        Data::String("2024-01-01 – 2024-03-31".into())
    );
    let revenue = find("Revenue");
    assert_eq!(number(&revenue[1]), 1234.5);
    assert_eq!(revenue[2], Data::String("+4.2% vs previous period".into()));
    assert_eq!(find("Top region")[1], Data::String("EMEA".into()));
    assert_eq!(number(&find("orders")[1]), 2.0);
    find("A note from the caller.");
    assert!(zip_text(&path, "xl/styles.xml").contains(r##"formatCode="&quot;$&quot;#,##0.00""##));
    assert!(zip_text(&path, "docProps/core.xml").contains("Sales overview"));
}

#[test]
fn pivot_sheets_have_grouped_headers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("pivot.xlsx");
    let money = NumberFormat {
        style: NumberStyle::Currency,
        ..Default::default()
    };
    let pivot = PivotTable {
        row_fields: vec!["region".into()],
        column_keys: vec!["2023".into(), "2024".into()],
        measures: vec![
            PivotMeasure {
                name: "revenue".into(),
                format: Some(money),
            },
            PivotMeasure {
                name: "orders".into(),
                format: None,
            },
        ],
        rows: vec![
            PivotRow {
                keys: vec!["EMEA".into()],
                values: vec![Some(10.5), Some(2.0), None, Some(3.0)],
                total: false,
            },
            PivotRow {
                keys: vec!["Total".into()],
                values: vec![Some(10.5), Some(2.0), Some(7.0), Some(3.0)],
                total: true,
            },
        ],
    };
    let mut xlsx = XlsxWriter::create(&path, XlsxOptions::default()).expect("create");
    assert_eq!(
        xlsx.add_pivot("by region", &pivot).expect("pivot"),
        "by region"
    );
    let bad = PivotTable {
        rows: vec![PivotRow {
            keys: vec![],
            values: vec![],
            total: false,
        }],
        ..pivot.clone()
    };
    let err = xlsx.add_pivot("bad", &bad).expect_err("bad shape");
    assert!(err.to_string().contains("pivot row 1"), "{err}");
    xlsx.finish().expect("finish");

    let r = sheet(&path, "by region");
    assert_eq!(cell(&r, 0, 1), Data::String("2023".into()));
    assert_eq!(cell(&r, 0, 3), Data::String("2024".into()));
    assert_eq!(cell(&r, 1, 0), Data::String("region".into()));
    assert_eq!(cell(&r, 1, 1), Data::String("revenue".into()));
    assert_eq!(cell(&r, 1, 4), Data::String("orders".into()));
    assert_eq!(cell(&r, 2, 0), Data::String("EMEA".into()));
    assert_eq!(number(&cell(&r, 2, 1)), 10.5);
    assert_eq!(cell(&r, 2, 3), Data::Empty);
    assert_eq!(number(&cell(&r, 3, 3)), 7.0);
    assert!(zip_text(&path, "xl/worksheets/sheet2.xml").contains(r#"<mergeCell ref="B1:C1"/>"#));
}

fn only_files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn numbers(n: i64) -> (arrow_schema::SchemaRef, RecordBatch) {
    batch(vec![(
        "n",
        Arc::new(Int64Array::from_iter_values(0..n)) as ArrayRef,
    )])
}

#[test]
fn cancel_leaves_no_file_and_keeps_an_old_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("out.xlsx");
    std::fs::write(&path, b"old").expect("old file");
    let (schema, batch) = numbers(100);
    let calls = std::cell::Cell::new(0);
    let seen = std::cell::RefCell::new(Vec::new());
    let mut xlsx = XlsxWriter::create(&path, XlsxOptions::default()).expect("create");
    let err = xlsx
        .add_table(
            "t",
            &schema,
            ok(vec![batch; 10]),
            &TableOptions::default(),
            &|rows| seen.borrow_mut().push(rows),
            &|| {
                calls.set(calls.get() + 1);
                calls.get() > 3
            },
        )
        .expect_err("cancelled");
    assert!(matches!(err, ExportError::Cancelled), "{err}");
    assert_eq!(*seen.borrow(), [100, 200, 300]);
    assert!(matches!(xlsx.finish(), Err(ExportError::Aborted)));
    assert_eq!(std::fs::read(&path).expect("old file"), b"old");
    assert_eq!(only_files(dir.path()), ["out.xlsx"]);
}

#[test]
fn input_errors_and_drops_leave_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("out.xlsx");
    let (schema, batch) = numbers(10);
    let mut xlsx = XlsxWriter::create(&path, XlsxOptions::default()).expect("create");
    let stream = vec![
        Ok(batch),
        Err(ArrowError::ComputeError("query failed".into())),
    ];
    let err = xlsx
        .add_table(
            "t",
            &schema,
            stream,
            &TableOptions::default(),
            &|_| {},
            &|| false,
        )
        .expect_err("input error");
    assert!(err.to_string().contains("query failed"), "{err}");
    drop(xlsx);
    assert!(only_files(dir.path()).is_empty());

    let xlsx = XlsxWriter::create(&path, XlsxOptions::default()).expect("create");
    drop(xlsx);
    assert!(only_files(dir.path()).is_empty(), "dropped without finish");
}

#[test]
fn unwritable_folders_fail_before_any_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing").join("out.xlsx");
    let err = XlsxWriter::create(&missing, XlsxOptions::default())
        .err()
        .expect("no folder");
    assert!(matches!(err, ExportError::Create { .. }));
    assert!(err.to_string().contains("missing"), "{err}");
    let file = dir.path().join("file");
    std::fs::write(&file, b"x").expect("file");
    let err = XlsxWriter::create(&file.join("out.xlsx"), XlsxOptions::default())
        .err()
        .expect("not a folder");
    assert!(matches!(err, ExportError::Create { .. }), "{err}");
    assert_eq!(only_files(dir.path()), ["file"]);
}

#[test]
fn empty_tables_and_long_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("edge.xlsx");
    let long = "x".repeat(40_000);
    let (schema, batch) = batch(vec![(
        "s",
        Arc::new(StringArray::from(vec![long.as_str()])) as ArrayRef,
    )]);
    let mut xlsx = XlsxWriter::create(&path, XlsxOptions::default()).expect("create");
    let empty = xlsx
        .add_table(
            "empty",
            &schema,
            ok(vec![]),
            &TableOptions::default(),
            &|_| {},
            &|| false,
        )
        .expect("empty");
    assert_eq!(empty.rows, 0);
    xlsx.add_table(
        "long",
        &schema,
        ok(vec![batch]),
        &TableOptions::default(),
        &|_| {},
        &|| false,
    )
    .expect("long");
    xlsx.finish().expect("finish");
    assert_eq!(cell(&sheet(&path, "empty"), 0, 0), Data::String("s".into()));
    assert_eq!(cell(&sheet(&path, "long"), 1, 0).to_string().len(), 32_767);
    assert!(
        texts(&sheet(&path, "Summary"))
            .iter()
            .any(|t| t.contains("were cut"))
    );
}
