//! Exports of whole datasets (the snapshots sharing uploads).

use quarry_engine::import::ImportOptions;
use quarry_engine::{CancelToken, QueryOptions, Workspace};
use quarry_report::{ExportFormat, export_dataset};

#[test]
fn a_dataset_exports_whole_and_a_missing_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(dir.path().join("ws")).unwrap();
    let csv = dir.path().join("targets.csv");
    let rows: String = (0..300).map(|i| format!("R{},{i}\n", i % 4)).collect();
    std::fs::write(&csv, format!("region,target\n{rows}")).unwrap();
    let cancel = CancelToken::new();
    ws.import(
        csv.to_str().unwrap(),
        &ImportOptions::default(),
        &cancel,
        &|_| {},
    )
    .unwrap();

    let out = dir.path().join("targets.parquet");
    let dataset = export_dataset(
        &ws,
        "targets",
        ExportFormat::Parquet,
        &out,
        &cancel,
        &|_| {},
    )
    .unwrap();
    assert_eq!((dataset.name.as_str(), dataset.row_count), ("targets", 300));
    let sql = format!(
        "SELECT count(*), sum(target) FROM read_parquet('{}')",
        out.display()
    );
    let result = ws.query(&sql, &QueryOptions::default()).unwrap();
    assert_eq!(
        result.rows[0]
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["300", "44850"]
    );

    let missing = dir.path().join("missing.parquet");
    let error = export_dataset(
        &ws,
        "nope",
        ExportFormat::Parquet,
        &missing,
        &cancel,
        &|_| {},
    )
    .unwrap_err();
    assert!(error.to_string().contains("dataset \"nope\""), "{error}");
    assert!(!missing.exists());
}
