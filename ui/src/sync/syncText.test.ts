import { describe, expect, it } from "vitest";

import type { SyncOverview } from "../api";
import { i18n } from "../i18n";
import { notShared } from "../test/mockShell";
import { pointerLabel, samePath, sharedFile, syncStatusText } from "./syncText";

const connected: SyncOverview = {
  ...notShared,
  hubUrl: "http://127.0.0.1:4000",
  signedIn: true,
  workspace: { id: "w1", name: "Finance" },
  state: "synced",
  shared: [{ path: "/w/reports/q3.qreport.json", documentId: "d1", version: 3 }],
};

const status = (overview: SyncOverview | null, running = false) => syncStatusText(overview, running, i18n.t);

describe("syncStatusText", () => {
  it("names each state, with counts", () => {
    expect(status(notShared)).toBe("Not shared");
    expect(status(connected)).toBe("Synced");
    expect(status({ ...connected, state: "pending", pending: 3 })).toBe("3 pending");
    expect(status({ ...connected, state: "offline", pending: 2 })).toBe("Offline · 2 pending");
    expect(status({ ...connected, state: "offline", pending: 0 })).toBe("Offline · 0 pending");
    expect(status({ ...connected, state: "conflict", pending: 1, conflicts: 1 })).toBe("1 conflict");
    expect(status({ ...connected, state: "conflict", conflicts: 2 })).toBe("2 conflicts");
  });

  it("says Syncing… while a run is under way, and something neutral before the first answer", () => {
    expect(status({ ...connected, state: "pending", pending: 3 }, true)).toBe("Syncing…");
    expect(status(null)).toBe("Sharing");
  });

  it("speaks German", async () => {
    await i18n.changeLanguage("de");
    expect(status({ ...connected, state: "offline", pending: 1200 })).toBe("Offline · 1.200 ausstehend");
    expect(status({ ...connected, state: "conflict", conflicts: 2 })).toBe("2 Konflikte");
    expect(status(notShared)).toBe("Nicht geteilt");
  });
});

describe("pointerLabel", () => {
  it("names the place in the report the way the builder shows it", () => {
    expect(pointerLabel("/title", i18n.t)).toBe("Title");
    expect(pointerLabel("/body/pages/0/blocks/1/markdown", i18n.t)).toBe("Page 1 › Block 2 › markdown");
    expect(pointerLabel("/body/queries/by_region/sql", i18n.t)).toBe("Query by_region › sql");
    expect(pointerLabel("/body/parameters/2/input", i18n.t)).toBe("Parameter 3 › input");
    expect(pointerLabel("/body/pages/1/blocks", i18n.t)).toBe("Page 2 › blocks");
    expect(pointerLabel("/body/print/paper", i18n.t)).toBe("print › paper");
    expect(pointerLabel("/", i18n.t)).toBe("The whole report");
    expect(pointerLabel("/titles", i18n.t)).toBe("titles");
  });

  it("translates the label", async () => {
    await i18n.changeLanguage("de");
    expect(pointerLabel("/title", i18n.t)).toBe("Titel");
    expect(pointerLabel("/body/pages/0/blocks/1/markdown", i18n.t)).toBe("Seite 1 › Block 2 › markdown");
  });
});

describe("sharedFile", () => {
  it("finds the shared entry of a report path, whatever the separators", () => {
    expect(sharedFile(connected, "/w/reports/q3.qreport.json")?.version).toBe(3);
    expect(sharedFile(connected, "/w/reports/other.qreport.json")).toBeNull();
    expect(sharedFile(null, "/w/reports/q3.qreport.json")).toBeNull();
    expect(samePath("C:\\w\\reports\\a.json", "C:/w/reports/a.json")).toBe(true);
  });
});
