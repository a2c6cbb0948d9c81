//! A chart's data, gathered while its table streams past: sums per category and series (the
//! renderer's rule: rows with the same category and series are summed), or points for scatter
//! charts. Bounded so that memory stays flat; past a bound the chart is dropped with a note.

use std::collections::HashMap;

use arrow_array::{Array, RecordBatch};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_schema::Schema;
use quarry_charts::{Channel, ChartKind, ChartSpec};

use crate::cells::{self, Kind};
use crate::error::ExportError;

/// Most categories (x values) a chart gets.
pub const MAX_CATEGORIES: usize = 1_000;
/// Most series a chart gets.
pub const MAX_SERIES: usize = 50;
/// Most points a scatter chart gets.
pub const MAX_POINTS: usize = 50_000;
/// Pie and doughnut slices beyond this are summed into "Other" (as the renderer does).
const MAX_SLICES: usize = 10;

/// A category or x value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Key {
    Text(String),
    Number(f64),
}

/// The chart's data block: keys down column A, one value column per series, `y2` last.
#[derive(Debug)]
pub(crate) struct ChartTable {
    pub x_header: String,
    pub x_kind: Kind,
    pub keys: Vec<Key>,
    pub columns: Vec<(String, Vec<Option<f64>>)>,
    pub y2: Option<(String, Vec<Option<f64>>)>,
}

/// Accumulates one chart's data batch by batch.
pub(crate) struct Collector {
    kind: ChartKind,
    points: bool,
    x: usize,
    y: usize,
    y2: Option<usize>,
    series: Option<usize>,
    x_header: String,
    y2_header: String,
    x_kind: Kind,
    text_keys: HashMap<String, usize>,
    number_keys: HashMap<u64, usize>,
    keys: Vec<Key>,
    series_index: HashMap<String, usize>,
    series_names: Vec<String>,
    sums: Vec<Vec<Option<f64>>>,
    sums2: Vec<Option<f64>>,
    point_series: Vec<usize>,
    point_y: Vec<f64>,
    problem: Option<String>,
}

fn column(schema: &Schema, channel: Option<&Channel>, name: &str) -> Result<usize, String> {
    let channel = channel.ok_or_else(|| format!("it has no `{name}` encoding"))?;
    schema
        .index_of(&channel.field)
        .map_err(|_| format!("its {name} column `{}` is not in the data", channel.field))
}

fn numeric(schema: &Schema, index: usize, name: &str) -> Result<usize, String> {
    let field = schema.field(index);
    if cells::kind_of(field.data_type()) == Kind::Number {
        Ok(index)
    } else {
        Err(format!(
            "its {name} column `{}` is not numeric",
            field.name()
        ))
    }
}

impl Collector {
    /// Resolves the spec's columns; the error says why the chart cannot be drawn.
    pub fn new(spec: &ChartSpec, schema: &Schema) -> Result<Self, String> {
        let e = &spec.encoding;
        let x = column(schema, e.x.as_ref(), "x")?;
        let y = numeric(schema, column(schema, e.y.as_ref(), "y")?, "y")?;
        let y2 = match spec.kind {
            ChartKind::Combo => Some(numeric(schema, column(schema, e.y2.as_ref(), "y2")?, "y2")?),
            _ => None,
        };
        let splits = !matches!(
            spec.kind,
            ChartKind::Pie | ChartKind::Donut | ChartKind::Combo
        );
        let series = match (&e.series, splits) {
            (Some(_), true) => Some(column(schema, e.series.as_ref(), "series")?),
            _ => None,
        };
        let x_kind = cells::kind_of(schema.field(x).data_type());
        let points = spec.kind == ChartKind::Scatter;
        if points
            && !matches!(
                x_kind,
                Kind::Number | Kind::Date | Kind::DateTime | Kind::Time
            )
        {
            return Err(format!(
                "its x column `{}` is not numeric",
                schema.field(x).name()
            ));
        }
        let header = |i: usize| schema.field(i).name().clone();
        // Without a series channel there is one series, named after the y column.
        let (series_names, sums) = match series {
            Some(_) => (Vec::new(), Vec::new()),
            None => (vec![header(y)], vec![Vec::new()]),
        };
        Ok(Self {
            kind: spec.kind,
            points,
            x,
            y,
            y2,
            series,
            x_header: header(x),
            y2_header: y2.map(header).unwrap_or_default(),
            x_kind,
            text_keys: HashMap::new(),
            number_keys: HashMap::new(),
            keys: Vec::new(),
            series_index: HashMap::new(),
            series_names,
            sums,
            sums2: Vec::new(),
            point_series: Vec::new(),
            point_y: Vec::new(),
            problem: None,
        })
    }

