//! The `quarry` binary as a user runs it.

use std::path::Path;
use std::process::{Command, Output};

fn quarry(workspace: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--workspace")
        .arg(workspace)
        .args(args)
        .env_remove("QUARRY_WORKSPACE")
        .output()
        .expect("run quarry")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "quarry failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn sample_workspace(rows: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    stdout(&quarry(dir.path(), &["init", "--sample-rows", rows]));
    dir
}

#[test]
fn init_then_count_prints_the_row_count() {
    let dir = sample_workspace("1234");
    let out = stdout(&quarry(dir.path(), &["sql", "select count(*) from sales"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.last().map(|l| l.trim()),
        Some("1234"),
        "output was:\n{out}"
    );
}

#[test]
fn csv_output_is_parseable_and_complete() {
    let dir = sample_workspace("50");
    let out = stdout(&quarry(
        dir.path(),
        &[
            "sql",
            "SELECT order_id, region, revenue FROM sales ORDER BY order_id",
            "--format",
            "csv",
        ],
    ));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["order_id", "region", "revenue"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 50);
    assert_eq!(&records[0][0], "0");
    assert!(
        records[0][2].parse::<f64>().is_ok(),
        "revenue {:?}",
        &records[0][2]
    );
}

#[test]
fn json_output_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&quarry(dir.path(), &["init"]));
    let out = stdout(&quarry(
        dir.path(),
        &[
            "sql",
            "SELECT 1 AS n, 'x, \"y\"' AS s, NULL AS z, 2.50::DECIMAL(5,2) AS d",
            "--format",
            "json",
        ],
    ));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        value,
        serde_json::json!([{ "n": 1, "s": "x, \"y\"", "z": null, "d": 2.5 }])
    );
}

#[test]
fn table_output_aligns_columns_and_notes_truncation() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&quarry(dir.path(), &["init"]));
    let out = stdout(&quarry(
        dir.path(),
        &[
            "sql",
            "SELECT range AS n, 'r' || range AS label FROM range(12)",
            "--max-rows",
            "3",
        ],
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "n  label");
    assert_eq!(lines[1], "-  -----");
    assert_eq!(lines[2], "0  r0");
    assert_eq!(lines.last(), Some(&"(3 of 12 rows shown)"));
}

