import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { App } from "./App";
import type { QueryResult, TableInfo } from "./api";

const sales: TableInfo = {
  name: "sales",
  isView: false,
  rowCount: 100000,
  columns: [{ name: "region", sqlType: "VARCHAR", kind: "text" }],
};

const regionCounts: QueryResult = {
  columns: [
    { name: "region", sqlType: "VARCHAR", kind: "text" },
    { name: "orders", sqlType: "BIGINT", kind: "integer" },
  ],
  rows: [
    ["Africa", 12500],
    ["Asia", null],
  ],
  offset: 0,
  totalRows: 2,
  truncated: false,
  elapsedMs: 3.2,
};

describe("App", () => {
  let calls: { cmd: string; args: unknown }[];

  beforeEach(() => {
    calls = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      switch (cmd) {
        case "workspace_info":
          return { name: "sample", path: "/data/sample" };
        case "list_tables":
          return [sales];
        case "run_query": {
          const sql = (args as { sql: string }).sql;
          // The shell rejects with a plain `{ message }` object, not an Error.
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          if (sql.includes("oops")) throw { message: 'Parser Error: syntax error at or near "oops"' };
          return regionCounts;
        }
        default:
          throw new Error(`unexpected command ${cmd}`);
      }
    });
  });

  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("lists the workspace's tables with row counts", async () => {
    render(<App />);
    expect(await screen.findByText("sample")).toBeTruthy();
    const item = await screen.findByText("sales");
    expect(item.closest("li")?.textContent).toContain("100,000 rows");
  });

  it("runs the sample query on first launch and shows typed rows", async () => {
    render(<App />);
    const editor = await screen.findByLabelText<HTMLTextAreaElement>("SQL");
    await waitFor(() => {
      expect(editor.value).toContain("FROM sales");
    });
    expect(await screen.findByText("Africa")).toBeTruthy();
    expect(calls.filter((c) => c.cmd === "run_query")).toHaveLength(1);
    expect(screen.getByText("12,500")).toBeTruthy();
    expect(screen.getByText("NULL")).toBeTruthy();
    expect(screen.getByTestId("query-status").textContent).toContain("2 rows");
    const run = calls.find((c) => c.cmd === "run_query");
    expect(run?.args).toMatchObject({ sql: editor.value, offset: null, maxRows: null });
  });

  it("shows the engine's error message when a query fails", async () => {
    render(<App />);
    const editor = await screen.findByLabelText<HTMLTextAreaElement>("SQL");
    await screen.findByText("Africa");
    fireEvent.change(editor, { target: { value: "select oops" } });
    fireEvent.keyDown(editor, { key: "Enter", ctrlKey: true });
    const error = await screen.findByTestId("query-error");
    expect(error.textContent).toContain("syntax error");
  });

  it("puts a quoted preview query into the editor when a table is picked", async () => {
    render(<App />);
    fireEvent.click(await screen.findByText("sales"));
    const editor = screen.getByLabelText<HTMLTextAreaElement>("SQL");
    expect(editor.value).toBe('SELECT * FROM "sales" LIMIT 100;');
  });
});
