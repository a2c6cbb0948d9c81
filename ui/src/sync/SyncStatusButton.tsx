import { useTranslation } from "react-i18next";

import { SpinnerIcon, SyncIcon } from "../shell/icons";
import { syncStatusText } from "./syncText";
import { useSync } from "./useSync";
import "./sync.css";

/** The status bar's hub link: state in a word or two; opens the Sharing panel. */
export function SyncStatusButton() {
  const { t } = useTranslation();
  const sync = useSync();
  const { overview, running } = sync;
  const text = syncStatusText(overview, running, t);
  const problem = overview?.lastError ?? sync.error;
  return (
    <button
      type="button"
      className={`sync-status sync-${overview?.state ?? "unknown"}`}
      data-testid="sync-status"
      data-state={overview?.state}
      data-running={running}
      aria-busy={running}
      aria-haspopup="dialog"
      aria-label={t("sync.status.open", { status: text })}
      title={problem ? `${text} — ${problem}` : t("sync.status.open", { status: text })}
      onClick={sync.openPanel}
    >
      {running ? <SpinnerIcon /> : <SyncIcon />}
      <span className="sync-status-text">{text}</span>
    </button>
  );
}
