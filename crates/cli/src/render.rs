//! `quarry render`: evaluates a report and writes it as PDF and/or Excel. Scheduled reports run
//! this same path.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDateTime;
use quarry_engine::{CancelToken, Workspace};
use quarry_report::{EvaluateOptions, Margins, Paper, ReportDocument, evaluate, layout, write_pdf};

use crate::CliError;
use crate::files::write_atomically;

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The report document (`*.qreport.json`).
    report: PathBuf,
    /// A parameter value, e.g. `--param period=2024-01-01..2024-03-31 --param region=East`.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    #[arg(long, value_name = "OUT.pdf")]
    pdf: Option<PathBuf>,
    #[arg(long, value_name = "OUT.xlsx")]
    xlsx: Option<PathBuf>,
    /// Paper size; the report's own setting when absent.
    #[arg(long, value_enum)]
    paper: Option<PaperArg>,
    /// Landscape orientation.
    #[arg(long)]
    landscape: bool,
    /// Margins in millimetres: one value for every side, or top,right,bottom,left.
    #[arg(long, value_name = "MM[,MM,MM,MM]")]
    margins: Option<String>,
    /// Add a cover page.
    #[arg(long)]
    cover: bool,
    /// Add a contents page.
    #[arg(long)]
    contents: bool,
    /// A fixed "generated at" time (`2024-12-31T18:00:00`), for reproducible files.
    #[arg(long, value_name = "YYYY-MM-DDTHH:MM:SS")]
    generated_at: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PaperArg {
    A4,
    Letter,
    Legal,
}

/// Renders the report and writes every requested file (each completely or not at all).
pub fn render(
    workspace: &Workspace,
    args: RenderArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    if args.pdf.is_none() && args.xlsx.is_none() {
        return Err(CliError::Usage(
            "say where to write the report: --pdf OUT.pdf and/or --xlsx OUT.xlsx".into(),
        ));
    }
    let mut doc = ReportDocument::load(&args.report)
        .map_err(|e| CliError::Usage(format!("{}: {e}", args.report.display())))?;
    if let Some(paper) = args.paper {
        doc.print.paper = match paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
            PaperArg::Legal => Paper::Legal,
        };
    }
    doc.print.landscape |= args.landscape;
    if let Some(margins) = &args.margins {
        doc.print.margins = Some(parse_margins(margins)?);
        doc.validate()
            .map_err(|e| CliError::Usage(format!("--margins {margins}: {e}")))?;
    }
    doc.print.cover |= args.cover;
    doc.print.contents |= args.contents;
    let options = EvaluateOptions {
        parameters: parse_params(&args.params)?,
        base_dir: args.report.parent().map(PathBuf::from).unwrap_or_default(),
        generated_at: args
            .generated_at
            .as_deref()
            .map(|t| {
                NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").map_err(|_| {
                    CliError::Usage(format!(
                        "--generated-at {t:?}: write it as 2024-12-31T18:00:00"
                    ))
                })
            })
            .transpose()?,
        cancel: CancelToken::new(),
    };
    let report = evaluate(workspace, &doc, &options)?;
    if let Some(path) = &args.pdf {
        let layout = layout(&report)?;
        let bytes = write_pdf(&report, &layout, &options.cancel, &|_, _| {})?;
        write_atomically(path, &bytes)?;
        writeln!(
            out,
            "wrote {} ({} pages)",
            path.display(),
            layout.sheets.len()
        )?;
    }
    if let Some(path) = &args.xlsx {
        quarry_report::write_xlsx(&report, path, &options.cancel, &|_| {})?;
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(())
}

fn parse_params(raw: &[String]) -> Result<BTreeMap<String, String>, CliError> {
    raw.iter()
        .map(|p| match p.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() => {
                Ok((name.trim().to_owned(), value.to_owned()))
            }
            _ => Err(CliError::Usage(format!(
                "--param {p:?}: write it as NAME=VALUE"
            ))),
        })
        .collect()
}

/// `12` (every side) or `20,15,20,15` (top, right, bottom, left), in millimetres.
fn parse_margins(text: &str) -> Result<Margins, CliError> {
    let values: Vec<f32> = text
        .split(',')
        .map(|part| part.trim().parse::<f32>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            CliError::Usage(format!(
                "--margins {text}: give millimetres, e.g. 15 or 20,15,20,15"
            ))
        })?;
    match values[..] {
        [all] => Ok(Margins::all(all)),
        [top, right, bottom, left] => Ok(Margins {
            top,
            right,
            bottom,
            left,
        }),
        _ => Err(CliError::Usage(format!(
            "--margins {text}: give one value for every side or four (top,right,bottom,left)"
        ))),
    }
}
