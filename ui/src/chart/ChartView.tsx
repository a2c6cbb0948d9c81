import { useState, type Dispatch } from "react";
import { useTranslation } from "react-i18next";

import type { Aggregate, ChartDraft, ChartKind, DraftBlockKind, TableInfo } from "../api";
import { AddToReport } from "./AddToReport";
import {
  AGGREGATES,
  CHART_KINDS,
  effectiveWells,
  parseSourceValue,
  sourceValue,
  toDraft,
  canPreview,
  type ChartAction,
  type ChartState,
} from "./chartDraft";
import { ChartPreview } from "./ChartPreview";
import { FieldWells } from "./FieldWells";
import { useSourceFields } from "./useSourceFields";
import "./chart.css";

const KIND_LABEL = {
  bar: "chart.kind.bar",
  horizontal_bar: "chart.kind.horizontal_bar",
  grouped_bar: "chart.kind.grouped_bar",
  stacked_bar: "chart.kind.stacked_bar",
  line: "chart.kind.line",
  area: "chart.kind.area",
  scatter: "chart.kind.scatter",
  bubble: "chart.kind.bubble",
  pie: "chart.kind.pie",
  donut: "chart.kind.donut",
  histogram: "chart.kind.histogram",
  heatmap: "chart.kind.heatmap",
} as const satisfies Record<ChartKind, string>;

const AGGREGATE_LABEL = {
  sum: "chart.aggregate.sum",
  avg: "chart.aggregate.avg",
  min: "chart.aggregate.min",
  max: "chart.aggregate.max",
  count: "chart.aggregate.count",
  none: "chart.aggregate.none",
} as const satisfies Record<Aggregate, string>;

interface ChartViewProps {
  state: ChartState;
  dispatch: Dispatch<ChartAction>;
  tables: readonly TableInfo[];
  /** The SQL editor's text: the "current query" source. */
  editorSql: string;
  onAddToReport: (
    target: { path: string } | { newTitle: string },
    draft: ChartDraft,
    kind: DraftBlockKind,
  ) => Promise<string>;
}

/** Pick a source, put fields on wells, choose kind and aggregation; the engine draws the preview. */
export function ChartView({ state, dispatch, tables, editorSql, onAddToReport }: ChartViewProps) {
  const { t } = useTranslation();
  const [showSql, setShowSql] = useState(false);
  const fields = useSourceFields(state.source, tables, editorSql);
  const names = fields.columns.map((c) => c.name);
  const draft = toDraft(state, editorSql, names);
  const previewable = canPreview(draft) ? draft : null;

  return (
    <section className="chart-view" aria-label={t("tabs.chart")}>
      <div className="chart-controls">
        <label className="field">
          <span>{t("chart.source")}</span>
          <select
            data-testid="chart-source"
            value={sourceValue(state.source)}
            onChange={(e) => {
              dispatch({ type: "source", source: parseSourceValue(e.target.value) });
            }}
          >
            <option value="">{t("chart.chooseSource")}</option>
            <optgroup label={t("chart.tables")}>
              {tables.map((table) => (
                <option key={table.name} value={table.name}>
                  {table.name}
                </option>
              ))}
            </optgroup>
            <option value=":query">{t("chart.currentQuery")}</option>
          </select>
        </label>
        {fields.error && (
          <p className="error" role="alert">
            {fields.error}
          </p>
        )}
        <FieldWells
          fields={fields.columns}
          wells={effectiveWells(state, names)}
          onChange={(well, field) => {
            dispatch({ type: "well", well, field });
          }}
        />
        <div className="field-row">
          <label className="field">
            <span>{t("chart.kindLabel")}</span>
            <select
              data-testid="chart-kind"
              value={state.kind}
              onChange={(e) => {
                dispatch({ type: "kind", kind: e.target.value as ChartKind });
              }}
            >
              {CHART_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(KIND_LABEL[kind])}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t("chart.aggregateLabel")}</span>
            <select
              data-testid="chart-aggregate"
              value={state.aggregate}
              onChange={(e) => {
                dispatch({ type: "aggregate", aggregate: e.target.value as Aggregate });
              }}
            >
              {AGGREGATES.map((aggregate) => (
                <option key={aggregate} value={aggregate}>
                  {t(AGGREGATE_LABEL[aggregate])}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="field">
          <span>{t("chart.title")}</span>
          <input
            data-testid="chart-title"
            value={state.title}
            placeholder={t("chart.titlePlaceholder")}
            onChange={(e) => {
              dispatch({ type: "title", title: e.target.value });
            }}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="chart-show-sql"
            checked={showSql}
            onChange={(e) => {
              setShowSql(e.target.checked);
            }}
          />
          {t("chart.showSql")}
        </label>
        <AddToReport draft={previewable} onAdd={onAddToReport} />
      </div>
      <ChartPreview draft={previewable} showSql={showSql} />
    </section>
  );
}
