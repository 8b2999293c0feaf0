/**
 * One door (issue 8), in a real browser: the scenario follows the reader from chapter to
 * chapter, and a page shows the command's figures for its scenario (downloaded and run through
 * the command's code path), or the command's refusal with the nearest setup that runs.
 */
import {readFileSync} from "node:fs";
import type {Page} from "playwright-core";
import {afterAll, describe, expect, it} from "vitest";
import {formatBytes, formatCount, formatFlop, formatInteger, formatNumber, formatSeconds, formatTokensPerSecond, formatUsd} from "../../src/components/units.ts";
import type {Result} from "../../lib/scenario.ts";
import {PAGE_TIMEOUT_MS, closeSite, waitForCells, withPage} from "./site.ts";
import {engineResult, gotoSearch, text} from "./pageHelpers.ts";
import {spawnSync} from "node:child_process";
import {ROOT} from "./site.ts";

/** `npm run estimate -- -` as the npm script runs it (tsx), the scenario on standard input. */
function runCommand(scenario: unknown) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", "-"], {cwd: ROOT, input: JSON.stringify(scenario), encoding: "utf8", timeout: 60_000});
  return {status: run.status, stdout: run.stdout, stderr: run.stderr};
}

afterAll(closeSite, 60_000);

/** Clicks a sidebar link by its text and waits for the next chapter's cells. */
async function followSidebar(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForEvent("load"), page.locator("#observablehq-sidebar a", {hasText: new RegExp(`^\\s*${name}\\s*$`)}).first().click()]);
  await waitForCells(page);
}

/** The scenario file a page's "Download scenario" button gives. */
async function downloadedScenario(page: Page): Promise<unknown> {
  const button = page.locator(".download-scenario a").first();
  await button.scrollIntoViewIfNeeded();
  const [file] = await Promise.all([page.waitForEvent("download"), button.click()]);
  return JSON.parse(readFileSync((await file.path())!, "utf-8"));
}

describe("the scenario follows the reader", () => {
  it("shows Llama 3.1 70B on an RTX 4090 in Inference after the Overview was set to it and the sidebar link clicked", async () => {
    await withPage("/index", async (page) => {
      await page.getByLabel("Model", {exact: true}).selectOption("llama-3.1-70b");
      await page.getByLabel("GPU", {exact: true}).selectOption("rtx-4090");
      await expect.poll(() => new URL(page.url()).searchParams.get("gpu")).toBe("rtx-4090");
      await followSidebar(page, "Inference");
      expect(new URL(page.url()).pathname).toMatch(/\/inference(\.html)?$/);
      expect(await page.getByLabel("Model", {exact: true}).inputValue()).toBe("llama-3.1-70b");
      expect(await page.getByLabel("GPU", {exact: true}).inputValue()).toBe("rtx-4090");
      // And the figures are the engine's for 70B on a 4090, not the default 8B on an H100.
      const r = engineResult({model: "llama-3.1-70b", hardware: {gpu: "rtx-4090", count: 1},
        workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256}});
      expect(await text(page, "decode-tokens-per-second")).toBe(formatTokensPerSecond(r.inference!.decodeTokensPerSecond));
    });
  }, PAGE_TIMEOUT_MS);

  it("carries the count, formats and workload through the pager, and the model and GPU to Training", async () => {
    await withPage("/inference", async (page) => {
      await gotoSearch(page, "?model=qwen3-8b&gpu=a100-sxm-80gb&count=2&engine=sglang&weights=fp8&kv=fp8&batch=16&prompt=2000&output=300&unit=GiB");
      // The pager's "next" link goes to the KV cache chapter.
      await Promise.all([page.waitForEvent("load"), page.locator(".observablehq-pager a[rel=next], nav a[rel=next]").first().click()]);
      await waitForCells(page);
      const url = new URL(page.url());
      expect(url.pathname).toMatch(/kv-cache/);
      expect(Object.fromEntries(url.searchParams)).toMatchObject({model: "qwen3-8b", gpu: "a100-sxm-80gb", count: "2", engine: "sglang",
        weights: "fp8", kv: "fp8", batch: "16", prompt: "2000", output: "300", unit: "GiB"});
      expect(await page.getByLabel("Batch (sequences)").first().inputValue()).toBe("16");
      await followSidebar(page, "Training");
      const training = new URL(page.url()).searchParams;
      // Training reads only the model and the hardware of the scenario; its own inputs stay its own.
      expect([...training.keys()].sort()).toEqual(expect.arrayContaining(["count", "gpu", "model", "unit"]));
      expect(training.get("batch")).toBeNull();
      expect(await page.getByLabel("Model", {exact: true}).inputValue()).toBe("qwen3-8b");
      expect(await page.getByLabel("GPU", {exact: true}).inputValue()).toBe("a100-sxm-80gb");
    });
  }, PAGE_TIMEOUT_MS);

  it("starts a chapter opened without a link from the scenario the reader left", async () => {
    await withPage("/index", async (page) => {
      await page.getByLabel("Model", {exact: true}).selectOption("qwen3-8b");
      await expect.poll(() => new URL(page.url()).searchParams.get("model")).toBe("qwen3-8b");
      const url = new URL(page.url());
      url.pathname = "/cost.html";
      url.search = "";
      await page.goto(url.href);
      await waitForCells(page);
      expect(await page.getByLabel("Model", {exact: true}).first().inputValue()).toBe("qwen3-8b");
    });
  }, PAGE_TIMEOUT_MS);
});

