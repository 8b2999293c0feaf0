/**
 * Parallel layouts for training: data (dp), tensor (TP = t), pipeline (PP = p), expert (EP)
 * and sequence parallelism, and which share of every weight tensor one GPU holds.
 *
 *     dp = GPUs / (t · p)
 *
 * - Tensor parallelism (Shoeybi et al. 2019, Megatron-LM) splits the attention heads and the
 *   MLP width of every layer t ways, and the vocabulary of the embedding and LM head
 *   (vocab-parallel embedding). Norms and routers are replicated. With GQA, K/V heads are
 *   split while t ≤ K and replicated (one head per rank) beyond.
 * - Pipeline parallelism (GPipe/1F1B) gives each stage a contiguous run of ⌈L/p⌉ or ⌊L/p⌋
 *   layers; the embedding sits on the first stage, the final norm and LM head on the last
 *   (a tied embedding is kept on both, as Megatron-LM does when p > 1). We report the worst stage.
 * - Expert parallelism splits the E routed experts of every MoE layer EP ways; the EP group is
 *   carved out of the data-parallel group, so routed-expert tensors are replicated (and ZeRO
 *   sharded) over dp/EP ranks (Megatron-Core MoE, DeepSpeed-MoE).
 * - ZeRO stage 1/2/3 (FSDP full shard = 3) shards over the dp ranks that hold identical copies.
 */
import type {Architecture} from "../architecture.js";
import type {Tensor} from "../tensors.js";

export interface ParallelLayout {
  gpus: number;
  tensorParallel: number;
  pipelineParallel: number;
  dataParallel: number;
  expertParallel: number;
  sequenceParallel: boolean;
  zeroStage: 0 | 1 | 2 | 3;
}

/** A layout that cannot run; `issues` has one line per problem, each naming the field. */
export class TrainingLayoutError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`impossible parallel layout: ${issues.join("; ")}`);
    this.name = "TrainingLayoutError";
    this.issues = issues;
  }
}

/**
 * Checks a parallel layout against the architecture and returns it with dp filled in.
 *
 * Rejects (field named first): GPUs not divisible by t·p (`hardware.count`), t not dividing
 * the attention heads (`workload.tensorParallel`), K/V heads neither divisible by t nor
 * dividing it, p > L (`workload.pipelineParallel`), EP > 1 without experts, EP not dividing E
 * or dp (`workload.expertParallel`).
 *
 * @example validateLayout({arch: llama7b, gpus: 64, tensorParallel: 8, pipelineParallel: 2,
 *   expertParallel: 1, sequenceParallel: true, zeroStage: 1}).layout.dataParallel === 4
 * @throws TrainingLayoutError with every issue found
 */
export function validateLayout(options: {arch: Architecture; gpus: number; tensorParallel: number;
  pipelineParallel: number; expertParallel: number; sequenceParallel: boolean; zeroStage: 0 | 1 | 2 | 3}):
  {layout: ParallelLayout; warnings: string[]} {
  const {arch, gpus} = options;
  const t = options.tensorParallel;
  const p = options.pipelineParallel;
  const ep = options.expertParallel;
  const issues: string[] = [];
  const warnings: string[] = [];
  const positiveInt = (x: number) => Number.isInteger(x) && x >= 1;
  if (!positiveInt(gpus)) issues.push(`hardware.count: got ${gpus}, expected an integer >= 1`);
  if (!positiveInt(t)) issues.push(`workload.tensorParallel: got ${t}, expected an integer >= 1`);
  if (!positiveInt(p)) issues.push(`workload.pipelineParallel: got ${p}, expected an integer >= 1`);
  if (!positiveInt(ep)) issues.push(`workload.expertParallel: got ${ep}, expected an integer >= 1`);
  if (issues.length) throw new TrainingLayoutError(issues);

  if (gpus % (t * p) !== 0) {
    issues.push(`hardware.count: got ${gpus}, expected a multiple of tensorParallel × pipelineParallel = ${t} × ${p} = ${t * p}`);
  }
  if (t > arch.heads) issues.push(`workload.tensorParallel: got ${t}, expected at most the ${arch.heads} attention heads`);
  else if (arch.heads % t !== 0) issues.push(`workload.tensorParallel: got ${t}, expected a divisor of the ${arch.heads} attention heads`);
  const headsOk = t <= arch.heads && arch.heads % t === 0;
  // One problem per field: the key/value heads are checked only when the query heads allow t.
  if (headsOk && !arch.mla && t > 1 && arch.kvHeads % t !== 0) {
    if (t % arch.kvHeads !== 0) {
      issues.push(`workload.tensorParallel: got ${t}, expected a divisor or a multiple of the ${arch.kvHeads} key/value heads`);
    } else {
      warnings.push(`tensorParallel ${t} > ${arch.kvHeads} key/value heads: K/V projections are replicated ${t / arch.kvHeads}×`);
    }
  }
  if (p > arch.layers) issues.push(`workload.pipelineParallel: got ${p}, expected at most the ${arch.layers} layers`);
  else if (arch.layers % p !== 0) warnings.push(`pipelineParallel ${p} does not divide ${arch.layers} layers: the fullest stage holds ${Math.ceil(arch.layers / p)}`);
  const dp = Math.max(1, Math.floor(gpus / (t * p)));
  if (ep > 1) {
    if (!arch.moe) issues.push(`workload.expertParallel: got ${ep}, expected 1: the model has no routed experts`);
    else {
      if (arch.moe.experts % ep !== 0) issues.push(`workload.expertParallel: got ${ep}, expected a divisor of the ${arch.moe.experts} routed experts`);
      if (dp % ep !== 0) issues.push(`workload.expertParallel: got ${ep}, expected a divisor of the data-parallel degree ${dp} (EP is carved out of DP)`);
    }
  }
  if (issues.length) throw new TrainingLayoutError(issues);
  if (options.sequenceParallel && t === 1) warnings.push("sequenceParallel has no effect without tensorParallel > 1");
  if (options.zeroStage >= 2 && p > 1) {
    warnings.push(`ZeRO stage ${options.zeroStage} with pipeline parallelism: DeepSpeed allows only stage ≤ 1 with its pipeline engine`);
  }
  if (options.zeroStage > 0 && dp === 1) warnings.push("ZeRO with a data-parallel degree of 1 shards nothing");
  return {
    layout: {gpus, tensorParallel: t, pipelineParallel: p, dataParallel: dp, expertParallel: ep,
      sequenceParallel: options.sequenceParallel && t > 1, zeroStage: options.zeroStage},
    warnings
  };
}

