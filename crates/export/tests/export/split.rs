//! Tables beyond Excel's 1,048,576 rows continue on `name (2)`: never silently truncated.

use std::sync::Arc;

use crate::common::*;
use arrow_array::{ArrayRef, Int64Array, RecordBatch};
use calamine::Reader;
use quarry_export::{TableOptions, XlsxOptions, XlsxWriter};

#[test]
fn a_million_one_hundred_thousand_rows_make_two_sheets() {
    const ROWS: i64 = 1_100_000;
    const BATCH: i64 = 65_536;
    let (schema, _) = batch(vec![(
        "id",
        Arc::new(Int64Array::from(vec![0])) as ArrayRef,
    )]);
    let batches = (0..ROWS).step_by(BATCH as usize).map(|start| {
        let ids = Int64Array::from_iter_values(start..(start + BATCH).min(ROWS));
        RecordBatch::try_new(schema.clone(), vec![Arc::new(ids) as ArrayRef])
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.xlsx");
    let mut xlsx = XlsxWriter::create(&path, XlsxOptions::default()).expect("create");
    let last = std::cell::Cell::new(0);
    let written = xlsx
        .add_table(
            "t",
            &schema,
            batches,
            &TableOptions::default(),
            &|rows| last.set(rows),
            &|| false,
        )
        .expect("add_table");
    xlsx.finish().expect("finish");
    assert_eq!(written.rows, ROWS as u64);
    assert_eq!(last.get(), ROWS as u64);
    assert_eq!(written.sheets, ["t", "t (2)"]);

    let mut wb = open(&path);
    assert_eq!(wb.sheet_names(), ["Summary", "t", "t (2)"]);
    let first = wb.worksheet_range("t").expect("t");
    let second = wb.worksheet_range("t (2)").expect("t (2)");
    // Each sheet repeats the header; data rows add up to the table.
    assert_eq!(first.height(), 1_048_576);
    assert_eq!(first.height() - 1 + second.height() - 1, ROWS as usize);
    assert_eq!(cell(&second, 0, 0).to_string(), "id");
    assert_eq!(number(&cell(&first, 1_048_575, 0)), 1_048_574.0);
    assert_eq!(number(&cell(&second, 1, 0)), 1_048_575.0);
    assert_eq!(
        number(&cell(&second, second.height() as u32 - 1, 0)),
        (ROWS - 1) as f64
    );

    let summary = texts(&wb.worksheet_range("Summary").expect("Summary"));
    assert!(
        summary
            .iter()
            .any(|t| t.contains("1,100,000 rows") && t.contains("“t (2)”")),
        "{summary:?}"
    );
}
