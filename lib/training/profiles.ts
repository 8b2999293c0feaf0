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
 * The fine-tuning trainers (contract v2: torchtune, llama-factory, unsloth, axolotl, peft) keep
 * one of these accountings for the trained tensors and differ in what else they allocate by
 * default: checkpointing and its offload, the loss buffers (chunked or fused cross-entropy), the
 * dtype of what stays frozen, the NF4 workspace, `torch.compile`, and which parallelism they
 * offer. Each of those defaults is read from the trainer's own code or docs (repository and
 * commit date in `TRAINER_SOURCES`); see `TrainerDefaults`.
 *
 * Constants are as of the framework versions current in 2024–2025 (PyTorch 2.4–2.6,
 * DeepSpeed 0.14–0.16, Megatron-Core 0.8–0.12, transformers 4.43–4.50); each carries its
 * source. Values that are judgement rather than read from a source say so.
 */
import type {CheckpointingPolicy, TrainingMethod} from "../formats.js";

/** Every `workload.framework` the contract accepts (v1 families, then the v2 fine-tuning trainers). */
export const FRAMEWORKS = ["pytorch", "deepspeed", "megatron", "hf-trainer", "torchtune", "llama-factory", "unsloth", "axolotl", "peft"] as const;
export type FrameworkName = (typeof FRAMEWORKS)[number];

export const GIB = 2 ** 30;
export const MIB = 2 ** 20;

/** Where the fp32 master copy lives, which decides the ZeRO stage that shards it. */
export type MasterPlacement = "optimizer" | "weights";

/**
 * How a trainer computes the loss over the logits, s·b·V/t elements of them.
 *
 *     loss buffers = final norm (2·2sbh) + s·b·V/t · retained
 *                    + min(s·b·V/t · transient / chunks, chunkCap)      (one chunk's work at a time)
 *                    + fused ? 2sbh : 0                                  (the hidden states' gradient, made in the forward)
 *
 * - materialized (one chunk): the whole logits tensor and its fp32 work exist at once;
 * - chunked: the model or the loss splits the tokens into `chunks`; what autograd saves per
 *   chunk (`retained`) lives for every chunk until the backward, the rest one chunk at a time;
 * - fused: projection and cross-entropy run chunk by chunk and the gradient is made in the
 *   forward, so no logits outlive their chunk.
 */
export interface LossPolicy {
  kind: "materialized" | "chunked" | "fused";
  /** Bytes per logit element that stay alive for every chunk until the loss's backward. */
  retainedBytesPerLogit: number;
  /** Bytes per logit element of one chunk's transient work (upcast, softmax, gradients). */
  transientBytesPerLogit: number;
  chunks: number;
  /** Fused losses size their chunks to stay under this many bytes of work. */
  chunkCapBytes?: number;
  source: string;
}

/** Which parallelism a trainer offers: a layout asking for more is refused, naming the field. */
export interface TrainerCapabilities {
  tensorParallel: boolean;
  pipelineParallel: boolean;
  expertParallel: boolean;
  /** ZeRO stages (FSDP: 2 = SHARD_GRAD_OP, 3 = FULL_SHARD) the trainer can run across data-parallel GPUs. */
  zeroStages: readonly (0 | 1 | 2 | 3)[];
  source: string;
}

