/**
 * Planning to a latency target: "which hardware serves this model at my TTFT / TPOT /
 * tokens-per-user promise, for my request rate (or concurrency), at the fewest dollars?"
 *
 * For every GPU kind × GPUs per replica n ∈ {1, 2, 4, 8} × weight format × layout (TP = n; for
 * MoE also EP = n with TP = n or with data-parallel attention), aggregated, and disaggregated
 * (prefill and decode pools of such replicas), the planner finds:
 *
 *     C* = max { C ∈ 1..R_max : TTFT(C) ≤ TTFT_max, TPOT(C) ≤ TPOT_max, 1/TPOT(C) ≥ u_min }
 *
 * (binary search: latency grows with C, so the feasible set is 1..C*), the replica's rate X(C*)
 * at that point (the highest-throughput point meeting the targets), then
 *
 *     replicas = ⌈λ / X(C*)⌉  (request rate λ),  or ⌈C_target / C*⌉  (concurrency)
 *     usd/M    = servingCost(point) (lib/serving/deployment.ts: GPU time split by phase)
 *
 * Disaggregated: the decode pool's C* under the TPOT target (decode-only steps), the prefill
 * pool sized so that its M/D/1 wait keeps TTFT = t_req + S_p + W_p(ρ) + t_KV ≤ TTFT_max:
 * ρ* = 2s/(S_p + 2s), s = TTFT_max − t_req − S_p − t_KV, capped at 0.9; prefill replicas =
 * ⌈λ / (μ_p·ρ*)⌉ (fractional per decode replica when no rate is given).
 * Rows are ranked by dollars per million output tokens with every GPU-second charged to them (all-in). Sources: steady.ts, deployment.ts.
 */
import type {Architecture} from "../architecture.js";
import {GPU_CATALOG} from "../catalog/gpus.js";
import type {EngineName, KvFormat, WeightFormat} from "../formats.js";
import type {GpuSpec} from "../hardware.js";
import {catalogPrice, servingFormats, type PlannerPrice} from "../planner.js";
import {contextBeyondModel} from "../inference.js";
import type {InferenceWorkload, ServingOptions} from "../scenario.js";
import {KV_TRANSFER_BYTES_PER_SECOND_PER_GPU, KV_TRANSFER_LATENCY_SECONDS, prefillTimeShare, prepareReplica, requestShape,
  type PreparedReplica} from "../serving/deployment.js";
import {replicaLayouts} from "../serving/frontier.js";
import {closedLoop, type ReplicaPoint} from "../serving/steady.js";

export interface ServingTargets {
  maxTimeToFirstTokenSeconds?: number;
  maxTimePerOutputTokenSeconds?: number;
  minOutputTokensPerSecondPerUser?: number;
}

export interface TargetPlanOptions {
  arch: Architecture;
  engine?: EngineName;
  kvCache?: KvFormat;
  promptTokens: number;
  outputTokens: number;
  targets: ServingTargets;
  /** Demand: a request rate (whole deployment) or a concurrency; neither = one replica. */
  requestsPerSecond?: number;
  concurrency?: number;
  serving?: Pick<ServingOptions, "prefixCacheHitRate" | "speculative" | "maxBatchedTokens">;
  gpus?: readonly GpuSpec[];
  weightFormats?: readonly WeightFormat[];
  gpuCounts?: readonly number[];
  /** Price per GPU kind (default: the price catalog). */
  priceOf?: (gpuId: string) => PlannerPrice | null;
  disaggregated?: boolean;
}

export interface TargetPlanRow {
  rank: number | null;
  gpuId: string;
  gpuName: string;
  weights: WeightFormat;
  mode: "aggregated" | "disaggregated";
  /** GPUs per replica and their layout (decode pool's, disaggregated). */
  gpusPerReplica: number;
  tensorParallel: number;
  expertParallel: number;
  /** Disaggregated: prefill GPUs per decode replica (fractional without a rate) or in all. */
  prefillGpus: number;
  concurrencyPerReplica: number;
  replicas: number;
  totalGpus: number;
  timeToFirstTokenSeconds: number;
  timePerOutputTokenSeconds: number;
  outputTokensPerSecondPerUser: number;
  outputTokensPerSecondPerGpu: number;
  requestsPerSecondPerReplica: number;
  usdPerGpuHour: number;
  usdPerHour: number;
  /** GPU time split by phase, as the single estimate's cost (decode share charged to output tokens). */
  usdPerMillionOutputTokens: number;
  /** Every GPU-second of the deployment charged to output tokens: the ranking key. */
  usdPerMillionOutputTokensAllIn: number;
  meetsTargets: boolean;
}

