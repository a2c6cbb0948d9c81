//! Helpers shared by the export tests: building batches, re-reading workbooks.
#![allow(dead_code)]

use std::convert::Infallible;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{Field, Schema, SchemaRef};
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use quarry_export::{TableOptions, TableWritten, XlsxOptions, XlsxWriter};

/// A schema and one batch from named columns.
pub fn batch(columns: Vec<(&str, ArrayRef)>) -> (SchemaRef, RecordBatch) {
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    ));
    let batch = RecordBatch::try_new(
        schema.clone(),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
    .expect("valid batch");
    (schema, batch)
}

/// Batches as the infallible stream `add_table` takes.
pub fn ok(batches: Vec<RecordBatch>) -> impl Iterator<Item = Result<RecordBatch, Infallible>> {
    batches.into_iter().map(Ok)
}

/// Writes one table (with `options`) to `path` and finishes the workbook.
pub fn write_one(
    path: &Path,
    name: &str,
    schema: &SchemaRef,
    batches: Vec<RecordBatch>,
    options: &TableOptions<'_>,
) -> TableWritten {
    let mut xlsx = XlsxWriter::create(path, XlsxOptions::default()).expect("create");
    let written = xlsx
        .add_table(name, schema, ok(batches), options, &|_| {}, &|| false)
        .expect("add_table");
    xlsx.finish().expect("finish");
    written
}

pub fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).expect("the workbook opens")
}

pub fn sheet(path: &Path, name: &str) -> Range<Data> {
    open(path).worksheet_range(name).expect("the sheet exists")
}

/// A cell by absolute position (Empty when outside the used range).
pub fn cell(range: &Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

pub fn number(data: &Data) -> f64 {
    match data {
        Data::Float(v) => *v,
        Data::Int(v) => *v as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

/// The texts of a column of a sheet.
pub fn texts(range: &Range<Data>) -> Vec<String> {
    range
        .rows()
        .flat_map(|r| r.iter().map(|d| d.to_string()))
        .collect()
}

/// One file of the xlsx zip as text.
pub fn zip_text(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut out = String::new();
    zip.by_name(name)
        .expect("entry")
        .read_to_string(&mut out)
        .expect("utf-8");
    out
}

/// The names of the files in the xlsx zip.
pub fn zip_names(path: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    zip.file_names()
        .map(|n| n.expect("entry name").into_owned())
        .collect()
}
