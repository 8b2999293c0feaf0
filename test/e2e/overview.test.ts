/**
 * The Overview ("Can I run it?") in a real browser: the verdict and the figures react to the
 * model, GPU, batch, context and weight format, the memory and format charts redraw, and a
 * pasted config.json is read (or refused with a message, the page still working).
 */
import {afterAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {PAGE_TIMEOUT_MS, closeSite, setNumberInput, withPage} from "./site.ts";

afterAll(closeSite, 60_000);

const text = (page: Page, id: string) => page.locator(`#${id}`).textContent();
const svgOf = (page: Page, label: string) => page.locator(`svg[aria-label="${label}"]`).first().evaluate((svg) => svg.outerHTML);
const selectIn = (page: Page, label: string) =>
  page.locator("form").filter({has: page.getByText(label, {exact: true})}).locator("select").first();
/** Picks the option of an Inputs.select (whose option values are indices) by its text. */
async function chooseOption(page: Page, label: string, optionText: string): Promise<void> {
  const select = selectIn(page, label);
  const value = await select.locator("option", {hasText: optionText}).first().getAttribute("value");
  await select.selectOption(value!);
}
/** "16.1 GB" → 16.1 */
const gb = (s: string | null) => Number((s ?? "").replace(/,/g, "").replace(/ GB$/, ""));

// Qwen/Qwen3-8B config.json (Hugging Face Hub), the fields the reader needs.
const QWEN3_8B = {
  architectures: ["Qwen3ForCausalLM"], model_type: "qwen3", hidden_size: 4096, intermediate_size: 12288,
  num_hidden_layers: 36, num_attention_heads: 32, num_key_value_heads: 8, head_dim: 128, vocab_size: 151936,
  max_position_embeddings: 40960, tie_word_embeddings: false, rms_norm_eps: 1e-6, rope_theta: 1000000,
  hidden_act: "silu", attention_bias: false, torch_dtype: "bfloat16"
};

describe("the Overview page", () => {
  it("gives a verdict for Llama 3.1 8B on one H100 and the weights of its bf16 checkpoint", async () => {
    await withPage("/index", async (page) => {
      expect(await text(page, "verdict-text")).toMatch(/Fits/);
      // meta-llama/Llama-3.1-8B model.safetensors.index.json total_size: 16,060,522,496 bytes.
      expect(await text(page, "weights-bytes")).toBe("16.1 GB");
      for (const id of ["decode-tokens-per-second", "throughput-tokens-per-second"]) expect(await text(page, id)).toMatch(/^[\d.,]+ tokens\/s$/);
      expect(await text(page, "time-to-first-token")).toMatch(/^[\d.,]+ (ms|s)$/);
      expect(Number((await text(page, "max-batch-size"))!.replace(/,/g, ""))).toBeGreaterThan(1);
    }, {screenshot: "overview-light"});
  }, PAGE_TIMEOUT_MS);

  it("looks right in the dark theme", async () => {
    await withPage("/index", async (page) => {
      expect(await text(page, "verdict-text")).toMatch(/Fits/);
    }, {colorScheme: "dark", screenshot: "overview-dark"});
  }, PAGE_TIMEOUT_MS);

  it("changes the verdict, figures and memory chart when the model and then the GPU change", async () => {
    await withPage("/index", async (page) => {
      const before = {weights: await text(page, "weights-bytes"), chart: await svgOf(page, "memory bar chart")};
      await page.getByLabel("Model", {exact: true}).selectOption("llama-3.1-70b");
      await expect.poll(() => text(page, "weights-bytes")).not.toBe(before.weights);
      // Llama 3.1 70B: 70.6 B parameters (Hub) × 2 bytes ≈ 141 GB; 1 % tolerance for the rounded count.
      expect(gb(await text(page, "weights-bytes"))).toBeGreaterThan(139.7);
      expect(gb(await text(page, "weights-bytes"))).toBeLessThan(142.6);
      expect(await text(page, "verdict-text")).toMatch(/Does not fit/);
      // Speeds are hypothetical when the model does not fit, and say so.
      expect(await page.locator("main").textContent()).toContain("Decode, per sequence (if it fit)");
      expect(await svgOf(page, "memory bar chart")).not.toBe(before.chart);

      const usable = await text(page, "usable-bytes");
      await page.getByLabel("GPU", {exact: true}).selectOption("b200");
      await expect.poll(() => text(page, "usable-bytes")).not.toBe(usable);
      expect(await text(page, "verdict-text")).toMatch(/Fits/);
    });
  }, PAGE_TIMEOUT_MS);

  it("splits the weights over more GPUs when the count grows", async () => {
    await withPage("/index", async (page) => {
      await setNumberInput(page, "GPU count", 2);
      // Half of 16,060,522,496 bytes per GPU under two-way tensor parallelism.
      await expect.poll(() => text(page, "weights-bytes")).toBe("8.03 GB");
    });
  }, PAGE_TIMEOUT_MS);

  it("scales the KV cache and throughput with the batch and the context", async () => {
    await withPage("/index", async (page) => {
      const before = {throughput: await text(page, "throughput-tokens-per-second"), chart: await svgOf(page, "memory bar chart")};
      await setNumberInput(page, "Batch (sequences)", 32);
      await expect.poll(() => text(page, "throughput-tokens-per-second")).not.toBe(before.throughput);
      expect(await svgOf(page, "memory bar chart")).not.toBe(before.chart);
      await setNumberInput(page, "Batch (sequences)", 1);
      await setNumberInput(page, "Context (tokens)", 65536);
      // 65,536 tokens × 2·32·8·128·2 = 131,072 bytes per token (Llama 3.1 8B config.json) = 8.59 GB.
      await expect.poll(() => text(page, "kv-cache-bytes")).toBe("8.59 GB");
    });
  }, PAGE_TIMEOUT_MS);

  it("shrinks the weights in Q4_K_M to the size llama.cpp's quantize table gives", async () => {
    await withPage("/index", async (page) => {
      const chart = await svgOf(page, "weight bytes by format");
      await chooseOption(page, "Weights", "Q4_K_M");
      // llama.cpp tools/quantize/README.md: Llama-3.1-8B Q4_K_M 4.58 GiB = 4.92 GB; 1 % tolerance.
      await expect.poll(async () => gb(await text(page, "weights-bytes"))).toBeGreaterThan(4.87);
      expect(gb(await text(page, "weights-bytes"))).toBeLessThan(4.97);
      expect(await svgOf(page, "weight bytes by format")).not.toBe(chart);
    });
  }, PAGE_TIMEOUT_MS);

  it("lists which weight formats fit a model too large for the card", async () => {
    await withPage("/index", async (page) => {
      await page.getByLabel("Model", {exact: true}).selectOption("llama-3.1-70b");
      await expect.poll(() => text(page, "quantization-advice")).toMatch(/of 17 formats fit/);
      expect(await text(page, "quantization-advice")).toMatch(/most precise that fits/);
    });
  }, PAGE_TIMEOUT_MS);

  it("refuses an invalid config.json with a message naming the problem, keeping the last model", async () => {
    await withPage("/index", async (page) => {
      const weights = await text(page, "weights-bytes");
      await page.getByLabel("Model", {exact: true}).selectOption({label: "Paste a config.json…"});
      const box = page.getByLabel("config.json", {exact: true});
      await box.fill("{ this is not json");
      await expect.poll(() => page.locator(".config-message").textContent()).toMatch(/Not valid JSON/);
      await box.fill(JSON.stringify({model_type: "llama", hidden_size: 4096}));
      await expect.poll(() => page.locator(".config-message").textContent()).toMatch(/num_hidden_layers/);
      expect(await page.locator(".config-message").textContent()).toMatch(/Still showing Llama 3.1 8B/);
      expect(await text(page, "weights-bytes")).toBe(weights);
      // The page still reacts.
      await setNumberInput(page, "Batch (sequences)", 4);
      await expect.poll(() => page.locator("#max-batch-size").isVisible()).toBe(true);
    });
  }, PAGE_TIMEOUT_MS);

  it("reads a pasted Qwen3-8B config.json and recomputes", async () => {
    await withPage("/index", async (page) => {
      const kv = await text(page, "kv-cache-bytes");
      await page.getByLabel("Model", {exact: true}).selectOption({label: "Paste a config.json…"});
      await page.getByLabel("config.json", {exact: true}).fill(JSON.stringify(QWEN3_8B, null, 2));
      // Qwen3-8B model card: 8.2 B parameters → 16.4 GB in bf16 (± 0.05 B from the rounding).
      await expect.poll(async () => gb(await text(page, "weights-bytes"))).toBeGreaterThan(16.29);
      expect(gb(await text(page, "weights-bytes"))).toBeLessThan(16.51);
      // 36 layers instead of 32, same KV heads and head size: 9/8 of Llama 3.1 8B's KV cache.
      // (The figures are shown to 3 digits, so the ratio is good to about 1 %.)
      const ratio = gb(await text(page, "kv-cache-bytes")) / gb(kv);
      expect(ratio).toBeGreaterThan(1.125 * 0.99);
      expect(ratio).toBeLessThan(1.125 * 1.01);
      expect(await page.locator(".config-message").textContent()).toMatch(/Qwen3ForCausalLM/);
    });
  }, PAGE_TIMEOUT_MS);

  it("takes a custom GPU spec and says how many such GPUs would hold the model", async () => {
    await withPage("/index", async (page) => {
      await page.getByLabel("GPU", {exact: true}).selectOption({label: "Custom GPU…"});
      const memory = page.getByLabel("Memory (GB)", {exact: true});
      await memory.fill("16");
      // 16 GB × 0.9 (vLLM's share) = 14.4 GB usable: less than Llama 3.1 8B's 16.06 GB of bf16 weights.
      await expect.poll(() => text(page, "usable-bytes")).toBe("14.4 GB");
      expect(await text(page, "verdict-text")).toMatch(/Does not fit/);
      expect(await text(page, "fewest-gpus")).toMatch(/fit on [2-9] of these GPUs/);
      await memory.fill("48");
      await expect.poll(() => text(page, "verdict-text")).toMatch(/Fits/);
    });
  }, PAGE_TIMEOUT_MS);

  it("warns when the context exceeds the model's max_position_embeddings", async () => {
    await withPage("/index", async (page) => {
      expect(await page.locator("#scenario-warnings").count()).toBe(0);
      // Llama 3.1 8B config.json: max_position_embeddings 131,072.
      await setNumberInput(page, "Context (tokens)", 200000);
      await expect.poll(() => page.locator("#scenario-warnings").textContent()).toMatch(/max_position_embeddings \(131072\)/);
    });
  }, PAGE_TIMEOUT_MS);

  it("shows no NaN, Infinity or undefined for models of every kind (MLA, sliding windows, MQA, MoE, learned positions) and every engine", async () => {
    await withPage("/index", async (page) => {
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
