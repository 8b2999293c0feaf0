import {readFileSync} from "node:fs";
import type {Page} from "playwright-core";
import {afterAll, describe, expect, it} from "vitest";
import {PRICE_SNAPSHOT_DATE} from "../../lib/catalog/index.ts";
import {estimate} from "../../lib/estimate.ts";
import {validateScenario} from "../../lib/validate.ts";
import {modelParameterCounts} from "../../lib/inference.ts";
import {resolveModel} from "../../lib/resolve.ts";
import {CHINCHILLA_TOKENS_PER_PARAM} from "../../lib/training/time.ts";
import {BYTE_UNIT_STORAGE_KEY} from "../../src/components/byteUnitSwitch.ts";
import {costTrainingWorkload} from "../../src/components/costSweeps.ts";
import {formatBytes, formatCount, formatFlop, formatSeconds, formatUsd} from "../../src/components/units.ts";
import {PAGE_TIMEOUT_MS, closeSite, setNumberInput, waitForCells, withPage} from "./site.ts";
import {text, gotoSearch, engineResult} from "./pageHelpers.ts";

afterAll(closeSite, 60_000);

/** The page's default training tokens: Chinchilla's 20 per parameter, shown in billions to two decimals. */
const chinchillaTokens = (model: string) =>
  Math.round((Math.round((CHINCHILLA_TOKENS_PER_PARAM * modelParameterCounts(resolveModel(model).arch).total) / 1e7) / 100) * 1e9);

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

// ---------------------------------------------------------------------------------------
// Export and share: the link, Back, the scenario downloads and the chart menus.

/** The figures a reader sees (each "id: text"): a link must reproduce all of them. */
const FIGURE_IDS = ["training-flops", "training-gpu-hours", "training-wall-clock", "training-usd", "training-tokens-per-usd",
  "usd-per-million-output", "usd-per-million-input", "output-tokens-per-usd", "decode-bound", "serving-total-bytes", "crossover-batch", "max-batch"];
const figures = (page: Page) => Promise.all(FIGURE_IDS.map(async (id) => `${id}: ${await text(page, id)}`));
const numberBox = (page: Page, label: string) =>
  page.locator("form").filter({has: page.locator("label", {hasText: label})}).locator("input[type=number]").first();



/** Clicks a scenario download link and returns the validated scenario in the file. */
async function downloadScenarioFrom(page: Page, container: string) {
  const link = page.locator(`#${container} .download-scenario a`);
  await link.scrollIntoViewIfNeeded();
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const checked = validateScenario(JSON.parse(readFileSync((await file.path())!, "utf8")));
  if (!checked.ok) throw new Error(`the downloaded scenario does not validate: ${checked.errors.join("; ")}`);
  return {name: file.suggestedFilename(), scenario: checked.scenario, label: await link.textContent()};
}

