/**
 * Parameter counts: every weight tensor of an architecture, and totals derived from them.
 *
 * Consensus form (Megatron-LM `theoretical_memory_usage.py`; scaling-book "Transformer math"):
 *
 *     N = V·D·(1 + [untied])                         embeddings (+ LM head when untied)
 *       + L·( D·H·(N_q + 2·K) + N_q·H·D              Wq, Wk, Wv, Wo
 *           + m·D·F                                  MLP, m = 3 gated (SwiGLU/GeGLU), 2 plain
 *           + norms + biases )
 *       + final norm
 *     MoE layer MLP: E·m·D·F_e + S·m·D·F_s + E·D (router); active: k·m·D·F_e + S·m·D·F_s + E·D
 *     MLA (DeepSeek-V2/V3): q: D·r_q + r_q·N_q·(d_nope + d_rope) (or D·N_q·(d_nope + d_rope) without r_q),
 *          kv: D·(r_kv + d_rope) + r_kv·N_q·(d_nope + d_v), out: N_q·d_v·D, plus the two latent norms.
 *
 * Checked exactly: Llama-3-8B = 8,030,261,248 (Hugging Face safetensors metadata).
 */
import type {Architecture} from "./architecture.js";
import type {Tensor, TensorKind} from "./tensors.js";

function matrix(name: string, kind: TensorKind, layer: number | null, inFeatures: number, outFeatures: number,
  count = 1, expert: Tensor["expert"] = null): Tensor {
  return {name, kind, layer, inFeatures, outFeatures, count, params: count * inFeatures * outFeatures, expert};
}

function vector(name: string, kind: TensorKind, layer: number | null, length: number, count = 1,
  expert: Tensor["expert"] = null): Tensor {
  return {name, kind, layer, inFeatures: 0, outFeatures: length, count, params: count * length, expert};
}

/** Parameters of one normalisation layer: weight (RMSNorm) or weight + bias (LayerNorm). */
export function normParams(arch: Pick<Architecture, "norm">, width: number): number {
  return arch.norm === "layernorm" ? 2 * width : width;
}

/**
 * Every weight tensor of the architecture, in layer order. Fused projections (GPT-2's
 * `c_attn`, Phi-3's `qkv_proj`/`gate_up_proj`, Falcon's `query_key_value`) are listed as their
 * q/k/v and gate/up parts under Llama's module names, so LoRA targets and quantization rules
 * speak one vocabulary.
 *
 * @example tensorsOf(llama3_8b).reduce((s, t) => s + t.params, 0) === 8_030_261_248
 */
export function tensorsOf(arch: Architecture): Tensor[] {
  const D = arch.hiddenSize;
  const H = arch.headDim;
  const Nq = arch.heads;
  const K = arch.kvHeads;
  const out: Tensor[] = [];
  out.push(matrix("embed_tokens", "embedding", null, arch.vocabSize, D));
  for (const g of arch.extraGlobal) {
    if (g.kind === "positionEmbedding") out.push(vector(g.name, "positionEmbedding", null, g.params));
  }
  for (let i = 0; i < arch.layers; i++) {
    out.push(vector("layernorm", "norm", i, normParams(arch, D), arch.normsPerLayer));
    if (arch.mla) {
      const m = arch.mla;
      const qkHead = m.qkNopeHeadDim + m.qkRopeHeadDim;
      if (m.qLoraRank) {
        out.push(matrix("q_a_proj", "attnLatent", i, D, m.qLoraRank));
        out.push(vector("q_a_layernorm", "norm", i, normParams(arch, m.qLoraRank)));
        out.push(matrix("q_b_proj", "attnLatent", i, m.qLoraRank, Nq * qkHead));
      } else {
        out.push(matrix("q_proj", "attnQ", i, D, Nq * qkHead));
      }
      out.push(matrix("kv_a_proj_with_mqa", "attnLatent", i, D, m.kvLoraRank + m.qkRopeHeadDim));
      out.push(vector("kv_a_layernorm", "norm", i, normParams(arch, m.kvLoraRank)));
      out.push(matrix("kv_b_proj", "attnLatent", i, m.kvLoraRank, Nq * (m.qkNopeHeadDim + m.vHeadDim)));
      out.push(matrix("o_proj", "attnO", i, Nq * m.vHeadDim, D));
    } else {
      out.push(matrix("q_proj", "attnQ", i, D, Nq * H));
      out.push(matrix("k_proj", "attnK", i, D, K * H));
      out.push(matrix("v_proj", "attnV", i, D, K * H));
      out.push(matrix("o_proj", "attnO", i, Nq * H, D));
      if (arch.qkvBias) out.push(vector("qkv_bias", "bias", i, (Nq + 2 * K) * H));
    }
    if (arch.attentionOutputBias) out.push(vector("o_bias", "bias", i, D));
    for (const e of arch.extraPerLayer) {
      out.push(vector(e.name, /norm/.test(e.name) ? "norm" : "other", i, e.params));
    }
    const moe = arch.moe;
    if (moe && moe.moeLayers[i]) {
      const E = moe.experts;
      out.push(matrix("router", "router", i, D, E));
      if (moe.routerBias) out.push(vector("router_bias", "bias", i, E));
      if (moe.routerCorrectionBias) out.push(vector("e_score_correction_bias", "other", i, E));
      pushMlp(out, arch, i, moe.expertIntermediateSize, E, "routed", "experts.");
      if (moe.sharedExperts > 0) {
        pushMlp(out, arch, i, moe.sharedExpertIntermediateSize, moe.sharedExperts, "shared", "shared_experts.");
        if (moe.sharedExpertGate) out.push(matrix("shared_expert_gate", "router", i, D, 1));
      }
    } else {
      pushMlp(out, arch, i, arch.intermediateSize, 1, null, "");
    }
  }
  out.push(vector("norm", "norm", null, normParams(arch, D)));
  for (const g of arch.extraGlobal) {
    if (g.kind !== "positionEmbedding") out.push(vector(g.name, g.kind === "norm" ? "norm" : "other", null, g.params));
  }
  if (!arch.tiedEmbeddings) out.push(matrix("lm_head", "lmHead", null, D, arch.vocabSize));
  return out;
}

