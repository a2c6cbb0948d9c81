import { lazy, Suspense, useCallback, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type DatasetSummary, type MenuAction, type TableInfo } from "../api";
import { ImportIcon, RefreshIcon } from "../shell/icons";
import { useMenuActions } from "../shell/useMenuActions";
import { ImportPanel } from "./ImportPanel";
import { DatasetItem, TableItem } from "./SourceItems";
import { useFileDrop } from "./useFileDrop";
import { useImportJob } from "./useImportJob";
import "./sources.css";

const ProfileDialog = lazy(() => import("./ProfileDialog").then((m) => ({ default: m.ProfileDialog })));

interface SourcesPanelProps {
  tables: TableInfo[] | null;
  datasets: DatasetSummary[] | null;
  error: string | null;
  /** Reloads tables and datasets (after an import, or on request). */
  onReload: () => void;
  /** Puts a preview query for a table into the editor. */
  onPickTable: (name: string) => void;
}

/** The sidebar: datasets, other tables, and importing (path, file dialog, drag-and-drop). */
export function SourcesPanel({ tables, datasets, error, onReload, onPickTable }: SourcesPanelProps) {
  const { t } = useTranslation();
  const job = useImportJob(onReload);
  const [profiling, setProfiling] = useState<string | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const busy = job.state.kind === "running";
  const { start } = job;

  const chooseFile = useCallback(() => {
    setDialogError(null);
    api.chooseImportFile(t("import.dialogTitle"), t("import.dialogFilter")).then(
      (path) => {
        if (path) void start([path], null);
      },
      (e: unknown) => {
        setDialogError(errorMessage(e));
      },
    );
  }, [start, t]);

  const dragging = useFileDrop((paths) => {
    void start(paths, null);
  });

  useMenuActions((action: MenuAction) => {
    if (action === "import-file") chooseFile();
  });

  const datasetNames = new Set(datasets?.map((d) => d.name));
  const otherTables = tables?.filter((table) => !datasetNames.has(table.name)) ?? null;

  return (
    <aside className="sidebar" aria-label={t("sources.title")}>
      <header className="sidebar-header">
        <h2 className="section-title">{t("sources.title")}</h2>
        <button
          type="button"
          className="icon-button"
          onClick={onReload}
          aria-label={t("sources.reload")}
          title={t("sources.reload")}
        >
          <RefreshIcon />
        </button>
      </header>
      <div className="sidebar-scroll">
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <section aria-label={t("sources.datasets")}>
          <h3 className="subsection-title">{t("sources.datasets")}</h3>
          {datasets?.length === 0 && <p className="muted small">{t("sources.noDatasets")}</p>}
          <ul className="source-list" data-testid="dataset-list">
            {datasets?.map((dataset) => (
              <DatasetItem
                key={dataset.name}
                dataset={dataset}
                busy={busy}
                onPick={onPickTable}
                onProfile={setProfiling}
                onRefresh={(d) => {
                  void start([d.source], d.name);
                }}
              />
            ))}
          </ul>
        </section>
        <section aria-label={t("sources.tables")}>
          <h3 className="subsection-title">{t("sources.tables")}</h3>
          {tables === null && !error && <p className="muted small">{t("common.loading")}</p>}
          {otherTables?.length === 0 && <p className="muted small">{t("sources.noTables")}</p>}
          <ul className="source-list" data-testid="table-list">
            {otherTables?.map((table) => (
              <TableItem key={table.name} table={table} onPick={onPickTable} />
            ))}
          </ul>
        </section>
        <ImportPanel job={job} onChooseFile={chooseFile} />
        {dialogError && (
          <p className="error" role="alert">
            {dialogError}
          </p>
        )}
      </div>
      {dragging && (
        <div className="drop-overlay" aria-live="polite">
          <ImportIcon />
          {t("import.dropHere")}
        </div>
      )}
      {profiling !== null && (
        <Suspense fallback={null}>
          <ProfileDialog
            dataset={profiling}
            onClose={() => {
              setProfiling(null);
            }}
          />
        </Suspense>
      )}
    </aside>
  );
}
