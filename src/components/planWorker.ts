/**
 * The Planner's worker (issue 11, "One frame"): answers the jobs of components/planJobs.ts on a
 * core of its own, so that a slider move re-plans while the page stays free to paint. Started by
 * components/offThread.ts; one message in ({id, job}), one out ({id, answer} or {id, error}).
 */
import {rehearsalsOf, runJob, type Job} from "./planJobs.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{id: number; job: Job}>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
// After its first answer the worker rehearses questions near it, one per task (planJobs.ts rehearsalsOf), so that
// its code is optimised before the reader's first move; a real job stops the rehearsal.
let rehearsed = false;
let rehearsal: Job[] = [];
const rehearse = () => {
  const next = rehearsal.shift();
  if (!next) return;
  try {
    runJob(next);
  } catch {
    rehearsal = [];
    return;
  }
  setTimeout(rehearse, 0);
};

scope.onmessage = (event) => {
  const {id, job} = event.data;
  rehearsal = [];
  try {
    scope.postMessage({id, answer: runJob(job)});
  } catch (error) {
    scope.postMessage({id, error: error instanceof Error ? error.message : String(error)});
  }
  if (!rehearsed) {
    rehearsed = true;
    rehearsal = rehearsalsOf(job);
    setTimeout(rehearse, 0);
  }
};
