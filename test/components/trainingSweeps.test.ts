import {describe, expect, it} from "vitest";
import {findGpu} from "../../lib/catalog/index.ts";
import {resolveModel} from "../../lib/resolve.ts";
import type {TrainingWorkload} from "../../lib/scenario.ts";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import {maxMicroBatchSize, maxSequenceLength} from "../../lib/training/solvers.ts";
import {candidateLayouts, ifRemembered, layoutSweep, memorySweep, powersOfTwo, rememberedEstimate, rememberedLimit, safeTrainingEstimate,
  TRAINING_MEMORY_COMPONENTS, trainingMemoryBars, trainingMemoryParts, type TrainingCase} from "../../src/components/trainingSweeps.ts";

const arch = resolveModel("llama-3.1-8b").arch;
const gpu = findGpu("h100-sxm")!;
const workload: TrainingWorkload = {type: "training", method: "full", precision: "bf16-mixed", optimizer: "adamw", framework: "deepspeed",
  microBatchSize: 1, sequenceLength: 4096, gradientAccumulation: 8, activationCheckpointing: "none", flashAttention: true,
  zeroStage: 3, tensorParallel: 1, pipelineParallel: 1, expertParallel: 1, sequenceParallel: false, mfu: 0.4};
const base: TrainingCase = {arch, gpu, gpuCount: 8, workload};
const sum = (parts: Record<string, number>) => Object.values(parts).reduce((a, b) => a + b, 0);

