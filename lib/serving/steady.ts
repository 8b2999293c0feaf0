/**
 * The steady state of continuous batching on one replica (step.ts gives each step's time).
 *
 * Closed loop, C requests in flight, R = min(C, R_max) of them running (R_max: the engine's
 * cap on running requests and what its KV pool holds at the mean context P + O/2). Per request:
 * n_c = ⌈P_eff / (B − d·(1+k))⌉ prefill chunks (P_eff = P·(1 − h) uncached tokens, B the token
 * budget per step, d decoding requests each verifying 1+k tokens), then (O − 1)/e decode steps,
 * e the expected tokens per step. With τ̄ the mean step and τ_p a step carrying a chunk:
 *
 *     X      = R / (t_req + a·τ̄ + n_c·τ_p + (O−1)/e·τ̄)   requests/s (Little's law)
 *     d      = X·(O−1)/e·τ̄                               requests decoding in a step
 *     f      = min(1, X·n_c·τ̄)                           share of steps carrying a prefill chunk
 *     p      = X·P_eff·τ̄ / f  (≤ B − d·(1+k))            prefill tokens in such a step
 *     τ̄      = f·τ(d, p) + (1 − f)·τ(d, 0)              solved as a fixed point
 *     TTFT   = t_req + w + (a − ½)·τ̄ + n_c·τ_p + queue,  queue = (C − R)/X (+ prefill backlog)
 *              + W_slot (prompts queued ahead for the prefill slot, prefillSlotWaitSeconds)
 *     TPOT   = τ̄ / e;   E2E = TTFT + (O − 1)·TPOT
 *
 * w: the wait for the step running when the request arrives. In a closed loop a client sends its
 * next request right after its previous one's last token, i.e. just after a step ended: w = τ̄.
 * Poisson arrivals land at random instants, in a step with probability ∝ its length (renewal
 * theory): w = E[τ²]/(2E[τ]) = (f·τ_p² + (1 − f)·τ_d²)/(2τ̄). (a − ½)·τ̄: the further steps
 * before the request's first chunk runs and its token is streamed when the engine schedules
 * ahead (engines.ts admissionSteps, which counts the mean residual as ½).
 *
 * Held prefills (TensorRT-LLM PyExecutor `batch_wait_timeout_iters` W, with
 * `batch_wait_max_tokens_ratio`): while decode requests run, a new prompt is not scheduled until
 * W steps have passed since the first held prompt or the held prompt tokens reach the ratio of
 * the step budget. With λ = R/(t_req/τ̄ + n_c + a + (O−1)/e + h) prompts arriving per step, the
 * first prompt of a window waits W steps and the λ·W that join it W/2 on average:
 *
 *     h = W·(1 + λW/2)/(1 + λW) steps, added to TTFT (h·τ̄) and to each request's service time.
 *
 * The token threshold's early release is not modelled (an upper bound): at the 0.9 ratio
 * InferenceX sets it needs about two held 1k prompts, which at ≤ 64 in flight and 1k outputs
 * arrive less often than W = 20 steps. The
 * TPOT thus carries the prefill chunks of other requests that share its steps (Sarathi-Serve,
 * Agrawal et al. 2024), and TTFT the decode work interleaved with its own chunks.
 *
 * Speculative decoding (Leviathan et al. 2023, "Fast inference from transformers via
 * speculative decoding", eq. 1): with k tokens proposed, each accepted with probability a,
 *
 *     e = (1 − a^(k+1)) / (1 − a)        (= k + 1 when a = 1)
 *
 * and each step verifies 1 + k tokens per request plus k draft passes of one layer and the LM
 * head (EAGLE's draft head and DeepSeek-V3's MTP module are one transformer layer).
 *
 * Open loop (Poisson arrivals λ per replica): the in-flight count N solves X(N) = λ; when λ ≥
 * X(R_max) the deployment is saturated (the queue grows without bound) and the figures are those
 * of the full server. Waiting for the prefill slot adds the M/D/1 wait ρ/(2(1 − ρ))·n_c·τ_p,
 * ρ = (f·p + d·(1+k)) / B, the share of the step budget in use (Kleinrock, Queueing Systems vol. 1,
 * Pollaczek-Khinchine).
 */
