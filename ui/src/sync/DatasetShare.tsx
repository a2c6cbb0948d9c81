// Sharing an imported dataset with the connected workspace: the shell exports it to Parquet and
// uploads it as a snapshot; members' next sync refreshes it in their engine.
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type DatasetSummary } from "../api";
import { ShareIcon, SpinnerIcon } from "../shell/icons";
import { useSync } from "./useSync";
import "./sync.css";

type ShareState =
  | { kind: "idle" }
  | { kind: "busy" }
  /** `version` is the dataset's version that was shared: a later refresh hides the note. */
  | { kind: "done"; workspace: string; version: number; snapshot: string }
  | { kind: "failed"; error: string };

export interface DatasetShare {
  /** The connected workspace's name; null when the dataset cannot be shared. */
  workspace: string | null;
  state: ShareState;
  share: () => void;
}

/** The share state of one dataset row. */
export function useDatasetShare(dataset: DatasetSummary): DatasetShare {
  const { overview } = useSync();
  const [state, setState] = useState<ShareState>({ kind: "idle" });
  const workspace = overview?.signedIn && overview.workspace ? overview.workspace.name : null;
  const { name, version } = dataset;

  const share = () => {
    if (workspace === null || state.kind === "busy") return;
    setState({ kind: "busy" });
    api.shareDataset(name).then(
      (snapshot) => {
        setState({ kind: "done", workspace, version, snapshot });
      },
      (e: unknown) => {
        setState({ kind: "failed", error: errorMessage(e) });
      },
    );
  };
  return { workspace, state, share };
}

/** The row's share icon button (only while connected); `disabled` while the dataset is busy otherwise. */
export function DatasetShareButton({ name, share, disabled }: { name: string; share: DatasetShare; disabled: boolean }) {
  const { t } = useTranslation();
  if (share.workspace === null) return null;
  const busy = share.state.kind === "busy";
  const label = busy
    ? t("sources.sharing", { name, workspace: share.workspace })
    : t("sources.share", { name, workspace: share.workspace });
  return (
    <button
      type="button"
      className="icon-button"
      data-testid="dataset-share"
      disabled={disabled || busy}
      aria-busy={busy}
      aria-label={label}
      title={label}
      onClick={share.share}
    >
      {busy ? <SpinnerIcon /> : <ShareIcon />}
    </button>
  );
}

/** The outcome of the last share under the row: a short confirmation or the shell's error. */
export function DatasetShareStatus({ dataset, share }: { dataset: DatasetSummary; share: DatasetShare }) {
  const { t } = useTranslation();
  const { state } = share;
  if (share.workspace === null) return null;
  if (state.kind === "failed") {
    return (
      <p className="source-note error-text" role="alert" data-testid="dataset-share-error">
        {t("sources.shareFailed", { name: dataset.name, error: state.error })}
      </p>
    );
  }
  if (state.kind === "done" && state.version === dataset.version) {
    return (
      <p className="source-note shared-note" role="status" data-testid="dataset-shared" data-snapshot={state.snapshot}>
        {t("sources.shared", { workspace: state.workspace })}
      </p>
    );
  }
  return null;
}
