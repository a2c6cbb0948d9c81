//! Tables and pivot tables from query results: formatted cells, conditional colours, totals.

use std::collections::BTreeMap;

use arrow_schema::{DataType, Schema};
use quarry_charts::{ChartData, Locale, NumberFormat, Values};

use crate::document::{Aggregate, Comparison, ConditionalFormat, PivotBlock, TableBlock};
use crate::error::{Result, invalid};
use crate::resolved::{Grid, GridCell, GridColumn, PivotShape};

/// A table column: field, title, format and how its total is formed.
type Picked = (String, String, Option<NumberFormat>, Aggregate);

/// Builds a table block's grid.
pub fn table(place: &str, block: &TableBlock, schema: &Schema, data: &ChartData) -> Result<Grid> {
    let picked: Vec<Picked> = match block.columns.is_empty() {
        true => data
            .columns()
            .iter()
            .map(|c| (c.name.clone(), c.name.clone(), None, Aggregate::Sum))
            .collect(),
        false => block
            .columns
            .iter()
            .map(|c| {
                let title = c.title.clone().unwrap_or_else(|| c.field.clone());
                let total = c.total.unwrap_or_default();
                (c.field.clone(), title, c.format.clone(), total)
            })
            .collect(),
    };
    let mut columns = Vec::with_capacity(picked.len());
    let mut values = Vec::with_capacity(picked.len());
    let mut totals = Vec::with_capacity(picked.len());
    for (i, (field, title, format, total)) in picked.into_iter().enumerate() {
        totals.push(total);
        let v = column(&format!("{place}.columns[{i}].field"), data, &field)?;
        let decimals = decimals_of(schema, &field);
        columns.push(GridColumn {
            field: field.clone(),
            title,
            numeric: matches!(v, Values::Number(_)),
            format,
        });
        values.push((field, v, decimals));
    }
    for (i, rule) in block.conditional.iter().enumerate() {
        if !values
            .iter()
            .any(|(f, v, _)| f == &rule.field && matches!(v, Values::Number(_)))
        {
            return Err(invalid(
                format!("{place}.conditional[{i}].field"),
                format!("{} is not a numeric column of the table", rule.field),
            ));
        }
    }
    let rows = (0..data.rows())
        .map(|r| {
            values
                .iter()
                .zip(&columns)
                .map(|((field, v, decimals), col)| {
                    let mut cell = cell(v, r, col.format.as_ref(), *decimals);
                    if let Some(n) = cell.number
                        && let Some(rule) = block
                            .conditional
                            .iter()
                            .find(|rule| &rule.field == field && matches(rule, n))
                    {
                        cell.color = rule.color.as_deref().and_then(rgb);
                        cell.background = rule.background.as_deref().and_then(rgb);
                    }
                    cell
                })
                .collect()
        })
        .collect();
    let totals = block.totals.then(|| {
        values
            .iter()
            .zip(&columns)
            .zip(totals)
            .enumerate()
            .map(|(i, (((_, v, decimals), col), total))| match v {
                _ if i == 0 => GridCell {
                    text: "Total".into(),
                    ..GridCell::default()
                },
                Values::Number(numbers) => {
                    let mut acc = Acc::default();
                    numbers
                        .iter()
                        .for_each(|n| acc.add(n.filter(|x| x.is_finite())));
                    let decimals = match total {
                        Aggregate::Count => Some(0),
                        Aggregate::Avg => None,
                        _ => *decimals,
                    };
                    match acc.value(total) {
                        Some(t) => number_cell(t, col.format.as_ref(), decimals),
                        None => GridCell::default(),
                    }
                }
                _ => GridCell::default(),
            })
            .collect()
    });
    Ok(Grid {
        title: block.title.clone(),
        query: block.query.clone(),
        columns,
        rows,
        totals,
        pivot: None,
    })
}

