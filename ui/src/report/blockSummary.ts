// What a builder tile says about its block (the builder arranges; the preview shows content).
import type { ReportBlock } from "../api";

export const BLOCK_LABEL = {
  heading: "report.block.heading",
  text: "report.block.text",
  kpi: "report.block.kpi",
  chart: "report.block.chart",
  table: "report.block.table",
  pivot: "report.block.pivot",
  page_break: "report.block.page_break",
  image: "report.block.image",
} as const satisfies Record<ReportBlock["type"], string>;

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** A one-line description: the heading, the text's first line, a chart's title and query … */
export function blockDetail(block: ReportBlock): string {
  switch (block.type) {
    case "heading":
      return text(block.text) ?? "";
    case "text":
      return (text(block.markdown) ?? "").split("\n")[0] ?? "";
    case "kpi":
      return [text(block.label), text(block.query)].filter(Boolean).join(" · ");
    case "chart": {
      const chart = block.chart;
      const title = typeof chart === "object" && chart !== null && "title" in chart ? text(chart.title) : null;
      return [title, text(block.query)].filter(Boolean).join(" · ");
    }
    case "table":
    case "pivot":
      return text(block.query) ?? "";
    case "image":
      return text(block.path) ?? "";
    case "page_break":
      return "";
  }
}
