/**
 * Framework profiles: which accounting of training-state bytes applies, and the overhead
 * constants a framework adds on top of the tensors it trains.
 *
 * The same model, precision and optimizer costs different bytes per parameter depending on
 * who holds the copies (peers.md §C5):
 *
 * | profile     | mixed-precision AdamW bytes/param                  | source |
 * |-------------|----------------------------------------------------|--------|
 * | deepspeed   | 2 w (16-bit) + 2 g (16-bit) + 4 master + 4 m + 4 v = **16** | Rajbhandari et al. 2019 (ZeRO, arXiv 1910.02054) §3.1 |
 * | megatron    | 2 w + **4 g (fp32 main grads)** + 4 master + 8 = **18**     | NVIDIA/Megatron-LM `megatron/training/theoretical_memory_usage.py` |
 * | pytorch     | 4 w (fp32 params are the master) + 4 g + 8 = 16, plus the 16-bit copies autocast makes of every matrix (2 B, kept for backward) = 18 | PyTorch AMP / FSDP `MixedPrecision`; HF "model memory anatomy" |
 * | hf-trainer  | "6 bytes per parameter for mixed precision (fp32 + fp16 copy)" + 4 g + 8 = 18 | huggingface/transformers docs `perf_train_gpu_one.md`, "Anatomy of Model's Memory" |
 *
 * Constants are as of the framework versions current in 2024–2025 (PyTorch 2.4–2.6,
 * DeepSpeed 0.14–0.16, Megatron-Core 0.8–0.12, transformers 4.43–4.50); each carries its
 * source. Values that are judgement rather than read from a source say so.
 */
import type {TrainingWorkload} from "../scenario.js";

export type FrameworkName = NonNullable<TrainingWorkload["framework"]>;

export const GIB = 2 ** 30;
export const MIB = 2 ** 20;

/** Where the fp32 master copy lives, which decides the ZeRO stage that shards it. */
export type MasterPlacement = "optimizer" | "weights";

export interface FrameworkProfile {
  name: FrameworkName;
  /** Mixed precision: bytes of the persistent weight copy the model holds (16-bit 2, fp32 4). */
  mixedWeightBytes: number;
  /** Mixed precision: bytes of the fp32 master copy kept beside it (0 when the weights are the master). */
  mixedMasterBytes: number;
  /** Mixed precision: bytes per gradient element (ZeRO paper 2; Megatron fp32 main grads 4; AMP 4). */
  mixedGradientBytes: number;
  /** Mixed precision: a 16-bit working copy of each trainable matrix made by autocast and kept for backward. */
  mixedWorkingCopyBytes: number;
  /** Which ZeRO stage shards the master: "optimizer" (stage ≥ 1, ZeRO/Megatron) or "weights" (stage 3, FSDP/AMP). */
  masterIn: MasterPlacement;
  /**
   * Peak bytes per logit element (s·b·V/t elements) while the loss and its gradient are
   * computed; all stored layer activations are live at that moment.
   * - hf-trainer 14: transformers ≤ 4.44 `LlamaForCausalLM.forward` keeps bf16 logits (2), upcasts
   *   them (`logits.float()`, 4), makes a shifted contiguous fp32 copy (4) and log-softmax output (4).
   * - deepspeed 12 (HF models, transformers ≥ 4.45 `ForCausalLMLoss`): fp32 upcast or log-probs (4),
   *   and in the backward the gradients of the log-probs and of the logits (4 + 4).
   * - pytorch 3.5 (PyTorch-native recipes, torchtune `CEWithChunkedOutputLoss`, 8 chunks): bf16
   *   logits (2) plus the fp32 work of one chunk (12/8).
   * - megatron 4: fused vocab-parallel cross-entropy in fp32 (theoretical_memory_usage.py: 4·sbh·(1 + V/h)).
   */
  logitPeakBytesPerElement: number;
  /** CUDA context + library workspaces (cuBLAS, NCCL) per GPU, bytes. */
  contextBytes: number;
  /** Caching-allocator fragmentation, as a fraction of allocated tensor bytes (assumption). */
  fragmentationFraction: number;
  /**
   * Communication buffers for data parallelism without ZeRO-3, in elements of the gradient
   * dtype; "gradients" means a full extra copy of the gradients (PyTorch DDP's default
   * buckets, `gradient_as_bucket_view=False`).
   */
  dataParallelBucket: {elements: number} | "gradients";
  /**
   * QLoRA: the tensors left unquantized (embeddings, LM head, norms) are held in fp32, as PEFT's
   * `prepare_model_for_kbit_training` does ("casts all the non-int8 modules to full precision
   * (fp32) for stability"); under autocast the fp32 LM head is also cast to a 16-bit copy kept
   * for the backward pass.
   */
  qloraUpcastsUnquantized: boolean;
  /** Activation memory calibration: multiplies the analytic per-layer activations (1 = none). */
  activationFactor: number;
  source: string;
}

