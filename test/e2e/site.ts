/**
 * Shared harness for the site tests: build the site once per test run, serve `dist/` on
 * 127.0.0.1, and open pages in the system Chromium (playwright-core) while watching for
 * console errors, page errors, cell errors and any request that leaves the local server.
 *
 * Build once: vitest runs test files in separate worker processes, so the guard is a lock
 * directory plus a stamp file under node_modules/.cache. The stamp's key is the vitest run
 * (the main process id) plus a fingerprint of the site's sources, so `npm test` builds
 * exactly once however many files ask for the site, and a second run builds again. The build
 * writes to its own folder rather than dist/ (see `ensureBuilt`).
 *
 * A page test reads:
 *
 *     it("shows the KV cache", async () => {
 *       await withPage("/kv-cache", async (page) => {
 *         await expect(page.locator("#kv-cache-bytes").textContent()).resolves.toMatch(/GiB/);
 *       });
 *     }, PAGE_TIMEOUT_MS);
 *
 * and needs `afterAll(closeSite)` once per file.
 */
import {spawn} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import type {Server} from "node:http";
import {join, relative} from "node:path";
import {isMainThread} from "node:worker_threads";
import {chromium, type Browser, type BrowserContext, type Page} from "playwright-core";
import {CHROMIUM_ARGS, CHROMIUM_PATH, DIST, PAGES, ROOT, STEP_TIMEOUT_MS, htmlFileOf, serveDirectory, siteFiles, urlPathOf, waitForCells, type SitePage} from "../../scripts/site.ts";

// The site helpers the bench shares live in scripts/site.ts (the bench imports no test code).
export {CHROMIUM_PATH, DIST, PAGES, ROOT, STEP_TIMEOUT_MS, htmlFileOf, serveDirectory, siteFiles, urlPathOf, waitForCells, type SitePage};

/** Where page screenshots go (gitignored). */
export const SCREENSHOTS = join(ROOT, ".screenshots");

/** Generous limits: the CI machine has two cores and a cold Chromium start takes seconds. */
export const BUILD_TIMEOUT_MS = 10 * 60_000;
export const PAGE_TIMEOUT_MS = 240_000;

const CACHE_DIR = join(ROOT, "node_modules", ".cache", "llm-toll-site");
const LOCK_DIR = join(CACHE_DIR, "build.lock");
const STAMP_FILE = join(CACHE_DIR, "build.json");
const STALE_LOCK_MS = BUILD_TIMEOUT_MS + 60_000;

// ---------------------------------------------------------------------------------------
// Build once

export interface BuildResult {
  ok: boolean;
  /**
   * The folder this run's build wrote (under node_modules/.cache/llm-toll-site/), which the
   * tests read and serve: someone else's `npm run build` into dist/ cannot disturb it.
   */
  dir: string;
  /** Wall time of `npm run build`, in seconds (0 if this run reused a build). */
  seconds: number;
  /** The last part of the build's output. */
  log: string;
}

interface Stamp extends BuildResult {
  key: string;
}

/** A fingerprint of everything the build reads: paths, sizes and mtimes (cheap, no reads). */
function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const visit = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      if (name === ".observablehq" || name === "node_modules") continue;
      const path = join(dir, name);
      let stat;
      try {
        stat = statSync(path); // follows the src/lib symlink
      } catch {
        continue; // a dangling link
      }
      if (stat.isDirectory()) visit(path);
      else hash.update(`${relative(ROOT, path)}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  visit(join(ROOT, "src"));
  for (const file of ["observablehq.config.ts", "package.json", "package-lock.json"]) {
    const path = join(ROOT, file);
    if (existsSync(path)) hash.update(`${file}:${statSync(path).mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

/** The vitest run this process belongs to: forked workers share the parent, threads the process. */
function runId(): string {
  return String(isMainThread ? process.ppid : process.pid);
}

function readStamp(): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(STAMP_FILE, "utf-8")) as Stamp;
  } catch {
    return undefined;
  }
}

