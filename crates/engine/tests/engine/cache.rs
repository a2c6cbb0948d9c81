//! The result cache: keys that ignore layout, exact invalidation, persistence across restarts.

use std::path::Path;

use quarry_engine::import::ImportOptions;
use quarry_engine::{CacheOutcome, CancelToken, Param, QueryOptions, Workspace};

fn import(ws: &Workspace, dir: &Path, name: &str, csv: &str) {
    let path = dir.join(format!("{name}.csv"));
    std::fs::write(&path, csv).unwrap();
    ws.import(
        path.to_str().unwrap(),
        &ImportOptions::default(),
        &CancelToken::new(),
        &|_| {},
    )
    .unwrap();
}

fn run(ws: &Workspace, sql: &str) -> (String, CacheOutcome) {
    let result = ws.query(sql, &QueryOptions::default()).unwrap();
    (result.rows[0][0].to_string(), result.cache)
}

#[test]
fn layout_and_case_do_not_change_the_key_but_literals_and_params_do() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(dir.path().join("ws")).unwrap();
    import(&ws, dir.path(), "a", "x\n1\n2\n");
    assert_eq!(
        run(&ws, "SELECT sum(x) FROM a"),
        ("3".into(), CacheOutcome::Miss)
    );
    assert_eq!(
        run(&ws, "select   SUM(X)\n from A"),
        ("3".into(), CacheOutcome::MemoryHit)
    );
    assert_eq!(
        run(&ws, "SELECT sum(x) FROM a WHERE x > 1").1,
        CacheOutcome::Miss
    );

    let sandboxed = |p: i64| {
        ws.query_sandboxed(
            "SELECT count(*) FROM a WHERE x >= ?",
            &[Param::Int(p)],
            &QueryOptions::default(),
        )
        .unwrap()
    };
    assert_eq!(sandboxed(2).cache, CacheOutcome::Miss);
    assert_eq!(sandboxed(1).cache, CacheOutcome::Miss);
    let again = sandboxed(2);
    assert_eq!(
        (again.rows[0][0].to_string(), again.cache),
        ("1".into(), CacheOutcome::MemoryHit)
    );

    let bypass = ws
        .query(
            "SELECT sum(x) FROM a",
            &QueryOptions {
                use_cache: false,
                ..QueryOptions::default()
            },
        )
        .unwrap();
    assert_eq!(bypass.cache, CacheOutcome::Bypassed);
    let stats = ws.cache_stats().unwrap();
    assert_eq!((stats.memory_hits, stats.misses), (2, 4));
}

#[test]
fn refreshing_a_dataset_drops_exactly_the_entries_that_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(dir.path().join("ws")).unwrap();
    import(&ws, dir.path(), "a", "x\n1\n");
    import(&ws, dir.path(), "b", "y\n10\n");
    run(&ws, "SELECT sum(x) FROM a");
    run(&ws, "SELECT sum(y) FROM b");
    run(&ws, "SELECT sum(x + y) FROM a, b");
    assert_eq!(ws.cache_stats().unwrap().persisted_entries, 3);

    import(&ws, dir.path(), "a", "x\n5\n");
    let stats = ws.cache_stats().unwrap();
    assert_eq!(
        (stats.persisted_entries, stats.memory_entries),
        (1, 1),
        "only b's entry survives"
    );
    assert_eq!(
        run(&ws, "SELECT sum(y) FROM b"),
        ("10".into(), CacheOutcome::MemoryHit)
    );
    assert_eq!(
        run(&ws, "SELECT sum(x) FROM a"),
        ("5".into(), CacheOutcome::Miss)
    );
    assert_eq!(
        run(&ws, "SELECT sum(x + y) FROM a, b"),
        ("15".into(), CacheOutcome::Miss)
    );
}

#[test]
fn refreshing_a_dataset_drops_results_read_through_a_view_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(dir.path().join("ws")).unwrap();
    import(&ws, dir.path(), "a", "x\n1\n2\n");
    import(&ws, dir.path(), "b", "y\n10\n");
    ws.query(
        "CREATE VIEW big_a AS SELECT x FROM a WHERE x > 1",
        &QueryOptions::default(),
    )
    .unwrap();
    let through_view = "SELECT sum(x) FROM big_a";
    assert_eq!(run(&ws, through_view), ("2".into(), CacheOutcome::Miss));
    assert_eq!(
        run(&ws, through_view),
        ("2".into(), CacheOutcome::MemoryHit)
    );
    assert_eq!(
        run(&ws, "SELECT sum(y) FROM b"),
        ("10".into(), CacheOutcome::Miss)
    );

    import(&ws, dir.path(), "a", "x\n5\n7\n");
    assert_eq!(
        run(&ws, through_view),
        ("12".into(), CacheOutcome::Miss),
        "the view's result was read from the old version of a"
    );
    assert_eq!(
        run(&ws, "SELECT sum(y) FROM b"),
        ("10".into(), CacheOutcome::MemoryHit),
        "results that do not read a stay cached"
    );
}

