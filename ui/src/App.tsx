import { useCallback, useEffect, useRef, useState } from "react";

import { api, errorMessage, type TableInfo, type WorkspaceInfo } from "./api";
import { QueryPanel } from "./components/QueryPanel";
import { Sidebar } from "./components/Sidebar";

/** The first query a fresh sample workspace shows. */
const SAMPLE_QUERY =
  "SELECT region, count(*) AS orders, sum(revenue) AS revenue\nFROM sales\nGROUP BY region\nORDER BY revenue DESC;";

export function App() {
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  const [tables, setTables] = useState<TableInfo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [sql, setSql] = useState("");
  // The sample query is put into the editor and run once per opened workspace that has `sales`.
  const wantsSample = useRef(true);
  const [runRequest, setRunRequest] = useState(0);

  // Bumping the generation reloads the workspace and its table list.
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => {
    setGeneration((g) => g + 1);
  }, []);

  useEffect(() => {
    let current = true;
    Promise.all([api.workspaceInfo(), api.listTables()]).then(
      ([info, list]) => {
        if (!current) return;
        setLoadError(null);
        setWorkspace(info);
        setTables(list);
        if (wantsSample.current && list.some((t) => t.name === "sales")) {
          wantsSample.current = false;
          setSql(SAMPLE_QUERY);
          setRunRequest((r) => r + 1);
        }
      },
      (error: unknown) => {
        if (current) setLoadError(errorMessage(error));
      },
    );
    return () => {
      current = false;
    };
  }, [generation]);

  const chooseWorkspace = async () => {
    try {
      const chosen = await api.chooseWorkspace();
      if (chosen) {
        setSql("");
        wantsSample.current = true;
        reload();
      }
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  };

  return (
    <div className="app">
      <Sidebar
        workspace={workspace}
        tables={tables}
        error={loadError}
        onRefresh={reload}
        onChooseWorkspace={() => {
          void chooseWorkspace();
        }}
        onReveal={() => {
          api.revealWorkspace().catch((e: unknown) => {
            setLoadError(errorMessage(e));
          });
        }}
        onPickTable={(name) => {
          setSql(`SELECT * FROM ${quoteQualified(name)} LIMIT 100;`);
        }}
      />
      <QueryPanel
        sql={sql}
        onSqlChange={setSql}
        onSchemaChanged={reload}
        runRequest={runRequest}
      />
    </div>
  );
}

/** `schema.table` with each part as a quoted identifier, for text put into the editor. */
function quoteQualified(name: string): string {
  return name
    .split(".")
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join(".");
}
