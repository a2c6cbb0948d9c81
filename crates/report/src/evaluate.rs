//! Evaluation: parameters resolved, every query a block reads run once (side by side), blocks
//! filled in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDateTime;
use quarry_charts::{ChartData, Locale, Values};
use quarry_engine::{ArrowResult, CancelToken, EngineError, Param, Workspace};

use crate::document::{Block, KpiBlock, Options, Parameter, ParameterInput, ReportDocument};
use crate::error::{ReportError, Result, invalid};
use crate::params::{self, ResolvedParam};
use crate::resolved::{Chart, Content, Kpi, ResolvedBlock, ResolvedPage, ResolvedReport};
use crate::{grid, image, markdown};

/// Rows one report query may return; more must be aggregated in SQL.
pub const MAX_QUERY_ROWS: u64 = 1_000_000;
/// Choices a select parameter may offer.
const MAX_CHOICES: u64 = 10_000;

/// How to evaluate a report.
#[derive(Clone, Default)]
pub struct EvaluateOptions {
    /// Parameter values by name, as typed (`2024-01-01..2024-03-31`, `East,West`, `42`).
    pub parameters: BTreeMap<String, String>,
    /// The directory image paths are relative to (the report file's directory).
    pub base_dir: PathBuf,
    /// A fixed "generated at" time, for reproducible output; now when absent.
    pub generated_at: Option<NaiveDateTime>,
    pub cancel: CancelToken,
}

/// The allowed values of a select parameter (from its list or its query); `None` for other
/// kinds.
pub(crate) fn choices_of<'a>(
    workspace: &'a Workspace,
    doc: &'a ReportDocument,
    cancel: &'a CancelToken,
) -> impl Fn(&Parameter) -> Result<Option<Vec<String>>> + 'a {
    move |p: &Parameter| {
        let (ParameterInput::Select { options, .. } | ParameterInput::MultiSelect { options, .. }) =
            &p.input
        else {
            return Ok(None);
        };
        match options {
            Options::Values(values) => Ok(Some(values.clone())),
            Options::Query { query } => {
                let sql = &doc.queries[query].sql;
                let result = workspace
                    .query_arrow_sandboxed(sql, &[], MAX_CHOICES, cancel)
                    .map_err(|source| query_error(query, source))?;
                first_column_labels(query, &result).map(Some)
            }
        }
    }
}

/// Evaluates `doc` against `workspace`.
pub fn evaluate(
    workspace: &Workspace,
    doc: &ReportDocument,
    options: &EvaluateOptions,
) -> Result<ResolvedReport> {
    let cancel = &options.cancel;
    let choices = choices_of(workspace, doc, cancel);
    let parameters = params::resolve(&doc.parameters, &options.parameters, &choices)?;
    let bindings = params::bindings(&parameters);

    let used: BTreeSet<&str> = doc
        .pages
        .iter()
        .flat_map(|p| p.blocks.iter().flat_map(Block::queries))
        .map(|(_, name)| name)
        .collect();
    let mut jobs = Vec::with_capacity(used.len());
    for name in used {
        let sql = &doc.queries[name].sql;
        let bound = bind(workspace, doc, name, sql, &bindings)?;
        jobs.push((name, sql.as_str(), bound));
    }
    let results = run_all(workspace, &jobs, cancel)?;

    let mut pages = Vec::with_capacity(doc.pages.len());
    for (p, page) in doc.pages.iter().enumerate() {
        let mut blocks = Vec::with_capacity(page.blocks.len());
        for (b, block) in page.blocks.iter().enumerate() {
            let place = format!("pages[{p}].blocks[{b}]");
            blocks.push(ResolvedBlock {
                placement: block.placement(),
                content: content(&place, block, &parameters, &results, &options.base_dir)?,
            });
        }
        pages.push(ResolvedPage {
            title: page
                .title
                .as_deref()
                .map(|t| markdown::substitute(t, &parameters)),
            blocks,
        });
    }
    Ok(ResolvedReport {
        title: markdown::substitute(&doc.title, &parameters),
        description: doc.description.clone(),
        author: doc.author.clone(),
        generated_at: options
            .generated_at
            .unwrap_or_else(|| chrono::Local::now().naive_local()),
        parameters,
        print: doc.print.clone(),
        pages,
        results,
    })
}

