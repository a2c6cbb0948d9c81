import { describe, expect, it } from "vitest";

import { clipboardText, inRange, rangeRows, selectionRange } from "./selection";

describe("selection", () => {
  it("spans the rectangle between anchor and focus in any direction", () => {
    const range = selectionRange({ anchor: { row: 5, col: 3 }, focus: { row: 2, col: 1 } });
    expect(range).toEqual({ top: 2, bottom: 5, left: 1, right: 3 });
    expect(rangeRows(range)).toBe(4);
    expect(inRange(range, 2, 1)).toBe(true);
    expect(inRange(range, 5, 3)).toBe(true);
    expect(inRange(range, 6, 3)).toBe(false);
    expect(inRange(range, 3, 0)).toBe(false);
  });

  it("copies one cell as its raw value", () => {
    const range = { top: 0, bottom: 0, left: 1, right: 1 };
    expect(clipboardText([[1, 'say "hi"\tthere']], range)).toBe('say "hi"\tthere');
    expect(clipboardText([[1, null]], range)).toBe("");
  });

  it("copies a block as tab-separated lines, quoting what would break a cell", () => {
    const range = { top: 0, bottom: 1, left: 0, right: 2 };
    const rows = [
      ["Africa", 12500, null, "ignored"],
      ['a "b"', "two\nlines", true, "ignored"],
    ];
    expect(clipboardText(rows, range)).toBe('Africa\t12500\t\n"a ""b"""\t"two\nlines"\ttrue');
  });
});
