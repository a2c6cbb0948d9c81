//! PNG through resvg, with the bundled font so text matches SVG and PDF.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::error::{ChartError, Result};
use crate::scene::Scene;

fn options() -> &'static usvg::Options<'static> {
    static OPTS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(crate::FONT_REGULAR.to_vec());
        db.load_font_data(crate::FONT_BOLD.to_vec());
        db.set_sans_serif_family("Noto Sans");
        usvg::Options {
            fontdb: Arc::new(db),
            font_family: "Noto Sans".into(),
            ..Default::default()
        }
    })
}

/// Rasterizes the scene; `scale` 2.0 gives a 2× (retina) image.
pub fn to_png(scene: &Scene, scale: f32) -> Result<Vec<u8>> {
    let svg = scene.to_svg_with(&crate::backend::svg::SvgOptions { embed_font: false });
    let svg = svg.replacen(
        &format!("font-family=\"{}, sans-serif\"", super::FONT_FAMILY),
        "font-family=\"Noto Sans\"",
        1,
    );
    let tree = usvg::Tree::from_str(&svg, options()).map_err(|e| ChartError::Png(e.to_string()))?;
    let scale = if scale.is_finite() {
        scale.clamp(0.1, 8.0)
    } else {
        1.0
    };
    let (w, h) = (
        (scene.width * scale).ceil() as u32,
        (scene.height * scale).ceil() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w.max(1), h.max(1))
        .ok_or_else(|| ChartError::Png(format!("cannot allocate a {w}x{h} image")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ChartError::Png(e.to_string()))
}

impl Scene {
    /// PNG at `scale` × the scene size.
    pub fn to_png(&self, scale: f32) -> Result<Vec<u8>> {
        to_png(self, scale)
    }
}
