/**
 * Floating-point operations of a forward pass, counted as 2 FLOP per multiply-accumulate.
 *
 * Two parts (Kaplan et al. 2020 §2.1; PaLM, Chowdhery et al. 2022, App. B):
 *
 *     dense  = 2 · M                           per token, M = matrix parameters a token passes through
 *                                              (active, embedding lookup excluded, LM head included even when tied)
 *     attn   = 2 · N_q · (H_qk + H_v) · c      per token per attention layer, attending to c positions
 *                                              (QKᵀ: 2·N_q·H_qk·c, A·V: 2·N_q·H_v·c)
 *
 * Causal convention: token t of a prompt attends to t positions (itself and those before), so a
 * prompt of T tokens costs Σ_{t=1..T} min(t, W) per layer, ≈ T²/2 (the "causal half" that
 * Megatron-LM and MaxText count, and that FlashAttention executes by skipping masked tiles).
 * PaLM, nanoGPT and torchtitan count the full T² instead; `attentionConvention: "full"` gives that.
 * GQA does not reduce score FLOPs: they scale with N_q, not K. MLA uses H_qk = d_nope + d_rope and H_v = d_v.
 */
import type {Architecture} from "./architecture.js";
import {routedFraction, tensorsOf} from "./params.js";
import type {Tensor} from "./tensors.js";

/**
 * Matrix parameters one token multiplies through (M above): active weight matrices except the
 * embedding lookup, with the LM head (V·D) counted whether or not it is tied.
 *
 * @param includeLmHead whether the token's logits are computed (every training token; only the
 *   last prompt token in serving).
 */
export function matmulParamsPerToken(options: {arch: Architecture; includeLmHead?: boolean; tensors?: Tensor[]}): number {
  const {arch, includeLmHead = true} = options;
  if (!options.tensors) return shapeOf(arch).matmulBody + (includeLmHead ? arch.hiddenSize * arch.vocabSize : 0);
  return matmulBodyParams(arch, options.tensors) + (includeLmHead ? arch.hiddenSize * arch.vocabSize : 0);
}

function matmulBodyParams(arch: Architecture, tensors: Tensor[]): number {
  const fraction = routedFraction(arch);
  let m = 0;
  for (const t of tensors) {
    if (t.inFeatures === 0 || t.kind === "embedding" || t.kind === "lmHead") continue;
    m += t.expert === "routed" ? t.params * fraction : t.params;
  }
  return m;
}

/** What FLOP counts need from an architecture, computed once per architecture object. */
interface FlopsShape {
  matmulBody: number;
  /** 2·N_q·(H_qk + H_v): FLOP per attended position per layer. */
  perPosition: number;
  fullLayers: number;
  slidingLayers: number;
  window: number | null;
}

const shapes = new WeakMap<Architecture, FlopsShape>();

function shapeOf(arch: Architecture): FlopsShape {
  let shape = shapes.get(arch);
  if (!shape) {
    const {qk, v} = attentionHeadWidths(arch);
    const sliding = arch.slidingWindow === null ? 0 : arch.layerAttention.filter((k) => k === "sliding").length;
    shape = {matmulBody: matmulBodyParams(arch, tensorsOf(arch)), perPosition: 2 * arch.heads * (qk + v),
      fullLayers: arch.layers - sliding, slidingLayers: sliding, window: arch.slidingWindow};
    shapes.set(arch, shape);
  }
  return shape;
}

/** Width of one query·key dot product and of one value row. */
export function attentionHeadWidths(arch: Architecture): {qk: number; v: number} {
  if (arch.mla) return {qk: arch.mla.qkNopeHeadDim + arch.mla.qkRopeHeadDim, v: arch.mla.vHeadDim};
  return {qk: arch.headDim, v: arch.headDim};
}

/**
 * Attention-score FLOP for ONE token attending to `contextTokens` positions, summed over layers:
 *
 *     Σ_layers 2 · N_q · (H_qk + H_v) · min(c, W_layer)
 *
 * Sliding-window layers see at most W positions.
 */
