import { describe, expect, it } from "vitest";

import { canPreview, chartReducer, initialChartState, parseSourceValue, sourceValue, toDraft } from "./chartDraft";
import { hitAt, toSvgPoint } from "./hitTest";

const fields = ["region", "channel", "revenue", "quantity"];

function build() {
  let state = chartReducer(initialChartState, { type: "source", source: { kind: "table", name: "sales" } });
  state = chartReducer(state, { type: "well", well: "x", field: "region" });
  state = chartReducer(state, { type: "well", well: "y", field: "revenue" });
  state = chartReducer(state, { type: "well", well: "series", field: "channel" });
  state = chartReducer(state, { type: "kind", kind: "stacked_bar" });
  return chartReducer(state, { type: "aggregate", aggregate: "avg" });
}

describe("chart builder state", () => {
  it("turns the wells into the engine's draft", () => {
    expect(toDraft(build(), "", fields)).toEqual({
      source: { dataset: "sales" },
      kind: "stacked_bar",
      x: "region",
      y: "revenue",
      series: "channel",
      size: null,
      aggregate: "avg",
      title: null,
    });
  });

  it("uses the editor's SQL for the current-query source, and nothing while it is empty", () => {
    let state = chartReducer(build(), { type: "source", source: { kind: "query" } });
    expect(state.wells).toEqual({ x: null, y: null, series: null, size: null });
    state = chartReducer(state, { type: "well", well: "x", field: "region" });
    state = chartReducer(state, { type: "title", title: "  By region " });
    expect(toDraft(state, "SELECT region FROM sales", ["region"])).toMatchObject({
      source: { sql: "SELECT region FROM sales" },
      x: "region",
      title: "By region",
    });
    expect(toDraft(state, "  ", ["region"])).toBeNull();
  });

  it("leaves out fields the source does not have", () => {
    expect(toDraft(build(), "", ["region", "revenue"])).toMatchObject({ x: "region", y: "revenue", series: null });
  });

  it("previews once a field is on the x or y axis", () => {
    expect(canPreview(toDraft(initialChartState, "", fields))).toBe(false);
    const onlySource = chartReducer(initialChartState, { type: "source", source: { kind: "table", name: "sales" } });
    expect(canPreview(toDraft(onlySource, "", fields))).toBe(false);
    expect(canPreview(toDraft(build(), "", fields))).toBe(true);
  });

  it("round-trips sources through the select's values", () => {
    for (const source of [null, { kind: "query" as const }, { kind: "table" as const, name: "sales" }]) {
      expect(parseSourceValue(sourceValue(source))).toEqual(source);
    }
  });
});

describe("hit testing", () => {
  const hit = (series: string, x: number) => ({
    series,
    category: "Asia",
    value: 1,
    text: series,
    rect: { x, y: 10, w: 20, h: 50 },
  });

  it("maps the pointer into the SVG's units when it is drawn at another size", () => {
    const drawn = { left: 100, top: 50, width: 320, height: 200 };
    expect(toSvgPoint(260, 150, drawn, { width: 640, height: 400 })).toEqual({ x: 320, y: 200 });
  });

  it("finds the topmost mark under the point", () => {
    const hits = [hit("first", 0), hit("second", 10)];
    expect(hitAt(hits, { x: 15, y: 20 })?.series).toBe("second");
    expect(hitAt(hits, { x: 5, y: 20 })?.series).toBe("first");
    expect(hitAt(hits, { x: 5, y: 70 })).toBeNull();
  });
});
