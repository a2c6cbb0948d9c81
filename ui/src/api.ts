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

export interface ImportReport {
  dataset: DatasetInfo;
  previousVersion: number | null;
  rejected: RejectedRow[];
  rejectedTotal: number;
  decodedAsLatin1: boolean;
}

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

export const api = {
  workspaceInfo: () => invoke<WorkspaceInfo>("workspace_info"),
  listTables: () => invoke<TableInfo[]>("list_tables"),
  /** One page of the result of `sql`; later pages of a SELECT come from the engine's cache. */
  runQuery: (sql: string, options?: { offset?: number; maxRows?: number; jobId?: string }) =>
    invoke<QueryResult>("run_query", {
      sql,
      offset: options?.offset ?? null,
      maxRows: options?.maxRows ?? null,
      jobId: options?.jobId ?? null,
    }),
  /** Imports a file, folder or glob; `onProgress` gets fractions from 0 to 1. */
  importSource: (
    jobId: string,
    source: string,
    name: string | null,
    onProgress: (fraction: number) => void,
  ) => {
    const channel = new Channel<{ fraction: number }>();
    channel.onmessage = (message) => {
      onProgress(message.fraction);
    };
    return invoke<ImportReport>("import_source", { jobId, source, name, onProgress: channel });
  },
  /** Stops a running import or query; false when it had already finished. */
  cancelJob: (jobId: string) => invoke<boolean>("cancel_job", { jobId }),
  chooseWorkspace: () => invoke<WorkspaceInfo | null>("choose_workspace"),
  revealWorkspace: () => invoke<null>("reveal_workspace"),
  listAccounts: () => invoke<AccountView[]>("list_accounts"),
  /** Opens the system browser at the provider; resolves when the sign-in completes. */
  signIn: (issuer: string, clientId: string) => invoke<AccountView>("sign_in", { issuer, clientId }),
  cancelSignIn: () => invoke<boolean>("cancel_sign_in"),
  switchAccount: (account: AccountView) =>
    invoke<AccountView>("switch_account", { issuer: account.issuer, subject: account.subject }),
  signOut: (account: AccountView) =>
    invoke<null>("sign_out", { issuer: account.issuer, subject: account.subject }),
};

/** The message of a command error (the shell sends `{ message }`), or a readable fallback. */
export function errorMessage(error: unknown): string {
  if (typeof error === "string") return error;
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) {
    if (typeof error.message === "string") return error.message;
  }
  return "Something went wrong, and no reason was given.";
}
