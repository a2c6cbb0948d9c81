// Typed wrappers over the shell's commands. The shapes mirror the serde output of the Rust side.
import { Channel, invoke } from "@tauri-apps/api/core";

export type ColumnKind =
  | "boolean"
  | "integer"
  | "float"
  | "decimal"
  | "text"
  | "date"
  | "time"
  | "timestamp"
  | "other";

export interface ColumnMeta {
  name: string;
  sqlType: string;
  kind: ColumnKind;
}

/** Exact decimals and integers beyond 2^53 arrive as strings; dates and nested values as text. */
export type Cell = null | boolean | number | string;

export interface QueryResult {
  columns: ColumnMeta[];
  /** Index of the page's first row in the whole result. */
  offset: number;
  rows: Cell[][];
  totalRows: number;
  truncated: boolean;
  elapsedMs: number;
}

export interface TableInfo {
  name: string;
  isView: boolean;
  rowCount: number | null;
  columns: ColumnMeta[];
}

export interface DatasetInfo {
  name: string;
  version: number;
  source: string;
  format: string;
  rowCount: number;
  importedAt: string;
  columns: ColumnMeta[];
}

export interface RejectedRow {
  line: number;
  column: string | null;
  error: string;
  text: string;
}

/** One difference between a dataset's old and new columns after a refresh. */
export type ColumnChange =
  /** A new column: nothing that read the old schema breaks. */
  | { change: "added"; column: string; sqlType: string }
  /** A column is gone (dropped or renamed): queries naming it break. */
  | { change: "dropped"; column: string; sqlType: string }
  /** Same name, different type; breaking when `narrowed`. */
  | { change: "typeChanged"; column: string; from: string; to: string; narrowed: boolean };

/** Whether queries written against the old schema may fail or change meaning. */
export function isBreaking(change: ColumnChange): boolean {
  switch (change.change) {
    case "added":
      return false;
    case "dropped":
      return true;
    case "typeChanged":
      return change.narrowed;
  }
}

/** A query that reads columns a refresh broke. */
export interface AffectedQuery {
  /** The report's file name ("sales-overview.qreport.json"); null for a saved query of the editor. */
  report: string | null;
  /** The query's name. */
  query: string;
  /** The broken columns it reads. */
  columns: string[];
}

export interface ImportReport {
  dataset: DatasetInfo;
  previousVersion: number | null;
  rejected: RejectedRow[];
  rejectedTotal: number;
  /** What a refresh changed in the columns; no changes for a new dataset. */
  schemaChange: { changes: ColumnChange[] };
  /** Saved queries and report queries that read columns a breaking change broke. */
  affected: AffectedQuery[];
  decodedAsLatin1: boolean;
}

/** The open workspace's link to the hub. */
export type SyncStateName = "disconnected" | "synced" | "pending" | "offline" | "conflict";

export interface SyncOverview {
  /** The hub's address; null until set (or given by QUARRY_HUB_URL). */
  hubUrl: string | null;
  signedIn: boolean;
  /** The shared workspace this workspace is connected to. */
  workspace: { id: string; name: string } | null;
  state: SyncStateName;
  /** Local changes not yet on the hub. */
  pending: number;
  /** Documents with two versions waiting for a choice. */
  conflicts: number;
  /** RFC 3339 time of the last successful sync in this app session. */
  lastSyncedAt: string | null;
  /** Why the last sync did not complete (offline, refused sign-in, cancelled …). */
  lastError: string | null;
  /** The shared report files of this workspace. */
  shared: { path: string; documentId: string; version: number | null }[];
}

/** A sync run's outcome: report files it rewrote (reload them if open) or unlinked. */
export interface SyncRun {
  overview: SyncOverview;
  written: string[];
  unlinked: string[];
  /** Shared reports that could not be written: [title, reason]. */
  skipped: [string, string][];
  /** Datasets refreshed from snapshots others shared (reload the sources list). */
  refreshed: ImportReport[];
}

/** A workspace on the hub, as the hub sends it. */
export interface HubWorkspace {
  id: string;
  name: string;
  role: "admin" | "owner" | "member";
  created_at: string;
}

/** A conflict: both sides where they differ (JSON pointers into {title, body}). */
export interface ConflictView {
  documentId: string;
  title: string;
  path: string | null;
  mineDeleted: boolean;
  theirsDeleted: boolean;
  differences: { pointer: string; mine: string | null; theirs: string | null }[];
}

