/**
 * Formulas typeset at build time: TeX source → MathML markup, for every TeX literal without
 * substitutions in the pages and components (`tex("…")`, ``String.raw`…` ``). With it, `tex()`
 * shows static formulas at once without loading KaTeX (./tex.ts).
 *
 * This file is the empty stand-in that TypeScript and the tests read. `npm run build` and
 * `npm run dev` run `scripts/leanBundles.ts`, which writes the filled map to `mathml.js` beside
 * it (gitignored); Framework finds `./mathml.js` before `./mathml.ts`, so the pages get it.
 */
export const PRERENDERED: ReadonlyMap<string, string> = new Map();

/** The map's key for a source in display or inline mode. */
export const mathKey = (source: string, display: boolean): string => `${display ? "display" : "inline"}:${source}`;
