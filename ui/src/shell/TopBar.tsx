import { useContext } from "react";
import { useTranslation } from "react-i18next";

import type { WorkspaceInfo } from "../api";
import { LANGUAGES, isLanguage, setLanguage, type Language } from "../i18n";
import { AccountPanel } from "./AccountPanel";
import { FolderIcon } from "./icons";
import { ThemeContext, isThemeChoice, type ThemeChoice } from "./theme";

const LANGUAGE_NAME: Record<Language, string> = { en: "English", de: "Deutsch" };

const THEME_LABEL = {
  system: "theme.system",
  light: "theme.light",
  dark: "theme.dark",
} as const satisfies Record<ThemeChoice, string>;

interface TopBarProps {
  workspace: WorkspaceInfo | null;
  onChooseWorkspace: () => void;
  onReveal: () => void;
}

/** Workspace name and actions, theme and language, the account. */
export function TopBar({ workspace, onChooseWorkspace, onReveal }: TopBarProps) {
  const { t, i18n } = useTranslation();
  const theme = useContext(ThemeContext);
  return (
    <header className="topbar">
      <div className="brand" aria-hidden="true">
        <svg width="18" height="18" viewBox="0 0 16 16" className="brand-mark">
          <path d="M8 1.5l5.5 3.2v6.6L8 14.5l-5.5-3.2V4.7z" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M2.5 4.7L8 8l5.5-3.3M8 8v6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
        Quarry
      </div>
      <div className="workspace" role="group" aria-label={t("topbar.workspace")}>
        <span
          className="workspace-name"
          data-testid="workspace-name"
          data-workspace={workspace?.name}
          title={workspace?.path}
        >
          {workspace?.name ?? t("topbar.opening")}
        </span>
        <button type="button" onClick={onChooseWorkspace} title={t("topbar.openHint")}>
          {t("topbar.open")}
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={onReveal}
          aria-label={t("topbar.reveal")}
          title={t("topbar.reveal")}
        >
          <FolderIcon />
        </button>
      </div>
      <span className="toolbar-spacer" />
      <label className="inline-field">
        <span>{t("theme.label")}</span>
        <select
          data-testid="theme-select"
          value={theme.choice}
          onChange={(e) => {
            if (isThemeChoice(e.target.value)) theme.setChoice(e.target.value);
          }}
        >
          {(["system", "light", "dark"] as const).map((choice) => (
            <option key={choice} value={choice}>
              {t(THEME_LABEL[choice])}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t("language.label")}</span>
        <select
          data-testid="language-select"
          value={i18n.language}
          onChange={(e) => {
            if (isLanguage(e.target.value)) void setLanguage(e.target.value);
          }}
        >
          {LANGUAGES.map((language) => (
            <option key={language} value={language} lang={language}>
              {LANGUAGE_NAME[language]}
            </option>
          ))}
        </select>
      </label>
      <AccountPanel />
    </header>
  );
}
