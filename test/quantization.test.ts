import {describe, expect, it} from "vitest";
import fc from "fast-check";
import {architectureFromConfig} from "../lib/config.ts";
import {WEIGHT_FORMATS} from "../lib/formats.ts";
import {tensorsOf} from "../lib/params.ts";
import {
  GGML_BLOCKS, INT4_G128_BITS_PER_WEIGHT, NF4_BITS_PER_WEIGHT, NF4_DQ_BITS_PER_WEIGHT, WEIGHT_FORMAT_INFO,
  ggufUsesMoreBits, tensorStorageBytes, weightBytes
} from "../lib/quantization.ts";
import type {WeightFormat} from "../lib/formats.ts";

const GiB = 2 ** 30;
const MiB = 2 ** 20;

// Hugging Face config.json values (meta-llama/Meta-Llama-3-8B, -70B; Llama-3.1 has the same shapes),
// as copied in /work/shared/reference/models.json.
const LLAMA3_8B = {
  model_type: "llama", vocab_size: 128256, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32,
  num_attention_heads: 32, num_key_value_heads: 8, head_dim: 128, max_position_embeddings: 8192,
  hidden_act: "silu", rope_theta: 500000, tie_word_embeddings: false
};
const LLAMA3_70B = {...LLAMA3_8B, hidden_size: 8192, intermediate_size: 28672, num_hidden_layers: 80, num_attention_heads: 64};
const LLAMA32_1B = {
  model_type: "llama", vocab_size: 128256, hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 16,
  num_attention_heads: 32, num_key_value_heads: 8, head_dim: 64, tie_word_embeddings: true, hidden_act: "silu"
};
const MIXTRAL_8X7B = {
  model_type: "mixtral", vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32,
  num_attention_heads: 32, num_key_value_heads: 8, num_local_experts: 8, num_experts_per_tok: 2, tie_word_embeddings: false
};
const GPT_OSS_120B = {
  model_type: "gpt_oss", vocab_size: 201088, hidden_size: 2880, intermediate_size: 2880, num_hidden_layers: 36,
  num_attention_heads: 64, num_key_value_heads: 8, head_dim: 64, num_local_experts: 128, num_experts_per_tok: 4,
  sliding_window: 128, attention_bias: true, tie_word_embeddings: false,
  layer_types: Array.from({length: 36}, (_, i) => (i % 2 === 0 ? "sliding_attention" : "full_attention"))
};

function model(config: Record<string, unknown>) {
  const arch = architectureFromConfig(config).architecture;
  return {arch, tensors: tensorsOf(arch)};
}

const llama8 = model(LLAMA3_8B);
const w = (format: WeightFormat, m = llama8) => weightBytes({tensors: m.tensors, format, arch: m.arch});

describe("format table", () => {
  it("describes every weight format with a source", () => {
    for (const f of WEIGHT_FORMATS) {
      expect(WEIGHT_FORMAT_INFO[f].source.length).toBeGreaterThan(5);
      expect(WEIGHT_FORMAT_INFO[f].bitsPerWeight).toBeGreaterThan(0);
    }
  });

  it("derives GGUF block bits from ggml's block structs, matching the 'effectively N bpw' comments in ggml-common.h", () => {
    // ggml-common.h comments: Q2_K "Effectively 2.625", Q3_K 3.4375, Q4_K 4.5, Q5_K 5.5, Q6_K 6.5625.
    const bpw = (t: keyof typeof GGML_BLOCKS) => (GGML_BLOCKS[t].blockBytes * 8) / GGML_BLOCKS[t].blockWeights;
    expect(bpw("Q2_K")).toBe(2.625);
    expect(bpw("Q3_K")).toBe(3.4375);
    expect(bpw("Q4_K")).toBe(4.5);
    expect(bpw("Q5_K")).toBe(5.5);
    expect(bpw("Q6_K")).toBe(6.5625);
    expect(bpw("Q8_0")).toBe(8.5);
    expect(bpw("MXFP4")).toBe(4.25);
  });

  it("prices NF4 at 4.5 bits, 4.127 with QLoRA's double quantization (QLoRA paper §3: 0.5 → 0.127 bits of constants)", () => {
    expect(NF4_BITS_PER_WEIGHT).toBe(4.5);
    // QLoRA §3: double quantization cuts the constants from 32/64 = 0.5 to 8/64 + 32/(64·256) = 0.127 bits.
    expect(NF4_DQ_BITS_PER_WEIGHT - 4).toBeCloseTo(0.127, 3);
    expect(WEIGHT_FORMAT_INFO.nf4.bitsPerWeight).toBe(NF4_DQ_BITS_PER_WEIGHT);
  });

  it("prices AWQ/GPTQ group-128 int4 at 4.15625 bits on the quantized matrices, not 4", () => {
    // peers.md C4: "4 + (16-bit scale + 4-bit zero)/128 ≈ 4.16"
    expect(INT4_G128_BITS_PER_WEIGHT).toBeCloseTo(4.16, 2);
    const q = llama8.tensors.find((t) => t.name === "q_proj")!;
    expect((tensorStorageBytes(q, "AWQ_INT4_G128") * 8) / q.params).toBe(4.15625);
  });
});

