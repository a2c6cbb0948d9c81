// An undo/redo stack of immutable values (report documents).

export interface UndoHistory<T> {
  past: readonly T[];
  present: T;
  future: readonly T[];
  /** Edits with the same key in quick succession (typing) become one undo step. */
  lastKey: string | null;
  lastAt: number;
}

export const HISTORY_LIMIT = 100;
export const COALESCE_MS = 1000;

export function createHistory<T>(present: T): UndoHistory<T> {
  return { past: [], present, future: [], lastKey: null, lastAt: 0 };
}

/** Records `next` as the present; clears the redo stack. */
export function pushHistory<T>(
  history: UndoHistory<T>,
  next: T,
  key: string | null = null,
  now: number = Date.now(),
): UndoHistory<T> {
  if (next === history.present) return history;
  const coalesce = key !== null && key === history.lastKey && now - history.lastAt < COALESCE_MS;
  const past = coalesce ? history.past : [...history.past, history.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: key, lastAt: now };
}

export function undoHistory<T>(history: UndoHistory<T>): UndoHistory<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    lastKey: null,
    lastAt: 0,
  };
}

export function redoHistory<T>(history: UndoHistory<T>): UndoHistory<T> {
  const next = history.future[0];
  if (next === undefined) return history;
  return {
    past: [...history.past, history.present],
    present: next,
    future: history.future.slice(1),
    lastKey: null,
    lastAt: 0,
  };
}

export const canUndo = (history: UndoHistory<unknown>) => history.past.length > 0;
export const canRedo = (history: UndoHistory<unknown>) => history.future.length > 0;
