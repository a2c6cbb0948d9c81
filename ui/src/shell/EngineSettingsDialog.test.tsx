import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { EngineSettings, WorkspaceSettings } from "../api";
import { clearMocks, mockShell } from "../test/mockShell";
import { EngineSettingsDialog, fromForm } from "./EngineSettingsDialog";

const stored: EngineSettings = {
  settings: { memoryLimit: "4GB", threads: null, tempDirectory: null },
  defaultTempDirectory: "/home/a/ws/.tmp",
};

describe("EngineSettingsDialog", () => {
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("reads empty fields as DuckDB's defaults and refuses a fractional thread count", () => {
    expect(fromForm({ memoryLimit: " 2GB ", threads: "", tempDirectory: "  " })).toEqual({
      memoryLimit: "2GB",
      threads: null,
      tempDirectory: null,
    });
    expect(fromForm({ memoryLimit: "", threads: "3", tempDirectory: "/mnt/big" })?.threads).toBe(3);
    expect(fromForm({ memoryLimit: "", threads: "1.5", tempDirectory: "" })).toBeNull();
  });

  it("shows the stored settings, saves the edited ones and closes", async () => {
    const calls = mockShell({
      engine_settings: () => stored,
      set_engine_settings: (args) => ({ ...stored, settings: args.settings as WorkspaceSettings }),
    });
    const onClose = vi.fn();
    render(<EngineSettingsDialog onClose={onClose} />);
    const memory = await screen.findByDisplayValue("4GB");
    expect(screen.getByTestId<HTMLInputElement>("settings-tempDirectory").placeholder).toBe("/home/a/ws/.tmp");
    fireEvent.change(memory, { target: { value: "" } });
    fireEvent.change(screen.getByTestId("settings-threads"), { target: { value: "2" } });
    fireEvent.click(screen.getByTestId("settings-save"));
    await waitFor(() => {
      expect(onClose).toHaveBeenCalled();
    });
    expect(calls.find((c) => c.cmd === "set_engine_settings")?.args).toEqual({
      settings: { memoryLimit: null, threads: 2, tempDirectory: null },
    });
  });

  it("keeps the dialog open with the engine's reason when a value is refused", async () => {
    mockShell({
      engine_settings: () => stored,
      set_engine_settings: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw { message: '"lots" is not a valid memory_limit' };
      },
    });
    const onClose = vi.fn();
    render(<EngineSettingsDialog onClose={onClose} />);
    fireEvent.change(await screen.findByDisplayValue("4GB"), { target: { value: "lots" } });
    fireEvent.click(screen.getByTestId("settings-save"));
    expect((await screen.findByTestId("settings-error")).textContent).toBe('"lots" is not a valid memory_limit');
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByTestId<HTMLButtonElement>("settings-save").disabled).toBe(false);
  });
});
