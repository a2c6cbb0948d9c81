//! `quarry chart`: every example spec renders over the sample data to SVG, PDF and PNG.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn quarry(workspace: &Path, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--workspace")
        .arg(workspace)
        .args(args)
        .env_remove("QUARRY_WORKSPACE")
        .output()
        .expect("run quarry")
}

fn examples() -> Vec<PathBuf> {
    let dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../examples/charts");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/charts")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    specs.sort();
    specs
}

#[test]
fn every_example_renders_to_svg_pdf_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let init = quarry(
        &ws,
        &["init".as_ref(), "--sample-rows".as_ref(), "5000".as_ref()],
    );
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let specs = examples();
    assert!(specs.len() >= 15, "one example per chart kind: {specs:?}");
    for spec in specs {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let (svg, pdf, png) = (
            dir.path().join(format!("{stem}.svg")),
            dir.path().join(format!("{stem}.pdf")),
            dir.path().join(format!("{stem}.png")),
        );
        let output = quarry(
            &ws,
            &[
                "chart".as_ref(),
                spec.as_os_str(),
                "--svg".as_ref(),
                svg.as_os_str(),
                "--pdf".as_ref(),
                pdf.as_os_str(),
                "--png".as_ref(),
                png.as_os_str(),
            ],
        );
        assert!(
            output.status.success(),
            "{stem}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let svg = std::fs::read_to_string(&svg).unwrap();
        assert!(
            svg.starts_with("<svg") || svg.starts_with("<?xml"),
            "{stem}"
        );
        assert!(svg.contains("<text"), "{stem} has no text");
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"), "{stem}");
        assert!(
            std::fs::read(&png).unwrap().starts_with(b"\x89PNG"),
            "{stem}"
        );
    }
}

#[test]
fn bad_specs_and_queries_fail_clearly_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert!(
        quarry(
            &ws,
            &["init".as_ref(), "--sample-rows".as_ref(), "100".as_ref()]
        )
        .status
        .success()
    );
    let spec = dir.path().join("bad.json");
    let out = dir.path().join("out.svg");
    let run = |json: &str| {
        std::fs::write(&spec, json).unwrap();
        quarry(
            &ws,
            &[
                "chart".as_ref(),
                spec.as_os_str(),
                "--svg".as_ref(),
                out.as_os_str(),
            ],
        )
    };

    let unknown_kind =
        run(r#"{"version":1,"kind":"sparkles","sql":"SELECT 1 AS x","encoding":{}}"#);
    assert!(!unknown_kind.status.success());
    assert!(String::from_utf8_lossy(&unknown_kind.stderr).contains("sparkles"));

    let escape = run(
        r#"{"version":1,"kind":"bar","sql":"SELECT * FROM read_csv('/etc/passwd')","encoding":{"x":{"field":"a"},"y":{"field":"b"}}}"#,
    );
    assert!(!escape.status.success());
    assert!(
        String::from_utf8_lossy(&escape.stderr).contains("cannot run here"),
        "{}",
        String::from_utf8_lossy(&escape.stderr)
    );
    assert!(!out.exists(), "a failed render leaves no file");
}
