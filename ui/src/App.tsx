import { lazy, Suspense, useCallback, useEffect, useReducer, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type MenuAction, type TableInfo } from "./api";
import { chartReducer, initialChartState } from "./chart/chartDraft";
import type { ExportTarget } from "./export/exportState";
import { setLanguage } from "./i18n";
import type { EditorHandle } from "./query/failure";
import { QueryView } from "./query/QueryView";
import { useQueryRun } from "./query/useQueryRun";
import { useReportParameters } from "./report/useReportParameters";
import { useReportSession } from "./report/useReportSession";
import { StatusBar } from "./shell/StatusBar";
import { ThemeContext, useThemeState } from "./shell/theme";
import { TopBar } from "./shell/TopBar";
import { EngineSettingsDialog } from "./shell/EngineSettingsDialog";
import { useMenuActions } from "./shell/useMenuActions";
import { useWorkspace } from "./shell/useWorkspace";
import { panelId, tabId, ViewTabs, type View } from "./shell/ViewTabs";
import { SourcesPanel } from "./sources/SourcesPanel";
import { SyncContext, useSyncState } from "./sync/useSync";
import { useSyncReloads } from "./sync/useSyncReloads";

const ChartView = lazy(() => import("./chart/ChartView").then((m) => ({ default: m.ChartView })));
const ReportView = lazy(() => import("./report/ReportView").then((m) => ({ default: m.ReportView })));
const ExportDialog = lazy(() => import("./export/ExportDialog").then((m) => ({ default: m.ExportDialog })));
const SharingPanel = lazy(() => import("./sync/SharingPanel").then((m) => ({ default: m.SharingPanel })));

/** The first query a fresh sample workspace shows. */
const SAMPLE_QUERY =
  "SELECT region, count(*) AS orders, sum(revenue) AS revenue\nFROM sales\nGROUP BY region\nORDER BY revenue DESC;";

/** `schema.table` with each part as a quoted identifier, for text put into the editor. */
function quoteQualified(name: string): string {
  return name
    .split(".")
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join(".");
}

/** A file name from a title: "Sales Q3" → "sales-q3". */
function fileStem(title: string): string {
  return title.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "report";
}

