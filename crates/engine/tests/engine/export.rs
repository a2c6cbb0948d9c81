//! Results for exporters: named parameters, streamed batches, and atomic CSV/Parquet copies.

use quarry_engine::{CancelToken, CopyFormat, EngineError, Param, QueryOptions, Workspace};

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(dir.path()).unwrap();
    ws.load_sample(5_000).unwrap();
    (dir, ws)
}

/// The first cell of an Arrow result holding one BIGINT.
fn first_i64(result: &quarry_engine::ArrowResult) -> i64 {
    result.batches[0]
        .column(0)
        .as_any()
        .downcast_ref::<duckdb::arrow::array::Int64Array>()
        .unwrap()
        .value(0)
}

fn count(ws: &Workspace, sql: &str) -> i64 {
    let result = ws.query(sql, &QueryOptions::default()).unwrap();
    result.rows[0][0].to_string().parse().unwrap()
}

#[test]
fn named_placeholders_are_listed_once_in_binding_order() {
    let (_dir, ws) = workspace();
    let names = ws
        .parameter_names(
            "SELECT count(*) FROM sales WHERE region = $region AND order_ts >= $from AND order_ts <= $to AND region <> $region",
        )
        .unwrap();
    assert_eq!(names, ["region", "from", "to"]);
}

#[test]
fn text_parameters_bind_to_date_comparisons() {
    let (_dir, ws) = workspace();
    let expected = count(
        &ws,
        "SELECT count(*) FROM sales WHERE order_ts >= TIMESTAMP '2024-03-01' AND order_ts < TIMESTAMP '2024-04-01'",
    );
    assert!(expected > 0);
    let sql = "SELECT count(*) AS n FROM sales WHERE order_ts >= $from AND order_ts < $to";
    let result = ws
        .query_arrow_sandboxed(
            sql,
            &[
                Param::Text("2024-03-01".into()),
                Param::Text("2024-04-01".into()),
            ],
            10,
            &CancelToken::new(),
        )
        .unwrap();
    let n = first_i64(&result);
    assert_eq!(n, expected);
}

#[test]
fn streaming_sees_every_row_once() {
    let (_dir, ws) = workspace();
    let (batches, rows) = ws
        .stream_sandboxed(
            "SELECT * FROM sales",
            &[],
            &CancelToken::new(),
            |schema, batches| {
                assert!(schema.field_with_name("revenue").is_ok());
                let mut seen = (0, 0u64);
                for batch in batches {
                    seen.0 += 1;
                    seen.1 += batch?.num_rows() as u64;
                }
                Ok(seen)
            },
        )
        .unwrap();
    assert_eq!(rows, 5_000);
    assert!(batches >= 2, "expected several batches, got {batches}");
}

#[test]
fn streaming_obeys_the_sandbox_and_cancel() {
    let (_dir, ws) = workspace();
    let refused = ws.stream_sandboxed(
        "SELECT * FROM read_csv('/etc/passwd')",
        &[],
        &CancelToken::new(),
        |_, _| Ok(()),
    );
    assert!(matches!(refused, Err(EngineError::NotReadOnly { .. })));
    let cancel = CancelToken::new();
    let stopped = ws.stream_sandboxed("SELECT * FROM sales", &[], &cancel, |_, batches| {
        cancel.cancel();
        for batch in batches {
            batch?;
        }
        Ok(())
    });
    assert!(
        matches!(stopped, Err(EngineError::Cancelled)),
        "{stopped:?}"
    );
}

#[test]
fn copies_write_complete_files_and_failures_leave_none() {
    let (dir, ws) = workspace();
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("east.csv");
    let rows = ws
        .copy_sandboxed_to(
            "SELECT region, revenue FROM sales WHERE region = 'Western Europe' -- trailing comment",
            CopyFormat::Csv,
            &csv,
            &CancelToken::new(),
        )
        .unwrap();
    let expected = count(
        &ws,
        "SELECT count(*) FROM sales WHERE region = 'Western Europe'",
    );
    assert_eq!(rows as i64, expected);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().next(), Some("region,revenue"));
    assert_eq!(text.lines().count() as i64, expected + 1);

    let parquet = out.path().join("all.parquet");
    ws.copy_sandboxed_to(
        "SELECT * FROM sales",
        CopyFormat::Parquet,
        &parquet,
        &CancelToken::new(),
    )
    .unwrap();
    let back = count(
        &ws,
        &format!("SELECT count(*) FROM read_parquet('{}')", parquet.display()),
    );
    assert_eq!(back, 5_000);

    let bad = out.path().join("bad.csv");
    let failed = ws.copy_sandboxed_to(
        "SELECT no_such_column FROM sales",
        CopyFormat::Csv,
        &bad,
        &CancelToken::new(),
    );
    assert!(matches!(failed, Err(EngineError::Sql { .. })), "{failed:?}");
    let escaped = ws.copy_sandboxed_to(
        &format!(
            "SELECT * FROM '{}'",
            dir.path().join("quarry.duckdb").display()
        ),
        CopyFormat::Csv,
        &bad,
        &CancelToken::new(),
    );
    assert!(matches!(escaped, Err(EngineError::NotReadOnly { .. })));
    let left: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left.len(),
        2,
        "only the two finished files remain: {left:?}"
    );
}

#[test]
fn list_parameters_bind_as_duckdb_lists() {
    let (_dir, ws) = workspace();
    let expected = count(
        &ws,
        "SELECT count(*) FROM sales WHERE region IN ('Africa', 'East Asia')",
    );
    let result = ws
        .query_arrow_sandboxed(
            "SELECT count(*) FROM sales WHERE list_contains($regions, region)",
            &[Param::List(vec![
                Param::Text("Africa".into()),
                Param::Text("East Asia".into()),
            ])],
            10,
            &CancelToken::new(),
        )
        .unwrap();
    let n = first_i64(&result);
    assert_eq!(n, expected);
}
