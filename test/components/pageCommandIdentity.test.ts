/**
 * The page/command identity (issue 8): for every chapter's default scenario and for random
 * scenarios, what a page computes, what its downloaded scenario gives through the `estimate`
 * command's code path, and what `estimate()` gives are the same figures, bit for bit.
 *
 * - the page: its link state → `scenarioOf` (scenarioState.ts) → `pageEstimate`, the function
 *   every chapter calls, whose `result` its figures are formatted from;
 * - the download: `scenarioJson(scenario)`, the bytes `downloadScenario` puts in its link;
 * - the command: bin/estimate.ts on that file (one spawn, an array of scenarios);
 * - the door: lib/estimate.ts `estimate()`.
 *
 * The link codec is checked on the way: a state written into a link reads back to the same state.
 */
import {spawnSync} from "node:child_process";
import {join} from "node:path";
import fc from "fast-check";
import {describe, expect, it} from "vitest";
import {GPU_IDS, MODEL_IDS} from "../../lib/catalog/index.ts";
import {estimate} from "../../lib/estimate.ts";
import {ENGINES, KV_FORMATS, WEIGHT_FORMATS} from "../../lib/formats.ts";
import type {Scenario} from "../../lib/scenario.ts";
import {DEFAULT_INFERENCE_SCENARIO, SCENARIO_LIMITS} from "../../lib/validate.ts";
import {scenarioJson} from "../../src/components/downloadScenario.ts";
import {pageEstimate, suggestedChoices} from "../../src/components/pageEstimate.ts";
import {
  CHAPTER_SCENARIO_KEYS, SCENARIO_BOUNDS, SCENARIO_STATE_DEFAULTS, parseScenarioQuery, scenarioDefaults, scenarioOf, scenarioQuery,
  type ScenarioState
} from "../../src/components/scenarioState.ts";
import {COST_PAGE_DEFAULTS} from "../../src/components/costState.ts";

const ROOT = join(import.meta.dirname, "..", "..");

