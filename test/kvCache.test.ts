import {describe, expect, it} from "vitest";
import fc from "fast-check";
import {architectureFromConfig} from "../lib/config.ts";
import {estimate} from "../lib/estimate.ts";
import {kvCacheBytes, kvCacheBytesPerToken, kvCacheLayout, kvCacheTokenCapacity, kvHeadsPerRank} from "../lib/kvCache.ts";

const GiB = 2 ** 30;
const MiB = 2 ** 20;

// Hugging Face config.json values (see /work/shared/reference/models.json for the sources).
const CONFIGS = {
  llama2_7b: {model_type: "llama", vocab_size: 32000, hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32,
    num_attention_heads: 32, num_key_value_heads: 32, max_position_embeddings: 4096},
  llama2_70b: {model_type: "llama", vocab_size: 32000, hidden_size: 8192, intermediate_size: 28672, num_hidden_layers: 80,
    num_attention_heads: 64, num_key_value_heads: 8, max_position_embeddings: 4096},
  llama3_8b: {model_type: "llama", vocab_size: 128256, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32,
    num_attention_heads: 32, num_key_value_heads: 8, head_dim: 128, max_position_embeddings: 8192},
  llama3_70b: {model_type: "llama", vocab_size: 128256, hidden_size: 8192, intermediate_size: 28672, num_hidden_layers: 80,
    num_attention_heads: 64, num_key_value_heads: 8, head_dim: 128, max_position_embeddings: 8192},
  deepseek_v3: {model_type: "deepseek_v3", vocab_size: 129280, hidden_size: 7168, intermediate_size: 18432,
    moe_intermediate_size: 2048, num_hidden_layers: 61, num_attention_heads: 128, num_key_value_heads: 128,
    n_routed_experts: 256, n_shared_experts: 1, num_experts_per_tok: 8, first_k_dense_replace: 3, moe_layer_freq: 1,
    kv_lora_rank: 512, q_lora_rank: 1536, qk_rope_head_dim: 64, qk_nope_head_dim: 128, v_head_dim: 128},
  opt_13b: {model_type: "opt", vocab_size: 50272, hidden_size: 5120, ffn_dim: 20480, num_hidden_layers: 40,
    num_attention_heads: 40, max_position_embeddings: 2048},
  mistral_7b: {model_type: "mistral", vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32,
    num_attention_heads: 32, num_key_value_heads: 8, sliding_window: 4096, max_position_embeddings: 32768},
  gemma2_9b: {model_type: "gemma2", vocab_size: 256000, hidden_size: 3584, intermediate_size: 14336, num_hidden_layers: 42,
    num_attention_heads: 16, num_key_value_heads: 8, head_dim: 256, sliding_window: 4096, max_position_embeddings: 8192},
  gemma_7b: {model_type: "gemma", vocab_size: 256000, hidden_size: 3072, intermediate_size: 24576, num_hidden_layers: 28,
    num_attention_heads: 16, num_key_value_heads: 16, head_dim: 256},
  qwen3_32b: {model_type: "qwen3", vocab_size: 151936, hidden_size: 5120, intermediate_size: 25600, num_hidden_layers: 64,
    num_attention_heads: 64, num_key_value_heads: 8, head_dim: 128},
  gpt_oss_120b: {model_type: "gpt_oss", vocab_size: 201088, hidden_size: 2880, intermediate_size: 2880, num_hidden_layers: 36,
    num_attention_heads: 64, num_key_value_heads: 8, head_dim: 64, num_local_experts: 128, num_experts_per_tok: 4,
    sliding_window: 128, attention_bias: true,
    layer_types: Array.from({length: 36}, (_, i) => (i % 2 === 0 ? "sliding_attention" : "full_attention"))},
  // Text stack of Llama-3.2-11B-Vision: 40 layers (32 self-attention + 8 cross-attention), 8 KV heads of 128.
  llama32_11b_vision_text: {model_type: "llama", vocab_size: 128256, hidden_size: 4096, intermediate_size: 14336,
    num_hidden_layers: 40, num_attention_heads: 32, num_key_value_heads: 8, head_dim: 128}
};

