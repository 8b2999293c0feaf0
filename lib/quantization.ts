/**
 * Weight storage per quantization format, in true bits per weight.
 *
 * A quantized checkpoint is never `N · nominal_bits / 8`. Every format stores scales (and
 * often zero points or minima) next to the low-bit codes, and every toolchain leaves some
 * tensors in high precision: norms and biases always, embeddings and the LM head in the
 * Hugging Face formats (AWQ, GPTQ, bitsandbytes, FP8). llama.cpp's k-quant "mixes" put
 * different block types on different tensors. This module assigns a storage type to every
 * tensor of `tensorsOf(arch)` (lib/params.ts) and sums the bytes:
 *
 *     weight_bytes = Σ_tensors bytes(storage type of the tensor, its shape)
 *     effective bpw = 8 · weight_bytes / Σ_tensors params
 *
 * Sources: block structs in ggml-org/llama.cpp `ggml/src/ggml-common.h`; mix rules in
 * `llama_tensor_get_type` of `src/llama-quant.cpp`; which tensors stay F32 in
 * `convert_hf_to_gguf.py`; bitsandbytes (QLoRA paper, Dettmers et al. 2023, §3); AutoAWQ /
 * AutoGPTQ checkpoint layouts (qweight, qzeros, scales, g_idx); OCP Microscaling spec v1.0
 * (MXFP4); DeepSeek-V3 technical report §3.3 (FP8 with 128×128 weight blocks).
 */
import type {Architecture} from "./architecture.js";
import type {WeightFormat} from "./formats.js";
import type {Tensor, TensorKind} from "./tensors.js";

// ---------------------------------------------------------------------------------------------
// Storage types
// ---------------------------------------------------------------------------------------------

/** ggml tensor types that weight files in this estimator can hold. */
export type GgmlType =
  | "F32" | "F16" | "BF16"
  | "Q8_0" | "Q6_K" | "Q5_K" | "Q5_1" | "Q5_0" | "Q4_K" | "Q4_1" | "Q4_0" | "Q3_K" | "Q2_K"
  | "MXFP4";

/** A ggml block: `blockWeights` weights stored in `blockBytes` bytes. */
export interface GgmlBlock {
  blockWeights: number;
  blockBytes: number;
  /** What one block holds (from ggml-common.h), in words. */
  layout: string;
}

/**
 * Block layouts of the ggml types (ggml-org/llama.cpp `ggml/src/ggml-common.h`, structs
 * `block_q8_0` ... `block_q6_K`, `block_mxfp4`). fp16 = 2 bytes; K-quants use super-blocks
 * of QK_K = 256 weights with 12 bytes of packed 6-bit sub-block scales (K_SCALE_SIZE).
 *
 * @example GGML_BLOCKS.Q4_K.blockBytes * 8 / GGML_BLOCKS.Q4_K.blockWeights === 4.5
 */
export const GGML_BLOCKS: Record<GgmlType, GgmlBlock> = {
  F32: {blockWeights: 1, blockBytes: 4, layout: "one float32"},
  F16: {blockWeights: 1, blockBytes: 2, layout: "one float16"},
  BF16: {blockWeights: 1, blockBytes: 2, layout: "one bfloat16"},
  // 2 (fp16 d) + 32 int8 = 34 bytes / 32 = 8.5 bpw
  Q8_0: {blockWeights: 32, blockBytes: 34, layout: "fp16 scale + 32 int8"},
  // 128 (low 4 bits) + 64 (high 2 bits) + 16 int8 sub-scales + 2 (fp16 d) = 210 / 256 = 6.5625 bpw
  Q6_K: {blockWeights: 256, blockBytes: 210, layout: "128 B low nibbles + 64 B high bits + 16 int8 scales + fp16 d"},
  // 4 (fp16 d, dmin) + 12 scales + 32 high bits + 128 nibbles = 176 / 256 = 5.5 bpw
  Q5_K: {blockWeights: 256, blockBytes: 176, layout: "fp16 d, dmin + 12 B 6-bit scales/mins + 32 B high bits + 128 B nibbles"},
  // 4 (fp16 d, m) + 4 high bits + 16 nibbles = 24 / 32 = 6 bpw
  Q5_1: {blockWeights: 32, blockBytes: 24, layout: "fp16 d, m + 4 B high bits + 16 B nibbles"},
  // 2 (fp16 d) + 4 high bits + 16 nibbles = 22 / 32 = 5.5 bpw
  Q5_0: {blockWeights: 32, blockBytes: 22, layout: "fp16 d + 4 B high bits + 16 B nibbles"},
  // 4 (fp16 d, dmin) + 12 scales + 128 nibbles = 144 / 256 = 4.5 bpw
  Q4_K: {blockWeights: 256, blockBytes: 144, layout: "fp16 d, dmin + 12 B 6-bit scales/mins + 128 B nibbles"},
  // 4 (fp16 d, m) + 16 nibbles = 20 / 32 = 5 bpw
  Q4_1: {blockWeights: 32, blockBytes: 20, layout: "fp16 d, m + 16 B nibbles"},
  // 2 (fp16 d) + 16 nibbles = 18 / 32 = 4.5 bpw
  Q4_0: {blockWeights: 32, blockBytes: 18, layout: "fp16 d + 16 B nibbles"},
  // 32 high-bit mask + 64 low 2 bits + 12 scales + 2 (fp16 d) = 110 / 256 = 3.4375 bpw
  Q3_K: {blockWeights: 256, blockBytes: 110, layout: "32 B high-bit mask + 64 B 2-bit quants + 12 B scales + fp16 d"},
  // 16 (4-bit scales+mins) + 64 (2-bit quants) + 4 (fp16 d, dmin) = 84 / 256 = 2.625 bpw
  Q2_K: {blockWeights: 256, blockBytes: 84, layout: "16 B 4-bit scales/mins + 64 B 2-bit quants + fp16 d, dmin"},
  // 1 (E8M0 shared exponent) + 16 (32 × FP4 E2M1) = 17 / 32 = 4.25 bpw (OCP MX spec, k = 32)
  MXFP4: {blockWeights: 32, blockBytes: 17, layout: "E8M0 scale + 32 × FP4 E2M1"}
};

