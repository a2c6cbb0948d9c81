//! Shapes the typed columns into what each chart kind draws: categories × series, xy series,
//! bins, quartiles.

use std::collections::HashMap;

use crate::data::{ChartData, Values};
use crate::error::{ChartError, Result};
use crate::format::{Locale, NumberFormat, decimals_for_value};
use crate::spec::Channel;
use crate::ticks::{is_midnight, to_datetime};

/// Most categories drawn on one axis; the rest are summarised in a note.
pub const MAX_CATEGORIES: usize = 1000;

/// Values per category and series (summed when a pair repeats).
#[derive(Debug, Clone, Default)]
pub struct Categorical {
    /// Category labels in first-seen order.
    pub categories: Vec<String>,
    /// Series names in first-seen order (one unnamed series without a series channel).
    pub series: Vec<String>,
    /// `values[series][category]`.
    pub values: Vec<Vec<Option<f64>>>,
    /// Categories left out because of [`MAX_CATEGORIES`].
    pub dropped: usize,
}

/// The kind of a continuous x axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XKind {
    /// Plain numbers.
    Number,
    /// Timestamps or dates (seconds since the epoch).
    Time,
}

/// One series of (x, y) points, sorted by x for lines.
#[derive(Debug, Clone, Default)]
pub struct XySeries {
    /// Series name (empty for a single unnamed series).
    pub name: String,
    /// The points.
    pub points: Vec<[f64; 2]>,
    /// Per-point extra value (bubble size).
    pub extra: Vec<f64>,
    /// The data row of each point; empty once points sharing an x were merged (sorted series).
    pub rows: Vec<usize>,
}

impl XySeries {
    /// Keeps the points at `indices` (ascending), with their extra values and rows.
    pub fn keep(&mut self, indices: &[usize]) {
        fn pick<T: Copy>(values: &[T], indices: &[usize]) -> Vec<T> {
            indices
                .iter()
                .filter_map(|&i| values.get(i).copied())
                .collect()
        }
        self.points = pick(&self.points, indices);
        self.extra = pick(&self.extra, indices);
        self.rows = pick(&self.rows, indices);
    }
}

/// Text for a category value of any column type.
pub fn category_label(values: &Values, i: usize, channel: &Channel, locale: Locale) -> String {
    match values {
        Values::Text(v) => v
            .get(i)
            .cloned()
            .flatten()
            .unwrap_or_else(|| "(null)".into()),
        Values::Number(v) => {
            match v.get(i).copied().flatten() {
                Some(x) => channel.format.clone().unwrap_or_default().format(
                    x,
                    locale,
                    decimals_for_value(x),
                ),
                None => "(null)".into(),
            }
        }
        Values::Time(v) | Values::Date(v) => {
            match v.get(i).copied().flatten().filter(|x| x.is_finite()) {
                Some(x) => {
                    let t = to_datetime(x);
                    let pattern = channel.date_format.as_deref().unwrap_or(if is_midnight(t) {
                        "%Y-%m-%d"
                    } else {
                        "%Y-%m-%d %H:%M"
                    });
                    t.format(pattern).to_string()
                }
                None => "(null)".into(),
            }
        }
    }
}

fn numeric<'a>(data: &'a ChartData, ch: &Channel, channel: &'static str) -> Result<&'a Values> {
    let v = data.column(&ch.field, channel)?;
    if matches!(v, Values::Text(_)) {
        return Err(ChartError::ColumnType {
            field: ch.field.clone(),
            channel,
            expected: "numbers",
            found: v.type_name(),
        });
    }
    Ok(v)
}

/// Groups rows into categories (x) and series, summing y.
pub fn categorical(
    data: &ChartData,
    x: &Channel,
    y: &Channel,
    series: Option<&Channel>,
    locale: Locale,
) -> Result<Categorical> {
    let xs = data.column(&x.field, "x")?;
    let ys = numeric(data, y, "y")?;
    let ss = series
        .map(|s| data.column(&s.field, "series"))
        .transpose()?;
    let mut out = Categorical::default();
    let mut cat_index: HashMap<String, usize> = HashMap::new();
    let mut ser_index: HashMap<String, usize> = HashMap::new();
    for i in 0..data.rows() {
        let label = category_label(xs, i, x, locale);
        let c = match cat_index.get(&label) {
            Some(&c) => c,
            None => {
                if out.categories.len() >= MAX_CATEGORIES {
                    out.dropped += 1;
                    continue;
                }
                cat_index.insert(label.clone(), out.categories.len());
                out.categories.push(label);
                for row in &mut out.values {
                    row.push(None);
                }
                out.categories.len() - 1
            }
        };
        let name = match (ss, series) {
            (Some(v), Some(ch)) => category_label(v, i, ch, locale),
            _ => String::new(),
        };
        let s = match ser_index.get(&name) {
            Some(&s) => s,
            None => {
                ser_index.insert(name.clone(), out.series.len());
                out.series.push(name);
                out.values.push(vec![None; out.categories.len()]);
                out.series.len() - 1
            }
        };
        if let Some(v) = ys.number(i) {
            let cell = &mut out.values[s][c];
            *cell = Some(cell.unwrap_or(0.0) + v);
        }
    }
    if xs.is_temporal() {
        sort_by_time(&mut out, xs, &cat_index, data.rows(), x, locale);
    }
    if out.series.is_empty() && !out.categories.is_empty() {
        out.series.push(String::new());
        out.values.push(vec![None; out.categories.len()]);
    }
    Ok(out)
}

