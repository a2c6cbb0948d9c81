//! Quarry's exporters. [`XlsxWriter`] streams Arrow record batches into a native Excel
//! workbook: a Summary sheet first (title, generated-at, parameters, KPIs, notes), then one
//! sheet per dataset with typed cells, a bold frozen header, autofilter, column widths and
//! number formats, native charts mirroring [`quarry_charts::ChartSpec`] kinds, and pivot-shaped
//! sheets. Data sheets use rust_xlsxwriter's constant-memory mode, so memory stays flat for a
//! million rows; tables beyond Excel's 1,048,576 rows continue on `name (2)`, `name (3)` ….
//!
//! Every export is atomic ([`AtomicFile`]): written to a temporary file in the target's folder
//! and renamed into place by `finish`; an error, a cancel or a drop leaves no file behind.
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use arrow_array::{Int64Array, RecordBatch};
//! # use arrow_schema::{DataType, Field, Schema};
//! use quarry_export::{TableOptions, XlsxOptions, XlsxWriter};
//! # fn main() -> Result<(), quarry_export::ExportError> {
//! let schema = Arc::new(Schema::new(vec![Field::new("n", DataType::Int64, false)]));
//! let batch = RecordBatch::try_new(schema.clone(), vec![Arc::new(Int64Array::from(vec![1, 2]))])?;
//! let mut xlsx = XlsxWriter::create("out.xlsx".as_ref(), XlsxOptions::default())?;
//! let batches = [Ok::<_, quarry_export::ExportError>(batch)];
//! xlsx.add_table("numbers", &schema, batches, &TableOptions::default(), &|_| {}, &|| false)?;
//! xlsx.finish()?;
//! # Ok(()) }
//! ```

mod atomic;
mod cells;
mod chart;
mod chart_data;
mod convert;
mod error;
mod numfmt;
mod pivot;
mod sheet_name;
mod summary;
mod table;
mod writer;

pub use atomic::AtomicFile;
pub use chart::excel_chart_type;
pub use chart_data::{MAX_CATEGORIES, MAX_POINTS, MAX_SERIES};
pub use error::ExportError;
pub use numfmt::excel_format;
pub use pivot::{PivotMeasure, PivotRow, PivotTable};
pub use sheet_name::{MAX_SHEET_NAME, SUMMARY_SHEET};
pub use summary::{CellValue, SummaryKpi};
pub use writer::{MAX_ROWS, TableOptions, TableWritten, XlsxOptions, XlsxWriter};
