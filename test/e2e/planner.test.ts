/**
 * The Planner page in a real browser: the ranked table and the Pareto chart come from the
 * engine's planner, re-rank and redraw when the model, the token counts, the latency targets
 * or the mode change, and the table sorts by any column. How fast it redraws is measured in
 * `npm run bench` (bench/explorer.ts), not here.
 */
import {afterAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {PAGE_TIMEOUT_MS, chooseRadio, closeSite, setNumberInput, withPage} from "./site.ts";
import {columnNumbers, columnTexts, downloadJson, gotoSearch} from "./tableHelpers.ts";
import {planScenario} from "../../lib/planner.ts";
import {planToTarget} from "../../lib/planner/servingTarget.ts";
import {resolveModel} from "../../lib/resolve.ts";
import {GPU_CATALOG} from "../../lib/catalog/index.ts";
import {gpusInWords} from "../../src/components/paretoChart.ts";
import {formatInteger, formatNumber, formatUsd} from "../../src/components/units.ts";
import {text} from "./pageHelpers.ts";

afterAll(closeSite, 60_000);

const GPU_COUNT = GPU_CATALOG.length;

const SERVING_CHART = "serving cost versus time per output token";
const TRAINING_CHART = "training cost versus wall-clock time";
const firstRow = (page: Page) => page.locator("#plan-table tbody tr").first().textContent();
const chartSvg = (page: Page, label: string) => page.locator(`#pareto-chart svg[aria-label="${label}"]`).first().evaluate((svg) => svg.outerHTML);
/** "1,490" → 1490 */
const count = async (page: Page, id: string) => Number((await text(page, id))!.replace(/,/g, ""));

/** The table's first row and the chart's SVG, to tell that both were redrawn. */
const drawn = (page: Page) => page.evaluate(() => ({
  row: document.querySelector("#plan-table tbody tr")?.textContent ?? "",
  chart: document.querySelector("#pareto-chart svg[aria-label]")?.outerHTML ?? ""
}));

/** Runs `change` and waits until the table's first row and the chart have both changed. */
async function changeAndRedraw(page: Page, change: () => Promise<void>): Promise<void> {
  const before = await drawn(page);
  await change();
  await expect.poll(async () => {
    const now = await drawn(page);
    return now.row !== before.row && now.chart !== before.chart;
  }, {timeout: 30_000}).toBe(true);
}

describe("the Planner page", () => {
  it("says at once when prompt + output pass the model's trained context, and says nothing below it", async () => {
    await withPage("/planner?output=398000", async (page) => {
      // Llama 3.1 8B: max_position_embeddings 131,072; 1,024 + 398,000 tokens asked.
      await expect.poll(() => text(page, "context-beyond-model")).toMatch(/^Prompt \+ output = 399,024 tokens, past the 131,072 tokens this model was trained for/);
    });
    await withPage("/planner", async (page) => {
      expect(await text(page, "cheapest-plan")).toBeTruthy();
      expect(((await text(page, "context-beyond-model")) ?? "").trim()).toBe("");
    });
  }, PAGE_TIMEOUT_MS);

  it("ranks serving plans for Llama 3.1 8B: the cheapest first, counts that add up, the front drawn", async () => {
    await withPage("/planner", async (page) => {
      expect(await text(page, "cheapest-plan")).toMatch(/^.+ in [\w-]+: \$[\d.,]+ per million output tokens$/);
      const tried = await count(page, "count-tried");
      const priced = await count(page, "count-priced");
      const fitting = await count(page, "count-fitting");
      const meeting = await count(page, "count-meeting");
      expect(tried).toBeGreaterThanOrEqual(priced);
      expect(priced).toBeGreaterThanOrEqual(fitting);
      expect(fitting).toBeGreaterThanOrEqual(meeting);
      expect(meeting).toBeGreaterThan(0);
      const table = page.locator("#plan-table table");
      expect((await columnNumbers(table, "#"))[0]).toBe(1);
      // Ranked rows come cheapest first.
      const usd = (await page.locator("#plan-table tbody tr.meets").evaluateAll((trs) => trs.map((tr) => tr.children[7]!.textContent!)))
        .map((t) => Number(t.replace(/[$,]/g, "")));
      expect(usd.length).toBeGreaterThan(1);
      for (let i = 1; i < usd.length; i++) expect(usd[i]).toBeGreaterThanOrEqual(usd[i - 1]!);
      await expect.poll(() => page.locator(`#pareto-chart svg[aria-label="${SERVING_CHART}"] g[aria-description="Pareto front"] circle`).count())
        .toBeGreaterThan(0);
      expect(await page.locator("#plan-table thead th").allTextContents()).toEqual(expect.arrayContaining(["TPOT (ms)", "TTFT (s)",
        "$ per M output tokens", "Price basis (offers, dates)"]));
    }, {screenshot: "planner-light"});
  }, PAGE_TIMEOUT_MS);

  it("looks right in the dark theme", async () => {
    await withPage("/planner", async (page) => {
      expect(await text(page, "cheapest-plan")).toMatch(/per million output tokens/);
    }, {colorScheme: "dark", screenshot: "planner-dark"});
  }, PAGE_TIMEOUT_MS);

  it("sorts the table by a clicked column, and reverses on a second click", async () => {
    await withPage("/planner", async (page) => {
      const table = page.locator("#plan-table table");
      const button = page.locator('#plan-table th[data-key="tpot"] button');
      await button.click();
      const up = await columnNumbers(table, "TPOT (ms)");
      expect(up.length).toBeGreaterThan(1);
      for (let i = 1; i < up.length; i++) expect(up[i]).toBeGreaterThanOrEqual(up[i - 1]!);
      await button.click();
      const down = await columnNumbers(table, "TPOT (ms)");
      for (let i = 1; i < down.length; i++) expect(down[i]).toBeLessThanOrEqual(down[i - 1]!);
      expect(down[0]).toBeGreaterThan(up[0]!);
    });
  }, PAGE_TIMEOUT_MS);

  it("re-ranks and redraws when the model, the token counts or the targets change", async () => {
    await withPage("/planner", async (page) => {
      let cheapest = await text(page, "cheapest-plan");
      const fitting8b = await count(page, "count-fitting");

      await changeAndRedraw(page, async () => {
        await page.locator(".model-input select").first().selectOption("llama-3.1-70b");
      });
      await expect.poll(() => text(page, "cheapest-plan")).not.toBe(cheapest);
      // 70B parameters need more memory than 8B: fewer configurations fit.
      expect(await count(page, "count-fitting")).toBeLessThan(fitting8b);
      cheapest = await text(page, "cheapest-plan");

      await changeAndRedraw(page, () => setNumberInput(page, "Output tokens", 2048));
      await changeAndRedraw(page, () => setNumberInput(page, "Prompt tokens", 8192));

      const meetingLoose = await count(page, "count-meeting");
      const row = await firstRow(page);
      // A limit at half the cheapest plan's time per token rules that plan out: the ranking must change.
      const cheapestTpot = (await columnNumbers(page.locator("#plan-table table"), "TPOT (ms)"))[0]!;
      await changeAndRedraw(page, () => setNumberInput(page, "Max time per output token", Math.round(cheapestTpot * 5) / 10));
      expect(await firstRow(page)).not.toBe(row);
      // A tighter latency limit never admits more plans.
      expect(await count(page, "count-meeting")).toBeLessThanOrEqual(meetingLoose);
    }, {screenshot: "planner-changed"});
  }, PAGE_TIMEOUT_MS);

  it("plans training: total dollars against days, re-ranked when the deadline and tokens change", async () => {
    await withPage("/planner", async (page) => {
      await changeAndRedraw(page, () => chooseRadio(page, "Plan for", "training"));
      await expect.poll(() => text(page, "cheapest-plan")).toMatch(/^.+: \$[\d.,]+ ?[MB]? in [\d.,]+ days$/);
      expect(await page.locator(`#pareto-chart svg[aria-label="${TRAINING_CHART}"]`).count()).toBe(1);
      expect(await page.locator("#plan-table thead th").allTextContents()).toEqual(expect.arrayContaining(["Total ($)", "Wall-clock (days)"]));
      const svg = await chartSvg(page, TRAINING_CHART);
      const meeting = await count(page, "count-meeting");
      await setNumberInput(page, "Deadline", 1);
      await expect.poll(() => count(page, "count-meeting")).toBeLessThan(meeting);
      await changeAndRedraw(page, () => setNumberInput(page, "Training tokens", 20));
      expect(await chartSvg(page, TRAINING_CHART)).not.toBe(svg);
    }, {screenshot: "planner-training"});
  }, PAGE_TIMEOUT_MS);

  it("keeps its question in the URL: a reloaded link shows the same plan", async () => {
    await withPage("/planner", async (page) => {
      const before = await text(page, "cheapest-plan");
      await setNumberInput(page, "Output tokens", 2048);
      await expect.poll(() => text(page, "cheapest-plan")).not.toBe(before);
      await chooseRadio(page, "Load", "cheapest batch");
      await expect.poll(() => page.url()).toMatch(/load=cheapest/);
      const plan = await text(page, "cheapest-plan");
      expect(page.url()).toMatch(/output=2048/);
      await page.goto(page.url());
      await expect.poll(() => text(page, "cheapest-plan"), {timeout: 30_000}).toBe(plan);
    });
  }, PAGE_TIMEOUT_MS);
});

describe("the Planner's link and plan file", () => {
  const checked = (page: Page, name: string) => page.locator("form").filter({has: page.locator("label", {hasText: name})}).first()
    .locator("input[type=checkbox]:checked").evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));

  it("keeps the GPUs and formats ticked in the link, and a fresh load of it shows the same plan and the same plan file", async () => {
    const link = "?model=llama-3.1-8b&mode=serving&prompt=2048&output=512&load=concurrency&concurrency=16&tpot=40&ttft=0&gpus=l40s,a100-sxm-80gb,h100-sxm&formats=bf16,fp8,awq-int4";
    const seen = async (page: Page) => ({plan: await text(page, "cheapest-plan"), row: await firstRow(page), counts: await Promise.all(["count-tried", "count-priced", "count-fitting", "count-meeting"].map((id) => text(page, id)))});
    const first = await withPage("/planner", async (page) => {
      await gotoSearch(page, link);
      await expect(page.locator("details.gpu-choice").getAttribute("open")).resolves.not.toBeNull();
      const gpuBoxes = await checked(page, "GPUs");
      expect(gpuBoxes).toHaveLength(3);
      expect(await checked(page, "Weight formats")).toHaveLength(3);
      const {name, json} = await downloadJson(page, "#plan-download");
      expect(name).toBe("plan-serving-llama-3.1-8b.json");
      const {gpus, ...rest} = json.plan as {gpus: string[]};
      expect(rest).toEqual({concurrency: 16, maxTimePerOutputTokenSeconds: 0.04, weightFormats: ["bf16", "fp8", "awq-int4"]});
      expect([...gpus].sort()).toEqual(["a100-sxm-80gb", "h100-sxm", "l40s"]);
      // The command plans the file to the plan the page shows at the top.
      const out = planScenario(json);
      if (!out.ok) throw new Error(out.errors.join("; "));
      const top = out.plan.serving!.rows.find((r) => r.rank === 1)!;
      const shown = await seen(page);
      expect(shown.plan).toBe(`${gpusInWords(top)} in ${top.weights}: ${formatUsd(top.usdPerMillionOutputTokens ?? NaN)} per million output tokens`);
      // Ticking a GPU off writes the narrower list into the link.
      await page.locator("form").filter({has: page.locator("label", {hasText: "GPUs"})}).first().locator("label")
        .filter({hasText: new RegExp(`^\\s*${GPU_CATALOG.find((g) => g.id === "l40s")!.name.replace(/[()]/g, "\\$&")}\\b`)}).locator("input").uncheck();
      await expect.poll(() => new URL(page.url()).searchParams.get("gpus")?.split(",").sort()).toEqual(["a100-sxm-80gb", "h100-sxm"]);
      return {shown, file: json};
    });
    const again = await withPage("/planner", async (page) => {
      await gotoSearch(page, link);
      return {shown: await seen(page), file: (await downloadJson(page, "#plan-download")).json};
    });
    expect(again).toEqual(first);
  }, 2 * PAGE_TIMEOUT_MS);

  it("downloads a training question that the command plans to the page's cheapest plan", async () => {
    await withPage("/planner", async (page) => {
      await gotoSearch(page, "?mode=training&tokens=50&deadline=90&gpus=h100-sxm,a100-sxm-80gb");
      const {json} = await downloadJson(page, "#plan-download");
      expect(json.workload).toMatchObject({type: "training", trainingTokens: 50e9});
      const {gpus, ...rest} = json.plan as {gpus: string[]};
      expect(rest).toEqual({deadlineSeconds: 90 * 86400});
      expect([...gpus].sort()).toEqual(["a100-sxm-80gb", "h100-sxm"]);
      const out = planScenario(json);
      if (!out.ok) throw new Error(out.errors.join("; "));
      const best = out.plan.training!.rows.find((r) => r.meetsDeadline)!;
      expect(await text(page, "cheapest-plan")).toBe(`${gpusInWords(best)}: ${formatUsd(best.totalUsd)} in ${formatNumber(best.wallClockSeconds / 86400)} days`);
    });
  }, PAGE_TIMEOUT_MS);

  it("opens a garbage link with the defaults and a note per bad setting, and still plans", async () => {
    await withPage("/planner", async (page) => {
      await gotoSearch(page, "?gpus=zz,%3Cx%3E&formats=none-of-these&mode=flying&tpot=fast&h100=1");
      const notes = await page.locator(".state-notes li").allTextContents();
      expect(notes).toHaveLength(5);
      expect(notes).toContain("mode=flying is not mode; using serving");
      expect(notes.some((n) => n.startsWith("gpus=zz,<x> names no catalog GPU; using all"))).toBe(true);
      expect(await checked(page, "GPUs")).toHaveLength(GPU_COUNT);
      expect(await text(page, "cheapest-plan")).toMatch(/per million output tokens$/);
      const {json} = await downloadJson(page, "#plan-download");
      expect(planScenario(json).ok).toBe(true);
    });
  }, PAGE_TIMEOUT_MS);

  it("plans from a link whose targets are finer than the inputs' arrows step (TPOT 0.01 ms, TTFT 5 ms, a 0.05-day deadline)", async () => {
    // A number input holding a value off its step is invalid, and an invalid Observable input
    // never gives the page a value: every cell after it waited forever (seen with ?tpot=0.01).
    await withPage("/planner", async (page) => {
      await gotoSearch(page, "?tpot=0.01&ttft=0.005");
      await expect.poll(() => page.locator("#target-plan").textContent(), {timeout: 60_000})
        .toBe("No configuration meets these targets under continuous batching.");
      expect(await text(page, "count-meeting")).toBe("0");
      await gotoSearch(page, "?mode=training&deadline=0.05");
      await expect.poll(() => text(page, "count-fitting"), {timeout: 60_000}).toMatch(/^[\d,]+$/);
      const invalid = await page.locator("main input:invalid").count();
      expect(invalid).toBe(0);
    });
  }, PAGE_TIMEOUT_MS);

  it("keeps a Download menu on its chart", async () => {
    await withPage("/planner", async (page) => {
      await expect(page.locator("#pareto-chart .export-menu button[data-format=csv]").count()).resolves.toBe(1);
    });
  }, PAGE_TIMEOUT_MS);
});

