//! Integration tests of the exporters: one binary, because every test binary links DuckDB.

mod charts;
mod common;
mod split;
mod xlsx;
