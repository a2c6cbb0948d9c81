// Moving and resizing blocks on the report's 12-column grid. The grid positions come from the
// engine (`reportGrid`); a move only reorders the page's blocks, and the engine flows them again.
import type { GridCell, ReportBlock } from "../api";

export const GRID_COLUMNS = 12;

/** A row past every real one: "the end of the page". */
const PAGE_END = Number.MAX_SAFE_INTEGER;

export interface GridPoint {
  x: number;
  y: number;
}

export interface Moved {
  blocks: ReportBlock[];
  /** Where the moved block is now. */
  index: number;
}

/** Reading order: top to bottom, then left to right. */
function compare(a: GridPoint, b: GridPoint): number {
  return a.y - b.y || a.x - b.x;
}

/**
 * The page's blocks ordered by their grid positions, with block `index` dropped at `target`.
 * A block dropped exactly where another starts goes before it when it moved up or left, and
 * after it when it moved down or right, so dragging onto a neighbour swaps the two.
 */
export function moveBlock(
  blocks: readonly ReportBlock[],
  cells: readonly GridCell[],
  index: number,
  target: GridPoint,
): Moved {
  const positions = new Map(cells.map((cell) => [cell.block, cell]));
  const end: GridPoint = { x: 0, y: PAGE_END };
  const origin = positions.get(index) ?? end;
  const forward = compare(target, origin) > 0;
  const keyed = blocks.map((block, i) => ({
    block,
    i,
    at: i === index ? target : (positions.get(i) ?? end),
    moved: i === index,
  }));
  keyed.sort((a, b) => {
    const byPlace = compare(a.at, b.at);
    if (byPlace !== 0) return byPlace;
    if (a.moved !== b.moved) return (a.moved ? -1 : 1) * (forward ? -1 : 1);
    return a.i - b.i;
  });
  return { blocks: keyed.map((k) => k.block), index: keyed.findIndex((k) => k.moved) };
}

export type Direction = "left" | "right" | "up" | "down";

/**
 * Alt+Arrow: left/right swap with the neighbour in reading order; up/down take the place of the
 * block above/below in the previous/next row (past the first or last row: the page's start/end).
 */
export function keyboardMove(
  blocks: readonly ReportBlock[],
  cells: readonly GridCell[],
  index: number,
  direction: Direction,
): Moved {
  if (direction === "left" || direction === "right") {
    const other = direction === "left" ? index - 1 : index + 1;
    if (other < 0 || other >= blocks.length) return { blocks: [...blocks], index };
    const next = [...blocks];
    const a = next[index];
    const b = next[other];
    if (a === undefined || b === undefined) return { blocks: next, index };
    next[index] = b;
    next[other] = a;
    return { blocks: next, index: other };
  }
  const cell = cells.find((c) => c.block === index);
  if (!cell) return { blocks: [...blocks], index };
  const rows = [...new Set(cells.map((c) => c.y))].sort((a, b) => a - b);
  const row = rows.indexOf(cell.y);
  const targetRow = rows[direction === "up" ? row - 1 : row + 1];
  if (targetRow === undefined) {
    // Above the first row or below the last: to the start or the end of the page.
    return moveBlock(blocks, cells, index, { x: 0, y: direction === "up" ? -1 : PAGE_END });
  }
  // Take the place of the block in that row that sits above/below this one's left edge.
  const rowCells = cells.filter((c) => c.y === targetRow).sort((a, b) => a.x - b.x);
  const over =
    rowCells.find((c) => c.x <= cell.x && cell.x < c.x + c.w) ??
    rowCells.filter((c) => c.x <= cell.x).at(-1) ??
    rowCells[0];
  return moveBlock(blocks, cells, index, { x: over?.x ?? cell.x, y: targetRow });
}

/** Blocks whose height the author sets; text, headings and tables size themselves. */
export function hasOwnHeight(block: ReportBlock): boolean {
  return block.type === "chart" || block.type === "kpi" || block.type === "image";
}

/** A block's layout after a resize to `w` columns (and `h` rows where the block has a height). */
export function resizeBlock(
  blocks: readonly ReportBlock[],
  index: number,
  size: { w: number; h: number },
): ReportBlock[] {
  return blocks.map((block, i) => {
    if (i !== index) return block;
    const width = Math.min(GRID_COLUMNS, Math.max(1, Math.round(size.w)));
    const layout = { ...block.layout, width };
    if (hasOwnHeight(block)) layout.height = Math.max(1, Math.round(size.h));
    return { ...block, layout };
  });
}
