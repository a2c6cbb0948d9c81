import { useId, useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage } from "../api";
import { useSync } from "./useSync";

/** The hub's address: a field while none is set, else the address with a Change link. */
export function HubAddress({ hubUrl }: { hubUrl: string | null }) {
  const { t } = useTranslation();
  const sync = useSync();
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const editing = hubUrl === null || draft !== null;
  const value = draft ?? hubUrl ?? "";

  const save = async (event: SyntheticEvent) => {
    event.preventDefault();
    const url = value.trim();
    if (!url) return;
    setSaving(true);
    setError(null);
    try {
      sync.setOverview(await api.setHubUrl(url));
      setDraft(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="sharing-section" aria-labelledby={titleId}>
      <h3 className="section-title" id={titleId}>
        {t("sync.hub.title")}
      </h3>
      {editing ? (
        <form className="inline-form" onSubmit={(e) => void save(e)}>
          <input
            type="text"
            inputMode="url"
            spellCheck={false}
            autoComplete="url"
            aria-label={t("sync.hub.title")}
            placeholder={t("sync.hub.placeholder")}
            value={value}
            disabled={saving}
            onChange={(e) => {
              setDraft(e.target.value);
            }}
            data-testid="hub-url"
          />
          <button type="submit" className="primary" disabled={saving || !value.trim()} data-testid="hub-url-save">
            {t("sync.hub.save")}
          </button>
          {hubUrl !== null && (
            <button
              type="button"
              onClick={() => {
                setDraft(null);
                setError(null);
              }}
            >
              {t("common.cancel")}
            </button>
          )}
        </form>
      ) : (
        <div className="hub-url">
          <span className="hub-url-text mono" data-testid="hub-url-current" data-url={hubUrl}>
            {hubUrl}
          </span>
          <button
            type="button"
            className="link-button"
            aria-label={t("sync.hub.changeLabel")}
            onClick={() => {
              setDraft(hubUrl);
            }}
            data-testid="hub-url-change"
          >
            {t("sync.hub.change")}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="hub-url-error">
          {error}
        </p>
      )}
    </section>
  );
}
