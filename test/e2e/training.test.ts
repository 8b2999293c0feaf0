/**
 * The Training chapter in a real browser: the per-GPU memory figures, the memory bar, the
 * memory-versus-micro-batch chart and the ZeRO/layout chart react to the method, precision,
 * optimizer, micro-batch, sequence length, checkpointing and ZeRO stage; an impossible layout
 * shows the engine's message in place of the numbers and the page keeps working.
 */
import {afterAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {PAGE_TIMEOUT_MS, chooseRadio, closeSite, setNumberInput, waitForCells, withPage} from "./site.ts";

afterAll(closeSite, 60_000);

const text = (page: Page, id: string) => page.locator(`#${id}`).textContent();
const CHART_LABELS: Record<string, string> = {
  "memory-chart": "memory bar chart",
  "sweep-chart": "training memory versus",
  "zero-layouts-chart": "memory across ZeRO stages and parallel layouts"
};
const svgOf = (page: Page, container: string) =>
  page.locator(`#${container} svg[aria-label^="${CHART_LABELS[container]}"]`).first().evaluate((svg) => svg.outerHTML);
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

/** The figures and charts a change should move. */
async function snapshot(page: Page) {
  return {
    total: await text(page, "total-bytes"),
    bar: await svgOf(page, "memory-chart"),
    sweep: await svgOf(page, "sweep-chart"),
    layouts: await svgOf(page, "zero-layouts-chart")
  };
}

/** Waits until the total per-GPU memory differs from `before`, then checks the charts moved too. */
async function expectChanged(page: Page, before: Awaited<ReturnType<typeof snapshot>>, charts: ("bar" | "sweep" | "layouts")[]) {
  await expect.poll(() => text(page, "total-bytes")).not.toBe(before.total);
  const after = await snapshot(page);
  for (const chart of charts) expect(after[chart], `${chart} chart should redraw`).not.toBe(before[chart]);
  return after;
}

describe("the Training page", () => {
  it("counts 16 bytes per parameter for mixed-precision AdamW under DeepSpeed, and 18 under Megatron", async () => {
    await withPage("/training", async (page) => {
      // ZeRO paper §3.1: 2 + 2 + 12 bytes per parameter; Megatron-LM theoretical_memory_usage.py: 18.
      expect(await text(page, "bytes-per-param")).toBe("16.0");
      await chooseOption(page, "Framework profile", "megatron");
      await expect.poll(() => text(page, "bytes-per-param")).toBe("18.0");
      // The ZeRO paper's Figure 1 (7.5B parameters, 64 GPUs): 120 GB, 31.4 GB, 16.6 GB, 1.9 GB.
      expect(await text(page, "zero-paper-example")).toBe("120 GB → 31.4 GB → 16.6 GB → 1.88 GB");
      expect(await text(page, "verdict-text")).toMatch(/Fits/);
      for (const id of ["weights-bytes", "gradients-bytes", "optimizer-bytes", "activations-bytes", "logits-bytes", "overhead-bytes"]) {
        expect(await text(page, id)).toMatch(/^[\d.,]+ GB$/);
      }
      expect(Number(await text(page, "max-micro-batch"))).toBeGreaterThanOrEqual(1);
      expect(await text(page, "tokens-per-second-per-gpu")).toMatch(/^[\d.,]+ tokens\/s$/);
    }, {screenshot: "training-light"});
  }, PAGE_TIMEOUT_MS);

  it("looks right in the dark theme", async () => {
    await withPage("/training", async (page) => {
      expect(await text(page, "verdict-text")).toMatch(/Fits/);
    }, {colorScheme: "dark", screenshot: "training-dark"});
  }, PAGE_TIMEOUT_MS);

  it("recomputes the numbers and charts when the method, precision and optimizer change", async () => {
    await withPage("/training", async (page) => {
      let state = await snapshot(page);
      const fullOptimizer = gb(await text(page, "optimizer-bytes"));
      await chooseRadio(page, "Method", "LoRA");
      state = await expectChanged(page, state, ["bar", "sweep", "layouts"]);
      // Only the adapters (well under 1 % of the parameters) keep optimizer state.
      expect(gb(await text(page, "optimizer-bytes"))).toBeLessThan(fullOptimizer / 50);
      await chooseOption(page, "Precision", "fp32");
      state = await expectChanged(page, state, ["bar", "sweep", "layouts"]);
      await chooseRadio(page, "Method", "full");
      state = await expectChanged(page, state, ["bar", "sweep", "layouts"]);
      const adamOptimizer = gb(await text(page, "optimizer-bytes"));
      await chooseOption(page, "Optimizer", "sgd");
      state = await expectChanged(page, state, ["bar", "layouts"]);
      expect(gb(await text(page, "optimizer-bytes"))).toBe(0);
      expect(adamOptimizer).toBeGreaterThan(0);
    });
  }, PAGE_TIMEOUT_MS);

  it("recomputes when the micro-batch, the sequence length, the checkpointing and the ZeRO stage change", async () => {
    await withPage("/training", async (page) => {
      let state = await snapshot(page);
      const activations1 = gb(await text(page, "activations-bytes"));
      await setNumberInput(page, "Micro-batch", 2);
      state = await expectChanged(page, state, ["bar", "sweep", "layouts"]);
      // Activations are linear in the micro-batch (Korthikanti et al. 2022: s·b·h·(34 + 5as/h)); 2 % for rounding.
      expect(gb(await text(page, "activations-bytes")) / activations1).toBeCloseTo(2, 1);
      await setNumberInput(page, "Sequence length", 2048);
      state = await expectChanged(page, state, ["bar", "sweep", "layouts"]);
      const stored = await text(page, "stored-layer-bytes");
      await chooseRadio(page, "Checkpointing", "full");
      state = await expectChanged(page, state, ["bar", "layouts"]);
      expect(await text(page, "stored-layer-bytes")).not.toBe(stored);
      const optimizer3 = gb(await text(page, "optimizer-bytes"));
      await chooseRadio(page, "ZeRO stage", "0");
      state = await expectChanged(page, state, ["bar", "sweep"]);
      // ZeRO-3 over 8 replicas divides the optimizer state by 8 (ZeRO paper, Figure 1); 2 % for rounding.
      expect(gb(await text(page, "optimizer-bytes")) / optimizer3).toBeCloseTo(8, 1);
      await chooseRadio(page, "Sweep over", "sequence length");
      await expect.poll(() => page.locator('#sweep-chart svg[aria-label="training memory versus sequence length"]').count()).toBe(1);
    }, {screenshot: "training-changed"});
  }, PAGE_TIMEOUT_MS);

  it("keeps its state in the URL: a change lands in the address, and a link opens the page as its sender saw it", async () => {
    await withPage("/training", async (page, problems) => {
      await chooseRadio(page, "ZeRO stage", "1");
      await expect.poll(() => new URL(page.url()).searchParams.get("zero")).toBe("1");
      const link = new URL(page.url());
      link.search = "?method=lora&rank=8&targets=q_proj,v_proj&mb=2";
      await page.goto(link.href);
      await waitForCells(page);
      await expect.poll(() => page.locator("form").filter({has: page.locator("label", {hasText: "Method"})}).first()
        .locator("input:checked").evaluate((input) => (input.parentElement?.textContent ?? "").trim())).toBe("LoRA");
      // PEFT on Llama 3 8B, r = 8 on q_proj and v_proj: 32 · 8 · ((4096 + 4096) + (4096 + 1024)) = 3,407,872 trainable parameters.
      await expect.poll(() => text(page, "trainable-params")).toBe("3,407,872");
      expect(problems.pageErrors).toEqual([]);
    });
  }, PAGE_TIMEOUT_MS);

  it("shows the engine's message for an impossible layout, and recovers when the layout is fixed", async () => {
    await withPage("/training", async (page) => {
      const total = await text(page, "total-bytes");
      await setNumberInput(page, "Tensor parallel (TP)", 3);
      await expect.poll(() => text(page, "verdict-text")).toMatch(/Impossible layout/);
      const message = await text(page, "layout-message");
      expect(message).toMatch(/8 GPUs are not divisible by tensorParallel × pipelineParallel = 3 × 1 = 3/);
      expect(message).toMatch(/does not divide the 32 attention heads/);
      expect(await text(page, "total-bytes")).toBe("—");
      expect(await page.locator(`#zero-layouts-chart svg[aria-label="${CHART_LABELS["zero-layouts-chart"]}"]`).textContent()).toMatch(/impossible layout/);
      await setNumberInput(page, "Tensor parallel (TP)", 2);
      await expect.poll(() => text(page, "verdict-text")).toMatch(/Fits|Does not fit/);
      expect(await text(page, "total-bytes")).not.toBe(total);
      expect(await page.locator("#layout-message").count()).toBe(0);
    }, {screenshot: "training-impossible"});
  }, PAGE_TIMEOUT_MS);
});