/** Whether a process is alive (a lock left by a killed test run must not block the next run). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryLock(): boolean {
  mkdirSync(CACHE_DIR, {recursive: true});
  try {
    mkdirSync(LOCK_DIR);
    writeFileSync(join(LOCK_DIR, "pid"), String(process.pid));
    return true;
  } catch {
    try {
      const owner = Number(readFileSync(join(LOCK_DIR, "pid"), "utf-8"));
      const age = Date.now() - statSync(LOCK_DIR).mtimeMs;
      // Break the lock when its owner died, or when it is older than any build may take.
      if ((owner > 0 && !alive(owner)) || age > STALE_LOCK_MS || (!owner && age > 10_000)) {
        rmSync(LOCK_DIR, {recursive: true, force: true});
      }
    } catch {
      // the owner released it meanwhile, or has not written its pid yet
    }
    return false;
  }
}

function runBuild(dir: string): Promise<Omit<BuildResult, "dir">> {
  const start = performance.now();
  return new Promise((resolvePromise) => {
    const env = {...process.env, FORCE_COLOR: "0", NO_COLOR: "1", LLM_TOLL_OUTPUT: relative(ROOT, dir)};
    const child = spawn("npm", ["run", "build"], {cwd: ROOT, env});
    let log = "";
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ok: code === 0, seconds: (performance.now() - start) / 1000, log});
    });
  });
}

let built: Promise<BuildResult> | undefined;

const usable = (stamp: Stamp | undefined, key: string): stamp is Stamp =>
  stamp?.key === key && (!stamp.ok || existsSync(join(stamp.dir, "index.html")));

/** This run's output folder; folders of runs older than an hour are removed. */
function outputDir(key: string): string {
  const dir = join(CACHE_DIR, `site-${createHash("sha256").update(key).digest("hex").slice(0, 12)}`);
  for (const name of readdirSync(CACHE_DIR)) {
    const old = join(CACHE_DIR, name);
    if (name.startsWith("site-") && old !== dir && Date.now() - statSync(old).mtimeMs > 3_600_000) rmSync(old, {recursive: true, force: true});
  }
  return dir;
}

/**
 * Builds the site with `npm run build` unless this test run already did (in any worker).
 * The build writes to its own folder (LLM_TOLL_OUTPUT, read by observablehq.config.ts), not
 * dist/, so a concurrent `npm run build` elsewhere in the tree cannot collide with it.
 * Resolves with the build's outcome; never rejects (the build test asserts `ok`).
 */
