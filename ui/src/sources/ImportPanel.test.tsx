import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";

import type { ImportReport } from "../api";
import { ImportPanel, importSummary } from "./ImportPanel";
import { useImportJob } from "./useImportJob";

const report: ImportReport = {
  dataset: {
    name: "orders",
    version: 2,
    source: "/data/orders.csv",
    format: "csv",
    rowCount: 1234,
    importedAt: "2026-11-22 03:00:00",
    columns: [
      { name: "id", sqlType: "BIGINT", kind: "integer" },
      { name: "zip", sqlType: "BIGINT", kind: "integer" },
    ],
  },
  previousVersion: 1,
  rejected: [{ line: 7, column: "qty", error: "not a number", text: "a,b" }],
  rejectedTotal: 3,
  schemaChange: { changes: [] },
  affected: [],
  decodedAsLatin1: false,
};

function Harness({ onImported }: { onImported: () => void }) {
  const job = useImportJob(onImported);
  return <ImportPanel job={job} onChooseFile={() => undefined} />;
}

describe("ImportPanel", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("summarizes a refresh with its rejected rows", () => {
    expect(importSummary({ ...report, rejectedTotal: 1 })).toBe("Imported orders (v2): 1,234 rows, 1 row rejected");
    expect(importSummary({ ...report, previousVersion: null, rejectedTotal: 0 })).toBe(
      "Imported orders: 1,234 rows",
    );
  });

  it("imports the typed path and reports the dataset, schema and rejected rows", async () => {
    const calls: Record<string, unknown>[] = [];
    let imported = 0;
    mockIPC((cmd, args) => {
      if (cmd !== "import_source") throw new Error(`unexpected command ${cmd}`);
      calls.push(args as Record<string, unknown>);
      return report;
    });
    render(<Harness onImported={() => (imported += 1)} />);
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: " /data/orders.csv " } });
    fireEvent.click(screen.getByTestId("start-import"));
    expect(await screen.findByText(/Imported orders \(v2\)/)).toBeTruthy();
    expect(calls[0]).toMatchObject({ source: "/data/orders.csv", name: null, choices: null });
    expect(imported).toBe(1);
    const rejected = screen.getByTestId("rejected-rows");
    expect(within(rejected).getByText("Line 7 · qty")).toBeTruthy();
    expect(within(rejected).getByText("not a number")).toBeTruthy();
    expect(screen.getByText("2 more rejected rows are not listed.")).toBeTruthy();
    // A refresh that kept the schema says nothing about schema changes.
    expect(screen.queryByTestId("schema-change")).toBeNull();
  });

  it("shows no schema-change section for a new dataset", async () => {
    mockIPC(() => ({ ...report, previousVersion: null, rejected: [], rejectedTotal: 0 }));
    render(<Harness onImported={() => undefined} />);
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/data/orders.csv" } });
    fireEvent.click(screen.getByTestId("start-import"));
    expect(await screen.findByText("Imported orders: 1,234 rows")).toBeTruthy();
    expect(screen.getByTestId("import-review")).toBeTruthy();
    expect(screen.queryByTestId("schema-change")).toBeNull();
    expect(screen.queryByTestId("affected-query")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("imports again with the overridden column types only", async () => {
    const calls: Record<string, unknown>[] = [];
    mockIPC((_cmd, args) => {
      calls.push(args as Record<string, unknown>);
      return report;
    });
    render(<Harness onImported={() => undefined} />);
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/data/orders.csv" } });
    fireEvent.click(screen.getByTestId("start-import"));
    await screen.findByTestId("import-review");
    const reimport = screen.getByTestId<HTMLButtonElement>("import-reimport");
    expect(reimport.disabled).toBe(true);
    const zip = screen.getAllByTestId("import-type").find((el) => el.dataset.column === "zip");
    if (!zip) throw new Error("no type select for zip");
    fireEvent.change(zip, { target: { value: "VARCHAR" } });
    fireEvent.click(reimport);
    await screen.findByText(/Imported orders/);
    expect(calls[1]).toMatchObject({
      source: "/data/orders.csv",
      name: "orders",
      choices: { columnTypes: { zip: "VARCHAR" } },
    });
  });

  it("states the engine's error and keeps the form usable", async () => {
    mockIPC(() => {
      // The shell rejects with a plain `{ message }` object, not an Error.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw { message: "no file matches /nope/*.csv" };
    });
    render(<Harness onImported={() => undefined} />);
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/nope/*.csv" } });
    fireEvent.click(screen.getByTestId("start-import"));
    expect((await screen.findByTestId("import-error")).textContent).toContain("no file matches");
    expect(screen.getByTestId("start-import")).toBeTruthy();
  });
});
