//! Zoom and pan: a re-render with a `View` shows exactly the requested ranges, draws only what
//! they contain (so zooming in reveals detail downsampling had hidden), and reports the ranges
//! for the next pointer gesture.

use quarry_charts::{
    ChartData, ChartError, ChartSpec, Column, RenderOptions, Values, View, render,
};

const DAY: f64 = 86_400.0;
const START: f64 = 1_672_531_200.0; // 2023-01-01

fn spec(kind: &str, x: &str) -> ChartSpec {
    let json = serde_json::json!({"version": 1, "kind": kind, "title": "Zoom",
        "encoding": {"x": {"field": x}, "y": {"field": "y"}}});
    ChartSpec::from_json(&json.to_string()).expect("valid spec")
}

/// `n` daily points: `t` (time), `n` (row number), `c` (text) and a zig-zag `y`.
fn daily(n: usize) -> ChartData {
    let column = |name: &str, values| Column {
        name: name.into(),
        values,
    };
    ChartData::new(vec![
        column(
            "t",
            Values::Time((0..n).map(|i| Some(START + i as f64 * DAY)).collect()),
        ),
        column(
            "n",
            Values::Number((0..n).map(|i| Some(i as f64)).collect()),
        ),
        column(
            "c",
            Values::Text((0..n).map(|i| Some(format!("c{i}"))).collect()),
        ),
        column(
            "y",
            Values::Number((0..n).map(|i| Some(((i * 37) % 101) as f64)).collect()),
        ),
    ])
    .expect("equal columns")
}

fn with_view(view: View) -> RenderOptions {
    RenderOptions {
        view,
        ..RenderOptions::default()
    }
}

fn has_downsampling_note(svg: &str) -> bool {
    svg.contains("LTTB downsampling")
}

#[test]
fn zooming_a_long_line_shows_every_point_of_the_range() {
    let data = daily(20_000);
    let line = spec("line", "t");
    let full = render(&line, &data, &RenderOptions::default()).expect("renders");
    assert!(
        has_downsampling_note(&full.scene.to_svg()),
        "20,000 points are downsampled"
    );
    let shown = full.hit_map.view.expect("a time axis is zoomable");
    let [x0, x1] = shown.x.expect("x range");
    assert!(
        x0 <= START && x1 >= START + 19_999.0 * DAY,
        "the full view covers the data"
    );

    let range = [START + 1_000.0 * DAY, START + 1_300.0 * DAY];
    let zoomed = render(
        &line,
        &data,
        &with_view(View {
            x: Some(range),
            y: None,
        }),
    )
    .expect("renders");
    assert!(
        !has_downsampling_note(&zoomed.scene.to_svg()),
        "301 points fit the plot"
    );
    let view = zoomed.hit_map.view.expect("zoomable");
    assert_eq!(
        view.x,
        Some(range),
        "the plot spans exactly the requested range"
    );
    let plot = zoomed.hit_map.plot.expect("plot frame");
    let inside = zoomed
        .hit_map
        .regions
        .iter()
        .filter(|r| {
            let cx = r.rect.x + r.rect.w / 2.0;
            cx >= plot.x - 0.5 && cx <= plot.x + plot.w + 0.5
        })
        .count();
    assert_eq!(inside, 301, "one mark per day of the range");
    let [y0, y1] = view.y.expect("y range");
    assert!(
        y0 <= 0.0 && y1 >= 100.0,
        "y fits the visible points: {y0}..{y1}"
    );
}

#[test]
fn a_y_range_is_kept_as_given() {
    let data = daily(50);
    let y = [20.0, 60.0];
    let r = render(
        &spec("line", "n"),
        &data,
        &with_view(View {
            x: None,
            y: Some(y),
        }),
    )
    .expect("renders");
    assert_eq!(r.hit_map.view.and_then(|v| v.y), Some(y));
}

#[test]
fn a_zoomed_scatter_draws_only_the_points_in_view() {
    let data = daily(2_000);
    let view = View {
        x: Some([100.0, 199.0]),
        y: Some([10.0, 50.0]),
    };
    let r = render(&spec("scatter", "n"), &data, &with_view(view)).expect("renders");
    let expected = (100..200)
        .filter(|i| (10..=50).contains(&((i * 37) % 101)))
        .count();
    assert_eq!(r.hit_map.regions.len(), expected);
    assert_eq!(r.hit_map.view, Some(view));
}

#[test]
fn category_charts_are_not_zoomable() {
    let data = daily(12);
    let bar = spec("bar", "c");
    let plain = render(&bar, &data, &RenderOptions::default()).expect("renders");
    assert_eq!(plain.hit_map.view, None);
    let viewed = render(
        &bar,
        &data,
        &with_view(View {
            x: Some([0.0, 3.0]),
            y: None,
        }),
    )
    .expect("renders");
    assert_eq!(viewed.hit_map.regions.len(), plain.hit_map.regions.len());
}

#[test]
fn an_empty_or_reversed_range_is_refused() {
    let data = daily(10);
    for x in [[5.0, 5.0], [9.0, 1.0], [f64::NAN, 1.0]] {
        let err = render(
            &spec("line", "n"),
            &data,
            &with_view(View {
                x: Some(x),
                y: None,
            }),
        )
        .expect_err("refused");
        assert!(matches!(err, ChartError::View { axis: "x", .. }), "{err}");
    }
}
