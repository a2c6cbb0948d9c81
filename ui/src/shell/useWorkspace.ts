import { useEffect, useRef, useState } from "react";

import {
  api,
  errorMessage,
  type DatasetSummary,
  type SqlCompletions,
  type TableInfo,
  type WorkspaceInfo,
} from "../api";

interface WorkspaceData {
  workspace: WorkspaceInfo | null;
  tables: TableInfo[] | null;
  datasets: DatasetSummary[] | null;
  completions: SqlCompletions | null;
  error: string | null;
}

/**
 * The open workspace, its tables, datasets and the editor's completions; loaded again whenever
 * `generation` changes. `onLoaded` gets the table list each time it arrives.
 */
export function useWorkspace(generation: number, onLoaded: (tables: TableInfo[]) => void): WorkspaceData {
  const [data, setData] = useState<WorkspaceData>({
    workspace: null,
    tables: null,
    datasets: null,
    completions: null,
    error: null,
  });
  const latest = useRef(onLoaded);
  useEffect(() => {
    latest.current = onLoaded;
  }, [onLoaded]);

  useEffect(() => {
    let current = true;
    Promise.all([api.workspaceInfo(), api.listTables()]).then(
      ([workspace, tables]) => {
        if (!current) return;
        setData((d) => ({ ...d, workspace, tables, error: null }));
        latest.current(tables);
      },
      (e: unknown) => {
        if (current) setData((d) => ({ ...d, error: errorMessage(e) }));
      },
    );
    api.listDatasets().then(
      (datasets) => {
        if (current) setData((d) => ({ ...d, datasets }));
      },
      (e: unknown) => {
        if (current) setData((d) => ({ ...d, datasets: [], error: errorMessage(e) }));
      },
    );
    api.sqlCompletions().then(
      (completions) => {
        if (current) setData((d) => ({ ...d, completions }));
      },
      () => undefined, // The editor still works, just without schema completion.
    );
    return () => {
      current = false;
    };
  }, [generation]);

  return data;
}
