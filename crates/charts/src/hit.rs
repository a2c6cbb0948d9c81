//! The hit map returned with each render: where every mark is, for tooltips and highlighting.

use serde::Serialize;

use crate::scene::Rect;
use crate::view::View;

/// One mark on screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HitRegion {
    /// Series name (empty for a single unnamed series).
    pub series: String,
    /// Category, x value or bin.
    pub category: String,
    /// The raw value.
    pub value: f64,
    /// The value as formatted on the chart.
    pub text: String,
    /// Screen box in points.
    pub rect: Rect,
}

/// All marks of a chart plus the plot area, serializable for the UI.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HitMap {
    /// Marks in painting order (later marks are on top).
    pub regions: Vec<HitRegion>,
    /// The plot frame in points, when the chart has axes.
    pub plot: Option<Rect>,
    /// The ranges the plot frame shows, when the chart can be zoomed and panned: with `plot`, what
    /// turns a pointer position into data units for the next [`View`].
    pub view: Option<View>,
}

impl HitMap {
    /// The topmost region containing the point (in points).
    pub fn hit(&self, x: f32, y: f32) -> Option<&HitRegion> {
        self.regions.iter().rev().find(|r| {
            x >= r.rect.x && x <= r.rect.x + r.rect.w && y >= r.rect.y && y <= r.rect.y + r.rect.h
        })
    }
}
