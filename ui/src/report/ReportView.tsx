import { useId, useState, type KeyboardEvent, type RefObject } from "react";
import { useTranslation } from "react-i18next";

import { CollabPanel } from "../sync/CollabPanel";
import { ReportShareControls } from "../sync/ReportShare";
import { BlockInspector } from "./BlockInspector";
import { keyboardMove, moveBlock, resizeBlock, type Direction, type GridPoint } from "./gridMoves";
import { ParameterControls } from "./ParameterControls";
import { PageTabs, pageTabId } from "./PageTabs";
import {
  addPage,
  appendBlock,
  deleteBlock,
  deletePage,
  headingBlock,
  movePage,
  renamePage,
  setBlocks,
  textBlock,
  updateBlock,
} from "./reportEdits";
import { ReportGrid } from "./ReportGrid";
import { ReportList } from "./ReportList";
import { ReportPreview } from "./ReportPreview";
import { ReportToolbar, type ReportMode } from "./ReportToolbar";
import { canRedo, canUndo } from "./undoHistory";
import type { ReportParameters } from "./useReportParameters";
import { useReportGrid } from "./useReportGrid";
import type { ReportSession } from "./useReportSession";
import "./report.css";

interface ReportViewProps {
  session: ReportSession;
  parameters: ReportParameters;
  onExport: () => void;
  titleRef: RefObject<HTMLInputElement | null>;
}

function isTextField(target: EventTarget): boolean {
  return target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]") !== null;
}

