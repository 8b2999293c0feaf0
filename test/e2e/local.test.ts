/**
 * The local-hardware sections in a real browser: the Overview's "On your own machine" (machine
 * picker, GPU/RAM split bar, speed, auto-fit) and the Inference chapter's "Layers and experts in
 * host RAM" (decode against -ngl, experts in RAM against layers in RAM). Every figure is the
 * engine's for the same scenario.
 */
import {DEFAULT_INFERENCE_SCENARIO} from "../../lib/validate.ts";
import {afterAll, describe, expect, it} from "vitest";
import {formatTokensPerSecond} from "../../src/components/units.ts";
import {PAGE_TIMEOUT_MS, chooseRadio, closeSite, setNumberInput, waitForCells, withPage} from "./site.ts";
import {engineResult, gotoSearch, text} from "./pageHelpers.ts";

afterAll(closeSite, 60_000);

const svgOf = (page: import("playwright-core").Page, label: string) => page.locator(`svg[aria-label="${label}"]`).first().evaluate((svg) => svg.outerHTML);

/** The Overview's defaults (model, format, batch, context 8192 with 512 out) on the default machine: an RTX 4090 with 64 GB of DDR5 at 83.2 GB/s and 2 TFLOPS. */
function overviewScenario(over: {gpu?: unknown; host?: unknown; gpuLayers?: number} = {}) {
  return {
    model: "llama-3.1-8b",
    hardware: {gpu: over.gpu ?? "rtx-4090", count: 1, host: over.host ?? {memoryGB: 64, bandwidthGBps: 83.2, tflops: {fp32: 2}}},
    // The Overview's prompt and answer lengths are the one door's defaults (lib/validate.ts DEFAULT_INFERENCE_SCENARIO).
    workload: {type: "inference", engine: "llama.cpp", weights: "bf16", kvCache: "bf16", batchSize: 1,
      promptTokens: DEFAULT_INFERENCE_SCENARIO.workload.promptTokens, outputTokens: DEFAULT_INFERENCE_SCENARIO.workload.outputTokens,
      ...(over.gpuLayers === undefined ? {} : {gpuLayers: over.gpuLayers})}
  };
}

describe("the Overview's own-machine section", () => {
  it("shows the engine's verdict, decode speed and auto-fit for Llama 3.1 8B on an RTX 4090 with 64 GB of RAM", async () => {
    const r = engineResult(overviewScenario());
    const expected = engineResult(overviewScenario({gpuLayers: r.inference!.local ? (r.inference!.local as any).maxGpuLayersThatFit : 33}));
    await withPage("/index", async (page) => {
      expect(await text(page, "local-verdict-text")).toMatch(/Runs/);
      expect(await text(page, "local-decode")).toBe(formatTokensPerSecond(expected.inference!.decodeTokensPerSecond));
      expect(await text(page, "local-autofit")).toMatch(/most precise format that fits/);
      expect(await svgOf(page, "GPU and RAM split bar chart")).toMatch(/RAM/);
    });
  }, PAGE_TIMEOUT_MS);

  it("reads a CPU alone from RAM: no GPU bytes, a slower decode, the split bar redrawn", async () => {
    await withPage("/index", async (page) => {
      const before = {decode: await text(page, "local-decode"), chart: await svgOf(page, "GPU and RAM split bar chart")};
      await chooseRadio(page, "Machine", "CPU alone");
      await waitForCells(page);
      await expect.poll(() => text(page, "local-decode")).not.toBe(before.decode);
      expect(await page.locator("#local-gpu-bytes").count()).toBe(0);
      expect(await svgOf(page, "GPU and RAM split bar chart")).not.toBe(before.chart);
      // The engine's answer for the same CPU (Ryzen 9 7950X, its own memory figures).
      const cpu = engineResult({...overviewScenario({gpu: "ryzen-9-7950x-ddr5-6000", host: {memoryGB: 68.7, bandwidthGBps: 96, tflops: {fp32: 2.3}}})});
      expect(await text(page, "local-decode")).toBe(formatTokensPerSecond(cpu.inference!.decodeTokensPerSecond));
    });
  }, PAGE_TIMEOUT_MS);

  it("slows down when the RAM bandwidth drops and layers sit in RAM", async () => {
    await withPage("/index?model=llama-3.1-70b&weights=q4_k_m", async (page) => {
      expect(await text(page, "local-placement")).toMatch(/in RAM/);
      const before = await text(page, "local-decode");
      await setNumberInput(page, "System RAM speed (GB/s)", 40);
      await waitForCells(page);
      await expect.poll(() => text(page, "local-decode")).not.toBe(before);
      const after = Number((await text(page, "local-decode"))!.replace(/[^\d.]/g, ""));
      expect(after).toBeLessThan(Number(before!.replace(/[^\d.]/g, "")));
    });
  }, PAGE_TIMEOUT_MS);
});

describe("the Inference chapter's host-RAM section", () => {
  it("draws decode against -ngl with the most layers that fit, as the engine finds them", async () => {
    const r = engineResult({model: "llama-3.1-70b", hardware: {gpu: "rtx-4090", count: 1, host: {memoryGB: 64, bandwidthGBps: 83.2, tflops: {fp32: 2}}},
      workload: {type: "inference", engine: "llama.cpp", weights: "q4_k_m", kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256}});
    const maxFit = (r.inference!.local as any).maxGpuLayersThatFit;
    await withPage("/inference", async (page) => {
      await gotoSearch(page, "model=llama-3.1-70b&gpu=rtx-4090&engine=llama.cpp&weights=q4_k_m");
      expect(await text(page, "offload-summary")).toContain(`at most ${maxFit} of 81 layer slots fit on the GPU`);
      const chart = await svgOf(page, "decode speed against GPU layers chart");
      expect(chart).toMatch(/most that fit/);
      await setNumberInput(page, "System RAM speed (GB/s)", 200);
      await waitForCells(page);
      await expect.poll(() => svgOf(page, "decode speed against GPU layers chart")).not.toBe(chart);
    });
  }, PAGE_TIMEOUT_MS);

  it("compares experts in RAM with layers in RAM for a mixture of experts", async () => {
    await withPage("/inference", async (page) => {
      await gotoSearch(page, "model=qwen3-30b-a3b&gpu=rtx-4060-ti-16gb&engine=llama.cpp&weights=q4_k_m");
      expect(await text(page, "moe-host-section")).toMatch(/--cpu-moe/);
      expect(await page.locator("table").filter({hasText: "experts in RAM (--cpu-moe)"}).count()).toBe(1);
    });
  }, PAGE_TIMEOUT_MS);
});
