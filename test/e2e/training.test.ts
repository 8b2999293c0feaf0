/**
 * The Training chapter in a real browser: the per-GPU memory figures, the memory bar, the
 * memory-versus-micro-batch chart and the ZeRO/layout chart react to the method, precision,
 * optimizer, micro-batch, sequence length, checkpointing and ZeRO stage; an impossible layout
 * shows the engine's message in place of the numbers and the page keeps working.
 */
import {readFileSync} from "node:fs";
import {TRAINING_PAGE_DEFAULTS, trainingScenarioOf} from "../../src/components/trainingState.ts";
import {afterAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {estimate} from "../../lib/estimate.ts";
import {validateScenario} from "../../lib/validate.ts";
import {BYTE_UNIT_STORAGE_KEY} from "../../src/components/byteUnitSwitch.ts";
import {formatBytes, formatFlop, formatInteger, formatSeconds, formatTokensPerSecond, formatUsd} from "../../src/components/units.ts";
import {PAGE_TIMEOUT_MS, chooseRadio, closeSite, setNumberInput, waitForCells, withPage} from "./site.ts";
import {text, gotoSearch, engineResult} from "./pageHelpers.ts";

afterAll(closeSite, 60_000);

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
      await chooseOption(page, "Trainer", "megatron");
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

  it("shows the command's message for an impossible layout, and recovers when the layout is fixed", async () => {
    await withPage("/training", async (page) => {
      const total = await text(page, "total-bytes");
      await setNumberInput(page, "Tensor parallel (TP)", 3);
      await expect.poll(() => text(page, "verdict-text")).toMatch(/Impossible layout/);
      const message = await text(page, "layout-message");
      // The page goes through estimate(), so it says what `npm run estimate` says: the scenario's validation refuses the count.
      expect(message).toMatch(/hardware\.count: got 8, expected a multiple of tensorParallel × pipelineParallel = 3/);
      const command = estimate(trainingScenarioOf({...TRAINING_PAGE_DEFAULTS, tp: 3}));
      expect(command.ok).toBe(false);
      for (const line of command.ok ? [] : command.errors) expect(message).toContain(line);
      expect(await text(page, "total-bytes")).toBe("—");
      expect(await page.locator(`#zero-layouts-chart svg[aria-label="${CHART_LABELS["zero-layouts-chart"]}"]`).textContent()).toMatch(/impossible layout/);
      await setNumberInput(page, "Tensor parallel (TP)", 2);
      await expect.poll(() => text(page, "verdict-text")).toMatch(/Fits|Does not fit/);
      expect(await text(page, "total-bytes")).not.toBe(total);
      expect(await page.locator("#layout-message").count()).toBe(0);
    }, {screenshot: "training-impossible"});
  }, PAGE_TIMEOUT_MS);
});

// ---------------------------------------------------------------------------------------
// Export and share: the link, Back, the scenario download and the chart menus.

/** The figures a reader sees (each "id: text"): a link must reproduce all of them. */
const FIGURE_IDS = ["verdict-text", "total-bytes", "weights-bytes", "gradients-bytes", "optimizer-bytes", "activations-bytes", "logits-bytes",
  "overhead-bytes", "max-micro-batch", "max-sequence-length", "bytes-per-param", "trainable-params", "flops-per-token",
  "tokens-per-second-per-gpu", "gpu-hours", "wall-clock", "chinchilla-tokens"];
const figures = (page: Page) => Promise.all(FIGURE_IDS.map(async (id) => `${id}: ${await text(page, id)}`));
const numberBox = (page: Page, label: string) =>
  page.locator("form").filter({has: page.locator("label", {hasText: label})}).locator("input[type=number]").first();



/** What the page shows for an engine result, in its unit. */
function shownFor(r: ReturnType<typeof engineResult>, unit: "GB" | "GiB") {
  return {
    total: formatBytes(r.memory.totalBytes, {unit, scale: "fixed"}),
    optimizer: formatBytes(r.memory.optimizerBytes, {unit, scale: "fixed"}),
    flopsPerToken: formatFlop(r.training!.flopsPerToken),
    perGpu: formatTokensPerSecond(r.training!.tokensPerSecondPerGpu),
    gpuHours: formatInteger(r.training!.gpuHours),
    wallClock: formatSeconds(r.training!.wallClockSeconds)
  };
}
async function shownOnPage(page: Page) {
  return {
    total: await text(page, "total-bytes"),
    optimizer: await text(page, "optimizer-bytes"),
    flopsPerToken: await text(page, "flops-per-token"),
    perGpu: await text(page, "tokens-per-second-per-gpu"),
    gpuHours: await text(page, "gpu-hours"),
    wallClock: await text(page, "wall-clock")
  };
}

