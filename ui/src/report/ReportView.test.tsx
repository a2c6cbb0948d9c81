import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import type { ReportDocument } from "../api";
import { clearMocks, type Call } from "../test/mockShell";
import { lastSaved, mockReports, ReportHarness } from "../test/reportHarness";

const q3: ReportDocument = {
  version: 1,
  title: "Q3 review",
  queries: { by_region: { sql: "SELECT 1" } },
  parameters: [{ name: "region" }],
  pages: [
    {
      title: "Overview",
      blocks: [
        { type: "heading", text: "Revenue", layout: { width: 12 } },
        { type: "chart", query: "by_region", chart: { title: "By region" }, layout: { width: 6 } },
        { type: "text", markdown: "Notes", layout: { width: 6 } },
      ],
    },
  ],
};

const tiles = () => screen.getAllByTestId("report-tile");
const savedBlocks = (calls: Call[]) => lastSaved(calls)?.pages[0]?.blocks;

describe("ReportView", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("shows the page's blocks where the engine's layout puts them", async () => {
    mockReports(q3);
    render(<ReportHarness />);
    fireEvent.click(await screen.findByTestId("report-item"));
    await waitFor(() => {
      expect(tiles()).toHaveLength(3);
    });
    const chart = tiles().find((t) => t.dataset.type === "chart");
    expect(chart?.dataset).toMatchObject({ block: "1", x: "0", y: "2", w: "6", h: "13" });
    expect(chart?.textContent).toContain("By region · by_region");
  });

  it("moves a tile with Alt+Arrow, saves the new order, and undoes it", async () => {
    const calls = mockReports(q3);
    render(<ReportHarness />);
    fireEvent.click(await screen.findByTestId("report-item"));
    await waitFor(() => {
      expect(tiles()).toHaveLength(3);
    });
    const text = tiles().find((t) => t.dataset.type === "text");
    if (!text) throw new Error("no text tile");
    text.focus();
    fireEvent.keyDown(text, { key: "ArrowLeft", altKey: true });
    await waitFor(
      () => {
        expect(savedBlocks(calls)?.map((b) => b.type)).toEqual(["heading", "text", "chart"]);
      },
      { timeout: 3000 },
    );
    expect(screen.getByTestId("report-save-state").dataset.state).toBe("saved");
    await waitFor(() => {
      expect(tiles().find((t) => t.dataset.type === "text")?.dataset.x).toBe("0");
    });
    expect(document.activeElement?.getAttribute("data-type")).toBe("text");

    fireEvent.keyDown(screen.getByRole("region", { name: "Report" }), { key: "z", ctrlKey: true });
    await waitFor(
      () => {
        expect(savedBlocks(calls)?.map((b) => b.type)).toEqual(["heading", "chart", "text"]);
      },
      { timeout: 3000 },
    );
  });

  it("adds a heading and edits its text in the inspector as one undo step", async () => {
    const calls = mockReports(q3);
    render(<ReportHarness />);
    fireEvent.click(await screen.findByTestId("report-item"));
    await waitFor(() => {
      expect(tiles()).toHaveLength(3);
    });
    fireEvent.click(screen.getByTestId("report-add-heading"));
    const input = await screen.findByTestId<HTMLInputElement>("block-heading-text");
    fireEvent.change(input, { target: { value: "R" } });
    fireEvent.change(input, { target: { value: "Risks" } });
    await waitFor(
      () => {
        expect(savedBlocks(calls)?.at(-1)).toEqual({ type: "heading", text: "Risks", level: 2, layout: { width: 12 } });
      },
      { timeout: 3000 },
    );
    fireEvent.click(screen.getByTestId("report-undo"));
    await waitFor(() => {
      expect(screen.getByTestId<HTMLInputElement>("block-heading-text").value).toBe("New heading");
    });
  });

  it("previews the sheets with the parameter values as filters", async () => {
    const calls = mockReports(q3);
    render(<ReportHarness />);
    fireEvent.click(await screen.findByTestId("report-item"));
    fireEvent.click(await screen.findByTestId("report-preview-tab"));
    expect(await screen.findAllByTestId("preview-sheet")).toHaveLength(1);
    fireEvent.change(screen.getByRole("combobox", { name: "Region" }), { target: { value: "Asia" } });
    await waitFor(() => {
      expect(calls.filter((c) => c.cmd === "preview_report").at(-1)?.args.params).toEqual({ region: "Asia" });
    });
    const sheet = screen.getAllByTestId("preview-sheet")[0];
    expect(sheet?.querySelector("svg")?.getAttribute("viewBox")).toBe("0 0 595 842");
    act(() => {
      fireEvent.click(screen.getByTestId("report-builder-tab"));
    });
    expect(screen.getAllByTestId("report-tile")).toHaveLength(3);
  });
});
