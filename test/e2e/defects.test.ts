/**
 * The defects a new reader hit (issue 11), each checked in a real browser on the built site.
 */
import type {Page} from "playwright-core";
import {afterAll, describe, expect, it} from "vitest";
import {modelParameterCounts} from "../../lib/inference.ts";
import {resolveModel} from "../../lib/resolve.ts";
import {CHINCHILLA_TOKENS_PER_PARAM} from "../../lib/training/time.ts";
import {PAGE_TIMEOUT_MS, closeSite, setNumberInput, withPage} from "./site.ts";
import {engineResult, gotoSearch, text} from "./pageHelpers.ts";
import {MODEL_CATALOG, priceSummary} from "../../lib/catalog/index.ts";
import {formatUsd} from "../../src/components/units.ts";

afterAll(closeSite, 60_000);

/** How the verdict card looks: its left rule's colour and its line's text colour. */
const verdictLook = (page: Page, line = "#verdict-text") =>
  page.evaluate((selector) => {
    const card = document.querySelector("#verdict")!;
    return {rule: getComputedStyle(card).borderLeftColor, text: getComputedStyle(document.querySelector(selector)!).color};
  }, line);

const GREEN = "rgb(48, 164, 108)";
const RED = "rgb(229, 72, 77)";

describe("the verdict card", () => {
  it("is green when the Overview's model fits and red when it does not", async () => {
    await withPage("/index", async (page) => {
      expect(await text(page, "verdict-text")).toMatch(/Fits/);
      expect(await verdictLook(page)).toEqual({rule: GREEN, text: GREEN});
      await page.getByLabel("Model", {exact: true}).selectOption("llama-3.1-70b");
      await expect.poll(() => text(page, "verdict-text")).toMatch(/Does not fit/);
      expect(await verdictLook(page)).toEqual({rule: RED, text: RED});
    });
  }, PAGE_TIMEOUT_MS);

  it("is green when the Training layout fits and red when it does not", async () => {
    await withPage("/training", async (page) => {
      await gotoSearch(page, "?model=llama-3.1-8b&gpu=h100-sxm&count=8&method=full&zero=3");
      expect(await text(page, "verdict-text")).toMatch(/Fits/);
      expect(await verdictLook(page)).toEqual({rule: GREEN, text: GREEN});
      await gotoSearch(page, "?model=llama-3.1-70b&gpu=rtx-4090&count=1&method=full&zero=0");
      expect(await text(page, "verdict-text")).toMatch(/Does not fit|Impossible/);
      expect(await verdictLook(page)).toEqual({rule: RED, text: RED});
    });
  }, PAGE_TIMEOUT_MS);

  it("is green when the Planner finds a plan and red when none meets the targets", async () => {
    await withPage("/planner", async (page) => {
      await expect.poll(() => page.locator("#cheapest-plan").textContent()).toMatch(/\$/);
      expect(await verdictLook(page, "#cheapest-plan")).toEqual({rule: GREEN, text: GREEN});
      // No RTX 4090 count serves an 8B model in bf16 with one output token every millisecond.
      await gotoSearch(page, "?model=llama-3.1-8b&mode=serving&load=concurrency&concurrency=1&tpot=1&gpus=rtx-4090&formats=bf16");
      await expect.poll(() => page.locator("#cheapest-plan").textContent()).toMatch(/No plan/);
      expect(await verdictLook(page, "#cheapest-plan")).toEqual({rule: RED, text: RED});
    });
  }, PAGE_TIMEOUT_MS);
});

describe("the Cost page's training tokens", () => {
  // Chinchilla: 20 tokens per parameter (Hoffmann et al. 2022), in billions to two decimals.
  const chinchillaBillions = (model: string) =>
    Math.round((CHINCHILLA_TOKENS_PER_PARAM * modelParameterCounts(resolveModel(model).arch).total) / 1e7) / 100;
  const box = (page: Page) => page.locator("form").filter({has: page.locator("label", {hasText: "Training tokens"})}).locator("input[type=number]").first();

  it("shows Chinchilla's 20 tokens per parameter in the number box on load, follows the model, and shows the number after a slider move", async () => {
    await withPage("/cost", async (page) => {
      expect(Number(await box(page).inputValue())).toBe(chinchillaBillions("llama-3.1-8b"));
      expect(await box(page).inputValue()).not.toBe("");
      await page.getByLabel("Model", {exact: true}).first().selectOption("qwen3-8b");
      await expect.poll(async () => Number(await box(page).inputValue())).toBe(chinchillaBillions("qwen3-8b"));
      // Drag the slider: the box follows with a number, never blank.
      const slider = page.locator("form").filter({has: page.locator("label", {hasText: "Training tokens"})}).locator("input[type=range]").first();
      const before = await page.locator("#training-usd").textContent();
      await slider.evaluate((el: HTMLInputElement) => {
        el.value = String(Number(el.value) + (Number(el.max) - Number(el.value)) / 2);
        el.dispatchEvent(new Event("input", {bubbles: true}));
      });
      await expect.poll(() => page.locator("#training-usd").textContent()).not.toBe(before);
      const shown = await box(page).inputValue();
      expect(shown).not.toBe("");
      expect(Number(shown)).toBeGreaterThan(chinchillaBillions("qwen3-8b"));
    });
  }, PAGE_TIMEOUT_MS);

  it("reads a typed count of tokens and writes it to the link", async () => {
    await withPage("/cost", async (page) => {
      await setNumberInput(page, "Training tokens", 2000);
      await expect.poll(() => new URL(page.url()).searchParams.get("tokens")).toBe("2000000000000");
    });
  }, PAGE_TIMEOUT_MS);
});

