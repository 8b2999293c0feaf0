/**
 * TeX → MathML, rendered with KaTeX at runtime in the page (or in a test with JSDOM).
 *
 * Why MathML: KaTeX's HTML output needs KaTeX's CSS and web fonts, which Framework's CSS
 * bundler cannot load offline (`No loader is configured for ".woff" files`). MathML output
 * needs neither: the browser lays it out with its own math fonts.
 */
import katex from "katex";

export interface TexOptions {
  /** Block (centred, own line) rather than inline maths. Default false. */
  display?: boolean;
  /** The document to create nodes in; defaults to the page's. Pass a JSDOM document in tests. */
  document?: Document;
}

/**
 * Renders TeX source as a `<span class="tex">` holding KaTeX's `<math>` element.
 * A TeX error never throws: KaTeX shows the offending source in red instead.
 *
 * @example tex(String.raw`2 \cdot L \cdot K \cdot H`, {display: true})
 */
export function tex(source: string, {display = false, document = globalThis.document}: TexOptions = {}): HTMLElement {
  const span = document.createElement("span");
  span.className = display ? "tex tex-display" : "tex";
  span.innerHTML = katex.renderToString(source, {
    output: "mathml",
    displayMode: display,
    throwOnError: false,
    strict: "ignore"
  });
  return span;
}
