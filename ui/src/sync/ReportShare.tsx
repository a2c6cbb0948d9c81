import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage } from "../api";
import { CommentIcon } from "../shell/icons";
import { sharedFile } from "./syncText";
import { useSync } from "./useSync";
import "./sync.css";

/** Shares the report at `path` with the connected workspace (shown only when it can). */
export function ShareButton({ path, primary = false }: { path: string; primary?: boolean }) {
  const { t } = useTranslation();
  const sync = useSync();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!sync.overview?.workspace || sharedFile(sync.overview, path)) return null;

  const share = async () => {
    setBusy(true);
    setError(null);
    try {
      await sync.runCommand(() => api.shareReport(path));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        className={primary ? "primary" : undefined}
        disabled={busy}
        title={t("collab.shareHint", { workspace: sync.overview.workspace.name })}
        onClick={() => void share()}
        data-testid="report-share"
      >
        {busy ? t("collab.sharing") : t("collab.share")}
      </button>
      {error && (
        <span className="error-text small" role="alert" data-testid="report-share-error">
          {error}
        </span>
      )}
    </>
  );
}

interface ReportShareControlsProps {
  path: string;
  collabOpen: boolean;
  onToggleCollab: () => void;
}

/** The toolbar's sharing part: Share (or the Shared badge with its version) and the side panel toggle. */
export function ReportShareControls({ path, collabOpen, onToggleCollab }: ReportShareControlsProps) {
  const { t } = useTranslation();
  const { overview } = useSync();
  const shared = sharedFile(overview, path);
  return (
    <>
      {shared ? (
        <span
          className="badge shared"
          data-testid="report-shared"
          data-version={shared.version ?? undefined}
          title={overview?.workspace?.name}
        >
          {shared.version === null ? t("collab.shared") : t("collab.sharedVersion", { version: shared.version })}
        </span>
      ) : (
        <ShareButton path={path} />
      )}
      <button
        type="button"
        className="icon-button"
        aria-pressed={collabOpen}
        aria-label={t("collab.toggle")}
        title={t("collab.toggle")}
        onClick={onToggleCollab}
        data-testid="report-collab"
      >
        <CommentIcon />
      </button>
    </>
  );
}