describe("16-bit weights", () => {
  it("stores bf16 weights at exactly 2 bytes per parameter (Llama-3-8B: 8,030,261,248 parameters)", () => {
    const r = w("bf16");
    expect(r.params).toBe(8_030_261_248);
    expect(r.totalBytes).toBe(2 * 8_030_261_248);
  });

  it("keeps norms in F32 in a GGUF F16 file: Llama-3.1-8B model buffer 15317.02 MiB (llama.cpp log, ollama #8361)", () => {
    // ground truth IM-022. With norms at 16 bits the buffer would be 15316.51 MiB, which the
    // log's two decimals exclude; Llama-3.1's 64-float rope_freqs tensor (256 bytes) is not in our list.
    const r = weightBytes({tensors: llama8.tensors, format: "fp16", container: "gguf"});
    expect(Math.abs(r.totalBytes / MiB - 15317.02)).toBeLessThan(0.01);
    expect(r.byBlockType.F32).toBe(4 * (2 * 32 + 1) * 4096);
  });
});

describe("GGUF k-quant mixes on Llama-3-8B (llama.cpp tools/quantize/README.md, Llama-3.1-8B table)", () => {
  // The README table prints bits/weight to 4 decimals and size in GiB to 2 decimals. Llama-3.1
  // carries a 64-float rope_freqs tensor we do not list (+0.0000003 bpw), so 0.0006 bpw covers
  // the rounding of the printed value and nothing else.
  const table: [WeightFormat, number, number][] = [
    ["q2_k", 3.1593, 2.95],
    ["q4_k_m", 4.8944, 4.58],
    ["q5_k_m", 5.7036, 5.33],
    ["q6_k", 6.5633, 6.14],
    ["q8_0", 8.5008, 7.95]
  ];
  for (const [format, bpw, gib] of table) {
    it(`gives ${format} ${bpw} bits per weight and ${gib} GiB`, () => {
      const r = w(format);
      expect(Math.abs(r.bitsPerWeight - bpw)).toBeLessThan(0.0006);
      expect(Math.abs(r.totalBytes / GiB - gib)).toBeLessThanOrEqual(0.005 + 1e-9);
    });
  }

  it("matches ground truth IM-001 (Q4_K_M 4.58 GiB = 4,917,737,554 bytes) within 1 %", () => {
    // 4.58 GiB is rounded to 0.005 GiB (0.1 %); 1 % is the brief's bound.
    const r = w("q4_k_m");
    expect(Math.abs(r.totalBytes / 4_917_737_554 - 1)).toBeLessThan(0.01);
  });

  it("gives Q3_K_M about 4.00 bits per weight (peers.md C4, from llama.cpp's earlier Llama-3-8B table)", () => {
    // Only two decimals are quoted, so ±0.005.
    expect(Math.abs(w("q3_k_m").bitsPerWeight - 4.0)).toBeLessThan(0.005);
  });

  it("puts Q6_K on the LM head, base Q4_K on the untied token embedding and F32 on the norms in Q4_K_M", () => {
    const r = w("q4_k_m");
    const of = (name: string, layer: number | null = null) =>
      r.tensors.find((t) => t.name === name && t.layer === layer)!.storage;
    expect(of("lm_head")).toBe("Q6_K");
    expect(of("embed_tokens")).toBe("Q4_K");
    expect(of("norm")).toBe("F32");
    expect(of("layernorm", 5)).toBe("F32");
    expect(of("q_proj", 0)).toBe("Q4_K");
  });

  it("gives attn_v and ffn_down Q6_K on the first 1/8, last 1/8 and every third layer between (16 of 32)", () => {
    const r = w("q4_k_m");
    const q6Layers = (name: string) =>
      r.tensors.filter((t) => t.name === name && t.storage === "Q6_K").map((t) => t.layer);
    const expected = [0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31];
    expect(q6Layers("v_proj")).toEqual(expected);
    expect(q6Layers("down_proj")).toEqual(expected);
    expect([...Array(32).keys()].filter((i) => ggufUsesMoreBits(i, 32))).toEqual(expected);
  });

  it("counts more bits than the base type: Q4_K_M is 4.89 bpw, not the 4.5 of its base block, nor a nominal 4", () => {
    const r = w("q4_k_m");
    expect(r.bitsPerWeight).toBeGreaterThan(4.5 + 0.35);
  });
});

