import {execFileSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {afterAll, expect, it} from "vitest";
import {PAGE_TIMEOUT_MS, ROOT, chooseRadio, closeSite, withPage} from "./site.ts";
import {columnTexts, search} from "./tableHelpers.ts";

afterAll(closeSite, 60_000);

const read = <T>(f: string): T => JSON.parse(readFileSync(`${ROOT}/data/ground-truth/${f}`, "utf8")) as T;
// The validation set the tests run: inference and training cases, and the explanations of the rows outside tolerance.
const cases = ["public-cases.json", "extra-cases.json", "training-cases.json", "finetune-cases.json", "local-cases.json"].flatMap((f) => read<{id: string}[]>(f));
const explainedIds = read<{ids: string[]}[]>("explanations.json").flatMap((e) => e.ids);

it("compares every figure of the case files, in the chart, the category chart and the table", async () => {
  await withPage("/validation", async (page) => {
    await expect(page.locator("#figure-count").textContent()).resolves.toBe(String(cases.length));
    await expect(page.locator("#validation-row-count").textContent()).resolves.toBe(String(cases.length));
    expect(await page.locator('#validation-chart svg[aria-label^="predicted versus published"]').count()).toBeGreaterThanOrEqual(3);
    await expect(page.locator('#error-by-category-chart svg[aria-label="error by category"]').count()).resolves.toBe(1);
    const explained = await page.locator("#explained-list dt strong").allTextContents();
    expect(explained.sort()).toEqual([...explainedIds].sort());
  }, {screenshot: "validation"});
}, PAGE_TIMEOUT_MS);

it("reports the fine-tuning runs' median |error|, memory and speed apart, with the fitted and held-out speed rows", async () => {
  const report = JSON.parse(execFileSync(`${ROOT}/node_modules/.bin/tsx`, ["src/data/validation.json.ts"], {cwd: ROOT, encoding: "utf8", maxBuffer: 64e6})) as
    {fineTuning: Record<"memory" | "speed" | "speedFit" | "speedHeldOut", {medianAbsError: number; count: number}>};
  const pct = (x: number) => `${(x * 100).toFixed(1).replace(/\.0$/, "")} %`;
  await withPage("/validation", async (page) => {
    const ft = report.fineTuning;
    expect(ft.memory.count).toBeGreaterThanOrEqual(20);
    expect(ft.speed.count).toBeGreaterThanOrEqual(10);
    await expect(page.locator("#finetune-memory-count").textContent()).resolves.toBe(String(ft.memory.count));
    await expect(page.locator("#finetune-speed-count").textContent()).resolves.toBe(String(ft.speed.count));
    for (const [id, s] of [["finetune-memory-error", ft.memory], ["finetune-speed-error", ft.speed], ["finetune-speed-fit-error", ft.speedFit],
      ["finetune-speed-heldout-error", ft.speedHeldOut]] as const) {
      const shown = (await page.locator(`#${id}`).textContent()) ?? "";
      expect(Number.parseFloat(shown), id).toBeCloseTo(s.medianAbsError * 100, 0);
      expect(shown, id).not.toMatch(/NaN|Infinity|—/);
    }
  });
}, PAGE_TIMEOUT_MS);

it("reports the local-hardware rows' median |error|, decode and prefill apart", async () => {
  const report = JSON.parse(execFileSync(`${ROOT}/node_modules/.bin/tsx`, ["src/data/validation.json.ts"], {cwd: ROOT, encoding: "utf8", maxBuffer: 64e6})) as
    {local: Record<"all" | "decode" | "prefill", {medianAbsError: number; count: number}>};
  await withPage("/validation", async (page) => {
    expect(report.local.all.count).toBeGreaterThanOrEqual(30);
    await expect(page.locator("#local-count").textContent()).resolves.toBe(String(report.local.all.count));
    for (const [id, s] of [["local-error", report.local.all], ["local-decode-error", report.local.decode], ["local-prefill-error", report.local.prefill]] as const) {
      const shown = (await page.locator(`#${id}`).textContent()) ?? "";
      expect(Number.parseFloat(shown), id).toBeCloseTo(s.medianAbsError * 100, 0);
      expect(shown, id).not.toMatch(/NaN|Infinity|—/);
    }
  });
}, PAGE_TIMEOUT_MS);

it("filters the table to the rows matching the text typed", async () => {
  await withPage("/validation", async (page) => {
    const table = page.locator("#validation-table table");
    await search(page, "Filter", "IS-020");
    await expect.poll(() => page.locator("#validation-row-count").textContent()).toBe(String(cases.filter((c) => c.id.startsWith("IS-020")).length));
    for (const id of await columnTexts(table, "id")) expect(id).toMatch(/^IS-020/);
  });
}, PAGE_TIMEOUT_MS);

it("shows only the explained rows when that status is picked", async () => {
  await withPage("/validation", async (page) => {
    await page.getByLabel("Status", {exact: true}).selectOption("explained");
    await expect.poll(() => page.locator("#validation-row-count").textContent()).toBe(String(explainedIds.length));
    const statuses = await columnTexts(page.locator("#validation-table table"), "status");
    expect(new Set(statuses)).toEqual(new Set(["explained"]));
  });
}, PAGE_TIMEOUT_MS);

it("prints byte figures in GB or GiB as the switch says (IM-001: Llama 3 8B Q4_K_M published as 4.58 GiB)", async () => {
  await withPage("/validation", async (page) => {
    const table = page.locator("#validation-table table");
    await search(page, "Filter", "IM-001");
    await chooseRadio(page, "Units", "GiB");
    await expect.poll(async () => (await columnTexts(table, "published"))[0]).toBe("4.58 GiB");
    await chooseRadio(page, "Units", "GB");
    await expect.poll(async () => (await columnTexts(table, "published"))[0]).toBe("4.92 GB");
  });
}, PAGE_TIMEOUT_MS);

it("shows the serving section's median |error| of TTFT, TPOT and tokens/s per GPU on the check rows, as lib/serving/validation.ts computes them", async () => {
  const {readFileSync} = await import("node:fs");
  const {servingValidation} = await import("../../lib/serving/validation.ts");
  const cases = JSON.parse(readFileSync(new URL("../../data/ground-truth/serving-cases.json", import.meta.url), "utf8"));
  const v = servingValidation(cases);
  const check = (metric: string) => v.summary.find((s) => s.split === "check" && s.metric === metric)!.medianAbsError!;
  await withPage("/validation", async (page) => {
    for (const [id, metric] of [["serving-ttft-error", "timeToFirstTokenSeconds"], ["serving-tpot-error", "timePerOutputTokenSeconds"],
      ["serving-tput-error", "outputTokensPerSecondPerGpu"]] as const) {
      const shown = Number.parseFloat(((await page.locator(`#${id}`).textContent()) ?? "").replace(/[^0-9.]/g, ""));
      expect(shown).toBeCloseTo(check(metric) * 100, 0);
    }
    await expect(page.locator("#serving-error-chart svg").count()).resolves.toBeGreaterThan(0);
  });
}, PAGE_TIMEOUT_MS);