import type {ReplicaModel, StepLoad} from "./step.js";

/** What a request asks. */
export interface RequestShape {
  promptTokens: number;
  outputTokens: number;
  prefixCacheHitRate: number;
  speculative: {tokens: number; acceptanceRate: number} | null;
}

/** The scheduler's limits on one replica. */
export interface ReplicaLimits {
  maxBatchedTokens: number;
  /** min(engine's running-request cap, KV pool / KV per request); ≥ 1. */
  maxRunningRequests: number;
  /** Decode steps a new prompt is held before its prefill (TensorRT-LLM batch_wait_timeout_iters); 0 = off. */
  batchWaitSteps?: number;
}

/** One replica's operating point. */
export interface ReplicaPoint {
  concurrency: number;
  running: number;
  requestsPerSecond: number;
  timeToFirstTokenSeconds: number;
  timePerOutputTokenSeconds: number;
  endToEndSeconds: number;
  queueSeconds: number;
  /** Mean step and its two kinds. */
  meanStepSeconds: number;
  decodeStepSeconds: number;
  mixedStepSeconds: number;
  /** Requests decoding in a step, tokens they run, and prefill tokens in a mixed step. */
  decodeRequests: number;
  decodeTokensPerStep: number;
  prefillTokensPerMixedStep: number;
  /** Share of steps that carry a prefill chunk. */
  mixedShare: number;
  prefillChunks: number;
  tokensPerStepPerRequest: number;
  saturated: boolean;
}

/** e = (1 − a^(k+1)) / (1 − a): expected tokens a request gains per verified step. */
export function expectedTokensPerStep(speculative: {tokens: number; acceptanceRate: number} | null): number {
  if (!speculative) return 1;
  const {tokens: k, acceptanceRate: a} = speculative;
  if (a >= 1) return k + 1;
  return (1 - Math.pow(a, k + 1)) / (1 - a);
}

const ITERATIONS = 60;
/** Relative change of τ̄ and d at which the fixed point counts as reached (10^-5: far below the model's own error). */
const TOLERANCE = 1e-5;

/** Time of the k draft passes a speculative step adds for d requests (one layer + LM head each). */
function draftSeconds(model: ReplicaModel, shape: RequestShape, d: number, context: number): number {
  const k = shape.speculative?.tokens ?? 0;
  if (k === 0 || d <= 0) return 0;
  const one = model.stepSeconds({decodeRequests: d, tokensPerDecodeRequest: 1, decodeContextTokens: context,
    prefillTokens: 0, prefillContextTokens: 0, prefillSampled: 0});
  const layerCore = (one.kvSeconds + Math.max(one.weightSeconds, one.computeSeconds)) / model.arch.layers;
  const headBytes = (model.arch.hiddenSize * model.arch.vocabSize * 2) / model.layout.tensorParallel;
  const head = headBytes / (model.gpu.bandwidthBytesPerSecond * model.engine.memoryEfficiency);
  return k * (model.serving.draftStepSeconds + layerCore + head);
}

/**
 * A closed-loop benchmark's requests per client: vLLM's `benchmark_serving` / InferenceX send
 * N = 10·C prompts with at most C in flight (InferenceMAX README: `--num-prompts` = concurrency
 * × 10; SemiAnalysisAI/InferenceX `benchmarks/*.sh` `--num-prompts "$((CONC * 10))"`), so one
 * request in 10 belongs to the first wave, which arrives all at once: the `--num-warmups 2·C`
 * requests (`benchmark_lib.sh` run_benchmark_serving) finish before the measured run starts, and
 * the reported TTFT is the mean over all N (`benchmark_serving.py` calculate_metrics, read 2026-12-06).
 * Later rounds: with InferenceX's `--random-range-ratio 0.8` (lengths uniform in [0.8·L, L]) the
 * first wave's completions spread over ~0.2·O decode steps and the burst disperses; the simulated
 * client (simulate.ts, `npx tsx scripts/closedLoopWaves.ts`) puts the later rounds' TTFT at or below the
 * steady state's and this first-wave mean within 1.5 steps of the simulated one
 * (test/serving/serving.test.ts). With fixed lengths (range ratio 1: dstack's runs) every round
 * stays a burst, 1.4-4× the steady TTFT in the same simulation; not modelled (no contract key for
 * the length spread).
 */
