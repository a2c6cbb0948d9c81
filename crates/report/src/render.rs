//! A report from document to file in one call, with progress: what the desktop's export dialog
//! runs. (The CLI evaluates once and writes several files, so it calls the steps itself.)

use std::io::Write as _;
use std::path::Path;

use quarry_export::AtomicFile;

use crate::document::ReportDocument;
use crate::error::{ReportError, Result};
use crate::evaluate::{EvaluateOptions, evaluate};
use crate::layout::layout;
use crate::pdf::write_pdf;
use crate::xlsx::write_xlsx;

/// The files a report can be written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Pdf,
    Xlsx,
}

/// Share of the progress bar evaluation takes (queries run), the rest is writing.
const EVALUATION_SHARE: f64 = 0.4;

/// Evaluates `doc` and writes it to `path` as `format`; `progress` hears fractions from 0 to 1.
/// Returns the sheets of paper written (0 for a workbook). The file appears whole or not at
/// all, also when `options.cancel` stops the work.
pub fn render_report(
    workspace: &quarry_engine::Workspace,
    doc: &ReportDocument,
    options: &EvaluateOptions,
    format: ReportFormat,
    path: &Path,
    progress: &dyn Fn(f64),
) -> Result<usize> {
    progress(0.0);
    let report = evaluate(workspace, doc, options)?;
    progress(EVALUATION_SHARE);
    let writing = |done: f64| progress(EVALUATION_SHARE + (1.0 - EVALUATION_SHARE) * done.min(1.0));
    match format {
        ReportFormat::Pdf => {
            let layout = layout(&report)?;
            let bytes = write_pdf(&report, &layout, &options.cancel, &|done, total| {
                writing(done as f64 / total.max(1) as f64);
            })?;
            let mut file = AtomicFile::create(path).map_err(ReportError::Excel)?;
            file.write_all(&bytes)
                .map_err(|source| ReportError::Write {
                    path: path.to_path_buf(),
                    source,
                })?;
            file.commit().map_err(ReportError::Excel)?;
            progress(1.0);
            Ok(layout.sheets.len())
        }
        ReportFormat::Xlsx => {
            // Rows of every result: an upper bound of the rows the workbook holds.
            let rows: u64 = report.results.values().map(|r| r.rows).sum();
            write_xlsx(&report, path, &options.cancel, &|done| {
                writing(done as f64 / rows.max(1) as f64);
            })?;
            progress(1.0);
            Ok(0)
        }
    }
}
