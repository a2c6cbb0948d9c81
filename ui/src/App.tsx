import { useCallback, useEffect, useState } from "react";

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
        setSql((sql) => (sql === "" && list.some((t) => t.name === "sales") ? SAMPLE_QUERY : sql));
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
