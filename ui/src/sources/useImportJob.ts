import { useCallback, useRef, useState } from "react";

import { api, errorMessage, newJobId, type ImportChoices, type ImportReport } from "../api";

export type ImportState =
  | { kind: "idle" }
  | { kind: "running"; jobId: string; fraction: number; source: string }
  | { kind: "done"; report: ImportReport; source: string }
  | { kind: "failed"; message: string };

export interface ImportJob {
  state: ImportState;
  /** Imports each source in turn (one for a typed path, several for dropped files). */
  start: (sources: string[], name: string | null, choices?: ImportChoices) => Promise<void>;
  cancel: () => void;
}

/** One import at a time, with progress, cancel and the engine's report. */
export function useImportJob(onImported: () => void): ImportJob {
  const [state, setState] = useState<ImportState>({ kind: "idle" });
  const running = useRef<string | null>(null);

  const start = useCallback(
    async (sources: string[], name: string | null, choices?: ImportChoices) => {
      if (running.current !== null) return;
      for (const source of sources) {
        const jobId = newJobId("import");
        running.current = jobId;
        setState({ kind: "running", jobId, fraction: 0, source });
        try {
          const report = await api.importSource(
            jobId,
            source,
            sources.length === 1 ? name : null,
            (fraction) => {
              setState((s) => (s.kind === "running" && s.jobId === jobId ? { ...s, fraction } : s));
            },
            choices,
          );
          setState({ kind: "done", report, source });
          onImported();
        } catch (error) {
          setState({ kind: "failed", message: errorMessage(error) });
          break;
        } finally {
          running.current = null;
        }
      }
    },
    [onImported],
  );

  const cancel = useCallback(() => {
    if (running.current !== null) void api.cancelJob(running.current);
  }, []);

  return { state, start, cancel };
}
