// Test environment: English UI, and the browser APIs jsdom lacks that CodeMirror and the UI touch.
import { configure } from "@testing-library/react";
import { afterEach } from "vitest";

import { i18n } from "../i18n";

void i18n.changeLanguage("en");

// Lazily loaded screens (the editor, charts, reports) take a moment on a busy machine.
configure({ asyncUtilTimeout: 5000 });

if (typeof Range !== "undefined" && !("getClientRects" in Range.prototype)) {
  Object.assign(Range.prototype, {
    getClientRects: () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }),
    getBoundingClientRect: () => ({ x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0 }),
  });
}

// jsdom does not lay out, so it has no scrollIntoView; tests spy on this stand-in.
if (typeof Element !== "undefined" && !("scrollIntoView" in Element.prototype)) {
  Object.assign(Element.prototype, { scrollIntoView: () => undefined });
}

// Each test starts in English, whatever the one before switched to.
afterEach(async () => {
  await i18n.changeLanguage("en");
});
