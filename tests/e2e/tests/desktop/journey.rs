//! The analyst's day in the real app: import a CSV, write a query with autocomplete, scroll a
//! ten-million-row result, build a bar chart, put it into a report and move it, preview the
//! pages, export PDF and Excel and read both back; screenshots of each screen in light, dark
//! and German.

use std::process::Command;

use quarry_e2e::{App, repo_root};

const SHOTS: &str = "docs/screenshots";

async fn shot(app: &App, name: &str) {
    app.screenshot(&repo_root().join(SHOTS).join(format!("{name}.png")))
        .await;
}

#[tokio::test(flavor = "current_thread")]
async fn e2e_analyst_journey_from_csv_to_pdf_and_excel() {
    let app = App::launch().await;
    app.wait_for("[data-testid=table-item][data-table=sales]")
        .await;

    // Import a CSV through the path field and wait for the progress to finish.
    let csv = app.data_dir().join("targets.csv");
    let mut text = String::from("region,target,month\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "Region {},{}.5,2025-{:02}-01\n",
            i % 8,
            i,
            1 + i % 12
        ));
    }
    std::fs::write(&csv, text).expect("write the CSV");
    app.fill("[data-testid=import-path]", &csv.display().to_string())
        .await;
    app.click("[data-testid=start-import]").await;
    let status = app
        .wait_for_text("[data-testid=import-status]", |s| s.starts_with("Imported"))
        .await;
    assert!(status.contains("20,000 rows"), "{status}");
    app.wait_for("[data-testid=dataset-item][data-dataset=targets]")
        .await;
    shot(&app, "sources").await;

    // A query typed with autocomplete: "reg" completes to the sales table's region column.
    app.click("[data-testid=tab-query]").await;
    let editor = app.wait_for("[data-testid=sql-editor]").await;
    let text_of_editor = "return document.querySelector('[data-testid=sql-editor]').textContent";
    // The list can also refresh as completion sources answer (after the import, the schema is
    // reloaded); Enter then lands on the text instead. Retype until the highlighted option was
    // accepted (at most three tries).
    let mut completed = false;
    for _ in 0..3 {
        editor.clear().await.expect("clear the editor");
        editor
            .send_keys("SELECT reg")
            .await
            .expect("type into the editor");
        app.wait_for_text(".cm-tooltip-autocomplete li[aria-selected=true]", |s| {
            s.starts_with("region")
        })
        .await;
        // CodeMirror ignores Enter for 75 ms after the list opens or changes (its
        // `interactionDelay`, against accidental accepts): wait as a typist would.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        editor
            .send_keys("\u{E007}")
            .await
            .expect("accept with Enter");
        let typed = app.script(text_of_editor).await;
        if typed.as_str() == Some("SELECT region") {
            completed = true;
            break;
        }
    }
    assert!(completed, "completion inserts the highlighted column");
    editor
        .send_keys(", count(*) AS orders FROM sales GROUP BY ALL ORDER BY 1")
        .await
        .expect("type the rest");
    app.click("[data-testid=run-query]").await;
    app.wait_for_text("[data-testid=query-status]", |s| s.starts_with("8 rows"))
        .await;
    shot(&app, "query").await;

    // Scroll a ten-million-row result to its end: the grid fetches the last page only.
    app.run_sql("SELECT range AS n, range % 97 AS bucket FROM range(10000000)")
        .await;
    app.wait_for_text("[data-testid=query-status]", |s| {
        s.starts_with("10,000,000 rows")
    })
    .await;
    // The status can show the new count a frame before the grid has grown its scroll space,
    // so scroll to the end again until the last row (n = 9,999,999, row 10,000,000) is drawn,
    // as a person would.
    let mut at_end = false;
    for _ in 0..40 {
        let last = app
            .script(
                "const el = document.querySelector('[data-testid=result-table]').closest('.grid-viewport');
                 el.scrollTop = el.scrollHeight;
                 return document.querySelector('[data-testid=result-table] tbody').textContent;",
            )
            .await;
        if last.as_str().is_some_and(|t| t.contains("10,000,000")) {
            at_end = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(at_end, "scrolling to the end shows the last row");
    app.wait_for_text("[data-testid=result-table] tbody", |s| {
        s.contains("9,999,999")
    })
    .await;
    let rows = app.count("[data-testid=result-table] tbody tr").await;
    assert!(rows < 500, "only visible rows are in the page: {rows}");

    // A report to put the chart into.
    app.click("[data-testid=tab-report]").await;
    app.fill("[data-testid=report-title-input]", "Journey")
        .await;
    app.click("[data-testid=report-new]").await;
    app.wait_for("[data-testid=report-item][data-report=Journey]")
        .await;

    // A bar chart of quantity by region, previewed by the chart engine.
    app.click("[data-testid=tab-chart]").await;
    app.select("[data-testid=chart-source]", "sales").await;
    app.select("[data-testid=chart-kind]", "bar").await;
    app.select("[data-testid=chart-x]", "region").await;
    app.select("[data-testid=chart-y]", "quantity").await;
    app.select("[data-testid=chart-aggregate]", "sum").await;
    app.wait_for_text("[data-testid=chart-preview] svg", |s| {
        s.contains("North America")
    })
    .await;
    let bars = app
        .script("return document.querySelectorAll('[data-testid=chart-preview] svg path, [data-testid=chart-preview] svg rect').length")
        .await;
    assert!(bars.as_u64().unwrap_or(0) > 8, "bars drawn: {bars}");
    shot(&app, "chart-builder").await;
    let journey = app
        .data_dir()
        .join("workspaces/sample/reports/journey.qreport.json");
    app.select("[data-testid=chart-report]", &journey.display().to_string())
        .await;
    app.click("[data-testid=chart-add-to-report]").await;
    app.wait_for_attr("[data-testid=chart-add-status]", "data-state", |s| {
        s == "added"
    })
    .await;
    // The same draft as a KPI tile: the total of the measure.
    app.select("[data-testid=chart-add-as]", "kpi").await;
    app.click("[data-testid=chart-add-to-report]").await;
    file_shows(&journey, "the KPI", |json| json.contains("\"kpi\"")).await;

    // A scatter of price against revenue zooms from the keyboard (a re-render with new ranges:
    // the axis labels change) and "0" shows all the data again.
    app.select("[data-testid=chart-kind]", "scatter").await;
    app.select("[data-testid=chart-x]", "unit_price").await;
    app.select("[data-testid=chart-y]", "revenue").await;
    app.select("[data-testid=chart-aggregate]", "none").await;
    let preview = app
        .wait_for("[data-testid=chart-preview][tabindex='0']")
        .await;
    let chart = "[data-testid=chart-preview] svg";
    let whole = app.wait_for_text(chart, |s| s.contains("unit_price")).await;
    preview.click().await.expect("focus the preview");
    preview.send_keys("++").await.expect("zoom in twice");
    app.wait_for("[data-testid=chart-zoom-reset]").await;
    app.wait_for_text(chart, |s| s != whole).await;
    shot(&app, "chart-zoomed").await;
    preview.send_keys("0").await.expect("reset the zoom");
    app.wait_for_text(chart, |s| s == whole).await;
    assert_eq!(app.count("[data-testid=chart-zoom-reset]").await, 0);

    // The report holds chart and KPI side by side; a heading added below moves to the top with
    // Alt+Up, which changes where the PDF puts it.
    app.click("[data-testid=tab-report]").await;
    app.click("[data-testid=report-item][data-report=Journey]")
        .await;
    app.wait_for("[data-testid=report-tile][data-type=kpi]")
        .await;
    app.click("[data-testid=report-add-heading]").await;
    let heading = "[data-testid=report-tile][data-type=heading]";
    let below = app.wait_for_attr(heading, "data-y", |y| y != "0").await;
    let tile = app.wait_for(heading).await;
    tile.click().await.expect("focus the heading tile");
    tile.send_keys("\u{E00A}\u{E013}")
        .await
        .expect("Alt+Up moves the tile up");
    app.wait_for_attr(heading, "data-y", |y| y == "0").await;
    let chart_y = app
        .wait_for_attr(
            "[data-testid=report-tile][data-type=chart]",
            "data-y",
            |y| y != "0",
        )
        .await;
    assert_ne!(below, "0");
    assert_ne!(chart_y, "0", "the chart moved down below the heading");
    shot(&app, "report-builder").await;

    // Pages: a new page, renamed and moved first, reaches the file; deleted, it is gone again.
    app.click("[data-testid=report-add-page]").await;
    app.wait_for("[data-testid=report-page][data-page='1'][aria-selected=true]")
        .await;
    app.click("[data-testid=page-rename]").await;
    let title = app.wait_for("[data-testid=page-title-input]").await;
    title
        .send_keys("Appendix\u{E007}")
        .await
        .expect("type the page title");
    app.click("[data-testid=page-move-left]").await;
    app.wait_for_text("[data-testid=report-page][data-page='0']", |s| {
        s == "Appendix"
    })
    .await;
    file_shows(&journey, "the renamed page", |json| {
        matches!(
            (json.find("\"Appendix\""), json.find("\"heading\"")),
            (Some(page), Some(heading)) if page < heading
        )
    })
    .await;
    app.click("[data-testid=page-delete]").await;
    file_shows(&journey, "the page deletion", |json| {
        !json.contains("Appendix")
    })
    .await;
    app.wait_for("[data-testid=report-tile][data-type=kpi]")
        .await;

    app.click("[data-testid=report-preview-tab]").await;
    app.wait_for("[data-testid=preview-sheet] svg").await;
    shot(&app, "report-preview").await;

    // Export to PDF and Excel; both files exist and parse.
    for (format, file) in [("pdf", "journey.pdf"), ("xlsx", "journey.xlsx")] {
        let out = app.data_dir().join(file);
        app.click("[data-testid=export-open]").await;
        app.select("[data-testid=export-format]", format).await;
        app.fill("[data-testid=export-path]", &out.display().to_string())
            .await;
        if format == "pdf" {
            shot(&app, "export").await;
        }
        app.click("[data-testid=export-start]").await;
        let written = app
            .wait_for_attr("[data-testid=export-done]", "data-path", |p| !p.is_empty())
            .await;
        assert_eq!(written, out.display().to_string());
        let bytes = std::fs::read(&out).expect("the export exists");
        match format {
            "pdf" => {
                assert!(bytes.starts_with(b"%PDF-"));
                let text = Command::new("pdftotext")
                    .arg(&out)
                    .arg("-")
                    .output()
                    .expect("pdftotext (poppler-utils)");
                let text = String::from_utf8_lossy(&text.stdout);
                assert!(text.contains("Journey"), "{text}");
                assert!(text.contains("Africa"), "{text}");
                assert!(text.contains("quantity (sum)"), "the KPI's label: {text}");
            }
            _ => {
                use calamine::Reader as _;
                let workbook = calamine::open_workbook_auto(&out).expect("the workbook opens");
                let sheets = workbook.sheet_names();
                assert!(sheets.iter().any(|s| s == "Summary"), "{sheets:?}");
                assert!(
                    sheets.len() >= 2,
                    "a sheet for the chart's data: {sheets:?}"
                );
            }
        }
        app.click("[data-testid=export-close]").await;
    }

    // Every screen in the dark theme, then the German UI.
    app.select("[data-testid=theme-select]", "dark").await;
    app.wait_for("html[data-theme=dark]").await;
    app.wait_for("[data-testid=preview-sheet] svg").await;
    shot(&app, "report-preview-dark").await;
    app.click("[data-testid=export-open]").await;
    app.wait_for("[data-testid=export-dialog]").await;
    shot(&app, "export-dark").await;
    app.click("[data-testid=export-close]").await;
    app.click("[data-testid=report-builder-tab]").await;
    app.wait_for("[data-testid=report-tile][data-type=kpi]")
        .await;
    shot(&app, "report-builder-dark").await;
    app.click("[data-testid=tab-chart]").await;
    shot(&app, "chart-builder-dark").await;
    app.click("[data-testid=tab-query]").await;
    shot(&app, "query-dark").await;
    app.select("[data-testid=language-select]", "de").await;
    app.wait_for("html[lang=de]").await;
    app.select("[data-testid=theme-select]", "light").await;
    app.wait_for("html[data-theme=light]").await;
    shot(&app, "query-de").await;
    app.click("[data-testid=tab-report]").await;
    app.wait_for("[data-testid=report-tile][data-type=kpi]")
        .await;
    shot(&app, "report-builder-de").await;

    app.close().await;
}

/// Waits until the report file at `path` satisfies `holds` (the builder autosaves).
async fn file_shows(path: &std::path::Path, what: &str, holds: impl Fn(&str) -> bool) {
    let deadline = std::time::Instant::now() + quarry_e2e::UI_TIMEOUT;
    while !std::fs::read_to_string(path).is_ok_and(|json| holds(&json)) {
        assert!(
            std::time::Instant::now() < deadline,
            "{what} never reached the report file"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
