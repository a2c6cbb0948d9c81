//! Shared test data: a deterministic imitation of the sample `sales` table, and the example specs.

#![allow(dead_code)]

use std::path::PathBuf;

use chrono::Datelike;
use quarry_charts::{ChartData, ChartSpec, Column, Values};

pub const REGIONS: [&str; 8] = [
    "North America",
    "South America",
    "Western Europe",
    "Eastern Europe",
    "Middle East",
    "Africa",
    "South Asia",
    "East Asia",
];
pub const CATEGORIES: [&str; 12] = [
    "Office",
    "Furniture",
    "Technology",
    "Appliances",
    "Books",
    "Toys",
    "Garden",
    "Sports",
    "Beauty",
    "Grocery",
    "Clothing",
    "Automotive",
];
pub const CHANNELS: [&str; 4] = ["Online", "Retail", "Partner", "Direct"];

fn hash(i: u64, k: u64) -> u64 {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ k.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 29)
}

fn month_start(secs: f64) -> f64 {
    let days = (secs / 86_400.0).floor() as i64;
    let (mut y, mut d) = (1970i64, days);
    loop {
        let len = if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
            366
        } else {
            365
        };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let lens = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut m = 0;
    while d >= lens[m] {
        d -= lens[m];
        m += 1;
    }
    (days - d) as f64 * 86_400.0
}

/// `n` raw rows shaped like the `sales` table, plus the columns the examples derive from it:
/// `month` (the order's month start), `year`, `quarter`, `month_name`, `weekday`, `orders` (1 per
/// row) and `avg_price` (summed like the rest, so only its shape is realistic).
pub fn sales(n: usize) -> ChartData {
    let mut cols: Vec<(String, Values)> = Vec::new();
    let rows: Vec<u64> = (0..n as u64).collect();
    let ts: Vec<Option<f64>> = rows
        .iter()
        .map(|&i| Some(1_672_531_200.0 + (hash(i, 1) % (3 * 365 * 86_400)) as f64))
        .collect();
    let txt = |k: u64, names: &[&str]| -> Vec<Option<String>> {
        rows.iter()
            .map(|&i| Some(names[(hash(i, k) % names.len() as u64) as usize].to_string()))
            .collect()
    };
    let qty: Vec<Option<f64>> = rows
        .iter()
        .map(|&i| Some((1 + hash(i, 8) % 20) as f64))
        .collect();
    let price: Vec<Option<f64>> = rows
        .iter()
        .map(|&i| Some(5.0 + (hash(i, 9) % 99_500) as f64 / 100.0))
        .collect();
    let disc: Vec<Option<f64>> = rows
        .iter()
        .map(|&i| Some((hash(i, 10) % 30) as f64 / 100.0))
        .collect();
    let revenue: Vec<Option<f64>> = (0..n)
        .map(|i| {
            Some(
                ((qty[i].unwrap_or(0.0)
                    * price[i].unwrap_or(0.0)
                    * (1.0 - disc[i].unwrap_or(0.0)))
                    * 100.0)
                    .round()
                    / 100.0,
            )
        })
        .collect();
    let month: Vec<Option<f64>> = ts.iter().map(|t| t.map(month_start)).collect();
    let calendar = |f: &dyn Fn(chrono::DateTime<chrono::Utc>) -> String| -> Vec<Option<String>> {
        ts.iter()
            .map(|t| {
                t.and_then(|t| chrono::DateTime::from_timestamp(t as i64, 0))
                    .map(f)
            })
            .collect()
    };
    let year = calendar(&|t| t.format("%Y").to_string());
    let quarter = calendar(&|t| format!("Q{}", t.month0() / 3 + 1));
    let month_name = calendar(&|t| t.format("%b").to_string());
    let weekday = calendar(&|t| t.format("%a").to_string());
    let product: Vec<Option<String>> = rows
        .iter()
        .map(|&i| Some(format!("P{:03}", hash(i, 5) % 500)))
        .collect();
    cols.push(("order_ts".into(), Values::Time(ts)));
    cols.push(("month".into(), Values::Date(month)));
    cols.push(("region".into(), Values::Text(txt(2, &REGIONS))));
    cols.push(("category".into(), Values::Text(txt(4, &CATEGORIES))));
    cols.push(("channel".into(), Values::Text(txt(6, &CHANNELS))));
    cols.push(("year".into(), Values::Text(year)));
    cols.push(("quarter".into(), Values::Text(quarter)));
    cols.push(("month_name".into(), Values::Text(month_name)));
    cols.push(("weekday".into(), Values::Text(weekday)));
    cols.push(("product".into(), Values::Text(product)));
    // Summed per group, a 1 per row is the group's order count.
    cols.push(("orders".into(), Values::Number(vec![Some(1.0); n])));
    cols.push(("avg_price".into(), Values::Number(price.clone())));
    cols.push(("quantity".into(), Values::Number(qty)));
    cols.push(("unit_price".into(), Values::Number(price)));
    cols.push(("discount".into(), Values::Number(disc)));
    cols.push(("revenue".into(), Values::Number(revenue)));
    ChartData::new(
        cols.into_iter()
            .map(|(name, values)| Column { name, values })
            .collect(),
    )
    .expect("equal columns")
}

