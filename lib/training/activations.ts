/**
 * Activation memory of training: what the forward pass stores for the backward pass.
 *
 * Source: Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer
 * Models" (arXiv 2205.05198), §4 and Table 2. For a GPT layer (MHA, LayerNorm, 4h GeLU MLP,
 * dropout, 16-bit activations, 1-byte dropout masks) it counts, per layer:
 *
 *     attention  11·sbh + 5·a·s²·b   (QKV input 2, Q and K 4, V 2, output-projection input 2,
 *                                     dropout mask 1; softmax output 2as²b, its dropout mask as²b,
 *                                     dropout output 2as²b)
 *     MLP        19·sbh              (input 2, GeLU input 8, GeLU output 8, dropout mask 1)
 *     2 LayerNorms 4·sbh
 *     total      sbh·(34 + 5as/h)
 *
 * GENERALISED here, term by term, to any architecture (s sequence, b micro-batch, h = D,
 * a = N_q query heads, K KV heads, H_qk/H_v head widths, F MLP width, t tensor parallel):
 *
 *     norms      n_norm · 2sbh                    inputs of the n_norm norms of the layer
 *     attn in    2sbh                             QKV projection input (shared with the MLP input when
 *                                                 the block is parallel, n_norm = 1)
 *     Q, K, V    2sb·(a·H_qk + K·H_qk + K·H_v)/t  post-RoPE Q and K, V (GQA stores K heads, not a);
 *                                                 MLA stores the decompressed per-head K and V, plus its
 *                                                 two latents (norm input and output, 2·2sb·r each)
 *     attn out   2sb·a·H_v/t                      output-projection input (FlashAttention's saved output)
 *     scores     no FlashAttention: (2 + 3·[dropout])·a·s²·b/t   (softmax output; mask + dropout output)
 *                FlashAttention: 4·a·s·b/t (fp32 log-sum-exp per row; Dao et al. 2022) and no s² term
 *     MLP in     2sbh
 *     MLP        gated (SwiGLU/GeGLU): 8·sbF/t    gate output, up output, activation output, product
 *                                                 (PyTorch eager; a fused SwiGLU keeps 6)
 *                plain: 4·sbF/t                   activation input and output (= 16sbh for F = 4h)
 *     MoE MLP    2·s·b·k·h (permuted copies of the routed tokens) + k·(8|4)·s·b·F_e/t
 *                + S·(8|4)·s·b·F_s/t + 8·s·b·E (fp32 router logits and probabilities)
 *     dropout    [dropout]·2·sbh masks on the two residual branches (none in modern models)
 *
 * Check: GPT (n_norm 2, K = a, H = h/a, F = 4h, dropout, no FA) gives 4 + 2 + 6 + 2 + 2 + 16 + 2
 * = 34 sbh + 5as²b: the paper's figure, exactly. Llama-2-7B (F = 2.6875h, no dropout, FA):
 * 4 + 2 + 6 + 2 + 2 + 21.5 = 37.5 sbh + 4asb.
 *
 * Parallelism and recomputation (paper Table 2):
 * - TP without SP divides only the tensors inside attention and the MLP (the "/t" terms); the
 *   norm inputs, the QKV and MLP inputs and the residual dropout masks stay whole on every rank:
 *   sbh·(10 + 24/t + 5as/(ht)) for GPT.
 * - Sequence parallelism (SP) splits those along the sequence too: everything / t.
 * - Selective recomputation drops the s² terms (recomputes softmax, dropout and A·V).
 *   With FlashAttention there is no s² term, so selective ≈ none.
 * - Full recomputation keeps the layer input only, 2sbh (/t with SP); during the backward pass
 *   one layer's activations are rebuilt at a time (charged once, `recomputeWorkingBytes`).
 * - 1F1B pipeline: stage i holds min(p − i, m) micro-batches in flight; the first stage holds
 *   p, i.e. as much as L layers of one micro-batch (paper §4.2.3).
 * - fp32 residual stream (`residualBytes` 4): PEFT's `prepare_model_for_kbit_training` casts every
 *   non-4-bit parameter to fp32 (peft/utils/other.py, "cast all non INT8 parameters to fp32"), so the
 *   embedding output is fp32, each RMSNorm returns `weight(fp32) · x` in fp32 (transformers
 *   `LlamaRMSNorm.forward`) and every bitsandbytes `Linear4bit` casts its output back to the input's
 *   dtype (`out.to(inp_dtype)`): the layer inputs, norm inputs and norm outputs are 4 bytes, and the
 *   checkpoint of a fully recomputed layer is 4sbh instead of 2sbh.
 * - The embedding output is layer 0's input, counted there (its first norm input, or its
 *   checkpoint under full recomputation); the last stage adds the loss buffers
 *   (`lossActivationBytes`).
 */
