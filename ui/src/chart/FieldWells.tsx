import { useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";

import type { ColumnMeta } from "../api";
import { CloseIcon } from "../shell/icons";
import { WELLS, type Well } from "./chartDraft";

const FIELD_TYPE = "application/x-quarry-field";

const WELL_LABEL = {
  x: "chart.well.x",
  y: "chart.well.y",
  series: "chart.well.series",
  size: "chart.well.size",
} as const satisfies Record<Well, string>;

interface FieldWellsProps {
  fields: readonly ColumnMeta[];
  wells: Record<Well, string | null>;
  onChange: (well: Well, field: string | null) => void;
}

/** The source's fields as draggable chips, and the x / y / series / size wells (drop or select). */
export function FieldWells({ fields, wells, onChange }: FieldWellsProps) {
  const { t } = useTranslation();
  const [over, setOver] = useState<Well | null>(null);

  const onDrop = (well: Well) => (event: DragEvent) => {
    event.preventDefault();
    setOver(null);
    const field = event.dataTransfer.getData(FIELD_TYPE) || event.dataTransfer.getData("text/plain");
    if (fields.some((f) => f.name === field)) onChange(well, field);
  };

  return (
    <div className="field-wells">
      <ul className="field-list" aria-label={t("chart.fields")} data-testid="chart-fields">
        {fields.length === 0 && <li className="muted small">{t("chart.noFields")}</li>}
        {fields.map((field) => (
          <li
            key={field.name}
            className="field-chip"
            draggable
            data-field={field.name}
            title={t("chart.dragField")}
            onDragStart={(event) => {
              event.dataTransfer.setData(FIELD_TYPE, field.name);
              event.dataTransfer.setData("text/plain", field.name);
              event.dataTransfer.effectAllowed = "copy";
            }}
          >
            <span className="mono">{field.name}</span>
            <span className="column-type">{field.sqlType}</span>
          </li>
        ))}
      </ul>
      <div className="wells">
        {WELLS.map((well) => (
          <div
            key={well}
            className={over === well ? "well drop-target" : "well"}
            onDragOver={(event) => {
              event.preventDefault();
              event.dataTransfer.dropEffect = "copy";
              setOver(well);
            }}
            onDragLeave={() => {
              setOver(null);
            }}
            onDrop={onDrop(well)}
          >
            <label className="well-label" htmlFor={`chart-well-${well}`}>
              {t(WELL_LABEL[well])}
            </label>
            <div className="well-control">
              <select
                id={`chart-well-${well}`}
                data-testid={`chart-${well}`}
                value={wells[well] ?? ""}
                onChange={(event) => {
                  onChange(well, event.target.value === "" ? null : event.target.value);
                }}
              >
                <option value="">{t("chart.wellEmpty")}</option>
                {fields.map((field) => (
                  <option key={field.name} value={field.name}>
                    {field.name}
                  </option>
                ))}
              </select>
              {wells[well] !== null && (
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t("chart.clearWell", { well: t(WELL_LABEL[well]) })}
                  onClick={() => {
                    onChange(well, null);
                  }}
                >
                  <CloseIcon />
                </button>
              )}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
