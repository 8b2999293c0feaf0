import {afterAll, expect, it} from "vitest";
import {GPU_CATALOG, PRICE_SNAPSHOT_DATE} from "../../lib/catalog/index.ts";
import {PAGE_TIMEOUT_MS, chooseRadio, closeSite, withPage} from "./site.ts";
import {columnNumbers, columnTexts, search, sortBy} from "./tableHelpers.ts";

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
