import { useReducer, useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, newJobId, type ReportFormat, type ResultFormat } from "../api";
import { Dialog } from "../shell/Dialog";
import { FolderIcon } from "../shell/icons";
import {
  REPORT_FORMATS,
  RESULT_FORMATS,
  canStart,
  exportReducer,
  initialExportState,
  type ExportFormat,
  type ExportTarget,
  type Paper,
} from "./exportState";
import "./export.css";

const FORMAT_LABEL = {
  csv: "export.format.csv",
  xlsx: "export.format.xlsx",
  parquet: "export.format.parquet",
  pdf: "export.format.pdf",
} as const satisfies Record<ExportFormat, string>;

const PAPER_LABEL = {
  a4: "export.paper.a4",
  letter: "export.paper.letter",
  legal: "export.paper.legal",
} as const satisfies Record<Paper, string>;

/** Export a result (CSV, Excel, Parquet) or a report (PDF, Excel): where, progress, cancel, done. */
export function ExportDialog({ target, onClose }: { target: ExportTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const [state, dispatch] = useReducer(exportReducer, target, initialExportState);
  const { form, phase } = state;
  const running = phase.kind === "running";
  const formats: readonly ExportFormat[] = target.kind === "result" ? RESULT_FORMATS : REPORT_FORMATS;

  const title = target.kind === "result" ? t("export.resultTitle") : t("export.reportTitle");

  const browse = () => {
    setProblem(null);
    const text = { title, filter: t(`export.format.${form.format}`) };
    api.chooseSavePath(target.name, form.format, text).then(
      (path) => {
        if (path) dispatch({ type: "path", path });
      },
      (e: unknown) => {
        setProblem(errorMessage(e));
      },
    );
  };

  const start = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (!canStart(state)) return;
    const jobId = newJobId("export");
    const path = form.path.trim();
    dispatch({ type: "start", jobId });
    const onProgress = (fraction: number) => {
      dispatch({ type: "progress", jobId, fraction });
    };
    try {
      const done =
        target.kind === "result"
          ? await api.exportQuery(jobId, target.sql, target.sort, form.format as ResultFormat, path, onProgress)
          : await api.exportReport(
              jobId,
              target.document,
              target.params,
              form.format as ReportFormat,
              path,
              { paper: form.paper, landscape: form.landscape },
              onProgress,
            );
      dispatch({ type: "finished", path: done.path, rows: done.rows });
    } catch (e) {
      dispatch({ type: "failed", message: errorMessage(e) });
    }
  };

  const cancel = () => {
    if (phase.kind !== "running") return;
    dispatch({ type: "cancel" });
    void api.cancelJob(phase.jobId);
  };

  return (
    <Dialog title={title} onClose={onClose} testId="export-dialog">
      <form className="export-form" onSubmit={(e) => void start(e)}>
        <label className="field">
          <span>{t("export.formatLabel")}</span>
          <select
            data-testid="export-format"
            value={form.format}
            disabled={running}
            onChange={(e) => {
              dispatch({ type: "format", format: e.target.value as ExportFormat });
            }}
          >
            {formats.map((format) => (
              <option key={format} value={format}>
                {t(FORMAT_LABEL[format])}
              </option>
            ))}
          </select>
        </label>
        {form.format === "pdf" && (
          <div className="field-row">
            <label className="field">
              <span>{t("export.paperLabel")}</span>
              <select
                data-testid="export-paper"
                value={form.paper}
                disabled={running}
                onChange={(e) => {
                  dispatch({ type: "paper", paper: e.target.value as Paper });
                }}
              >
                {(["a4", "letter", "legal"] as const).map((paper) => (
                  <option key={paper} value={paper}>
                    {t(PAPER_LABEL[paper])}
                  </option>
                ))}
              </select>
            </label>
            <label className="check">
              <input
                type="checkbox"
                data-testid="export-landscape"
                checked={form.landscape}
                disabled={running}
                onChange={(e) => {
                  dispatch({ type: "landscape", landscape: e.target.checked });
                }}
              />
              {t("export.landscape")}
            </label>
          </div>
        )}
        <label className="field">
          <span>{t("export.pathLabel")}</span>
          <div className="input-with-button">
            <input
              data-testid="export-path"
              value={form.path}
              disabled={running}
              placeholder={t("export.pathPlaceholder", { name: `${target.name}.${form.format}` })}
              onChange={(e) => {
                dispatch({ type: "path", path: e.target.value });
              }}
            />
            <button type="button" data-testid="export-browse" disabled={running} onClick={browse}>
              <FolderIcon />
              {t("export.browse")}
            </button>
          </div>
        </label>
        {phase.kind === "running" && (
          <div className="row-actions">
            <progress data-testid="export-progress" aria-label={t("export.progress")} max={1} value={phase.fraction} />
            <button type="button" data-testid="export-cancel" disabled={phase.cancelling} onClick={cancel}>
              {t("common.cancel")}
            </button>
          </div>
        )}
        {phase.kind === "done" && (
          <div className="export-done" data-testid="export-done" data-path={phase.path} role="status">
            <span className="export-done-text">
              {target.kind === "result"
                ? t("export.doneRows", { rows: t("common.rows", { count: phase.rows }), path: phase.path })
                : t("export.done", { path: phase.path })}
            </span>
            <button
              type="button"
              data-testid="export-show"
              onClick={() => {
                setProblem(null);
                api.showInFolder(phase.path).catch((e: unknown) => {
                  setProblem(errorMessage(e));
                });
              }}
            >
              {t("export.showInFolder")}
            </button>
          </div>
        )}
        {phase.kind === "failed" && (
          <p className="error" role="alert" data-testid="export-error">
            {t("export.failed", { message: phase.message })}
          </p>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        {phase.kind === "cancelled" && (
          <p className="muted" role="status" data-testid="export-cancelled">
            {t("export.cancelled")}
          </p>
        )}
        <footer className="dialog-actions">
          <button type="button" onClick={onClose} data-testid="export-close">
            {phase.kind === "done" ? t("common.close") : t("common.cancel")}
          </button>
          <button type="submit" className="primary" data-testid="export-start" disabled={!canStart(state)}>
            {t("export.start")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
