/**
 * The Planner page in a real browser: the ranked table and the Pareto chart come from the
 * engine's planner, re-rank and redraw when the model, the token counts, the latency targets
 * or the mode change — each within a second of the input event, timed in the page — and the
 * table sorts by any column.
 */
import {afterAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {PAGE_TIMEOUT_MS, chooseRadio, closeSite, setNumberInput, withPage} from "./site.ts";
import {columnNumbers} from "./tableHelpers.ts";

afterAll(closeSite, 60_000);

const SERVING_CHART = "serving cost versus time per output token";
const TRAINING_CHART = "training cost versus wall-clock time";
const text = (page: Page, id: string) => page.locator(`#${id}`).textContent();
const firstRow = (page: Page) => page.locator("#plan-table tbody tr").first().textContent();
const chartSvg = (page: Page, label: string) => page.locator(`#pareto-chart svg[aria-label="${label}"]`).first().evaluate((svg) => svg.outerHTML);
/** "1,490" → 1490 */
const count = async (page: Page, id: string) => Number((await text(page, id))!.replace(/,/g, ""));

interface Timing { t0: number | null; tRow: number | null; tChart: number | null }

/**
 * Arms a timer in the page: t0 is the first input event after this call (capture phase, so
 * inputs that stop propagation count too), tRow and tChart the first DOM mutations after which
 * the table's first row and the chart's SVG differ from what they were.
 */
async function armTimer(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as {__plan: Timing};
    const row = () => document.querySelector("#plan-table tbody tr")?.textContent ?? "";
    const chart = () => document.querySelector("#pareto-chart svg[aria-label]")?.outerHTML ?? "";
    const before = {row: row(), chart: chart()};
    w.__plan = {t0: null, tRow: null, tChart: null};
    const start = () => { if (w.__plan.t0 === null) w.__plan.t0 = performance.now(); };
    document.addEventListener("input", start, {capture: true, once: true});
    document.addEventListener("change", start, {capture: true, once: true});
    const observer = new MutationObserver(() => {
      const now = performance.now();
      if (w.__plan.tRow === null && row() !== before.row) w.__plan.tRow = now;
      if (w.__plan.tChart === null && chart() !== before.chart) w.__plan.tChart = now;
      if (w.__plan.tRow !== null && w.__plan.tChart !== null) observer.disconnect();
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  });
}

/** Runs `change`, waits until the table and the chart have both changed, returns the milliseconds from the input event to the later of the two. */
async function timedChange(page: Page, change: () => Promise<void>): Promise<number> {
  await armTimer(page);
  await change();
  const done = () => page.evaluate(() => {
    const t = (window as unknown as {__plan: Timing}).__plan;
    return t.t0 !== null && t.tRow !== null && t.tChart !== null;
  });
  await expect.poll(done, {timeout: 30_000}).toBe(true);
  return page.evaluate(() => {
    const t = (window as unknown as {__plan: Timing}).__plan;
    return Math.max(t.tRow!, t.tChart!) - t.t0!;
  });
}

describe("the Planner page", () => {
  it("ranks serving plans for Llama 3.1 8B: the cheapest first, counts that add up, the front drawn", async () => {
    await withPage("/planner", async (page) => {
      expect(await text(page, "cheapest-plan")).toMatch(/^.+ in [\w-]+: \$[\d.,]+ per million output tokens$/);
      const tried = await count(page, "count-tried");
      const priced = await count(page, "count-priced");
      const fitting = await count(page, "count-fitting");
      const meeting = await count(page, "count-meeting");
      expect(tried).toBeGreaterThanOrEqual(priced);
      expect(priced).toBeGreaterThanOrEqual(fitting);
      expect(fitting).toBeGreaterThanOrEqual(meeting);
      expect(meeting).toBeGreaterThan(0);
      const table = page.locator("#plan-table table");
      expect((await columnNumbers(table, "#"))[0]).toBe(1);
      // Ranked rows come cheapest first.
      const usd = (await page.locator("#plan-table tbody tr.meets").evaluateAll((trs) => trs.map((tr) => tr.children[7]!.textContent!)))
        .map((t) => Number(t.replace(/[$,]/g, "")));
      expect(usd.length).toBeGreaterThan(1);
      for (let i = 1; i < usd.length; i++) expect(usd[i]).toBeGreaterThanOrEqual(usd[i - 1]!);
      await expect.poll(() => page.locator(`#pareto-chart svg[aria-label="${SERVING_CHART}"] g[aria-description="Pareto front"] circle`).count())
        .toBeGreaterThan(0);
      expect(await page.locator("#plan-table thead th").allTextContents()).toEqual(expect.arrayContaining(["TPOT (ms)", "TTFT (s)",
        "$ per M output tokens", "Price basis (provider, type, date)"]));
      expect(Number(await text(page, "plan-compute-ms"))).toBeLessThan(1000);
    }, {screenshot: "planner-light"});
  }, PAGE_TIMEOUT_MS);

  it("looks right in the dark theme", async () => {
    await withPage("/planner", async (page) => {
      expect(await text(page, "cheapest-plan")).toMatch(/per million output tokens/);
    }, {colorScheme: "dark", screenshot: "planner-dark"});
  }, PAGE_TIMEOUT_MS);

  it("sorts the table by a clicked column, and reverses on a second click", async () => {
    await withPage("/planner", async (page) => {
      const table = page.locator("#plan-table table");
      const button = page.locator('#plan-table th[data-key="tpot"] button');
      await button.click();
      const up = await columnNumbers(table, "TPOT (ms)");
      expect(up.length).toBeGreaterThan(1);
      for (let i = 1; i < up.length; i++) expect(up[i]).toBeGreaterThanOrEqual(up[i - 1]!);
      await button.click();
      const down = await columnNumbers(table, "TPOT (ms)");
      for (let i = 1; i < down.length; i++) expect(down[i]).toBeLessThanOrEqual(down[i - 1]!);
      expect(down[0]).toBeGreaterThan(up[0]!);
    });
  }, PAGE_TIMEOUT_MS);

  it("re-ranks and redraws within a second when the model, the token counts or the targets change", async () => {
    await withPage("/planner", async (page) => {
      const timings: Record<string, number> = {};
      let cheapest = await text(page, "cheapest-plan");
      const fitting8b = await count(page, "count-fitting");

      timings.model = await timedChange(page, async () => {
        await page.locator(".model-input select").first().selectOption("llama-3.1-70b");
      });
      await expect.poll(() => text(page, "cheapest-plan")).not.toBe(cheapest);
      // 70B parameters need more memory than 8B: fewer configurations fit.
      expect(await count(page, "count-fitting")).toBeLessThan(fitting8b);
      cheapest = await text(page, "cheapest-plan");

      timings.outputTokens = await timedChange(page, () => setNumberInput(page, "Output tokens", 2048));
      timings.promptTokens = await timedChange(page, () => setNumberInput(page, "Prompt tokens", 8192));

      const meetingLoose = await count(page, "count-meeting");
      const row = await firstRow(page);
      // A limit at half the cheapest plan's time per token rules that plan out: the ranking must change.
      const cheapestTpot = (await columnNumbers(page.locator("#plan-table table"), "TPOT (ms)"))[0]!;
      timings.tpot = await timedChange(page, () => setNumberInput(page, "Max time per output token", Math.round(cheapestTpot * 5) / 10));
      expect(await firstRow(page)).not.toBe(row);
      // A tighter latency limit never admits more plans.
      expect(await count(page, "count-meeting")).toBeLessThanOrEqual(meetingLoose);

      for (const [what, ms] of Object.entries(timings)) expect(ms, `${what}: ${ms.toFixed(0)} ms from input to redraw`).toBeLessThan(1000);
      console.log(`planner recompute (ms): ${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ")}`);
    }, {screenshot: "planner-changed"});
  }, PAGE_TIMEOUT_MS);

  it("plans training: total dollars against days, re-ranked when the deadline and tokens change", async () => {
    await withPage("/planner", async (page) => {
      const modeMs = await timedChange(page, () => chooseRadio(page, "Plan for", "training"));
      await expect.poll(() => text(page, "cheapest-plan")).toMatch(/^.+: \$[\d.,]+ ?[MB]? in [\d.,]+ days$/);
      expect(await page.locator(`#pareto-chart svg[aria-label="${TRAINING_CHART}"]`).count()).toBe(1);
      expect(await page.locator("#plan-table thead th").allTextContents()).toEqual(expect.arrayContaining(["Total ($)", "Wall-clock (days)"]));
      const svg = await chartSvg(page, TRAINING_CHART);
      const meeting = await count(page, "count-meeting");
      await setNumberInput(page, "Deadline", 1);
      await expect.poll(() => count(page, "count-meeting")).toBeLessThan(meeting);
      const tokensMs = await timedChange(page, () => setNumberInput(page, "Training tokens", 20));
      expect(await chartSvg(page, TRAINING_CHART)).not.toBe(svg);
      expect(modeMs).toBeLessThan(1000);
      expect(tokensMs).toBeLessThan(1000);
      console.log(`planner training recompute (ms): mode ${modeMs.toFixed(0)}, tokens ${tokensMs.toFixed(0)}`);
    }, {screenshot: "planner-training"});
  }, PAGE_TIMEOUT_MS);

  it("keeps its question in the URL: a reloaded link shows the same plan", async () => {
    await withPage("/planner", async (page) => {
      const before = await text(page, "cheapest-plan");
      await setNumberInput(page, "Output tokens", 2048);
      await expect.poll(() => text(page, "cheapest-plan")).not.toBe(before);
      await chooseRadio(page, "Load", "cheapest batch");
      await expect.poll(() => page.url()).toMatch(/load=cheapest/);
      const plan = await text(page, "cheapest-plan");
      expect(page.url()).toMatch(/output=2048/);
      await page.goto(page.url());
      await expect.poll(() => text(page, "cheapest-plan"), {timeout: 30_000}).toBe(plan);
    });
  }, PAGE_TIMEOUT_MS);
});
