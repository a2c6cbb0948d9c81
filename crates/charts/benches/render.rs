//! Layout + SVG and layout + PDF ops per chart kind. Runs only with `--bench`
//! (`cargo bench -p quarry-charts --bench render`), so `cargo test` skips it.

use std::time::{Duration, Instant};

use printpdf::PdfDocument;
use quarry_charts::backend::pdf::{Placement, chart_ops};
use quarry_charts::backend::svg::SvgOptions;
use quarry_charts::{
    ChartData, ChartKind, ChartSpec, Column, PdfFonts, RenderOptions, Values, render,
};

fn spec(kind: ChartKind) -> ChartSpec {
    let x = if matches!(kind, ChartKind::Scatter | ChartKind::Bubble) {
        "n"
    } else if kind == ChartKind::Histogram {
        "y"
    } else {
        "x"
    };
    let mut json = serde_json::json!({"version": 1, "kind": kind.name(), "title": "Benchmark", "encoding": {"x": {"field": x}, "y": {"field": "y"}}});
    match kind {
        ChartKind::Heatmap => {
            json["encoding"]["y"] = serde_json::json!({"field": "s"});
            json["encoding"]["color"] = serde_json::json!({"field": "y"});
        }
        ChartKind::Combo => json["encoding"]["y2"] = serde_json::json!({"field": "n"}),
        ChartKind::Bubble => json["encoding"]["size"] = serde_json::json!({"field": "n"}),
        ChartKind::GroupedBar
        | ChartKind::StackedBar
        | ChartKind::PercentStackedBar
        | ChartKind::StackedArea => json["encoding"]["series"] = serde_json::json!({"field": "s"}),
        _ => {}
    }
    ChartSpec::from_json(&json.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn data(rows: usize, categories: usize) -> ChartData {
    let cols = vec![
        Column {
            name: "x".into(),
            values: Values::Text(
                (0..rows)
                    .map(|i| Some(format!("Category {}", i % categories)))
                    .collect(),
            ),
        },
        Column {
            name: "y".into(),
            values: Values::Number(
                (0..rows)
                    .map(|i| Some(((i * 7919) % 1000) as f64 + 10.0))
                    .collect(),
            ),
        },
        Column {
            name: "s".into(),
            values: Values::Text(
                (0..rows)
                    .map(|i| {
                        Some(
                            ["Online", "Retail", "Partner", "Direct"][(i / categories) % 4]
                                .to_string(),
                        )
                    })
                    .collect(),
            ),
        },
        Column {
            name: "n".into(),
            values: Values::Number(
                (0..rows)
                    .map(|i| Some(((i * 104_729) % 10_007) as f64))
                    .collect(),
            ),
        },
    ];
    ChartData::new(cols).unwrap_or_else(|e| panic!("{e}"))
}

fn time(mut f: impl FnMut()) -> Duration {
    for _ in 0..3 {
        f();
    }
    let n = 20;
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed() / n
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let opts = RenderOptions::default();
    let no_font = SvgOptions { embed_font: false };
    let mut doc = PdfDocument::new("bench");
    let mut fonts = PdfFonts::add_to(&mut doc).unwrap_or_else(|e| panic!("{e}"));
    let at = Placement {
        left: 36.0,
        top: 36.0,
        page_height: 842.0,
        scale: 1.0,
    };
    println!(
        "{:<22} {:>8} {:>14} {:>14}",
        "kind", "rows", "layout+SVG ms", "layout+PDF ms"
    );
    let mut cases: Vec<(ChartKind, usize, usize)> =
        ChartKind::ALL.iter().map(|&k| (k, 48, 12)).collect();
    cases.push((ChartKind::Scatter, 10_000, 12));
    cases.push((ChartKind::Line, 10_000, 10_000));
    for (kind, rows, cats) in cases {
        let (s, d) = (spec(kind), data(rows, cats));
        let svg = time(|| {
            let r = render(&s, &d, &opts).unwrap_or_else(|e| panic!("{e}"));
            std::hint::black_box(r.scene.to_svg_with(&no_font));
        });
        let pdf = time(|| {
            let r = render(&s, &d, &opts).unwrap_or_else(|e| panic!("{e}"));
            std::hint::black_box(chart_ops(&r.scene, &mut fonts, &mut doc, at));
        });
        println!(
            "{:<22} {:>8} {:>14.3} {:>14.3}",
            kind.name(),
            rows,
            svg.as_secs_f64() * 1e3,
            pdf.as_secs_f64() * 1e3
        );
    }
}