import type {Architecture} from "../architecture.js";
import type {CheckpointingPolicy} from "../formats.js";
import type {LossPolicy} from "./profiles.js";

/** Bytes per stored 16-bit activation element. */
const A = 2;

export interface LayerActivationOptions {
  arch: Architecture;
  /** Layer index (MoE and MLA layers differ from dense ones). */
  layer: number;
  microBatchSize: number;
  sequenceLength: number;
  tensorParallel?: number;
  sequenceParallel?: boolean;
  flashAttention: boolean;
  /** Dropout in the layer (GPT-style); modern LLMs train without it. Default false. */
  dropout?: boolean;
  /**
   * Bytes per s·b·F element a gated MLP saves: 8 in eager PyTorch (gate, up, activation,
   * product), 6 compiled or with a fused SwiGLU, 4 with Unsloth's LoRA MLP kernel (the product
   * is recomputed). Default 8.
   */
  gatedMlpBytesPerElement?: number;
  /**
   * Bytes per element of the residual stream: the layer input (the checkpoint under full
   * recomputation), the norm inputs and the norm outputs that feed attention and the MLP.
   * 2 (16-bit) by default; 4 when the stream runs in fp32, as in a QLoRA model prepared by PEFT's
   * `prepare_model_for_kbit_training` (see `residualStreamBytes` in profiles.ts).
   */
  residualBytes?: number;
}

/** One layer's stored activations, by part, before any recomputation policy. */
export interface LayerActivations {
  norms: number;
  attention: number;
  /** s²-sized scores (no FlashAttention) or the fp32 log-sum-exp (FlashAttention). */
  scores: number;
  mlp: number;
  dropoutMasks: number;
  total: number;
}

/**
 * All activations one decoder layer stores for the backward pass (no recomputation), bytes.
 *
 * @example GPT-3 175B layer, s = 2048, b = 1, no FA, dropout: total = s·b·h·(34 + 5·a·s/h) bytes
 */
