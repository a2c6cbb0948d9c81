//! `quarry`: the command-line face of Quarry's crates.

mod chart;
mod export;
mod files;
mod imports;
mod output;
mod profile;
mod render;
mod settings;
mod statements;
mod sync;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use quarry_engine::{CacheOutcome, CancelToken, EngineError, QueryOptions, Workspace};

use crate::output::{Format, write_result};

/// Quarry: local analytics on DuckDB workspaces.
#[derive(Parser)]
#[command(name = "quarry", version, about)]
struct Cli {
    /// The workspace directory (holds quarry.duckdb).
    #[arg(long, short = 'w', env = "QUARRY_WORKSPACE", global = true)]
    workspace: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the workspace (or open an existing one), optionally with the sample `sales` table.
    Init {
        /// Rows of the deterministic sample `sales` table to (re)generate.
        #[arg(long, value_name = "N")]
        sample_rows: Option<u64>,
    },
    /// Run SQL and print the result.
    Sql {
        /// The SQL text; several statements run in order and the last one's rows are printed.
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        query: Option<String>,
        /// Run each statement of this SQL file in order, printing every result.
        #[arg(long, value_name = "F.sql")]
        file: Option<PathBuf>,
        /// Print how long each statement took (to stderr).
        #[arg(long)]
        timing: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Print at most this many rows.
        #[arg(long, default_value_t = usize::MAX, hide_default_value = true)]
        max_rows: usize,
        /// Run the query even if the result cache has its answer, and do not store it.
        #[arg(long)]
        no_cache: bool,
        /// Print DuckDB's plan with each operator's time and rows instead of the result.
        #[arg(long, conflicts_with = "file")]
        explain: bool,
    },
    /// Import a file, folder or glob into a dataset (re-importing refreshes it).
    Import(imports::ImportArgs),
    /// Draw a chart spec over the workspace's data to SVG, PDF and/or PNG.
    Chart(chart::ChartArgs),
    /// Evaluate a report and write it as PDF and/or Excel.
    Render(render::RenderArgs),
    /// Export a query or dataset to Excel, CSV or Parquet.
    Export(export::ExportArgs),
    /// List the imported datasets.
    Datasets {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Column statistics and personal-data matches of a dataset, table or view.
    Profile {
        dataset: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Share reports and comments through the hub (offline-first: changes wait in an outbox).
    Sync(sync::SyncArgs),
    /// Show or change the engine's memory limit, threads and spill directory.
    Settings(settings::SettingsArgs),
    /// Show or empty the result cache.
    Cache {
        #[arg(value_enum)]
        action: CacheAction,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum CacheAction {
    /// Entries and bytes of the persisted cache level (the memory level and the hit counters
    /// live only as long as one process: see them in the app's status bar).
    Stats,
    /// Drop every cached result.
    Clear,
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("no workspace given: pass --workspace DIR or set QUARRY_WORKSPACE")]
    NoWorkspace,
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("cannot write the output: {0}")]
    Output(#[from] io::Error),
    #[error("cannot read {path}: {source}")]
    ReadFile { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    WriteFile { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Chart(#[from] quarry_charts::ChartError),
    #[error(transparent)]
    Report(#[from] quarry_report::ReportError),
    #[error(transparent)]
    Export(#[from] quarry_export::ExportError),
    #[error(transparent)]
    Sync(#[from] quarry_sync::SyncError),
    #[error("{0}")]
    Usage(String),
    #[error("statement {number} ({first_line}) failed: {error}")]
    Statement {
        number: usize,
        first_line: String,
        error: EngineError,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let dir = cli.workspace.ok_or(CliError::NoWorkspace)?;
    let mut out = io::stdout().lock();
    match cli.command {
        Command::Init { sample_rows } => {
            let workspace = Workspace::create(&dir)?;
            if let Some(rows) = sample_rows {
                workspace.load_sample(rows)?;
            }
            writeln!(
                out,
                "workspace ready: {}",
                workspace.database_path().display()
            )?;
        }
        Command::Sql {
            query,
            file,
            timing,
            format,
            max_rows,
            no_cache,
            explain,
        } => {
            let workspace = Workspace::open(&dir)?;
            let options = QueryOptions {
                max_rows,
                use_cache: !no_cache,
                ..QueryOptions::default()
            };
            match (query, file) {
                (Some(sql), _) if explain => {
                    let plan = workspace.explain_analyze(&sql, &CancelToken::new())?;
                    writeln!(out, "{plan}")?;
                }
                (Some(sql), _) => {
                    let result = workspace.query(&sql, &options)?;
                    write_result(&mut out, &result, format)?;
                    if timing {
                        eprintln!(
                            "time: {:.1} ms (cache: {})",
                            result.elapsed_ms,
                            cache_outcome(result.cache)
                        );
                    }
                }
                (None, Some(path)) => {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|source| CliError::ReadFile { path, source })?;
                    statements::run_file(&workspace, &text, &options, format, timing, &mut out)?;
                }
                (None, None) => {
                    return Err(CliError::Usage("give the SQL text or --file F.sql".into()));
                }
            }
        }
        Command::Import(args) => imports::import(&Workspace::open(&dir)?, args, &mut out)?,
        Command::Chart(args) => chart::chart(&Workspace::open(&dir)?, args, &mut out)?,
        Command::Render(args) => render::render(&Workspace::open(&dir)?, args, &mut out)?,
        Command::Export(args) => export::export(&Workspace::open(&dir)?, args, &mut out)?,
        Command::Datasets { format } => {
            imports::datasets(&Workspace::open(&dir)?, format, &mut out)?
        }
        Command::Sync(args) => sync::sync(&dir, args, &mut out)?,
        Command::Settings(args) => settings::settings(&Workspace::open(&dir)?, args, &mut out)?,
        Command::Profile { dataset, format } => {
            profile::profile(&Workspace::open(&dir)?, &dataset, format, &mut out)?;
        }
        Command::Cache { action } => {
            let workspace = Workspace::open(&dir)?;
            match action {
                CacheAction::Stats => {
                    let stats = workspace.cache_stats()?;
                    writeln!(out, "persisted entries: {}", stats.persisted_entries)?;
                    writeln!(out, "persisted bytes:   {}", stats.persisted_bytes)?;
                }
                CacheAction::Clear => {
                    workspace.clear_cache()?;
                    writeln!(out, "result cache cleared")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// How a result was answered, as `--timing` prints it.
fn cache_outcome(outcome: CacheOutcome) -> &'static str {
    match outcome {
        CacheOutcome::Bypassed => "bypassed",
        CacheOutcome::Miss => "miss",
        CacheOutcome::MemoryHit => "memory hit",
        CacheOutcome::PersistedHit => "persisted hit",
    }
}