describe("the page, its downloaded scenario and the command agree", () => {
  const CASES: {path: string; search: string; ids: Record<string, (r: ReturnType<typeof engineResult>, unit: "GB" | "GiB") => string>}[] = [
    {path: "/index", search: "", ids: {
      "decode-tokens-per-second": (r) => formatTokensPerSecond(r.inference!.decodeTokensPerSecond),
      "throughput-tokens-per-second": (r) => formatTokensPerSecond(r.inference!.throughputTokensPerSecond),
      "time-to-first-token": (r) => formatSeconds(r.inference!.timeToFirstTokenSeconds),
      "total-bytes": (r, unit) => formatBytes(r.memory.totalBytes, {unit, scale: "fixed"}),
      "kv-cache-bytes": (r, unit) => formatBytes(r.memory.kvCacheBytes, {unit, scale: "fixed"}),
      "usd-per-million-output": (r) => formatUsd(r.cost!.usdPerMillionOutputTokens!)}},
    {path: "/index", search: "?model=mixtral-8x7b&gpu=l40s&count=2&engine=sglang&weights=fp8&kv=fp8&batch=12&prompt=3000&output=500&unit=GiB", ids: {
      "decode-tokens-per-second": (r) => formatTokensPerSecond(r.inference!.decodeTokensPerSecond),
      "total-bytes": (r, unit) => formatBytes(r.memory.totalBytes, {unit, scale: "fixed"})}},
    {path: "/inference", search: "", ids: {
      "decode-step": (r) => formatSeconds(r.inference!.decodeStepSeconds as number),
      "prefill-seconds": (r) => formatSeconds(r.inference!.prefillSeconds),
      "time-to-first-token": (r) => formatSeconds(r.inference!.timeToFirstTokenSeconds)}},
    {path: "/inference", search: "?model=qwen3-30b-a3b&gpu=rtx-4090&count=1&engine=llama.cpp&weights=q4_k_m&kv=q8_0&batch=3&prompt=700&output=90&unit=GB", ids: {
      "decode-step": (r) => formatSeconds(r.inference!.decodeStepSeconds as number),
      "max-batch-size": (r) => new Intl.NumberFormat("en-US").format(r.inference!.maxBatchSize)}}
  ];

  for (const c of CASES) {
    it(`shows on ${c.path}${c.search ? " (a link)" : " (its defaults)"} what estimate() and the command give for its downloaded scenario`, async () => {
      await withPage(c.path, async (page) => {
        if (c.search) await gotoSearch(page, c.search);
        const scenario = await downloadedScenario(page);
        const direct = engineResult(scenario);
        const command = runCommand(scenario);
        expect(command.status).toBe(0);
        const printed = JSON.parse(command.stdout);
        expect(printed).toEqual(JSON.parse(JSON.stringify(direct)));
        const unit = (new URL(page.url()).searchParams.get("unit") ?? "GB") as "GB" | "GiB";
        for (const [id, shown] of Object.entries(c.ids)) expect(`${id}: ${await text(page, id)}`).toBe(`${id}: ${shown(direct, unit)}`);
      });
    }, PAGE_TIMEOUT_MS);
  }
});

