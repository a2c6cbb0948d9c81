//! Colours of the light and dark themes and the series palette.

use egui::Color32;

use crate::spec::Theme;

/// Resolved colours for one render.
#[derive(Debug, Clone)]
pub struct Colors {
    /// Chart background.
    pub background: Color32,
    /// Titles and legend text.
    pub text: Color32,
    /// Tick labels, subtitles and notes.
    pub muted: Color32,
    /// Grid lines.
    pub grid: Color32,
    /// Axis base lines.
    pub axis: Color32,
    /// Series colours.
    pub palette: Vec<Color32>,
    /// Low and high end of the heatmap scale.
    pub scale: [Color32; 2],
    /// Waterfall increase, decrease and total.
    pub waterfall: [Color32; 3],
    /// True for the dark theme.
    pub dark: bool,
}

const PALETTE: [u32; 10] = [
    0x4C78A8, 0xF58518, 0x54A24B, 0xE45756, 0x72B7B2, 0xEECA3B, 0xB279A2, 0xFF9DA6, 0x9D755D,
    0xBAB0AC,
];

fn rgb(hex: u32) -> Color32 {
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// Parses `#rrggbb` (or `rrggbb`).
pub fn parse_hex(s: &str) -> Option<Color32> {
    let h = s.strip_prefix('#').unwrap_or(s);
    if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(h, 16).ok().map(rgb)
}

impl Colors {
    /// Colours for `theme` with an optional custom palette (already validated).
    pub fn new(theme: Theme, palette: &[String]) -> Self {
        let custom: Vec<Color32> = palette.iter().filter_map(|p| parse_hex(p)).collect();
        let palette = if custom.is_empty() {
            PALETTE.iter().map(|&c| rgb(c)).collect()
        } else {
            custom
        };
        match theme {
            Theme::Light => Self {
                background: Color32::WHITE,
                text: rgb(0x1F2933),
                muted: rgb(0x52606D),
                grid: rgb(0xE4E7EB),
                axis: rgb(0x9AA5B1),
                palette,
                scale: [rgb(0xEEF4FB), rgb(0x08306B)],
                waterfall: [rgb(0x54A24B), rgb(0xE45756), rgb(0x4C78A8)],
                dark: false,
            },
            Theme::Dark => Self {
                background: rgb(0x1B1F24),
                text: rgb(0xE6E9ED),
                muted: rgb(0xA0A9B4),
                grid: rgb(0x30363F),
                axis: rgb(0x5C6670),
                palette,
                scale: [rgb(0x1F2B3A), rgb(0x8FC5F0)],
                waterfall: [rgb(0x6CC06A), rgb(0xF0706A), rgb(0x6A9BD0)],
                dark: true,
            },
        }
    }

    /// The colour of series `i` (cycling through the palette).
    pub fn series(&self, i: usize) -> Color32 {
        self.palette[i % self.palette.len()]
    }

    /// Heatmap colour for `t` in 0..=1.
    pub fn scale_at(&self, t: f64) -> Color32 {
        let t = if t.is_finite() {
            t.clamp(0.0, 1.0) as f32
        } else {
            0.0
        };
        let [a, b] = self.scale;
        let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
        Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
    }

    /// Black or white text, whichever reads better on `fill`.
    pub fn text_on(&self, fill: Color32) -> Color32 {
        let l =
            0.299 * f32::from(fill.r()) + 0.587 * f32::from(fill.g()) + 0.114 * f32::from(fill.b());
        if l > 150.0 {
            rgb(0x1F2933)
        } else {
            Color32::WHITE
        }
    }
}
