import { emit } from "@tauri-apps/api/event";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import type { ImportReport } from "../api";
import { clearMocks, mockShell, ordersDataset, salesTable } from "../test/mockShell";
import { SourcesPanel } from "./SourcesPanel";

const report: ImportReport = {
  dataset: { ...ordersDataset, version: 2 },
  previousVersion: 1,
  rejected: [],
  rejectedTotal: 0,
  decodedAsLatin1: false,
};

function renderPanel(onReload: () => void = () => undefined) {
  render(
    <SourcesPanel
      tables={[salesTable, { ...salesTable, name: "orders" }]}
      datasets={[ordersDataset]}
      error={null}
      onReload={onReload}
      onPickTable={() => undefined}
    />,
  );
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
});