/// Builds a pivot block's grid: one row per distinct row key (in first-seen order), one column
/// per measure and distinct column key.
pub fn pivot(place: &str, block: &PivotBlock, schema: &Schema, data: &ChartData) -> Result<Grid> {
    let row_values: Vec<&Values> = block
        .rows
        .iter()
        .enumerate()
        .map(|(i, f)| column(&format!("{place}.rows[{i}]"), data, f))
        .collect::<Result<_>>()?;
    let col_values = match &block.columns {
        Some(f) => Some(column(&format!("{place}.columns"), data, f)?),
        None => None,
    };
    let mut measures = Vec::new();
    for (i, m) in block.measures.iter().enumerate() {
        let v = column(&format!("{place}.measures[{i}].field"), data, &m.field)?;
        if m.aggregate != Aggregate::Count && !matches!(v, Values::Number(_)) {
            return Err(invalid(
                format!("{place}.measures[{i}]"),
                format!("{} is not numeric; only count works on it", m.field),
            ));
        }
        measures.push((m, v, decimals_of(schema, &m.field)));
    }
    let mut row_keys: Vec<Vec<String>> = Vec::new();
    let mut row_index: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    let mut col_keys: Vec<String> = Vec::new();
    let mut cells: BTreeMap<(usize, usize, usize), Acc> = BTreeMap::new();
    for r in 0..data.rows() {
        let key: Vec<String> = row_values.iter().map(|v| label(v, r)).collect();
        let ri = *row_index.entry(key.clone()).or_insert_with(|| {
            row_keys.push(key);
            row_keys.len() - 1
        });
        let ck = col_values.map_or_else(String::new, |v| label(v, r));
        let ci = match col_keys.iter().position(|k| k == &ck) {
            Some(i) => i,
            None => {
                col_keys.push(ck);
                col_keys.len() - 1
            }
        };
        for (mi, (_, v, _)) in measures.iter().enumerate() {
            let acc = cells.entry((ri, ci, mi)).or_default();
            match v {
                Values::Number(_) => acc.add(v.number(r)),
                _ => acc.add(Some(0.0)),
            }
        }
    }
    let mut columns: Vec<GridColumn> = block
        .rows
        .iter()
        .map(|f| GridColumn {
            field: f.clone(),
            title: f.clone(),
            numeric: false,
            format: None,
        })
        .collect();
    for ck in &col_keys {
        for (m, _, _) in &measures {
            let name = format!("{} of {}", aggregate_name(m.aggregate), m.field);
            columns.push(GridColumn {
                field: m.field.clone(),
                title: match col_values {
                    Some(_) if measures.len() == 1 => ck.clone(),
                    Some(_) => format!("{ck} · {name}"),
                    None => name,
                },
                numeric: true,
                format: m.format.clone(),
            });
        }
    }
    let rows = row_keys
        .iter()
        .enumerate()
        .map(|(ri, key)| {
            let mut row: Vec<GridCell> = key
                .iter()
                .map(|k| GridCell {
                    text: k.clone(),
                    ..GridCell::default()
                })
                .collect();
            for ci in 0..col_keys.len() {
                for (mi, (m, _, decimals)) in measures.iter().enumerate() {
                    let decimals = match m.aggregate {
                        Aggregate::Count => Some(0),
                        Aggregate::Avg => None,
                        _ => *decimals,
                    };
                    row.push(
                        match cells.get(&(ri, ci, mi)).and_then(|a| a.value(m.aggregate)) {
                            Some(v) => number_cell(v, m.format.as_ref(), decimals),
                            None => GridCell::default(),
                        },
                    );
                }
            }
            row
        })
        .collect();
    Ok(Grid {
        title: block.title.clone(),
        query: block.query.clone(),
        columns,
        rows,
        totals: None,
        pivot: Some(PivotShape {
            row_fields: block.rows.clone(),
            column_keys: match col_values {
                Some(_) => col_keys,
                None => Vec::new(),
            },
            measures: measures
                .iter()
                .map(|(m, _, _)| {
                    (
                        format!("{} of {}", aggregate_name(m.aggregate), m.field),
                        m.format.clone(),
                    )
                })
                .collect(),
        }),
    })
}

