//! Image blocks: PNG files decoded to RGB (transparency blended onto white paper).

use std::io::Cursor;
use std::path::Path;

use crate::error::{ReportError, Result};
use crate::resolved::Image;

/// Largest picture accepted, in pixels.
const MAX_PIXELS: u64 = 40_000_000;

/// Reads and decodes the PNG at `path`.
pub fn load(place: &str, path: &Path, caption: Option<String>) -> Result<Image> {
    let fail = |message: String| ReportError::Image {
        place: place.to_owned(),
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(fail("only PNG pictures are supported".to_owned()));
    }
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| fail(e.to_string()))?;
    let size = reader
        .output_buffer_size()
        .filter(|&n| n as u64 <= MAX_PIXELS * 4)
        .ok_or_else(|| fail("the picture is too large".to_owned()))?;
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| fail(e.to_string()))?;
    let pixels = &buf[..info.buffer_size()];
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err(fail("unexpected indexed colours".to_owned())),
    };
    let blend =
        |c: u8, a: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
    let rgb = pixels
        .chunks_exact(channels)
        .flat_map(|p| match p {
            [g] => [*g, *g, *g],
            [g, a] => [blend(*g, *a); 3],
            [r, g, b] => [*r, *g, *b],
            [r, g, b, a] => [blend(*r, *a), blend(*g, *a), blend(*b, *a)],
            _ => [255, 255, 255],
        })
        .collect();
    Ok(Image {
        width: info.width,
        height: info.height,
        rgb,
        caption,
    })
}
