//! `quarry render` and `quarry export`: real files, re-read and compared with SQL.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};

fn quarry(workspace: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--workspace")
        .arg(workspace)
        .args(args)
        .env_remove("QUARRY_WORKSPACE")
        .output()
        .expect("run quarry")
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn sample_workspace(rows: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    ok(quarry(&ws, &["init", "--sample-rows", rows]));
    (dir, ws)
}

fn report() -> String {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../../examples/reports/sales-overview.qreport.json")
        .display()
        .to_string()
}

#[test]
fn the_sample_report_renders_to_pdf_and_a_workbook_that_matches_sql() {
    let (dir, ws) = sample_workspace("20000");
    let pdf = dir.path().join("out.pdf");
    let xlsx = dir.path().join("out.xlsx");
    let printed = ok(quarry(
        &ws,
        &[
            "render",
            &report(),
            "--param",
            "period=2024-01-01..2024-12-31",
            "--pdf",
            pdf.to_str().unwrap(),
            "--xlsx",
            xlsx.to_str().unwrap(),
            "--paper",
            "letter",
            "--landscape",
        ],
    ));
    assert!(printed.contains("pages)"), "{printed}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "Summary");
    for name in &names {
        assert!(
            name.chars().count() <= 31 && !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
            "{name}"
        );
    }
    let summary = book.worksheet_range("Summary").unwrap();
    let texts: Vec<String> = summary.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(
        texts.iter().any(|t| t == "2024-01-01 – 2024-12-31"),
        "parameter value missing"
    );

    let top = book.worksheet_range("Top 15 products").unwrap();
    let header: Vec<String> = top
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "product",
            "category",
            "orders",
            "units",
            "avg_discount",
            "revenue"
        ]
    );
    let expected = ok(quarry(
        &ws,
        &[
            "sql",
            "--format",
            "csv",
            "SELECT product, count(*) AS orders, sum(revenue)::DOUBLE AS revenue FROM sales WHERE order_ts >= DATE '2024-01-01' AND order_ts < DATE '2025-01-01' GROUP BY product ORDER BY sum(revenue) DESC LIMIT 15",
        ],
    ));
    let rows: Vec<&[Data]> = top.rows().skip(1).collect();
    assert_eq!(rows.len(), 15);
    for (line, row) in expected.lines().skip(1).zip(rows) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(row[0], Data::String(fields[0].to_owned()));
        assert!(
            matches!(row[2], Data::Int(_) | Data::Float(_)),
            "orders are numbers: {:?}",
            row[2]
        );
        assert_eq!(row[2].to_string(), fields[1]);
        let revenue: f64 = fields[2].parse().unwrap();
        match row[5] {
            Data::Float(v) => assert!((v - revenue).abs() < 0.005, "{v} vs {revenue}"),
            ref other => panic!("revenue is not a number: {other:?}"),
        }
    }
    let zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let charts = zip
        .file_names()
        .filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("xl/charts/chart")))
        .count();
    assert_eq!(charts, 4, "one native chart per chart block");
}

#[test]
fn a_failing_report_names_the_place_and_writes_nothing() {
    let (dir, ws) = sample_workspace("1000");
    let bad = dir.path().join("bad.qreport.json");
    let text = std::fs::read_to_string(report()).unwrap().replace(
        "SELECT DISTINCT region FROM sales",
        "SELECT DISTINCT regio FROM sales",
    );
    std::fs::write(&bad, text).unwrap();
    let pdf = dir.path().join("out.pdf");
    let out = quarry(
        &ws,
        &[
            "render",
            bad.to_str().unwrap(),
            "--pdf",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("queries.regions: "), "{message}");
    let typo = dir.path().join("typo.qreport.json");
    std::fs::write(
        &typo,
        std::fs::read_to_string(report())
            .unwrap()
            .replacen("\"blocks\"", "\"blokcs\"", 1),
    )
    .unwrap();
    let out = quarry(
        &ws,
        &[
            "render",
            typo.to_str().unwrap(),
            "--pdf",
            pdf.to_str().unwrap(),
        ],
    );
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("pages[0].blokcs: unknown field `blokcs`"),
        "{message}"
    );
    for (margins, expected) in [
        ("5", "print.margins.top: 5 mm is outside 12–80 mm"),
        ("20,15", "give one value for every side or four"),
        ("wide", "give millimetres"),
    ] {
        let out = quarry(
            &ws,
            &[
                "render",
                &report(),
                "--margins",
                margins,
                "--pdf",
                pdf.to_str().unwrap(),
            ],
        );
        assert!(!out.status.success(), "--margins {margins} was accepted");
        let message = String::from_utf8_lossy(&out.stderr);
        assert!(message.contains(expected), "--margins {margins}: {message}");
    }
    // A report query past the row limit stops the render (an export of any size goes through
    // `quarry export`, which continues on further sheets).
    let huge = dir.path().join("huge.qreport.json");
    std::fs::write(
        &huge,
        r#"{"version": 1, "title": "Huge", "queries": {"rows": {"sql": "SELECT range AS n FROM range(1000001)"}},
            "pages": [{"blocks": [{"type": "table", "query": "rows"}]}]}"#,
    )
    .unwrap();
    let xlsx = dir.path().join("out.xlsx");
    let out = quarry(
        &ws,
        &[
            "render",
            huge.to_str().unwrap(),
            "--xlsx",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("queries.rows: ") && message.contains("more than 1000000 rows"),
        "{message}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 4, "only ws and the three reports: {left:?}");
}

#[test]
fn exports_split_big_results_over_sheets_and_write_csv_and_parquet() {
    let (dir, ws) = sample_workspace("1000");
    let xlsx = dir.path().join("big.xlsx");
    let printed = ok(quarry(
        &ws,
        &[
            "export",
            "--sql",
            "SELECT range AS n, range * 0.5 AS half FROM range(1100000)",
            "--xlsx",
            xlsx.to_str().unwrap(),
        ],
    ));
    assert!(printed.contains("1100000 rows"), "{printed}");
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let names = book.sheet_names();
    assert_eq!(names, ["Summary", "Query", "Query (2)"]);
    let first = book.worksheet_range("Query").unwrap().height() - 1;
    let second = book.worksheet_range("Query (2)").unwrap().height() - 1;
    assert_eq!(first, 1_048_575);
    assert_eq!(first + second, 1_100_000);

    let csv = dir.path().join("sales.csv");
    ok(quarry(
        &ws,
        &[
            "export",
            "--dataset",
            "sales",
            "--csv",
            csv.to_str().unwrap(),
        ],
    ));
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap().lines().count(),
        1_001
    );
    let parquet = dir.path().join("sales.parquet");
    ok(quarry(
        &ws,
        &[
            "export",
            "--dataset",
            "sales",
            "--parquet",
            parquet.to_str().unwrap(),
        ],
    ));
    let back = ok(quarry(
        &ws,
        &[
            "sql",
            "--format",
            "csv",
            &format!("SELECT count(*) FROM read_parquet('{}')", parquet.display()),
        ],
    ));
    assert_eq!(back.lines().nth(1), Some("1000"));
}

#[test]
fn rendering_twice_with_a_fixed_date_gives_identical_pdfs() {
    let (dir, ws) = sample_workspace("2000");
    let render = |name: &str| {
        let out = dir.path().join(name);
        let args = [
            "render",
            &report(),
            "--pdf",
            out.to_str().unwrap(),
            "--generated-at",
            "2026-01-31T09:30:00",
        ];
        ok(quarry(&ws, &args));
        std::fs::read(out).unwrap()
    };
    assert!(render("a.pdf") == render("b.pdf"), "the two PDFs differ");
}