const arch = (name: keyof typeof CONFIGS) => architectureFromConfig(CONFIGS[name]).architecture;
const perToken = (name: keyof typeof CONFIGS, tensorParallel = 1) =>
  kvCacheBytesPerToken({arch: arch(name), format: "bf16", tensorParallel}).totalBytes;

describe("bytes per token", () => {
  it("gives the consensus figures: Llama-2-7B 524,288 B, Llama-3-8B 131,072 B, Llama-3-70B 327,680 B (peers.md C6)", () => {
    expect(perToken("llama2_7b")).toBe(524_288);
    expect(perToken("llama3_8b")).toBe(131_072);
    expect(perToken("llama3_70b")).toBe(327_680);
  });

  it("counts OPT-13B at 800 KB per token, 1.6 GB per 2048-token request (vLLM paper §3, ground truth IM-009)", () => {
    expect(perToken("opt_13b")).toBe(800 * 1024);
    // "up to 1.6 GB" is a one-decimal figure; 1,677,721,600 B is within 5 %.
    expect(Math.abs((perToken("opt_13b") * 2048) / 1.6e9 - 1)).toBeLessThan(0.05);
  });

  it("caches MLA's 512-wide latent plus the 64-wide RoPE key, no factor 2: DeepSeek-V3 70,272 B at bf16", () => {
    const r = kvCacheBytesPerToken({arch: arch("deepseek_v3"), format: "bf16"});
    expect(r.attention).toBe("mla");
    expect(r.totalBytes).toBe(61 * 576 * 2);
    // vLLM's fp8 MLA cache is 656 B per layer (fp8_ds_mla, 40,016 B/token); plain fp8 halves bf16.
    expect(kvCacheBytesPerToken({arch: arch("deepseek_v3"), format: "fp8"}).totalBytes).toBe(61 * 576);
  });

  it("prices llama.cpp's q8_0 and q4_0 caches at 8.5 and 4.5 bits per value", () => {
    const bf16 = perToken("llama3_8b");
    expect(kvCacheBytesPerToken({arch: arch("llama3_8b"), format: "q8_0"}).totalBytes).toBe((bf16 * 8.5) / 16);
    expect(kvCacheBytesPerToken({arch: arch("llama3_8b"), format: "q4_0"}).totalBytes).toBe((bf16 * 4.5) / 16);
    expect(kvCacheBytesPerToken({arch: arch("llama3_8b"), format: "fp32"}).totalBytes).toBe(2 * bf16);
  });

  it("reads head_dim from the config, not hidden/heads (Gemma-7B: 256, not 192; Qwen3-32B: 128, not 80)", () => {
    // LMCache #688, ollama PR #17201 (peers.md C6): calculators that use hidden/heads get these wrong.
    expect(perToken("gemma_7b")).toBe(2 * 28 * 16 * 256 * 2);
    expect(perToken("gemma_7b")).not.toBe(2 * 28 * 16 * (3072 / 16) * 2);
    expect(perToken("qwen3_32b")).toBe(2 * 64 * 8 * 128 * 2);
    expect(perToken("qwen3_32b") / (2 * 64 * 8 * (5120 / 64) * 2)).toBeCloseTo(1.6, 10);
  });
});

describe("tensor parallelism", () => {
  it("splits Llama-3-70B's 8 KV heads one per rank on TP 8, and replicates them on TP 16", () => {
    expect(kvHeadsPerRank(8, 8)).toBe(1);
    expect(kvHeadsPerRank(8, 16)).toBe(1);
    expect(perToken("llama3_70b", 8)).toBe(327_680 / 8);
    const tp16 = kvCacheBytesPerToken({arch: arch("llama3_70b"), format: "bf16", tensorParallel: 16});
    expect(tp16.totalBytes).toBe(327_680 / 8);
    expect(tp16.replicated).toBe(true);
    // llm-d divides by TP regardless (peers.md C6), which would give 20,480 B here.
    expect(tp16.totalBytes).not.toBe(327_680 / 16);
  });

  it("keeps MLA's latent whole on every tensor-parallel rank (vLLM)", () => {
    const r = kvCacheBytes({arch: arch("deepseek_v3"), format: "bf16", batchSize: 1, contextTokens: 1000, tensorParallel: 8});
    expect(r.perGpuBytes).toBe(70_272 * 1000);
    expect(r.allGpusBytes).toBe(8 * r.logicalBytes);
  });
});