export interface TargetPlan {
  rows: TargetPlanRow[];
  configurations: number;
  notes: string[];
}

const COUNTS = [1, 2, 4, 8] as const;
const MAX_CONCURRENCY = 1024;

function meets(point: ReplicaPoint, t: ServingTargets, ttft = point.timeToFirstTokenSeconds): boolean {
  return (t.maxTimeToFirstTokenSeconds === undefined || ttft <= t.maxTimeToFirstTokenSeconds)
    && (t.maxTimePerOutputTokenSeconds === undefined || point.timePerOutputTokenSeconds <= t.maxTimePerOutputTokenSeconds)
    && (t.minOutputTokensPerSecondPerUser === undefined || 1 / point.timePerOutputTokenSeconds >= t.minOutputTokensPerSecondPerUser);
}

/** Largest concurrency in 1..hi whose point meets the targets (latency rises with C), or null. */
function bestConcurrency(at: (c: number) => ReplicaPoint, ok: (p: ReplicaPoint) => boolean, hi: number): ReplicaPoint | null {
  const first = at(1);
  if (!ok(first)) return null;
  let lo = 1;
  let best = first;
  const top = at(hi);
  if (ok(top)) return top;
  let high = hi;
  while (high - lo > 1) {
    const mid = Math.floor((lo + high) / 2);
    const p = at(mid);
    if (ok(p)) { lo = mid; best = p; } else high = mid;
  }
  return best;
}

/** One configuration's prepared replica and its best concurrencies (aggregated; decode pool, once asked for). */
interface Searched {
  replica: PreparedReplica;
  best: ReplicaPoint | null;
  decodeBest?: ReplicaPoint | null;
}

/**
 * The last call's searches, kept for the next call (issue 11, "One frame"): the replica and its
 * best concurrencies depend on the model, engine, formats, prompt, output, serving options and
 * targets, not on the demand (request rate or concurrency) or the prices, so a page that moves
 * only the demand reuses them. Keyed by the architecture object and everything else the searches
 * read; a different key starts afresh. The rows are the same numbers as without it.
 */
let lastSearches: {arch: Architecture; key: string; byGpu: Map<GpuSpec, Map<string, Searched>>} | undefined;

function searchesFor(options: TargetPlanOptions, engine: EngineName, kvCache: KvFormat, counts: readonly number[]): Map<GpuSpec, Map<string, Searched>> {
  const key = JSON.stringify([engine, kvCache, options.promptTokens, options.outputTokens, options.serving ?? null, options.targets, counts]);
  if (!lastSearches || lastSearches.arch !== options.arch || lastSearches.key !== key) {
    lastSearches = {arch: options.arch, key, byGpu: new Map()};
  }
  return lastSearches.byGpu;
}

