//! Native Excel charts mirroring [`ChartSpec`] kinds.
//!
//! | spec kind | Excel chart |
//! | --- | --- |
//! | `bar`, `grouped_bar` | clustered column |
//! | `stacked_bar`, `percent_stacked_bar` | stacked / 100 % stacked column |
//! | `horizontal_bar` | clustered bar |
//! | `line`, `area`, `stacked_area` | line, area, stacked area |
//! | `pie`, `donut` | pie, doughnut |
//! | `scatter` | scatter (markers) |
//! | `combo` | clustered column + line on a secondary axis |
//!
//! `histogram`, `box_plot`, `heatmap`, `waterfall`, `kpi` and `bubble` have no native
//! equivalent here (rust_xlsxwriter has no bubble chart): their tables are exported without a
//! chart and the Summary sheet says so.

use quarry_charts::theme::Colors;
use quarry_charts::{Channel, ChartKind, ChartSpec, LegendPosition, Theme};
use rust_xlsxwriter::{
    Chart, ChartAxis, ChartDataLabel, ChartFormat, ChartLegendPosition, ChartLine, ChartMarker,
    ChartMarkerType, ChartSeries, ChartSolidFill, ChartType, Color, Format, Worksheet, XlsxError,
};

use crate::cells::{self, Kind};
use crate::chart_data::{ChartTable, Key};
use crate::numfmt;

/// Chart size in pixels (the renderer's default 720 × 420).
const WIDTH: u32 = 720;
const HEIGHT: u32 = 420;

/// The Excel chart type for a spec kind, if Excel has one.
pub fn excel_chart_type(kind: ChartKind) -> Option<ChartType> {
    Some(match kind {
        ChartKind::Bar | ChartKind::GroupedBar | ChartKind::Combo => ChartType::Column,
        ChartKind::StackedBar => ChartType::ColumnStacked,
        ChartKind::PercentStackedBar => ChartType::ColumnPercentStacked,
        ChartKind::HorizontalBar => ChartType::Bar,
        ChartKind::Line => ChartType::Line,
        ChartKind::Area => ChartType::Area,
        ChartKind::StackedArea => ChartType::AreaStacked,
        ChartKind::Pie => ChartType::Pie,
        ChartKind::Donut => ChartType::Doughnut,
        ChartKind::Scatter => ChartType::Scatter,
        ChartKind::Bubble
        | ChartKind::Histogram
        | ChartKind::BoxPlot
        | ChartKind::Heatmap
        | ChartKind::Waterfall
        | ChartKind::Kpi => return None,
    })
}

/// Number formats of the data block: keys, values, y2 values.
pub(crate) struct BlockFormats {
    pub x: Option<String>,
    pub y: Option<String>,
    pub y2: Option<String>,
}

impl BlockFormats {
    pub fn new(x_kind: Kind, y: Option<String>, y2: Option<String>) -> Self {
        let x = match x_kind {
            Kind::Date => Some(numfmt::DATE.to_string()),
            Kind::DateTime => Some(numfmt::DATE_TIME.to_string()),
            Kind::Time => Some(numfmt::TIME.to_string()),
            _ => None,
        };
        Self { x, y, y2 }
    }
}

