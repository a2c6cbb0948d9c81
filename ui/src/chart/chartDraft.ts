// The chart builder's choices and the ChartDraft they become (pure; the engine does the rest).
import type { Aggregate, ChartDraft, ChartKind } from "../api";

export const CHART_KINDS: readonly ChartKind[] = [
  "bar",
  "horizontal_bar",
  "grouped_bar",
  "stacked_bar",
  "line",
  "area",
  "scatter",
  "bubble",
  "pie",
  "donut",
  "histogram",
  "heatmap",
];

export const AGGREGATES: readonly Aggregate[] = ["sum", "avg", "min", "max", "count", "none"];

export const WELLS = ["x", "y", "series", "size"] as const;
export type Well = (typeof WELLS)[number];

/** Where the chart's data comes from: a table by name, or the SQL in the editor. */
export type ChartSource = { kind: "table"; name: string } | { kind: "query" };

export interface ChartState {
  source: ChartSource | null;
  kind: ChartKind;
  wells: Record<Well, string | null>;
  aggregate: Aggregate;
  title: string;
}

export type ChartAction =
  | { type: "source"; source: ChartSource | null }
  | { type: "well"; well: Well; field: string | null }
  | { type: "kind"; kind: ChartKind }
  | { type: "aggregate"; aggregate: Aggregate }
  | { type: "title"; title: string };

const EMPTY_WELLS: Record<Well, string | null> = { x: null, y: null, series: null, size: null };

export const initialChartState: ChartState = {
  source: null,
  kind: "bar",
  wells: EMPTY_WELLS,
  aggregate: "sum",
  title: "",
};

export function chartReducer(state: ChartState, action: ChartAction): ChartState {
  switch (action.type) {
    case "source":
      return { ...state, source: action.source, wells: EMPTY_WELLS };
    case "well":
      return { ...state, wells: { ...state.wells, [action.well]: action.field } };
    case "kind":
      return { ...state, kind: action.kind };
    case "aggregate":
      return { ...state, aggregate: action.aggregate };
    case "title":
      return { ...state, title: action.title };
  }
}

/** The wells, with fields the source does not have (any more) left out. */
export function effectiveWells(state: ChartState, fields: readonly string[]): Record<Well, string | null> {
  const known = new Set(fields);
  const keep = (field: string | null) => (field !== null && known.has(field) ? field : null);
  return {
    x: keep(state.wells.x),
    y: keep(state.wells.y),
    series: keep(state.wells.series),
    size: keep(state.wells.size),
  };
}

/**
 * The draft the engine previews; null while there is no source (or the editor is empty).
 * Only fields in `fields` (the source's columns) are used.
 */
export function toDraft(state: ChartState, editorSql: string, fields: readonly string[]): ChartDraft | null {
  if (state.source === null) return null;
  let source: ChartDraft["source"];
  if (state.source.kind === "table") {
    source = { dataset: state.source.name };
  } else {
    if (editorSql.trim() === "") return null;
    source = { sql: editorSql };
  }
  const wells = effectiveWells(state, fields);
  return {
    source,
    kind: state.kind,
    x: wells.x,
    y: wells.y,
    series: wells.series,
    size: wells.size,
    aggregate: state.aggregate,
    title: state.title.trim() === "" ? null : state.title.trim(),
  };
}

/** Whether a draft has enough for the engine to draw anything: a field on x or y. */
export function canPreview(draft: ChartDraft | null): draft is ChartDraft {
  return draft !== null && (draft.x !== null || draft.y !== null);
}

/** Encodes a source for a <select> value; table names never start with ":". */
export function sourceValue(source: ChartSource | null): string {
  if (source === null) return "";
  return source.kind === "query" ? ":query" : source.name;
}

export function parseSourceValue(value: string): ChartSource | null {
  if (value === "") return null;
  if (value === ":query") return { kind: "query" };
  return { kind: "table", name: value };
}
