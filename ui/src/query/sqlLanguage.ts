// SQL language support for the editor: DuckDB's keywords, schema-aware and function completion.
import {
  completeFromList,
  ifNotIn,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Unqualified column names: the columns of the tables the SQL mentions (all tables' when it
 * mentions none), each with its table as detail. Qualified names (`t.col`) are lang-sql's.
 */
export function columnCompletions(tables: SqlCompletions["tables"]) {
  return (context: CompletionContext): CompletionResult | null => {
    if (context.matchBefore(/\.\w*$/)) return null;
    const word = context.matchBefore(/\w+/);
    if (!word && !context.explicit) return null;
    const text = context.state.doc.toString();
    const mentioned = tables.filter((table) => {
      const name = table.name.split(".").pop() ?? table.name;
      return new RegExp(`\\b${escapeRegExp(name)}\\b`, "i").test(text);
    });
    const pool = mentioned.length > 0 ? mentioned : tables;
    const options = pool.flatMap((table) =>
      table.columns.map((column) => ({ label: column, type: "property", detail: table.name, boost: 2 })),
    );
    return { from: word ? word.from : context.pos, options, validFor: /^\w*$/ };
  };
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
  const columns = ifNotIn(NOT_IN_CODE, columnCompletions(completions.tables));
  return [
    support,
    dialect.language.data.of({ autocomplete: functions }),
    dialect.language.data.of({ autocomplete: columns }),
  ];
}
