//! `quarry profile`: column statistics and personal-data matches of a dataset.

use std::io::Write;

use quarry_engine::Workspace;
use quarry_engine::profile::{ProfileOptions, TableProfile};

use crate::CliError;
use crate::output::Format;

/// Prints the profile of `table` as a table of columns, or as JSON.
pub fn profile(
    workspace: &Workspace,
    table: &str,
    format: Format,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let profile = workspace.profile(table, &ProfileOptions::default())?;
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &profile).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Table | Format::Csv => write_summary(&profile, out)?,
    }
    Ok(())
}

fn write_summary(profile: &TableProfile, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{}: {} rows", profile.table, profile.row_count)?;
    for column in &profile.columns {
        let range = match (&column.min, &column.max) {
            (Some(min), Some(max)) => format!("  range {min} .. {max}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{} {}: {:.1}% null, ~{} distinct{range}",
            column.name, column.sql_type, column.null_percent, column.approx_distinct
        )?;
        let top: Vec<String> = column
            .top_values
            .iter()
            .take(3)
            .map(|v| format!("{} ({})", v.value.as_deref().unwrap_or("NULL"), v.count))
            .collect();
        if !top.is_empty() {
            writeln!(out, "  top: {}", top.join(", "))?;
        }
        for found in &column.pii {
            writeln!(
                out,
                "  personal data: {:?} in {} sampled values",
                found.kind, found.count
            )?;
        }
    }
    Ok(())
}