/** Runs the command on an array of scenario files' contents; one result (or {errors}) per scenario. */
function command(files: string[]): unknown[] {
  const input = `[${files.map((f) => f.trim()).join(",")}]`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", "-"], {cwd: ROOT, input, encoding: "utf8", timeout: 120_000});
  if (run.status !== 0 && run.status !== 2) throw new Error(`estimate exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown[];
}

/** The figures of a result as JSON sees them (what a file or the command's standard output holds). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

const stateArb: fc.Arbitrary<ScenarioState> = fc.record({
  model: fc.constantFrom(...MODEL_IDS),
  gpu: fc.constantFrom(...GPU_IDS),
  count: fc.constantFrom(1, 2, 3, 4, 8),
  engine: fc.constantFrom(...ENGINES),
  weights: fc.constantFrom(...WEIGHT_FORMATS),
  kv: fc.constantFrom(...KV_FORMATS),
  batch: fc.integer({min: 1, max: 256}),
  prompt: fc.integer({min: 1, max: 131_072}),
  output: fc.integer({min: 1, max: 8192}),
  unit: fc.constantFrom("GB" as const, "GiB" as const)
});

describe("the scenario codec", () => {
  it("reads every state it writes back to the same state (catalog ids, formats, counts)", () => {
    fc.assert(fc.property(stateArb, (state) => {
      expect(parseScenarioQuery(scenarioQuery(state))).toEqual({values: state, notes: []});
    }), {numRuns: 200});
  });

  it("bounds the batch, the tokens and the GPU count as lib's validation does, and defaults to lib's scenario", () => {
    expect(SCENARIO_BOUNDS.batch.max).toBe(SCENARIO_LIMITS.batchSize);
    expect(SCENARIO_BOUNDS.prompt.max).toBe(SCENARIO_LIMITS.tokens);
    expect(scenarioOf(SCENARIO_STATE_DEFAULTS)).toEqual(DEFAULT_INFERENCE_SCENARIO);
    expect(parseScenarioQuery(`?batch=${SCENARIO_LIMITS.batchSize + 1}`).notes).toEqual([`batch=${SCENARIO_LIMITS.batchSize + 1} is above the maximum ${SCENARIO_LIMITS.batchSize}; using ${SCENARIO_LIMITS.batchSize}`]);
  });
});

describe("the page, its downloaded scenario, the command and estimate() give the same figures", () => {
  /** Each chapter's default scenario: what it estimates when opened without a link or a remembered scenario. */
  const chapterDefaults: [string, Scenario][] = Object.keys(CHAPTER_SCENARIO_KEYS).map((chapter) => {
    const own = chapter === "/cost" ? COST_PAGE_DEFAULTS : undefined;
    return [chapter, scenarioOf(scenarioDefaults(chapter, own, {window: undefined}))];
  });

  function check(scenarios: Scenario[]): void {
    const files = scenarios.map((s) => scenarioJson(s));
    const printed = command(files);
    scenarios.forEach((scenario, i) => {
      const page = pageEstimate(scenario);
      const door = estimate(JSON.parse(files[i]!));
      if (!door.ok) {
        // A refused scenario is refused alike: the page shows the command's messages.
        expect(page.ok, JSON.stringify(scenario)).toBe(false);
        expect(page.ok ? [] : page.errors).toEqual(door.errors);
        expect(printed[i]).toEqual({errors: door.errors});
        return;
      }
      expect(page.ok, JSON.stringify(scenario)).toBe(true);
      if (!page.ok) return;
      expect(asJson(page.result)).toEqual(asJson(door.result));
      expect(printed[i]).toEqual(asJson(door.result));
    });
  }

  it("for every chapter's default scenario", () => {
    expect(chapterDefaults.map(([c]) => c).sort()).toEqual(["/cost", "/index", "/inference", "/kv-cache", "/planner", "/training"]);
    check(chapterDefaults.map(([, s]) => s));
  }, 120_000);

  it("for 60 random scenarios over the catalog's models, GPUs, engines and formats", () => {
    const states = fc.sample(stateArb, {numRuns: 60, seed: 20261206});
    check(states.map((s) => scenarioOf(s)));
  }, 300_000);
});

describe("a refused scenario on a page", () => {
  const base = scenarioOf(SCENARIO_STATE_DEFAULTS);
  const IMPOSSIBLE: [string, Scenario][] = [
    ["AWQ weights in llama.cpp", {...base, workload: {...base.workload, engine: "llama.cpp", weights: "awq-int4"} as Scenario["workload"]}],
    ["FP8 weights on a T4", {...base, hardware: {gpu: "t4", count: 1}, workload: {...base.workload, weights: "fp8"} as Scenario["workload"]}],
    ["vLLM on an Apple M2 Ultra", {...base, hardware: {gpu: "apple-m2-ultra", count: 1}}]
  ];

  it.each(IMPOSSIBLE)("shows the command's messages for %s and offers the nearest setups that run, the refusal's own suggestions first", (_what, scenario) => {
    const door = estimate(scenario);
    expect(door.ok).toBe(false);
    const page = pageEstimate(scenario);
    expect(page.ok).toBe(false);
    if (page.ok || door.ok) return;
    expect(page.errors).toEqual(door.errors);
    expect(page.nearest.length).toBeGreaterThan(0);
    const suggested = door.errors.flatMap(suggestedChoices);
    expect(suggested.length).toBeGreaterThan(0);
    const first = page.nearest[0]!;
    // The first offer is one of the refusal's own "would work" choices, and it runs.
    expect(suggested.some((c) => c.field === first.field)).toBe(true);
    expect(estimate(first.scenario).ok).toBe(true);
    expect(asJson(first.run.result)).toEqual(asJson((estimate(first.scenario) as {result: unknown}).result));
  });

  it("reads the refusal's suggestions: the named field's choices, then another field's", () => {
    expect(suggestedChoices('workload.weights: got "awq-int4", but llama.cpp does not load awq-int4 weights; would work: q4_k_m, q4_0; or workload.engine: vllm, sglang'))
      .toEqual([{field: "workload.weights", value: "q4_k_m"}, {field: "workload.weights", value: "q4_0"},
        {field: "workload.engine", value: "vllm"}, {field: "workload.engine", value: "sglang"}]);
    expect(suggestedChoices("workload.batchSize: got -4, expected an integer >= 1")).toEqual([]);
  });
});
