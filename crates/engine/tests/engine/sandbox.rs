//! SQL from reports, dashboards, alerts and sync: only a single SELECT over workspace tables.

use quarry_engine::{EngineError, Param, QueryOptions, Workspace};

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(dir.path()).unwrap();
    ws.load_sample(1_000).unwrap();
    (dir, ws)
}

fn refused(ws: &Workspace, sql: &str) -> String {
    match ws.query_sandboxed(sql, &[], &QueryOptions::default()) {
        Err(error @ (EngineError::NotReadOnly { .. } | EngineError::Sql { .. })) => {
            error.to_string()
        }
        other => panic!("{sql:?} was not refused: {other:?}"),
    }
}

#[test]
fn escapes_and_writes_are_refused_with_a_clear_error() {
    let (dir, ws) = workspace();
    let outside = dir.path().join("stolen.csv");
    let cases = [
        (
            format!("COPY sales TO '{}'", outside.display()),
            "only SELECT",
        ),
        (
            "SELECT * FROM read_csv('/etc/passwd')".to_owned(),
            "read_csv() reads files",
        ),
        (
            "SELECT * FROM '/etc/passwd'".to_owned(),
            "is not a table of this workspace",
        ),
        (
            "SELECT * FROM read_text('/etc/hostname')".to_owned(),
            "read_text()",
        ),
        ("SELECT * FROM query('SELECT 1')".to_owned(), "query()"),
        (
            format!("ATTACH '{}' AS other", dir.path().join("x.db").display()),
            "only SELECT",
        ),
        ("INSTALL httpfs".to_owned(), "only SELECT"),
        ("LOAD httpfs".to_owned(), "only SELECT"),
        ("SET threads = 1".to_owned(), "only SELECT"),
        ("PRAGMA version".to_owned(), "only SELECT"),
        (
            "INSERT INTO sales SELECT * FROM sales LIMIT 1".to_owned(),
            "only SELECT",
        ),
        ("DELETE FROM sales".to_owned(), "only SELECT"),
        ("DROP TABLE sales".to_owned(), "only SELECT"),
        ("CREATE TABLE x AS SELECT 1".to_owned(), "only SELECT"),
        ("SELECT 1; DROP TABLE sales".to_owned(), "only SELECT"),
        (
            "SELECT * FROM _quarry.meta".to_owned(),
            "not a table of this workspace",
        ),
        ("SELECT nextval('s')".to_owned(), "nextval()"),
    ];
    for (sql, expected) in &cases {
        let message = refused(&ws, sql);
        assert!(message.contains(expected), "{sql:?} gave {message:?}");
    }
    assert!(!outside.exists(), "COPY must not have written a file");
    let count = ws
        .query("SELECT count(*) FROM sales", &QueryOptions::default())
        .unwrap();
    assert_eq!(count.rows[0][0].to_string(), "1000", "nothing was deleted");
}

#[test]
fn selects_over_workspace_tables_run_with_bound_parameters() {
    let (_dir, ws) = workspace();
    ws.query(
        "CREATE VIEW big AS SELECT * FROM sales WHERE revenue > 5000",
        &QueryOptions::default(),
    )
    .unwrap();
    let sql = "WITH r AS (SELECT region, revenue FROM sales WHERE quantity >= ? AND channel = ?)
               SELECT count(*) AS n FROM r JOIN (SELECT * FROM range(3)) t ON true";
    let result = ws
        .query_sandboxed(
            sql,
            &[Param::Int(10), Param::Text("Online".into())],
            &QueryOptions::default(),
        )
        .unwrap();
    let expected = ws
        .query(
            "SELECT 3 * count(*) FROM sales WHERE quantity >= 10 AND channel = 'Online'",
            &QueryOptions::default(),
        )
        .unwrap();
    assert_eq!(result.rows[0][0], expected.rows[0][0]);
    assert!(
        ws.query_sandboxed("SELECT count(*) FROM big", &[], &QueryOptions::default())
            .is_ok()
    );

    // A parameter is a value, never SQL: an injection attempt matches nothing.
    let injected = ws
        .query_sandboxed(
            "SELECT count(*) FROM sales WHERE region = ?",
            &[Param::Text("x' OR '1'='1".into())],
            &QueryOptions::default(),
        )
        .unwrap();
    assert_eq!(injected.rows[0][0].to_string(), "0");
}
