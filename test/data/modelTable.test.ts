import {describe, expect, it} from "vitest";
import {MODEL_CATALOG} from "../../lib/catalog/index.ts";
import {modelTable, TABLE_WEIGHT_FORMATS} from "../../src/data/modelTable.ts";

const {rows, skipped} = modelTable({models: MODEL_CATALOG});
const row = (id: string) => {
  const r = rows.find((x) => x.id === id);
  if (!r) throw new Error(`no row ${id}`);
  return r;
};

describe("modelTable", () => {
  it("reads every catalog model, ordered by total parameters", () => {
    expect(skipped).toEqual([]);
    expect(rows).toHaveLength(MODEL_CATALOG.length);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.totalParams).toBeGreaterThanOrEqual(rows[i - 1]!.totalParams);
  });

  it("counts Llama-3-70B's KV cache at 327,680 bytes per token in bf16, the scaling book's worked example (80·8·128·2·2)", () => {
    expect(row("llama-3-70b").kvBytesPerToken).toBe(327_680);
  });

  it("counts DeepSeek-V3's MLA cache as 61 layers of (512 + 64) values at 2 bytes, with no factor 2 (DeepSeek-V2 paper §2.1)", () => {
    const r = row("deepseek-v3");
    expect(r.attention).toBe("MLA");
    expect(r.kvLatentDim).toBe(576);
    expect(r.headDim).toBeNull();
    expect(r.kvBytesPerToken).toBe(61 * 576 * 2);
  });

  it("matches every exact published parameter count, and every rounded one to its last published digit", () => {
    for (const r of rows) {
      const model = MODEL_CATALOG.find((m) => m.id === r.id)!;
      const p = model.paramsPublished;
      if (!p) continue;
      if (p.exact) expect(r.totalParams, r.id).toBe(p.total);
      expect(r.publishedParams).toBe(p.total);
      expect(r.publishedSource).toBe(p.source);
    }
  });

  it("names the attention kind from the KV heads: Llama-2-7B MHA, Llama-3-70B GQA, Falcon-7B MQA", () => {
    expect(row("llama-2-7b").attention).toBe("MHA");
    expect(row("llama-3-70b").attention).toBe("GQA");
    expect(row("falcon-7b").attention).toBe("MQA");
    expect(row("falcon-7b").kvBytesPerToken).toBe(32 * 2 * 1 * 64 * 2);
  });

  it("marks Gemma-2-9B's alternating sliding layers: window 4,096 on 21 of 42 layers (config.json)", () => {
    const r = row("gemma-2-9b");
    expect(r.slidingWindow).toBe(4096);
    expect(r.slidingLayers).toBe(21);
    expect(r.attentionLabel).toBe("GQA + sliding 4,096 (21/42 layers)");
    expect(row("llama-3-70b").slidingWindow).toBeNull();
  });

  it("sizes Llama-3-70B in Q4_K_M at 39.59 GiB, llama.cpp's published file size, within 0.1 %", () => {
    // ggml-org/llama.cpp tools/quantize README table: Llama-3-70B Q4_K_M 39.59 GiB.
    expect(row("llama-3-70b").weightBytes.q4_k_m / 2 ** 30).toBeGreaterThan(39.59 * 0.999);
    expect(row("llama-3-70b").weightBytes.q4_k_m / 2 ** 30).toBeLessThan(39.59 * 1.001);
  });

  it("gives true bits per weight: exactly 16 in bf16, above the nominal 8 and 4 in fp8 and int4 (scales, 16-bit embeddings)", () => {
    for (const r of rows) {
      expect(r.bitsPerWeight.bf16, r.id).toBe(16);
      expect(r.weightBytes.bf16, r.id).toBe(2 * r.totalParams);
      expect(r.bitsPerWeight.fp8, r.id).toBeGreaterThan(8);
      expect(r.bitsPerWeight["awq-int4"], r.id).toBeGreaterThan(4);
      for (const f of TABLE_WEIGHT_FORMATS) expect(Number.isFinite(r.weightBytes[f])).toBe(true);
    }
  });

  it("reports fewer active than total parameters only for mixture-of-experts models (Mixtral-8x7B: 12.9B of 46.7B)", () => {
    expect(row("mixtral-8x7b").moe).toBe(true);
    expect(row("mixtral-8x7b").activeParams / 1e9).toBeCloseTo(12.9, 1);
    expect(row("llama-3-70b").activeParams).toBe(row("llama-3-70b").totalParams);
  });
});
