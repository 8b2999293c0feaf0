/**
 * TeX → MathML, typeset in the page (or in a test with JSDOM), with KaTeX loaded only when
 * needed: KaTeX is about 77 KB of gzipped JavaScript, more than a quarter of a page's budget.
 *
 * `tex()` returns its `<span class="tex">` at once. A formula without substitutions was typeset at
 * build time (./mathml.ts) and is shown as is; if KaTeX is already loaded, the span holds the
 * MathML. Otherwise it shows the TeX source (class `tex-pending`) and is typeset as soon as
 * it comes into view: a formula inside a closed "show the derivation" block loads nothing until
 * the reader opens it. Tests call `await loadTex()` first and then get MathML synchronously.
 */
import {mathKey, PRERENDERED} from "./mathml.js";
import {formatInteger, formatNumber} from "./units.js";

export interface TexOptions {
  /** Block (centred, own line) rather than inline maths. Default false. */
  display?: boolean;
  /** The document to create nodes in; defaults to the page's. Pass a JSDOM document in tests. */
  document?: Document;
}

type Render = (source: string, display: boolean) => string;
let render: Render | undefined;
let loading: Promise<void> | undefined;

/** Loads the TeX renderer (KaTeX, ./texRender.ts); after it resolves, `tex()` typesets synchronously. */
export function loadTex(): Promise<void> {
  loading ??= import("./texRender.js").then((module) => {
    render = module.texToMathML;
  });
  return loading;
}

/** Spans waiting to be typeset, and the observer that typesets each when it comes into view. */
const pending = new Set<HTMLElement>();
let observer: IntersectionObserver | undefined;

function typeset(span: HTMLElement): void {
  pending.delete(span);
  observer?.unobserve(span);
  void loadTex().then(() => {
    span.innerHTML = render!(span.dataset.tex ?? "", span.classList.contains("tex-display"));
    span.classList.remove("tex-pending");
    delete span.dataset.tex;
  });
}

function typesetWhenVisible(span: HTMLElement): void {
  const IO = span.ownerDocument.defaultView?.IntersectionObserver;
  if (!IO) return typeset(span); // no layout (a test's JSDOM): typeset now
  observer ??= new IO((entries) => entries.forEach((e) => e.isIntersecting && typeset(e.target as HTMLElement)), {rootMargin: "200px"});
  // A re-rendered cell drops its old spans: stop watching the ones no longer in the page.
  if (pending.size > 200) for (const old of pending) if (!old.isConnected) pending.delete(old), observer.unobserve(old);
  pending.add(span);
  observer.observe(span);
}

/**
 * Renders TeX as a `<span class="tex">` holding KaTeX's `<math>` element (now, or once the span
 * is visible and KaTeX has loaded). A TeX error never throws: KaTeX shows the offending source
 * in red instead.
 *
 * @example tex(String.raw`2 \cdot L \cdot K \cdot H`, {display: true})
 */
export function tex(source: string, {display = false, document = globalThis.document}: TexOptions = {}): HTMLElement {
  const span = document.createElement("span");
  span.className = display ? "tex tex-display" : "tex";
  const prerendered = PRERENDERED.get(mathKey(source, display));
  if (prerendered !== undefined) {
    span.innerHTML = prerendered;
  } else if (render) {
    span.innerHTML = render(source, display);
  } else {
    span.classList.add("tex-pending");
    span.dataset.tex = source;
    span.textContent = source;
    typesetWhenVisible(span);
  }
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
