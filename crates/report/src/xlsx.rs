//! The Excel version of a report: a Summary sheet (KPIs, parameter values, generated-at), one
//! sheet per table and chart with its query's typed data (charts as native Excel charts) and
//! pivot-shaped sheets for pivots.

use std::path::Path;

use quarry_engine::CancelToken;
use quarry_export::{
    CellValue, ExportError, PivotMeasure, PivotRow, PivotTable, SummaryKpi, TableOptions,
    XlsxOptions, XlsxWriter,
};

use crate::error::{ReportError, Result};
use crate::resolved::{Content, Grid, ResolvedReport};

/// Writes `report` as a workbook at `path` (atomically). `progress` hears rows written so far.
pub fn write_xlsx(
    report: &ResolvedReport,
    path: &Path,
    cancel: &CancelToken,
    progress: &dyn Fn(u64),
) -> Result<()> {
    let blocks = report.pages.iter().flat_map(|p| p.blocks.iter());
    let kpis = blocks
        .clone()
        .filter_map(|b| match &b.content {
            Content::Kpi(k) => Some(SummaryKpi {
                label: k.label.clone(),
                value: k.value.map_or(CellValue::Empty, CellValue::Number),
                format: k.format.clone(),
                delta: k.change_text.clone(),
            }),
            _ => None,
        })
        .collect();
    let options = XlsxOptions {
        title: report.title.clone(),
        generated_at: report.generated_at.format("%Y-%m-%d %H:%M").to_string(),
        parameters: report
            .parameters
            .iter()
            .map(|p| (p.label.clone(), p.display.clone()))
            .collect(),
        kpis,
    };
    let mut xlsx = XlsxWriter::create(path, options).map_err(excel)?;
    let stop = || cancel.is_cancelled();
    let mut done = 0u64;
    for block in blocks {
        let (name, query, table) = match &block.content {
            Content::Chart(chart) => {
                let name = chart
                    .spec
                    .title
                    .clone()
                    .unwrap_or_else(|| chart.query.clone());
                let table = TableOptions {
                    column_formats: Vec::new(),
                    chart: Some(&chart.spec),
                };
                (name, chart.query.as_str(), table)
            }
            Content::Table(grid) if grid.pivot.is_some() => {
                let name = grid.title.clone().unwrap_or_else(|| grid.query.clone());
                xlsx.add_pivot(&name, &pivot(grid)).map_err(excel)?;
                continue;
            }
            Content::Table(grid) => {
                let name = grid.title.clone().unwrap_or_else(|| grid.query.clone());
                (name, grid.query.as_str(), table_options(grid, report))
            }
            _ => continue,
        };
        let result = &report.results[query];
        let batches = result.batches.iter().cloned().map(Ok::<_, ExportError>);
        let written = xlsx
            .add_table(
                &name,
                &result.schema,
                batches,
                &table,
                &|rows| progress(done + rows),
                &stop,
            )
            .map_err(excel)?;
        done += written.rows;
    }
    xlsx.finish().map_err(excel)
}

/// Number formats of the table's columns, by the query's column names.
fn table_options<'a>(grid: &Grid, report: &ResolvedReport) -> TableOptions<'a> {
    let fields = report.results[&grid.query].schema.fields().len();
    let column_formats = grid
        .columns
        .iter()
        .filter_map(|c| Some((c.field.clone(), c.format.clone()?)))
        .take(fields)
        .collect();
    TableOptions {
        column_formats,
        chart: None,
    }
}

fn pivot(grid: &Grid) -> PivotTable {
    let Some(shape) = &grid.pivot else {
        return PivotTable::default();
    };
    let keys = shape.row_fields.len();
    PivotTable {
        row_fields: shape.row_fields.clone(),
        column_keys: shape.column_keys.clone(),
        measures: shape
            .measures
            .iter()
            .map(|(name, format)| PivotMeasure {
                name: name.clone(),
                format: format.clone(),
            })
            .collect(),
        rows: grid
            .rows
            .iter()
            .map(|row| PivotRow {
                keys: row[..keys.min(row.len())]
                    .iter()
                    .map(|c| CellValue::Text(c.text.clone()))
                    .collect(),
                values: row.iter().skip(keys).map(|c| c.number).collect(),
                total: false,
            })
            .collect(),
    }
}

pub(crate) fn excel(error: ExportError) -> ReportError {
    match error {
        ExportError::Cancelled => ReportError::Cancelled,
        other => ReportError::Excel(other),
    }
}
