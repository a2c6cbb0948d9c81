import { useCallback, useEffect, useRef, useState } from "react";

import { api, errorMessage, type ParameterControl, type ParameterValue, type ReportDocument } from "../api";

interface Loaded {
  key: string;
  controls: ParameterControl[];
  error: string | null;
}

/**
 * The report's parameters as filter controls (resolved by the engine) and the values the user
 * chose; values start at each parameter's default and reset when another report opens.
 */
export function useReportParameters(path: string | null, document: ReportDocument | null) {
  const key = document ? `${path ?? ""}\n${JSON.stringify(document.parameters ?? [])}` : "";
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [chosen, setChosen] = useState<{ path: string | null; values: Record<string, ParameterValue> }>({
    path: null,
    values: {},
  });
  const latest = useRef(document);
  useEffect(() => {
    latest.current = document;
  });

  useEffect(() => {
    const doc = latest.current;
    if (!doc) return;
    let current = true;
    api.reportParameters(doc).then(
      (controls) => {
        if (current) setLoaded({ key, controls, error: null });
      },
      (e: unknown) => {
        if (current) setLoaded({ key, controls: [], error: errorMessage(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [key]);

  const controls = loaded?.key === key ? loaded.controls : [];
  const overrides = chosen.path === path ? chosen.values : {};
  const values: Record<string, ParameterValue> = {};
  for (const control of controls) values[control.name] = overrides[control.name] ?? control.value;

  const setValue = useCallback(
    (name: string, value: ParameterValue) => {
      setChosen((c) => ({ path, values: { ...(c.path === path ? c.values : {}), [name]: value } }));
    },
    [path],
  );

  return { controls, values, setValue, error: loaded?.key === key ? loaded.error : null };
}

export type ReportParameters = ReturnType<typeof useReportParameters>;
