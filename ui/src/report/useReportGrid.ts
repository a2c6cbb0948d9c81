import { useEffect, useState } from "react";

import { api, errorMessage, type GridCell, type ReportDocument } from "../api";

interface Laid {
  document: ReportDocument;
  pages: GridCell[][];
  error: string | null;
}

/**
 * Where the engine's PDF flow puts each block, per page, for the current document. While a new
 * layout is on its way the previous one stays, so tiles do not flicker.
 */
export function useReportGrid(document: ReportDocument | null) {
  const [laid, setLaid] = useState<Laid | null>(null);

  useEffect(() => {
    if (!document) return;
    let current = true;
    api.reportGrid(document).then(
      (pages) => {
        if (current) setLaid({ document, pages, error: null });
      },
      (e: unknown) => {
        if (current) setLaid((prev) => ({ document, pages: prev?.pages ?? [], error: errorMessage(e) }));
      },
    );
    return () => {
      current = false;
    };
  }, [document]);

  return {
    pages: laid?.pages ?? null,
    error: laid?.document === document ? (laid.error ?? null) : null,
    current: laid?.document === document,
  };
}
