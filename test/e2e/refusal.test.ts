/**
 * An impossible setup on a page (issue 8): the page shows the command's refusal, word for word,
 * and offers the nearest setup that runs; no figures, NaN or stack trace for the impossible one.
 */
import {spawnSync} from "node:child_process";
import type {Page} from "playwright-core";
import {afterAll, describe, expect, it} from "vitest";
import {estimate} from "../../lib/estimate.ts";
import {PAGE_TIMEOUT_MS, ROOT, closeSite, waitForCells, withPage} from "./site.ts";
import {gotoSearch, text} from "./pageHelpers.ts";

afterAll(closeSite, 60_000);

/** What `npm run estimate` writes to standard error for a scenario, and its exit status. */
function commandRefusal(scenario: unknown): {status: number | null; lines: string[]} {
  const run = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", "-"], {cwd: ROOT, input: JSON.stringify(scenario), encoding: "utf8", timeout: 60_000});
  return {status: run.status, lines: run.stderr.trim().split("\n").filter((l) => l !== "")};
}

const scenarioOf = (q: Record<string, string | number>) => ({
  model: q.model ?? "llama-3.1-8b", hardware: {gpu: q.gpu ?? "h100-sxm", count: Number(q.count ?? 1)},
  workload: {type: "inference", engine: q.engine ?? "vllm", weights: q.weights ?? "bf16", kvCache: q.kv ?? "bf16",
    batchSize: Number(q.batch ?? 1), promptTokens: Number(q.prompt ?? 1024), outputTokens: Number(q.output ?? 256)}
});

const messages = (page: Page) => page.locator("#scenario-refusal .refusal-messages li").allTextContents();

const CASES: {what: string; path: string; query: Record<string, string>; field: string}[] = [
  {what: "AWQ weights in llama.cpp", path: "/index", query: {engine: "llama.cpp", weights: "awq-int4"}, field: "workload."},
  {what: "FP8 weights on a T4", path: "/inference", query: {gpu: "t4", weights: "fp8"}, field: "workload.weights"},
  {what: "vLLM on an Apple M2 Ultra", path: "/kv-cache", query: {gpu: "apple-m2-ultra", engine: "vllm"}, field: ""}
];

describe("a page refuses an impossible setup as the command does", () => {
  for (const c of CASES) {
    it(`shows the command's refusal of ${c.what} on ${c.path}, hides the figures, and switches to the nearest setup that runs`, async () => {
      await withPage(c.path, async (page) => {
        await gotoSearch(page, `?${new URLSearchParams(c.query)}`);
        const scenario = scenarioOf(c.query);
        const door = estimate(scenario);
        expect(door.ok, "the engine refuses this setup").toBe(false);
        const command = commandRefusal(scenario);
        expect(command.status).toBe(2);
        const shown = await messages(page);
        expect(shown).toEqual(door.ok ? [] : door.errors);
        expect(shown).toEqual(command.lines);
        expect(shown.join("\n")).toContain(c.field);
        // Nothing computed for the impossible setup is on view, and nothing unreadable anywhere.
        expect(await page.locator("#scenario-refusal").isVisible()).toBe(true);
        const visible = await page.locator("main").innerText();
        expect(visible).not.toMatch(/\bNaN\b|\bInfinity\b|\bundefined\b|Error:|at .*\.js:\d+/);
        // The nearest choice runs: following it shows figures and no refusal.
        const choice = page.locator("#scenario-refusal a.refusal-choice").first();
        expect(await choice.isVisible()).toBe(true);
        await Promise.all([page.waitForEvent("load"), choice.click()]);
        await waitForCells(page);
        expect(await page.locator("#scenario-refusal").isHidden()).toBe(true);
        const now = Object.fromEntries(new URL(page.url()).searchParams);
        expect(estimate(scenarioOf(now)).ok).toBe(true);
        if (c.path === "/index") expect(await text(page, "verdict-text")).toMatch(/Fits|Does not fit/);
      });
    }, PAGE_TIMEOUT_MS);
  }
});
