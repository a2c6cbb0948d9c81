import { describe, expect, it } from "vitest";

import {
  MAX_SCROLL_HEIGHT,
  PAGE_SIZE,
  PageCache,
  pagesFor,
  scrollSpace,
  toPhysicalTop,
  toVirtualTop,
  visibleRows,
} from "./paging";

const ROW = 26;
const BODY = 520;

describe("scroll space", () => {
  it("is the rows' real height when it fits", () => {
    const space = scrollSpace(1000, ROW, BODY);
    expect(space.physicalHeight).toBe(26_000);
    expect(space.ratio).toBe(1);
    expect(toVirtualTop(1234, space)).toBe(1234);
  });

  it("scales 10,000,000 rows into a height WebKit can lay out", () => {
    const space = scrollSpace(10_000_000, ROW, BODY);
    expect(space.physicalHeight).toBe(MAX_SCROLL_HEIGHT);
    expect(space.physicalHeight).toBeLessThan(16_000_000);
    expect(space.ratio).toBeGreaterThan(30);
    // The bottom of the scroll range is the bottom of the last row.
    const bottom = toVirtualTop(MAX_SCROLL_HEIGHT - BODY, space);
    expect(bottom).toBeCloseTo(10_000_000 * ROW - BODY, 3);
    const last = visibleRows(bottom, BODY, ROW, 10_000_000);
    expect(last.first + last.count).toBe(10_000_000);
    // Halfway down the scrollbar is halfway through the rows.
    const middle = visibleRows(toVirtualTop((MAX_SCROLL_HEIGHT - BODY) / 2, space), BODY, ROW, 10_000_000);
    expect(Math.abs(middle.first - 5_000_000)).toBeLessThan(20);
  });

  it("maps virtual offsets back to the scrollbar and clamps them", () => {
    const space = scrollSpace(10_000_000, ROW, BODY);
    expect(toPhysicalTop(toVirtualTop(4_000_000, space), space)).toBeCloseTo(4_000_000, 6);
    expect(toVirtualTop(-50, space)).toBe(0);
    expect(toPhysicalTop(Number.MAX_SAFE_INTEGER, space)).toBeCloseTo(MAX_SCROLL_HEIGHT - BODY, 6);
  });
});

describe("visible rows", () => {
  it("starts at the row under the top edge with its hidden part as offset", () => {
    expect(visibleRows(0, BODY, ROW, 1000)).toEqual({ first: 0, count: 21, offset: 0 });
    const part = visibleRows(26 * 40 + 10, BODY, ROW, 1000);
    expect(part.first).toBe(40);
    expect(part.offset).toBe(10);
    expect(part.count).toBe(22);
  });

  it("never runs past the last row", () => {
    expect(visibleRows(0, BODY, ROW, 5)).toEqual({ first: 0, count: 5, offset: 0 });
    expect(visibleRows(0, BODY, ROW, 0).count).toBe(0);
  });
});

describe("pages to fetch", () => {
  it("asks for the page under the view and the overscan around it", () => {
    expect(pagesFor(0, 21, 10_000, PAGE_SIZE, 100)).toEqual([0]);
    expect(pagesFor(450, 471, 10_000, PAGE_SIZE, 100)).toEqual([0, 1]);
    expect(pagesFor(5_000_010, 5_000_031, 10_000_000, PAGE_SIZE, 100)).toEqual([9999, 10000]);
  });

  it("stays inside the result", () => {
    expect(pagesFor(9_990, 10_000, 10_000, PAGE_SIZE, 100)).toEqual([19]);
    expect(pagesFor(0, 0, 0)).toEqual([]);
  });
});

describe("page cache", () => {
  it("evicts the least recently used page beyond its capacity", () => {
    const cache = new PageCache<string>(3);
    cache.set(0, "a");
    cache.set(1, "b");
    cache.set(2, "c");
    expect(cache.get(0)).toBe("a"); // page 0 is now the most recent
    expect(cache.set(3, "d")).toEqual([1]);
    expect(cache.has(1)).toBe(false);
    expect(cache.keys()).toEqual([2, 0, 3]);
    expect(cache.set(4, "e")).toEqual([2]);
    expect(cache.keys()).toEqual([0, 3, 4]);
  });

  it("replaces a page that is stored again without evicting others", () => {
    const cache = new PageCache<string>(2);
    cache.set(0, "a");
    cache.set(1, "b");
    expect(cache.set(0, "a2")).toEqual([]);
    expect(cache.get(0)).toBe("a2");
    expect(cache.keys()).toEqual([1, 0]);
  });
});
