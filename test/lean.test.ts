/**
 * Lean pages (issue 11: at most 300 kB of gzipped JavaScript per page, counted by
 * `npm run bench`). Framework bundles each bare npm import whole: one page or component that
 * imports `@observablehq/plot`, `d3` or `katex` directly brings back all of Plot and d3
 * (170 kB gzipped) or KaTeX (77 kB) on its page. Charts import `./plot.js` (tree-shaken by
 * scripts/leanBundles.ts); TeX goes through `tex()`, which loads KaTeX only when needed.
 */
import {readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {ROOT} from "./e2e/site.ts";

const sources = [
  ...readdirSync(join(ROOT, "src")).filter((f) => f.endsWith(".md")).map((f) => `src/${f}`),
  ...readdirSync(join(ROOT, "src/components")).filter((f) => f.endsWith(".ts")).map((f) => `src/components/${f}`)
];

/** The files allowed to import each heavy package: the lean entries themselves. */
const ALLOWED: Record<string, string[]> = {
  "@observablehq/plot": ["src/components/plot.ts"],
  d3: ["src/components/plot.ts"],
  katex: ["src/components/texRender.ts"]
};

describe("lean pages", () => {
  it.each(Object.keys(ALLOWED))("import %s only through its lean entry", (name) => {
    const pattern = new RegExp(`(from|import)\\s*\\(?\\s*["']${name.replace("/", "\\/")}["']`);
    const importers = sources.filter((file) => pattern.test(readFileSync(join(ROOT, file), "utf-8")));
    expect(importers.filter((file) => !ALLOWED[name]!.includes(file))).toEqual([]);
  });

  it("finds a direct import where there is one (the check can fail)", () => {
    expect(/(from|import)\s*\(?\s*["']@observablehq\/plot["']/.test(`import * as Plot from "@observablehq/plot";`)).toBe(true);
    expect(/(from|import)\s*\(?\s*["']d3["']/.test(`import {groups} from "./components/plot.js";`)).toBe(false);
  });
});
