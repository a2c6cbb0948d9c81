import { describe, expect, it } from "vitest";

import {
  COALESCE_MS,
  HISTORY_LIMIT,
  canRedo,
  canUndo,
  createHistory,
  pushHistory,
  redoHistory,
  undoHistory,
} from "./undoHistory";

describe("undo history", () => {
  it("undoes and redoes edits in order", () => {
    let h = createHistory("a");
    h = pushHistory(h, "b", null, 0);
    h = pushHistory(h, "c", null, 10);
    expect(canUndo(h)).toBe(true);
    expect(canRedo(h)).toBe(false);
    h = undoHistory(h);
    expect(h.present).toBe("b");
    h = undoHistory(h);
    expect(h.present).toBe("a");
    expect(canUndo(h)).toBe(false);
    expect(undoHistory(h)).toBe(h);
    h = redoHistory(h);
    expect(h.present).toBe("b");
    h = redoHistory(h);
    expect(h.present).toBe("c");
    expect(redoHistory(h)).toBe(h);
  });

  it("drops the redo stack when a new edit follows an undo", () => {
    let h = pushHistory(pushHistory(createHistory(1), 2, null, 0), 3, null, 0);
    h = undoHistory(h);
    h = pushHistory(h, 4, null, 0);
    expect(h.present).toBe(4);
    expect(canRedo(h)).toBe(false);
    expect(undoHistory(h).present).toBe(2);
  });

  it("merges quick edits with the same key (typing) into one step", () => {
    let h = createHistory("");
    h = pushHistory(h, "H", "title", 1000);
    h = pushHistory(h, "He", "title", 1200);
    h = pushHistory(h, "Hey", "title", 1300);
    expect(undoHistory(h).present).toBe("");
    h = pushHistory(h, "Hey!", "title", 1300 + COALESCE_MS + 1);
    expect(undoHistory(h).present).toBe("Hey");
    h = pushHistory(h, "Hey!?", "other", 1300 + COALESCE_MS + 2);
    expect(undoHistory(h).present).toBe("Hey!");
  });

  it("keeps at most the last HISTORY_LIMIT steps and ignores no-op edits", () => {
    let h = createHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 20; i += 1) h = pushHistory(h, i, null, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(20);
    expect(pushHistory(h, h.present)).toBe(h);
  });
});
