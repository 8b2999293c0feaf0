/**
 * Observable Framework configuration for the LLM Toll explorer.
 *
 * Offline rules (see /work/shared/notes/framework-offline.md):
 * - `globalStylesheets: []`: the default links Google Fonts, a request off the origin.
 * - `style: "style.css"`: Framework's default CSS, the air (light) and near-midnight (dark)
 *   themes and the Inputs CSS, all bundled from node_modules. (`theme:` is ignored when
 *   `style` is set, so the light/dark pair is written out in style.css.)
 * - pages import npm packages by bare name only, never `npm:` and never implicit globals.
 *
 * To add a chapter: create `src/<name>.md` and add one entry to `PAGES` below. The build
 * test and the browser test read this list, so the new page is tested automatically.
 */

/** One page of the site; `path` is the URL path without extension ("/kv-cache" ↔ src/kv-cache.md). */
export interface SitePage {
  name: string;
  path: string;
}

/**
 * The site's pages, in sidebar order. Planned chapters (add each when its page exists):
 * Inference `/inference`, KV cache `/kv-cache`, Training `/training`, Cost `/cost`,
 * Planner `/planner`, Validation `/validation`, GPUs `/gpus`, Models `/models`.
 */
export const PAGES: SitePage[] = [
  {name: "Overview", path: "/index"}
];

export default {
  root: "src",
  title: "LLM Toll",
  pages: PAGES.filter((page) => page.path !== "/index"),
  style: "style.css",
  globalStylesheets: [],
  search: false,
  pager: true,
  toc: true,
  footer: "LLM Toll — estimates from public formulas; every number links to its derivation.",
  head: "",
  cleanUrls: false
};