export interface FrameworkProfile {
  name: FrameworkName;
  /** Words for pages and warnings. */
  label: string;
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
   * The loss buffers: peak bytes per logit element while the loss and its gradient are
   * computed (all stored layer activations are live at that moment). See `LossPolicy` and
   * `lossBytesPerLogit`:
   * - hf-trainer 14: transformers 4.45–4.47 `ForCausalLMLoss` while the model output keeps the bf16
   *   logits (2): `logits.float()` (4), the shifted `.contiguous()` fp32 copy (4) and the log-softmax
   *   output (4) exist together in the forward (later releases pad the labels instead of copying: 12).
   * - deepspeed, peft, axolotl, llama-factory 12 (HF models, transformers ≥ 4.45 `ForCausalLMLoss`): the
   *   bf16 logits returned in the output (2) and the fp32 log-softmax cross_entropy saves (4), and in
   *   the backward the gradients of the log-probs and of the logits (4 + 2).
   * - pytorch and torchtune 2.25 (PyTorch-native recipes compiled, torchtune `CEWithChunkedOutputLoss`,
   *   8 chunks): bf16 logits (2) plus one chunk's bf16 gradient (2/8), the fp32 work fused by the
   *   compiled loss (eager it would be 4 kept + one chunk's 2 + 4).
   * - megatron 4: fused vocab-parallel cross-entropy in fp32 (theoretical_memory_usage.py: 4·sbh·(1 + V/h)).
   */
  loss: LossPolicy;
  /** CUDA context + library workspaces (cuBLAS, NCCL) per GPU, bytes. */
  contextBytes: number;
  /** Caching-allocator fragmentation: reserved over allocated − 1, as a fraction of allocated tensor bytes. */
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
  /**
   * Bytes per s·b·F element a gated MLP saves for its backward (eager PyTorch 8: gate, up,
   * activation, product; compiled or fused SwiGLU 6; Unsloth's LoRA MLP kernel 4: gate and up,
   * the product recomputed).
   */
  gatedMlpBytesPerElement: number;
  /** Checkpointing when the workload names none, per method. */
  defaultCheckpointing: Record<TrainingMethod, CheckpointingPolicy>;
  /** Checkpointed layer inputs are moved to host memory (only a layer's worth stays on the GPU). */
  offloadsCheckpoints: boolean;
  /** `torch.compile` in the trainer's published configuration. */
  compiled: boolean;
  /** Sequences packed to the full length by default (no padding waste in tokens/s). */
  packing: boolean;
  /** Optimizer the trainer's own QLoRA/LoRA recipes name (paged or 8-bit), for notes; the workload's optimizer decides the bytes. */
  recipeOptimizer: string;
  /**
   * Full fine-tuning on one GPU steps the optimizer inside the backward pass, one parameter at a
   * time, so only one tensor's gradient exists at once (torchtune `optimizer_in_bwd: True`,
   * needs gradient accumulation 1).
   */
  optimizerInBackwardSingleDevice: boolean;
  capabilities: TrainerCapabilities;
  /**
   * Fine-tuning speed when the workload gives no MFU: the fraction of the dense peak that the
   * executed FLOPs (recomputation included) reach, `hardwareUtilization`, its source and, for a
   * trainer that publishes a speed-up over a baseline, that ratio.
   */
  speed: {hardwareUtilization: number; source: string};
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

/**
 * Where each trainer's defaults were read (repository, commit date of the snapshot read, files).
 */
export const TRAINER_SOURCES = {
  torchtune: "pytorch/torchtune @ bd2a0fc (2026-04-23): recipes/configs/llama3_1/8B_lora_single_device.yaml, 405B_qlora.yaml " +
    "(enable_activation_checkpointing: True, enable_activation_offloading: False, compile: False, loss LinearCrossEntropyLoss); " +
    "torchtune/modules/loss/cross_entropy_loss.py (num_output_chunks = 8, logits.float() per chunk); README 'Memory and training speed' (all rows compile=True, packed)",
  "llama-factory": "hiyouga/LLaMA-Factory @ ff6d4d1 (2026-08-18): src/llamafactory/hparams/model_args.py (disable_gradient_checkpointing = False, " +
    "enable_liger_kernel = False, upcast_layernorm = False), data_args.py (packing = None: off for SFT), model/adapter.py (trainable params cast to float32)",
  unsloth: "unslothai/unsloth @ 015bdef (2026-08-22): unsloth/models/llama.py (get_peft_model use_gradient_checkpointing = \"unsloth\": " +
    "offloaded checkpoints; unsloth_fused_ce_loss: chunked fused cross-entropy, no logits kept); unsloth/models/_utils.py (Unsloth_Offloaded_Gradient_Checkpointer)",
  axolotl: "axolotl-ai-cloud/axolotl @ 067b021 (2026-07-24): src/axolotl/utils/schemas/config.py (gradient_checkpointing default False, " +
    "set true in 207 of the 217 example configs that name it; sample_packing default None); src/axolotl/loaders/model.py (QLoRA: prepare_model_for_kbit_training, " +
    "then norms, embeddings and LM head converted back to torch_dtype for LoRA/QLoRA without FSDP)",
  peft: "huggingface/peft @ 5d602fd (2026-08-21): src/peft/utils/other.py prepare_model_for_kbit_training(use_gradient_checkpointing=True; " +
    "non-quantized parameters cast to fp32); artidoro/qlora qlora.py (gradient_checkpointing=True, optim paged_adamw_32bit)"
} as const;

/** transformers ≥ 4.45 `ForCausalLMLoss`: bf16 logits + fp32 log-softmax kept, gradients 4 + 2 in the backward. */
const HF_LOSS: LossPolicy = {kind: "materialized", retainedBytesPerLogit: 6, transientBytesPerLogit: 6, chunks: 1,
  source: "transformers ≥ 4.45 loss_utils.py ForCausalLMLoss: logits.float() then cross_entropy (saves the fp32 log-softmax); backward: 4 + 2 bytes of gradients"};

/**
 * torchtune's chunked cross-entropy (`CEWithChunkedOutputLoss`, 8 chunks, the loss of the README's
 * 2024-09 tables; `LinearCrossEntropyLoss` since): the model returns the bf16 logits as 8 chunks
 * (`TransformerDecoder.forward`: `[self.output(chunk) for chunk in h.chunk(num_output_chunks, dim=1)]`)
 * and the recipe computes `F.cross_entropy(chunk.float(), labels)` per chunk.
 * - eager: each chunk's fp32 log-softmax (4) is saved until the backward, the bf16 logits (2) live
 *   until the loss returns (`del logits` in `_loss_step`) and one chunk's fp32 upcast (4) comes and goes;
 * - compiled (`compile=True`, every row of the README's tables): the recipe compiles
 *   `compute_cross_entropy`; the upcast, log-softmax and loss fuse into one reduction that keeps
 *   its fp32 work in registers, and the compiled graph saves only its bf16 input (2, the logits
 *   already alive) and a per-row log-sum-exp. Its backward writes one chunk's bf16 gradient (2 per
 *   logit of that chunk) and frees that chunk's saved logits as it goes.
 *
 *     compiled peak = s·b·V·(2 + 2/8)      (recipes/lora_finetune_single_device.py @ 30b8519e8, 2024-09-24;
 *                                          torchtune/modules/loss/ce_chunked_output_loss.py)
 *
 * The fusion is read from how inductor lowers a pointwise upcast into a reduction (judgement, 2026-12):
 * no fp32 tensor of the chunk's logits is materialised.
 */
export const TORCHTUNE_CHUNKS = 8;
const TORCHTUNE_LOSS_COMPILED: LossPolicy = {kind: "chunked", retainedBytesPerLogit: 2, transientBytesPerLogit: 2, chunks: TORCHTUNE_CHUNKS,
  source: "torchtune CEWithChunkedOutputLoss (8 chunks), compiled: bf16 logits kept, one chunk's bf16 gradient in the backward (fp32 work fused)"};

/**
 * Unsloth's fused cross-entropy: chunks sized from the free memory (`target_gb`, "default detects
 * VRAM left"); 1 GiB of fp32 work per chunk is assumed here (judgement, 2026-12).
 */
export const UNSLOTH_LOSS_CHUNK_BYTES = 1 * GIB;

/** HF-family capabilities: data parallelism with DeepSpeed ZeRO or FSDP, no tensor or pipeline parallelism. */
const HF_CAPABILITIES: TrainerCapabilities = {tensorParallel: false, pipelineParallel: false, expertParallel: false, zeroStages: [0, 1, 2, 3],
  source: "transformers Trainer: DDP, DeepSpeed ZeRO 1-3 and FSDP integrations; no pipeline parallelism"};

/** LoRA and QLoRA train with full activation checkpointing in every trainer's recipes. */
const ADAPTERS_CHECKPOINTED = {lora: "full", qlora: "full"} as const;

/**
 * Hardware-FLOPs utilisation of PyTorch-native fine-tuning (torchtune, compiled): 0.67 of the
 * dense peak on executed FLOPs (recomputation included; 77 % of the 271 TFLOPS an A100 SXM reaches
 * in a bare bf16 matmul, stas00/ml-engineering "Maximum Achievable Matmul FLOPS"). FITTED (minimax)
 * on two torchtune README rows, Llama 3.1 70B LoRA and 405B QLoRA on 8× A100 (FT-006-tps,
 * FT-007-tps), with their FSDP traffic charged (`dataParallelTraffic`); 0.6 before that term
 * existed. The error on the other rows is reported by `test/training/finetune.test.ts` (2026-12).
 */
export const FINETUNE_HARDWARE_UTILIZATION = 0.67;

/**
 * Hardware-FLOPs utilisation of the Hugging Face Trainer family (PEFT, Axolotl, LLaMA-Factory)
 * in eager mode: 0.55. FITTED on four Qwen finetune.py rows (HF Trainer + PEFT on one A100:
 * FT-019-step, FT-020-step, FT-022-step, FT-026-step; 7B LoRA and Q-LoRA at 1k and 4k tokens);
 * the error on the other rows is reported by `test/training/finetune.test.ts` (2026-12).
 */
export const HF_HARDWARE_UTILIZATION = 0.55;

/**
 * The rows a speed constant was fitted on (the tests report the error on the rest separately): the
 * utilisations above, and time.ts `EXPOSED_COMMUNICATION_FRACTION` (FT-031-step, FT-036-tps).
 */
export const SPEED_FIT_ROWS = ["FT-006-tps", "FT-007-tps", "FT-019-step", "FT-020-step", "FT-022-step", "FT-026-step",
  "FT-031-step", "FT-036-tps"] as const;

/**
 * Unsloth's published speed-up over Hugging Face + FlashAttention-2 on the same QLoRA run:
 * "2x faster" (unsloth README benchmark table, Llama 3.1 8B / 3.3 70B, 2026-08).
 */
export const UNSLOTH_SPEEDUP_OVER_HF = 2;

const base = {
  contextBytes: DEFAULT_CONTEXT_BYTES,
  fragmentationFraction: DEFAULT_FRAGMENTATION,
  activationFactor: 1,
  gatedMlpBytesPerElement: 8,
  offloadsCheckpoints: false,
  compiled: false,
  packing: false,
  recipeOptimizer: "adamw",
  optimizerInBackwardSingleDevice: false
};

export const FRAMEWORK_PROFILES: Record<FrameworkName, FrameworkProfile> = {
  deepspeed: {
    ...base,
    name: "deepspeed", label: "DeepSpeed",
    mixedWeightBytes: 2, mixedMasterBytes: 4, mixedGradientBytes: 2, mixedWorkingCopyBytes: 0,
    masterIn: "optimizer",
    loss: HF_LOSS,
    dataParallelBucket: {elements: DEEPSPEED_BUCKET_ELEMENTS},
    qloraUpcastsUnquantized: false,
    defaultCheckpointing: {full: "none", ...ADAPTERS_CHECKPOINTED},
    capabilities: {tensorParallel: true, pipelineParallel: true, expertParallel: true, zeroStages: [0, 1, 2, 3],
      source: "DeepSpeed docs: ZeRO 1-3, PipelineModule, AutoTP training, DeepSpeed-MoE expert parallelism"},
    speed: {hardwareUtilization: FINETUNE_HARDWARE_UTILIZATION, source: "FINETUNE_HARDWARE_UTILIZATION (no published figure of its own)"},
    source: "Rajbhandari et al. 2019 (ZeRO, arXiv 1910.02054) §3.1: 2Ψ + 2Ψ + KΨ with K = 12; DeepSpeed config docs for bucket sizes"
  },
  megatron: {
    ...base,
    name: "megatron", label: "Megatron-LM",
    mixedWeightBytes: 2, mixedMasterBytes: 4, mixedGradientBytes: 4, mixedWorkingCopyBytes: 0,
    masterIn: "optimizer",
    loss: {kind: "materialized", retainedBytesPerLogit: 4, transientBytesPerLogit: 0, chunks: 1,
      source: "Megatron-LM theoretical_memory_usage.py: fused vocab-parallel cross-entropy, 4·sbh·(1 + V/h)"},
    // Megatron's DDP reduces straight from its contiguous fp32 main-grad buffer: no extra copy.
    dataParallelBucket: {elements: 0},
    qloraUpcastsUnquantized: false,
    defaultCheckpointing: {full: "none", ...ADAPTERS_CHECKPOINTED},
    capabilities: {tensorParallel: true, pipelineParallel: true, expertParallel: true, zeroStages: [0, 1, 2, 3],
      source: "Megatron-LM arguments.py: --tensor/--pipeline/--expert-model-parallel-size, --use-distributed-optimizer; ZeRO 2-3 as GPT-NeoX runs it with DeepSpeed"},
    speed: {hardwareUtilization: FINETUNE_HARDWARE_UTILIZATION, source: "FINETUNE_HARDWARE_UTILIZATION (no published fine-tuning figure)"},
    source: "NVIDIA/Megatron-LM megatron/training/theoretical_memory_usage.py (18 bytes/param; 6 + 12/dp with the distributed optimizer)"
  },
  pytorch: {
    ...base,
    name: "pytorch", label: "PyTorch (native recipes)",
    mixedWeightBytes: 4, mixedMasterBytes: 0, mixedGradientBytes: 4, mixedWorkingCopyBytes: 2,
    masterIn: "weights",
    loss: {kind: "chunked", retainedBytesPerLogit: 2, transientBytesPerLogit: 2, chunks: 8,
      source: "PyTorch-native recipes (torchtune CEWithChunkedOutputLoss, compiled): bf16 logits + one chunk's bf16 gradient, the fp32 work fused (see TORCHTUNE_LOSS_COMPILED)"},
    // torch.nn.parallel.DistributedDataParallel docs: with gradient_as_bucket_view=False (default)
    // the buckets are a copy of the gradients; setting it True "saves memory equal to the total gradients size".
    dataParallelBucket: "gradients",
    qloraUpcastsUnquantized: false,
    defaultCheckpointing: {full: "none", ...ADAPTERS_CHECKPOINTED},
    capabilities: {tensorParallel: true, pipelineParallel: true, expertParallel: true, zeroStages: [0, 1, 2, 3],
      source: "PyTorch DDP, FSDP, DTensor tensor parallel, torch.distributed.pipelining"},
    speed: {hardwareUtilization: FINETUNE_HARDWARE_UTILIZATION, source: "FINETUNE_HARDWARE_UTILIZATION"},
    source: "PyTorch AMP/FSDP MixedPrecision (fp32 params + fp32 grads, 16-bit compute copies); torch DistributedDataParallel docs (gradient_as_bucket_view)"
  },
  "hf-trainer": {
    ...base,
    name: "hf-trainer", label: "Hugging Face Trainer",
    mixedWeightBytes: 4, mixedMasterBytes: 0, mixedGradientBytes: 4, mixedWorkingCopyBytes: 2,
    masterIn: "weights",
    loss: {kind: "materialized", retainedBytesPerLogit: 14, transientBytesPerLogit: 0, chunks: 1,
      source: "transformers 4.45–4.47 ForCausalLMLoss (the Unsloth benchmark's HF + FA2 baseline, 2024-12): the bf16 logits the output keeps, logits.float(), the shifted .contiguous() fp32 copy and the fp32 log-softmax, all alive at the forward's cross_entropy"},
    dataParallelBucket: "gradients",
    qloraUpcastsUnquantized: true,
    defaultCheckpointing: {full: "none", ...ADAPTERS_CHECKPOINTED},
    // A v1 accounting family: any layout (Accelerate and DeepSpeed/Megatron integrations).
    capabilities: {tensorParallel: true, pipelineParallel: true, expertParallel: true, zeroStages: [0, 1, 2, 3],
      source: "v1 accounting family: every layout accepted"},
    speed: {hardwareUtilization: HF_HARDWARE_UTILIZATION, source: "HF_HARDWARE_UTILIZATION"},
    source: "huggingface/transformers docs perf_train_gpu_one.md 'Anatomy of Model's Memory': weights 6 B/param mixed, gradients 4, AdamW 8"
  },
  torchtune: {
    ...base,
    name: "torchtune", label: "torchtune",
    // dtype bf16 everywhere ("we don't support mixed-precision training"): a -mixed precision is accounted as PyTorch AMP would.
    mixedWeightBytes: 4, mixedMasterBytes: 0, mixedGradientBytes: 4, mixedWorkingCopyBytes: 2,
    masterIn: "weights",
    loss: TORCHTUNE_LOSS_COMPILED,
    dataParallelBucket: "gradients",
    qloraUpcastsUnquantized: false,
    // compiled: the fused RMSNorm/SwiGLU graph saves the gate and up outputs and the product (6).
    gatedMlpBytesPerElement: 6,
    compiled: true,
    packing: true,
    // recipes/configs/llama3_1/8B_full_single_device.yaml: optimizer_in_bwd: True, PagedAdamW8bit.
    optimizerInBackwardSingleDevice: true,
    recipeOptimizer: "PagedAdamW8bit (full, single device); AdamW (LoRA)",
    defaultCheckpointing: {full: "full", ...ADAPTERS_CHECKPOINTED},
    capabilities: {tensorParallel: true, pipelineParallel: false, expertParallel: false, zeroStages: [0, 2, 3],
      source: "torchtune recipes: single-device, FSDP2 (fsdp_reshard_after_forward True = full shard, False = SHARD_GRAD_OP), tensor_parallel_dim; no pipeline parallelism"},
    speed: {hardwareUtilization: FINETUNE_HARDWARE_UTILIZATION, source: "FINETUNE_HARDWARE_UTILIZATION, fitted on torchtune's README A100 rows"},
    source: TRAINER_SOURCES.torchtune
  },
  "llama-factory": {
    ...base,
    name: "llama-factory", label: "LLaMA-Factory",
    mixedWeightBytes: 4, mixedMasterBytes: 0, mixedGradientBytes: 4, mixedWorkingCopyBytes: 2,
    masterIn: "weights",
    loss: HF_LOSS,
    dataParallelBucket: "gradients",
    qloraUpcastsUnquantized: false,
    defaultCheckpointing: {full: "full", ...ADAPTERS_CHECKPOINTED},
    capabilities: {...HF_CAPABILITIES, source: "LLaMA-Factory: DDP, DeepSpeed ZeRO 0-3 and FSDP through the HF Trainer; no tensor or pipeline parallelism"},
    speed: {hardwareUtilization: HF_HARDWARE_UTILIZATION, source: "HF_HARDWARE_UTILIZATION"},
    source: TRAINER_SOURCES["llama-factory"]
  },
  unsloth: {
    ...base,
    name: "unsloth", label: "Unsloth",
    mixedWeightBytes: 4, mixedMasterBytes: 0, mixedGradientBytes: 4, mixedWorkingCopyBytes: 2,
    masterIn: "weights",
    loss: {kind: "fused", retainedBytesPerLogit: 0, transientBytesPerLogit: 4, chunks: 1, chunkCapBytes: UNSLOTH_LOSS_CHUNK_BYTES,
      source: "unsloth_zoo loss_utils.py unsloth_fused_ce_loss: chunk(X) @ W cross-entropy with the gradient made in the forward"},
    dataParallelBucket: "gradients",
    qloraUpcastsUnquantized: false,
    gatedMlpBytesPerElement: 4,
    offloadsCheckpoints: true,
    recipeOptimizer: "adamw_8bit",
    defaultCheckpointing: {full: "full", ...ADAPTERS_CHECKPOINTED},
    capabilities: {tensorParallel: false, pipelineParallel: false, expertParallel: false, zeroStages: [0],
      source: "Unsloth: one GPU, or data parallelism (DDP) through accelerate; no ZeRO sharding, tensor or pipeline parallelism"},
    speed: {hardwareUtilization: Math.min(0.75, HF_HARDWARE_UTILIZATION * UNSLOTH_SPEEDUP_OVER_HF),
      source: "HF_HARDWARE_UTILIZATION × Unsloth's published 2x over Hugging Face + FlashAttention-2 (same executed FLOPs, fused Triton kernels), at most 0.75"},
    source: TRAINER_SOURCES.unsloth
  },
  axolotl: {
    ...base,
    name: "axolotl", label: "Axolotl",
    mixedWeightBytes: 4, mixedMasterBytes: 0, mixedGradientBytes: 4, mixedWorkingCopyBytes: 2,
    masterIn: "weights",
    loss: HF_LOSS,
    dataParallelBucket: "gradients",
    // loaders/model.py: after prepare_model_for_kbit_training, LoRA/QLoRA runs convert the norms, embeddings
    // and LM head back to torch_dtype ("LlamaRMSNorm layers are in fp32 after kbit_training ... convert them
    // back to fp16/bf16 for flash-attn compatibility"), except QLoRA with FSDP.
    qloraUpcastsUnquantized: false,
    defaultCheckpointing: {full: "full", ...ADAPTERS_CHECKPOINTED},
    capabilities: {tensorParallel: true, pipelineParallel: false, expertParallel: false, zeroStages: [0, 1, 2, 3],
      source: "Axolotl docs (multi-GPU, N-D parallelism): DeepSpeed ZeRO 1-3, FSDP, tensor_parallel_size, context parallel; no pipeline parallelism"},
    speed: {hardwareUtilization: HF_HARDWARE_UTILIZATION, source: "HF_HARDWARE_UTILIZATION"},
    source: TRAINER_SOURCES.axolotl
  },
  peft: {
    ...base,
    name: "peft", label: "PEFT + Hugging Face Trainer",
    mixedWeightBytes: 4, mixedMasterBytes: 0, mixedGradientBytes: 4, mixedWorkingCopyBytes: 2,
    masterIn: "weights",
    loss: HF_LOSS,
    dataParallelBucket: "gradients",
    qloraUpcastsUnquantized: true,
    recipeOptimizer: "paged_adamw_32bit",
    defaultCheckpointing: {full: "none", ...ADAPTERS_CHECKPOINTED},
    capabilities: HF_CAPABILITIES,
    speed: {hardwareUtilization: HF_HARDWARE_UTILIZATION, source: "HF_HARDWARE_UTILIZATION"},
    source: TRAINER_SOURCES.peft
  }
};

/** Default framework when the workload names none. */
export const DEFAULT_FRAMEWORK: FrameworkName = "pytorch";

/** The fine-tuning trainers of contract v2 (the others are framework families). */
export const FINETUNE_TRAINERS: readonly FrameworkName[] = ["torchtune", "llama-factory", "unsloth", "axolotl", "peft"];

/**
 * Checkpointing a workload gets when it names none: the trainer's default for the method
 * (LoRA and QLoRA: full in every trainer; full fine-tuning: the trainer's own default).
 *
 * @example defaultCheckpointingOf({framework: undefined, method: "qlora"}) === "full"
 */
export function defaultCheckpointingOf(options: {framework?: FrameworkName; method: TrainingMethod}): CheckpointingPolicy {
  return FRAMEWORK_PROFILES[options.framework ?? DEFAULT_FRAMEWORK].defaultCheckpointing[options.method];
}

/**
 * Peak bytes of the loss buffers per logit element, as `LossPolicy` counts them without the
 * fused chunk cap: retained + transient / chunks.
 *
 * @example lossBytesPerLogit(FRAMEWORK_PROFILES.peft.loss) === 12
 */
export function lossBytesPerLogit(loss: LossPolicy): number {
  return loss.retainedBytesPerLogit + loss.transientBytesPerLogit / loss.chunks;
}

/**
 * Whether a QLoRA run holds its unquantized tensors (embeddings, LM head, norms) in fp32: in a
 * trainer that calls PEFT's `prepare_model_for_kbit_training`, unless the 4-bit weights are sharded
 * (ZeRO-3/FSDP over several GPUs), where TRL skips it ("one should never call
 * peft_module_casting_to_bf16 or prepare_model_for_kbit_training when doing QLoRA + FSDP / DS-Zero3",
 * trl/trainer/sft_trainer.py `is_sharded_qlora`; Axolotl likewise keeps `qlora_fsdp` apart).
 *
 * @example qloraUpcasts({profile: FRAMEWORK_PROFILES.peft, method: "qlora", zeroStage: 3, dataParallel: 2}) === false
 */
export function qloraUpcasts(options: {profile: FrameworkProfile; method: TrainingMethod; zeroStage?: number; dataParallel?: number}): boolean {
  const sharded = (options.zeroStage ?? 0) === 3 && (options.dataParallel ?? 1) > 1;
  return options.method === "qlora" && options.profile.qloraUpcastsUnquantized && !sharded;
}

/**
 * Bytes per element of the residual stream (layer inputs, norm inputs and outputs): 4 when QLoRA's
 * unquantized tensors are fp32 (`qloraUpcasts`: fp32 embeddings and RMSNorm weights make the hidden
 * states fp32, and bitsandbytes `Linear4bit.forward` returns `out.to(inp_dtype)`, so they stay fp32
 * through every layer); 2 otherwise.
 *
 * @example residualStreamBytes({profile: FRAMEWORK_PROFILES.peft, method: "qlora"}) === 4
 * @example residualStreamBytes({profile: FRAMEWORK_PROFILES.axolotl, method: "qlora"}) === 2
 */
export function residualStreamBytes(options: {profile: FrameworkProfile; method: TrainingMethod; zeroStage?: number; dataParallel?: number}): number {
  return qloraUpcasts(options) ? 4 : 2;
}

/**
 * What a trainer cannot do of a workload's layout: one message per field, naming it.
 *
 * @example trainerLimits({framework: "unsloth", tensorParallel: 1, pipelineParallel: 2, expertParallel: 1, zeroStage: 0, dataParallel: 1})
 *   // → [{path: ["workload", "pipelineParallel"], message: "unsloth has no pipeline parallelism: expected 1"}]
 */
export function trainerLimits(options: {framework: FrameworkName; tensorParallel: number; pipelineParallel: number; expertParallel: number;
  zeroStage: 0 | 1 | 2 | 3; dataParallel: number}): {path: string[]; value: number; message: string}[] {
  const profile = FRAMEWORK_PROFILES[options.framework];
  const c = profile.capabilities;
  const out: {path: string[]; value: number; message: string}[] = [];
  if (!c.pipelineParallel && options.pipelineParallel > 1) {
    out.push({path: ["workload", "pipelineParallel"], value: options.pipelineParallel, message: `expected 1: ${profile.name} has no pipeline parallelism (${c.source})`});
  }
  if (!c.tensorParallel && options.tensorParallel > 1) {
    out.push({path: ["workload", "tensorParallel"], value: options.tensorParallel, message: `expected 1: ${profile.name} has no tensor parallelism (${c.source})`});
  }
  if (!c.expertParallel && options.expertParallel > 1) {
    out.push({path: ["workload", "expertParallel"], value: options.expertParallel, message: `expected 1: ${profile.name} has no expert parallelism (${c.source})`});
  }
  if (options.dataParallel > 1 && !c.zeroStages.includes(options.zeroStage)) {
    out.push({path: ["workload", "zeroStage"], value: options.zeroStage,
      message: `expected one of ${c.zeroStages.join(", ")}: ${profile.name} runs data parallelism with ZeRO/FSDP stages ${c.zeroStages.join(", ")} only (${c.source})`});
  }
  return out;
}
