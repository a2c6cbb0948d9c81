//! `quarry sync`: a workspace's reports and comments shared through the hub, from a terminal
//! (scheduled or headless runs, and scripting). Local changes go to the workspace's outbox at
//! once; `quarry sync run` pushes them and pulls everyone else's.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use quarry_engine::import::{ImportOptions, SourceFormat};
use quarry_engine::{CancelToken, Workspace};
use quarry_report::{ExportFormat, ReportDocument, export_dataset};
use quarry_sync::{
    Call, HubClient, RetryPolicy, StaticToken, SyncSession, SyncStatus, download_snapshot,
    upload_snapshot,
};
use serde_json::Value;
use uuid::Uuid;

use crate::CliError;
use crate::files::write_atomically;
use crate::imports::write_schema_changes;

/// Where the hub is and who is calling.
#[derive(Args)]
pub struct SyncArgs {
    /// The hub's base URL.
    #[arg(long, env = "QUARRY_HUB_URL", value_name = "URL")]
    hub: String,
    /// The shared workspace on the hub (its id).
    #[arg(long, env = "QUARRY_HUB_WORKSPACE", value_name = "ID")]
    hub_workspace: Uuid,
    /// An access token for the hub (headless runs; the desktop uses the signed-in account).
    #[arg(long, env = "QUARRY_HUB_TOKEN", hide_env_values = true)]
    token: String,
    #[command(subcommand)]
    action: SyncAction,
}

#[derive(Subcommand)]
enum SyncAction {
    /// Push local changes and pull the hub's; print what happened.
    Run,
    /// Synced, N pending, offline or in conflict.
    Status,
    /// The synced documents.
    List,
    /// Share a report file (a new document, or an edit of the shared one with the same title).
    Publish { report: PathBuf },
    /// Write a shared report to a file.
    Get { id: Uuid, out: PathBuf },
    /// Comment on a shared document (pushed with the next run).
    Comment { id: Uuid, text: String },
    /// The document's comments on the hub, oldest first.
    Comments { id: Uuid },
    /// Publish a dataset of this workspace as a snapshot (Parquet); others get it on their
    /// next `run`.
    ShareDataset { name: String },
}

