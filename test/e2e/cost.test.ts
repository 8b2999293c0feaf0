import {afterAll, expect, it} from "vitest";
import {PRICE_SNAPSHOT_DATE} from "../../lib/catalog/index.ts";
import {PAGE_TIMEOUT_MS, closeSite, setNumberInput, withPage} from "./site.ts";

afterAll(closeSite, 60_000);

/** "$1.23 M" → 1.23e6, "$12,345" → 12345, "$0.0123" → 0.0123. */
function dollars(text: string | null): number {
  const m = /\$([\d,.]+)\s*([MB])?/.exec(text ?? "");
  if (!m) return Number.NaN;
  return Number(m[1]!.replace(/,/g, "")) * (m[2] === "M" ? 1e6 : m[2] === "B" ? 1e9 : 1);
}
/** "1.50 M" → 1.5e6. */
function count(text: string | null): number {
  const m = /([\d,.]+)\s*([kMBT])?/.exec(text ?? "");
  if (!m) return Number.NaN;
  return Number(m[1]!.replace(/,/g, "")) * ({k: 1e3, M: 1e6, B: 1e9, T: 1e12}[m[2] as "k"] ?? 1);
}

it("shows the price snapshot date, the charts, and the worked Llama 2 70B example near Meta's 1.72M GPU-hours", async () => {
  await withPage("/cost", async (page) => {
    await expect(page.locator("#price-snapshot-date").textContent()).resolves.toBe(PRICE_SNAPSHOT_DATE);
    for (const label of ["training cost versus MFU", "serving cost versus batch size", "serving cost by GPU"]) {
      await expect(page.locator(`svg[aria-label="${label}"]`).count(), label).resolves.toBe(1);
    }
    // 6·70e9·2e12 / (312e12 · 0.5 · 3600) = 1.496M (the rule), and the engine's count within 10 % of it.
    expect(count(await page.locator("#worked-naive-hours").textContent())).toBeCloseTo(1.5e6, -4);
    const engineHours = count(await page.locator("#worked-engine-hours").textContent());
    expect(Math.abs(engineHours / 1.496e6 - 1)).toBeLessThan(0.1);
  }, {screenshot: "cost"});
}, PAGE_TIMEOUT_MS);

it("halves the training bill when the MFU doubles, and scales it with the price", async () => {
  await withPage("/cost", async (page) => {
    const usd = page.locator("#training-usd");
    await setNumberInput(page, "MFU", 0.2);
    await setNumberInput(page, "Price ($ per GPU-hour)", 2);
    await expect.poll(async () => dollars(await usd.textContent())).toBeGreaterThan(0);
    const atLow = dollars(await usd.textContent());
    await setNumberInput(page, "MFU", 0.4);
    await expect.poll(async () => dollars(await usd.textContent())).toBeCloseTo(atLow / 2, -Math.floor(Math.log10(atLow)) + 2);
    const chartBefore = await page.locator('svg[aria-label="training cost versus MFU"]').innerHTML();
    await setNumberInput(page, "Price ($ per GPU-hour)", 4);
    await expect.poll(async () => dollars(await usd.textContent()) / (atLow / 2)).toBeCloseTo(2, 1);
    expect(await page.locator('svg[aria-label="training cost versus MFU"]').innerHTML()).not.toBe(chartBefore);
  });
}, PAGE_TIMEOUT_MS);

it("makes output tokens cheaper as the batch grows on a memory-bound decode", async () => {
  await withPage("/cost", async (page) => {
    const out = page.locator("#usd-per-million-output");
    await setNumberInput(page, "Batch (sequences)", 1);
    await expect.poll(async () => dollars(await out.textContent())).toBeGreaterThan(0);
    const one = dollars(await out.textContent());
    await expect(page.locator("#decode-bound").textContent()).resolves.toBe("memory-bound");
    await setNumberInput(page, "Batch (sequences)", 16);
    await expect.poll(async () => one / dollars(await out.textContent())).toBeGreaterThan(8);
  });
}, PAGE_TIMEOUT_MS);
