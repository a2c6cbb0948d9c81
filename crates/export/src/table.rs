//! Streaming one dataset into sheets: header, typed rows, the split past Excel's row limit,
//! notes, and the native chart with its data block.

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, SchemaRef};
use quarry_charts::{ChartSpec, NumberFormat};

use crate::cells::{self, Cells, ColumnPlan};
use crate::chart::{self, BlockFormats};
use crate::chart_data::Collector;
use crate::error::ExportError;
use crate::summary::SheetEntry;
use crate::writer::{MAX_ROWS, TableOptions, TableWritten, XlsxWriter, thousands, write_error};

/// Columns in an Excel sheet.
const MAX_COLUMNS: usize = 16_384;
/// Values sampled (from the first batch) to size columns.
const SAMPLE_ROWS: usize = 200;

impl XlsxWriter {
    pub(crate) fn write_table<E: Into<ExportError>>(
        &mut self,
        name: &str,
        schema: &SchemaRef,
        batches: impl IntoIterator<Item = Result<RecordBatch, E>>,
        table: &TableOptions<'_>,
        progress: &dyn Fn(u64),
        cancel: &dyn Fn() -> bool,
    ) -> Result<TableWritten, ExportError> {
        let path = self.file.path().to_path_buf();
        let xlsx = |e: rust_xlsxwriter::XlsxError| write_error(&path, e);
        let fields = schema.fields();
        if fields.len() > MAX_COLUMNS {
            return Err(ExportError::Unsupported(format!(
                "“{name}” has {} columns; an Excel sheet holds at most 16,384. Select fewer \
                 columns",
                fields.len()
            )));
        }
        let ncols = fields.len();
        let mut plans: Vec<ColumnPlan> = fields
            .iter()
            .map(|f| ColumnPlan::new(f, column_format(table, f.name()).as_ref()))
            .collect();
        let base = self.names.unique(name);
        let mut collector = table
            .chart
            .and_then(|spec| self.chart_collector(spec, schema, &base));
        let mut sheets = vec![base.clone()];
        let first_sheet = self.start_sheet(&base, fields, &plans)?;
        let mut sheet = first_sheet;
        let (mut row, mut total, mut cut, mut bytes) = (1u32, 0u64, 0u64, 0u64);
        let mut sampled = false;
        let mut buf = String::new();
        for batch in batches {
            if cancel() {
                return Err(ExportError::Cancelled);
            }
            let batch = batch.map_err(Into::into)?;
            if batch.num_columns() != ncols {
                return Err(ExportError::input(format!(
                    "a batch of “{name}” has {} columns, its schema {ncols}",
                    batch.num_columns()
                )));
            }
            let arrays: Vec<ArrayRef> = batch
                .columns()
                .iter()
                .map(cells::decode)
                .collect::<Result<_, _>>()?;
            let prepared: Vec<Cells<'_>> = arrays
                .iter()
                .zip(fields.iter())
                .map(|(a, f)| cells::prepare(f.name(), a.as_ref()))
                .collect::<Result<_, _>>()?;
            let n = batch.num_rows();
            if !sampled && n > 0 {
                let ws = self.workbook.worksheet_from_index(sheet).map_err(xlsx)?;
                for (c, (plan, cells)) in plans.iter_mut().zip(&prepared).enumerate() {
                    plan.sample(cells, n.min(SAMPLE_ROWS));
                    ws.set_column_width(c as u16, plan.excel_width())
                        .map_err(xlsx)?;
                }
                sampled = true;
            }
            if let Some((_, _, c)) = &mut collector {
                c.add(&batch)?;
            }
            // Text dominates the XML size; 40 bytes covers a number cell's markup.
            bytes += (n * ncols * 40) as u64
                + arrays
                    .iter()
                    .filter(|a| cells::kind_of(a.data_type()) == cells::Kind::Text)
                    .map(|a| a.get_buffer_memory_size() as u64)
                    .sum::<u64>();
            let mut i = 0;
            while i < n {
                if row == MAX_ROWS {
                    self.end_sheet(sheet, row - 1, ncols, &mut bytes)?;
                    let next = self
                        .names
                        .unique_with_suffix(&base, &format!(" ({})", sheets.len() + 1));
                    sheet = self.start_sheet(&next, fields, &plans)?;
                    sheets.push(next);
                    row = 1;
                }
                let take = (n - i).min((MAX_ROWS - row) as usize);
                let ws = self.workbook.worksheet_from_index(sheet).map_err(xlsx)?;
                for r in i..i + take {
                    for (c, cells) in prepared.iter().enumerate() {
                        cut +=
                            u64::from(cells.write(ws, row, c as u16, r, &mut buf).map_err(xlsx)?);
                    }
                    row += 1;
                }
                i += take;
            }
            total += n as u64;
            progress(total);
        }
        self.end_sheet(sheet, row - 1, ncols, &mut bytes)?;
        for (entry, rows) in sheets.iter().zip(per_sheet_rows(total, sheets.len())) {
            self.sheets.push(SheetEntry {
                name: entry.clone(),
                rows,
                what: "data",
            });
        }
        if sheets.len() > 1 {
            let rest: Vec<String> = sheets[1..].iter().map(|s| format!("“{s}”")).collect();
            self.notes.push(format!(
                "“{base}” has {} rows, more than one Excel sheet holds (1,048,575 below the \
                 header): it continues on {}.",
                thousands(total),
                rest.join(", ")
            ));
        }
        if cut > 0 {
            self.notes.push(format!(
                "{} cells of “{base}” held more than 32,767 characters, Excel's limit, and \
                 were cut.",
                thousands(cut)
            ));
        }
        for field in fields.iter() {
            if let DataType::Timestamp(_, Some(tz)) = cells::value_type(field.data_type())
                && cells::tz_offset_seconds(tz).is_none()
            {
                self.notes.push(format!(
                    "Column “{}” of “{base}” (time zone {tz}) is written in UTC.",
                    field.name()
                ));
            }
        }
        let mut chart_sheet = None;
        if let Some((spec, ty, collector)) = collector {
            match collector.finish() {
                Ok(data) => {
                    let format_of = |field: Option<&String>| {
                        field
                            .and_then(|f| schema.index_of(f).ok())
                            .and_then(|i| plans[i].format.clone())
                    };
                    let e = &spec.encoding;
                    let formats = BlockFormats::new(
                        data.x_kind,
                        format_of(e.y.as_ref().map(|c| &c.field)),
                        format_of(e.y2.as_ref().map(|c| &c.field)),
                    );
                    let data_name = self.names.unique_with_suffix(&base, " chart data");
                    let ws = self.workbook.add_worksheet();
                    ws.set_name(data_name.as_str()).map_err(xlsx)?;
                    chart::write_block(ws, &data, &formats, &self.styles.header).map_err(xlsx)?;
                    let excel_chart = chart::build(spec, ty, &data, &data_name, &formats);
                    let at = (ncols + 1).min(MAX_COLUMNS - 10) as u16;
                    self.workbook
                        .worksheet_from_index(first_sheet)
                        .map_err(xlsx)?
                        .insert_chart_with_offset(1, at, &excel_chart, 10, 0)
                        .map_err(xlsx)?;
                    self.sheets.push(SheetEntry {
                        name: data_name.clone(),
                        rows: data.keys.len() as u64,
                        what: "chart data",
                    });
                    chart_sheet = Some(data_name);
                }
                Err(why) => self.notes.push(format!(
                    "No chart for “{base}”: {why}. The data is on sheet “{base}”."
                )),
            }
        }
        Ok(TableWritten {
            rows: total,
            sheets,
            chart_sheet,
        })
    }

