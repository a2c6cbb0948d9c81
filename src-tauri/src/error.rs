//! The error every command returns to the UI: a message a person can act on, and the SQL line
//! DuckDB pointed at when there is one.

use serde::Serialize;

/// A command failure as the UI receives it.
#[derive(Debug, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct CommandError {
    pub message: String,
    /// 1-based line of the SQL the message is about (DuckDB's `LINE n:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl CommandError {
    pub fn new(message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            line: sql_line(&message),
            message,
        }
    }
}

/// The line number in DuckDB's `LINE 3: SELECT …` excerpt, if the message has one.
fn sql_line(message: &str) -> Option<u32> {
    let rest = &message[message.find("LINE ")? + "LINE ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    rest[digits.len()..]
        .starts_with(':')
        .then(|| digits.parse().ok())?
}

impl From<quarry_engine::EngineError> for CommandError {
    fn from(error: quarry_engine::EngineError) -> Self {
        Self::new(error.to_string())
    }
}

impl From<quarry_report::ReportError> for CommandError {
    fn from(error: quarry_report::ReportError) -> Self {
        Self::new(error.to_string())
    }
}

impl From<tauri::Error> for CommandError {
    fn from(error: tauri::Error) -> Self {
        Self::new(format!("internal error: {error}"))
    }
}

/// What commands return.
pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sql_line_comes_from_duckdbs_excerpt() {
        let error = CommandError::new(
            "Parser Error: syntax error at or near \"FORM\"\n\nLINE 2: SELECT * FORM sales\n                  ^",
        );
        assert_eq!(error.line, Some(2));
        assert_eq!(CommandError::new("no dataset named x").line, None);
        assert_eq!(CommandError::new("LINE x: nope").line, None);
    }
}
