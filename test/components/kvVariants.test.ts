import {describe, expect, it} from "vitest";
import {resolveModel} from "../../lib/resolve.ts";
import {findGpu} from "../../lib/catalog/index.ts";
import {attentionVariants, contextGrid, describeLayers, kvBytesPerValue, kvFactors, memoryVsContextSeries, slidingSummary, tensorParallelRows} from "../../src/components/kvVariants.ts";

const llama70 = resolveModel("llama-3-70b").arch;
const deepseek = resolveModel("deepseek-v3").arch;
const llama2 = resolveModel("llama-2-7b").arch;
const byKind = (variants: ReturnType<typeof attentionVariants>) => Object.fromEntries(variants.map((v) => [v.kind, v]));

describe("kvFactors", () => {
  it("names Llama-3-70B's factors as in the scaling book's example: 80 · 8 · 128 · 2 · 2 = 327,680 bytes per token", () => {
    expect(kvFactors({arch: llama70, format: "bf16"})).toEqual({kind: "standard", layers: 80, kvHeads: 8, headDim: 128, factor: 2, bytesPerValue: 2, bytesPerToken: 327_680});
  });

  it("names DeepSeek-V3's MLA factors: 61 · (512 + 64) · 2 with no factor 2 (DeepSeek-V2 paper §2.1)", () => {
    expect(kvFactors({arch: deepseek, format: "bf16"})).toEqual({kind: "mla", layers: 61, kvLoraRank: 512, ropeDim: 64, bytesPerValue: 2, bytesPerToken: 70_272});
  });

  it("gives llama.cpp's block formats their true bytes per value: q8_0 34/32, q4_0 18/32 (ggml-common.h)", () => {
    expect(kvBytesPerValue("q8_0")).toBe(1.0625);
    expect(kvBytesPerValue("q4_0")).toBe(0.5625);
    expect(kvBytesPerValue("fp8")).toBe(1);
    expect(kvFactors({arch: llama70, format: "q8_0"}).bytesPerToken).toBe(80 * 2 * 34 * (8 * 128 / 32));
  });
});

describe("attentionVariants", () => {
  it("puts Llama-3-70B's own GQA between MHA (64 heads) and MQA (1 head): 8× and ⅛ of its cache", () => {
    const v = byKind(attentionVariants({arch: llama70, format: "bf16"}));
    expect(v.GQA!.actual).toBe(true);
    expect(v.GQA!.bytesPerToken).toBe(327_680);
    expect(v.MHA!.bytesPerToken).toBe(8 * 327_680);
    expect(v.MQA!.bytesPerToken).toBe(327_680 / 8);
  });

  it("sizes MLA for a model that lacks it with DeepSeek-V2's d_c = 4·H and d_rope = H/2: 80 · (512 + 64) · 2 for Llama-3-70B", () => {
    const v = byKind(attentionVariants({arch: llama70, format: "bf16"}));
    expect(v.MLA!.actual).toBe(false);
    expect(v.MLA!.bytesPerToken).toBe(80 * 576 * 2);
  });

  it("gives an MHA model (Llama-2-7B) a GQA variant of 8 KV heads and marks MHA as its own", () => {
    const v = byKind(attentionVariants({arch: llama2, format: "bf16"}));
    expect(v.MHA!.actual).toBe(true);
    expect(v.MHA!.bytesPerToken).toBe(32 * 32 * 128 * 2 * 2);
    expect(v.GQA!.kvHeads).toBe(8);
    expect(v.GQA!.bytesPerToken).toBe(32 * 8 * 128 * 2 * 2);
  });

  it("shows DeepSeek-V3 under MHA with its own head widths (keys 192, values 128): 61 · 128 · 320 · 2 bytes, 71× its MLA cache", () => {
    const v = byKind(attentionVariants({arch: deepseek, format: "bf16"}));
    expect(v.MLA!.actual).toBe(true);
    expect(v.MHA!.bytesPerToken).toBe(61 * 128 * (192 + 128) * 2);
    expect(v.MHA!.bytesPerToken / v.MLA!.bytesPerToken).toBeCloseTo(71.1, 1);
  });

  it("orders the standard designs MQA ≤ GQA ≤ MHA for every format", () => {
    for (const format of ["bf16", "fp8", "q8_0", "q4_0"] as const) {
      const v = byKind(attentionVariants({arch: llama70, format}));
      expect(v.MQA!.bytesPerToken).toBeLessThanOrEqual(v.GQA!.bytesPerToken);
      expect(v.GQA!.bytesPerToken).toBeLessThanOrEqual(v.MHA!.bytesPerToken);
    }
  });
});

