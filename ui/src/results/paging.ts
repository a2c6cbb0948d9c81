// Pure paging and scroll arithmetic for the virtualized result grid.

/** Rows per request to the engine. */
export const PAGE_SIZE = 500;
/** Pages kept in memory; the least recently used one goes first. */
export const PAGE_CACHE_PAGES = 12;
/** Rows fetched beyond the visible ones, above and below. */
export const OVERSCAN_ROWS = 100;
/**
 * WebKit stops growing an element at about 2^24 px (~16.7M). The grid's scroll space stays well
 * below; longer results scroll through a scaled space.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface ScrollSpace {
  /** The height of the scrollable body in CSS px. */
  physicalHeight: number;
  /** Virtual px per physical px of scroll; 1 when the rows fit unscaled. */
  ratio: number;
  /** The largest virtual scroll offset (rows × height − body height). */
  maxVirtualTop: number;
}

/** How tall the scroll space is and how physical scroll offsets map onto row offsets. */
export function scrollSpace(
  totalRows: number,
  rowHeight: number,
  bodyHeight: number,
  maxHeight: number = MAX_SCROLL_HEIGHT,
): ScrollSpace {
  const virtualHeight = totalRows * rowHeight;
  const physicalHeight = Math.min(virtualHeight, maxHeight);
  const maxVirtualTop = Math.max(0, virtualHeight - bodyHeight);
  const physicalRange = Math.max(0, physicalHeight - bodyHeight);
  const ratio = physicalRange > 0 ? maxVirtualTop / physicalRange : 1;
  return { physicalHeight, ratio, maxVirtualTop };
}

export function toVirtualTop(scrollTop: number, space: ScrollSpace): number {
  return clamp(scrollTop * space.ratio, 0, space.maxVirtualTop);
}

export function toPhysicalTop(virtualTop: number, space: ScrollSpace): number {
  return clamp(virtualTop, 0, space.maxVirtualTop) / space.ratio;
}

export interface VisibleRows {
  /** Index of the first row (partly) in view. */
  first: number;
  /** Rows to render from `first`. */
  count: number;
  /** How many px of the first row are scrolled out of view at the top. */
  offset: number;
}

/** The rows a body of `bodyHeight` px shows at a virtual scroll offset. */
export function visibleRows(
  virtualTop: number,
  bodyHeight: number,
  rowHeight: number,
  totalRows: number,
): VisibleRows {
  if (totalRows === 0) return { first: 0, count: 0, offset: 0 };
  const first = Math.min(Math.floor(virtualTop / rowHeight), totalRows - 1);
  const offset = virtualTop - first * rowHeight;
  const count = Math.min(totalRows - first, Math.ceil((bodyHeight + offset) / rowHeight) + 1);
  return { first, count: Math.max(count, 0), offset };
}

/** The pages holding rows [first, end) plus `overscan` rows either side, in order. */
export function pagesFor(
  first: number,
  end: number,
  totalRows: number,
  pageSize: number = PAGE_SIZE,
  overscan: number = OVERSCAN_ROWS,
): number[] {
  if (totalRows === 0 || end <= first) return [];
  const from = Math.floor(Math.max(0, first - overscan) / pageSize);
  const to = Math.floor((Math.min(totalRows, end + overscan) - 1) / pageSize);
  const pages: number[] = [];
  for (let page = from; page <= to; page += 1) pages.push(page);
  return pages;
}

/** A least-recently-used map of page index → rows. */
export class PageCache<T> {
  private readonly pages = new Map<number, T>();

  constructor(private readonly capacity: number = PAGE_CACHE_PAGES) {}

  has(page: number): boolean {
    return this.pages.has(page);
  }

  /** The page, marked as just used. */
  get(page: number): T | undefined {
    const value = this.pages.get(page);
    if (value !== undefined) {
      this.pages.delete(page);
      this.pages.set(page, value);
    }
    return value;
  }

  /** Stores a page; returns the pages evicted to stay within capacity. */
  set(page: number, value: T): number[] {
    this.pages.delete(page);
    this.pages.set(page, value);
    const evicted: number[] = [];
    for (const oldest of this.pages.keys()) {
      if (this.pages.size <= this.capacity) break;
      this.pages.delete(oldest);
      evicted.push(oldest);
    }
    return evicted;
  }

  /** Page indices, least recently used first. */
  keys(): number[] {
    return [...this.pages.keys()];
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
