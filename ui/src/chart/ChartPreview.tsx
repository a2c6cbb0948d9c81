import { useEffect, useRef, useState, type PointerEvent } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type ChartDraft, type ChartPreview as Preview, type HitRegion } from "../api";
import { useTheme } from "../shell/theme";
import { useElementSize } from "../shell/useElementSize";
import { useLocale } from "../shell/useLocale";
import { hitAt, toSvgPoint } from "./hitTest";

const DEBOUNCE_MS = 200;

interface Shown {
  key: string;
  preview: Preview | null;
  error: string | null;
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
  const key = draft ? JSON.stringify([draft, width, height, theme, locale]) : "";
  const [shown, setShown] = useState<Shown | null>(null);
  const [tooltip, setTooltip] = useState<Tooltip | null>(null);

  // The request's inputs, read when the debounced request goes out (the key says when they changed).
  const request = useRef({ draft, width, height, theme, locale });
  useEffect(() => {
    request.current = { draft, width, height, theme, locale };
  });

  useEffect(() => {
    const { draft: wanted, width: w, height: h, theme: th, locale: lang } = request.current;
    if (!wanted) return;
    let current = true;
    const timer = setTimeout(() => {
      api.chartPreview(wanted, w, h, th, lang).then(
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

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const svg = event.currentTarget.querySelector("svg");
    const box = frame.current?.getBoundingClientRect();
    if (!preview || !svg || !box) return;
    const point = toSvgPoint(event.clientX, event.clientY, svg.getBoundingClientRect(), preview);
    const hit = hitAt(preview.hits, point);
    setTooltip(hit ? { hit, left: event.clientX - box.left + 12, top: event.clientY - box.top + 12 } : null);
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
              className="chart-svg"
              data-testid="chart-preview"
              role="img"
              aria-label={t("chart.previewLabel")}
              onPointerMove={onPointerMove}
              onPointerLeave={() => {
                setTooltip(null);
              }}
              dangerouslySetInnerHTML={{ __html: preview.svg }}
            />
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
