//! Report documents: the sample parses, the published schema is current, and bad documents
//! fail with errors that name the place.

use std::path::PathBuf;

use quarry_report::{ReportDocument, json_schema};

fn root() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
}

fn sample_text() -> String {
    std::fs::read_to_string(root().join("examples/reports/sales-overview.qreport.json")).unwrap()
}

#[test]
fn the_sample_uses_every_block_kind_and_round_trips() {
    let doc = ReportDocument::from_json(&sample_text()).unwrap();
    let kinds: std::collections::BTreeSet<&str> = doc
        .pages
        .iter()
        .flat_map(|p| p.blocks.iter().map(|b| b.kind()))
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "chart",
            "heading",
            "image",
            "kpi",
            "page_break",
            "pivot",
            "table",
            "text"
        ]
    );
    let again = ReportDocument::from_json(&serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    assert_eq!(again, doc);
}

#[test]
fn the_published_schema_is_current() {
    let path = root().join("docs/report.schema.json");
    let current = json_schema();
    if std::env::var_os("QUARRY_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &current).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == current,
        "docs/report.schema.json is out of date; run QUARRY_UPDATE_SCHEMA=1 cargo test -p quarry-report --test report the_published_schema"
    );
}

/// Replaces the first occurrence of `from` in the sample and returns the error message.
fn error_after(from: &str, to: &str) -> String {
    let text = sample_text();
    assert!(
        text.contains(from),
        "the sample no longer contains {from:?}"
    );
    match ReportDocument::from_json(&text.replacen(from, to, 1)) {
        Ok(_) => panic!("replacing {from:?} with {to:?} was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_documents_name_the_place() {
    let cases = [
        (
            r#""version": 1,"#,
            r#""version": "one","#,
            "version: invalid type",
        ),
        (
            r#""version": 1,"#,
            r#""version": 2,"#,
            "version: version 2 is not supported",
        ),
        (
            r#""type": "heading""#,
            r#""type": "headline""#,
            "pages[1].blocks[0].type: unknown variant `headline`",
        ),
        (
            r#""query": "monthly","#,
            r#""query": "monthyl","#,
            "pages[0].blocks[1].sparkline.query: no query is named monthyl",
        ),
        (
            r#""kind": "line","#,
            r#""kind": "line", "colour": 1,"#,
            "pages[0].blocks[4]",
        ),
        (
            r#""width": 7"#,
            r#""width": 13"#,
            "pages[0].blocks[5].layout.width: use 1 to 12 grid columns",
        ),
        (
            r#""from": "2025-01-01""#,
            r#""from": "2025-13-01""#,
            "parameters[0].input.default.from: `2025-13-01` is not a date",
        ),
        (
            r##""color": "#b91c1c""##,
            r#""color": "red""#,
            "pages[1].blocks[2].conditional[0].color",
        ),
        (
            r#""name": "regions","#,
            r#""name": "period","#,
            "parameters[1].name: another parameter is already called period",
        ),
        (
            r#""contents": true }"#,
            r#""contents": true, "margins": {"top": 5, "right": 15, "bottom": 15, "left": 15} }"#,
            "print.margins.top: 5 mm is outside 12–80 mm (the running header needs 12 mm)",
        ),
        (
            r#""contents": true }"#,
            r#""contents": true, "margins": {"top": 20, "right": 95, "bottom": 15, "left": 15} }"#,
            "print.margins.right: 95 mm is outside 0–80 mm",
        ),
    ];
    for (from, to, expected) in cases {
        let message = error_after(from, to);
        assert!(
            message.contains(expected),
            "{from} -> {to}: got {message:?}, expected {expected:?}"
        );
    }
}
