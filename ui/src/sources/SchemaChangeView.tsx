import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";

import { isBreaking, type AffectedQuery, type ColumnChange, type ImportReport } from "../api";
import { useLocale } from "../shell/useLocale";

/** "Added column extra (VARCHAR)", "Dropped column name", "score: DECIMAL(10,2) → DECIMAL(8,2)". */
function ChangeItem({ change }: { change: ColumnChange }) {
  const { t } = useTranslation();
  const breaking = isBreaking(change);
  let text: string;
  switch (change.change) {
    case "added":
      text = t("import.changeAdded", { column: change.column, type: change.sqlType });
      break;
    case "dropped":
      text = t("import.changeDropped", { column: change.column });
      break;
    case "typeChanged":
      text = t("import.changeType", { column: change.column, from: change.from, to: change.to });
      break;
  }
  return (
    <li
      className={breaking ? "breaking" : undefined}
      data-testid="schema-change-item"
      data-change={change.change}
      data-column={change.column}
      data-breaking={breaking}
    >
      {text}
      {breaking && (
        <>
          {" "}
          <strong className="breaking-mark">{t("import.breakingMark")}</strong>
        </>
      )}
    </li>
  );
}

/** "Report sales-overview.qreport.json · query by_region (reads region)". */
function AffectedItem({ query, list }: { query: AffectedQuery; list: Intl.ListFormat }) {
  const { t } = useTranslation();
  const columns = list.format(query.columns);
  return (
    <li data-testid="affected-query" data-report={query.report ?? undefined} data-query={query.query}>
      {query.report === null
        ? t("import.affectedSaved", { query: query.query, columns })
        : t("import.affectedReport", { report: query.report, query: query.query, columns })}
    </li>
  );
}

/**
 * After a refresh: what changed in the dataset's columns, breaking changes marked, and the saved
 * and report queries that read broken columns. Nothing when the schema is unchanged.
 */
export function SchemaChangeView({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const ref = useRef<HTMLElement>(null);
  const titleId = useId();
  const { changes } = report.schemaChange;
  const { affected } = report;
  const breakingCount = changes.filter(isBreaking).length;
  const shown = report.previousVersion !== null && (changes.length > 0 || affected.length > 0);

  // A breaking refresh may have started from a dataset row far above: bring it into view
  // (without moving focus; the summary is announced as an alert).
  useEffect(() => {
    if (shown && breakingCount > 0) ref.current?.scrollIntoView({ block: "nearest" });
  }, [shown, breakingCount]);

  if (!shown) return null;
  const list = new Intl.ListFormat(locale, { type: "conjunction" });
  return (
    <section
      ref={ref}
      className="schema-change"
      data-testid="schema-change"
      data-breaking={breakingCount > 0}
      aria-labelledby={titleId}
    >
      <h3 className="subsection-title" id={titleId}>
        {t("import.schemaChangeSince", { version: report.previousVersion })}
      </h3>
      {breakingCount > 0 && (
        <p className="schema-change-summary" role="alert">
          {t("import.breakingSummary", { count: breakingCount })}
        </p>
      )}
      <ul className="schema-change-list">
        {changes.map((change) => (
          <ChangeItem key={`${change.change}-${change.column}`} change={change} />
        ))}
      </ul>
      {affected.length > 0 && (
        <div className="affected-queries">
          <p className="affected-title">{t("import.affectedTitle")}</p>
          <ul>
            {affected.map((query) => (
              <AffectedItem key={`${query.report ?? ""}/${query.query}`} query={query} list={list} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
