/**
 * A serving deployment: replicas of one layout (aggregated), or a prefill pool and a decode
 * pool with the KV cache sent between them (disaggregated), turned into the contract's
 * `inference.serving` figures for the whole deployment.
 *
 *     aggregated:      replicas = ⌊count / max(TP·PP, EP)⌋, each at C / replicas in flight
 *     per GPU:         tokens/s of the deployment ÷ every GPU it holds
 *     disaggregated:   TTFT = t_req + S_p + W_p + t_KV;   TPOT = τ_decode(d) / e
 *                      S_p = n_c·τ(0, min(P_eff, B)) prefill-only steps, W_p the M/D/1 wait at
 *                      ρ_p = X / (r_p·μ_p), t_KV = P·kv_bytes/token / (NIC·min(TP_p, TP_d)) + latency
 *
 * (DistServe, Zhong et al. OSDI 2024; Splitwise, Patel et al. ISCA 2024: separate pools
 * remove prefill-decode interference at the price of moving the KV cache.)
 */
import type {Architecture} from "../architecture.js";
import {ENGINE_PROFILES, type EngineServingProfile} from "../engines.js";
import type {GpuSpec} from "../hardware.js";
import {inferenceEstimate} from "../inference.js";
import {ScenarioError} from "../resolve.js";
import type {InferenceWorkload, ServingDetails, ServingPool, ServingResult} from "../scenario.js";
import {closedLoop, expectedTokensPerStep, openLoop, type ReplicaLimits, type ReplicaPoint, type RequestShape} from "./steady.js";
import {replicaModel, type ReplicaLayout, type ReplicaModel} from "./step.js";

/**
 * KV transfer between pools: one 400 Gb/s RDMA NIC per GPU (ConnectX-7 in DGX/HGX H100 and
 * H200), ≈ 50 GB/s per direction; at 80 % of line rate for large transfers (NIXL / Mooncake
 * transfer-engine reports). Latency per transfer ≈ 1 ms (connection setup and completion).
 */
export const KV_TRANSFER_BYTES_PER_SECOND_PER_GPU = 0.8 * 50e9;
export const KV_TRANSFER_LATENCY_SECONDS = 1e-3;

/** The scheduler default of an engine for a GPU (token budget per step, running-request cap). */
export function schedulerDefaults(profile: EngineServingProfile, gpu: GpuSpec): {maxBatchedTokens: number; maxRunningRequests: number} {
  for (const d of profile.schedulerDefaults) {
    if (gpu.memoryBytes < d.minDeviceBytes) continue;
    if (d.excludeGpuIds?.some((x) => gpu.id.includes(x))) continue;
    return d;
  }
  return profile.schedulerDefaults[profile.schedulerDefaults.length - 1];
}

/** A prepared replica: its step model, its limits and whether its weights fit. */
export interface PreparedReplica {
  model: ReplicaModel;
  limits: ReplicaLimits;
  /** KV pool per GPU, bytes, and the requests it holds at the mean context. */
  kvPoolBytes: number;
  kvRequests: number;
  fits: boolean;
}

/**
 * Builds a replica. KV pool per GPU = what the engine's memory accounting leaves (inference.ts)
 * with the weights placed by this layout; requests held = groups · pool / KV(P + O/2).
 */
