/**
 * The page/command identity (issue 8): for every chapter's default scenario and for random
 * scenarios, what a page computes, what its downloaded scenario gives through the `estimate`
 * command's code path, and what `estimate()` gives are the same figures, bit for bit.
 *
 * - the page: its link state → `scenarioOf` (scenarioState.ts) → `pageEstimate`, the function
 *   every chapter calls, whose `result` its figures are formatted from;
 * - the download: `scenarioJson(scenario)`, the bytes `downloadScenario` puts in its link;
 * - the command: bin/estimate.ts on that file (one spawn, an array of scenarios; `--plan` for the Planner);
 * - the door: lib/estimate.ts `estimate()` (the Planner's: lib/planner `planScenario()`).
 *
 * Every chapter is covered: the Overview, Inference, KV cache and Cost (serving) chapters through
 * `pageEstimate`; Training, the Cost chapter's training run and Serving through `estimate()` of
 * the scenario their state makes (trainingState.ts, costState.ts, servingState.ts); the Planner
 * through `planScenario()` of its plan request (planFile.ts). The state → scenario functions are
 * the pages' own; the browser test (test/e2e/one-door.test.ts) checks the pages show these figures.
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
import {COST_PAGE_DEFAULTS, COST_TRAINING_PRECISIONS, costServingScenario, costSteadyScenario, costTrainingScenario, TRAINING_SEQUENCE_LENGTHS} from "../../src/components/costState.ts";
import {overviewScenarioOf} from "../../src/components/overviewState.ts";
import {PLAN_FORMATS, PLANNER_PAGE_DEFAULTS, plannerInputsOf, plannerScenario, type PlannerPageState} from "../../src/components/planFile.ts";
import {SERVING_PAGE_DEFAULTS, servingScenarioOf} from "../../src/components/servingState.ts";
import {TRAINING_PAGE_DEFAULTS, trainingScenarioOf} from "../../src/components/trainingState.ts";
import {planScenario} from "../../lib/planner.ts";
import {CHECKPOINTING, OPTIMIZERS, TRAINING_METHODS, TRAINING_PRECISIONS} from "../../lib/formats.ts";
import {FRAMEWORKS} from "../../lib/training/profiles.ts";
import {LORA_TARGETS} from "../../lib/training/lora.ts";

const ROOT = join(import.meta.dirname, "..", "..");

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

/**
 * How each chapter turns its state into what it estimates, and how it estimates it: the same
 * functions its page calls (the page modules import them; nothing here restates a page's rule).
 */
interface Chapter {
  name: string;
  /** The chapter's default state → its scenario (or plan request). */
  scenario: () => unknown;
  /** What the page shows figures from: pageEstimate (inference chapters), estimate() (training, serving), planScenario (planner). */
  page: (scenario: unknown) => {ok: true; figures: unknown} | {ok: false; errors: string[]};
  /** The plan mode of the command (`--plan`), for the planner. */
  plan?: boolean;
}

const viaPageEstimate = (scenario: unknown) => {
  const page = pageEstimate(scenario as Scenario);
  return page.ok ? {ok: true as const, figures: page.result} : {ok: false as const, errors: page.errors};
};
const viaEstimate = (scenario: unknown) => {
  const out = estimate(scenario);
  return out.ok ? {ok: true as const, figures: out.result} : {ok: false as const, errors: out.errors};
};
const viaPlanner = (request: unknown) => {
  const out = planScenario(request);
  return out.ok ? {ok: true as const, figures: out.plan} : {ok: false as const, errors: out.errors};
};

const plannerDefaults = (): PlannerPageState => ({...scenarioDefaults("/planner", {...PLANNER_PAGE_DEFAULTS}, {window: undefined}),
  gpus: [...PLANNER_PAGE_DEFAULTS.gpus], formats: [...PLAN_FORMATS]}) as PlannerPageState;

