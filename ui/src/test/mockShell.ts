// A stand-in for the Tauri shell in unit tests: every command of api.ts answers with sample data
// unless a test overrides it. Calls are recorded for assertions.
import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";

import type { DatasetSummary, QueryResult, SyncOverview, TableInfo } from "../api";

export const salesTable: TableInfo = {
  name: "sales",
  isView: false,
  rowCount: 100000,
  columns: [
    { name: "region", sqlType: "VARCHAR", kind: "text" },
    { name: "revenue", sqlType: "DECIMAL(14,2)", kind: "decimal" },
  ],
};

export const ordersDataset: DatasetSummary = {
  name: "orders",
  version: 1,
  source: "/data/orders.csv",
  format: "csv",
  rowCount: 2,
  importedAt: "2026-11-22 03:00:00",
  columns: [{ name: "id", sqlType: "BIGINT", kind: "integer" }],
  sizeBytes: 2048,
};

export const regionCounts: QueryResult = {
  columns: [
    { name: "region", sqlType: "VARCHAR", kind: "text" },
    { name: "orders", sqlType: "BIGINT", kind: "integer" },
  ],
  rows: [
    ["Africa", 12500],
    ["Asia", null],
  ],
  offset: 0,
  totalRows: 2,
  truncated: false,
  elapsedMs: 3.2,
};

/** A workspace that is not connected to the hub (no hub address, signed out). */
export const notShared: SyncOverview = {
  hubUrl: null,
  signedIn: false,
  workspace: null,
  state: "disconnected",
  pending: 0,
  conflicts: 0,
  lastSyncedAt: null,
  lastError: null,
  shared: [],
};

export type Handler = (args: Record<string, unknown>) => unknown;

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

const defaults: Record<string, Handler> = {
  workspace_info: () => ({ name: "sample", path: "/data/sample" }),
  list_tables: () => [salesTable, { ...salesTable, name: "orders", rowCount: 2 }],
  list_datasets: () => [ordersDataset],
  sql_completions: () => ({
    tables: [{ name: "sales", columns: ["region", "revenue"] }],
    functions: ["sum", "count"],
    keywords: ["SELECT", "FROM"],
  }),
  run_query: () => regionCounts,
  query_history: () => [],
  saved_queries: () => [],
  set_menu_language: () => null,
  engine_status: () => ({ workspace: "sample", memoryBytes: 1_500_000, cacheHitRate: 0.5 }),
  engine_settings: () => ({
    settings: { memoryLimit: null, threads: null, tempDirectory: null },
    defaultTempDirectory: "/data/sample/.tmp",
  }),
  list_accounts: () => [],
  list_reports: () => [],
  cancel_job: () => true,
  sync_overview: () => notShared,
};

/** Installs the mock shell; returns the list every call is appended to. */
export function mockShell(overrides: Record<string, Handler> = {}): Call[] {
  const calls: Call[] = [];
  mockWindows("main");
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      const handler = overrides[cmd] ?? defaults[cmd];
      if (!handler) throw new Error(`unexpected command ${cmd}`);
      return handler(args);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

export { clearMocks };