export function attentionFlopsPerToken(options: {arch: Architecture; contextTokens: number}): number {
  const {arch, contextTokens} = options;
  const shape = shapeOf(arch);
  const slidingPositions = shape.window === null ? contextTokens : Math.min(contextTokens, shape.window);
  return shape.perPosition * (shape.fullLayers * contextTokens + shape.slidingLayers * slidingPositions);
}

/**
 * Positions attended, summed over a causal prompt of T tokens, for one layer of window W:
 *
 *     Σ_{t=1..T} min(t, W) = T(T+1)/2 when W ≥ T, else W(W+1)/2 + (T − W)·W
 */
export function causalPositions(promptTokens: number, window: number | null): number {
  const T = promptTokens;
  if (window === null || window >= T) return (T * (T + 1)) / 2;
  return (window * (window + 1)) / 2 + (T - window) * window;
}

/**
 * Forward FLOP per token at a given context, the decode step's cost for one sequence:
 *
 *     decodeFlopsPerToken = 2·M + Σ_layers 2·N_q·(H_qk + H_v)·min(c, W)
 *
 * @example Llama-3-8B at c = 0: 2·(6,979,321,856 + 525,336,576) ≈ 1.50e10 FLOP
 */
export function decodeFlopsPerToken(options: {arch: Architecture; contextTokens: number; tensors?: Tensor[]}): number {
  return 2 * matmulParamsPerToken({arch: options.arch, tensors: options.tensors}) + attentionFlopsPerToken(options);
}

/**
 * FLOP of the forward pass over a prompt of T tokens (one sequence), causal:
 *
 *     prefillFlops = 2·M_body·T + 2·D·V·(T or 1) + Σ_layers 2·N_q·(H_qk + H_v)·Σ_{t=1..T} min(t, W)
 *
 * Serving engines compute logits only for the last prompt position (HF `num_logits_to_keep`,
 * vLLM), so by default the LM head is charged once; `logitsForAllPositions` charges it T times
 * (training, perplexity evaluation). `attentionConvention: "full"` counts T² instead of T²/2.
 */
export function prefillFlops(options: {arch: Architecture; promptTokens: number; logitsForAllPositions?: boolean;
  attentionConvention?: "causal" | "full"; tensors?: Tensor[]}): number {
  const {arch, promptTokens: T, logitsForAllPositions = false, attentionConvention = "causal"} = options;
  const body = matmulParamsPerToken({arch, includeLmHead: false, tensors: options.tensors});
  const head = arch.hiddenSize * arch.vocabSize;
  const shape = shapeOf(arch);
  const full = attentionConvention === "full" ? T * T : causalPositions(T, null);
  const windowed = attentionConvention === "full" ? T * Math.min(T, shape.window ?? T) : causalPositions(T, shape.window);
  const positions = shape.fullLayers * full + shape.slidingLayers * windowed;
  return 2 * body * T + 2 * head * (logitsForAllPositions ? T : 1) + shape.perPosition * positions;
}

/**
 * Model FLOP per token of a forward pass in training at sequence length s (every position's
 * logits; causal attention averaged over the sequence, (s+1)/2 positions per token):
 *
 *     forwardFlopsPerToken = 2·M + Σ_layers 2·N_q·(H_qk + H_v)·(s+1)/2
 *
 * Training (forward + backward) is 3× this: the familiar 6N + 6·L·N_q·H·s of Megatron-LM's
 * `num_floating_point_operations` (causal half); PaLM's 6N + 12·L·N_q·H·s is the "full" convention.
 */
export function forwardFlopsPerToken(options: {arch: Architecture; sequenceLength: number;
  attentionConvention?: "causal" | "full"; tensors?: Tensor[]}): number {
  const {arch, sequenceLength: s, attentionConvention = "causal"} = options;
  return prefillFlops({arch, promptTokens: s, logitsForAllPositions: true, attentionConvention, tensors: options.tensors}) / s;
}
