/**
 * `npm run bench` (explorer part): how fast each chapter answers an input, in Chromium, and how
 * much JavaScript each page loads. Run after `npm run build`: it serves the built site in
 * `dist/` (or the folder LLM_TOLL_OUTPUT names).
 *
 * Speed (issue 11, "One frame"). On every page, several inputs are moved back and forth (a slider to a
 * new value each time, near 30 % and 70 % of its range): every
 * slider (at most BENCH_INPUTS of them, spread over the page), the Units switch, and a table's
 * filter box where a page has no slider. For each move two times are taken, both from the start
 * of the first animation frame after the input event (Framework's runtime recomputes cells in a
 * requestAnimationFrame; a slider dragged by a reader delivers its input at the start of a frame,
 * so this is the time the reader waits; the wait for that frame after a synthetic event, 0–17 ms
 * and no cost of the page, is reported apart as "wait"):
 *   - first number: the first DOM change that shows a number which was not on the page before the
 *     move (a text node whose digits changed, or an inserted node whose text has digits and is not
 *     the text just removed), outside the moved input's own form;
 *   - full re-render: the last DOM change the move causes (every dependent cell re-rendered,
 *     charts included), taken once the page has been quiet for QUIET_MS.
 * Both are observed with a MutationObserver (the time its callback runs, at the microtask after
 * the change). Goal: first number p95 ≤ 16 ms, full re-render p95 ≤ 50 ms on every page; a page
 * that misses either is printed OVER and the command exits 1 after its report. The figures are
 * those of the machine the bench runs on (Chromium headless, no GPU); the noise is shown as the
 * p95 of the first and of the second half of the moves.
 *
 * Weight (issue 11, "Lean pages"): the JavaScript a page loads, counted as every `.js` response
 * from the site while the page loads and settles (before any input moves), each file gzipped
 * (zlib level 9, what a static server with gzip would send). Budget: 300 kB (300,000 bytes)
 * per page; a page over it is printed as OVER BUDGET and the command exits 1 after its report.
 * Code loaded later on demand (KaTeX when a formula comes into view) is not counted.
 * `BENCH_MOVES=0 npm run bench:explorer` measures the weight only; BENCH_PAGES=/cost,/planner
 * measures only those pages.
 */
import {existsSync, statSync} from "node:fs";
import {cpus, loadavg} from "node:os";
import {join, resolve} from "node:path";
import {chromium} from "playwright-core";
import {CHROMIUM_ARGS, CHROMIUM_PATH, DIST, PAGES, ROOT, serveDirectory, siteFiles, urlPathOf, waitForCells} from "../scripts/site.ts";
import {gzippedBytes, PAGE_JS_BUDGET_BYTES} from "./weight.ts";

/** Moves per input (each input is moved this many times, alternating between two values). */
const MOVES = Number(process.env.BENCH_MOVES ?? 12);
/** At most this many sliders per page are moved. */
const INPUTS = Number(process.env.BENCH_INPUTS ?? 6);
/** A move is over once the page has been quiet this long. */
const QUIET_MS = 300;
/** Issue 11, "One frame": the first changed number within a 60 Hz frame, p95. */
export const FIRST_NUMBER_P95_MS = 16;
/** Issue 11, "One frame": the page fully re-rendered, p95. */
export const FULL_RENDER_P95_MS = 50;

const kB = (bytes: number) => (bytes / 1000).toFixed(0).padStart(4);
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–").padStart(6);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
}

/** One move as measured in the page. */
interface Move {
  input: string;
  /** From the input event to the first animation frame after it (the browser's wait, not the page's). */
  waitMs: number;
  /** From that frame to the first changed number (Infinity if no number changed). */
  firstMs: number;
  /** From that frame to the last DOM change. */
  fullMs: number;
  /** The text of the first changed number (to check what was counted). */
  firstText: string;
}

/**
 * Runs in the page: picks the inputs to move, moves each `moves` times and times every move.
 * Passed as source text: tsx would otherwise wrap helper names in a function the page lacks. It is a
 * template literal, so a regular expression's backslash is written twice (`/\\d/`; `/\d/` would reach the
 * page as `/d/`, the letter d).
 */
