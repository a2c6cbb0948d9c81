// The open workspace's link to the hub, shared by the status bar, the sharing panel and the
// report builder: the latest overview, sync runs (manual, every minute, after saves) and the
// files each run rewrote.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";

import { api, errorMessage, newJobId, type SyncOverview, type SyncPhase, type SyncRun } from "../api";

/** How often the overview is asked for. */
export const OVERVIEW_POLL_MS = 5000;
/** How often a connected workspace syncs on its own. */
export const AUTO_SYNC_MS = 60_000;
/** The quiet time after the last `requestSync` before the sync starts. */
export const REQUEST_SYNC_DEBOUNCE_MS = 1500;

/** Told about every sync run's outcome (files written, unlinked, datasets refreshed). */
export type SyncListener = (run: SyncRun) => void;

export interface SyncApi {
  /** The latest overview of the open workspace; null until the first answer. */
  overview: SyncOverview | null;
  /** Whether `syncNow` is running (commands that sync on their own do not count). */
  running: boolean;
  phase: SyncPhase | null;
  /** Why the last `syncNow` or overview request failed (the shell's message). */
  error: string | null;
  /** The outcome of the latest run (for its skipped files). */
  lastRun: SyncRun | null;
  /** How many runs have finished: a dependency for views that reload after each run. */
  runs: number;
  panelOpen: boolean;
  openPanel: () => void;
  closePanel: () => void;
  /** Asks for the overview now. */
  refresh: () => void;
  syncNow: () => Promise<void>;
  cancel: () => void;
  /** Syncs 1.5 s after the last call (the report builder calls it after each save). */
  requestSync: () => void;
  /** Runs a command that syncs (share, resolve, restore, comment, connect) and takes its run. */
  runCommand: (command: () => Promise<SyncRun>) => Promise<SyncRun>;
  setOverview: (overview: SyncOverview) => void;
  subscribe: (listener: SyncListener) => () => void;
}

export const SyncContext = createContext<SyncApi | null>(null);

/** The sync state of the app; App provides it once through `SyncContext`. */
export function useSync(): SyncApi {
  const sync = useContext(SyncContext);
  if (!sync) throw new Error("useSync needs a SyncContext provider (App mounts one)");
  return sync;
}

/** Calls `listener` after every sync run while the component is mounted. */
export function useSyncRuns(subscribe: SyncApi["subscribe"], listener: SyncListener): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  }, [listener]);
  useEffect(
    () =>
      subscribe((run) => {
        latest.current(run);
      }),
    [subscribe],
  );
}

interface KeyedOverview {
  /** The workspace the overview is of (App's workspace path). */
  workspace: string | null;
  overview: SyncOverview;
}

/**
 * The state behind `SyncContext`. `workspace` identifies the open workspace (its path): when
 * it changes, the overview is asked for again and the old one is no longer shown.
 */
