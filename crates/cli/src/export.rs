//! `quarry export`: any query or dataset to Excel, CSV or Parquet, typed, never truncated, and
//! written atomically.

use std::io::Write;
use std::path::PathBuf;

use quarry_engine::{CancelToken, Workspace, validate_dataset_name};
use quarry_report::{ExportFormat, export_query};

use crate::CliError;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["sql", "dataset"])))]
#[command(group(clap::ArgGroup::new("format").required(true).args(["xlsx", "csv", "parquet"])))]
pub struct ExportArgs {
    /// The SELECT to export.
    #[arg(long)]
    sql: Option<String>,
    /// The dataset (or table) to export whole.
    #[arg(long)]
    dataset: Option<String>,
    /// Write an Excel workbook (more than 1,048,575 rows continue on further sheets).
    #[arg(long)]
    xlsx: bool,
    /// Write CSV with a header row.
    #[arg(long)]
    csv: bool,
    /// Write Parquet (zstd).
    #[arg(long)]
    parquet: bool,
    /// Where to write.
    out: PathBuf,
}

/// Exports the query or dataset to `args.out`.
pub fn export(
    workspace: &Workspace,
    args: ExportArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let (sql, name) = match (&args.sql, &args.dataset) {
        (Some(sql), _) => (sql.clone(), "Query".to_owned()),
        (None, Some(dataset)) => {
            validate_dataset_name(dataset)?;
            (format!("SELECT * FROM \"{dataset}\""), dataset.clone())
        }
        (None, None) => return Err(CliError::Usage("pass --sql or --dataset".into())),
    };
    let format = match (args.xlsx, args.csv) {
        (true, _) => ExportFormat::Xlsx,
        (false, true) => ExportFormat::Csv,
        (false, false) => ExportFormat::Parquet,
    };
    let rows = export_query(
        workspace,
        &sql,
        &name,
        format,
        &args.out,
        &CancelToken::new(),
        &|_| {},
    )?;
    writeln!(out, "wrote {} ({rows} rows)", args.out.display())?;
    Ok(())
}