describe("GGUF mixes on other architectures", () => {
  it("bumps attn_v to Q5_K on a 70B-class model: Llama-3-70B Q4_K_M is 39.59 GiB (ground truth IM-001-c, 42,509,438,812 bytes)", () => {
    // Source figure is printed as 39.59 GiB (±0.005 GiB = 0.013 %); 0.1 % keeps the test tight.
    const m = model(LLAMA3_70B);
    const r = w("q4_k_m", m);
    expect(Math.abs(r.totalBytes / 42_509_438_812 - 1)).toBeLessThan(0.001);
    const v = r.tensors.filter((t) => t.name === "v_proj");
    expect(new Set(v.map((t) => t.storage))).toEqual(new Set(["Q5_K", "Q6_K"]));
  });

  it("quantizes a tied token embedding like the output tensor (Q6_K) in Q4_K_M (Llama-3.2-1B)", () => {
    const m = model(LLAMA32_1B);
    const r = w("q4_k_m", m);
    expect(r.tensors.find((t) => t.kind === "embedding")!.storage).toBe("Q6_K");
    expect(r.tensors.some((t) => t.kind === "lmHead")).toBe(false);
  });

  it("keeps Q8_0 for the output of a Q8_0 file", () => {
    expect(w("q8_0").tensors.find((t) => t.kind === "lmHead")!.storage).toBe("Q8_0");
  });

  it("gives an 8-expert model (Mixtral) Q8_0 attn_k and attn_v and Q5_K attn_output in Q4_K_M, routers F32", () => {
    const m = model(MIXTRAL_8X7B);
    const r = w("q4_k_m", m);
    const kinds = (name: string) => new Set(r.tensors.filter((t) => t.name === name).map((t) => t.storage));
    expect(kinds("k_proj")).toEqual(new Set(["Q8_0"]));
    expect(kinds("v_proj")).toEqual(new Set(["Q8_0"]));
    expect(kinds("o_proj")).toEqual(new Set(["Q5_K"]));
    expect(kinds("router")).toEqual(new Set(["F32"]));
    // Expert ffn_down follows the per-layer 'more bits' rule: 16 of 32 layers Q6_K.
    expect(r.tensors.filter((t) => t.kind === "mlpDown" && t.expert === "routed" && t.storage === "Q6_K")).toHaveLength(16);
  });

  it("matches bartowski's Mixtral-8x22B GGUF files (llama.cpp b2636): Q2_K 52.10, Q3_K_M 67.78, Q4_K_M 85.58, Q5_K_M 99.96 GB", () => {
    // bartowski/Mixtral-8x22B-v0.1-GGUF model card (Hugging Face sizes, GB = 1e9). Our sums sit
    // 0.02-0.03 % above every row (vocabulary of the source conversion, rounding); 0.2 % still
    // separates the mixes, which differ from each other by 15 % and more. Exercises the
    // 8-expert rules (attn_k/attn_v Q8_0, attn_output Q5_K) and GQA ≥ 4 (Q2_K attn_v Q4_K).
    const m = model({model_type: "mixtral", vocab_size: 32768, hidden_size: 6144, intermediate_size: 16384,
      num_hidden_layers: 56, num_attention_heads: 48, num_key_value_heads: 8, num_local_experts: 8,
      num_experts_per_tok: 2, tie_word_embeddings: false});
    const published: [WeightFormat, number][] = [["q2_k", 52.10], ["q3_k_m", 67.78], ["q4_k_m", 85.58], ["q5_k_m", 99.96]];
    for (const [format, gb] of published) {
      expect(Math.abs(w(format, m).totalBytes / 1e9 / gb - 1)).toBeLessThan(0.002);
    }
  });

  it("falls back to Q5_0 / Q8_0 when a row of 2880 is not a multiple of 256 (gpt-oss in Q4_K_M)", () => {
    const m = model(GPT_OSS_120B);
    const r = w("q4_k_m", m);
    expect(r.tensors.find((t) => t.kind === "mlpUp" && t.expert === "routed")!.storage).toBe("Q5_0");
    expect(r.tensors.find((t) => t.kind === "lmHead")!.storage).toBe("Q8_0");
  });
});

