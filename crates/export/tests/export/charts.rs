//! Native Excel charts: each spec kind with an Excel equivalent becomes `xl/charts/chart1.xml`
//! with the right chart element; the data block holds the summed, pivoted values.

use std::sync::Arc;

use crate::common::*;
use arrow_array::{ArrayRef, Date32Array, Float64Array, Int64Array, StringArray};
use calamine::{Data, DataType as _};
use quarry_charts::{ChartKind, ChartSpec};
use quarry_export::TableOptions;

/// region × channel × revenue (+ cost for combos, + a date for time axes).
fn sales() -> (arrow_schema::SchemaRef, arrow_array::RecordBatch) {
    batch(vec![
        (
            "region",
            Arc::new(StringArray::from(vec![
                "North", "South", "North", "East", "South", "North",
            ])) as ArrayRef,
        ),
        (
            "channel",
            Arc::new(StringArray::from(vec![
                "web", "web", "shop", "shop", "shop", "web",
            ])),
        ),
        (
            "revenue",
            Arc::new(Float64Array::from(vec![10.0, 20.0, 5.0, 7.0, 1.0, 2.5])),
        ),
        ("cost", Arc::new(Int64Array::from(vec![1, 2, 3, 4, 5, 6]))),
        (
            "day",
            Arc::new(Date32Array::from(vec![
                19_800, 19_790, 19_801, 19_790, 19_800, 19_802,
            ])),
        ),
    ])
}

