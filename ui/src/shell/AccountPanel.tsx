import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type AccountView } from "../api";

const LAST_PROVIDER = "quarry.sso.provider";

interface Provider {
  issuer: string;
  clientId: string;
}

function lastProvider(): Provider {
  try {
    const saved = JSON.parse(localStorage.getItem(LAST_PROVIDER) ?? "null") as Provider | null;
    if (saved && typeof saved.issuer === "string" && typeof saved.clientId === "string") return saved;
  } catch {
    // A damaged entry is as good as none.
  }
  return { issuer: "", clientId: "" };
}

/** Sign in with the company's identity provider, switch accounts, sign out; or work offline. */
export function AccountPanel() {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<AccountView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<Provider | null>(null);
  const [waiting, setWaiting] = useState(false);

  const load = useCallback(() => {
    api.listAccounts().then(
      (list) => {
        setAccounts(list);
      },
      (e: unknown) => {
        setAccounts([]);
        setError(errorMessage(e));
      },
    );
  }, []);
  useEffect(load, [load]);

  const current = accounts?.find((a) => a.current) ?? null;

  const signIn = async (provider: Provider) => {
    setError(null);
    setWaiting(true);
    localStorage.setItem(LAST_PROVIDER, JSON.stringify(provider));
    try {
      await api.signIn(provider.issuer, provider.clientId);
      setForm(null);
      load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setWaiting(false);
    }
  };

  const run = (work: () => Promise<unknown>) => {
    setError(null);
    work().then(load, (e: unknown) => {
      setError(errorMessage(e));
    });
  };

  return (
    <section className="account-panel" aria-label={t("account.label")}>
      {current ? (
        <div className="account-current">
          <span
            className="account-name"
            data-testid="account-name"
            data-account={current.name}
            title={current.email ?? current.subject}
          >
            {current.name}
          </span>
          <button type="button" onClick={() => { run(() => api.signOut(current)); }}>
            {t("account.signOut")}
          </button>
        </div>
      ) : (
        !form && (
          <div className="account-current">
            <span className="muted" data-testid="account-offline">
              {t("account.offline")}
            </span>
            <button type="button" onClick={() => { setForm(lastProvider()); }} data-testid="sign-in-start">
              {t("account.signIn")}
            </button>
          </div>
        )
      )}
      {accounts && accounts.length > 1 && (
        <label className="account-switch">
          <span className="visually-hidden">{t("account.switch")}</span>
          <select
            value={current ? `${current.issuer} ${current.subject}` : ""}
            onChange={(event) => {
              const next = accounts.find((a) => `${a.issuer} ${a.subject}` === event.target.value);
              if (next) run(() => api.switchAccount(next));
            }}
          >
            {accounts.map((a) => (
              <option key={`${a.issuer} ${a.subject}`} value={`${a.issuer} ${a.subject}`}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {form && (
        <form
          className="sign-in-form"
          onSubmit={(event) => {
            event.preventDefault();
            void signIn(form);
          }}
        >
          <input
            aria-label={t("account.issuer")}
            placeholder={t("account.issuerPlaceholder")}
            value={form.issuer}
            disabled={waiting}
            onChange={(e) => { setForm({ ...form, issuer: e.target.value }); }}
            data-testid="sign-in-issuer"
          />
          <input
            aria-label={t("account.clientId")}
            placeholder={t("account.clientId")}
            value={form.clientId}
            disabled={waiting}
            onChange={(e) => { setForm({ ...form, clientId: e.target.value }); }}
            data-testid="sign-in-client"
          />
          <div className="row-actions">
            {waiting ? (
              <>
                <span className="muted">{t("account.waiting")}</span>
                <button type="button" onClick={() => { void api.cancelSignIn(); }}>
                  {t("common.cancel")}
                </button>
              </>
            ) : (
              <>
                <button
                  type="submit"
                  className="primary"
                  disabled={!form.issuer.trim() || !form.clientId.trim()}
                  data-testid="sign-in-submit"
                >
                  {t("account.continue")}
                </button>
                <button type="button" onClick={() => { setForm(null); }}>
                  {t("common.close")}
                </button>
              </>
            )}
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert" data-testid="account-error">
          {error}
        </p>
      )}
    </section>
  );
}