fn query_error(query: &str, source: EngineError) -> ReportError {
    match source {
        EngineError::Cancelled => ReportError::Cancelled,
        source => ReportError::Query {
            query: query.to_owned(),
            source,
        },
    }
}

/// The values for a query's placeholders, in binding order.
fn bind(
    workspace: &Workspace,
    doc: &ReportDocument,
    name: &str,
    sql: &str,
    bindings: &BTreeMap<String, Param>,
) -> Result<Vec<Param>> {
    let names = workspace
        .parameter_names(sql)
        .map_err(|source| query_error(name, source))?;
    names
        .iter()
        .map(|placeholder| {
            bindings.get(placeholder).cloned().ok_or_else(|| {
                let place = format!("queries.{name}.sql");
                if placeholder.chars().all(|c| c.is_ascii_digit()) {
                    return invalid(place, "use named placeholders such as $region, not ? or $1");
                }
                let known: Vec<&str> = bindings.keys().map(String::as_str).collect();
                let declared: Vec<&str> = doc.parameters.iter().map(|p| p.name.as_str()).collect();
                invalid(
                    place,
                    match known.is_empty() {
                        true => format!("${placeholder} is not a parameter; the report declares none"),
                        false => format!(
                            "${placeholder} is not a parameter of the report (parameters: {}; placeholders: ${})",
                            declared.join(", "),
                            known.join(", $")
                        ),
                    },
                )
            })
        })
        .collect()
}

/// Runs the queries on up to four threads; the engine's connection pool lets them overlap.
fn run_all(
    workspace: &Workspace,
    jobs: &[(&str, &str, Vec<Param>)],
    cancel: &CancelToken,
) -> Result<BTreeMap<String, ArrowResult>> {
    let next = Mutex::new(0usize);
    let done: Mutex<Vec<(usize, std::result::Result<ArrowResult, EngineError>)>> =
        Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4)
        .min(jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap_or_else(|e| e.into_inner());
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some((_, sql, params)) = jobs.get(i) else {
                        break;
                    };
                    let result =
                        workspace.query_arrow_sandboxed(sql, params, MAX_QUERY_ROWS, cancel);
                    if result.is_err() {
                        cancel_rest(&next, jobs.len());
                    }
                    done.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((i, result));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(i, _)| *i);
    let mut results = BTreeMap::new();
    for (i, result) in done {
        let name = jobs[i].0;
        results.insert(name.to_owned(), result.map_err(|e| query_error(name, e))?);
    }
    if results.len() < jobs.len() {
        return Err(ReportError::Cancelled);
    }
    Ok(results)
}

/// Stops handing out further queries after a failure.
fn cancel_rest(next: &Mutex<usize>, len: usize) {
    *next.lock().unwrap_or_else(|e| e.into_inner()) = len;
}

fn content(
    place: &str,
    block: &Block,
    parameters: &[ResolvedParam],
    results: &BTreeMap<String, ArrowResult>,
    base_dir: &Path,
) -> Result<Content> {
    let data = |query: &str, place: &str| -> Result<(ChartData, &ArrowResult)> {
        let result = &results[query];
        let data = ChartData::from_record_batches(&result.batches).map_err(|source| {
            ReportError::Chart {
                place: place.to_owned(),
                source,
            }
        })?;
        Ok((data, result))
    };
    Ok(match block {
        Block::Heading(h) => Content::Heading {
            text: markdown::substitute(&h.text, parameters),
            level: h.level,
        },
        Block::Text(t) => Content::Text(markdown::paragraphs(&t.markdown, parameters)),
        Block::Kpi(k) => Content::Kpi(kpi(place, k, results)?),
        Block::Chart(c) => {
            let (data, _) = data(&c.query, &format!("{place}.chart"))?;
            let mut spec = c.chart.clone();
            for text in [&mut spec.title, &mut spec.subtitle].into_iter().flatten() {
                *text = markdown::substitute(text, parameters);
            }
            Content::Chart(Box::new(Chart {
                query: c.query.clone(),
                spec,
                data,
            }))
        }
        Block::Table(t) => {
            let (data, result) = data(&t.query, place)?;
            let mut grid = grid::table(place, t, &result.schema, &data)?;
            grid.title = grid.title.map(|t| markdown::substitute(&t, parameters));
            Content::Table(grid)
        }
        Block::Pivot(p) => {
            let (data, result) = data(&p.query, place)?;
            let mut grid = grid::pivot(place, p, &result.schema, &data)?;
            grid.title = grid.title.map(|t| markdown::substitute(&t, parameters));
            Content::Table(grid)
        }
        Block::PageBreak(_) => Content::PageBreak,
        Block::Image(i) => Content::Image(image::load(
            &format!("{place}.path"),
            &base_dir.join(&i.path),
            i.caption.clone(),
        )?),
    })
}