export function layerActivationBytes(options: LayerActivationOptions): LayerActivations {
  const {arch, layer, microBatchSize: b, sequenceLength: s, flashAttention} = options;
  const t = options.tensorParallel ?? 1;
  const sp = (options.sequenceParallel ?? false) && t > 1;
  const dropout = options.dropout ?? false;
  const h = arch.hiddenSize;
  const a = arch.heads;
  const sb = s * b;
  // Replicated "sequence" tensors are split by SP; the head/width-split tensors by TP.
  const rep = sp ? 1 / t : 1;
  const r = options.residualBytes ?? A;

  const norms = arch.normsPerLayer * r * sb * h * rep;
  const parallelBlock = arch.normsPerLayer === 1;
  let attention = r * sb * h * rep; // QKV projection input
  let qkv: number;
  let vWidth: number;
  if (arch.mla) {
    const m = arch.mla;
    const qk = m.qkNopeHeadDim + m.qkRopeHeadDim;
    qkv = A * sb * a * (2 * qk + m.vHeadDim) / t;
    vWidth = m.vHeadDim;
    // kv latent (+ q latent): norm input and output, replicated across TP ranks.
    attention += 2 * A * sb * (m.kvLoraRank + m.qkRopeHeadDim) * rep;
    if (m.qLoraRank) attention += 2 * A * sb * m.qLoraRank * rep;
  } else {
    const H = arch.headDim;
    const kvRanks = Math.min(t, arch.kvHeads);
    qkv = A * sb * (a * H / t + (2 * arch.kvHeads * H) / kvRanks);
    vWidth = H;
  }
  attention += qkv;
  attention += A * sb * a * vWidth / t; // output-projection input
  const scores = flashAttention
    ? (4 * a * sb) / t
    : ((dropout ? 5 : 2) * a * s * s * b) / t;

  const moe = arch.moe && arch.moe.moeLayers[layer] ? arch.moe : null;
  const perWidth = arch.gatedMlp ? (options.gatedMlpBytesPerElement ?? 4 * A) : 2 * A; // bytes per s·b·F element group
  let mlp = parallelBlock ? 0 : r * sb * h * rep; // MLP input
  if (moe) {
    const k = moe.expertsPerToken;
    mlp += A * sb * k * h * rep; // permuted token copies sent to the experts
    mlp += (k * perWidth * sb * moe.expertIntermediateSize) / t;
    mlp += (moe.sharedExperts * perWidth * sb * moe.sharedExpertIntermediateSize) / t;
    mlp += 8 * sb * moe.experts * rep; // fp32 router logits + probabilities
  } else {
    mlp += (perWidth * sb * arch.intermediateSize) / t;
  }
  const dropoutMasks = dropout ? 2 * sb * h * rep : 0;
  return {norms, attention, scores, mlp, dropoutMasks, total: norms + attention + scores + mlp + dropoutMasks};
}

/**
 * Gradient buffers alive while one layer runs its backward pass, beyond what it stored: the
 * gradients flowing in and out of the layer (2 · 2sbh, /t with SP) and, at the MLP, the
 * gradients of its widest intermediates: gate and up outputs of a gated MLP (2 · 2sbF/t), the
 * activation input of a plain one (2sbF/t); MoE layers count their k routed experts' share.
 *
 *     transient = 4sbh/(t if SP) + (gated ? 4 : 2)·sbF·k/t
 *
 * Under full recomputation this comes on top of the rebuilt layer (`recomputeWorkingBytes`),
 * which is why long-context peaks grow faster than the checkpoints alone.
 *
 * @example Llama-3-8B, s = 4096, b = 1: 4·4096·4096 + 4·4096·14336 ≈ 302 MB
 */
export function layerBackwardTransientBytes(options: LayerActivationOptions): number {
  const {arch, layer, microBatchSize: b, sequenceLength: s} = options;
  const t = options.tensorParallel ?? 1;
  const sp = (options.sequenceParallel ?? false) && t > 1;
  const sb = s * b;
  const moe = arch.moe && arch.moe.moeLayers[layer] ? arch.moe : null;
  const width = moe ? moe.expertsPerToken * moe.expertIntermediateSize + moe.sharedExperts * moe.sharedExpertIntermediateSize : arch.intermediateSize;
  return (2 * A * sb * arch.hiddenSize) / (sp ? t : 1) + ((arch.gatedMlp ? 2 * A : A) * sb * width) / t;
}

/**
 * Bytes one layer keeps under a recomputation policy.
 *
 *     none       everything (layerActivationBytes)
 *     selective  everything but the s² scores (the log-sum-exp stays with FlashAttention)
 *     full       the layer input only: 2sbh (/t with SP); 4sbh when the residual stream is fp32
 *
 * @example storedLayerBytes({arch: gpt3, layer: 0, microBatchSize: 1, sequenceLength: 2048, flashAttention: false,
 *   dropout: true, checkpointing: "selective"}) === 34 · 2048 · 12288 bytes
 */