/** One version of a shared report, as the hub sends it. */
export interface DocumentVersion {
  version: number;
  action: "created" | "updated" | "restored" | "deleted";
  title: string;
  author: string;
  author_name: string | null;
  created_at: string;
}

export interface HubComment {
  id: string;
  author_username: string;
  body: string;
  created_at: string;
}

export interface CommentThread {
  id: string;
  block_id: string | null;
  comments: HubComment[];
}

export type SyncPhase = "sync" | "files";

let jobCounter = 0;

/** A fresh id for a cancellable command. */
export function newJobId(kind: string): string {
  jobCounter += 1;
  return `${kind}-${Date.now().toString(36)}-${jobCounter.toString()}`;
}

export interface WorkspaceInfo {
  name: string;
  path: string;
}

/** A signed-in account; tokens never reach the UI. */
export interface AccountView {
  issuer: string;
  subject: string;
  name: string;
  email: string | null;
  current: boolean;
}

/** Sizes and counts of a dataset for the sources panel. */
export interface DatasetSummary extends DatasetInfo {
  /** Bytes the dataset takes in the workspace file (estimate); null when unknown. */
  sizeBytes: number | null;
}

export interface ValueCount {
  value: string | null;
  count: number;
}

export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

export type PiiKind = "email" | "phone" | "credit_card" | "iban" | "ipv4" | "ipv6" | "us_ssn";

export interface ColumnProfile {
  name: string;
  sqlType: string;
  nullCount: number;
  nullPercent: number;
  approxDistinct: number;
  min: string | null;
  max: string | null;
  topValues: ValueCount[];
  histogram: HistogramBin[] | null;
  pii: { kind: PiiKind; count: number }[];
  piiSampleSize: number;
}

export interface TableProfile {
  table: string;
  rowCount: number;
  columns: ColumnProfile[];
}

/** Column type overrides and Excel choices for an import (all optional). */
export interface ImportChoices {
  /** CSV column name → DuckDB type, e.g. `{ "zip": "VARCHAR" }`. */
  columnTypes?: Record<string, string>;
  /** Excel sheet name; the first sheet when absent. */
  sheet?: string;
  /** 1-based row holding the header (Excel). */
  headerRow?: number;
}

/** What the SQL editor completes: the workspace's tables with columns, and DuckDB's functions. */
export interface SqlCompletions {
  tables: { name: string; columns: string[] }[];
  functions: string[];
  keywords: string[];
}

export interface HistoryEntry {
  sql: string;
  /** UTC, `YYYY-MM-DDTHH:MM:SSZ`. */
  ranAt: string;
  elapsedMs: number;
  /** Rows of the result; null when the query failed. */
  rows: number | null;
  error: string | null;
}

export interface SavedQuery {
  name: string;
  sql: string;
  savedAt: string;
}

export interface SortOrder {
  column: string;
  descending: boolean;
}

export type ResultFormat = "csv" | "xlsx" | "parquet";
export type ReportFormat = "pdf" | "xlsx";

export interface ExportDone {
  path: string;
  /** Data rows written (0 for a PDF). */
  rows: number;
}

/** Kinds the chart builder offers (the engine has more; these map onto Excel's native charts). */
export type ChartKind =
  | "bar"
  | "horizontal_bar"
  | "grouped_bar"
  | "stacked_bar"
  | "line"
  | "area"
  | "scatter"
  | "bubble"
  | "pie"
  | "donut"
  | "histogram"
  | "heatmap";

export type Aggregate = "sum" | "avg" | "min" | "max" | "count" | "none";

/** What the chart builder has picked; the engine turns it into SQL and a chart spec. */
export interface ChartDraft {
  /** A dataset (table) by name, or a SQL query typed in the editor. */
  source: { dataset: string } | { sql: string };
  kind: ChartKind;
  x: string | null;
  y: string | null;
  series: string | null;
  size: string | null;
  aggregate: Aggregate;
  title: string | null;
}

/** A mark under the pointer: what a tooltip shows. Boxes are in the SVG's units (points). */
export interface HitRegion {
  series: string;
  category: string;
  value: number;
  text: string;
  rect: { x: number; y: number; w: number; h: number };
}

