// Where a failed run went wrong, in the editor's terms (no CodeMirror here: the editor loads lazily).

/** The SQL a run executes and the editor line it starts on (1 unless a selection runs). */
export interface RunnableSql {
  sql: string;
  firstLine: number;
}

/** The 1-based line of a command failure (`CommandFailure.line`), or null. */
export function failureLine(error: unknown): number | null {
  if (typeof error !== "object" || error === null || !("line" in error)) return null;
  const line = error.line;
  return typeof line === "number" && Number.isInteger(line) && line > 0 ? line : null;
}

/** The editor line of a failure in SQL that started at editor line `firstLine` (a selection). */
export function editorLine(line: number | null, firstLine: number): number | null {
  return line === null ? null : firstLine + line - 1;
}

/** The editor as the toolbar sees it: what Run would execute now. */
export interface EditorHandle {
  runnable: () => RunnableSql;
}
