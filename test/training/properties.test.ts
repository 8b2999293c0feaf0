import fc from "fast-check";
import {describe, expect, it} from "vitest";
import type {Architecture} from "../../lib/architecture.ts";
import type {TrainingWorkload} from "../../lib/scenario.ts";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import {TrainingLayoutError} from "../../lib/training/parallel.ts";
import {H100, catalogArch, configArch, llamaConfig, workload} from "./helpers.ts";

const ARCHS: Architecture[] = [
  catalogArch("llama-3.1-8b"),
  catalogArch("qwen3-30b-a3b"),
  catalogArch("gpt2-124m"),
  catalogArch("deepseek-v2-lite"),
  catalogArch("gemma-2-2b"),
  catalogArch("falcon-7b"),
  catalogArch("gpt-oss-20b"),
  configArch(llamaConfig({layers: 16, hidden: 2048, heads: 16, kvHeads: 4, ffn: 5632, vocab: 32000}))
];

const settings = fc.record({
  archIndex: fc.integer({min: 0, max: ARCHS.length - 1}),
  method: fc.constantFrom("full", "lora", "qlora" as const),
  precision: fc.constantFrom("fp32", "bf16", "bf16-mixed", "fp16-mixed", "fp8-mixed" as const),
  optimizer: fc.constantFrom("adamw", "adamw-8bit", "sgd", "sgd-momentum", "adafactor", "lion" as const),
  framework: fc.constantFrom("pytorch", "deepspeed", "megatron", "hf-trainer" as const),
  microBatchSize: fc.integer({min: 1, max: 8}),
  sequenceLength: fc.constantFrom(128, 512, 2048, 8192),
  gradientAccumulation: fc.integer({min: 1, max: 16}),
  activationCheckpointing: fc.constantFrom("none", "selective", "full" as const),
  flashAttention: fc.boolean(),
  zeroStage: fc.constantFrom(0, 1, 2, 3 as const),
  tensorParallel: fc.constantFrom<number>(1, 2, 4),
  pipelineParallel: fc.constantFrom<number>(1, 2, 4),
  sequenceParallel: fc.boolean(),
  dp: fc.constantFrom<number>(1, 2, 8)
});

type Settings = typeof settings extends fc.Arbitrary<infer T> ? T : never;

function run(s: Settings, over: Partial<TrainingWorkload> = {}, gpus?: number) {
  const w = workload({method: s.method, precision: s.precision, optimizer: s.optimizer, framework: s.framework,
    microBatchSize: s.microBatchSize, sequenceLength: s.sequenceLength, gradientAccumulation: s.gradientAccumulation,
    activationCheckpointing: s.activationCheckpointing, flashAttention: s.flashAttention, zeroStage: s.zeroStage,
    tensorParallel: s.tensorParallel, pipelineParallel: s.pipelineParallel, sequenceParallel: s.sequenceParallel,
    trainingTokens: 1e10, mfu: 0.4, ...over});
  const count = gpus ?? w.tensorParallel * w.pipelineParallel * s.dp;
  return trainingEstimate({arch: ARCHS[s.archIndex], gpu: H100, gpuCount: count, workload: w});
}

/** Whether the layout is one the model can take (Falcon-7B's 71 heads admit no TP > 1): properties hold over those. */
function possible(...variants: Settings[]): boolean {
  try {
    for (const v of variants) run(v);
    return true;
  } catch (e) {
    if (e instanceof TrainingLayoutError) return false;
    throw e;
  }
}

const total = (r: ReturnType<typeof run>) => r.memory.totalBytes;
const RUNS = {numRuns: 150};

