/**
 * Training-state bytes: weights, gradients and optimizer state, per parameter and per tensor,
 * and how ZeRO shards them.
 *
 * Mixed-precision AdamW (Rajbhandari et al. 2019, "ZeRO", arXiv 1910.02054, §3.1):
 *
 *     Ψ parameters → 2Ψ (fp16/bf16 weights) + 2Ψ (16-bit gradients) + KΨ optimizer state,
 *     K = 12: fp32 master copy 4 + first moment 4 + second moment 4     → 16Ψ bytes
 *
 * Megatron-LM keeps fp32 "main grads" (4 B) instead of 16-bit ones → 18Ψ; PyTorch AMP and
 * the HF Trainer keep fp32 parameters (which are the master) and fp32 gradients, plus 16-bit
 * copies of the matrices for the forward (see `profiles.ts`).
 *
 * ZeRO over N_d data-parallel ranks (same paper, Figure 1):
 *
 *     P_os     (stage 1): 2Ψ + 2Ψ + KΨ/N_d
 *     P_os+g   (stage 2): 2Ψ + (2 + K)Ψ/N_d
 *     P_os+g+p (stage 3): (2 + 2 + K)Ψ/N_d
 *
 * e.g. Ψ = 7.5e9, N_d = 64: 120 GB, 31.4 GB, 16.6 GB, 1.88 GB.
 *
 * Optimizer state per parameter (s = bytes of one state element: 4, or 2 under pure bf16
 * where PyTorch keeps optimizer state in the parameter dtype):
 *
 *     adamw         2s (first and second moment)
 *     adamw-8bit    2 + 2·4/256 (two 8-bit moments + one fp32 absmax per 256-value block each;
 *                   bitsandbytes `Optimizer2State.init_state`, block_wise; older releases used
 *                   2048-value blocks). Tensors under 4,096 elements stay 32-bit
 *                   (`min_8bit_size = 4096`): 8 B.
 *     sgd           0
 *     sgd-momentum  s (momentum buffer)
 *     lion          s (one momentum; Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms")
 *     adafactor     factored second moment: (rows + cols)·s per matrix, the full n·s for vectors;
 *                   no first moment by default (Shazeer & Stern 2018; transformers `Adafactor`
 *                   with beta1=None)
 *
 * The fp32 master copy exists only under mixed precision.
 */
import type {OptimizerName, TrainingPrecision} from "../formats.js";
import type {Tensor} from "../tensors.js";
import type {FrameworkProfile, MasterPlacement} from "./profiles.js";

/** Bytes of one tensor's (or one parameter's) training state, by what they are. */
export interface StateBytes {
  /** Persistent weight copy (16-bit, fp32, or the frozen base's format). */
  weights: number;
  /** fp32 master copy kept beside 16-bit weights (0 when none). */
  master: number;
  gradients: number;
  /** Optimizer moments and their quantization statistics. */
  optimizer: number;
  /** Transient 16-bit (or fp8) copies of fp32 weights made for compute and kept for the backward pass. */
  workingCopy: number;
}

export const ZERO_STATE: StateBytes = {weights: 0, master: 0, gradients: 0, optimizer: 0, workingCopy: 0};

/**
 * Component-wise a + scale·b.
 *
 * @example addState(ZERO_STATE, {weights: 2, master: 4, gradients: 2, optimizer: 8, workingCopy: 0}, 0.5).optimizer === 4
 */
export function addState(a: StateBytes, b: StateBytes, scale = 1): StateBytes {
  return {
    weights: a.weights + b.weights * scale,
    master: a.master + b.master * scale,
    gradients: a.gradients + b.gradients * scale,
    optimizer: a.optimizer + b.optimizer * scale,
    workingCopy: a.workingCopy + b.workingCopy * scale
  };
}

/**
 * Sum of the components.
 *
 * @example stateTotal({weights: 2, master: 4, gradients: 2, optimizer: 8, workingCopy: 0}) === 16
 */