export const CLOSED_LOOP_REQUESTS_PER_CLIENT = 10;

/** Most steps walked one by one for the first wave; the rest are taken at the last step's time. */
const WAVE_STEPS = 64;

/**
 * Mean TTFT of R requests arriving together at an idle replica (a closed-loop run's first
 * wave): prefill chunks fill each step's budget B − d·(1+k) in arrival order while the requests
 * already past their prompt decode in the same steps,
 *
 *     TTFT_wave = t_req + (1/R)·Σ_steps n_i·t_i,   n_i requests finishing their prompt in step i, t_i its end
 */
export function firstWaveSeconds(step: (d: number, p: number, sampled: number) => number, options: {requests: number;
  uncachedPromptTokens: number; maxBatchedTokens: number; verifyTokens: number; overheadSeconds: number}): number {
  const {requests: R, uncachedPromptTokens: Peff, maxBatchedTokens: B, verifyTokens} = options;
  let remaining = R * Peff;
  let decoding = 0;
  let t = 0;
  let sum = 0;
  let last = 0;
  for (let i = 0; i < WAVE_STEPS && remaining > 1e-9; i++) {
    const p = Math.min(Math.max(1, B - decoding * verifyTokens), remaining);
    const finished = p / Peff;
    last = step(decoding, p, finished);
    t += last;
    sum += finished * t;
    decoding += finished;
    remaining -= p;
  }
  if (remaining > 1e-9) {
    // Beyond WAVE_STEPS: the remaining prompts at the last step's rate, finishing evenly.
    const perStep = Math.max(1, B - decoding * verifyTokens);
    const steps = remaining / perStep;
    sum += (remaining / Peff) * (t + (last * (steps + 1)) / 2);
  }
  return options.overheadSeconds + sum / R;
}

/**
 * Wait for the prefill slot behind other requests' prompts. A step's budget left after the
 * decode tokens, b = B − d·(1+k), takes m prompts: b / P_eff with chunked prefill, ⌊b / P_eff⌋
 * (at least 1) when the engine schedules whole prompts only (engines.ts `chunkedPrefill`), and
 * one prompt's n_c chunks when P_eff > b. Seen as a server that clears one prompt in
 * S = n_c·τ_p / m at utilisation ρ = X·S, a request finds the prompts queued ahead of it, whose
 * work is the M/D/1 queue (Pollaczek-Khinchine, Kleinrock vol. 1) less the residual of the one
 * in service, which the step wait already counts (closedLoop's τ̄):
 *
 *     W_slot = ρ²·S / (2(1 − ρ)),   ρ capped at 0.95
 *
 * Negligible when many prompts share a step (1k prompts, 8k budget: ρ < 0.05); it matters when
 * prompts fill the budget (NVIDIA NIM's 5,000-token TensorRT-LLM runs: ρ ≈ 0.5 at 25 in flight).
 */
export function prefillSlotWaitSeconds(o: {arrivalsPerSecond: number; uncachedPromptTokens: number; chunkBudgetTokens: number;
  chunks: number; mixedStepSeconds: number; chunked: boolean}): number {
  const {uncachedPromptTokens: P, chunkBudgetTokens: b} = o;
  const perStep = P > b ? 1 : o.chunked ? b / P : Math.max(1, Math.floor(b / P));
  const service = (o.chunks * o.mixedStepSeconds) / perStep;
  const rho = Math.min(PREFILL_SLOT_MAX_UTILISATION, o.arrivalsPerSecond * service);
  if (!(rho > 0)) return 0;
  return (rho * rho * service) / (2 * (1 - rho));
}

/** Utilisation at which the prefill-slot wait is capped (the queue formula diverges at 1; the steady state is then queue-bound). */
const PREFILL_SLOT_MAX_UTILISATION = 0.95;

/**
 * Closed-loop steady state of one replica at `concurrency` requests in flight (fractional
 * values allowed: the open-loop solver uses them). With `firstWave`, TTFT and E2E are the
 * means over a benchmark run of CLOSED_LOOP_REQUESTS_PER_CLIENT requests per client, whose
 * first wave arrives at once: TTFT = ((W − 1)·TTFT_steady + TTFT_wave) / W.
 */