/// Runs one `quarry sync` action for the workspace in `dir`.
pub fn sync(dir: &Path, args: SyncArgs, out: &mut impl Write) -> Result<(), CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = HubClient::new(&args.hub, StaticToken(args.token), RetryPolicy::default())?;
    let mut session = SyncSession::open(dir, args.hub_workspace, client)?;
    match args.action {
        SyncAction::Run => {
            let report = runtime.block_on(session.sync())?;
            let snapshots = &report.pulled.snapshots;
            if !snapshots.is_empty() {
                let engine = Workspace::create(dir)?;
                refresh_datasets(&runtime, &session, &engine, dir, snapshots, out)?;
            }
            writeln!(
                out,
                "pushed {} (merged {}, conflicts {}), pulled {} documents and {} comments",
                report.pushed.accepted,
                report.pushed.merged,
                report.pushed.conflicts,
                report.pulled.documents.len(),
                report.pulled.comments.len()
            )?;
            writeln!(out, "{}", status_text(session.status()))?;
        }
        SyncAction::Status => writeln!(out, "{}", status_text(session.status()))?,
        SyncAction::List => {
            for doc in session.documents().filter(|d| !d.deleted) {
                let version = doc.base.as_ref().map(|b| b.version.to_string());
                writeln!(
                    out,
                    "{}\t{}\tv{}\t{}",
                    doc.id,
                    doc.kind,
                    version.as_deref().unwrap_or("-"),
                    doc.content.title
                )?;
            }
        }
        SyncAction::Publish { report } => {
            let doc = ReportDocument::load(&report)
                .map_err(|e| CliError::Usage(format!("{}: {e}", report.display())))?;
            let body = serde_json::to_value(&doc)
                .map_err(|e| CliError::Usage(format!("{}: {e}", report.display())))?;
            let shared = session
                .documents()
                .find(|d| !d.deleted && d.kind == "report" && d.content.title == doc.title)
                .map(|d| d.id);
            let id = match shared {
                Some(id) => {
                    session.edit_document(id, &doc.title, body)?;
                    id
                }
                None => session.create_document("report", &doc.title, body)?,
            };
            writeln!(out, "{id}\tqueued; `quarry sync run` sends it")?;
        }
        SyncAction::Get { id, out: path } => {
            let doc = session
                .document(id)
                .ok_or_else(|| CliError::Usage(format!("no synced document has the id {id}")))?;
            let json = serde_json::to_string_pretty(&doc.content.body)
                .map_err(|e| CliError::Usage(e.to_string()))?;
            ReportDocument::from_json(&json)?;
            write_atomically(&path, json.as_bytes())?;
            writeln!(out, "wrote {}", path.display())?;
        }
        SyncAction::Comment { id, text } => {
            session.add_comment(id, &text, None, None)?;
            writeln!(out, "queued; `quarry sync run` sends it")?;
        }
        SyncAction::ShareDataset { name } => {
            let engine = Workspace::open(dir)?;
            let scratch = tempfile::tempdir()?;
            let file = scratch.path().join("snapshot.parquet");
            let cancel = CancelToken::new();
            let dataset = export_dataset(
                &engine,
                &name,
                ExportFormat::Parquet,
                &file,
                &cancel,
                &|_| {},
            )?;
            let upload = upload_snapshot(
                session.client(),
                args.hub_workspace,
                &dataset.name,
                &file,
                Some(dataset.row_count),
            );
            let id = runtime.block_on(upload)?;
            writeln!(
                out,
                "{id}\tshared {} ({} rows)",
                dataset.name, dataset.row_count
            )?;
        }
        SyncAction::Comments { id } => {
            // Threads of comments, each oldest first.
            let path = format!("/workspaces/{}/documents/{id}/comments", args.hub_workspace);
            let answer = runtime.block_on(
                session
                    .client()
                    .call(&Call::new(reqwest::Method::GET, path)),
            )?;
            let threads: Value = answer.json()?;
            let comments = threads
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|thread| thread.get("comments")?.as_array())
                .flatten();
            for comment in comments {
                let field = |name: &str| comment.get(name).and_then(Value::as_str).unwrap_or("");
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    field("created_at"),
                    field("author_username"),
                    field("body")
                )?;
            }
        }
    }
    Ok(())
}

/// Downloads the pulled snapshots into the workspace's offline cache (`sync/snapshots`) and
/// refreshes their datasets in the engine, printing each refresh and its schema changes.
/// Snapshots whose file is not uploaded yet are left for a later run.
fn refresh_datasets<T: quarry_sync::TokenSource>(
    runtime: &tokio::runtime::Runtime,
    session: &SyncSession<T>,
    engine: &Workspace,
    dir: &Path,
    snapshots: &[Uuid],
    out: &mut impl Write,
) -> Result<(), CliError> {
    let cache = dir.join("sync").join("snapshots");
    for &snapshot in snapshots {
        let download = download_snapshot(session.client(), session.workspace(), snapshot, &cache);
        let cached = match runtime.block_on(download) {
            Ok(cached) => cached,
            Err(quarry_sync::SyncError::Hub { status: 409, .. }) => continue,
            Err(error) => return Err(error.into()),
        };
        let options = ImportOptions {
            name: Some(cached.dataset.clone()),
            format: Some(SourceFormat::Parquet),
            ..ImportOptions::default()
        };
        let path = cached.path.display().to_string();
        let mut report = engine.import(&path, &options, &CancelToken::new(), &|_| {})?;
        quarry_report::add_affected_reports(engine, &mut report)?;
        writeln!(
            out,
            "refreshed {} to version {} ({} rows)",
            report.dataset.name, report.dataset.version, report.dataset.row_count
        )?;
        write_schema_changes(&report, out)?;
    }
    Ok(())
}

fn status_text(status: SyncStatus) -> String {
    match status {
        SyncStatus::Synced => "synced".to_owned(),
        SyncStatus::Pending(n) => format!("{n} pending"),
        SyncStatus::Offline(n) => format!("offline, {n} pending"),
        SyncStatus::Conflict(n) => format!("{n} in conflict: resolve in the app"),
    }
}
