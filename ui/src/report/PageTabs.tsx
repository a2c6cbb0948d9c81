import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import type { ReportPage } from "../api";
import { ArrowIcon, PencilIcon, PlusIcon, TrashIcon } from "../shell/icons";

interface PageTabsProps {
  pages: ReportPage[];
  /** The index of the page in view. */
  selected: number;
  /** The id of the element showing the selected page: the tab panel. */
  panelId: string;
  hidden: boolean;
  onSelect: (page: number) => void;
  /** Appends a page (and shows it). */
  onAdd: () => void;
  onRename: (page: number, title: string) => void;
  onDelete: (page: number) => void;
  onMove: (from: number, to: number) => void;
}

/** The id of a page's tab, which labels the tab panel while that page is in view. */
export const pageTabId = (panelId: string, page: number) => `${panelId}-tab-${page.toString()}`;

interface PageTitleInputProps {
  title: string;
  placeholder: string;
  label: string;
  /** `refocus`: the input was left with the keyboard, so focus goes back to the tab. */
  onCommit: (title: string, refocus: boolean) => void;
  onCancel: () => void;
}

/** A tab's title being edited: Enter or leaving the field keeps it, Escape drops it. */
function PageTitleInput({ title, placeholder, label, onCommit, onCancel }: PageTitleInputProps) {
  const [draft, setDraft] = useState(title);
  /** Enter and Escape unmount the input, which may blur it: that must not commit a second time. */
  const finished = useRef(false);
  const finish = (done: () => void) => {
    if (finished.current) return;
    finished.current = true;
    done();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      finish(() => {
        onCommit(draft, true);
      });
    } else if (event.key === "Escape") {
      finish(onCancel);
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <input
      className="page-title-input"
      data-testid="page-title-input"
      aria-label={label}
      placeholder={placeholder}
      value={draft}
      size={Math.max(draft.length, placeholder.length, 8)}
      autoFocus
      onFocus={(e) => {
        e.currentTarget.select();
      }}
      onChange={(e) => {
        setDraft(e.target.value);
      }}
      onKeyDown={onKeyDown}
      onBlur={() => {
        finish(() => {
          onCommit(draft, false);
        });
      }}
    />
  );
}

/**
 * The report's pages as tabs, with renaming (double-click, F2 or the pencil), moving (the arrows
 * or Alt+Left/Right on a tab) and deleting the page in view. Deleting a page that has blocks asks
 * first; the only page cannot be deleted.
 */
