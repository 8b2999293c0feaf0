/**
 * Hostile-input fuzzing through the command's code path (validateScenario, then
 * estimateScenario, exactly as bin/estimate.ts answers one scenario): thousands of generated
 * scenarios, from catalog entries to extreme inline configs and GPU specs at and past their
 * bounds. Reports, grouped, every answer that breaks "finite or refused":
 *
 * - a result leaf that is NaN or ±Infinity, or a contract number that is null or missing;
 * - a message or warning containing NaN or Infinity;
 * - a refusal line that does not start with a JSON path, or repeats a path (`model: workload.x: …`);
 * - an internal error (anything thrown that is not a field-named refusal);
 * - a scenario that takes longer than 2 s (the machine is shared: single slow runs are noise; replay them).
 *
 *     npx tsx bench/fuzz.ts [runs=5000] [seed=1]
 *
 * Exit status 1 when anything was found. Not a test: the property test (test/hostile.test.ts)
 * holds the same rules over a cheaper generator in the unit suite.
 */
import {GPU_IDS, MODEL_IDS, findModel} from "../lib/catalog/index.ts";
import {CONFIG_LIMITS} from "../lib/config.ts";
import {estimateScenario} from "../lib/estimate.ts";
import {CHECKPOINTING, ENGINES, KV_FORMATS, OPTIMIZERS, TRAINING_METHODS, TRAINING_PRECISIONS, WEIGHT_FORMATS} from "../lib/formats.ts";
import {FRAMEWORKS} from "../lib/training/profiles.ts";
import {SCENARIO_LIMITS, validateScenario} from "../lib/validate.ts";
import {contractProblems, refusalProblems} from "./hostileRules.ts";
import {generator} from "../lib/serving/simulate.ts";