export function ensureBuilt(): Promise<BuildResult> {
  built ??= (async () => {
    const key = `${runId()}:${sourceFingerprint()}`;
    for (;;) {
      const stamp = readStamp();
      if (usable(stamp, key)) return {ok: stamp.ok, dir: stamp.dir, seconds: 0, log: stamp.log};
      if (tryLock()) {
        try {
          const again = readStamp();
          if (usable(again, key)) return {ok: again.ok, dir: again.dir, seconds: 0, log: again.log};
          const dir = outputDir(key);
          const result: BuildResult = {...(await runBuild(dir)), dir};
          writeFileSync(STAMP_FILE, JSON.stringify({key, ...result} satisfies Stamp));
          return result;
        } finally {
          rmSync(LOCK_DIR, {recursive: true, force: true});
        }
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return built;
}

/** Builds (once) and throws with the build log if the build failed; returns the built site's directory. */
export async function requireBuilt(): Promise<string> {
  const result = await ensureBuilt();
  if (!result.ok) throw new Error(`npm run build failed:\n${result.log}`);
  return result.dir;
}

// ---------------------------------------------------------------------------------------
// Browser

let site: Promise<{server: Server; origin: string; browser: Browser}> | undefined;

/** Builds (once), starts the server and Chromium (once per test file). */
export function openSite(): Promise<{origin: string; browser: Browser}> {
  site ??= (async () => {
    const dir = await requireBuilt();
    const {server, origin} = await serveDirectory(dir);
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      timeout: STEP_TIMEOUT_MS,
      args: CHROMIUM_ARGS
    });
    return {server, origin, browser};
  })();
  return site;
}

/** Stops Chromium and the server; call in `afterAll`. */
export async function closeSite(): Promise<void> {
  if (!site) return;
  const opened = site;
  site = undefined;
  const {server, browser} = await opened;
  await browser.close();
  await new Promise<void>((r) => server.close(() => r()));
}

/** What went wrong on a page. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests to anything but the local server. */
  outsideRequests: string[];
  /** Requests answered with status ≥ 400. */
  failedResponses: string[];
  /** Text of `.observablehq--error` elements (cells that threw). */
  cellErrors: string[];
}

export interface WithPageOptions {
  colorScheme?: "light" | "dark";
  /** Viewport width in CSS pixels. Default 1200. */
  width?: number;
  /** Write `.screenshots/<name>.png` (full page) after `fn`; default no screenshot. */
  screenshot?: string;
  /** Don't fail on problems; `fn` gets them in its second argument and decides. */
  allowProblems?: boolean;
}

/**
 * Opens a page of the built site in a fresh browser context, waits for its cells, runs
 * `fn`, and then fails if the page logged a console error, threw, showed a cell error, or
 * requested anything from another origin (unless `allowProblems`).
 *
 * @example await withPage("/inference", async (page) => { await page.getByLabel("Batch").fill("8"); })
 */
export async function withPage<T>(
  path: string,
  fn: (page: Page, problems: PageProblems) => Promise<T>,
  {colorScheme = "light", width = 1200, screenshot, allowProblems = false}: WithPageOptions = {}
): Promise<T> {
  const {origin, browser} = await openSite();
  const context: BrowserContext = await browser.newContext({colorScheme, viewport: {width, height: 900}, serviceWorkers: "block"});
  const problems: PageProblems = {consoleErrors: [], pageErrors: [], outsideRequests: [], failedResponses: [], cellErrors: []};
  try {
    // Refuse, and record, anything not served by the local server.
    await context.route(
      (url) => url.origin !== origin && url.protocol !== "data:" && url.protocol !== "blob:",
      (route) => {
        problems.outsideRequests.push(route.request().url());
        return route.abort("blockedbyclient");
      }
    );
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on("console", (message) => {
      if (message.type() === "error") problems.consoleErrors.push(`${message.text()} @ ${message.location().url}`);
    });
    page.on("pageerror", (error) => problems.pageErrors.push(String(error)));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.failedResponses.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(origin + urlPathOf(path), {waitUntil: "load", timeout: STEP_TIMEOUT_MS});
    await waitForCells(page);
    const result = await fn(page, problems);
    await waitForCells(page);
    problems.cellErrors.push(...(await page.locator(".observablehq--error").allTextContents()));
    if (screenshot) {
      mkdirSync(SCREENSHOTS, {recursive: true});
      await page.screenshot({path: join(SCREENSHOTS, `${screenshot}.png`), fullPage: true});
    }
    if (!allowProblems) assertNoProblems(path, problems);
    return result;
  } finally {
    await context.close();
  }
}

/**
 * Sets an Inputs.range or Inputs.number by its label: types the value into its number box
 * and commits it, as a reader would.
 * @example await setNumberInput(page, "Context (tokens)", 65536)
 */
export async function setNumberInput(page: Page, label: string, value: number): Promise<void> {
  const box = page.locator("form").filter({has: page.locator("label", {hasText: label})}).locator("input[type=number]").first();
  await box.fill(String(value));
  await box.press("Enter");
}

/**
 * Picks an option of an Inputs.radio by the radio's label and the option's text.
 * @example await chooseRadio(page, "Units", "GiB")
 */
export async function chooseRadio(page: Page, label: string, option: string): Promise<void> {
  const form = page.locator("form").filter({has: page.locator("label", {hasText: label})}).first();
  await form.locator("label", {hasText: new RegExp(`^\\s*${option.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`)}).locator("input").check();
}

/** Throws one error listing every problem, if there are any. */
export function assertNoProblems(path: string, problems: PageProblems): void {
  const lines = Object.entries(problems).flatMap(([kind, list]) => (list as string[]).map((item) => `${kind}: ${item}`));
  if (lines.length) throw new Error(`${path} has problems:\n${lines.join("\n")}`);
}