describe("fused projections and family rules", () => {
  const PHI3_MINI = {model_type: "phi3", vocab_size: 32064, hidden_size: 3072, intermediate_size: 8192, num_hidden_layers: 32,
    num_attention_heads: 32, num_key_value_heads: 32, tie_word_embeddings: false};
  const FALCON_7B = {model_type: "falcon", vocab_size: 65024, hidden_size: 4544, num_hidden_layers: 32, num_attention_heads: 71,
    multi_query: true, parallel_attn: true, new_decoder_architecture: false, bias: false};

  it("treats Phi-3's fused attn_qkv as one attn_v-like tensor: all of q, k, v go to Q6_K on 'more bits' layers", () => {
    const r = w("q4_k_m", model(PHI3_MINI));
    const layer0 = r.tensors.filter((t) => t.layer === 0 && ["attnQ", "attnK", "attnV"].includes(t.kind));
    const layer4 = r.tensors.filter((t) => t.layer === 4 && ["attnQ", "attnK", "attnV"].includes(t.kind));
    expect(new Set(layer0.map((t) => t.storage))).toEqual(new Set(["Q6_K"]));
    expect(new Set(layer4.map((t) => t.storage))).toEqual(new Set(["Q4_K"]));
  });

  it("gives Falcon's output tensor Q8_0 and its ffn_down Q6_K only in the first 1/16 of layers under Q4_K_M", () => {
    const r = w("q4_k_m", model(FALCON_7B));
    expect(r.tensors.find((t) => t.kind === "embedding")!.storage).toBe("Q8_0"); // tied: quantized as output
    const down = r.tensors.filter((t) => t.kind === "mlpDown");
    expect(down.filter((t) => t.storage === "Q6_K").map((t) => t.layer)).toEqual([0, 1]);
  });
});

describe("properties", () => {
  const arb = fc.record({
    layers: fc.integer({min: 1, max: 64}),
    heads: fc.constantFrom(8, 16, 32),
    group: fc.constantFrom(1, 2, 4, 8),
    width: fc.integer({min: 2, max: 24}).map((k) => 256 * k),
    ffn: fc.integer({min: 2, max: 64}).map((k) => 256 * k),
    vocab: fc.integer({min: 1000, max: 200000}),
    tied: fc.boolean()
  });
  const ggufFormats: WeightFormat[] = ["q2_k", "q3_k_m", "q4_k_m", "q5_k_m", "q6_k", "q8_0", "q4_0", "q5_0"];

  it("never prices a GGUF mix below its base block type, nor above F32", () => {
    fc.assert(fc.property(arb, fc.constantFrom(...ggufFormats), (a, format) => {
      const m = model({model_type: "llama", vocab_size: a.vocab, hidden_size: a.width, intermediate_size: a.ffn,
        num_hidden_layers: a.layers, num_attention_heads: a.heads, num_key_value_heads: a.heads / a.group,
        head_dim: a.width / a.heads, tie_word_embeddings: a.tied});
      const r = w(format, m);
      expect(r.bitsPerWeight).toBeGreaterThanOrEqual(WEIGHT_FORMAT_INFO[format].bitsPerWeight - 1e-9);
      expect(r.bitsPerWeight).toBeLessThanOrEqual(32);
      expect(Object.values(r.byBlockType).reduce((x, y) => x + y, 0)).toBeCloseTo(r.totalBytes, 0);
    }), {numRuns: 60});
  });
});