export function prepareReplica(options: {arch: Architecture; gpu: GpuSpec; workload: InferenceWorkload; layout: ReplicaLayout;
  maxBatchedTokens?: number}): PreparedReplica {
  const {arch, gpu, workload, layout} = options;
  const model = replicaModel({arch, gpu, engine: workload.engine, weights: workload.weights, kvCache: workload.kvCache, layout,
    engineVersion: workload.engineVersion, cudaGraphMaxTokens: workload.serving?.cudaGraphMaxTokens});
  const mp = layout.tensorParallel * layout.pipelineParallel;
  const est = inferenceEstimate({arch, gpu, gpuCount: mp, solvers: false,
    workload: {type: "inference", engine: workload.engine, weights: workload.weights, kvCache: workload.kvCache, batchSize: 1,
      promptTokens: workload.promptTokens, outputTokens: workload.outputTokens, tensorParallel: layout.tensorParallel,
      pipelineParallel: layout.pipelineParallel}});
  const weightsHere = model.nonRoutedBytesPerGpu + model.routedBytesPerGpu;
  const m = est.memory;
  const kvPoolBytes = Math.max(0, m.usableBytes - weightsHere - m.activationsBytes - m.overheadBytes);
  const perRequest = model.kv.bytesPerSequence(workload.promptTokens + workload.outputTokens / 2);
  const kvRequests = perRequest > 0 ? Math.floor(kvPoolBytes / perRequest) * model.attentionGroups : Infinity;
  const defaults = schedulerDefaults(model.serving, gpu);
  const maxBatchedTokens = options.maxBatchedTokens ?? defaults.maxBatchedTokens;
  const fits = kvRequests >= 1 && ENGINE_PROFILES[workload.engine] !== undefined;
  return {
    model, kvPoolBytes, kvRequests, fits,
    limits: {maxBatchedTokens, maxRunningRequests: Math.max(1, Math.min(defaults.maxRunningRequests, kvRequests)),
      batchWaitSteps: workload.serving?.batchWaitIterations ?? 0}
  };
}

export function requestShape(workload: InferenceWorkload): RequestShape {
  const s = workload.serving;
  return {promptTokens: workload.promptTokens, outputTokens: workload.outputTokens,
    prefixCacheHitRate: s?.prefixCacheHitRate ?? 0, speculative: s?.speculative ?? null};
}

/** Layout checks that need the model: EP divides the experts and fits the replica. */
export function checkExpertParallel(arch: Architecture, layout: ReplicaLayout): void {
  const ep = layout.expertParallel;
  if (ep <= 1) return;
  if (!arch.moe) throw new ScenarioError([`workload.expertParallel: got ${ep}, expected 1 for a dense model (it has no experts to split)`]);
  if (arch.moe.experts % ep !== 0) {
    throw new ScenarioError([`workload.expertParallel: got ${ep}, expected a divisor of the model's ${arch.moe.experts} routed experts`]);
  }
  const mp = layout.tensorParallel * layout.pipelineParallel;
  if (ep % mp !== 0 && mp % ep !== 0) {
    throw new ScenarioError([`workload.expertParallel: got ${ep}, expected a divisor or a multiple of tensorParallel × pipelineParallel (${mp})`]);
  }
}

/** Deployment-wide figures of the contract from one replica's point. */
function deploymentResult(point: ReplicaPoint, replicas: number, gpus: number, shape: RequestShape, saturated: boolean): ServingResult {
  const rps = point.requestsPerSecond * replicas;
  return {
    concurrency: point.concurrency * replicas,
    requestsPerSecond: rps,
    timeToFirstTokenSeconds: point.timeToFirstTokenSeconds,
    timePerOutputTokenSeconds: point.timePerOutputTokenSeconds,
    endToEndSeconds: point.endToEndSeconds,
    outputTokensPerSecondPerUser: 1 / point.timePerOutputTokenSeconds,
    outputTokensPerSecondPerGpu: (rps * shape.outputTokens) / gpus,
    totalTokensPerSecondPerGpu: (rps * (shape.promptTokens + shape.outputTokens)) / gpus,
    saturated
  };
}

export interface ServingEstimate {
  result: ServingResult;
  /** One replica's operating point (aggregated) or the decode pool's (disaggregated). */
  point: ReplicaPoint;
  replicas: number;
  gpus: number;
  replica: PreparedReplica;
  /** Disaggregated only: prefill-pool figures. */
  prefill: null | {replicas: number; serviceSeconds: number; waitSeconds: number; kvTransferSeconds: number; utilisation: number};
  warnings: string[];
}

