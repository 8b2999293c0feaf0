import type {Page} from "playwright-core";
import {afterAll, describe, expect, it} from "vitest";
import {estimate} from "../../lib/estimate.ts";
import {validateScenario} from "../../lib/validate.ts";
import {kvCacheBytesPerToken} from "../../lib/kvCache.ts";
import {resolveModel} from "../../lib/resolve.ts";
import {PAGE_TIMEOUT_MS, closeSite, setNumberInput, waitForCells, withPage} from "./site.ts";
import {downloadJson, gotoSearch} from "./tableHelpers.ts";

afterAll(closeSite, 60_000);

const grouped = (n: number) => n.toLocaleString("en-US");
const perToken = (model: string, format: "bf16" | "fp8" = "bf16") => kvCacheBytesPerToken({arch: resolveModel(model).arch, format}).totalBytes;

/** Picks an option of the <select> whose field label is exactly `label`, by option value or visible text. */
async function choose(page: Page, label: string, option: {value: string} | {label: string}): Promise<void> {
  const form = page.locator("form").filter({has: page.locator("label", {hasText: new RegExp(`^\\s*${label}\\s*$`)})}).first();
  await form.locator("select").selectOption(option);
}

/**
 * The chapter's worked case: Llama 3 70B on two H100s, eight sequences of 8,192 tokens, in GiB.
 * (The chapter opens on the reader's scenario, lib's default Llama 3.1 8B on one H100 unless
 * carried from another chapter; these tests open this link instead.)
 */
const LLAMA_3_70B = "?model=llama-3-70b&gpu=h100-sxm&count=2&batch=8&prompt=8191&output=1&unit=GiB";

const chartPaths = (page: Page) => page.locator('#memory-vs-context-chart svg[aria-label="memory versus sequence length"] g[aria-label=area] path').evaluateAll((ps) => ps.map((p) => p.getAttribute("d")).join("|"));

it("derives Llama 3 70B's 327,680 bytes per token and vLLM's KV capacity as the engine does", async () => {
  await withPage("/kv-cache", async (page) => {
    await gotoSearch(page, LLAMA_3_70B);
    await expect(page.locator("#kv-bytes-per-token").textContent()).resolves.toBe(grouped(perToken("llama-3-70b")));
    const r = estimate({model: "llama-3-70b", hardware: {gpu: "h100-sxm", count: 2},
      workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 8, promptTokens: 8191, outputTokens: 1}});
    if (!r.ok) throw new Error(r.errors.join("; "));
    await expect(page.locator("#vllm-log").textContent()).resolves.toBe(`GPU KV cache size: ${grouped(r.result.memory.kvCapacityTokens as number)} tokens`);
    await expect(page.locator('#attention-kinds-chart svg[aria-label="KV cache per token by attention kind"]').count()).resolves.toBe(1);
    // Its formula is typeset (KaTeX loads) when the reader opens the worked example.
    await page.locator("#worked-example > summary").click();
    await expect.poll(() => page.locator("#worked-example math").textContent(), {timeout: 60_000}).toContain("327,680");
  }, {screenshot: "kv-cache-default"});
}, PAGE_TIMEOUT_MS);

it("switches to the MLA formula for DeepSeek-V3: 61 · (512 + 64) · 2 bytes, no factor 2", async () => {
  await withPage("/kv-cache", async (page) => {
    await choose(page, "Model", {value: "deepseek-v3"});
    await expect.poll(() => page.locator("#kv-bytes-per-token").textContent()).toBe(grouped(61 * 576 * 2));
    await expect(page.locator("#kv-factors").textContent()).resolves.toContain("kv_lora_rank");
    // MLA keeps the whole latent on every GPU: no replication marker needed, but per-GPU bytes equal the total.
    await expect(page.locator("#tp-table").textContent()).resolves.toContain("latents per GPU");
  }, {screenshot: "kv-cache-deepseek"});
}, PAGE_TIMEOUT_MS);

