import { useEffect, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";

import { api, type EngineStatus } from "../api";
import { formatBytes, formatPercent } from "../format";
import { SyncStatusButton } from "../sync/SyncStatusButton";
import { useLocale } from "./useLocale";

export const STATUS_POLL_MS = 3000;

function subscribeOnline(onChange: () => void) {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

/** Whether the system says it is online (navigator.onLine and its events). */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/** The engine's status, asked for every few seconds. */
function useEngineStatus(): EngineStatus | null {
  const [status, setStatus] = useState<EngineStatus | null>(null);
  useEffect(() => {
    let current = true;
    const poll = () => {
      api.engineStatus().then(
        (next) => {
          if (current) setStatus(next);
        },
        () => undefined, // Shown as unknown; the next poll tries again.
      );
    };
    poll();
    const timer = setInterval(poll, STATUS_POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, []);
  return status;
}

/**
 * Workspace, engine memory (opens the engine settings), cache hit rate, the hub link (opens
 * Sharing), online/offline.
 */
export function StatusBar({ onOpenSettings }: { onOpenSettings: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const status = useEngineStatus();
  const online = useOnline();
  const memory = status ? formatBytes(status.memoryBytes, locale) : "—";
  const hitRate =
    status === null || status.cacheHitRate === null ? "—" : formatPercent(status.cacheHitRate, locale, 0);
  return (
    <footer
      className="statusbar"
      data-testid="status-bar"
      aria-label={t("status.label")}
      data-workspace={status?.workspace}
      data-memory={status?.memoryBytes}
      data-online={online}
    >
      <span title={t("status.workspace")}>{status?.workspace ?? "—"}</span>
      <button
        type="button"
        className="status-button"
        data-testid="engine-settings-open"
        title={t("settings.open")}
        onClick={onOpenSettings}
      >
        {t("status.memory", { value: memory })}
      </button>
      <span>{t("status.cache", { value: hitRate })}</span>
      <span className="toolbar-spacer" />
      <SyncStatusButton />
      <span className={online ? "online" : "offline"} data-testid="status-online">
        <span className="dot" aria-hidden="true" />
        {online ? t("status.online") : t("status.offline")}
      </span>
    </footer>
  );
}
