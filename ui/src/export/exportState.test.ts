import { describe, expect, it } from "vitest";

import { canStart, exportReducer, initialExportState, withExtension, type ExportTarget } from "./exportState";

const report: ExportTarget = {
  kind: "report",
  name: "q3",
  params: {},
  document: { version: 1, title: "Q3", queries: {}, pages: [], print: { paper: "letter", landscape: true } },
};
const result: ExportTarget = { kind: "result", sql: "SELECT 1", sort: null, name: "result" };

describe("export dialog state", () => {
  it("starts from the report's print settings, or CSV for a result", () => {
    expect(initialExportState(report).form).toEqual({ format: "pdf", paper: "letter", landscape: true, path: "" });
    expect(initialExportState(result).form.format).toBe("csv");
  });

  it("needs a path before it can start", () => {
    let state = initialExportState(result);
    expect(canStart(state)).toBe(false);
    expect(exportReducer(state, { type: "start", jobId: "j" })).toBe(state);
    state = exportReducer(state, { type: "path", path: "/tmp/out.csv" });
    expect(canStart(state)).toBe(true);
  });

  it("runs with progress to done, ignoring progress of other jobs and edits while running", () => {
    let state = exportReducer(initialExportState(result), { type: "path", path: "/tmp/out.csv" });
    state = exportReducer(state, { type: "start", jobId: "j1" });
    expect(state.phase).toEqual({ kind: "running", jobId: "j1", fraction: 0, cancelling: false });
    expect(canStart(state)).toBe(false);
    state = exportReducer(state, { type: "progress", jobId: "j1", fraction: 0.4 });
    state = exportReducer(state, { type: "progress", jobId: "other", fraction: 0.9 });
    state = exportReducer(state, { type: "progress", jobId: "j1", fraction: 0.3 });
    expect(state.phase).toMatchObject({ fraction: 0.4 });
    expect(exportReducer(state, { type: "path", path: "/x" })).toBe(state);
    state = exportReducer(state, { type: "finished", path: "/tmp/out.csv", rows: 8 });
    expect(state.phase).toEqual({ kind: "done", path: "/tmp/out.csv", rows: 8 });
    // Changing anything afterwards goes back to choosing, for another export.
    expect(exportReducer(state, { type: "format", format: "xlsx" }).phase).toEqual({ kind: "choosing" });
  });

  it("says failed with the engine's message, or cancelled after Cancel", () => {
    const running = exportReducer(exportReducer(initialExportState(report), { type: "path", path: "/r.pdf" }), {
      type: "start",
      jobId: "j",
    });
    expect(exportReducer(running, { type: "failed", message: "disk full" }).phase).toEqual({
      kind: "failed",
      message: "disk full",
    });
    const cancelling = exportReducer(running, { type: "cancel" });
    expect(cancelling.phase).toMatchObject({ kind: "running", cancelling: true });
    expect(exportReducer(cancelling, { type: "failed", message: "cancelled" }).phase).toEqual({ kind: "cancelled" });
  });

  it("keeps the path's extension in step with the format", () => {
    let state = exportReducer(initialExportState(result), { type: "path", path: "/tmp/sales.csv" });
    state = exportReducer(state, { type: "format", format: "parquet" });
    expect(state.form.path).toBe("/tmp/sales.parquet");
    expect(withExtension("/tmp/notes.txt", "xlsx")).toBe("/tmp/notes.txt");
  });
});
