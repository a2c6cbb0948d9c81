import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type ChartDraft, type DraftBlockKind, type ReportEntry } from "../api";
import { PlusIcon } from "../shell/icons";

const NEW_REPORT = ":new";

const BLOCK_KINDS = [
  ["chart", "chart.addAsChart"],
  ["table", "chart.addAsTable"],
  ["kpi", "chart.addAsKpi"],
  ["pivot", "chart.addAsPivot"],
] as const;

interface AddToReportProps {
  draft: ChartDraft | null;
  /**
   * Puts the draft into the report at `path` (creating the report first when `newTitle` is set)
   * as a `kind` block.
   */
  onAdd: (target: { path: string } | { newTitle: string }, draft: ChartDraft, kind: DraftBlockKind) => Promise<string>;
}

type AddState = { kind: "idle" } | { kind: "adding" } | { kind: "added"; title: string } | { kind: "failed"; message: string };

/** Picks a report (or a new one) and adds the chart to it. */
export function AddToReport({ draft, onAdd }: AddToReportProps) {
  const { t } = useTranslation();
  const [reports, setReports] = useState<ReportEntry[]>([]);
  const [choice, setChoice] = useState("");
  const [newTitle, setNewTitle] = useState("");
  const [kind, setKind] = useState<DraftBlockKind>("chart");
  const [state, setState] = useState<AddState>({ kind: "idle" });

  useEffect(() => {
    let current = true;
    api.listReports().then(
      (list) => {
        if (current) setReports(list);
      },
      (e: unknown) => {
        if (current) setState({ kind: "failed", message: errorMessage(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [state.kind]);

  const selected = choice === "" ? (reports[0]?.path ?? NEW_REPORT) : choice;
  const creating = selected === NEW_REPORT;
  const ready = draft !== null && state.kind !== "adding" && (!creating || newTitle.trim() !== "");

  const add = () => {
    if (!draft || !ready) return;
    setState({ kind: "adding" });
    const target = creating ? { newTitle: newTitle.trim() } : { path: selected };
    onAdd(target, draft, kind).then(
      (title) => {
        setState({ kind: "added", title });
        setNewTitle("");
        setChoice("");
      },
      (e: unknown) => {
        setState({ kind: "failed", message: errorMessage(e) });
      },
    );
  };

  return (
    <div className="add-to-report">
      <label className="field">
        <span>{t("chart.report")}</span>
        <select
          data-testid="chart-report"
          value={selected}
          onChange={(e) => {
            setChoice(e.target.value);
          }}
        >
          {reports.map((report) => (
            <option key={report.path} value={report.path}>
              {report.title}
            </option>
          ))}
          <option value={NEW_REPORT}>{t("chart.newReport")}</option>
        </select>
      </label>
      {creating && (
        <input
          aria-label={t("chart.newReportTitle")}
          placeholder={t("chart.newReportTitle")}
          data-testid="chart-new-report-title"
          value={newTitle}
          onChange={(e) => {
            setNewTitle(e.target.value);
          }}
        />
      )}
      <label className="field">
        <span>{t("chart.addAs")}</span>
        <select
          data-testid="chart-add-as"
          value={kind}
          onChange={(e) => {
            const picked = BLOCK_KINDS.find(([value]) => value === e.target.value);
            if (picked) setKind(picked[0]);
          }}
        >
          {BLOCK_KINDS.map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="chart-add-to-report" disabled={!ready} onClick={add}>
        <PlusIcon />
        {t("chart.addToReport")}
      </button>
      <span className="add-status" role="status" data-testid="chart-add-status" data-state={state.kind}>
        {state.kind === "added" && t("chart.added", { title: state.title })}
      </span>
      {state.kind === "failed" && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
    </div>
  );
}
