// Pointer → chart coordinates → the mark under it, using the engine's hit map.
import type { HitRegion } from "../api";

export interface Point {
  x: number;
  y: number;
}

/** A pointer position in the SVG's own units, given where and how large the SVG is drawn. */
export function toSvgPoint(
  clientX: number,
  clientY: number,
  drawn: { left: number; top: number; width: number; height: number },
  svg: { width: number; height: number },
): Point {
  const scaleX = drawn.width > 0 ? svg.width / drawn.width : 1;
  const scaleY = drawn.height > 0 ? svg.height / drawn.height : 1;
  return { x: (clientX - drawn.left) * scaleX, y: (clientY - drawn.top) * scaleY };
}

/** The mark at `point`; where marks overlap, the one drawn last (on top). */
export function hitAt(hits: readonly HitRegion[], point: Point): HitRegion | null {
  for (let i = hits.length - 1; i >= 0; i -= 1) {
    const hit = hits[i];
    if (!hit) continue;
    const { x, y, w, h } = hit.rect;
    if (point.x >= x && point.x <= x + w && point.y >= y && point.y <= y + h) return hit;
  }
  return null;
}
