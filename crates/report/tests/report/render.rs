//! Reports rendered from a real workspace: PDF text and pages checked with poppler's tools,
//! Excel re-read with calamine, values compared with what SQL says independently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use quarry_charts::{Locale, NumberFormat, NumberStyle};
use quarry_engine::{QueryOptions, Workspace};
use quarry_report::{
    EvaluateOptions, Margins, ReportDocument, ReportError, Shape, Sheet, evaluate, layout,
    write_pdf,
};

fn root() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
}

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(dir.path()).unwrap();
    ws.load_sample(20_000).unwrap();
    (dir, ws)
}

fn sample() -> ReportDocument {
    ReportDocument::load(&root().join("examples/reports/sales-overview.qreport.json")).unwrap()
}

fn options(parameters: &[(&str, &str)]) -> EvaluateOptions {
    EvaluateOptions {
        parameters: parameters
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        base_dir: root().join("examples/reports"),
        generated_at: chrono::NaiveDateTime::parse_from_str(
            "2026-01-31T09:30:00",
            "%Y-%m-%dT%H:%M:%S",
        )
        .ok(),
        ..EvaluateOptions::default()
    }
}

fn pdf_of(
    ws: &Workspace,
    doc: &ReportDocument,
    opts: &EvaluateOptions,
    dir: &Path,
) -> (PathBuf, usize) {
    let report = evaluate(ws, doc, opts).unwrap();
    let layout = layout(&report).unwrap();
    let bytes = write_pdf(&report, &layout, &Default::default(), &|_, _| {}).unwrap();
    let path = dir.join("report.pdf");
    std::fs::write(&path, &bytes).unwrap();
    // QUARRY_REPORT_OUT=DIR keeps a copy to look at.
    if let Some(out) = std::env::var_os("QUARRY_REPORT_OUT") {
        std::fs::write(
            Path::new(&out).join(format!("{}.pdf", report.title.replace(' ', "-"))),
            &bytes,
        )
        .unwrap();
    }
    (path, layout.sheets.len())
}

fn pdf_text(path: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-layout");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by make test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn scalar(ws: &Workspace, sql: &str) -> f64 {
    let result = ws.query(sql, &QueryOptions::default()).unwrap();
    result.rows[0][0].to_string().parse().unwrap()
}

#[test]
fn the_sample_pdf_shows_title_parameters_and_kpis_that_sql_agrees_with() {
    let (dir, ws) = workspace();
    let opts = options(&[("period", "2024-04-01..2024-06-30"), ("channel", "Online")]);
    let (pdf, sheets) = pdf_of(&ws, &sample(), &opts, dir.path());
    let text = pdf_text(&pdf, None);
    assert!(text.contains("Sales overview"));
    assert!(text.contains("2024-04-01 – 2024-06-30"), "period missing");
    assert!(text.contains("Online"));
    // The cover has no footer; the contents sheet is page 2.
    assert!(!text.contains("Page 1 of"));
    assert!(
        text.contains(&format!("Page 2 of {sheets}"))
            && text.contains(&format!("Page {sheets} of {sheets}"))
    );
    let revenue = scalar(
        &ws,
        "SELECT sum(revenue)::DOUBLE FROM sales WHERE order_ts >= DATE '2024-04-01' AND order_ts < DATE '2024-07-01' AND channel = 'Online'",
    );
    let currency = NumberFormat {
        style: NumberStyle::Currency,
        currency: Some("USD".into()),
        compact: true,
        ..NumberFormat::default()
    };
    let shown = currency.format(revenue, Locale::En, 2);
    assert!(text.contains(&shown), "revenue {shown} not in the PDF");
    let orders = scalar(
        &ws,
        "SELECT count(*) FROM sales WHERE order_ts >= DATE '2024-04-01' AND order_ts < DATE '2024-07-01' AND channel = 'Online'",
    );
    let orders = quarry_charts::format::group_digits(orders, 0, Locale::En);
    assert!(text.contains(&orders), "orders {orders} not in the PDF");
    let products = text.matches("P").count();
    assert!(products > 15, "the product table is missing");
}

fn long_table(rows: u32) -> ReportDocument {
    ReportDocument::from_json(&format!(
        r#"{{"version": 1, "title": "Long table",
            "queries": {{"orders": {{"sql": "SELECT order_id, region, product, quantity, revenue FROM sales ORDER BY order_id LIMIT {rows}"}}}},
            "pages": [{{"title": "Orders", "blocks": [{{"type": "table", "query": "orders", "totals": true}}]}}]}}"#
    ))
    .unwrap()
}

