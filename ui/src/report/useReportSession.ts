import { useCallback, useEffect, useRef, useState } from "react";

import { api, errorMessage, type ChartDraft, type DraftBlockKind, type ReportDocument } from "../api";
import { rebaseEdits, sameJson } from "./rebase";
import { insertDraftBlock, uniqueQueryName } from "./reportEdits";
import {
  createHistory,
  pushHistory,
  redoHistory,
  undoHistory,
  type UndoHistory,
} from "./undoHistory";

export interface OpenReport {
  path: string;
  history: UndoHistory<ReportDocument>;
  /** The page the builder shows. */
  page: number;
}

export type SaveState =
  | { kind: "saved" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "failed"; message: string };

export const AUTOSAVE_MS = 800;

export interface ReportSessionOptions {
  /** After a report file was written (autosave, Add to report): the app syncs shared ones. */
  onSaved?: (path: string) => void;
}

/** The open report: its undo history, the page in view, and autosave to its file. */
export function useReportSession(options: ReportSessionOptions = {}) {
  const [report, setReportState] = useState<OpenReport | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: "saved" });
  const [error, setError] = useState<string | null>(null);
  /** Bumped when the report list may have changed (created, saved with a new title). */
  const [listVersion, setListVersion] = useState(0);
  const current = useRef<OpenReport | null>(null);
  const saved = useRef<ReportDocument | null>(null);
  /** Bumped when the open report is reloaded from disk: saves begun before then are stale. */
  const reloads = useRef(0);
  const onSaved = useRef(options.onSaved);
  useEffect(() => {
    onSaved.current = options.onSaved;
  }, [options.onSaved]);

  const setReport = useCallback((next: OpenReport | null) => {
    current.current = next;
    setReportState(next);
  }, []);

  const write = useCallback(async (path: string, document: ReportDocument) => {
    setSave({ kind: "saving" });
    const reload = reloads.current;
    try {
      await api.saveReport(path, document);
      // After a reload from disk, the file's content is the baseline, not this older save.
      if (current.current?.path === path && reload === reloads.current) saved.current = document;
      const upToDate = current.current?.history.present === saved.current;
      setSave(upToDate ? { kind: "saved" } : { kind: "pending" });
      setListVersion((v) => v + 1);
      onSaved.current?.(path);
    } catch (e) {
      setSave({ kind: "failed", message: errorMessage(e) });
    }
  }, []);

  const present = report?.history.present ?? null;
  const path = report?.path ?? null;
  useEffect(() => {
    if (present === null || path === null || present === saved.current) return;
    const timer = setTimeout(() => {
      void write(path, present);
    }, AUTOSAVE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [present, path, write]);

  /** Writes the open report now if it has unsaved edits (before another one opens). */
  const flush = useCallback(async () => {
    const open = current.current;
    if (open && open.history.present !== saved.current) await write(open.path, open.history.present);
  }, [write]);

  const show = useCallback(
    (path: string, document: ReportDocument) => {
      saved.current = document;
      setReport({ path, history: createHistory(document), page: 0 });
      setSave({ kind: "saved" });
      setError(null);
    },
    [setReport],
  );

  const open = useCallback(
    async (path: string) => {
      try {
        await flush();
        show(path, await api.openReport(path));
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    [flush, show],
  );

  const create = useCallback(
    async (title: string) => {
      try {
        await flush();
        const created = await api.createReport(title);
        show(created.path, created.document);
        setListVersion((v) => v + 1);
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    [flush, show],
  );

  /**
   * Takes in the open report's file after something else (a sync run) rewrote it. The file's
   * document becomes the new baseline of the undo history: undo does not step back into the
   * version it replaced. Unsaved edits are kept on top of it as one undoable step (and saved).
   * A file whose content the builder already has changes nothing, history included.
   */
  const reloadFromDisk = useCallback(
    async (path: string) => {
      const before = current.current;
      if (before?.path !== path) return;
      let disk: ReportDocument;
      try {
        disk = await api.openReport(path);
      } catch (e) {
        setError(errorMessage(e));
        return;
      }
      const open = current.current; // It may have changed while the file was read.
      if (open?.path !== path) return;
      const base = saved.current;
      const mine = open.history.present;
      if (base !== null && sameJson(disk, base)) return; // Nothing new on disk.
      reloads.current += 1;
      if (sameJson(disk, mine)) {
        saved.current = mine;
        setSave({ kind: "saved" });
        return;
      }
      saved.current = disk;
      const next = base === null ? disk : rebaseEdits(base, mine, disk);
      let history = createHistory(disk);
      if (next !== disk) history = pushHistory(history, next, null);
      const page = Math.min(open.page, Math.max(0, history.present.pages.length - 1));
      setReport({ path, history, page });
      setSave(next === disk ? { kind: "saved" } : { kind: "pending" });
      setError(null);
    },
    [setReport],
  );

  /** The report list may have changed (files written or unlinked by a sync). */
  const refreshList = useCallback(() => {
    setListVersion((v) => v + 1);
  }, []);

  /** Applies an edit as one undo step (`key`: successive edits with the same key merge). */
  const apply = useCallback(
    (edit: (document: ReportDocument) => ReportDocument, key: string | null = null) => {
      const open = current.current;
      if (!open) return;
      const history = pushHistory(open.history, edit(open.history.present), key);
      if (history === open.history) return;
      setReport({ ...open, history });
      setSave({ kind: "pending" });
    },
    [setReport],
  );

  const step = useCallback(
    (move: (h: UndoHistory<ReportDocument>) => UndoHistory<ReportDocument>) => {
      const open = current.current;
      if (!open) return;
      const history = move(open.history);
      if (history === open.history) return;
      const page = Math.min(open.page, Math.max(0, history.present.pages.length - 1));
      setReport({ ...open, history, page });
      setSave({ kind: "pending" });
    },
    [setReport],
  );
  const undo = useCallback(() => {
    step(undoHistory);
  }, [step]);
  const redo = useCallback(() => {
    step(redoHistory);
  }, [step]);

  const setPage = useCallback(
    (page: number) => {
      const open = current.current;
      if (open) setReport({ ...open, page });
    },
    [setReport],
  );

  /**
   * Adds the builder's draft to a report (new or existing) as a chart, table, KPI or pivot;
   * returns the report's title.
   */
  const addChart = useCallback(
    async (
      target: { path: string } | { newTitle: string },
      draft: ChartDraft,
      kind: DraftBlockKind = "chart",
    ): Promise<string> => {
      const base = `${kind}_${draft.y ?? draft.x ?? "data"}`;
      const make = (doc: ReportDocument) => api.draftBlock(draft, kind, uniqueQueryName(doc.queries, base));
      let path: string;
      let document: ReportDocument;
      if ("newTitle" in target) {
        const created = await api.createReport(target.newTitle);
        setListVersion((v) => v + 1);
        path = created.path;
        document = created.document;
      } else {
        path = target.path;
        const open = current.current;
        if (open?.path === path) {
          const block = await make(open.history.present);
          apply((doc) => insertDraftBlock(doc, open.page, block));
          return open.history.present.title;
        }
        document = await api.openReport(path);
      }
      const next = insertDraftBlock(document, 0, await make(document));
      await api.saveReport(path, next);
      setListVersion((v) => v + 1);
      onSaved.current?.(path);
      if (current.current === null) show(path, next);
      return next.title;
    },
    [apply, show],
  );

  return {
    report,
    save,
    error,
    listVersion,
    open,
    create,
    apply,
    undo,
    redo,
    setPage,
    addChart,
    reloadFromDisk,
    refreshList,
  };
}

export type ReportSession = ReturnType<typeof useReportSession>;
