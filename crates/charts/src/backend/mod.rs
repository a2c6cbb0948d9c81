//! Writers for a [`crate::Scene`]: SVG, PDF (printpdf ops) and PNG (resvg, feature `png`).

pub mod pdf;
mod pdf_form;
#[cfg(feature = "png")]
pub mod png;
pub mod svg;

/// The font family name used in SVG output.
pub const FONT_FAMILY: &str = "Quarry Sans";