describe("the Cost page's link", () => {
  const SEARCH = "?model=qwen2.5-7b&gpu=a100-sxm-80gb&count=2&unit=GiB&price=3.5&tokens=5e11&mfu=0.35&goodput=0.9&seq=8192&precision=bf16-mixed" +
    "&tgpus=256&engine=sglang&weights=fp8&kv=fp8&batch=16&prompt=2048&output=512";
  // The same inputs as scenarios, written from the link's values (what the `estimate` command reads).
  const SERVING = {model: "qwen2.5-7b", hardware: {gpu: "a100-sxm-80gb", count: 2}, pricing: {usdPerGpuHour: 3.5},
    workload: {type: "inference", engine: "sglang", weights: "fp8", kvCache: "fp8", batchSize: 16, promptTokens: 2048, outputTokens: 512}};
  const TRAINING = {model: "qwen2.5-7b", hardware: {gpu: "a100-sxm-80gb", count: 256}, pricing: {usdPerGpuHour: 3.5},
    workload: costTrainingWorkload({trainingTokens: 5e11, sequenceLength: 8192, precision: "bf16-mixed", mfu: 0.35, goodput: 0.9})};

  it("opens a link with every input set to the engine's numbers for that scenario, the same on a second fresh load", async () => {
    const first = await withPage("/cost", async (page) => {
      await gotoSearch(page, SEARCH);
      expect(await page.getByLabel("Model", {exact: true}).inputValue()).toBe("qwen2.5-7b");
      expect(await page.getByLabel("GPU", {exact: true}).inputValue()).toBe("a100-sxm-80gb");
      expect(await numberBox(page, "Price ($ per GPU-hour)").inputValue()).toBe("3.5");
      expect(await numberBox(page, "Training GPUs").inputValue()).toBe("256");
      expect(await page.locator(".state-notes").isHidden()).toBe(true);
      const serving = engineResult(SERVING);
      expect(await text(page, "usd-per-million-output")).toBe(formatUsd(serving.cost!.usdPerMillionOutputTokens!));
      expect(await text(page, "usd-per-million-input")).toBe(formatUsd(serving.cost!.usdPerMillionInputTokens!));
      expect(await text(page, "serving-total-bytes")).toBe(formatBytes(serving.memory.totalBytes, {unit: "GiB", scale: "fixed"}));
      const training = engineResult(TRAINING);
      expect(await text(page, "training-gpu-hours")).toBe(formatCount(training.training!.gpuHours));
      expect(await text(page, "training-usd")).toBe(formatUsd(training.cost!.trainingUsd!));
      expect(await text(page, "training-wall-clock")).toBe(formatSeconds(training.training!.wallClockSeconds));
      return figures(page);
    });
    const again = await withPage("/cost", async (page) => {
      await gotoSearch(page, SEARCH);
      return figures(page);
    });
    expect(again).toEqual(first);
  }, PAGE_TIMEOUT_MS);

  it("lets a link's unit win over the unit this browser remembers", async () => {
    await withPage("/cost", async (page) => {
      await page.evaluate((key) => localStorage.setItem(key, "GB"), BYTE_UNIT_STORAGE_KEY);
      await gotoSearch(page, "?unit=GiB");
      expect(await text(page, "serving-total-bytes")).toMatch(/ GiB$/);
      await gotoSearch(page, "");
      expect(await text(page, "serving-total-bytes")).toMatch(/ GB$/);
    });
  }, PAGE_TIMEOUT_MS);

  it("opens a link with garbage in every parameter at the defaults, with one visible note per parameter", async () => {
    const defaults = await withPage("/cost", (page) => figures(page));
    await withPage("/cost", async (page) => {
      await gotoSearch(page, "?model=%00nope&gpu=%3Cb%3E&count=-1e999&unit=furlongs&price=free&tokens=many&mfu=high&goodput=NaN&seq=4095" +
        "&precision=fp3&tgpus=lots&engine=warp9&weights=q99&kv=zz&batch=NaN&prompt=1e999&output=x&junk=1");
      const notes = await page.locator(".state-notes li").allTextContents();
      expect(notes).toHaveLength(18);
      expect(await page.locator(".state-notes").isVisible()).toBe(true);
      expect(notes).toContain("gpu=<b> is not a catalog GPU; using h100-sxm");
      expect(notes).toContain("seq=4095 is not one of 2048, 4096, 8192, 16384; using 4096");
      expect(notes).toContain("price=free is not a number; using the GPU's median price");
      expect(await figures(page)).toEqual(defaults);
    });
  }, PAGE_TIMEOUT_MS);

  it("writes each change to the URL, and Back restores the previous numbers and inputs", async () => {
    await withPage("/cost", async (page) => {
      const before = await figures(page);
      await setNumberInput(page, "Batch (sequences)", 64);
      await expect.poll(() => new URL(page.url()).searchParams.get("batch")).toBe("64");
      await expect.poll(() => figures(page)).not.toEqual(before);
      // Changes closer together than 400 ms are one step back (a dragged slider); a reader pauses between inputs.
      await page.waitForTimeout(600);
      await setNumberInput(page, "MFU", 0.2);
      await expect.poll(() => new URL(page.url()).searchParams.get("mfu")).toBe("0.2");
      const atLowMfu = await figures(page);
      expect(atLowMfu).not.toEqual(before);
      await page.goBack();
      await expect.poll(() => numberBox(page, "MFU").inputValue()).toBe("0.4");
      await expect.poll(() => figures(page)).not.toEqual(atLowMfu);
      expect(new URL(page.url()).searchParams.get("batch")).toBe("64");
      await page.goBack();
      await expect.poll(() => figures(page)).toEqual(before);
      // lib's default batch (DEFAULT_INFERENCE_SCENARIO), as on every chapter.
      expect(await numberBox(page, "Batch (sequences)").inputValue()).toBe("1");
    });
  }, PAGE_TIMEOUT_MS);
});