/** Every GPU × count × format × layout, aggregated and disaggregated, ranked by $/M output tokens. */
export function planToTarget(options: TargetPlanOptions): TargetPlan {
  const {arch, targets} = options;
  const engine = options.engine ?? "vllm";
  const kvCache = options.kvCache ?? "bf16";
  const notes: string[] = [];
  const rows: TargetPlanRow[] = [];
  let configurations = 0;
  const counts = options.gpuCounts ?? COUNTS;
  const rate = options.requestsPerSecond;
  const demandConcurrency = options.concurrency;
  const ttftMax = targets.maxTimeToFirstTokenSeconds;
  const searches = searchesFor(options, engine, kvCache, counts);
  for (const gpu of options.gpus ?? GPU_CATALOG) {
    let searchesOfGpu = searches.get(gpu);
    if (!searchesOfGpu) searches.set(gpu, (searchesOfGpu = new Map()));
    const price = (options.priceOf ?? catalogPrice)(gpu.id);
    if (!price) continue;
    const formats = options.weightFormats ?? servingFormats({engine, gpu});
    for (const weights of formats) {
      const workload: InferenceWorkload = {type: "inference", engine, weights, kvCache, batchSize: 1,
        promptTokens: options.promptTokens, outputTokens: options.outputTokens, serving: options.serving};
      const shape = requestShape(workload);
      const layouts = replicaLayouts(arch, counts);
      const decodeShape = {...shape, prefixCacheHitRate: 1};
      for (const layout of layouts) {
        configurations++;
        const searchKey = `${weights}|${layout.tensorParallel}|${layout.pipelineParallel}|${layout.expertParallel}`;
        let searched = searchesOfGpu.get(searchKey);
        if (!searched) {
          const prepared = prepareReplica({arch, gpu, workload, layout, maxBatchedTokens: options.serving?.maxBatchedTokens});
          const top = Math.min(MAX_CONCURRENCY, prepared.limits.maxRunningRequests);
          searched = {replica: prepared, best: prepared.fits
            ? bestConcurrency((c) => closedLoop(prepared.model, shape, prepared.limits, c), (p) => meets(p, targets), top) : null};
          searchesOfGpu.set(searchKey, searched);
        }
        const {replica} = searched;
        if (!replica.fits) continue;
        const hi = Math.min(MAX_CONCURRENCY, replica.limits.maxRunningRequests);
        const n = replica.model.gpus;
        const usdPerSecondPerGpu = price.usdPerGpuHour / 3600;
        // Aggregated.
        const best = searched.best;
        if (best) {
          const X = best.requestsPerSecond;
          const replicas = rate !== undefined ? Math.max(1, Math.ceil(rate / X))
            : demandConcurrency !== undefined ? Math.max(1, Math.ceil(demandConcurrency / best.concurrency)) : 1;
          const share = prefillTimeShare(best);
          rows.push(row({gpu, weights, price, mode: "aggregated", n, layout, prefillGpus: 0, point: best, replicas,
            totalGpus: replicas * n, ttft: best.timeToFirstTokenSeconds,
            usdPerMillion: ((1 - share) * usdPerSecondPerGpu * n) / (X * options.outputTokens) * 1e6,
            usdAllIn: (usdPerSecondPerGpu * n) / (X * options.outputTokens) * 1e6, outputTokens: options.outputTokens}));
        }
        // Disaggregated: decode pool of this layout, prefill pool of the same layout.
        if (options.disaggregated === false || layout.expertParallel > layout.tensorParallel) continue;
        configurations++;
        const decodeLimits = {...replica.limits, maxBatchedTokens: Number.MAX_SAFE_INTEGER};
        const prefill = prefillService(replica, shape.promptTokens * (1 - shape.prefixCacheHitRate), shape.promptTokens);
        const kvTransfer = (options.promptTokens * replica.model.kvBytesPerTokenAllRanks) /
          (KV_TRANSFER_BYTES_PER_SECOND_PER_GPU * layout.tensorParallel) + KV_TRANSFER_LATENCY_SECONDS;
        const fixedTtft = replica.model.serving.requestOverheadSeconds + prefill.service + kvTransfer;
        // 1 % margin keeps rounding from landing a hair above the target.
        const slack = ttftMax === undefined ? Infinity : 0.99 * (ttftMax - fixedTtft);
        if (slack < 0) continue;
        const rho = Math.min(0.9, slack === Infinity ? 0.9 : (2 * slack) / (prefill.service + 2 * slack));
        const wait = (rho / (2 * (1 - rho))) * prefill.service;
        if (searched.decodeBest === undefined) {
          searched.decodeBest = bestConcurrency((c) => closedLoop(replica.model, decodeShape, decodeLimits, c),
            (p) => meets(p, {...targets, maxTimeToFirstTokenSeconds: undefined}), hi);
        }
        const dBest = searched.decodeBest;
        if (!dBest) continue;
        const X = dBest.requestsPerSecond;
        const prefillPerDecode = X / (prefill.mu * rho);
        let replicas = 1;
        let prefillReplicas = prefillPerDecode;
        if (rate !== undefined) {
          replicas = Math.max(1, Math.ceil(rate / X));
          prefillReplicas = Math.max(1, Math.ceil(rate / (prefill.mu * rho)));
        } else if (demandConcurrency !== undefined) {
          replicas = Math.max(1, Math.ceil(demandConcurrency / dBest.concurrency));
          prefillReplicas = Math.max(1, Math.ceil(replicas * prefillPerDecode));
        }
        const gpusPerDecodeReplica = n + (prefillReplicas * n) / replicas;
        rows.push(row({gpu, weights, price, mode: "disaggregated", n, layout, prefillGpus: prefillReplicas * n, point: dBest,
          replicas, totalGpus: replicas * n + prefillReplicas * n, ttft: fixedTtft + wait,
          usdPerMillion: (usdPerSecondPerGpu * n) / (X * options.outputTokens) * 1e6,
          usdAllIn: (usdPerSecondPerGpu * gpusPerDecodeReplica) / (X * options.outputTokens) * 1e6, outputTokens: options.outputTokens,
          gpusPerDecodeReplica}));
      }
    }
  }
  const ranked = rows.filter((r) => r.meetsTargets).sort((a, b) => a.usdPerMillionOutputTokensAllIn - b.usdPerMillionOutputTokensAllIn
    || b.outputTokensPerSecondPerGpu - a.outputTokensPerSecondPerGpu);
  ranked.forEach((r, i) => { r.rank = i + 1; });
  const beyond = contextBeyondModel(arch, options.promptTokens, options.outputTokens);
  if (beyond) notes.push(beyond);
  if (ranked.length === 0) notes.push("no GPU × count × format × layout meets the targets");
  return {rows: ranked, configurations, notes};
}

