//! Imports of real files into versioned datasets, including the bad ones.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::TryRecvError;
use std::time::Duration;

use quarry_engine::import::{ImportOptions, SourceFormat};
use quarry_engine::{CancelToken, ChangeEvent, ColumnChange, EngineError, QueryOptions, Workspace};

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(dir.path().join("ws")).unwrap();
    (dir, ws)
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, content).unwrap();
    path
}

fn import(
    ws: &Workspace,
    path: &Path,
    options: &ImportOptions,
) -> quarry_engine::Result<quarry_engine::import::ImportReport> {
    ws.import(
        path.to_str().unwrap(),
        options,
        &CancelToken::new(),
        &|_| {},
    )
}

fn rows(ws: &Workspace, sql: &str) -> Vec<String> {
    let result = ws.query(sql, &QueryOptions::default()).unwrap();
    result
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

#[test]
fn csv_import_detects_types_and_refresh_bumps_the_version() {
    let (dir, ws) = workspace();
    let events = ws.subscribe();
    let csv = write(
        dir.path(),
        "Orders 2024.csv",
        "id,day,amount\n1,2024-01-02,10.5\n2,2024-01-03,7\n",
    );
    let report = import(&ws, &csv, &ImportOptions::default()).unwrap();
    assert_eq!(report.dataset.name, "orders_2024");
    assert_eq!(report.dataset.version, 1);
    assert_eq!(report.dataset.row_count, 2);
    assert_eq!(report.previous_version, None);
    let types: Vec<&str> = report
        .dataset
        .columns
        .iter()
        .map(|c| c.sql_type.as_str())
        .collect();
    assert_eq!(types, ["BIGINT", "DATE", "DOUBLE"]);
    assert_eq!(
        events.try_recv().unwrap(),
        ChangeEvent::DatasetChanged {
            name: "orders_2024".into(),
            version: 1
        }
    );

    write(
        dir.path(),
        "Orders 2024.csv",
        "id,day,amount\n1,2024-01-02,10.5\n2,2024-01-03,7\n3,2024-01-04,1\n",
    );
    let refreshed = import(&ws, &csv, &ImportOptions::default()).unwrap();
    assert_eq!(refreshed.dataset.version, 2);
    assert_eq!(refreshed.previous_version, Some(1));
    assert!(refreshed.schema_change.is_empty());
    assert_eq!(rows(&ws, "SELECT count(*) FROM orders_2024"), ["3"]);
    assert_eq!(
        events.try_recv().unwrap(),
        ChangeEvent::DatasetChanged {
            name: "orders_2024".into(),
            version: 2
        }
    );
    assert_eq!(events.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(ws.datasets().unwrap().len(), 1);
}

#[test]
fn a_row_with_a_field_too_many_is_rejected_not_read_as_one_column() {
    // DuckDB's strict sniffer reads this file as a single column named "id,amount,city".
    let (dir, ws) = workspace();
    let csv = write(
        dir.path(),
        "orders.csv",
        "id,amount,city\n1,10.5,Berlin\n2,3.5,Köln,extra\n3,7.25,München\n",
    );
    let report = import(&ws, &csv, &ImportOptions::default()).unwrap();
    let names: Vec<&str> = report
        .dataset
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["id", "amount", "city"]);
    assert_eq!(report.dataset.row_count, 2);
    assert_eq!(report.rejected_total, 1);
    assert_eq!(report.rejected[0].line, 3);
    assert_eq!(
        rows(&ws, "SELECT string_agg(city, ',' ORDER BY id) FROM orders"),
        ["Berlin,München"]
    );
}

#[test]
fn malformed_rows_are_rejected_with_line_numbers() {
    let (dir, ws) = workspace();
    let csv = write(
        dir.path(),
        "bad.csv",
        "id,name,amount\n1,alice,10.5\n2,bob,oops\n3,carol,7\n4,dave,3,extra\n5,eve,1\n",
    );
    let options = ImportOptions {
        column_types: [("amount".to_owned(), "DOUBLE".to_owned())].into(),
        ..ImportOptions::default()
    };
    let report = import(&ws, &csv, &options).unwrap();
    assert_eq!(report.dataset.row_count, 3);
    assert_eq!(report.rejected_total, 2);
    let lines: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 5]);
    assert_eq!(report.rejected[0].column.as_deref(), Some("amount"));
    assert!(
        report.rejected[0].error.contains("oops"),
        "{:?}",
        report.rejected[0]
    );
    assert_eq!(report.rejected[1].text, "4,dave,3,extra");
    assert_eq!(
        rows(&ws, "SELECT string_agg(name, ',' ORDER BY id) FROM bad"),
        ["alice,carol,eve"]
    );
}

