//! The SQL editor's surroundings in a real workspace file: history, saved queries that survive
//! reopening, completions, sorting and the status figures.

use quarry_engine::{HISTORY_LIMIT, Outcome, QueryOptions, SortOrder, Workspace};

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = Workspace::create(dir.path()).expect("workspace");
    ws.load_sample(2_000).expect("sample");
    (dir, ws)
}

#[test]
fn history_keeps_the_newest_runs_with_their_outcome() {
    let (_dir, ws) = workspace();
    ws.record_history("SELECT 1", 1.5, Outcome::Rows(1))
        .expect("record");
    ws.record_history("SELEC 1", 0.2, Outcome::Failed("syntax error".into()))
        .expect("record");
    let history = ws.history().expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].sql, "SELEC 1", "newest first");
    assert_eq!(history[0].error.as_deref(), Some("syntax error"));
    assert_eq!(history[0].rows, None);
    assert_eq!(history[1].rows, Some(1));
    for i in 0..HISTORY_LIMIT + 20 {
        ws.record_history(&format!("SELECT {i}"), 1.0, Outcome::Rows(1))
            .expect("record");
    }
    let history = ws.history().expect("history");
    assert!(
        history.len() <= HISTORY_LIMIT + 1,
        "capped: {}",
        history.len()
    );
    assert!(
        history
            .iter()
            .any(|h| h.sql == format!("SELECT {}", HISTORY_LIMIT + 19))
    );
}

#[test]
fn saved_queries_replace_by_name_and_survive_reopening() {
    let (dir, ws) = workspace();
    ws.save_query("By region", "SELECT region FROM sales")
        .expect("save");
    ws.save_query("by region", "SELECT 2")
        .expect("another name (case matters)");
    ws.save_query("By region", "SELECT region, count(*) FROM sales GROUP BY 1")
        .expect("replace");
    assert!(ws.save_query("  ", "SELECT 1").is_err(), "a name is needed");
    assert!(ws.save_query("empty", " ").is_err(), "SQL is needed");
    drop(ws);
    let ws = Workspace::open(dir.path()).expect("reopen");
    let saved = ws.saved_queries().expect("saved");
    let names: Vec<&str> = saved.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(names, ["By region", "by region"]);
    assert!(saved[0].sql.contains("count(*)"));
    ws.delete_saved_query("by region").expect("delete");
    let error = ws
        .delete_saved_query("by region")
        .expect_err("already gone");
    assert!(error.to_string().contains("no saved query"), "{error}");
}

#[test]
fn completions_sorting_sizes_and_status_describe_the_workspace() {
    let (_dir, ws) = workspace();
    let completions = ws.sql_completions().expect("completions");
    let sales = completions
        .tables
        .iter()
        .find(|t| t.name == "sales")
        .expect("sales is offered");
    assert!(sales.columns.iter().any(|c| c == "region"));
    assert!(completions.functions.iter().any(|f| f == "sum"));
    assert!(completions.functions.iter().any(|f| f == "read_parquet"));
    assert!(completions.keywords.iter().any(|k| k == "select"));

    let order = SortOrder {
        column: "n".into(),
        descending: true,
    };
    let sorted = ws
        .sorted_sql("SELECT range AS n FROM range(5);", &order)
        .expect("sortable");
    let page = ws.query(&sorted, &QueryOptions::default()).expect("runs");
    assert_eq!(format!("{:?}", page.rows[0][0]), "Int(4)");

    let sizes = ws.table_sizes().expect("sizes");
    assert!(sizes["sales"] > 0, "{sizes:?}");
    ws.query("SELECT count(*) FROM sales", &QueryOptions::default())
        .expect("miss");
    ws.query("SELECT count(*) FROM sales", &QueryOptions::default())
        .expect("hit");
    let status = ws.status().expect("status");
    assert!(status.memory_bytes > 0);
    let rate = status.cache_hit_rate.expect("lookups happened");
    assert!(rate > 0.0 && rate < 1.0, "{rate}");
}
