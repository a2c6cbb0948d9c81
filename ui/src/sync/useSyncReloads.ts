import { useCallback } from "react";

import type { SyncRun } from "../api";
import { useSyncRuns, type SyncApi } from "./useSync";

interface Reloads {
  /** Takes in a report file a run rewrote (the session ignores files other than the open one). */
  reloadFromDisk: (path: string) => Promise<void>;
  /** Reads the report list again. */
  refreshList: () => void;
  /** Reads tables and datasets again (datasets refreshed from shared snapshots). */
  reloadSources: () => void;
}

/** What the app does after each sync run with the files and datasets it changed. */
export function useSyncReloads(subscribe: SyncApi["subscribe"], { reloadFromDisk, refreshList, reloadSources }: Reloads) {
  useSyncRuns(
    subscribe,
    useCallback(
      (run: SyncRun) => {
        for (const path of run.written) void reloadFromDisk(path);
        if (run.written.length > 0 || run.unlinked.length > 0) refreshList();
        if (run.refreshed.length > 0) reloadSources();
      },
      [reloadFromDisk, refreshList, reloadSources],
    ),
  );
}
