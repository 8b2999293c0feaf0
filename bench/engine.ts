/**
 * `npm run bench`: how fast the engine answers, on one core.
 *
 * - full scenario estimates per second (validation, resolution, memory, speed and the inverse
 *   solvers), for a dense, an MoE/MLA and a quantized llama.cpp scenario;
 * - one 1,000-point sweep of memory vs context length, as a chart recomputes it;
 * - the planner's full enumeration over the catalog.
 *
 * Run through bench/bundled.mjs (esbuild, as the browser gets the engine): under tsx every
 * closure is wrapped by keepNames at run time, which costs the engine about half its speed.
 *
 * Goal (issue "Engine I"): ≥ 100,000 estimates/s, so that any chart recomputes within a frame.
 */
import {estimate, estimateScenario} from "../lib/estimate.ts";
import {benchPlanner} from "./planner.ts";
import type {Scenario} from "../lib/scenario.ts";
import {validateScenario} from "../lib/validate.ts";

function timeIt(fn: () => void, minSeconds = 1): {runs: number; seconds: number} {
  // Warm up the JIT, then run for at least minSeconds.
  for (let i = 0; i < 200; i++) fn();
  let runs = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minSeconds * 1000) {
    for (let i = 0; i < 100; i++) fn();
    runs += 100;
    now = performance.now();
  }
  return {runs, seconds: (now - start) / 1000};
}

const scenarios: Record<string, Scenario> = {
  "llama-3.1-8b, H100, vLLM bf16, batch 16": {
    model: "llama-3.1-8b", hardware: {gpu: "h100-sxm", count: 1}, pricing: {usdPerGpuHour: 2.5},
    workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 16, promptTokens: 2048, outputTokens: 512}
  },
  "deepseek-v3, 8×H200, SGLang fp8, batch 32": {
    model: "deepseek-v3", hardware: {gpu: "h200-sxm", count: 8},
    workload: {type: "inference", engine: "sglang", weights: "fp8", kvCache: "bf16", batchSize: 32, promptTokens: 4096, outputTokens: 1024}
  },
  "llama-3.1-8b, RTX 4090, llama.cpp q4_k_m": {
    model: "llama-3.1-8b", hardware: {gpu: "rtx-4090", count: 1},
    workload: {type: "inference", engine: "llama.cpp", weights: "q4_k_m", kvCache: "fp16", batchSize: 1, promptTokens: 512, outputTokens: 512}
  }
};

const lines: string[] = [];
const print = (s: string) => { lines.push(s); console.log(s); };
print(`LLM Toll engine benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, one core`);
print("");
print("Full scenario estimates (validate + resolve + memory + speed + max batch/context solvers):");
for (const [name, scenario] of Object.entries(scenarios)) {
  const json = JSON.parse(JSON.stringify(scenario));
  const full = timeIt(() => { estimate(json); });
  const valid = validateScenario(json);
  if (!valid.ok) throw new Error(valid.errors.join("\n"));
  const engineOnly = timeIt(() => { estimateScenario(valid.scenario); });
  print(`  ${name.padEnd(44)} ${(full.runs / full.seconds).toFixed(0).padStart(8)} /s with validation, ${(engineOnly.runs / engineOnly.seconds).toFixed(0).padStart(8)} /s engine only`);
}

print("");
const base = scenarios["llama-3.1-8b, H100, vLLM bf16, batch 16"];
const sweep = () => {
  for (let i = 0; i < 1000; i++) {
    const context = 256 + i * 128;
    estimateScenario({...base, workload: {...base.workload, promptTokens: context, outputTokens: 1} as Scenario["workload"]});
  }
};
const s = timeIt(sweep, 2);
print(`1,000-point sweep of memory vs context (estimateScenario per point): ${((s.seconds / s.runs) * 1000).toFixed(2)} ms`);

print(`Planner, full catalog enumeration: ${benchPlanner()}`);

// Serving under load (lib/serving): a 1,000-point frontier and the planner to a latency target
// over the whole catalog (goals, issue "Serving under load": ≤ 50 ms and ≤ 100 ms on one core).
{
  const {resolveGpu, resolveModel} = await import("../lib/resolve.ts");
  const {servingFrontier, replicaLayouts} = await import("../lib/serving/frontier.ts");
  const {planToTarget} = await import("../lib/planner/servingTarget.ts");
  // Tens of milliseconds per run: a few warm-up runs, then at least `seconds` of runs.
  const timeSlow = (fn: () => void, seconds: number) => {
    for (let i = 0; i < 5; i++) fn();
    let runs = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) { fn(); runs++; }
    return {runs, seconds: (performance.now() - start) / 1000};
  };
  // Llama-3.1-8B fp8 on an H200: every layout's KV cache holds 1,024 requests, so no point is cut.
  const small = resolveModel("llama-3.1-8b").arch;
  const h200 = resolveGpu("h200-sxm");
  const arch = resolveModel("llama-3.1-70b").arch;
  const layouts = replicaLayouts(small).length;
  let points = 0;
  // 1,000 points in all: distinct concurrencies 1..1024 spread evenly over the layouts.
  const perLayout = Math.ceil(1000 / layouts);
  const concurrencies = Array.from({length: perLayout}, (_, i) => 1 + Math.round((i * 1023) / (perLayout - 1)));
  const frontier = () => {
    points = servingFrontier({arch: small, gpu: h200, engine: "vllm", weights: "fp8", kvCache: "fp8", promptTokens: 1024, outputTokens: 1024,
      concurrencies, usdPerGpuHour: 2.5}).points.length;
  };
  const f = timeSlow(frontier, 2);
  print("");
  print(`Serving frontier, Llama-3.1-8B fp8 on H200, vLLM, ${layouts} layouts × concurrency 1-1024: ${points} points in ${((f.seconds / f.runs) * 1000).toFixed(1)} ms (goal ≤ 50 ms for 1,000 points)`);
  let rows = 0;
  let configurations = 0;
  // planToTarget keeps its last call's searches for a demand-only move: each run asks for another
  // prompt length (1024, 1025, 1024, …) so every timed call searches afresh.
  let call = 0;
  const plan = () => {
    const p = planToTarget({arch, promptTokens: 1024 + (call++ % 2), outputTokens: 1024, requestsPerSecond: 10,
      targets: {maxTimeToFirstTokenSeconds: 0.5, maxTimePerOutputTokenSeconds: 0.03}});
    rows = p.rows.length;
    configurations = p.configurations;
  };
  const p = timeSlow(plan, 3);
  print(`Planner to a target (TTFT ≤ 0.5 s, TPOT ≤ 30 ms, 10 requests/s), Llama-3.1-70B, whole catalog: ${configurations} configurations (GPU × format × layout, aggregated and disaggregated), ${rows} meet it: ${((p.seconds / p.runs) * 1000).toFixed(1)} ms (goal ≤ 100 ms)`);
}
