// Edits of a report document; each returns a new document and leaves unknown fields as they were.
import type { DraftBlock, ReportBlock, ReportDocument, ReportPage } from "../api";

function withPage(
  document: ReportDocument,
  page: number,
  edit: (page: ReportPage) => ReportPage,
): ReportDocument {
  return {
    ...document,
    pages: document.pages.map((p, i) => (i === page ? edit(p) : p)),
  };
}

export function setBlocks(document: ReportDocument, page: number, blocks: ReportBlock[]): ReportDocument {
  return withPage(document, page, (p) => ({ ...p, blocks }));
}

export function appendBlock(document: ReportDocument, page: number, block: ReportBlock): ReportDocument {
  return withPage(document, page, (p) => ({ ...p, blocks: [...p.blocks, block] }));
}

export function headingBlock(text: string): ReportBlock {
  return { type: "heading", text, level: 2, layout: { width: 12 } };
}

export function textBlock(markdown: string): ReportBlock {
  return { type: "text", markdown, layout: { width: 12 } };
}

/** Appends an empty page (titled when `title` is not empty). */
export function addPage(document: ReportDocument, title = ""): ReportDocument {
  const page: ReportPage = title.trim() === "" ? { blocks: [] } : { title: title.trim(), blocks: [] };
  return { ...document, pages: [...document.pages, page] };
}

/**
 * Sets a page's title (trimmed); an empty one removes `title`, so the page reads "Page N" again.
 * The page edits return `document` itself when nothing would change: that records no undo step.
 */
export function renamePage(document: ReportDocument, page: number, title: string): ReportDocument {
  const next = title.trim() === "" ? undefined : title.trim();
  const current = document.pages[page];
  if (current === undefined) return document;
  if (next === undefined ? !("title" in current) : current.title === next) return document;
  return withPage(document, page, (p) => {
    if (next !== undefined) return { ...p, title: next };
    const untitled = { ...p };
    delete untitled.title;
    return untitled;
  });
}

/** Removes a page and its blocks; the only page stays (a report has at least one). */
export function deletePage(document: ReportDocument, page: number): ReportDocument {
  if (document.pages.length <= 1 || page < 0 || page >= document.pages.length) return document;
  return { ...document, pages: document.pages.filter((_, i) => i !== page) };
}

/** Moves the page at `from` so that it ends up at index `to` (clamped to the page range). */
export function movePage(document: ReportDocument, from: number, to: number): ReportDocument {
  const last = document.pages.length - 1;
  const target = Math.min(Math.max(to, 0), last);
  const moving = document.pages[from];
  if (moving === undefined || target === from) return document;
  const pages = document.pages.filter((_, i) => i !== from);
  pages.splice(target, 0, moving);
  return { ...document, pages };
}

export function deleteBlock(document: ReportDocument, page: number, index: number): ReportDocument {
  return withPage(document, page, (p) => ({ ...p, blocks: p.blocks.filter((_, i) => i !== index) }));
}

/** Sets fields of one block (e.g. a heading's text), keeping the others. */
export function updateBlock(
  document: ReportDocument,
  page: number,
  index: number,
  fields: Record<string, unknown>,
): ReportDocument {
  return withPage(document, page, (p) => ({
    ...p,
    blocks: p.blocks.map((b, i) => (i === index ? { ...b, ...fields } : b)),
  }));
}

/** `base`, or `base_2`, `base_3` … — the first name no query of the report has. */
export function uniqueQueryName(queries: Record<string, unknown>, base: string): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "") || "chart";
  const start = /^[a-z_]/.test(clean) ? clean : `q_${clean}`;
  if (!(start in queries)) return start;
  for (let n = 2; ; n += 1) {
    const name = `${start}_${n.toString()}`;
    if (!(name in queries)) return name;
  }
}

/** Adds a block from the builder on `page` with its query stored under the block's `query`. */
export function insertDraftBlock(document: ReportDocument, page: number, draft: DraftBlock): ReportDocument {
  const query = typeof draft.block.query === "string" ? draft.block.query : uniqueQueryName(document.queries, "chart");
  const withQuery = { ...document, queries: { ...document.queries, [query]: { sql: draft.sql } } };
  const block: ReportBlock = { ...draft.block, query };
  const target = Math.min(Math.max(page, 0), Math.max(document.pages.length - 1, 0));
  const withPageReady = withQuery.pages.length === 0 ? addPage(withQuery) : withQuery;
  return appendBlock(withPageReady, target, block);
}