fn kpi(place: &str, block: &KpiBlock, results: &BTreeMap<String, ArrowResult>) -> Result<Kpi> {
    let data =
        ChartData::from_record_batches(&results[&block.query].batches).map_err(|source| {
            ReportError::Chart {
                place: place.to_owned(),
                source,
            }
        })?;
    let number = |field: &str, key: &str| -> Result<Option<f64>> {
        let column = data
            .columns()
            .iter()
            .find(|c| c.name == field)
            .ok_or_else(|| {
                invalid(
                    format!("{place}.{key}"),
                    format!("query {} has no column {field}", block.query),
                )
            })?;
        match &column.values {
            Values::Number(_) => Ok(column.values.number(0)),
            other => Err(invalid(
                format!("{place}.{key}"),
                format!("{field} holds {}, not numbers", other.type_name()),
            )),
        }
    };
    let value = number(&block.value, "value")?;
    let previous = match &block.previous {
        Some(field) => number(field, "previous")?,
        None => None,
    };
    let format = block.format.clone();
    let show = |v: f64| match &format {
        Some(f) => f.format(
            v,
            Locale::En,
            quarry_charts::format::decimals_for_value(v).min(2),
        ),
        None => quarry_charts::format::group_digits(
            v,
            quarry_charts::format::decimals_for_value(v).min(2),
            Locale::En,
        ),
    };
    let change = match (value, previous) {
        (Some(v), Some(p)) if p != 0.0 => Some((v - p) / p.abs()),
        _ => None,
    };
    let sparkline = match &block.sparkline {
        Some(s) => {
            let data =
                ChartData::from_record_batches(&results[&s.query].batches).map_err(|source| {
                    ReportError::Chart {
                        place: format!("{place}.sparkline"),
                        source,
                    }
                })?;
            let get = |field: &str| {
                data.columns()
                    .iter()
                    .find(|c| c.name == field)
                    .ok_or_else(|| {
                        invalid(
                            format!("{place}.sparkline"),
                            format!("query {} has no column {field}", s.query),
                        )
                    })
            };
            let (x, y) = (get(&s.x)?, get(&s.y)?);
            let mut points: Vec<[f64; 2]> = (0..data.rows())
                .filter_map(|i| Some([x.values.number(i).unwrap_or(i as f64), y.values.number(i)?]))
                .collect();
            points.sort_by(|a, b| a[0].total_cmp(&b[0]));
            points
        }
        None => Vec::new(),
    };
    Ok(Kpi {
        label: block.label.clone(),
        value,
        text: value.map_or_else(|| "–".to_owned(), show),
        change,
        change_text: change.map(|c| {
            format!(
                "{}{:.1} % vs previous",
                if c >= 0.0 { "+" } else { "-" },
                c.abs() * 100.0
            )
        }),
        sparkline,
        format: block.format.clone(),
    })
}

fn first_column_labels(query: &str, result: &ArrowResult) -> Result<Vec<String>> {
    let data =
        ChartData::from_record_batches(&result.batches).map_err(|source| ReportError::Chart {
            place: format!("queries.{query}"),
            source,
        })?;
    let Some(first) = data.columns().first() else {
        return Ok(Vec::new());
    };
    Ok((0..data.rows())
        .map(|r| grid::cell(&first.values, r, None, None).text)
        .collect())
}