export function stateTotal(s: StateBytes): number {
  return s.weights + s.master + s.gradients + s.optimizer + s.workingCopy;
}

/**
 * Bytes of one optimizer-state element: 2 under pure bf16 (state kept in the parameter dtype), else 4.
 *
 * @example optimizerElementBytes("bf16") === 2; optimizerElementBytes("bf16-mixed") === 4
 */
export function optimizerElementBytes(precision: TrainingPrecision): number {
  return precision === "bf16" ? 2 : 4;
}

/** bitsandbytes 8-bit optimizers: block size of the blockwise quantization (current releases). */
export const BNB_BLOCK_SIZE = 256;
/** bitsandbytes: tensors with fewer elements keep 32-bit state (`min_8bit_size`). */
export const BNB_MIN_8BIT_SIZE = 4096;

/**
 * Optimizer-state bytes of one tensor (all its `count` copies).
 *
 * @example optimizerTensorBytes({tensor: {inFeatures: 4096, outFeatures: 4096, count: 1, params: 16777216, ...},
 *   optimizer: "adafactor", precision: "bf16-mixed"}) === (4096 + 4096) * 4
 */
export function optimizerTensorBytes(options: {tensor: Tensor; optimizer: OptimizerName; precision: TrainingPrecision}): number {
  const {tensor, optimizer, precision} = options;
  const s = optimizerElementBytes(precision);
  const n = tensor.params;
  const perInstance = tensor.count > 0 ? n / tensor.count : n;
  switch (optimizer) {
    case "adamw":
      return 2 * s * n;
    case "adamw-8bit":
      if (perInstance < BNB_MIN_8BIT_SIZE) return 8 * n;
      return (2 + (2 * 4) / BNB_BLOCK_SIZE) * n;
    case "sgd":
      return 0;
    case "sgd-momentum":
    case "lion":
      return s * n;
    case "adafactor":
      if (tensor.inFeatures > 0) return s * tensor.count * (tensor.inFeatures + tensor.outFeatures);
      return s * n;
  }
}

/**
 * Optimizer bytes per parameter for an element-wise optimizer on large tensors (no Adafactor,
 * which depends on shapes): adamw 8, adamw-8bit 2.03125, sgd 0, sgd-momentum 4, lion 4 (fp32 state).
 *
 * @example optimizerBytesPerParam({optimizer: "adamw-8bit", precision: "bf16-mixed"}) === 2.03125
 */
export function optimizerBytesPerParam(options: {optimizer: OptimizerName; precision: TrainingPrecision}): number {
  const big: Tensor = {name: "w", kind: "mlpUp", layer: 0, inFeatures: 8192, outFeatures: 8192, count: 1, params: 8192 * 8192, expert: null};
  if (options.optimizer === "adafactor") throw new Error("adafactor state depends on matrix shapes: use optimizerTensorBytes");
  return optimizerTensorBytes({tensor: big, ...options}) / big.params;
}

/**
 * Weight, master, gradient and working-copy bytes per TRAINABLE parameter.
 *
 *     fp32        4 w + 4 g
 *     bf16 (pure) 2 w + 2 g                                  (no master; state in bf16)
 *     *-mixed     profile: deepspeed 2 w + 4 master + 2 g; megatron 2 w + 4 master + 4 g;
 *                 pytorch / hf-trainer 4 w + 4 g + 2 working copy
 *     fp8-mixed   as bf16-mixed, plus a cached fp8 copy of each matrix (1 B, Transformer
 *                 Engine's weight cache across micro-batches)
 *
 * `isMatrix` decides whether autocast/fp8 copies apply (they are made for matmul weights only).
 *
 * @example trainableBytesPerParam({precision: "bf16-mixed", profile: FRAMEWORK_PROFILES.megatron, isMatrix: true})
 *   → {weights: 2, master: 4, gradients: 4, workingCopy: 0}
 */