#[test]
fn a_redefined_view_is_invalidated_by_the_dataset_it_now_reads() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(dir.path().join("ws")).unwrap();
    import(&ws, dir.path(), "a", "x\n1\n");
    import(&ws, dir.path(), "b", "x\n10\n");
    let define = |table: &str| {
        ws.query(
            &format!("CREATE OR REPLACE VIEW v AS SELECT x FROM {table}"),
            &QueryOptions::default(),
        )
        .unwrap();
    };
    let through_view = "SELECT sum(x) FROM v";
    define("a");
    assert_eq!(run(&ws, through_view), ("1".into(), CacheOutcome::Miss));
    assert_eq!(
        run(&ws, through_view),
        ("1".into(), CacheOutcome::MemoryHit)
    );

    define("b");
    assert_eq!(run(&ws, through_view), ("10".into(), CacheOutcome::Miss));
    assert_eq!(
        run(&ws, through_view),
        ("10".into(), CacheOutcome::MemoryHit)
    );
    import(&ws, dir.path(), "b", "x\n20\n");
    assert_eq!(
        run(&ws, through_view),
        ("20".into(), CacheOutcome::Miss),
        "the tables the view read before it was redefined were remembered"
    );
}

#[test]
fn editor_writes_invalidate_everything() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(dir.path()).unwrap();
    ws.query("CREATE TABLE t AS SELECT 1 AS v", &QueryOptions::default())
        .unwrap();
    assert_eq!(
        run(&ws, "SELECT sum(v) FROM t"),
        ("1".into(), CacheOutcome::Miss)
    );
    ws.query("INSERT INTO t VALUES (41)", &QueryOptions::default())
        .unwrap();
    assert_eq!(
        run(&ws, "SELECT sum(v) FROM t"),
        ("42".into(), CacheOutcome::Miss)
    );
}

#[test]
fn persisted_entries_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    {
        let ws = Workspace::create(dir.path()).unwrap();
        ws.load_sample(2_000).unwrap();
        let first = ws
            .query(
                "SELECT region, sum(revenue) AS r FROM sales GROUP BY 1 ORDER BY 1",
                &QueryOptions::default(),
            )
            .unwrap();
        assert_eq!(first.cache, CacheOutcome::Miss);
    }
    let ws = Workspace::open(dir.path()).unwrap();
    let again = ws
        .query(
            "SELECT region, sum(revenue) AS r FROM sales GROUP BY 1 ORDER BY 1",
            &QueryOptions::default(),
        )
        .unwrap();
    assert_eq!(again.cache, CacheOutcome::PersistedHit);
    assert_eq!(again.rows.len(), 8);
    assert_eq!(again.columns[1].sql_type, "DECIMAL(38,2)");
    let fresh = ws
        .query(
            "SELECT region, sum(revenue) AS r FROM sales GROUP BY 1 ORDER BY 1",
            &QueryOptions {
                use_cache: false,
                ..QueryOptions::default()
            },
        )
        .unwrap();
    assert_eq!(again.rows, fresh.rows);

    ws.clear_cache().unwrap();
    let stats = ws.cache_stats().unwrap();
    assert_eq!((stats.persisted_entries, stats.memory_entries), (0, 0));
}

#[test]
fn arrow_results_for_charts_are_sandboxed_cached_and_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(dir.path().join("ws")).unwrap();
    import(&ws, dir.path(), "m", "k,v\na,1\nb,2\na,3\n");
    let sql = "SELECT k, sum(v) AS total FROM m WHERE v >= ? GROUP BY k ORDER BY k";
    let params = [Param::Int(1)];
    let cancel = CancelToken::new();

    let first = ws
        .query_arrow_sandboxed(sql, &params, 1_000, &cancel)
        .unwrap();
    assert_eq!(first.cache, CacheOutcome::Miss);
    assert_eq!(first.rows, 2);
    let names: Vec<&str> = first
        .schema
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(names, ["k", "total"]);
    let again = ws
        .query_arrow_sandboxed(sql, &params, 1_000, &cancel)
        .unwrap();
    assert_eq!(again.cache, CacheOutcome::MemoryHit);
    assert_eq!(again.batches, first.batches);

    let too_many = ws
        .query_arrow_sandboxed("SELECT * FROM range(5000)", &[], 1_000, &cancel)
        .unwrap_err();
    assert!(
        too_many.to_string().contains("more than 1000 rows"),
        "{too_many}"
    );
    let escape = ws
        .query_arrow_sandboxed("SELECT * FROM read_csv('/etc/passwd')", &[], 10, &cancel)
        .unwrap_err();
    assert!(
        matches!(escape, quarry_engine::EngineError::NotReadOnly { .. }),
        "{escape}"
    );
}
