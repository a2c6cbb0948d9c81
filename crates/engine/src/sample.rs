//! The bundled sample data: the deterministic `sales` generator and the reference dashboard.

/// Creates (or replaces) the `sales` table; expects `SET VARIABLE n = <rows>` first.
pub const SALES_SQL: &str = include_str!("../assets/sales.sql");

/// The reference dashboard's eight tiles, one statement each, every one preceded by a `-- name` line.
pub const DASHBOARD_SQL: &str = include_str!("../assets/dashboard.sql");
