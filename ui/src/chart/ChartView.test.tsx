import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { useReducer } from "react";
import { afterEach, describe, expect, it } from "vitest";

import type { ReportDocument } from "../api";
import { useReportSession } from "../report/useReportSession";
import { clearMocks, mockShell, salesTable } from "../test/mockShell";
import { chartReducer, initialChartState } from "./chartDraft";
import { ChartView } from "./ChartView";

const report: ReportDocument = {
  version: 1,
  title: "Q3 review",
  queries: {},
  pages: [{ title: "Overview", blocks: [] }],
};

function Harness() {
  const [state, dispatch] = useReducer(chartReducer, initialChartState);
  const session = useReportSession();
  return (
    <ChartView
      state={state}
      dispatch={dispatch}
      tables={[salesTable]}
      editorSql="SELECT region FROM sales"
      onAddToReport={session.addChart}
    />
  );
}

describe("ChartView", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("previews the draft picked with the selects and adds it to a report", async () => {
    const calls = mockShell({
      chart_preview: () => ({
        svg: '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"><rect width="10" height="10"/></svg>',
        width: 640,
        height: 400,
        hits: [],
        sql: "SELECT region, sum(revenue) FROM sales GROUP BY 1",
      }),
      list_reports: () => [{ path: "/r/q3.qreport.json", title: "Q3 review", modifiedAt: "2026-11-22 03:00:00" }],
      draft_block: (args) => ({
        sql: "SELECT region, sum(revenue) AS revenue FROM sales GROUP BY 1",
        block: { type: args.kind, query: args.query, chart: { kind: "bar" } },
      }),
      open_report: () => report,
      save_report: () => null,
    });
    render(<Harness />);
    fireEvent.change(screen.getByTestId("chart-source"), { target: { value: "sales" } });
    fireEvent.change(screen.getByTestId("chart-x"), { target: { value: "region" } });
    fireEvent.change(screen.getByTestId("chart-y"), { target: { value: "revenue" } });
    fireEvent.change(screen.getByTestId("chart-kind"), { target: { value: "bar" } });
    const preview = await screen.findByTestId("chart-preview");
    expect(preview.querySelector("svg rect")).toBeTruthy();
    const previews = calls.filter((c) => c.cmd === "chart_preview");
    expect(previews.at(-1)?.args).toMatchObject({
      draft: { source: { dataset: "sales" }, kind: "bar", x: "region", y: "revenue", aggregate: "sum" },
      theme: "light",
      locale: "en",
    });
    fireEvent.click(screen.getByTestId("chart-show-sql"));
    expect(screen.getByTestId("chart-sql").textContent).toContain("GROUP BY 1");

    await waitFor(() => {
      expect(screen.getByTestId<HTMLSelectElement>("chart-report").value).toBe("/r/q3.qreport.json");
    });
    fireEvent.change(screen.getByTestId("chart-add-as"), { target: { value: "table" } });
    fireEvent.click(screen.getByTestId("chart-add-to-report"));
    expect((await screen.findByText("Added to Q3 review")).textContent).toBeTruthy();
    expect(calls.find((c) => c.cmd === "draft_block")?.args).toMatchObject({ kind: "table", query: "table_revenue" });
    const saved = calls.find((c) => c.cmd === "save_report")?.args as { path: string; document: ReportDocument };
    expect(saved.path).toBe("/r/q3.qreport.json");
    expect(saved.document.queries.table_revenue).toEqual({
      sql: "SELECT region, sum(revenue) AS revenue FROM sales GROUP BY 1",
    });
    expect(saved.document.pages[0]?.blocks).toEqual([
      { type: "table", query: "table_revenue", chart: { kind: "bar" } },
    ]);
  });

  it("zooms with the wheel around the pointer and resets", async () => {
    const calls = mockShell({
      chart_preview: () => ({
        svg: '<svg xmlns="http://www.w3.org/2000/svg" width="500" height="300"><circle r="3"/></svg>',
        width: 500,
        height: 300,
        hits: [],
        plot: { x: 50, y: 20, w: 400, h: 200 },
        view: { x: [0, 100], y: [0, 10] },
        sql: "SELECT unit_price, revenue FROM sales",
      }),
    });
    render(<Harness />);
    fireEvent.change(screen.getByTestId("chart-source"), { target: { value: "sales" } });
    fireEvent.change(screen.getByTestId("chart-kind"), { target: { value: "scatter" } });
    fireEvent.change(screen.getByTestId("chart-x"), { target: { value: "unit_price" } });
    fireEvent.change(screen.getByTestId("chart-y"), { target: { value: "revenue" } });
    const preview = await screen.findByTestId("chart-preview");
    await waitFor(() => {
      expect(preview.getAttribute("tabindex")).toBe("0");
    });
    // jsdom draws the SVG at 0×0, so client coordinates are SVG units: a quarter across and a
    // quarter up the plot, zooming in one notch (×0.8) around that point.
    fireEvent.wheel(preview, { clientX: 150, clientY: 170, deltaY: -100 });
    await waitFor(() => {
      expect(calls.filter((c) => c.cmd === "chart_preview").at(-1)?.args).toMatchObject({
        view: { x: [5, 85], y: [0.5, 8.5] },
      });
    });
    fireEvent.click(await screen.findByTestId("chart-zoom-reset"));
    await waitFor(() => {
      expect(calls.filter((c) => c.cmd === "chart_preview").at(-1)?.args).toMatchObject({ view: null });
    });
    expect(screen.queryByTestId("chart-zoom-reset")).toBeNull();
  });

  it("takes fields dropped onto a well", () => {
    mockShell({ chart_preview: () => ({ svg: "<svg/>", width: 1, height: 1, hits: [], sql: "" }) });
    render(<Harness />);
    fireEvent.change(screen.getByTestId("chart-source"), { target: { value: "sales" } });
    const chip = screen.getByText("revenue", { selector: ".field-chip .mono" });
    const data = new Map<string, string>();
    const dataTransfer = {
      setData: (type: string, value: string) => data.set(type, value),
      getData: (type: string) => data.get(type) ?? "",
      effectAllowed: "",
      dropEffect: "",
    };
    fireEvent.dragStart(chip, { dataTransfer });
    const sizeWell = screen.getByTestId("chart-size").closest(".well");
    if (!sizeWell) throw new Error("no size well");
    fireEvent.dragOver(sizeWell, { dataTransfer });
    fireEvent.drop(sizeWell, { dataTransfer });
    expect(screen.getByTestId<HTMLSelectElement>("chart-size").value).toBe("revenue");
  });
});
