import { useTranslation } from "react-i18next";

import type { ParameterControl, ParameterValue } from "../api";

interface ParameterControlsProps {
  controls: readonly ParameterControl[];
  values: Record<string, ParameterValue>;
  onChange: (name: string, value: ParameterValue) => void;
}

function asRange(value: ParameterValue | undefined): { from: string; to: string } {
  return typeof value === "object" && !Array.isArray(value) ? value : { from: "", to: "" };
}

function asList(value: ParameterValue | undefined): string[] {
  return Array.isArray(value) ? value : [];
}

function Control({ control, value, onChange }: { control: ParameterControl; value: ParameterValue | undefined; onChange: (v: ParameterValue) => void }) {
  const { t } = useTranslation();
  switch (control.kind) {
    case "date_range": {
      const range = asRange(value);
      return (
        <span className="date-range">
          <input
            type="date"
            aria-label={t("report.parameterFrom", { label: control.label })}
            value={range.from}
            onChange={(e) => {
              onChange({ ...range, from: e.target.value });
            }}
          />
          <span aria-hidden="true">–</span>
          <input
            type="date"
            aria-label={t("report.parameterTo", { label: control.label })}
            value={range.to}
            onChange={(e) => {
              onChange({ ...range, to: e.target.value });
            }}
          />
        </span>
      );
    }
    case "select":
      return (
        <select
          aria-label={control.label}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        >
          {control.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case "multi_select": {
      const chosen = asList(value);
      return (
        <details className="multi-select">
          <summary aria-label={control.label}>
            {chosen.length === 0 ? t("report.parameterAll") : chosen.join(", ")}
          </summary>
          <div className="multi-select-options">
            {control.options.map((option) => (
              <label key={option} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(option)}
                  onChange={(e) => {
                    onChange(e.target.checked ? [...chosen, option] : chosen.filter((o) => o !== option));
                  }}
                />
                {option}
              </label>
            ))}
          </div>
        </details>
      );
    }
    case "number":
      return (
        <input
          type="number"
          aria-label={control.label}
          value={typeof value === "number" ? value : ""}
          onChange={(e) => {
            if (e.target.value !== "") onChange(Number(e.target.value));
          }}
        />
      );
    case "text":
      return (
        <input
          aria-label={control.label}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        />
      );
  }
}

/** The report's parameters as filter controls; a change re-runs the preview. */
export function ParameterControls({ controls, values, onChange }: ParameterControlsProps) {
  const { t } = useTranslation();
  if (controls.length === 0) return null;
  return (
    <div className="parameter-bar" role="group" aria-label={t("report.parameters")} data-testid="report-parameters">
      {controls.map((control) => (
        <div key={control.name} className="parameter" data-parameter={control.name}>
          <span className="parameter-label">{control.label}</span>
          <Control
            control={control}
            value={values[control.name]}
            onChange={(value) => {
              onChange(control.name, value);
            }}
          />
        </div>
      ))}
    </div>
  );
}