describe("Hugging Face quantized checkpoints", () => {
  it("prices NF4 without double quantization at 4.5 bits on the linear layers", () => {
    const r = weightBytes({tensors: llama8.tensors, format: "nf4", doubleQuant: false});
    const q = r.tensors.find((t) => t.name === "q_proj")!;
    expect((8 * q.bytes) / q.params).toBe(NF4_BITS_PER_WEIGHT);
  });

  it("keeps embeddings and LM head in 16 bits under AWQ: ≈2.1 GB of Llama-3-8B's ≈5.7 GB", () => {
    // peers.md C4: "embeddings + LM head usually bf16 (≈2.1 GB for Llama-3-8B)"; the brief
    // quotes ≈5.7 GB on disk for AWQ int4 Llama-3-8B (not re-verified here), so ±2 %.
    const r = w("awq-int4");
    expect(((r.byKind.embedding ?? 0) + (r.byKind.lmHead ?? 0)) / 1e9).toBeCloseTo(2.1, 1);
    expect(Math.abs(r.totalBytes / 5.7e9 - 1)).toBeLessThan(0.02);
    expect(r.bitsPerWeight).toBeGreaterThan(5.6);
  });

  it("adds GPTQ's int32 g_idx on top of AWQ's layout", () => {
    const awq = w("awq-int4");
    const gptq = w("gptq-int4");
    const inputs = llama8.tensors
      .filter((t) => ["attnQ", "attnK", "attnV", "attnO", "mlpGate", "mlpUp", "mlpDown"].includes(t.kind))
      .reduce((s, t) => s + t.inFeatures, 0);
    expect(gptq.totalBytes - awq.totalBytes).toBe(4 * inputs);
  });

  it("stores QLoRA's NF4 base at ≈4.127 bits on the linear layers and bf16 elsewhere", () => {
    const r = w("nf4");
    const linear = r.tensors.filter((t) => t.storage === "NF4_DQ");
    const bits = (8 * linear.reduce((s, t) => s + t.bytes, 0)) / linear.reduce((s, t) => s + t.params, 0);
    expect(bits).toBeCloseTo(NF4_DQ_BITS_PER_WEIGHT, 3);
    expect(r.tensors.find((t) => t.kind === "lmHead")!.storage).toBe("BF16");
  });

  it("stores gpt-oss-120b at 60.8 GiB: MXFP4 experts, bf16 rest (model card arXiv:2508.10925, as cited by fitmygpu.com)", () => {
    // The model card gives 60.8 GiB (one decimal, ±0.05 GiB); we allow 0.2 % (0.12 GiB) for the
    // gpt-oss extras (sinks, biases) whose exact storage we model as bf16.
    const m = model(GPT_OSS_120B);
    const r = w("mxfp4", m);
    expect(Math.abs(r.totalBytes / GiB / 60.8 - 1)).toBeLessThan(0.002);
    expect(r.tensors.find((t) => t.name === "q_proj")!.storage).toBe("BF16");
    expect(r.tensors.find((t) => t.expert === "routed")!.storage).toBe("MXFP4");
  });

  it("prices FP8 with 128×128-block fp32 scales at ≈8.002 bits on linear layers, bf16 embeddings", () => {
    const r = w("fp8");
    const q = r.tensors.find((t) => t.name === "q_proj")!;
    expect((8 * q.bytes) / q.params).toBeCloseTo(8 + 32 / 16384, 6);
    expect(r.tensors.find((t) => t.kind === "embedding")!.storage).toBe("BF16");
  });

  it("adds one fp32 scale per output row to LLM.int8 weights", () => {
    const r = w("int8");
    const down = r.tensors.find((t) => t.name === "down_proj")!;
    expect(down.bytes).toBe(14336 * 4096 + 4 * 4096);
  });
});
