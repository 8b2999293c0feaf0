/**
 * A "show the derivation" block: a closed `<details>` that, opened, shows the formula in
 * symbols, the same formula with the reader's numbers substituted, the result, and where
 * the formula comes from. Every headline number on a page should have one.
 */
import {tex} from "./tex.js";

/** Where a formula comes from: plain text, or a label with a link. */
export type DerivationSource = string | {label: string; href: string};

export interface DerivationOptions {
  /** What is derived, e.g. "KV cache per token". Shown in the summary line. */
  title: string;
  /** The formula in TeX, in symbols, e.g. `2 \cdot L \cdot K \cdot H \cdot b`. */
  formula: string;
  /** The formula in TeX with the reader's numbers substituted, e.g. `2 \cdot 32 \cdot 8 \cdot 128 \cdot 2`. */
  substitution: string;
  /** The formatted result, e.g. "128 KiB". Shown in the summary too. */
  result: string;
  /** Source of the formula (paper, repository, page). */
  source?: DerivationSource;
  /** Open initially. Default false. */
  open?: boolean;
  /**
   * Typeset the formula and the substitution only when the block is first opened (or printed),
   * not when it is built: a page that rebuilds its derivations on every slider move then pays
   * for the MathML of the ones the reader opens, not of every closed one. Default false.
   */
  lazy?: boolean;
  /** The document to create nodes in; defaults to the page's. */
  document?: Document;
}

/**
 * Builds the `<details class="derivation">` element.
 *
 * @example derivation({title: "KV cache per token", formula: String.raw`2LKHb`,
 *   substitution: String.raw`2 \cdot 32 \cdot 8 \cdot 128 \cdot 2`, result: "128 KiB",
 *   source: {label: "scaling-book, Transformer math", href: "https://jax-ml.github.io/scaling-book/transformers/"}})
 */
export function derivation({
  title,
  formula,
  substitution,
  result,
  source,
  open = false,
  lazy = false,
  document = globalThis.document
}: DerivationOptions): HTMLDetailsElement {
  const el = (tag: string, className?: string, text?: string): HTMLElement => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const details = document.createElement("details");
  details.className = "derivation";
  // A cell rebuilds its derivations on every input move: one the reader opened stays open.
  // Keyed by the title without its numbers ("Decode intensity at batch #"), so a title that
  // quotes the moved value is still the same block.
  const key = title.replace(/\d[\d.,]*/g, "#");
  const shown = open || openTitles.has(key);
  details.open = shown;
  details.addEventListener("toggle", () => (details.open ? openTitles.add(key) : openTitles.delete(key)));

  const summary = el("summary");
  summary.append(el("span", "derivation-title", title), " = ", el("span", "derivation-result", result), " · show the derivation");
  details.append(summary);

  const step = (kind: string, label: string, content: Node) => {
    const div = el("div", `derivation-step derivation-${kind}`);
    div.append(el("span", "derivation-label", label), content);
    return div;
  };
  const formulaStep = step("formula", "Formula", document.createTextNode(""));
  const substitutionStep = step("substitution", "With your numbers", document.createTextNode(""));
  const typeset = () => {
    formulaStep.lastChild!.replaceWith(tex(formula, {display: true, document}));
    substitutionStep.lastChild!.replaceWith(tex(substitution, {display: true, document}));
  };
  details.append(formulaStep, substitutionStep, step("value", "Result", el("span", "derivation-result", result)));
  if (!lazy || shown) typeset();
  else whenShown(details, typeset);

  if (source !== undefined) {
    const p = el("p", "derivation-source", "Source: ");
    if (typeof source === "string") {
      p.append(source);
    } else {
      const a = el("a", undefined, source.label) as HTMLAnchorElement;
      a.href = source.href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      p.append(a);
    }
    details.append(p);
  }
  return details;
}

/**
 * The titles of the derivations the reader has opened on this page (closed ones removed), so a
 * block rebuilt after an input move opens as the reader left it instead of closing.
 */
const openTitles = new Set<string>();

/** Lazy derivations not yet typeset, each with the function that typesets it. */
const untypeset = new Map<HTMLDetailsElement, () => void>();
let printListening = false;

/** Runs `typeset` once, when `details` is first opened or the page is printed. */
function whenShown(details: HTMLDetailsElement, typeset: () => void): void {
  const run = () => {
    if (!untypeset.delete(details)) return;
    details.removeEventListener("toggle", onToggle);
    typeset();
  };
  const onToggle = () => details.open && run();
  details.addEventListener("toggle", onToggle);
  untypeset.set(details, run);
  // A re-rendered cell drops its old blocks: forget the ones no longer in the page.
  if (untypeset.size > 200) for (const old of untypeset.keys()) if (!old.isConnected && old !== details) untypeset.delete(old);
  const view = details.ownerDocument.defaultView;
  if (view && !printListening) {
    printListening = true;
    view.addEventListener("beforeprint", () => {
      for (const [d, typesetNow] of [...untypeset]) if (d.isConnected) typesetNow();
    });
  }
}