describe("the Cost page's downloads", () => {
  it("downloads the serving and the training scenario, each validating and estimating to the numbers on the page", async () => {
    await withPage("/cost", async (page) => {
      await setNumberInput(page, "Price ($ per GPU-hour)", 2.75);
      await setNumberInput(page, "Batch (sequences)", 8);
      await setNumberInput(page, "Training GPUs", 512);
      await expect.poll(() => new URL(page.url()).searchParams.get("tgpus")).toBe("512");
      const serving = await downloadScenarioFrom(page, "serving-scenario-download");
      expect(serving.label).toBe("Download serving scenario (JSON)");
      expect(serving.name).toBe("serving-llama-3.1-8b-h100-sxm-1x.json");
      expect(serving.scenario).toMatchObject({model: "llama-3.1-8b", hardware: {gpu: "h100-sxm", count: 1}, pricing: {usdPerGpuHour: 2.75},
        workload: {type: "inference", batchSize: 8}});
      const s = engineResult(serving.scenario);
      expect(await text(page, "usd-per-million-output")).toBe(formatUsd(s.cost!.usdPerMillionOutputTokens!));
      expect(await text(page, "usd-per-million-input")).toBe(formatUsd(s.cost!.usdPerMillionInputTokens!));
      expect(await text(page, "serving-total-bytes")).toBe(formatBytes(s.memory.totalBytes, {unit: "GB", scale: "fixed"}));
      const training = await downloadScenarioFrom(page, "training-scenario-download");
      expect(training.label).toBe("Download training scenario (JSON)");
      expect(training.scenario).toMatchObject({hardware: {count: 512}, pricing: {usdPerGpuHour: 2.75}, workload: {type: "training", trainingTokens: chinchillaTokens("llama-3.1-8b")}});
      const t = engineResult(training.scenario);
      expect(await text(page, "training-flops")).toBe(formatFlop(t.training!.totalFlops));
      expect(await text(page, "training-gpu-hours")).toBe(formatCount(t.training!.gpuHours));
      expect(await text(page, "training-wall-clock")).toBe(formatSeconds(t.training!.wallClockSeconds));
      expect(await text(page, "training-usd")).toBe(formatUsd(t.cost!.trainingUsd!));
    });
  }, PAGE_TIMEOUT_MS);

  it("keeps a Download menu on every chart, whose CSV holds the chart's numbers", async () => {
    await withPage("/cost", async (page) => {
      for (const id of ["mfu-cost-chart", "cost-curve-chart", "gpu-cost-chart"]) {
        await expect(page.locator(`#${id} .export-menu`).count(), id).resolves.toBe(1);
      }
      const menu = page.locator("#mfu-cost-chart .export-menu");
      await menu.scrollIntoViewIfNeeded();
      await menu.locator("summary").click();
      const [file] = await Promise.all([page.waitForEvent("download"), menu.locator("button[data-format=csv]").click()]);
      const lines = readFileSync((await file.path())!, "utf8").trimEnd().split("\r\n");
      expect(lines[0]).toBe("MFU (fraction),US dollars");
      expect(lines).toHaveLength(1 + 31);
    });
  }, PAGE_TIMEOUT_MS);
});

it("prices the serving setup served continuously as the command does with workload.serving (batch = requests in flight)", async () => {
  // The scenario in the link (the one codec's keys): 32 requests in flight, 1,024-token prompts, 256-token answers.
  await withPage("/cost?model=llama-3.1-8b&gpu=h100-sxm&count=1&engine=vllm&weights=bf16&kv=bf16&batch=32&prompt=1024&output=256", async (page) => {
    await setNumberInput(page, "Price ($ per GPU-hour)", 2);
    const r = estimate({model: "llama-3.1-8b", hardware: {gpu: "h100-sxm", count: 1}, pricing: {usdPerGpuHour: 2},
      workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", promptTokens: 1024, outputTokens: 256, serving: {concurrency: 32}}});
    if (!r.ok) throw new Error(r.errors.join("; "));
    await expect.poll(() => page.locator("#steady-usd-per-million-output").textContent()).toBe(formatUsd(r.result.cost!.usdPerMillionOutputTokens!));
    await expect(page.locator("#steady-usd-per-million-input").textContent()).resolves.toBe(formatUsd(r.result.cost!.usdPerMillionInputTokens!));
  });
}, PAGE_TIMEOUT_MS);
