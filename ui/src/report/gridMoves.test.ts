import { describe, expect, it } from "vitest";

import type { GridCell, ReportBlock } from "../api";
import { keyboardMove, moveBlock, resizeBlock } from "./gridMoves";

const block = (name: string, width = 6): ReportBlock => ({ type: "heading", text: name, layout: { width } });
const names = (blocks: readonly ReportBlock[]) => blocks.map((b) => b.text);

// A B      (two half-width blocks in row 0, 5 rows tall)
// C        (full width, row 5)
// D E      (two half-width blocks in row 9)
const blocks = [block("A"), block("B"), block("C", 12), block("D"), block("E")];
const cells: GridCell[] = [
  { block: 0, x: 0, y: 0, w: 6, h: 5 },
  { block: 1, x: 6, y: 0, w: 6, h: 5 },
  { block: 2, x: 0, y: 5, w: 12, h: 4 },
  { block: 3, x: 0, y: 9, w: 6, h: 5 },
  { block: 4, x: 6, y: 9, w: 6, h: 5 },
];

describe("moving a block on the grid", () => {
  it("reorders the page's blocks by the new (row, column) positions", () => {
    const moved = moveBlock(blocks, cells, 4, { x: 0, y: 2 });
    expect(names(moved.blocks)).toEqual(["A", "B", "E", "C", "D"]);
    expect(moved.index).toBe(2);
  });

  it("swaps with the neighbour it is dropped onto, in either direction", () => {
    expect(names(moveBlock(blocks, cells, 0, { x: 6, y: 0 }).blocks)).toEqual(["B", "A", "C", "D", "E"]);
    expect(names(moveBlock(blocks, cells, 1, { x: 0, y: 0 }).blocks)).toEqual(["B", "A", "C", "D", "E"]);
    expect(names(moveBlock(blocks, cells, 0, { x: 0, y: 9 }).blocks)).toEqual(["B", "C", "D", "A", "E"]);
  });

  it("keeps the order when the block is dropped where it was", () => {
    const moved = moveBlock(blocks, cells, 2, { x: 0, y: 5 });
    expect(names(moved.blocks)).toEqual(["A", "B", "C", "D", "E"]);
    expect(moved.index).toBe(2);
  });

  it("puts blocks the layout has not placed yet at the end", () => {
    const more = [...blocks, block("F")];
    expect(names(moveBlock(more, cells, 3, { x: 0, y: 0 }).blocks)).toEqual(["D", "A", "B", "C", "E", "F"]);
  });
});

describe("moving a block with the keyboard", () => {
  it("swaps with the previous or next block for Alt+Left / Alt+Right", () => {
    expect(names(keyboardMove(blocks, cells, 1, "left").blocks)).toEqual(["B", "A", "C", "D", "E"]);
    expect(keyboardMove(blocks, cells, 1, "right").index).toBe(2);
    expect(names(keyboardMove(blocks, cells, 4, "right").blocks)).toEqual(["A", "B", "C", "D", "E"]);
  });

  it("goes to the row above or below for Alt+Up / Alt+Down", () => {
    // E sits under the full-width C: up puts it before C.
    expect(names(keyboardMove(blocks, cells, 4, "up").blocks)).toEqual(["A", "B", "E", "C", "D"]);
    expect(names(keyboardMove(blocks, cells, 2, "up").blocks)).toEqual(["C", "A", "B", "D", "E"]);
    // A goes below C; D, in the last row, goes to the end of the page.
    expect(names(keyboardMove(blocks, cells, 0, "down").blocks)).toEqual(["B", "C", "A", "D", "E"]);
    expect(names(keyboardMove(blocks, cells, 3, "down").blocks)).toEqual(["A", "B", "C", "E", "D"]);
    // B, in the first row, goes to the start of the page.
    expect(names(keyboardMove(blocks, cells, 1, "up").blocks)).toEqual(["B", "A", "C", "D", "E"]);
  });
});

describe("resizing a block", () => {
  it("sets the width, and the height only where the block has one of its own", () => {
    const chart: ReportBlock = { type: "chart", query: "q", chart: {}, layout: { width: 6 } };
    const resized = resizeBlock([block("A"), chart], 1, { w: 8.4, h: 10 });
    expect(resized[1]?.layout).toEqual({ width: 8, height: 10 });
    expect(resizeBlock([block("A")], 0, { w: 20, h: 10 })[0]?.layout).toEqual({ width: 12 });
    expect(resizeBlock([block("A")], 0, { w: 0, h: 3 })[0]?.layout).toEqual({ width: 1 });
  });
});
