import { describe, expect, it } from "vitest";

import type { ColumnMeta } from "./api";
import { i18n } from "./i18n";
import {
  cellClipboardText,
  decimalScale,
  formatBytes,
  formatCell,
  formatDateTime,
  formatDuration,
  formatPercent,
  isNumeric,
  parseUtc,
} from "./format";

const column = (kind: ColumnMeta["kind"], sqlType: string): ColumnMeta => ({ name: "c", kind, sqlType });

describe("formatCell", () => {
  it("groups integers per locale", () => {
    expect(formatCell(1234567, column("integer", "BIGINT"), "en")).toBe("1,234,567");
    expect(formatCell(1234567, column("integer", "BIGINT"), "de")).toBe("1.234.567");
  });

  it("shows decimals at their declared scale", () => {
    expect(formatCell(5, column("decimal", "DECIMAL(14,2)"), "en")).toBe("5.00");
    expect(formatCell(1234.5, column("decimal", "DECIMAL(10, 3)"), "de")).toBe("1.234,500");
  });

  it("passes exact values that arrive as text through unchanged", () => {
    expect(formatCell("12345678901234567890.12", column("decimal", "DECIMAL(38,2)"))).toBe(
      "12345678901234567890.12",
    );
    expect(formatCell("2023-01-01 10:00:00", column("timestamp", "TIMESTAMP"))).toBe("2023-01-01 10:00:00");
  });

  it("spells out NULL and booleans", () => {
    expect(formatCell(null, column("integer", "INTEGER"))).toBe("NULL");
    expect(formatCell(false, column("boolean", "BOOLEAN"))).toBe("false");
  });

  it("copies the raw value, not the formatted one", () => {
    expect(cellClipboardText(1234567.5)).toBe("1234567.5");
    expect(cellClipboardText(null)).toBe("");
    expect(cellClipboardText("Köln")).toBe("Köln");
  });
});

describe("numbers, sizes and durations per locale", () => {
  it("formats percentages", () => {
    expect(formatPercent(0.125, "en")).toBe("12.5%");
    expect(formatPercent(0.125, "de")).toBe("12,5\u00a0%");
  });

  it("picks a byte unit and the locale's decimal sign", () => {
    expect(formatBytes(980, "en")).toBe("980 byte");
    expect(formatBytes(1_250_000, "en")).toBe("1.3 MB");
    expect(formatBytes(1_250_000, "de")).toBe("1,3 MB");
    expect(formatBytes(3_400_000_000, "en")).toBe("3.4 GB");
  });

  it("picks a duration unit", () => {
    expect(formatDuration(0.84, "en")).toBe("0.8 ms");
    expect(formatDuration(123.4, "en")).toBe("123 ms");
    expect(formatDuration(3400, "en")).toBe("3.4 s");
    expect(formatDuration(3400, "de")).toBe("3,4 s");
  });

  it("counts rows in words in the UI language", async () => {
    expect(i18n.t("common.rows", { count: 1 })).toBe("1 row");
    expect(i18n.t("common.rows", { count: 100000 })).toBe("100,000 rows");
    await i18n.changeLanguage("de");
    try {
      expect(i18n.t("common.rows", { count: 1 })).toBe("1 Zeile");
      expect(i18n.t("common.rows", { count: 100000 })).toBe("100.000 Zeilen");
    } finally {
      await i18n.changeLanguage("en");
    }
  });
});

describe("dates", () => {
  it("reads the shell's UTC timestamps in both spellings", () => {
    expect(parseUtc("2026-11-22 03:00:00")?.toISOString()).toBe("2026-11-22T03:00:00.000Z");
    expect(parseUtc("2026-11-22T03:00:05Z")?.toISOString()).toBe("2026-11-22T03:00:05.000Z");
    expect(parseUtc("yesterday")).toBeNull();
  });

  it("shows them in the user's language and time zone", () => {
    // ICU versions differ in the space before "PM" (U+0020 or U+202F).
    expect(formatDateTime("2026-11-22 15:04:00", "en", "UTC").replace(/\s/gu, " ")).toBe("Nov 22, 2026, 3:04 PM");
    expect(formatDateTime("2026-11-22 15:04:00", "de", "UTC")).toBe("22.11.2026, 15:04");
    expect(formatDateTime("2026-11-22 15:04:00", "de", "Europe/Berlin")).toBe("22.11.2026, 16:04");
    expect(formatDateTime("not a date", "en")).toBe("not a date");
  });
});

describe("helpers", () => {
  it("reads the scale of a decimal type", () => {
    expect(decimalScale("DECIMAL(4,2)")).toBe(2);
    expect(decimalScale("VARCHAR")).toBeNull();
  });

  it("aligns only numbers to the right", () => {
    expect(isNumeric(column("float", "DOUBLE"))).toBe(true);
    expect(isNumeric(column("date", "DATE"))).toBe(false);
  });
});