/** Aggregated serving on `gpuCount` GPUs. */
export function aggregatedServing(options: {arch: Architecture; gpu: GpuSpec; gpuCount: number; workload: InferenceWorkload;
  layout: ReplicaLayout}): ServingEstimate {
  const {arch, gpu, gpuCount, workload, layout} = options;
  checkExpertParallel(arch, layout);
  const serving = workload.serving ?? {concurrency: workload.batchSize};
  const replica = prepareReplica({arch, gpu, workload, layout, maxBatchedTokens: serving.maxBatchedTokens});
  const replicas = Math.max(1, Math.floor(gpuCount / replica.model.gpus));
  const shape = requestShape(workload);
  const warnings: string[] = [];
  if (!replica.fits) warnings.push("serving: the KV pool holds no request at this context (weights leave no room); figures assume one running request");
  let point: ReplicaPoint;
  if (serving.requestsPerSecond !== undefined) {
    point = openLoop(replica.model, shape, replica.limits, serving.requestsPerSecond / replicas);
    if (point.saturated) {
      warnings.push(`serving: ${serving.requestsPerSecond} requests/s exceed what the deployment serves ` +
        `(${(point.requestsPerSecond * replicas).toPrecision(3)}/s); the queue grows without bound, figures are the saturated server's, without the queue`);
    }
  } else {
    point = closedLoop(replica.model, shape, replica.limits, (serving.concurrency ?? 1) / replicas, serving.firstWave ?? true);
    if (point.concurrency > replica.limits.maxRunningRequests) {
      warnings.push(`serving: ${point.concurrency.toFixed(0)} requests in flight per replica, at most ${replica.limits.maxRunningRequests} run at once ` +
        `(${replica.kvRequests < 1e9 ? `KV pool holds ${replica.kvRequests}` : "engine cap"}); the rest wait (in TTFT)`);
    }
  }
  const result = deploymentResult(point, replicas, gpuCount, shape, point.saturated);
  result.details = detailsOf(point, replicas, gpuCount, replica, prefillTimeShare(point), null);
  return {result, point, replicas, gpus: gpuCount, replica, prefill: null, warnings};
}

/**
 * Share of an aggregated replica's time spent on prefill work: the mixed steps' extra time
 * over a decode-only step, f·(τ_p − τ_d)/τ̄ (charged to input tokens, cost.ts's split by phase).
 */
export function prefillTimeShare(point: ReplicaPoint): number {
  if (!(point.meanStepSeconds > 0)) return 0;
  if (point.decodeRequests < 1e-9) return 1;
  return Math.min(1, Math.max(0, (point.mixedShare * (point.mixedStepSeconds - point.decodeStepSeconds)) / point.meanStepSeconds));
}

function detailsOf(point: ReplicaPoint, replicas: number, gpus: number, replica: PreparedReplica, prefillShare: number,
  prefill: ServingDetails["prefill"]): ServingDetails {
  return {
    replicas, gpus, maxRunningRequests: replica.limits.maxRunningRequests, maxBatchedTokens: replica.limits.maxBatchedTokens,
    decodeRequestsPerStep: point.decodeRequests, decodeTokensPerStep: point.decodeTokensPerStep,
    prefillTokensPerMixedStep: point.prefillTokensPerMixedStep, mixedStepShare: point.mixedShare,
    meanStepSeconds: point.meanStepSeconds, decodeStepSeconds: point.decodeStepSeconds, mixedStepSeconds: point.mixedStepSeconds,
    tokensPerStep: point.tokensPerStepPerRequest, prefillTimeShare: prefillShare, queueSeconds: point.queueSeconds, prefill
  };
}

/**
 * Dollars per million tokens of a steady state, GPU time split by phase (cost.ts):
 *
 *     usd/s = price · GPUs / 3600
 *     output = (1 − s_p) · usd/s ÷ output tokens/s · 10^6,   input = s_p · usd/s ÷ input tokens/s · 10^6
 *
 * s_p = details.prefillTimeShare. Output tokens/s = per GPU × GPUs.
 */
export function servingCost(result: ServingResult, usdPerGpuHour: number): {usdPerMillionOutputTokens: number | null;
  usdPerMillionInputTokens: number | null; usdPerMillionTokensAllIn: number | null} {
  const gpus = result.details?.gpus ?? 1;
  const usdPerSecond = (usdPerGpuHour * gpus) / 3600;
  const share = result.details?.prefillTimeShare ?? 0;
  const out = result.outputTokensPerSecondPerGpu * gpus;
  const input = (result.totalTokensPerSecondPerGpu - result.outputTokensPerSecondPerGpu) * gpus;
  const per = (usd: number, tokens: number) => (tokens > 0 && Number.isFinite(tokens) ? (usd / tokens) * 1e6 : null);
  return {usdPerMillionOutputTokens: per((1 - share) * usdPerSecond, out), usdPerMillionInputTokens: per(share * usdPerSecond, input),
    usdPerMillionTokensAllIn: per(usdPerSecond, out)};
}

