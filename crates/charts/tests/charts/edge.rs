//! Odd data never panics: empty, single point, NULLs, negatives, equal values, 10,000
//! categories, NaN and infinities.

use quarry_charts::{ChartData, ChartKind, ChartSpec, Column, RenderOptions, Values, render};

fn spec(kind: ChartKind) -> ChartSpec {
    let x = match kind {
        ChartKind::Scatter | ChartKind::Bubble => "n",
        ChartKind::Histogram => "y",
        _ => "x",
    };
    let mut json = serde_json::json!({"version": 1, "kind": kind.name(), "title": "Édition ß Ж Ω",
        "encoding": {"x": {"field": x}, "y": {"field": "y"}}, "data_labels": true});
    let enc = &mut json["encoding"];
    match kind {
        ChartKind::Heatmap => {
            enc["y"] = serde_json::json!({"field": "s"});
            enc["color"] = serde_json::json!({"field": "y"});
        }
        ChartKind::Combo => enc["y2"] = serde_json::json!({"field": "n"}),
        ChartKind::Bubble => enc["size"] = serde_json::json!({"field": "n"}),
        ChartKind::GroupedBar
        | ChartKind::StackedBar
        | ChartKind::PercentStackedBar
        | ChartKind::StackedArea => enc["series"] = serde_json::json!({"field": "s"}),
        _ => {}
    }
    ChartSpec::from_json(&json.to_string()).expect("valid spec")
}

fn table(x: Vec<Option<String>>, y: Vec<Option<f64>>) -> ChartData {
    let n = x.len();
    let s = (0..n)
        .map(|i| Some(["Ж", "Ω"][i % 2].to_string()))
        .collect();
    let num = (0..n).map(|i| Some(i as f64)).collect();
    ChartData::new(vec![
        Column {
            name: "x".into(),
            values: Values::Text(x),
        },
        Column {
            name: "y".into(),
            values: Values::Number(y),
        },
        Column {
            name: "s".into(),
            values: Values::Text(s),
        },
        Column {
            name: "n".into(),
            values: Values::Number(num),
        },
    ])
    .expect("equal columns")
}

fn names(n: usize) -> Vec<Option<String>> {
    (0..n).map(|i| Some(format!("Catégorie {i}"))).collect()
}

fn cases() -> Vec<(&'static str, ChartData)> {
    vec![
        ("empty", table(vec![], vec![])),
        ("single", table(names(1), vec![Some(42.0)])),
        (
            "nulls",
            table(
                vec![None, Some("a".into()), Some("b".into()), None],
                vec![Some(1.0), None, Some(3.0), None],
            ),
        ),
        ("all null", table(names(3), vec![None, None, None])),
        (
            "negatives",
            table(
                names(6),
                vec![
                    Some(-5.0),
                    Some(3.0),
                    Some(-1.5),
                    Some(8.0),
                    Some(-0.25),
                    Some(2.0),
                ],
            ),
        ),
        ("equal", table(names(5), vec![Some(7.0); 5])),
        ("zeros", table(names(4), vec![Some(0.0); 4])),
        (
            "nan inf",
            table(
                names(5),
                vec![
                    Some(f64::NAN),
                    Some(f64::INFINITY),
                    Some(1.0),
                    Some(f64::NEG_INFINITY),
                    Some(2.0),
                ],
            ),
        ),
        (
            "10k categories",
            table(
                names(10_000),
                (0..10_000).map(|i| Some((i % 97) as f64)).collect(),
            ),
        ),
    ]
}

#[test]
fn odd_data_renders_for_every_kind() {
    let opts = RenderOptions {
        width: 480.0,
        height: 300.0,
        ..Default::default()
    };
    for kind in ChartKind::ALL {
        let spec = spec(kind);
        for (case, data) in cases() {
            let r = render(&spec, &data, &opts)
                .unwrap_or_else(|e| panic!("{} / {case}: {e}", kind.name()));
            let svg = r
                .scene
                .to_svg_with(&quarry_charts::backend::svg::SvgOptions { embed_font: false });
            assert!(!svg.contains("NaN"), "{} / {case}: NaN in SVG", kind.name());
            assert!(
                r.scene.texts().any(|t| t.text == "Édition ß Ж Ω"),
                "{} / {case}: title",
                kind.name()
            );
            if case == "empty" || (case == "all null" && kind != ChartKind::Combo) {
                assert!(
                    r.scene.texts().any(|t| t.text == "No data"),
                    "{} / {case}: no 'No data'",
                    kind.name()
                );
            }
        }
    }
}

#[test]
fn bad_specs_give_clear_errors() {
    let e = ChartSpec::from_json(r#"{"version":1,"kind":"bar","encoding":{"x":{"field":"a"},"y":{"field":"b"}},"colour":"red"}"#).unwrap_err();
    assert!(e.to_string().contains("unknown field `colour`"), "{e}");
    let e = ChartSpec::from_json(r#"{"version":2,"kind":"bar","encoding":{}}"#).unwrap_err();
    assert!(e.to_string().contains("version 2"), "{e}");
    let e = ChartSpec::from_json(r#"{"version":1,"kind":"sunburst","encoding":{}}"#).unwrap_err();
    assert!(e.to_string().contains("unknown variant `sunburst`"), "{e}");
    let e = ChartSpec::from_json(
        r#"{"version":1,"kind":"heatmap","encoding":{"x":{"field":"a"},"y":{"field":"b"}}}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("encoding.color"), "{e}");
    let s = ChartSpec::from_json(
        r#"{"version":1,"kind":"bar","encoding":{"x":{"field":"nope"},"y":{"field":"y"}}}"#,
    )
    .expect("valid");
    let e = render(
        &s,
        &table(names(2), vec![Some(1.0), Some(2.0)]),
        &RenderOptions::default(),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("column `nope`") && e.to_string().contains("x, y, s, n"),
        "{e}"
    );
}

#[test]
fn large_scatter_is_sampled_with_a_note() {
    let n = 60_000;
    let data = ChartData::new(vec![
        Column {
            name: "n".into(),
            values: Values::Number((0..n).map(|i| Some(i as f64)).collect()),
        },
        Column {
            name: "y".into(),
            values: Values::Number((0..n).map(|i| Some((i as f64).sin())).collect()),
        },
    ])
    .expect("equal columns");
    let r = render(&spec(ChartKind::Scatter), &data, &RenderOptions::default()).expect("renders");
    assert!(
        r.scene
            .texts()
            .any(|t| t.text.starts_with("Showing 30,000 of 60,000 points")),
        "sampling note missing"
    );
}