#[test]
fn a_5000_row_table_runs_over_pages_with_its_header_on_each_and_no_row_lost() {
    let (dir, ws) = workspace();
    let (pdf, sheets) = pdf_of(&ws, &long_table(5_000), &options(&[]), dir.path());
    assert!(
        (60..=130).contains(&sheets),
        "5,000 rows on {sheets} sheets"
    );
    let mut ids = Vec::new();
    for page in 1..=sheets {
        let text = pdf_text(&pdf, Some(page));
        let header = text.lines().find(|l| l.contains("order_id"));
        assert!(
            header.is_some_and(|h| h.contains("revenue")),
            "page {page} has no header"
        );
        for line in text.lines() {
            if let Some(first) = line.split_whitespace().next()
                && let Ok(id) = first.replace(',', "").parse::<u64>()
                && line.contains('P')
            {
                ids.push(id);
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 5_000, "every row appears exactly once");
    assert!(pdf_text(&pdf, Some(sheets)).contains("Total"));
}

#[test]
fn the_pdf_has_an_outline_per_page_and_the_report_metadata() {
    let (dir, ws) = workspace();
    let (pdf, _) = pdf_of(&ws, &sample(), &options(&[]), dir.path());
    let doc = lopdf::Document::load_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    let toc = doc.get_toc().unwrap();
    let titles: Vec<&str> = toc.toc.iter().map(|entry| entry.title.as_str()).collect();
    let document = sample();
    let pages: Vec<&str> = document
        .pages
        .iter()
        .filter_map(|page| page.title.as_deref())
        .collect();
    assert!(pages.len() >= 2, "the sample has titled pages");
    for page in &pages {
        assert!(
            titles.contains(page),
            "{page:?} is not in the outline {titles:?}"
        );
    }
    let starts: Vec<usize> = toc.toc.iter().map(|entry| entry.page).collect();
    assert!(
        starts.windows(2).all(|w| w[0] < w[1]),
        "outline entries point at increasing pages: {starts:?}"
    );
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|info| doc.dereference(info))
        .and_then(|(_, info)| info.as_dict())
        .unwrap();
    let text = |key: &[u8]| {
        info.get(key)
            .ok()
            .and_then(|v| v.as_str().ok())
            .map(|bytes| match bytes.strip_prefix(b"\xfe\xff") {
                // UTF-16BE with a byte order mark, as PDF text strings may be.
                Some(utf16) => String::from_utf16_lossy(
                    &utf16
                        .chunks_exact(2)
                        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                        .collect::<Vec<_>>(),
                ),
                None => String::from_utf8_lossy(bytes).into_owned(),
            })
            .unwrap_or_default()
    };
    assert_eq!(text(b"Title"), "Sales overview");
    assert_eq!(text(b"Author"), "Quarry sample");
    assert_eq!(text(b"Creator"), "Quarry");
}

#[test]
fn margins_move_the_content_and_the_running_header() {
    let (_dir, ws) = workspace();
    let mut doc = long_table(400);
    let report = evaluate(&ws, &doc, &options(&[])).unwrap();
    let standard = layout(&report).unwrap();
    doc.print.margins = Some(Margins {
        top: 35.0,
        right: 40.0,
        bottom: 30.0,
        left: 40.0,
    });
    let report = evaluate(&ws, &doc, &options(&[])).unwrap();
    let wide = layout(&report).unwrap();
    let pt = |mm: f32| mm * 72.0 / 25.4;
    let texts = |sheets: &[Sheet]| -> Vec<(f32, f32)> {
        sheets
            .iter()
            .flat_map(|sheet| &sheet.shapes)
            .filter_map(|shape| match shape {
                Shape::Text { x, y, .. } => Some((*x, *y)),
                _ => None,
            })
            .collect()
    };
    let left_edge = |sheets: &[Sheet]| texts(sheets).iter().map(|t| t.0).fold(f32::MAX, f32::min);
    assert!(left_edge(&standard.sheets) < pt(20.0));
    assert!(
        left_edge(&wide.sheets) >= pt(40.0) - 0.5,
        "text starts {} pt from the edge",
        left_edge(&wide.sheets)
    );
    let top_edge = texts(&wide.sheets)
        .iter()
        .map(|t| t.1)
        .fold(f32::MAX, f32::min);
    assert!(
        top_edge > pt(35.0) - 25.0,
        "the running header sits inside the top margin, not above it: {top_edge} pt"
    );
    assert!(
        wide.sheets.len() > standard.sheets.len(),
        "narrower pages need more sheets ({} vs {})",
        wide.sheets.len(),
        standard.sheets.len()
    );
}

/// The cover, the KPI and chart page, and the chart and table page of the sample as PNGs compared
/// with `tests/golden` (rewrite them with `QUARRY_UPDATE_GOLDEN=1` after a deliberate change, and
/// look at them before committing).
#[test]
fn pages_match_the_golden_images() {
    let (dir, ws) = workspace();
    let (pdf, _) = pdf_of(&ws, &sample(), &options(&[]), dir.path());
    let update = std::env::var_os("QUARRY_UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for page in [1, 3, 4] {
        let prefix = dir.path().join(format!("page{page}"));
        let status = Command::new("pdftoppm")
            .args(["-r", "50", "-png", "-singlefile", "-f"])
            .arg(page.to_string())
            .arg("-l")
            .arg(page.to_string())
            .arg(&pdf)
            .arg(&prefix)
            .status()
            .expect("pdftoppm runs (poppler-utils: make setup-test)");
        assert!(status.success());
        let actual = std::fs::read(prefix.with_extension("png")).unwrap();
        let golden = root().join(format!("crates/report/tests/golden/sample-page{page}.png"));
        if update {
            std::fs::write(&golden, &actual).unwrap();
            continue;
        }
        let Ok(expected) = std::fs::read(&golden) else {
            failures.push(format!(
                "{}: missing (QUARRY_UPDATE_GOLDEN=1 writes it)",
                golden.display()
            ));
            continue;
        };
        let (a, aw, ah) = decode(&actual);
        let (g, gw, gh) = decode(&expected);
        if (aw, ah) != (gw, gh) {
            failures.push(format!("page {page}: {aw}x{ah}, golden {gw}x{gh}"));
            continue;
        }
        let channels = a.len() / (aw * ah) as usize;
        let differing = a
            .chunks(channels)
            .zip(g.chunks(channels))
            .filter(|(x, y)| x.iter().zip(y.iter()).any(|(p, q)| p.abs_diff(*q) > 48))
            .count();
        let share = differing as f64 / f64::from(aw * ah);
        if share >= 0.002 {
            failures.push(format!(
                "page {page}: {:.2}% of pixels differ from {}",
                share * 100.0,
                golden.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn decode(png_bytes: &[u8]) -> (Vec<u8>, u32, u32) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (buf, info.width, info.height)
}

#[test]
fn failures_name_the_place() {
    let (_dir, ws) = workspace();
    let bad_sql = ReportDocument::from_json(
        r#"{"version": 1, "title": "t", "queries": {"broken": {"sql": "SELECT nope FROM sales"}},
            "pages": [{"blocks": [{"type": "table", "query": "broken"}]}]}"#,
    )
    .unwrap();
    let err = evaluate(&ws, &bad_sql, &options(&[])).unwrap_err();
    assert!(matches!(err, ReportError::Query { .. }), "{err}");
    assert!(err.to_string().starts_with("queries.broken: "), "{err}");

    let unknown_param = ReportDocument::from_json(
        r#"{"version": 1, "title": "t", "queries": {"q": {"sql": "SELECT * FROM sales WHERE region = $regoin"}},
            "parameters": [{"name": "region", "input": {"type": "text", "default": "Africa"}}],
            "pages": [{"blocks": [{"type": "table", "query": "q"}]}]}"#,
    )
    .unwrap();
    let err = evaluate(&ws, &unknown_param, &options(&[]))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("queries.q.sql: $regoin is not a parameter"),
        "{err}"
    );

    let missing_column = ReportDocument::from_json(
        r#"{"version": 1, "title": "t", "queries": {"q": {"sql": "SELECT region FROM sales"}},
            "pages": [{"blocks": [{"type": "heading", "text": "x"}, {"type": "table", "query": "q", "columns": [{"field": "revenue"}]}]}]}"#,
    )
    .unwrap();
    let err = evaluate(&ws, &missing_column, &options(&[]))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("pages[0].blocks[1].columns[0].field: the query has no column revenue"),
        "{err}"
    );

    let err = evaluate(&ws, &sample(), &options(&[("channel", "Carrier pigeon")]))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("parameter channel: \"Carrier pigeon\" is not one of the choices"),
        "{err}"
    );
}
