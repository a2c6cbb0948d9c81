// Zoom and pan of the chart preview: pointer gestures become the next view (data ranges) that
// the engine re-renders. The engine reports the ranges it shows and the plot frame; this only
// maps between the two.
import type { Point } from "./hitTest";

export type Range = [number, number];

/** Visible ranges in data units; an absent axis fits the data. */
export interface View {
  x?: Range;
  y?: Range;
}

/** The plot frame in SVG units. */
export interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The ranges a render showed (both axes known). */
export interface Shown {
  x: Range;
  y: Range;
}

/** How much one wheel notch or key press zooms. */
export const ZOOM_STEP = 1.25;

export function inside(frame: Frame, point: Point): boolean {
  return (
    point.x >= frame.x && point.x <= frame.x + frame.w && point.y >= frame.y && point.y <= frame.y + frame.h
  );
}

function scale([from, to]: Range, anchor: number, factor: number): Range {
  const at = from + anchor * (to - from);
  return [at - anchor * (to - from) * factor, at + (1 - anchor) * (to - from) * factor];
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** The view after zooming by `factor` (below 1 zooms in) around `at`, which stays put. */
export function zoomAt(shown: Shown, frame: Frame, at: Point, factor: number): View {
  const fx = frame.w > 0 ? clamp01((at.x - frame.x) / frame.w) : 0.5;
  const fy = frame.h > 0 ? clamp01((frame.y + frame.h - at.y) / frame.h) : 0.5;
  return { x: scale(shown.x, fx, factor), y: scale(shown.y, fy, factor) };
}

/** The view after dragging the plot by (`dx`, `dy`) SVG units: the data follows the pointer. */
export function panBy(shown: Shown, frame: Frame, dx: number, dy: number): View {
  const sx = frame.w > 0 ? ((shown.x[1] - shown.x[0]) * dx) / frame.w : 0;
  const sy = frame.h > 0 ? ((shown.y[1] - shown.y[0]) * dy) / frame.h : 0;
  return {
    x: [shown.x[0] - sx, shown.x[1] - sx],
    y: [shown.y[0] + sy, shown.y[1] + sy],
  };
}

/** The view for a key press in the focused preview, or `undefined` when the key is not ours. */
export function viewForKey(shown: Shown, frame: Frame, key: string): View | null | undefined {
  const centre = { x: frame.x + frame.w / 2, y: frame.y + frame.h / 2 };
  const step = 0.1;
  switch (key) {
    case "+":
    case "=":
      return zoomAt(shown, frame, centre, 1 / ZOOM_STEP);
    case "-":
      return zoomAt(shown, frame, centre, ZOOM_STEP);
    case "ArrowLeft":
      return panBy(shown, frame, frame.w * step, 0);
    case "ArrowRight":
      return panBy(shown, frame, -frame.w * step, 0);
    case "ArrowUp":
      return panBy(shown, frame, 0, frame.h * step);
    case "ArrowDown":
      return panBy(shown, frame, 0, -frame.h * step);
    case "0":
      return null;
    default:
      return undefined;
  }
}
