import { describe, expect, it } from "vitest";

import type { ReportDocument, ReportPage } from "../api";
import {
  addPage,
  deleteBlock,
  deletePage,
  headingBlock,
  insertDraftBlock,
  movePage,
  renamePage,
  uniqueQueryName,
  updateBlock,
} from "./reportEdits";

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

  it("renames a page, trimming the title and keeping the page's other fields", () => {
    const withExtra: ReportDocument = { ...doc, pages: [{ title: "Overview", blocks: [], note: "kept" } as ReportPage] };
    const renamed = renamePage(withExtra, 0, "  Summary ");
    expect(renamed.pages[0]).toEqual({ title: "Summary", blocks: [], note: "kept" });
    expect(renamed.custom).toEqual({ kept: true });
    expect(withExtra.pages[0]?.title).toBe("Overview");
  });

  it("removes the title field for an empty or blank title", () => {
    for (const title of ["", "   "]) {
      const untitled = renamePage(doc, 0, title);
      expect(untitled.pages[0]).not.toHaveProperty("title");
      expect(untitled.pages[0]?.blocks).toBe(doc.pages[0]?.blocks);
    }
    expect(renamePage({ ...doc, pages: [{ title: "", blocks: [] }] }, 0, "").pages[0]).toEqual({ blocks: [] });
  });

  it("returns the document itself when a rename changes nothing", () => {
    expect(renamePage(doc, 0, " Overview ")).toBe(doc);
    expect(renamePage(doc, 1, "  ")).toBe(doc);
    expect(renamePage(doc, 5, "Ghost")).toBe(doc);
  });

  it("deletes a page with its blocks, but never the only one", () => {
    const deleted = deletePage(doc, 0);
    expect(deleted.pages).toEqual([{ blocks: [] }]);
    expect(deleted.queries).toBe(doc.queries);
    expect(deleted.custom).toEqual({ kept: true });
    expect(doc.pages).toHaveLength(2);
    expect(deletePage(deleted, 0)).toBe(deleted);
    expect(deletePage(doc, 2)).toBe(doc);
    expect(deletePage(doc, -1)).toBe(doc);
  });

  it("moves a page to either end and in between, keeping the pages as they were", () => {
    const three = addPage(doc, "Appendix");
    const [overview, second, appendix] = three.pages;
    expect(movePage(three, 0, 2).pages).toEqual([second, appendix, overview]);
    expect(movePage(three, 2, 0).pages).toEqual([appendix, overview, second]);
    expect(movePage(three, 0, 1).pages).toEqual([second, overview, appendix]);
    expect(movePage(three, 2, 0).pages[0]).toBe(appendix);
    expect(movePage(three, 1, 9).pages).toEqual([overview, appendix, second]);
    expect(movePage(three, 1, -3).pages).toEqual([second, overview, appendix]);
    expect(movePage(three, 0, 2).print).toBe(three.print);
    expect(movePage(three, 1, 1)).toBe(three);
    expect(movePage(three, 7, 0)).toBe(three);
  });
});