/**
 * Layers [start, end) of pipeline stage `stage` of p: a balanced contiguous split, the first
 * L mod p stages taking one extra layer.
 *
 * @example stageLayers({layers: 32, pipelineParallel: 3, stage: 0}) → {start: 0, end: 11}
 */
export function stageLayers(options: {layers: number; pipelineParallel: number; stage: number}): {start: number; end: number} {
  const {layers: L, pipelineParallel: p, stage} = options;
  // The first stages take the extra layers when L is not a multiple of p (⌈L/p⌉ on the fullest stage).
  const base = Math.floor(L / p);
  const extra = L % p;
  const start = stage * base + Math.min(stage, extra);
  return {start, end: start + base + (stage < extra ? 1 : 0)};
}

/**
 * The pipeline stage holding a layer, the inverse of `stageLayers`.
 *
 * @example stageOfLayer({layers: 32, pipelineParallel: 3, layer: 11}) === 1
 */
export function stageOfLayer(options: {layers: number; pipelineParallel: number; layer: number}): number {
  const {layers: L, pipelineParallel: p, layer} = options;
  const base = Math.floor(L / p);
  const extra = L % p;
  const longStages = extra * (base + 1);
  if (layer < longStages) return Math.floor(layer / (base + 1));
  return Math.min(p - 1, extra + Math.floor((layer - longStages) / Math.max(1, base)));
}

/**
 * Stages (0-based) that hold a tensor. Layer tensors live on their layer's stage; the token
 * and position embeddings on the first; the final norm and LM head on the last; a tied
 * embedding on both when p > 1 (Megatron-LM keeps a copy on the last stage and syncs its gradients).
 *
 * @example stagesOf({tensor: embed_tokens, arch: gpt2, pipelineParallel: 4}) → [0, 3]
 */
export function stagesOf(options: {tensor: Tensor; arch: Architecture; pipelineParallel: number}): number[] {
  const {tensor, arch, pipelineParallel: p} = options;
  const last = p - 1;
  if (tensor.layer !== null) return [stageOfLayer({layers: arch.layers, pipelineParallel: p, layer: tensor.layer})];
  if (tensor.kind === "embedding") return arch.tiedEmbeddings && p > 1 ? [0, last] : [0];
  if (tensor.kind === "positionEmbedding") return [0];
  return [last];
}

/**
 * Fraction of a tensor one tensor-parallel (and expert-parallel) rank holds.
 *
 *     share = 1/t for Q, O, MLP, experts, embedding, LM head, biases and MLA up-projections
 *           = 1/min(t, K) for K and V (GQA heads replicated when t > K)
 *           = 1 for norms, routers, MLA down-projections (q_a, kv_a), others
 *     routed experts additionally × 1/EP
 *
 * (Megatron-LM column/row-parallel linears and vocab-parallel embedding; Shoeybi et al. 2019, arXiv 1909.08053.)
 *
 * @example tensorShare({tensor: q_proj, arch: llama3_8b, layout: {tensorParallel: 8, ...}}) === 1/8;
 *   for k_proj (8 KV heads) at t = 16: 1/8
 */
export function tensorShare(options: {tensor: Tensor; arch: Architecture; layout: ParallelLayout}): number {
  const {tensor, arch, layout} = options;
  const t = layout.tensorParallel;
  let share: number;
  switch (tensor.kind) {
    case "attnK":
    case "attnV":
      share = 1 / Math.min(t, arch.kvHeads);
      break;
    case "attnLatent":
      share = tensor.name === "q_a_proj" || tensor.name === "kv_a_proj_with_mqa" ? 1 : 1 / t;
      break;
    case "norm":
    case "router":
    case "positionEmbedding":
    case "other":
      share = 1;
      break;
    default:
      share = 1 / t;
  }
  if (tensor.expert === "routed") share /= layout.expertParallel;
  return share;
}

/**
 * Ranks that hold identical copies of a tensor and so share it under ZeRO: dp, or dp/EP for
 * routed experts (the EP group is carved out of the data-parallel group).
 *
 * @example replicaGroup({tensor: routedGateProj, layout: {dataParallel: 128, expertParallel: 64, ...}}) === 2
 */
export function replicaGroup(options: {tensor: Tensor; layout: ParallelLayout}): number {
  const {tensor, layout} = options;
  return tensor.expert === "routed" ? Math.max(1, layout.dataParallel / layout.expertParallel) : layout.dataParallel;
}
