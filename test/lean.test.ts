/**
 * Lean pages (issue 11: at most 300 kB of gzipped JavaScript per page, counted by
 * `npm run bench`). Framework bundles each bare npm import whole: one page or component that
 * imports `@observablehq/plot`, `d3` or `katex` directly brings back all of Plot and d3
 * (170 kB gzipped) or KaTeX (77 kB) on its page. Charts import `./plot.js` (tree-shaken by
 * scripts/leanBundles.ts); TeX goes through `tex()`, which loads KaTeX only when needed.
 */
import {readFileSync, readdirSync, statSync} from "node:fs";
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

  it("imports zod only as zod/mini, and only through lib/zodMini.ts (full zod is 93 kB gzipped on every page)", () => {
    const libFiles = (dir: string): string[] => readdirSync(join(ROOT, dir)).flatMap((name) =>
      statSync(join(ROOT, dir, name)).isDirectory() ? libFiles(`${dir}/${name}`) : name.endsWith(".ts") ? [`${dir}/${name}`] : []);
    const importers = [...sources, ...libFiles("lib")].filter((file) =>
      /(from|import)\s*\(?\s*["']zod(\/[^"']*)?["']/.test(readFileSync(join(ROOT, file), "utf-8")));
    expect(importers).toEqual(["lib/zodMini.ts"]);
    expect(readFileSync(join(ROOT, "lib/zodMini.ts"), "utf-8")).not.toMatch(/from\s*["']zod["']/);
  });
});
