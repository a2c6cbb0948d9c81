import { useId } from "react";
import { useTranslation } from "react-i18next";

import { api, type SyncOverview, type SyncPhase } from "../api";
import { formatDateTime, formatNumber } from "../format";
import { StopIcon, SyncIcon } from "../shell/icons";
import { useLocale } from "../shell/useLocale";
import { fileName, syncStatusText } from "./syncText";
import { useLoaded } from "./useLoaded";
import { useSync } from "./useSync";

const PHASE_LABEL = {
  sync: "sync.connected.phaseSync",
  files: "sync.connected.phaseFiles",
} as const satisfies Record<SyncPhase, string>;

type Connected = SyncOverview & { workspace: NonNullable<SyncOverview["workspace"]> };

/** The connected shared workspace: state, pending changes, last sync, Sync now, shared reports. */
export function ConnectedSummary({ overview }: { overview: Connected }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const sync = useSync();
  const titleId = useId();
  // Titles for the shared files, from the workspace's report list (names alone when it fails).
  const reports = useLoaded(api.listReports, sync.runs);
  const titleOf = (path: string) => reports.value?.find((r) => r.path === path)?.title ?? null;
  const skipped = sync.lastRun?.skipped ?? [];

  return (
    <section
      className="sharing-section"
      aria-labelledby={titleId}
      data-testid="sharing-connected"
      data-name={overview.workspace.name}
      data-state={overview.state}
      data-pending={overview.pending}
    >
      <h3 className="section-title" id={titleId}>
        {t("sync.connected.title")}
      </h3>
      <dl className="facts">
        <dt>{t("sync.connected.workspace")}</dt>
        <dd data-testid="sharing-workspace-name">{overview.workspace.name}</dd>
        <dt>{t("sync.connected.state")}</dt>
        <dd data-testid="sync-state" data-state={overview.state}>
          {syncStatusText(overview, false, t)}
        </dd>
        <dt>{t("sync.connected.pending")}</dt>
        <dd data-testid="sync-pending" data-pending={overview.pending}>
          {formatNumber(overview.pending, locale)}
        </dd>
        <dt>{t("sync.connected.lastSynced")}</dt>
        <dd data-testid="sync-last-synced" data-time={overview.lastSyncedAt ?? undefined}>
          {overview.lastSyncedAt ? formatDateTime(overview.lastSyncedAt, locale) : t("sync.connected.never")}
        </dd>
        {overview.lastError && (
          <>
            <dt>{t("sync.connected.lastError")}</dt>
            <dd className="error-text" data-testid="sync-last-error">
              {overview.lastError}
            </dd>
          </>
        )}
      </dl>
      <div className="row-actions">
        <button
          type="button"
          className="primary"
          disabled={sync.running}
          onClick={() => void sync.syncNow()}
          data-testid="sync-now"
        >
          <SyncIcon />
          {t("sync.connected.syncNow")}
        </button>
        {sync.running && (
          <>
            <button type="button" onClick={sync.cancel} data-testid="sync-cancel">
              <StopIcon />
              {t("sync.connected.cancel")}
            </button>
            <span className="muted" role="status" data-testid="sync-phase" data-phase={sync.phase ?? undefined}>
              {t(PHASE_LABEL[sync.phase ?? "sync"])}
            </span>
          </>
        )}
      </div>
      {skipped.length > 0 && (
        <ul className="plain-list" data-testid="sync-skipped">
          {skipped.map(([title, reason]) => (
            <li key={title} className="warning-text">
              {t("sync.connected.skipped", { title, reason })}
            </li>
          ))}
        </ul>
      )}
      <h4 className="subsection-title">{t("sync.connected.reports")}</h4>
      {overview.shared.length === 0 ? (
        <p className="muted">{t("sync.connected.noReports")}</p>
      ) : (
        <ul className="plain-list" data-testid="shared-reports">
          {overview.shared.map((file) => (
            <li
              key={file.documentId}
              className="list-row"
              data-testid="shared-report"
              data-path={file.path}
              data-version={file.version ?? undefined}
            >
              <span className="list-row-main" title={file.path}>
                {titleOf(file.path) ?? fileName(file.path)}
              </span>
              {file.version !== null && (
                <span className="badge">{t("sync.connected.version", { version: file.version })}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
