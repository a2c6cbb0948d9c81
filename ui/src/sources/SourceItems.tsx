import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { ColumnMeta, DatasetSummary, TableInfo } from "../api";
import { formatBytes, formatDateTime } from "../format";
import { ChevronIcon, ProfileIcon, RefreshIcon } from "../shell/icons";
import { useLocale } from "../shell/useLocale";
import { DatasetShareButton, DatasetShareStatus, useDatasetShare } from "../sync/DatasetShare";

function ColumnList({ columns }: { columns: ColumnMeta[] }) {
  return (
    <ul className="column-list">
      {columns.map((column) => (
        <li key={column.name}>
          <span className="mono">{column.name}</span>
          <span className="column-type">{column.sqlType}</span>
        </li>
      ))}
    </ul>
  );
}

function Disclosure({ open, label, onToggle }: { open: boolean; label: string; onToggle: () => void }) {
  return (
    <button type="button" className="disclosure" aria-expanded={open} aria-label={label} onClick={onToggle}>
      <ChevronIcon open={open} />
    </button>
  );
}

interface TableItemProps {
  table: TableInfo;
  onPick: (name: string) => void;
}

/** A table (or view) of the workspace with its row count; expands to its columns. */
export function TableItem({ table, onPick }: TableItemProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <li data-testid="table-item" data-table={table.name}>
      <div className="source-row">
        <Disclosure
          open={open}
          label={t("sources.columnsOf", { name: table.name })}
          onToggle={() => {
            setOpen(!open);
          }}
        />
        <button
          type="button"
          className="source-name"
          title={t("sources.pickHint")}
          onClick={() => {
            onPick(table.name);
          }}
        >
          {table.name}
          {table.isView && <span className="badge">{t("sources.view")}</span>}
        </button>
        {table.rowCount !== null && (
          <span className="row-count">{t("common.rows", { count: table.rowCount })}</span>
        )}
      </div>
      {open && <ColumnList columns={table.columns} />}
    </li>
  );
}

interface DatasetItemProps {
  dataset: DatasetSummary;
  onPick: (name: string) => void;
  onRefresh: (dataset: DatasetSummary) => void;
  onProfile: (name: string) => void;
  busy: boolean;
}

/** An imported dataset: rows, size, last refresh; refresh from its source, profile, share, schema. */
export function DatasetItem({ dataset, onPick, onRefresh, onProfile, busy }: DatasetItemProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  const share = useDatasetShare(dataset);
  const refreshed = formatDateTime(dataset.importedAt, locale);
  return (
    <li data-testid="dataset-item" data-dataset={dataset.name} data-rows={dataset.rowCount}>
      <div className="source-row">
        <Disclosure
          open={open}
          label={t("sources.columnsOf", { name: dataset.name })}
          onToggle={() => {
            setOpen(!open);
          }}
        />
        <div className="source-main" data-testid="table-item" data-table={dataset.name}>
          <button
            type="button"
            className="source-name"
            title={t("sources.pickHint")}
            onClick={() => {
              onPick(dataset.name);
            }}
          >
            {dataset.name}
          </button>
          <span className="row-count">{t("common.rows", { count: dataset.rowCount })}</span>
        </div>
        <button
          type="button"
          className="icon-button"
          data-testid="dataset-refresh"
          disabled={busy}
          aria-label={t("sources.refresh", { name: dataset.name })}
          title={t("sources.refresh", { name: dataset.name })}
          onClick={() => {
            onRefresh(dataset);
          }}
        >
          <RefreshIcon />
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="dataset-profile"
          aria-label={t("sources.profile", { name: dataset.name })}
          title={t("sources.profile", { name: dataset.name })}
          onClick={() => {
            onProfile(dataset.name);
          }}
        >
          <ProfileIcon />
        </button>
        <DatasetShareButton name={dataset.name} share={share} disabled={busy} />
      </div>
      <div className="source-meta" title={dataset.source}>
        <span>{dataset.format.toUpperCase()}</span>
        {dataset.sizeBytes !== null && <span>{formatBytes(dataset.sizeBytes, locale)}</span>}
        <span data-refreshed={dataset.importedAt}>{t("sources.refreshed", { when: refreshed })}</span>
      </div>
      <DatasetShareStatus dataset={dataset} share={share} />
      {open && <ColumnList columns={dataset.columns} />}
    </li>
  );
}
