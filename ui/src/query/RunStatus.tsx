import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { formatDuration, formatPercent } from "../format";
import { useLocale } from "../shell/useLocale";
import type { QueryRunState } from "./useQueryRun";

/** Seconds since `startedAt`, ticking while a query runs. */
function useElapsed(startedAt: number): number {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      setElapsed(Date.now() - startedAt);
    }, 100);
    return () => {
      clearInterval(timer);
    };
  }, [startedAt]);
  return elapsed;
}

function Elapsed({ startedAt }: { startedAt: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return <>{t("query.running", { elapsed: formatDuration(useElapsed(startedAt), locale) })}</>;
}

/** DuckDB's progress estimate as a bar and a percentage. */
function Progress({ fraction }: { fraction: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const percent = formatPercent(fraction, locale, 0);
  return (
    <>
      <progress
        className="query-progress"
        data-testid="query-progress"
        aria-label={t("query.progress")}
        max={1}
        value={fraction}
      />
      {percent}
    </>
  );
}

/** "8 rows · 12 ms" after a run; the elapsed time and DuckDB's progress while one runs. */
export function RunStatus({ state }: { state: QueryRunState }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows = state.kind === "done" ? state.source.first.totalRows : null;
  return (
    <span
      className="query-status"
      data-testid="query-status"
      data-rows={rows ?? undefined}
      role="status"
    >
      {state.kind === "running" && <Elapsed startedAt={state.startedAt} />}
      {state.kind === "running" && state.progress !== null && <Progress fraction={state.progress} />}
      {state.kind === "done" &&
        t("query.status", {
          rows: t("common.rows", { count: state.source.first.totalRows }),
          time: formatDuration(state.source.first.elapsedMs, locale),
        })}
    </span>
  );
}
