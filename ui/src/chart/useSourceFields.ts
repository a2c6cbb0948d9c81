import { useEffect, useState } from "react";

import { api, errorMessage, type ColumnMeta, type TableInfo } from "../api";
import type { ChartSource } from "./chartDraft";

interface Fields {
  columns: ColumnMeta[];
  error: string | null;
}

const QUERY_DELAY_MS = 400;

/** The fields a chart source offers: a table's columns, or the editor query's result columns. */
export function useSourceFields(
  source: ChartSource | null,
  tables: readonly TableInfo[],
  editorSql: string,
): Fields {
  const [queryFields, setQueryFields] = useState<{ sql: string; fields: Fields } | null>(null);
  const wantsQuery = source?.kind === "query" && editorSql.trim() !== "";

  useEffect(() => {
    if (!wantsQuery) return;
    let current = true;
    const timer = setTimeout(() => {
      api.runQuery(editorSql, { maxRows: 0 }).then(
        (result) => {
          if (current) setQueryFields({ sql: editorSql, fields: { columns: result.columns, error: null } });
        },
        (e: unknown) => {
          if (current) setQueryFields({ sql: editorSql, fields: { columns: [], error: errorMessage(e) } });
        },
      );
    }, QUERY_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [wantsQuery, editorSql]);

  if (source === null) return { columns: [], error: null };
  if (source.kind === "table") {
    return { columns: tables.find((t) => t.name === source.name)?.columns ?? [], error: null };
  }
  if (!wantsQuery || queryFields === null) return { columns: [], error: null };
  return queryFields.fields;
}
