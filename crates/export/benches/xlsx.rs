//! XLSX export benchmark: 1,000,000 rows × 12 typed columns shaped like the sample `sales`
//! table, generated deterministically as Arrow batches of 2,048 rows (as DuckDB hands them
//! out), streamed into one constant-memory sheet. Prints elapsed seconds, file size and peak
//! RSS. Targets (issue 5): ≤ 6 s and ≤ 300 MB on the 2-core machine.
//!
//! `cargo bench -p quarry-export --bench xlsx --profile dev` (set `QUARRY_BENCH_ROWS` to change
//! the row count).

use std::sync::Arc;
use std::time::Instant;

use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Decimal128Array, Float64Array, Int32Array, Int64Array,
    RecordBatch, StringArray, TimestampMicrosecondArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};
use quarry_export::{TableOptions, XlsxOptions, XlsxWriter};

const BATCH: usize = 2048;
const REGIONS: [&str; 5] = ["North", "South", "East", "West", "Central"];
const PRODUCTS: [&str; 8] = [
    "Widget",
    "Gadget",
    "Gizmo",
    "Doohickey",
    "Sprocket",
    "Thingamajig",
    "Whatsit",
    "Contraption",
];
const CHANNELS: [&str; 3] = ["Online", "Retail", "Partner"];

fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("order_date", DataType::Date32, false),
        Field::new(
            "ts",
            DataType::Timestamp(TimeUnit::Microsecond, None),
            false,
        ),
        Field::new("region", DataType::Utf8, false),
        Field::new("product", DataType::Utf8, false),
        Field::new("channel", DataType::Utf8, false),
        Field::new("quantity", DataType::Int32, false),
        Field::new("unit_price", DataType::Decimal128(10, 2), false),
        Field::new("discount", DataType::Float64, false),
        Field::new("revenue", DataType::Float64, false),
        Field::new("returned", DataType::Boolean, false),
        Field::new("customer_id", DataType::Int32, false),
    ]))
}

/// A small deterministic generator (splitmix64).
fn mix(i: u64, salt: u64) -> u64 {
    let mut z = i.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(salt);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn batch(schema: &SchemaRef, start: usize, len: usize) -> Result<RecordBatch, ArrowError> {
    let ids: Vec<u64> = (start as u64..(start + len) as u64).collect();
    let pick = |salt: u64, n: u64| ids.iter().map(move |&i| mix(i, salt) % n);
    let quantity: Vec<i32> = pick(3, 20).map(|q| q as i32 + 1).collect();
    let price_cents: Vec<i128> = pick(4, 50_000).map(|p| i128::from(p as i32 + 99)).collect();
    let discount: Vec<f64> = pick(5, 31).map(|d| d as f64 / 100.0).collect();
    let revenue: Vec<f64> = (0..len)
        .map(|k| f64::from(quantity[k]) * price_cents[k] as f64 / 100.0 * (1.0 - discount[k]))
        .collect();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from_iter_values(
            ids.iter().map(|&i| i as i64 + 1),
        )),
        Arc::new(Date32Array::from_iter_values(
            pick(1, 1461).map(|d| 18_262 + d as i32),
        )),
        Arc::new(TimestampMicrosecondArray::from_iter_values(
            pick(2, 126_230_400).map(|s| (1_577_836_800 + s as i64) * 1_000_000),
        )),
        Arc::new(StringArray::from_iter_values(
            pick(6, 5).map(|r| REGIONS[r as usize]),
        )),
        Arc::new(StringArray::from_iter_values(
            pick(7, 8).map(|p| PRODUCTS[p as usize]),
        )),
        Arc::new(StringArray::from_iter_values(
            pick(8, 3).map(|c| CHANNELS[c as usize]),
        )),
        Arc::new(Int32Array::from(quantity)),
        Arc::new(Decimal128Array::from(price_cents).with_precision_and_scale(10, 2)?),
        Arc::new(Float64Array::from(discount)),
        Arc::new(Float64Array::from(revenue)),
        Arc::new(BooleanArray::from_iter(pick(9, 20).map(|r| Some(r == 0)))),
        Arc::new(Int32Array::from_iter_values(
            pick(10, 50_000).map(|c| c as i32 + 1),
        )),
    ];
    RecordBatch::try_new(schema.clone(), columns)
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = std::env::var("QUARRY_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let schema = schema();
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("sales.xlsx");
    let options = XlsxOptions {
        title: "Sales".into(),
        generated_at: "benchmark".into(),
        ..Default::default()
    };

    let started = Instant::now();
    let mut xlsx = XlsxWriter::create(&path, options)?;
    let batches = (0..rows)
        .step_by(BATCH)
        .map(|start| batch(&schema, start, BATCH.min(rows - start)));
    let written = xlsx.add_table(
        "sales",
        &schema,
        batches,
        &TableOptions::default(),
        &|_| {},
        &|| false,
    )?;
    let streamed = started.elapsed().as_secs_f64();
    xlsx.finish()?;
    let total = started.elapsed().as_secs_f64();

    let size = std::fs::metadata(&path)?.len() as f64 / 1e6;
    println!(
        "xlsx: {} rows x 12 columns: {total:.2} s ({streamed:.2} s streaming cells, {:.2} s \
         compressing and saving), {size:.1} MB, peak RSS {:.0} MB",
        written.rows,
        total - streamed,
        peak_rss_mb().unwrap_or(f64::NAN)
    );
    Ok(())
}