describe("trainingMemoryParts", () => {
  it("splits the fullest GPU's memory into pieces that add up to the engine's total, under every checkpointing policy", () => {
    for (const activationCheckpointing of ["none", "selective", "full"] as const) {
      for (const method of ["full", "lora", "qlora"] as const) {
        const result = trainingEstimate({...base, workload: {...workload, activationCheckpointing, method}});
        const parts = trainingMemoryParts(result);
        expect(sum(parts) / result.memory.totalBytes).toBeCloseTo(1, 9);
        for (const value of Object.values(parts)) expect(value).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("shows the logits as their own piece: s·b·V·β bytes (β = 12 for DeepSpeed with HF models) plus the final norm's 2·2sbh", () => {
    const parts = trainingMemoryParts(trainingEstimate(base));
    // Llama 3.1 8B config.json: vocab_size 128,256, hidden_size 4,096.
    expect(parts.logits).toBe(4096 * 128_256 * 12 + 2 * 2 * 4096 * 4096);
  });

  it("gives one bar piece per component, in the legend's order", () => {
    const bars = trainingMemoryBars("Llama 3.1 8B", trainingEstimate(base));
    expect(bars.map((b) => b.component)).toEqual([...TRAINING_MEMORY_COMPONENTS]);
    expect(new Set(bars.map((b) => b.label))).toEqual(new Set(["Llama 3.1 8B"]));
  });
});

describe("safeTrainingEstimate", () => {
  it("returns the engine's issues for an impossible layout instead of throwing, naming the field", () => {
    const outcome = safeTrainingEstimate({...base, workload: {...workload, tensorParallel: 3}});
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.issues.some((i) => i.startsWith("hardware.count: got 8, expected a multiple of tensorParallel × pipelineParallel"))).toBe(true);
    // Llama 3.1 8B has 32 attention heads (config.json num_attention_heads).
    expect(outcome.issues.some((i) => i.includes("expected a divisor of the 32 attention heads"))).toBe(true);
  });

  it("passes a possible layout through", () => {
    const outcome = safeTrainingEstimate(base);
    expect(outcome.ok && outcome.result.memory.totalBytes).toBe(trainingEstimate(base).memory.totalBytes);
  });
});

describe("candidateLayouts", () => {
  it("offers TP × PP pairs that divide the GPU count, starting with no model parallelism", () => {
    const layouts = candidateLayouts({gpuCount: 8, current: {tensorParallel: 1, pipelineParallel: 1}});
    expect(layouts[0]).toEqual({tensorParallel: 1, pipelineParallel: 1});
    for (const l of layouts) expect(8 % (l.tensorParallel * l.pipelineParallel)).toBe(0);
    expect(layouts.length).toBe(5);
  });

  it("always includes the reader's own layout, even an impossible one, second", () => {
    const layouts = candidateLayouts({gpuCount: 8, current: {tensorParallel: 3, pipelineParallel: 1}});
    expect(layouts[1]).toEqual({tensorParallel: 3, pipelineParallel: 1});
  });

  it("offers only TP 1 × PP 1 on one GPU", () => {
    expect(candidateLayouts({gpuCount: 1, current: {tensorParallel: 1, pipelineParallel: 1}})).toEqual([{tensorParallel: 1, pipelineParallel: 1}]);
  });
});

describe("layoutSweep", () => {
  const rows = layoutSweep(base, [{tensorParallel: 1, pipelineParallel: 1}, {tensorParallel: 3, pipelineParallel: 1}, {tensorParallel: 8, pipelineParallel: 1}]);
  const at = (t: number, z: number) => rows.find((r) => r.tensorParallel === t && r.zeroStage === z)!;

  it("divides the optimizer state by the 8 data-parallel replicas from ZeRO stage 1 on (ZeRO paper, Figure 1)", () => {
    expect(at(1, 0).parts!.optimizer / at(1, 1).parts!.optimizer).toBeCloseTo(8, 9);
    expect(at(1, 1).parts!.gradients / at(1, 2).parts!.gradients).toBeCloseTo(8, 9);
    expect(at(1, 2).parts!.weights / at(1, 3).parts!.weights).toBeCloseTo(8, 9);
  });

  it("shrinks per-GPU memory at every ZeRO stage", () => {
    for (const z of [1, 2, 3]) expect(at(1, z).totalBytes!).toBeLessThan(at(1, z - 1).totalBytes!);
  });

  it("finds nothing to shard with TP 8 on 8 GPUs (one replica): all four stages are equal", () => {
    const totals = [0, 1, 2, 3].map((z) => at(8, z).totalBytes);
    expect(new Set(totals).size).toBe(1);
  });

  it("keeps the engine's reasons for the impossible TP 3 rows", () => {
    for (const z of [0, 1, 2, 3]) {
      expect(at(3, z).parts).toBeNull();
      expect(at(3, z).issues.length).toBeGreaterThan(0);
    }
  });
});

describe("memorySweep", () => {
  const values = powersOfTwo(1, 16);
  const series = memorySweep(base, {axis: "microBatch", values});

  it("orders the policies at every micro-batch: none ≥ selective ≥ full (Korthikanti et al. 2022, Table 2)", () => {
    const [none, selective, full] = series;
    values.forEach((_, i) => {
      expect(none!.points[i]!.totalBytes).toBeGreaterThanOrEqual(selective!.points[i]!.totalBytes);
      expect(selective!.points[i]!.totalBytes).toBeGreaterThan(full!.points[i]!.totalBytes);
    });
  });

  it("reports as the limit the largest micro-batch that fits: it fits, one more does not", () => {
    for (const s of series) {
      const total = (b: number) => trainingEstimate({...base, workload: {...workload, activationCheckpointing: s.policy, microBatchSize: b}}).memory.totalBytes;
      expect(s.limit).toBeGreaterThan(0);
      expect(total(s.limit)).toBeLessThanOrEqual(gpu.memoryBytes);
      expect(total(s.limit + 1)).toBeGreaterThan(gpu.memoryBytes);
    }
  });

  it("sweeps the sequence length too, memory rising with it", () => {
    const bySequence = memorySweep(base, {axis: "sequenceLength", values: [1024, 2048, 4096], solverLimit: 2 ** 18});
    for (const s of bySequence) {
      expect(s.points[1]!.totalBytes).toBeGreaterThan(s.points[0]!.totalBytes);
      expect(s.points[2]!.totalBytes).toBeGreaterThan(s.points[1]!.totalBytes);
    }
  });

  it("returns no series for an impossible layout", () => {
    expect(memorySweep({...base, workload: {...workload, tensorParallel: 3}}, {axis: "microBatch", values})).toEqual([]);
  });
});

describe("powersOfTwo", () => {
  it("lists the powers of two in range with the extra values merged in order", () => {
    expect(powersOfTwo(1, 16, [3, 100])).toEqual([1, 2, 3, 4, 8, 16]);
  });
});

describe("remembered engine answers (what a moving input asks again)", () => {
  it("gives the engine's own estimate, and the same one again for the same case", () => {
    const c: TrainingCase = {...base, workload: {...workload, microBatchSize: 3}};
    const first = rememberedEstimate(c);
    expect(first).toEqual(safeTrainingEstimate(c));
    expect(rememberedEstimate({...c, workload: {...c.workload}})).toBe(first);
    expect(rememberedEstimate({...c, workload: {...c.workload, microBatchSize: 4}})).toEqual(safeTrainingEstimate({...c, workload: {...c.workload, microBatchSize: 4}}));
    const impossible = rememberedEstimate({...c, workload: {...c.workload, tensorParallel: 3}});
    expect(impossible.ok).toBe(false);
  });

  it("gives lib's largest micro-batch and sequence, whatever the micro-batch or sequence the case holds", () => {
    for (const microBatchSize of [1, 2, 8]) {
      const c: TrainingCase = {...base, workload: {...workload, microBatchSize, activationCheckpointing: "full"}};
      expect(rememberedLimit(c, "microBatch", 4096)).toBe(maxMicroBatchSize({...c, limit: 4096}));
      expect(rememberedLimit(c, "sequenceLength", 2 ** 21)).toBe(maxSequenceLength({...c, limit: 2 ** 21}));
    }
    for (const sequenceLength of [1024, 8192]) {
      const c: TrainingCase = {...base, workload: {...workload, sequenceLength}};
      expect(rememberedLimit(c, "microBatch", 4096)).toBe(maxMicroBatchSize({...c, limit: 4096}));
      expect(rememberedLimit(c, "sequenceLength", 2 ** 21)).toBe(maxSequenceLength({...c, limit: 2 ** 21}));
    }
  });

  it("gives a sweep at once only when every answer it needs is remembered, having computed nothing new before", () => {
    // A micro-batch no other test asks for, on a layout of its own.
    const c: TrainingCase = {...base, gpuCount: 16, workload: {...workload, microBatchSize: 7}};
    const layouts = candidateLayouts({gpuCount: 16, current: {tensorParallel: 2, pipelineParallel: 2}});
    expect(ifRemembered(() => layoutSweep(c, layouts))).toBeUndefined();
    // Nothing was remembered by the abandoned run: the first row is still unknown.
    expect(ifRemembered(() => rememberedEstimate(c))).toBeUndefined();
    const rows = layoutSweep(c, layouts);
    expect(ifRemembered(() => layoutSweep(c, layouts))).toEqual(rows);
    // The largest micro-batch does not depend on the micro-batch: solved once, it is known at any other.
    expect(ifRemembered(() => rememberedLimit(c, "microBatch", 4096))).toBeUndefined();
    const largest = rememberedLimit(c, "microBatch", 4096);
    expect(ifRemembered(() => rememberedLimit({...c, workload: {...c.workload, microBatchSize: 9}}, "microBatch", 4096))).toBe(largest);
  });

  it("gives lib's largest micro-batch and sequence (its bisection's answer) on small and long sequences, every policy", () => {
    const cases: TrainingCase[] = [];
    for (const [microBatchSize, sequenceLength, activationCheckpointing] of [[1, 4096, "full"], [48, 4096, "full"], [5, 16384, "none"], [2, 512, "selective"],
      [33, 2048, "full"], [1, 131072, "full"], [12, 8192, "none"]] as const) {
      cases.push({...base, gpuCount: 4, workload: {...workload, microBatchSize, sequenceLength, activationCheckpointing, zeroStage: 2}});
    }
    // Quadratic in the sequence (no FlashAttention), a pipeline (the first stage is the fullest), LoRA.
    cases.push({...base, workload: {...workload, flashAttention: false, activationCheckpointing: "none", microBatchSize: 3}});
    cases.push({...base, workload: {...workload, pipelineParallel: 2, gradientAccumulation: 8, zeroStage: 1, microBatchSize: 2}});
    cases.push({...base, gpuCount: 1, workload: {...workload, method: "lora", lora: {rank: 16, targets: ["q_proj", "v_proj"]}, zeroStage: 0, microBatchSize: 4}});
    for (const c of [...cases, ...cases.reverse()]) {
      expect(rememberedLimit(c, "microBatch", 4096)).toBe(maxMicroBatchSize({...c, limit: 4096}));
      expect(rememberedLimit(c, "sequenceLength", 2 ** 21)).toBe(maxSequenceLength({...c, limit: 2 ** 21}));
    }
  });
});

