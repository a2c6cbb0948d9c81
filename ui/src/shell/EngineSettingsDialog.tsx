import { useEffect, useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type EngineSettings, type WorkspaceSettings } from "../api";
import { Dialog } from "./Dialog";

interface Form {
  memoryLimit: string;
  threads: string;
  tempDirectory: string;
}

function toForm(settings: WorkspaceSettings): Form {
  return {
    memoryLimit: settings.memoryLimit ?? "",
    threads: settings.threads?.toString() ?? "",
    tempDirectory: settings.tempDirectory ?? "",
  };
}

/** The form as settings: an empty field is DuckDB's default; `null` when threads is not a whole number. */
export function fromForm(form: Form): WorkspaceSettings | null {
  const blank = (text: string) => (text.trim() === "" ? null : text.trim());
  const threads = blank(form.threads);
  if (threads !== null && !/^\d+$/.test(threads)) return null;
  return {
    memoryLimit: blank(form.memoryLimit),
    threads: threads === null ? null : Number(threads),
    tempDirectory: blank(form.tempDirectory),
  };
}

/** Memory limit, threads and spill folder of the open workspace; the engine checks the values. */
export function EngineSettingsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<EngineSettings | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let current = true;
    api.engineSettings().then(
      (settings) => {
        if (!current) return;
        setLoaded(settings);
        setForm(toForm(settings.settings));
      },
      (e: unknown) => {
        if (current) setError(errorMessage(e));
      },
    );
    return () => {
      current = false;
    };
  }, []);

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!form) return;
    const settings = fromForm(form);
    if (!settings) {
      setError(t("settings.threadsWhole"));
      return;
    }
    setError(null);
    setSaving(true);
    api.setEngineSettings(settings).then(onClose, (e: unknown) => {
      setSaving(false);
      setError(errorMessage(e));
    });
  };

  const field = (key: keyof Form, label: string, placeholder: string, hint: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        data-testid={`settings-${key}`}
        value={form?.[key] ?? ""}
        placeholder={placeholder}
        disabled={!form || saving}
        onChange={(e) => {
          const value = e.target.value;
          setForm((current) => current && { ...current, [key]: value });
        }}
      />
      <small className="hint">{hint}</small>
    </label>
  );

  return (
    <Dialog title={t("settings.title")} onClose={onClose} testId="settings-dialog">
      <form className="settings-form" onSubmit={save}>
        {field("memoryLimit", t("settings.memoryLimit"), t("settings.memoryDefault"), t("settings.memoryHint"))}
        {field("threads", t("settings.threads"), t("settings.threadsDefault"), t("settings.threadsHint"))}
        {field(
          "tempDirectory",
          t("settings.tempDirectory"),
          loaded?.defaultTempDirectory ?? "",
          t("settings.tempDirectoryHint"),
        )}
        {error && (
          <p className="error" role="alert" data-testid="settings-error">
            {error}
          </p>
        )}
        <footer className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" data-testid="settings-save" disabled={!form || saving}>
            {t("settings.save")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
