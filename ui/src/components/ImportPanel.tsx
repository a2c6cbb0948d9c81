import { useState, type SyntheticEvent } from "react";

import { api, errorMessage, newJobId, type ImportReport } from "../api";
import { formatRowCount } from "../format";

interface ImportPanelProps {
  /** Called after a dataset was created or refreshed. */
  onImported: () => void;
}

type ImportState =
  | { kind: "idle" }
  | { kind: "running"; jobId: string; fraction: number }
  | { kind: "done"; report: ImportReport }
  | { kind: "failed"; message: string };

/** Imports a file, folder or glob by path into a dataset, with progress and cancel. */
export function ImportPanel({ onImported }: ImportPanelProps) {
  const [source, setSource] = useState("");
  const [name, setName] = useState("");
  const [state, setState] = useState<ImportState>({ kind: "idle" });
  const running = state.kind === "running";

  const start = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (source.trim() === "" || running) return;
    const jobId = newJobId("import");
    setState({ kind: "running", jobId, fraction: 0 });
    try {
      const report = await api.importSource(jobId, source.trim(), name.trim() || null, (fraction) => {
        setState((s) => (s.kind === "running" && s.jobId === jobId ? { ...s, fraction } : s));
      });
      setState({ kind: "done", report });
      onImported();
    } catch (error) {
      setState({ kind: "failed", message: errorMessage(error) });
    }
  };

  return (
    <form className="import-panel" data-testid="import-form" onSubmit={(e) => void start(e)}>
      <h2 className="sidebar-title">Import</h2>
      <input
        aria-label="File, folder or glob to import"
        data-testid="import-path"
        placeholder="/path/to/data.csv"
        value={source}
        disabled={running}
        onChange={(e) => { setSource(e.target.value); }}
      />
      <input
        aria-label="Dataset name (optional)"
        data-testid="import-name"
        placeholder="dataset name (optional)"
        value={name}
        disabled={running}
        onChange={(e) => { setName(e.target.value); }}
      />
      <div className="import-actions">
        {running ? (
          <>
            <progress
              aria-label="Import progress"
              data-testid="import-progress"
              max={1}
              value={state.fraction}
            />
            <button
              type="button"
              data-testid="cancel-import"
              onClick={() => void api.cancelJob(state.jobId)}
            >
              Cancel
            </button>
          </>
        ) : (
          <button type="submit" data-testid="start-import" disabled={source.trim() === ""}>
            Import
          </button>
        )}
      </div>
      <p className="import-status" role="status" data-testid="import-status">
        {state.kind === "done" && importSummary(state.report)}
      </p>
      {state.kind === "failed" && (
        <p className="error" role="alert" data-testid="import-error">
          {state.message}
        </p>
      )}
    </form>
  );
}

/** "Imported orders (v2): 1,000 rows, 3 rejected". */
export function importSummary(report: ImportReport): string {
  const { dataset, rejectedTotal } = report;
  const version = report.previousVersion === null ? "" : ` (v${dataset.version.toString()})`;
  const rejected = rejectedTotal > 0 ? `, ${formatRowCount(rejectedTotal)} rejected` : "";
  const latin1 = report.decodedAsLatin1 ? ", read as Latin-1" : "";
  return `Imported ${dataset.name}${version}: ${formatRowCount(dataset.rowCount)}${rejected}${latin1}`;
}
