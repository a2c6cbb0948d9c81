import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { QueryResult, SortOrder } from "../api";
import { clearMocks, mockShell, type Call } from "../test/mockShell";
import { PAGE_SIZE } from "./paging";
import { ResultGrid } from "./ResultGrid";

const TOTAL = 10_000_000;

/** Row i of the synthetic 10M-row result: its number and a label. */
function page(offset: number, count: number): QueryResult {
  const rows = Array.from({ length: Math.max(0, Math.min(count, TOTAL - offset)) }, (_, k) => [
    offset + k,
    `row ${(offset + k).toString()}`,
  ]);
  return {
    columns: [
      { name: "n", sqlType: "BIGINT", kind: "integer" },
      { name: "label", sqlType: "VARCHAR", kind: "text" },
    ],
    rows,
    offset,
    totalRows: TOTAL,
    truncated: true,
    elapsedMs: 5,
  };
}

describe("ResultGrid", () => {
  let calls: Call[];
  const writeText = vi.fn<(text: string) => Promise<void>>(() => Promise.resolve());

  beforeEach(() => {
    calls = mockShell({
      run_query: (args) => {
        const request = args.page as { offset: number; maxRows: number };
        return page(request.offset, request.maxRows);
      },
    });
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  });

  afterEach(() => {
    cleanup();
    clearMocks();
    writeText.mockClear();
  });

  const source = { sql: "SELECT * FROM big", sort: null, first: page(0, PAGE_SIZE) };

  it("puts only the visible rows of a 10,000,000-row result into the DOM", () => {
    render(<ResultGrid source={source} onSort={() => undefined} />);
    const table = screen.getByTestId("result-table");
    const rows = table.querySelectorAll("tbody tr");
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(40);
    expect(table.querySelector("tbody td")?.textContent).toBe("0");
    expect(table.getAttribute("aria-rowcount")).toBe(String(TOTAL + 1));
    expect(screen.getByText("row 3")).toBeTruthy();
    // The first page came with the result: nothing was fetched for it.
    expect(calls.filter((c) => c.cmd === "run_query")).toHaveLength(0);
  });

  it("fetches the page under the scroll position, and only that", async () => {
    render(<ResultGrid source={source} onSort={() => undefined} />);
    const viewport = screen.getByRole("region", { name: "Result rows" });
    const canvas = viewport.firstElementChild as HTMLElement;
    expect(parseFloat(canvas.style.height)).toBeLessThanOrEqual(8_000_042);
    act(() => {
      viewport.scrollTop = 4_000_000;
      fireEvent.scroll(viewport);
    });
    const runs = () => calls.filter((c) => c.cmd === "run_query");
    await waitFor(() => {
      expect(runs().length).toBeGreaterThan(0);
    });
    for (const run of runs()) {
      expect(run.args).toMatchObject({
        sql: "SELECT * FROM big",
        page: { maxRows: PAGE_SIZE, sort: null },
      });
      const offset = (run.args.page as { offset: number }).offset;
      expect(offset % PAGE_SIZE).toBe(0);
      expect(Math.abs(offset - 5_000_000)).toBeLessThan(2 * PAGE_SIZE);
    }
    await waitFor(() => {
      const first = screen.getByTestId("result-table").querySelector("tbody td");
      expect(Math.abs(Number(first?.textContent.replaceAll(",", "")) - 5_000_000)).toBeLessThan(PAGE_SIZE);
    });
  });

  it("sorts on the server by the clicked column, then descending, then not", () => {
    const sorts: (SortOrder | null)[] = [];
    const { rerender } = render(<ResultGrid source={source} onSort={(s) => sorts.push(s)} />);
    fireEvent.click(screen.getByTitle("Sort by label"));
    rerender(
      <ResultGrid source={{ ...source, sort: { column: "label", descending: false } }} onSort={(s) => sorts.push(s)} />,
    );
    fireEvent.click(screen.getByTitle("Sort by label"));
    expect(sorts).toEqual([
      { column: "label", descending: false },
      { column: "label", descending: true },
    ]);
    expect(screen.getByRole("columnheader", { name: /label/ }).getAttribute("aria-sort")).toBe("ascending");
  });

  it("right-aligns numbers, formats them per locale and copies the raw value", async () => {
    render(<ResultGrid source={{ ...source, first: page(0, PAGE_SIZE) }} onSort={() => undefined} />);
    const cell = screen.getAllByText("1").find((el) => el.tagName === "TD");
    expect(cell?.className).toContain("numeric");
    fireEvent.mouseDown(screen.getByText("row 2"));
    const viewport = screen.getByRole("region", { name: "Result rows" });
    fireEvent.keyDown(viewport, { key: "ArrowLeft" });
    fireEvent.keyDown(viewport, { key: "c", ctrlKey: true });
    await waitFor(() => {
      expect(writeText).toHaveBeenCalledWith("2");
    });
    expect(await screen.findByText("Copied")).toBeTruthy();
  });

  it("copies a block chosen with Shift as tab-separated lines", async () => {
    render(<ResultGrid source={source} onSort={() => undefined} />);
    fireEvent.mouseDown(screen.getByText("row 1"));
    const viewport = screen.getByRole("region", { name: "Result rows" });
    fireEvent.keyDown(viewport, { key: "ArrowDown", shiftKey: true });
    fireEvent.keyDown(viewport, { key: "ArrowLeft", shiftKey: true });
    const selected = screen.getByTestId("result-table").querySelectorAll("td.selected");
    expect([...selected].map((td) => td.textContent)).toEqual(["1", "row 1", "2", "row 2"]);
    fireEvent.keyDown(viewport, { key: "c", ctrlKey: true });
    await waitFor(() => {
      expect(writeText).toHaveBeenCalledWith("1\trow 1\n2\trow 2");
    });
    fireEvent.mouseDown(screen.getByText("row 3"));
    expect(screen.getByTestId("result-table").querySelectorAll("td.selected")).toHaveLength(1);
  });

  it("fetches the rows of a block that are not on screen, and refuses a copy too large", async () => {
    render(<ResultGrid source={source} onSort={() => undefined} />);
    fireEvent.mouseDown(screen.getByText("row 0"));
    const viewport = screen.getByRole("region", { name: "Result rows" });
    for (let i = 0; i < 80; i += 1) fireEvent.keyDown(viewport, { key: "PageDown", shiftKey: true });
    fireEvent.keyDown(viewport, { key: "c", ctrlKey: true });
    await waitFor(() => {
      expect(writeText).toHaveBeenCalled();
    });
    const lines = writeText.mock.calls.at(-1)?.[0].split("\n") ?? [];
    expect(lines.length).toBeGreaterThan(PAGE_SIZE);
    expect(lines[0]).toBe("row 0");
    expect(lines.at(-1)).toBe(`row ${String(lines.length - 1)}`);
    const fetched = calls.filter((c) => c.cmd === "run_query").at(-1);
    expect(fetched?.args.page).toMatchObject({ offset: 0, maxRows: lines.length });

    writeText.mockClear();
    fireEvent.keyDown(viewport, { key: "a", ctrlKey: true });
    fireEvent.keyDown(viewport, { key: "c", ctrlKey: true });
    expect(await screen.findByText("Copying stops at 100,000 rows: export the result instead")).toBeTruthy();
    expect(writeText).not.toHaveBeenCalled();
  });
});
