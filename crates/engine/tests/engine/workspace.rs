//! Workspaces on real DuckDB files: creation, reopening, listing and the bad paths.

use std::fs;

use quarry_engine::{DATABASE_FILE, EngineError, QueryOptions, Workspace};

fn scalar(workspace: &Workspace, sql: &str) -> String {
    let result = workspace.query(sql, &QueryOptions::default()).expect(sql);
    result.rows[0][0].to_string()
}

#[test]
fn sample_has_the_requested_rows_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws");
    {
        let workspace = Workspace::create(&path).unwrap();
        workspace.load_sample(2_500).unwrap();
        assert_eq!(scalar(&workspace, "SELECT count(*) FROM sales"), "2500");
    }
    let reopened = Workspace::open(&path).unwrap();
    assert_eq!(scalar(&reopened, "SELECT count(*) FROM sales"), "2500");
    assert_eq!(reopened.database_path(), path.join(DATABASE_FILE));
}

#[test]
fn sample_is_deterministic() {
    let sums: Vec<String> = (0..2)
        .map(|_| {
            let dir = tempfile::tempdir().unwrap();
            let workspace = Workspace::create(dir.path()).unwrap();
            workspace.load_sample(1_000).unwrap();
            scalar(
                &workspace,
                "SELECT sum(revenue) || '/' || min(order_ts) FROM sales",
            )
        })
        .collect();
    assert_eq!(sums[0], sums[1]);
}

#[test]
fn tables_lists_user_tables_and_views_but_hides_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = Workspace::create(dir.path()).unwrap();
    assert!(workspace.tables().unwrap().is_empty());

    workspace.load_sample(300).unwrap();
    workspace
        .query(
            "CREATE SCHEMA staging; CREATE TABLE staging.raw AS SELECT 1 AS x;
             CREATE VIEW big_orders AS SELECT * FROM sales WHERE revenue > 1000",
            &QueryOptions::default(),
        )
        .unwrap();
    let tables = workspace.tables().unwrap();
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["big_orders", "sales", "staging.raw"]);

    let sales = &tables[1];
    assert_eq!(sales.row_count, Some(300));
    assert!(!sales.is_view);
    let columns: Vec<(&str, &str)> = sales
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.sql_type.as_str()))
        .collect();
    assert_eq!(columns[0], ("order_id", "BIGINT"));
    assert_eq!(columns[1], ("order_ts", "TIMESTAMP"));
    assert_eq!(columns.last(), Some(&("revenue", "DECIMAL(14,2)")));
    assert!(tables[0].is_view);
    assert_eq!(tables[0].row_count, None);
}

#[cfg(unix)]
#[test]
fn workspace_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("private");
    Workspace::create(&path).unwrap();
    let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o700);
    assert_eq!(mode(&path.join(DATABASE_FILE)), 0o600);
}

#[test]
fn opening_a_missing_directory_says_how_to_create_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let error = Workspace::open(&missing).err().unwrap();
    assert!(
        matches!(error, EngineError::WorkspaceMissing(_)),
        "{error:?}"
    );
    assert!(error.to_string().contains("init"), "{error}");
    assert!(!missing.exists(), "open must not create anything");
}

#[test]
fn opening_a_directory_without_a_database_is_not_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let error = Workspace::open(dir.path()).err().unwrap();
    assert!(matches!(error, EngineError::NotAWorkspace(_)), "{error:?}");
    assert!(!dir.path().join(DATABASE_FILE).exists());
}

#[test]
fn a_file_is_not_a_workspace_directory() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    fs::write(&file, "hello").unwrap();
    for error in [
        Workspace::open(&file).err().unwrap(),
        Workspace::create(&file).err().unwrap(),
    ] {
        assert!(
            matches!(error, EngineError::WorkspaceIsFile(_)),
            "{error:?}"
        );
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "hello");
}

#[test]
fn a_directory_in_place_of_the_database_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(DATABASE_FILE)).unwrap();
    for error in [
        Workspace::open(dir.path()).err().unwrap(),
        Workspace::create(dir.path()).err().unwrap(),
    ] {
        assert!(
            matches!(error, EngineError::DatabaseIsDirectory(_)),
            "{error:?}"
        );
    }
}

#[test]
fn a_corrupt_database_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DATABASE_FILE);
    let garbage = b"this is not a duckdb file, just some bytes".repeat(200);
    fs::write(&db, &garbage).unwrap();
    let error = Workspace::open(dir.path()).err().unwrap();
    assert!(
        matches!(error, EngineError::CorruptDatabase { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("not a readable DuckDB database"),
        "{error}"
    );
    assert_eq!(
        fs::read(&db).unwrap(),
        garbage,
        "the file must be left as it was"
    );
}

#[test]
fn a_second_writer_gets_a_locked_error() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Workspace::create(dir.path()).unwrap();
    // DuckDB locks per process and lets one process open the file again; a second process is
    // refused. Simulate the second process with a child that opens the same file.
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "workspace::lock_probe",
            "--nocapture",
            "--ignored",
        ])
        .env("QUARRY_LOCK_PROBE", dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&child.stdout);
    assert!(stdout.contains("LOCKED:"), "child said: {stdout}");
    assert!(stdout.contains("open in another"), "child said: {stdout}");
}

/// Run only by `a_second_writer_gets_a_locked_error`, in a child process.
#[test]
#[ignore = "helper for a_second_writer_gets_a_locked_error"]
fn lock_probe() {
    let Some(dir) = std::env::var_os("QUARRY_LOCK_PROBE") else {
        return;
    };
    match Workspace::open(dir) {
        Err(error @ EngineError::WorkspaceLocked { .. }) => println!("LOCKED: {error}"),
        Err(other) => println!("OTHER: {other:?}"),
        Ok(_) => println!("OPENED"),
    }
}
