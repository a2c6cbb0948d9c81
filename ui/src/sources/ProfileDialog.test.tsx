import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import type { TableProfile } from "../api";
import { clearMocks, mockShell } from "../test/mockShell";
import { ProfileDialog } from "./ProfileDialog";

const customers: TableProfile = {
  table: "customers",
  rowCount: 200,
  columns: [
    {
      name: "email",
      sqlType: "VARCHAR",
      nullCount: 50,
      nullPercent: 25,
      approxDistinct: 148,
      min: "a@example.com",
      max: "z@example.com",
      topValues: [{ value: "info@example.com", count: 3 }],
      histogram: null,
      pii: [{ kind: "email", count: 150 }],
      piiSampleSize: 150,
    },
    {
      name: "spend",
      sqlType: "DOUBLE",
      nullCount: 0,
      nullPercent: 0,
      approxDistinct: 200,
      min: "1.5",
      max: "980",
      topValues: [],
      histogram: [
        { lower: 0, upper: 500, count: 180 },
        { lower: 500, upper: 1000, count: 20 },
      ],
      pii: [],
      piiSampleSize: 200,
    },
  ],
};

describe("ProfileDialog", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("shows nulls, distincts, range, top values, a histogram and personal-data flags per column", async () => {
    const calls = mockShell({ profile_dataset: () => customers });
    render(<ProfileDialog dataset="customers" onClose={() => undefined} />);
    expect(screen.getByText("Profiling…")).toBeTruthy();
    const [email, spend] = await screen.findAllByTestId("profile-column");
    expect(calls.find((c) => c.cmd === "profile_dataset")?.args).toEqual({ name: "customers" });
    expect(screen.getByText("200 rows")).toBeTruthy();
    const emailCells = within(email as HTMLElement);
    expect(email?.querySelector("td")?.textContent).toBe("25%");
    expect(emailCells.getByText("≈ 148")).toBeTruthy();
    expect(emailCells.getByText("info@example.com")).toBeTruthy();
    const flag = emailCells.getByTestId("pii-flag");
    expect(flag.dataset.pii).toBe("email");
    expect(flag.textContent).toBe("Email · 150 of 150 sampled");
    const spendCells = within(spend as HTMLElement);
    expect(spendCells.queryByTestId("pii-flag")).toBeNull();
    expect(spendCells.getByRole("img", { name: "Distribution of spend" })).toBeTruthy();
  });

  it("states why a profile failed", async () => {
    mockShell({
      profile_dataset: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw { message: "no dataset named customers" };
      },
    });
    render(<ProfileDialog dataset="customers" onClose={() => undefined} />);
    expect((await screen.findByRole("alert")).textContent).toBe("no dataset named customers");
    expect(screen.queryByText("Profiling…")).toBeNull();
  });
});