describe("the Training page's link", () => {
  const SEARCH = "?model=qwen2.5-7b&gpu=a100-sxm-80gb&count=4&unit=GiB&method=lora&rank=32&targets=q_proj,k_proj,v_proj,o_proj,gate_proj" +
    "&precision=bf16-mixed&optimizer=adamw-8bit&framework=hf-trainer&mb=2&seq=2048&ga=4&ckpt=selective&flash=true&zero=2&tp=2&pp=1&ep=1" +
    "&sp=true&mfu=0.33&tokens=0.5&price=2.25&sweep=sequence%20length";
  // The same inputs as a scenario, written from the link's values (what the `estimate` command reads).
  const LINKED = {model: "qwen2.5-7b", hardware: {gpu: "a100-sxm-80gb", count: 4}, pricing: {usdPerGpuHour: 2.25},
    workload: {type: "training", method: "lora", precision: "bf16-mixed", optimizer: "adamw-8bit", framework: "hf-trainer",
      microBatchSize: 2, sequenceLength: 2048, gradientAccumulation: 4, activationCheckpointing: "selective", flashAttention: true,
      zeroStage: 2, tensorParallel: 2, pipelineParallel: 1, expertParallel: 1, sequenceParallel: true,
      lora: {rank: 32, targets: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj"]}, mfu: 0.33, goodput: 1, trainingTokens: 0.5e9}};

  it("opens a link with every input set to the engine's numbers for that scenario, the same on a second fresh load", async () => {
    const first = await withPage("/training", async (page) => {
      await gotoSearch(page, SEARCH);
      expect(await page.getByLabel("Model", {exact: true}).inputValue()).toBe("qwen2.5-7b");
      expect(await page.locator(".state-notes").isHidden()).toBe(true);
      expect(await numberBox(page, "Price ($ per GPU-hour)").inputValue()).toBe("2.25");
      await expect.poll(() => page.locator('#sweep-chart svg[aria-label="training memory versus sequence length"]').count()).toBe(1);
      expect(await shownOnPage(page)).toEqual(shownFor(engineResult(LINKED), "GiB"));
      return figures(page);
    });
    const again = await withPage("/training", async (page) => {
      await gotoSearch(page, SEARCH);
      return figures(page);
    });
    expect(again).toEqual(first);
  }, PAGE_TIMEOUT_MS);

  it("lets a link's unit win over the unit this browser remembers", async () => {
    await withPage("/training", async (page) => {
      await page.evaluate((key) => localStorage.setItem(key, "GB"), BYTE_UNIT_STORAGE_KEY);
      await gotoSearch(page, "?unit=GiB");
      expect(await text(page, "total-bytes")).toMatch(/ GiB$/);
      await gotoSearch(page, "");
      expect(await text(page, "total-bytes")).toMatch(/ GB$/);
    });
  }, PAGE_TIMEOUT_MS);

  it("opens a link with garbage in every parameter at the defaults, with one visible note per parameter", async () => {
    const defaults = await withPage("/training", (page) => figures(page));
    await withPage("/training", async (page) => {
      await gotoSearch(page, "?model=%00nope&gpu=%3Cb%3E&count=-1e999&unit=furlongs&method=magic&rank=NaN&targets=everything&precision=fp3" +
        "&optimizer=adam9&framework=jax&mb=lots&seq=%00&ga=x&ckpt=some&flash=maybe&zero=nine&tp=two&pp=[]&ep=abc&sp=2&mfu=high" +
        "&tokens=many&price=free&sweep=sideways&junk=1");
      const notes = await page.locator(".state-notes li").allTextContents();
      expect(notes).toHaveLength(25);
      expect(await page.locator(".state-notes").isVisible()).toBe(true);
      expect(notes).toContain("gpu=<b> is not a catalog GPU; using h100-sxm");
      expect(notes).toContain("junk=1 is not a setting of this page; ignored");
      expect(await figures(page)).toEqual(defaults);
    });
  }, PAGE_TIMEOUT_MS);

  it("writes each change to the URL, and Back restores the previous numbers and inputs", async () => {
    await withPage("/training", async (page) => {
      const before = await figures(page);
      await setNumberInput(page, "Micro-batch", 2);
      await expect.poll(() => new URL(page.url()).searchParams.get("mb")).toBe("2");
      await expect.poll(() => figures(page)).not.toEqual(before);
      const atTwo = await figures(page);
      // Changes closer together than 400 ms are one step back (a dragged slider); a reader pauses between inputs.
      await page.waitForTimeout(600);
      await chooseRadio(page, "Method", "LoRA");
      await expect.poll(() => new URL(page.url()).searchParams.get("method")).toBe("lora");
      const atLora = await figures(page);
      expect(atLora).not.toEqual(atTwo);
      await page.goBack();
      await expect.poll(() => figures(page)).toEqual(atTwo);
      expect(new URL(page.url()).searchParams.get("method")).toBe("full");
      await page.goBack();
      await expect.poll(() => figures(page)).toEqual(before);
      expect(await numberBox(page, "Micro-batch").inputValue()).toBe("1");
    });
  }, PAGE_TIMEOUT_MS);
});

describe("the Training page's downloads", () => {
  it("downloads a scenario with every key the page sets, which validates and estimates to the numbers on the page", async () => {
    await withPage("/training", async (page) => {
      await chooseRadio(page, "Method", "QLoRA");
      await setNumberInput(page, "LoRA rank", 8);
      await chooseOption(page, "Trainer", "pytorch");
      await chooseRadio(page, "Checkpointing", "full");
      await setNumberInput(page, "Price ($ per GPU-hour)", 3);
      await setNumberInput(page, "Training tokens (billions)", 2);
      await expect.poll(() => new URL(page.url()).searchParams.get("tokens")).toBe("2");
      const link = page.locator("#training-scenario-download .download-scenario a");
      expect(await link.textContent()).toBe("Download training scenario (JSON)");
      const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
      expect(file.suggestedFilename()).toBe("training-llama-3.1-8b-h100-sxm-8x-qlora.json");
      const json = JSON.parse(readFileSync((await file.path())!, "utf8"));
      // Every key the page sets is written out, not left to the command's defaults.
      expect(Object.keys(json.workload).sort()).toEqual(["activationCheckpointing", "expertParallel", "flashAttention", "framework", "goodput",
        "gradientAccumulation", "lora", "method", "mfu", "microBatchSize", "optimizer", "pipelineParallel", "precision", "sequenceLength",
        "sequenceParallel", "tensorParallel", "trainingTokens", "type", "zeroStage"]);
      expect(json).toMatchObject({model: "llama-3.1-8b", hardware: {gpu: "h100-sxm", count: 8}, pricing: {usdPerGpuHour: 3},
        workload: {method: "qlora", framework: "pytorch", activationCheckpointing: "full", lora: {rank: 8}, trainingTokens: 2e9}});
      const checked = validateScenario(json);
      expect(checked.ok, checked.ok ? "" : checked.errors.join("; ")).toBe(true);
      const r = engineResult(json);
      expect(await shownOnPage(page)).toEqual(shownFor(r, "GB"));
      expect(await page.locator("#gpu-hours + .muted").textContent()).toContain(formatUsd(r.cost!.trainingUsd!));
    });
  }, PAGE_TIMEOUT_MS);

  it("offers no file but the validator's reasons when the layout cannot run", async () => {
    await withPage("/training", async (page) => {
      await setNumberInput(page, "Tensor parallel (TP)", 3);
      await expect.poll(() => text(page, "verdict-text")).toMatch(/Impossible layout/);
      await expect.poll(() => page.locator("#training-scenario-download .download-scenario-invalid").textContent()).toMatch(/hardware\.count/);
      expect(await page.locator("#training-scenario-download a").count()).toBe(0);
    });
  }, PAGE_TIMEOUT_MS);

  it("keeps a Download menu on every chart", async () => {
    await withPage("/training", async (page) => {
      for (const id of ["memory-chart", "sweep-chart", "zero-layouts-chart"]) {
        await expect(page.locator(`#${id} .export-menu`).count(), id).resolves.toBe(1);
      }
      const menu = page.locator("#memory-chart .export-menu");
      await menu.scrollIntoViewIfNeeded();
      await menu.locator("summary").click();
      const [file] = await Promise.all([page.waitForEvent("download"), menu.locator("button[data-format=csv]").click()]);
      const lines = readFileSync((await file.path())!, "utf8").trimEnd().split("\r\n");
      expect(lines[0]).toBe("bar,component,bytes");
      expect(lines.length).toBeGreaterThan(3);
    });
  }, PAGE_TIMEOUT_MS);
});

describe("the Training page's trainers", () => {
  it("fits QLoRA of Llama 3.1 8B on one RTX 4090 with the trainers' default checkpointing, and says why without it", async () => {
    await withPage("/training", async (page) => {
      await gotoSearch(page, "?gpu=rtx-4090&count=1&method=qlora");
      await expect.poll(() => text(page, "verdict-text")).toBe("✓ Fits");
      // The trainers fit it in about 15 GB (issue 11); before, the page defaulted to no checkpointing and said 37.3 GB.
      expect(gb(await text(page, "total-bytes"))).toBeLessThan(16);
      const scenario = {model: "llama-3.1-8b", hardware: {gpu: "rtx-4090", count: 1}, workload: {type: "training", method: "qlora",
        framework: "deepspeed", microBatchSize: 1, sequenceLength: 4096, gradientAccumulation: 8, zeroStage: 3, mfu: 0.4}};
      expect(await text(page, "total-bytes")).toBe(formatBytes(engineResult(scenario).memory.totalBytes, {unit: "GB", scale: "fixed"}));
      await chooseRadio(page, "Checkpointing", "none");
      await expect.poll(() => text(page, "verdict-text")).toBe("✗ Does not fit");
    });
  }, PAGE_TIMEOUT_MS);

  it("follows the trainer picked: memory, the buffer chart and the step time move, each from the engine", async () => {
    await withPage("/training", async (page) => {
      await gotoSearch(page, "?gpu=rtx-4090&count=1&method=qlora&seq=16384&zero=0&framework=peft");
      const bufferSvg = () => page.locator('#buffer-chart svg[aria-label="training memory by buffer versus sequence length"]').first().evaluate((svg) => svg.outerHTML);
      await expect.poll(() => page.locator('#buffer-chart svg[aria-label="training memory by buffer versus sequence length"]').count()).toBe(1);
      const before = {total: await text(page, "total-bytes"), chart: await bufferSvg(), step: await text(page, "iteration-seconds")};
      expect(await text(page, "buffer-takeovers")).toMatch(/loss buffers \(logits\) from [\d,]+ tokens/);
      await chooseOption(page, "Trainer", "Unsloth");
      await expect.poll(() => text(page, "total-bytes")).not.toBe(before.total);
      expect(await bufferSvg()).not.toBe(before.chart);
      expect(await text(page, "iteration-seconds")).not.toBe(before.step);
      const trainer = {model: "llama-3.1-8b", hardware: {gpu: "rtx-4090", count: 1}, workload: {type: "training", method: "qlora", framework: "unsloth",
        microBatchSize: 1, sequenceLength: 16384, gradientAccumulation: 8, zeroStage: 0}};
      const r = engineResult(trainer);
      expect(await text(page, "iteration-seconds")).toBe(formatSeconds(r.training!.stepSeconds));
      expect(await text(page, "iteration-tokens-per-second")).toBe(formatTokensPerSecond(r.training!.tokensPerSecondPerGpu));
      expect(await text(page, "trainer-defaults")).toMatch(/^Unsloth as it runs by default: full checkpointing for QLoRA with the checkpoints offloaded to host memory/);
      for (const id of ["iteration-seconds", "iteration-tokens-per-second", "iteration-mfu", "iteration-dequant"]) {
        expect(await text(page, id), id).not.toMatch(/NaN|Infinity/);
      }
    });
  }, PAGE_TIMEOUT_MS);
});
