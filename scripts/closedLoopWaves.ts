/**
 * Does a closed-loop benchmark's start-up burst persist past its first round? Runs the simulated
 * InferenceX client (lib/serving/simulate.ts) with a toy step time τ = τ_d + (p > 0 ? τ_p0 + p·τ_tok : 0)
 * at 1k/1k, B = 8192, 10 requests per client, for range ratio 0.8 (InferenceX) and 1 (fixed
 * lengths), next to the analytic closed loop (steady.ts) with the same step time.
 *
 *     npx tsx scripts/closedLoopWaves.ts [C τ_d τ_p0 τ_tok]      (defaults: 64 0.013 0.037 2e-6)
 */
import {simulateClosedLoop} from "../lib/serving/simulate.ts";
import {closedLoop} from "../lib/serving/steady.ts";
import type {ReplicaModel} from "../lib/serving/step.ts";

const [C, tauD, tauP0, tauTok] = process.argv.length > 2 ? process.argv.slice(2, 6).map(Number) : [64, 0.013, 0.037, 2e-6];
const step = (d: number, p: number) => tauD + (p > 0 ? tauP0 + p * tauTok : 0);
const model = {serving: {requestOverheadSeconds: 0.01, admissionSteps: 1.5, hostRunsAhead: false, draftStepSeconds: 0}, arch: {layers: 1},
  stepSeconds: (l: {prefillTokens: number; decodeRequests: number}) => ({seconds: step(l.decodeRequests, l.prefillTokens), kvSeconds: 0, weightSeconds: 0, computeSeconds: 0})
} as unknown as ReplicaModel;
const limits = {maxBatchedTokens: 8192, maxRunningRequests: 1024};
for (const r of [0.8, 1]) {
  const mean = 1024 * (1 + r) / 2;
  const shape = {promptTokens: mean, outputTokens: mean, prefixCacheHitRate: 0, speculative: null};
  const runs = [1, 2, 3].map((seed) => simulateClosedLoop({concurrency: C, promptTokens: 1024, outputTokens: 1024, rangeRatio: r,
    requestsPerClient: 10, maxBatchedTokens: 8192, overheadSeconds: 0.01, admissionLagSteps: 0.5, stepSeconds: step, seed}));
  const avg = (k: "meanTtftSeconds" | "firstRoundTtftSeconds" | "laterRoundsTtftSeconds") => runs.reduce((s, x) => s + x[k], 0) / runs.length;
  const steady = closedLoop(model, shape, limits, C).timeToFirstTokenSeconds;
  const withWave = closedLoop(model, shape, limits, C, true).timeToFirstTokenSeconds;
  console.log(`range ratio ${r}: simulated mean TTFT ${avg("meanTtftSeconds").toFixed(4)} s (first round ${avg("firstRoundTtftSeconds").toFixed(4)}, ` +
    `later rounds ${avg("laterRoundsTtftSeconds").toFixed(4)}); analytic steady ${steady.toFixed(4)} s, with first wave ${withWave.toFixed(4)} s`);
}
