/**
 * The Planner's worker (issue 11, "One frame"): answers the jobs of components/planJobs.ts on a
 * core of its own, so that a slider move re-plans while the page stays free to paint. Started by
 * components/offThread.ts; one message in ({id, job}), one out ({id, answer} or {id, error}).
 */
import {runJob, type Job} from "./planJobs.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{id: number; job: Job}>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (event) => {
  const {id, job} = event.data;
  try {
    scope.postMessage({id, answer: runJob(job)});
  } catch (error) {
    scope.postMessage({id, error: error instanceof Error ? error.message : String(error)});
  }
};