#[test]
fn empty_and_header_only_files() {
    let (dir, ws) = workspace();
    let empty = write(dir.path(), "empty.csv", "");
    let error = import(&ws, &empty, &ImportOptions::default()).unwrap_err();
    assert!(matches!(error, EngineError::EmptySource(_)), "{error:?}");
    assert!(ws.datasets().unwrap().is_empty());

    let header = write(dir.path(), "header.csv", "a,b,c\n");
    let report = import(&ws, &header, &ImportOptions::default()).unwrap();
    assert_eq!(report.dataset.row_count, 0);
    let names: Vec<&str> = report
        .dataset
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
}

#[test]
fn latin1_files_are_decoded() {
    let (dir, ws) = workspace();
    let csv = write(
        dir.path(),
        "people.csv",
        b"name,city\nJos\xe9,M\xfcnchen\nAnna,K\xf6ln\n",
    );
    let report = import(&ws, &csv, &ImportOptions::default()).unwrap();
    assert!(report.decoded_as_latin1);
    assert_eq!(report.rejected_total, 0);
    assert_eq!(
        rows(&ws, "SELECT name || ' ' || city FROM people ORDER BY name"),
        ["Anna Köln", "José München"]
    );
}

#[test]
fn a_ten_megabyte_line_imports() {
    let (dir, ws) = workspace();
    let mut content = b"text\n".to_vec();
    content.extend(std::iter::repeat_n(b'y', 10_000_000));
    content.push(b'\n');
    let csv = write(dir.path(), "long.csv", content);
    let report = import(&ws, &csv, &ImportOptions::default()).unwrap();
    assert_eq!(report.dataset.row_count, 1);
    assert_eq!(rows(&ws, "SELECT length(text) FROM long"), ["10000000"]);
}

#[test]
fn a_long_line_past_the_sniffed_sample_imports_with_every_row() {
    let (dir, ws) = workspace();
    let mut content = b"id,text\n".to_vec();
    for i in 0..30_000 {
        content.extend_from_slice(format!("{i},short\n").as_bytes());
    }
    content.extend_from_slice(b"30000,");
    content.extend(std::iter::repeat_n(b'y', 3_000_000));
    content.push(b'\n');
    let csv = write(dir.path(), "late.csv", content);
    let report = import(&ws, &csv, &ImportOptions::default()).unwrap();
    assert_eq!(report.rejected_total, 0);
    assert_eq!(report.dataset.row_count, 30_001);
    assert_eq!(
        rows(&ws, "SELECT length(text) FROM late WHERE id = 30000"),
        ["3000000"]
    );
}

#[test]
fn mixed_types_fall_back_to_text() {
    let (dir, ws) = workspace();
    let csv = write(dir.path(), "mixed.csv", "v\n1\n2\nthree\n4.5\n");
    let report = import(&ws, &csv, &ImportOptions::default()).unwrap();
    assert_eq!(report.dataset.columns[0].sql_type, "VARCHAR");
    assert_eq!(report.rejected_total, 0);
    assert_eq!(
        rows(&ws, "SELECT string_agg(v, ' ') FROM mixed"),
        ["1 2 three 4.5"]
    );
}

#[test]
fn parquet_json_and_ndjson() {
    let (dir, ws) = workspace();
    let base = dir.path().display().to_string();
    ws.query(
        &format!(
            "COPY (SELECT range AS id, 'n' || range AS label FROM range(100)) TO '{base}/points.parquet';
             COPY (SELECT range AS id, range * 2 AS twice FROM range(5)) TO '{base}/lines.ndjson' (FORMAT json);
             COPY (SELECT range AS id FROM range(3)) TO '{base}/arr.json' (FORMAT json, ARRAY true);"
        ),
        &QueryOptions::default(),
    )
    .unwrap();
    for (file, name, count) in [
        ("points.parquet", "points", "100"),
        ("lines.ndjson", "lines", "5"),
        ("arr.json", "arr", "3"),
    ] {
        let report = import(&ws, &dir.path().join(file), &ImportOptions::default()).unwrap();
        assert_eq!(report.dataset.name, name);
        assert_eq!(rows(&ws, &format!("SELECT count(*) FROM {name}")), [count]);
    }
    assert_eq!(rows(&ws, "SELECT sum(twice) FROM lines"), ["20"]);
    assert_eq!(ws.datasets().unwrap()[2].format, "parquet");
}

