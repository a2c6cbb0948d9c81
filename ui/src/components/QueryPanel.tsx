import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";

import { api, errorMessage, newJobId, type QueryResult } from "../api";
import { formatDuration, formatRowCount } from "../format";
import { ResultTable } from "./ResultTable";

interface QueryPanelProps {
  sql: string;
  onSqlChange: (sql: string) => void;
  /** Called after a statement that may have created or dropped tables. */
  onSchemaChanged: () => void;
  /** Runs the editor's SQL whenever this number changes (e.g. the sample query on first launch). */
  runRequest: number;
}

type RunState =
  | { kind: "idle" }
  | { kind: "running"; jobId: string }
  | { kind: "done"; result: QueryResult }
  | { kind: "failed"; message: string };

/** Statements that can change the table list. */
const SCHEMA_CHANGING = /\b(create|drop|alter|attach|detach|import)\b/i;

/** The SQL editor and the result of its last run. */
export function QueryPanel({ sql, onSqlChange, onSchemaChanged, runRequest }: QueryPanelProps) {
  const [state, setState] = useState<RunState>({ kind: "idle" });
  const running = state.kind === "running";

  const run = useCallback(async () => {
    if (sql.trim() === "" || running) return;
    const jobId = newJobId("query");
    setState({ kind: "running", jobId });
    try {
      const result = await api.runQuery(sql, { jobId });
      setState({ kind: "done", result });
      if (SCHEMA_CHANGING.test(sql)) onSchemaChanged();
    } catch (error) {
      setState({ kind: "failed", message: errorMessage(error) });
    }
  }, [sql, running, onSchemaChanged]);

  const handledRequest = useRef(0);
  useEffect(() => {
    if (runRequest === handledRequest.current) return;
    handledRequest.current = runRequest;
    void run();
  }, [runRequest, run]);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void run();
    }
  };

  return (
    <main className="query-panel">
      <div className="editor">
        <textarea
          aria-label="SQL"
          data-testid="sql-editor"
          spellCheck={false}
          value={sql}
          placeholder="SELECT * FROM sales LIMIT 100;"
          onChange={(event) => { onSqlChange(event.target.value); }}
          onKeyDown={onKeyDown}
        />
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            data-testid="run-query"
            onClick={() => void run()}
            disabled={state.kind === "running" || sql.trim() === ""}
          >
            {state.kind === "running" ? "Running…" : "Run"}
          </button>
          {state.kind === "running" ? (
            <button
              type="button"
              data-testid="cancel-query"
              onClick={() => void api.cancelJob(state.jobId)}
            >
              Cancel
            </button>
          ) : (
            <span className="hint">Ctrl+Enter</span>
          )}
          <span className="status" data-testid="query-status" role="status">
            {state.kind === "done" &&
              `${formatRowCount(state.result.totalRows)}${
                state.result.truncated ? ` (first ${state.result.rows.length} shown)` : ""
              } · ${formatDuration(state.result.elapsedMs)}`}
          </span>
        </div>
      </div>
      <section className="results" aria-label="Result">
        {state.kind === "failed" && (
          <pre className="error query-error" role="alert" data-testid="query-error">
            {state.message}
          </pre>
        )}
        {state.kind === "done" && <ResultTable result={state.result} />}
        {state.kind === "idle" && <p className="muted">Run a query to see its result here.</p>}
      </section>
    </main>
  );
}