/** Storage types of the Hugging Face quantization toolchains (non-ggml). */
export type HfQuantType = "FP8_E4M3_B128" | "INT8_ROW" | "NF4" | "NF4_DQ" | "AWQ_INT4_G128" | "GPTQ_INT4_G128";

/** Storage type of one tensor: a ggml type or one of the Hugging Face quantized layouts. */
export type StorageType = GgmlType | HfQuantType;

/** bitsandbytes / AWQ / GPTQ block sizes used below. */
export const NF4_BLOCK = 64;
/** Double quantization: 8-bit absmax codes, one fp32 scale per 256 of them (QLoRA §3). */
export const NF4_DQ_BLOCK = 256;
export const INT4_GROUP = 128;
export const FP8_WEIGHT_BLOCK = 128;

/** NF4 without double quantization: 4 + 32/64 = 4.5 bits per weight. */
export const NF4_BITS_PER_WEIGHT = 4 + 32 / NF4_BLOCK;
/** NF4 with double quantization (QLoRA default): 4 + 8/64 + 32/(64·256) ≈ 4.127 bits per weight. */
export const NF4_DQ_BITS_PER_WEIGHT = 4 + 8 / NF4_BLOCK + 32 / (NF4_BLOCK * NF4_DQ_BLOCK);
/** AWQ/GPTQ int4, group 128: 4 + (16-bit scale + 4-bit zero)/128 = 4.15625 bits per weight. */
export const INT4_G128_BITS_PER_WEIGHT = 4 + (16 + 4) / INT4_GROUP;
/** FP8 e4m3 with one fp32 scale per 128×128 block: 8 + 32/16384 ≈ 8.00195 bits per weight. */
export const FP8_B128_BITS_PER_WEIGHT = 8 + 32 / (FP8_WEIGHT_BLOCK * FP8_WEIGHT_BLOCK);

// ---------------------------------------------------------------------------------------------
// The format table
// ---------------------------------------------------------------------------------------------

export interface WeightFormatInfo {
  label: string;
  description: string;
  /**
   * True bits per weight on the tensors the format quantizes (scales included). For formats
   * whose overhead depends on the tensor shape (int8 per-row scales, GPTQ's g_idx) this is the
   * value for a 4096×4096 matrix; {@link weightBytes} uses the exact per-tensor figure.
   */
  bitsPerWeight: number;
  /** Where the layout comes from. */
  source: string;
  /** Whether the format is a llama.cpp GGUF file type (a "mix" of block types). */
  gguf: boolean;
}

