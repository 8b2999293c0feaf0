/**
 * The Training chapter's sweeps and solvers off the input path (issue 11, "One frame"). A slider
 * move on Training asks up to five of them (two solvers, the memory sweep, the buffer sweep, the
 * ZeRO × layout sweep): some 60–100 engine estimates for values not seen before, more than a
 * frame. `sweepSoon(job)` answers a job (components/trainingJobs.ts)
 * - at once when the answer is known: the same question asked before on this page (a slider
 *   moved back; a job's key leaves out the fields the job sets itself, so moving the swept or
 *   solved-for input asks nothing new), or every engine answer it needs is remembered
 *   (trainingSweeps.ts ifRemembered);
 * - else after the frame that shows the move's numbers (later.ts `later`).
 * Either way the answer is runTrainingJob's, so the figures are the same.
 *
 * (A worker for these jobs was tried: on two busy cores it took the main thread's core as often
 * as a free one, and a move ended later, not sooner.)
 *
 * @example const layoutRows = sweepSoon({kind: "layouts", c: trainingCase, layouts});   // rows, or a promise of them
 */
import type {TrainingWorkload} from "../lib/scenario.js";
import {boundedCache} from "../lib/memo.js";
import {later} from "./later.js";
import {runTrainingJob, type TrainingAnswerOf, type TrainingJob} from "./trainingJobs.js";
import {caseKey, ifRemembered} from "./trainingSweeps.js";

/** Answers kept by job (the last ones asked): a slider moved back is answered at once. */
export const KEPT_ANSWERS = 400;

/**
 * The workload fields a job's answer does not depend on, as the job sets them itself: the solved-for
 * field of a limit, the swept field and the policy of the memory sweep, the sequence of the buffer
 * sweep, the layout and ZeRO stage of the layout sweep (a layout's validity does not depend on them).
 */
const OVERRIDDEN: {[K in TrainingJob["kind"]]: (job: Extract<TrainingJob, {kind: K}>) => readonly (keyof TrainingWorkload)[]} = {
  limit: (job) => [job.axis === "microBatch" ? "microBatchSize" : "sequenceLength"],
  memory: (job) => [job.axis === "microBatch" ? "microBatchSize" : "sequenceLength", "activationCheckpointing"],
  buffers: () => ["sequenceLength"],
  layouts: () => ["tensorParallel", "pipelineParallel", "zeroStage"]
};

/**
 * The job's key: its kind and fields, and the case (model and GPU by identity, trainingSweeps.ts
 * caseKey) without the fields the job overrides.
 */
export function jobKey(job: TrainingJob): string {
  const {c, ...rest} = job;
  const workload = {...c.workload} as Record<string, unknown>;
  for (const field of (OVERRIDDEN[job.kind] as (job: TrainingJob) => readonly string[])(job)) delete workload[field];
  return `${caseKey(c, workload as unknown as TrainingWorkload)}|${JSON.stringify(rest)}`;
}

const answers = boundedCache<unknown>(KEPT_ANSWERS);
const keep = (key: string, answer: unknown) => answers.set(key, answer);

/** Answers `job` at once when known, else after the frame; see the module comment. */
export function sweepSoon<J extends TrainingJob>(job: J): TrainingAnswerOf<J> | Promise<TrainingAnswerOf<J>> {
  const key = jobKey(job);
  if (answers.has(key)) return answers.get(key) as TrainingAnswerOf<J>;
  const known = ifRemembered(() => runTrainingJob(job));
  if (known !== undefined) return keep(key, known) as TrainingAnswerOf<J>;
  return later(() => keep(key, runTrainingJob(job)) as TrainingAnswerOf<J>);
}
