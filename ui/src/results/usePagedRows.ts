import { useEffect, useRef, useState } from "react";

import { api, errorMessage, type Cell, type QueryResult, type SortOrder } from "../api";
import { PAGE_SIZE, PageCache, pagesFor } from "./paging";

/** A result the grid pages through: the SQL as run, its sort, and the first page. */
export interface PagedSource {
  sql: string;
  sort: SortOrder | null;
  first: QueryResult;
}

type Pages = ReadonlyMap<number, readonly Cell[][]>;

/** Fetches waits this long after the visible rows change, so a fast scroll asks only once. */
const FETCH_DELAY_MS = 60;

function seedPages(first: QueryResult): PageCache<Cell[][]> {
  const cache = new PageCache<Cell[][]>();
  const complete = first.rows.length >= PAGE_SIZE || first.offset + first.rows.length >= first.totalRows;
  if (first.offset === 0 && complete) cache.set(0, first.rows.slice(0, PAGE_SIZE));
  return cache;
}

function snapshot(cache: PageCache<Cell[][]>): Pages {
  const map = new Map<number, Cell[][]>();
  for (const page of cache.keys()) {
    const rows = cache.get(page);
    if (rows) map.set(page, rows);
  }
  return map;
}

/**
 * The rows of `source` around the visible range, fetched page by page as the range moves.
 * Mount one per source (key it), so a new result starts with a fresh cache.
 */
export function usePagedRows(
  source: PagedSource,
  first: number,
  count: number,
  onPage?: (rows: readonly Cell[][]) => void,
) {
  const cache = useRef<PageCache<Cell[][]> | null>(null);
  const inFlight = useRef(new Set<number>());
  const [pages, setPages] = useState<Pages>(() => snapshot(seedPages(source.first)));
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  const pageListener = useRef(onPage);
  useEffect(() => {
    pageListener.current = onPage;
  }, [onPage]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    const store = (cache.current ??= seedPages(source.first));
    const total = source.first.totalRows;
    const needed = pagesFor(first, first + count, total);
    for (const page of needed) store.get(page);
    const missing = needed.filter((page) => !store.has(page) && !inFlight.current.has(page));
    if (missing.length === 0) return;
    const timer = setTimeout(() => {
      for (const page of missing) {
        inFlight.current.add(page);
        api
          .runQuery(source.sql, { offset: page * PAGE_SIZE, maxRows: PAGE_SIZE, sort: source.sort })
          .then(
            (result) => {
              inFlight.current.delete(page);
              if (!mounted.current) return;
              store.set(page, result.rows);
              setPages(snapshot(store));
              pageListener.current?.(result.rows);
            },
            (e: unknown) => {
              inFlight.current.delete(page);
              if (mounted.current) setError(errorMessage(e));
            },
          );
      }
    }, FETCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [source, first, count]);

  const rowAt = (index: number): readonly Cell[] | undefined =>
    pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];

  return { rowAt, error };
}
