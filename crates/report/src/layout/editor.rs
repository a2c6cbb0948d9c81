//! Where the report builder draws each block: the PDF flow's rows and columns, in grid units,
//! worked out from the document alone (no queries run), so the editor can show the page while
//! the author arranges it.

use serde::Serialize;

use super::blocks::{CHART_ROWS, KPI_ROWS, KPI_SPARK_ROWS};
use crate::document::{Block, ReportDocument};

/// Rows the editor gives blocks whose height depends on their data or text.
const HEADING_ROWS: u16 = 2;
const TEXT_ROWS: u16 = 4;
const TABLE_ROWS: u16 = 8;
const IMAGE_ROWS: u16 = 8;

/// A block's cell on the builder's 12-column grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GridCell {
    /// Index of the block in its page.
    pub block: usize,
    /// First column, 0–11.
    pub x: u8,
    /// First row.
    pub y: u32,
    /// Columns spanned.
    pub w: u8,
    /// Rows spanned.
    pub h: u16,
}

/// The cells of every page's blocks, in the order the PDF places them: blocks fill rows left
/// to right; tables, pivots, full-width text and page breaks start a row of their own.
pub fn editor_grid(doc: &ReportDocument) -> Vec<Vec<GridCell>> {
    doc.pages
        .iter()
        .map(|page| page_cells(&page.blocks))
        .collect()
}

fn page_cells(blocks: &[Block]) -> Vec<GridCell> {
    let mut cells = Vec::with_capacity(blocks.len());
    let (mut column, mut row_top, mut row_height) = (0u8, 0u32, 0u16);
    for (index, block) in blocks.iter().enumerate() {
        let placement = block.placement();
        let w = placement.width.clamp(1, 12);
        let own_row = matches!(
            block,
            Block::Table(_) | Block::Pivot(_) | Block::PageBreak(_)
        ) || matches!(block, Block::Text(_) if w == 12);
        if own_row || column + w > 12 {
            row_top += u32::from(row_height);
            column = 0;
            row_height = 0;
        }
        let h = placement
            .height
            .unwrap_or_else(|| default_rows(block))
            .max(1);
        cells.push(GridCell {
            block: index,
            x: column,
            y: row_top,
            w,
            h,
        });
        column += w;
        row_height = row_height.max(h);
        if own_row {
            row_top += u32::from(row_height);
            column = 0;
            row_height = 0;
        }
    }
    cells
}

fn default_rows(block: &Block) -> u16 {
    match block {
        Block::Heading(_) => HEADING_ROWS,
        Block::Text(_) => TEXT_ROWS,
        Block::Kpi(kpi) if kpi.sparkline.is_some() => KPI_SPARK_ROWS,
        Block::Kpi(_) => KPI_ROWS,
        Block::Chart(_) => CHART_ROWS,
        Block::Table(_) | Block::Pivot(_) => TABLE_ROWS,
        Block::Image(_) => IMAGE_ROWS,
        Block::PageBreak(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(blocks: &str) -> ReportDocument {
        let json = format!(
            r#"{{"version":1,"title":"t","queries":{{"q":{{"sql":"SELECT 1 AS a"}}}},"pages":[{{"blocks":[{blocks}]}}]}}"#
        );
        ReportDocument::from_json(&json).expect("valid document")
    }

    #[test]
    fn blocks_fill_rows_left_to_right_and_wrap_when_full() {
        let d = doc(r#"{"type":"heading","text":"A"},
               {"type":"chart","query":"q","chart":{"version":1,"kind":"bar","encoding":{"x":{"field":"a"},"y":{"field":"a"}}},"layout":{"width":6}},
               {"type":"chart","query":"q","chart":{"version":1,"kind":"bar","encoding":{"x":{"field":"a"},"y":{"field":"a"}}},"layout":{"width":6,"height":10}},
               {"type":"chart","query":"q","chart":{"version":1,"kind":"bar","encoding":{"x":{"field":"a"},"y":{"field":"a"}}},"layout":{"width":8}}"#);
        let cells = &editor_grid(&d)[0];
        let at: Vec<(u8, u32, u8, u16)> = cells.iter().map(|c| (c.x, c.y, c.w, c.h)).collect();
        assert_eq!(
            at,
            vec![(0, 0, 12, 2), (0, 2, 6, 13), (6, 2, 6, 10), (0, 15, 8, 13)]
        );
    }

    #[test]
    fn tables_take_a_row_of_their_own_even_when_narrow() {
        let d = doc(
            r#"{"type":"kpi","label":"k","query":"q","value":"a","layout":{"width":3}},
               {"type":"table","query":"q","layout":{"width":6}},
               {"type":"kpi","label":"k","query":"q","value":"a","layout":{"width":3}}"#,
        );
        let cells = &editor_grid(&d)[0];
        let rows: Vec<u32> = cells.iter().map(|c| c.y).collect();
        assert_eq!(rows, vec![0, 4, 12]);
        assert_eq!(cells[1].x, 0);
    }
}
