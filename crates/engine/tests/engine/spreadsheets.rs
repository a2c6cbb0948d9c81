//! Legacy Excel (.xls) and OpenDocument (.ods) workbooks, made by other programs
//! (`tests/fixtures/make_spreadsheets.py`), imported through the workspace.

use std::path::PathBuf;

use quarry_engine::import::{ExcelOptions, ImportOptions};
use quarry_engine::{CancelToken, QueryOptions, Workspace};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn rows(workspace: &Workspace, sql: &str) -> Vec<Vec<String>> {
    let result = workspace.query(sql, &QueryOptions::default()).expect(sql);
    result
        .rows
        .iter()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect()
}

fn import_orders(file: &str) {
    let dir = tempfile::tempdir().unwrap();
    let workspace = Workspace::create(dir.path()).unwrap();
    let options = ImportOptions {
        name: Some("orders".into()),
        ..ImportOptions::default()
    };
    let report = workspace
        .import(
            fixture(file).to_str().unwrap(),
            &options,
            &CancelToken::new(),
            &|_| {},
        )
        .unwrap();
    assert_eq!(report.dataset.row_count, 3, "{file}");
    let types: Vec<(&str, &str)> = report
        .dataset
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.sql_type.as_str()))
        .collect();
    assert_eq!(
        types,
        [
            ("id", "BIGINT"),
            ("customer", "VARCHAR"),
            ("amount", "DOUBLE"),
            ("ordered", "DATE"),
            ("paid", "BOOLEAN"),
        ],
        "{file}"
    );
    assert_eq!(
        rows(
            &workspace,
            "SELECT id, customer, amount, strftime(ordered, '%Y-%m-%d'), paid FROM orders ORDER BY id"
        ),
        [
            ["1", "Müller GmbH", "120.5", "2024-02-29", "true"],
            ["2", "Åsa Berg", "99", "2024-03-01", "false"],
            ["3", "ACME", "1000.25", "2023-12-31", "true"],
        ],
        "{file}"
    );

    let notes = ImportOptions {
        name: Some("notes".into()),
        excel: ExcelOptions {
            sheet: Some("Notes".into()),
            ..ExcelOptions::default()
        },
        ..ImportOptions::default()
    };
    let source = fixture(file);
    let source = source.to_str().unwrap();
    workspace
        .import(source, &notes, &CancelToken::new(), &|_| {})
        .unwrap();
    assert_eq!(
        rows(&workspace, "SELECT note FROM notes"),
        [["checked by finance"]]
    );
}

#[test]
fn a_legacy_xls_workbook_imports_with_typed_columns_and_sheet_choice() {
    import_orders("orders.xls");
}

#[test]
fn an_opendocument_workbook_imports_with_typed_columns_and_sheet_choice() {
    import_orders("orders.ods");
}