/**
 * Every {@link WeightFormat} with its true bits per weight, derived from the block layout.
 *
 * - fp32 32, bf16/fp16 16.
 * - fp8: e4m3 codes (8) plus one fp32 scale per 128×128 weight block, the layout of
 *   DeepSeek-V3 and Qwen3-FP8 checkpoints: 8 + 32/16384 ≈ 8.002. (Per-tensor or per-channel
 *   scaled FP8 checkpoints are within 0.01 bpw of this.)
 * - int8: bitsandbytes LLM.int8 stores int8 codes plus one fp32 absmax per output row (`SCB`):
 *   8 + 32/in_features (8.0078 for in = 4096). Outliers are handled at run time from the
 *   activations; they add no storage.
 * - nf4: QLoRA's default, NF4 with double quantization: 4 + 8/64 + 32/(64·256) ≈ 4.127.
 *   Without double quantization it is 4 + 32/64 = 4.5 ({@link NF4_BITS_PER_WEIGHT}).
 *   Per-tensor constants (16-entry NF4 code book, 256-entry fp32 code map of the nested
 *   quantization, ≈1.1 KiB per tensor) are ignored: < 0.001 bpw on a 7B model.
 * - awq-int4 / gptq-int4, group 128: int4 codes + fp16 scale + 4-bit zero point per 128 input
 *   weights of each output column: 4 + 20/128 = 4.15625. GPTQ checkpoints also keep `g_idx`,
 *   one int32 per input feature (+32/out_features bpw, 0.0078 for out = 4096).
 * - GGUF types: bytes per block from ggml's structs; the mixes put other block types on some
 *   tensors, so their effective bpw is higher than the base type's (see {@link ggufTensorType}).
 *   The value here is the base type's.
 * - mxfp4: OCP MXFP4, 32 FP4 E2M1 codes + one E8M0 exponent = 4.25. gpt-oss quantizes only
 *   the MoE expert matrices; attention, router, embeddings and LM head stay bf16.
 */
export const WEIGHT_FORMAT_INFO: Record<WeightFormat, WeightFormatInfo> = {
  fp32: {label: "FP32", description: "32-bit floats everywhere.", bitsPerWeight: 32, source: "IEEE 754 binary32", gguf: false},
  bf16: {label: "BF16", description: "bfloat16 everywhere (the usual Hugging Face checkpoint).", bitsPerWeight: 16,
    source: "bfloat16: 1 sign, 8 exponent, 7 mantissa bits", gguf: false},
  fp16: {label: "FP16", description: "IEEE half precision everywhere.", bitsPerWeight: 16, source: "IEEE 754 binary16", gguf: false},
  fp8: {label: "FP8 (e4m3, 128×128 blocks)",
    description: "Linear layers in FP8 e4m3 with an fp32 scale per 128×128 block; embeddings, LM head, router and norms bf16.",
    bitsPerWeight: FP8_B128_BITS_PER_WEIGHT,
    source: "DeepSeek-V3 technical report §3.3 (arXiv:2412.19437); Qwen3-FP8 quantization_config weight_block_size [128, 128]",
    gguf: false},
  int8: {label: "INT8 (bitsandbytes LLM.int8)",
    description: "Linear layers int8 with an fp32 scale per output row; embeddings, LM head and norms bf16.",
    bitsPerWeight: 8 + 32 / 4096,
    source: "Dettmers et al. 2022, LLM.int8() (arXiv:2208.07339); bitsandbytes Int8Params.SCB (fp32 per row)",
    gguf: false},
  nf4: {label: "NF4 (bitsandbytes, double quant)",
    description: "QLoRA's default: NF4 codes in blocks of 64, absmax quantized to 8 bits in blocks of 256; embeddings, LM head and norms bf16.",
    bitsPerWeight: NF4_DQ_BITS_PER_WEIGHT,
    source: "Dettmers et al. 2023, QLoRA §3 (arXiv:2305.14314): 4 + 8/64 + 32/(64·256) ≈ 4.127; 4.5 without double quantization",
    gguf: false},
  "awq-int4": {label: "AWQ int4 (g128)",
    description: "int4 with an fp16 scale and a 4-bit zero point per group of 128; embeddings, LM head and norms fp16.",
    bitsPerWeight: INT4_G128_BITS_PER_WEIGHT,
    source: "Lin et al. 2023, AWQ (arXiv:2306.00978); AutoAWQ GEMM layout: qweight, qzeros (packed int4), scales (fp16)",
    gguf: false},
  "gptq-int4": {label: "GPTQ int4 (g128)",
    description: "int4 with an fp16 scale and a 4-bit zero point per group of 128, plus an int32 g_idx per input feature; embeddings, LM head and norms fp16.",
    bitsPerWeight: INT4_G128_BITS_PER_WEIGHT + 32 / 4096,
    source: "Frantar et al. 2022, GPTQ (arXiv:2210.17323); AutoGPTQ/GPTQModel layout: qweight, qzeros, scales, g_idx",
    gguf: false},
  q8_0: {label: "GGUF Q8_0", description: "Every matrix Q8_0 (34 bytes per 32 weights); norms F32.",
    bitsPerWeight: 8.5, source: "ggml-common.h block_q8_0", gguf: true},
  q6_k: {label: "GGUF Q6_K", description: "Every matrix Q6_K (210 bytes per 256 weights); norms F32.",
    bitsPerWeight: 6.5625, source: "ggml-common.h block_q6_K", gguf: true},
  q5_k_m: {label: "GGUF Q5_K_M", description: "Q5_K mix: attn_v and ffn_down in Q6_K on the 'more bits' layers, output Q6_K.",
    bitsPerWeight: 5.5, source: "ggml-common.h block_q5_K; llama-quant.cpp llama_tensor_get_type", gguf: true},
  q5_0: {label: "GGUF Q5_0", description: "Every matrix Q5_0 (22 bytes per 32 weights), output Q6_K.",
    bitsPerWeight: 5.5, source: "ggml-common.h block_q5_0", gguf: true},
  q4_k_m: {label: "GGUF Q4_K_M", description: "Q4_K mix: attn_v and ffn_down in Q6_K on the 'more bits' layers, output Q6_K.",
    bitsPerWeight: 4.5, source: "ggml-common.h block_q4_K; llama-quant.cpp llama_tensor_get_type", gguf: true},
  q4_0: {label: "GGUF Q4_0", description: "Every matrix Q4_0 (18 bytes per 32 weights), output Q6_K.",
    bitsPerWeight: 4.5, source: "ggml-common.h block_q4_0", gguf: true},
  q3_k_m: {label: "GGUF Q3_K_M", description: "Q3_K mix: attn_v Q5_K/Q4_K, attn_output Q4_K, ffn_down Q5_K/Q4_K, output Q6_K.",
    bitsPerWeight: 3.4375, source: "ggml-common.h block_q3_K; llama-quant.cpp llama_tensor_get_type", gguf: true},
  q2_k: {label: "GGUF Q2_K", description: "Q2_K mix: attn_v Q4_K (GQA ≥ 4) or Q3_K, attn_output and ffn_down Q3_K, output Q6_K.",
    bitsPerWeight: 2.625, source: "ggml-common.h block_q2_K; llama-quant.cpp llama_tensor_get_type", gguf: true},
  mxfp4: {label: "MXFP4 (gpt-oss)",
    description: "MoE expert matrices in MXFP4 (32 FP4 values + one 8-bit exponent); everything else bf16. Dense models: every linear layer.",
    bitsPerWeight: 4.25, source: "OCP Microscaling Formats (MX) v1.0; openai/gpt-oss model card (arXiv:2508.10925)", gguf: false}
};

