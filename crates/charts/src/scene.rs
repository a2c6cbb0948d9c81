//! The backend-neutral drawing: what every backend (SVG, PDF, PNG) writes.
//!
//! Coordinates are in points (1 point = 1 CSS px = 0.75 PDF pt), y down, origin top-left.

/// A straight-alpha sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgba {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity, 255 = opaque.
    pub a: u8,
}

impl Rgba {
    /// `#rrggbb` without alpha.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// True when fully opaque.
    pub fn is_opaque(self) -> bool {
        self.a == 255
    }
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Rect {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// A stroke: width in points and colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Line width.
    pub width: f32,
    /// Line colour.
    pub color: Rgba,
}

/// One primitive.
#[derive(Debug, Clone, PartialEq)]
pub enum Prim {
    /// A filled and/or stroked rectangle with corner radius.
    Rect {
        /// The rectangle.
        rect: Rect,
        /// Corner radius.
        radius: f32,
        /// Fill colour.
        fill: Option<Rgba>,
        /// Outline.
        stroke: Option<Stroke>,
    },
    /// A polyline or polygon.
    Path {
        /// Vertices.
        points: Vec<[f32; 2]>,
        /// Closed back to the first point.
        closed: bool,
        /// Fill colour (closed paths only).
        fill: Option<Rgba>,
        /// Outline.
        stroke: Option<Stroke>,
    },
    /// Circles of one style (markers are merged into one primitive per style).
    Circles {
        /// Centres and radii.
        circles: Vec<[f32; 3]>,
        /// Fill colour.
        fill: Option<Rgba>,
        /// Outline.
        stroke: Option<Stroke>,
    },
    /// Triangles of one colour, drawn as one path so that shared edges show no seams.
    Triangles {
        /// Triangle vertices.
        triangles: Vec<[[f32; 2]; 3]>,
        /// Fill colour.
        fill: Rgba,
    },
    /// One line of text.
    Text(TextRun),
}

/// A line of text with the exact x position of every character, so all backends place glyphs
/// where egui measured them.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// The text.
    pub text: String,
    /// Baseline start in scene coordinates (already rotated).
    pub origin: [f32; 2],
    /// Rotation in radians, clockwise positive (y down), around `origin`.
    pub angle: f32,
    /// Offset of each character along the baseline from `origin`.
    pub advances: Vec<f32>,
    /// Font size in points.
    pub size: f32,
    /// Bold face.
    pub bold: bool,
    /// Text colour.
    pub color: Rgba,
}

/// A primitive and the clip rectangle it is drawn in.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Index into [`Scene::clips`].
    pub clip: usize,
    /// What to draw.
    pub prim: Prim,
}

/// A whole chart ready for a backend.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// Background fill.
    pub background: Rgba,
    /// Distinct clip rectangles; index 0 is the whole chart.
    pub clips: Vec<Rect>,
    /// Primitives in painting order.
    pub items: Vec<Item>,
}

impl Scene {
    /// All text runs in painting order.
    pub fn texts(&self) -> impl Iterator<Item = &TextRun> {
        self.items.iter().filter_map(|i| match &i.prim {
            Prim::Text(t) => Some(t),
            _ => None,
        })
    }
}
