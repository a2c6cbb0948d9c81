import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, newJobId } from "../api";
import { Dialog } from "../shell/Dialog";

type PlanState =
  | { kind: "running"; jobId: string }
  | { kind: "done"; plan: string }
  | { kind: "failed"; message: string };

/** DuckDB's EXPLAIN ANALYZE of the editor's SQL, as the engine prints it. */
export function ExplainDialog({ sql, onClose }: { sql: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [jobId] = useState(() => newJobId("explain"));
  const [state, setState] = useState<PlanState>({ kind: "running", jobId });

  useEffect(() => {
    let current = true;
    api.explainQuery(sql, jobId).then(
      (plan) => {
        if (current) setState({ kind: "done", plan });
      },
      (e: unknown) => {
        if (current) setState({ kind: "failed", message: errorMessage(e) });
      },
    );
    return () => {
      current = false;
      void api.cancelJob(jobId);
    };
  }, [sql, jobId]);

  return (
    <Dialog title={t("explain.title")} onClose={onClose} wide testId="explain-dialog">
      {state.kind === "running" && (
        <div className="row-actions">
          <span className="muted">{t("explain.running")}</span>
          <button
            type="button"
            onClick={() => {
              void api.cancelJob(state.jobId);
            }}
          >
            {t("common.cancel")}
          </button>
        </div>
      )}
      {state.kind === "failed" && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === "done" && (
        <pre className="plan" data-testid="explain-plan" tabIndex={0}>
          {state.plan}
        </pre>
      )}
    </Dialog>
  );
}
