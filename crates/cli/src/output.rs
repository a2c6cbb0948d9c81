//! Printing query results as an aligned table, CSV or JSON.

use std::io::{self, Write};

use quarry_engine::{ColumnKind, QueryResult};

/// How `quarry sql` prints a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading in a terminal.
    Table,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// A JSON array with one object per row, values typed.
    Json,
}

/// Writes `result` in `format`.
pub fn write_result(out: &mut impl Write, result: &QueryResult, format: Format) -> io::Result<()> {
    match format {
        Format::Table => write_table(out, result),
        Format::Csv => write_csv(out, result),
        Format::Json => write_json(out, result),
    }
}

fn write_table(out: &mut impl Write, result: &QueryResult) -> io::Result<()> {
    let texts: Vec<Vec<String>> = result
        .rows
        .iter()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect();
    let widths: Vec<usize> = result
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            texts
                .iter()
                .map(|row| row[i].chars().count())
                .chain([column.name.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, cells: &[String], right: &[bool]| -> io::Result<()> {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .zip(right)
            .map(|((cell, &width), &right)| {
                if right {
                    format!("{cell:>width$}")
                } else {
                    format!("{cell:<width$}")
                }
            })
            .collect();
        writeln!(out, "{}", padded.join("  ").trim_end())
    };
    let numeric: Vec<bool> = result
        .columns
        .iter()
        .map(|c| {
            matches!(
                c.kind,
                ColumnKind::Integer | ColumnKind::Float | ColumnKind::Decimal
            )
        })
        .collect();
    let names: Vec<String> = result.columns.iter().map(|c| c.name.clone()).collect();
    line(out, &names, &numeric)?;
    let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    line(out, &rule, &numeric)?;
    for row in &texts {
        line(out, row, &numeric)?;
    }
    if result.truncated {
        writeln!(
            out,
            "({} of {} rows shown)",
            result.rows.len(),
            result.total_rows
        )?;
    }
    Ok(())
}

fn write_csv(out: &mut impl Write, result: &QueryResult) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(result.columns.iter().map(|c| c.name.as_str()))?;
    for row in &result.rows {
        writer.write_record(row.iter().map(ToString::to_string))?;
    }
    writer.flush()
}

fn write_json(out: &mut impl Write, result: &QueryResult) -> io::Result<()> {
    let objects: Vec<serde_json::Map<String, serde_json::Value>> = result
        .rows
        .iter()
        .map(|row| {
            result
                .columns
                .iter()
                .zip(row)
                .map(|(column, cell)| {
                    let value = serde_json::to_value(cell).unwrap_or(serde_json::Value::Null);
                    (column.name.clone(), value)
                })
                .collect()
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &objects)?;
    writeln!(out)
}
