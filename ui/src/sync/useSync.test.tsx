import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { SyncOverview, SyncRun } from "../api";
import { clearMocks, mockShell, notShared, type Call } from "../test/mockShell";
import { REQUEST_SYNC_DEBOUNCE_MS, useSyncState } from "./useSync";

const connected: SyncOverview = {
  ...notShared,
  hubUrl: "http://127.0.0.1:4000",
  signedIn: true,
  workspace: { id: "w1", name: "Finance" },
  state: "pending",
  pending: 1,
};

const run = (written: string[] = []): SyncRun => ({
  overview: { ...connected, state: "synced", pending: 0 },
  written,
  unlinked: [],
  skipped: [],
  refreshed: [],
});

/** Lets timers and the mock shell's promises run for `ms` of fake time. */
async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

const syncCalls = (calls: Call[]) => calls.filter((c) => c.cmd === "sync_now");

describe("useSyncState", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    cleanup();
    clearMocks();
    vi.useRealTimers();
  });

  it("syncs once, 1.5 s after the last of several requests", async () => {
    const calls = mockShell({ sync_overview: () => connected, sync_now: () => run() });
    const { result } = renderHook(() => useSyncState("/w"));
    await advance(0);
    expect(result.current.overview?.state).toBe("pending");

    act(() => {
      result.current.requestSync();
    });
    await advance(1000);
    act(() => {
      result.current.requestSync();
    });
    await advance(1000);
    act(() => {
      result.current.requestSync();
    });
    await advance(REQUEST_SYNC_DEBOUNCE_MS - 1);
    expect(syncCalls(calls)).toHaveLength(0);
    await advance(1);
    expect(syncCalls(calls)).toHaveLength(1);
    expect(String(syncCalls(calls)[0]?.args.jobId)).toMatch(/^sync-/);
    await advance(0);
    expect(result.current.overview?.state).toBe("synced");
    expect(result.current.running).toBe(false);
    await advance(REQUEST_SYNC_DEBOUNCE_MS * 2);
    expect(syncCalls(calls)).toHaveLength(1);
  });

  it("does not sync on request while the workspace is not connected", async () => {
    const calls = mockShell({ sync_now: () => run() });
    const { result } = renderHook(() => useSyncState("/w"));
    await advance(0);
    act(() => {
      result.current.requestSync();
    });
    await advance(REQUEST_SYNC_DEBOUNCE_MS * 2);
    expect(syncCalls(calls)).toHaveLength(0);
  });

  it("tells subscribers which files a run wrote", async () => {
    mockShell({ sync_overview: () => connected, sync_now: () => run(["/w/reports/q3.qreport.json"]) });
    const { result } = renderHook(() => useSyncState("/w"));
    await advance(0);
    const written: string[][] = [];
    const unsubscribe = result.current.subscribe((r) => written.push(r.written));
    await act(async () => {
      await result.current.syncNow();
    });
    expect(written).toEqual([["/w/reports/q3.qreport.json"]]);
    expect(result.current.runs).toBe(1);
    unsubscribe();
  });
});