export function closedLoop(model: ReplicaModel, shape: RequestShape, limits: ReplicaLimits, concurrency: number,
  firstWave = false, arrivals: "closed" | "poisson" = "closed"): ReplicaPoint {
  const C = Math.max(1e-9, concurrency);
  const R = Math.min(C, limits.maxRunningRequests);
  const P = shape.promptTokens;
  const O = shape.outputTokens;
  const Peff = Math.max(1, P * (1 - shape.prefixCacheHitRate));
  const cached = P - Peff;
  const e = expectedTokensPerStep(shape.speculative);
  const verify = 1 + (shape.speculative?.tokens ?? 0);
  const nd = Math.max(0, (O - 1) / e);
  const decodeContext = P + O / 2;
  const prefillContext = cached + Peff / 2;
  const B = limits.maxBatchedTokens;
  const overhead = model.serving.requestOverheadSeconds;
  // Every field the steps write is in the literal (hostSlackSeconds too): a field added later gives each of the
  // thousands of loads per plan a new hidden class, and V8's code for the steps was at times 5× slower for it.
  const load: StepLoad = {decodeRequests: 0, tokensPerDecodeRequest: verify, decodeContextTokens: decodeContext,
    prefillTokens: 0, prefillContextTokens: prefillContext, prefillSampled: 0, hostSlackSeconds: 0};
  const step = (d: number, p: number, sampled: number, hostSlack = 0): number => {
    load.decodeRequests = d;
    load.prefillTokens = p;
    load.prefillSampled = sampled;
    load.hostSlackSeconds = hostSlack;
    return model.stepTotalSeconds(load) + draftSeconds(model, shape, d, decodeContext);
  };
  // A step with a prefill chunk follows a decode step with probability 1 − f; an engine that runs
  // its host a step ahead has then already issued part of it during that decode step (step.ts).
  const runsAhead = model.serving.hostRunsAhead;
  const mixedStep = (d: number, p: number, sampled: number, f: number, tauDecode: number): number =>
    runsAhead && f < 1 ? (1 - f) * step(d, p, sampled, tauDecode) + f * step(d, p, sampled) : step(d, p, sampled);

  let d = (R * nd) / (nd + 1);
  let tau = step(d, Math.min(Peff, B), 1);
  let tauP = tau;
  let tauD = tau;
  let X = 0;
  let f = 1;
  let p = Math.min(Peff, B);
  let nc = 1;
  let backlog = 0;
  const W = limits.batchWaitSteps ?? 0;
  let hold = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const cmax = Math.max(1, B - d * verify);
    nc = Math.ceil(Peff / cmax);
    if (W > 0) {
      const lambda = R / (overhead / tau + nc + model.serving.admissionSteps + nd + hold);
      // Only while other requests decode: a prompt that finds the replica idle is scheduled at once.
      hold = (Math.min(1, Math.max(0, R - 1)) * W * (1 + (lambda * W) / 2)) / (1 + lambda * W);
    }
    const service = overhead + nc * tauP + nd * tau + (model.serving.admissionSteps + hold) * tau;
    X = R / service;
    // All steps full of prefill cannot admit more than cmax / (P_eff·τ̄) requests/s.
    const prefillCap = cmax / (Peff * tau);
    backlog = 0;
    if (X > prefillCap) {
      X = prefillCap;
      backlog = R / X - service;
    }
    f = Math.min(1, X * nc * tau);
    p = f > 0 ? Math.min(cmax, (X * Peff * tau) / f) : 0;
    const sampled = f > 0 ? (X * tau) / f : 0;
    const dNew = Math.min(R, X * nd * tau);
    tauD = step(dNew, 0, 0);
    tauP = mixedStep(dNew, p, sampled, f, tauD);
    const tauNew = f * tauP + (1 - f) * tauD;
    const done = Math.abs(tauNew - tau) <= TOLERANCE * tau && Math.abs(dNew - d) <= TOLERANCE * Math.max(1, d);
    // Under-relaxed only where the map overshoots: a plain update converges in a few rounds
    // at low load; at heavy load (τ̄ strongly depends on d) the average damps oscillation.
    tau = i < 4 ? tauNew : 0.5 * (tau + tauNew);
    d = i < 4 ? dNew : 0.5 * (d + dNew);
    if (done) break;
  }
  // Closed loop: the wait behind other prompts for the prefill slot (steps with budget left for a
  // chunk). Poisson arrivals get the open loop's M/D/1 wait instead (openLoop).
  const slot = arrivals === "closed" ? prefillSlotWaitSeconds({arrivalsPerSecond: X, uncachedPromptTokens: Peff,
    chunkBudgetTokens: Math.max(1, B - d * verify), chunks: nc, mixedStepSeconds: tauP, chunked: model.serving.chunkedPrefill}) : 0;
  const queue = (C - R) / X + backlog + slot;
  // Wait for the running step. Closed loop: a client sends its next request as soon as the last
  // token of its previous one arrives, i.e. right after a step ended, so the new request waits
  // for the whole step that has just begun (τ̄). Poisson arrivals fall at random instants, and
  // an instant lands in a step of length τ with probability ∝ τ (renewal theory's inspection
  // paradox): the mean residual is E[τ²]/(2E[τ]), longer than τ̄/2 when prefill steps are long.
  const residual = arrivals === "closed" ? tau : tau > 0 ? (f * tauP * tauP + (1 - f) * tauD * tauD) / (2 * tau) : 0;
  let ttft = overhead + (model.serving.admissionSteps - 0.5 + hold) * tau + residual + nc * tauP + queue;
  if (firstWave && R >= 1) {
    const W = CLOSED_LOOP_REQUESTS_PER_CLIENT;
    const wave = firstWaveSeconds(step, {requests: R, uncachedPromptTokens: Peff, maxBatchedTokens: B, verifyTokens: verify,
      overheadSeconds: overhead});
    ttft = ((W - 1) * ttft + wave + queue) / W;
  }
  const tpot = tau / e;
  const e2e = ttft + (O - 1) * tpot;
  return {
    // With the first wave the run's mean latency is longer than the steady state's; its rate is
    // then Little's law over that mean (a benchmark's completed requests ÷ its duration).
    concurrency: C, running: R, requestsPerSecond: firstWave ? C / e2e : X,
    timeToFirstTokenSeconds: ttft, timePerOutputTokenSeconds: tpot, endToEndSeconds: e2e,
    queueSeconds: queue, meanStepSeconds: tau, decodeStepSeconds: tauD, mixedStepSeconds: tauP,
    decodeRequests: d, decodeTokensPerStep: d * verify, prefillTokensPerMixedStep: p, mixedShare: f,
    prefillChunks: nc, tokensPerStepPerRequest: e, saturated: false
  };
}

