//! Query results: typed cells, truncation, errors.

use quarry_engine::{
    CacheOutcome, CancelToken, Cell, ColumnKind, EngineError, QueryOptions, Workspace,
};

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let workspace = Workspace::create(dir.path()).unwrap();
    (dir, workspace)
}

#[test]
fn cells_keep_their_types() {
    let (_dir, ws) = workspace();
    let result = ws
        .query(
            "SELECT 42::INTEGER AS i, 9007199254740993::BIGINT AS big, 1.5::DOUBLE AS f,
                    12.30::DECIMAL(10,2) AS d, 'é ß Ж Ω' AS t, true AS b, NULL::INTEGER AS n,
                    DATE '2024-02-29' AS day, TIMESTAMP '2024-02-29 13:45:00' AS ts,
                    TIMESTAMP '2024-02-29 13:45:00.25' AS ts_frac, [1, 2] AS list,
                    18446744073709551615::UBIGINT AS max_u64, 'NaN'::DOUBLE AS nan",
            &QueryOptions::default(),
        )
        .unwrap();
    let kinds: Vec<ColumnKind> = result.columns.iter().map(|c| c.kind).collect();
    use ColumnKind::*;
    assert_eq!(
        kinds,
        [
            Integer, Integer, Float, Decimal, Text, Boolean, Integer, Date, Timestamp, Timestamp,
            Other, Integer, Float
        ]
    );
    assert_eq!(result.columns[3].sql_type, "DECIMAL(10,2)");
    assert_eq!(result.columns[10].sql_type, "INTEGER[]");
    let row = &result.rows[0];
    assert_eq!(row[0], Cell::Int(42));
    assert_eq!(row[1], Cell::Int(9_007_199_254_740_993));
    assert_eq!(row[2], Cell::Float(1.5));
    assert_eq!(row[3], Cell::Decimal("12.30".into()));
    assert_eq!(row[4], Cell::Text("é ß Ж Ω".into()));
    assert_eq!(row[5], Cell::Bool(true));
    assert_eq!(row[6], Cell::Null);
    assert_eq!(row[7], Cell::Text("2024-02-29".into()));
    assert_eq!(row[8], Cell::Text("2024-02-29 13:45:00".into()));
    assert_eq!(row[9], Cell::Text("2024-02-29 13:45:00.250".into()));
    assert_eq!(row[10], Cell::Text("[1, 2]".into()));
    assert_eq!(row[11], Cell::Decimal("18446744073709551615".into()));

    // JSON keeps numbers numeric where JavaScript can hold them exactly, text otherwise.
    let json = serde_json::to_value(row).unwrap();
    assert_eq!(json[0], 42);
    assert_eq!(json[1], "9007199254740993");
    assert_eq!(json[3], 12.3);
    assert_eq!(json[6], serde_json::Value::Null);
    assert_eq!(json[11], "18446744073709551615");
    assert_eq!(json[12], "nan");
}

#[test]
fn long_results_are_truncated_but_counted() {
    let (_dir, ws) = workspace();
    let result = ws
        .query(
            "SELECT range AS i FROM range(5000)",
            &QueryOptions {
                max_rows: 10,
                use_cache: false,
                ..QueryOptions::default()
            },
        )
        .unwrap();
    assert_eq!(result.rows.len(), 10);
    assert_eq!(result.total_rows, 5000);
    assert!(result.truncated);
    let firsts: Vec<Cell> = result.rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(firsts, (0..10).map(Cell::Int).collect::<Vec<_>>());

    let all = ws
        .query(
            "SELECT range FROM range(5000)",
            &QueryOptions {
                max_rows: 5000,
                use_cache: false,
                ..QueryOptions::default()
            },
        )
        .unwrap();
    assert!(!all.truncated);
    assert_eq!(all.rows.len(), 5000);
}

#[test]
fn pages_after_the_first_come_in_order_from_the_cache() {
    let (_dir, ws) = workspace();
    let sql = "SELECT range AS i FROM range(250000) ORDER BY i";
    let page = |offset: u64| {
        ws.query(
            sql,
            &QueryOptions {
                offset,
                max_rows: 100,
                use_cache: true,
            },
        )
        .unwrap()
    };
    let first = page(0);
    assert_eq!(first.cache, CacheOutcome::Miss);
    assert_eq!(first.offset, 0);
    // A page that straddles DuckDB's 2048-row vectors.
    let middle = page(204_750);
    assert_eq!(middle.cache, CacheOutcome::MemoryHit);
    assert_eq!(middle.offset, 204_750);
    assert_eq!(middle.total_rows, 250_000);
    let firsts: Vec<Cell> = middle.rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(
        firsts,
        (204_750..204_850).map(Cell::Int).collect::<Vec<_>>()
    );
    assert!(middle.truncated);

    let last = page(249_950);
    assert_eq!(last.rows.len(), 50);
    assert_eq!(last.rows[49][0], Cell::Int(249_999));
    let beyond = page(300_000);
    assert!(beyond.rows.is_empty());
    assert_eq!(beyond.offset, 250_000);
}