describe("pipeline parallelism and the layout used by the inference engine", () => {
  it("puts a quarter of Llama-3-70B's 80 layers on each of 4 pipeline stages, and sizes 3 stages by the 27-layer one", () => {
    const a = arch("llama3_70b");
    const pp4 = kvCacheBytes({arch: a, format: "bf16", batchSize: 1, contextTokens: 1000, pipelineParallel: 4});
    expect(pp4.perGpuBytes).toBe((327_680 / 4) * 1000);
    const pp3 = kvCacheLayout({arch: a, format: "bf16", pipelineParallel: 3});
    expect(pp3.bytesPerTokenFull).toBe(27 * 4096);
    // Reads per GPU averaged over stages: times PP gives the whole model's read.
    expect(pp3.bytesPerSequenceRead(1000) * 3).toBeCloseTo(327_680 * 1000, 6);
  });

  it("is the engine's one layout: Llama 3.1 70B at PP = 3 with llama.cpp prints an integral 110,592 bytes per token (27 layers · 2 · 8 · 128 · 2)", () => {
    const r = estimate({model: "llama-3.1-70b", hardware: {gpu: "h100-sxm", count: 3},
      workload: {type: "inference", engine: "llama.cpp", weights: "q4_k_m", kvCache: "fp16", batchSize: 1, promptTokens: 512,
        outputTokens: 128, tensorParallel: 1, pipelineParallel: 3}});
    if (!r.ok) throw new Error(r.errors.join("\n"));
    expect(r.result.memory.kvCacheBytesPerToken).toBe(110_592);
    // The busiest stage holds the batch: 640 tokens, padded to llama.cpp's 256-token pages = 768.
    expect(r.result.memory.kvCacheBytes).toBe(768 * 110_592);
  });

  it("sizes every pipeline split by whole layers, so bytes per token are integers at any PP", () => {
    const a = arch("llama3_70b");
    for (let pp = 1; pp <= 80; pp++) {
      const layout = kvCacheLayout({arch: a, format: "fp16", pipelineParallel: pp});
      expect(layout.bytesPerTokenFull % 4096, `PP = ${pp}`).toBe(0);
      expect(layout.bytesPerTokenFull / 4096, `PP = ${pp}`).toBe(Math.ceil(80 / pp));
    }
  });

  it("agrees with kvCacheBytes on page rounding and windows", () => {
    const a = arch("gemma2_9b");
    const layout = kvCacheLayout({arch: a, format: "bf16", tensorParallel: 2, pageTokens: 16});
    const direct = kvCacheBytes({arch: a, format: "bf16", batchSize: 1, contextTokens: 5000, tensorParallel: 2, pageTokens: 16});
    expect(layout.bytesPerSequence(5000)).toBe(direct.perGpuBytes);
    // Reads are not page-rounded: 5000 tokens in global layers, 4096 in local ones, 4 KV heads per rank.
    expect(layout.bytesPerSequenceRead(5000)).toBe(21 * 2 * 4 * 256 * 2 * (5000 + 4096));
  });
});

describe("sliding windows and paging", () => {
  it("holds only the 4,096-token window in Mistral-7B's layers at 32k context (512 MiB, not 4 GiB)", () => {
    const r = kvCacheBytes({arch: arch("mistral_7b"), format: "bf16", batchSize: 1, contextTokens: 32_768});
    expect(r.tokensHeldPerSequence.sliding).toBe(4096);
    expect(r.perGpuBytes).toBe(512 * MiB);
  });

  it("alternates Gemma-2-9B's layers: 21 local layers hold 4,096 tokens and 21 global layers 8,192", () => {
    const r = kvCacheBytes({arch: arch("gemma2_9b"), format: "bf16", batchSize: 2, contextTokens: 8192});
    const layer = 2 * 8 * 256 * 2; // K and V, 8 heads of 256, bf16
    expect(r.byLayerKind.sliding).toBe(2 * 21 * layer * 4096);
    expect(r.byLayerKind.full).toBe(2 * 21 * layer * 8192);
    // Below the window both kinds hold the whole context.
    const short = kvCacheBytes({arch: arch("gemma2_9b"), format: "bf16", batchSize: 1, contextTokens: 1000});
    expect(short.byLayerKind.sliding).toBe(short.byLayerKind.full);
  });

  it("rounds each sequence up to whole pages: 15,049 tokens take 118 blocks of 128 (llm-d measurement, peers.md C6)", () => {
    const r = kvCacheBytes({arch: arch("llama3_8b"), format: "bf16", batchSize: 1, contextTokens: 15_049, pageTokens: 128});
    expect(r.tokensHeldPerSequence.full).toBe(118 * 128);
    expect(r.perGpuBytes).toBe(118 * 128 * 131_072);
  });
});

