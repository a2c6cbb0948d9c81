import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { HistoryEntry, SavedQuery } from "../api";
import { clearMocks, mockShell } from "../test/mockShell";
import { QueryLibrary } from "./QueryLibrary";

const history: HistoryEntry[] = [
  { sql: "SELECT 2", ranAt: "2026-12-05T10:00:00Z", elapsedMs: 12, rows: 8, error: null },
  { sql: "SELECT oops", ranAt: "2026-12-05T09:00:00Z", elapsedMs: 1, rows: null, error: "Parser Error" },
];

describe("QueryLibrary", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("says there is no history only once the engine said so", async () => {
    let answer: (entries: HistoryEntry[]) => void = () => undefined;
    mockShell({
      query_history: () =>
        new Promise<HistoryEntry[]>((resolve) => {
          answer = resolve;
        }),
    });
    render(<QueryLibrary sql="" historyVersion={0} onLoad={() => undefined} />);
    const list = screen.getByTestId("history-list");
    expect(list.getAttribute("aria-busy")).toBe("true");
    expect(list.textContent).toBe("");
    answer([]);
    await waitFor(() => {
      expect(list.textContent).toBe("Queries you run appear here.");
    });
    expect(list.getAttribute("aria-busy")).toBe("false");
  });

  it("lists runs with rows and time or the failure, loads one, and reloads after a run", async () => {
    const calls = mockShell({ query_history: () => history });
    const onLoad = vi.fn();
    const { rerender } = render(<QueryLibrary sql="" historyVersion={0} onLoad={onLoad} />);
    const list = screen.getByTestId("history-list");
    await waitFor(() => {
      expect(within(list).getAllByRole("button")).toHaveLength(2);
    });
    const [ok, failed] = within(list).getAllByRole("button");
    expect(ok?.textContent).toContain("8 rows · 12 ms");
    expect(failed?.textContent).toContain("failed");
    fireEvent.click(failed as HTMLElement);
    expect(onLoad).toHaveBeenCalledWith("SELECT oops");
    rerender(<QueryLibrary sql="" historyVersion={1} onLoad={onLoad} />);
    await waitFor(() => {
      expect(calls.filter((c) => c.cmd === "query_history")).toHaveLength(2);
    });
  });

  it("saves the editor's SQL under a name and deletes a saved query", async () => {
    let saved: SavedQuery[] = [];
    const calls = mockShell({
      saved_queries: () => saved,
      save_query: (args) => {
        const query = { name: String(args.name), sql: String(args.sql), savedAt: "2026-12-05T10:00:00Z" };
        saved = [query];
        return query;
      },
      delete_saved_query: () => {
        saved = [];
        return null;
      },
    });
    const onLoad = vi.fn();
    render(<QueryLibrary sql="SELECT region FROM sales" historyVersion={0} onLoad={onLoad} />);
    fireEvent.click(screen.getByTestId("library-saved"));
    const list = screen.getByTestId("saved-list");
    await waitFor(() => {
      expect(list.textContent).toBe("No saved queries yet.");
    });
    const save = screen.getByTestId<HTMLButtonElement>("save-query");
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByTestId("save-query-name"), { target: { value: "  Regions " } });
    fireEvent.click(save);
    await waitFor(() => {
      expect(list.textContent).toContain("Regions");
    });
    expect(calls.find((c) => c.cmd === "save_query")?.args).toEqual({ name: "Regions", sql: "SELECT region FROM sales" });
    fireEvent.click(within(list).getByText("Regions"));
    expect(onLoad).toHaveBeenCalledWith("SELECT region FROM sales");
    fireEvent.click(screen.getByRole("button", { name: "Delete saved query Regions" }));
    await waitFor(() => {
      expect(list.textContent).toBe("No saved queries yet.");
    });
    expect(calls.find((c) => c.cmd === "delete_saved_query")?.args).toEqual({ name: "Regions" });
  });
});
