/**
 * The Overview ("Can I run it?") in a real browser: the verdict and the figures react to the
 * model, GPU, batch, context and weight format, the memory and format charts redraw, and a
 * pasted config.json is read (or refused with a message, the page still working).
 */
import {readFileSync} from "node:fs";
import {afterAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {estimate} from "../../lib/estimate.ts";
import {validateScenario} from "../../lib/validate.ts";
import {formatBytes, formatTokensPerSecond} from "../../src/components/units.ts";
import {BYTE_UNIT_STORAGE_KEY} from "../../src/components/byteUnitSwitch.ts";
import {GPU_SPEC_PREFIX, decodeConfig} from "../../src/components/urlState.ts";
import {PAGE_TIMEOUT_MS, closeSite, setNumberInput, waitForCells, withPage} from "./site.ts";
import {text, gotoSearch, engineResult, downloadFrom} from "./pageHelpers.ts";
import {columnTexts, sortBy} from "./tableHelpers.ts";

afterAll(closeSite, 60_000);

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

  it("sorts the weight formats table by a clicked header, and keeps that order when a slider rebuilds it", async () => {
    await withPage("/index", async (page) => {
      const table = page.locator("#formats-table");
      const bits = async () => (await columnTexts(table, "bits per weight")).map(Number);
      await sortBy(table, "bits per weight");
      const ascending = await bits();
      expect(ascending.length).toBeGreaterThan(5);
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      await sortBy(table, "bits per weight");
      expect(await bits()).toEqual([...ascending].reverse());
      // A new batch rebuilds the table; it opens in the order the reader chose.
      const before = await columnTexts(table, "decode");
      await setNumberInput(page, "Batch (sequences)", 7);
      await expect.poll(() => columnTexts(table, "decode")).not.toEqual(before);
      expect(await bits()).toEqual([...ascending].reverse());
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
      await expect.poll(() => page.locator(".model-input .config-message").textContent()).toMatch(/Not valid JSON/);
      await box.fill(JSON.stringify({model_type: "llama", hidden_size: 4096}));
      await expect.poll(() => page.locator(".model-input .config-message").textContent()).toMatch(/num_hidden_layers/);
      expect(await page.locator(".model-input .config-message").textContent()).toMatch(/Still showing Llama 3.1 8B/);
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
      expect(await page.locator(".model-input .config-message").textContent()).toMatch(/pasted qwen3 config/);
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

/** The figures the page gives ids to (verdict, memory, speeds, limits), as "id: text". */
const FIGURE_IDS = ["verdict-text", "total-bytes", "usable-bytes", "fit-margin", "decode-tokens-per-second", "throughput-tokens-per-second",
  "time-to-first-token", "max-batch-size", "max-context-tokens", "weights-bytes", "kv-cache-bytes", "activations-bytes", "overhead-bytes", "quantization-advice"];
const figures = async (page: Page) => Promise.all(FIGURE_IDS.map(async (id) => `${id}: ${await text(page, id)}`));

describe("the Overview's link", () => {
  const SEARCH = "?model=qwen2.5-7b&gpu=a100-sxm-80gb&count=2&engine=sglang&weights=fp8&kv=fp8&batch=16&prompt=3840&output=256&unit=GiB";
  const LINKED = {model: "qwen2.5-7b", hardware: {gpu: "a100-sxm-80gb", count: 2},
    workload: {type: "inference", engine: "sglang", weights: "fp8", kvCache: "fp8", batchSize: 16, promptTokens: 4096 - 256, outputTokens: 256}};

  it("opens a link with every input set to the engine's numbers for that scenario, the same on a second fresh load", async () => {
    const first = await withPage("/index", async (page) => {
      await gotoSearch(page, SEARCH);
      expect(await page.getByLabel("Model", {exact: true}).inputValue()).toBe("qwen2.5-7b");
      expect(await page.getByLabel("GPU", {exact: true}).inputValue()).toBe("a100-sxm-80gb");
      expect(await page.locator(".state-notes").isHidden()).toBe(true);
      const r = engineResult(LINKED);
      expect(await text(page, "decode-tokens-per-second")).toBe(formatTokensPerSecond(r.inference!.decodeTokensPerSecond));
      expect(await text(page, "weights-bytes")).toBe(formatBytes(r.memory.weightsBytes, {unit: "GiB", scale: "fixed"}));
      expect(await text(page, "kv-cache-bytes")).toBe(formatBytes(r.memory.kvCacheBytes, {unit: "GiB", scale: "fixed"}));
      return figures(page);
    });
    const again = await withPage("/index", async (page) => {
      await gotoSearch(page, SEARCH);
      return figures(page);
    });
    expect(again).toEqual(first);
  }, PAGE_TIMEOUT_MS);

  it("lets a link's unit win over the unit this browser remembers", async () => {
    await withPage("/index", async (page) => {
      await page.evaluate((key) => localStorage.setItem(key, "GB"), BYTE_UNIT_STORAGE_KEY);
      await gotoSearch(page, "?unit=GiB");
      expect(await text(page, "weights-bytes")).toMatch(/ GiB$/);
      await gotoSearch(page, "");
      expect(await text(page, "weights-bytes")).toMatch(/ GB$/);
    });
  }, PAGE_TIMEOUT_MS);

  it("opens a link with garbage in every parameter at the defaults, with one visible note per parameter", async () => {
    const defaults = await withPage("/index", (page) => figures(page));
    await withPage("/index", async (page) => {
      await gotoSearch(page, "?model=%00nope&gpu=%3Cb%3E&count=-1e999&engine=warp9&weights=q99&kv=zz&batch=NaN&prompt=1e999&output=lots&unit=furlongs&junk=1");
      const notes = await page.locator(".state-notes li").allTextContents();
      expect(notes).toHaveLength(11);
      expect(await page.locator(".state-notes").isVisible()).toBe(true);
      expect(notes).toContain("gpu=<b> is not a catalog GPU; using h100-sxm");
      expect(notes).toContain("unit=furlongs is not GB or GiB; using GB");
      expect(await figures(page)).toEqual(defaults);
    });
  }, PAGE_TIMEOUT_MS);

  it("writes each change to the URL, and Back restores the previous numbers and inputs", async () => {
    await withPage("/index", async (page) => {
      const before = await figures(page);
      await setNumberInput(page, "Batch (sequences)", 32);
      await expect.poll(() => new URL(page.url()).searchParams.get("batch")).toBe("32");
      await expect.poll(() => figures(page)).not.toEqual(before);
      // Changes closer together than 400 ms are one step back (a dragged slider); a reader pauses between inputs.
      await page.waitForTimeout(600);
      await page.getByLabel("Model", {exact: true}).selectOption("llama-3.1-70b");
      await expect.poll(() => new URL(page.url()).searchParams.get("model")).toBe("llama-3.1-70b");
      const at70b = await figures(page);
      expect(at70b).not.toEqual(before);
      await page.goBack();
      await expect.poll(() => page.getByLabel("Model", {exact: true}).inputValue()).toBe("llama-3.1-8b");
      await expect.poll(() => figures(page)).not.toEqual(at70b);
      expect(new URL(page.url()).searchParams.get("batch")).toBe("32");
      await page.goBack();
      await expect.poll(() => figures(page)).toEqual(before);
      expect(await page.locator("form").filter({has: page.locator("label", {hasText: "Batch (sequences)"})}).locator("input[type=number]").inputValue()).toBe("1");
    });
  }, PAGE_TIMEOUT_MS);

  it("carries a custom GPU in the link", async () => {
    const {url, shown} = await withPage("/index", async (page) => {
      await page.getByLabel("GPU", {exact: true}).selectOption({label: "Custom GPU…"});
      await page.getByLabel("Memory (GB)", {exact: true}).fill("20");
      await expect.poll(() => text(page, "usable-bytes")).toBe("18.0 GB");
      // The link holds the spec itself (a burst of edits lands in the URL after a short debounce).
      const linkedSpec = () => {
        const gpu = new URL(page.url()).searchParams.get("gpu") ?? "";
        return gpu.startsWith(GPU_SPEC_PREFIX) ? decodeConfig(gpu.slice(GPU_SPEC_PREFIX.length)) : null;
      };
      await expect.poll(linkedSpec).toMatchObject({memoryGB: 20});
      return {url: new URL(page.url()), shown: await figures(page)};
    });
    await withPage("/index", async (page) => {
      await gotoSearch(page, url.search);
      expect(await page.getByLabel("Memory (GB)", {exact: true}).inputValue()).toBe("20");
      expect(await figures(page)).toEqual(shown);
    });
  }, PAGE_TIMEOUT_MS);
});

describe("the Overview's downloads", () => {
  it("downloads the memory chart as SVG, PNG and CSV with the bytes in SI units", async () => {
    await withPage("/index", async (page) => {
      // memory, formats, and the own-machine section's GPU/RAM split bar.
      expect(await page.locator(".export-menu").count()).toBe(3);
      const svg = await downloadFrom(page, "#memory-chart", "svg");
      expect(svg.name).toBe("memory-llama-3.1-8b-h100-sxm-1x.svg");
      expect(svg.bytes.toString("utf8")).toMatch(/^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg.bytes.length).toBeGreaterThan(3000);
      const png = await downloadFrom(page, "#memory-chart", "png");
      expect(png.name).toMatch(/\.png$/);
      expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.bytes.length).toBeGreaterThan(5000);
      const csv = (await downloadFrom(page, "#memory-chart", "csv")).bytes.toString("utf8").trimEnd().split("\r\n");
      expect(csv[0]).toBe("bar,component,bytes,gpuCapacityBytes");
      // The weights row holds the engine's byte count, unformatted: 16,060,522,496 for Llama 3.1 8B in bf16 (safetensors index).
      expect(csv.find((l) => l.includes(",weights,"))).toMatch(/,weights,16060522496,/);
      const formats = (await downloadFrom(page, "#formats-chart", "csv")).bytes.toString("utf8").trimEnd().split("\r\n");
      expect(formats[0]).toContain("weightsBytesPerGpu");
      expect(formats).toHaveLength(1 + 17);
    });
  }, PAGE_TIMEOUT_MS);

  it("downloads a scenario that validates and estimates to the numbers on the page, a custom GPU included", async () => {
    await withPage("/index", async (page) => {
      await page.getByLabel("GPU", {exact: true}).selectOption({label: "Custom GPU…"});
      await page.getByLabel("Memory (GB)", {exact: true}).fill("40");
      await expect.poll(() => text(page, "usable-bytes")).toBe("36.0 GB");
      await setNumberInput(page, "Batch (sequences)", 8);
      await expect.poll(() => new URL(page.url()).searchParams.get("batch")).toBe("8");
      const [file] = await Promise.all([page.waitForEvent("download"), page.locator(".download-scenario a").click()]);
      const checked = validateScenario(JSON.parse(readFileSync((await file.path())!, "utf8")));
      expect(checked.ok).toBe(true);
      if (!checked.ok) return;
      expect(checked.scenario.hardware.gpu).toMatchObject({memoryGB: 40});
      const r = engineResult(checked.scenario);
      expect(await text(page, "decode-tokens-per-second")).toBe(formatTokensPerSecond(r.inference!.decodeTokensPerSecond));
      expect(await text(page, "throughput-tokens-per-second")).toBe(formatTokensPerSecond(r.inference!.throughputTokensPerSecond));
      expect(await text(page, "total-bytes")).toBe(formatBytes(r.memory.totalBytes, {unit: "GB", scale: "fixed"}));
    });
  }, PAGE_TIMEOUT_MS);
});
