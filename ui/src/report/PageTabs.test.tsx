import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import type { ReportDocument } from "../api";
import { clearMocks } from "../test/mockShell";
import { lastSaved, mockReports, ReportHarness } from "../test/reportHarness";

const threePages: ReportDocument = {
  version: 1,
  title: "Q3 review",
  queries: {},
  pages: [
    {
      title: "Overview",
      blocks: [
        { type: "heading", text: "Revenue", layout: { width: 12 } },
        { type: "text", markdown: "Notes", layout: { width: 6 } },
        { type: "text", markdown: "More notes", layout: { width: 6 } },
      ],
    },
    { blocks: [] },
    { title: "Appendix", blocks: [{ type: "text", markdown: "Sources", layout: { width: 12 } }] },
  ],
};

const tabs = () => within(screen.getByRole("tablist", { name: "Pages" })).getAllByRole("tab");
const titles = () => tabs().map((tab) => tab.textContent);
const selectedTitle = () => tabs().find((tab) => tab.getAttribute("aria-selected") === "true")?.textContent;
const button = (testId: string) => screen.getByTestId<HTMLButtonElement>(testId);

async function openReport(document: ReportDocument = threePages) {
  const calls = mockReports(document);
  render(<ReportHarness />);
  fireEvent.click(await screen.findByTestId("report-item"));
  await screen.findAllByTestId("report-page");
  return calls;
}

describe("PageTabs", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("renames a page from its tab, and an empty title falls back to its number", async () => {
    const calls = await openReport();
    fireEvent.doubleClick(tabs()[0] as HTMLElement);
    const input = screen.getByTestId<HTMLInputElement>("page-title-input");
    expect(input.value).toBe("Overview");
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: "  Summary " } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(titles()).toEqual(["Summary", "Page 2", "Appendix"]);
    expect(document.activeElement).toBe(tabs()[0]);

    fireEvent.click(button("page-rename"));
    fireEvent.change(screen.getByTestId("page-title-input"), { target: { value: " " } });
    fireEvent.blur(screen.getByTestId("page-title-input"));
    expect(titles()).toEqual(["Page 1", "Page 2", "Appendix"]);
    await waitFor(
      () => {
        expect(lastSaved(calls)?.pages[0]).toEqual({ blocks: threePages.pages[0]?.blocks });
      },
      { timeout: 3000 },
    );
  });

  it("drops a rename on Escape", async () => {
    await openReport();
    fireEvent.click(button("page-rename"));
    const input = screen.getByTestId("page-title-input");
    fireEvent.change(input, { target: { value: "Not this" } });
    fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByTestId("page-title-input")).toBeNull();
    expect(titles()).toEqual(["Overview", "Page 2", "Appendix"]);
    expect(document.activeElement).toBe(tabs()[0]);
    expect(button("report-undo").disabled).toBe(true);
  });

  it("asks before deleting a page with blocks, selects the next page, and undo brings it back", async () => {
    const calls = await openReport();
    fireEvent.click(button("page-delete"));
    const confirm = screen.getByRole("group", { name: "Delete “Overview” and its 3 blocks?" });
    expect(document.activeElement).toBe(within(confirm).getByTestId("page-delete-cancel"));
    expect(titles()).toHaveLength(3);
    fireEvent.click(button("page-delete-confirm"));
    expect(titles()).toEqual(["Page 1", "Appendix"]);
    expect(selectedTitle()).toBe("Page 1");
    expect(screen.queryByTestId("page-delete-confirm")).toBeNull();
    await waitFor(
      () => {
        expect(lastSaved(calls)?.pages).toEqual([{ blocks: [] }, threePages.pages[2]]);
      },
      { timeout: 3000 },
    );

    fireEvent.click(button("report-undo"));
    expect(titles()).toEqual(["Overview", "Page 2", "Appendix"]);
    await waitFor(
      () => {
        expect(lastSaved(calls)?.pages).toEqual(threePages.pages);
      },
      { timeout: 3000 },
    );
  });

  it("deletes an empty page at once and a cancelled delete keeps the page", async () => {
    await openReport();
    fireEvent.click(tabs()[1] as HTMLElement);
    fireEvent.click(button("page-delete"));
    expect(titles()).toEqual(["Overview", "Appendix"]);
    expect(selectedTitle()).toBe("Appendix");

    fireEvent.click(button("page-delete"));
    fireEvent.keyDown(button("page-delete-cancel"), { key: "Escape" });
    expect(screen.queryByTestId("page-delete-confirm")).toBeNull();
    expect(document.activeElement).toBe(button("page-delete"));
    fireEvent.click(button("page-delete"));
    fireEvent.click(button("page-delete-confirm"));
    expect(titles()).toEqual(["Overview"]);
    expect(selectedTitle()).toBe("Overview");
  });

  it("cannot delete the only page", async () => {
    await openReport({ ...threePages, pages: [{ title: "Only", blocks: [] }] });
    const remove = button("page-delete");
    expect(remove.disabled).toBe(true);
    expect(remove.title).toBe("A report needs at least one page, so its only page cannot be deleted.");
    expect(remove.getAttribute("aria-label")).toBe("Delete page");
  });

  it("moves the focused page with Alt+Arrow keys and keeps it selected", async () => {
    const calls = await openReport();
    const overview = tabs()[0] as HTMLElement;
    overview.focus();
    fireEvent.keyDown(overview, { key: "ArrowRight", altKey: true });
    expect(titles()).toEqual(["Page 1", "Overview", "Appendix"]);
    expect(selectedTitle()).toBe("Overview");
    expect(document.activeElement?.textContent).toBe("Overview");

    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "ArrowRight", altKey: true });
    expect(titles()).toEqual(["Page 1", "Appendix", "Overview"]);
    expect(button("page-move-right").disabled).toBe(true);
    expect(button("page-move-left").disabled).toBe(false);
    await waitFor(
      () => {
        expect(lastSaved(calls)?.pages.map((p) => p.title)).toEqual([undefined, "Appendix", "Overview"]);
      },
      { timeout: 3000 },
    );

    fireEvent.click(button("page-move-left"));
    expect(titles()).toEqual(["Page 1", "Overview", "Appendix"]);
    expect(selectedTitle()).toBe("Overview");
  });

  it("selects pages with the arrow keys, one tab stop for the row", async () => {
    await openReport();
    const overview = tabs()[0] as HTMLElement;
    expect(tabs().map((tab) => tab.tabIndex)).toEqual([0, -1, -1]);
    fireEvent.keyDown(overview, { key: "ArrowLeft" });
    expect(selectedTitle()).toBe("Appendix");
    expect(document.activeElement?.textContent).toBe("Appendix");
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "Home" });
    expect(selectedTitle()).toBe("Overview");
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "F2" });
    expect(screen.getByTestId<HTMLInputElement>("page-title-input").value).toBe("Overview");
  });
});
