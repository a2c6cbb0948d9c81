import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";

import type { AccountView } from "../api";
import { AccountPanel } from "./AccountPanel";

const alice: AccountView = {
  issuer: "http://127.0.0.1:4000",
  subject: "alice",
  name: "User alice",
  email: "alice@example.test",
  current: true,
};

describe("AccountPanel", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
    localStorage.clear();
  });

  it("signs in through the shell and shows the account", async () => {
    const calls: [string, unknown][] = [];
    let signedIn = false;
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "list_accounts") return signedIn ? [alice] : [];
      if (cmd === "sign_in") {
        signedIn = true;
        return alice;
      }
      return null;
    });
    render(<AccountPanel />);
    await screen.findByText("Signed out · working offline");
    fireEvent.click(screen.getByTestId("sign-in-start"));
    fireEvent.change(screen.getByTestId("sign-in-issuer"), { target: { value: " http://127.0.0.1:4000 " } });
    fireEvent.change(screen.getByTestId("sign-in-client"), { target: { value: "quarry-desktop" } });
    fireEvent.click(screen.getByTestId("sign-in-submit"));
    expect((await screen.findByTestId("account-name")).textContent).toBe("User alice");
    expect(calls).toContainEqual(["sign_in", { issuer: " http://127.0.0.1:4000 ", clientId: "quarry-desktop" }]);
    expect(localStorage.getItem("quarry.sso.provider")).toContain("quarry-desktop");
  });

  it("states why sign-in is unavailable and keeps working offline", async () => {
    mockIPC((cmd) => {
      if (cmd === "list_accounts") {
        throw new Error("No keychain is available: install and start gnome-keyring");
      }
      return null;
    });
    render(<AccountPanel />);
    expect((await screen.findByRole("alert")).textContent).toContain("No keychain is available");
    expect(screen.getByTestId("account-offline")).toBeTruthy();
  });
});