const CHAPTERS: Chapter[] = [
  {name: "/index", scenario: () => overviewScenarioOf(scenarioDefaults("/index", undefined, {window: undefined})), page: viaPageEstimate},
  {name: "/inference", scenario: () => scenarioOf(scenarioDefaults("/inference", undefined, {window: undefined})), page: viaPageEstimate},
  {name: "/kv-cache", scenario: () => scenarioOf(scenarioDefaults("/kv-cache", undefined, {window: undefined})), page: viaPageEstimate},
  {name: "/cost (serving)", scenario: () => costServingScenario(scenarioDefaults("/cost", COST_PAGE_DEFAULTS, {window: undefined})), page: viaPageEstimate},
  {name: "/cost (served continuously)", scenario: () => costSteadyScenario(scenarioDefaults("/cost", COST_PAGE_DEFAULTS, {window: undefined})), page: viaEstimate},
  {name: "/cost (training)", scenario: () => costTrainingScenario(scenarioDefaults("/cost", COST_PAGE_DEFAULTS, {window: undefined})), page: viaEstimate},
  {name: "/training", scenario: () => trainingScenarioOf(scenarioDefaults("/training", TRAINING_PAGE_DEFAULTS, {window: undefined})), page: viaEstimate},
  {name: "/serving", scenario: () => servingScenarioOf(SERVING_PAGE_DEFAULTS), page: viaEstimate},
  // The planner's default question narrowed to three GPU kinds, so the command's enumeration stays short.
  {name: "/planner (serving)", scenario: () => plannerScenario(plannerInputsOf({...plannerDefaults(), gpus: ["h100-sxm", "a100-sxm-80gb", "l40s"]})),
    page: viaPlanner, plan: true},
  {name: "/planner (training)", scenario: () => plannerScenario(plannerInputsOf({...plannerDefaults(), mode: "training", model: "llama-3.2-1b",
    gpus: ["h100-sxm", "a100-sxm-80gb"]})), page: viaPlanner, plan: true}
];

