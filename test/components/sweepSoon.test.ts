import {describe, expect, it} from "vitest";
import {findGpu} from "../../lib/catalog/index.ts";
import {resolveModel} from "../../lib/resolve.ts";
import type {TrainingWorkload} from "../../lib/scenario.ts";
import {bufferSweep} from "../../src/components/bufferSweep.ts";
import {jobKey, sweepSoon} from "../../src/components/sweepSoon.ts";
import type {TrainingJob} from "../../src/components/trainingJobs.ts";
import {candidateLayouts, layoutSweep, memorySweep, powersOfTwo, rememberedLimit, type TrainingCase} from "../../src/components/trainingSweeps.ts";

const arch = resolveModel("qwen2.5-7b").arch;
const gpu = findGpu("a100-sxm-80gb")!;
const workload: TrainingWorkload = {type: "training", method: "full", precision: "bf16-mixed", optimizer: "adamw", framework: "deepspeed",
  microBatchSize: 1, sequenceLength: 4096, gradientAccumulation: 8, activationCheckpointing: "full", flashAttention: true,
  zeroStage: 3, tensorParallel: 1, pipelineParallel: 1, expertParallel: 1, sequenceParallel: false, mfu: 0.4, trainingTokens: 1e9};
const caseAt = (microBatchSize: number, sequenceLength = 4096, more: Partial<TrainingWorkload> = {}): TrainingCase =>
  ({arch, gpu, gpuCount: 8, workload: {...workload, microBatchSize, sequenceLength, ...more}});

describe("sweepSoon: the Training sweeps at once when known, else after the frame", () => {
  it("answers a new question after the frame with exactly the sweep's own answer, and the same question again at once", async () => {
    const job: TrainingJob = {kind: "buffers", c: caseAt(3, 2048), lengths: powersOfTwo(512, 32768)};
    const first = sweepSoon(job);
    expect(first).toBeInstanceOf(Promise);
    const points = await first;
    expect(points).toEqual(bufferSweep(caseAt(3, 2048), powersOfTwo(512, 32768)));
    expect(sweepSoon(job)).toBe(points);
    // The sequence the buffer sweep sets itself asks nothing new.
    expect(sweepSoon({...job, c: caseAt(3, 16384)})).toBe(points);
  });

  it("leaves out of a job's question only the fields the job sets itself", () => {
    const layouts = candidateLayouts({gpuCount: 8, current: {tensorParallel: 1, pipelineParallel: 1}});
    const key = (job: TrainingJob) => jobKey(job);
    // The largest micro-batch does not depend on the micro-batch; it does on the sequence.
    expect(key({kind: "limit", c: caseAt(2), axis: "microBatch", limit: 4096})).toBe(key({kind: "limit", c: caseAt(9), axis: "microBatch", limit: 4096}));
    expect(key({kind: "limit", c: caseAt(2), axis: "microBatch", limit: 4096})).not.toBe(key({kind: "limit", c: caseAt(2, 8192), axis: "microBatch", limit: 4096}));
    // The memory sweep sets its axis and the checkpointing policy; the other axis counts.
    const memory = (c: TrainingCase): TrainingJob => ({kind: "memory", c, axis: "microBatch", values: [1, 2, 4], solverLimit: 4096});
    expect(key(memory(caseAt(2)))).toBe(key(memory(caseAt(5, 4096, {activationCheckpointing: "none"}))));
    expect(key(memory(caseAt(2)))).not.toBe(key(memory(caseAt(2, 2048))));
    // The layout sweep sets the layout and the ZeRO stage, not the gradient accumulation (pipelines take at least p).
    const rows = (c: TrainingCase): TrainingJob => ({kind: "layouts", c, layouts});
    expect(key(rows(caseAt(2)))).toBe(key(rows(caseAt(2, 4096, {zeroStage: 1}))));
    expect(key(rows(caseAt(2)))).not.toBe(key(rows(caseAt(2, 4096, {gradientAccumulation: 1}))));
  });

  it("gives each kind of job the page's own sweep or solver", async () => {
    const c = caseAt(4, 3072);
    const layouts = candidateLayouts({gpuCount: 8, current: {tensorParallel: 2, pipelineParallel: 1}});
    expect(await sweepSoon({kind: "layouts", c, layouts})).toEqual(layoutSweep(c, layouts));
    expect(await sweepSoon({kind: "limit", c, axis: "sequenceLength", limit: 2 ** 21})).toBe(rememberedLimit(c, "sequenceLength", 2 ** 21));
    expect(await sweepSoon({kind: "memory", c, axis: "sequenceLength", values: powersOfTwo(512, 8192), solverLimit: 2 ** 21}))
      .toEqual(memorySweep(c, {axis: "sequenceLength", values: powersOfTwo(512, 8192), solverLimit: 2 ** 21}));
  });
});