const MEASURE_MOVES = `async ({moves, maxSliders, quiet}) => {
  const main = document.querySelector("main") ?? document.body;
  const labelOf = (el) => (el.closest("form")?.querySelector("label")?.textContent ?? el.type).trim().slice(0, 28);
  const ranges = [...main.querySelectorAll("input[type=range]")].filter((el) => !el.disabled && el.offsetParent !== null);
  const step = Math.max(1, ranges.length / maxSliders);
  const picked = [];
  for (let i = 0; i < ranges.length && picked.length < maxSliders; i += step) picked.push(ranges[Math.floor(i)]);
  const targets = picked.map((el) => {
    const lo = Number(el.min || 0), hi = Number(el.max || 100), st = el.step && el.step !== "any" ? Number(el.step) : 0;
    const at = (f) => { const v = lo + (hi - lo) * f; return String(st ? lo + Math.round((v - lo) / st) * st : v); };
    // Back and forth across the slider, each move to a value not asked before (0.3, 0.7, 0.304, 0.696, …
    // of its range) where the slider's steps allow: a page that remembers its last answers is timed on new questions.
    const valueAt = (i) => at(i % 2 ? 0.7 - 0.004 * Math.floor(i / 2) : 0.3 + 0.004 * Math.floor(i / 2));
    return {label: labelOf(el), move: (i) => { el.value = valueAt(i); el.dispatchEvent(new Event("input", {bubbles: true})); }, form: el.closest("form")};
  });
  // The Units switch (GB/GiB), wherever a page has one.
  const units = [...main.querySelectorAll("form")].find((f) => /^\\s*Units/.test(f.querySelector("label")?.textContent ?? "") && f.querySelectorAll("input[type=radio]").length === 2);
  if (units) {
    const radios = [...units.querySelectorAll("input[type=radio]")];
    targets.push({label: "Units", form: units, move: () => radios[(radios.findIndex((x) => x.checked) + 1) % radios.length].click()});
  }
  // A table's filter box, on a page without sliders.
  const search = picked.length ? null : main.querySelector("form input[type=search]");
  if (search) targets.push({label: "Filter", form: search.closest("form"), move: (i) => { search.value = i % 2 === 0 ? "a" : ""; search.dispatchEvent(new Event("input", {bubbles: true})); }});
  const out = [];
  for (const target of targets) {
    for (let i = 0; i < moves; i++) {
      let frame = 0, first = 0, last = 0, firstText = "";
      const removed = new Set();
      const observer = new MutationObserver((records) => {
        const now = performance.now();
        last = now;
        if (first) return;
        for (const r of records) {
          if (target.form && target.form.contains(r.target)) continue;
          if (r.type === "characterData") {
            const text = r.target.data ?? "";
            if (/\\d/.test(text) && text !== r.oldValue) { first = now; firstText = text; break; }
          } else if (r.type === "childList") {
            for (const n of r.removedNodes) removed.add((n.textContent ?? "").trim());
            for (const n of r.addedNodes) {
              const text = (n.textContent ?? "").trim();
              if (/\\d/.test(text) && !removed.has(text)) { first = now; firstText = text.slice(0, 40); break; }
            }
            if (first) break;
          }
        }
      });
      observer.observe(main, {subtree: true, childList: true, characterData: true, characterDataOldValue: true, attributes: true});
      const start = performance.now();
      requestAnimationFrame(() => { frame = performance.now(); });
      target.move(i);
      await new Promise((resolve) => {
        const check = () => (performance.now() - Math.max(last, start) > quiet ? resolve() : setTimeout(check, 25));
        setTimeout(check, 25);
      });
      observer.disconnect();
      const from = frame || start;
      out.push({input: target.label, waitMs: from - start, firstMs: first ? Math.max(0, first - from) : Infinity, fullMs: last > from ? last - from : 0, firstText});
    }
  }
  return out;
}`;

/** The built site to serve: LLM_TOLL_OUTPUT, else dist/. */
function builtSite(): string {
  const dir = process.env.LLM_TOLL_OUTPUT ? resolve(ROOT, process.env.LLM_TOLL_OUTPUT) : DIST;
  if (!existsSync(join(dir, "index.html"))) throw new Error(`no built site in ${dir}: run \`npm run build\` first`);
  return dir;
}

