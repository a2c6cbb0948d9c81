import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it } from "vitest";

import type { ConflictView, SyncOverview } from "../api";
import { clearMocks, mockShell, notShared } from "../test/mockShell";
import { ConflictsView } from "./ConflictsView";
import { SyncContext, useSyncRuns, useSyncState } from "./useSync";

const overview: SyncOverview = {
  ...notShared,
  hubUrl: "http://127.0.0.1:4000",
  signedIn: true,
  workspace: { id: "w1", name: "Finance" },
  state: "conflict",
  conflicts: 1,
};

const q3: ConflictView = {
  documentId: "6f1c1f5e-0000-4000-8000-000000000001",
  title: "Q3 review",
  path: "/w/reports/q3-review.qreport.json",
  mineDeleted: false,
  theirsDeleted: false,
  differences: [
    { pointer: "/title", mine: "Q3 review", theirs: "Q3 review (final)" },
    { pointer: "/body/pages/0/blocks/1/markdown", mine: "<b>Notes</b>", theirs: null },
  ],
};

function Harness({ children, onWritten }: { children: ReactNode; onWritten: (paths: string[]) => void }) {
  const sync = useSyncState("/w");
  useSyncRuns(sync.subscribe, (run) => {
    onWritten(run.written);
  });
  return <SyncContext.Provider value={sync}>{children}</SyncContext.Provider>;
}

describe("ConflictsView", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("shows both sides of each difference and keeps the chosen one", async () => {
    let settled = false;
    const calls = mockShell({
      sync_overview: () => (settled ? { ...overview, state: "synced", conflicts: 0 } : overview),
      sync_conflicts: () => (settled ? [] : [q3]),
      resolve_conflict: () => {
        settled = true;
        return {
          overview: { ...overview, state: "synced", conflicts: 0 },
          written: [q3.path],
          unlinked: [],
          skipped: [],
          refreshed: [],
        };
      },
    });
    const written: string[][] = [];
    render(
      <Harness onWritten={(paths) => written.push(paths)}>
        <ConflictsView count={1} />
      </Harness>,
    );
    const conflict = await screen.findByTestId("conflict");
    expect(conflict.dataset.document).toBe(q3.documentId);
    expect(within(conflict).getByText("Q3 review", { selector: "h4" })).toBeTruthy();

    const differences = within(conflict).getAllByTestId("conflict-difference");
    expect(differences.map((d) => d.dataset.pointer)).toEqual(["/title", "/body/pages/0/blocks/1/markdown"]);
    const [title, markdown] = differences;
    if (!title || !markdown) throw new Error("two differences expected");
    expect(within(title).getByText("Title")).toBeTruthy();
    expect(within(title).getByTestId("conflict-mine").textContent).toBe("Q3 review");
    expect(within(title).getByTestId("conflict-theirs").textContent).toBe("Q3 review (final)");
    // Values are text, never markup.
    expect(within(markdown).getByTestId("conflict-mine").textContent).toBe("<b>Notes</b>");
    expect(markdown.querySelector("b")).toBeNull();
    expect(within(markdown).getByText("Page 1 › Block 2 › markdown")).toBeTruthy();

    fireEvent.click(within(conflict).getByTestId("conflict-keep-theirs"));
    await waitFor(() => {
      expect(calls.filter((c) => c.cmd === "resolve_conflict").map((c) => c.args)).toEqual([
        { documentId: q3.documentId, keep: "theirs" },
      ]);
    });
    await waitFor(() => {
      expect(screen.queryByTestId("conflict")).toBeNull();
    });
    expect(written).toEqual([[q3.path]]);
  });

  it("says deleted for a side that deleted the report, and keeps mine on request", async () => {
    const calls = mockShell({
      sync_overview: () => overview,
      sync_conflicts: () => [
        { ...q3, theirsDeleted: true, differences: [{ pointer: "/", mine: "{…}", theirs: null }] },
      ],
      resolve_conflict: () => ({ overview, written: [], unlinked: [], skipped: [], refreshed: [] }),
    });
    render(
      <Harness onWritten={() => undefined}>
        <ConflictsView count={1} />
      </Harness>,
    );
    const difference = await screen.findByTestId("conflict-difference");
    expect(within(difference).getByTestId("conflict-theirs").textContent).toBe("deleted");
    fireEvent.click(screen.getByTestId("conflict-keep-mine"));
    await waitFor(() => {
      expect(calls.find((c) => c.cmd === "resolve_conflict")?.args).toEqual({ documentId: q3.documentId, keep: "mine" });
    });
  });
});
