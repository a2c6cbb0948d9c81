//! SVG, PDF and PNG agree: same text runs at the same positions, extractable PDF text, PNG
//! snapshots within a small pixel tolerance (`QUARRY_BLESS=1` rewrites the goldens).

use crate::common;

use std::path::PathBuf;
use std::process::Command;

use quarry_charts::{RenderOptions, Theme, render};
use resvg::tiny_skia::Pixmap;

fn example(name: &str) -> quarry_charts::Rendered {
    let raw = common::sales(3000);
    let (_, spec) = common::example_specs()
        .into_iter()
        .find(|(n, _)| n.ends_with(name))
        .expect("example exists");
    render(
        &spec,
        &common::data_for(&spec, &raw),
        &RenderOptions::default(),
    )
    .expect("renders")
}

/// The PDF's text as poppler reads it (poppler-utils comes with `make setup`).
fn pdftotext(pdf: &[u8], args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("c.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdftotext")
        .args(args)
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (install poppler-utils: make setup-test)");
    assert!(out.status.success(), "pdftotext rejects the PDF");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn pdf_text_is_extractable() {
    let r = example("grouped-bar");
    let text = pdftotext(&r.scene.to_pdf().expect("pdf"), &[]);
    for want in [
        "Revenue by year and channel",
        "$1.2M",
        "2023",
        "2025",
        "Online",
        "Partner",
        "Retail",
        "Direct",
    ] {
        assert!(text.contains(want), "`{want}` not in PDF text:\n{text}");
    }
}

#[test]
fn svg_and_pdf_place_text_identically() {
    let r = example("bar");
    let svg = r.scene.to_svg();
    let runs: Vec<_> = r.scene.texts().collect();
    assert_eq!(svg.matches("<text").count(), runs.len());
    for t in &runs {
        let mut x = String::new();
        quarry_charts::backend::svg::write_num(&mut x, t.origin[0]);
        let want = if t.angle == 0.0 {
            format!("x=\"{x}")
        } else {
            format!("translate({x},")
        };
        assert!(svg.contains(&want), "SVG lacks run `{}` at x={x}", t.text);
    }
    let bbox = pdftotext(&r.scene.to_pdf().expect("pdf"), &["-bbox"]);
    for t in runs.iter().filter(|t| t.angle == 0.0) {
        let first = t
            .text
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .replace('&', "&amp;");
        let x = t.origin[0] * 0.75;
        let found = bbox
            .lines()
            .filter(|l| l.contains(&format!(">{first}</word>")))
            .any(|l| {
                let xmin: f32 = l
                    .split("xMin=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(-1.0);
                (xmin - x).abs() < 1.0
            });
        assert!(found, "PDF lacks `{first}` at x={x:.2}pt");
    }
}

fn golden_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("tests/golden")
}

/// Every example in the light and the dark theme, as PNGs compared with `tests/golden` (rewrite
/// them with `QUARRY_BLESS=1` after a deliberate change, and look at them before committing).
#[test]
fn png_snapshots_match() {
    let bless = std::env::var_os("QUARRY_BLESS").is_some();
    let raw = common::sales(3000);
    let examples = common::example_specs();
    let cases = [Theme::Light, Theme::Dark]
        .into_iter()
        .flat_map(|theme| examples.iter().map(move |(name, spec)| (name, spec, theme)));
    let mut failures = Vec::new();
    for (name, spec, theme) in cases {
        let opts = RenderOptions {
            theme: Some(theme),
            ..Default::default()
        };
        let r = render(spec, &common::data_for(spec, &raw), &opts).expect("renders");
        let png = r.scene.to_png(1.0).expect("png");
        let kind = name.split_once('-').map_or(name.as_str(), |(_, kind)| kind);
        let theme_name = if theme == Theme::Light {
            "light"
        } else {
            "dark"
        };
        let path = golden_dir().join(format!("{kind}-{theme_name}.png"));
        if bless {
            std::fs::create_dir_all(golden_dir()).expect("golden dir");
            std::fs::write(&path, &png).expect("write golden");
            continue;
        }
        let Ok(golden) = std::fs::read(&path) else {
            failures.push(format!(
                "{}: missing (QUARRY_BLESS=1 writes it)",
                path.display()
            ));
            continue;
        };
        let (got, want) = (
            Pixmap::decode_png(&png).expect("decode"),
            Pixmap::decode_png(&golden).expect("decode golden"),
        );
        if (got.width(), got.height()) != (want.width(), want.height()) {
            failures.push(format!("{kind}-{theme_name}: size differs"));
            continue;
        }
        let differing = got
            .data()
            .chunks(4)
            .zip(want.data().chunks(4))
            .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 48))
            .count();
        let share = differing as f64 / f64::from(got.width() * got.height());
        if share >= 0.005 {
            failures.push(format!(
                "{kind}-{theme_name}: {:.2}% of pixels differ from {}",
                share * 100.0,
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
