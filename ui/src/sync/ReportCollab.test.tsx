import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { useRef } from "react";
import { afterEach, describe, expect, it } from "vitest";

import type { CommentThread, DocumentVersion, ReportDocument, SyncOverview, SyncRun } from "../api";
import { ReportView } from "../report/ReportView";
import { useReportParameters } from "../report/useReportParameters";
import { useReportSession } from "../report/useReportSession";
import { clearMocks, mockShell, notShared, type Call } from "../test/mockShell";
import { SyncContext, useSyncState } from "./useSync";
import { useSyncReloads } from "./useSyncReloads";

const PATH = "/w/reports/q3-review.qreport.json";

const q3: ReportDocument = {
  version: 1,
  title: "Q3 review",
  queries: {},
  pages: [{ blocks: [{ type: "heading", text: "Revenue", layout: { width: 12 } }] }],
};

const connected: SyncOverview = {
  ...notShared,
  hubUrl: "http://127.0.0.1:4000",
  signedIn: true,
  workspace: { id: "w1", name: "Finance" },
  state: "synced",
};
const sharedAt = (version: number): SyncOverview => ({
  ...connected,
  shared: [{ path: PATH, documentId: "d1", version }],
});
const runOf = (overview: SyncOverview, written: string[] = []): SyncRun => ({
  overview,
  written,
  unlinked: [],
  skipped: [],
  refreshed: [],
});

/** The report view wired to sync the way App wires it. */
function Harness() {
  const sync = useSyncState("/w");
  const session = useReportSession({ onSaved: sync.requestSync });
  useSyncReloads(sync.subscribe, {
    reloadFromDisk: session.reloadFromDisk,
    refreshList: session.refreshList,
    reloadSources: () => undefined,
  });
  const parameters = useReportParameters(session.report?.path ?? null, session.report?.history.present ?? null);
  const titleRef = useRef<HTMLInputElement>(null);
  return (
    <SyncContext.Provider value={sync}>
      <ReportView session={session} parameters={parameters} titleRef={titleRef} onExport={() => undefined} />
    </SyncContext.Provider>
  );
}

function mockHub(state: { overview: SyncOverview; onDisk: ReportDocument }, extra: Parameters<typeof mockShell>[0] = {}): Call[] {
  return mockShell({
    list_reports: () => [{ path: PATH, title: state.onDisk.title, modifiedAt: "2026-11-22 03:00:00" }],
    open_report: () => state.onDisk,
    report_grid: (args) => (args.document as ReportDocument).pages.map((p) => p.blocks.map((_, i) => ({ block: i, x: 0, y: 2 * i, w: 12, h: 2 }))),
    report_parameters: () => [],
    save_report: (args) => {
      state.onDisk = args.document as ReportDocument;
      return null;
    },
    sync_overview: () => state.overview,
    sync_now: () => runOf(state.overview),
    ...extra,
  });
}

async function openReport() {
  render(<Harness />);
  fireEvent.click(await screen.findByTestId("report-item"));
  await screen.findByTestId("report-title");
}

