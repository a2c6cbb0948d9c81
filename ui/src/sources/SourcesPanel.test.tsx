import { emit } from "@tauri-apps/api/event";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { ImportReport, SyncOverview } from "../api";
import { SyncContext, useSyncState } from "../sync/useSync";
import { clearMocks, mockShell, notShared, ordersDataset, salesTable, type Call } from "../test/mockShell";
import { SourcesPanel } from "./SourcesPanel";

const report: ImportReport = {
  dataset: { ...ordersDataset, version: 2 },
  previousVersion: 1,
  rejected: [],
  rejectedTotal: 0,
  schemaChange: { changes: [] },
  affected: [],
  decodedAsLatin1: false,
};

/** A refresh whose source dropped `name` and narrowed `score`, read by a report and a saved query. */
const breakingRefresh: ImportReport = {
  ...report,
  schemaChange: {
    changes: [
      { change: "dropped", column: "name", sqlType: "VARCHAR" },
      { change: "typeChanged", column: "score", from: "DECIMAL(10,2)", to: "DECIMAL(8,2)", narrowed: true },
      { change: "typeChanged", column: "qty", from: "INTEGER", to: "BIGINT", narrowed: false },
      { change: "added", column: "extra", sqlType: "VARCHAR" },
    ],
  },
  affected: [
    { report: "sales-overview.qreport.json", query: "by_region", columns: ["region"] },
    { report: null, query: "top customers", columns: ["name", "score"] },
  ],
};

/** The schema-change lines, as column → [change, breaking, text]. */
function changeLines(): Record<string, [string | undefined, string | undefined, string | null]> {
  const lines: Record<string, [string | undefined, string | undefined, string | null]> = {};
  for (const li of screen.getAllByTestId("schema-change-item")) {
    lines[li.dataset.column ?? ""] = [li.dataset.change, li.dataset.breaking, li.textContent];
  }
  return lines;
}

const connected: SyncOverview = {
  ...notShared,
  hubUrl: "http://127.0.0.1:4000",
  signedIn: true,
  workspace: { id: "w1", name: "Team" },
  state: "synced",
};

/** The panel inside the sync context App provides. */
function Harness({ onReload }: { onReload: () => void }) {
  const sync = useSyncState("/w");
  return (
    <SyncContext.Provider value={sync}>
      <SourcesPanel
        tables={[salesTable, { ...salesTable, name: "orders" }]}
        datasets={[ordersDataset]}
        error={null}
        onReload={onReload}
        onPickTable={() => undefined}
      />
    </SyncContext.Provider>
  );
}

function renderPanel(onReload: () => void = () => undefined) {
  render(<Harness onReload={onReload} />);
}

/** Resolves once the panel has shown the overview the shell gave. */
async function overviewShown(calls: Call[]) {
  await waitFor(() => {
    expect(calls.some((c) => c.cmd === "sync_overview")).toBe(true);
  });
  await act(async () => {
    await Promise.resolve();
  });
}