describe("token capacity of a pool", () => {
  it("fits 213 sequences of 2,048 tokens of Llama-3-8B in vLLM's 53.29 GiB pool (ground truth IM-016)", () => {
    // The pool is the row's own figure (vLLM log, 2 decimals of GiB: ±0.005 GiB = ±2 blocks).
    const r = kvCacheTokenCapacity({arch: arch("llama3_8b"), format: "bf16", availableBytes: 53.29 * GiB});
    expect(r.bytesPerBlock).toBe(16 * 131_072);
    expect(Math.floor(r.tokens / 2048)).toBe(213);
  });

  it("matches vLLM's 6,001 blocks for Llama-3.2-11B-Vision in a 14.65 GiB pool (PR #12126 log, ground truth IM-018)", () => {
    // vLLM gives all 40 text layers (cross-attention ones too) the same page. The pool is printed
    // to 0.01 GiB, i.e. ±0.005 GiB = ±2.05 blocks, hence the ±3 block tolerance.
    const r = kvCacheTokenCapacity({arch: arch("llama32_11b_vision_text"), format: "bf16", availableBytes: 14.65 * GiB});
    expect(Math.abs(r.blocks - 6001)).toBeLessThanOrEqual(3);
  });

  it("charges gpt-oss's sliding layers at full size by default, as vLLM's printed capacity does, and about halves the cost when windowed", () => {
    const a = arch("gpt_oss_120b");
    const pool = 40 * GiB;
    const full = kvCacheTokenCapacity({arch: a, format: "bf16", availableBytes: pool});
    const windowed = kvCacheTokenCapacity({arch: a, format: "bf16", availableBytes: pool, slidingLayers: "windowed", sequences: 64});
    expect(full.bytesPerBlock).toBe(16 * 36 * 2 * 8 * 64 * 2);
    expect(windowed.bytesPerBlock).toBe(full.bytesPerBlock / 2);
    expect(windowed.slidingReservedBytes).toBe(64 * 128 * 18 * 2 * 8 * 64 * 2);
    expect(windowed.tokens / full.tokens).toBeGreaterThan(1.9);
    expect(windowed.tokens / full.tokens).toBeLessThan(2);
  });
});

