//! The first launch: the sample workspace appears, queries run, errors are shown, the engine's
//! settings change from the status bar.

use quarry_e2e::{App, repo_root};

#[tokio::test(flavor = "current_thread")]
async fn e2e_first_run_lists_sample_and_runs_queries() {
    let app = App::launch().await;

    // The window is Quarry's and the sidebar lists the generated sample table.
    assert_eq!(app.client.title().await.expect("title"), "Quarry");
    let sales = app
        .wait_for("[data-testid=table-item][data-table=sales]")
        .await;
    let listed = sales.text().await.expect("sales item text");
    assert!(listed.contains("100,000 rows"), "sidebar shows {listed:?}");
    assert!(
        app.data_dir()
            .join("workspaces/sample/quarry.duckdb")
            .is_file(),
        "the sample workspace lives in the data directory"
    );

    // The sample query runs by itself on first launch: one row per region.
    let status = app
        .wait_for_text("[data-testid=query-status]", |s| s.contains("rows"))
        .await;
    assert!(status.starts_with("8 rows"), "status is {status:?}");
    app.wait_for_text("[data-testid=result-table] tbody td", |s| {
        s == "North America"
    })
    .await;
    app.screenshot(&repo_root().join("docs/screenshots/first-run.png"))
        .await;

    // A count over the whole table matches the sample's size.
    app.run_sql("SELECT count(*) AS n FROM sales").await;
    app.wait_for_text("[data-testid=query-status]", |s| s.starts_with("1 row"))
        .await;
    let count = app
        .wait_for_text("[data-testid=result-table] tbody td", |s| !s.is_empty())
        .await;
    assert_eq!(count, "100,000");

    // Bad SQL shows DuckDB's message instead of a result.
    app.run_sql("SELECT FROM WHERE").await;
    let error = app
        .wait_for_text("[data-testid=query-error]", |s| !s.is_empty())
        .await;
    assert!(error.contains("syntax error"), "error shown: {error:?}");

    // The engine settings, opened from the status bar: a wrong value is refused with the
    // engine's reason, a right one reaches DuckDB.
    app.click("[data-testid=engine-settings-open]").await;
    app.wait_for("[data-testid=settings-dialog]").await;
    app.fill("[data-testid=settings-memoryLimit]", "lots").await;
    app.click("[data-testid=settings-save]").await;
    let refused = app
        .wait_for_text("[data-testid=settings-error]", |s| !s.is_empty())
        .await;
    assert!(refused.contains("memory_limit"), "{refused}");
    app.fill("[data-testid=settings-memoryLimit]", "1GiB").await;
    app.fill("[data-testid=settings-threads]", "1").await;
    app.click("[data-testid=settings-save]").await;
    app.run_sql(
        "SELECT current_setting('threads') || ' / ' || current_setting('memory_limit') AS s",
    )
    .await;
    let applied = app
        .wait_for_text("[data-testid=result-table] tbody td", |s| s.contains('/'))
        .await;
    assert_eq!(applied, "1 / 1.0 GiB");

    app.close().await;
}
