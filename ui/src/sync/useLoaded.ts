import { useCallback, useEffect, useState } from "react";

import { errorMessage } from "../api";

export interface Loaded<T> {
  /** The latest answer of this `load`; kept while it loads again or fails. */
  value: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

interface Result<T> {
  load: () => Promise<T>;
  generation: number;
  refresh: unknown;
  value: T | null;
  error: string | null;
}

/**
 * The answer of `load` (a stable callback; null loads nothing), asked for again when `load` or
 * `refresh` changes and on `reload()`. Answers to earlier requests are dropped.
 */
export function useLoaded<T>(load: (() => Promise<T>) | null, refresh: unknown = null): Loaded<T> {
  const [generation, setGeneration] = useState(0);
  const [result, setResult] = useState<Result<T> | null>(null);

  useEffect(() => {
    if (!load) return;
    let current = true;
    load().then(
      (value) => {
        if (current) setResult({ load, generation, refresh, value, error: null });
      },
      (e: unknown) => {
        if (current) {
          setResult((r) => ({
            load,
            generation,
            refresh,
            value: r?.load === load ? r.value : null,
            error: errorMessage(e),
          }));
        }
      },
    );
    return () => {
      current = false;
    };
  }, [load, generation, refresh]);

  const reload = useCallback(() => {
    setGeneration((g) => g + 1);
  }, []);
  const ours = result !== null && result.load === load;
  return {
    value: ours ? result.value : null,
    error: ours ? result.error : null,
    loading: load !== null && (!ours || result.generation !== generation || result.refresh !== refresh),
    reload,
  };
}
