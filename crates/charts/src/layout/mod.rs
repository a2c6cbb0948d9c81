//! Headless egui: a pool of contexts, the bundled font, two frames per chart, shapes → Scene.

mod bars;
mod convert;
mod draw;
mod kinds;
mod other;
mod pie;
pub mod plan;
mod scatter;

use std::sync::{Arc, Mutex};

use egui::{
    Context, FontData, FontDefinitions, FontFamily, FontId, Pos2, RawInput, TextStyle, ViewportId,
    Visuals, vec2,
};

use crate::data::ChartData;
use crate::error::{ChartError, Result};
use crate::format::Locale;
use crate::hit::HitMap;
use crate::scene::Scene;
use crate::spec::{ChartSpec, LegendPosition};
use crate::theme::Colors;
use crate::{RenderOptions, Rendered};
use plan::{Body, Plan};

/// The bundled regular face (Noto Sans, OFL).
pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
/// The bundled bold face (Noto Sans Bold, OFL).
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// egui family name of the bold face.
pub fn bold_family() -> FontFamily {
    FontFamily::Name("quarry-bold".into())
}

static POOL: Mutex<Vec<Context>> = Mutex::new(Vec::new());
const POOL_SIZE: usize = 8;

fn new_context() -> Context {
    let ctx = Context::default();
    let mut fonts = FontDefinitions::empty();
    fonts.font_data.insert(
        "regular".into(),
        Arc::new(FontData::from_static(FONT_REGULAR)),
    );
    fonts
        .font_data
        .insert("bold".into(), Arc::new(FontData::from_static(FONT_BOLD)));
    fonts
        .families
        .insert(FontFamily::Proportional, vec!["regular".into()]);
    fonts
        .families
        .insert(FontFamily::Monospace, vec!["regular".into()]);
    fonts.families.insert(bold_family(), vec!["bold".into()]);
    ctx.set_fonts(fonts);
    ctx
}

fn style(ctx: &Context, colors: &Colors) {
    ctx.set_theme(if colors.dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    let base = if colors.dark {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    let text = colors.text;
    ctx.all_styles_mut(|s| {
        s.visuals = base.clone();
        s.visuals.override_text_color = Some(text);
        s.spacing.item_spacing = vec2(0.0, 0.0);
        s.interaction.tooltip_delay = f32::INFINITY;
        s.text_styles = [
            (TextStyle::Small, FontId::proportional(10.0)),
            (TextStyle::Body, FontId::proportional(11.5)),
            (TextStyle::Button, FontId::proportional(11.5)),
            (TextStyle::Monospace, FontId::proportional(11.0)),
            (TextStyle::Heading, FontId::new(15.0, bold_family())),
        ]
        .into();
    });
}

/// Lays the chart out and converts egui's shapes into a [`Scene`].
pub fn render(spec: &ChartSpec, data: &ChartData, opts: &RenderOptions) -> Result<Rendered> {
    spec.validate()?;
    opts.view.validate()?;
    let (w, h) = (opts.width, opts.height);
    if !(16.0..=8192.0).contains(&w) || !(16.0..=8192.0).contains(&h) {
        return Err(ChartError::Size {
            width: w,
            height: h,
        });
    }
    let theme = opts.theme.unwrap_or(spec.theme);
    let colors = Colors::new(theme, &spec.palette);
    let locale = spec
        .locale
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or_default();
    let legend_w = if matches!(spec.legend, LegendPosition::Right) {
        130.0
    } else {
        0.0
    };
    let chrome_h = 28.0 * f32::from(u8::from(spec.title.is_some()))
        + 16.0 * f32::from(u8::from(spec.subtitle.is_some()))
        + 40.0;
    let plan_for = |legend_w: f32| {
        kinds::plan(&kinds::Ctx {
            spec,
            data,
            colors: &colors,
            locale,
            plot_w: (w - 28.0 - 60.0 - legend_w).max(40.0),
            plot_h: (h - 28.0 - chrome_h).max(40.0),
            view: opts.view,
        })
    };
    let mut plan = plan_for(legend_w)?;
    if legend_w > 0.0 && plan.legend.is_empty() {
        // A single series draws no legend: plan again with the width it would have taken.
        plan = plan_for(0.0)?;
    }

    let ctx = POOL
        .lock()
        .ok()
        .and_then(|mut p| p.pop())
        .unwrap_or_else(new_context);
    style(&ctx, &colors);
    ctx.data_mut(|d| d.clear());
    let mut input = RawInput {
        screen_rect: Some(egui::Rect::from_min_size(Pos2::ZERO, vec2(w, h))),
        ..Default::default()
    };
    input
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .native_pixels_per_point = Some(opts.pixels_per_point.clamp(1.0, 8.0));
    let mut hit_map = HitMap::default();
    let mut shapes = Vec::new();
    // The first frame only sizes egui_plot's axes; the marks are drawn in the second.
    for pass in [draw::Pass::Sizing, draw::Pass::Final] {
        let mut out = ctx.run_ui(input.clone(), |ui| {
            hit_map = draw::draw(ui, spec, &plan, &colors, pass);
        });
        out.textures_delta.clear();
        shapes = out.shapes;
    }
    if let Ok(mut pool) = POOL.lock()
        && pool.len() < POOL_SIZE
    {
        pool.push(ctx);
    }
    let mut conv = convert::Converter::new(w, h, colors.background, bold_family());
    conv.add_all(&shapes);
    let scene: Scene = conv.finish();
    take_hit_texts(&mut hit_map, plan);
    Ok(Rendered { scene, hit_map })
}

/// Moves the plot's hit texts into the regions drawn from them (one region per prototype, in
/// order).
fn take_hit_texts(hit_map: &mut HitMap, plan: Plan) {
    if let Body::Plot(plot) = plan.body {
        for (region, proto) in hit_map.regions.iter_mut().zip(plot.hits) {
            region.series = proto.series;
            region.category = proto.category;
            region.text = proto.text;
        }
    }
}