// ---------------------------------------------------------------------------------------------
// Bytes of one tensor in one storage type
// ---------------------------------------------------------------------------------------------

/**
 * Length of one stored row (ggml `ne[0]`): the dimension that blocks run along. For a linear
 * layer this is its input width; for the embedding matrix (V rows of D) it is D.
 */
export function rowLength(t: Tensor): number {
  if (t.inFeatures === 0) return t.outFeatures;
  return t.kind === "embedding" ? t.outFeatures : t.inFeatures;
}

function rowCount(t: Tensor): number {
  if (t.inFeatures === 0) return 1;
  return t.kind === "embedding" ? t.inFeatures : t.outFeatures;
}

/**
 * Bytes of one tensor entry (all `count` copies) in a storage type.
 *
 * - ggml types: rows · ceil(row / block) · block bytes.
 * - FP8_E4M3_B128: params + 4 · ceil(out/128) · ceil(in/128) per matrix.
 * - INT8_ROW: params + 4 · out (fp32 absmax per row).
 * - NF4: params/2 + 4 · ceil(n/64); NF4_DQ: params/2 + ceil(n/64) + 4 · ceil(n/(64·256)).
 * - AWQ_INT4_G128: params/2 + 2.5 · out · ceil(in/128); GPTQ adds 4 · in (g_idx).
 *
 * @example tensorStorageBytes({...q_proj 4096×4096}, "Q4_K") === 4096 * 16 * 144
 */
