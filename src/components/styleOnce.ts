/**
 * Adds a component's stylesheet to a document once: a `<style id>` in the head (or the root
 * element of a document without one). Each component keeps its CSS beside its code and calls
 * this before rendering, so the same function works in a page, a test document and a loader.
 * @example styleOnce(document, "verdict-style", ".verdict { … }")
 */
export function styleOnce(document: Document, id: string, css: string): void {
  if (document.getElementById(id)) return;
  const parent = document.head ?? document.documentElement;
  if (!parent) return;
  const style = document.createElement("style");
  style.id = id;
  style.textContent = css;
  parent.append(style);
}
