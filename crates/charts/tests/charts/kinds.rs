//! Every example spec renders in light and dark: SVG structure, PDF text, hit map.

use crate::common;

use quarry_charts::{ChartKind, RenderOptions, Theme, render};

fn opts(theme: Theme) -> RenderOptions {
    RenderOptions {
        theme: Some(theme),
        ..Default::default()
    }
}

#[test]
fn examples_cover_every_kind() {
    let specs = common::example_specs();
    for kind in ChartKind::ALL {
        assert!(
            specs.iter().any(|(_, s)| s.kind == kind),
            "no example for {}",
            kind.name()
        );
        assert!(
            specs
                .iter()
                .all(|(_, s)| s.sql.as_deref().is_some_and(|q| q.contains("FROM sales")))
        );
    }
}

#[test]
fn every_kind_renders_in_both_themes() {
    let raw = common::sales(3000);
    let out_dir = std::env::var_os("QUARRY_CHART_OUT").map(std::path::PathBuf::from);
    for (name, spec) in common::example_specs() {
        let data = common::data_for(&spec, &raw);
        for theme in [Theme::Light, Theme::Dark] {
            let r = render(&spec, &data, &opts(theme)).unwrap_or_else(|e| panic!("{name}: {e}"));
            let svg = r.scene.to_svg();
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{name}");
            assert!(svg.contains("@font-face"), "{name}: font embedded");
            let texts = r.scene.texts().count();
            assert!(texts >= 3, "{name}: only {texts} text runs");
            if let Some(title) = &spec.title {
                assert!(
                    r.scene.texts().any(|t| &t.text == title),
                    "{name}: title missing"
                );
            }
            assert!(!r.hit_map.regions.is_empty(), "{name}: empty hit map");
            assert!(
                !svg.contains("NaN") && !svg.contains("inf"),
                "{name}: bad numbers in SVG"
            );
            if let Some(dir) = &out_dir {
                let base = dir.join(format!(
                    "{name}-{}",
                    if theme == Theme::Light {
                        "light"
                    } else {
                        "dark"
                    }
                ));
                std::fs::create_dir_all(dir).ok();
                std::fs::write(base.with_extension("svg"), &svg).ok();
                std::fs::write(
                    base.with_extension("png"),
                    r.scene.to_png(1.0).expect("png"),
                )
                .ok();
                std::fs::write(base.with_extension("pdf"), r.scene.to_pdf().expect("pdf")).ok();
            }
        }
    }
}
