/**
 * The Inference chapter in a real browser: weights by format, the engines' share, the prefill
 * and decode split, the roofline, decode speed vs batch and the MoE expert curve all react to
 * the model, GPU, batch, context and weight format; a pasted config is read or refused.
 */
import {readFileSync} from "node:fs";
import {afterAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {estimate} from "../../lib/estimate.ts";
import {validateScenario} from "../../lib/validate.ts";
import {formatSeconds, formatTokensPerSecond} from "../../src/components/units.ts";
import {PAGE_TIMEOUT_MS, closeSite, setNumberInput, waitForCells, withPage} from "./site.ts";
import {text, gotoSearch, engineResult, downloadFrom} from "./pageHelpers.ts";

afterAll(closeSite, 60_000);

const svgOf = (page: Page, label: string) => page.locator(`svg[aria-label="${label}"]`).first().evaluate((svg) => svg.outerHTML);
const num = (s: string | null) => Number((s ?? "").replace(/,/g, "").replace(/[^\d.]+$/, "").trim());
async function chooseOption(page: Page, label: string, optionText: string): Promise<void> {
  const select = page.locator("form").filter({has: page.getByText(label, {exact: true})}).locator("select").first();
  const value = await select.locator("option", {hasText: optionText}).first().getAttribute("value");
  await select.selectOption(value!);
}

describe("the Inference chapter", () => {
  it("works the H100 example: 16.06 GB of bf16 weights over 3.35 TB/s is 4.8 ms, at most ~209 tokens/s", async () => {
    await withPage("/inference", async (page) => {
      // 16,060,522,496 bytes (Llama-3.1-8B safetensors index) / 3.35e12 B/s (H100 SXM datasheet) = 4.79 ms → 209 tokens/s.
      expect(await text(page, "example-ceiling")).toBe("209 tokens/s");
      const estimate = num(await text(page, "example-estimate"));
      expect(estimate).toBeLessThan(209);
      expect(estimate).toBeGreaterThan(100);
      for (const label of ["weight bytes by format", "memory bar chart", "step time breakdown", "roofline chart", "decode tokens per second vs batch size"]) {
        await expect(page.locator(`svg[aria-label="${label}"]`).count()).resolves.toBeGreaterThan(0);
      }
    }, {screenshot: "inference-light"});
  }, PAGE_TIMEOUT_MS);

  it("looks right in the dark theme", async () => {
    await withPage("/inference", async (page) => {
      expect(await text(page, "ridge-intensity")).toBeTruthy();
    }, {colorScheme: "dark", screenshot: "inference-dark"});
  }, PAGE_TIMEOUT_MS);

  it("puts the H100's ridge at 989 TFLOP/s ÷ 3.35 TB/s ≈ 295 FLOP/byte and decode at batch 1 far left of it", async () => {
    await withPage("/inference", async (page) => {
      // NVIDIA H100 SXM dense bf16 989 TFLOP/s, 3.35 TB/s: scaling-book's "≈ 300" for H100.
      expect(num(await text(page, "ridge-intensity"))).toBe(295);
      // bf16 decode: ≈ 2 FLOP per 2-byte weight per sequence → ≈ 1 FLOP/byte at batch 1 (KV read lowers it).
      const decode = num(await text(page, "decode-intensity"));
      expect(decode).toBeGreaterThan(0.5);
      expect(decode).toBeLessThan(1.1);
    });
  }, PAGE_TIMEOUT_MS);

  it("moves decode along the roofline and the batch curve when the batch grows", async () => {
    await withPage("/inference", async (page) => {
      const before = {roofline: await svgOf(page, "roofline chart"), batch: await svgOf(page, "decode tokens per second vs batch size"),
        intensity: num(await text(page, "decode-intensity"))};
      await setNumberInput(page, "Batch (sequences)", 64);
      await expect.poll(async () => num(await text(page, "decode-intensity"))).toBeGreaterThan(before.intensity * 20);
      expect(await svgOf(page, "roofline chart")).not.toBe(before.roofline);
      expect(await svgOf(page, "decode tokens per second vs batch size")).not.toBe(before.batch);
    });
  }, PAGE_TIMEOUT_MS);

  it("shows Q4_K_M at llama.cpp's published 4.89 bits per weight and redraws the format chart", async () => {
    await withPage("/inference", async (page) => {
      const chart = await svgOf(page, "weight bytes by format");
      expect(await text(page, "bits-per-weight")).toBe("16.00");
      await chooseOption(page, "Weights", "Q4_K_M");
      // llama.cpp tools/quantize/README.md: Llama-3.1-8B Q4_K_M 4.8944 bpw.
      await expect.poll(async () => num(await text(page, "bits-per-weight"))).toBeCloseTo(4.894, 2);
      expect(await svgOf(page, "weight bytes by format")).not.toBe(chart);
    });
  }, PAGE_TIMEOUT_MS);

  it("changes the step times with the GPU and the prompt length", async () => {
    await withPage("/inference", async (page) => {
      const decode = await text(page, "decode-step");
      const steps = await svgOf(page, "step time breakdown");
      await page.getByLabel("GPU", {exact: true}).selectOption("a100-sxm-80gb");
      await expect.poll(() => text(page, "decode-step")).not.toBe(decode);
      // A100 2.04 TB/s vs H100 3.35 TB/s: the memory-bound step is ~1.6× longer.
      const prefill = await text(page, "prefill-seconds");
      await setNumberInput(page, "Prompt tokens", 16384);
      await expect.poll(() => text(page, "prefill-seconds")).not.toBe(prefill);
      expect(await svgOf(page, "step time breakdown")).not.toBe(steps);
    });
  }, PAGE_TIMEOUT_MS);

  it("draws the expert curve for an MoE model: DeepSeek-V3 reads k = 8 of 256 experts at batch 1", async () => {
    await withPage("/inference", async (page) => {
      expect(await page.locator(`svg[aria-label="experts read vs batch size"]`).count()).toBe(0);
      await page.getByLabel("Model", {exact: true}).selectOption("mixtral-8x7b");
      await expect.poll(() => page.locator(`svg[aria-label="experts read vs batch size"]`).count()).toBe(1);
      await page.getByLabel("Model", {exact: true}).selectOption("deepseek-v3");
      await expect.poll(() => text(page, "moe-section")).toMatch(/k = 8 of E = 256/);
      const curve = await svgOf(page, "experts read vs batch size");
      await setNumberInput(page, "Batch (sequences)", 16);
      // U(16) = 256·(1 − (1 − 8/256)^16) ≈ 102 (peers.md finding 9).
      await expect.poll(() => text(page, "moe-section")).toMatch(/reads 102 experts per layer/);
      expect(await svgOf(page, "experts read vs batch size")).not.toBe(curve);
    });
  }, PAGE_TIMEOUT_MS);

  it("keeps working after an invalid config.json and reads a valid one", async () => {
    await withPage("/inference", async (page) => {
      const weights = await text(page, "weights-bytes");
      await page.getByLabel("Model", {exact: true}).selectOption({label: "Paste a config.json…"});
      const box = page.getByLabel("config.json", {exact: true});
      await box.fill(JSON.stringify({model_type: "qwen3", hidden_size: 1024, num_attention_heads: 16}));
      await expect.poll(() => page.locator(".model-input .config-message").textContent()).toMatch(/num_hidden_layers/);
      expect(await text(page, "weights-bytes")).toBe(weights);
      // Qwen/Qwen3-0.6B config.json: 0.6 B parameters (model card "0.6B", 0.44 B non-embedding), tied embeddings.
      await box.fill(JSON.stringify({architectures: ["Qwen3ForCausalLM"], model_type: "qwen3", hidden_size: 1024, intermediate_size: 3072,
        num_hidden_layers: 28, num_attention_heads: 16, num_key_value_heads: 8, head_dim: 128, vocab_size: 151936,
        max_position_embeddings: 40960, tie_word_embeddings: true, rms_norm_eps: 1e-6, hidden_act: "silu"}));
      // 0.596 B parameters × 2 bytes ≈ 1.19 GB; the card's "0.6B" is rounded, so 1.1–1.3 GB.
      await expect.poll(async () => num(await text(page, "weights-bytes"))).toBeLessThan(1.3);
      expect(num(await text(page, "weights-bytes"))).toBeGreaterThan(1.1);
    });
  }, PAGE_TIMEOUT_MS);

  it("shows no NaN, Infinity or undefined for models of every kind (MLA, sliding windows, MQA, MoE, learned positions) and every engine", async () => {
    await withPage("/inference", async (page) => {
      const main = page.locator("main");
      const engine = page.locator("form").filter({has: page.getByText("Engine", {exact: true})}).locator("select").first();
      const engines = await engine.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      for (const [i, id] of ["deepseek-v3", "gemma-3-27b-it", "falcon-7b", "gpt-oss-120b", "gpt2-124m", "mixtral-8x7b"].entries()) {
        const before = await main.textContent();
        await page.getByLabel("Model", {exact: true}).selectOption(id);
        await engine.selectOption(engines[i % engines.length]!);
        await expect.poll(() => main.textContent()).not.toBe(before);
        const shown = (await main.textContent())!;
        expect(shown, id).not.toMatch(/NaN|Infinity|undefined/);
        expect(await page.locator(".observablehq--error").count(), id).toBe(0);
      }
    });
  }, PAGE_TIMEOUT_MS);
});

/** The chapter's key figures, as "id: text". */
const FIGURE_IDS = ["weights-bytes", "bits-per-weight", "embedding-bytes", "decode-step", "decode-tokens-per-second", "prefill-seconds", "time-to-first-token",
  "ridge-intensity", "decode-intensity", "prefill-intensity", "compute-bound-batch", "decode-throughput", "max-batch-size", "moe-section"];
const figures = async (page: Page) => Promise.all(FIGURE_IDS.map(async (id) => `${id}: ${await text(page, id)}`));

describe("the Inference chapter's link", () => {
  const SEARCH = "?model=mixtral-8x7b&gpu=h200-sxm&count=2&engine=tensorrt-llm&weights=fp8&kv=fp8&batch=24&prompt=2048&output=512&unit=GiB";
  const LINKED = {model: "mixtral-8x7b", hardware: {gpu: "h200-sxm", count: 2},
    workload: {type: "inference", engine: "tensorrt-llm", weights: "fp8", kvCache: "fp8", batchSize: 24, promptTokens: 2048, outputTokens: 512}};

  it("opens a link with every input set to the engine's numbers for that scenario, the same on a second fresh load", async () => {
    const first = await withPage("/inference", async (page) => {
      await gotoSearch(page, SEARCH);
      expect(await page.getByLabel("Model", {exact: true}).inputValue()).toBe("mixtral-8x7b");
      expect(await page.locator(".state-notes").isHidden()).toBe(true);
      const r = engineResult(LINKED);
      expect(await text(page, "decode-tokens-per-second")).toBe(formatTokensPerSecond(r.inference!.decodeTokensPerSecond));
      expect(await text(page, "time-to-first-token")).toBe(formatSeconds(r.inference!.timeToFirstTokenSeconds));
      expect(await text(page, "weights-bytes")).toMatch(/ GiB$/);
      // Mixtral routes 2 of 8 experts: the expert chart is there, with its own Download menu.
      expect(await page.locator('svg[aria-label="experts read vs batch size"]').count()).toBe(1);
      // Six charts, plus section 7's decode against -ngl.
      expect(await page.locator(".export-menu").count()).toBe(7);
      return figures(page);
    });
    const again = await withPage("/inference", async (page) => {
      await gotoSearch(page, SEARCH);
      return figures(page);
    });
    expect(again).toEqual(first);
  }, PAGE_TIMEOUT_MS);

  it("opens a link with garbage in every parameter at the defaults, with one visible note per parameter", async () => {
    const defaults = await withPage("/inference", (page) => figures(page));
    await withPage("/inference", async (page) => {
      await gotoSearch(page, "?model=cfg.zz%ff&gpu=%3Cscript%3E&count=0&engine=&weights=bf17&kv=%22&batch=1e999&prompt=-&output=%F0%9F%A6%99&unit=gib2&extra=x");
      const notes = await page.locator(".state-notes li").allTextContents();
      expect(notes).toHaveLength(11);
      expect(notes).toContain("count=0 is below the minimum 1; using 1");
      expect(await figures(page)).toEqual(defaults);
    });
  }, PAGE_TIMEOUT_MS);

  it("writes each change to the URL, and Back restores the previous numbers", async () => {
    await withPage("/inference", async (page) => {
      const before = await figures(page);
      await setNumberInput(page, "Prompt tokens", 8192);
      await expect.poll(() => new URL(page.url()).searchParams.get("prompt")).toBe("8192");
      await expect.poll(() => figures(page)).not.toEqual(before);
      await page.goBack();
      await expect.poll(() => figures(page)).toEqual(before);
      expect(await page.locator("form").filter({has: page.locator("label", {hasText: "Prompt tokens"})}).locator("input[type=number]").inputValue()).toBe("1024");
      await page.goForward();
      await expect.poll(() => figures(page)).not.toEqual(before);
    });
  }, PAGE_TIMEOUT_MS);
});

describe("the Inference chapter's downloads", () => {
  it("downloads every chart as SVG, and the roofline as PNG and as CSV in SI units", async () => {
    await withPage("/inference", async (page) => {
      for (const id of ["formats-chart", "engines-chart", "step-chart", "roofline", "batch-chart"]) {
        const svg = await downloadFrom(page, `#${id}`, "svg");
        expect(svg.name, id).toMatch(/\.svg$/);
        expect(svg.bytes.toString("utf8"), id).toMatch(/^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        expect(svg.bytes.length, id).toBeGreaterThan(3000);
      }
      const png = await downloadFrom(page, "#roofline", "png");
      expect(png.name).toBe("roofline-llama-3.1-8b-h100-sxm-1x.png");
      expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.bytes.length).toBeGreaterThan(5000);
      const csv = (await downloadFrom(page, "#roofline", "csv")).bytes.toString("utf8").trimEnd().split("\r\n");
      expect(csv[0]).toBe("step,batchSize,flopPerStep,bytesReadPerStep,intensityFlopPerByte,peakFlopPerSecond,bandwidthBytesPerSecond,ridgeFlopPerByte");
      // H100 SXM datasheet: 989 TFLOP/s dense bf16 over 3.35 TB/s ≈ 295 FLOP/byte.
      expect(Number(csv[1]!.split(",")[7])).toBeCloseTo(989e12 / 3.35e12, 0);
      const batch = (await downloadFrom(page, "#batch-chart", "csv")).bytes.toString("utf8").trimEnd().split("\r\n");
      expect(batch[0]).toBe("batchSize,perSequenceTokensPerSecond,summedTokensPerSecond,bound,fits");
      expect(batch.length).toBeGreaterThan(10);
    });
  }, PAGE_TIMEOUT_MS);

  it("downloads a scenario that validates and estimates to the numbers on the page", async () => {
    await withPage("/inference", async (page) => {
      await page.getByLabel("Model", {exact: true}).selectOption("qwen3-30b-a3b");
      await setNumberInput(page, "Batch (sequences)", 12);
      await expect.poll(() => new URL(page.url()).searchParams.get("batch")).toBe("12");
      await expect.poll(() => new URL(page.url()).searchParams.get("model")).toBe("qwen3-30b-a3b");
      const [file] = await Promise.all([page.waitForEvent("download"), page.locator(".download-scenario a").click()]);
      expect(file.suggestedFilename()).toBe("qwen3-30b-a3b-h100-sxm-1x.json");
      const checked = validateScenario(JSON.parse(readFileSync((await file.path())!, "utf8")));
      expect(checked.ok).toBe(true);
      if (!checked.ok) return;
      const r = engineResult(checked.scenario);
      expect(await text(page, "decode-tokens-per-second")).toBe(formatTokensPerSecond(r.inference!.decodeTokensPerSecond));
      expect(await text(page, "time-to-first-token")).toBe(formatSeconds(r.inference!.timeToFirstTokenSeconds));
    });
  }, PAGE_TIMEOUT_MS);
});
