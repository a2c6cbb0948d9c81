//! Integration tests of reports: one binary, because every test binary links DuckDB.

mod builder;
mod datasets;
mod document;
mod render;
