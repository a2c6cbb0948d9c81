import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import type { HubWorkspace, SyncOverview } from "../api";
import { clearMocks, mockShell, notShared } from "../test/mockShell";
import { SharingPanel } from "./SharingPanel";
import { SyncContext, useSyncState } from "./useSync";

function Harness() {
  const sync = useSyncState("/w");
  return (
    <SyncContext.Provider value={sync}>
      <SharingPanel onClose={() => undefined} />
    </SyncContext.Provider>
  );
}

const hub = "http://127.0.0.1:4000";
const finance: HubWorkspace = { id: "w1", name: "Finance", role: "owner", created_at: "2026-11-01T00:00:00Z" };

describe("SharingPanel", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("asks for the hub address and points to sign-in", async () => {
    let overview: SyncOverview = notShared;
    const calls = mockShell({
      sync_overview: () => overview,
      set_hub_url: (args) => {
        overview = { ...overview, hubUrl: String(args.url) };
        return overview;
      },
    });
    render(<Harness />);
    expect(await screen.findByTestId("sharing-sign-in-hint")).toBeTruthy();
    fireEvent.change(screen.getByTestId("hub-url"), { target: { value: ` ${hub} ` } });
    fireEvent.click(screen.getByTestId("hub-url-save"));
    expect((await screen.findByTestId("hub-url-current")).textContent).toBe(hub);
    expect(calls.find((c) => c.cmd === "set_hub_url")?.args).toEqual({ url: hub });
    expect(screen.queryByTestId("hub-url")).toBeNull();
    fireEvent.click(screen.getByTestId("hub-url-change"));
    expect(screen.getByTestId<HTMLInputElement>("hub-url").value).toBe(hub);
    // Signed out: no workspace browser.
    expect(screen.queryByTestId("hub-workspaces-refresh")).toBeNull();
  });

  it("creates and connects a shared workspace, then syncs it", async () => {
    let overview: SyncOverview = { ...notShared, hubUrl: hub, signedIn: true };
    const workspaces: HubWorkspace[] = [];
    const calls = mockShell({
      sync_overview: () => overview,
      hub_workspaces: () => workspaces,
      create_hub_workspace: (args) => {
        workspaces.push({ ...finance, name: String(args.name) });
        return finance;
      },
      connect_hub_workspace: (args) => {
        overview = { ...overview, workspace: { id: String(args.id), name: String(args.name) }, state: "synced" };
        return { overview, written: [], unlinked: [], skipped: [], refreshed: [] };
      },
      sync_now: () => {
        overview = { ...overview, state: "offline", pending: 2, lastError: "the hub cannot be reached" };
        return { overview, written: [], unlinked: [], skipped: [], refreshed: [] };
      },
    });
    render(<Harness />);
    expect(await screen.findByText(/no shared workspaces yet/)).toBeTruthy();
    expect(screen.queryByTestId("sharing-sign-in-hint")).toBeNull();

    fireEvent.change(screen.getByTestId("hub-workspace-name"), { target: { value: "Finance" } });
    fireEvent.click(screen.getByTestId("hub-workspace-create"));
    const row = await screen.findByTestId("hub-workspace");
    expect(row.dataset.name).toBe("Finance");
    expect(row.textContent).toContain("Owner");
    expect(calls.find((c) => c.cmd === "create_hub_workspace")?.args).toEqual({ name: "Finance" });

    fireEvent.click(within(row).getByTestId("hub-workspace-connect"));
    const summary = await screen.findByTestId("sharing-connected");
    expect(summary.dataset.name).toBe("Finance");
    expect(calls.find((c) => c.cmd === "connect_hub_workspace")?.args).toEqual({ id: "w1", name: "Finance" });

    fireEvent.click(screen.getByTestId("sync-now"));
    expect((await screen.findByTestId("sync-last-error")).textContent).toBe("the hub cannot be reached");
    expect(screen.getByTestId("sync-state").textContent).toBe("Offline · 2 pending");
    await waitFor(() => {
      expect(calls.filter((c) => c.cmd === "sync_now")).toHaveLength(1);
    });
  });
});