function pushMlp(out: Tensor[], arch: Architecture, layer: number, width: number, count: number,
  expert: Tensor["expert"], prefix: string): void {
  const D = arch.hiddenSize;
  if (arch.gatedMlp) out.push(matrix(`${prefix}gate_proj`, "mlpGate", layer, D, width, count, expert));
  out.push(matrix(`${prefix}up_proj`, "mlpUp", layer, D, width, count, expert));
  out.push(matrix(`${prefix}down_proj`, "mlpDown", layer, width, D, count, expert));
  if (arch.mlpBias) {
    const biasWidth = (arch.gatedMlp ? 2 : 1) * width + D;
    out.push(vector(`${prefix}mlp_bias`, "bias", layer, biasWidth, count, expert));
  }
}

/** Parameter totals by what they are for. All counts are plain numbers of parameters. */
export interface ParameterCounts {
  /** Every stored parameter. */
  total: number;
  /** Parameters a token passes through: total less the routed experts it does not visit (k of E). */
  active: number;
  /** Token (and learned position) embedding rows. */
  embedding: number;
  /** The untied LM head (0 when tied to the embeddings). */
  lmHead: number;
  /** total − embedding − lmHead (Kaplan et al. 2020's N). */
  nonEmbedding: number;
  /** Parameters by tensor kind. */
  byKind: Record<TensorKind, number>;
  /** Parameters by block: attention, dense MLP, routed experts, shared experts, router, norms, other. */
  byComponent: {embedding: number; attention: number; mlp: number; routedExperts: number; sharedExperts: number;
    router: number; norms: number; lmHead: number; other: number};
}

const KINDS: TensorKind[] = ["embedding", "positionEmbedding", "lmHead", "attnQ", "attnK", "attnV", "attnO",
  "attnLatent", "mlpGate", "mlpUp", "mlpDown", "router", "norm", "bias", "other"];

/** Fraction of a routed-expert tensor one token uses: k/E. */
export function routedFraction(arch: Architecture): number {
  return arch.moe ? arch.moe.expertsPerToken / arch.moe.experts : 1;
}

/**
 * Parameter totals, active parameters and breakdowns.
 *
 *     active = total − Σ_routed-expert tensors params·(1 − k/E)
 *
 * e.g. Mixtral-8x7B: 46,702,792,704 total, 12,879,925,248 active (k = 2 of E = 8; published "12.9B").
 */
export function parameterCounts(arch: Architecture, tensors: Tensor[] = tensorsOf(arch)): ParameterCounts {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<TensorKind, number>;
  const byComponent = {embedding: 0, attention: 0, mlp: 0, routedExperts: 0, sharedExperts: 0, router: 0, norms: 0, lmHead: 0, other: 0};
  let total = 0;
  let inactive = 0;
  const fraction = routedFraction(arch);
  for (const t of tensors) {
    total += t.params;
    byKind[t.kind] += t.params;
    if (t.expert === "routed") {
      inactive += t.params * (1 - fraction);
      byComponent.routedExperts += t.params;
    } else if (t.expert === "shared") byComponent.sharedExperts += t.params;
    else if (t.kind === "embedding" || t.kind === "positionEmbedding") byComponent.embedding += t.params;
    else if (t.kind === "lmHead") byComponent.lmHead += t.params;
    else if (t.kind.startsWith("attn") || (t.kind === "bias" && /^(qkv|o)_bias$/.test(t.name))) byComponent.attention += t.params;
    else if (t.kind.startsWith("mlp") || t.kind === "bias") byComponent.mlp += t.params;
    else if (t.kind === "router") byComponent.router += t.params;
    else if (t.kind === "norm") byComponent.norms += t.params;
    else byComponent.other += t.params;
  }
  const embedding = byKind.embedding + byKind.positionEmbedding;
  return {
    total,
    active: Math.round(total - inactive),
    embedding,
    lmHead: byKind.lmHead,
    nonEmbedding: total - embedding - byKind.lmHead,
    byKind,
    byComponent
  };
}
