//! A refresh that breaks columns names the reports whose queries read them.

use std::path::Path;
use std::process::Command;

fn quarry(workspace: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--workspace")
        .arg(workspace)
        .args(args)
        .env_remove("QUARRY_WORKSPACE")
        .output()
        .expect("run quarry");
    assert!(
        output.status.success(),
        "quarry failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

const REPORT: &str = r#"{
  "version": 1,
  "title": "Customers",
  "parameters": [{ "name": "min", "input": { "type": "number", "default": 0 } }],
  "queries": {
    "names": { "sql": "SELECT Name, score FROM customers WHERE score > $min" },
    "scores": { "sql": "SELECT avg(score) AS score FROM customers" },
    "everything": { "sql": "SELECT * FROM customers" },
    "elsewhere": { "sql": "SELECT name FROM suppliers" }
  },
  "pages": [{ "blocks": [] }]
}"#;

#[test]
fn a_breaking_refresh_names_the_report_queries_that_read_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    quarry(dir.path(), &["init"]);
    let reports = dir.path().join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::write(reports.join("customers.qreport.json"), REPORT).unwrap();
    let csv = dir.path().join("customers.csv");
    std::fs::write(&csv, "id,name,score\n1,a,1.5\n").unwrap();
    let first = quarry(dir.path(), &["import", csv.to_str().unwrap()]);
    assert!(!first.contains("affects"), "{first}");

    // Added columns break nothing.
    std::fs::write(&csv, "id,name,score,extra\n1,a,1.5,x\n").unwrap();
    let widened = quarry(dir.path(), &["import", csv.to_str().unwrap()]);
    assert!(
        widened.contains("schema change (ok): added extra"),
        "{widened}"
    );
    assert!(!widened.contains("affects"), "{widened}");

    std::fs::write(&csv, "id,full_name,score,extra\n1,a,1.5,x\n").unwrap();
    let out = quarry(dir.path(), &["import", csv.to_str().unwrap()]);
    assert!(
        out.contains("schema change (BREAKING): dropped name"),
        "{out}"
    );
    let affected: Vec<&str> = out.lines().filter(|l| l.starts_with("affects")).collect();
    assert_eq!(
        affected,
        [
            "affects report customers.qreport.json, query everything (reads name)",
            "affects report customers.qreport.json, query names (reads name)",
        ],
        "{out}"
    );
}
