//! The error every command returns to the UI: a message a person can act on.

use serde::Serialize;

/// A command failure as the UI receives it.
#[derive(Debug, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct CommandError {
    pub message: String,
}

impl CommandError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl From<quarry_engine::EngineError> for CommandError {
    fn from(error: quarry_engine::EngineError) -> Self {
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