export function tensorStorageBytes(t: Tensor, type: StorageType): number {
  const n = t.count;
  const perCopy = t.params / n;
  if (type in GGML_BLOCKS) {
    const b = GGML_BLOCKS[type as GgmlType];
    return n * rowCount(t) * Math.ceil(rowLength(t) / b.blockWeights) * b.blockBytes;
  }
  const inF = t.inFeatures === 0 ? t.outFeatures : t.inFeatures;
  const outF = t.inFeatures === 0 ? 1 : t.outFeatures;
  switch (type as HfQuantType) {
    case "FP8_E4M3_B128":
      return n * (perCopy + 4 * Math.ceil(outF / FP8_WEIGHT_BLOCK) * Math.ceil(inF / FP8_WEIGHT_BLOCK));
    case "INT8_ROW":
      return n * (perCopy + 4 * outF);
    case "NF4": {
      const blocks = Math.ceil(perCopy / NF4_BLOCK);
      return n * (perCopy / 2 + 4 * blocks);
    }
    case "NF4_DQ": {
      const blocks = Math.ceil(perCopy / NF4_BLOCK);
      return n * (perCopy / 2 + blocks + 4 * Math.ceil(blocks / NF4_DQ_BLOCK));
    }
    case "AWQ_INT4_G128":
      return n * (perCopy / 2 + 2.5 * outF * Math.ceil(inF / INT4_GROUP));
    case "GPTQ_INT4_G128":
      return n * (perCopy / 2 + 2.5 * outF * Math.ceil(inF / INT4_GROUP) + 4 * inF);
  }
  throw new Error(`unknown storage type ${type}`);
}

// ---------------------------------------------------------------------------------------------
// llama.cpp k-quant mixes
// ---------------------------------------------------------------------------------------------

/** The GGUF file types among the weight formats. */
export type GgufFileType = "q8_0" | "q6_k" | "q5_k_m" | "q5_0" | "q4_k_m" | "q4_0" | "q3_k_m" | "q2_k";

/** Default (base) block type of each GGUF file type (llama-quant.cpp `llama_ftype_get_default_type`). */
export const GGUF_BASE_TYPE: Record<GgufFileType, GgmlType> = {
  q8_0: "Q8_0", q6_k: "Q6_K", q5_k_m: "Q5_K", q5_0: "Q5_0", q4_k_m: "Q4_K", q4_0: "Q4_0", q3_k_m: "Q3_K", q2_k: "Q2_K"
};

/**
 * llama.cpp's "use more bits" layer rule: the first eighth of the layers, the last eighth, and
 * every third layer in between (integer division as in C).
 *
 * @example [...Array(32).keys()].filter((i) => ggufUsesMoreBits(i, 32)).length === 16
 */
export function ggufUsesMoreBits(layer: number, layers: number): boolean {
  const eighth = Math.floor(layers / 8);
  return layer < eighth || layer >= Math.floor((7 * layers) / 8) || (layer - eighth) % 3 === 2;
}

/** Model facts the mix rules depend on. */
export interface GgufModelFacts {
  /** Decoder layers (n_layer). */
  layers: number;
  /** n_head / n_head_kv (1 for MHA and for MLA, whose GGUF keeps n_head_kv = n_head). */
  gqa: number;
  /** Routed experts (0 or 1 for dense models). */
  experts: number;
  /** llama.cpp classifies the model as LLM_TYPE_70B (80 layers, GQA: Llama-2/3-70B, Qwen2-72B). */
  is70B: boolean;
  /** Falcon has its own rules in llama.cpp. */
  falcon: boolean;
  /** q, k and v are one `attn_qkv` tensor in the GGUF (Falcon, Phi-3, GPT-2, GPT-NeoX, BLOOM). */
  fusedQkv: boolean;
  /** No separate LM head: the token embedding is quantized like the output tensor. */
  tiedEmbeddings: boolean;
}

/** Architectures whose GGUF stores q, k, v as one `attn_qkv` tensor (llama.cpp tensor maps). */
const FUSED_QKV_MODEL_TYPES = new Set(["falcon", "phi3", "gpt2", "gpt_neox", "bloom"]);

/** Derive {@link GgufModelFacts} from the tensor list (and the architecture when given). */
export function ggufModelFacts(tensors: Tensor[], arch?: Architecture): GgufModelFacts {
  let layers = 0;
  let qOut = 0;
  let kOut = 0;
  let experts = 0;
  let hasHead = false;
  for (const t of tensors) {
    if (t.layer !== null) layers = Math.max(layers, t.layer + 1);
    if (t.kind === "attnQ" && t.layer === 0) qOut = t.outFeatures;
    if (t.kind === "attnK" && t.layer === 0) kOut = t.outFeatures;
    if (t.expert === "routed") experts = Math.max(experts, t.count);
    if (t.kind === "lmHead") hasHead = true;
  }
  if (arch) layers = arch.layers;
  const gqa = arch ? (arch.mla ? 1 : arch.heads / arch.kvHeads) : kOut > 0 ? qOut / kOut : 1;
  if (arch?.moe) experts = arch.moe.experts;
  const modelType = arch?.modelType ?? "";
  return {
    layers,
    gqa,
    experts,
    is70B: layers === 80 && gqa > 1,
    falcon: modelType === "falcon",
    fusedQkv: FUSED_QKV_MODEL_TYPES.has(modelType),
    tiedEmbeddings: !hasHead
  };
}

