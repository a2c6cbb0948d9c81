// A rectangle of result cells chosen with the mouse or Shift+arrows, and how it is copied.
import type { Cell } from "../api";
import { cellClipboardText } from "../format";

export interface CellPosition {
  row: number;
  col: number;
}

/** Where a selection started (anchor) and where it ends now (focus, the cell with the outline). */
export interface CellSelection {
  anchor: CellPosition;
  focus: CellPosition;
}

/** Inclusive bounds of a selection. */
export interface CellRange {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Rows one copy may take; more is an export. */
export const MAX_COPY_ROWS = 100_000;

export function selectionRange({ anchor, focus }: CellSelection): CellRange {
  return {
    top: Math.min(anchor.row, focus.row),
    bottom: Math.max(anchor.row, focus.row),
    left: Math.min(anchor.col, focus.col),
    right: Math.max(anchor.col, focus.col),
  };
}

export function inRange(range: CellRange, row: number, col: number): boolean {
  return row >= range.top && row <= range.bottom && col >= range.left && col <= range.right;
}

export function rangeRows(range: CellRange): number {
  return range.bottom - range.top + 1;
}

/** One value as a spreadsheet reads it from tab-separated text: quoted when it holds a tab, a line break or a quote. */
function tsvField(cell: Cell): string {
  const text = cellClipboardText(cell);
  return /[\t\n\r"]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The clipboard text of `rows` (the range's rows, in order) between the range's columns: a single
 * cell as its raw value, several as tab-separated lines that spreadsheets paste into cells.
 */
export function clipboardText(rows: readonly (readonly Cell[])[], range: CellRange): string {
  const pick = (row: readonly Cell[]) => row.slice(range.left, range.right + 1);
  if (rows.length === 1 && range.left === range.right) return cellClipboardText(rows[0]?.[range.left] ?? null);
  return rows.map((row) => pick(row).map(tsvField).join("\t")).join("\n");
}