describe("SourcesPanel", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("lists a dataset once, with size and refresh time, and other tables apart", () => {
    mockShell();
    renderPanel();
    expect(screen.getAllByTestId("dataset-item")).toHaveLength(1);
    expect(screen.getByTestId("table-list").querySelectorAll("[data-testid=table-item]")).toHaveLength(1);
    const item = screen.getByTestId("dataset-item");
    expect(item.textContent).toContain("2 kB");
    expect(item.textContent).toMatch(/Refreshed Nov 2[12], 2026, \d+:\d\d\s[AP]M/);
  });

  it("imports files dropped onto the window", async () => {
    const calls = mockShell({ import_source: () => report });
    let reloads = 0;
    renderPanel(() => (reloads += 1));
    await act(async () => {
      await emit("tauri://drag-enter", { paths: ["/home/a/q3.csv"], position: { x: 10, y: 10 } });
    });
    expect(await screen.findByText("Drop to import")).toBeTruthy();
    await act(async () => {
      await emit("tauri://drag-drop", { paths: ["/home/a/q3.csv"], position: { x: 10, y: 10 } });
    });
    await waitFor(() => {
      expect(calls.find((c) => c.cmd === "import_source")?.args).toMatchObject({ source: "/home/a/q3.csv", name: null });
    });
    expect(screen.queryByText("Drop to import")).toBeNull();
    await waitFor(() => {
      expect(reloads).toBe(1);
    });
  });

  it("refreshes a dataset from its source under its name", async () => {
    const calls = mockShell({ import_source: () => report });
    renderPanel();
    fireEvent.click(screen.getByTestId("dataset-refresh"));
    expect(await screen.findByText("Imported orders (v2): 2 rows")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "import_source")?.args).toMatchObject({
      source: "/data/orders.csv",
      name: "orders",
    });
  });

  it("shows what a breaking refresh changed and the queries that read it, without extra clicks", async () => {
    const scroll = vi.spyOn(Element.prototype, "scrollIntoView");
    mockShell({ import_source: () => breakingRefresh });
    renderPanel();
    const refresh = screen.getByTestId("dataset-refresh");
    refresh.focus();
    fireEvent.click(refresh);
    const section = await screen.findByTestId("schema-change");
    expect(section.getAttribute("data-breaking")).toBe("true");
    expect(within(section).getByRole("heading").textContent).toBe("Schema changes since v1");
    expect(within(section).getByRole("alert").textContent).toBe(
      "2 breaking changes: queries that read these columns may fail.",
    );
    expect(changeLines()).toEqual({
      name: ["dropped", "true", "Dropped column name — breaking"],
      score: ["typeChanged", "true", "score: DECIMAL(10,2) → DECIMAL(8,2) — breaking"],
      qty: ["typeChanged", "false", "qty: INTEGER → BIGINT"],
      extra: ["added", "false", "Added column extra (VARCHAR)"],
    });
    expect(within(section).getByText("These queries read columns that changed:")).toBeTruthy();
    const affected = screen.getAllByTestId("affected-query");
    expect(affected.map((li) => [li.dataset.report, li.dataset.query, li.textContent])).toEqual([
      [
        "sales-overview.qreport.json",
        "by_region",
        "Report sales-overview.qreport.json · query by_region (reads region)",
      ],
      [undefined, "top customers", "Saved query top customers (reads name and score)"],
    ]);
    // Shown outside the collapsed schema/rejected-rows disclosure, scrolled into view, focus kept.
    expect(screen.getByRole("button", { name: /^Schema \(/ }).getAttribute("aria-expanded")).toBe("false");
    expect(scroll).toHaveBeenCalledWith({ block: "nearest" });
    expect(scroll.mock.contexts).toContain(section);
    expect(document.activeElement).toBe(refresh);
    scroll.mockRestore();
  });

  it("shows an added column as a non-breaking change, with no affected queries", async () => {
    const scroll = vi.spyOn(Element.prototype, "scrollIntoView");
    mockShell({
      import_source: () => ({
        ...report,
        schemaChange: { changes: [{ change: "added", column: "extra", sqlType: "VARCHAR" }] },
      }),
    });
    renderPanel();
    fireEvent.click(screen.getByTestId("dataset-refresh"));
    const section = await screen.findByTestId("schema-change");
    expect(section.getAttribute("data-breaking")).toBe("false");
    expect(changeLines()).toEqual({ extra: ["added", "false", "Added column extra (VARCHAR)"] });
    expect(section.textContent).not.toContain("breaking");
    expect(within(section).queryByRole("alert")).toBeNull();
    expect(screen.queryByTestId("affected-query")).toBeNull();
    expect(screen.queryByText("These queries read columns that changed:")).toBeNull();
    expect(scroll).not.toHaveBeenCalled();
    scroll.mockRestore();
  });

  it("says nothing about the schema when a refresh kept it", async () => {
    mockShell({ import_source: () => report });
    renderPanel();
    fireEvent.click(screen.getByTestId("dataset-refresh"));
    expect(await screen.findByText("Imported orders (v2): 2 rows")).toBeTruthy();
    expect(screen.getByTestId("import-review")).toBeTruthy();
    expect(screen.queryByTestId("schema-change")).toBeNull();
  });

  it("imports the file chosen in the native dialog (also from the menu)", async () => {
    const calls = mockShell({ choose_import_file: () => "/home/a/new.parquet", import_source: () => report });
    renderPanel();
    await act(async () => {
      await emit("menu", "import-file");
    });
    await waitFor(() => {
      expect(calls.find((c) => c.cmd === "import_source")?.args).toMatchObject({ source: "/home/a/new.parquet" });
    });
  });

  it("offers no sharing while the workspace is not connected (or signed out)", async () => {
    let overview = notShared;
    const calls = mockShell({ sync_overview: () => overview });
    renderPanel();
    await overviewShown(calls);
    expect(screen.getByTestId("dataset-refresh")).toBeTruthy();
    expect(screen.queryByTestId("dataset-share")).toBeNull();

    overview = { ...connected, signedIn: false };
    cleanup();
    renderPanel();
    await overviewShown(calls);
    expect(screen.queryByTestId("dataset-share")).toBeNull();
  });

  it("shares a dataset with the connected workspace and confirms it in the row", async () => {
    let upload: (snapshot: string) => void = () => undefined;
    const calls = mockShell({
      sync_overview: () => connected,
      share_dataset: () =>
        new Promise<string>((resolve) => {
          upload = resolve;
        }),
    });
    renderPanel();
    const button = await screen.findByTestId<HTMLButtonElement>("dataset-share");
    expect(button.getAttribute("aria-label")).toBe("Share orders with Team");
    fireEvent.click(button);
    await waitFor(() => {
      expect(button.getAttribute("aria-busy")).toBe("true");
    });
    expect(button.disabled).toBe(true);
    expect(calls.filter((c) => c.cmd === "share_dataset").map((c) => c.args)).toEqual([{ name: "orders" }]);
    expect(screen.queryByTestId("dataset-shared")).toBeNull();

    await act(async () => {
      upload("snap-1");
      await Promise.resolve();
    });
    const shared = await screen.findByTestId("dataset-shared");
    expect(shared.textContent).toBe("Shared with Team — members get it on their next sync");
    expect(shared.getAttribute("data-snapshot")).toBe("snap-1");
    expect(screen.getByTestId("dataset-item").contains(shared)).toBe(true);
    expect(button.getAttribute("aria-busy")).toBe("false");
    expect(button.disabled).toBe(false);
  });

  it("shows the shell's error in the row when sharing fails", async () => {
    mockShell({
      sync_overview: () => connected,
      share_dataset: () => {
        // The shell rejects with a plain string.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw "The hub refused the upload: quota exceeded";
      },
    });
    renderPanel();
    fireEvent.click(await screen.findByTestId("dataset-share"));
    const error = await screen.findByTestId("dataset-share-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toBe("Could not share orders: The hub refused the upload: quota exceeded");
    expect(screen.getByTestId("dataset-item").contains(error)).toBe(true);
    expect(screen.queryByTestId("dataset-shared")).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>("dataset-share").disabled).toBe(false);
  });
});