export function PageTabs({ pages, selected, panelId, hidden, onSelect, onAdd, onRename, onDelete, onMove }: PageTabsProps) {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState<number | null>(null);
  /** A delete waiting for confirmation; it lapses when the pages change or another one is selected. */
  const [confirming, setConfirming] = useState<{ page: number; pages: ReportPage[] } | null>(null);
  const tablist = useRef<HTMLDivElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  /** The tab to focus once the pages have been rendered again (after a move, delete or rename). */
  const focusTab = useRef<number | null>(null);
  const confirmMessageId = useId();

  useEffect(() => {
    const page = focusTab.current;
    if (page === null) return;
    focusTab.current = null;
    tablist.current?.querySelector<HTMLElement>(`[data-page="${page.toString()}"]`)?.focus();
  });

  const last = pages.length - 1;
  const label = (page: number) => {
    const title = pages[page]?.title;
    return title !== undefined && title.trim() !== "" ? title : t("report.pageNumber", { number: page + 1 });
  };
  const pendingDelete = confirming?.pages === pages && confirming.page === selected ? confirming : null;
  const blockCount = pages[selected]?.blocks.length ?? 0;

  /** Selects a page; `focus` moves the keyboard focus to its tab once it is rendered. */
  const select = (page: number, focus: boolean) => {
    if (focus) focusTab.current = page;
    onSelect(page);
  };
  /** Moves a page and keeps it selected; a button that can go no further hands focus to the tab. */
  const move = (from: number, to: number, focus: boolean) => {
    if (to < 0 || to > last || to === from) return;
    onMove(from, to);
    select(to, focus || to === 0 || to === last);
  };
  /** Deletes the page in view and selects the nearest one left: the next, or the previous if it was last. */
  const remove = () => {
    setConfirming(null);
    onDelete(selected);
    select(Math.min(selected, last - 1), true);
  };
  const requestDelete = () => {
    if (last === 0) return;
    if (blockCount === 0) remove();
    else setConfirming({ page: selected, pages });
  };
  const cancelDelete = () => {
    setConfirming(null);
    deleteButton.current?.focus();
  };

  const onTabKeyDown = (event: KeyboardEvent<HTMLElement>, page: number) => {
    const step = event.key === "ArrowLeft" ? -1 : event.key === "ArrowRight" ? 1 : 0;
    if (event.altKey && step !== 0) move(page, page + step, true);
    else if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
    else if (step !== 0) select((page + step + pages.length) % pages.length, true);
    else if (event.key === "Home") select(0, true);
    else if (event.key === "End") select(last, true);
    else if (event.key === "F2") setRenaming(page);
    else return;
    event.preventDefault();
  };

  return (
    <div className="page-bar" hidden={hidden}>
      <div className="page-tabs" role="tablist" aria-label={t("report.pages")} ref={tablist}>
        {pages.map((p, i) => {
          const tab = {
            id: pageTabId(panelId, i),
            role: "tab",
            "aria-selected": i === selected,
            "aria-controls": panelId,
            "data-testid": "report-page",
            "data-page": i,
          };
          return renaming === i ? (
            <span key={i} {...tab} className="page-tab renaming">
              <PageTitleInput
                title={p.title ?? ""}
                placeholder={t("report.pageNumber", { number: i + 1 })}
                label={t("report.pageTitle")}
                onCommit={(title, refocus) => {
                  setRenaming(null);
                  if (refocus) focusTab.current = i;
                  onRename(i, title);
                }}
                onCancel={() => {
                  setRenaming(null);
                  focusTab.current = i;
                }}
              />
            </span>
          ) : (
            <button
              key={i}
              type="button"
              {...tab}
              className="page-tab"
              tabIndex={i === selected ? 0 : -1}
              aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight F2"
              onClick={() => {
                onSelect(i);
              }}
              onDoubleClick={() => {
                setRenaming(i);
              }}
              onKeyDown={(e) => {
                onTabKeyDown(e, i);
              }}
            >
              {label(i)}
            </button>
          );
        })}
      </div>
      <button
        type="button"
        className="icon-button"
        data-testid="report-add-page"
        aria-label={t("report.addPage")}
        title={t("report.addPage")}
        onClick={onAdd}
      >
        <PlusIcon />
      </button>
      <div className="page-actions" role="group" aria-label={t("report.pageActions")}>
        <button
          type="button"
          className="icon-button"
          data-testid="page-rename"
          aria-label={t("report.renamePage")}
          title={t("report.renamePageHint")}
          onClick={() => {
            setRenaming(selected);
          }}
        >
          <PencilIcon />
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="page-move-left"
          aria-label={t("report.movePageLeft")}
          title={t("report.movePageLeftHint")}
          disabled={selected <= 0}
          onClick={() => {
            move(selected, selected - 1, false);
          }}
        >
          <ArrowIcon direction="left" />
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="page-move-right"
          aria-label={t("report.movePageRight")}
          title={t("report.movePageRightHint")}
          disabled={selected >= last}
          onClick={() => {
            move(selected, selected + 1, false);
          }}
        >
          <ArrowIcon direction="right" />
        </button>
        <button
          ref={deleteButton}
          type="button"
          className="icon-button danger"
          data-testid="page-delete"
          aria-label={t("report.deletePage")}
          title={last === 0 ? t("report.deleteLastPage") : t("report.deletePage")}
          disabled={last === 0}
          onClick={requestDelete}
        >
          <TrashIcon />
        </button>
      </div>
      {pendingDelete && (
        <div
          className="page-delete-confirm"
          role="group"
          aria-labelledby={confirmMessageId}
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            e.preventDefault();
            cancelDelete();
          }}
        >
          <span id={confirmMessageId}>{t("report.deletePageConfirm", { count: blockCount, title: label(selected) })}</span>
          <button type="button" className="danger" data-testid="page-delete-confirm" onClick={remove}>
            {t("report.deletePage")}
          </button>
          <button type="button" data-testid="page-delete-cancel" autoFocus onClick={cancelDelete}>
            {t("common.cancel")}
          </button>
        </div>
      )}
    </div>
  );
}