#[test]
fn invalid_sql_fails_with_duckdbs_message() {
    let dir = sample_workspace("10");
    let output = quarry(dir.path(), &["sql", "SELEC count(*) FROM sales"]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("syntax error"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_workspace_paths_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();

    let empty = quarry(dir.path(), &["sql", "SELECT 1"]);
    assert!(!empty.status.success());
    assert!(
        stderr(&empty).contains("is not a Quarry workspace"),
        "{}",
        stderr(&empty)
    );

    let file = dir.path().join("file.txt");
    std::fs::write(&file, "x").unwrap();
    let is_file = quarry(&file, &["sql", "SELECT 1"]);
    assert!(!is_file.status.success());
    assert!(stderr(&is_file).contains("is a file, not a workspace directory"));

    let corrupt = dir.path().join("corrupt");
    std::fs::create_dir(&corrupt).unwrap();
    std::fs::write(corrupt.join("quarry.duckdb"), vec![7u8; 8192]).unwrap();
    let broken = quarry(&corrupt, &["sql", "SELECT 1"]);
    assert!(!broken.status.success());
    let err = stderr(&broken);
    assert!(err.contains("not a readable DuckDB database"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn missing_workspace_argument_is_explained() {
    let output = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .args(["sql", "SELECT 1"])
        .env_remove("QUARRY_WORKSPACE")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(stderr(&output).contains("--workspace"));
}

#[test]
fn results_are_cached_across_runs_until_cleared_and_no_cache_bypasses_them() {
    let dir = sample_workspace("2000");
    let sql = "SELECT region, count(*) FROM sales GROUP BY ALL ORDER BY 1";
    let timed = |args: &[&str]| {
        let out = quarry(dir.path(), args);
        let answer = stdout(&out);
        (answer, stderr(&out))
    };
    let entries = || {
        let stats = stdout(&quarry(dir.path(), &["cache", "stats"]));
        stats
            .lines()
            .find_map(|l| l.strip_prefix("persisted entries: "))
            .map(|n| n.trim().to_string())
            .unwrap_or_else(|| panic!("no entry count in {stats:?}"))
    };
    assert_eq!(entries(), "0");
    let (first, timing) = timed(&["sql", sql, "--timing"]);
    assert!(timing.contains("(cache: miss)"), "{timing}");
    assert_eq!(entries(), "1");
    let (again, timing) = timed(&["sql", sql, "--timing"]);
    assert!(
        timing.contains("(cache: persisted hit)"),
        "a new process reads the workspace's cache: {timing}"
    );
    assert_eq!(again, first);

    let (bypassed, timing) = timed(&[
        "sql",
        "SELECT count(*) FROM sales",
        "--timing",
        "--no-cache",
    ]);
    assert!(timing.contains("(cache: bypassed)"), "{timing}");
    assert!(bypassed.contains("2000"), "{bypassed}");
    assert_eq!(entries(), "1", "--no-cache stores nothing");

    assert!(stdout(&quarry(dir.path(), &["cache", "clear"])).contains("cleared"));
    assert_eq!(entries(), "0");
    let (_, timing) = timed(&["sql", sql, "--timing"]);
    assert!(timing.contains("(cache: miss)"), "{timing}");
}

#[test]
fn import_and_datasets_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&quarry(dir.path(), &["init"]));
    let csv = dir.path().join("prices.csv");
    std::fs::write(&csv, "sku,price\nA,1.5\nB,oops\nC,2\n").unwrap();
    let out = stdout(&quarry(
        dir.path(),
        &["import", csv.to_str().unwrap(), "--type", "price=DOUBLE"],
    ));
    assert!(out.starts_with("imported prices: 2 rows"), "{out}");
    assert!(out.contains("1 rows rejected:\n  line 3 (price):"), "{out}");

    let listed = stdout(&quarry(dir.path(), &["datasets", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(listed.as_bytes());
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(
        (&record[0], &record[1], &record[2], &record[3]),
        ("prices", "1", "2", "csv")
    );

    let again = stdout(&quarry(
        dir.path(),
        &["import", csv.to_str().unwrap(), "--name", "prices"],
    ));
    assert!(
        again.starts_with("refreshed prices from version 1 to 2"),
        "{again}"
    );
}

#[test]
fn sql_file_runs_every_statement_with_timing() {
    let dir = sample_workspace("1000");
    let script = dir.path().join("report.sql");
    std::fs::write(
        &script,
        "-- regions\nSELECT count(DISTINCT region) AS regions FROM sales;\n-- rows\nSELECT count(*) AS n FROM sales;\n",
    )
    .unwrap();
    let output = quarry(
        dir.path(),
        &["sql", "--file", script.to_str().unwrap(), "--timing"],
    );
    let out = stdout(&output);
    assert!(out.contains("regions\n-------\n      8"), "{out}");
    assert!(out.contains("   n\n----\n1000"), "{out}");
    let err = stderr(&output);
    assert!(
        err.contains("statement 1: ") && err.contains("statement 2: "),
        "{err}"
    );

    std::fs::write(&script, "SELECT 1;\nSELECT nope FROM sales;\n").unwrap();
    let failed = quarry(dir.path(), &["sql", "--file", script.to_str().unwrap()]);
    assert!(!failed.status.success());
    assert!(
        stderr(&failed).contains("statement 2 (SELECT nope FROM sales) failed"),
        "{}",
        stderr(&failed)
    );
}

#[cfg(unix)]
#[test]
fn killing_an_import_leaves_the_previous_data() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&quarry(dir.path(), &["init"]));
    let small = dir.path().join("small.csv");
    std::fs::write(&small, "id,h\n1,a\n").unwrap();
    stdout(&quarry(
        dir.path(),
        &["import", small.to_str().unwrap(), "--name", "big"],
    ));
    let big = dir.path().join("big.csv");
    stdout(&quarry(
        dir.path(),
        &[
            "sql",
            &format!(
                "COPY (SELECT range AS id, md5(range::VARCHAR) AS h FROM range(4000000)) TO '{}'",
                big.display()
            ),
        ],
    ));

    let mut child = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--workspace")
        .arg(dir.path())
        .args(["import", big.to_str().unwrap(), "--name", "big"])
        .spawn()
        .unwrap();
    // Let it get well into reading the file, then kill it without warning (SIGKILL).
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(
        stdout(&quarry(
            dir.path(),
            &["sql", "SELECT count(*) FROM big", "--format", "csv"]
        )),
        "count_star()\n1\n"
    );
    let listed = stdout(&quarry(dir.path(), &["datasets", "--format", "csv"]));
    assert!(listed.contains("\nbig,1,1,csv,"), "{listed}");
}

#[test]
fn profile_summarizes_columns_and_finds_personal_data() {
    let dir = sample_workspace("1000");
    let out = stdout(&quarry(dir.path(), &["profile", "sales"]));
    assert!(out.starts_with("sales: 1000 rows\n"), "{out}");
    assert!(
        out.contains("region VARCHAR: 0.0% null, ~8 distinct"),
        "{out}"
    );

    stdout(&quarry(
        dir.path(),
        &[
            "sql",
            "CREATE TABLE contacts AS SELECT 'user' || range || '@example.com' AS email FROM range(20)",
        ],
    ));
    let json = stdout(&quarry(
        dir.path(),
        &["profile", "contacts", "--format", "json"],
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["columns"][0]["pii"][0]["kind"], "email");
    assert_eq!(value["columns"][0]["pii"][0]["count"], 20);
}

#[test]
fn settings_are_shown_changed_refused_and_reset() {
    let dir = sample_workspace("10");
    let spill = dir.path().join("spill");
    let spill_arg = spill.to_str().unwrap();
    let shown = stdout(&quarry(
        dir.path(),
        &[
            "settings",
            "--threads",
            "1",
            "--memory-limit",
            "1GB",
            "--temp-dir",
            spill_arg,
        ],
    ));
    assert!(shown.contains("memory limit:   1GB"), "{shown}");
    assert!(shown.contains("threads:        1"), "{shown}");
    assert!(
        shown.contains(&format!("temp directory: {spill_arg}")),
        "{shown}"
    );
    let threads = stdout(&quarry(
        dir.path(),
        &["sql", "SELECT current_setting('threads') AS t"],
    ));
    assert!(threads.lines().any(|line| line.trim() == "1"), "{threads}");

    let refused = quarry(dir.path(), &["settings", "--memory-limit", "lots"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("\"lots\" is not a valid memory_limit"));
    assert_eq!(stdout(&quarry(dir.path(), &["settings"])), shown);

    let reset = stdout(&quarry(dir.path(), &["settings", "--reset"]));
    assert!(
        reset.contains("threads:        (DuckDB's default)"),
        "{reset}"
    );
    let default_spill = dir.path().join(".tmp");
    assert!(reset.contains(&format!("temp directory: {}", default_spill.display())));
}