export function trainableBytesPerParam(options: {precision: TrainingPrecision; profile: FrameworkProfile; isMatrix: boolean}):
  Omit<StateBytes, "optimizer"> {
  const {precision, profile, isMatrix} = options;
  if (precision === "fp32") return {weights: 4, master: 0, gradients: 4, workingCopy: 0};
  if (precision === "bf16") return {weights: 2, master: 0, gradients: 2, workingCopy: 0};
  const working = isMatrix ? profile.mixedWorkingCopyBytes + (precision === "fp8-mixed" ? 1 : 0) : 0;
  return {
    weights: profile.mixedWeightBytes,
    master: profile.mixedMasterBytes,
    gradients: profile.mixedGradientBytes,
    workingCopy: working
  };
}

/**
 * Full training-state bytes per parameter of a large trainable matrix (element-wise optimizers).
 *
 * @example stateBytesPerParam({precision: "bf16-mixed", optimizer: "adamw", profile: FRAMEWORK_PROFILES.deepspeed}) === 16
 * @example stateBytesPerParam({precision: "bf16-mixed", optimizer: "adamw", profile: FRAMEWORK_PROFILES.megatron}) === 18
 */
export function stateBytesPerParam(options: {precision: TrainingPrecision; optimizer: OptimizerName; profile: FrameworkProfile}): number {
  const t = trainableBytesPerParam({precision: options.precision, profile: options.profile, isMatrix: true});
  return t.weights + t.master + t.gradients + t.workingCopy + optimizerBytesPerParam(options);
}

/**
 * Training state of one tensor (all its copies, before any parallel split).
 *
 * Frozen tensors (LoRA base) carry only their stored weights at `frozenBytesPerParam`.
 *
 * @example tensorStateBytes({tensor: q_proj_4096x4096, precision: "bf16-mixed", optimizer: "adamw",
 *   profile: FRAMEWORK_PROFILES.deepspeed, trainable: true}) → 16 · 16,777,216 bytes in all
 */
export function tensorStateBytes(options: {tensor: Tensor; precision: TrainingPrecision; optimizer: OptimizerName;
  profile: FrameworkProfile; trainable: boolean; frozenBytesPerParam?: number}): StateBytes {
  const {tensor, precision, optimizer, profile, trainable} = options;
  const n = tensor.params;
  if (!trainable) {
    const b = options.frozenBytesPerParam ?? (precision === "fp32" ? 4 : 2);
    return {weights: b * n, master: 0, gradients: 0, optimizer: 0, workingCopy: 0};
  }
  const per = trainableBytesPerParam({precision, profile, isMatrix: tensor.inFeatures > 0});
  return {
    weights: per.weights * n,
    master: per.master * n,
    gradients: per.gradients * n,
    optimizer: optimizerTensorBytes({tensor, optimizer, precision}),
    workingCopy: per.workingCopy * n
  };
}

/**
 * ZeRO sharding of a state over the `group` ranks that hold identical copies.
 *
 *     stage ≥ 1: optimizer (and a master that lives with the optimizer) / group
 *     stage ≥ 2: gradients / group
 *     stage 3:   weights (and a master that is the weights) / group; working copies are
 *                replaced by the gathered-unit buffers charged separately
 *
 * @example shardState({state: {weights: 2, master: 4, gradients: 2, optimizer: 8, workingCopy: 0},
 *   zeroStage: 1, group: 64, masterIn: "optimizer"}) → {weights: 2, master: 0.0625, gradients: 2, optimizer: 0.125, ...}
 */
export function shardState(options: {state: StateBytes; zeroStage: 0 | 1 | 2 | 3; group: number; masterIn: MasterPlacement}): StateBytes {
  const {state, zeroStage, masterIn} = options;
  const g = Math.max(1, options.group);
  const out = {...state};
  if (zeroStage >= 1) {
    out.optimizer /= g;
    if (masterIn === "optimizer") out.master /= g;
  }
  if (zeroStage >= 2) out.gradients /= g;
  if (zeroStage >= 3) {
    out.weights /= g;
    if (masterIn === "weights") out.master /= g;
    out.workingCopy = 0;
  }
  return out;
}