#[test]
fn pages_of_uncached_queries_skip_rows_without_keeping_them() {
    let (_dir, ws) = workspace();
    let result = ws
        .query(
            "SELECT range AS i FROM range(10000) ORDER BY i",
            &QueryOptions {
                offset: 4095,
                max_rows: 3,
                use_cache: false,
            },
        )
        .unwrap();
    assert_eq!(
        result.rows,
        vec![
            vec![Cell::Int(4095)],
            vec![Cell::Int(4096)],
            vec![Cell::Int(4097)]
        ]
    );
    assert_eq!(result.total_rows, 10_000);
}

#[test]
fn explain_analyze_reports_the_plan_of_a_select_only() {
    let (_dir, ws) = workspace();
    ws.query(
        "CREATE TABLE t AS SELECT range AS x FROM range(1000)",
        &QueryOptions::default(),
    )
    .unwrap();
    let plan = ws
        .explain_analyze("SELECT sum(x) FROM t WHERE x > 10", &CancelToken::new())
        .unwrap();
    assert!(plan.contains("Total Time"), "plan: {plan}");
    // The scan's operator and its measured row count (x > 10 keeps 989 of 1000).
    assert!(plan.contains("Table Scan"), "plan: {plan}");
    assert!(plan.contains("989 rows"), "plan: {plan}");

    let refused = ws
        .explain_analyze("DELETE FROM t", &CancelToken::new())
        .unwrap_err();
    assert!(
        matches!(refused, EngineError::NotReadOnly { .. }),
        "{refused}"
    );
    let count = ws
        .query("SELECT count(*) FROM t", &QueryOptions::default())
        .unwrap();
    assert_eq!(count.rows[0][0], Cell::Int(1000));
}

#[test]
fn several_statements_run_in_order_and_the_last_one_answers() {
    let (_dir, ws) = workspace();
    let result = ws
        .query(
            "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3); SELECT sum(x) FROM t",
            &QueryOptions::default(),
        )
        .unwrap();
    // sum(INTEGER) is a HUGEINT in DuckDB 2.0, which stays exact as a decimal.
    assert_eq!(result.rows, vec![vec![Cell::Decimal("6".into())]]);
}

#[test]
fn statements_without_rows_return_an_empty_result() {
    let (_dir, ws) = workspace();
    let result = ws
        .query(
            "CREATE TABLE empty_one (x INTEGER)",
            &QueryOptions::default(),
        )
        .unwrap();
    assert!(result.rows.len() <= 1, "DDL returns at most a status row");
    let empty = ws
        .query("SELECT * FROM empty_one", &QueryOptions::default())
        .unwrap();
    assert_eq!(empty.total_rows, 0);
    assert_eq!(empty.columns.len(), 1);
}

#[test]
fn sql_errors_carry_duckdbs_message() {
    let (_dir, ws) = workspace();
    let error = ws.query("SELEC 1", &QueryOptions::default()).unwrap_err();
    assert!(matches!(error, EngineError::Sql { .. }));
    assert!(error.to_string().contains("syntax error"), "{error}");

    let error = ws
        .query("SELECT * FROM no_such_table", &QueryOptions::default())
        .unwrap_err();
    assert!(error.to_string().contains("no_such_table"), "{error}");
}

#[test]
fn a_running_query_reports_duckdbs_progress() {
    let (_dir, ws) = workspace();
    let seen = std::sync::Mutex::new(Vec::new());
    let record = |fraction: f64| seen.lock().unwrap().push(fraction);
    let result = ws
        .query_with(
            "SELECT sum(a.range * b.range) FROM range(30000) a, range(30000) b",
            &QueryOptions::default(),
            &CancelToken::new(),
            &record,
        )
        .unwrap();
    assert_eq!(result.total_rows, 1);
    let seen = seen.into_inner().unwrap();
    assert!(!seen.is_empty(), "no progress was reported");
    assert!(seen.iter().all(|f| (0.0..=1.0).contains(f)), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
}

#[test]
fn cancelling_a_running_query_interrupts_it_and_caches_nothing() {
    let (_dir, ws) = workspace();
    let cancel = CancelToken::new();
    let sql = "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b";
    let result = std::thread::scope(|scope| {
        let running =
            scope.spawn(|| ws.query_with(sql, &QueryOptions::default(), &cancel, &|_| {}));
        std::thread::sleep(std::time::Duration::from_millis(300));
        cancel.cancel();
        running.join().unwrap()
    });
    assert!(matches!(result, Err(EngineError::Cancelled)), "{result:?}");
    let stats = ws.cache_stats().unwrap();
    assert_eq!((stats.memory_entries, stats.persisted_entries), (0, 0));
    let after = ws.query("SELECT 1", &QueryOptions::default()).unwrap();
    assert_eq!(after.rows[0][0].to_string(), "1");
}
