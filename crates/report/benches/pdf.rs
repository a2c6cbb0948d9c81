//! `make bench`: the PDF of the reference dashboard (the eight tiles of the engine's
//! `dashboard.sql` over the 10M-row sample) repeated as 20 sections. Reports the query time and,
//! separately, the time beyond the queries (layout + chart drawing + PDF writing): target ≤ 1 s.
//!
//! `QUARRY_BENCH_ROWS` (default 10,000,000) and `QUARRY_BENCH_RUNS` (default 3) change the size.

use std::time::{Duration, Instant};

use quarry_engine::Workspace;
use quarry_report::{EvaluateOptions, ReportDocument, evaluate, layout, write_pdf};

const SECTIONS: usize = 20;

/// The eight tiles as report blocks, one section per page.
fn dashboard() -> ReportDocument {
    let tiles = quarry_engine::split_statements(quarry_engine::DASHBOARD_SQL);
    let queries: Vec<String> = [
        "kpis",
        "month",
        "region",
        "category_channel",
        "products",
        "scatter",
        "histogram",
        "customers",
    ]
    .iter()
    .zip(&tiles)
    .map(|(name, sql)| {
        format!(
            "{name:?}: {{\"sql\": {}}}",
            serde_json::to_string(sql.trim().trim_end_matches(';')).unwrap_or_default()
        )
    })
    .collect();
    let chart = |query: &str, kind: &str, x: &str, y: &str, series: Option<&str>, width: u8| {
        let series = series.map_or(String::new(), |s| {
            format!(r#", "series": {{"field": "{s}"}}"#)
        });
        format!(
            r#"{{"type": "chart", "query": "{query}", "layout": {{"width": {width}, "height": 11}},
               "chart": {{"version": 1, "kind": "{kind}", "title": "{query}",
                          "encoding": {{"x": {{"field": "{x}"}}, "y": {{"field": "{y}"}}{series}}}}}}}"#
        )
    };
    let kpi = |label: &str, value: &str| {
        format!(
            r#"{{"type": "kpi", "label": "{label}", "query": "kpis", "value": "{value}", "layout": {{"width": 3}}}}"#
        )
    };
    let blocks = [
        kpi("Revenue", "revenue"),
        kpi("Orders", "orders"),
        kpi("Average order", "avg_order_value"),
        kpi("Customers", "customers"),
        chart("month", "line", "month", "revenue", None, 12),
        chart("region", "bar", "region", "revenue", None, 6),
        chart(
            "category_channel",
            "stacked_bar",
            "category",
            "revenue",
            Some("channel"),
            6,
        ),
        chart("products", "horizontal_bar", "product", "revenue", None, 6),
        chart("scatter", "scatter", "quantity", "revenue", None, 6),
        chart("histogram", "bar", "bucket", "orders", None, 12),
        r#"{"type": "table", "query": "customers", "title": "Top customers"}"#.to_owned(),
    ]
    .join(",");
    let pages: Vec<String> = (1..=SECTIONS)
        .map(|i| format!(r#"{{"title": "Section {i}", "blocks": [{blocks}]}}"#))
        .collect();
    let json = format!(
        r#"{{"version": 1, "title": "Reference dashboard", "queries": {{{}}}, "pages": [{}]}}"#,
        queries.join(","),
        pages.join(",")
    );
    ReportDocument::from_json(&json).expect("the benchmark's report is valid")
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rows: u64 = std::env::var("QUARRY_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let runs: usize = std::env::var("QUARRY_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let dir = tempfile::tempdir().expect("temporary directory");
    let ws = Workspace::create(dir.path()).expect("workspace");
    ws.load_sample(rows).expect("sample");
    let doc = dashboard();
    let options = EvaluateOptions::default();

    let started = Instant::now();
    let report = evaluate(&ws, &doc, &options).expect("evaluate");
    let queries_cold = started.elapsed();

    let mut beyond = Vec::new();
    let mut pages = 0;
    let mut bytes = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let report = evaluate(&ws, &doc, &options).expect("evaluate (cached)");
        let queries = started.elapsed();
        let started = Instant::now();
        let layout = layout(&report).expect("layout");
        let pdf = write_pdf(&report, &layout, &Default::default(), &|_, _| {}).expect("pdf");
        beyond.push(started.elapsed());
        pages = layout.sheets.len();
        bytes = pdf.len();
        println!(
            "run: queries (cached) {:.0} ms, layout + charts + PDF {:.0} ms",
            ms(queries),
            ms(*beyond.last().unwrap_or(&Duration::ZERO))
        );
    }
    beyond.sort();
    let median = beyond[beyond.len() / 2];
    drop(report);
    println!(
        "report_pdf rows={rows} sections={SECTIONS} pages={pages} size={:.1} MB",
        bytes as f64 / 1e6
    );
    println!("  queries, cold cache: {:.0} ms", ms(queries_cold));
    println!(
        "  beyond the queries (median of {runs}): {:.0} ms (target <= 1000 ms)",
        ms(median)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
