//! What the desktop's chart builder and report builder ask of the report crate, against a real
//! workspace: drafts become quoted SQL and render, the preview draws the PDF's shapes, filter
//! controls carry the document's parameters, and control values evaluate like typed ones.

use std::collections::BTreeMap;
use std::path::PathBuf;

use quarry_charts::{ChartKind, Theme, View};
use quarry_engine::{CancelToken, QueryOptions, Workspace};
use quarry_report::draft::{DraftAggregate, DraftSource};
use quarry_report::{
    ChartDraft, EvaluateOptions, PreviewOptions, ReportDocument, evaluate, layout,
    overrides_from_controls, parameter_controls, sheet_svg,
};
use serde_json::json;

fn root() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
}

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = Workspace::create(dir.path()).expect("workspace");
    ws.load_sample(5_000).expect("sample data");
    (dir, ws)
}

fn sample() -> ReportDocument {
    ReportDocument::load(&root().join("examples/reports/sales-overview.qreport.json"))
        .expect("sample report")
}

fn bar_draft(source: DraftSource) -> ChartDraft {
    ChartDraft {
        source,
        kind: ChartKind::Bar,
        x: Some("region".into()),
        y: Some("quantity".into()),
        series: None,
        size: None,
        aggregate: DraftAggregate::Sum,
        title: Some("Revenue by region".into()),
    }
}

fn scalar(ws: &Workspace, sql: &str) -> String {
    let page = ws.query(sql, &QueryOptions::default()).expect("query");
    format!("{:?}", page.rows[0][0])
}

#[test]
fn a_bar_draft_sums_per_category_and_marks_every_bar() {
    let (_dir, ws) = workspace();
    let draft = bar_draft(DraftSource::Dataset {
        dataset: "sales".into(),
    });
    let preview = draft
        .preview(
            &ws,
            (640.0, 360.0),
            Theme::Dark,
            "de",
            View::default(),
            &CancelToken::new(),
        )
        .expect("preview");
    assert!(preview.svg.starts_with("<svg"), "{}", &preview.svg[..80]);
    assert!(
        !preview.svg.contains("@font-face"),
        "the host page provides the font"
    );
    assert!(preview.svg.contains("Revenue by region"));
    let regions: u64 = scalar(&ws, "SELECT count(DISTINCT region) FROM sales")
        .trim_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .expect("count");
    assert_eq!(preview.hits.len() as u64, regions, "one mark per region");
    let north = preview
        .hits
        .iter()
        .find(|h| h.category == "North America")
        .expect("a bar for North America");
    let expected: f64 = scalar(
        &ws,
        "SELECT sum(quantity)::DOUBLE FROM sales WHERE region = 'North America'",
    )
    .trim_matches(|c: char| !(c.is_ascii_digit() || c == '.'))
    .parse()
    .expect("sum");
    assert!((north.value - expected).abs() < 1e-6 * expected.abs().max(1.0));
    assert!(preview.sql.contains("sum(\"quantity\")"), "{}", preview.sql);
}

#[test]
fn a_scatter_preview_zooms_to_a_view_and_reports_it() {
    let (_dir, ws) = workspace();
    let mut draft = bar_draft(DraftSource::Dataset {
        dataset: "sales".into(),
    });
    draft.kind = ChartKind::Scatter;
    draft.x = Some("unit_price".into());
    draft.y = Some("revenue".into());
    draft.aggregate = DraftAggregate::None;
    let full = draft
        .preview(
            &ws,
            (500.0, 300.0),
            Theme::Light,
            "en",
            View::default(),
            &CancelToken::new(),
        )
        .expect("preview");
    let shown = full.view.expect("a scatter is zoomable");
    assert!(full.plot.is_some());
    let view = View {
        x: Some([100.0, 200.0]),
        y: Some([0.0, 1_000.0]),
    };
    let zoomed = draft
        .preview(
            &ws,
            (500.0, 300.0),
            Theme::Light,
            "en",
            view,
            &CancelToken::new(),
        )
        .expect("zoomed preview");
    assert_eq!(zoomed.view, Some(view));
    assert_ne!(zoomed.view, Some(shown));
    let in_view = scalar(
        &ws,
        "SELECT count(*) FROM sales WHERE unit_price BETWEEN 100 AND 200 AND revenue BETWEEN 0 AND 1000",
    );
    assert_eq!(
        format!("Int({})", zoomed.hits.len()),
        in_view,
        "one mark per order in view"
    );
}

