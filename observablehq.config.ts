/**
 * Observable Framework configuration for the LLM Toll explorer.
 *
 * Offline rules (see /work/shared/notes/framework-offline.md):
 * - `globalStylesheets: []`: the default links Google Fonts, a request off the origin.
 * - `style: "style.css"`: Framework's default CSS, the air (light) and near-midnight (dark)
 *   themes and the Inputs CSS, all bundled from node_modules. (`theme:` is ignored when
 *   `style` is set, so the light/dark pair is written out in style.css.)
 * - Pages and components import npm packages by bare name only (`import * as Plot from
 *   "@observablehq/plot"`), never `npm:` and never the implicit globals (`Plot`, `d3`,
 *   `Inputs`, `html`, `tex`, `FileAttachment(…).csv()`): those download from a CDN and fail here.
 * - Local modules are imported with a `.js` specifier (`./components/tex.js` finds `tex.ts`);
 *   Framework 1.13 does not bundle a module imported as `./x.ts`, in pages or inside modules.
 *
 * Adding a page: create `src/<name>.md`. A chapter named in CHAPTERS appears in the sidebar
 * in that order as soon as its file exists; any other top-level page is appended after them
 * (its name from its first `# ` heading). The build test and the browser test read PAGES,
 * so a new page is built, opened in Chromium and screenshotted without further changes.
 * Framework builds every `.md` under src/ (lib/ included, through the src/lib symlink): keep
 * pages at the top level and no markdown in lib/ or components/ (the build test checks).
 */
import {existsSync, readFileSync, readdirSync} from "node:fs";
import {fileURLToPath} from "node:url";

/** One page of the site; `path` is the URL path without extension ("/kv-cache" ↔ src/kv-cache.md). */
export interface SitePage {
  name: string;
  path: string;
}

/** The chapters, in reading order. A chapter is listed only once `src/<path>.md` exists. */
export const CHAPTERS: readonly SitePage[] = [
  {name: "Overview", path: "/index"},
  {name: "Inference", path: "/inference"},
  {name: "KV cache", path: "/kv-cache"},
  {name: "Serving", path: "/serving"},
  {name: "Training", path: "/training"},
  {name: "Cost", path: "/cost"},
  {name: "Planner", path: "/planner"},
  {name: "Validation", path: "/validation"},
  {name: "GPUs", path: "/gpus"},
  {name: "Models", path: "/models"}
];

const SOURCE_ROOT = fileURLToPath(new URL("./src/", import.meta.url));
const sourceOf = (page: SitePage) => `${SOURCE_ROOT}${page.path.slice(1)}.md`;

/** The first `# ` heading of a markdown file, else its file name. */
function titleOf(file: string, fallback: string): string {
  const heading = /^#\s+(.+)$/m.exec(readFileSync(file, "utf-8"));
  return heading ? heading[1]!.trim() : fallback;
}

/** Top-level pages that are not chapters (except `404.md`, Framework's not-found page), alphabetically. */
function otherPages(): SitePage[] {
  const known = new Set(CHAPTERS.map((p) => p.path));
  return readdirSync(SOURCE_ROOT)
    .filter((f) => f.endsWith(".md") && f !== "404.md")
    .map((f) => f.slice(0, -3))
    .filter((name) => !known.has(`/${name}`))
    .sort()
    .map((name) => ({name: titleOf(`${SOURCE_ROOT}${name}.md`, name), path: `/${name}`}));
}

/** Every page of the site, home first: the existing chapters in order, then any other page. */
export const PAGES: SitePage[] = [...CHAPTERS.filter((page) => existsSync(sourceOf(page))), ...otherPages()];

export default {
  root: "src",
  title: "LLM Toll",
  /** The sidebar: every page but the home page, which the title links to. */
  pages: PAGES.filter((page) => page.path !== "/index"),
  style: "style.css",
  globalStylesheets: [],
  /** Our icon (src/favicon.svg, copied with a rasterized /favicon.ico by scripts/favicon.mjs after the build). */
  head: '<link rel="icon" href="./favicon.svg" type="image/svg+xml" sizes="any">',
  search: false,
  pager: true,
  toc: true,
  sidebar: true,
  preserveExtension: true,
  /**
   * dist/ unless LLM_TOLL_OUTPUT names another folder (the tests and the bench build into their
   * own). Framework empties its output folder itself when that folder is inside the project, so
   * the build script removes nothing else: `npm test` and `npm run bench` leave dist/ alone.
   */
  output: process.env.LLM_TOLL_OUTPUT || "dist",
  footer: "LLM Toll — estimates from public formulas; every figure shows its derivation."
};
