// Display formatting of result cells, per the user's locale.
import type { Cell, ColumnMeta } from "./api";

/** The scale of a `DECIMAL(p,s)` type name, if it is one. */
export function decimalScale(sqlType: string): number | null {
  const match = /^DECIMAL\(\s*\d+\s*,\s*(\d+)\s*\)$/i.exec(sqlType);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** Text for a cell: numbers grouped per locale, decimals at their scale, NULL spelled out. */
export function formatCell(cell: Cell, column: ColumnMeta, locale?: string): string {
  if (cell === null) return "NULL";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  if (typeof cell === "string") return cell;
  switch (column.kind) {
    case "integer":
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(cell);
    case "decimal": {
      const scale = decimalScale(column.sqlType) ?? 2;
      return new Intl.NumberFormat(locale, {
        minimumFractionDigits: scale,
        maximumFractionDigits: scale,
      }).format(cell);
    }
    default:
      return new Intl.NumberFormat(locale, { maximumSignificantDigits: 15 }).format(cell);
  }
}

/** Whether a column's values read better right-aligned. */
export function isNumeric(column: ColumnMeta): boolean {
  return column.kind === "integer" || column.kind === "float" || column.kind === "decimal";
}

/** "1 row", "100,000 rows". */
export function formatRowCount(count: number, locale?: string): string {
  const n = new Intl.NumberFormat(locale).format(count);
  return `${n} ${count === 1 ? "row" : "rows"}`;
}

/** A duration in ms as "0.8 ms", "12 ms" or "3.4 s". */
export function formatDuration(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
