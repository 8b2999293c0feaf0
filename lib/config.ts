/**
 * Hugging Face `config.json` → {@link Architecture}.
 *
 * Every family names the same things differently (`n_embd`, `d_model`, `hidden_size`) and
 * leaves different things implicit (GPT-2's 4·D MLP, Falcon's multi-query flag, Gemma-2's
 * alternating windows). This module is the one place that knows those spellings and
 * defaults; the rest of the engine reads the normalised architecture.
 *
 * Field names and defaults follow the `configuration_<family>.py` classes of
 * huggingface/transformers (the defaults apply when a key is absent from config.json).
 */
import type {Architecture, LayerAttention, MlaSpec, MoeSpec, NormKind, PositionalKind} from "./architecture.js";

/** A config.json that cannot be turned into an architecture; `issues` says what is missing. */
export class ConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`config.json cannot be read: ${issues.join("; ")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

type Json = Record<string, unknown>;

/** Families whose conventions are coded below. Others are read by the Llama conventions, with a warning. */
export const SUPPORTED_MODEL_TYPES = [
  "llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "gemma", "gemma2",
  "gemma3", "gemma3_text", "phi3", "gpt2", "gpt_neox", "opt", "falcon", "bloom", "deepseek_v2",
  "deepseek_v3", "gpt_oss", "cohere"
] as const;

interface FamilyDefaults {
  tied: boolean;
  norm: NormKind;
  positional: PositionalKind;
  gated: boolean;
  activation: string;
}

/** Per-family defaults of `PretrainedConfig` subclasses (transformers), used when a key is absent. */
const FAMILY: Record<string, FamilyDefaults> = {
  llama: {tied: false, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"},
  mistral: {tied: false, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"},
  mixtral: {tied: false, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"},
  qwen2: {tied: false, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"},
  qwen2_moe: {tied: false, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"},
  qwen3: {tied: false, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"},
  qwen3_moe: {tied: false, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"},
  gemma: {tied: true, norm: "rmsnorm", positional: "rope", gated: true, activation: "gelu_pytorch_tanh"},
  gemma2: {tied: true, norm: "rmsnorm", positional: "rope", gated: true, activation: "gelu_pytorch_tanh"},
  gemma3_text: {tied: true, norm: "rmsnorm", positional: "rope", gated: true, activation: "gelu_pytorch_tanh"},
  phi3: {tied: false, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"},
  gpt2: {tied: true, norm: "layernorm", positional: "learned", gated: false, activation: "gelu_new"},
  gpt_neox: {tied: false, norm: "layernorm", positional: "rope", gated: false, activation: "gelu"},
  opt: {tied: true, norm: "layernorm", positional: "learned", gated: false, activation: "relu"},
  falcon: {tied: true, norm: "layernorm", positional: "rope", gated: false, activation: "gelu"},
  bloom: {tied: true, norm: "layernorm", positional: "alibi", gated: false, activation: "gelu"},
  deepseek_v2: {tied: false, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"},
  deepseek_v3: {tied: false, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"},
  gpt_oss: {tied: false, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"},
  // Cohere Command-R: one bias-free LayerNorm per layer feeding parallel attention and MLP;
  // weight-only, so it is counted (and sized) like an RMSNorm.
  cohere: {tied: true, norm: "rmsnorm", positional: "rope", gated: true, activation: "silu"}
};

// ---------------------------------------------------------------------------------------------
// Bounds. Every number the reader takes from a config.json is checked here before it is used:
// a wrong type (a string, a boolean, a fraction) or a value outside its physical bound refuses
// the config, naming the field; a value beyond every published model but still possible is
// accepted with a warning. The bounds are far beyond any real model (so no real config is
// refused) and small enough that the engine's work and its numbers stay bounded: per-layer
// arrays hold at most 10,000 entries and every product of sizes stays far below 1e300.

/** One bound of a config field (or of several spellings of it). */
export interface ConfigBound {
  /** The spellings the families use; the first one present (and not null) is read. */
  keys: readonly string[];
  /** Smallest value allowed (0 where 0 means "none", as `sliding_window: 0`). */
  min: number;
  /** Largest value allowed. */
  max: number;
  /** False for real-valued fields (`rope_theta`). Default true: counts and sizes. */
  integer?: boolean;
  /** Why `max` is where it is: a published figure, with its source. Shown in the message. */
  why: string;
  /** Above this the config is accepted with a warning (beyond every published model). */
  plausibleMax?: number;
  /** Required: the config cannot describe a decoder without it. */
  required?: boolean;
}

/**
 * The physical bounds of config.json fields (dated 2026-12). Sources of the published extremes:
 * Llama 3.1 405B (126 layers, 128 heads; Meta's config.json on the Hub), PaLM 540B
 * (d_model 18,432, d_ff 73,728; Chowdhery et al. 2022, table 1), Gemma 3 (262,208-token
 * vocabulary; google/gemma-3-*-it config.json), Kimi K2 (384 routed experts; moonshotai/Kimi-K2
 * config.json), Llama 4 Scout (10M-token context; Meta's model card), DeepSeek-V3 (MLA
 * kv_lora_rank 512; its config.json).
 */
export const CONFIG_LIMITS = {
  layers: {keys: ["num_hidden_layers", "n_layer", "num_layers", "n_layers"], min: 1, max: 10_000, required: true,
    plausibleMax: 512, why: "about 80× the deepest published decoder, Llama 3.1 405B's 126 layers"},
  hiddenSize: {keys: ["hidden_size", "n_embd", "d_model", "n_embed", "dim"], min: 1, max: 1_000_000, required: true,
    plausibleMax: 65_536, why: "about 50× the widest published decoder, PaLM 540B's 18,432"},
  heads: {keys: ["num_attention_heads", "n_head", "num_heads", "n_heads"], min: 1, max: 65_536, required: true,
    plausibleMax: 1_024, why: "500× the most heads published, Llama 3.1 405B's 128"},
  kvHeads: {keys: ["num_key_value_heads", "num_kv_heads", "n_head_kv"], min: 1, max: 65_536,
    why: "500× the most heads published, Llama 3.1 405B's 128"},
  headDim: {keys: ["head_dim"], min: 1, max: 65_536, plausibleMax: 1_024,
    why: "256× the widest published head, Gemma's 256"},
  vocabSize: {keys: ["vocab_size", "padded_vocab_size"], min: 1, max: 10_000_000,
    plausibleMax: 1_048_576, why: "about 40× the largest published vocabulary, Gemma 3's 262,208"},
  intermediateSize: {keys: ["intermediate_size", "ffn_dim", "n_inner", "ffn_hidden_size", "moe_intermediate_size",
    "shared_expert_intermediate_size"], min: 1, max: 10_000_000, plausibleMax: 262_144,
    why: "about 140× the widest published MLP, PaLM 540B's 73,728"},
  experts: {keys: ["num_local_experts", "n_routed_experts", "num_experts"], min: 0, max: 100_000, plausibleMax: 4_096,
    why: "about 260× the most routed experts published, Kimi K2's 384"},
  expertsPerToken: {keys: ["num_experts_per_tok", "num_experts_per_token", "top_k", "moe_topk"], min: 0, max: 100_000,
    why: "at most the number of experts (bound 100,000)"},
  sharedExperts: {keys: ["n_shared_experts", "num_shared_experts"], min: 0, max: 1_000, plausibleMax: 16,
    why: "DeepSeek-V3 and Qwen MoE use 1 or 2"},
  positions: {keys: ["max_position_embeddings", "n_positions", "max_sequence_length", "seq_length", "sliding_window"],
    min: 0, max: 1_000_000_000, why: "100× the longest published context, Llama 4 Scout's 10M tokens"},
  layerIndex: {keys: ["max_window_layers", "first_k_dense_replace", "sliding_window_pattern", "decoder_sparse_step",
    "moe_layer_freq"], min: 0, max: 10_000, why: "a layer index or period, at most the layer bound 10,000"},
  mlaRanks: {keys: ["kv_lora_rank", "q_lora_rank", "qk_rope_head_dim", "qk_nope_head_dim", "v_head_dim",
    "word_embed_proj_dim"], min: 0, max: 1_000_000, why: "a width, at most the hidden-size bound 1,000,000"},
  normsPerLayer: {keys: ["num_ln_in_parallel_attn"], min: 0, max: 16, why: "Falcon's new decoder uses 2"},
  ropeTheta: {keys: ["rope_theta"], min: Number.MIN_VALUE, max: 1e12, integer: false,
    why: "RoPE bases in use run from 1e4 to 1e7 (Qwen2.5-1M)"}
} as const satisfies Record<string, ConfigBound>;

/** Strings of a config, bounded so that a 10 MB name cannot ride into every result and page. */
export const CONFIG_TEXT_LIMITS = {
  /** Linux PATH_MAX: a Hub id or a local path is never longer. */
  _name_or_path: 4096,
  model_type: 200
} as const;

/**
 * The longest config.json text a page reads (pasted, or decoded from a link): 256 KiB, about
 * 100× the catalog's longest (phi-4-mini, 2,401 characters pretty-printed), so that reading one
 * never blocks a page for more than a frame.
 */
export const CONFIG_JSON_MAX_CHARS = 262_144;

/** Arrays read per layer: never longer than the layer bound. */
const CONFIG_ARRAYS = ["layer_types", "mlp_only_layers", "architectures"] as const;

function fmt(x: number): string {
  // Thousands separated by commas, without toLocaleString (its first call loads ICU: ~100 ms).
  return Number.isInteger(x) && Math.abs(x) < 1e21 ? String(x).replace(/\B(?=(\d{3})+$)/g, ",") : String(x);
}

/** "a string (\"abc\")", "a boolean (true)", "an array", "-4", "1e+308": what a field holds. */
function described(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 39)}…` : v)})`;
  if (typeof v === "boolean") return `a boolean (${v})`;
  return `${/^[aeiou]/.test(typeof v) ? "an" : "a"} ${typeof v}`;
}

function expectation(b: ConfigBound): string {
  const kind = b.integer === false ? "a number" : "an integer";
  const from = b.min === Number.MIN_VALUE ? "> 0 and" : `from ${fmt(b.min)}`;
  return `expected ${kind} ${from} ${b.min === Number.MIN_VALUE ? "<=" : "to"} ${fmt(b.max)} (${b.why})`;
}

/**
 * Checks every bounded field of a config: wrong types and out-of-bound values become issues
 * (`model.hidden_size: got a string ("abc"), expected an integer from 1 to 1,000,000 (...)`),
 * values beyond every published model become warnings. `path` is the JSON path of the config
 * (`model`, or `model.text_config` for a multimodal wrapper).
 */
export function checkConfigFields(c: Json, path = "model"): {issues: string[]; warnings: string[]} {
  const issues: string[] = [];
  const warnings: string[] = [];
  for (const bound of Object.values(CONFIG_LIMITS) as ConfigBound[]) {
    for (const key of bound.keys) {
      const v = c[key];
      // null is how Hub configs say "not used" (sliding_window: null, q_lora_rank: null).
      if (v === undefined || v === null) continue;
      const ok = typeof v === "number" && Number.isFinite(v) && v >= bound.min && v <= bound.max
        && (bound.integer === false || Number.isInteger(v));
      if (!ok) issues.push(`${path}.${key}: got ${described(v)}, ${expectation(bound)}`);
      else if (bound.plausibleMax !== undefined && (v as number) > bound.plausibleMax) {
        warnings.push(`${path}.${key}: ${fmt(v as number)} is beyond every published model (${bound.why.replace(/^.*?, /, "")}); check the config`);
      }
    }
  }
  for (const [key, max] of Object.entries(CONFIG_TEXT_LIMITS)) {
    const v = c[key];
    if (typeof v === "string" && v.length > max) {
      issues.push(`${path}.${key}: got a string of ${fmt(v.length)} characters, expected at most ${fmt(max)}`);
    }
  }
  for (const key of CONFIG_ARRAYS) {
    const v = c[key];
    if (Array.isArray(v) && v.length > CONFIG_LIMITS.layers.max) {
      issues.push(`${path}.${key}: got an array of ${fmt(v.length)} entries, expected at most ${fmt(CONFIG_LIMITS.layers.max)} (one per layer)`);
    }
  }
  return {issues, warnings};
}

/** The first spelling of a field present in the config (for messages about absent fields). */
function missing(c: Json, path: string, bound: ConfigBound): string | null {
  if (bound.keys.some((k) => c[k] !== undefined && c[k] !== null)) return null;
  const others = bound.keys.slice(1, 4);
  return `${path}.${bound.keys[0]}: got nothing${others.length ? ` (nor ${others.join(", ")})` : ""}, ${expectation(bound)}`;
}

/** `vocab_size` defaults of configuration classes whose Hub files may omit it. */
const VOCAB_DEFAULTS: Record<string, number> = {gemma3_text: 262_208};

function isObject(x: unknown): x is Json {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** First key present with a positive finite integer value. */
function int(c: Json, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = c[k];
    if (typeof v === "number" && Number.isFinite(v) && Number.isInteger(v) && v > 0) return v;
  }
  return undefined;
}

function intOrZero(c: Json, ...keys: string[]): number {
  for (const k of keys) {
    const v = c[k];
    if (typeof v === "number" && Number.isFinite(v) && Number.isInteger(v) && v >= 0) return v;
  }
  return 0;
}

function bool(c: Json, key: string, fallback: boolean): boolean {
  const v = c[key];
  return typeof v === "boolean" ? v : fallback;
}

/**
 * Reads a Hugging Face config.json into an {@link Architecture}.
 *
 * - `head_dim` is taken from the config when present (Gemma, Qwen3, gpt-oss, Mistral-Small
 *   differ from D/N); only when absent is it D/N.
 * - K (KV heads) is `num_key_value_heads`, Falcon's `num_kv_heads` (new decoder
 *   architecture) or 1 for `multi_query`; otherwise N (MHA).
 * - Multimodal wrappers (`text_config`) are read through their text model, with a warning
 *   that the vision tower is not counted.
 *
 * @throws ConfigError listing every missing or invalid field when the config cannot describe
 *   a decoder (for example no layer count).
 */
export function architectureFromConfig(input: Record<string, unknown>): {architecture: Architecture; warnings: string[]} {
  const warnings: string[] = [];
  if (!isObject(input)) throw new ConfigError(["model: expected a config.json object"]);
  let c: Json = input;
  if (isObject(c.text_config)) {
    const outerType = String(c.model_type ?? "");
    c = {...c.text_config, model_type: c.text_config.model_type ?? (outerType === "gemma3" ? "gemma3_text" : outerType)};
    if (c.tie_word_embeddings === undefined && typeof input.tie_word_embeddings === "boolean") c.tie_word_embeddings = input.tie_word_embeddings;
    warnings.push(`model: multimodal config (${outerType}) read through its text_config; the vision tower is not counted`);
  }
  const path = c === input ? "model" : "model.text_config";
  const checked = checkConfigFields(c, path);
  if (c !== input) {
    const outer = checkConfigFields(input, "model");
    checked.issues.unshift(...outer.issues);
  }
  warnings.push(...checked.warnings);
  let modelType = typeof c.model_type === "string" ? c.model_type : "";
  if (modelType === "gemma3") modelType = "gemma3_text";
  const known = modelType in FAMILY;
  const fam = FAMILY[modelType] ?? FAMILY.llama;

  const issues: string[] = checked.issues;
  const layers = int(c, ...CONFIG_LIMITS.layers.keys);
  const hiddenSize = int(c, ...CONFIG_LIMITS.hiddenSize.keys);
  const heads = int(c, ...CONFIG_LIMITS.heads.keys);
  const vocabSize = int(c, ...CONFIG_LIMITS.vocabSize.keys) ?? VOCAB_DEFAULTS[modelType];
  for (const bound of [CONFIG_LIMITS.layers, CONFIG_LIMITS.hiddenSize, CONFIG_LIMITS.heads]) {
    const line = missing(c, path, bound);
    if (line) issues.push(line);
  }
  if (VOCAB_DEFAULTS[modelType] === undefined) {
    const line = missing(c, path, CONFIG_LIMITS.vocabSize);
    if (line) issues.push(line);
  }
  if (issues.length > 0 || !layers || !hiddenSize || !heads || !vocabSize) throw new ConfigError(issues);

  if (!known) {
    warnings.push(modelType
      ? `model.model_type: "${modelType}" is not a known family; estimated with Llama conventions (RMSNorm, gated MLP, RoPE)`
      : "model.model_type: missing; estimated with Llama conventions (RMSNorm, gated MLP, RoPE)");
  }

  // --- attention heads ---------------------------------------------------------------
  let kvHeads: number;
  if (modelType === "falcon") {
    const newArch = bool(c, "new_decoder_architecture", false);
    kvHeads = newArch ? int(c, "num_kv_heads") ?? heads : bool(c, "multi_query", true) ? 1 : heads;
  } else {
    kvHeads = int(c, "num_key_value_heads", "num_kv_heads", "n_head_kv") ?? (bool(c, "multi_query", false) ? 1 : heads);
  }
  const headDim = int(c, "head_dim") ?? hiddenSize / heads;
  if (!Number.isInteger(headDim)) {
    throw new ConfigError([`${path}.head_dim: got nothing, and hidden_size / num_attention_heads = ${hiddenSize}/${heads} is not an integer; expected head_dim, an integer from 1 to ${fmt(CONFIG_LIMITS.headDim.max)}`]);
  }
  if (kvHeads > heads) {
    throw new ConfigError([`${path}.num_key_value_heads: got ${kvHeads}, expected an integer from 1 to num_attention_heads (${heads}): each key/value head serves one or more query heads`]);
  }
  if (heads % kvHeads !== 0) warnings.push(`${path}.num_key_value_heads: ${kvHeads} does not divide num_attention_heads ${heads}`);

  // --- MLP -----------------------------------------------------------------------------
  let intermediateSize: number | undefined;
  if (modelType === "gpt2") intermediateSize = int(c, "n_inner") ?? 4 * hiddenSize;
  else if (modelType === "opt") intermediateSize = int(c, "ffn_dim");
  else if (modelType === "falcon" || modelType === "bloom") intermediateSize = int(c, "ffn_hidden_size") ?? 4 * hiddenSize;
  else intermediateSize = int(c, "intermediate_size", "ffn_dim", "n_inner", "ffn_hidden_size");
  const activation = String(c.hidden_act ?? c.hidden_activation ?? c.activation_function ?? c.activation ?? fam.activation);
  if (!intermediateSize) {
    if (modelType === "gpt_oss" || (int(c, "moe_intermediate_size") && !known)) intermediateSize = int(c, "moe_intermediate_size") ?? 0;
    if (!intermediateSize) {
      throw new ConfigError([`${path}.intermediate_size: got nothing (nor ffn_dim, n_inner), expected an integer from 1 to ${fmt(CONFIG_LIMITS.intermediateSize.max)}`]);
    }
  }

  // --- biases and norms ----------------------------------------------------------------
  let qkvBias = false, attentionOutputBias = false, mlpBias = false;
  let normsPerLayer = 2;
  const extraPerLayer: Architecture["extraPerLayer"] = [];
  const extraGlobal: Architecture["extraGlobal"] = [];
  switch (modelType) {
    case "gpt2":
    case "opt":
    case "bloom":
    case "gpt_neox":
      qkvBias = attentionOutputBias = mlpBias = modelType === "opt" ? bool(c, "enable_bias", true) : true;
      break;
    case "falcon": {
      qkvBias = attentionOutputBias = mlpBias = bool(c, "bias", false);
      const newArch = bool(c, "new_decoder_architecture", false);
      // Falcon-7B: one input_layernorm shared by the parallel attention and MLP; the new
      // decoder architecture (40B, 180B) has ln_attn and ln_mlp (num_ln_in_parallel_attn = 2).
      normsPerLayer = newArch ? (int(c, "num_ln_in_parallel_attn") ?? 2) : bool(c, "parallel_attn", true) ? 1 : 2;
      break;
    }
    case "qwen2":
    case "qwen2_moe":
      qkvBias = true;
      break;
    case "gpt_oss":
      // gpt-oss: biases on q, k, v, o and on every expert's gate_up and down projections.
      qkvBias = attentionOutputBias = mlpBias = true;
      // Learned attention sinks: one scalar per query head per layer.
      extraPerLayer.push({name: "sinks", params: heads});
      break;
    default:
      qkvBias = attentionOutputBias = bool(c, "attention_bias", false);
      mlpBias = bool(c, "mlp_bias", false);
  }
  if (modelType === "gemma2" || modelType === "gemma3_text") normsPerLayer = 4;
  if (modelType === "cohere") normsPerLayer = 1;
  if (modelType === "qwen3" || modelType === "qwen3_moe" || modelType === "gemma3_text") {
    extraPerLayer.push({name: "q_norm", params: headDim}, {name: "k_norm", params: headDim});
  }
  const norm: NormKind = fam.norm;

  // --- positions -----------------------------------------------------------------------
  const positional = fam.positional;
  const maxPositionEmbeddings = int(c, "max_position_embeddings", "n_positions", "max_sequence_length", "seq_length") ?? null;
  if (modelType === "gpt2") {
    extraGlobal.push({name: "wpe", params: (int(c, "n_positions") ?? 1024) * hiddenSize, kind: "positionEmbedding"});
  } else if (modelType === "opt") {
    // OPT's learned positions carry an offset of 2 rows (OPTLearnedPositionalEmbedding).
    extraGlobal.push({name: "embed_positions", params: ((maxPositionEmbeddings ?? 2048) + 2) * hiddenSize, kind: "positionEmbedding"});
    const proj = int(c, "word_embed_proj_dim");
    if (proj && proj !== hiddenSize) {
      extraGlobal.push({name: "project_in_out", params: 2 * proj * hiddenSize, kind: "other"});
      warnings.push("model.word_embed_proj_dim differs from hidden_size: embeddings are counted at hidden_size plus the two projections");
    }
  } else if (modelType === "bloom") {
    extraGlobal.push({name: "word_embeddings_layernorm", params: 2 * hiddenSize, kind: "norm"});
  }
  if (modelType === "opt" && c.do_layer_norm_before === false) {
    warnings.push("model.do_layer_norm_before: false (OPT-350m) has no final layer norm; its 2·D parameters are still counted");
  }

  // --- tied embeddings -------------------------------------------------------------------
  const tiedEmbeddings = bool(c, "tie_word_embeddings", fam.tied);

  // --- per-layer attention kinds -----------------------------------------------------
  let slidingWindow: number | null = int(c, "sliding_window") ?? null;
  let layerAttention: LayerAttention[] = new Array(layers).fill("full");
  const layerTypes = Array.isArray(c.layer_types) ? (c.layer_types as unknown[]) : null;
  if (layerTypes && layerTypes.length === layers) {
    layerAttention = layerTypes.map((t) => (String(t).includes("sliding") ? "sliding" : "full"));
    const other = layerTypes.filter((t) => !/sliding_attention|full_attention|^attention$/.test(String(t)));
    if (other.length > 0) warnings.push(`model.layer_types: ${other.length} layers of kind "${String(other[0])}" are counted as full attention`);
  } else if (slidingWindow !== null) {
    if (modelType === "gemma2") {
      // Gemma-2 alternates: even layers local (sliding), odd layers global.
      layerAttention = layerAttention.map((_, i) => (i % 2 === 0 ? "sliding" : "full"));
    } else if (modelType === "gemma3_text") {
      // Gemma-3: every `sliding_window_pattern`-th layer (default 6) is global, the rest local.
      const pattern = int(c, "sliding_window_pattern") ?? 6;
      layerAttention = layerAttention.map((_, i) => ((i + 1) % pattern === 0 ? "full" : "sliding"));
    } else if (modelType === "qwen2" || modelType === "qwen2_moe" || modelType === "qwen3" || modelType === "qwen3_moe") {
      // Qwen: windows only when use_sliding_window, and only above max_window_layers.
      if (bool(c, "use_sliding_window", false)) {
        const maxWindowLayers = intOrZero(c, "max_window_layers");
        layerAttention = layerAttention.map((_, i) => (i >= maxWindowLayers ? "sliding" : "full"));
      }
    } else if (modelType === "phi3" || modelType === "mistral" || modelType === "mixtral" || !known) {
      layerAttention = layerAttention.map(() => "sliding");
    }
  }
  if (!layerAttention.includes("sliding")) slidingWindow = null;

  // --- MoE -----------------------------------------------------------------------------
  const moe = readMoe(c, modelType, layers, intermediateSize, warnings);

  // --- MLA -----------------------------------------------------------------------------
  let mla: MlaSpec | null = null;
  const kvLoraRank = int(c, "kv_lora_rank");
  if (kvLoraRank) {
    mla = {
      kvLoraRank,
      qLoraRank: int(c, "q_lora_rank") ?? null,
      qkRopeHeadDim: int(c, "qk_rope_head_dim") ?? 64,
      qkNopeHeadDim: int(c, "qk_nope_head_dim") ?? 128,
      vHeadDim: int(c, "v_head_dim") ?? 128
    };
  }

  const architecture: Architecture = {
    modelType: modelType || "unknown",
    layers,
    hiddenSize,
    heads,
    kvHeads,
    headDim,
    intermediateSize,
    gatedMlp: known ? fam.gated : !/^(gelu|gelu_new|relu)$/.test(activation),
    vocabSize,
    tiedEmbeddings,
    norm,
    normsPerLayer,
    qkvBias,
    attentionOutputBias,
    mlpBias,
    lmHeadBias: false,
    positional,
    maxPositionEmbeddings,
    slidingWindow,
    layerAttention,
    moe,
    mla,
    extraPerLayer,
    extraGlobal,
    activation
  };
  return {architecture, warnings};
}

function readMoe(c: Json, modelType: string, layers: number, intermediateSize: number, warnings: string[]): MoeSpec | null {
  const experts = int(c, "num_local_experts", "n_routed_experts", "num_experts");
  if (!experts || experts < 2) return null;
  const expertsPerToken = int(c, "num_experts_per_tok", "num_experts_per_token", "top_k", "moe_topk") ?? 2;
  const expertIntermediateSize = modelType === "mixtral" ? intermediateSize : int(c, "moe_intermediate_size") ?? intermediateSize;
  let sharedExperts = intOrZero(c, "n_shared_experts", "num_shared_experts");
  let sharedExpertIntermediateSize = expertIntermediateSize;
  let sharedExpertGate = false;
  const sharedWidth = int(c, "shared_expert_intermediate_size");
  if (sharedWidth) {
    // Qwen2-MoE: one shared expert of its own width, behind a sigmoid gate (Linear(D, 1)).
    sharedExperts = 1;
    sharedExpertIntermediateSize = sharedWidth;
    sharedExpertGate = true;
  }
  const moeLayers = new Array<boolean>(layers).fill(true);
  if (modelType === "deepseek_v2" || modelType === "deepseek_v3") {
    // DeepseekV3DecoderLayer: MoE when layer_idx >= first_k_dense_replace and layer_idx % moe_layer_freq == 0.
    const firstDense = intOrZero(c, "first_k_dense_replace");
    const freq = int(c, "moe_layer_freq") ?? 1;
    for (let i = 0; i < layers; i++) moeLayers[i] = i >= firstDense && i % freq === 0;
  } else if (modelType === "qwen2_moe" || modelType === "qwen3_moe") {
    // Qwen MoE: sparse when (layer_idx + 1) % decoder_sparse_step == 0 and not in mlp_only_layers.
    const step = int(c, "decoder_sparse_step") ?? 1;
    const mlpOnly = new Set(Array.isArray(c.mlp_only_layers) ? (c.mlp_only_layers as unknown[]).map(Number) : []);
    for (let i = 0; i < layers; i++) moeLayers[i] = !mlpOnly.has(i) && (i + 1) % step === 0;
  } else if (Array.isArray(c.mlp_only_layers)) {
    const mlpOnly = new Set((c.mlp_only_layers as unknown[]).map(Number));
    for (let i = 0; i < layers; i++) moeLayers[i] = !mlpOnly.has(i);
  }
  if (expertsPerToken > experts) warnings.push(`model.num_experts_per_tok: ${expertsPerToken} exceeds the ${experts} experts; clamped`);
  return {
    experts,
    expertsPerToken: Math.min(expertsPerToken, experts),
    sharedExperts,
    expertIntermediateSize,
    sharedExpertIntermediateSize,
    sharedExpertGate,
    routerBias: modelType === "gpt_oss",
    routerCorrectionBias: modelType === "deepseek_v3" || c.topk_method === "noaux_tc",
    moeLayers
  };
}
