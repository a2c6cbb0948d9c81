import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type DocumentVersion } from "../api";
import { formatDateTime } from "../format";
import { useLocale } from "../shell/useLocale";
import { useLoaded } from "./useLoaded";
import { useSync } from "./useSync";

const ACTION_LABEL = {
  created: "collab.history.action.created",
  updated: "collab.history.action.updated",
  restored: "collab.history.action.restored",
  deleted: "collab.history.action.deleted",
} as const satisfies Record<DocumentVersion["action"], string>;

/** The shared report's versions, newest first; any older one can be made current again. */
export function HistoryTab({ path }: { path: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const sync = useSync();
  const load = useCallback(() => api.reportVersions(path), [path]);
  const versions = useLoaded(load, sync.runs);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const restore = async (version: number) => {
    setRestoring(true);
    setError(null);
    try {
      // The run rewrites the file; App reloads the open report from its `written` paths.
      await sync.runCommand(() => api.restoreReportVersion(path, version));
      setConfirming(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRestoring(false);
    }
  };

  const list = versions.value === null ? null : [...versions.value].sort((a, b) => b.version - a.version);
  return (
    <>
      {list === null && versions.loading && <p className="muted">{t("common.loading")}</p>}
      {list?.length === 0 && <p className="muted">{t("collab.history.none")}</p>}
      {list && list.length > 0 && (
        <ol className="plain-list" aria-label={t("collab.tabs.history")}>
          {list.map((version, index) => (
            <li key={version.version} className="version" data-testid="version" data-version={version.version}>
              <div className="version-head">
                <span className="version-number">{t("collab.history.version", { version: version.version })}</span>
                <span className="badge" data-action={version.action}>
                  {t(ACTION_LABEL[version.action])}
                </span>
                {index === 0 && <span className="badge">{t("collab.history.current")}</span>}
              </div>
              <p className="version-title">{version.title}</p>
              <div className="comment-meta muted">
                <span data-testid="version-author">{version.author_name ?? t("collab.history.unknownAuthor")}</span>
                <time dateTime={version.created_at}>{formatDateTime(version.created_at, locale)}</time>
              </div>
              {index > 0 &&
                (confirming === version.version ? (
                  <div className="version-confirm" role="group" aria-label={t("collab.history.restoreLabel", { version: version.version })}>
                    <span>{t("collab.history.confirm", { version: version.version })}</span>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="primary"
                        autoFocus
                        disabled={restoring}
                        onClick={() => void restore(version.version)}
                        data-testid="version-restore-confirm"
                      >
                        {t("collab.history.restore")}
                      </button>
                      <button
                        type="button"
                        disabled={restoring}
                        onClick={() => {
                          setConfirming(null);
                        }}
                        data-testid="version-restore-cancel"
                      >
                        {t("common.cancel")}
                      </button>
                    </div>
                  </div>
                ) : (
                  <div className="row-actions">
                    <button
                      type="button"
                      disabled={restoring}
                      aria-label={t("collab.history.restoreLabel", { version: version.version })}
                      onClick={() => {
                        setConfirming(version.version);
                        setError(null);
                      }}
                      data-testid="version-restore"
                    >
                      {t("collab.history.restore")}
                    </button>
                  </div>
                ))}
            </li>
          ))}
        </ol>
      )}
      {(error ?? versions.error) && (
        <p className="error" role="alert" data-testid="versions-error">
          {error ?? versions.error}
        </p>
      )}
    </>
  );
}
