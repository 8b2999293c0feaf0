import {describe, expect, it} from "vitest";
import {ConfigError, architectureFromConfig} from "../lib/config.ts";
import {parameterCounts, tensorsOf} from "../lib/params.ts";
import {decodeFlopsPerToken, forwardFlopsPerToken, matmulParamsPerToken, prefillFlops, causalPositions} from "../lib/flops.ts";

const arch = (config: Record<string, unknown>) => architectureFromConfig(config).architecture;

// Hugging Face config.json values (meta-llama/Meta-Llama-3-8B config.json).
const LLAMA_3_8B = {model_type: "llama", vocab_size: 128256, hidden_size: 4096, intermediate_size: 14336,
  num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, tie_word_embeddings: false};
// openai-community/gpt2 config.json.
const GPT2 = {model_type: "gpt2", vocab_size: 50257, n_embd: 768, n_layer: 12, n_head: 12, n_positions: 1024};
// EleutherAI/pythia-70m config.json.
const PYTHIA_70M = {model_type: "gpt_neox", vocab_size: 50304, hidden_size: 512, intermediate_size: 2048,
  num_hidden_layers: 6, num_attention_heads: 8, tie_word_embeddings: false};
// deepseek-ai/DeepSeek-V3 config.json (the MTP module, num_nextn_predict_layers = 1, is not part of the 671B).
const DEEPSEEK_V3 = {model_type: "deepseek_v3", vocab_size: 129280, hidden_size: 7168, intermediate_size: 18432,
  moe_intermediate_size: 2048, num_hidden_layers: 61, num_attention_heads: 128, num_key_value_heads: 128,
  n_shared_experts: 1, n_routed_experts: 256, num_experts_per_tok: 8, first_k_dense_replace: 3, moe_layer_freq: 1,
  kv_lora_rank: 512, q_lora_rank: 1536, qk_rope_head_dim: 64, qk_nope_head_dim: 128, v_head_dim: 128,
  topk_method: "noaux_tc", tie_word_embeddings: false};
// Qwen/Qwen3-8B config.json: head_dim 128 while hidden/heads = 4096/32 = 128; Qwen3-0.6B: 1024/16 = 64 but head_dim 128.
const QWEN3_06B = {model_type: "qwen3", vocab_size: 151936, hidden_size: 1024, intermediate_size: 3072,
  num_hidden_layers: 28, num_attention_heads: 16, num_key_value_heads: 8, head_dim: 128, tie_word_embeddings: true};

describe("parameterCounts", () => {
  it("counts Llama-3-8B exactly: 8,030,261,248 (Hugging Face safetensors metadata)", () => {
    expect(parameterCounts(arch(LLAMA_3_8B)).total).toBe(8_030_261_248);
  });
  it("counts GPT-2 small exactly with learned positions and tied head: 124,439,808", () => {
    expect(parameterCounts(arch(GPT2)).total).toBe(124_439_808);
  });
  it("counts Pythia-70M as its README table does: 70,426,624 total, 18,915,328 non-embedding", () => {
    const p = parameterCounts(arch(PYTHIA_70M));
    expect(p.total).toBe(70_426_624);
    expect(p.nonEmbedding).toBe(18_915_328);
  });
  it("counts DeepSeek-V3 (MLA + MoE) at 671B total and about 37B active (DeepSeek-V3 README)", () => {
    const p = parameterCounts(arch(DEEPSEEK_V3));
    // README: "671B total parameters with 37B activated for each token"; both are rounded to 3 digits.
    expect(p.total / 1e9).toBeCloseTo(671, 0);
    expect(Math.abs(p.active / 37e9 - 1)).toBeLessThan(0.02);
  });
  it("reads head_dim from the config instead of hidden/heads (Qwen3-0.6B: 128, not 64)", () => {
    const a = arch(QWEN3_06B);
    expect(a.headDim).toBe(128);
    // Qwen3-0.6B model card: 0.6B parameters (0.44B non-embedding).
    const p = parameterCounts(a);
    expect(Math.abs(p.total / 0.596e9 - 1)).toBeLessThan(0.01);
    expect(Math.abs(p.nonEmbedding / 0.44e9 - 1)).toBeLessThan(0.01);
  });
  it("makes active equal total for dense models and smaller for MoE", () => {
    const dense = parameterCounts(arch(LLAMA_3_8B));
    expect(dense.active).toBe(dense.total);
    const moe = parameterCounts(arch(DEEPSEEK_V3));
    expect(moe.active).toBeLessThan(moe.total / 10);
  });
  it("breaks the total down into components that add up", () => {
    const p = parameterCounts(arch(DEEPSEEK_V3));
    const sum = Object.values(p.byComponent).reduce((a, b) => a + b, 0);
    expect(sum).toBe(p.total);
  });
  it("lists tensors with their layer, shape and count", () => {
    const ts = tensorsOf(arch(LLAMA_3_8B));
    const k = ts.find((t) => t.name === "k_proj" && t.layer === 0)!;
    expect([k.inFeatures, k.outFeatures]).toEqual([4096, 1024]);
  });
});