/** The scenario file of the download link inside `container`. */
async function downloadedFrom(page: Page, container: string): Promise<unknown> {
  const link = page.locator(`${container} a.download-scenario-link, ${container} .download-scenario a`).first();
  await link.scrollIntoViewIfNeeded();
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return JSON.parse(readFileSync((await file.path())!, "utf-8"));
}

/** `npm run estimate -- --plan -` on a plan request. */
function runPlanCommand(request: unknown) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", "--plan", "-"], {cwd: ROOT, input: JSON.stringify(request), encoding: "utf8", timeout: 120_000});
  return {status: run.status, stdout: run.stdout, stderr: run.stderr};
}

const ms = (seconds: number) => `${formatNumber(seconds * 1e3)} ms`;

describe("the Training, Cost (training), Serving and Planner chapters show the command's figures for the file they download", () => {
  const CASES: {path: string; search: string; container: string; ids: Record<string, (r: Result) => string>}[] = [
    {path: "/training", search: "", container: "#training-scenario-download", ids: {
      "total-bytes": (r) => formatBytes(r.memory.totalBytes, {unit: "GB", scale: "fixed"}),
      "optimizer-bytes": (r) => formatBytes(r.memory.optimizerBytes, {unit: "GB", scale: "fixed"}),
      "tokens-per-second-per-gpu": (r) => formatTokensPerSecond(r.training!.tokensPerSecondPerGpu),
      "gpu-hours": (r) => formatInteger(r.training!.gpuHours),
      "wall-clock": (r) => formatSeconds(r.training!.wallClockSeconds)}},
    {path: "/training", search: "?model=qwen3-8b&gpu=a100-sxm-80gb&count=4&method=lora&rank=32&mb=2&seq=2048&zero=2&framework=torchtune&price=3.5&tokens=12",
      container: "#training-scenario-download", ids: {
        "total-bytes": (r) => formatBytes(r.memory.totalBytes, {unit: "GB", scale: "fixed"}),
        "gpu-hours": (r) => formatInteger(r.training!.gpuHours),
        "wall-clock": (r) => formatSeconds(r.training!.wallClockSeconds)}},
    {path: "/cost", search: "", container: "#training-scenario-download", ids: {
      "training-flops": (r) => formatFlop(r.training!.totalFlops),
      "training-gpu-hours": (r) => formatCount(r.training!.gpuHours),
      "training-wall-clock": (r) => formatSeconds(r.training!.wallClockSeconds),
      "training-usd": (r) => formatUsd(r.cost!.trainingUsd!)}},
    {path: "/serving", search: "", container: "", ids: {
      "serving-ttft": (r) => ms(r.inference!.serving!.timeToFirstTokenSeconds),
      "serving-tpot": (r) => ms(r.inference!.serving!.timePerOutputTokenSeconds),
      "serving-tput": (r) => formatNumber(r.inference!.serving!.outputTokensPerSecondPerGpu),
      "serving-usd": (r) => formatUsd(r.cost!.usdPerMillionOutputTokens!)}}
  ];

  for (const c of CASES) {
    it(`shows on ${c.path}${c.search ? " (a link)" : " (its defaults)"} what estimate() and the command give for its downloaded scenario`, async () => {
      await withPage(c.path, async (page) => {
        if (c.search) await gotoSearch(page, c.search);
        const scenario = await downloadedFrom(page, c.container);
        const command = runCommand(scenario);
        expect(command.status, command.stderr).toBe(0);
        const printed = JSON.parse(command.stdout) as Result;
        expect(printed).toEqual(JSON.parse(JSON.stringify(engineResult(scenario))));
        for (const [id, shown] of Object.entries(c.ids)) expect(`${id}: ${await text(page, id)}`).toBe(`${id}: ${shown(printed)}`);
      });
    }, PAGE_TIMEOUT_MS);
  }

  it("shows on /planner the cheapest plan and the counts the command gives for its downloaded plan request", async () => {
    await withPage("/planner", async (page) => {
      await gotoSearch(page, "?model=llama-3.1-8b&gpus=h100-sxm,l40s,a100-sxm-80gb&concurrency=16&tpot=60");
      const request = await downloadedFrom(page, "#plan-download");
      const command = runPlanCommand(request);
      expect(command.status, command.stderr).toBe(0);
      const plan = JSON.parse(command.stdout) as {serving: {rows: {rank: number | null; usdPerMillionOutputTokens: number}[];
        counts: {configurations: number; fitting: number; meetingTargets: number}}};
      const best = plan.serving.rows.find((r) => r.rank === 1)!;
      expect(await text(page, "cheapest-plan")).toContain(formatUsd(best.usdPerMillionOutputTokens));
      expect(await text(page, "count-tried")).toBe(formatInteger(plan.serving.counts.configurations));
      expect(await text(page, "count-fitting")).toBe(formatInteger(plan.serving.counts.fitting));
      expect(await text(page, "count-meeting")).toBe(formatInteger(plan.serving.counts.meetingTargets));
    });
  }, PAGE_TIMEOUT_MS);
});

