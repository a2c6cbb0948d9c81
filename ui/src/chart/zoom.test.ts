import { describe, expect, it } from "vitest";

import { inside, panBy, viewForKey, zoomAt, type Frame, type Shown } from "./zoom";

const frame: Frame = { x: 50, y: 20, w: 400, h: 200 };
const shown: Shown = { x: [0, 100], y: [0, 10] };

describe("zoom", () => {
  it("keeps the data under the pointer in place", () => {
    // x = 150 is a quarter across (25); y = 170 is a quarter up from the bottom (2.5).
    const view = zoomAt(shown, frame, { x: 150, y: 170 }, 0.5);
    expect(view.x).toEqual([12.5, 62.5]);
    expect(view.y).toEqual([1.25, 6.25]);
  });

  it("zooms out around the pointer too", () => {
    const view = zoomAt(shown, frame, { x: 250, y: 120 }, 2);
    expect(view.x).toEqual([-50, 150]);
    expect(view.y).toEqual([-5, 15]);
  });

  it("moves the data with a drag", () => {
    // Dragging right by a quarter of the frame shows data a quarter further left; dragging down
    // shows data higher up.
    const view = panBy(shown, frame, 100, 50);
    expect(view.x).toEqual([-25, 75]);
    expect(view.y).toEqual([2.5, 12.5]);
  });

  it("knows when a pointer is over the plot", () => {
    expect(inside(frame, { x: 50, y: 20 })).toBe(true);
    expect(inside(frame, { x: 49, y: 100 })).toBe(false);
    expect(inside(frame, { x: 300, y: 221 })).toBe(false);
  });

  it("maps keys to zoom, pan and reset, and ignores others", () => {
    expect(viewForKey(shown, frame, "+")?.x).toEqual([10, 90]);
    expect(viewForKey(shown, frame, "-")?.x).toEqual([-12.5, 112.5]);
    expect(viewForKey(shown, frame, "ArrowRight")?.x).toEqual([10, 110]);
    expect(viewForKey(shown, frame, "ArrowUp")?.y).toEqual([1, 11]);
    expect(viewForKey(shown, frame, "0")).toBeNull();
    expect(viewForKey(shown, frame, "a")).toBeUndefined();
  });
});
