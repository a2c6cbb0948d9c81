// The export dialog's state machine (pure): choose → running → done / failed / cancelled.
import type { ParameterValue, ReportDocument, ReportFormat, ResultFormat, SortOrder } from "../api";

export type Paper = "a4" | "letter" | "legal";
export type ExportFormat = ResultFormat | ReportFormat;

/** What is exported: a query's whole result, or a report with its parameter values. */
export type ExportTarget =
  | { kind: "result"; sql: string; sort: SortOrder | null; name: string }
  | {
      kind: "report";
      document: ReportDocument;
      params: Record<string, ParameterValue>;
      name: string;
    };

export const RESULT_FORMATS: readonly ResultFormat[] = ["csv", "xlsx", "parquet"];
export const REPORT_FORMATS: readonly ReportFormat[] = ["pdf", "xlsx"];

export interface ExportForm {
  format: ExportFormat;
  paper: Paper;
  landscape: boolean;
  path: string;
}

export type ExportPhase =
  | { kind: "choosing" }
  | { kind: "running"; jobId: string; fraction: number; cancelling: boolean }
  | { kind: "done"; path: string; rows: number }
  | { kind: "failed"; message: string }
  | { kind: "cancelled" };

export interface ExportState {
  form: ExportForm;
  phase: ExportPhase;
}

export type ExportAction =
  | { type: "format"; format: ExportFormat }
  | { type: "paper"; paper: Paper }
  | { type: "landscape"; landscape: boolean }
  | { type: "path"; path: string }
  | { type: "start"; jobId: string }
  | { type: "progress"; jobId: string; fraction: number }
  | { type: "cancel" }
  | { type: "finished"; path: string; rows: number }
  | { type: "failed"; message: string };

export function initialExportState(target: ExportTarget): ExportState {
  const print = target.kind === "report" ? target.document.print : undefined;
  return {
    form: {
      format: target.kind === "result" ? "csv" : "pdf",
      paper: print?.paper ?? "a4",
      landscape: print?.landscape ?? false,
      path: "",
    },
    phase: { kind: "choosing" },
  };
}

/** `path` with its extension swapped for the format's, when it had another known one. */
export function withExtension(path: string, format: ExportFormat): string {
  const match = /\.(csv|xlsx|parquet|pdf)$/i.exec(path);
  return match ? `${path.slice(0, match.index)}.${format}` : path;
}

export function exportReducer(state: ExportState, action: ExportAction): ExportState {
  const { form, phase } = state;
  const busy = phase.kind === "running";
  switch (action.type) {
    case "format":
      if (busy) return state;
      return { phase: { kind: "choosing" }, form: { ...form, format: action.format, path: withExtension(form.path, action.format) } };
    case "paper":
      return busy ? state : { phase: { kind: "choosing" }, form: { ...form, paper: action.paper } };
    case "landscape":
      return busy ? state : { phase: { kind: "choosing" }, form: { ...form, landscape: action.landscape } };
    case "path":
      return busy ? state : { phase: { kind: "choosing" }, form: { ...form, path: action.path } };
    case "start":
      if (busy || form.path.trim() === "") return state;
      return { form, phase: { kind: "running", jobId: action.jobId, fraction: 0, cancelling: false } };
    case "progress":
      if (phase.kind !== "running" || phase.jobId !== action.jobId) return state;
      return { form, phase: { ...phase, fraction: Math.min(1, Math.max(phase.fraction, action.fraction)) } };
    case "cancel":
      return phase.kind === "running" ? { form, phase: { ...phase, cancelling: true } } : state;
    case "finished":
      return phase.kind === "running" ? { form, phase: { kind: "done", path: action.path, rows: action.rows } } : state;
    case "failed":
      if (phase.kind !== "running") return state;
      return { form, phase: phase.cancelling ? { kind: "cancelled" } : { kind: "failed", message: action.message } };
  }
}

export function canStart(state: ExportState): boolean {
  return state.phase.kind !== "running" && state.form.path.trim() !== "";
}
