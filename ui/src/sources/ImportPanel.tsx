import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";

import type { ImportReport } from "../api";
import { i18n } from "../i18n";
import { FolderIcon, ImportIcon } from "../shell/icons";
import { ImportReview } from "./ImportReview";
import type { ImportJob } from "./useImportJob";

interface ImportPanelProps {
  job: ImportJob;
  /** Opens the native file dialog and imports the chosen file. */
  onChooseFile: () => void;
}

/** Imports a file, folder or glob by path (or by the file dialog), with progress and cancel. */
export function ImportPanel({ job, onChooseFile }: ImportPanelProps) {
  const { t } = useTranslation();
  const [source, setSource] = useState("");
  const [name, setName] = useState("");
  const { state } = job;
  const running = state.kind === "running";

  const start = (event: SyntheticEvent) => {
    event.preventDefault();
    if (source.trim() === "" || running) return;
    void job.start([source.trim()], name.trim() || null);
  };

  return (
    <form className="import-panel" data-testid="import-form" onSubmit={start}>
      <h2 className="section-title">{t("import.title")}</h2>
      <input
        aria-label={t("import.pathLabel")}
        data-testid="import-path"
        placeholder={t("import.pathPlaceholder")}
        value={source}
        disabled={running}
        onChange={(e) => {
          setSource(e.target.value);
        }}
      />
      <input
        aria-label={t("import.nameLabel")}
        data-testid="import-name"
        placeholder={t("import.namePlaceholder")}
        value={name}
        disabled={running}
        onChange={(e) => {
          setName(e.target.value);
        }}
      />
      <div className="row-actions">
        {running ? (
          <>
            <progress
              aria-label={t("import.progress")}
              data-testid="import-progress"
              max={1}
              value={state.fraction}
            />
            <button type="button" data-testid="cancel-import" onClick={job.cancel}>
              {t("common.cancel")}
            </button>
          </>
        ) : (
          <>
            <button type="submit" className="primary" data-testid="start-import" disabled={source.trim() === ""}>
              <ImportIcon />
              {t("import.start")}
            </button>
            <button type="button" data-testid="import-choose" onClick={onChooseFile}>
              <FolderIcon />
              {t("import.choose")}
            </button>
          </>
        )}
      </div>
      <p className="hint">{t("import.dropHint")}</p>
      <p
        className="import-status"
        role="status"
        data-testid="import-status"
        data-status={state.kind === "done" ? importSummary(state.report) : undefined}
      >
        {state.kind === "done" && importSummary(state.report)}
      </p>
      {state.kind === "failed" && (
        <p className="error" role="alert" data-testid="import-error">
          {state.message}
        </p>
      )}
      {state.kind === "done" && (
        <ImportReview
          key={`${state.report.dataset.name}-${state.report.dataset.version.toString()}`}
          report={state.report}
          onReimport={(columnTypes) => {
            void job.start([state.source], state.report.dataset.name, { columnTypes });
          }}
        />
      )}
    </form>
  );
}

/** "Imported orders (v2): 1,000 rows, 3 rows rejected", in the UI's language. */
export function importSummary(report: ImportReport): string {
  const { dataset, rejectedTotal } = report;
  const rows = i18n.t("common.rows", { count: dataset.rowCount });
  let text =
    report.previousVersion === null
      ? i18n.t("import.doneNew", { name: dataset.name, rows })
      : i18n.t("import.doneRefresh", { name: dataset.name, version: dataset.version, rows });
  if (rejectedTotal > 0) {
    text += i18n.t("import.rejectedSuffix", { rows: i18n.t("common.rows", { count: rejectedTotal }) });
  }
  if (report.decodedAsLatin1) text += i18n.t("import.latin1Suffix");
  return text;
}
