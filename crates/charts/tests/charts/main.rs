//! Integration tests of the chart engine, in one binary.

mod backends;
mod common;
mod edge;
mod kinds;
mod zoom;
