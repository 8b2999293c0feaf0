import {describe, expect, it} from "vitest";
import {GPU_CATALOG} from "../../lib/catalog/index.ts";
import {planScenario} from "../../lib/planner.ts";
import {planToTarget} from "../../lib/planner/servingTarget.ts";
import {resolveModel} from "../../lib/resolve.ts";
import {offThreadWith, type WorkerLike} from "../../src/components/offThread.ts";
import {rehearsalsOf, runJob, type PlanAnswer, type PlanJob, type TargetJob} from "../../src/components/planJobs.ts";
import {plannerScenario, type PlannerInputs} from "../../src/components/planFile.ts";

const ALL = GPU_CATALOG.map((g) => g.id);
const page: PlannerInputs = {
  model: "llama-3.1-8b", mode: "serving", promptTokens: 1024, outputTokens: 256, load: "concurrency", concurrency: 32,
  targetThroughputTokensPerSecond: 10000, maxTtftSeconds: 2, maxTpotMs: 50, engine: "vllm", trainingTokens: 1e11, deadlineDays: 30,
  method: "full", precision: "bf16-mixed", sequenceLength: 4096, mfu: 0.4, gpuIds: ALL, allGpuIds: ALL
};
const planJob = (promptTokens: number): PlanJob => ({kind: "plan", scenario: plannerScenario({...page, promptTokens})});
const arch = resolveModel("llama-3.1-8b").arch;
const targets = {maxTimeToFirstTokenSeconds: 2, maxTimePerOutputTokenSeconds: 0.05};
const targetJob: TargetJob = {kind: "target", arch, engine: "vllm", promptTokens: 1024, outputTokens: 256,
  gpuIds: ["h100-sxm", "l40s", "a100-sxm-80gb"], concurrency: 32, targets, top: 10};

/** A stand-in for a Worker: records what it is sent; the test answers with `reply` or fails it with `fail`. */
function fakeWorker() {
  const sent: {id: number; job: PlanJob}[] = [];
  let terminated = false;
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage: (message) => { sent.push(message as {id: number; job: PlanJob}); },
    terminate: () => { terminated = true; }
  };
  const reply = (index: number, data: Record<string, unknown>) =>
    worker.onmessage!({data: {id: sent[index]!.id, ...data}} as MessageEvent);
  const fail = () => worker.onerror!({preventDefault() {}} as ErrorEvent);
  return {worker, sent, reply, fail, terminated: () => terminated};
}

describe("offThread: the Planner's searches on another core", () => {
  it("answers a plan job where no worker starts with exactly what planScenario gives for the same file", async () => {
    const ask = offThreadWith(() => null);
    const job = planJob(1024);
    const {planned, computeMs} = await ask(job);
    expect(planned).toEqual(planScenario(job.scenario));
    expect(computeMs).toBeGreaterThanOrEqual(0);
  });

  it("sends back the target plan's cheapest rows and how many configurations met the targets, as planToTarget ranks them", () => {
    const gpus = targetJob.gpuIds.map((id) => GPU_CATALOG.find((g) => g.id === id)!);
    const whole = planToTarget({arch, engine: "vllm", promptTokens: 1024, outputTokens: 256, gpus, concurrency: 32, targets});
    const answer = runJob(targetJob);
    expect(whole.rows.length).toBeGreaterThan(10);
    expect(answer.meeting).toBe(whole.rows.length);
    expect(answer.configurations).toBe(whole.configurations);
    expect(answer.rows).toEqual(whole.rows.slice(0, 10));
  });

  it("answers the same target plan for a structured clone of the architecture, as a worker receives it", () => {
    expect(runJob({...targetJob, arch: structuredClone(arch)}).rows).toEqual(runJob(targetJob).rows);
  });

  it("rehearses a serving question at prompts and outputs from an eighth to eight times the reader's, then the question itself", () => {
    const plan = rehearsalsOf(planJob(1000)) as PlanJob[];
    const tokens = (j: PlanJob) => {
      const w = j.scenario.workload as {promptTokens: number; outputTokens: number};
      return [w.promptTokens, w.outputTokens];
    };
    expect(plan.map(tokens)).toEqual([[2000, 256], [1000, 512], [500, 256], [1000, 128], [4000, 256], [1000, 1024], [250, 256], [1000, 64],
      [8000, 256], [125, 256], [1000, 256]]);
    expect(plan.at(-1)).toEqual(planJob(1000));
    // Every rehearsal is a question the planner answers (the prompt never falls below one token).
    for (const job of rehearsalsOf(planJob(1))) expect((runJob(job) as PlanAnswer).planned.ok).toBe(true);
    const target = rehearsalsOf(targetJob) as TargetJob[];
    expect(target.map((j) => [j.promptTokens, j.outputTokens]).slice(0, 3)).toEqual([[2048, 256], [1024, 512], [512, 256]]);
    expect(target.at(-1)).toEqual(targetJob);
  });

  it("rehearses no training question (one long search, warm after the first)", () => {
    expect(rehearsalsOf({kind: "plan", scenario: plannerScenario({...page, mode: "training"})})).toEqual([]);
  });

  it("names an unknown GPU id instead of planning without it", () => {
    expect(() => runJob({...targetJob, gpuIds: ["h100-sxm", "no-such-gpu"]})).toThrow(/gpuIds: got "no-such-gpu"/);
  });

  it("keeps one job in flight per lane, and answers a job superseded while it waited with the newest job's answer", async () => {
    const fake = fakeWorker();
    const ask = offThreadWith(() => fake.worker);
    const first = ask(planJob(100));
    const second = ask(planJob(200));
    const third = ask(planJob(300));
    expect(fake.sent.map((m) => (m.job.scenario.workload as {promptTokens: number}).promptTokens)).toEqual([100]);
    fake.reply(0, {answer: "answer to 100"});
    expect(await first).toBe("answer to 100");
    // The second was replaced by the third while it waited: only the third is sent.
    expect(fake.sent.map((m) => (m.job.scenario.workload as {promptTokens: number}).promptTokens)).toEqual([100, 300]);
    fake.reply(1, {answer: "answer to 300"});
    expect(await second).toBe("answer to 300");
    expect(await third).toBe("answer to 300");
  });

  it("rejects with the worker's message when the planner throws there", async () => {
    const fake = fakeWorker();
    const pending = offThreadWith(() => fake.worker)(planJob(100));
    fake.reply(0, {error: "plan: something went wrong"});
    await expect(pending).rejects.toThrow("plan: something went wrong");
  });

  it("answers on this thread, with the planner's numbers, when its worker fails to start", async () => {
    const fake = fakeWorker();
    const ask = offThreadWith(() => fake.worker);
    const job = planJob(512);
    const pending = ask(job);
    fake.fail();
    expect(fake.terminated()).toBe(true);
    expect((await pending).planned).toEqual(planScenario(job.scenario));
    // From then on the lane answers here, without the worker.
    expect((await ask(planJob(600))).planned).toEqual(planScenario(planJob(600).scenario));
    expect(fake.sent).toHaveLength(1);
  });
});
