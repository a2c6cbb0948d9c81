//! Importing a file by path, with its rejected rows reported, and cancelling a long query.

use quarry_e2e::{App, repo_root};

#[tokio::test(flavor = "current_thread")]
async fn e2e_import_by_path_lists_the_dataset_and_a_long_query_cancels() {
    let app = App::launch().await;
    app.wait_for("[data-testid=table-item][data-table=sales]")
        .await;

    // A CSV with a row that has one field too many: imported, the bad line reported, the table listed.
    let csv = app.data_dir().join("orders.csv");
    std::fs::write(
        &csv,
        "id,amount,city\n1,10.5,Berlin\n2,3.5,Köln,extra\n3,7.25,München\n",
    )
    .expect("write the CSV");
    let path = app.wait_for("[data-testid=import-path]").await;
    path.send_keys(&csv.display().to_string())
        .await
        .expect("type the path");
    app.wait_for("[data-testid=start-import]:not([disabled])")
        .await
        .click()
        .await
        .expect("click Import");
    let status = app
        .wait_for_text("[data-testid=import-status]", |s| s.starts_with("Imported"))
        .await;
    assert_eq!(status, "Imported orders: 2 rows, 1 row rejected");
    app.wait_for_text("[data-testid=table-item][data-table=orders]", |s| {
        s.contains("2 rows")
    })
    .await;
    app.screenshot(&repo_root().join("docs/screenshots/import.png"))
        .await;

    // A query that would run for minutes stops at Cancel and says so.
    app.run_sql("SELECT count(*) FROM range(1000000000000) a WHERE a.range % 7 = 3")
        .await;
    app.wait_for("[data-testid=cancel-query]")
        .await
        .click()
        .await
        .expect("click Cancel");
    let error = app
        .wait_for_text("[data-testid=query-error]", |s| !s.is_empty())
        .await;
    assert!(
        error.to_lowercase().contains("cancel"),
        "error shown: {error:?}"
    );

    app.close().await;
}
