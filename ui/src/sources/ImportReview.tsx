import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { ImportReport } from "../api";
import { ChevronIcon } from "../shell/icons";
import { useLocale } from "../shell/useLocale";
import { formatNumber } from "../format";
import { changedTypes, typeChoices } from "./duckdbTypes";
import { SchemaChangeView } from "./SchemaChangeView";

interface ImportReviewProps {
  report: ImportReport;
  /** Imports the same source again with these column types. */
  onReimport: (columnTypes: Record<string, string>) => void;
}

/**
 * After an import: what a refresh changed in the schema (always shown), then, behind a disclosure,
 * the detected schema with a type override per column and the rejected rows.
 */
export function ImportReview({ report, onReimport }: ImportReviewProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const columns = report.dataset.columns;
  const detected = Object.fromEntries(columns.map((c) => [c.name, c.sqlType]));
  const [chosen, setChosen] = useState<Record<string, string>>(detected);
  const [open, setOpen] = useState(report.rejectedTotal > 0);
  const changed = changedTypes(detected, chosen);
  const hidden = report.rejectedTotal - report.rejected.length;

  return (
    <div className="import-review" data-testid="import-review">
      <SchemaChangeView report={report} />
      <button
        type="button"
        className="disclosure-row"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
        }}
      >
        <ChevronIcon open={open} />
        {t("import.review", { columns: columns.length, rejected: report.rejectedTotal })}
      </button>
      {open && (
        <>
          <table className="compact-table" aria-label={t("import.schema")}>
            <thead>
              <tr>
                <th scope="col">{t("import.column")}</th>
                <th scope="col">{t("import.type")}</th>
              </tr>
            </thead>
            <tbody>
              {columns.map((column) => (
                <tr key={column.name}>
                  <td className="mono">{column.name}</td>
                  <td>
                    <select
                      aria-label={t("import.typeOf", { column: column.name })}
                      data-testid="import-type"
                      data-column={column.name}
                      value={chosen[column.name] ?? column.sqlType}
                      onChange={(e) => {
                        setChosen({ ...chosen, [column.name]: e.target.value });
                      }}
                    >
                      {typeChoices(column.sqlType).map((type) => (
                        <option key={type} value={type}>
                          {type}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            data-testid="import-reimport"
            disabled={Object.keys(changed).length === 0}
            onClick={() => {
              onReimport(changed);
            }}
          >
            {t("import.reimport")}
          </button>
          {report.rejectedTotal > 0 && (
            <>
              <h3 className="subsection-title">
                {t("import.rejectedTitle", { count: report.rejectedTotal })}
              </h3>
              <ul className="rejected-list" data-testid="rejected-rows">
                {report.rejected.map((row, i) => (
                  <li key={`${row.line.toString()}-${i.toString()}`}>
                    <span className="rejected-where">
                      {t("import.line", { line: formatNumber(row.line, locale) })}
                      {row.column && ` · ${row.column}`}
                    </span>
                    <span className="rejected-error">{row.error}</span>
                    <code className="rejected-text">{row.text}</code>
                  </li>
                ))}
              </ul>
              {hidden > 0 && <p className="hint">{t("import.moreRejected", { count: hidden })}</p>}
            </>
          )}
        </>
      )}
    </div>
  );
}