type Category = "output" | "tokenEmbd" | "attnV" | "attnK" | "attnQ" | "attnOut" | "ffnDown" | "ffnGate" | "ffnUp" | "other";

function categoryOf(t: Tensor, facts: GgufModelFacts): Category | "keepF32" {
  // Not quantized by llama.cpp: 1-D tensors (norms, biases, sinks), the MoE router
  // (ffn_gate_inp) and learned position embeddings; convert_hf_to_gguf.py writes them as F32.
  if (t.inFeatures === 0 || t.kind === "norm" || t.kind === "bias" || t.kind === "router" || t.kind === "positionEmbedding") {
    return "keepF32";
  }
  switch (t.kind) {
    case "lmHead": return "output";
    case "embedding": return "tokenEmbd";
    case "attnQ": return facts.fusedQkv ? "attnV" : "attnQ";
    case "attnK": return facts.fusedQkv ? "attnV" : "attnK";
    case "attnV": return "attnV";
    case "attnO": return "attnOut";
    case "attnLatent": return t.name === "kv_b_proj" ? "attnV" : "other";
    case "mlpDown": return "ffnDown";
    case "mlpGate": return "ffnGate";
    case "mlpUp": return "ffnUp";
    default: return "other";
  }
}

/** llama.cpp's replacement when a row length is not a multiple of the block (tensor_type_fallback). */
const FALLBACK: Partial<Record<GgmlType, GgmlType>> = {Q2_K: "Q4_0", Q3_K: "Q4_0", Q4_K: "Q5_0", Q5_K: "Q5_1", Q6_K: "Q8_0"};

function withFallback(type: GgmlType, row: number): GgmlType {
  if (row % GGML_BLOCKS[type].blockWeights === 0) return type;
  const next = FALLBACK[type];
  if (next && row % GGML_BLOCKS[next].blockWeights === 0) return next;
  return "F16";
}

/**
 * The ggml block type llama.cpp's `llama-quantize` gives one tensor for a GGUF file type
 * (rules of `llama_tensor_get_type` in ggml-org/llama.cpp `src/llama-quant.cpp`, paraphrased):
 *
 * - Norms, biases, the MoE router and position embeddings: F32 (never quantized).
 * - Output (LM head), and the token embedding when it is tied to the output: Q8_0 for Q8_0
 *   files and for Falcon (or when the row length is not a multiple of the base block), Q6_K
 *   otherwise. An untied token embedding keeps the file's base type.
 * - attn_v (and fused attn_qkv, MLA's kv_b): Q2_K → Q4_K when n_head/n_head_kv ≥ 4, else Q3_K;
 *   Q3_K_M → Q5_K for the first two, Q4_K after; Q4_K_M and Q5_K_M → Q6_K on the layers
 *   {@link ggufUsesMoreBits} picks (counted over the attn_v tensors). On a 70B-class model
 *   (80 layers, GQA) Q3_K/Q4_K become Q5_K. With exactly 8 experts (Mixtral) attn_v is Q8_0.
 * - attn_k: Q8_0 with exactly 8 experts.
 * - attn_output: 8 experts → Q5_K for Q2_K, Q3_K_M, Q4_K_M; otherwise Q2_K → Q3_K,
 *   Q3_K_M → Q4_K. (Falcon: unchanged for these files.)
 * - ffn_down (dense, shared and routed experts alike, by layer index): Q2_K → Q3_K;
 *   Q3_K_M → Q5_K in the first 1/16 of layers and Q4_K after (Falcon: Q4_K on "more bits"
 *   layers, else Q3_K); Q4_K_M → Q6_K on "more bits" layers (Falcon: Q6_K in the first 1/16,
 *   Q5_K on "more bits", else Q4_K); Q5_K_M → Q6_K on "more bits" layers.
 * - Everything else: the base type.
 * - Finally, if a row (ne[0]) is not a multiple of the block: Q4_K → Q5_0, Q5_K → Q5_1,
 *   Q6_K → Q8_0, Q2_K/Q3_K → Q4_0, and F16 when even that does not divide.
 *
 * `attnVIndex` / `attnVCount` are the position of this tensor among the attn_v-like tensors
 * and their number (llama.cpp counts tensors, not layers, for attn_v).
 *
 * Version note: this follows llama.cpp at commit 007dbbf (2025-26). Older releases had a
 * separate rule for fused attn_qkv (Q4_K_M → Q5_K) which the current code no longer reaches.
 */