async function main(): Promise<void> {
  const dir = builtSite();
  const only = process.env.BENCH_PAGES?.split(",").map((s) => s.trim());
  const pages = only ? PAGES.filter((p) => only.includes(p.path)) : PAGES;
  const {server, origin} = await serveDirectory(dir);
  const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS});
  const loadBefore = loadavg()[0]!;
  const weights: string[] = [];
  const speed: string[] = [];
  const detail: string[] = [];
  const over: string[] = [];
  const slow: string[] = [];
  try {
    for (const sitePage of pages) {
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
      const label = sitePage.path.padEnd(12);
      weights.push(`  ${label} JavaScript ${kB(jsBytes)} kB gzipped (${scripts.size} files)${jsBytes > PAGE_JS_BUDGET_BYTES ? "  OVER BUDGET" : ""}`);
      if (jsBytes > PAGE_JS_BUDGET_BYTES) over.push(`${sitePage.path} loads ${kB(jsBytes).trim()} kB`);
      if (MOVES > 0) {
        const moves = (await page.evaluate(`(${MEASURE_MOVES})(${JSON.stringify({moves: MOVES, maxSliders: INPUTS, quiet: QUIET_MS})})`)) as Move[];
        if (moves.length === 0) {
          speed.push(`  ${label} no input to move`);
        } else {
          // A move that changed no number (an input the page's other settings make moot, such as
          // LoRA rank under full fine-tuning) counts for the full re-render only; one that
          // changed nothing at all (an input hidden by another choice) counts for neither.
          const first = moves.filter((m) => Number.isFinite(m.firstMs)).map((m) => m.firstMs);
          const full = moves.filter((m) => m.fullMs > 0).map((m) => m.fullMs);
          // Halves by alternate moves, so each half holds every input.
          const halves = (xs: number[]) => [xs.filter((_, i) => i % 2 === 0), xs.filter((_, i) => i % 2 === 1)].map((h) => percentile(h, 0.95));
          const [f1, f2] = halves(first);
          const [r1, r2] = halves(full);
          const ok = percentile(first, 0.95) <= FIRST_NUMBER_P95_MS && percentile(full, 0.95) <= FULL_RENDER_P95_MS;
          if (!ok) slow.push(sitePage.path);
          speed.push(
            `  ${label} ${ms(percentile(first, 0.5))} ${ms(percentile(first, 0.95))} (${ms(f1!).trim()}/${ms(f2!).trim()})` +
              `   ${ms(percentile(full, 0.5))} ${ms(percentile(full, 0.95))} (${ms(r1!).trim()}/${ms(r2!).trim()})` +
              `  ${ms(percentile(moves.map((m) => m.waitMs), 0.5))}  ${String(moves.length).padStart(5)}  ${ok ? "PASS" : "OVER"}`
          );
          const inputs = [...new Set(moves.map((m) => m.input))];
          detail.push(`  ${label} ` + inputs.map((input) => {
            const mine = moves.filter((m) => m.input === input);
            const p95 = (xs: number[]) => ms(percentile(xs, 0.95)).trim();
            return `${input.trim()}: ${p95(mine.map((m) => m.firstMs).filter(Number.isFinite))}/${p95(mine.map((m) => m.fullMs).filter((x) => x > 0))}`;
          }).join("; "));
          const missed = moves.filter((m) => !Number.isFinite(m.firstMs) && m.fullMs > 0).map((m) => m.input);
          if (missed.length) detail.push(`  ${label}   no number changed on ${missed.length} move(s): ${[...new Set(missed)].join(", ")}`);
          const idle = moves.filter((m) => m.fullMs === 0).map((m) => m.input);
          if (idle.length) detail.push(`  ${label}   nothing changed on ${idle.length} move(s) (left out): ${[...new Set(idle)].join(", ")}`);
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const total = siteFiles(dir).filter((f) => f.endsWith(".js")).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  if (MOVES > 0) {
    console.log(`\nExplorer speed in Chromium (headless, built site ${dir}, ${MOVES} moves per input; ${cpus().length} cores, load ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}).`);
    console.log(`Times in ms from the first animation frame after the input; p95 of each half of the moves in brackets (noise).`);
    console.log(`  page         first number: median    p95 (halves)    full re-render: median    p95 (halves)   wait  moves  ≤ ${FIRST_NUMBER_P95_MS}/${FULL_RENDER_P95_MS} ms`);
    for (const r of speed) console.log(r);
    console.log(`p95 per input (first number / full re-render, ms):`);
    for (const r of detail) console.log(r);
  }
  console.log(`\nExplorer weight:`);
  for (const r of weights) console.log(r);
  console.log(`  all JavaScript of the built site: ${(total / 1024).toFixed(0)} KiB (uncompressed)`);
  if (MOVES > 0) {
    if (slow.length) {
      console.log(`\nOVER: first number p95 > ${FIRST_NUMBER_P95_MS} ms or full re-render p95 > ${FULL_RENDER_P95_MS} ms on ${slow.join(", ")}`);
      process.exitCode = 1;
    } else {
      console.log(`\nPASS: every page shows its first changed number within ${FIRST_NUMBER_P95_MS} ms and re-renders within ${FULL_RENDER_P95_MS} ms (p95)`);
    }
  }
  if (over.length) {
    console.log(`FAIL: over the ${PAGE_JS_BUDGET_BYTES / 1000} kB gzipped JavaScript budget per page: ${over.join("; ")}`);
    process.exitCode = 1;
  } else {
    console.log(`  every page within the ${PAGE_JS_BUDGET_BYTES / 1000} kB gzipped JavaScript budget`);
  }
}

await main();