/**
 * Open loop: Poisson arrivals at `requestsPerSecond` on one replica. Finds the in-flight count
 * whose closed-loop rate equals the arrival rate (X(N) rises with N), adds the M/D/1 wait for the
 * prefill slot; saturated when the arrivals reach the full server's rate.
 */
export function openLoop(model: ReplicaModel, shape: RequestShape, limits: ReplicaLimits, requestsPerSecond: number): ReplicaPoint {
  const full = closedLoop(model, shape, limits, limits.maxRunningRequests, false, "poisson");
  if (requestsPerSecond >= full.requestsPerSecond * 0.999) return {...full, saturated: true};
  let lo = 0;
  let hi = limits.maxRunningRequests;
  let point = full;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    point = closedLoop(model, shape, limits, mid, false, "poisson");
    if (point.requestsPerSecond < requestsPerSecond) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-4 * Math.max(1, hi)) break;
  }
  // The prefill slot is the step's token budget: its utilisation is the share of the budget a
  // step uses on average, and a Poisson arrival waits behind the chunks already queued for it.
  const rho = Math.min(0.99, (point.prefillTokensPerMixedStep * point.mixedShare + point.decodeTokensPerStep) / limits.maxBatchedTokens);
  const wait = (rho / (2 * (1 - rho))) * point.prefillChunks * point.mixedStepSeconds;
  const ttft = point.timeToFirstTokenSeconds + wait;
  const e2e = point.endToEndSeconds + wait;
  return {...point, requestsPerSecond, concurrency: requestsPerSecond * e2e, timeToFirstTokenSeconds: ttft,
    endToEndSeconds: e2e, queueSeconds: point.queueSeconds + wait};
}
