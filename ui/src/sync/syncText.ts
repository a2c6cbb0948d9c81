// Texts and lookups of the sharing UI that need no React: the status line, conflict pointer
// labels, and which report files are shared.
import type { TFunction } from "i18next";

import type { SyncOverview } from "../api";

/** The status bar's text for the hub link: "Synced", "3 pending", "Offline · 2 pending" … */
export function syncStatusText(overview: SyncOverview | null, running: boolean, t: TFunction): string {
  if (running) return t("sync.status.syncing");
  if (!overview) return t("sync.status.unknown");
  switch (overview.state) {
    case "disconnected":
      return t("sync.status.notShared");
    case "synced":
      return t("sync.status.synced");
    case "pending":
      return t("sync.status.pending", { count: overview.pending });
    case "offline":
      return t("sync.status.offline", { count: overview.pending });
    case "conflict":
      return t("sync.status.conflicts", { count: overview.conflicts });
  }
}

/** A readable name for a conflict's JSON pointer: "/title" → "Title"; any other as it is. */
export function pointerLabel(pointer: string, t: TFunction): string {
  if (pointer === "/title") return t("sync.pointer.title");
  if (pointer === "/" || pointer === "") return t("sync.pointer.whole");
  const segments = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (segments[0] === "body") segments.shift();
  const parts: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const [segment, next] = [segments[i], segments[i + 1]];
    const index = next !== undefined && /^\d+$/.test(next) ? Number(next) + 1 : null;
    if (segment === "pages" && index !== null) {
      parts.push(t("sync.pointer.page", { n: index }));
      i++;
    } else if (segment === "blocks" && index !== null) {
      parts.push(t("sync.pointer.block", { n: index }));
      i++;
    } else if (segment === "parameters" && index !== null) {
      parts.push(t("sync.pointer.parameter", { n: index }));
      i++;
    } else if (segment === "queries" && next !== undefined) {
      parts.push(t("sync.pointer.query", { name: next }));
      i++;
    } else {
      parts.push(segment ?? "");
    }
  }
  return parts.join(" › ");
}

/** Paths compare equal whatever the separator (the shell sends native paths). */
export function samePath(a: string, b: string): boolean {
  return a === b || a.replaceAll("\\", "/") === b.replaceAll("\\", "/");
}

/** The overview's entry for the report file at `path`, when that file is shared. */
export function sharedFile(overview: SyncOverview | null, path: string): SyncOverview["shared"][number] | null {
  return overview?.shared.find((file) => samePath(file.path, path)) ?? null;
}

/** The last part of a path: "/w/reports/q3.qreport.json" → "q3.qreport.json". */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
