import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ExportIcon, PlusIcon, RedoIcon, UndoIcon } from "../shell/icons";
import type { SaveState } from "./useReportSession";

export type ReportMode = "builder" | "preview";

interface ReportToolbarProps {
  mode: ReportMode;
  onMode: (mode: ReportMode) => void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onAddHeading: () => void;
  onAddText: () => void;
  save: SaveState;
  onExport: () => void;
  /** Share / Shared and the comments-and-history toggle (from sync/). */
  sharing?: ReactNode;
}

function SaveIndicator({ save }: { save: SaveState }) {
  const { t } = useTranslation();
  const text =
    save.kind === "saved"
      ? t("report.saved")
      : save.kind === "failed"
        ? t("report.saveFailed", { message: save.message })
        : t("report.saving");
  return (
    <span
      className={save.kind === "failed" ? "save-state error-text" : "save-state"}
      role="status"
      data-testid="report-save-state"
      data-state={save.kind}
      title={text}
    >
      {text}
    </span>
  );
}

/** Builder / Preview, adding blocks, undo/redo, the save state, sharing and Export. */
export function ReportToolbar(props: ReportToolbarProps) {
  const { t } = useTranslation();
  const builder = props.mode === "builder";
  return (
    <div className="toolbar report-toolbar" role="toolbar" aria-label={t("report.toolbar")}>
      <div className="segmented" role="tablist" aria-label={t("report.modes")}>
        <button
          type="button"
          role="tab"
          aria-selected={builder}
          data-testid="report-builder-tab"
          onClick={() => {
            props.onMode("builder");
          }}
        >
          {t("report.builder")}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={!builder}
          data-testid="report-preview-tab"
          onClick={() => {
            props.onMode("preview");
          }}
        >
          {t("report.preview")}
        </button>
      </div>
      {builder && (
        <>
          <button type="button" data-testid="report-add-heading" onClick={props.onAddHeading}>
            <PlusIcon />
            {t("report.addHeading")}
          </button>
          <button type="button" data-testid="report-add-text" onClick={props.onAddText}>
            <PlusIcon />
            {t("report.addText")}
          </button>
        </>
      )}
      <button
        type="button"
        className="icon-button"
        data-testid="report-undo"
        disabled={!props.canUndo}
        aria-label={t("report.undo")}
        title={t("report.undoHint")}
        onClick={props.onUndo}
      >
        <UndoIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        data-testid="report-redo"
        disabled={!props.canRedo}
        aria-label={t("report.redo")}
        title={t("report.redoHint")}
        onClick={props.onRedo}
      >
        <RedoIcon />
      </button>
      <span className="toolbar-spacer" />
      <SaveIndicator save={props.save} />
      {props.sharing}
      <button type="button" data-testid="export-open" onClick={props.onExport}>
        <ExportIcon />
        {t("report.export")}
      </button>
    </div>
  );
}
