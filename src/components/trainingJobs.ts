/**
 * The Training chapter's sweeps and solvers as plain-data jobs (issue 11, "One frame"), answered
 * at once or after the frame by components/sweepSoon.ts, with the page's own sweeps:
 *
 * - `limit`: the largest micro-batch or sequence that fits (trainingSweeps.ts rememberedLimit);
 * - `memory`: memory against the micro-batch or the sequence per checkpointing policy (memorySweep);
 * - `buffers`: the buffers against the sequence length (bufferSweep.ts bufferSweep);
 * - `layouts`: every ZeRO stage on each tensor × pipeline layout (layoutSweep).
 */
import {bufferSweep, type BufferPoint} from "./bufferSweep.js";
import {layoutSweep, memorySweep, rememberedLimit, type LayoutRow, type MemorySweepSeries, type SweepAxis, type TrainingCase} from "./trainingSweeps.js";

export type TrainingJob =
  | {kind: "limit"; c: TrainingCase; axis: SweepAxis; limit: number}
  | {kind: "memory"; c: TrainingCase; axis: SweepAxis; values: readonly number[]; solverLimit: number}
  | {kind: "buffers"; c: TrainingCase; lengths: readonly number[]}
  | {kind: "layouts"; c: TrainingCase; layouts: readonly {tensorParallel: number; pipelineParallel: number}[]};

export type TrainingAnswerOf<J extends TrainingJob> =
  J extends {kind: "limit"} ? number : J extends {kind: "memory"} ? MemorySweepSeries[] : J extends {kind: "buffers"} ? BufferPoint[] : LayoutRow[];

/** Answers one job with the page's own sweeps (pure but for the engine answers they remember). */
export function runTrainingJob<J extends TrainingJob>(job: J): TrainingAnswerOf<J> {
  const {c} = job;
  switch (job.kind) {
    case "limit":
      return rememberedLimit(c, job.axis, job.limit) as TrainingAnswerOf<J>;
    case "memory":
      return memorySweep(c, {axis: job.axis, values: job.values, solverLimit: job.solverLimit}) as TrainingAnswerOf<J>;
    case "buffers":
      return bufferSweep(c, job.lengths) as TrainingAnswerOf<J>;
    default:
      return layoutSweep(c, (job as Extract<TrainingJob, {kind: "layouts"}>).layouts) as TrainingAnswerOf<J>;
  }
}
