import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import type { ReportDocument } from "../api";
import { clearMocks, mockShell } from "../test/mockShell";
import { ExportDialog } from "./ExportDialog";

const document: ReportDocument = { version: 1, title: "Q3", queries: {}, pages: [] };

describe("ExportDialog", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("exports a report as PDF to the typed path and offers Show in folder", async () => {
    const calls = mockShell({
      export_report: () => ({ path: "/tmp/q3.pdf", rows: 0 }),
      show_in_folder: () => null,
    });
    render(
      <ExportDialog
        target={{ kind: "report", document, params: { region: "Asia" }, name: "q3" }}
        onClose={() => undefined}
      />,
    );
    fireEvent.change(screen.getByTestId("export-paper"), { target: { value: "legal" } });
    fireEvent.click(screen.getByTestId("export-landscape"));
    fireEvent.change(screen.getByTestId("export-path"), { target: { value: "/tmp/q3.pdf" } });
    fireEvent.click(screen.getByTestId("export-start"));
    const done = await screen.findByTestId("export-done");
    expect(done.dataset.path).toBe("/tmp/q3.pdf");
    expect(calls.find((c) => c.cmd === "export_report")?.args).toMatchObject({
      document,
      params: { region: "Asia" },
      format: "pdf",
      path: "/tmp/q3.pdf",
      print: { paper: "legal", landscape: true },
    });
    fireEvent.click(screen.getByTestId("export-show"));
    expect(calls.some((c) => c.cmd === "show_in_folder" && c.args.path === "/tmp/q3.pdf")).toBe(true);
  });

  it("offers CSV, Excel and Parquet for a result and states a failure plainly", async () => {
    const calls = mockShell({
      choose_save_path: () => "/home/a/result.xlsx",
      export_query: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw { message: "The folder /home/a is not writable." };
      },
    });
    const sort = { column: "region", descending: true };
    render(<ExportDialog target={{ kind: "result", sql: "SELECT 1", sort, name: "result" }} onClose={() => undefined} />);
    const format = screen.getByTestId<HTMLSelectElement>("export-format");
    expect([...format.options].map((o) => o.value)).toEqual(["csv", "xlsx", "parquet"]);
    expect(screen.queryByTestId("export-paper")).toBeNull();
    fireEvent.change(format, { target: { value: "xlsx" } });
    fireEvent.click(screen.getByTestId("export-browse"));
    expect(calls.find((c) => c.cmd === "choose_save_path")?.args).toEqual({
      suggestedName: "result",
      format: "xlsx",
      text: { title: "Export result", filter: "Excel workbook (.xlsx)" },
    });
    await screen.findByDisplayValue("/home/a/result.xlsx");
    fireEvent.click(screen.getByTestId("export-start"));
    const error = await screen.findByTestId("export-error");
    expect(error.textContent).toBe("The export failed: The folder /home/a is not writable.");
    expect(calls.find((c) => c.cmd === "export_query")?.args).toMatchObject({ query: { sql: "SELECT 1", sort }, format: "xlsx" });
  });
});
