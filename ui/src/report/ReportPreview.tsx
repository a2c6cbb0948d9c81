import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, newJobId, type ParameterValue, type PreviewSheet, type ReportDocument } from "../api";
import { useTheme } from "../shell/theme";

const DEBOUNCE_MS = 300;

interface Rendered {
  key: string;
  sheets: PreviewSheet[];
  error: string | null;
}

/** Gives an inserted sheet SVG a viewBox in points and lets CSS scale it to the page's width. */
function fitSheet(host: HTMLDivElement | null, sheet: PreviewSheet) {
  const svg = host?.querySelector("svg");
  if (!svg) return;
  if (!svg.hasAttribute("viewBox")) {
    svg.setAttribute("viewBox", `0 0 ${sheet.width.toString()} ${sheet.height.toString()}`);
  }
  svg.setAttribute("width", "100%");
  svg.setAttribute("height", "100%");
}

/** The report as the PDF lays it out: one sheet per page of paper, scaled to the pane's width. */
export function ReportPreview({ document, params }: { document: ReportDocument; params: Record<string, ParameterValue> }) {
  const { t } = useTranslation();
  const theme = useTheme();
  const key = JSON.stringify([document, params, theme]);
  const [rendered, setRendered] = useState<Rendered | null>(null);
  const latest = useRef({ document, params, theme });
  useEffect(() => {
    latest.current = { document, params, theme };
  });

  useEffect(() => {
    const { document: doc, params: values, theme: look } = latest.current;
    let current = true;
    const jobId = newJobId("preview");
    let started = false;
    const timer = setTimeout(() => {
      started = true;
      api.previewReport(jobId, doc, values, look).then(
        (sheets) => {
          if (current) setRendered({ key, sheets, error: null });
        },
        (e: unknown) => {
          if (current) setRendered({ key, sheets: [], error: errorMessage(e) });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
      if (started) void api.cancelJob(jobId);
    };
  }, [key]);

  const loading = rendered?.key !== key;
  return (
    <div className={loading ? "report-preview loading" : "report-preview"} aria-busy={loading} data-testid="report-preview">
      {rendered === null && <p className="muted placeholder">{t("report.previewLoading")}</p>}
      {rendered?.error && (
        <p className="error" role="alert" data-testid="report-preview-error">
          {rendered.error}
        </p>
      )}
      {rendered?.sheets.map((sheet, i) => (
        <div
          key={i}
          className="preview-sheet"
          data-testid="preview-sheet"
          data-sheet={i + 1}
          role="img"
          aria-label={t("report.sheet", { number: i + 1, total: rendered.sheets.length })}
          style={{ aspectRatio: `${sheet.width.toString()} / ${sheet.height.toString()}` }}
          ref={(host) => {
            fitSheet(host, sheet);
          }}
          dangerouslySetInnerHTML={{ __html: sheet.svg }}
        />
      ))}
    </div>
  );
}
