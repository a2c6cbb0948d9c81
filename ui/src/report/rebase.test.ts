import { describe, expect, it } from "vitest";

import type { ReportDocument } from "../api";
import { rebaseEdits, sameJson } from "./rebase";

/** One page with a heading and a text block. */
const pages = (heading: string, text: string): ReportDocument["pages"] => [
  { blocks: [{ type: "heading", text: heading }, { type: "text", markdown: text }] },
];

const base: ReportDocument = {
  version: 1,
  title: "Q3",
  queries: { a: { sql: "SELECT 1" } },
  pages: pages("One", "Two"),
};

describe("rebaseEdits", () => {
  it("takes the file as it is when nothing is unsaved", () => {
    const theirs = { ...base, title: "Q3 (final)" };
    expect(rebaseEdits(base, base, theirs)).toBe(theirs);
  });

  it("keeps an unsaved edit of another value over the file's change", () => {
    const merged = rebaseEdits(base, { ...base, pages: pages("Uno", "Two") }, { ...base, title: "Q3 (final)" });
    expect(merged.title).toBe("Q3 (final)");
    expect(merged.pages).toEqual(pages("Uno", "Two"));
  });

  it("merges edits of different blocks of one page, and lets the unsaved edit win a clash", () => {
    const merged = rebaseEdits(
      base,
      { ...base, title: "Mine", pages: pages("Uno", "Two") },
      { ...base, title: "Theirs", pages: pages("One", "Zwei") },
    );
    expect(merged.title).toBe("Mine");
    expect(merged.pages).toEqual(pages("Uno", "Zwei"));
  });

  it("returns the file's document when the unsaved edit is already in it", () => {
    const theirs = { ...base, title: "Same" };
    expect(rebaseEdits(base, { ...base, title: "Same" }, theirs)).toBe(theirs);
  });

  it("compares JSON regardless of key order", () => {
    expect(sameJson({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });
});