    /// Adds a batch's rows (a no-op once a bound was passed).
    pub fn add(&mut self, batch: &RecordBatch) -> Result<(), ExportError> {
        if self.problem.is_some() {
            return Ok(());
        }
        let options = FormatOptions::new();
        let x = cells::decode(batch.column(self.x))?;
        let y = cells::decode(batch.column(self.y))?;
        let y2 = self
            .y2
            .map(|i| cells::decode(batch.column(i)))
            .transpose()?;
        let series = self
            .series
            .map(|i| cells::decode(batch.column(i)))
            .transpose()?;
        let x_numbers = cells::excel_numbers(&*x);
        let x_text = ArrayFormatter::try_new(&*x, &options)?;
        let series_text = match &series {
            Some(s) => Some(ArrayFormatter::try_new(&**s, &options)?),
            None => None,
        };
        let ys = cells::excel_numbers(&*y).unwrap_or_default();
        let y2s = y2.as_ref().and_then(|a| cells::excel_numbers(&**a));
        let value = |array: &dyn Array, values: &[f64], i: usize| {
            (array.is_valid(i) && values.get(i).is_some_and(|v| v.is_finite())).then(|| values[i])
        };
        let mut buf = String::new();
        for i in 0..batch.num_rows() {
            let v = value(&*y, &ys, i);
            let v2 = match (&y2, &y2s) {
                (Some(a), Some(values)) => value(&**a, values, i),
                _ => None,
            };
            if v.is_none() && v2.is_none() {
                continue;
            }
            let s = match (&series, &series_text) {
                (Some(array), Some(text)) => {
                    buf.clear();
                    if array.is_null(i) || text.value(i).write(&mut buf).is_err() {
                        buf.clear();
                        buf.push_str("(null)");
                    }
                    match self.series_slot(&buf) {
                        Some(s) => s,
                        None => return Ok(()),
                    }
                }
                _ => 0,
            };
            let x_number = x_numbers
                .as_ref()
                .filter(|_| x.is_valid(i))
                .map(|n| n[i])
                .filter(|n| n.is_finite());
            if self.points {
                let (Some(xv), Some(yv)) = (x_number, v) else {
                    continue;
                };
                if self.keys.len() == MAX_POINTS {
                    self.problem = Some(format!("it has more than {MAX_POINTS} points"));
                    return Ok(());
                }
                self.keys.push(Key::Number(xv));
                self.point_series.push(s);
                self.point_y.push(yv);
                continue;
            }
            let k = match x_number {
                Some(n) => self.number_slot(n),
                None => {
                    buf.clear();
                    if x.is_null(i) || x_text.value(i).write(&mut buf).is_err() {
                        buf.clear();
                        buf.push_str("(null)");
                    }
                    self.text_slot(&buf)
                }
            };
            let Some(k) = k else {
                return Ok(());
            };
            if let Some(v) = v {
                let column = &mut self.sums[s];
                if column.len() <= k {
                    column.resize(k + 1, None);
                }
                column[k] = Some(column[k].unwrap_or(0.0) + v);
            }
            if let Some(v2) = v2 {
                if self.sums2.len() <= k {
                    self.sums2.resize(k + 1, None);
                }
                self.sums2[k] = Some(self.sums2[k].unwrap_or(0.0) + v2);
            }
        }
        Ok(())
    }

    fn series_slot(&mut self, name: &str) -> Option<usize> {
        if let Some(&s) = self.series_index.get(name) {
            return Some(s);
        }
        if self.series_names.len() == MAX_SERIES {
            self.problem = Some(format!("it has more than {MAX_SERIES} series"));
            return None;
        }
        let s = self.series_names.len();
        self.series_index.insert(name.to_string(), s);
        self.series_names.push(name.to_string());
        self.sums.push(Vec::new());
        Some(s)
    }

