// Display formatting per the UI's language, always through Intl (never by hand).
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

/** The text a copied cell puts on the clipboard: the value itself, unformatted; NULL is empty. */
export function cellClipboardText(cell: Cell): string {
  if (cell === null) return "";
  return String(cell);
}

/** Whether a column's values read better right-aligned. */
export function isNumeric(column: ColumnMeta): boolean {
  return column.kind === "integer" || column.kind === "float" || column.kind === "decimal";
}

export function formatNumber(value: number, locale?: string, digits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A fraction (0–1) as a percentage: "12.5 %" / "12,5 %". */
export function formatPercent(fraction: number, locale?: string, digits = 1): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: digits }).format(
    fraction,
  );
}

const BYTE_UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

/** "980 byte", "1.2 MB", "3.4 GB" (decimal units). */
export function formatBytes(bytes: number, locale?: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: BYTE_UNITS[unit] ?? "byte",
    unitDisplay: "short",
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** A duration in ms as "0.8 ms", "12 ms" or "3.4 s", with the locale's decimal sign. */
export function formatDuration(ms: number, locale?: string): string {
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  if (ms < 10) return `${number(ms, 1)} ms`;
  if (ms < 1000) return `${number(Math.round(ms), 0)} ms`;
  return `${number(ms / 1000, 1)} s`;
}

/**
 * A timestamp the shell sends in UTC, `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DDTHH:MM:SSZ`;
 * null when it is neither.
 */
export function parseUtc(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?$/.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  return Number.isNaN(time) ? null : new Date(time);
}

/** A UTC timestamp from the shell in the user's time zone and language; the text itself if unreadable. */
export function formatDateTime(text: string, locale?: string, timeZone?: string): string {
  const date = parseUtc(text);
  if (!date) return text;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}