export function storedLayerBytes(options: LayerActivationOptions & {checkpointing: CheckpointingPolicy}): number {
  const {checkpointing} = options;
  if (checkpointing === "full") {
    const t = options.tensorParallel ?? 1;
    const sp = (options.sequenceParallel ?? false) && t > 1;
    return ((options.residualBytes ?? A) * options.sequenceLength * options.microBatchSize * options.arch.hiddenSize) / (sp ? t : 1);
  }
  const full = layerActivationBytes(options);
  if (checkpointing === "selective" && !options.flashAttention) return full.total - full.scores;
  return full.total;
}

/**
 * Activations at the loss on the last pipeline stage: the final norm's input and output
 * (2·2sbh, /t with SP; 2·4sbh on an fp32 residual stream) and the loss buffers over the s·b·V/t logits, as the framework's
 * `LossPolicy` computes them (`profiles.ts`):
 *
 *     logits = s·b·V/t · retained + min(s·b·V/t · transient / chunks, chunkCap)
 *              + (fused: 2sbh, the hidden states' gradient made in the forward)
 *
 * e.g. Megatron's fused vocab-parallel cross-entropy keeps 4 bytes per logit (4·sbh·(1 + V/h) in
 * theoretical_memory_usage.py), transformers' ForCausalLMLoss 6 kept + 6 transient, torchtune's
 * compiled chunked loss 2 kept + 10/8, Unsloth's fused loss one capped chunk.
 *
 * @example Llama-3-8B, s = 4096, b = 1, 4 B/logit kept: 4096 · 128256 · 4 ≈ 2.1 GB of logits
 */
export function lossActivationBytes(options: {arch: Architecture; microBatchSize: number; sequenceLength: number;
  tensorParallel?: number; sequenceParallel?: boolean; loss: LossPolicy; residualBytes?: number}): {finalNorm: number; logits: number} {
  const t = options.tensorParallel ?? 1;
  const sp = (options.sequenceParallel ?? false) && t > 1;
  const sb = options.sequenceLength * options.microBatchSize;
  const {loss} = options;
  const elements = (sb * options.arch.vocabSize) / t;
  const chunk = Math.min((elements * loss.transientBytesPerLogit) / loss.chunks, loss.chunkCapBytes ?? Number.POSITIVE_INFINITY);
  const fusedGradient = loss.kind === "fused" ? (A * sb * options.arch.hiddenSize) / (sp ? t : 1) : 0;
  return {
    finalNorm: (2 * (options.residualBytes ?? A) * sb * options.arch.hiddenSize) / (sp ? t : 1),
    logits: elements * loss.retainedBytesPerLogit + chunk + fusedGradient
  };
}

/**
 * Korthikanti et al. 2022 Table 2, the GPT layer in closed form (bytes per layer):
 *
 *     no parallelism                 sbh·(34 + 5as/h)
 *     TP t                           sbh·(10 + 24/t + 5as/(ht))
 *     TP t + SP                      sbh/t·(34 + 5as/h)
 *     TP t + selective               sbh·(10 + 24/t)
 *     TP t + SP + selective          34·sbh/t
 *     full recompute                 2·sbh (/t with SP)
 *
 * @example korthikantiLayerBytes({sequenceLength: 4096, microBatchSize: 1, hiddenSize: 4096, heads: 32})
 *   = 4096·4096·(34 + 160) bytes = 3.25 GB per layer (×32 layers = 97.0 GiB, the EleutherAI calculator's Llama-7B figure)
 */
export function korthikantiLayerBytes(options: {sequenceLength: number; microBatchSize: number; hiddenSize: number;
  heads: number; tensorParallel?: number; sequenceParallel?: boolean; recompute?: CheckpointingPolicy}): number {
  const {sequenceLength: s, microBatchSize: b, hiddenSize: h, heads: a} = options;
  const t = options.tensorParallel ?? 1;
  const sp = options.sequenceParallel ?? false;
  const recompute = options.recompute ?? "none";
  const sbh = s * b * h;
  if (recompute === "full") return (2 * sbh) / (sp ? t : 1);
  const scores = recompute === "selective" ? 0 : (5 * a * s) / h;
  if (sp) return (sbh / t) * (34 + scores);
  return sbh * (10 + 24 / t + scores / t);
}
