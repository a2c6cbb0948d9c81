import { describe, expect, it } from "vitest";

import type { ColumnMeta } from "./api";
import { decimalScale, formatCell, formatDuration, formatRowCount, isNumeric } from "./format";

const column = (kind: ColumnMeta["kind"], sqlType: string): ColumnMeta => ({ name: "c", kind, sqlType });

describe("formatCell", () => {
  it("groups integers per locale", () => {
    expect(formatCell(1234567, column("integer", "BIGINT"), "en-US")).toBe("1,234,567");
    expect(formatCell(1234567, column("integer", "BIGINT"), "de-DE")).toBe("1.234.567");
  });

  it("shows decimals at their declared scale", () => {
    expect(formatCell(5, column("decimal", "DECIMAL(14,2)"), "en-US")).toBe("5.00");
    expect(formatCell(1234.5, column("decimal", "DECIMAL(10, 3)"), "de-DE")).toBe("1.234,500");
  });

  it("passes exact values that arrive as text through unchanged", () => {
    expect(formatCell("12345678901234567890.12", column("decimal", "DECIMAL(38,2)"))).toBe(
      "12345678901234567890.12",
    );
    expect(formatCell("2023-01-01 10:00:00", column("timestamp", "TIMESTAMP"))).toBe(
      "2023-01-01 10:00:00",
    );
  });

  it("spells out NULL and booleans", () => {
    expect(formatCell(null, column("integer", "INTEGER"))).toBe("NULL");
    expect(formatCell(false, column("boolean", "BOOLEAN"))).toBe("false");
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

  it("counts rows in words", () => {
    expect(formatRowCount(1, "en-US")).toBe("1 row");
    expect(formatRowCount(100000, "en-US")).toBe("100,000 rows");
  });

  it("picks a duration unit", () => {
    expect(formatDuration(0.84)).toBe("0.8 ms");
    expect(formatDuration(123.4)).toBe("123 ms");
    expect(formatDuration(3400)).toBe("3.4 s");
  });
});
