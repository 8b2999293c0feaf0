/**
 * The Planner's searches on another core (issue 11, "One frame"). A slider move on the Planner
 * asks two searches over the whole catalog (the ranked static plans and the continuous-batching
 * plan to the targets), some 25 ms together on a laptop core, plus the garbage they leave. Here
 * each kind of job has a lane: a module worker of its own (components/planWorker.ts), so the two
 * run at once on two cores while the page's own figures are painted.
 *
 * A lane holds one job in flight and at most one waiting: a newer job replaces the waiting one
 * (a drag asks many; only the last matters) and the superseded promise resolves with the newer
 * answer, which the page no longer reads (Framework keeps only a cell's latest value). Where no
 * worker can start (no `Worker`, a failed start), the job runs right here, synchronously, with
 * the same function (components/planJobs.ts `runJob`), so the answer is the same either way.
 *
 * @example
 *     const planning = offThread({kind: "plan", scenario: planFile});   // Promise<{planned, computeMs}>
 */
import {runJob, type AnswerOf, type Job} from "./planJobs.js";

/** What a lane needs of a worker (a browser `Worker`, or a test's stand-in). */
export interface WorkerLike {
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}

interface Waiter {
  resolve: (answer: unknown) => void;
  reject: (error: Error) => void;
}

interface Lane {
  worker: WorkerLike | null;
  inFlight: {id: number; job: Job; waiters: Waiter[]} | null;
  waiting: {job: Job; waiters: Waiter[]} | null;
}

/**
 * An `offThread` whose lanes start their workers with `startWorker` (null: no worker, answer here).
 * @example const ask = offThreadWith(() => null); await ask({kind: "plan", scenario})   // on this thread
 */
export function offThreadWith(startWorker: () => WorkerLike | null): <J extends Job>(job: J) => Promise<AnswerOf<J>> {
  const lanes = new Map<Job["kind"], Lane>();
  let nextId = 1;

  const send = (lane: Lane, job: Job, waiters: Waiter[]) => {
    const id = nextId++;
    lane.inFlight = {id, job, waiters};
    lane.worker!.postMessage({id, job});
  };

  const laneFor = (kind: Job["kind"]): Lane => {
    const known = lanes.get(kind);
    if (known) return known;
    const lane: Lane = {worker: startWorker(), inFlight: null, waiting: null};
    lanes.set(kind, lane);
    if (lane.worker) {
      lane.worker.onmessage = (event: MessageEvent<{id: number; answer?: unknown; error?: string}>) => {
        const done = lane.inFlight;
        if (!done || done.id !== event.data.id) return;
        lane.inFlight = null;
        if (event.data.error !== undefined) for (const w of done.waiters) w.reject(new Error(event.data.error));
        else for (const w of done.waiters) w.resolve(event.data.answer);
        const waiting = lane.waiting;
        lane.waiting = null;
        if (waiting) send(lane, waiting.job, waiting.waiters);
      };
      // A worker that fails (its module did not load) hands its jobs back to this thread, and the lane answers here from then on.
      lane.worker.onerror = (event) => {
        event.preventDefault();
        lane.worker?.terminate();
        lane.worker = null;
        const pending = [lane.inFlight, lane.waiting];
        lane.inFlight = lane.waiting = null;
        for (const p of pending) if (p) settleHere(p.job, p.waiters);
      };
    }
    return lane;
  };

  return <J extends Job>(job: J) => new Promise<AnswerOf<J>>((resolve, reject) => {
    const lane = laneFor(job.kind);
    const waiter: Waiter = {resolve: resolve as (answer: unknown) => void, reject};
    if (!lane.worker) return settleHere(job, [waiter]);
    if (!lane.inFlight) return send(lane, job, [waiter]);
    if (lane.waiting) {
      lane.waiting.job = job;
      lane.waiting.waiters.push(waiter);
    } else {
      lane.waiting = {job, waiters: [waiter]};
    }
  });
}

/** Answers `job` on its lane's worker (components/planWorker.ts), or here where none can start. */
export const offThread = offThreadWith(startPlanWorker);

function startPlanWorker(): WorkerLike | null {
  if (typeof Worker !== "function") return null;
  try {
    return new Worker(import.meta.resolve("./planWorker.js"), {type: "module"});
  } catch {
    return null;
  }
}

function settleHere(job: Job, waiters: Waiter[]): void {
  try {
    const answer = runJob(job);
    for (const w of waiters) w.resolve(answer);
  } catch (error) {
    for (const w of waiters) w.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