/** The command on files' contents (one spawn for each mode, an array): one answer (or {errors}) per file. */
function commandOn(files: string[], plan: boolean): unknown[] {
  const input = `[${files.map((f) => f.trim()).join(",")}]`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", ...(plan ? ["--plan"] : []), "-"],
    {cwd: ROOT, input, encoding: "utf8", timeout: 240_000});
  if (run.status !== 0 && run.status !== 2) throw new Error(`estimate exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown[];
}

/**
 * For each (scenario, page function): the page's figures, the downloaded file through the
 * command, and the door (estimate() or planScenario() of the file) agree; a refusal is refused
 * alike, with the same messages. Returns how many answered (so a test can insist some did).
 */
function checkIdentity(cases: {scenario: unknown; page: Chapter["page"]; plan?: boolean}[]): number {
  const files = cases.map((c) => scenarioJson(c.scenario));
  const printed: unknown[] = new Array(cases.length);
  for (const plan of [false, true]) {
    const idx = cases.map((c, i) => ((c.plan ?? false) === plan ? i : -1)).filter((i) => i >= 0);
    if (!idx.length) continue;
    const out = commandOn(idx.map((i) => files[i]!), plan);
    idx.forEach((i, k) => { printed[i] = out[k]; });
  }
  let answered = 0;
  cases.forEach((c, i) => {
    const page = c.page(c.scenario);
    const door = c.plan ? viaPlanner(JSON.parse(files[i]!)) : viaEstimate(JSON.parse(files[i]!));
    const what = files[i]!.slice(0, 400);
    if (!door.ok) {
      expect(page.ok, what).toBe(false);
      expect(page.ok ? [] : page.errors, what).toEqual(door.errors);
      expect(printed[i], what).toEqual({errors: door.errors});
      return;
    }
    expect(page.ok, `${what}\n${page.ok ? "" : page.errors.join("\n")}`).toBe(true);
    if (!page.ok) return;
    answered++;
    expect(asJson(page.figures), what).toEqual(asJson(door.figures));
    expect(printed[i], what).toEqual(asJson(door.figures));
  });
  return answered;
}

describe("the page, its downloaded scenario, the command and estimate() give the same figures", () => {
  it("covers every chapter that estimates, the Training, Serving and Planner chapters included", () => {
    const named = new Set(CHAPTERS.map((c) => c.name.split(" ")[0]));
    for (const chapter of [...Object.keys(CHAPTER_SCENARIO_KEYS), "/serving"]) expect(named.has(chapter), chapter).toBe(true);
  });

  it("for every chapter's default scenario (and every default is one the engine answers)", () => {
    const answered = checkIdentity(CHAPTERS.map((c) => ({scenario: c.scenario(), page: c.page, plan: c.plan})));
    expect(answered).toBe(CHAPTERS.length);
  }, 300_000);

  it("would notice a page that computed from anything but the scenario it downloads (one input changed, the figures differ)", () => {
    // The identity above compares whole results; it is only worth something if a one-input change moves them.
    const changed: [string, unknown, unknown, Chapter["page"]][] = [
      ["/inference batch", scenarioOf(SCENARIO_STATE_DEFAULTS), scenarioOf({...SCENARIO_STATE_DEFAULTS, batch: 2}), viaPageEstimate],
      ["/training micro-batch", trainingScenarioOf(TRAINING_PAGE_DEFAULTS), trainingScenarioOf({...TRAINING_PAGE_DEFAULTS, mb: 2}), viaEstimate],
      ["/serving concurrency", servingScenarioOf(SERVING_PAGE_DEFAULTS), servingScenarioOf({...SERVING_PAGE_DEFAULTS, concurrency: 33}), viaEstimate],
      ["/cost training tokens", costTrainingScenario(COST_PAGE_DEFAULTS), costTrainingScenario({...COST_PAGE_DEFAULTS, tokens: 1e12}), viaEstimate],
      ["/planner concurrency", plannerScenario(plannerInputsOf({...plannerDefaults(), gpus: ["l40s"]})),
        plannerScenario(plannerInputsOf({...plannerDefaults(), gpus: ["l40s"], concurrency: 64})), viaPlanner]
    ];
    for (const [what, a, b, page] of changed) {
      const x = page(a);
      const y = page(b);
      expect(x.ok && y.ok, what).toBe(true);
      if (x.ok && y.ok) expect(asJson(x.figures), what).not.toEqual(asJson(y.figures));
    }
  }, 120_000);

  it("for 60 random scenarios over the catalog's models, GPUs, engines and formats (the inference chapters)", () => {
    const states = fc.sample(stateArb, {numRuns: 60, seed: 20261206});
    const cases = states.flatMap((s) => [
      {scenario: scenarioOf(s), page: viaPageEstimate},
      {scenario: overviewScenarioOf(s), page: viaPageEstimate},
      {scenario: costServingScenario({...s, price: -1}), page: viaPageEstimate},
      {scenario: costSteadyScenario({...s, price: 1.25}), page: viaEstimate}
    ]);
    expect(checkIdentity(cases)).toBeGreaterThan(20);
  }, 300_000);

  it("for 40 random Training chapter states, 40 Cost training runs and 40 Serving chapter states", () => {
    const trainingArb = fc.record({
      model: fc.constantFrom("llama-3.2-1b", "llama-3.1-8b", "qwen3-8b", "mixtral-8x7b", "llama-3.1-70b"),
      gpu: fc.constantFrom("h100-sxm", "a100-sxm-80gb", "rtx-4090", "l40s", "t4"),
      count: fc.constantFrom(1, 2, 4, 8, 16),
      method: fc.constantFrom(...TRAINING_METHODS), precision: fc.constantFrom(...TRAINING_PRECISIONS), optimizer: fc.constantFrom(...OPTIMIZERS),
      framework: fc.constantFrom(...FRAMEWORKS), rank: fc.integer({min: 1, max: 256}),
      targets: fc.subarray([...LORA_TARGETS], {minLength: 1}), mb: fc.integer({min: 1, max: 16}), seq: fc.integer({min: 128, max: 32768}),
      ga: fc.integer({min: 1, max: 64}), ckpt: fc.constantFrom("default" as const, ...CHECKPOINTING), flash: fc.boolean(),
      zero: fc.constantFrom(0, 1, 2, 3), tp: fc.constantFrom(1, 2, 4, 8), pp: fc.constantFrom(1, 2, 4), ep: fc.constantFrom(1, 2),
      sp: fc.boolean(), mfu: fc.double({min: 0.05, max: 0.9, noNaN: true}), tokens: fc.constantFrom(0, 1, 250.5),
      price: fc.constantFrom(-1, 0, 3.75)
    });
    const costArb = fc.record({
      model: fc.constantFrom(...MODEL_IDS.slice(0, 12)), gpu: fc.constantFrom("h100-sxm", "a100-sxm-80gb", "b200", "mi300x", "rtx-4090"),
      tokens: fc.constantFrom(0, 1e11, 2.5e12), seq: fc.constantFrom(...TRAINING_SEQUENCE_LENGTHS),
      precision: fc.constantFrom(...COST_TRAINING_PRECISIONS), mfu: fc.double({min: 0.05, max: 0.8, noNaN: true}),
      goodput: fc.double({min: 0.5, max: 1, noNaN: true}), tgpus: fc.integer({min: 1, max: 100_000}), price: fc.constantFrom(-1, 1.5)
    });
    const servingArb = fc.record({
      model: fc.constantFrom("llama-3.1-8b", "llama-3.1-70b", "qwen3-30b-a3b", "mixtral-8x7b"),
      gpu: fc.constantFrom("h100-sxm", "a100-sxm-80gb", "l40s", "rtx-4090", "apple-m2-ultra"),
      count: fc.constantFrom(1, 2, 4, 8), engine: fc.constantFrom(...ENGINES), weights: fc.constantFrom(...WEIGHT_FORMATS),
      kv: fc.constantFrom(...KV_FORMATS), concurrency: fc.integer({min: 1, max: 1024}), prompt: fc.integer({min: 16, max: 32768}),
      output: fc.integer({min: 2, max: 8192}), speculative: fc.integer({min: 0, max: 8}), acceptance: fc.double({min: 0, max: 1, noNaN: true}),
      prefixHit: fc.constantFrom(0, 0.5, 0.95), price: fc.constantFrom(0, 2.5, 9.99)
    });
    const cases = [
      ...fc.sample(trainingArb, {numRuns: 40, seed: 8}).map((s) => ({scenario: trainingScenarioOf(s), page: viaEstimate})),
      ...fc.sample(costArb, {numRuns: 40, seed: 9}).map((s) => ({scenario: costTrainingScenario(s), page: viaEstimate})),
      ...fc.sample(servingArb, {numRuns: 40, seed: 10}).map((s) => ({scenario: servingScenarioOf(s), page: viaEstimate}))
    ];
    expect(checkIdentity(cases)).toBeGreaterThan(40);
  }, 300_000);

  it("for 6 random Planner questions, serving and training", () => {
    const plannerArb = fc.record({
      mode: fc.constantFrom("serving" as const, "training" as const), model: fc.constantFrom("llama-3.2-1b", "llama-3.1-8b", "qwen3-8b"),
      engine: fc.constantFrom(...ENGINES), prompt: fc.integer({min: 1, max: 32768}), output: fc.integer({min: 1, max: 4096}),
      load: fc.constantFrom("concurrency" as const, "throughput target" as const, "cheapest batch" as const),
      concurrency: fc.integer({min: 1, max: 2000}), throughput: fc.integer({min: 1, max: 1e6}), ttft: fc.constantFrom(0, 0.5, 5),
      tpot: fc.constantFrom(0, 20, 100), tokens: fc.constantFrom(0, 5), deadline: fc.constantFrom(0, 3, 30),
      method: fc.constantFrom(...TRAINING_METHODS), precision: fc.constantFrom("bf16-mixed", "fp8-mixed"), seq: fc.constantFrom(2048, 4096),
      mfu: fc.double({min: 0.05, max: 0.9, noNaN: true}), gpus: fc.subarray(["h100-sxm", "a100-sxm-80gb", "l40s", "rtx-4090"], {minLength: 1, maxLength: 2}),
      formats: fc.subarray([...PLAN_FORMATS], {minLength: 1})
    });
    const cases = fc.sample(plannerArb, {numRuns: 6, seed: 11}).map((s) => ({scenario: plannerScenario(plannerInputsOf(s as PlannerPageState)), page: viaPlanner, plan: true}));
    expect(checkIdentity(cases)).toBeGreaterThan(2);
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