it("answers the latency targets under continuous batching with the planner to a target, every row within them", async () => {
  await withPage("/planner", async (page) => {
    const table = page.locator("#target-plan");
    await expect.poll(() => table.count(), {timeout: 60_000}).toBe(1);
    // The page's default targets: TTFT ≤ 2 s, TPOT ≤ 50 ms.
    const tpot = await columnNumbers(table, "TPOT ms");
    const ttft = await columnNumbers(table, "TTFT ms");
    expect(tpot.length).toBeGreaterThan(0);
    for (const x of tpot) expect(x).toBeLessThanOrEqual(50);
    for (const x of ttft) expect(x).toBeLessThanOrEqual(2000);
  });
}, PAGE_TIMEOUT_MS);

it("searches on workers of its own, and its target table shows the ten plans planToTarget ranks first for the page's question", async () => {
  await withPage("/planner", async (page) => {
    await gotoSearch(page, "?prompt=2000&output=300&concurrency=48&ttft=1.5&tpot=40");
    const table = page.locator("#target-plan");
    await expect.poll(() => table.locator("tbody tr").count(), {timeout: 60_000}).toBe(10);
    // Both searches ran in module workers (components/offThread.ts), not on the page's thread.
    expect(page.workers().map((w) => w.url()).filter((url) => /planWorker\.[0-9a-f]+\.js$/.test(url))).toHaveLength(2);
    const {json} = await downloadJson(page, "#plan-download");
    const workload = json.workload as {promptTokens: number; outputTokens: number; engine: "vllm"};
    expect(workload).toMatchObject({promptTokens: 2000, outputTokens: 300});
    const plan = planToTarget({arch: resolveModel(json.model as string).arch, engine: workload.engine, promptTokens: 2000, outputTokens: 300,
      gpus: GPU_CATALOG, concurrency: 48, targets: {maxTimeToFirstTokenSeconds: 1.5, maxTimePerOutputTokenSeconds: 0.04}});
    expect(await columnTexts(table, "$/M out")).toEqual(plan.rows.slice(0, 10).map((r) => formatUsd(r.usdPerMillionOutputTokensAllIn)));
    expect(await columnTexts(table, "weights")).toEqual(plan.rows.slice(0, 10).map((r) => r.weights));
    // The worker sends the ten cheapest; the table's caption still counts every plan that meets the targets.
    expect(await page.locator("#target-plan .plan-table-note").textContent()).toBe(`Showing 10 of ${formatInteger(plan.rows.length)} plans.`);
    expect(await page.locator("main p", {hasText: "configurations meet the targets"}).textContent())
      .toContain(`${formatInteger(plan.rows.length)} of ${formatInteger(plan.configurations)} configurations meet the targets`);
  });
}, PAGE_TIMEOUT_MS);