fn spec(kind: ChartKind, x: &str, series: bool) -> ChartSpec {
    let mut json = format!(
        r#"{{"version":1,"kind":"{}","title":"Revenue","encoding":{{"x":{{"field":"{x}","title":"Region"}},"y":{{"field":"revenue","format":{{"style":"currency"}}}}"#,
        kind.name()
    );
    if series {
        json.push_str(r#","series":{"field":"channel"}"#);
    }
    if kind == ChartKind::Combo {
        json.push_str(r#","y2":{"field":"cost","title":"Cost"}"#);
    }
    if kind == ChartKind::Bubble {
        json.push_str(r#","size":{"field":"cost"}"#);
    }
    if kind == ChartKind::Heatmap {
        json = json.replace(
            r#""y":{"field":"revenue""#,
            r#""color":{"field":"revenue"},"y":{"field":"channel""#,
        );
    }
    json.push_str("}}");
    ChartSpec::from_json(&json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

/// Writes the sales table with `spec` and returns chart1.xml (if any) and the workbook path.
fn render(spec: &ChartSpec, dir: &tempfile::TempDir) -> (Option<String>, std::path::PathBuf) {
    let (schema, batch) = sales();
    let path = dir.path().join(format!("{}.xlsx", spec.kind.name()));
    let options = TableOptions {
        chart: Some(spec),
        ..Default::default()
    };
    let written = write_one(&path, "sales", &schema, vec![batch], &options);
    let names = zip_names(&path);
    let chart = names
        .iter()
        .any(|n| n == "xl/charts/chart1.xml")
        .then(|| zip_text(&path, "xl/charts/chart1.xml"));
    assert_eq!(chart.is_some(), written.chart_sheet.is_some());
    (chart, path)
}

#[test]
fn every_kind_with_an_excel_chart_gets_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: [(ChartKind, &str, bool, &[&str]); 11] = [
        (
            ChartKind::Bar,
            "region",
            false,
            &["<c:barChart>", r#"<c:barDir val="col"/>"#],
        ),
        (
            ChartKind::GroupedBar,
            "region",
            true,
            &[
                r#"<c:barDir val="col"/>"#,
                r#"<c:grouping val="clustered"/>"#,
            ],
        ),
        (
            ChartKind::StackedBar,
            "region",
            true,
            &[r#"<c:grouping val="stacked"/>"#],
        ),
        (
            ChartKind::PercentStackedBar,
            "region",
            true,
            &[r#"<c:grouping val="percentStacked"/>"#],
        ),
        (
            ChartKind::HorizontalBar,
            "region",
            false,
            &["<c:barChart>", r#"<c:barDir val="bar"/>"#],
        ),
        (
            ChartKind::Line,
            "day",
            true,
            &["<c:lineChart>", "<c:dateAx>"],
        ),
        (ChartKind::Area, "region", false, &["<c:areaChart>"]),
        (
            ChartKind::StackedArea,
            "day",
            true,
            &["<c:areaChart>", r#"<c:grouping val="stacked"/>"#],
        ),
        (ChartKind::Pie, "region", false, &["<c:pieChart>"]),
        (
            ChartKind::Donut,
            "region",
            false,
            &["<c:doughnutChart>", "<c:holeSize"],
        ),
        (ChartKind::Scatter, "cost", true, &["<c:scatterChart>"]),
    ];
    for (kind, x, series, expected) in cases {
        let (chart, _) = render(&spec(kind, x, series), &dir);
        let xml = chart.unwrap_or_else(|| panic!("{kind:?} has no chart"));
        for needle in expected {
            assert!(xml.contains(needle), "{kind:?}: no {needle} in {xml}");
        }
        assert!(xml.contains("Revenue"), "{kind:?}: the spec title");
        let series_count = xml.matches("<c:ser>").count();
        let want = if series { 2 } else { 1 };
        assert_eq!(series_count, want, "{kind:?}");
    }
}

#[test]
fn combo_has_a_line_on_a_secondary_axis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (chart, path) = render(&spec(ChartKind::Combo, "region", false), &dir);
    let xml = chart.expect("combo chart");
    assert!(
        xml.contains("<c:barChart>") && xml.contains("<c:lineChart>"),
        "{xml}"
    );
    assert_eq!(
        xml.matches("<c:valAx>").count(),
        2,
        "a secondary value axis"
    );
    assert!(
        xml.contains("Cost") && xml.contains("Region"),
        "axis titles"
    );
    let data = sheet(&path, "sales chart data");
    assert_eq!(cell(&data, 0, 2), Data::String("cost".into()));
    assert_eq!(
        number(&cell(&data, 1, 2)),
        1.0 + 3.0 + 6.0,
        "North's cost summed"
    );
}

#[test]
fn chart_data_is_summed_and_pivoted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, path) = render(&spec(ChartKind::GroupedBar, "region", true), &dir);
    let data = sheet(&path, "sales chart data");
    assert_eq!(cell(&data, 0, 0), Data::String("region".into()));
    assert_eq!(cell(&data, 0, 1), Data::String("web".into()));
    assert_eq!(cell(&data, 0, 2), Data::String("shop".into()));
    // Query order: North, South, East.
    assert_eq!(cell(&data, 1, 0), Data::String("North".into()));
    assert_eq!(number(&cell(&data, 1, 1)), 12.5);
    assert_eq!(number(&cell(&data, 1, 2)), 5.0);
    assert_eq!(cell(&data, 3, 1), Data::Empty, "East has no web sales");
    assert!(zip_text(&path, "xl/charts/chart1.xml").contains("'sales chart data'!$B$2:$B$4"));

    // Dates as categories are ordered and stay dates.
    let (_, path) = render(&spec(ChartKind::Line, "day", false), &dir);
    let data = sheet(&path, "sales chart data");
    let first = cell(&data, 1, 0);
    assert!(first.is_datetime(), "{first:?}");
    assert_eq!(
        number(&cell(&data, 1, 1)),
        27.0,
        "two rows on the earliest day"
    );
}

#[test]
fn kinds_without_an_excel_chart_get_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    for kind in [ChartKind::Heatmap, ChartKind::Bubble, ChartKind::Waterfall] {
        let (chart, path) = render(&spec(kind, "region", false), &dir);
        assert!(chart.is_none(), "{kind:?}");
        let notes = texts(&sheet(&path, "Summary"));
        assert!(
            notes
                .iter()
                .any(|t| t.contains("no native Excel equivalent")),
            "{kind:?}: {notes:?}"
        );
    }
}

#[test]
fn too_many_categories_means_no_chart_and_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = quarry_export::MAX_CATEGORIES as i64 + 1;
    let (schema, batch) = batch(vec![
        (
            "k",
            Arc::new(StringArray::from_iter_values(
                (0..n).map(|i| format!("k{i}")),
            )) as ArrayRef,
        ),
        (
            "revenue",
            Arc::new(Float64Array::from_iter_values((0..n).map(|i| i as f64))),
        ),
    ]);
    let mut s = spec(ChartKind::Bar, "k", false);
    s.title = None;
    let path = dir.path().join("many.xlsx");
    let written = write_one(
        &path,
        "many",
        &schema,
        vec![batch],
        &TableOptions {
            chart: Some(&s),
            ..Default::default()
        },
    );
    assert_eq!(written.chart_sheet, None);
    assert!(!zip_names(&path).iter().any(|n| n.starts_with("xl/charts/")));
    let notes = texts(&sheet(&path, "Summary"));
    assert!(
        notes
            .iter()
            .any(|t| t.contains("more than 1000 categories")),
        "{notes:?}"
    );

    // A spec naming a missing column is noted, not fatal.
    let mut s = spec(ChartKind::Bar, "nope", false);
    s.title = Some("Broken".into());
    let (schema, batch) = sales();
    let path = dir.path().join("broken.xlsx");
    write_one(
        &path,
        "sales",
        &schema,
        vec![batch],
        &TableOptions {
            chart: Some(&s),
            ..Default::default()
        },
    );
    let notes = texts(&sheet(&path, "Summary"));
    assert!(
        notes
            .iter()
            .any(|t| t.contains("`nope` is not in the data")),
        "{notes:?}"
    );
}

#[test]
fn chart_formats_reach_the_data_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, path) = render(&spec(ChartKind::Bar, "region", false), &dir);
    let styles = zip_text(&path, "xl/styles.xml");
    assert!(
        styles.contains(r##"formatCode="&quot;$&quot;#,##0.00""##),
        "{styles}"
    );
    let xml = zip_text(&path, "xl/charts/chart1.xml");
    assert!(
        xml.contains("&quot;$&quot;#,##0.00"),
        "value axis format: {xml}"
    );
}