/**
 * CUDA context size. PyTorch's CUDA context with lazy module loading (CUDA ≥ 11.7) takes
 * about 0.3–0.6 GiB; cuBLAS workspaces and NCCL communicators add a few hundred MiB. The
 * HF "Efficient training on a single GPU" page measured ~1.3 GB occupied before any tensor
 * (V100, 2023); the Ultra-Scale Playbook quotes 1–2 GB. 1 GiB is the middle (judgement, 2025).
 */
export const DEFAULT_CONTEXT_BYTES = 1 * GIB;

/**
 * Allocator fragmentation: Megatron-LM's `theoretical_memory_usage.py` multiplies its
 * no-SP activation estimate by 1.05; we apply 5 % to all allocated tensors (assumption, 2025).
 */
export const DEFAULT_FRAGMENTATION = 0.05;

/**
 * DeepSpeed ZeRO-1/2 reduce bucket: `reduce_bucket_size` default 5e8 elements (DeepSpeed
 * config docs, "ZeRO Optimizations": reduce_bucket_size 500000000, allgather_bucket_size
 * 500000000; unchanged through DeepSpeed 0.16, 2025). Only the reduce bucket is charged here;
 * the all-gather bucket reuses it.
 */
export const DEEPSPEED_BUCKET_ELEMENTS = 5e8;

export const FRAMEWORK_PROFILES: Record<FrameworkName, FrameworkProfile> = {
  deepspeed: {
    name: "deepspeed",
    mixedWeightBytes: 2, mixedMasterBytes: 4, mixedGradientBytes: 2, mixedWorkingCopyBytes: 0,
    masterIn: "optimizer",
    logitPeakBytesPerElement: 12,
    contextBytes: DEFAULT_CONTEXT_BYTES,
    fragmentationFraction: DEFAULT_FRAGMENTATION,
    dataParallelBucket: {elements: DEEPSPEED_BUCKET_ELEMENTS},
    qloraUpcastsUnquantized: false,
    activationFactor: 1,
    source: "Rajbhandari et al. 2019 (ZeRO, arXiv 1910.02054) §3.1: 2Ψ + 2Ψ + KΨ with K = 12; DeepSpeed config docs for bucket sizes"
  },
  megatron: {
    name: "megatron",
    mixedWeightBytes: 2, mixedMasterBytes: 4, mixedGradientBytes: 4, mixedWorkingCopyBytes: 0,
    masterIn: "optimizer",
    logitPeakBytesPerElement: 4,
    contextBytes: DEFAULT_CONTEXT_BYTES,
    fragmentationFraction: DEFAULT_FRAGMENTATION,
    // Megatron's DDP reduces straight from its contiguous fp32 main-grad buffer: no extra copy.
    dataParallelBucket: {elements: 0},
    qloraUpcastsUnquantized: false,
    activationFactor: 1,
    source: "NVIDIA/Megatron-LM megatron/training/theoretical_memory_usage.py (18 bytes/param; 6 + 12/dp with the distributed optimizer)"
  },
  pytorch: {
    name: "pytorch",
    mixedWeightBytes: 4, mixedMasterBytes: 0, mixedGradientBytes: 4, mixedWorkingCopyBytes: 2,
    masterIn: "weights",
    logitPeakBytesPerElement: 3.5,
    contextBytes: DEFAULT_CONTEXT_BYTES,
    fragmentationFraction: DEFAULT_FRAGMENTATION,
    // torch.nn.parallel.DistributedDataParallel docs: with gradient_as_bucket_view=False (default)
    // the buckets are a copy of the gradients; setting it True "saves memory equal to the total gradients size".
    dataParallelBucket: "gradients",
    qloraUpcastsUnquantized: false,
    activationFactor: 1,
    source: "PyTorch AMP/FSDP MixedPrecision (fp32 params + fp32 grads, 16-bit compute copies); torch DistributedDataParallel docs (gradient_as_bucket_view)"
  },
  "hf-trainer": {
    name: "hf-trainer",
    mixedWeightBytes: 4, mixedMasterBytes: 0, mixedGradientBytes: 4, mixedWorkingCopyBytes: 2,
    masterIn: "weights",
    logitPeakBytesPerElement: 14,
    contextBytes: DEFAULT_CONTEXT_BYTES,
    fragmentationFraction: DEFAULT_FRAGMENTATION,
    dataParallelBucket: "gradients",
    qloraUpcastsUnquantized: true,
    activationFactor: 1,
    source: "huggingface/transformers docs perf_train_gpu_one.md 'Anatomy of Model's Memory': weights 6 B/param mixed, gradients 4, AdamW 8"
  }
};

/** Default framework when the workload names none. */
export const DEFAULT_FRAMEWORK: FrameworkName = "pytorch";
