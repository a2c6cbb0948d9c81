//! End-to-end tests of the desktop app (tests named `e2e_*`): one binary, because every test
//! binary links DuckDB.

mod first_run;
mod identity;
mod import_and_cancel;
mod journey;
mod sharing;
mod sign_in;
#[path = "../../../../crates/hub/tests/support/mod.rs"]
mod support;
