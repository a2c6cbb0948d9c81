//! The one error type of the exporters; every message says what to do next.

use std::convert::Infallible;
use std::error::Error;
use std::path::PathBuf;

use arrow_schema::ArrowError;

/// What can go wrong while exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The target's folder does not exist or cannot be written to.
    #[error("cannot write to {}: {source}. Choose a folder that exists and that you can write to", dir.display())]
    Create {
        /// The folder the export was to be written in.
        dir: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// Writing the workbook (or its temporary data) failed, e.g. for lack of disk space.
    #[error("writing {} failed: {message}. Check free disk space and permissions, then export again", path.display())]
    Write {
        /// The file being exported.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// The caller asked to stop; nothing was written at the target path.
    #[error("the export was cancelled; no file was written")]
    Cancelled,
    /// The data has a shape Excel cannot hold (too many columns, a malformed pivot, …).
    #[error("{0}")]
    Unsupported(String),
    /// Producing the data failed (a query error, a broken batch, …).
    #[error("reading the data to export failed: {0}")]
    Input(#[source] Box<dyn Error + Send + Sync>),
    /// An earlier call failed, so the workbook is incomplete and will not be written.
    #[error("an earlier error stopped this export; nothing was written. Start the export again")]
    Aborted,
}

impl ExportError {
    /// Wraps an upstream error (e.g. the engine's) that stopped the data from arriving.
    pub fn input(error: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::Input(error.into())
    }
}

impl From<ArrowError> for ExportError {
    fn from(error: ArrowError) -> Self {
        Self::Input(Box::new(error))
    }
}

impl From<Infallible> for ExportError {
    fn from(never: Infallible) -> Self {
        match never {}
    }
}