/** A prefill replica: time to prefill one prompt alone (S_p) and requests/s with full steps (μ_p). */
function prefillService(replica: PreparedReplica, uncached: number, prompt: number): {service: number; mu: number} {
  const Peff = Math.max(1, uncached);
  const B = replica.limits.maxBatchedTokens;
  const at = (tokens: number) => replica.model.stepSeconds({decodeRequests: 0, tokensPerDecodeRequest: 1, decodeContextTokens: 0,
    prefillTokens: tokens, prefillContextTokens: prompt - Peff + Peff / 2, prefillSampled: Math.max(1, tokens / Peff)}).seconds;
  const service = Math.ceil(Peff / B) * at(Math.min(Peff, B));
  return {service, mu: Math.max(1 / service, B / (Peff * at(B)))};
}

function row(o: {gpu: GpuSpec; weights: WeightFormat; price: PlannerPrice; mode: TargetPlanRow["mode"]; n: number;
  layout: {tensorParallel: number; expertParallel: number}; prefillGpus: number; point: ReplicaPoint; replicas: number;
  totalGpus: number; ttft: number; usdPerMillion: number; usdAllIn: number; outputTokens: number; gpusPerDecodeReplica?: number}): TargetPlanRow {
  const perReplicaGpus = o.gpusPerDecodeReplica ?? o.n;
  return {
    rank: null, gpuId: o.gpu.id, gpuName: o.gpu.name, weights: o.weights, mode: o.mode, gpusPerReplica: o.n,
    tensorParallel: o.layout.tensorParallel, expertParallel: o.layout.expertParallel, prefillGpus: o.prefillGpus,
    concurrencyPerReplica: o.point.concurrency, replicas: o.replicas, totalGpus: o.totalGpus,
    timeToFirstTokenSeconds: o.ttft, timePerOutputTokenSeconds: o.point.timePerOutputTokenSeconds,
    outputTokensPerSecondPerUser: 1 / o.point.timePerOutputTokenSeconds,
    outputTokensPerSecondPerGpu: (o.point.requestsPerSecond * o.outputTokens) / perReplicaGpus,
    requestsPerSecondPerReplica: o.point.requestsPerSecond, usdPerGpuHour: o.price.usdPerGpuHour,
    usdPerHour: o.totalGpus * o.price.usdPerGpuHour, usdPerMillionOutputTokens: o.usdPerMillion,
    usdPerMillionOutputTokensAllIn: o.usdAllIn, meetsTargets: true
  };
}
