//! Report documents in the workspace's `reports` folder: listing, creating, editing, the
//! builder's grid, parameters, the page preview and export to PDF or Excel.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quarry_report::{
    EvaluateOptions, GridCell, ParameterControl, PreviewOptions, ReportDocument, ReportEntry,
    ReportFormat, evaluate, layout, overrides_from_controls, reports_dir, sheet_svg,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::State;
use tauri::ipc::Channel;

use super::auth::AuthState;
use super::blocking;
use super::export::{ExportDone, Progress};
use crate::error::{CommandError, CommandResult};
use crate::jobs::Jobs;
use crate::session::Session;
use crate::sync::{SyncState, record_saved_report};

/// One sheet of paper in the preview, as SVG in PDF points.
#[derive(Debug, Serialize)]
pub struct PreviewSheet {
    pub width: f32,
    pub height: f32,
    pub svg: String,
}

/// Paper and orientation chosen in the export dialog.
#[derive(Debug, Deserialize)]
pub struct PrintChoice {
    pub paper: quarry_report::Paper,
    pub landscape: bool,
}

/// A created report and where it lives.
#[derive(Debug, Serialize)]
pub struct CreatedReport {
    pub path: PathBuf,
    pub document: ReportDocument,
}

#[tauri::command]
pub async fn list_reports(session: State<'_, Arc<Session>>) -> CommandResult<Vec<ReportEntry>> {
    let session = Arc::clone(&session);
    blocking(move || session.with_workspace(|ws| quarry_report::list_reports(&reports_dir(ws))))
        .await
}

#[tauri::command]
pub async fn create_report(
    session: State<'_, Arc<Session>>,
    title: String,
) -> CommandResult<CreatedReport> {
    let session = Arc::clone(&session);
    blocking(move || {
        session.with_workspace(|ws| {
            quarry_report::create_report(&reports_dir(ws), &title)
                .map(|(path, document)| CreatedReport { path, document })
        })
    })
    .await
}

#[tauri::command]
pub async fn open_report(path: PathBuf) -> CommandResult<ReportDocument> {
    blocking(move || Ok(ReportDocument::load(report_path(&path)?)?)).await
}

/// Validates `document` and replaces the file atomically; an invalid one is not written. A
/// shared report's save is queued for the hub (the UI syncs afterwards).
#[tauri::command]
pub async fn save_report(
    session: State<'_, Arc<Session>>,
    auth: State<'_, Arc<AuthState>>,
    sync: State<'_, Arc<SyncState>>,
    path: PathBuf,
    document: Value,
) -> CommandResult<()> {
    let document = parse(&document)?;
    let saved = {
        let (path, document) = (path.clone(), document.clone());
        blocking(move || Ok(quarry_report::save_report(report_path(&path)?, &document)?))
    };
    saved.await?;
    // The file is saved whatever happens here; the next sync run picks the change up anyway.
    if let Err(error) = record_saved_report(&session, &auth, &sync, &path, &document).await {
        tracing::warn!(%error, "could not queue the saved report for the hub");
    }
    Ok(())
}

/// Where the builder draws each block of each page.
#[tauri::command]
pub fn report_grid(document: Value) -> CommandResult<Vec<Vec<GridCell>>> {
    Ok(quarry_report::editor_grid(&parse(&document)?))
}

/// Filter controls for the report's parameters, with choices read from the workspace.
#[tauri::command]
pub async fn report_parameters(
    session: State<'_, Arc<Session>>,
    document: Value,
) -> CommandResult<Vec<ParameterControl>> {
    let session = Arc::clone(&session);
    blocking(move || {
        let document = parse(&document)?;
        session.with_workspace(|ws| {
            quarry_report::parameter_controls(ws, &document, &Default::default())
        })
    })
    .await
}

/// The report's sheets as the PDF will lay them out, with `params` as the filter values.
#[tauri::command]
pub async fn preview_report(
    session: State<'_, Arc<Session>>,
    jobs: State<'_, Arc<Jobs>>,
    job_id: String,
    document: Value,
    params: BTreeMap<String, Value>,
) -> CommandResult<Vec<PreviewSheet>> {
    let session = Arc::clone(&session);
    let jobs = Arc::clone(&jobs);
    blocking(move || {
        let job = jobs.start(job_id);
        let document = parse(&document)?;
        session.with_workspace(|ws| -> CommandResult<Vec<PreviewSheet>> {
            let options = evaluate_options(ws, &params, job.token.clone())?;
            let report = evaluate(ws, &document, &options)?;
            let layout = layout(&report)?;
            // The UI's stylesheet provides the report font.
            let options = PreviewOptions { embed_font: false };
            (0..layout.sheets.len())
                .map(|index| {
                    Ok(PreviewSheet {
                        width: layout.width,
                        height: layout.height,
                        svg: sheet_svg(&report, &layout, index, options)?,
                    })
                })
                .collect()
        })
    })
    .await
}

/// Writes the report to `path` as PDF or Excel with progress; cancel leaves no file.
#[tauri::command]
#[allow(clippy::too_many_arguments)] // The export dialog's choices, as the UI sends them.
pub async fn export_report(
    session: State<'_, Arc<Session>>,
    jobs: State<'_, Arc<Jobs>>,
    job_id: String,
    document: Value,
    params: BTreeMap<String, Value>,
    format: String,
    path: PathBuf,
    print: PrintChoice,
    on_progress: Channel<Progress>,
) -> CommandResult<ExportDone> {
    let format = match format.as_str() {
        "pdf" => ReportFormat::Pdf,
        "xlsx" => ReportFormat::Xlsx,
        other => {
            return Err(CommandError::new(format!(
                "reports export to pdf or xlsx, not {other:?}"
            )));
        }
    };
    let session = Arc::clone(&session);
    let jobs = Arc::clone(&jobs);
    blocking(move || {
        let job = jobs.start(job_id);
        let mut document = parse(&document)?;
        document.print.paper = print.paper;
        document.print.landscape = print.landscape;
        session.with_workspace(|ws| -> CommandResult<ExportDone> {
            let options = evaluate_options(ws, &params, job.token.clone())?;
            let progress = |fraction: f64| {
                let _ = on_progress.send(Progress { fraction });
            };
            quarry_report::render_report(ws, &document, &options, format, &path, &progress)?;
            Ok(ExportDone {
                path: path.display().to_string(),
                rows: 0,
            })
        })
    })
    .await
}

fn evaluate_options(
    ws: &quarry_engine::Workspace,
    params: &BTreeMap<String, Value>,
    cancel: quarry_engine::CancelToken,
) -> CommandResult<EvaluateOptions> {
    Ok(EvaluateOptions {
        parameters: overrides_from_controls(params)?,
        base_dir: reports_dir(ws),
        generated_at: None,
        cancel,
    })
}

/// The document as the UI sent it, checked like a file (errors name the place).
fn parse(document: &Value) -> CommandResult<ReportDocument> {
    Ok(ReportDocument::from_json(&document.to_string())?)
}

/// Only report documents are read or written through these commands.
fn report_path(path: &Path) -> CommandResult<&Path> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if name.ends_with(quarry_report::REPORT_EXTENSION) {
        Ok(path)
    } else {
        Err(CommandError::new(format!(
            "{} is not a report document (*{})",
            path.display(),
            quarry_report::REPORT_EXTENSION
        )))
    }
}
