import { useTranslation } from "react-i18next";

import { Dialog } from "../shell/Dialog";
import { ConflictsView } from "./ConflictsView";
import { ConnectedSummary } from "./ConnectedSummary";
import { HubAddress } from "./HubAddress";
import { useSync } from "./useSync";
import { WorkspaceBrowser } from "./WorkspaceBrowser";
import "./sync.css";

/**
 * Sharing (lazy): the hub's address, sign-in hint, the shared-workspace browser while not
 * connected; when connected, its state, Sync now, the shared reports and any conflicts.
 */
export function SharingPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const sync = useSync();
  const { overview } = sync;
  const workspace = overview?.workspace ?? null;
  return (
    <Dialog title={t("sync.panel.title")} onClose={onClose} testId="sharing-panel" closeTestId="sharing-close">
      <div className="sharing-panel" data-state={overview?.state}>
        {overview === null ? (
          sync.error ? (
            <p className="error" role="alert" data-testid="sync-error">
              {sync.error}
            </p>
          ) : (
            <p className="muted">{t("common.loading")}</p>
          )
        ) : (
          <>
            <HubAddress hubUrl={overview.hubUrl} />
            {!overview.signedIn && (
              <p className="hint-box" data-testid="sharing-sign-in-hint">
                {t("sync.panel.signInHint")}
              </p>
            )}
            {workspace === null
              ? overview.hubUrl !== null && overview.signedIn && <WorkspaceBrowser />
              : <ConnectedSummary overview={{ ...overview, workspace }} />}
            {workspace !== null && overview.conflicts > 0 && <ConflictsView count={overview.conflicts} />}
            {sync.error && (
              <p className="error" role="alert" data-testid="sync-error">
                {sync.error}
              </p>
            )}
          </>
        )}
      </div>
    </Dialog>
  );
}
