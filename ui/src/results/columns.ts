// Column widths for the result grid, estimated once from the first page (no measuring per scroll).
import type { Cell, ColumnMeta } from "../api";
import { formatCell } from "../format";

const CHAR_PX = 7.2;
const PADDING_PX = 20;
const MIN_WIDTH = 64;
const MAX_WIDTH = 420;

/** Px per column: wide enough for the header (name, type, sort mark) and the sampled values. */
export function columnWidths(
  columns: ColumnMeta[],
  sample: readonly (readonly Cell[])[],
  locale?: string,
): number[] {
  return columns.map((column, index) => {
    let chars = Math.max(column.name.length + 3, column.sqlType.length);
    for (const row of sample.slice(0, 200)) {
      const cell = row[index];
      if (cell === undefined) continue;
      chars = Math.max(chars, formatCell(cell, column, locale).length);
    }
    return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, chars * CHAR_PX + PADDING_PX)));
  });
}

/**
 * Whether `text` likely runs past a column `width` px wide. Such cells fade out at the right
 * edge: cells cannot use text-overflow (it needs overflow: hidden, and WebKitWebDriver reads
 * no text from elements that hide their overflow).
 */
export function overflows(text: string, width: number): boolean {
  return text.length * CHAR_PX + PADDING_PX > width;
}

/** Width of the row-number column for results up to `totalRows` rows. */
export function rowNumberWidth(totalRows: number): number {
  const digits = Math.max(2, Math.ceil(Math.log10(totalRows + 1)));
  return Math.round((digits + Math.floor((digits - 1) / 3)) * CHAR_PX + PADDING_PX);
}

export interface SortState {
  column: string;
  descending: boolean;
}

/** Clicking a header cycles its sort: ascending → descending → unsorted. */
export function nextSort(current: SortState | null, column: string): SortState | null {
  if (current?.column !== column) return { column, descending: false };
  if (!current.descending) return { column, descending: true };
  return null;
}