describe("training estimate properties", () => {
  it("returns finite, non-negative numbers everywhere", () => {
    fc.assert(fc.property(settings, (s) => {
      if (!possible(s)) return;
      const r = run(s);
      const numbers = [r.memory.weightsBytes, r.memory.gradientsBytes, r.memory.optimizerBytes, r.memory.activationsBytes,
        r.memory.overheadBytes, r.memory.totalBytes, r.training!.flopsPerToken, r.training!.totalFlops, r.training!.tokensPerSecondPerGpu,
        r.training!.stepSeconds, r.training!.gpuHours, r.training!.wallClockSeconds];
      for (const x of numbers) {
        expect(Number.isFinite(x)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(0);
      }
    }), RUNS);
  });

  it("never increases per-GPU memory with a higher ZeRO stage", () => {
    fc.assert(fc.property(settings, (s) => {
      if (s.zeroStage === 3 || !possible(s)) return;
      const lower = total(run(s));
      const higher = total(run({...s, zeroStage: (s.zeroStage + 1) as 1 | 2 | 3}));
      expect(higher).toBeLessThanOrEqual(lower * (1 + 1e-12));
    }), RUNS);
  });

  it("never increases per-GPU memory with more tensor parallelism on the same data-parallel degree", () => {
    fc.assert(fc.property(settings, (s) => {
      if (s.tensorParallel === 4 || !possible(s, {...s, tensorParallel: s.tensorParallel * 2})) return;
      const lower = total(run(s));
      const higher = total(run({...s, tensorParallel: s.tensorParallel * 2}));
      expect(higher).toBeLessThanOrEqual(lower * (1 + 1e-12));
    }), RUNS);
  });

  it("never increases per-GPU memory with more pipeline stages on the same data-parallel degree, when the stages split the layers evenly", () => {
    // With an uneven split 1F1B can cost more: the first stage holds p micro-batches of ⌈L/p⌉ layers, and
    // p·⌈L/p⌉ > L (Gemma-2-2B's 26 layers: 2·13 = 26 but 4·7 = 28 layer-micro-batches).
    fc.assert(fc.property(settings, (s) => {
      if (s.pipelineParallel === 4 || ARCHS[s.archIndex].layers % (2 * s.pipelineParallel) !== 0
        || !possible(s, {...s, pipelineParallel: s.pipelineParallel * 2})) return;
      const lower = total(run(s));
      const higher = total(run({...s, pipelineParallel: s.pipelineParallel * 2}));
      expect(higher).toBeLessThanOrEqual(lower * (1 + 1e-12));
    }), RUNS);
  });

  it("never increases per-GPU memory with more activation checkpointing (two or more layers per GPU)", () => {
    fc.assert(fc.property(settings, (s) => {
      // With one layer per GPU, full recomputation keeps that layer's input on top of rebuilding it: 2sbh more than selective.
      if (!possible(s) || ARCHS[s.archIndex].layers < 2 * s.pipelineParallel) return;
      const order = ["none", "selective", "full"] as const;
      const bytes = order.map((c) => total(run({...s, activationCheckpointing: c})));
      expect(bytes[1]).toBeLessThanOrEqual(bytes[0] * (1 + 1e-12));
      expect(bytes[2]).toBeLessThanOrEqual(bytes[1] * (1 + 1e-12));
    }), RUNS);
  });

  it("never increases per-GPU memory with more expert parallelism on MoE models", () => {
    fc.assert(fc.property(settings, fc.constantFrom<number>(1, 2, 4), (s, ep) => {
      const wide = {...s, dp: 8};
      if (!ARCHS[s.archIndex].moe || !possible(wide)) return;
      const lower = total(run(wide, {expertParallel: ep}));
      const higher = total(run(wide, {expertParallel: ep * 2}));
      expect(higher).toBeLessThanOrEqual(lower * (1 + 1e-12));
    }), RUNS);
  });

  it("never increases wall-clock with more GPUs at a fixed MFU", () => {
    fc.assert(fc.property(settings, (s) => {
      if (!possible(s, {...s, dp: s.dp * 2})) return;
      const fewer = run(s).training!.wallClockSeconds;
      const more = run({...s, dp: s.dp * 2}).training!.wallClockSeconds;
      expect(more).toBeLessThanOrEqual(fewer * (1 + 1e-12));
    }), RUNS);
  });
});
