/**
 * Page weight (issue 11, "Lean pages": "at most 300 KB of gzipped JavaScript per page, counted by
 * `npm run bench`"), shared by the bench (bench/explorer.ts, which counts every `.js` response in
 * Chromium while a page loads and settles) and the build test (test/build.test.ts, which counts
 * the same files from the built HTML, without a browser).
 *
 * Each file is gzipped on its own at zlib level 9, what a static server with gzip would send.
 */
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {gzipSync} from "node:zlib";

/** Gzipped JavaScript a page may load, in bytes (issue 11: "at most 300 KB of gzipped JavaScript per page"). */
export const PAGE_JS_BUDGET_BYTES = 300_000;

/** Bytes of a file gzipped at level 9. */
export const gzippedBytes = (path: string) => gzipSync(readFileSync(path), {level: 9}).length;

/**
 * The JavaScript files a built page loads when it opens, as absolute paths: its module scripts
 * and its `<link rel="modulepreload">` links. Framework 1.13 preloads every module the page's
 * cells import, transitively (the client, the runtime, each component and lib module, each npm
 * bundle); code a page imports only later on demand (KaTeX, when a formula comes into view) is
 * not among them. On the built site this is the same set of files the bench sees in Chromium.
 */
export function startupScripts(siteDir: string, htmlFile: string): string[] {
  const html = readFileSync(htmlFile, "utf-8");
  const base = resolve(htmlFile, "..");
  const found = new Set<string>();
  for (const tag of html.matchAll(/<(?:link|script)\b[^>]*>/gi)) {
    const text = tag[0];
    const isScript = /^<script\b/i.test(text) && /\btype\s*=\s*["']?module/i.test(text);
    const isPreload = /^<link\b/i.test(text) && /\brel\s*=\s*["']?modulepreload/i.test(text);
    const url = /\b(?:src|href)\s*=\s*["']([^"']+)["']/i.exec(text)?.[1];
    if ((isScript || isPreload) && url && !/^[a-z]+:|^\/\//i.test(url)) {
      found.add(url.startsWith("/") ? resolve(siteDir, `.${url}`) : resolve(base, url));
    }
  }
  return [...found].sort();
}

/** Gzipped bytes of the JavaScript a built page loads when it opens ({@link startupScripts}). */
export function startupJsBytes(siteDir: string, htmlFile: string): number {
  return startupScripts(siteDir, htmlFile).reduce((sum, path) => sum + gzippedBytes(path), 0);
}