export interface ChartPreview {
  svg: string;
  width: number;
  height: number;
  hits: HitRegion[];
  /** The plot frame in SVG units, when the chart has axes. */
  plot: { x: number; y: number; w: number; h: number } | null;
  /** The ranges the plot shows, when it can be zoomed and panned (continuous axes). */
  view: { x: [number, number]; y: [number, number] } | null;
  /** The SQL the draft became (read-only, for "show SQL"). */
  sql: string;
}

/** What a builder draft becomes in a report. */
export type DraftBlockKind = "chart" | "table" | "kpi" | "pivot";

/** A block ready to go into a report, reading the query it was named for, and that query's SQL. */
export interface DraftBlock {
  sql: string;
  block: ReportBlock;
}

export type Theme = "light" | "dark";

/** Block placement on the report's 12-column grid; height in grid rows. */
export interface Placement {
  width?: number;
  height?: number;
}

/** A report block; the UI reads `type` and `layout` and passes the rest through untouched. */
export interface ReportBlock {
  type: "heading" | "text" | "kpi" | "chart" | "table" | "pivot" | "page_break" | "image";
  layout?: Placement;
  [field: string]: unknown;
}

export interface ReportPage {
  title?: string;
  blocks: ReportBlock[];
}

/** A `*.qreport.json` document (see docs/reports.md); unknown fields are kept as they are. */
export interface ReportDocument {
  version: number;
  title: string;
  description?: string;
  author?: string;
  parameters?: unknown[];
  queries: Record<string, { sql: string }>;
  pages: ReportPage[];
  print?: { paper?: "a4" | "letter" | "legal"; landscape?: boolean; [field: string]: unknown };
  [field: string]: unknown;
}

export interface ReportEntry {
  path: string;
  title: string;
  /** UTC, `YYYY-MM-DD HH:MM:SS`. */
  modifiedAt: string;
}