/** M/D/1 waiting time at utilisation ρ (< 1) for a deterministic service S: ρ/(2(1 − ρ))·S. */
export function mdOneWaitSeconds(rho: number, serviceSeconds: number): number {
  const r = Math.min(rho, 0.995);
  return (r / (2 * (1 - r))) * serviceSeconds;
}

/** Disaggregated serving: a prefill pool and a decode pool, each of replicas of its own TP. */
export function disaggregatedServing(options: {arch: Architecture; gpu: GpuSpec; workload: InferenceWorkload;
  prefillPool: ServingPool; decodePool: ServingPool; expertParallel: number}): ServingEstimate {
  const {arch, gpu, workload, prefillPool, decodePool} = options;
  const serving = workload.serving ?? {concurrency: workload.batchSize};
  const shape = requestShape(workload);
  const lay = (pool: ServingPool): ReplicaLayout => ({tensorParallel: pool.tensorParallel, pipelineParallel: 1,
    expertParallel: Math.min(options.expertParallel, pool.tensorParallel)});
  checkExpertParallel(arch, lay(decodePool));
  const pre = prepareReplica({arch, gpu, workload, layout: lay(prefillPool), maxBatchedTokens: serving.maxBatchedTokens});
  const dec = prepareReplica({arch, gpu, workload, layout: lay(decodePool), maxBatchedTokens: serving.maxBatchedTokens});
  const rp = Math.max(1, Math.floor(prefillPool.count / pre.model.gpus));
  const rd = Math.max(1, Math.floor(decodePool.count / dec.model.gpus));
  const gpus = prefillPool.count + decodePool.count;
  const P = shape.promptTokens;
  const Peff = Math.max(1, P * (1 - shape.prefixCacheHitRate));
  const B = pre.limits.maxBatchedTokens;
  const chunk = Math.min(Peff, B);
  const nc = Math.ceil(Peff / B);
  const prefillStep = pre.model.stepSeconds({decodeRequests: 0, tokensPerDecodeRequest: 1, decodeContextTokens: 0,
    prefillTokens: chunk, prefillContextTokens: P - Peff + Peff / 2, prefillSampled: 1}).seconds;
  const fullStep = pre.model.stepSeconds({decodeRequests: 0, tokensPerDecodeRequest: 1, decodeContextTokens: 0,
    prefillTokens: B, prefillContextTokens: P - Peff + Peff / 2, prefillSampled: Math.max(1, B / Peff)}).seconds;
  const service = nc * prefillStep;
  // Requests/s one prefill replica completes with full steps, or one request at a time when prompts exceed the budget.
  const mu = Math.max(1 / service, B / (Peff * fullStep));
  const kvTransfer = (P * dec.model.kvBytesPerTokenAllRanks) /
    (KV_TRANSFER_BYTES_PER_SECOND_PER_GPU * Math.min(prefillPool.tensorParallel, decodePool.tensorParallel)) + KV_TRANSFER_LATENCY_SECONDS;
  // The decode pool: every step decodes only (no prefill chunks), requests enter with their KV.
  const decodeShape: RequestShape = {...shape, prefixCacheHitRate: 1};
  const decodeLimits: ReplicaLimits = {...dec.limits, maxBatchedTokens: Number.MAX_SAFE_INTEGER};
  const e = expectedTokensPerStep(shape.speculative);
  const nd = Math.max(0, (shape.outputTokens - 1) / e);
  const decodeAt = (inFlight: number): ReplicaPoint => closedLoop(dec.model, decodeShape, decodeLimits, inFlight);
  const full = decodeAt(decodeLimits.maxRunningRequests);
  const decodeTime = (pt: ReplicaPoint) => nd * pt.meanStepSeconds;
  const prefillCap = rp * mu;
  const decodeCap = rd * full.requestsPerSecond;
  const warnings: string[] = [];
  let X: number;
  let dPoint: ReplicaPoint;
  let saturated = false;
  const ttftOf = (x: number) => {
    const rho = x / prefillCap;
    return {wait: mdOneWaitSeconds(rho, service), rho};
  };
  if (serving.requestsPerSecond !== undefined) {
    X = serving.requestsPerSecond;
    if (X >= 0.999 * Math.min(prefillCap, decodeCap)) {
      saturated = true;
      X = Math.min(prefillCap, decodeCap);
      warnings.push(`serving: ${serving.requestsPerSecond} requests/s exceed what the pools serve (${X.toPrecision(3)}/s); figures are the saturated pools'`);
    }
    // Decode requests in flight per replica: solve X/rd = closed-loop rate of the decode replica.
    let lo = 0;
    let hi = decodeLimits.maxRunningRequests;
    dPoint = full;
    if (!saturated) {
      for (let i = 0; i < 50; i++) {
        const mid = (lo + hi) / 2;
        dPoint = decodeAt(mid);
        if (dPoint.requestsPerSecond < X / rd) lo = mid;
        else hi = mid;
        if (hi - lo < 1e-4 * Math.max(1, hi)) break;
      }
    }
  } else {
    const C = serving.concurrency ?? 1;
    // Fixed point on the request rate: C = X·(TTFT + decode time).
    dPoint = decodeAt(Math.max(1e-6, C / rd));
    X = Math.min(C / (service + decodeTime(dPoint)), prefillCap, decodeCap);
    for (let i = 0; i < 60; i++) {
      const {wait} = ttftOf(X);
      const ttft = pre.model.serving.requestOverheadSeconds + service + wait + kvTransfer;
      const inDecode = Math.max(1e-6, (C * decodeTime(dPoint)) / (ttft + decodeTime(dPoint)) / rd);
      dPoint = decodeAt(inDecode);
      const xNew = Math.min(C / (ttft + decodeTime(dPoint)), prefillCap * 0.995, decodeCap);
      if (Math.abs(xNew - X) <= 1e-7 * X) break;
      X = 0.5 * (X + xNew);
    }
  }
  const {wait, rho} = ttftOf(X);
  const queue = Math.max(0, dPoint.queueSeconds);
  const ttft = pre.model.serving.requestOverheadSeconds + service + wait + kvTransfer;
  const tpot = dPoint.timePerOutputTokenSeconds;
  const e2e = ttft + queue + (shape.outputTokens - 1) * tpot;
  const point: ReplicaPoint = {...dPoint, requestsPerSecond: X / rd, concurrency: (X * e2e) / rd,
    timeToFirstTokenSeconds: ttft + queue, endToEndSeconds: e2e, saturated};
  const result = deploymentResult(point, rd, gpus, shape, saturated);
  if (serving.concurrency !== undefined) result.concurrency = serving.concurrency;
  const prefill = {replicas: rp, serviceSeconds: service, waitSeconds: wait, kvTransferSeconds: kvTransfer, utilisation: rho};
  // GPU time on prefill: the prefill pool's share of the GPUs.
  result.details = detailsOf(point, rd, gpus, dec, prefillPool.count / gpus, prefill);
  return {result, point, replicas: rd, gpus, replica: dec, prefill, warnings};
}

/** The scenario's serving estimate: aggregated or disaggregated by workload.serving.disaggregated. */
export function servingEstimate(options: {arch: Architecture; gpu: GpuSpec; gpuCount: number; workload: InferenceWorkload}): ServingEstimate {
  const {workload} = options;
  const ep = workload.expertParallel ?? 1;
  const dis = workload.serving?.disaggregated;
  if (dis) {
    return disaggregatedServing({arch: options.arch, gpu: options.gpu, workload, prefillPool: dis.prefill, decodePool: dis.decode, expertParallel: ep});
  }
  const tp = workload.tensorParallel ?? options.gpuCount;
  const pp = workload.pipelineParallel ?? 1;
  return aggregatedServing({...options, layout: {tensorParallel: tp, pipelineParallel: pp, expertParallel: ep}});
}
