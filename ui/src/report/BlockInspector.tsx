import { useTranslation } from "react-i18next";

import type { ReportBlock } from "../api";
import { TrashIcon } from "../shell/icons";
import { BLOCK_LABEL } from "./blockSummary";
import { GRID_COLUMNS, hasOwnHeight } from "./gridMoves";

interface BlockInspectorProps {
  block: ReportBlock;
  index: number;
  /** The block's height on the grid now (what an unset height means). */
  gridHeight: number | null;
  /** Sets fields of the block; `key` groups typing into one undo step. */
  onChange: (fields: Record<string, unknown>, key: string) => void;
  onDelete: () => void;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

/** Edits the selected block: a heading's text and level, a text's markdown, width and height. */
export function BlockInspector({ block, index, gridHeight, onChange, onDelete }: BlockInspectorProps) {
  const { t } = useTranslation();
  const layout = block.layout ?? {};
  const setLayout = (field: "width" | "height", value: number) => {
    onChange({ layout: { ...layout, [field]: value } }, `layout-${field}-${index.toString()}`);
  };

  return (
    <aside className="block-inspector" aria-label={t("report.inspector")} data-testid="block-inspector">
      <h3 className="subsection-title">{t(BLOCK_LABEL[block.type])}</h3>
      {block.type === "heading" && (
        <>
          <label className="field">
            <span>{t("report.headingText")}</span>
            <input
              data-testid="block-heading-text"
              value={typeof block.text === "string" ? block.text : ""}
              onChange={(e) => {
                onChange({ text: e.target.value }, `text-${index.toString()}`);
              }}
            />
          </label>
          <label className="field">
            <span>{t("report.headingLevel")}</span>
            <select
              value={numberOr(block.level, 2)}
              onChange={(e) => {
                onChange({ level: Number(e.target.value) }, `level-${index.toString()}`);
              }}
            >
              {[1, 2, 3].map((level) => (
                <option key={level} value={level}>
                  {t("report.level", { level })}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {block.type === "text" && (
        <label className="field">
          <span>{t("report.markdown")}</span>
          <textarea
            data-testid="block-markdown"
            rows={8}
            value={typeof block.markdown === "string" ? block.markdown : ""}
            onChange={(e) => {
              onChange({ markdown: e.target.value }, `markdown-${index.toString()}`);
            }}
          />
          <small className="hint">{t("report.markdownHint")}</small>
        </label>
      )}
      <div className="field-row">
        <label className="field">
          <span>{t("report.width")}</span>
          <input
            type="number"
            min={1}
            max={GRID_COLUMNS}
            data-testid="block-width"
            value={numberOr(layout.width, GRID_COLUMNS)}
            onChange={(e) => {
              const width = Math.min(GRID_COLUMNS, Math.max(1, Number(e.target.value) || 1));
              setLayout("width", width);
            }}
          />
        </label>
        {hasOwnHeight(block) && (
          <label className="field">
            <span>{t("report.height")}</span>
            <input
              type="number"
              min={1}
              data-testid="block-height"
              value={numberOr(layout.height, gridHeight ?? 1)}
              onChange={(e) => {
                setLayout("height", Math.max(1, Number(e.target.value) || 1));
              }}
            />
          </label>
        )}
      </div>
      <button type="button" className="danger" data-testid="report-delete-block" onClick={onDelete}>
        <TrashIcon />
        {t("report.deleteBlock")}
      </button>
    </aside>
  );
}
