import { useCallback, useRef, useState } from "react";

import { api, errorMessage, newJobId, type SortOrder } from "../api";
import { PAGE_SIZE } from "../results/paging";
import type { PagedSource } from "../results/usePagedRows";
import { editorLine, failureLine } from "./failure";

export type QueryRunState =
  | { kind: "idle" }
  | {
      kind: "running";
      jobId: string;
      startedAt: number;
      /** DuckDB's estimate from 0 to 1, once it has one. */
      progress: number | null;
    }
  | {
      kind: "done";
      source: PagedSource;
      /** Changes with every new result or sort: the grid remounts on it. */
      resultId: number;
      /** A re-sort is under way; the current rows stay on screen. */
      sorting: boolean;
    }
  | { kind: "failed"; message: string; line: number | null };

/** Statements that can change the table list. */
const SCHEMA_CHANGING = /\b(create|drop|alter|attach|detach|import|insert|delete|update)\b/i;

interface Callbacks {
  /** After a statement that may have created, changed or dropped tables. */
  onSchemaChanged: () => void;
  /** After every run, successful or not (the history has a new entry). */
  onFinished: () => void;
}

/** Runs the editor's SQL (first page), re-sorts a result, cancels; owns the run's state. */
export function useQueryRun({ onSchemaChanged, onFinished }: Callbacks) {
  const [state, setStateOnly] = useState<QueryRunState>({ kind: "idle" });
  const current = useRef<QueryRunState>(state);
  const running = useRef(false);
  const resultCounter = useRef(0);
  const setState = useCallback((next: QueryRunState) => {
    current.current = next;
    setStateOnly(next);
  }, []);

  const run = useCallback(
    async (sql: string, firstLine = 1) => {
      if (sql.trim() === "" || running.current) return;
      running.current = true;
      const jobId = newJobId("query");
      const startedAt = Date.now();
      setState({ kind: "running", jobId, startedAt, progress: null });
      const onProgress = (progress: number) => {
        const shown = current.current;
        if (shown.kind === "running" && shown.jobId === jobId && shown.progress !== progress) {
          setState({ ...shown, progress });
        }
      };
      try {
        const first = await api.runQuery(sql, { jobId, offset: 0, maxRows: PAGE_SIZE, onProgress });
        resultCounter.current += 1;
        setState({
          kind: "done",
          source: { sql, sort: null, first },
          resultId: resultCounter.current,
          sorting: false,
        });
        if (SCHEMA_CHANGING.test(sql)) onSchemaChanged();
      } catch (error) {
        setState({
          kind: "failed",
          message: errorMessage(error),
          line: editorLine(failureLine(error), firstLine),
        });
      } finally {
        running.current = false;
        onFinished();
      }
    },
    [onSchemaChanged, onFinished, setState],
  );

  const sort = useCallback(
    async (sort: SortOrder | null) => {
      const shown = current.current;
      if (shown.kind !== "done") return;
      const text = shown.source.sql;
      setState({ ...shown, sorting: true });
      try {
        const first = await api.runQuery(text, { offset: 0, maxRows: PAGE_SIZE, sort });
        resultCounter.current += 1;
        const resultId = resultCounter.current;
        setState({ kind: "done", source: { sql: text, sort, first }, resultId, sorting: false });
      } catch (error) {
        setState({ kind: "failed", message: errorMessage(error), line: null });
      }
    },
    [setState],
  );

  const cancel = useCallback(() => {
    const shown = current.current;
    if (shown.kind === "running") void api.cancelJob(shown.jobId);
  }, []);

  return { state, run, sort, cancel };
}
