import type {Page} from "playwright-core";
import {afterAll, expect, it} from "vitest";
import {estimate} from "../../lib/estimate.ts";
import {PAGE_TIMEOUT_MS, closeSite, setNumberInput, withPage} from "./site.ts";

afterAll(closeSite, 60_000);

const frontierDots = (page: Page) => page.locator("#frontier-chart svg circle").evaluateAll((cs) => cs.map((c) => `${c.getAttribute("cx")},${c.getAttribute("cy")}`).join("|"));
/** The latency chart's marker of the reader's concurrency (a rule) and its TTFT/TPOT lines. */
const latencyMarks = (page: Page) => page.locator('#latency-chart svg g[aria-label="rule"] line, #latency-chart svg g[aria-label="line"] path')
  .evaluateAll((ms) => ms.map((m) => m.getAttribute("x1") ?? m.getAttribute("d")).join("|"));

/** The page's default scenario, through the command's engine: the same TTFT and TPOT the cards show. */
function engineFigures(concurrency: number) {
  const r = estimate({model: "llama-3.1-70b", hardware: {gpu: "h100-sxm", count: 4}, workload: {type: "inference", engine: "vllm",
    weights: "fp8", kvCache: "fp8", promptTokens: 1024, outputTokens: 1024, tensorParallel: 4, serving: {concurrency, prefixCacheHitRate: 0}}});
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.result.inference!.serving!;
}

const ms = (seconds: number) => seconds * 1e3;
const shownMs = async (page: Page, id: string) => Number.parseFloat(((await page.locator(`#${id}`).textContent()) ?? "").replace(/[^0-9.]/g, ""));

it("shows the engine's TTFT and TPOT for the default operating point, with the frontier, latency and step charts drawn", async () => {
  await withPage("/serving", async (page) => {
    const s = engineFigures(32);
    await expect.poll(() => shownMs(page, "serving-ttft")).toBeCloseTo(ms(s.timeToFirstTokenSeconds), 0);
    expect(await shownMs(page, "serving-tpot")).toBeCloseTo(ms(s.timePerOutputTokenSeconds), 1);
    await expect(page.locator("#frontier-chart svg").count()).resolves.toBeGreaterThan(0);
    await expect(page.locator("#latency-chart svg").count()).resolves.toBeGreaterThan(0);
    await expect(page.locator("#step-chart svg").count()).resolves.toBeGreaterThan(0);
  }, {screenshot: "serving-default"});
}, PAGE_TIMEOUT_MS);

it("moves the numbers and the charts when the requests in flight change", async () => {
  await withPage("/serving", async (page) => {
    await expect.poll(() => page.locator("#frontier-chart svg circle").count()).toBeGreaterThan(10);
    const tpot = await page.locator("#serving-tpot").textContent();
    const dots = await frontierDots(page);
    const marks = await latencyMarks(page);
    await setNumberInput(page, "Requests in flight", 256);
    await expect.poll(() => page.locator("#serving-tpot").textContent()).not.toBe(tpot);
    expect(await shownMs(page, "serving-tpot")).toBeCloseTo(ms(engineFigures(256).timePerOutputTokenSeconds), 1);
    await expect.poll(() => latencyMarks(page)).not.toBe(marks);
    await expect.poll(() => frontierDots(page)).not.toBe(dots);
  });
}, PAGE_TIMEOUT_MS);

it("shortens the time per output token when speculative decoding is switched on", async () => {
  await withPage("/serving", async (page) => {
    await expect.poll(() => page.locator("#serving-tpot").textContent()).not.toBe("—");
    const before = await shownMs(page, "serving-tpot");
    await setNumberInput(page, "Speculative tokens", 3);
    await expect.poll(() => shownMs(page, "serving-tpot")).toBeLessThan(before);
    const usd = await page.locator("#serving-usd").textContent();
    await setNumberInput(page, "Prefix-cache hit rate", 0.5);
    await expect.poll(() => page.locator("#serving-usd").textContent()).not.toBe(usd);
  });
}, PAGE_TIMEOUT_MS);
