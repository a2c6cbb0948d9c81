//! `quarry settings`: show or change how much of the machine DuckDB may use, and where it spills.

use std::io::Write;
use std::path::PathBuf;

use quarry_engine::{Workspace, WorkspaceSettings};

use crate::CliError;

/// Changes to the stored settings; none prints them as they are.
#[derive(Debug, clap::Args)]
pub struct SettingsArgs {
    /// DuckDB's memory limit, e.g. 4GB or 75%.
    #[arg(long, value_name = "SIZE")]
    memory_limit: Option<String>,
    /// Worker threads.
    #[arg(long, value_name = "N")]
    threads: Option<u32>,
    /// An absolute folder for DuckDB's spill files.
    #[arg(long, value_name = "DIR")]
    temp_dir: Option<PathBuf>,
    /// Forget every setting first (DuckDB's defaults, spilling into the workspace).
    #[arg(long)]
    reset: bool,
}

/// Applies the changes, if any, and prints the settings in effect.
pub fn settings(
    workspace: &Workspace,
    args: SettingsArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let mut settings = if args.reset {
        WorkspaceSettings::default()
    } else {
        workspace.settings()?
    };
    let changed = args.reset
        || args.memory_limit.is_some()
        || args.threads.is_some()
        || args.temp_dir.is_some();
    settings.memory_limit = args.memory_limit.or(settings.memory_limit);
    settings.threads = args.threads.or(settings.threads);
    settings.temp_directory = args.temp_dir.or(settings.temp_directory);
    if changed {
        workspace.set_settings(&settings)?;
    }
    let default = "(DuckDB's default)";
    let memory = settings.memory_limit.as_deref().unwrap_or(default);
    writeln!(out, "memory limit:   {memory}")?;
    match settings.threads {
        Some(threads) => writeln!(out, "threads:        {threads}")?,
        None => writeln!(out, "threads:        {default}")?,
    }
    let spill = settings.spill_directory(workspace.dir());
    writeln!(out, "temp directory: {}", spill.display())?;
    Ok(())
}
