import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { CloseIcon } from "../shell/icons";
import { CommentsTab } from "./CommentsTab";
import { HistoryTab } from "./HistoryTab";
import { ShareButton } from "./ReportShare";
import { sharedFile } from "./syncText";
import { useSync } from "./useSync";
import "./sync.css";

type Tab = "comments" | "history";

/** Beside the report: its comments and version history on the hub (when it is shared). */
export function CollabPanel({ path, onClose }: { path: string; onClose: () => void }) {
  const { t } = useTranslation();
  const sync = useSync();
  const [tab, setTab] = useState<Tab>("comments");
  const baseId = useId();
  const shared = sharedFile(sync.overview, path);
  const connected = sync.overview?.workspace != null;
  const tabs: { id: Tab; label: string }[] = [
    { id: "comments", label: t("collab.tabs.comments") },
    { id: "history", label: t("collab.tabs.history") },
  ];

  return (
    <aside className="collab-panel" aria-label={t("collab.label")} data-testid="collab-panel" data-tab={tab}>
      <div className="collab-header">
        <div className="segmented" role="tablist" aria-label={t("collab.label")}>
          {tabs.map(({ id, label }) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`${baseId}-${id}`}
              aria-selected={tab === id}
              aria-controls={`${baseId}-panel`}
              tabIndex={tab === id ? 0 : -1}
              onClick={() => {
                setTab(id);
              }}
              onKeyDown={(event) => {
                if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
                event.preventDefault();
                const next: Tab = id === "comments" ? "history" : "comments";
                setTab(next);
                document.getElementById(`${baseId}-${next}`)?.focus();
              }}
              data-testid={`collab-tab-${id}`}
            >
              {label}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label={t("collab.close")}
          title={t("collab.close")}
          onClick={onClose}
          data-testid="collab-close"
        >
          <CloseIcon />
        </button>
      </div>
      <div className="collab-body" role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-${tab}`}>
        {shared ? (
          tab === "comments" ? (
            <CommentsTab path={path} />
          ) : (
            <HistoryTab path={path} />
          )
        ) : (
          <div className="sharing-section" data-testid="collab-not-shared">
            <p className="muted">{connected ? t("collab.notShared") : t("collab.notConnected")}</p>
            {connected ? (
              <ShareButton path={path} primary />
            ) : (
              <button type="button" onClick={sync.openPanel} data-testid="collab-open-sharing">
                {t("collab.openSharing")}
              </button>
            )}
          </div>
        )}
      </div>
    </aside>
  );
}