describe("sharing in the report builder", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("shares the open report, then shows it as shared with its version", async () => {
    const state = { overview: connected, onDisk: q3 };
    const calls = mockHub(state, {
      share_report: () => {
        state.overview = sharedAt(1);
        return runOf(state.overview);
      },
    });
    await openReport();
    fireEvent.click(await screen.findByTestId("report-share"));
    const badge = await screen.findByTestId("report-shared");
    expect(badge.dataset.version).toBe("1");
    expect(badge.textContent).toBe("Shared · v1");
    expect(calls.find((c) => c.cmd === "share_report")?.args).toEqual({ path: PATH });
    expect(screen.queryByTestId("report-share")).toBeNull();
  });

  it("lists comments as plain text and posts a new one", async () => {
    const threads: CommentThread[] = [
      {
        id: "t1",
        block_id: null,
        comments: [{ id: "c1", author_username: "alice", body: "<img src=x onerror=alert(1)> looks good", created_at: "2026-11-22T03:00:00.123Z" }],
      },
    ];
    const state = { overview: sharedAt(2), onDisk: q3 };
    const calls = mockHub(state, {
      report_comments: () => threads,
      add_report_comment: (args) => {
        threads.push({
          id: "t2",
          block_id: null,
          comments: [{ id: "c2", author_username: "bob", body: String(args.text), created_at: "2026-11-22T04:00:00Z" }],
        });
        return runOf(state.overview);
      },
    });
    await openReport();
    fireEvent.click(screen.getByTestId("report-collab"));
    const panel = await screen.findByTestId("collab-panel");
    const comment = await within(panel).findByTestId("comment");
    expect(comment.dataset.author).toBe("alice");
    expect(within(comment).getByTestId("comment-body").textContent).toBe("<img src=x onerror=alert(1)> looks good");
    expect(comment.querySelector("img")).toBeNull();

    const input = within(panel).getByTestId<HTMLTextAreaElement>("comment-input");
    fireEvent.change(input, { target: { value: "Ship it" } });
    fireEvent.click(within(panel).getByTestId("comment-post"));
    await waitFor(() => {
      expect(within(panel).getAllByTestId("comment-thread")).toHaveLength(2);
    });
    expect(calls.find((c) => c.cmd === "add_report_comment")?.args).toEqual({ path: PATH, text: "Ship it", blockId: null });
    expect(input.value).toBe("");
    expect(within(panel).getAllByTestId("comment").map((c) => c.dataset.author)).toEqual(["alice", "bob"]);
  });

  it("restores an older version after confirming; the report reloads as a new undo baseline", async () => {
    const versions: DocumentVersion[] = [1, 3, 2].map((version) => ({
      version,
      action: version === 1 ? "created" : "updated",
      title: version === 1 ? "Q3 draft" : "Q3 review",
      author: "u1",
      author_name: version === 2 ? null : "Alice",
      created_at: `2026-11-2${String(version)}T03:00:00Z`,
    }));
    const state = { overview: sharedAt(3), onDisk: q3 };
    const calls = mockHub(state, {
      report_versions: () => versions,
      restore_report_version: () => {
        state.onDisk = { ...q3, title: "Q3 draft" };
        state.overview = sharedAt(4);
        return runOf(state.overview, [PATH]);
      },
    });
    await openReport();
    // An edit makes undo possible…
    fireEvent.change(screen.getByTestId("report-title"), { target: { value: "Q3 review!" } });
    expect(screen.getByTestId<HTMLButtonElement>("report-undo").disabled).toBe(false);
    await waitFor(
      () => {
        expect(screen.getByTestId("report-save-state").dataset.state).toBe("saved");
      },
      { timeout: 3000 },
    );

    fireEvent.click(screen.getByTestId("report-collab"));
    fireEvent.click(await screen.findByTestId("collab-tab-history"));
    const rows = await screen.findAllByTestId("version");
    expect(rows.map((r) => r.dataset.version)).toEqual(["3", "2", "1"]);
    expect(within(rows[0] as HTMLElement).queryByTestId("version-restore")).toBeNull();
    expect(rows[1]?.textContent).toContain("unknown");
    expect(rows[2]?.textContent).toContain("Alice");

    fireEvent.click(within(rows[2] as HTMLElement).getByTestId("version-restore"));
    expect(calls.some((c) => c.cmd === "restore_report_version")).toBe(false);
    fireEvent.click(await screen.findByTestId("version-restore-confirm"));
    await waitFor(() => {
      expect(screen.getByTestId<HTMLInputElement>("report-title").value).toBe("Q3 draft");
    });
    expect(calls.find((c) => c.cmd === "restore_report_version")?.args).toEqual({ path: PATH, version: 1 });
    // …and the reload is the new baseline: nothing to undo, nothing to save.
    expect(screen.getByTestId<HTMLButtonElement>("report-undo").disabled).toBe(true);
    expect(screen.getByTestId("report-save-state").dataset.state).toBe("saved");
    expect((await screen.findByTestId("report-shared")).dataset.version).toBe("4");
  });
});
