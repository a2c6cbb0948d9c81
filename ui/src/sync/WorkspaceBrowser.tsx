import { useId, useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type HubWorkspace } from "../api";
import { RefreshIcon } from "../shell/icons";
import { useLoaded } from "./useLoaded";
import { useSync } from "./useSync";

const ROLE_LABEL = {
  admin: "sync.role.admin",
  owner: "sync.role.owner",
  member: "sync.role.member",
} as const satisfies Record<HubWorkspace["role"], string>;

/** The signed-in account's shared workspaces: connect this workspace to one, or create one. */
export function WorkspaceBrowser() {
  const { t } = useTranslation();
  const sync = useSync();
  const titleId = useId();
  const workspaces = useLoaded(api.hubWorkspaces);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState<string | null>(null); // "create", or the id of the workspace being connected
  const [error, setError] = useState<string | null>(null);

  const connect = async (workspace: HubWorkspace) => {
    setBusy(workspace.id);
    setError(null);
    try {
      await sync.runCommand(() => api.connectHubWorkspace(workspace));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const create = async (event: SyntheticEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    setBusy("create");
    setError(null);
    try {
      await api.createHubWorkspace(trimmed);
      setName("");
      workspaces.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const list = workspaces.value;
  return (
    <section className="sharing-section" aria-labelledby={titleId}>
      <div className="sharing-section-header">
        <h3 className="section-title" id={titleId}>
          {t("sync.browser.title")}
        </h3>
        <button
          type="button"
          className="icon-button"
          aria-label={t("sync.browser.refresh")}
          title={t("sync.browser.refresh")}
          disabled={workspaces.loading}
          onClick={workspaces.reload}
          data-testid="hub-workspaces-refresh"
        >
          <RefreshIcon />
        </button>
      </div>
      <p className="muted small">{t("sync.browser.hint")}</p>
      {list === null && workspaces.loading && <p className="muted">{t("common.loading")}</p>}
      {list?.length === 0 && <p className="muted">{t("sync.browser.none")}</p>}
      {list && list.length > 0 && (
        <ul className="plain-list" data-testid="hub-workspace-list" aria-busy={workspaces.loading}>
          {list.map((workspace) => (
            <li key={workspace.id} className="list-row" data-testid="hub-workspace" data-name={workspace.name}>
              <span className="list-row-main">
                <span className="hub-workspace-name">{workspace.name}</span>
                <span className="badge" data-role={workspace.role}>
                  {t(ROLE_LABEL[workspace.role])}
                </span>
              </span>
              <button
                type="button"
                aria-label={t("sync.browser.connectLabel", { name: workspace.name })}
                disabled={busy !== null}
                onClick={() => void connect(workspace)}
                data-testid="hub-workspace-connect"
              >
                {busy === workspace.id ? t("sync.browser.connecting") : t("sync.browser.connect")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={(e) => void create(e)}>
        <input
          aria-label={t("sync.browser.newName")}
          placeholder={t("sync.browser.newName")}
          value={name}
          disabled={busy === "create"}
          onChange={(e) => {
            setName(e.target.value);
          }}
          data-testid="hub-workspace-name"
        />
        <button type="submit" disabled={busy !== null || !name.trim()} data-testid="hub-workspace-create">
          {t("sync.browser.create")}
        </button>
      </form>
      {(error ?? workspaces.error) && (
        <p className="error" role="alert" data-testid="hub-workspaces-error">
          {error ?? workspaces.error}
        </p>
      )}
    </section>
  );
}
