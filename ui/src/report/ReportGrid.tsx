import { useEffect, useRef, useState, type PointerEvent } from "react";
import { useTranslation } from "react-i18next";

import type { GridCell, ReportBlock } from "../api";
import { useElementSize } from "../shell/useElementSize";
import { GridTile, type TileBox } from "./GridTile";
import { GRID_COLUMNS, type Direction, type GridPoint } from "./gridMoves";

/** A grid row is 20 pt; a column of an A4 page's text width about 42 pt. */
const ROW_PER_COLUMN = 0.48;
const DRAG_THRESHOLD_PX = 4;

interface Drag {
  mode: "move" | "resize";
  block: number;
  startX: number;
  startY: number;
  dx: number;
  dy: number;
}

interface ReportGridProps {
  blocks: readonly ReportBlock[];
  cells: readonly GridCell[];
  selected: number | null;
  /** Focus goes to this block after the next change (keyboard moves keep focus on the tile). */
  focusBlock: { block: number; seq: number } | null;
  onSelect: (block: number | null) => void;
  onMove: (block: number, target: GridPoint) => void;
  onKeyboardMove: (block: number, direction: Direction) => void;
  onResize: (block: number, size: { w: number; h: number }) => void;
  onDelete: (block: number) => void;
}

/** The page's blocks on the 12-column grid, where the engine's layout puts them. */
export function ReportGrid(props: ReportGridProps) {
  const { blocks, cells, selected, focusBlock } = props;
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(host, { width: 720, height: 400 });
  const column = width / GRID_COLUMNS;
  const row = Math.max(10, column * ROW_PER_COLUMN);
  const [drag, setDrag] = useState<Drag | null>(null);

  useEffect(() => {
    if (!focusBlock) return;
    host.current?.querySelector<HTMLElement>(`[data-block="${focusBlock.block.toString()}"]`)?.focus();
  }, [focusBlock, cells]);

  const boxOf = (cell: GridCell): TileBox => ({
    left: cell.x * column,
    top: cell.y * row,
    width: cell.w * column,
    height: Math.max(1, cell.h) * row,
  });

  const targetOf = (cell: GridCell, d: Drag): GridPoint => ({
    x: Math.min(Math.max(0, Math.round(cell.x + d.dx / column)), GRID_COLUMNS - cell.w),
    y: Math.max(0, Math.round(cell.y + d.dy / row)),
  });

  const sizeOf = (cell: GridCell, d: Drag) => ({
    w: Math.min(GRID_COLUMNS, Math.max(1, Math.round(cell.w + d.dx / column))),
    h: Math.max(1, Math.round(cell.h + d.dy / row)),
  });

  const start = (block: number) => (event: PointerEvent<HTMLDivElement>, mode: "move" | "resize") => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ mode, block, startX: event.clientX, startY: event.clientY, dx: 0, dy: 0 });
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    setDrag({ ...drag, dx: event.clientX - drag.startX, dy: event.clientY - drag.startY });
  };

  const onPointerUp = () => {
    if (!drag) return;
    const cell = cells.find((c) => c.block === drag.block);
    setDrag(null);
    if (!cell) return;
    const moved = Math.hypot(drag.dx, drag.dy) >= DRAG_THRESHOLD_PX;
    if (!moved) props.onSelect(drag.block);
    else if (drag.mode === "move") props.onMove(drag.block, targetOf(cell, drag));
    else props.onResize(drag.block, sizeOf(cell, drag));
  };

  const rows = cells.reduce((most, c) => Math.max(most, c.y + Math.max(1, c.h)), 0);
  const dragged = drag ? cells.find((c) => c.block === drag.block) : undefined;
  const ghost = drag && dragged && Math.hypot(drag.dx, drag.dy) >= DRAG_THRESHOLD_PX
    ? drag.mode === "move"
      ? { ...dragged, ...targetOf(dragged, drag) }
      : { ...dragged, ...sizeOf(dragged, drag) }
    : null;
  const sorted = [...cells].sort((a, b) => a.block - b.block);

  return (
    <div
      ref={host}
      className="report-grid"
      role="group"
      aria-label={t("report.gridLabel")}
      data-testid="report-grid"
      style={{ height: Math.max(rows + 4, 12) * row, backgroundSize: `${column.toString()}px ${row.toString()}px` }}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        setDrag(null);
      }}
      onPointerDown={(event) => {
        if (event.target === event.currentTarget) props.onSelect(null);
      }}
    >
      {ghost && <div className="tile-ghost" aria-hidden="true" style={boxOf(ghost)} />}
      {sorted.map((cell) => {
        const block = blocks[cell.block];
        if (!block) return null;
        const box = boxOf(cell);
        const isDragged = drag?.block === cell.block && drag.mode === "move";
        const shown = isDragged ? { ...box, left: box.left + drag.dx, top: box.top + drag.dy } : box;
        return (
          <GridTile
            key={cell.block}
            block={block}
            cell={cell}
            box={shown}
            selected={selected === cell.block}
            dragging={drag?.block === cell.block}
            onPointerDown={start(cell.block)}
            onSelect={() => {
              props.onSelect(cell.block);
            }}
            onMove={(direction) => {
              props.onKeyboardMove(cell.block, direction);
            }}
            onResize={(dw, dh) => {
              props.onResize(cell.block, { w: cell.w + dw, h: cell.h + dh });
            }}
            onDelete={() => {
              props.onDelete(cell.block);
            }}
          />
        );
      })}
    </div>
  );
}