const runs = Number(process.argv[2] ?? 5000);
/** mulberry32 (lib/serving/simulate.ts): a small seeded generator, so a finding can be replayed. */
const random = generator(Number(process.argv[3] ?? 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const chance = (p: number) => random() < p;
/** Log-uniform in [lo, hi], sometimes exactly a bound, sometimes just past it. */
function magnitude(lo: number, hi: number, integer = true): number {
  const r = random();
  let x: number;
  if (r < 0.05) x = lo;
  else if (r < 0.1) x = hi;
  else x = Math.exp(Math.log(Math.max(lo, 1e-300)) + random() * (Math.log(hi) - Math.log(Math.max(lo, 1e-300))));
  return integer ? Math.max(lo, Math.round(x)) : x;
}
const GARBAGE: unknown[] = [null, "", "abc", "1e308", true, [], {}, -1, 0, 0.5, 1e308, -1e308, 1e-320, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1];
const hostile = (valid: () => unknown) => (chance(0.04) ? pick(GARBAGE) : valid());

const FAMILIES = ["llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "gemma", "gemma2", "gemma3_text",
  "phi3", "gpt2", "gpt_neox", "opt", "falcon", "bloom", "deepseek_v2", "deepseek_v3", "gpt_oss", "cohere", "made_up"];

function inlineConfig(): Record<string, unknown> {
  const L = CONFIG_LIMITS;
  const big = chance(0.2);
  const heads = hostile(() => magnitude(1, big ? L.heads.max : 128)) as number;
  const headDim = pick([64, 128, 256, magnitude(1, big ? L.headDim.max : 512)]);
  const c: Record<string, unknown> = {
    model_type: pick(FAMILIES),
    num_hidden_layers: hostile(() => magnitude(1, big ? L.layers.max : 128)),
    num_attention_heads: heads,
    hidden_size: hostile(() => (typeof heads === "number" && chance(0.7) ? heads * headDim : magnitude(1, big ? L.hiddenSize.max : 16384))),
    intermediate_size: hostile(() => magnitude(1, big ? L.intermediateSize.max : 65536)),
    vocab_size: hostile(() => magnitude(1, big ? L.vocabSize.max : 300_000))
  };
  if (chance(0.5)) c.num_key_value_heads = hostile(() => (typeof heads === "number" ? Math.max(1, Math.floor(heads / pick([1, 2, 4, 8, 16]))) : 1));
  if (chance(0.4)) c.head_dim = hostile(() => headDim);
  if (chance(0.3)) {
    c.num_local_experts = hostile(() => magnitude(2, big ? L.experts.max : 512));
    c.num_experts_per_tok = hostile(() => magnitude(1, 16));
    if (chance(0.5)) c.moe_intermediate_size = hostile(() => magnitude(1, 8192));
    if (chance(0.3)) c.n_shared_experts = hostile(() => magnitude(0, 4));
  }
  if (chance(0.2)) c.kv_lora_rank = hostile(() => magnitude(1, 2048));
  if (chance(0.2)) c.q_lora_rank = hostile(() => magnitude(1, 4096));
  if (chance(0.3)) c.sliding_window = hostile(() => magnitude(0, 1e9));
  if (chance(0.3)) c.max_position_embeddings = hostile(() => magnitude(0, 1e9));
  if (chance(0.1)) c.tie_word_embeddings = hostile(() => chance(0.5));
  if (chance(0.05)) c.layer_types = Array.from({length: typeof c.num_hidden_layers === "number" ? Math.min(c.num_hidden_layers, 20_000) : 3}, () => pick(["sliding_attention", "full_attention", "x"]));
  if (chance(0.05)) c._name_or_path = "x".repeat(pick([10, 5000]));
  return c;
}

function inlineGpu(): Record<string, unknown> {
  const S = SCENARIO_LIMITS;
  const tflops: Record<string, unknown> = {};
  for (const p of ["fp32", "bf16", "fp16", "fp8", "int8"]) if (chance(0.6)) tflops[p] = hostile(() => magnitude(S.tflopsMin, S.tflops, false));
  if (Object.keys(tflops).length === 0) tflops.bf16 = magnitude(S.tflopsMin, S.tflops, false);
  const gpu: Record<string, unknown> = {
    name: pick(["Custom", "H100 SXM5 80GB", "x"]),
    memoryGB: hostile(() => magnitude(S.memoryGBMin, S.memoryGB, false)),
    bandwidthGBps: hostile(() => magnitude(S.bandwidthGBpsMin * 1.0001, S.bandwidthGBps, false)),
    tflops
  };
  if (chance(0.3)) gpu.interconnectGBps = hostile(() => magnitude(0, S.interconnectGBps, false));
  return gpu;
}

function scenario(): Record<string, unknown> {
  const model = chance(0.5) ? pick(MODEL_IDS) : chance(0.3) ? (findModel(pick(MODEL_IDS))!.config as object) : inlineConfig();
  const count = chance(0.7) ? pick([1, 2, 4, 8]) : hostile(() => magnitude(1, 4096));
  const hardware: Record<string, unknown> = {gpu: chance(0.7) ? pick(GPU_IDS) : inlineGpu(), count};
  if (chance(0.15)) {
    const S = SCENARIO_LIMITS;
    hardware.host = {memoryGB: hostile(() => magnitude(S.memoryGBMin, S.memoryGB, false)),
      bandwidthGBps: hostile(() => magnitude(S.bandwidthGBpsMin * 1.0001, S.bandwidthGBps, false)),
      tflops: {fp32: hostile(() => magnitude(S.tflopsMin, S.tflops, false))}};
    if (chance(0.3)) (hardware.host as Record<string, unknown>).wiredLimitMB = hostile(() => magnitude(0, S.wiredLimitMB));
  }
  const pricing = chance(0.7) ? {usdPerGpuHour: hostile(() => magnitude(0, SCENARIO_LIMITS.usdPerGpuHour, false))} : undefined;
  const tokens = (hi: number) => hostile(() => magnitude(1, chance(0.1) ? SCENARIO_LIMITS.tokens : hi));
  let workload: Record<string, unknown>;
  if (chance(0.55)) {
    workload = {type: "inference", engine: pick(ENGINES), weights: pick(WEIGHT_FORMATS), kvCache: pick(KV_FORMATS),
      batchSize: hostile(() => magnitude(1, chance(0.1) ? SCENARIO_LIMITS.batchSize : 512)),
      promptTokens: tokens(200_000), outputTokens: tokens(20_000)};
    if (chance(0.3)) workload.tensorParallel = hostile(() => pick([1, 2, 4, 8, 3]));
    if (chance(0.2)) workload.pipelineParallel = hostile(() => pick([1, 2, 3, 4]));
    if (chance(0.15)) workload.gpuLayers = hostile(() => magnitude(0, 200));
    if (chance(0.1)) workload.expertsOnHost = hostile(() => chance(0.5));
    if (chance(0.1)) workload.expertParallel = hostile(() => pick([1, 2, 4, 8]));
    if (chance(0.2)) {
      workload.serving = chance(0.5)
        ? {concurrency: hostile(() => magnitude(1, 4096))}
        : {requestsPerSecond: hostile(() => magnitude(1e-6, 1e9, false))};
      if (chance(0.3)) (workload.serving as Record<string, unknown>).prefixCacheHitRate = hostile(() => random());
      if (chance(0.2)) (workload.serving as Record<string, unknown>).speculative = {tokens: magnitude(1, 64), acceptanceRate: random()};
      if (chance(0.2)) (workload.serving as Record<string, unknown>).maxBatchedTokens = hostile(() => magnitude(1, SCENARIO_LIMITS.tokens));
      if (chance(0.1)) {
        const pool = () => ({count: pick([1, 2, 4, 8]), tensorParallel: pick([1, 2, 4, 8])});
        (workload.serving as Record<string, unknown>).disaggregated = {prefill: pool(), decode: pool()};
      }
    }
  } else {
    workload = {type: "training", method: pick(TRAINING_METHODS), precision: pick(TRAINING_PRECISIONS), optimizer: pick(OPTIMIZERS),
      microBatchSize: hostile(() => magnitude(1, chance(0.1) ? SCENARIO_LIMITS.batchSize : 64)),
      sequenceLength: tokens(131_072), activationCheckpointing: pick(CHECKPOINTING), zeroStage: pick([0, 1, 2, 3]),
      tensorParallel: pick([1, 1, 2, 4, 8]), pipelineParallel: pick([1, 1, 2, 4])};
    if (chance(0.3)) workload.gradientAccumulation = hostile(() => magnitude(1, SCENARIO_LIMITS.gradientAccumulation));
    if (chance(0.5)) workload.trainingTokens = hostile(() => magnitude(1, SCENARIO_LIMITS.trainingTokens, false));
    if (chance(0.5)) workload.mfu = hostile(() => magnitude(SCENARIO_LIMITS.mfuMin, 1, false));
    if (chance(0.2)) workload.goodput = hostile(() => magnitude(SCENARIO_LIMITS.goodputMin, 1, false));
    if (chance(0.2)) workload.expertParallel = pick([1, 2, 4, 8]);
    if (chance(0.2)) workload.lora = {rank: hostile(() => magnitude(1, SCENARIO_LIMITS.loraRank))};
    if (chance(0.3)) workload.framework = pick(FRAMEWORKS);
  }
  return pricing ? {model, hardware, workload, pricing} : {model, hardware, workload};
}

const findings = new Map<string, {count: number; example: unknown; detail: string}>();
function found(kind: string, detail: string, example: unknown) {
  const hit = findings.get(kind);
  if (hit) hit.count++;
  else findings.set(kind, {count: 1, example, detail});
}

let answered = 0, refused = 0, slowest = 0;
/** FUZZ_REFUSALS=1: how many scenarios each field refused first (to keep the generator useful). */
const refusedBy = new Map<string, number>();
for (let i = 0; i < runs; i++) {
  const input = scenario();
  const started = performance.now();
  const checked = validateScenario(input);
  if (!checked.ok) {
    refused++;
    if (process.env.FUZZ_REFUSALS) refusedBy.set(checked.errors[0]!.split(":")[0]!, (refusedBy.get(checked.errors[0]!.split(":")[0]!) ?? 0) + 1);
    for (const p of refusalProblems(checked.errors)) found(`refusal: ${p.kind}`, p.line, input);
  } else {
    try {
      const result = estimateScenario(checked.scenario);
      result.warnings = [...checked.warnings, ...result.warnings];
      answered++;
      for (const p of contractProblems(result, checked.scenario)) found(`result: ${p.kind} at ${p.path}`, p.detail, input);
    } catch (error) {
      const lines = (error as {errors?: unknown; issues?: unknown}).errors ?? (error as {issues?: unknown}).issues;
      if (Array.isArray(lines) && lines.every((l) => typeof l === "string")) {
        refused++;
        for (const p of refusalProblems(lines as string[])) found(`engine refusal: ${p.kind}`, p.line, input);
      } else {
        found(`internal error: ${String((error as Error).message ?? error).slice(0, 80)}`, String((error as Error).stack ?? "").split("\n").slice(0, 4).join(" | "), input);
      }
    }
  }
  const ms = performance.now() - started;
  slowest = Math.max(slowest, ms);
  if (ms > 2000) found("slow: over 2 s", `${ms.toFixed(0)} ms`, input);
}

const clip = (x: unknown) => {
  const s = JSON.stringify(x);
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
};
console.log(`${runs} scenarios: ${answered} answered, ${refused} refused; slowest ${slowest.toFixed(0)} ms`);
for (const [kind, {count, detail, example}] of [...findings].sort((a, b) => b[1].count - a[1].count)) {
  console.log(`\n${count}× ${kind}\n  ${detail}\n  e.g. ${clip(example)}`);
}
if (findings.size === 0) console.log("nothing found");
if (refusedBy.size) console.log([...refusedBy].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, n]) => `${n} ${k}`).join("\n"));
// FUZZ_OUT=file.json: every finding's first scenario in full, to replay.
if (process.env.FUZZ_OUT) {
  const {writeFileSync} = await import("node:fs");
  writeFileSync(process.env.FUZZ_OUT, JSON.stringify(Object.fromEntries([...findings].map(([k, v]) => [k, v.example])), null, 1));
}
process.exitCode = findings.size ? 1 : 0;
