//! The open workspace, shared by every command.

use std::path::Path;
use std::sync::{Arc, Mutex};

use quarry_engine::{Result as EngineResult, Workspace};

use crate::error::{CommandError, CommandResult};
use crate::paths::AppPaths;

/// Rows of the sample `sales` table generated on first launch.
const SAMPLE_ROWS: u64 = 100_000;

/// App-wide state. The workspace opens lazily, on a blocking thread, at the first command.
pub struct Session {
    paths: AppPaths,
    workspace: Mutex<Option<Arc<Workspace>>>,
}

impl Session {
    pub fn new(paths: AppPaths) -> Self {
        Self {
            paths,
            workspace: Mutex::new(None),
        }
    }

    /// Runs `f` on the open workspace, opening (or creating) the sample one if none is open yet.
    /// Blocks: call it from a blocking task. Other commands run while `f` does.
    pub fn with_workspace<T, E>(
        &self,
        f: impl FnOnce(&Workspace) -> Result<T, E>,
    ) -> CommandResult<T>
    where
        CommandError: From<E>,
    {
        let workspace = {
            let mut slot = self.workspace.lock().map_err(|_| poisoned())?;
            match &mut *slot {
                Some(workspace) => Arc::clone(workspace),
                empty => Arc::clone(empty.insert(Arc::new(open_sample(&self.paths)?))),
            }
        };
        Ok(f(&workspace)?)
    }

    /// Opens (or creates) the workspace in `dir` and makes it the open one. The previous one is
    /// closed first, so switching to the same directory again works; if opening fails, the next
    /// command falls back to the sample workspace.
    pub fn switch_to(&self, dir: &Path) -> CommandResult<Arc<Workspace>> {
        let mut slot = self.workspace.lock().map_err(|_| poisoned())?;
        if let Some(current) = slot.as_ref().filter(|ws| ws.dir() == dir) {
            return Ok(Arc::clone(current));
        }
        *slot = None;
        let workspace = Arc::new(Workspace::create(dir)?);
        *slot = Some(Arc::clone(&workspace));
        Ok(workspace)
    }
}

fn poisoned() -> CommandError {
    CommandError::new("an earlier command failed badly; restart Quarry")
}

/// Opens the sample workspace, generating its data when it has none (first launch, or a first
/// launch that was interrupted).
fn open_sample(paths: &AppPaths) -> EngineResult<Workspace> {
    let workspace = Workspace::create(paths.sample_workspace())?;
    if workspace.tables()?.is_empty() {
        tracing::info!(rows = SAMPLE_ROWS, "generating the sample workspace");
        workspace.load_sample(SAMPLE_ROWS)?;
        install_sample_report(&quarry_report::reports_dir(&workspace));
    }
    Ok(workspace)
}

/// The sample report and its picture, written beside the sample data. A failure only costs the
/// sample report, so it is logged rather than returned.
fn install_sample_report(dir: &Path) {
    let files: [(&str, &[u8]); 2] = [
        (
            "sales-overview.qreport.json",
            include_bytes!("../../examples/reports/sales-overview.qreport.json"),
        ),
        (
            "quarry-logo.png",
            include_bytes!("../../examples/reports/quarry-logo.png"),
        ),
    ];
    let result = std::fs::create_dir_all(dir).and_then(|()| {
        files
            .iter()
            .try_for_each(|(name, bytes)| std::fs::write(dir.join(name), bytes))
    });
    if let Err(error) = result {
        tracing::warn!(%error, "could not install the sample report");
    }
}
