import { lazy, Suspense, useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";

import type { SortOrder, SqlCompletions } from "../api";
import { ResultGrid } from "../results/ResultGrid";
import { ExportIcon, PlanIcon, PlayIcon, StopIcon } from "../shell/icons";
import { ExplainDialog } from "./ExplainDialog";
import type { EditorHandle, RunnableSql } from "./failure";
import { QueryLibrary } from "./QueryLibrary";
import { RunStatus } from "./RunStatus";
import type { QueryRunState } from "./useQueryRun";
import "./query.css";

/** CodeMirror is the biggest part of the bundle: it loads after the window's first paint. */
const SqlEditor = lazy(() => import("./SqlEditor"));

interface QueryViewProps {
  sql: string;
  onSqlChange: (sql: string) => void;
  state: QueryRunState;
  onRun: (text: RunnableSql) => void;
  onCancel: () => void;
  onSort: (order: SortOrder | null) => void;
  completions: SqlCompletions | null;
  historyVersion: number;
  /** Opens the export dialog for the shown result. */
  onExport: () => void;
  /** Where the editor's handle goes, so the menu's Run can read the selection too. */
  editorRef: RefObject<EditorHandle | null>;
}

/** The SQL editor, its toolbar, the result grid, and the history / saved queries. */
export function QueryView(props: QueryViewProps) {
  const { sql, state } = props;
  const { t } = useTranslation();
  const editor = props.editorRef;
  const [explaining, setExplaining] = useState<string | null>(null);
  const running = state.kind === "running";

  const runnable = (): RunnableSql => editor.current?.runnable() ?? { sql, firstLine: 1 };

  return (
    <section className="query-view" aria-label={t("tabs.query")}>
      <div className="editor-pane">
        <Suspense fallback={<div className="sql-editor" />}>
          <SqlEditor
            value={sql}
            onChange={props.onSqlChange}
            onRun={props.onRun}
            completions={props.completions}
            errorLine={state.kind === "failed" ? state.line : null}
            handleRef={editor}
          />
        </Suspense>
        <QueryLibrary sql={sql} historyVersion={props.historyVersion} onLoad={props.onSqlChange} />
      </div>
      <div className="toolbar" role="toolbar" aria-label={t("query.toolbar")}>
        <button
          type="button"
          className="primary"
          data-testid="run-query"
          onClick={() => {
            props.onRun(runnable());
          }}
          disabled={running || sql.trim() === ""}
          title={t("query.runHint")}
        >
          <PlayIcon />
          {running ? t("query.runningShort") : t("query.run")}
        </button>
        {running ? (
          <button type="button" data-testid="cancel-query" onClick={props.onCancel}>
            <StopIcon />
            {t("common.cancel")}
          </button>
        ) : (
          <kbd className="hint">{t("query.shortcut")}</kbd>
        )}
        <RunStatus state={state} />
        <span className="toolbar-spacer" />
        <button
          type="button"
          data-testid="explain-query"
          disabled={running || sql.trim() === ""}
          onClick={() => {
            setExplaining(runnable().sql);
          }}
        >
          <PlanIcon />
          {t("query.explain")}
        </button>
        <button
          type="button"
          data-testid="export-open"
          disabled={state.kind !== "done"}
          onClick={props.onExport}
        >
          <ExportIcon />
          {t("query.export")}
        </button>
      </div>
      <section className="results" aria-label={t("query.results")} aria-busy={running}>
        {state.kind === "failed" && (
          <pre className="error query-error" role="alert" data-testid="query-error">
            {state.message}
          </pre>
        )}
        {state.kind === "done" &&
          (state.source.first.columns.length === 0 ? (
            <p className="muted placeholder">{t("query.noColumns")}</p>
          ) : (
            <div className={state.sorting ? "grid-host sorting" : "grid-host"}>
              <ResultGrid key={state.resultId} source={state.source} onSort={props.onSort} />
            </div>
          ))}
        {state.kind === "running" && <p className="muted placeholder">{t("query.waiting")}</p>}
        {state.kind === "idle" && <p className="muted placeholder">{t("query.idle")}</p>}
      </section>
      {explaining !== null && (
        <ExplainDialog
          sql={explaining}
          onClose={() => {
            setExplaining(null);
          }}
        />
      )}
    </section>
  );
}