describe("tensorParallelRows", () => {
  it("splits Llama-3-70B's 8 KV heads over up to 8 GPUs and copies each head twice at 16", () => {
    const rows = tensorParallelRows({arch: llama70, format: "bf16", degrees: [1, 2, 8, 16]});
    expect(rows.map((r) => r.kvHeadsPerGpu)).toEqual([8, 4, 1, 1]);
    expect(rows.map((r) => r.bytesPerTokenPerGpu)).toEqual([327_680, 163_840, 40_960, 40_960]);
    expect(rows.map((r) => r.copiesPerHead)).toEqual([1, 1, 1, 2]);
    expect(rows[3]!.replicated).toBe(true);
    expect(rows[3]!.bytesPerTokenAllGpus).toBe(2 * 327_680);
  });

  it("keeps MLA's latent whole on every GPU: DeepSeek-V3's per-GPU cache does not shrink with TP", () => {
    const rows = tensorParallelRows({arch: deepseek, format: "bf16", degrees: [1, 8]});
    expect(rows[1]!.bytesPerTokenPerGpu).toBe(rows[0]!.bytesPerTokenPerGpu);
    expect(rows[1]!.copiesPerHead).toBe(8);
  });
});

describe("slidingSummary", () => {
  const gemma = resolveModel("gemma-2-9b").arch;

  it("finds Gemma-2-9B's 21 sliding layers of window 4,096 and saves nothing below the window", () => {
    const s = slidingSummary({arch: gemma, format: "bf16", batchSize: 1, contextTokens: 4096});
    expect([s.window, s.slidingLayers, s.fullLayers]).toEqual([4096, 21, 21]);
    expect(s.savedBytes).toBe(0);
  });

  it("saves (context − window) tokens on each sliding layer past the window: 21 · 4,096 · 8,192 bytes at 8,192 tokens", () => {
    // Gemma-2-9B per layer and token: 2 · 8 KV heads · 256 head_dim · 2 bytes = 8,192 bytes (config.json).
    const s = slidingSummary({arch: gemma, format: "bf16", batchSize: 2, contextTokens: 8192});
    expect(s.savedBytes).toBe(2 * 21 * (8192 - 4096) * 8192);
    expect(s.withoutWindowBytes).toBe(2 * 42 * 8192 * 8192);
  });

  it("reports no window and no saving for a model without sliding layers", () => {
    const s = slidingSummary({arch: llama70, format: "bf16", batchSize: 1, contextTokens: 100_000});
    expect([s.window, s.slidingLayers, s.savedBytes]).toEqual([null, 0, 0]);
  });
});

describe("describeLayers", () => {
  it("writes alternating layers as a stride and contiguous runs as ranges", () => {
    expect(describeLayers([0, 2, 4, 6, 8])).toBe("every 2nd layer: 0, 2, 4, … 8");
    expect(describeLayers([0, 1, 2, 3, 5, 6, 7, 8, 10])).toBe("layers 0–3, 5–8, 10");
    expect(describeLayers([])).toBe("none");
  });
});

describe("memoryVsContextSeries", () => {
  const arch = resolveModel("llama-3.1-8b").arch;
  const gpu = findGpu("h100-sxm")!;

  it("samples powers of two up to the longest sequence, ending on it", () => {
    expect(contextGrid({from: 256, to: 3000})).toEqual([256, 512, 1024, 2048, 3000]);
  });

  it("grows the KV cache linearly with sequence length and batch (Llama 3.1 8B: 131,072 bytes per token) while weights stay put", () => {
    const {series} = memoryVsContextSeries({arch, gpu, gpuCount: 1, engine: "transformers", weights: "bf16", kvFormat: "bf16", batchSizes: [1, 4], maxTokens: 4096});
    const [one, four] = series;
    expect(one!.points.map((p) => p.kvBytes)).toEqual([256, 512, 1024, 2048, 4096].map((c) => c * 131_072));
    expect(four!.points.map((p) => p.kvBytes)).toEqual(one!.points.map((p) => 4 * p.kvBytes));
    expect(new Set(one!.points.map((p) => p.weightsBytes)).size).toBe(1);
    expect(one!.limitTokens).toBeNull(); // 4,096 tokens fit easily in 80 GiB
  });

  it("marks where a large batch stops fitting, and the memory there is at the usable limit", () => {
    const {series, usableBytes} = memoryVsContextSeries({arch, gpu, gpuCount: 1, engine: "vllm", weights: "bf16", kvFormat: "bf16", batchSizes: [64], maxTokens: 131_072});
    const limit = series[0]!.limitTokens!;
    expect(limit).toBeGreaterThan(1000);
    expect(limit).toBeLessThan(131_072);
    // 64 sequences of `limit` tokens fill the pool: the next 16-token block would not fit.
    const kvAtLimit = 64 * Math.ceil(limit / 16) * 16 * 131_072;
    const fixed = series[0]!.points[0]!;
    expect(fixed.weightsBytes + fixed.overheadBytes + kvAtLimit).toBeLessThanOrEqual(usableBytes);
  });
});
