/**
 * The verdict line of a card ("✓ Fits" / "✗ Does not fit"), marked so the card can show it.
 *
 * Framework does not interpolate `${…}` inside an HTML attribute of a Markdown page, so a
 * card written `<div class="card verdict ${fits ? "a" : "b"}">` keeps the literal text as its
 * class and never changes colour. The line is built here instead, as an element with
 * `data-verdict="fits"` or `"fails"`, and the card is styled from it (`.verdict:has(…)`):
 *
 *     <div class="card verdict" id="verdict">
 *       ${verdictLine(fits, fits ? "✓ Fits" : "✗ Does not fit")}
 *       …
 *     </div>
 */
import {styleOnce} from "./styleOnce.js";

/** CSS for a verdict card: green rule and text when it fits, red when it does not. */
export const VERDICT_CSS = `
.verdict { font-size: 1.05rem; max-width: none; border-left: solid 6px var(--theme-foreground-faint, #ccc); }
.verdict-line { font-size: 2rem; font-weight: 700; line-height: 1.2; }
.verdict:has([data-verdict="fits"]) { border-left-color: #30a46c; }
.verdict:has([data-verdict="fails"]) { border-left-color: #e5484d; }
.verdict-line[data-verdict="fits"] { color: #30a46c; }
.verdict-line[data-verdict="fails"] { color: #e5484d; }
`;


/**
 * The verdict line: `<div class="verdict-line" id="verdict-text" data-verdict="fits|fails">`.
 * @example verdictLine(m.fits, m.fits ? "✓ Fits" : "✗ Does not fit")
 */
export function verdictLine(fits: boolean, text: string, {id = "verdict-text", document = globalThis.document}: {id?: string; document?: Document} = {}): HTMLDivElement {
  styleOnce(document, "verdict-style", VERDICT_CSS);
  const line = document.createElement("div");
  line.className = "verdict-line";
  line.id = id;
  line.dataset.verdict = fits ? "fits" : "fails";
  line.textContent = text;
  return line;
}
