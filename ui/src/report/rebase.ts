// Taking in a report file that a sync rewrote while the builder has edits not yet saved.
import type { ReportDocument } from "../api";

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether two JSON values are equal (object key order aside). */
export function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!sameJson(a[key], b[key])) return false;
    return true;
  }
  return false;
}

/** A three-way merge: what changed from `base` in `mine` is laid over `theirs`; mine wins a clash. */
function merge(base: Json, mine: Json, theirs: Json): Json {
  if (sameJson(mine, base)) return theirs;
  if (sameJson(theirs, base) || sameJson(mine, theirs)) return mine;
  if (isRecord(base) && isRecord(mine) && isRecord(theirs)) {
    const merged: Record<string, Json> = {};
    for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
      const value = merge(base[key], mine[key], theirs[key]);
      if (value !== undefined) merged[key] = value;
    }
    return merged;
  }
  if (Array.isArray(base) && Array.isArray(mine) && Array.isArray(theirs)) {
    if (base.length === mine.length && base.length === theirs.length) {
      return mine.map((item, i) => merge(base[i], item, theirs[i]));
    }
  }
  return mine;
}

/**
 * The builder's document after the file under it changed from `base` (what it last saved or
 * loaded) to `theirs`: `theirs` itself when there are no unsaved edits, else those edits laid
 * over it (the edit in progress wins where both changed the same value).
 */
export function rebaseEdits(base: ReportDocument, mine: ReportDocument, theirs: ReportDocument): ReportDocument {
  if (mine === base) return theirs;
  const merged = merge(base, mine, theirs) as ReportDocument;
  return sameJson(merged, theirs) ? theirs : merged;
}
