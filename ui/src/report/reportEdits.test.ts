import { describe, expect, it } from "vitest";

import type { ReportDocument } from "../api";
import { addPage, deleteBlock, headingBlock, insertDraftBlock, uniqueQueryName, updateBlock } from "./reportEdits";

const doc: ReportDocument = {
  version: 1,
  title: "Q3",
  queries: { chart_revenue: { sql: "SELECT 1" } },
  pages: [{ title: "Overview", blocks: [headingBlock("Q3")] }, { blocks: [] }],
  print: { paper: "a4", cover: true },
  custom: { kept: true },
};

describe("report edits", () => {
  it("adds a builder block with its query on the chosen page, keeping everything else", () => {
    const query = uniqueQueryName(doc.queries, "chart_revenue");
    expect(query).toBe("chart_revenue_2");
    const draft = {
      sql: "SELECT region, sum(revenue) FROM sales GROUP BY 1",
      block: { type: "chart" as const, query, chart: { version: 1, kind: "bar" }, layout: { width: 6 } },
    };
    const document = insertDraftBlock(doc, 1, draft);
    expect(document.queries[query]).toEqual({ sql: draft.sql });
    expect(document.queries.chart_revenue).toEqual({ sql: "SELECT 1" });
    expect(document.pages[1]?.blocks).toEqual([draft.block]);
    expect(document.pages[0]).toBe(doc.pages[0]);
    expect(document.custom).toEqual({ kept: true });
    expect(doc.pages[1]?.blocks).toEqual([]);
  });

  it("makes query names safe identifiers", () => {
    expect(uniqueQueryName({}, "Chart: Revenue (€)")).toBe("chart_revenue");
    expect(uniqueQueryName({}, "2024 sales")).toBe("q_2024_sales");
    expect(uniqueQueryName({ chart: {}, chart_2: {} }, "")).toBe("chart_3");
  });

  it("updates, deletes and appends without touching other fields", () => {
    const renamed = updateBlock(doc, 0, 0, { text: "Q4" });
    expect(renamed.pages[0]?.blocks[0]).toEqual({ type: "heading", text: "Q4", level: 2, layout: { width: 12 } });
    expect(deleteBlock(doc, 0, 0).pages[0]?.blocks).toEqual([]);
    expect(addPage(doc, " Appendix ").pages[2]).toEqual({ title: "Appendix", blocks: [] });
    expect(addPage(doc).pages[2]).toEqual({ blocks: [] });
    expect(renamed.print).toBe(doc.print);
  });
});
