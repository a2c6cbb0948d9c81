//! The crate's one error type.

/// Everything that can go wrong while reading a spec, preparing data or writing output.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The spec is not valid JSON or does not match the format.
    #[error("invalid chart spec: {0}. See docs/charts.md for the spec format")]
    Spec(String),
    /// The spec's version is not one this build understands.
    #[error("unsupported chart spec version {found}; this build reads version {supported}")]
    Version {
        /// The version in the spec.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// An encoding names a column the data does not have.
    #[error(
        "column `{field}` used for {channel} is not in the data; available columns: {available}"
    )]
    MissingColumn {
        /// The missing column.
        field: String,
        /// The encoding channel (x, y, series, …).
        channel: &'static str,
        /// Comma-separated column names of the data.
        available: String,
    },
    /// The chart kind needs an encoding the spec does not give.
    #[error("a {kind} chart needs an `encoding.{channel}`; add it to the spec")]
    MissingEncoding {
        /// The chart kind.
        kind: &'static str,
        /// The missing channel.
        channel: &'static str,
    },
    /// A column has the wrong type for its channel.
    #[error("column `{field}` used for {channel} must be {expected}, but it holds {found}")]
    ColumnType {
        /// The column.
        field: String,
        /// The encoding channel.
        channel: &'static str,
        /// What the channel needs.
        expected: &'static str,
        /// What the column holds.
        found: &'static str,
    },
    /// An Arrow column type the chart engine cannot read.
    #[error(
        "column `{field}` has Arrow type {data_type}, which charts cannot use; cast it to a number, text, date or timestamp in SQL"
    )]
    UnsupportedArrowType {
        /// The column.
        field: String,
        /// The Arrow type.
        data_type: String,
    },
    /// Columns of one data set have different lengths.
    #[error("column `{field}` has {found} rows but the first column has {expected}")]
    RaggedColumns {
        /// The column.
        field: String,
        /// Rows of the first column.
        expected: usize,
        /// Rows of this column.
        found: usize,
    },
    /// The requested size is unusable.
    #[error(
        "chart size {width}x{height} is out of range; use a width and height between 16 and 8192"
    )]
    Size {
        /// Requested width.
        width: f32,
        /// Requested height.
        height: f32,
    },
    /// A zoom range is empty, reversed or not finite.
    #[error(
        "the {axis} range {from}..{to} cannot be shown; give a finite range whose start is below its end"
    )]
    View {
        /// `x` or `y`.
        axis: &'static str,
        /// Start of the range.
        from: f64,
        /// End of the range.
        to: f64,
    },
    /// The bundled font could not be read (a broken build).
    #[error("the bundled chart font could not be parsed; reinstall Quarry")]
    Font,
    /// Rasterizing to PNG failed.
    #[error("could not rasterize the chart to PNG: {0}")]
    Png(String),
}

/// Result alias for this crate.
pub type Result<T, E = ChartError> = std::result::Result<T, E>;
