import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage, type ColumnProfile, type PiiKind, type TableProfile } from "../api";
import { formatNumber, formatPercent } from "../format";
import { Dialog } from "../shell/Dialog";
import { useLocale } from "../shell/useLocale";
import { Histogram } from "./Histogram";

const PII_LABEL = {
  email: "profile.pii.email",
  phone: "profile.pii.phone",
  credit_card: "profile.pii.credit_card",
  iban: "profile.pii.iban",
  ipv4: "profile.pii.ipv4",
  ipv6: "profile.pii.ipv6",
  us_ssn: "profile.pii.us_ssn",
} as const satisfies Record<PiiKind, string>;

function ColumnRow({ column, rowCount }: { column: ColumnProfile; rowCount: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const nulls = rowCount > 0 ? column.nullCount / rowCount : 0;
  return (
    <tr data-testid="profile-column" data-column={column.name}>
      <th scope="row" className="mono">
        {column.name}
        <span className="column-type">{column.sqlType}</span>
      </th>
      <td className="numeric">
        <span className="meter" aria-hidden="true">
          <span className="meter-fill" style={{ width: `${(nulls * 100).toFixed(1)}%` }} />
        </span>
        {formatPercent(nulls, locale)}
      </td>
      <td className="numeric">≈ {formatNumber(column.approxDistinct, locale)}</td>
      <td className="mono">{column.min ?? "—"}</td>
      <td className="mono">{column.max ?? "—"}</td>
      <td>
        <ol className="top-values">
          {column.topValues.slice(0, 5).map((top, i) => (
            <li key={i}>
              <span className="mono">{top.value ?? "NULL"}</span>
              <span className="muted">{formatNumber(top.count, locale)}</span>
            </li>
          ))}
        </ol>
      </td>
      <td>
        {column.histogram && column.histogram.length > 0 ? (
          <Histogram bins={column.histogram} locale={locale} label={t("profile.histogramOf", { column: column.name })} />
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>
        {column.pii.map((flag) => (
          <span key={flag.kind} className="badge warning" data-testid="pii-flag" data-pii={flag.kind}>
            {t(PII_LABEL[flag.kind])} ·{" "}
            {t("profile.piiShare", {
              count: formatNumber(flag.count, locale),
              sample: formatNumber(column.piiSampleSize, locale),
            })}
          </span>
        ))}
      </td>
    </tr>
  );
}

/** Per column: nulls, distinct values, range, top values, histogram and personal-data flags. */
export function ProfileDialog({ dataset, onClose }: { dataset: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [profile, setProfile] = useState<TableProfile | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.profileDataset(dataset).then(
      (result) => {
        if (current) setProfile(result);
      },
      (e: unknown) => {
        if (current) setError(errorMessage(e));
      },
    );
    return () => {
      current = false;
    };
  }, [dataset]);

  return (
    <Dialog title={t("profile.title", { name: dataset })} onClose={onClose} wide testId="profile-dialog">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!profile && !error && <p className="muted">{t("profile.loading")}</p>}
      {profile && (
        <>
          <p className="muted">{t("common.rows", { count: profile.rowCount })}</p>
          <div className="profile-scroll">
            <table className="compact-table profile-table">
              <thead>
                <tr>
                  <th scope="col">{t("profile.column")}</th>
                  <th scope="col">{t("profile.nulls")}</th>
                  <th scope="col">{t("profile.distinct")}</th>
                  <th scope="col">{t("profile.min")}</th>
                  <th scope="col">{t("profile.max")}</th>
                  <th scope="col">{t("profile.top")}</th>
                  <th scope="col">{t("profile.histogram")}</th>
                  <th scope="col">{t("profile.personal")}</th>
                </tr>
              </thead>
              <tbody>
                {profile.columns.map((column) => (
                  <ColumnRow key={column.name} column={column} rowCount={profile.rowCount} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Dialog>
  );
}
