//! The chart builder: live previews of a draft and the chart block it becomes in a report.

use std::sync::Arc;

use quarry_charts::{Theme, View};
use quarry_engine::CancelToken;
use quarry_report::{ChartDraft, ChartPreview, DraftBlock, DraftBlockKind};
use tauri::State;

use super::blocking;
use crate::error::CommandResult;
use crate::session::Session;

/// Runs the draft's query and renders it `width` × `height` CSS pixels as SVG with the marks
/// for tooltips, zoomed to `view` when given. (Previews read at most a few thousand aggregated rows, so they are not
/// cancellable.)
#[tauri::command]
pub async fn chart_preview(
    session: State<'_, Arc<Session>>,
    draft: ChartDraft,
    width: f32,
    height: f32,
    theme: Theme,
    locale: String,
    view: Option<View>,
) -> CommandResult<ChartPreview> {
    let session = Arc::clone(&session);
    let view = view.unwrap_or_default();
    blocking(move || {
        let cancel = CancelToken::new();
        session
            .with_workspace(|ws| draft.preview(ws, (width, height), theme, &locale, view, &cancel))
    })
    .await
}

/// The draft as a `kind` block (chart, table, KPI or pivot) reading the query named `query`,
/// with that query's SQL.
#[tauri::command]
pub fn draft_block(
    draft: ChartDraft,
    kind: DraftBlockKind,
    query: String,
) -> CommandResult<DraftBlock> {
    Ok(draft.to_block(kind, &query)?)
}