describe("architectureFromConfig", () => {
  it("rejects a config without layers or heads, listing every missing field", () => {
    try {
      architectureFromConfig({model_type: "llama", hidden_size: 4096});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const issues = (e as ConfigError).issues.join("\n");
      expect(issues).toMatch(/num_hidden_layers/);
      expect(issues).toMatch(/num_attention_heads/);
      expect(issues).toMatch(/vocab_size/);
    }
  });
  it("estimates an unknown model_type with standard fields, with a warning", () => {
    const {architecture, warnings} = architectureFromConfig({...LLAMA_3_8B, model_type: "my_llama"});
    expect(parameterCounts(architecture).total).toBe(8_030_261_248);
    expect(warnings.join(" ")).toMatch(/my_llama/);
  });
  it("marks Gemma-2's even layers as sliding and Gemma-3's every sixth as global", () => {
    const g2 = arch({model_type: "gemma2", vocab_size: 256000, hidden_size: 2304, intermediate_size: 9216,
      num_hidden_layers: 26, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, sliding_window: 4096});
    expect(g2.layerAttention.slice(0, 4)).toEqual(["sliding", "full", "sliding", "full"]);
    const g3 = arch({model_type: "gemma3_text", vocab_size: 262208, hidden_size: 5376, intermediate_size: 21504,
      num_hidden_layers: 62, num_attention_heads: 32, num_key_value_heads: 16, head_dim: 128, sliding_window: 1024,
      sliding_window_pattern: 6});
    expect(g3.layerAttention.filter((k) => k === "full").length).toBe(10);
  });
  it("reads Falcon-7B as multi-query (one KV head)", () => {
    const f = arch({model_type: "falcon", vocab_size: 65024, hidden_size: 4544, num_hidden_layers: 32,
      num_attention_heads: 71, multi_query: true, parallel_attn: true, new_decoder_architecture: false, bias: false});
    expect(f.kvHeads).toBe(1);
    // tiiuae/falcon-7b model card: 7B; the checkpoint holds 6,921,720,704 parameters.
    expect(parameterCounts(f).total).toBe(6_921_720_704);
  });
});

describe("FLOPs", () => {
  it("charges 2 FLOP per active matrix parameter per token, LM head included", () => {
    const a = arch(LLAMA_3_8B);
    // M = total − embedding lookup − norms (vectors), with the untied head counted once.
    const p = parameterCounts(a);
    const norms = p.byKind.norm;
    expect(matmulParamsPerToken({arch: a})).toBe(p.total - p.embedding - norms);
    expect(decodeFlopsPerToken({arch: a, contextTokens: 0})).toBe(2 * (p.total - p.embedding - norms));
  });
  it("adds 4·N_q·H per attended position per layer (QKᵀ and AV)", () => {
    const a = arch(LLAMA_3_8B);
    const d = decodeFlopsPerToken({arch: a, contextTokens: 1000}) - decodeFlopsPerToken({arch: a, contextTokens: 0});
    expect(d).toBe(32 * 4 * 32 * 128 * 1000);
  });
  it("counts a causal prompt as T(T+1)/2 positions and caps windows", () => {
    expect(causalPositions(4, null)).toBe(10);
    expect(causalPositions(10, 4)).toBe(10 + 6 * 4);
  });
  it("matches 6N + 6·L·N_q·H·s for training at the causal convention (Megatron-LM)", () => {
    const a = arch(LLAMA_3_8B);
    const s = 4096;
    const M = matmulParamsPerToken({arch: a});
    const perToken = 3 * forwardFlopsPerToken({arch: a, sequenceLength: s});
    expect(perToken).toBeCloseTo(6 * M + 6 * 32 * 32 * 128 * (s + 1), -3);
  });
  it("charges the LM head once per prompt in serving, T times when every logit is needed", () => {
    const a = arch(LLAMA_3_8B);
    const once = prefillFlops({arch: a, promptTokens: 100});
    const all = prefillFlops({arch: a, promptTokens: 100, logitsForAllPositions: true});
    expect(all - once).toBe(2 * 4096 * 128256 * 99);
  });
});

describe("family conventions", () => {
  it("counts Command-R's single bias-free norm per parallel block (CohereForAI/c4ai-command-r-v01: 35B)", () => {
    const a = arch({model_type: "cohere", vocab_size: 256000, hidden_size: 8192, intermediate_size: 22528,
      num_hidden_layers: 40, num_attention_heads: 64, num_key_value_heads: 64});
    expect(a.normsPerLayer).toBe(1);
    // Model card: "35 billion parameters"; 34,980,831,232 from the checkpoint's shapes.
    expect(Math.abs(parameterCounts(a).total / 35e9 - 1)).toBeLessThan(0.005);
  });
  it("defaults Gemma-3's vocabulary to 262,208 when its text_config omits vocab_size", () => {
    const {architecture, warnings} = architectureFromConfig({model_type: "gemma3", text_config: {model_type: "gemma3_text",
      hidden_size: 5376, intermediate_size: 21504, num_hidden_layers: 62, num_attention_heads: 32, num_key_value_heads: 16,
      head_dim: 128, sliding_window: 1024}});
    expect(architecture.vocabSize).toBe(262_208);
    expect(warnings.join(" ")).toMatch(/vision tower/);
  });
});
