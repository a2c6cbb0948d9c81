import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type Cell, type SortOrder } from "../api";
import { formatCell, formatNumber, isNumeric } from "../format";
import { SortIcon } from "../shell/icons";
import { useElementSize } from "../shell/useElementSize";
import { useLocale } from "../shell/useLocale";
import { columnWidths, nextSort, overflows, rowNumberWidth } from "./columns";
import { scrollSpace, toPhysicalTop, toVirtualTop, visibleRows } from "./paging";
import {
  clipboardText,
  inRange,
  MAX_COPY_ROWS,
  rangeRows,
  selectionRange,
  type CellPosition,
  type CellSelection,
} from "./selection";
import { usePagedRows, type PagedSource } from "./usePagedRows";
import "./grid.css";

export const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 42;

interface ResultGridProps {
  source: PagedSource;
  onSort: (order: SortOrder | null) => void;
}

/**
 * A virtualized result: only the visible rows are in the DOM, pages come from the engine as the
 * user scrolls, and results taller than the browser's element limit scroll through a scaled space.
 */
export function ResultGrid({ source, onSort }: ResultGridProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { columns, totalRows } = source.first;
  const viewport = useRef<HTMLDivElement>(null);
  const windowRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(viewport, { width: 800, height: 480 });
  const bodyHeight = Math.max(ROW_HEIGHT, size.height - HEADER_HEIGHT);
  const space = useMemo(() => scrollSpace(totalRows, ROW_HEIGHT, bodyHeight), [totalRows, bodyHeight]);
  const [virtualTopState, setVirtualTop] = useState(0);
  const virtualTop = Math.min(virtualTopState, space.maxVirtualTop);
  const ownScroll = useRef(0);
  const visible = visibleRows(virtualTop, bodyHeight, ROW_HEIGHT, totalRows);
  // Columns start as wide as the first page needs and grow when a later page has longer values.
  const [widths, setWidths] = useState(() => columnWidths(columns, source.first.rows, locale));
  const growColumns = useCallback(
    (rows: readonly Cell[][]) => {
      const needed = columnWidths(columns, rows, locale);
      setWidths((current) =>
        needed.some((w, i) => w > (current[i] ?? 0))
          ? current.map((w, i) => Math.max(w, needed[i] ?? 0))
          : current,
      );
    },
    [columns, locale],
  );
  const { rowAt, error } = usePagedRows(source, visible.first, visible.count, growColumns);
  const numberWidth = rowNumberWidth(totalRows);
  const tableWidth = widths.reduce((sum, w) => sum + w, numberWidth);
  const [selection, setSelection] = useState<CellSelection | null>(null);
  const range = selection ? selectionRange(selection) : null;
  const selecting = useRef(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const stop = () => {
      selecting.current = false;
    };
    window.addEventListener("mouseup", stop);
    return () => {
      window.removeEventListener("mouseup", stop);
    };
  }, []);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (element) {
      const physical = toPhysicalTop(virtualTop, space);
      if (Math.abs(element.scrollTop - physical) > 1) {
        ownScroll.current = physical;
        element.scrollTop = physical;
      }
    }
    if (windowRef.current) windowRef.current.scrollTop = visible.offset;
  }, [virtualTop, space, visible.offset, visible.count]);

  // In a scaled space the wheel moves by virtual pixels, so one notch still moves a few rows.
  useEffect(() => {
    const element = viewport.current;
    if (!element || space.ratio <= 1) return;
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY === 0 || event.ctrlKey) return;
      event.preventDefault();
      const unit = event.deltaMode === 1 ? ROW_HEIGHT : event.deltaMode === 2 ? bodyHeight : 1;
      setVirtualTop((top) => Math.min(Math.max(top + event.deltaY * unit, 0), space.maxVirtualTop));
      if (event.deltaX !== 0) element.scrollLeft += event.deltaX;
    };
    element.addEventListener("wheel", onWheel, { passive: false });
    return () => {
      element.removeEventListener("wheel", onWheel);
    };
  }, [space, bodyHeight]);

  const onScroll = () => {
    const element = viewport.current;
    if (!element) return;
    if (space.ratio > 1 && Math.abs(element.scrollTop - ownScroll.current) <= 1) return;
    ownScroll.current = element.scrollTop;
    // Scroll offsets are whole pixels, and in a scaled space one pixel is many rows' worth:
    // at the very end, show the very end.
    const scrollable = element.scrollHeight > element.clientHeight;
    const atEnd = scrollable && element.scrollTop + element.clientHeight >= element.scrollHeight - 1;
    setVirtualTop(atEnd ? space.maxVirtualTop : toVirtualTop(element.scrollTop, space));
  };

  const reveal = (target: CellPosition) => {
    const rowTop = target.row * ROW_HEIGHT;
    if (rowTop < virtualTop) setVirtualTop(rowTop);
    else if (rowTop + ROW_HEIGHT > virtualTop + bodyHeight) setVirtualTop(rowTop + ROW_HEIGHT - bodyHeight);
    const element = viewport.current;
    if (!element) return;
    const left = widths.slice(0, target.col).reduce((sum, w) => sum + w, numberWidth);
    const right = left + (widths[target.col] ?? 0);
    if (left - numberWidth < element.scrollLeft) element.scrollLeft = left - numberWidth;
    else if (right > element.scrollLeft + element.clientWidth) element.scrollLeft = right - element.clientWidth;
  };

  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(
    () => () => {
      clearTimeout(noticeTimer.current);
    },
    [],
  );
  /** Shows `text` for a moment; a newer notice replaces it and gets its own moment. */
  const announce = (text: string) => {
    setNotice(text);
    clearTimeout(noticeTimer.current);
    noticeTimer.current = setTimeout(() => {
      setNotice(null);
    }, 2500);
  };

  /** Copies the selected cells; rows not on screen come from the engine's cached result. */
  const copySelection = async () => {
    if (!range) return;
    const count = rangeRows(range);
    if (count > MAX_COPY_ROWS) {
      announce(t("grid.copyTooLarge", { max: formatNumber(MAX_COPY_ROWS, locale) }));
      return;
    }
    let rows = Array.from({ length: count }, (_, k) => rowAt(range.top + k));
    if (rows.some((row) => row === undefined)) {
      try {
        const page = await api.runQuery(source.sql, { offset: range.top, maxRows: count, sort: source.sort });
        rows = page.rows;
      } catch (e) {
        announce(errorMessage(e));
        return;
      }
    }
    const text = clipboardText(rows as Cell[][], range);
    await navigator.clipboard.writeText(text);
    announce(t("grid.copied"));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const key = event.key.toLowerCase();
    if ((event.ctrlKey || event.metaKey) && key === "c") {
      event.preventDefault();
      void copySelection();
      return;
    }
    if ((event.ctrlKey || event.metaKey) && key === "a" && totalRows > 0) {
      event.preventDefault();
      setSelection({ anchor: { row: 0, col: 0 }, focus: { row: totalRows - 1, col: columns.length - 1 } });
      return;
    }
    const pageRows = Math.max(1, Math.floor(bodyHeight / ROW_HEIGHT) - 1);
    const current = selection?.focus ?? { row: visible.first, col: 0 };
    const lastRow = totalRows - 1;
    const lastCol = columns.length - 1;
    const moves: Record<string, CellPosition> = {
      ArrowDown: { row: current.row + 1, col: current.col },
      ArrowUp: { row: current.row - 1, col: current.col },
      ArrowLeft: { row: current.row, col: current.col - 1 },
      ArrowRight: { row: current.row, col: current.col + 1 },
      PageDown: { row: current.row + pageRows, col: current.col },
      PageUp: { row: current.row - pageRows, col: current.col },
      Home: event.ctrlKey ? { row: 0, col: current.col } : { row: current.row, col: 0 },
      End: event.ctrlKey ? { row: lastRow, col: current.col } : { row: current.row, col: lastCol },
    };
    const move = moves[event.key];
    if (!move || totalRows === 0) return;
    event.preventDefault();
    const next = {
      row: Math.min(Math.max(move.row, 0), lastRow),
      col: Math.min(Math.max(move.col, 0), lastCol),
    };
    setSelection({ anchor: event.shiftKey && selection ? selection.anchor : next, focus: next });
    reveal(next);
  };

  const sort = source.sort;
  return (
    <div className="grid-frame">
      {error && (
        <p className="error grid-error" role="alert">
          {error}
        </p>
      )}
      <div
        ref={viewport}
        className="grid-viewport"
        tabIndex={0}
        role="region"
        aria-label={t("grid.label")}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div className="grid-canvas" style={{ height: Math.max(HEADER_HEIGHT + space.physicalHeight, size.height), width: tableWidth }}>
          <div ref={windowRef} className="grid-window" style={{ height: size.height, width: tableWidth }}>
            <table
              className="grid"
              data-testid="result-table"
              role="grid"
              aria-rowcount={totalRows + 1}
              aria-colcount={columns.length}
              style={{ width: tableWidth }}
            >
              <colgroup>
                <col style={{ width: numberWidth }} />
                {widths.map((width, i) => (
                  <col key={i} style={{ width }} />
                ))}
              </colgroup>
              <thead>
                <tr aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
                  <th className="row-number" scope="col">
                    <span className="visually-hidden">{t("grid.rowNumber")}</span>
                  </th>
                  {columns.map((column, c) => {
                    const sorted = sort?.column === column.name ? sort : null;
                    return (
                      <th
                        key={c}
                        scope="col"
                        className={isNumeric(column) ? "numeric" : undefined}
                        aria-sort={sorted ? (sorted.descending ? "descending" : "ascending") : "none"}
                      >
                        <button
                          type="button"
                          className="column-header"
                          title={t("grid.sortBy", { column: column.name })}
                          onClick={() => {
                            onSort(nextSort(sort, column.name));
                          }}
                        >
                          <span className="column-name">
                            {column.name}
                            {sorted && <SortIcon descending={sorted.descending} />}
                          </span>
                          <span className="column-type">{column.sqlType}</span>
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: visible.count }, (_, k) => {
                  const index = visible.first + k;
                  const row = rowAt(index);
                  return (
                    <tr key={index} aria-rowindex={index + 2} style={{ height: ROW_HEIGHT }}>
                      <th scope="row" className="row-number">
                        {formatNumber(index + 1, locale)}
                      </th>
                      {columns.map((column, c) => {
                        const cell = row?.[c];
                        const isSelected = range !== null && inRange(range, index, c);
                        const isFocus = selection?.focus.row === index && selection.focus.col === c;
                        if (cell === undefined) return <td key={c} className="pending" aria-busy="true" />;
                        const text = formatCell(cell, column, locale);
                        const classes = [
                          isNumeric(column) ? "numeric" : "",
                          cell === null ? "null" : "",
                          isSelected ? "selected" : "",
                          isFocus ? "focus" : "",
                          overflows(text, widths[c] ?? 0) ? "clipped" : "",
                        ];
                        return (
                          <td
                            key={c}
                            className={classes.join(" ").trim() || undefined}
                            aria-selected={isSelected}
                            data-value={text}
                            onMouseDown={(event) => {
                              const here = { row: index, col: c };
                              selecting.current = true;
                              setSelection((current) => ({
                                anchor: event.shiftKey && current ? current.anchor : here,
                                focus: here,
                              }));
                            }}
                            onMouseEnter={() => {
                              if (!selecting.current) return;
                              setSelection((current) => current && { ...current, focus: { row: index, col: c } });
                            }}
                          >
                            {text}
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      </div>
      <span className="grid-copied" role="status">
        {notice ?? ""}
      </span>
    </div>
  );
}
