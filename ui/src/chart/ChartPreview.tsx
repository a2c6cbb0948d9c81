import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type ChartDraft, type ChartPreview as Preview, type HitRegion } from "../api";
import { useTheme } from "../shell/theme";
import { useElementSize } from "../shell/useElementSize";
import { useLocale } from "../shell/useLocale";
import { hitAt, toSvgPoint, type Point } from "./hitTest";
import { ZOOM_STEP, inside, panBy, viewForKey, zoomAt, type Shown as ShownRanges, type View } from "./zoom";

const DEBOUNCE_MS = 200;

interface Shown {
  key: string;
  preview: Preview | null;
  error: string | null;
}

/** A zoom or pan, valid for the draft and size it was made on. */
interface Zoom {
  base: string;
  view: View;
}

/** A drag in progress: where it started and what was shown then. */
interface Drag {
  from: Point;
  shown: ShownRanges;
  moved: boolean;
}

interface Tooltip {
  hit: HitRegion;
  left: number;
  top: number;
}

/** The engine's SVG for the draft, sized to the pane, with tooltips and highlight from its hit map. */
export function ChartPreview({ draft, showSql }: { draft: ChartDraft | null; showSql: boolean }) {
  const { t } = useTranslation();
  const theme = useTheme();
  const locale = useLocale();
  const frame = useRef<HTMLDivElement>(null);
  const size = useElementSize(frame, { width: 640, height: 400 });
  const width = Math.max(200, Math.round(size.width));
  const height = Math.max(160, Math.round(size.height));
  const base = draft ? JSON.stringify([draft, width, height, theme, locale]) : "";
  const [zoom, setZoom] = useState<Zoom | null>(null);
  // A new draft, size, theme or language starts from the whole data again.
  const view = zoom?.base === base ? zoom.view : null;
  const key = view ? JSON.stringify([base, view]) : base;
  const [shown, setShown] = useState<Shown | null>(null);
  const [tooltip, setTooltip] = useState<Tooltip | null>(null);
  const drag = useRef<Drag | null>(null);
  const pane = useRef<HTMLDivElement>(null);

  // The request's inputs, read when the debounced request goes out (the key says when they changed).
  const request = useRef({ draft, width, height, theme, locale, view });
  useEffect(() => {
    request.current = { draft, width, height, theme, locale, view };
  });

  useEffect(() => {
    const { draft: wanted, width: w, height: h, theme: th, locale: lang, view: v } = request.current;
    if (!wanted) return;
    let current = true;
    const timer = setTimeout(() => {
      api.chartPreview(wanted, w, h, th, lang, v).then(
        (preview) => {
          if (current) setShown({ key, preview, error: null });
        },
        (e: unknown) => {
          if (current) setShown({ key, preview: null, error: errorMessage(e) });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key]);

  const preview = draft ? shown?.preview : null;
  const error = draft && shown?.key === key ? shown.error : null;
  const loading = draft !== null && shown?.key !== key;
  const zoomable = preview?.view && preview.plot ? { shown: preview.view, plot: preview.plot } : null;

  const svgPoint = (clientX: number, clientY: number): Point | null => {
    const svg = pane.current?.querySelector("svg");
    if (!preview || !svg) return null;
    return toSvgPoint(clientX, clientY, svg.getBoundingClientRect(), preview);
  };
  const zoomTo = (next: View | null) => {
    setZoom(next ? { base, view: next } : null);
  };

  // The wheel zooms around the pointer. React's wheel listeners are passive, so the page would
  // scroll too: this one is registered by hand.
  const wheel = useRef<(event: WheelEvent) => void>(() => undefined);
  useEffect(() => {
    wheel.current = (event: WheelEvent) => {
      const point = svgPoint(event.clientX, event.clientY);
      if (!zoomable || !point || !inside(zoomable.plot, point) || event.deltaY === 0) return;
      event.preventDefault();
      const factor = event.deltaY < 0 ? 1 / ZOOM_STEP : ZOOM_STEP;
      zoomTo(zoomAt(zoomable.shown, zoomable.plot, point, factor));
    };
  });
  const hasPreview = Boolean(preview && !error);
  useEffect(() => {
    const element = pane.current;
    if (!element) return;
    const listener = (event: WheelEvent) => {
      wheel.current(event);
    };
    element.addEventListener("wheel", listener, { passive: false });
    return () => {
      element.removeEventListener("wheel", listener);
    };
  }, [hasPreview]);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const point = svgPoint(event.clientX, event.clientY);
    if (event.button !== 0 || !zoomable || !point || !inside(zoomable.plot, point)) return;
    drag.current = { from: point, shown: zoomable.shown, moved: false };
    event.currentTarget.setPointerCapture(event.pointerId);
  };

  const onPointerUp = () => {
    drag.current = null;
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const box = frame.current?.getBoundingClientRect();
    const point = svgPoint(event.clientX, event.clientY);
    if (!preview || !point || !box) return;
    const dragging = drag.current;
    if (dragging && zoomable) {
      const dx = point.x - dragging.from.x;
      const dy = point.y - dragging.from.y;
      if (dragging.moved || Math.hypot(dx, dy) > 3) {
        dragging.moved = true;
        setTooltip(null);
        zoomTo(panBy(dragging.shown, zoomable.plot, dx, dy));
        return;
      }
    }
    const hit = hitAt(preview.hits, point);
    setTooltip(hit ? { hit, left: event.clientX - box.left + 12, top: event.clientY - box.top + 12 } : null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!zoomable || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = viewForKey(zoomable.shown, zoomable.plot, event.key);
    if (next === undefined) return;
    event.preventDefault();
    zoomTo(next);
  };

  return (
    <div className="chart-preview-pane">
      <div
        ref={frame}
        className={loading ? "chart-frame loading" : "chart-frame"}
        aria-busy={loading}
      >
        {!draft && <p className="muted placeholder">{t("chart.previewHint")}</p>}
        {error && (
          <p className="error chart-error" role="alert" data-testid="chart-error">
            {error}
          </p>
        )}
        {preview && !error && (
          <>
            <div
              ref={pane}
              className={zoomable ? "chart-svg zoomable" : "chart-svg"}
              data-testid="chart-preview"
              role="img"
              aria-label={zoomable ? t("chart.previewZoomLabel") : t("chart.previewLabel")}
              tabIndex={zoomable ? 0 : undefined}
              onPointerDown={onPointerDown}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
              onPointerMove={onPointerMove}
              onPointerLeave={() => {
                setTooltip(null);
              }}
              onDoubleClick={() => {
                zoomTo(null);
              }}
              onKeyDown={onKeyDown}
              dangerouslySetInnerHTML={{ __html: preview.svg }}
            />
            {view && (
              <button
                type="button"
                className="chart-zoom-reset"
                data-testid="chart-zoom-reset"
                onClick={() => {
                  zoomTo(null);
                }}
              >
                {t("chart.resetZoom")}
              </button>
            )}
            {tooltip && (
              <svg
                className="chart-highlight"
                viewBox={`0 0 ${preview.width.toString()} ${preview.height.toString()}`}
                preserveAspectRatio="none"
                aria-hidden="true"
              >
                <rect
                  x={tooltip.hit.rect.x}
                  y={tooltip.hit.rect.y}
                  width={tooltip.hit.rect.w}
                  height={tooltip.hit.rect.h}
                />
              </svg>
            )}
            {tooltip && (
              <div className="chart-tooltip" role="tooltip" style={{ left: tooltip.left, top: tooltip.top }}>
                {tooltip.hit.text}
              </div>
            )}
          </>
        )}
      </div>
      {showSql && preview && (
        <pre className="chart-sql" data-testid="chart-sql" tabIndex={0}>
          {preview.sql}
        </pre>
      )}
    </div>
  );
}
