//! Quarry's chart engine: one [`ChartSpec`] laid out headless by egui + egui_plot into a
//! [`Scene`], which writes SVG (screen), PDF (print) and PNG (thumbnails) with the same glyph
//! positions and the same bundled font.
//!
//! ```no_run
//! # fn main() -> Result<(), quarry_charts::ChartError> {
//! use quarry_charts::{ChartData, ChartSpec, RenderOptions, render};
//! let spec = ChartSpec::from_json(r#"{"version":1,"kind":"bar","encoding":{"x":{"field":"region"},"y":{"field":"revenue"}}}"#)?;
//! let data = ChartData::default();
//! let out = render(&spec, &data, &RenderOptions::default())?;
//! let svg = out.scene.to_svg();
//! # let _ = svg; Ok(()) }
//! ```

pub mod backend;
pub mod data;
pub mod error;
pub mod format;
pub mod hit;
mod layout;
pub mod model;
pub mod scene;
pub mod spec;
pub mod theme;
pub mod ticks;
pub mod view;

pub use backend::pdf::{PdfFonts, chart_ops, to_pdf};
pub use data::{ChartData, Column, Values};
pub use error::{ChartError, Result};
pub use format::{Locale, NumberFormat, NumberStyle};
pub use hit::{HitMap, HitRegion};
pub use layout::{FONT_BOLD, FONT_REGULAR};
pub use scene::Scene;
pub use spec::{Channel, ChartKind, ChartSpec, Encodings, LegendPosition, SPEC_VERSION, Theme};
pub use view::View;

/// Size and look of one render.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderOptions {
    /// Width in points (CSS px).
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// Overrides the spec's theme.
    pub theme: Option<Theme>,
    /// Layout resolution; 4 keeps glyph positions precise enough for print.
    pub pixels_per_point: f32,
    /// Zoomed or panned ranges; the default fits the data.
    pub view: View,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            width: 720.0,
            height: 420.0,
            theme: None,
            pixels_per_point: 4.0,
            view: View::default(),
        }
    }
}

/// A laid-out chart and where its marks are.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The drawing, for any backend.
    pub scene: Scene,
    /// Marks with their screen boxes, for tooltips and highlighting.
    pub hit_map: HitMap,
}

/// Lays out `spec` over `data`. Never panics on odd data: empty input gives a "No data" chart.
pub fn render(spec: &ChartSpec, data: &ChartData, opts: &RenderOptions) -> Result<Rendered> {
    layout::render(spec, data, opts)
}
