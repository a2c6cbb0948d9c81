// Light, dark or the system's choice; the resolved theme is set on <html data-theme>.
import { createContext, useCallback, useContext, useEffect, useState } from "react";

import type { Theme } from "../api";

export type ThemeChoice = "system" | "light" | "dark";

const STORAGE_KEY = "quarry.theme";
const DARK_QUERY = "(prefers-color-scheme: dark)";

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return value === "system" || value === "light" || value === "dark";
}

function savedChoice(): ThemeChoice {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isThemeChoice(saved)) return saved;
  } catch {
    // No storage: follow the system.
  }
  return "system";
}

function systemPrefersDark(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia(DARK_QUERY).matches;
}

/** The theme a choice means now. */
export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): Theme {
  if (choice === "system") return prefersDark ? "dark" : "light";
  return choice;
}

/** Sets the saved theme on <html> before the first render, so the window opens in it. */
export function applyInitialTheme(): void {
  document.documentElement.dataset.theme = resolveTheme(savedChoice(), systemPrefersDark());
}

export interface ThemeState {
  choice: ThemeChoice;
  theme: Theme;
  setChoice: (choice: ThemeChoice) => void;
}

/** Owns the theme: persists the choice, follows the system's setting, applies it to <html>. */
export function useThemeState(): ThemeState {
  const [choice, setChoiceState] = useState<ThemeChoice>(savedChoice);
  const [prefersDark, setPrefersDark] = useState(systemPrefersDark);

  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const query = window.matchMedia(DARK_QUERY);
    const onChange = (event: MediaQueryListEvent) => {
      setPrefersDark(event.matches);
    };
    query.addEventListener("change", onChange);
    return () => {
      query.removeEventListener("change", onChange);
    };
  }, []);

  const theme = resolveTheme(choice, prefersDark);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const setChoice = useCallback((next: ThemeChoice) => {
    setChoiceState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // The choice still applies to this session.
    }
  }, []);

  return { choice, theme, setChoice };
}

export const ThemeContext = createContext<ThemeState>({
  choice: "system",
  theme: "light",
  setChoice: () => undefined,
});

/** The resolved theme ("light" / "dark") for components that draw (charts, previews, editor). */
export function useTheme(): Theme {
  return useContext(ThemeContext).theme;
}
