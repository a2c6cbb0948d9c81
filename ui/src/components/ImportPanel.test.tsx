import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";

import type { ImportReport } from "../api";
import { ImportPanel, importSummary } from "./ImportPanel";

const report: ImportReport = {
  dataset: {
    name: "orders",
    version: 2,
    source: "/data/orders.csv",
    format: "csv",
    rowCount: 1234,
    importedAt: "2026-11-22 03:00:00",
    columns: [],
  },
  previousVersion: 1,
  rejected: [{ line: 7, column: "qty", error: "not a number", text: "a,b" }],
  rejectedTotal: 1,
  decodedAsLatin1: false,
};

describe("ImportPanel", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("summarizes a refresh with its rejected rows", () => {
    expect(importSummary(report)).toBe("Imported orders (v2): 1,234 rows, 1 row rejected");
    expect(importSummary({ ...report, previousVersion: null, rejectedTotal: 0 })).toBe(
      "Imported orders: 1,234 rows",
    );
  });

  it("imports the typed path and reports the dataset", async () => {
    const calls: Record<string, unknown>[] = [];
    let imported = 0;
    mockIPC((cmd, args) => {
      if (cmd !== "import_source") throw new Error(`unexpected command ${cmd}`);
      calls.push(args as Record<string, unknown>);
      return report;
    });
    render(<ImportPanel onImported={() => (imported += 1)} />);
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: " /data/orders.csv " } });
    fireEvent.click(screen.getByTestId("start-import"));
    expect(await screen.findByText(/Imported orders \(v2\)/)).toBeTruthy();
    expect(calls[0]).toMatchObject({ source: "/data/orders.csv", name: null });
    expect(imported).toBe(1);
  });

  it("states the engine's error and keeps the form usable", async () => {
    mockIPC(() => {
      // The shell rejects with a plain `{ message }` object, not an Error.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw { message: "no file matches /nope/*.csv" };
    });
    render(<ImportPanel onImported={() => undefined} />);
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/nope/*.csv" } });
    fireEvent.click(screen.getByTestId("start-import"));
    expect((await screen.findByTestId("import-error")).textContent).toContain("no file matches");
    expect(screen.getByTestId("start-import")).toBeTruthy();
  });
});
