//! Integration tests of the engine: one binary, because every test binary links DuckDB.

mod cache;
mod excel;
mod export;
mod import;
mod notebook;
mod profile;
mod query;
mod sandbox;
mod settings;
mod spreadsheets;
mod workspace;