describe("seed calculators' KV bugs (seeds.md B and D)", () => {
  it("keeps the K+V factor 2 the EleutherAI cookbook dropped: its 1.125 GiB (vector M8) is half of our 2.25 GiB", () => {
    // M8: --infer -l 32 -s 4096 -o 512 -a 32 -hs 4096 (MHA, fp16): the cookbook prints KV 1.1250 GiB.
    const r = kvCacheBytes({arch: arch("llama2_7b"), format: "fp16", batchSize: 1, contextTokens: 4096 + 512});
    expect(r.perGpuBytes / GiB).toBe(2.25);
    expect(r.perGpuBytes / GiB / 1.125).toBe(2);
  });

  it("uses GQA heads and splits them over TP where the cookbook prints 2.6562 GiB (vector M9): ours is 0.332 GiB per GPU", () => {
    // M9: -l 80 -a 64 -hs 8192 -kv 0.125 -tp 2, 1-byte KV, 4096 + 256 tokens. The cookbook's
    // h·L·s·b ignores the 8 KV heads (×8), drops K+V (×½) and does not split over TP (×2).
    const r = kvCacheBytes({arch: arch("llama2_70b"), format: "fp8", batchSize: 1, contextTokens: 4096 + 256, tensorParallel: 2});
    expect(r.perGpuBytes / GiB).toBeCloseTo(0.33203125, 8);
    expect(2.6562 / (r.perGpuBytes / GiB)).toBeCloseTo(8, 2);
  });

  it("gives Llama-2-70B 1,280 MiB at 4,096 fp16 tokens where gpu_poor prints 20,480 MB (vector G9: no GQA, doubled)", () => {
    const r = kvCacheBytes({arch: arch("llama2_70b"), format: "fp16", batchSize: 1, contextTokens: 4096});
    expect(r.perGpuBytes / MiB).toBe(1280);
    expect(20480 / (r.perGpuBytes / MiB)).toBe(16);
  });

  it("gives Llama-2-7B 500 MiB for 1,000 tokens, as gpu_poor's README says of vLLM, not its 1,024 MB for 1,024 tokens (G1)", () => {
    expect(kvCacheBytes({arch: arch("llama2_7b"), format: "fp16", batchSize: 1, contextTokens: 1000}).perGpuBytes / MiB).toBe(500);
    expect(kvCacheBytes({arch: arch("llama2_7b"), format: "fp16", batchSize: 1, contextTokens: 1024}).perGpuBytes / MiB).toBe(512);
  });

  it("gives Mistral-7B 512 MiB at 4,096 tokens where gpu_poor prints 4,096 MB (G10: 8 KV heads ignored, doubled)", () => {
    expect(kvCacheBytes({arch: arch("mistral_7b"), format: "fp16", batchSize: 1, contextTokens: 4096}).perGpuBytes / MiB).toBe(512);
  });

  it("gives Llama-3-8B 0.25 GiB at 2,048 tokens where LLM-Tools prints 1.00 GiB (vector L1: hidden size instead of KV heads)", () => {
    const r = kvCacheBytes({arch: arch("llama3_8b"), format: "bf16", batchSize: 1, contextTokens: 2048});
    expect(r.perGpuBytes).toBe(268_435_456);
    expect(1_073_741_824 / r.perGpuBytes).toBe(4);
  });

  it("does not double MLA's latent as LMCache's first fix did (2·L·d_c would give 124,928 B for DeepSeek-V3)", () => {
    expect(perToken("deepseek_v3")).toBe(70_272);
    expect(perToken("deepseek_v3")).toBeLessThan(2 * 61 * 512 * 2);
  });
});

describe("properties", () => {
  const models = ["llama3_70b", "gemma2_9b", "deepseek_v3", "mistral_7b", "gpt_oss_120b"] as const;

  it("never shrinks when the context grows, and all ranks together hold at least the logical cache", () => {
    fc.assert(fc.property(
      fc.constantFrom(...models), fc.integer({min: 1, max: 200_000}), fc.integer({min: 0, max: 50_000}),
      fc.constantFrom(1, 2, 4, 8, 16), fc.constantFrom(1, 16, 128),
      (name, context, extra, tensorParallel, pageTokens) => {
        const a = arch(name);
        const at = (c: number) => kvCacheBytes({arch: a, format: "bf16", batchSize: 3, contextTokens: c, tensorParallel, pageTokens});
        const r = at(context);
        expect(at(context + extra).perGpuBytes).toBeGreaterThanOrEqual(r.perGpuBytes);
        expect(r.allGpusBytes).toBeGreaterThanOrEqual(r.logicalBytes);
        expect(r.byLayerKind.sliding).toBeLessThanOrEqual(r.perGpuBytes);
      }), {numRuns: 100});
  });

  it("fits in the pool it reports: capacity·bytes/token ≤ pool < (capacity + one page)·bytes/token", () => {
    fc.assert(fc.property(fc.constantFrom(...models), fc.integer({min: 0, max: 80 * 2 ** 30}), (name, pool) => {
      const a = arch(name);
      const r = kvCacheTokenCapacity({arch: a, format: "fp8", availableBytes: pool});
      const perTok = kvCacheBytesPerToken({arch: a, format: "fp8"}).totalBytes;
      expect(r.tokens * perTok).toBeLessThanOrEqual(pool);
      expect((r.tokens + 16) * perTok).toBeGreaterThan(pool);
    }), {numRuns: 100});
  });
});
