//! Which reports a breaking refresh of a dataset affects: their queries are checked against
//! the change with DuckDB's own parser (see `Workspace::broken_columns_read_by`).

use std::path::Path;

use quarry_engine::import::ImportReport;
use quarry_engine::{AffectedQuery, SchemaChange, Workspace};

use crate::document::ReportDocument;
use crate::error::{ReportError, Result};
use crate::files::{list_reports, reports_dir};

/// Adds the queries of `workspace`'s own reports that a refresh broke to `report.affected`
/// (the engine lists the saved queries).
pub fn add_affected_reports(workspace: &Workspace, report: &mut ImportReport) -> Result<()> {
    let dir = reports_dir(workspace);
    let affected = affected_reports(workspace, &dir, &report.dataset.name, &report.schema_change)?;
    report.affected.extend(affected);
    Ok(())
}

/// The queries of the reports in `dir` that read columns `change` to `dataset` broke, with
/// the report's file name. Files that are not valid reports are skipped: they say what is
/// wrong with them when opened.
pub fn affected_reports(
    workspace: &Workspace,
    dir: &Path,
    dataset: &str,
    change: &SchemaChange,
) -> Result<Vec<AffectedQuery>> {
    let mut affected = Vec::new();
    if !change.is_breaking() {
        return Ok(affected);
    }
    for entry in list_reports(dir)? {
        let Ok(document) = ReportDocument::load(&entry.path) else {
            continue;
        };
        let file = entry
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (name, query) in &document.queries {
            let columns = workspace
                .broken_columns_read_by(&query.sql, dataset, change)
                .map_err(|source| ReportError::Query {
                    query: name.clone(),
                    source,
                })?;
            if !columns.is_empty() {
                affected.push(AffectedQuery {
                    report: Some(file.clone()),
                    query: name.clone(),
                    columns,
                });
            }
        }
    }
    Ok(affected)
}
