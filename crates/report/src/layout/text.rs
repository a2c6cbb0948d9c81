//! Measuring and wrapping text with the font the PDF embeds (the charts' Noto Sans), so that
//! what the layout measures is exactly what the page shows.

use std::collections::HashMap;

use printpdf::ParsedFont;

use crate::error::{ReportError, Result};

/// The regular and bold faces with a cache of advance widths.
pub struct Fonts {
    faces: [ParsedFont; 2],
    units_per_em: [f32; 2],
    widths: HashMap<(char, bool), f32>,
}

impl Fonts {
    /// Parses the bundled faces.
    pub fn new() -> Result<Self> {
        let parse = |bytes: &[u8]| {
            let mut warnings = Vec::new();
            ParsedFont::from_bytes(bytes, 0, &mut warnings)
                .ok_or_else(|| ReportError::Pdf("the bundled font cannot be read".into()))
        };
        let regular = parse(quarry_charts::FONT_REGULAR)?;
        let bold = parse(quarry_charts::FONT_BOLD)?;
        let units_per_em = [
            f32::from(regular.units_per_em.max(1)),
            f32::from(bold.units_per_em.max(1)),
        ];
        Ok(Self {
            faces: [regular, bold],
            units_per_em,
            widths: HashMap::new(),
        })
    }

    /// Width of `text` at `size` pt.
    pub fn width(&mut self, text: &str, size: f32, bold: bool) -> f32 {
        text.chars().map(|c| self.advance(c, bold)).sum::<f32>() * size
    }

    /// Advance of one character at 1 pt.
    fn advance(&mut self, c: char, bold: bool) -> f32 {
        if let Some(w) = self.widths.get(&(c, bold)) {
            return *w;
        }
        let i = usize::from(bold);
        let face = &self.faces[i];
        let w = face
            .lookup_glyph_index(c as u32)
            .or_else(|| face.lookup_glyph_index('?' as u32))
            .and_then(|g| face.get_glyph_width(g))
            .map_or(0.5, |w| f32::from(w) / self.units_per_em[i]);
        self.widths.insert((c, bold), w);
        w
    }

    /// Breaks `text` into lines no wider than `max` pt, at spaces where possible.
    pub fn wrap(&mut self, text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut width = 0.0;
            let space = self.advance(' ', bold) * size;
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let w = self.width(word, size, bold);
                let needed = if line.is_empty() {
                    w
                } else {
                    width + space + w
                };
                if needed <= max || line.is_empty() && w <= max {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    width = needed;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if w <= max {
                    line.push_str(word);
                    width = w;
                    continue;
                }
                // A word wider than the line: break it between characters.
                width = 0.0;
                for c in word.chars() {
                    let cw = self.advance(c, bold) * size;
                    if width + cw > max && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        width = 0.0;
                    }
                    line.push(c);
                    width += cw;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// `text` cut to fit `max` pt, ending in `…` when it had to be cut.
    pub fn truncate(&mut self, text: &str, size: f32, bold: bool, max: f32) -> String {
        if self.width(text, size, bold) <= max {
            return text.to_owned();
        }
        let ellipsis = self.advance('…', bold) * size;
        let mut out = String::new();
        let mut width = 0.0;
        for c in text.chars() {
            let cw = self.advance(c, bold) * size;
            if width + cw + ellipsis > max {
                break;
            }
            out.push(c);
            width += cw;
        }
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let mut fonts = Fonts::new().unwrap();
        let text = "Quarry lays out report text with the same font the PDF embeds, Grüße Ωmega Жж, and a verylongwordthatcannotfitonasinglelineatall.";
        let lines = fonts.wrap(text, 10.0, false, 120.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(fonts.width(line, 10.0, false) <= 120.0 + 0.01, "{line}");
        }
        let rejoined: String = lines
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(rejoined, original);
    }

    #[test]
    fn bold_is_wider_and_truncation_fits() {
        let mut fonts = Fonts::new().unwrap();
        assert!(fonts.width("Revenue", 10.0, true) > fonts.width("Revenue", 10.0, false));
        let cut = fonts.truncate("Western Europe and the Middle East", 9.0, false, 60.0);
        assert!(cut.ends_with('…'));
        assert!(fonts.width(&cut, 9.0, false) <= 60.0);
    }
}
