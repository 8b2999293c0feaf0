/**
 * TeX → MathML, rendered with KaTeX at runtime in the page (or in a test with JSDOM).
 *
 * Why MathML: KaTeX's HTML output needs KaTeX's CSS and web fonts, which Framework's CSS
 * bundler cannot load offline (`No loader is configured for ".woff" files`). MathML output
 * needs neither: the browser lays it out with its own math fonts.
 */
import katex from "katex";
import {formatInteger, formatNumber} from "./units.js";

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

export interface TexNumberOptions {
  /** Significant digits for non-integers and for numbers shown as a power of ten. Default 3. */
  digits?: number;
}

/**
 * A number written for a TeX substitution: integers in full with grouped digits, other numbers
 * to `digits` significant digits, and numbers of 10^15 or more as a power of ten.
 * Non-finite values print as an em dash.
 *
 * @example texNumber(17179869184) // "17{,}179{,}869{,}184"
 * @example texNumber(3.14e23) // "3.14 \\times 10^{23}"
 */
export function texNumber(x: number, {digits = 3}: TexNumberOptions = {}): string {
  if (!Number.isFinite(x)) return String.raw`\text{—}`;
  const abs = Math.abs(x);
  if (abs >= 1e15) {
    const exponent = Math.floor(Math.log10(abs));
    let mantissa = Number((x / 10 ** exponent).toPrecision(digits));
    let e = exponent;
    if (Math.abs(mantissa) >= 10) (mantissa /= 10), e++;
    return `${mantissa.toFixed(digits - 1)} \\times 10^{${e}}`;
  }
  const text = Number.isInteger(x) ? formatInteger(x) : formatNumber(x, {digits});
  return text.replace(/,/g, "{,}").replace("−", "-");
}
