/**
 * The site builds offline into self-contained HTML: every configured page is produced, no
 * cell failed at build time, and nothing in dist/ points at another origin.
 * The build itself is shared with the browser tests (test/e2e/site.ts builds once per run).
 */
import {spawnSync} from "node:child_process";
import {randomBytes} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {tmpdir} from "node:os";
import {beforeAll, describe, expect, it} from "vitest";
import config from "../observablehq.config.ts";
import {PAGE_JS_BUDGET_BYTES, startupJsBytes, startupScripts} from "../bench/weight.ts";
import {BUILD_TIMEOUT_MS, PAGES, ROOT, siteFiles, ensureBuilt, htmlFileOf, type BuildResult} from "./e2e/site.ts";

let build: BuildResult;
beforeAll(async () => {
  build = await ensureBuilt();
}, BUILD_TIMEOUT_MS);

/** URLs pointing at another origin in a built HTML, CSS or JS file, by where they appear. */
export function outsideReferences(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /<script\b[^>]*\bsrc\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi, // <script src="https://…">
    /<link\b[^>]*\bhref\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi, // <link href="https://…"> (stylesheets, preloads, fonts)
    /\bimport\s*\(\s*["'`]((?:https?:)?\/\/[^"'`]+)/g, // import("https://…")
    /\b(?:import|export)\b[^;"'`]*?\bfrom\s*["']((?:https?:)?\/\/[^"']+)/g, // import … from "https://…"
    /\bimport\s*["']((?:https?:)?\/\/[^"']+)/g, // import "https://…"
    /@import\s+(?:url\()?\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi, // CSS @import
    /\burl\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi // CSS url(https://…) (fonts, images)
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

describe("npm run build", () => {
  it("exits 0", () => {
    expect(build.ok, build.log).toBe(true);
  });

  it("lists the home page first in the site's page list, and every other page in the sidebar", () => {
    expect(PAGES[0]!.path).toBe("/index");
    expect(config.pages.map((p) => p.path)).toEqual(PAGES.slice(1).map((p) => p.path));
  });

  it("lists every top-level markdown page of src/, so each one is built and opened in the browser", () => {
    const pages = readdirSync(join(ROOT, "src"))
      .filter((f) => f.endsWith(".md") && f !== "404.md")
      .map((f) => `/${f.slice(0, -3)}`);
    expect(PAGES.map((p) => p.path).sort()).toEqual(pages.sort());
  });

  it("builds no page outside the page list (e.g. a stray README.md in lib/ or components/)", () => {
    const built = siteFiles(build.dir).filter((f) => f.endsWith(".html") && f !== "404.html");
    expect(built).toEqual(PAGES.map((p) => `${p.path.slice(1)}.html`).sort());
  });

  it.each(PAGES.map((p) => [p.path, p] as const))("produces an HTML file for %s", (_path, page) => {
    expect(existsSync(htmlFileOf(page.path, build.dir)), htmlFileOf(page.path, build.dir)).toBe(true);
  });

  it("produces no page with a cell error (observablehq--error), e.g. a non-local import", () => {
    const failing = siteFiles(build.dir).filter((f) => f.endsWith(".html") && readFileSync(join(build.dir, f), "utf-8").includes("observablehq--error"));
    expect(failing).toEqual([]);
  });

  it("writes no file that loads a script, stylesheet, font or module from another origin", () => {
    const offenders = siteFiles(build.dir)
      .filter((f) => /\.(html|css|js)$/.test(f))
      .flatMap((f) => outsideReferences(readFileSync(join(build.dir, f), "utf-8")).map((url) => `${f}: ${url}`));
    expect(offenders).toEqual([]);
  });

  it("downloads nothing from the npm CDN (no dist/_npm), so every import came from node_modules", () => {
    expect(existsSync(join(build.dir, "_npm"))).toBe(false);
  });

  it("leaves no import of a .ts file in the built modules (Framework copies only .js-specified modules)", () => {
    // Framework 1.13 bundles a local module only when it is imported as `./x.js` (it finds x.ts);
    // a `./x.ts` specifier is copied verbatim and the browser then gets a 404.
    const offenders = siteFiles(build.dir)
      .filter((f) => /\.(html|js)$/.test(f) && !f.startsWith("_node/") && !f.startsWith("_observablehq/"))
      .flatMap((f) =>
        [...readFileSync(join(build.dir, f), "utf-8").matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+\.ts)["']/g)].map((m) => `${f}: ${m[1]}`)
      );
    expect(offenders).toEqual([]);
  });
});

describe("page weight (issue 11: at most 300 kB of gzipped JavaScript per page; npm run bench counts it in Chromium)", () => {
  it.each(PAGES.map((p) => [p.path, p] as const))("keeps %s within the budget", (_path, page) => {
    const kB = startupJsBytes(build.dir, htmlFileOf(page.path, build.dir)) / 1000;
    expect(kB, `${page.path}: ${kB.toFixed(1)} kB of gzipped JavaScript`).toBeLessThanOrEqual(PAGE_JS_BUDGET_BYTES / 1000);
  });

  it.each(PAGES.map((p) => [p.path, p] as const))("counts every module that %s's cells import", (_path, page) => {
    const html = readFileSync(htmlFileOf(page.path, build.dir), "utf-8");
    const counted = new Set(startupScripts(build.dir, htmlFileOf(page.path, build.dir)));
    const imported = [...html.matchAll(/\bimport\s*\(\s*["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) => resolve(build.dir, m[1]!));
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((path) => !counted.has(path))).toEqual([]);
  });

  it("counts a page's module scripts and preloads, gzipped, and finds a page over the budget", () => {
    const dir = join(tmpdir(), `llm-toll-weight-${process.pid}`);
    mkdirSync(join(dir, "_import"), {recursive: true});
    try {
      // Random bytes do not compress: 310 kB of them gzip to more than the 300 kB budget.
      writeFileSync(join(dir, "_import", "big.js"), randomBytes(310_000));
      writeFileSync(join(dir, "_import", "small.js"), "export const x = 1;\n");
      writeFileSync(join(dir, "page.html"), `<script type="module" src="./_import/small.js"></script>
        <link rel="modulepreload" href="./_import/big.js"><link rel="stylesheet" href="./style.css">
        <link rel="modulepreload" href="https://cdn.example/x.js">`);
      expect(startupScripts(dir, join(dir, "page.html"))).toEqual([join(dir, "_import", "big.js"), join(dir, "_import", "small.js")]);
      expect(startupJsBytes(dir, join(dir, "page.html"))).toBeGreaterThan(PAGE_JS_BUDGET_BYTES);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe("outsideReferences", () => {
  it("finds a CDN script, a font stylesheet and a URL import, and ignores local paths", () => {
    const html = `<script src="https://cdn.jsdelivr.net/npm/d3"></script><link rel="stylesheet" href="https://fonts.googleapis.com/css2">
      <script type="module">import {x} from "https://esm.sh/x"; import("./_import/a.js"); import "//cdn.example/y.js";</script>
      <link href="./_import/style.css"><a href="https://example.org/paper">a citation link is fine</a>`;
    expect(outsideReferences(html)).toEqual(["https://cdn.jsdelivr.net/npm/d3", "https://fonts.googleapis.com/css2", "https://esm.sh/x", "//cdn.example/y.js"]);
  });
});

describe("the project's scripts", () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf-8")) as {scripts: Record<string, string>}).scripts;

  it("turn off Framework's telemetry wherever they run the observable command", () => {
    const running = Object.entries(scripts).filter(([, command]) => /\bobservable\s+(build|preview)\b/.test(command));
    expect(running.map(([name]) => name).sort()).toEqual(["build", "dev"]);
    for (const [name, command] of running) expect(command, name).toMatch(/OBSERVABLE_TELEMETRY_DISABLE=true observable (build|preview)/);
  });

  it("build a test site into its own folder and leave the reader's dist/ alone", () => {
    const dist = join(ROOT, "dist");
    const hadDist = existsSync(dist);
    const sentinel = join(dist, `.llm-toll-test-${process.pid}`);
    const output = join("node_modules", ".cache", "llm-toll-site", `dist-guard-${process.pid}`);
    mkdirSync(dist, {recursive: true});
    writeFileSync(sentinel, "the reader's own build\n");
    try {
      const run = spawnSync("npm", ["run", "build"], {cwd: ROOT, encoding: "utf8", timeout: BUILD_TIMEOUT_MS,
        env: {...process.env, FORCE_COLOR: "0", LLM_TOLL_OUTPUT: output}});
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(existsSync(join(ROOT, output, "index.html"))).toBe(true);
      expect(readFileSync(sentinel, "utf-8")).toBe("the reader's own build\n");
    } finally {
      rmSync(join(ROOT, output), {recursive: true, force: true});
      rmSync(hadDist ? sentinel : dist, {recursive: true, force: true});
    }
  }, BUILD_TIMEOUT_MS);

  it("serve our own icon: /favicon.ico is a 32 × 32 ICO and /favicon.svg the drawing it comes from", () => {
    const ico = readFileSync(join(build.dir, "favicon.ico"));
    // ICONDIR: reserved 0, type 1 (icon), one image of 32 × 32 pixels at 32 bits.
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4), ico[6], ico[7], ico.readUInt16LE(12)]).toEqual([0, 1, 1, 32, 32, 32]);
    expect(ico.length).toBe(22 + ico.readUInt32LE(14));
    expect(readFileSync(join(build.dir, "favicon.svg"), "utf-8")).toBe(readFileSync(join(ROOT, "src", "favicon.svg"), "utf-8"));
  });
});