/** Reports: the list, the page's blocks on the grid (builder) and the pages as printed (preview). */
export function ReportView({ session, parameters, onExport, titleRef }: ReportViewProps) {
  const { t } = useTranslation();
  const { report, apply } = session;
  const document = report?.history.present ?? null;
  const grid = useReportGrid(document);
  const [mode, setMode] = useState<ReportMode>("builder");
  const [selection, setSelection] = useState<{ path: string; page: number; block: number } | null>(null);
  const [focusBlock, setFocusBlock] = useState<{ block: number; seq: number } | null>(null);
  const [collabOpen, setCollabOpen] = useState(false);
  const panelId = useId();

  const page = report?.page ?? 0;
  const blocks = document?.pages[page]?.blocks ?? [];
  const cells = grid.pages?.[page] ?? [];
  const selected =
    selection && report && selection.path === report.path && selection.page === page && selection.block < blocks.length
      ? selection.block
      : null;
  const select = (block: number | null) => {
    setSelection(block === null || !report ? null : { path: report.path, page, block });
  };
  const focusOn = (block: number) => {
    select(block);
    setFocusBlock((f) => ({ block, seq: (f?.seq ?? 0) + 1 }));
  };

  const onMove = (block: number, target: GridPoint) => {
    const moved = moveBlock(blocks, cells, block, target);
    apply((doc) => setBlocks(doc, page, moved.blocks));
    focusOn(moved.index);
  };
  const onKeyboardMove = (block: number, direction: Direction) => {
    const moved = keyboardMove(blocks, cells, block, direction);
    apply((doc) => setBlocks(doc, page, moved.blocks));
    focusOn(moved.index);
  };
  const onResize = (block: number, size: { w: number; h: number }) => {
    apply((doc) => setBlocks(doc, page, resizeBlock(blocks, block, size)));
    focusOn(block);
  };
  const onDelete = (block: number) => {
    apply((doc) => deleteBlock(doc, page, block));
    select(null);
  };
  const append = (make: () => ReturnType<typeof headingBlock>) => {
    apply((doc) => appendBlock(doc, page, make()));
    select(blocks.length);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!(event.ctrlKey || event.metaKey) || isTextField(event.target)) return;
    const key = event.key.toLowerCase();
    if (key === "z" && !event.shiftKey) session.undo();
    else if ((key === "z" && event.shiftKey) || key === "y") session.redo();
    else return;
    event.preventDefault();
  };

  const selectedBlock = selected === null ? undefined : blocks[selected];
  return (
    <section className="report-view" aria-label={t("tabs.report")} onKeyDown={onKeyDown}>
      <ReportList
        openPath={report?.path ?? null}
        version={session.listVersion}
        onOpen={(path) => void session.open(path)}
        onCreate={(title) => void session.create(title)}
        titleRef={titleRef}
      />
      <div className="report-main">
        {session.error && (
          <p className="error" role="alert">
            {session.error}
          </p>
        )}
        {!report || !document ? (
          <p className="muted placeholder">{t("report.openHint")}</p>
        ) : (
          <>
            <div className="report-header">
              <input
                className="report-title"
                aria-label={t("report.titleLabel")}
                data-testid="report-title"
                data-title={document.title}
                value={document.title}
                onChange={(e) => {
                  const title = e.target.value;
                  apply((doc) => ({ ...doc, title }), "title");
                }}
              />
            </div>
            <ReportToolbar
              mode={mode}
              onMode={setMode}
              canUndo={canUndo(report.history)}
              canRedo={canRedo(report.history)}
              onUndo={session.undo}
              onRedo={session.redo}
              onAddHeading={() => {
                append(() => headingBlock(t("report.newHeading")));
              }}
              onAddText={() => {
                append(() => textBlock(t("report.newText")));
              }}
              save={session.save}
              onExport={onExport}
              sharing={
                <ReportShareControls
                  path={report.path}
                  collabOpen={collabOpen}
                  onToggleCollab={() => {
                    setCollabOpen((open) => !open);
                  }}
                />
              }
            />
            <PageTabs
              pages={document.pages}
              selected={page}
              panelId={panelId}
              hidden={mode === "preview"}
              onSelect={session.setPage}
              onAdd={() => {
                apply((doc) => addPage(doc));
                session.setPage(document.pages.length);
              }}
              onRename={(i, title) => {
                apply((doc) => renamePage(doc, i, title));
              }}
              onDelete={(i) => {
                apply((doc) => deletePage(doc, i));
                setSelection(null);
              }}
              onMove={(from, to) => {
                apply((doc) => movePage(doc, from, to));
                setSelection((s) => (s?.page === from ? { ...s, page: to } : null));
              }}
            />
            {mode === "builder" ? (
              <div className="builder" id={panelId} role="tabpanel" aria-labelledby={pageTabId(panelId, page)}>
                <div className="builder-canvas">
                  {grid.error && (
                    <p className="error" role="alert">
                      {grid.error}
                    </p>
                  )}
                  {blocks.length === 0 && <p className="muted placeholder">{t("report.emptyPage")}</p>}
                  <ReportGrid
                    blocks={blocks}
                    cells={cells}
                    selected={selected}
                    focusBlock={focusBlock}
                    onSelect={select}
                    onMove={onMove}
                    onKeyboardMove={onKeyboardMove}
                    onResize={onResize}
                    onDelete={onDelete}
                  />
                  <p className="hint">{t("report.keyboardHint")}</p>
                </div>
                {/* The comments panel takes the inspector's place: both leave the grid too narrow. */}
                {selected !== null && selectedBlock && !collabOpen && (
                  <BlockInspector
                    block={selectedBlock}
                    index={selected}
                    gridHeight={cells.find((c) => c.block === selected)?.h ?? null}
                    onChange={(fields, key) => {
                      apply((doc) => updateBlock(doc, page, selected, fields), key);
                    }}
                    onDelete={() => {
                      onDelete(selected);
                    }}
                  />
                )}
              </div>
            ) : (
              <div className="preview-pane">
                <ParameterControls controls={parameters.controls} values={parameters.values} onChange={parameters.setValue} />
                {parameters.error && (
                  <p className="error" role="alert">
                    {parameters.error}
                  </p>
                )}
                <ReportPreview document={document} params={parameters.values} />
              </div>
            )}
          </>
        )}
      </div>
      {collabOpen && report && (
        <CollabPanel
          path={report.path}
          onClose={() => {
            setCollabOpen(false);
          }}
        />
      )}
    </section>
  );
}