export function ggufTensorType(opts: {
  tensor: Tensor;
  fileType: GgufFileType;
  facts: GgufModelFacts;
  attnVIndex?: number;
  attnVCount?: number;
}): GgmlType {
  const {tensor: t, fileType: ft, facts} = opts;
  const cat = categoryOf(t, facts);
  if (cat === "keepF32") return "F32";
  const base = GGUF_BASE_TYPE[ft];
  const row = rowLength(t);
  let type: GgmlType = base;
  const layer = t.layer ?? 0;
  const L = facts.layers;
  if (cat === "output" || (cat === "tokenEmbd" && facts.tiedEmbeddings)) {
    if (base === "Q8_0" || facts.falcon || row % GGML_BLOCKS[base].blockWeights !== 0) type = "Q8_0";
    else type = "Q6_K";
  } else if (cat === "tokenEmbd") {
    type = base;
  } else if (cat === "attnV") {
    const i = opts.attnVIndex ?? layer;
    const n = opts.attnVCount ?? L;
    if (ft === "q2_k") type = facts.gqa >= 4 ? "Q4_K" : "Q3_K";
    else if (ft === "q3_k_m") type = i < 2 ? "Q5_K" : "Q4_K";
    else if ((ft === "q4_k_m" || ft === "q5_k_m") && ggufUsesMoreBits(i, n)) type = "Q6_K";
    if (facts.is70B && (type === "Q3_K" || type === "Q4_K")) type = "Q5_K";
    if (facts.experts === 8) type = "Q8_0";
  } else if (cat === "attnK") {
    if (facts.experts === 8) type = "Q8_0";
  } else if (cat === "ffnDown") {
    const more = ggufUsesMoreBits(layer, L);
    if (ft === "q2_k") type = "Q3_K";
    else if (ft === "q3_k_m") {
      type = layer < Math.floor(L / 16) ? "Q5_K" : !facts.falcon || more ? "Q4_K" : "Q3_K";
    } else if (ft === "q4_k_m") {
      if (facts.falcon) type = layer < Math.floor(L / 16) ? "Q6_K" : more ? "Q5_K" : "Q4_K";
      else if (more) type = "Q6_K";
    } else if (ft === "q5_k_m" && more) type = "Q6_K";
  } else if (cat === "attnOut") {
    if (!facts.falcon) {
      if (facts.experts === 8) {
        if (ft === "q2_k" || ft === "q3_k_m" || ft === "q4_k_m") type = "Q5_K";
      } else if (ft === "q2_k") type = "Q3_K";
      else if (ft === "q3_k_m") type = "Q4_K";
    }
  }
  return withFallback(type, row);
}

// ---------------------------------------------------------------------------------------------
// Which storage type each tensor gets, per format
// ---------------------------------------------------------------------------------------------

/** Whether a tensor is a linear-layer matrix that the Hugging Face quantizers convert. */
function isQuantizableLinear(t: Tensor): boolean {
  if (t.inFeatures === 0) return false;
  switch (t.kind) {
    case "attnQ": case "attnK": case "attnV": case "attnO": case "attnLatent":
    case "mlpGate": case "mlpUp": case "mlpDown":
      return true;
    default:
      // embedding, lmHead, router, positionEmbedding, norm, bias, other: left in 16 bits
      return false;
  }
}

/** Where the weights live: a Hugging Face safetensors checkpoint or a llama.cpp GGUF file. */
export type WeightContainer = "safetensors" | "gguf";

/** One tensor's storage decision. */
export interface TensorStorage {
  name: string;
  kind: TensorKind;
  layer: number | null;
  expert: Tensor["expert"];
  storage: StorageType;
  params: number;
  bytes: number;
}

export interface WeightBytesResult {
  /** Bytes of all weights. */
  totalBytes: number;
  /** Parameters counted. */
  params: number;
  /** Effective bits per weight over all parameters: 8 · totalBytes / params. */
  bitsPerWeight: number;
  /** Bytes per tensor kind. */
  byKind: Partial<Record<TensorKind, number>>;
  /** Bytes per storage type (ggml block type or Hugging Face layout). */
  byBlockType: Record<string, number>;
  /** Storage decision for every tensor entry. */
  tensors: TensorStorage[];
}

/**
 * Storage types for every tensor under a weight format (see {@link WEIGHT_FORMAT_INFO}).
 *
 * High-precision tensors: norms and biases are bf16 (fp16 for AWQ/GPTQ, fp32 for fp32) in
 * safetensors and F32 in GGUF. Embeddings, LM head, router and position embeddings stay 16-bit
 * under fp8/int8/nf4/awq/gptq/mxfp4 (as transformers, AutoAWQ, AutoGPTQ and the gpt-oss release
 * leave them); they are quantized in GGUF files by the mix rules.
 */
