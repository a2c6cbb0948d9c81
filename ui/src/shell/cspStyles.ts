// The app's Content Security Policy allows stylesheets from the app only (style-src 'self'), so
// <style> elements that libraries add at runtime are blocked — CodeMirror puts its whole look
// into one. Constructed stylesheets are not inline markup and are allowed; this keeps one such
// sheet in step with the text of every blocked <style> element in <head>.

function blockedStyleText(head: HTMLHeadElement): string {
  return [...head.querySelectorAll("style")]
    .filter((style) => style.sheet === null)
    .map((style) => style.textContent)
    .join("\n");
}

/** Starts mirroring; returns a function that stops it. Does nothing where the API is missing. */
export function mirrorBlockedStyles(doc: Document = document): () => void {
  if (typeof CSSStyleSheet === "undefined" || !("replaceSync" in CSSStyleSheet.prototype)) return () => undefined;
  if (!Array.isArray(doc.adoptedStyleSheets)) return () => undefined;
  const sheet = new CSSStyleSheet();
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  let last = "";
  const sync = () => {
    const text = blockedStyleText(doc.head);
    if (text === last) return;
    last = text;
    sheet.replaceSync(text);
  };
  const observer = new MutationObserver(sync);
  observer.observe(doc.head, { childList: true, subtree: true, characterData: true });
  sync();
  return () => {
    observer.disconnect();
  };
}