export function useSyncState(workspace: string | null): SyncApi {
  const [keyed, setKeyed] = useState<KeyedOverview | null>(null);
  const [running, setRunning] = useState(false);
  const [phase, setPhase] = useState<SyncPhase | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);
  const [lastRun, setLastRun] = useState<SyncRun | null>(null);
  const [runs, setRuns] = useState(0);
  const [panelOpen, setPanelOpen] = useState(false);
  const [pollGeneration, setPollGeneration] = useState(0);

  const workspaceRef = useRef(workspace);
  /** Bumped by every overview taken, so a poll that started earlier cannot undo a newer one. */
  const overviewSeq = useRef(0);
  const job = useRef<string | null>(null);
  const debounce = useRef<ReturnType<typeof setTimeout> | null>(null);
  const again = useRef(false);
  const connected = useRef(false);
  const listeners = useRef(new Set<SyncListener>());

  const overview = keyed !== null && keyed.workspace === workspace ? keyed.overview : null;

  useEffect(() => {
    workspaceRef.current = workspace;
  }, [workspace]);
  const isConnected = overview !== null && overview.workspace !== null && overview.signedIn;
  useEffect(() => {
    connected.current = isConnected;
  }, [isConnected]);

  const takeOverview = useCallback((next: SyncOverview, of: string | null) => {
    overviewSeq.current += 1;
    if (of === workspaceRef.current) setKeyed({ workspace: of, overview: next });
  }, []);

  const setOverview = useCallback(
    (next: SyncOverview) => {
      takeOverview(next, workspaceRef.current);
    },
    [takeOverview],
  );

  const applyRun = useCallback(
    (run: SyncRun, of: string | null) => {
      takeOverview(run.overview, of);
      setLastRun(run);
      setRuns((n) => n + 1);
      for (const listener of listeners.current) listener(run);
    },
    [takeOverview],
  );

  // The overview: now, every few seconds, and again when the workspace changes.
  useEffect(() => {
    let current = true;
    const poll = () => {
      const seq = overviewSeq.current;
      api.syncOverview().then(
        (next) => {
          if (current && seq === overviewSeq.current) {
            takeOverview(next, workspace);
            setPollError(null);
          }
        },
        (e: unknown) => {
          if (current) setPollError(errorMessage(e));
        },
      );
    };
    poll();
    const timer = setInterval(poll, OVERVIEW_POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [workspace, pollGeneration, takeOverview]);

  const syncNow = useCallback(async () => {
    if (job.current !== null) return;
    const id = newJobId("sync");
    const of = workspaceRef.current;
    job.current = id;
    again.current = false;
    setRunning(true);
    setPhase("sync");
    setError(null);
    try {
      const run = await api.syncNow(id, (next) => {
        if (job.current === id) setPhase(next);
      });
      applyRun(run, of);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      job.current = null;
      setRunning(false);
      setPhase(null);
    }
  }, [applyRun]);

  const cancel = useCallback(() => {
    const id = job.current;
    if (id === null) return;
    api.cancelJob(id).catch((e: unknown) => {
      setError(errorMessage(e));
    });
  }, []);

  const requestSync = useCallback(() => {
    if (debounce.current !== null) clearTimeout(debounce.current);
    debounce.current = setTimeout(() => {
      debounce.current = null;
      if (!connected.current) return;
      if (job.current !== null) {
        again.current = true; // Sync once more when this run is over: it may have missed the save.
        return;
      }
      void syncNow();
    }, REQUEST_SYNC_DEBOUNCE_MS);
  }, [syncNow]);

  // A save that arrived during a run is synced right after it.
  useEffect(() => {
    if (!running && again.current) {
      again.current = false;
      requestSync();
    }
  }, [running, requestSync]);

  useEffect(
    () => () => {
      if (debounce.current !== null) clearTimeout(debounce.current);
    },
    [],
  );

  // While connected, sync every minute.
  useEffect(() => {
    if (!isConnected) return;
    const timer = setInterval(() => {
      void syncNow();
    }, AUTO_SYNC_MS);
    return () => {
      clearInterval(timer);
    };
  }, [isConnected, syncNow]);

  const runCommand = useCallback(
    async (command: () => Promise<SyncRun>) => {
      const of = workspaceRef.current;
      const run = await command();
      applyRun(run, of);
      return run;
    },
    [applyRun],
  );

  const subscribe = useCallback((listener: SyncListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const refresh = useCallback(() => {
    setPollGeneration((g) => g + 1);
  }, []);
  const openPanel = useCallback(() => {
    setPanelOpen(true);
  }, []);
  const closePanel = useCallback(() => {
    setPanelOpen(false);
  }, []);

  const shownError = error ?? pollError;
  return useMemo(
    () => ({
      overview,
      running,
      phase,
      error: shownError,
      lastRun,
      runs,
      panelOpen,
      openPanel,
      closePanel,
      refresh,
      syncNow,
      cancel,
      requestSync,
      runCommand,
      setOverview,
      subscribe,
    }),
    [
      overview,
      running,
      phase,
      shownError,
      lastRun,
      runs,
      panelOpen,
      openPanel,
      closePanel,
      refresh,
      syncNow,
      cancel,
      requestSync,
      runCommand,
      setOverview,
      subscribe,
    ],
  );
}