#[test]
fn folders_and_globs_of_same_shaped_files() {
    let (dir, ws) = workspace();
    let folder = dir.path().join("Monthly");
    fs::create_dir(&folder).unwrap();
    write(&folder, "jan.csv", "month,total\n1,10\n");
    write(&folder, "feb.csv", "month,total\n2,20\n");
    write(&folder, "notes.txt", "ignored");
    let report = import(&ws, &folder, &ImportOptions::default()).unwrap();
    assert_eq!(report.dataset.name, "monthly");
    assert_eq!(rows(&ws, "SELECT sum(total) FROM monthly"), ["30"]);

    let glob = format!("{}/*.csv", folder.display());
    let options = ImportOptions {
        name: Some("by_glob".into()),
        ..ImportOptions::default()
    };
    let report = ws
        .import(&glob, &options, &CancelToken::new(), &|_| {})
        .unwrap();
    assert_eq!(report.dataset.row_count, 2);

    write(&folder, "mar.parquet", "not really parquet");
    let error = import(&ws, &folder, &ImportOptions::default()).unwrap_err();
    assert!(
        matches!(error, EngineError::MixedFolder { .. }),
        "{error:?}"
    );

    let nothing = ws.import(
        &format!("{}/*.xyz", folder.display()),
        &ImportOptions::default(),
        &CancelToken::new(),
        &|_| {},
    );
    assert!(matches!(nothing, Err(EngineError::NoFilesMatch(_))));
}

#[test]
fn a_failed_refresh_keeps_the_previous_version() {
    let (dir, ws) = workspace();
    let good = write(dir.path(), "data.csv", "x\n1\n2\n");
    import(&ws, &good, &ImportOptions::default()).unwrap();
    let broken = write(dir.path(), "data.parquet", vec![0u8; 4096]);
    let options = ImportOptions {
        name: Some("data".into()),
        ..ImportOptions::default()
    };
    let error = import(&ws, &broken, &options).unwrap_err();
    assert!(matches!(error, EngineError::Sql { .. }), "{error:?}");
    let datasets = ws.datasets().unwrap();
    assert_eq!((datasets[0].version, datasets[0].row_count), (1, 2));
    assert_eq!(rows(&ws, "SELECT sum(x) FROM data"), ["3"]);
}

#[test]
fn cancelling_an_import_keeps_the_previous_version() {
    let (dir, ws) = workspace();
    let path = dir.path().join("big.csv");
    ws.query(
        &format!(
            "COPY (SELECT range AS id, md5(range::VARCHAR) AS h FROM range(3000000)) TO '{}'",
            path.display()
        ),
        &QueryOptions::default(),
    )
    .unwrap();
    let small = write(dir.path(), "small.csv", "id,h\n1,a\n");
    let options = ImportOptions {
        name: Some("big".into()),
        ..ImportOptions::default()
    };
    import(&ws, &small, &options).unwrap();

    let cancel = CancelToken::new();
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(150));
            cancel.cancel();
        });
        ws.import(path.to_str().unwrap(), &options, &cancel, &|_| {})
    });
    assert!(matches!(result, Err(EngineError::Cancelled)), "{result:?}");
    let datasets = ws.datasets().unwrap();
    assert_eq!((datasets[0].version, datasets[0].row_count), (1, 1));
    assert_eq!(rows(&ws, "SELECT count(*) FROM big"), ["1"]);

    // Cancelled before it starts: nothing happens either.
    let cancelled = CancelToken::new();
    cancelled.cancel();
    let result = ws.import(path.to_str().unwrap(), &options, &cancelled, &|_| {});
    assert!(matches!(result, Err(EngineError::Cancelled)));
}

