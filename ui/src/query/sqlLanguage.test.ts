import { CompletionContext } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { columnCompletions, functionCompletions, schemaNamespace } from "./sqlLanguage";

const tables = [
  { name: "sales", columns: ["region", "revenue"] },
  { name: "orders", columns: ["id", "city"] },
  { name: "staging.raw", columns: ["line"] },
];

function complete(doc: string) {
  const state = EditorState.create({ doc });
  const result = columnCompletions(tables)(new CompletionContext(state, doc.length, false));
  return result?.options.map((o) => `${o.label}:${o.detail ?? ""}`) ?? null;
}

describe("SQL completion", () => {
  it("offers the columns of the tables the statement mentions", () => {
    expect(complete("SELECT * FROM sales WHERE reg")).toEqual(["region:sales", "revenue:sales"]);
  });

  it("offers every table's columns before any table is named", () => {
    expect(complete("SELECT ci")).toEqual([
      "region:sales",
      "revenue:sales",
      "id:orders",
      "city:orders",
      "line:staging.raw",
    ]);
  });

  it("leaves qualified names (t.col) to the schema completion", () => {
    expect(complete("SELECT s.re")).toBeNull();
  });

  it("nests qualified table names by schema", () => {
    expect(schemaNamespace(tables)).toEqual({
      sales: ["region", "revenue"],
      orders: ["id", "city"],
      staging: { raw: ["line"] },
    });
  });

  it("completes each DuckDB function once, opening its argument list", () => {
    expect(functionCompletions(["sum", "sum", "date_trunc"]).map((c) => c.apply)).toEqual(["sum(", "date_trunc("]);
  });
});