describe("the favicon", () => {
  it("is linked from every page and served, and /favicon.ico answers 200 with an icon", async () => {
    await withPage("/index", async (page) => {
      const href = await page.locator('head link[rel="icon"]').getAttribute("href");
      expect(href).toBeTruthy();
      const linked = await page.request.get(new URL(href!, page.url()).href);
      expect(linked.status()).toBe(200);
      expect(await linked.text()).toContain("<svg");
      const ico = await page.request.get(new URL("/favicon.ico", page.url()).href);
      expect(ico.status()).toBe(200);
      expect([...(await ico.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    });
  }, PAGE_TIMEOUT_MS);
});

describe("finding a model", () => {
  it("picks a catalog model from its Hub id typed in the finder, and says what to do with a Hub id outside the catalog", async () => {
    await withPage("/index", async (page) => {
      const finder = page.getByLabel("Find a model", {exact: true});
      // The finder offers every catalog model by name, with its id and Hub id, and the paste option.
      expect(await page.locator("datalist option").count()).toBe(MODEL_CATALOG.length + 1);
      await finder.fill("meta-llama/Llama-3.1-70B");
      await expect.poll(() => page.getByLabel("Model", {exact: true}).inputValue()).toBe("llama-3.1-70b");
      await expect.poll(() => text(page, "verdict-text")).toMatch(/Does not fit/);
      await finder.fill("someone/not-in-the-catalog");
      await finder.press("Enter");
      await expect.poll(() => page.locator(".finder-message").textContent()).toMatch(/not in the catalog: paste its config\.json/);
      expect(await page.getByLabel("config.json").isVisible()).toBe(true);
    });
  }, PAGE_TIMEOUT_MS);

  it("reads a config.json pasted into the finder, named by the name the reader gives, not by its class", async () => {
    await withPage("/index", async (page) => {
      // Qwen/Qwen3-0.6B config.json (Hugging Face Hub).
      const config = {architectures: ["Qwen3ForCausalLM"], model_type: "qwen3", hidden_size: 1024, intermediate_size: 3072,
        num_hidden_layers: 28, num_attention_heads: 16, num_key_value_heads: 8, head_dim: 128, vocab_size: 151936,
        max_position_embeddings: 40960, tie_word_embeddings: true, rms_norm_eps: 1e-6, hidden_act: "silu"};
      await page.getByLabel("Find a model", {exact: true}).fill(JSON.stringify(config));
      await expect.poll(() => page.getByLabel("Model", {exact: true}).inputValue()).toBe("__paste-config__");
      await expect.poll(() => page.locator("#verdict").textContent()).toContain("pasted qwen3 config");
      expect(await page.locator("#verdict").textContent()).not.toContain("Qwen3ForCausalLM");
      const unnamed = page.url();
      await page.getByLabel("Name of the pasted model", {exact: true}).fill("my Qwen3 0.6B");
      await expect.poll(() => page.locator("#verdict").textContent()).toContain("my Qwen3 0.6B");
      // The name travels in the link (written once the typing pauses): a fresh load of it shows the same name.
      await expect.poll(() => page.url()).not.toBe(unnamed);
      await page.waitForTimeout(600);
      await page.goto(page.url());
      await expect.poll(() => page.locator("#verdict").textContent()).toContain("my Qwen3 0.6B");
    });
  }, PAGE_TIMEOUT_MS);
});

describe("the Overview's cost", () => {
  it("gives dollars per million output tokens at the GPU's median catalog price, as the engine does, with a link to the Cost chapter carrying the scenario", async () => {
    await withPage("/index", async (page) => {
      await gotoSearch(page, "?model=qwen3-8b&gpu=a100-sxm-80gb&count=1&batch=8&prompt=1000&output=200");
      const median = priceSummary("a100-sxm-80gb").medianUsdPerGpuHour!;
      const r = engineResult({model: "qwen3-8b", hardware: {gpu: "a100-sxm-80gb", count: 1}, pricing: {usdPerGpuHour: median},
        workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 8, promptTokens: 1000, outputTokens: 200}});
      expect(await text(page, "usd-per-million-output")).toBe(formatUsd(r.cost!.usdPerMillionOutputTokens!));
      expect(await text(page, "overview-price")).toContain(`${formatUsd(median)} per GPU-hour`);
      const href = new URL((await page.locator("#cost-link").getAttribute("href"))!, page.url());
      expect(href.pathname).toMatch(/\/cost(\.html)?$/);
      expect(Object.fromEntries(href.searchParams)).toMatchObject({model: "qwen3-8b", gpu: "a100-sxm-80gb", batch: "8"});
    });
  }, PAGE_TIMEOUT_MS);
});