#[test]
fn refresh_reports_schema_changes() {
    let (dir, ws) = workspace();
    let csv = write(dir.path(), "customers.csv", "id,name,score\n1,a,1.5\n");
    import(&ws, &csv, &ImportOptions::default()).unwrap();
    write(
        dir.path(),
        "customers.csv",
        "id,full_name,score,extra\n1,a,1.5,x\n",
    );
    let report = import(&ws, &csv, &ImportOptions::default()).unwrap();
    assert!(report.schema_change.is_breaking());
    assert_eq!(
        report.schema_change.breaking_columns().collect::<Vec<_>>(),
        ["name"]
    );
    assert!(report.schema_change.changes.contains(&ColumnChange::Added {
        column: "extra".into(),
        sql_type: "VARCHAR".into()
    }));
}

#[test]
fn a_breaking_refresh_lists_the_saved_queries_that_read_the_columns() {
    let (dir, ws) = workspace();
    let csv = write(dir.path(), "customers.csv", "id,name,score\n1,a,1.5\n");
    import(&ws, &csv, &ImportOptions::default()).unwrap();
    let saved = [
        (
            "by name",
            "SELECT c.NAME FROM main.customers AS c ORDER BY 1",
        ),
        ("ddl", "CREATE TABLE copy AS SELECT name FROM customers"),
        ("everything", "SELECT * FROM customers"),
        ("other table", "SELECT name FROM suppliers"),
        ("scores", "SELECT avg(score) FROM customers"),
    ];
    for (name, sql) in saved {
        ws.save_query(name, sql).unwrap();
    }
    let unchanged = import(&ws, &csv, &ImportOptions::default()).unwrap();
    assert!(unchanged.affected.is_empty());

    write(dir.path(), "customers.csv", "id,full_name,score\n1,a,1.5\n");
    let report = import(&ws, &csv, &ImportOptions::default()).unwrap();
    let affected: Vec<(Option<&str>, &str, Vec<&str>)> = report
        .affected
        .iter()
        .map(|a| {
            let columns = a.columns.iter().map(String::as_str).collect();
            (a.report.as_deref(), a.query.as_str(), columns)
        })
        .collect();
    assert_eq!(
        affected,
        [
            (None, "by name", vec!["name"]),
            (None, "everything", vec!["name"])
        ]
    );
}

#[test]
fn names_are_checked() {
    let (dir, ws) = workspace();
    ws.query(
        "CREATE TABLE mine AS SELECT 1 AS x",
        &QueryOptions::default(),
    )
    .unwrap();
    let csv = write(dir.path(), "x.csv", "a\n1\n");
    let taken = ImportOptions {
        name: Some("mine".into()),
        ..ImportOptions::default()
    };
    assert!(matches!(
        import(&ws, &csv, &taken),
        Err(EngineError::NameTaken { .. })
    ));
    let invalid = ImportOptions {
        name: Some("no spaces".into()),
        ..ImportOptions::default()
    };
    assert!(matches!(
        import(&ws, &csv, &invalid),
        Err(EngineError::InvalidName { .. })
    ));
    let forced = ImportOptions {
        format: Some(SourceFormat::Tsv),
        ..ImportOptions::default()
    };
    let tsv = write(dir.path(), "tabbed.txt", "a\tb\n1\t2\n");
    assert_eq!(import(&ws, &tsv, &forced).unwrap().dataset.columns.len(), 2);
}

#[test]
fn a_large_csv_import_reports_rising_progress_ending_at_one() {
    let (dir, ws) = workspace();
    let path = dir.path().join("big.csv");
    let writer = duckdb::Connection::open_in_memory().unwrap();
    writer
        .execute_batch(&format!(
            "COPY (SELECT i AS id, md5(i::VARCHAR) AS code, i * 0.5 AS amount FROM range(3000000) t(i))
               TO '{}' (HEADER)",
            path.display()
        ))
        .unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    let record = |fraction: f64| seen.lock().unwrap().push(fraction);
    let report = ws
        .import(
            path.to_str().unwrap(),
            &ImportOptions::default(),
            &CancelToken::new(),
            &record,
        )
        .unwrap();
    assert_eq!(report.dataset.row_count, 3_000_000);
    let seen = seen.into_inner().unwrap();
    assert!(seen.iter().any(|f| *f > 0.0 && *f < 1.0), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&1.0));
}