    /// The collector for a spec, or a note saying why the chart is left out.
    fn chart_collector<'s>(
        &mut self,
        spec: &'s ChartSpec,
        schema: &SchemaRef,
        sheet: &str,
    ) -> Option<(&'s ChartSpec, rust_xlsxwriter::ChartType, Collector)> {
        let title = spec.title.as_deref().unwrap_or(spec.kind.name());
        let Some(ty) = chart::excel_chart_type(spec.kind) else {
            self.notes.push(format!(
                "Chart “{title}” ({}) has no native Excel equivalent; its data is on sheet \
                 “{sheet}”.",
                spec.kind.name()
            ));
            return None;
        };
        match Collector::new(spec, schema) {
            Ok(c) => Some((spec, ty, c)),
            Err(why) => {
                self.notes
                    .push(format!("No chart “{title}” on sheet “{sheet}”: {why}."));
                None
            }
        }
    }

    /// Adds a constant-memory sheet with its header row, formats and widths; returns its index.
    fn start_sheet(
        &mut self,
        name: &str,
        fields: &arrow_schema::Fields,
        plans: &[ColumnPlan],
    ) -> Result<usize, ExportError> {
        let path = self.file.path().to_path_buf();
        let xlsx = |e: rust_xlsxwriter::XlsxError| write_error(&path, e);
        let index = self.workbook.worksheets().len();
        let ws = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx)?;
        ws.set_name(name).map_err(xlsx)?;
        for (c, (field, plan)) in fields.iter().zip(plans).enumerate() {
            let c = c as u16;
            if let Some(code) = &plan.format {
                let format = rust_xlsxwriter::Format::new().set_num_format(code);
                ws.set_column_format(c, &format).map_err(xlsx)?;
            }
            ws.set_column_width(c, plan.excel_width()).map_err(xlsx)?;
            ws.write_string_with_format(0, c, field.name().as_str(), &self.styles.header)
                .map_err(xlsx)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx)?;
        Ok(index)
    }

    /// Autofilter over the finished sheet; remembers the largest sheet for ZIP64.
    fn end_sheet(
        &mut self,
        index: usize,
        last_row: u32,
        ncols: usize,
        bytes: &mut u64,
    ) -> Result<(), ExportError> {
        self.largest_sheet = self.largest_sheet.max(*bytes);
        *bytes = 0;
        if ncols == 0 {
            return Ok(());
        }
        let path = self.file.path().to_path_buf();
        self.workbook
            .worksheet_from_index(index)
            .and_then(|ws| ws.autofilter(0, 0, last_row, ncols as u16 - 1))
            .map_err(|e| write_error(&path, e))?;
        Ok(())
    }
}

/// The caller's format for a column, else the chart channel's that shows it.
fn column_format(table: &TableOptions<'_>, column: &str) -> Option<NumberFormat> {
    if let Some((_, f)) = table.column_formats.iter().find(|(name, _)| name == column) {
        return Some(f.clone());
    }
    let e = &table.chart?.encoding;
    [&e.y, &e.y2, &e.size, &e.color, &e.x]
        .into_iter()
        .flatten()
        .find(|c| c.field == column)
        .and_then(|c| c.format.clone())
}

/// How `total` data rows spread over `sheets` full-then-rest sheets.
fn per_sheet_rows(total: u64, sheets: usize) -> Vec<u64> {
    let full = u64::from(MAX_ROWS - 1);
    (0..sheets as u64)
        .map(|i| total.saturating_sub(i * full).min(full))
        .collect()
}
