/**
 * `npm run bench` (explorer part): how fast each chapter answers an input, in Chromium, and how
 * much JavaScript each page loads.
 *
 * For every page: open the built site, then move its first slider or number input back and forth
 * N times; for each move, the time from the input event to the last DOM change it causes (every
 * dependent cell re-rendered, charts included), observed with a MutationObserver and taken once
 * the page has been quiet for 400 ms. Reports the median and the 95th percentile.
 *
 * Goal (issue "Explorer I"): under 50 ms at the 95th percentile on this machine.
 *
 * Weight (issue 11, "Lean pages"): the JavaScript a page loads, counted as every `.js` response
 * from the site while the page loads and settles (before any input moves), each file gzipped
 * (zlib level 9, what a static server with gzip would send). Budget: 300 kB (300,000 bytes)
 * per page; a page over it is printed as OVER BUDGET and the command exits 1 after its report.
 * Code loaded later on demand (KaTeX when a formula comes into view) is not counted.
 * `BENCH_MOVES=0 npm run bench:explorer` measures the weight only.
 */
import {statSync} from "node:fs";
import {join} from "node:path";
import {chromium} from "playwright-core";
import {CHROMIUM_PATH, PAGES, requireBuilt, serveDirectory, siteFiles, urlPathOf, waitForCells} from "../test/e2e/site.ts";
import {gzippedBytes, PAGE_JS_BUDGET_BYTES} from "./weight.ts";

const MOVES = Number(process.env.BENCH_MOVES ?? 20);
const kB = (bytes: number) => (bytes / 1000).toFixed(0).padStart(4);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
}

/** Runs in the page: moves the first slider or number input and times each re-render. */
const MEASURE_MOVES = `async (moves) => {
        const input = document.querySelector("main input[type=range], main input[type=number]");
        if (!input) return [];
        const quiet = 400;
        const out = [];
        const lo = Number(input.min || 1), hi = Number(input.max || 100);
        for (let i = 0; i < moves; i++) {
          const value = i % 2 === 0 ? lo + (hi - lo) * 0.25 : lo + (hi - lo) * 0.75;
          const stepped = input.step && input.step !== "any" ? Math.round(value / Number(input.step)) * Number(input.step) : value;
          let last = 0;
          const observer = new MutationObserver(() => { last = performance.now(); });
          observer.observe(document.querySelector("main") ?? document.body, {subtree: true, childList: true, characterData: true, attributes: true});
          const start = performance.now();
          input.value = String(stepped);
          input.dispatchEvent(new Event("input", {bubbles: true}));
          // Wait until the page has been quiet for \`quiet\` ms.
          await new Promise((resolve) => {
            const check = () => (performance.now() - Math.max(last, start) > quiet ? resolve() : setTimeout(check, 50));
            setTimeout(check, 50);
          });
          observer.disconnect();
          out.push(last > start ? last - start : 0);
        }
        return out;
      }`;

async function main(): Promise<void> {
  const dir = await requireBuilt();
  const {server, origin} = await serveDirectory(dir);
  const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: ["--no-sandbox", "--disable-gpu",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]});
  const rows: string[] = [];
  const over: string[] = [];
  try {
    for (const sitePage of PAGES) {
      const context = await browser.newContext({viewport: {width: 1200, height: 900}});
      const page = await context.newPage();
      // Every JavaScript file the page loads, once, by its path in the built site.
      const scripts = new Map<string, number>();
      let counting = true;
      page.on("response", (response) => {
        if (!counting || !response.url().startsWith(origin) || !/\.js(\?|$)/.test(response.url())) return;
        const path = join(dir, decodeURIComponent(new URL(response.url()).pathname));
        try {
          if (!scripts.has(path)) scripts.set(path, gzippedBytes(path));
        } catch {
          /* not a file of the site */
        }
      });
      await page.goto(`${origin}${urlPathOf(sitePage.path)}`);
      await waitForCells(page);
      await page.waitForTimeout(500);
      counting = false;
      const jsBytes = [...scripts.values()].reduce((a, b) => a + b, 0);
      const weight = `JavaScript ${kB(jsBytes)} kB gzipped (${scripts.size} files)`;
      if (jsBytes > PAGE_JS_BUDGET_BYTES) over.push(`${sitePage.path} loads ${kB(jsBytes).trim()} kB`);
      // Passed as source text: tsx would otherwise wrap helper names in a function the page lacks.
      const times = MOVES > 0 ? ((await page.evaluate(`(${MEASURE_MOVES})(${MOVES})`)) as number[]) : [];
      const label = sitePage.path.padEnd(12);
      rows.push(times.length
        ? `  ${label} input → updated page: median ${percentile(times, 0.5).toFixed(1).padStart(6)} ms, p95 ${percentile(times, 0.95).toFixed(1).padStart(6)} ms (${times.length} moves); ${weight}${jsBytes > PAGE_JS_BUDGET_BYTES ? "  OVER BUDGET" : ""}`
        : `  ${label} ${MOVES > 0 ? "no slider or number input to move" : "moves not measured"}; ${weight}${jsBytes > PAGE_JS_BUDGET_BYTES ? "  OVER BUDGET" : ""}`);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const total = siteFiles(dir).filter((f) => f.endsWith(".js")).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  console.log(`\nExplorer in Chromium (headless, built site, ${MOVES} input moves per page):`);
  for (const r of rows) console.log(r);
  console.log(`  all JavaScript of the built site: ${(total / 1024).toFixed(0)} KiB (uncompressed)`);
  if (over.length) {
    console.log(`\nFAIL: over the ${PAGE_JS_BUDGET_BYTES / 1000} kB gzipped JavaScript budget per page: ${over.join("; ")}`);
    process.exitCode = 1;
  } else {
    console.log(`  every page within the ${PAGE_JS_BUDGET_BYTES / 1000} kB gzipped JavaScript budget`);
  }
}

await main();
