import { listen } from "@tauri-apps/api/event";
import { useEffect, useRef } from "react";

import type { MenuAction } from "../api";

/** Calls `handler` for each item the native menu sends (event `menu`). */
export function useMenuActions(handler: (action: MenuAction) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  }, [handler]);

  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let disposed = false;
    listen<MenuAction>("menu", (event) => {
      latest.current(event.payload);
    }).then(
      (stop) => {
        if (disposed) stop();
        else unlisten = stop;
      },
      () => undefined, // Outside the shell (unit tests, a plain browser) there is no menu.
    );
    return () => {
      disposed = true;
      unlisten?.();
    };
  }, []);
}
