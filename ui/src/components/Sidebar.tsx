import { useState } from "react";

import type { TableInfo, WorkspaceInfo } from "../api";
import { formatRowCount } from "../format";
import { AccountPanel } from "./AccountPanel";
import { ImportPanel } from "./ImportPanel";

interface SidebarProps {
  workspace: WorkspaceInfo | null;
  tables: TableInfo[] | null;
  error: string | null;
  onRefresh: () => void;
  onChooseWorkspace: () => void;
  onReveal: () => void;
  onPickTable: (name: string) => void;
}

/** The workspace and its tables; a table expands to its columns. */
export function Sidebar(props: SidebarProps) {
  const { workspace, tables, error } = props;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const toggle = (name: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  };

  return (
    <aside className="sidebar" aria-label="Workspace">
      <header className="sidebar-header">
        <div className="workspace-name" title={workspace?.path} data-testid="workspace-name">
          {workspace?.name ?? "Opening…"}
        </div>
        <div className="sidebar-actions">
          <button type="button" onClick={props.onChooseWorkspace} title="Open or create a workspace">
            Open…
          </button>
          <button type="button" onClick={props.onReveal} title="Show the workspace in the file manager">
            Show
          </button>
          <button type="button" onClick={props.onRefresh} title="Reload the table list">
            Reload
          </button>
        </div>
      </header>
      <h2 className="sidebar-title">Tables</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {tables === null && !error && <p className="muted">Loading…</p>}
      {tables?.length === 0 && <p className="muted">This workspace has no tables yet.</p>}
      <ul className="table-list" data-testid="table-list">
        {tables?.map((table) => (
          <li key={table.name} data-testid="table-item" data-table={table.name}>
            <div className="table-row">
              <button
                type="button"
                className="disclosure"
                aria-expanded={expanded.has(table.name)}
                aria-label={`Columns of ${table.name}`}
                onClick={() => { toggle(table.name); }}
              >
                {expanded.has(table.name) ? "▾" : "▸"}
              </button>
              <button
                type="button"
                className="table-name"
                onClick={() => { props.onPickTable(table.name); }}
                title="Put a preview query into the editor"
              >
                {table.name}
                {table.isView && <span className="badge">view</span>}
              </button>
              {table.rowCount !== null && (
                <span className="row-count">{formatRowCount(table.rowCount)}</span>
              )}
            </div>
            {expanded.has(table.name) && (
              <ul className="column-list">
                {table.columns.map((column) => (
                  <li key={column.name}>
                    <span>{column.name}</span>
                    <span className="column-type">{column.sqlType}</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <ImportPanel onImported={props.onRefresh} />
      <AccountPanel />
    </aside>
  );
}
