//! The chart builder's draft: a source, fields dropped on wells, a kind and an aggregation.
//! It becomes a query (identifiers quoted, never spliced as text) and a [`ChartSpec`], which the
//! builder previews and a report stores as a chart block.

use quarry_charts::{
    Channel, ChartData, ChartKind, ChartSpec, Encodings, HitRegion, RenderOptions, SPEC_VERSION,
    Theme, View, render,
};
use quarry_engine::{CancelToken, Workspace, quote_identifier};
use serde::{Deserialize, Serialize};

use crate::error::{ReportError, Result};

/// Rows a chart preview reads: enough for any readable chart; more must be aggregated.
const PREVIEW_ROWS: u64 = 10_000;
/// Rows a histogram reads (the chart bins them).
const HISTOGRAM_ROWS: u64 = 200_000;

/// Where a draft's rows come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DraftSource {
    /// A table or dataset of the workspace, by name.
    Dataset { dataset: String },
    /// A query typed by the analyst.
    Sql { sql: String },
}

/// How values of `y` combine per category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftAggregate {
    Sum,
    Avg,
    Min,
    Max,
    Count,
    /// Rows as they are.
    None,
}

/// What the chart builder has picked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartDraft {
    pub source: DraftSource,
    pub kind: ChartKind,
    pub x: Option<String>,
    pub y: Option<String>,
    pub series: Option<String>,
    pub size: Option<String>,
    pub aggregate: DraftAggregate,
    pub title: Option<String>,
}

/// A draft turned into what a report stores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftChart {
    pub sql: String,
    pub chart: ChartSpec,
}

/// A rendered preview: SVG without an embedded font (the host page provides `Quarry Sans`),
/// the marks for tooltips, and the SQL the draft became.
#[derive(Debug, Clone, Serialize)]
pub struct ChartPreview {
    pub svg: String,
    pub width: f32,
    pub height: f32,
    pub hits: Vec<HitRegion>,
    /// The plot frame in SVG units, when the chart has axes.
    pub plot: Option<quarry_charts::scene::Rect>,
    /// The ranges the plot shows, when it can be zoomed and panned (continuous axes).
    pub view: Option<View>,
    pub sql: String,
}

impl ChartDraft {
    /// What follows FROM: the dataset as a quoted identifier, or the typed query as a subquery.
    pub(crate) fn source_sql(&self) -> Result<String> {
        match &self.source {
            DraftSource::Dataset { dataset } if !dataset.trim().is_empty() => {
                Ok(quote_identifier(dataset))
            }
            DraftSource::Sql { sql } if !sql.trim().is_empty() => {
                Ok(format!("({}) AS source", sql.trim().trim_end_matches(';')))
            }
            _ => Err(ReportError::Invalid {
                place: "chart".to_owned(),
                message: "pick a dataset or write a query first".to_owned(),
            }),
        }
    }