export function tensorStorageTypes(opts: {
  tensors: Tensor[];
  format: WeightFormat;
  arch?: Architecture;
  container?: WeightContainer;
  /** nf4 only: bitsandbytes double quantization of the absmax constants (QLoRA default true). */
  doubleQuant?: boolean;
}): StorageType[] {
  const {tensors, format} = opts;
  const info = WEIGHT_FORMAT_INFO[format];
  if (info.gguf) {
    const facts = ggufModelFacts(tensors, opts.arch);
    // attn_v counting: llama.cpp numbers attn_v-like tensors in file (layer) order.
    const attnVLayers = [...new Set(tensors
      .filter((t) => categoryOf(t, facts) === "attnV")
      .map((t) => t.layer ?? 0))].sort((a, b) => a - b);
    const attnVPos = new Map(attnVLayers.map((l, i) => [l, i]));
    return tensors.map((t) => ggufTensorType({
      tensor: t, fileType: format as GgufFileType, facts,
      attnVIndex: attnVPos.get(t.layer ?? 0), attnVCount: attnVLayers.length
    }));
  }
  const gguf = opts.container === "gguf";
  if (format === "fp32") return tensors.map(() => "F32");
  if (format === "bf16" || format === "fp16") {
    const half: GgmlType = format === "bf16" ? "BF16" : "F16";
    if (!gguf) return tensors.map(() => half);
    // GGUF F16/BF16 files keep 1-D tensors, the router and position embeddings in F32.
    return tensors.map((t) => (categoryOf(t, ggufModelFacts([])) === "keepF32" ? "F32" : half));
  }
  const keep: GgmlType = format === "awq-int4" || format === "gptq-int4" ? "F16" : "BF16";
  if (format === "mxfp4") {
    const hasRouted = tensors.some((t) => t.expert === "routed");
    return tensors.map((t) => (isQuantizableLinear(t) && (!hasRouted || t.expert === "routed") ? "MXFP4" : keep));
  }
  const q: HfQuantType = format === "fp8" ? "FP8_E4M3_B128"
    : format === "int8" ? "INT8_ROW"
    : format === "nf4" ? (opts.doubleQuant === false ? "NF4" : "NF4_DQ")
    : format === "awq-int4" ? "AWQ_INT4_G128"
    : "GPTQ_INT4_G128";
  return tensors.map((t) => (isQuantizableLinear(t) ? q : keep));
}

/**
 * Bytes of a model's weights in a format, tensor by tensor:
 *
 *     totalBytes = Σ_t bytes(storage(t), shape(t))      bitsPerWeight = 8 · totalBytes / Σ_t params(t)
 *
 * Assumptions: tensor list from `tensorsOf(arch)`; GGUF mixes follow llama.cpp's default
 * rules without an importance matrix or overrides; safetensors formats keep embeddings, LM
 * head, router and norms in 16 bits. `container: "gguf"` makes fp16/bf16/fp32 follow GGUF
 * conventions (norms F32); the GGUF file types always do. `nf4` is QLoRA's default with double
 * quantization (≈4.127 bits); `doubleQuant: false` gives plain NF4 (4.5 bits). Metadata
 * (tokenizer, JSON headers) is not counted.
 *
 * Checked: Llama-3.1-8B Q4_K_M 4.8944 bpw / 4.58 GiB, Q8_0 8.5008, Q6_K 6.5633, Q5_K_M 5.7036,
 * Q2_K 3.1593 (llama.cpp `tools/quantize/README.md`); Llama-3-70B Q4_K_M 39.59 GiB.
 *
 * @example weightBytes({tensors: tensorsOf(llama3_8b), format: "bf16"}).totalBytes === 16_060_522_496
 */
export function weightBytes(opts: {
  tensors: Tensor[];
  format: WeightFormat;
  arch?: Architecture;
  container?: WeightContainer;
  /** nf4 only: false for bitsandbytes NF4 without double quantization (4.5 bits). */
  doubleQuant?: boolean;
}): WeightBytesResult {
  const types = tensorStorageTypes(opts);
  const byKind: Partial<Record<TensorKind, number>> = {};
  const byBlockType: Record<string, number> = {};
  const out: TensorStorage[] = [];
  let totalBytes = 0;
  let params = 0;
  opts.tensors.forEach((t, i) => {
    const storage = types[i];
    const bytes = tensorStorageBytes(t, storage);
    totalBytes += bytes;
    params += t.params;
    byKind[t.kind] = (byKind[t.kind] ?? 0) + bytes;
    byBlockType[storage] = (byBlockType[storage] ?? 0) + bytes;
    out.push({name: t.name, kind: t.kind, layer: t.layer, expert: t.expert, storage, params: t.params, bytes});
  });
  return {totalBytes, params, bitsPerWeight: params > 0 ? (8 * totalBytes) / params : 0, byKind, byBlockType, tensors: out};
}
