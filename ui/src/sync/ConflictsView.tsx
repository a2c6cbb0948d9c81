import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type ConflictView } from "../api";
import { fileName, pointerLabel } from "./syncText";
import { useLoaded } from "./useLoaded";
import { useSync } from "./useSync";

type Side = "mine" | "theirs";

function SideValue({ side, text, deleted }: { side: Side; text: string | null; deleted: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="conflict-side">
      <span>{side === "mine" ? t("sync.conflicts.mine") : t("sync.conflicts.theirs")}</span>
      <p
        className={deleted || text === null ? "conflict-value deleted" : "conflict-value"}
        data-testid={side === "mine" ? "conflict-mine" : "conflict-theirs"}
        data-deleted={deleted}
      >
        {deleted ? t("sync.conflicts.deleted") : (text ?? t("sync.conflicts.absent"))}
      </p>
    </div>
  );
}

function Conflict({ conflict, busy, onKeep }: { conflict: ConflictView; busy: boolean; onKeep: (keep: Side) => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <article
      className="conflict"
      aria-labelledby={headingId}
      data-testid="conflict"
      data-document={conflict.documentId}
      data-path={conflict.path ?? undefined}
    >
      <h4 id={headingId} data-testid="conflict-title">
        {conflict.title}
      </h4>
      {conflict.path && <span className="muted small">{fileName(conflict.path)}</span>}
      {conflict.mineDeleted && <span className="warning-text">{t("sync.conflicts.mineDeleted")}</span>}
      {conflict.theirsDeleted && <span className="warning-text">{t("sync.conflicts.theirsDeleted")}</span>}
      {conflict.differences.map((difference) => (
        <div
          key={difference.pointer}
          className="conflict-difference"
          data-testid="conflict-difference"
          data-pointer={difference.pointer}
        >
          <span className="conflict-pointer">{pointerLabel(difference.pointer, t)}</span>
          <SideValue side="mine" text={difference.mine} deleted={conflict.mineDeleted} />
          <SideValue side="theirs" text={difference.theirs} deleted={conflict.theirsDeleted} />
        </div>
      ))}
      <div className="row-actions">
        <button
          type="button"
          disabled={busy}
          aria-label={t("sync.conflicts.keepMineLabel", { title: conflict.title })}
          onClick={() => {
            onKeep("mine");
          }}
          data-testid="conflict-keep-mine"
        >
          {t("sync.conflicts.keepMine")}
        </button>
        <button
          type="button"
          disabled={busy}
          aria-label={t("sync.conflicts.keepTheirsLabel", { title: conflict.title })}
          onClick={() => {
            onKeep("theirs");
          }}
          data-testid="conflict-keep-theirs"
        >
          {t("sync.conflicts.keepTheirs")}
        </button>
      </div>
    </article>
  );
}

/** Documents changed here and on the hub: both sides where they differ, and the choice. */
export function ConflictsView({ count }: { count: number }) {
  const { t } = useTranslation();
  const sync = useSync();
  const titleId = useId();
  // Loaded again when the number changes and after every run (which may settle or add some).
  const conflicts = useLoaded(api.syncConflicts, `${String(count)}:${String(sync.runs)}`);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const keep = async (documentId: string, side: Side) => {
    setBusy(documentId);
    setError(null);
    try {
      // The run bumps `sync.runs`, which loads the conflicts again.
      await sync.runCommand(() => api.resolveConflict(documentId, side));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const list = conflicts.value;
  return (
    <section className="sharing-section" aria-labelledby={titleId} data-testid="conflicts">
      <h3 className="section-title error-text" id={titleId}>
        {t("sync.conflicts.title")}
      </h3>
      <p className="muted small">{t("sync.conflicts.hint")}</p>
      {list === null && conflicts.loading && <p className="muted">{t("common.loading")}</p>}
      {list?.map((conflict) => (
        <Conflict
          key={conflict.documentId}
          conflict={conflict}
          busy={busy !== null}
          onKeep={(side) => void keep(conflict.documentId, side)}
        />
      ))}
      {(error ?? conflicts.error) && (
        <p className="error" role="alert" data-testid="conflicts-error">
          {error ?? conflicts.error}
        </p>
      )}
    </section>
  );
}