    /// The query and spec for this draft.
    pub fn to_chart(&self) -> Result<DraftChart> {
        let invalid = |message: &str| ReportError::Invalid {
            place: "chart".to_owned(),
            message: message.to_owned(),
        };
        let from = self.source_sql()?;
        let x = self.x.as_deref().filter(|f| !f.is_empty());
        let y = self.y.as_deref().filter(|f| !f.is_empty());
        let series = self.series.as_deref().filter(|f| !f.is_empty());
        let size = self.size.as_deref().filter(|f| !f.is_empty());
        let Some(x) = x else {
            return Err(invalid("drop a field on x"));
        };
        let q = quote_identifier;
        let (sql, y_field, y_title) = match self.kind {
            ChartKind::Histogram => (
                format!(
                    "SELECT {x} FROM {from} WHERE {x} IS NOT NULL LIMIT {HISTOGRAM_ROWS}",
                    x = q(x)
                ),
                None,
                None,
            ),
            _ if self.aggregate == DraftAggregate::None => {
                let y = y.ok_or_else(|| invalid("drop a field on y"))?;
                let mut fields = vec![q(x), q(y)];
                fields.extend(series.map(q));
                if self.kind == ChartKind::Bubble {
                    fields.push(q(size.ok_or_else(|| invalid("drop a field on size"))?));
                }
                let sql = format!(
                    "SELECT {} FROM {from} LIMIT {PREVIEW_ROWS}",
                    fields.join(", ")
                );
                (sql, Some(y.to_owned()), None)
            }
            _ => {
                let (measure, name, title) = measure(self.aggregate, y)?;
                let mut keys = vec![q(x)];
                keys.extend(series.map(q));
                let sql = format!(
                    "SELECT {keys}, {measure} AS {alias} FROM {from} GROUP BY ALL ORDER BY {keys} LIMIT {PREVIEW_ROWS}",
                    keys = keys.join(", "),
                    alias = q(&name),
                );
                (sql, Some(name), title)
            }
        };
        let channel = |field: &str, title: Option<String>| Channel {
            field: field.to_owned(),
            title,
            format: None,
            date_format: None,
        };
        let mut encoding = Encodings {
            x: Some(channel(x, None)),
            ..Encodings::default()
        };
        if self.kind == ChartKind::Heatmap {
            // Columns across, series down, the aggregated value as colour.
            let rows = series.ok_or_else(|| invalid("drop a field on series for the rows"))?;
            encoding.y = Some(channel(rows, None));
            encoding.color = y_field.as_deref().map(|f| channel(f, y_title));
        } else {
            encoding.y = y_field.as_deref().map(|f| channel(f, y_title));
            encoding.series = series.map(|f| channel(f, None));
            if self.kind == ChartKind::Bubble {
                encoding.size = size.map(|f| channel(f, None));
            }
        }
        let chart = ChartSpec {
            version: SPEC_VERSION,
            kind: self.kind,
            sql: None,
            title: self.title.clone().filter(|t| !t.trim().is_empty()),
            subtitle: None,
            encoding,
            legend: Default::default(),
            theme: Theme::Light,
            palette: Vec::new(),
            data_labels: false,
            locale: None,
            bins: None,
        };
        Ok(DraftChart { sql, chart })
    }

    /// Runs the draft's query (sandboxed) and renders it `width` × `height` points.
    pub fn preview(
        &self,
        workspace: &Workspace,
        size: (f32, f32),
        theme: Theme,
        locale: &str,
        view: View,
        cancel: &CancelToken,
    ) -> Result<ChartPreview> {
        let DraftChart { sql, mut chart } = self.to_chart()?;
        chart.theme = theme;
        chart.locale = Some(locale.to_owned());
        let limit = if self.kind == ChartKind::Histogram {
            HISTOGRAM_ROWS
        } else {
            PREVIEW_ROWS
        };
        let result = workspace
            .query_arrow_sandboxed(&sql, &[], limit, cancel)
            .map_err(|source| ReportError::Query {
                query: "chart".to_owned(),
                source,
            })?;
        let data = ChartData::from_record_batches(&result.batches).map_err(|source| {
            ReportError::Chart {
                place: "chart".to_owned(),
                source,
            }
        })?;
        let options = RenderOptions {
            width: size.0.clamp(120.0, 4000.0),
            height: size.1.clamp(90.0, 4000.0),
            theme: Some(theme),
            view,
            ..RenderOptions::default()
        };
        let rendered = render(&chart, &data, &options).map_err(|source| ReportError::Chart {
            place: "chart".to_owned(),
            source,
        })?;
        let svg = rendered
            .scene
            .to_svg_with(&quarry_charts::backend::svg::SvgOptions { embed_font: false });
        Ok(ChartPreview {
            svg,
            width: options.width,
            height: options.height,
            hits: rendered.hit_map.regions,
            plot: rendered.hit_map.plot,
            view: rendered.hit_map.view,
            sql,
        })
    }
}

/// The SQL expression, column name and axis title of the measure (`aggregate` is not `None`).
pub(crate) fn measure(
    aggregate: DraftAggregate,
    y: Option<&str>,
) -> Result<(String, String, Option<String>)> {
    let (function, word) = match aggregate {
        DraftAggregate::Sum => ("sum", "sum"),
        DraftAggregate::Avg => ("avg", "average"),
        DraftAggregate::Min => ("min", "min"),
        DraftAggregate::Max => ("max", "max"),
        DraftAggregate::Count | DraftAggregate::None => ("count", "count"),
    };
    match (aggregate, y) {
        (DraftAggregate::Count, None) => Ok(("count(*)".to_owned(), "count".to_owned(), None)),
        (_, Some(y)) => Ok((
            format!("{function}({})", quote_identifier(y)),
            format!("{y} ({word})"),
            None,
        )),
        (_, None) => Err(ReportError::Invalid {
            place: "chart".to_owned(),
            message: "drop a field on y, or count rows".to_owned(),
        }),
    }
}