#[derive(Default)]
struct Acc {
    sum: f64,
    count: u64,
    min: Option<f64>,
    max: Option<f64>,
}

impl Acc {
    fn add(&mut self, v: Option<f64>) {
        let Some(v) = v else { return };
        self.sum += v;
        self.count += 1;
        self.min = Some(self.min.map_or(v, |m| m.min(v)));
        self.max = Some(self.max.map_or(v, |m| m.max(v)));
    }

    fn value(&self, aggregate: Aggregate) -> Option<f64> {
        match aggregate {
            Aggregate::Sum => (self.count > 0).then_some(self.sum),
            Aggregate::Avg => (self.count > 0).then(|| self.sum / self.count as f64),
            Aggregate::Count => Some(self.count as f64),
            Aggregate::Min => self.min,
            Aggregate::Max => self.max,
        }
    }
}

fn aggregate_name(a: Aggregate) -> &'static str {
    match a {
        Aggregate::Sum => "Sum",
        Aggregate::Avg => "Average",
        Aggregate::Count => "Count",
        Aggregate::Min => "Min",
        Aggregate::Max => "Max",
    }
}

fn column<'a>(place: &str, data: &'a ChartData, field: &str) -> Result<&'a Values> {
    data.columns()
        .iter()
        .find(|c| c.name == field)
        .map(|c| &c.values)
        .ok_or_else(|| {
            let names: Vec<&str> = data.columns().iter().map(|c| c.name.as_str()).collect();
            invalid(
                place,
                format!(
                    "the query has no column {field}; it has {}",
                    names.join(", ")
                ),
            )
        })
}

/// Digits after the point that a column's SQL type implies: 0 for integers, the scale for
/// decimals, none (chosen per value) for floats.
fn decimals_of(schema: &Schema, field: &str) -> Option<usize> {
    match schema.field_with_name(field).ok()?.data_type() {
        DataType::Decimal128(_, scale) => Some((*scale).max(0) as usize),
        t if t.is_integer() => Some(0),
        _ => None,
    }
}

fn label(v: &Values, r: usize) -> String {
    cell(v, r, None, None).text
}

/// A value as the report shows it.
pub fn cell(
    v: &Values,
    r: usize,
    format: Option<&NumberFormat>,
    decimals: Option<usize>,
) -> GridCell {
    match v {
        Values::Number(values) => match values.get(r).copied().flatten() {
            Some(n) => number_cell(n, format, decimals),
            None => GridCell::default(),
        },
        Values::Text(values) => GridCell {
            text: values.get(r).cloned().flatten().unwrap_or_default(),
            ..GridCell::default()
        },
        Values::Date(_) | Values::Time(_) => GridCell {
            text: v
                .number(r)
                .map(|secs| {
                    let t = quarry_charts::ticks::to_datetime(secs);
                    match v {
                        Values::Date(_) => t.format("%Y-%m-%d").to_string(),
                        _ => t.format("%Y-%m-%d %H:%M:%S").to_string(),
                    }
                })
                .unwrap_or_default(),
            ..GridCell::default()
        },
    }
}

fn number_cell(n: f64, format: Option<&NumberFormat>, decimals: Option<usize>) -> GridCell {
    let auto = decimals.unwrap_or_else(|| quarry_charts::format::decimals_for_value(n).min(4));
    let text = match format {
        Some(f) => f.format(n, Locale::En, auto),
        None => quarry_charts::format::group_digits(n, auto, Locale::En),
    };
    GridCell {
        text,
        number: Some(n),
        ..GridCell::default()
    }
}

fn matches(rule: &ConditionalFormat, n: f64) -> bool {
    match rule.op {
        Comparison::Lt => n < rule.value,
        Comparison::Le => n <= rule.value,
        Comparison::Gt => n > rule.value,
        Comparison::Ge => n >= rule.value,
        Comparison::Eq => n == rule.value,
        Comparison::Ne => n != rule.value,
    }
}

fn rgb(hex: &str) -> Option<[u8; 3]> {
    quarry_charts::theme::parse_hex(hex).map(|c| [c.r(), c.g(), c.b()])
}