/// Orders date/time categories chronologically.
fn sort_by_time(
    out: &mut Categorical,
    xs: &Values,
    index: &HashMap<String, usize>,
    rows: usize,
    x: &Channel,
    locale: Locale,
) {
    let mut when = vec![f64::INFINITY; out.categories.len()];
    for i in 0..rows {
        if let (Some(t), Some(&c)) = (xs.number(i), index.get(&category_label(xs, i, x, locale))) {
            when[c] = when[c].min(t);
        }
    }
    let mut order: Vec<usize> = (0..out.categories.len()).collect();
    order.sort_by(|&a, &b| when[a].total_cmp(&when[b]));
    out.categories = order.iter().map(|&i| out.categories[i].clone()).collect();
    for row in &mut out.values {
        *row = order.iter().map(|&i| row[i]).collect();
    }
}

/// Whether `x` can be drawn on a continuous axis, and which kind.
pub fn x_kind(data: &ChartData, x: &Channel) -> Result<Option<XKind>> {
    Ok(match data.column(&x.field, "x")? {
        Values::Number(_) => Some(XKind::Number),
        Values::Time(_) | Values::Date(_) => Some(XKind::Time),
        Values::Text(_) => None,
    })
}

/// Splits rows into series of finite (x, y) points; `sort` orders each series by x and sums
/// the y of repeated x values (as the categorical charts do).
pub fn xy(
    data: &ChartData,
    x: &Channel,
    y: &Channel,
    series: Option<&Channel>,
    size: Option<&Channel>,
    sort: bool,
    locale: Locale,
) -> Result<Vec<XySeries>> {
    let xs = numeric(data, x, "x")?;
    let ys = numeric(data, y, "y")?;
    let ss = series
        .map(|s| data.column(&s.field, "series"))
        .transpose()?;
    let sizes = size.map(|s| numeric(data, s, "size")).transpose()?;
    let mut out: Vec<XySeries> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for i in 0..data.rows() {
        let (Some(xv), Some(yv)) = (xs.number(i), ys.number(i)) else {
            continue;
        };
        let extra = match sizes {
            Some(s) => match s.number(i) {
                Some(v) => v,
                None => continue,
            },
            None => 0.0,
        };
        let k = match (ss, series) {
            (Some(v), Some(ch)) => {
                let name = category_label(v, i, ch, locale);
                match index.get(&name) {
                    Some(&k) => k,
                    None => {
                        out.push(XySeries {
                            name: name.clone(),
                            ..Default::default()
                        });
                        index.insert(name, out.len() - 1);
                        out.len() - 1
                    }
                }
            }
            // One unnamed series: no name to build or look up per row.
            _ => {
                if out.is_empty() {
                    out.push(XySeries::default());
                }
                0
            }
        };
        out[k].points.push([xv, yv]);
        out[k].extra.push(extra);
        out[k].rows.push(i);
    }
    if sort {
        for s in &mut out {
            let mut pairs: Vec<([f64; 2], f64)> = s
                .points
                .iter()
                .copied()
                .zip(s.extra.iter().copied())
                .collect();
            pairs.sort_by(|a, b| a.0[0].total_cmp(&b.0[0]));
            let mut points: Vec<[f64; 2]> = Vec::with_capacity(pairs.len());
            let mut extra = Vec::with_capacity(pairs.len());
            for (p, e) in pairs {
                match points.last_mut() {
                    Some(last) if last[0] == p[0] => last[1] += p[1],
                    _ => {
                        points.push(p);
                        extra.push(e);
                    }
                }
            }
            s.points = points;
            s.extra = extra;
            s.rows.clear();
        }
    }
    Ok(out)
}

/// The finite numbers of a column.
pub fn finite_values(data: &ChartData, ch: &Channel, channel: &'static str) -> Result<Vec<f64>> {
    let v = numeric(data, ch, channel)?;
    Ok((0..data.rows()).filter_map(|i| v.number(i)).collect())
}

