/**
 * The weight tensors of an architecture, one entry per (layer, module). Parameter counts,
 * weight bytes per quantization format (which treat tensor types differently), LoRA adapter
 * sizes and Adafactor state all read this list, so every module agrees on what exists.
 */

/** What a tensor is, for quantization rules and breakdowns. */
export type TensorKind =
  | "embedding" // token embedding matrix V×D
  | "positionEmbedding" // learned absolute positions
  | "lmHead" // output projection D×V (absent when tied)
  | "attnQ" | "attnK" | "attnV" | "attnO" // attention projections (fused QKV is split)
  | "attnLatent" // MLA down/up projections (q_a, q_b, kv_a, kv_b)
  | "mlpGate" | "mlpUp" | "mlpDown" // dense MLP or shared/routed expert matrices
  | "router" // MoE gate E×D
  | "norm" // normalisation weights and biases
  | "bias" // linear-layer biases
  | "other"; // attention sinks, correction biases, ...

export interface Tensor {
  /** Hugging Face module name without the layer prefix: `q_proj`, `down_proj`, `embed_tokens`... */
  name: string;
  kind: TensorKind;
  /** Layer index, or null for tensors outside the decoder stack. */
  layer: number | null;
  /** For matrices: input features (columns of W in y = W·x). 0 for vectors. */
  inFeatures: number;
  /** For matrices: output features (rows). For vectors: their length. */
  outFeatures: number;
  /** How many identical tensors this entry stands for (routed experts: E). */
  count: number;
  /** Parameters in total for this entry: count · in · out (matrices) or count · out (vectors). */
  params: number;
  /** "routed" for routed-expert matrices (k of E active per token), "shared" for shared experts. */
  expert: "routed" | "shared" | null;
}
