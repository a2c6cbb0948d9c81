import { EditorView } from "@codemirror/view";
import type { Channel } from "@tauri-apps/api/core";
import { emit } from "@tauri-apps/api/event";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { App } from "./App";
import { clearMocks, mockShell, regionCounts } from "./test/mockShell";

/** The CodeMirror view behind the element tests (and the end-to-end tests) type into. */
async function editorView(): Promise<EditorView> {
  const content = await screen.findByTestId("sql-editor");
  const view = EditorView.findFromDOM(content);
  if (!view) throw new Error("no editor view");
  return view;
}

function typeSql(view: EditorView, sql: string) {
  act(() => {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: sql } });
  });
}

describe("App", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
    localStorage.clear();
  });

  it("lists datasets and other tables with their row counts", async () => {
    mockShell();
    render(<App />);
    const sales = await screen.findByText("sales");
    expect(sales.closest("[data-testid=table-item]")?.textContent).toContain("100,000 rows");
    const orders = (await screen.findAllByTestId("dataset-item")).find((el) => el.dataset.dataset === "orders");
    expect(orders).toBeTruthy();
    const asTable = orders?.querySelector("[data-testid=table-item][data-table=orders]");
    expect(asTable?.textContent).toContain("2 rows");
    expect(orders?.textContent).toContain("2 kB");
  });

  it("runs the sample query on first launch and shows typed rows", async () => {
    const calls = mockShell();
    render(<App />);
    const view = await editorView();
    await waitFor(() => {
      expect(view.state.doc.toString()).toContain("FROM sales");
    });
    expect(await screen.findByText("Africa")).toBeTruthy();
    const runs = calls.filter((c) => c.cmd === "run_query");
    expect(runs).toHaveLength(1);
    expect(runs[0]?.args).toMatchObject({
      sql: view.state.doc.toString(),
      page: { offset: 0, maxRows: 500 },
    });
    expect(screen.getByText("12,500")).toBeTruthy();
    expect(screen.getByText("NULL")).toBeTruthy();
    expect(screen.getByTestId("query-status").textContent).toBe("2 rows · 3.2 ms");
    const firstCell = screen.getByTestId("result-table").querySelector("tbody td");
    expect(firstCell?.textContent).toBe("Africa");
  });

  it("shows the engine's error and marks the line it points at", async () => {
    mockShell({
      run_query: (args) => {
        if (typeof args.sql === "string" && args.sql.includes("oops")) {
          // The shell rejects with a plain `{ message, line }` object.
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw { message: 'Parser Error: syntax error at or near "oops"', line: 2 };
        }
        return { columns: [], rows: [], offset: 0, totalRows: 0, truncated: false, elapsedMs: 1 };
      },
    });
    render(<App />);
    const view = await editorView();
    await waitFor(() => {
      expect(screen.getByTestId("query-status").textContent).toContain("rows");
    });
    typeSql(view, "SELECT 1,\n  oops\nFROM sales");
    fireEvent.keyDown(view.contentDOM, { key: "Enter", ctrlKey: true });
    const error = await screen.findByTestId("query-error");
    expect(error.textContent).toContain("syntax error");
    await waitFor(() => {
      const marked = view.dom.querySelector(".cm-error-line");
      expect(marked?.textContent).toBe("  oops");
    });
    expect(view.dom.querySelector(".cm-error-marker")).toBeTruthy();
    typeSql(view, "SELECT 1");
    expect(view.dom.querySelector(".cm-error-line")).toBeNull();
  });

  it("runs only the selection and maps the error line into the editor", async () => {
    const calls = mockShell({
      run_query: (args) => {
        if (args.sql === "SELECT\n  oops") {
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw { message: "Binder Error: oops", line: 2 };
        }
        return { columns: [], rows: [], offset: 0, totalRows: 0, truncated: false, elapsedMs: 1 };
      },
    });
    render(<App />);
    const view = await editorView();
    await waitFor(() => {
      expect(screen.getByTestId("query-status").textContent).toContain("rows");
    });
    typeSql(view, "SELECT 1;\nSELECT\n  oops");
    act(() => {
      view.dispatch({ selection: { anchor: 10, head: view.state.doc.length } });
    });
    fireEvent.click(screen.getByTestId("run-query"));
    await screen.findByTestId("query-error");
    expect(calls.filter((c) => c.cmd === "run_query").at(-1)?.args.sql).toBe("SELECT\n  oops");
    await waitFor(() => {
      expect(view.dom.querySelector(".cm-error-line")?.textContent).toBe("  oops");
    });
  });

  it("runs only the selection from the menu's Run too", async () => {
    const calls = mockShell({});
    render(<App />);
    const view = await editorView();
    await waitFor(() => {
      expect(screen.getByTestId("query-status").textContent).toContain("rows");
    });
    typeSql(view, "SELECT 1;\nSELECT 2");
    act(() => {
      view.dispatch({ selection: { anchor: 10, head: view.state.doc.length } });
    });
    await act(async () => {
      await emit("menu", "run-query");
    });
    await waitFor(() => {
      expect(calls.filter((c) => c.cmd === "run_query").at(-1)?.args.sql).toBe("SELECT 2");
    });
  });

  it("shows DuckDB's progress while a query runs and cancels the running job", async () => {
    let finish: (result: unknown) => void = () => undefined;
    let progress: Channel<{ fraction: number }> | null = null;
    const calls = mockShell({
      run_query: (args) => {
        if (args.sql !== "SELECT count(*) FROM big") return regionCounts;
        progress = args.onProgress as Channel<{ fraction: number }>;
        return new Promise((resolve) => {
          finish = resolve;
        });
      },
      cancel_job: () => true,
    });
    render(<App />);
    const view = await editorView();
    await waitFor(() => {
      expect(screen.getByTestId("query-status").textContent).toContain("rows");
    });
    typeSql(view, "SELECT count(*) FROM big");
    fireEvent.click(screen.getByTestId("run-query"));
    await waitFor(() => {
      expect(progress).not.toBeNull();
    });
    expect(screen.queryByTestId("query-progress")).toBeNull();
    act(() => {
      progress?.onmessage({ fraction: 0.42 });
    });
    const bar = screen.getByRole("progressbar", { name: "Query progress" });
    expect(bar.getAttribute("value")).toBe("0.42");
    expect(screen.getByTestId("query-status").textContent).toContain("42%");
    fireEvent.click(screen.getByTestId("cancel-query"));
    const run = calls.filter((c) => c.cmd === "run_query").at(-1);
    expect(calls.filter((c) => c.cmd === "cancel_job").at(-1)?.args.jobId).toBe(run?.args.jobId);
    act(() => {
      finish(regionCounts);
    });
    await waitFor(() => {
      expect(screen.queryByTestId("query-progress")).toBeNull();
    });
  });

  it("puts a quoted preview query into the editor when a table is picked", async () => {
    mockShell();
    render(<App />);
    fireEvent.click(await screen.findByText("sales"));
    const view = await editorView();
    await waitFor(() => {
      expect(view.state.doc.toString()).toBe('SELECT * FROM "sales" LIMIT 100;');
    });
  });

  it("opens the engine settings from the menu and from the status bar", async () => {
    mockShell();
    render(<App />);
    await screen.findByText("sales");
    await act(async () => {
      await emit("menu", "engine-settings");
    });
    expect(await screen.findByTestId("settings-dialog")).toBeTruthy();
    fireEvent.click(screen.getByText("Cancel"));
    expect(screen.queryByTestId("settings-dialog")).toBeNull();
    fireEvent.click(screen.getByTestId("engine-settings-open"));
    expect(await screen.findByPlaceholderText("/data/sample/.tmp")).toBeTruthy();
  });

  it("switches theme and language from the native menu and remembers them", async () => {
    mockShell();
    render(<App />);
    await screen.findByTestId("dataset-item");
    await act(async () => {
      await emit("menu", "theme-dark");
    });
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(localStorage.getItem("quarry.theme")).toBe("dark");
    await act(async () => {
      await emit("menu", "language-de");
    });
    expect(await screen.findByRole("tab", { name: "Abfrage" })).toBeTruthy();
    expect(localStorage.getItem("quarry.language")).toBe("de");
    const sales = document.querySelector("[data-testid=table-item][data-table=sales]");
    expect(sales?.textContent).toContain("100.000 Zeilen");
    fireEvent.change(screen.getByTestId("language-select"), { target: { value: "en" } });
    expect(await screen.findByRole("tab", { name: "Query" })).toBeTruthy();
  });

  it("shows the hub link in the status bar and opens the Sharing panel from it", async () => {
    mockShell();
    render(<App />);
    const status = await screen.findByTestId("sync-status");
    await waitFor(() => {
      expect(status.dataset.state).toBe("disconnected");
    });
    expect(status.textContent).toBe("Not shared");
    fireEvent.click(status);
    expect(await screen.findByTestId("sharing-panel")).toBeTruthy();
    expect(screen.getByTestId("sharing-sign-in-hint")).toBeTruthy();
    fireEvent.click(screen.getByTestId("sharing-close"));
    expect(screen.queryByTestId("sharing-panel")).toBeNull();
  });

  it("shows the engine's status and whether the system is online", async () => {
    mockShell();
    render(<App />);
    const bar = screen.getByTestId("status-bar");
    await waitFor(() => {
      expect(bar.textContent).toContain("1.5 MB");
    });
    expect(within(bar).getByText("Cache hits 50%")).toBeTruthy();
    expect(bar.dataset.online).toBe("true");
  });
});
