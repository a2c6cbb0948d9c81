// SQL language support for the editor: DuckDB's keywords, schema-aware and function completion.
import { completeFromList, ifNotIn, type Completion } from "@codemirror/autocomplete";
import { PostgreSQL, SQLDialect, sql, type SQLNamespace } from "@codemirror/lang-sql";
import type { Extension } from "@codemirror/state";

import type { SqlCompletions } from "../api";

/** Tables as lang-sql's schema: `{ table: [columns] }`, qualified names nested by schema. */
export function schemaNamespace(tables: SqlCompletions["tables"]): SQLNamespace {
  const root: Record<string, SQLNamespace> = {};
  for (const table of tables) {
    const parts = table.name.split(".");
    const name = parts.pop() ?? table.name;
    let level = root;
    for (const part of parts) {
      const next = level[part];
      if (next === undefined || Array.isArray(next)) {
        const created: Record<string, SQLNamespace> = {};
        level[part] = created;
        level = created;
      } else {
        level = next as Record<string, SQLNamespace>;
      }
    }
    level[name] = table.columns;
  }
  return root;
}

/** DuckDB's functions as completions that open the argument list. */
export function functionCompletions(functions: readonly string[]): Completion[] {
  return [...new Set(functions)].map((name) => ({
    label: name,
    type: "function",
    apply: `${name}(`,
    boost: -1,
  }));
}

const NOT_IN_CODE = ["QuotedIdentifier", "String", "LineComment", "BlockComment"];

/** The SQL language with completion from the workspace's tables, columns and DuckDB's functions. */
export function sqlSupport(completions: SqlCompletions | null): Extension {
  const extraKeywords = completions?.keywords.map((k) => k.toLowerCase()).join(" ") ?? "";
  const dialect = SQLDialect.define({
    ...PostgreSQL.spec,
    keywords: `${PostgreSQL.spec.keywords ?? ""} ${extraKeywords}`,
  });
  const support = sql({
    dialect,
    upperCaseKeywords: true,
    ...(completions ? { schema: schemaNamespace(completions.tables) } : {}),
  });
  if (!completions) return support;
  const functions = ifNotIn(NOT_IN_CODE, completeFromList(functionCompletions(completions.functions)));
  return [support, dialect.language.data.of({ autocomplete: functions })];
}
