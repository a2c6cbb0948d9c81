//! `quarry chart`: draws a chart spec over the workspace's data to SVG, PDF and PNG.

use std::io::Write;
use std::path::PathBuf;

use quarry_charts::{ChartData, ChartSpec, RenderOptions, Theme, render};
use quarry_engine::{CancelToken, Workspace};

use crate::CliError;
use crate::files::write_atomically;

/// Rows a chart may read; more must be aggregated in SQL first.
const MAX_CHART_ROWS: u64 = 1_000_000;

#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// The chart spec (JSON; see docs/charts.md and examples/charts/).
    spec: PathBuf,
    /// The SELECT whose result the chart draws; overrides the spec's `sql`.
    #[arg(long)]
    sql: Option<String>,
    #[arg(long, value_name = "OUT.svg")]
    svg: Option<PathBuf>,
    #[arg(long, value_name = "OUT.pdf")]
    pdf: Option<PathBuf>,
    #[arg(long, value_name = "OUT.png")]
    png: Option<PathBuf>,
    /// Width in points (CSS pixels).
    #[arg(long, default_value_t = 720.0)]
    width: f32,
    /// Height in points (CSS pixels).
    #[arg(long, default_value_t = 420.0)]
    height: f32,
    /// Overrides the spec's theme.
    #[arg(long, value_enum)]
    theme: Option<ThemeArg>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ThemeArg {
    Light,
    Dark,
}

/// Renders the chart and writes every requested file (each completely or not at all).
pub fn chart(workspace: &Workspace, args: ChartArgs, out: &mut impl Write) -> Result<(), CliError> {
    if args.svg.is_none() && args.pdf.is_none() && args.png.is_none() {
        return Err(CliError::Usage(
            "say where to write the chart: --svg OUT.svg, --pdf OUT.pdf and/or --png OUT.png"
                .into(),
        ));
    }
    let text = std::fs::read_to_string(&args.spec).map_err(|source| CliError::ReadFile {
        path: args.spec.clone(),
        source,
    })?;
    let spec = ChartSpec::from_json(&text)?;
    let sql = args.sql.or_else(|| spec.sql.clone()).ok_or_else(|| {
        CliError::Usage(format!(
            "{} has no \"sql\"; pass the query with --sql \"SELECT …\"",
            args.spec.display()
        ))
    })?;
    let result = workspace.query_arrow_sandboxed(&sql, &[], MAX_CHART_ROWS, &CancelToken::new())?;
    let data = ChartData::from_record_batches(&result.batches)?;
    let options = RenderOptions {
        width: args.width,
        height: args.height,
        theme: args.theme.map(|t| match t {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
        }),
        ..RenderOptions::default()
    };
    let rendered = render(&spec, &data, &options)?;
    if let Some(path) = &args.svg {
        write_atomically(path, rendered.scene.to_svg().as_bytes())?;
        writeln!(out, "wrote {}", path.display())?;
    }
    if let Some(path) = &args.pdf {
        write_atomically(path, &rendered.scene.to_pdf()?)?;
        writeln!(out, "wrote {}", path.display())?;
    }
    if let Some(path) = &args.png {
        write_atomically(path, &rendered.scene.to_png(2.0)?)?;
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(())
}
