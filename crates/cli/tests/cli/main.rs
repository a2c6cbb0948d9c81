//! Integration tests of the `quarry` command: one binary, because every test binary links
//! DuckDB.

mod chart;
mod commands;
mod render;
mod schema_change;
#[path = "../../../hub/tests/support/mod.rs"]
mod support;
mod sync;