describe("a setup that cannot run, opened by link", () => {
  const base = {model: "llama-3.1-8b", hardware: {gpu: "h100-sxm", count: 1},
    workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256}};
  const REFUSED: {what: string; path: string; search: string; scenario: unknown; field: string}[] = [
    {what: "AWQ weights in llama.cpp", path: "/index", search: "?engine=llama.cpp&weights=awq-int4&kv=fp16", field: "workload.weights",
      scenario: {...base, workload: {...base.workload, engine: "llama.cpp", weights: "awq-int4", kvCache: "fp16"}}},
    {what: "FP8 weights on a T4", path: "/inference", search: "?gpu=t4&weights=fp8", field: "workload.weights",
      scenario: {...base, hardware: {gpu: "t4", count: 1}, workload: {...base.workload, weights: "fp8"}}},
    {what: "vLLM on an Apple M2 Ultra", path: "/kv-cache", search: "?gpu=apple-m2-ultra", field: "workload.engine",
      scenario: {...base, hardware: {gpu: "apple-m2-ultra", count: 1}}}
  ];

  for (const c of REFUSED) {
    it(`shows the command's refusal of ${c.what} on ${c.path}, naming ${c.field}, and offers a nearest setup that runs when clicked`, async () => {
      await withPage(c.path, async (page) => {
        const command = runCommand(c.scenario);
        expect(command.status).toBe(2);
        expect(command.stdout).toBe("");
        const messages = command.stderr.trim().split("\n");
        expect(messages.some((m) => m.startsWith(`${c.field}: `)), command.stderr).toBe(true);
        await gotoSearch(page, c.search);
        const box = page.locator("#scenario-refusal");
        await expect.poll(() => box.isVisible()).toBe(true);
        expect(await box.locator(".refusal-messages li").allTextContents()).toEqual(messages);
        const choice = box.locator(".refusal-choice").first();
        expect(await choice.count()).toBe(1);
        // The hidden figures stay hidden while the refusal shows.
        await Promise.all([page.waitForEvent("load"), choice.click()]);
        await waitForCells(page);
        expect(await page.locator("#scenario-refusal").isVisible()).toBe(false);
        // The page now runs the choice: its downloaded scenario is one the command answers, and its figures are the command's.
        const scenario = await downloadedScenario(page);
        const answered = runCommand(scenario);
        expect(answered.status, answered.stderr).toBe(0);
        const r = JSON.parse(answered.stdout) as Result;
        const shown = c.path === "/kv-cache" ? null : await text(page, "time-to-first-token");
        if (shown !== null) expect(shown).toBe(formatSeconds(r.inference!.timeToFirstTokenSeconds));
        expect(JSON.stringify(scenario)).not.toBe(JSON.stringify(c.scenario));
      });
    }, PAGE_TIMEOUT_MS);
  }
});