it("halves the bytes per token in an fp8 cache", async () => {
  await withPage("/kv-cache", async (page) => {
    await gotoSearch(page, LLAMA_3_70B);
    await choose(page, "KV cache", {label: "fp8"});
    await expect.poll(() => page.locator("#kv-bytes-per-token").textContent()).toBe(grouped(perToken("llama-3-70b", "fp8")));
    expect(perToken("llama-3-70b", "fp8") * 2).toBe(perToken("llama-3-70b"));
    await expect(page.locator("#kv-format-table tr.actual").textContent()).resolves.toContain("FP8");
  });
}, PAGE_TIMEOUT_MS);

it("grows the batch's cache and redraws the memory chart when batch or context change", async () => {
  await withPage("/kv-cache", async (page) => {
    await gotoSearch(page, LLAMA_3_70B);
    const figure = page.locator("#kv-cache-bytes");
    const before = await figure.textContent();
    const chartBefore = await chartPaths(page);
    await setNumberInput(page, "Batch", 32);
    await expect.poll(() => figure.textContent()).not.toBe(before);
    await expect.poll(() => chartPaths(page)).not.toBe(chartBefore);
    const afterBatch = await figure.textContent();
    await setNumberInput(page, "Context", 32768);
    await expect.poll(() => figure.textContent()).not.toBe(afterBatch);
    // 32 × 32,768 × 327,680 bytes = 320 GiB
    await expect.poll(() => figure.textContent()).toBe("320 GiB");
  });
}, PAGE_TIMEOUT_MS);

it("shows Gemma 2's sliding window saving memory only past 4,096 tokens", async () => {
  await withPage("/kv-cache", async (page) => {
    await gotoSearch(page, LLAMA_3_70B);
    await choose(page, "Model", {value: "gemma-2-9b"});
    await setNumberInput(page, "Context", 4096);
    await expect.poll(() => page.locator("#sliding-window").textContent()).toBe("4,096 tokens");
    await expect.poll(() => page.locator("#sliding-saving").textContent()).toBe("0 GiB");
    await setNumberInput(page, "Context", 8192);
    // batch 8 × 21 sliding layers × 4,096 tokens past the window × 8,192 bytes = 5.25 GiB
    await expect.poll(() => page.locator("#sliding-saving").textContent()).toBe("5.25 GiB");
  }, {screenshot: "kv-cache-gemma"});
}, PAGE_TIMEOUT_MS);

it("changes vLLM's capacity with the GPU, and replicates KV heads once TP exceeds them", async () => {
  await withPage("/kv-cache", async (page) => {
    await gotoSearch(page, LLAMA_3_70B);
    const log = page.locator("#vllm-log");
    const before = await log.textContent();
    await choose(page, "GPU", {value: "h200-sxm"});
    await expect.poll(() => log.textContent()).not.toBe(before);
    await setNumberInput(page, "GPU count", 16);
    await expect.poll(() => page.locator("#tp-table tr.actual").textContent()).toContain("16 (yours)");
    await expect(page.locator("#tp-table tr.actual").textContent()).resolves.toContain("replicated");
  });
}, PAGE_TIMEOUT_MS);

it("opens a shared link with its state, and writes changes back to the URL", async () => {
  await withPage("/kv-cache", async (page) => {
    const url = new URL(page.url());
    url.search = "?model=deepseek-v3&kv=fp8&batch=4&prompt=4095&output=1";
    await page.goto(url.toString());
    await waitForCells(page);
    await expect.poll(() => page.locator("#kv-bytes-per-token").textContent()).toBe(grouped(61 * 576 * 1));
    await setNumberInput(page, "Batch", 16);
    await expect.poll(() => new URL(page.url()).searchParams.get("batch")).toBe("16");
    expect(new URL(page.url()).searchParams.get("model")).toBe("deepseek-v3");
  });
}, PAGE_TIMEOUT_MS);

it("renders every section without a missing number for models of each kind (learned positions, ALiBi, sliding + sinks, multimodal, MoE)", async () => {
  await withPage("/kv-cache", async (page) => {
    for (const id of ["gpt2-124m", "bloom-176b", "gpt-oss-120b", "gemma-3-27b-it", "qwen3-30b-a3b", "falcon-7b"]) {
      await choose(page, "Model", {value: id});
      await expect.poll(() => page.locator("#kv-bytes-per-token").textContent()).toBe(grouped(perToken(id)));
      const text = await page.locator("main").innerText();
      expect(text, id).not.toMatch(/\bNaN\b|\bInfinity\b|\bundefined\b|\[object Object\]/);
      await expect(page.locator(".observablehq--error").count()).resolves.toBe(0);
    }
  });
}, PAGE_TIMEOUT_MS);