    fn new_key(&mut self) -> Option<usize> {
        if self.keys.len() == MAX_CATEGORIES {
            self.problem = Some(format!("it has more than {MAX_CATEGORIES} categories"));
            return None;
        }
        Some(self.keys.len())
    }

    fn number_slot(&mut self, n: f64) -> Option<usize> {
        if let Some(&k) = self.number_keys.get(&n.to_bits()) {
            return Some(k);
        }
        let k = self.new_key()?;
        self.number_keys.insert(n.to_bits(), k);
        self.keys.push(Key::Number(n));
        Some(k)
    }

    fn text_slot(&mut self, text: &str) -> Option<usize> {
        if let Some(&k) = self.text_keys.get(text) {
            return Some(k);
        }
        let k = self.new_key()?;
        self.text_keys.insert(text.to_string(), k);
        self.keys.push(Key::Text(text.to_string()));
        Some(k)
    }

    /// The finished data block, or why there is no chart.
    pub fn finish(mut self) -> Result<ChartTable, String> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        if self.keys.is_empty() {
            return Err("it has no rows with values".into());
        }
        let n = self.keys.len();
        let mut columns: Vec<(String, Vec<Option<f64>>)> = Vec::new();
        if self.points {
            for (s, name) in self.series_names.into_iter().enumerate() {
                let mut values = vec![None; n];
                for (row, (&series, &y)) in self.point_series.iter().zip(&self.point_y).enumerate()
                {
                    if series == s {
                        values[row] = Some(y);
                    }
                }
                columns.push((name, values));
            }
        } else {
            for (name, mut values) in self.series_names.into_iter().zip(self.sums) {
                values.resize(n, None);
                columns.push((name, values));
            }
        }
        let mut keys = self.keys;
        let mut y2 = self.y2.map(|_| {
            self.sums2.resize(n, None);
            (self.y2_header, self.sums2)
        });
        // Numbers, dates and times as categories go in order; text keeps the query's order.
        if !self.points
            && matches!(
                self.x_kind,
                Kind::Number | Kind::Date | Kind::DateTime | Kind::Time
            )
        {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| match (&keys[a], &keys[b]) {
                (Key::Number(a), Key::Number(b)) => a.total_cmp(b),
                (Key::Number(_), Key::Text(_)) => std::cmp::Ordering::Less,
                (Key::Text(_), Key::Number(_)) => std::cmp::Ordering::Greater,
                (Key::Text(_), Key::Text(_)) => std::cmp::Ordering::Equal,
            });
            keys = order.iter().map(|&i| keys[i].clone()).collect();
            for (_, values) in columns.iter_mut().chain(y2.iter_mut()) {
                *values = order.iter().map(|&i| values[i]).collect();
            }
        }
        if matches!(self.kind, ChartKind::Pie | ChartKind::Donut) {
            (keys, columns[0].1) = slices(keys, &columns[0].1);
            if keys.is_empty() {
                return Err("it has no positive values".into());
            }
        }
        Ok(ChartTable {
            x_header: self.x_header,
            x_kind: self.x_kind,
            keys,
            columns,
            y2,
        })
    }
}

/// Positive slices only; more than ten become the nine largest plus "Other".
fn slices(keys: Vec<Key>, values: &[Option<f64>]) -> (Vec<Key>, Vec<Option<f64>>) {
    let positive: Vec<(Key, f64)> = keys
        .into_iter()
        .zip(values)
        .filter_map(|(k, v)| v.filter(|v| *v > 0.0).map(|v| (k, v)))
        .collect();
    if positive.len() <= MAX_SLICES {
        return positive.into_iter().map(|(k, v)| (k, Some(v))).unzip();
    }
    let mut by_size: Vec<usize> = (0..positive.len()).collect();
    by_size.sort_by(|&a, &b| positive[b].1.total_cmp(&positive[a].1));
    let keep: std::collections::HashSet<usize> =
        by_size[..MAX_SLICES - 1].iter().copied().collect();
    let mut other = 0.0;
    let mut out: (Vec<Key>, Vec<Option<f64>>) = (Vec::new(), Vec::new());
    for (i, (k, v)) in positive.into_iter().enumerate() {
        if keep.contains(&i) {
            out.0.push(k);
            out.1.push(Some(v));
        } else {
            other += v;
        }
    }
    out.0.push(Key::Text("Other".into()));
    out.1.push(Some(other));
    out
}