/// Five-number summary with Tukey whiskers (1.5 × IQR), and the outliers beyond them.
pub fn quartiles(values: &mut [f64]) -> Option<([f64; 5], Vec<f64>)> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let pos = p * (values.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        values[lo] + (values[hi] - values[lo]) * (pos - lo as f64)
    };
    let (q1, med, q3) = (q(0.25), q(0.5), q(0.75));
    let iqr = q3 - q1;
    let (lo_fence, hi_fence) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
    let lo = values
        .iter()
        .copied()
        .find(|&v| v >= lo_fence)
        .unwrap_or(q1);
    let hi = values
        .iter()
        .rev()
        .copied()
        .find(|&v| v <= hi_fence)
        .unwrap_or(q3);
    let outliers = values
        .iter()
        .copied()
        .filter(|&v| v < lo_fence || v > hi_fence)
        .collect();
    Some(([lo, q1, med, q3, hi], outliers))
}

/// Equal-width bins over the values: (start, end, count).
pub fn histogram(values: &[f64], bins: usize) -> Vec<(f64, f64, f64)> {
    let (min, max) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if !min.is_finite() {
        return Vec::new();
    }
    let step = crate::ticks::nice_step(((max - min) / bins.max(1) as f64).max(f64::MIN_POSITIVE));
    let start = (min / step).floor() * step;
    let n = (((max - start) / step).floor() as usize + 1).min(10_000);
    let mut counts = vec![0.0; n];
    for &v in values {
        let i = (((v - start) / step).floor() as usize).min(n - 1);
        counts[i] += 1.0;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, c)| (start + i as f64 * step, start + (i + 1) as f64 * step, c))
        .collect()
}

/// Largest-Triangle-Three-Buckets downsampling of points sorted by x.
pub fn lttb(points: &[[f64; 2]], threshold: usize) -> Vec<[f64; 2]> {
    let n = points.len();
    if threshold >= n || threshold < 3 {
        return points.to_vec();
    }
    let mut out = Vec::with_capacity(threshold);
    out.push(points[0]);
    let every = (n - 2) as f64 / (threshold - 2) as f64;
    let mut a = 0usize;
    for i in 0..threshold - 2 {
        let next_start = ((i + 1) as f64 * every) as usize + 1;
        let next_end = (((i + 2) as f64 * every) as usize + 1).min(n);
        let (mut ax, mut ay, cnt) = (0.0, 0.0, (next_end - next_start).max(1) as f64);
        for p in &points[next_start.min(n - 1)..next_end.max(next_start.min(n - 1) + 1).min(n)] {
            ax += p[0];
            ay += p[1];
        }
        let (avg_x, avg_y) = (ax / cnt, ay / cnt);
        let start = (i as f64 * every) as usize + 1;
        let end = (((i + 1) as f64 * every) as usize + 1).min(n - 1);
        let pa = points[a];
        let mut best = (start, -1.0);
        for (j, p) in points
            .iter()
            .enumerate()
            .take(end.max(start + 1))
            .skip(start)
        {
            let area = ((pa[0] - avg_x) * (p[1] - pa[1]) - (pa[0] - p[0]) * (avg_y - pa[1])).abs();
            if area > best.1 {
                best = (j, area);
            }
        }
        out.push(points[best.0]);
        a = best.0;
    }
    out.push(points[n - 1]);
    out
}

/// Formats a value for data labels and the hit map.
pub fn format_value(fmt: Option<&NumberFormat>, v: f64, locale: Locale) -> String {
    let decimals = decimals_for_value(v);
    match fmt {
        Some(fmt) => fmt.format(v, locale, decimals),
        None => NumberFormat::default().format(v, locale, decimals),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lttb_keeps_ends_and_count() {
        let pts: Vec<[f64; 2]> = (0..1000)
            .map(|i| [i as f64, (i as f64 / 10.0).sin()])
            .collect();
        let d = lttb(&pts, 100);
        assert_eq!(d.len(), 100);
        assert_eq!(d[0], pts[0]);
        assert_eq!(d[99], pts[999]);
        assert!(d.windows(2).all(|w| w[0][0] < w[1][0]));
    }

    #[test]
    fn quartiles_and_bins() {
        let mut v: Vec<f64> = (1..=9).map(f64::from).collect();
        let (q, out) = quartiles(&mut v).unwrap_or_default();
        assert_eq!(q, [1.0, 3.0, 5.0, 7.0, 9.0]);
        assert!(out.is_empty());
        let bins = histogram(&[0.0, 0.5, 1.0, 9.9], 10);
        assert_eq!(bins.iter().map(|b| b.2).sum::<f64>(), 4.0);
    }
}