export function App() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;

  // The native menu speaks the UI's language (outside the shell there is no menu).
  useEffect(() => {
    api.setMenuLanguage(language).catch(() => undefined);
  }, [language]);
  const themeState = useThemeState();
  const [view, setView] = useState<View>("query");
  const [sql, setSql] = useState("");
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => {
    setGeneration((g) => g + 1);
  }, []);
  const [historyVersion, setHistoryVersion] = useState(0);
  const onFinished = useCallback(() => {
    setHistoryVersion((v) => v + 1);
  }, []);
  const query = useQueryRun({ onSchemaChanged: reload, onFinished });
  const { run } = query;

  // The sample query is put into the editor and run once per opened workspace that has `sales`.
  const wantsSample = useRef(true);
  const onLoaded = useCallback(
    (tables: TableInfo[]) => {
      if (!wantsSample.current || !tables.some((table) => table.name === "sales")) return;
      wantsSample.current = false;
      setSql(SAMPLE_QUERY);
      void run(SAMPLE_QUERY);
    },
    [run],
  );
  const data = useWorkspace(generation, onLoaded);
  const [shellError, setShellError] = useState<string | null>(null);

  const [chart, dispatchChart] = useReducer(chartReducer, initialChartState);
  // The hub link; shared reports sync shortly after each save.
  const sync = useSyncState(data.workspace?.path ?? null);
  const reports = useReportSession({ onSaved: sync.requestSync });
  // After a sync run, the open report takes in its rewritten file (a new undo baseline), and
  // the report list and (for datasets refreshed from shared snapshots) the sources are read again.
  useSyncReloads(sync.subscribe, {
    reloadFromDisk: reports.reloadFromDisk,
    refreshList: reports.refreshList,
    reloadSources: reload,
  });
  const reportPath = reports.report?.path ?? null;
  const reportDocument = reports.report?.history.present ?? null;
  const parameters = useReportParameters(reportPath, reportDocument);
  const newReportTitle = useRef<HTMLInputElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const [exportTarget, setExportTarget] = useState<ExportTarget | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);

  const chooseWorkspace = () => {
    api.chooseWorkspace(t("topbar.openDialogTitle")).then(
      (chosen) => {
        if (!chosen) return;
        setSql("");
        wantsSample.current = true;
        reload();
      },
      (e: unknown) => {
        setShellError(errorMessage(e));
      },
    );
  };

  const openExport = (from: View) => {
    if (from === "query" && query.state.kind === "done") {
      const { sql: resultSql, sort } = query.state.source;
      setExportTarget({ kind: "result", sql: resultSql, sort, name: "result" });
    } else if (from === "report" && reportDocument) {
      setExportTarget({
        kind: "report",
        document: reportDocument,
        params: parameters.values,
        name: fileStem(reportDocument.title),
      });
    }
  };

  useMenuActions((action: MenuAction) => {
    switch (action) {
      case "new-report":
        setView("report");
        setTimeout(() => newReportTitle.current?.focus(), 0);
        break;
      case "open-workspace":
        chooseWorkspace();
        break;
      case "run-query": {
        // The same as Ctrl/Cmd+Enter in the editor (the menu's accelerator may take the key
        // first): the selection when there is one, else everything.
        setView("query");
        const text = editor.current?.runnable() ?? { sql, firstLine: 1 };
        void run(text.sql, text.firstLine);
        break;
      }
      case "export":
        openExport(view);
        break;
      case "engine-settings":
        setSettingsOpen(true);
        break;
      case "theme-light":
      case "theme-dark":
      case "theme-system":
        themeState.setChoice(action === "theme-light" ? "light" : action === "theme-dark" ? "dark" : "system");
        break;
      case "language-en":
      case "language-de":
        void setLanguage(action === "language-de" ? "de" : "en");
        break;
      case "import-file":
        break; // The sources panel opens the file dialog.
    }
  });

  return (
    <ThemeContext.Provider value={themeState}>
      <SyncContext.Provider value={sync}>
        <div className="app">
          <TopBar
            workspace={data.workspace}
            onChooseWorkspace={chooseWorkspace}
            onReveal={() => {
              api.revealWorkspace().catch((e: unknown) => {
                setShellError(errorMessage(e));
              });
            }}
          />
          <SourcesPanel
            tables={data.tables}
            datasets={data.datasets}
            error={data.error ?? shellError}
            onReload={reload}
            onPickTable={(name) => {
              // The person chose what to look at: the first-launch sample must not replace it.
              wantsSample.current = false;
              setSql(`SELECT * FROM ${quoteQualified(name)} LIMIT 100;`);
              setView("query");
            }}
          />
          <main className="main">
            <ViewTabs view={view} onChange={setView} />
            <div className="view-host" role="tabpanel" id={panelId} aria-labelledby={tabId(view)}>
              {view === "query" && (
                <QueryView
                  sql={sql}
                  onSqlChange={setSql}
                  state={query.state}
                  onRun={(text) => void run(text.sql, text.firstLine)}
                  editorRef={editor}
                  onCancel={query.cancel}
                  onSort={(order) => void query.sort(order)}
                  completions={data.completions}
                  historyVersion={historyVersion}
                  onExport={() => {
                    openExport("query");
                  }}
                />
              )}
              <Suspense fallback={<p className="muted placeholder">{t("common.loading")}</p>}>
                {view === "chart" && (
                  <ChartView
                    state={chart}
                    dispatch={dispatchChart}
                    tables={data.tables ?? []}
                    editorSql={sql}
                    onAddToReport={reports.addChart}
                  />
                )}
                {view === "report" && (
                  <ReportView
                    session={reports}
                    parameters={parameters}
                    titleRef={newReportTitle}
                    onExport={() => {
                      openExport("report");
                    }}
                  />
                )}
              </Suspense>
            </div>
          </main>
          <StatusBar
            onOpenSettings={() => {
              setSettingsOpen(true);
            }}
          />
          {exportTarget && (
            <Suspense fallback={null}>
              <ExportDialog
                target={exportTarget}
                onClose={() => {
                  setExportTarget(null);
                }}
              />
            </Suspense>
          )}
          {settingsOpen && (
            <EngineSettingsDialog
              onClose={() => {
                setSettingsOpen(false);
              }}
            />
          )}
          {sync.panelOpen && (
            <Suspense fallback={null}>
              <SharingPanel onClose={sync.closePanel} />
            </Suspense>
          )}
        </div>
      </SyncContext.Provider>
    </ThemeContext.Provider>
  );
}
