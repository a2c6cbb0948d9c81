import { useCallback, useEffect, useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type HistoryEntry, type SavedQuery } from "../api";
import { formatDateTime, formatDuration } from "../format";
import { TrashIcon } from "../shell/icons";
import { useLocale } from "../shell/useLocale";

interface QueryLibraryProps {
  /** The editor's text, for "Save". */
  sql: string;
  /** Bumped after every run: the history has a new entry. */
  historyVersion: number;
  onLoad: (sql: string) => void;
}

type Tab = "history" | "saved";

/** The query history and the saved queries; a click puts the SQL into the editor. */
export function QueryLibrary({ sql, historyVersion, onLoad }: QueryLibraryProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [tab, setTab] = useState<Tab>("history");
  // `null` until the engine answered: "no queries yet" is said only when it is true.
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [saved, setSaved] = useState<SavedQuery[] | null>(null);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.queryHistory().then(
      (entries) => {
        if (current) setHistory(entries);
      },
      (e: unknown) => {
        if (current) setError(errorMessage(e));
      },
    );
    return () => {
      current = false;
    };
  }, [historyVersion]);

  const loadSaved = useCallback(() => {
    api.savedQueries().then(setSaved, (e: unknown) => {
      setError(errorMessage(e));
    });
  }, []);
  useEffect(loadSaved, [loadSaved]);

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    if (name.trim() === "" || sql.trim() === "") return;
    setError(null);
    api.saveQuery(name.trim(), sql).then(
      () => {
        setName("");
        loadSaved();
      },
      (e: unknown) => {
        setError(errorMessage(e));
      },
    );
  };

  const remove = (query: SavedQuery) => {
    api.deleteSavedQuery(query.name).then(loadSaved, (e: unknown) => {
      setError(errorMessage(e));
    });
  };

  return (
    <aside className="query-library" aria-label={t("library.label")}>
      <div className="segmented" role="tablist" aria-label={t("library.label")}>
        {(["history", "saved"] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            data-testid={`library-${id}`}
            onClick={() => {
              setTab(id);
            }}
          >
            {id === "history" ? t("library.history") : t("library.saved")}
          </button>
        ))}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {tab === "history" ? (
        <ul className="library-list" data-testid="history-list" aria-busy={history === null}>
          {history?.length === 0 && <li className="muted">{t("library.noHistory")}</li>}
          {history?.map((entry, i) => (
            <li key={`${entry.ranAt}-${i.toString()}`}>
              <button
                type="button"
                className="library-item"
                title={entry.sql}
                onClick={() => {
                  onLoad(entry.sql);
                }}
              >
                <code className="library-sql">{entry.sql}</code>
                <span className={entry.error ? "library-meta error-text" : "library-meta"}>
                  {formatDateTime(entry.ranAt, locale)} ·{" "}
                  {entry.error
                    ? t("library.failed")
                    : `${t("common.rows", { count: entry.rows ?? 0 })} · ${formatDuration(entry.elapsedMs, locale)}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <>
          <form className="library-save" onSubmit={save}>
            <input
              aria-label={t("library.saveName")}
              placeholder={t("library.saveName")}
              value={name}
              data-testid="save-query-name"
              onChange={(e) => {
                setName(e.target.value);
              }}
            />
            <button type="submit" disabled={name.trim() === "" || sql.trim() === ""} data-testid="save-query">
              {t("library.save")}
            </button>
          </form>
          <ul className="library-list" data-testid="saved-list" aria-busy={saved === null}>
            {saved?.length === 0 && <li className="muted">{t("library.noSaved")}</li>}
            {saved?.map((query) => (
              <li key={query.name} className="library-row">
                <button
                  type="button"
                  className="library-item"
                  title={query.sql}
                  onClick={() => {
                    onLoad(query.sql);
                  }}
                >
                  <span className="library-name">{query.name}</span>
                  <code className="library-sql">{query.sql}</code>
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t("library.delete", { name: query.name })}
                  title={t("library.delete", { name: query.name })}
                  onClick={() => {
                    remove(query);
                  }}
                >
                  <TrashIcon />
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
