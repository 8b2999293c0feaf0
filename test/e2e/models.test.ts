import type {Page} from "playwright-core";
import {afterAll, expect, it} from "vitest";
import {MODEL_CATALOG} from "../../lib/catalog/index.ts";
import {PAGE_TIMEOUT_MS, chooseRadio, closeSite, withPage} from "./site.ts";
import {columnNumbers, columnTexts, gotoSearch, search, sortBy} from "./tableHelpers.ts";

afterAll(closeSite, 60_000);

it("lists every catalog model and charts each as one dot", async () => {
  await withPage("/models", async (page) => {
    await expect(page.locator("#model-row-count").textContent()).resolves.toBe(String(MODEL_CATALOG.length));
    const dots = page.locator('#model-kv-chart svg[aria-label="KV cache per token versus parameters"] g[aria-label=dot] circle');
    await expect(dots.count()).resolves.toBe(MODEL_CATALOG.length);
  });
}, PAGE_TIMEOUT_MS);

it("filters to the MLA models, in the table and in the chart", async () => {
  await withPage("/models", async (page) => {
    const table = page.locator("#model-table table");
    await search(page, "Filter", "MLA");
    await expect.poll(async () => (await columnTexts(table, "attention")).length).toBeLessThan(MODEL_CATALOG.length);
    const kinds = await columnTexts(table, "attention");
    expect(kinds.length).toBeGreaterThan(0);
    for (const k of kinds) expect(k).toMatch(/^MLA/);
    const dots = page.locator('#model-kv-chart svg[aria-label="KV cache per token versus parameters"] g[aria-label=dot] circle');
    await expect.poll(() => dots.count()).toBe(kinds.length);
  });
}, PAGE_TIMEOUT_MS);

it("sorts by KV cache per token, and shows Llama 3 70B's 327,680 bytes as 320 KiB or 328 kB", async () => {
  await withPage("/models", async (page) => {
    const table = page.locator("#model-table table");
    await sortBy(table, "KV/token");
    const values = await columnNumbers(table, "KV/token");
    const sorted = [...values].sort((a, b) => a - b);
    expect(values.every((x, i) => x === sorted[i]) || values.every((x, i) => x === sorted[values.length - 1 - i])).toBe(true);
    await search(page, "Filter", "llama-3-70b");
    await chooseRadio(page, "Units", "GiB");
    await expect.poll(() => columnTexts(table, "KV/token bf16 (KiB)")).toEqual(["320"]);
    await chooseRadio(page, "Units", "GB");
    await expect.poll(() => columnTexts(table, "KV/token bf16 (kB)")).toEqual(["328"]);
  }, {screenshot: "models-filtered"});
}, PAGE_TIMEOUT_MS);

it("prints a dash, never a blank cell, where no parameter count was published (Gemma 2 2B)", async () => {
  await withPage("/models", async (page) => {
    const table = page.locator("#model-table table");
    await search(page, "Filter", "gemma-2-2b");
    await expect.poll(() => columnTexts(table, "published")).toEqual(["—"]);
  });
}, PAGE_TIMEOUT_MS);

it("gives an MLA model its latent width in place of a head dimension (DeepSeek-V3: 512 + 64 = 576)", async () => {
  await withPage("/models", async (page) => {
    const table = page.locator("#model-table table");
    await search(page, "Filter", "deepseek-v3");
    await expect.poll(() => columnTexts(table, "head dim")).toEqual(["576 (latent)"]);
    await expect(columnTexts(table, "KV heads")).resolves.toEqual(["latent"]);
  });
}, PAGE_TIMEOUT_MS);

it("keeps the filter, the sort and the unit in the link, and a fresh load of it shows the same table and chart", async () => {
  const view = async (page: Page) => ({rows: await page.locator("#model-row-count").textContent(), table: await page.locator("#model-table table").innerText(),
    dots: await page.locator('#model-kv-chart svg[aria-label="KV cache per token versus parameters"] g[aria-label=dot] circle').count()});
  const {url, shown} = await withPage("/models", async (page) => {
    const table = page.locator("#model-table table");
    await search(page, "Filter", "GQA");
    await chooseRadio(page, "Units", "GiB");
    await sortBy(table, "KV/token");
    await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("kvBytesPerToken");
    const params = new URL(page.url()).searchParams;
    expect([params.get("filter"), params.get("order"), params.get("unit")]).toEqual(["GQA", "asc", "GiB"]);
    const kv = await columnNumbers(table, "KV/token");
    for (let i = 1; i < kv.length; i++) expect(kv[i]).toBeGreaterThanOrEqual(kv[i - 1]!);
    return {url: new URL(page.url()), shown: await view(page)};
  });
  expect(Number(shown.rows)).toBeLessThan(MODEL_CATALOG.length);
  expect(shown.dots).toBe(Number(shown.rows));
  const again = await withPage("/models", async (page) => {
    await gotoSearch(page, url.search);
    return view(page);
  });
  expect(again).toEqual(shown);
}, 2 * PAGE_TIMEOUT_MS);

it("opens a garbage link with the whole catalog, a note per bad setting, and working filters", async () => {
  await withPage("/models", async (page) => {
    await gotoSearch(page, "?filter=%00%01&sort=parameters&order=up&unit=kB");
    const notes = await page.locator(".state-notes li").allTextContents();
    expect(notes).toHaveLength(4);
    expect(notes[1]).toBe("sort=parameters is not a column of the table; using none");
    await expect(page.locator("#model-row-count").textContent()).resolves.toBe(String(MODEL_CATALOG.length));
    await search(page, "Filter", "MLA");
    await expect.poll(() => page.locator("#model-row-count").textContent()).not.toBe(String(MODEL_CATALOG.length));
  });
}, PAGE_TIMEOUT_MS);

it("keeps a Download menu on its chart", async () => {
  await withPage("/models", async (page) => {
    await expect(page.locator("#model-kv-chart .export-menu button[data-format=csv]").count()).resolves.toBe(1);
  });
}, PAGE_TIMEOUT_MS);
