// The report view over a mocked shell, as the app wires it: for tests of the report builder.
import { useRef } from "react";

import type { GridCell, ReportBlock, ReportDocument } from "../api";
import { ReportView } from "../report/ReportView";
import { useReportParameters } from "../report/useReportParameters";
import { useReportSession } from "../report/useReportSession";
import { SyncContext, useSyncState } from "../sync/useSync";
import { mockShell, type Call } from "./mockShell";

/** A stand-in for the engine's flow: left to right in rows of 12 columns. */
export function flow(blocks: ReportBlock[]): GridCell[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return blocks.map((block, i) => {
    const w = block.layout?.width ?? 12;
    const h = block.layout?.height ?? (block.type === "chart" ? 13 : 2);
    if (x + w > 12) {
      y += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    const cell = { block: i, x, y, w, h };
    x += w;
    rowHeight = Math.max(rowHeight, h);
    return cell;
  });
}

/** The report view with its session, parameters and sync state. */
export function ReportHarness() {
  const sync = useSyncState(null);
  const session = useReportSession();
  const parameters = useReportParameters(session.report?.path ?? null, session.report?.history.present ?? null);
  const titleRef = useRef<HTMLInputElement>(null);
  return (
    <SyncContext.Provider value={sync}>
      <ReportView session={session} parameters={parameters} titleRef={titleRef} onExport={() => undefined} />
    </SyncContext.Provider>
  );
}

/** One report in the list, `/r/q3.qreport.json`, that opens as `document`; saves are recorded. */
export function mockReports(document: ReportDocument): Call[] {
  return mockShell({
    list_reports: () => [{ path: "/r/q3.qreport.json", title: document.title, modifiedAt: "2026-11-22 03:00:00" }],
    open_report: () => document,
    report_grid: (args) => (args.document as ReportDocument).pages.map((p) => flow(p.blocks)),
    report_parameters: () => [
      { name: "region", label: "Region", kind: "select", options: ["All", "Asia"], value: "All" },
    ],
    preview_report: () => [{ width: 595, height: 842, svg: '<svg xmlns="http://www.w3.org/2000/svg"><text>p1</text></svg>' }],
    save_report: () => null,
  });
}

/** The document of the last save, if any. */
export const lastSaved = (calls: Call[]) =>
  calls.filter((c) => c.cmd === "save_report").at(-1)?.args.document as ReportDocument | undefined;
