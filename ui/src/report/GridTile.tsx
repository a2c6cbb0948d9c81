import type { KeyboardEvent, PointerEvent } from "react";
import { useTranslation } from "react-i18next";

import type { GridCell, ReportBlock } from "../api";
import { BLOCK_LABEL, blockDetail } from "./blockSummary";
import type { Direction } from "./gridMoves";

export interface TileBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface GridTileProps {
  block: ReportBlock;
  cell: GridCell;
  box: TileBox;
  selected: boolean;
  dragging: boolean;
  onPointerDown: (event: PointerEvent<HTMLDivElement>, mode: "move" | "resize") => void;
  onSelect: () => void;
  onMove: (direction: Direction) => void;
  onResize: (dw: number, dh: number) => void;
  onDelete: () => void;
}

const ARROWS: Record<string, Direction> = {
  ArrowLeft: "left",
  ArrowRight: "right",
  ArrowUp: "up",
  ArrowDown: "down",
};

/** One block on the builder's grid: drag to move, drag the corner to resize, Alt+Arrows too. */
export function GridTile(props: GridTileProps) {
  const { block, cell, box, selected, dragging } = props;
  const { t } = useTranslation();
  const kind = t(BLOCK_LABEL[block.type]);
  const detail = blockDetail(block);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const direction = ARROWS[event.key];
    if (direction && event.altKey) {
      event.preventDefault();
      if (!event.shiftKey) props.onMove(direction);
      else if (direction === "left" || direction === "right") props.onResize(direction === "left" ? -1 : 1, 0);
      else props.onResize(0, direction === "up" ? -1 : 1);
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      props.onDelete();
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      props.onSelect();
    }
  };

  const classes = ["report-tile", `tile-${block.type}`, selected ? "selected" : "", dragging ? "dragging" : ""];
  return (
    <div
      className={classes.join(" ").trim()}
      data-testid="report-tile"
      data-block={cell.block}
      data-x={cell.x}
      data-y={cell.y}
      data-w={cell.w}
      data-h={cell.h}
      data-type={block.type}
      style={{ left: box.left, top: box.top, width: box.width, height: box.height }}
      tabIndex={0}
      role="button"
      aria-pressed={selected}
      aria-label={t("report.tileLabel", {
        kind,
        detail,
        column: cell.x + 1,
        row: cell.y + 1,
        width: cell.w,
      })}
      aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight Alt+ArrowUp Alt+ArrowDown Alt+Shift+ArrowLeft Alt+Shift+ArrowRight Delete"
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        props.onPointerDown(event, "move");
      }}
    >
      <span className="tile-kind">{kind}</span>
      {detail && <span className={block.type === "heading" ? "tile-detail tile-heading" : "tile-detail"}>{detail}</span>}
      <span className="tile-size" aria-hidden="true">
        {cell.w}×{cell.h}
      </span>
      <div
        className="tile-resize"
        aria-hidden="true"
        title={t("report.resizeHint")}
        onPointerDown={(event) => {
          event.stopPropagation();
          props.onPointerDown(event, "resize");
        }}
      />
    </div>
  );
}
