/**
 * The built site as both the browser tests (test/e2e/site.ts) and the explorer bench
 * (bench/explorer.ts) open it: the page list, a static server for a built folder, the system
 * Chromium and its launch flags, and waiting for a page's cells to settle. Kept outside test/
 * so the bench imports no test code (issue 8).
 */
import {createReadStream, existsSync, readdirSync, statSync} from "node:fs";
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, normalize, relative, resolve, sep} from "node:path";
import {fileURLToPath} from "node:url";
import type {Page} from "playwright-core";
import {PAGES, type SitePage} from "../observablehq.config.ts";

export {PAGES, type SitePage};

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
/** Where `npm run build` writes the site (unless LLM_TOLL_OUTPUT names another folder). */
export const DIST = join(ROOT, "dist");
/** The Chromium binary (Debian's `chromium` package). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Launch flags that work as root, offline (see /work/shared/notes/framework-offline.md). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage"
];
/** The longest one browser step (load, wait for cells) may take; a loaded CI box can be very slow. */
export const STEP_TIMEOUT_MS = 100_000;

/** The HTML file a page path builds to, in `dir`: "/index" → index.html, "/kv-cache" → kv-cache.html. */
export function htmlFileOf(path: string, dir: string): string {
  return join(dir, `${path.replace(/^\//, "")}.html`);
}

/** The URL path a page is served at ("/index" → "/"). */
export function urlPathOf(path: string): string {
  const q = path.indexOf("?");
  const [page, query] = q < 0 ? [path, ""] : [path.slice(0, q), path.slice(q)];
  return (page === "/index" ? "/" : `${page}.html`) + query;
}

/** Every file of a built site, as paths relative to its directory. */
export function siteFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) visit(path);
      else out.push(relative(dir, path));
    }
  };
  visit(dir);
  return out.sort();
}


const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".ico": "image/x-icon"
};

/** Serves `dir` on 127.0.0.1 at a free port; "/" → index.html, "/x" → x.html. */
export async function serveDirectory(dir: string): Promise<{server: Server; origin: string}> {
  // Links up to Chromium's 2 MB URL limit reach the page (Node's default header limit is
  // 16 KB): the hostile-link tests open pages with 200,000-character query values.
  const server = createServer({maxHeaderSize: 4 * 1024 * 1024}, (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith("/")) path += "index.html";
    let file = normalize(join(dir, path));
    if (file !== dir && !file.startsWith(dir + sep)) {
      response.writeHead(403).end();
      return;
    }
    if (!extname(file) && existsSync(`${file}.html`)) file = `${file}.html`;
    if (!existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, {"content-type": "text/plain"}).end(`not found: ${path}`);
      return;
    }
    response.writeHead(200, {"content-type": MIME[extname(file)] ?? "application/octet-stream", "cache-control": "no-store"});
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const {port} = server.address() as AddressInfo;
  return {server, origin: `http://127.0.0.1:${port}`};
}


/** Waits until the page has loaded and every cell has settled (no `<observablehq-loading>` left). */
export async function waitForCells(page: Page): Promise<void> {
  await page.waitForFunction(() => document.readyState === "complete" && !document.querySelector("observablehq-loading"), undefined, {
    timeout: STEP_TIMEOUT_MS,
    polling: 100
  });
  // Let a generator-driven cell (view, resize) run its next frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