#[test]
fn names_from_the_builder_are_identifiers_never_sql() {
    let (_dir, ws) = workspace();
    let hostile = bar_draft(DraftSource::Dataset {
        dataset: "sales\"; DROP TABLE sales; --".into(),
    });
    let error = hostile
        .preview(
            &ws,
            (400.0, 300.0),
            Theme::Light,
            "en",
            View::default(),
            &CancelToken::new(),
        )
        .expect_err("no such table");
    assert!(error.to_string().contains("not a table"), "{error}");
    let mut field = bar_draft(DraftSource::Dataset {
        dataset: "sales".into(),
    });
    field.x = Some("region\" FROM sales; DELETE FROM sales; --".into());
    assert!(
        field
            .preview(
                &ws,
                (400.0, 300.0),
                Theme::Light,
                "en",
                View::default(),
                &CancelToken::new()
            )
            .is_err()
    );
    assert_eq!(
        scalar(&ws, "SELECT count(*) FROM sales"),
        "Int(5000)",
        "the table is untouched"
    );
}

#[test]
fn a_typed_query_is_a_source_and_a_missing_well_says_what_to_do() {
    let (_dir, ws) = workspace();
    let mut draft = bar_draft(DraftSource::Sql {
        sql: "SELECT region, quantity FROM sales WHERE channel = 'Online';".into(),
    });
    draft.kind = ChartKind::Line;
    draft.aggregate = DraftAggregate::Count;
    draft.y = None;
    let chart = draft.to_chart().expect("a count needs no y");
    assert!(chart.sql.contains("count(*)"), "{}", chart.sql);
    draft
        .preview(
            &ws,
            (500.0, 300.0),
            Theme::Light,
            "en",
            View::default(),
            &CancelToken::new(),
        )
        .expect("renders");
    draft.x = None;
    let error = draft.to_chart().expect_err("x is required");
    assert!(error.to_string().contains("drop a field on x"), "{error}");
}

#[test]
fn the_preview_draws_the_same_sheets_as_the_pdf() {
    let (_dir, ws) = workspace();
    let doc = sample();
    let options = EvaluateOptions {
        base_dir: root().join("examples/reports"),
        ..EvaluateOptions::default()
    };
    let report = evaluate(&ws, &doc, &options).expect("evaluate");
    let layout = layout(&report).expect("layout");
    let charts = layout
        .sheets
        .iter()
        .flat_map(|s| &s.shapes)
        .filter(|s| matches!(s, quarry_report::Shape::Chart { .. }))
        .count();
    let mut nested = 0;
    for index in 0..layout.sheets.len() {
        let svg = sheet_svg(
            &report,
            &layout,
            index,
            PreviewOptions { embed_font: false },
        )
        .expect("sheet");
        assert!(svg.contains(&format!(
            "viewBox=\"0 0 {} {}\"",
            layout.width, layout.height
        )));
        nested += svg.matches("<svg x=").count();
        if index == 0 {
            assert!(svg.contains(&doc.title), "the header names the report");
        }
    }
    assert_eq!(nested, charts, "every chart shape becomes a nested drawing");
    let last = sheet_svg(
        &report,
        &layout,
        layout.sheets.len() - 1,
        PreviewOptions { embed_font: true },
    )
    .expect("last sheet");
    assert!(
        last.contains("data:image/png;base64,"),
        "the logo is on the last sheet"
    );
    assert!(last.contains("@font-face"));
    assert!(
        sheet_svg(
            &report,
            &layout,
            layout.sheets.len(),
            PreviewOptions::default()
        )
        .is_err()
    );
}

