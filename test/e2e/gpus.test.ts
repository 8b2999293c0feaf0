import type {Page} from "playwright-core";
import {afterAll, expect, it} from "vitest";
import {GPU_CATALOG, PRICE_SNAPSHOT_DATE} from "../../lib/catalog/index.ts";
import {PAGE_TIMEOUT_MS, chooseRadio, closeSite, withPage} from "./site.ts";
import {columnNumbers, columnTexts, gotoSearch, search, sortBy} from "./tableHelpers.ts";

afterAll(closeSite, 60_000);

it("shows every catalog GPU and the price snapshot's date", async () => {
  await withPage("/gpus", async (page) => {
    await expect(page.locator("#price-snapshot-date").textContent()).resolves.toBe(PRICE_SNAPSHOT_DATE);
    await expect(page.locator("#gpu-row-count").textContent()).resolves.toBe(String(GPU_CATALOG.length));
    await expect(page.locator('#roofline-chart svg[aria-label="bandwidth versus FLOP/s"]').count()).resolves.toBe(1);
    await expect(page.locator('#memory-per-dollar-chart svg[aria-label="memory per dollar-hour"]').count()).resolves.toBe(1);
  });
}, PAGE_TIMEOUT_MS);

it("filters the table to the GPUs whose name matches the text typed", async () => {
  await withPage("/gpus", async (page) => {
    const table = page.locator("#gpu-table table");
    await search(page, "Filter", "H100");
    const expected = GPU_CATALOG.filter((g) => /h100/i.test(g.name) || /h100/i.test(g.id)).length;
    await expect.poll(() => page.locator("#gpu-row-count").textContent()).toBe(String(expected));
    const names = await columnTexts(table, "GPU");
    expect(names.length).toBe(expected);
    for (const name of names) expect(name).toMatch(/H100/);
  });
}, PAGE_TIMEOUT_MS);

it("sorts by memory when its header is clicked, and reverses on a second click", async () => {
  await withPage("/gpus", async (page) => {
    const table = page.locator("#gpu-table table");
    await sortBy(table, "memory");
    const first = await columnNumbers(table, "memory");
    const sorted = [...first].sort((a, b) => a - b);
    const ascending = first.every((x, i) => x === sorted[i]);
    const descending = first.every((x, i) => x === sorted[sorted.length - 1 - i]);
    expect(ascending || descending).toBe(true);
    await sortBy(table, "memory");
    await expect.poll(async () => (await columnNumbers(table, "memory"))[0]).not.toBe(first[0]);
  });
}, PAGE_TIMEOUT_MS);

it("switches the memory column between GB and GiB (H100 SXM: 85.5 GB = 79.6 GiB)", async () => {
  await withPage("/gpus", async (page) => {
    const table = page.locator("#gpu-table table");
    await search(page, "Filter", "h100-sxm");
    await chooseRadio(page, "Units", "GB");
    await expect.poll(() => columnTexts(table, "memory (GB)")).toEqual(["85.5"]);
    await chooseRadio(page, "Units", "GiB");
    await expect.poll(() => columnTexts(table, "memory (GiB)")).toEqual(["79.6"]);
  }, {screenshot: "gpus-filtered"});
}, PAGE_TIMEOUT_MS);

it("prints a dash, never a blank cell, for a figure the catalog lacks (TPU v5e: no price, no fp8)", async () => {
  await withPage("/gpus", async (page) => {
    const table = page.locator("#gpu-table table");
    await search(page, "Filter", "tpu-v5e");
    await expect.poll(() => columnTexts(table, "cheapest")).toEqual(["—"]);
    await expect(columnTexts(table, "fp8 dense")).resolves.toEqual(["—"]);
    await expect(columnTexts(table, "newest price")).resolves.toEqual(["—"]);
    await expect(columnTexts(table, "ridge bf16")).resolves.toEqual(["240"]);
    await expect(columnTexts(table, "ridge fp8")).resolves.toEqual(["—"]);
  });
}, PAGE_TIMEOUT_MS);

it("keeps the filter, the sort and the unit in the link, and a fresh load of it shows the same table", async () => {
  const view = async (page: Page) => ({rows: await page.locator("#gpu-row-count").textContent(), table: await page.locator("#gpu-table table").innerText(),
    unit: await page.locator("form").filter({has: page.locator("label", {hasText: "Units"})}).first().locator("input:checked").inputValue()});
  const {url, shown} = await withPage("/gpus", async (page) => {
    const table = page.locator("#gpu-table table");
    await search(page, "Filter", "nvidia");
    await chooseRadio(page, "Units", "GB");
    await sortBy(table, "memory");
    await sortBy(table, "memory");
    await expect.poll(() => new URL(page.url()).searchParams.get("order")).toBe("desc");
    const params = new URL(page.url()).searchParams;
    expect([params.get("filter"), params.get("sort"), params.get("unit")]).toEqual(["nvidia", "memoryBytes", "GB"]);
    const memory = await columnNumbers(table, "memory (GB)");
    expect(memory.length).toBeGreaterThan(3);
    for (let i = 1; i < memory.length; i++) expect(memory[i]).toBeLessThanOrEqual(memory[i - 1]!);
    // The sort survives a change of the filter (the table is rebuilt).
    await search(page, "Filter", "nvidia h");
    await expect.poll(() => page.locator("#gpu-row-count").textContent()).not.toBe(String(memory.length));
    const narrower = await columnNumbers(table, "memory (GB)");
    for (let i = 1; i < narrower.length; i++) expect(narrower[i]).toBeLessThanOrEqual(narrower[i - 1]!);
    await expect.poll(() => new URL(page.url()).searchParams.get("filter")).toBe("nvidia h");
    return {url: new URL(page.url()), shown: await view(page)};
  });
  const again = await withPage("/gpus", async (page) => {
    await gotoSearch(page, url.search);
    return view(page);
  });
  expect(again).toEqual(shown);
  expect(again.unit).toBe("GB");
}, 2 * PAGE_TIMEOUT_MS);

it("opens a garbage link with the whole table, a note per bad setting, and working filters", async () => {
  await withPage("/gpus", async (page) => {
    await gotoSearch(page, "?sort=%3Cscript%3E&order=sideways&unit=furlongs&gpu=h100");
    const notes = await page.locator(".state-notes li").allTextContents();
    expect(notes).toEqual([
      "sort=<script> is not a column of the table; using none",
      "order=sideways is not asc or desc; using asc",
      "unit=furlongs is not GB or GiB; using GiB",
      "gpu=h100 is not a setting of this page; ignored"
    ]);
    await expect(page.locator("#gpu-row-count").textContent()).resolves.toBe(String(GPU_CATALOG.length));
    await search(page, "Filter", "h200");
    await expect.poll(() => page.locator("#gpu-row-count").textContent()).not.toBe(String(GPU_CATALOG.length));
  });
}, PAGE_TIMEOUT_MS);

it("keeps a Download menu on each of its charts", async () => {
  await withPage("/gpus", async (page) => {
    for (const id of ["roofline-chart", "memory-per-dollar-chart"]) await expect(page.locator(`#${id} .export-menu button[data-format=csv]`).count(), id).resolves.toBe(1);
  });
}, PAGE_TIMEOUT_MS);
