/**
 * LoRA and QLoRA: low-rank adapters on a frozen base.
 *
 * LoRA (Hu et al. 2021, arXiv 2106.09685) adds W + B·A with A: r × d_in and B: d_out × r to
 * every targeted matrix, so each adapter holds
 *
 *     r · (d_in + d_out)   parameters (per copy: routed experts count E times)
 *
 * Targets are Hugging Face module names (`q_proj`, `k_proj`, `v_proj`, `o_proj`, `gate_proj`,
 * `up_proj`, `down_proj`), matched in every layer (PEFT `target_modules` semantics: the module
 * name's last component), so `gate_proj` also matches routed and shared experts' `gate_proj`.
 *
 * Only adapters train: gradients and optimizer state exist for them alone. The frozen base is
 * stored at its precision: bf16 (2 B) for LoRA; for QLoRA (Dettmers et al. 2023,
 * arXiv 2305.14314) the linear layers are NF4 with double quantization:
 *
 *     bits/weight = 4 + 8/64 + 32/(64·256) = 4.127     (4-bit codes; an 8-bit absmax per
 *                                                       64-weight block; an fp32 scale per 256
 *                                                       of those absmaxes)
 *
 * while embeddings, the LM head and norms stay bf16 (bitsandbytes skips `lm_head`; embeddings
 * and norms are not `nn.Linear`). Routers are `nn.Linear` and are quantised too.
 *
 * Training computes the forward (2N) and the gradient with respect to activations (2N) through
 * the frozen base but skips its weight gradients (2N): ≈ 4N FLOP per token (peers.md §C2).
 */
import type {Architecture} from "../architecture.js";
import type {Tensor} from "../tensors.js";

/** NF4 with double quantization, bits per weight (QLoRA paper §3). */
export const NF4_DOUBLE_QUANT_BITS = 4 + 8 / 64 + 32 / (64 * 256);

/** The linear module names LoRA can target. */
export const LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] as const;

/** Last component of a tensor's module name: `experts.gate_proj` → `gate_proj`. */
function moduleName(t: Tensor): string {
  const parts = t.name.split(".");
  return parts[parts.length - 1];
}

/**
 * Whether a tensor is a LoRA target (matrix whose module name is listed).
 *
 * @example isLoraTarget({tensor: experts_gate_proj, targets: ["gate_proj"]}) === true
 */
export function isLoraTarget(options: {tensor: Tensor; targets: readonly string[]}): boolean {
  const {tensor, targets} = options;
  return tensor.inFeatures > 0 && tensor.layer !== null && targets.includes(moduleName(tensor));
}

/**
 * Adapter tensors for the targeted matrices: one entry per target, `r·(in + out)·count` parameters.
 * The returned tensors keep the target's name, layer and expert flag; `inFeatures`/`outFeatures`
 * describe the A matrix (in → r) and the count covers B as a second shape (see `loraParams`).
 *
 * @example Llama-2-7B, r = 8 on q_proj and v_proj: 32 layers · 2 · 8 · (4096 + 4096) = 4,194,304
 */
export function loraAdapters(options: {tensors: Tensor[]; rank: number; targets: readonly string[]}): Tensor[] {
  const {tensors, rank, targets} = options;
  const out: Tensor[] = [];
  for (const t of tensors) {
    if (!isLoraTarget({tensor: t, targets})) continue;
    // A: in → r, B: r → out, as two matrices.
    out.push({name: `${t.name}.lora_A`, kind: t.kind, layer: t.layer, inFeatures: t.inFeatures, outFeatures: rank,
      count: t.count, params: t.count * t.inFeatures * rank, expert: t.expert});
    out.push({name: `${t.name}.lora_B`, kind: t.kind, layer: t.layer, inFeatures: rank, outFeatures: t.outFeatures,
      count: t.count, params: t.count * rank * t.outFeatures, expert: t.expert});
  }
  return out;
}

/**
 * Trainable LoRA parameters: Σ over targeted matrices of r·(d_in + d_out)·count.
 *
 * @example loraParams({tensors: tensorsOf(llama2_7b), rank: 16, targets: all seven}) = 39,976,960
 */
export function loraParams(options: {tensors: Tensor[]; rank: number; targets: readonly string[]}): number {
  return loraAdapters(options).reduce((sum, t) => sum + t.params, 0);
}

/**
 * Whether QLoRA stores this frozen tensor in NF4 (every `nn.Linear` of the decoder stack).
 *
 * @example isQuantizedByQlora(q_proj) === true; isQuantizedByQlora(lm_head) === false
 */
export function isQuantizedByQlora(tensor: Tensor): boolean {
  return tensor.inFeatures > 0 && tensor.kind !== "embedding" && tensor.kind !== "lmHead";
}

/**
 * Bytes per frozen parameter of a tensor: NF4 double-quantised for QLoRA linears, else 2 (bf16)
 * or 4 (fp32, or QLoRA's unquantized tensors when `upcastUnquantized`, PEFT's
 * `prepare_model_for_kbit_training`).
 *
 * @example frozenBytesPerParam({tensor: q_proj, method: "qlora"}) ≈ 0.516; ({tensor: embed_tokens, method: "qlora"}) === 2
 */
export function frozenBytesPerParam(options: {tensor: Tensor; method: "lora" | "qlora" | "full"; fp32?: boolean;
  upcastUnquantized?: boolean}): number {
  if (options.method === "qlora") {
    if (isQuantizedByQlora(options.tensor)) return NF4_DOUBLE_QUANT_BITS / 8;
    if (options.upcastUnquantized) return 4;
  }
  return options.fp32 ? 4 : 2;
}

/**
 * Adapter activations per layer: the rank-r intermediate x·A of each adapter, 2·s·b·r bytes
 * (the adapter input x is the base layer's input, already stored; LoRA dropout > 0 would add a
 * copy of x per adapter, PEFT's `lora_dropout`, not modelled).
 *
 * @example Llama-2-7B, r = 8 on q_proj and v_proj, s = 4096, b = 1: 2 · 4096 · 8 · 2 = 131,072 bytes per layer
 */
export function loraActivationBytesPerLayer(options: {arch: Architecture; layer: number; tensors: Tensor[]; rank: number;
  targets: readonly string[]; microBatchSize: number; sequenceLength: number}): number {
  const {arch, layer, tensors, rank, targets, microBatchSize: b, sequenceLength: s} = options;
  let adapters = 0;
  const k = arch.moe ? arch.moe.expertsPerToken : 1;
  for (const t of tensors) {
    if (t.layer !== layer || !isLoraTarget({tensor: t, targets})) continue;
    // A routed expert's adapter sees k/E of the tokens in each of its E copies: k "copies" of work.
    adapters += t.expert === "routed" ? k : t.count;
  }
  return 2 * s * b * rank * adapters;
}

/**
 * QLoRA dequantization workspace: bitsandbytes dequantizes one NF4 matrix to bf16 before its
 * matmul, in forward and in backward; the largest linear matrix of a layer bounds it (×2 bytes).
 *
 * @example Llama-3-8B: the 4096 × 14336 MLP matrices → 2 · 58,720,256 ≈ 117 MB
 */
export function dequantWorkspaceBytes(options: {tensors: Tensor[]; tensorParallel?: number}): number {
  let largest = 0;
  for (const t of options.tensors) {
    if (t.layer === null || !isQuantizedByQlora(t)) continue;
    largest = Math.max(largest, t.inFeatures * t.outFeatures);
  }
  return (2 * largest) / (options.tensorParallel ?? 1);
}