#[test]
fn filter_controls_round_trip_into_evaluation() {
    let (_dir, ws) = workspace();
    let doc = sample();
    let controls = parameter_controls(&ws, &doc, &CancelToken::new()).expect("controls");
    let kinds: Vec<&str> = controls.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        ["date_range", "multi_select", "select", "number", "text"]
    );
    let regions = &controls[1];
    assert!(
        regions.options.contains(&"Western Europe".to_owned()),
        "{:?}",
        regions.options
    );
    assert_eq!(
        controls[0].value,
        json!({ "from": "2025-01-01", "to": "2025-06-30" })
    );

    let values: BTreeMap<String, serde_json::Value> = [
        (
            "period".to_owned(),
            json!({ "from": "2025-02-01", "to": "2025-02-28" }),
        ),
        (
            "regions".to_owned(),
            json!(["Western Europe", "Eastern Europe"]),
        ),
        ("top_n".to_owned(), json!(5)),
    ]
    .into();
    let overrides = overrides_from_controls(&values).expect("overrides");
    assert_eq!(overrides["period"], "2025-02-01..2025-02-28");
    assert_eq!(overrides["regions"], "Western Europe,Eastern Europe");
    let options = EvaluateOptions {
        parameters: overrides,
        base_dir: root().join("examples/reports"),
        ..EvaluateOptions::default()
    };
    let report = evaluate(&ws, &doc, &options).expect("evaluate with the controls' values");
    let shown: Vec<&str> = report
        .parameters
        .iter()
        .map(|p| p.display.as_str())
        .collect();
    assert!(shown.contains(&"2025-02-01 – 2025-02-28"), "{shown:?}");
    let bad =
        overrides_from_controls(&[("period".to_owned(), json!({ "from": "2025-01-01" }))].into());
    assert!(bad.expect_err("no end").to_string().contains("period"));
}

#[test]
fn a_draft_becomes_a_table_a_kpi_or_a_pivot_that_evaluates() {
    use quarry_report::resolved::Content;
    use quarry_report::{DraftBlockKind, ReportDocument};

    let (_dir, ws) = workspace();
    let mut draft = bar_draft(DraftSource::Dataset {
        dataset: "sales".into(),
    });
    draft.series = Some("channel".into());
    let kinds = [
        DraftBlockKind::Chart,
        DraftBlockKind::Table,
        DraftBlockKind::Kpi,
        DraftBlockKind::Pivot,
    ];
    let mut queries = serde_json::Map::new();
    let mut blocks = Vec::new();
    for (i, kind) in kinds.into_iter().enumerate() {
        let name = format!("q{i}");
        let made = draft.to_block(kind, &name).expect("block");
        queries.insert(name, json!({ "sql": made.sql }));
        blocks.push(serde_json::to_value(&made.block).expect("json"));
    }
    let doc = json!({ "version": 1, "title": "From the builder", "queries": queries,
                      "pages": [{ "blocks": blocks }] });
    let doc = ReportDocument::from_json(&doc.to_string()).expect("a valid document");
    let report = evaluate(&ws, &doc, &EvaluateOptions::default()).expect("evaluates");
    let contents: Vec<&Content> = report.pages[0].blocks.iter().map(|b| &b.content).collect();

    let total: f64 = scalar(&ws, "SELECT sum(quantity)::DOUBLE FROM sales")
        .trim_matches(|c: char| !(c.is_ascii_digit() || c == '.'))
        .parse()
        .expect("sum");
    let Content::Kpi(kpi) = contents[2] else {
        panic!("block 2 is a KPI");
    };
    assert_eq!(kpi.value, Some(total));
    assert!(matches!(contents[1], Content::Table(_)));
    assert!(matches!(contents[3], Content::Table(grid) if grid.pivot.is_some()));

    draft.x = None;
    let error = draft
        .to_block(DraftBlockKind::Table, "q")
        .expect_err("a table needs rows");
    assert!(error.to_string().contains("drop a field on x"), "{error}");
}