/** Where the editor draws a block: grid columns (0–11) and rows, as the PDF flows them. */
export interface GridCell {
  block: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A filter control for a report parameter, with its options and current value resolved. */
export interface ParameterControl {
  name: string;
  label: string;
  kind: "date_range" | "select" | "multi_select" | "number" | "text";
  /** For selects: the choices. */
  options: string[];
  /** The default: `{ from, to }` for a date range, a string list for a multi select. */
  value: ParameterValue;
}

export type ParameterValue = string | number | string[] | { from: string; to: string };

/** One sheet of paper in the preview: the same shapes the PDF draws, as SVG in points. */
export interface PreviewSheet {
  width: number;
  height: number;
  svg: string;
}

export interface EngineStatus {
  workspace: string;
  /** Bytes DuckDB holds in memory now. */
  memoryBytes: number;
  /** Share of result-cache lookups that hit (0–1); null before the first lookup. */
  cacheHitRate: number | null;
}

/** How much of the machine DuckDB may use for the workspace, and where it spills; null = default. */
export interface WorkspaceSettings {
  /** e.g. `4GB` or `75%`. */
  memoryLimit: string | null;
  threads: number | null;
  /** An absolute folder. */
  tempDirectory: string | null;
}

export interface EngineSettings {
  settings: WorkspaceSettings;
  /** Where DuckDB spills when `tempDirectory` is unset. */
  defaultTempDirectory: string;
}

/** Menu items the native menu sends to the UI (event `menu`, payload = one of these). */
export type MenuAction =
  | "new-report"
  | "open-workspace"
  | "import-file"
  | "run-query"
  | "export"
  | "engine-settings"
  | "theme-light"
  | "theme-dark"
  | "theme-system"
  | "language-en"
  | "language-de";

function progressChannel(onProgress: (fraction: number) => void) {
  const channel = new Channel<{ fraction: number }>();
  channel.onmessage = (message) => {
    onProgress(message.fraction);
  };
  return channel;
}

export const api = {
  workspaceInfo: () => invoke<WorkspaceInfo>("workspace_info"),
  listTables: () => invoke<TableInfo[]>("list_tables"),
  listDatasets: () => invoke<DatasetSummary[]>("list_datasets"),
  profileDataset: (name: string) => invoke<TableProfile>("profile_dataset", { name }),
  /**
   * One page of the result of `sql`; later pages of a SELECT come from the engine's cache.
   * `onProgress` hears DuckDB's progress estimate (0 to 1) while it runs.
   */
  runQuery: (
    sql: string,
    options?: {
      offset?: number;
      maxRows?: number;
      jobId?: string;
      sort?: SortOrder | null;
      onProgress?: (fraction: number) => void;
    },
  ) =>
    invoke<QueryResult>("run_query", {
      sql,
      page: {
        offset: options?.offset ?? null,
        maxRows: options?.maxRows ?? null,
        sort: options?.sort ?? null,
      },
      jobId: options?.jobId ?? null,
      onProgress: progressChannel(options?.onProgress ?? (() => undefined)),
    }),
  /** DuckDB's `EXPLAIN ANALYZE` of `sql`, as text. */
  explainQuery: (sql: string, jobId: string) => invoke<string>("explain_query", { sql, jobId }),
  sqlCompletions: () => invoke<SqlCompletions>("sql_completions"),
  queryHistory: () => invoke<HistoryEntry[]>("query_history"),
  savedQueries: () => invoke<SavedQuery[]>("saved_queries"),
  saveQuery: (name: string, sql: string) => invoke<SavedQuery>("save_query", { name, sql }),
  deleteSavedQuery: (name: string) => invoke<null>("delete_saved_query", { name }),
  /** Imports a file, folder or glob; `onProgress` gets fractions from 0 to 1. */
  importSource: (
    jobId: string,
    source: string,
    name: string | null,
    onProgress: (fraction: number) => void,
    choices?: ImportChoices,
  ) =>
    invoke<ImportReport>("import_source", {
      jobId,
      source,
      name,
      choices: choices ?? null,
      onProgress: progressChannel(onProgress),
    }),
  /** The native open dialog for data files; null when the user cancels. */
  /** The native open dialog, with its title and file-type name in the UI's language. */
  chooseImportFile: (title: string, filter: string) =>
    invoke<string | null>("choose_import_file", { title, filter }),
  /** Stops a running import, query or export; false when it had already finished. */
  cancelJob: (jobId: string) => invoke<boolean>("cancel_job", { jobId }),
  chooseWorkspace: (title: string) => invoke<WorkspaceInfo | null>("choose_workspace", { title }),
  revealWorkspace: () => invoke<null>("reveal_workspace"),
  /** The native save dialog; null when the user cancels. */
  chooseSavePath: (
    suggestedName: string,
    format: ResultFormat | ReportFormat,
    text: { title: string; filter: string },
  ) => invoke<string | null>("choose_save_path", { suggestedName, format, text }),
  /** Opens the file manager with `path` selected. */
  showInFolder: (path: string) => invoke<null>("show_in_folder", { path }),
  /** Exports the query's whole result, in the grid's `sort` order when given. */
  exportQuery: (
    jobId: string,
    sql: string,
    sort: SortOrder | null,
    format: ResultFormat,
    path: string,
    onProgress: (fraction: number) => void,
  ) =>
    invoke<ExportDone>("export_query", {
      jobId,
      query: { sql, sort },
      format,
      path,
      onProgress: progressChannel(onProgress),
    }),
  /** Renders the draft; `view` zooms continuous axes to data ranges (absent: fit the data). */
  chartPreview: (
    draft: ChartDraft,
    width: number,
    height: number,
    theme: Theme,
    locale: string,
    view: { x?: [number, number]; y?: [number, number] } | null = null,
  ) => invoke<ChartPreview>("chart_preview", { draft, width, height, theme, locale, view }),
  /** The draft as a `kind` block reading the query named `query`, with that query's SQL. */
  draftBlock: (draft: ChartDraft, kind: DraftBlockKind, query: string) =>
    invoke<DraftBlock>("draft_block", { draft, kind, query }),
  listReports: () => invoke<ReportEntry[]>("list_reports"),
  createReport: (title: string) =>
    invoke<{ path: string; document: ReportDocument }>("create_report", { title }),
  openReport: (path: string) => invoke<ReportDocument>("open_report", { path }),
  /** Validates and writes atomically; a document that does not validate is not written. */
  saveReport: (path: string, document: ReportDocument) =>
    invoke<null>("save_report", { path, document }),
  reportGrid: (document: ReportDocument) => invoke<GridCell[][]>("report_grid", { document }),
  reportParameters: (document: ReportDocument) =>
    invoke<ParameterControl[]>("report_parameters", { document }),
  previewReport: (
    jobId: string,
    document: ReportDocument,
    params: Record<string, ParameterValue>,
    theme: Theme,
  ) => invoke<PreviewSheet[]>("preview_report", { jobId, document, params, theme }),
  exportReport: (
    jobId: string,
    document: ReportDocument,
    params: Record<string, ParameterValue>,
    format: ReportFormat,
    path: string,
    print: { paper: "a4" | "letter" | "legal"; landscape: boolean },
    onProgress: (fraction: number) => void,
  ) =>
    invoke<ExportDone>("export_report", {
      jobId,
      document,
      params,
      format,
      path,
      print,
      onProgress: progressChannel(onProgress),
    }),
  engineStatus: () => invoke<EngineStatus>("engine_status"),
  engineSettings: () => invoke<EngineSettings>("engine_settings"),
  /** Applies and stores the settings; wrong values are refused with a message. */
  setEngineSettings: (settings: WorkspaceSettings) =>
    invoke<EngineSettings>("set_engine_settings", { settings }),
  /** Rebuilds the native menu in the UI's language. */
  setMenuLanguage: (language: string) => invoke<null>("set_menu_language", { language }),
  listAccounts: () => invoke<AccountView[]>("list_accounts"),
  /** Opens the system browser at the provider; resolves when the sign-in completes. */
  signIn: (issuer: string, clientId: string) => invoke<AccountView>("sign_in", { issuer, clientId }),
  cancelSignIn: () => invoke<boolean>("cancel_sign_in"),
  switchAccount: (account: AccountView) =>
    invoke<AccountView>("switch_account", { issuer: account.issuer, subject: account.subject }),
  signOut: (account: AccountView) =>
    invoke<null>("sign_out", { issuer: account.issuer, subject: account.subject }),
  syncOverview: () => invoke<SyncOverview>("sync_overview"),
  /** Stores the hub's address (validated, not contacted). */
  setHubUrl: (url: string) => invoke<SyncOverview>("set_hub_url", { url }),
  /** The signed-in account's shared workspaces (online). */
  hubWorkspaces: () => invoke<HubWorkspace[]>("hub_workspaces"),
  createHubWorkspace: (name: string) => invoke<HubWorkspace>("create_hub_workspace", { name }),
  /** Connects the open workspace to a shared one and syncs (pulls its reports into files). */
  connectHubWorkspace: (workspace: HubWorkspace) =>
    invoke<SyncRun>("connect_hub_workspace", { id: workspace.id, name: workspace.name }),
  /** Push + pull; failures come back in overview.lastError, not as a rejection. */
  syncNow: (jobId: string, onProgress: (phase: SyncPhase) => void) => {
    const channel = new Channel<{ phase: SyncPhase }>();
    channel.onmessage = (message) => {
      onProgress(message.phase);
    };
    return invoke<SyncRun>("sync_now", { jobId, onProgress: channel });
  },
  shareReport: (path: string) => invoke<SyncRun>("share_report", { path }),
  syncConflicts: () => invoke<ConflictView[]>("sync_conflicts"),
  resolveConflict: (documentId: string, keep: "mine" | "theirs") =>
    invoke<SyncRun>("resolve_conflict", { documentId, keep }),
  reportComments: (path: string) => invoke<CommentThread[]>("report_comments", { path }),
  addReportComment: (path: string, text: string, blockId: string | null) =>
    invoke<SyncRun>("add_report_comment", { path, text, blockId }),
  reportVersions: (path: string) => invoke<DocumentVersion[]>("report_versions", { path }),
  restoreReportVersion: (path: string, version: number) =>
    invoke<SyncRun>("restore_report_version", { path, version }),
  /** Publishes a dataset as a snapshot of the shared workspace; resolves to its id. */
  shareDataset: (name: string) => invoke<string>("share_dataset", { name }),
};

/** A command failure: `line` is the 1-based SQL line DuckDB pointed at, when it did. */
export interface CommandFailure {
  message: string;
  line?: number;
}

/** The message of a command error (the shell sends `{ message }`), or a readable fallback. */
export function errorMessage(error: unknown): string {
  if (typeof error === "string") return error;
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) {
    if (typeof error.message === "string") return error.message;
  }
  return "Something went wrong, and no reason was given.";
}