pub fn examples_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../../examples/charts")
}

/// All example specs, sorted by file name.
pub fn example_specs() -> Vec<(String, ChartSpec)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(examples_dir())
        .expect("examples/charts exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let json = std::fs::read_to_string(&p).expect("readable spec");
            (
                name,
                ChartSpec::from_json(&json).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
            )
        })
        .collect()
}

/// Emulates the spec's SQL over `raw`: for aggregating kinds, groups rows by the text and date
/// channels and sums the numeric ones (what the example queries do with GROUP BY / SUM), sorted
/// by those channels for queries ordered by their first column.
pub fn data_for(spec: &ChartSpec, raw: &ChartData) -> ChartData {
    use quarry_charts::ChartKind as K;
    use std::collections::HashMap;
    if matches!(spec.kind, K::Scatter | K::Histogram | K::BoxPlot) {
        return raw.clone();
    }
    let e = &spec.encoding;
    let channels: Vec<&str> = [&e.x, &e.y, &e.y2, &e.series, &e.color, &e.size, &e.label]
        .into_iter()
        .flatten()
        .map(|c| c.field.as_str())
        .collect();
    let cols: Vec<&Column> = raw
        .columns()
        .iter()
        .filter(|c| channels.contains(&c.name.as_str()))
        .collect();
    let is_key = |c: &Column| !matches!(c.values, Values::Number(_));
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, (usize, Vec<f64>)> = HashMap::new();
    for i in 0..raw.rows() {
        let key: String = cols
            .iter()
            .filter(|c| is_key(c))
            .map(|c| format!("{:?}|", key_of(&c.values, i)))
            .collect();
        let entry = groups.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            (i, vec![0.0; cols.len()])
        });
        for (k, c) in cols.iter().enumerate() {
            if !is_key(c) {
                entry.1[k] += c.values.number(i).unwrap_or(0.0);
            }
        }
    }
    if spec
        .sql
        .as_deref()
        .is_some_and(|sql| sql.contains("ORDER BY 1"))
    {
        order.sort();
    }
    let mut out: Vec<Column> = Vec::new();
    for (k, c) in cols.iter().enumerate() {
        let values = match &c.values {
            Values::Number(_) => {
                Values::Number(order.iter().map(|g| Some(groups[g].1[k])).collect())
            }
            Values::Text(v) => Values::Text(order.iter().map(|g| v[groups[g].0].clone()).collect()),
            Values::Time(v) => Values::Time(order.iter().map(|g| v[groups[g].0]).collect()),
            Values::Date(v) => Values::Date(order.iter().map(|g| v[groups[g].0]).collect()),
        };
        out.push(Column {
            name: c.name.clone(),
            values,
        });
    }
    ChartData::new(out).expect("equal columns")
}

fn key_of(v: &Values, i: usize) -> String {
    match v {
        Values::Text(t) => t[i].clone().unwrap_or_default(),
        Values::Time(t) | Values::Date(t) => format!("{:?}", t[i]),
        Values::Number(n) => format!("{:?}", n[i]),
    }
}
