//! Integration tests of reports: one binary, because every test binary links DuckDB.

mod builder;
mod document;
mod render;
