import { getCurrentWebview } from "@tauri-apps/api/webview";
import { useEffect, useRef, useState } from "react";

/**
 * Files dragged onto the window (the shell's native drag-and-drop): calls `onDrop` with the
 * dropped paths and returns whether files are being dragged over the window now.
 */
export function useFileDrop(onDrop: (paths: string[]) => void): boolean {
  const [over, setOver] = useState(false);
  const latest = useRef(onDrop);
  useEffect(() => {
    latest.current = onDrop;
  }, [onDrop]);

  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let disposed = false;
    let subscription: Promise<() => void>;
    try {
      subscription = getCurrentWebview().onDragDropEvent((event) => {
        const payload = event.payload;
        if (payload.type === "enter" || payload.type === "over") setOver(true);
        else if (payload.type === "leave") setOver(false);
        else {
          setOver(false);
          if (payload.paths.length > 0) latest.current(payload.paths);
        }
      });
    } catch {
      return; // Not inside the shell: no native drag-and-drop.
    }
    subscription.then(
      (stop) => {
        if (disposed) stop();
        else unlisten = stop;
      },
      () => undefined,
    );
    return () => {
      disposed = true;
      unlisten?.();
    };
  }, []);

  return over;
}