/** The figures a reader compares: bytes per token, the batch's cache, vLLM's log line, the context limit. */
const kvFigures = async (page: Page) => Promise.all(["kv-bytes-per-token", "kv-cache-bytes", "kv-cache-bytes-per-gpu", "vllm-log", "vllm-concurrency", "context-limit"]
  .map((id) => page.locator(`#${id}`).textContent()));

describe("export and share", () => {
  const link = "?model=qwen3-8b&gpu=a100-sxm-80gb&count=1&kv=fp8&weights=fp8&engine=vllm&batch=4&prompt=4095&output=1&unit=GB";
  const scenario = {model: "qwen3-8b", hardware: {gpu: "a100-sxm-80gb", count: 1},
    workload: {type: "inference", engine: "vllm", weights: "fp8", kvCache: "fp8", batchSize: 4, promptTokens: 4095, outputTokens: 1}};

  it("opens a link with state to the same view on every fresh load, and downloads that scenario, which the engine reads to the same vLLM capacity", async () => {
    const first = await withPage("/kv-cache", async (page) => {
      await gotoSearch(page, link);
      const shown = await kvFigures(page);
      const {name, json} = await downloadJson(page, "#kv-scenario-download");
      expect(name).toBe("kv-cache-qwen3-8b-a100-sxm-80gb.json");
      expect(json).toEqual(scenario);
      const checked = validateScenario(json);
      expect(checked.ok && checked.warnings).toEqual([]);
      const r = estimate(json);
      if (!r.ok) throw new Error(r.errors.join("; "));
      expect(shown[3]).toBe(`GPU KV cache size: ${grouped(r.result.memory.kvCapacityTokens as number)} tokens`);
      expect(shown[0]).toBe(grouped(perToken("qwen3-8b", "fp8")));
      expect(shown[1]).toMatch(/ GB$/);
      return shown;
    });
    const again = await withPage("/kv-cache", async (page) => {
      await gotoSearch(page, link);
      return kvFigures(page);
    });
    expect(again).toEqual(first);
  }, 2 * PAGE_TIMEOUT_MS);

  it("opens a garbage link with the defaults, a note per bad setting, and a scenario that still validates", async () => {
    await withPage("/kv-cache", async (page) => {
      await gotoSearch(page, "?model=no-such-model&gpu=%3Cb%3E&count=zero&kv=fp3&batch=-5&prompt=1e99&unit=furlongs&colour=blue");
      const notes = await page.locator(".state-notes li").allTextContents();
      expect(notes).toHaveLength(8);
      expect(notes).toContain("gpu=<b> is not a catalog GPU; using h100-sxm");
      expect(notes).toContain("prompt=1e99 is above the maximum 100000000; using 100000000");
      expect(notes).toContain("batch=-5 is below the minimum 1; using 1");
      // lib's default scenario (DEFAULT_INFERENCE_SCENARIO), with the prompt at lib's bound.
      await expect(page.locator("#kv-bytes-per-token").textContent()).resolves.toBe(grouped(perToken("llama-3.1-8b")));
      const {json} = await downloadJson(page, "#kv-scenario-download");
      expect(validateScenario(json).ok).toBe(true);
      expect(json.workload).toMatchObject({batchSize: 1, promptTokens: 1e8, outputTokens: 256});
    });
  }, PAGE_TIMEOUT_MS);

  it("keeps a Download menu on each of its charts", async () => {
    await withPage("/kv-cache", async (page) => {
      for (const id of ["attention-kinds-chart", "memory-vs-context-chart"]) {
        await expect(page.locator(`#${id} .export-menu summary`).count(), id).resolves.toBe(1);
        await expect(page.locator(`#${id} .export-menu button[data-format=csv]`).count(), id).resolves.toBe(1);
      }
    });
  }, PAGE_TIMEOUT_MS);
});
