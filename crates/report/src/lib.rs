//! Quarry's reports: `*.qreport.json` documents (see [`ReportDocument`] and
//! `docs/report.schema.json`), evaluated against a workspace into a [`ResolvedReport`], laid out
//! on paper ([`layout()`]) and written as PDF ([`write_pdf`]).
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use quarry_report::{EvaluateOptions, ReportDocument, evaluate, layout, write_pdf};
//! let workspace = quarry_engine::Workspace::open("sample")?;
//! let doc = ReportDocument::load("sales-overview.qreport.json".as_ref())?;
//! let report = evaluate(&workspace, &doc, &EvaluateOptions::default())?;
//! let pdf = write_pdf(&report, &layout(&report)?, &Default::default(), &|_, _| {})?;
//! # let _ = pdf; Ok(()) }
//! ```

mod affected;
mod controls;
pub mod document;
pub mod draft;
mod draft_block;
mod error;
mod evaluate;
mod export;
mod files;
mod grid;
mod image;
pub mod layout;
mod markdown;
pub mod params;
mod pdf;
mod render;
pub mod resolved;
mod validate;
mod xlsx;

pub use affected::{add_affected_reports, affected_reports};
pub use controls::{ParameterControl, overrides_from_controls, parameter_controls};
pub use document::{Block, Margins, Paper, PrintSettings, REPORT_VERSION, ReportDocument};
pub use draft::{ChartDraft, ChartPreview, DraftChart};
pub use draft_block::{DraftBlock, DraftBlockKind};
pub use error::{ReportError, Result};
pub use evaluate::{EvaluateOptions, MAX_QUERY_ROWS, evaluate};
pub use export::{ExportFormat, export_dataset, export_query};
pub use files::{
    REPORT_EXTENSION, REPORTS_FOLDER, ReportEntry, create_report, list_reports, new_report_path,
    reports_dir, save_report,
};
pub use layout::svg::{PreviewOptions, sheet_svg};
pub use layout::{GridCell, Layout, Shape, Sheet, editor_grid, layout};
pub use params::{ParamValue, ResolvedParam};
pub use pdf::write_pdf;
pub use render::{ReportFormat, render_report};
pub use resolved::ResolvedReport;
pub use xlsx::write_xlsx;

/// The JSON Schema of report documents, as published in `docs/report.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ReportDocument);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
