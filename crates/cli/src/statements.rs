//! `quarry sql --file`: every statement of a script, in order.

use std::io::Write;

use quarry_engine::{QueryOptions, Workspace, split_statements};

use crate::CliError;
use crate::output::{Format, write_result};

/// Runs each statement of `script`, printing each result; stops at the first error, naming the
/// statement.
pub fn run_file(
    workspace: &Workspace,
    script: &str,
    options: &QueryOptions,
    format: Format,
    timing: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let statements = split_statements(script);
    for (index, statement) in statements.iter().enumerate() {
        let number = index + 1;
        let result = workspace
            .query(statement, options)
            .map_err(|error| CliError::Statement {
                number,
                first_line: first_code_line(statement).to_owned(),
                error,
            })?;
        if index > 0 && format == Format::Table {
            writeln!(out)?;
        }
        write_result(out, &result, format)?;
        if timing {
            eprintln!(
                "statement {number}: {:.1} ms  {}",
                result.elapsed_ms,
                first_code_line(statement)
            );
        }
    }
    Ok(())
}

/// The first line of a statement that is not a comment, for messages.
fn first_code_line(statement: &str) -> &str {
    statement
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with("--"))
        .unwrap_or(statement)
}
