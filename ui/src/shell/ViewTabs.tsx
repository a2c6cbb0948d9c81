import { useRef, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

export const VIEWS = ["query", "chart", "report"] as const;
export type View = (typeof VIEWS)[number];

const VIEW_LABEL = { query: "tabs.query", chart: "tabs.chart", report: "tabs.report" } as const satisfies Record<View, string>;

export const tabId = (view: View) => `view-tab-${view}`;
export const panelId = "view-panel";

/** Query / Chart / Report; arrow keys move between the tabs. */
export function ViewTabs({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  const { t } = useTranslation();
  const list = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = VIEWS[(VIEWS.indexOf(view) + step + VIEWS.length) % VIEWS.length] ?? view;
    onChange(next);
    list.current?.querySelector<HTMLElement>(`#${tabId(next)}`)?.focus();
  };

  return (
    <div ref={list} className="view-tabs" role="tablist" aria-label={t("tabs.label")} onKeyDown={onKeyDown}>
      {VIEWS.map((id) => (
        <button
          key={id}
          id={tabId(id)}
          type="button"
          role="tab"
          aria-selected={view === id}
          aria-controls={panelId}
          tabIndex={view === id ? 0 : -1}
          data-testid={`tab-${id}`}
          onClick={() => {
            onChange(id);
          }}
        >
          {t(VIEW_LABEL[id])}
        </button>
      ))}
    </div>
  );
}
