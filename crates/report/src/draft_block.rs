//! A chart builder draft put into a report as another kind of block: the rows as a table, the
//! measure as a KPI tile, or a pivot of x by series. Like charts, each arrives as a query (names
//! quoted, never spliced) plus the block that reads it.

use quarry_engine::quote_identifier;
use serde::{Deserialize, Serialize};

use crate::document::{
    Aggregate, Block, ChartBlock, KpiBlock, Measure, PivotBlock, Placement, TableBlock,
};
use crate::draft::{ChartDraft, DraftAggregate, measure};
use crate::error::{ReportError, Result};

/// What the draft becomes in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftBlockKind {
    Chart,
    Table,
    Kpi,
    Pivot,
}

/// A block ready for a report: the SQL to store under `query` and the block that reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftBlock {
    pub sql: String,
    pub block: Block,
}

/// Rows a table block from the builder shows at most (a report table is for reading).
const TABLE_ROWS: u64 = 1_000;

impl ChartDraft {
    /// The draft as a `kind` block reading the query named `query`.
    pub fn to_block(&self, kind: DraftBlockKind, query: &str) -> Result<DraftBlock> {
        let q = quote_identifier;
        let from = self.source_sql()?;
        let field = |f: &Option<String>| f.clone().filter(|f| !f.is_empty());
        let (x, y, series) = (field(&self.x), field(&self.y), field(&self.series));
        let title = self.title.clone().filter(|t| !t.trim().is_empty());
        let query = query.to_owned();
        let (sql, block) = match kind {
            DraftBlockKind::Chart => {
                let chart = self.to_chart()?;
                let block = Block::Chart(Box::new(ChartBlock {
                    query,
                    chart: chart.chart,
                    layout: Placement {
                        width: 6,
                        height: None,
                    },
                }));
                (chart.sql, block)
            }
            DraftBlockKind::Kpi => {
                let aggregate = match self.aggregate {
                    DraftAggregate::None => DraftAggregate::Sum,
                    other => other,
                };
                let (expression, name, _) = measure(aggregate, y.as_deref())?;
                let sql = format!("SELECT {expression} AS \"value\" FROM {from}");
                let block = Block::Kpi(KpiBlock {
                    label: title.unwrap_or(name),
                    query,
                    value: "value".to_owned(),
                    previous: None,
                    format: None,
                    sparkline: None,
                    layout: Placement {
                        width: 3,
                        height: None,
                    },
                });
                (sql, block)
            }
            DraftBlockKind::Table => {
                let x = x.ok_or_else(|| missing("drop a field on x for the table's rows"))?;
                let mut keys = vec![q(&x)];
                keys.extend(series.as_deref().map(q));
                let keys = keys.join(", ");
                let sql = match self.aggregate {
                    DraftAggregate::None => {
                        let mut fields = vec![keys.clone()];
                        fields.extend(y.as_deref().map(q));
                        format!(
                            "SELECT {} FROM {from} LIMIT {TABLE_ROWS}",
                            fields.join(", ")
                        )
                    }
                    aggregate => {
                        let (expression, name, _) = measure(aggregate, y.as_deref())?;
                        format!(
                            "SELECT {keys}, {expression} AS {} FROM {from} GROUP BY ALL ORDER BY {keys} LIMIT {TABLE_ROWS}",
                            q(&name)
                        )
                    }
                };
                let block = Block::Table(TableBlock {
                    query,
                    title,
                    columns: Vec::new(),
                    conditional: Vec::new(),
                    totals: matches!(self.aggregate, DraftAggregate::Sum | DraftAggregate::Count),
                    layout: Placement::default(),
                });
                (sql, block)
            }
            DraftBlockKind::Pivot => {
                let x = x.ok_or_else(|| missing("drop a field on x for the pivot's rows"))?;
                let mut keys = vec![q(&x)];
                keys.extend(series.as_deref().map(q));
                let keys = keys.join(", ");
                // Grouped by the pivot's own rows and columns, each cell is one row of the
                // query, and totals of sums, counts, minima and maxima stay exact. An average's
                // totals need the raw rows (more than a report may read is an error, not a cut).
                let (sql, field, aggregate) = match (self.aggregate, y.as_deref()) {
                    (DraftAggregate::Avg, Some(y)) => (
                        format!("SELECT {keys}, {} FROM {from}", q(y)),
                        y.to_owned(),
                        Aggregate::Avg,
                    ),
                    (aggregate, y) => {
                        let aggregate = match aggregate {
                            DraftAggregate::None | DraftAggregate::Avg => DraftAggregate::Sum,
                            other => other,
                        };
                        let (expression, name, _) = measure(aggregate, y)?;
                        let combine = match aggregate {
                            DraftAggregate::Min => Aggregate::Min,
                            DraftAggregate::Max => Aggregate::Max,
                            _ => Aggregate::Sum,
                        };
                        let sql = format!(
                            "SELECT {keys}, {expression} AS {} FROM {from} GROUP BY ALL",
                            q(&name)
                        );
                        (sql, name, combine)
                    }
                };
                let block = Block::Pivot(PivotBlock {
                    query,
                    title,
                    rows: vec![x],
                    columns: series,
                    measures: vec![Measure {
                        field,
                        aggregate,
                        format: None,
                    }],
                    layout: Placement::default(),
                });
                (sql, block)
            }
        };
        Ok(DraftBlock { sql, block })
    }
}

fn missing(message: &str) -> ReportError {
    ReportError::Invalid {
        place: "block".to_owned(),
        message: message.to_owned(),
    }
}