/// Writes the data block at A1 of `ws` (a normal worksheet): header row, keys, values.
pub(crate) fn write_block(
    ws: &mut Worksheet,
    table: &ChartTable,
    formats: &BlockFormats,
    header: &Format,
) -> Result<(), XlsxError> {
    let values = table.columns.iter().chain(table.y2.iter());
    let count = table.columns.len() + usize::from(table.y2.is_some());
    ws.write_string_with_format(0, 0, &table.x_header, header)?;
    let number = |code: &Option<String>| code.as_ref().map(|c| Format::new().set_num_format(c));
    if let Some(f) = number(&formats.x) {
        ws.set_column_format(0, &f)?;
    }
    ws.set_column_width(0, 14.0_f64.max(table.x_header.chars().count() as f64 + 3.0))?;
    for (row, key) in table.keys.iter().enumerate() {
        let row = row as u32 + 1;
        match key {
            Key::Number(n) => {
                ws.write_number(row, 0, *n)?;
            }
            Key::Text(t) => {
                cells::write_text(ws, row, 0, t)?;
            }
        }
    }
    for (c, (name, column)) in values.enumerate() {
        let col = c as u16 + 1;
        ws.write_string_with_format(0, col, name, header)?;
        let code = if c + 1 == count && table.y2.is_some() {
            &formats.y2
        } else {
            &formats.y
        };
        if let Some(f) = number(code) {
            ws.set_column_format(col, &f)?;
        }
        ws.set_column_width(col, 12.0_f64.max(name.chars().count() as f64 + 3.0))?;
        for (row, v) in column.iter().enumerate() {
            if let Some(v) = v {
                ws.write_number(row as u32 + 1, col, *v)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The chart over a data block on sheet `sheet`.
pub(crate) fn build(
    spec: &ChartSpec,
    ty: ChartType,
    table: &ChartTable,
    sheet: &str,
    formats: &BlockFormats,
) -> Chart {
    let last = table.keys.len() as u32;
    let colors = Colors::new(Theme::Light, &spec.palette);
    let color = |i: usize| {
        let c = colors.series(i);
        Color::RGB((u32::from(c.r()) << 16) | (u32::from(c.g()) << 8) | u32::from(c.b()))
    };
    let pie = matches!(ty, ChartType::Pie | ChartType::Doughnut);
    let mut chart = Chart::new(ty);
    for k in 0..table.columns.len() {
        let col = k as u16 + 1;
        let series = chart.add_series();
        series
            .set_categories((sheet, 1, 0, last, 0))
            .set_values((sheet, 1, col, last, col))
            .set_name((sheet, 0, col));
        style(series, ty, color(k), spec.data_labels);
        if pie {
            let slices: Vec<Color> = (0..table.keys.len()).map(color).collect();
            series.set_point_colors(&slices);
        }
    }
    if table.y2.is_some() {
        let col = table.columns.len() as u16 + 1;
        let mut line = Chart::new(ChartType::Line);
        let series = line.add_series();
        series
            .set_categories((sheet, 1, 0, last, 0))
            .set_values((sheet, 1, col, last, col))
            .set_name((sheet, 0, col))
            .set_secondary_axis(true);
        style(
            series,
            ChartType::Line,
            color(table.columns.len()),
            spec.data_labels,
        );
        chart.combine(&line);
        if let Some(title) = axis_title(spec.encoding.y2.as_ref()) {
            chart.y2_axis().set_name(title.as_str());
        }
        if let Some(code) = &formats.y2 {
            chart.y2_axis().set_num_format(code);
        }
    }
    match spec.title.as_deref().map(str::trim) {
        Some(title) if !title.is_empty() => {
            chart.title().set_name(title.trim_start_matches('='));
        }
        _ => {
            chart.title().set_hidden();
        }
    }
    if !pie {
        let bar = ty == ChartType::Bar;
        if let Some(title) = axis_title(spec.encoding.x.as_ref()) {
            category_axis(&mut chart, bar).set_name(title.as_str());
        }
        if let Some(code) = &formats.x {
            let axis = category_axis(&mut chart, bar);
            axis.set_num_format(code);
            if matches!(
                ty,
                ChartType::Line | ChartType::Area | ChartType::AreaStacked
            ) && table.x_kind != Kind::Time
            {
                axis.set_date_axis(true);
            }
        }
        if let Some(title) = axis_title(spec.encoding.y.as_ref()) {
            value_axis(&mut chart, bar).set_name(title.as_str());
        }
        if let (Some(code), false) = (&formats.y, ty == ChartType::ColumnPercentStacked) {
            value_axis(&mut chart, bar).set_num_format(code);
        }
    }
    let several = table.columns.len() + usize::from(table.y2.is_some()) > 1;
    match (spec.legend, pie || several) {
        (LegendPosition::None, _) | (_, false) => {
            chart.legend().set_hidden();
        }
        (position, true) => {
            let legend = chart.legend();
            legend.set_position(match position {
                LegendPosition::Bottom => ChartLegendPosition::Bottom,
                LegendPosition::Top => ChartLegendPosition::Top,
                LegendPosition::Inside => ChartLegendPosition::TopRight,
                _ => ChartLegendPosition::Right,
            });
            if position == LegendPosition::Inside {
                legend.set_overlay(true);
            }
        }
    }
    chart.set_width(WIDTH).set_height(HEIGHT);
    chart
}

fn style(series: &mut ChartSeries, ty: ChartType, color: Color, labels: bool) {
    match ty {
        ChartType::Line => {
            series.set_format(ChartLine::new().set_color(color).set_width(2.25));
        }
        ChartType::Scatter => {
            series.set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Circle)
                    .set_size(5)
                    .set_format(
                        ChartFormat::new()
                            .set_solid_fill(ChartSolidFill::new().set_color(color))
                            .set_no_border(),
                    ),
            );
        }
        ChartType::Pie | ChartType::Doughnut => {}
        _ => {
            series.set_format(ChartSolidFill::new().set_color(color));
        }
    }
    if labels {
        series.set_data_label(ChartDataLabel::new().show_value());
    }
}

/// Bar charts (horizontal) have their categories on the vertical axis.
fn category_axis(chart: &mut Chart, bar: bool) -> &mut ChartAxis {
    if bar { chart.y_axis() } else { chart.x_axis() }
}

fn value_axis(chart: &mut Chart, bar: bool) -> &mut ChartAxis {
    if bar { chart.x_axis() } else { chart.y_axis() }
}

fn axis_title(channel: Option<&Channel>) -> Option<String> {
    channel
        .and_then(Channel::display_title)
        .map(|t| t.trim_start_matches('=').to_string())
        .filter(|t| !t.is_empty())
}
