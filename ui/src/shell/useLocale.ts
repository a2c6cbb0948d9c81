import { useTranslation } from "react-i18next";

/** The UI language as a BCP 47 tag for Intl ("en", "de"). */
export function useLocale(): string {
  return useTranslation().i18n.language;
}
