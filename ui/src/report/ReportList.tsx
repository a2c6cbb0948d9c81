import { useEffect, useState, type RefObject, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type ReportEntry } from "../api";
import { formatDateTime } from "../format";
import { PlusIcon } from "../shell/icons";
import { useLocale } from "../shell/useLocale";

interface ReportListProps {
  openPath: string | null;
  /** Bumped when reports were created or saved. */
  version: number;
  onOpen: (path: string) => void;
  onCreate: (title: string) => void;
  /** Focus the title field (menu: New report). */
  titleRef: RefObject<HTMLInputElement | null>;
}

/** The workspace's reports, newest first as the shell lists them, and "New report". */
export function ReportList({ openPath, version, onOpen, onCreate, titleRef }: ReportListProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [reports, setReports] = useState<ReportEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [title, setTitle] = useState("");

  useEffect(() => {
    let current = true;
    api.listReports().then(
      (list) => {
        if (current) setReports(list);
      },
      (e: unknown) => {
        if (current) setError(errorMessage(e));
      },
    );
    return () => {
      current = false;
    };
  }, [version]);

  const create = (event: SyntheticEvent) => {
    event.preventDefault();
    if (title.trim() === "") return;
    onCreate(title.trim());
    setTitle("");
  };

  return (
    <nav className="report-list" aria-label={t("report.listLabel")}>
      <form className="report-create" onSubmit={create}>
        <input
          ref={titleRef}
          data-testid="report-title-input"
          aria-label={t("report.newTitle")}
          placeholder={t("report.newTitle")}
          value={title}
          onChange={(e) => {
            setTitle(e.target.value);
          }}
        />
        <button type="submit" data-testid="report-new" disabled={title.trim() === ""} title={t("report.create")}>
          <PlusIcon />
          {t("report.create")}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {reports?.length === 0 && <p className="muted small">{t("report.none")}</p>}
      <ul className="report-items">
        {reports?.map((report) => (
          <li key={report.path}>
            <button
              type="button"
              className={report.path === openPath ? "report-item current" : "report-item"}
              aria-current={report.path === openPath ? "true" : undefined}
              data-testid="report-item"
              data-report={report.title}
              data-path={report.path}
              title={report.path}
              onClick={() => {
                onOpen(report.path);
              }}
            >
              <span className="report-item-title">{report.title}</span>
              <span className="report-item-meta">{formatDateTime(report.modifiedAt, locale)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
