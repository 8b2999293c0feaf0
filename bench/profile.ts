/**
 * Where a page's time goes when an input moves: a CPU profile (Chrome DevTools Protocol) of the
 * built page while its sliders move (on a page without sliders: its Units switch and its table's filter
 * box), summed per function (self and inclusive time) and per file.
 * A tool for the "One frame" work (issue 11), not a measurement of record (`npm run bench` is).
 *
 *     npm run build && npx tsx bench/profile.ts /planner [moves per slider, default 6] [slider label filter, or Units / Filter]
 */
import {basename} from "node:path";
import {chromium} from "playwright-core";
import {CHROMIUM_ARGS, CHROMIUM_PATH, DIST, serveDirectory, urlPathOf, waitForCells} from "../scripts/site.ts";

interface ProfileNode {
  id: number;
  callFrame: {functionName: string; url: string; lineNumber: number; columnNumber: number};
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [path = "/", movesArg = "6", only = ""] = process.argv.slice(2);
const moves = Number(movesArg);
const {server, origin} = await serveDirectory(process.env.LLM_TOLL_OUTPUT ?? DIST);
const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS});
try {
  const page = await browser.newPage({viewport: {width: 1200, height: 900}});
  await page.goto(`${origin}${urlPathOf(path)}`);
  await waitForCells(page);
  await page.waitForTimeout(500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", {interval: 100});
  await cdp.send("Profiler.start");
  const labels = (await page.evaluate(`(async ({moves, only}) => {
    const main = document.querySelector("main") ?? document.body;
    const labelOf = (el) => (el.closest("form")?.querySelector("label")?.textContent ?? el.type).trim().slice(0, 28);
    const ranges = [...main.querySelectorAll("input[type=range]")].filter((el) => !el.disabled && el.offsetParent !== null && labelOf(el).includes(only));
    for (const el of ranges) {
      const lo = Number(el.min || 0), hi = Number(el.max || 100), st = el.step && el.step !== "any" ? Number(el.step) : 0;
      const at = (f) => { const v = lo + (hi - lo) * f; return String(st ? lo + Math.round((v - lo) / st) * st : v); };
      for (let i = 0; i < moves; i++) {
        el.value = at(i % 2 ? 0.7 : 0.3);
        el.dispatchEvent(new Event("input", {bubbles: true}));
        await new Promise((r) => setTimeout(r, 350));
      }
    }
    const labels = ranges.map(labelOf);
    // A page without sliders: flip the Units switch and type in a table's filter box (as bench/explorer.ts does).
    if (!ranges.length) {
      const units = [...main.querySelectorAll("form")].find((f) => /^\\s*Units/.test(f.querySelector("label")?.textContent ?? "") && f.querySelectorAll("input[type=radio]").length === 2);
      const search = main.querySelector("form input[type=search]");
      const targets = [];
      if (units && "Units".includes(only)) targets.push(["Units", (i) => [...units.querySelectorAll("input[type=radio]")].find((x) => !x.checked).click()]);
      if (search && "Filter".includes(only)) targets.push(["Filter", (i) => { search.value = i % 2 === 0 ? "a" : ""; search.dispatchEvent(new Event("input", {bubbles: true})); }]);
      for (const [label, move] of targets) {
        for (let i = 0; i < moves; i++) {
          move(i);
          await new Promise((r) => setTimeout(r, 350));
        }
        labels.push(label);
      }
    }
    return labels;
  })(${JSON.stringify({moves, only})})`)) as string[];
  const {profile} = (await cdp.send("Profiler.stop")) as unknown as {profile: Profile};
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"}  ${basename(n.callFrame.url || "") || "-"}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const file = new Map<string, number>();
  // Inclusive time per function, counting a function once per stack (recursion not doubled).
  const walk = (id: number, onStack: Set<string>): number => {
    const n = byId.get(id)!;
    const key = keyOf(n);
    let t = selfMs.get(id) ?? 0;
    self.set(key, (self.get(key) ?? 0) + t);
    const f = basename(n.callFrame.url || "") || n.callFrame.functionName || "-";
    file.set(f, (file.get(f) ?? 0) + t);
    const inner = new Set(onStack).add(key);
    for (const c of n.children ?? []) t += walk(c, inner);
    if (!onStack.has(key)) total.set(key, (total.get(key) ?? 0) + t);
    return t;
  };
  walk(profile.nodes[0]!.id, new Set());
  const count = labels.length * moves;
  const top = (m: Map<string, number>, k: number) =>
    [...m].filter(([key]) => !/^\((idle|program|root)\)/.test(key)).sort((a, b) => b[1] - a[1]).slice(0, k)
      .map(([key, t]) => `  ${(t / count).toFixed(2).padStart(7)} ms/move  ${key}`).join("\n");
  const busy = [...file].filter(([key]) => !/^\((idle|program|root)\)/.test(key)).reduce((sum, [, t]) => sum + t, 0);
  console.log(`${path}: ${count} moves over ${labels.join(", ")}; busy ${(busy / count).toFixed(1)} ms/move (JavaScript, DOM and garbage collection)`);
  console.log(`\nper file (self time):\n${top(file, 15)}`);
  console.log(`\nper function (self time):\n${top(self, 25)}`);
  console.log(`\nper function (inclusive time):\n${top(total, 40)}`);
} finally {
  await browser.close();
  server.close();
}
