use std::path::PathBuf;

use quarry_charts::ChartError;
use quarry_engine::EngineError;

/// Everything that can go wrong with a report, phrased for the person who has to fix it. Errors
/// about the document name the place in it, e.g. `pages[1].blocks[3].chart`.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{place}: {message}")]
    Invalid { place: String, message: String },

    #[error("queries.{query}: {source}")]
    Query {
        query: String,
        #[source]
        source: EngineError,
    },

    #[error("{place}: {source}")]
    Chart {
        place: String,
        #[source]
        source: ChartError,
    },

    #[error("parameter {name}: {message}")]
    Parameter { name: String, message: String },

    #[error("{place}: cannot use image {}: {message}", .path.display())]
    Image {
        place: String,
        path: PathBuf,
        message: String,
    },

    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(transparent)]
    Excel(quarry_export::ExportError),

    #[error("cannot build the PDF: {0}")]
    Pdf(String),

    #[error("cancelled; no file was written")]
    Cancelled,
}

/// The report crate's result type.
pub type Result<T, E = ReportError> = std::result::Result<T, E>;

pub(crate) fn invalid(place: impl Into<String>, message: impl Into<String>) -> ReportError {
    ReportError::Invalid {
        place: place.into(),
        message: message.into(),
    }
}
