/**
 * The one typed description of a decoder-only transformer that every estimate starts from.
 *
 * A Hugging Face `config.json` is normalised into an {@link Architecture} by `config.ts`
 * (`architectureFromConfig`). Everything downstream (parameters, FLOPs, weights, KV cache,
 * activations, speed) reads only these fields, never the raw config, so family quirks are
 * resolved in exactly one place.
 *
 * Letters follow "How to Scale Your Model" (jax-ml/scaling-book): L layers, D = d_model,
 * N query heads, K KV heads, H head_dim, F FFN width, V vocabulary, E experts, k experts
 * per token.
 */

/** Attention kind of one layer. */
export type LayerAttention = "full" | "sliding";

/** Normalisation layer type. */
export type NormKind = "rmsnorm" | "layernorm";

/** How positions enter the model. */
export type PositionalKind = "rope" | "learned" | "alibi" | "none";

/** Mixture-of-experts block (replaces the dense MLP in the layers `moeLayers` marks). */
export interface MoeSpec {
  /** E: routed experts per MoE layer (`num_local_experts`, `n_routed_experts`, `num_experts`). */
  experts: number;
  /** k: routed experts each token visits (`num_experts_per_tok`). */
  expertsPerToken: number;
  /** S: always-on shared experts (`n_shared_experts`); 0 when none. */
  sharedExperts: number;
  /** F_e: inner width of one routed expert (`moe_intermediate_size`, Mixtral: `intermediate_size`). */
  expertIntermediateSize: number;
  /** Inner width of one shared expert (Qwen2-MoE `shared_expert_intermediate_size`; DeepSeek: F_e). */
  sharedExpertIntermediateSize: number;
  /** Qwen2-MoE puts a sigmoid gate (D parameters) on the shared expert. */
  sharedExpertGate: boolean;
  /** Router (gate) carries a bias of E values (gpt-oss) */
  routerBias: boolean;
  /** DeepSeek-V3 keeps an E-sized `e_score_correction_bias` per MoE layer. */
  routerCorrectionBias: boolean;
  /** Whether each layer (index 0..L-1) is an MoE layer; false means a dense MLP of width F. */
  moeLayers: boolean[];
}

/** Multi-head latent attention (DeepSeek-V2/V3). */
export interface MlaSpec {
  /** d_c: compressed KV latent width (`kv_lora_rank`). */
  kvLoraRank: number;
  /** d_c': compressed query width (`q_lora_rank`); null = queries projected directly (V2-Lite). */
  qLoraRank: number | null;
  /** Decoupled RoPE key width per head, shared across heads in the cache (`qk_rope_head_dim`). */
  qkRopeHeadDim: number;
  /** Non-RoPE part of each query/key head (`qk_nope_head_dim`). */
  qkNopeHeadDim: number;
  /** Value head width (`v_head_dim`). */
  vHeadDim: number;
}

/** A decoder-only transformer, normalised from any supported config.json. */
export interface Architecture {
  /** `model_type` as in the config (`llama`, `deepseek_v3`, ...). */
  modelType: string;
  /** L: decoder layers. */
  layers: number;
  /** D: residual width (`hidden_size`, `n_embd`, `d_model`). */
  hiddenSize: number;
  /** N: query heads. */
  heads: number;
  /** K: key/value heads (K = N for MHA, 1 for MQA, between for GQA). */
  kvHeads: number;
  /** H: per-head width, from `head_dim` when the config has it, else D/N. */
  headDim: number;
  /** F: dense MLP inner width. */
  intermediateSize: number;
  /** Gated MLP (SwiGLU/GeGLU: gate, up and down, 3 matrices) or plain (up and down, 2). */
  gatedMlp: boolean;
  /** V: rows of the embedding matrix. */
  vocabSize: number;
  /** LM head shares the embedding matrix. */
  tiedEmbeddings: boolean;
  norm: NormKind;
  /** Normalisation layers inside each decoder layer (2 for pre-norm Llama, 4 for Gemma-2/3, 1 for Falcon-7B's parallel block). */
  normsPerLayer: number;
  /** Biases on Q, K and V projections. */
  qkvBias: boolean;
  /** Bias on the attention output projection. */
  attentionOutputBias: boolean;
  /** Biases on MLP projections. */
  mlpBias: boolean;
  /** Bias on the LM head (rare; e.g. none of the supported families). */
  lmHeadBias: boolean;
  positional: PositionalKind;
  /** Context the model was configured for (`max_position_embeddings`); null when absent. */
  maxPositionEmbeddings: number | null;
  /** Sliding-window width W for "sliding" layers; null when no layer slides. */
  slidingWindow: number | null;
  /** Attention kind of each layer, length L. */
  layerAttention: LayerAttention[];
  moe: MoeSpec | null;
  mla: MlaSpec | null;
  /**
   * Family-specific extra parameters per layer that the generic counting does not see
   * (QK-norm weights, extra norms of Gemma-2/3, attention sinks, ...), with their names.
   * Counted as "norm"-like 16-bit tensors.
   */
  extraPerLayer: {name: string; params: number}[];
  /** Family-specific extra parameters outside the layers (learned positions, embedding norm, ...). */
  extraGlobal: {name: string; params: number; kind: "positionEmbedding" | "norm" | "other"}[];
  /** Activation function name as in the config (`silu`, `gelu_pytorch_tanh`, ...). */
  activation: string;
}
