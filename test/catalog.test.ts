import {describe, expect, it} from "vitest";
import {
  GPU_CATALOG,
  MODEL_CATALOG,
  MODEL_IDS,
  PRICE_CATALOG,
  PRICE_SNAPSHOT_DATE,
  PROVIDERS,
  cheapestOffer,
  findGpu,
  findModel,
  offersForGpu,
  priceSummary,
  type CatalogModel,
} from "../lib/catalog/index.ts";
import {COMPUTE_PRECISIONS} from "../lib/formats.ts";
import {SUPPORTED_MODEL_TYPES, architectureFromConfig} from "../lib/config.ts";
import {parameterCounts} from "../lib/params.ts";

/** First key present in a config (the families spell the same thing differently). */
function firstKey(config: Record<string, unknown>, keys: string[]): unknown {
  for (const key of keys) if (config[key] !== undefined && config[key] !== null) return config[key];
  return undefined;
}

/**
 * How far a computed count may sit from a rounded published one: one unit in the last
 * published digit. Model cards round ("8.03B") or truncate ("14.7B" for 14.77B), so the
 * computed value lies within one unit of the last digit either way.
 */
function lastDigitUnit(published: number, significantDigits: number): number {
  return 10 ** (Math.floor(Math.log10(published)) - significantDigits + 1);
}

const withPublished = MODEL_CATALOG.filter(
  (m): m is CatalogModel & {paramsPublished: NonNullable<CatalogModel["paramsPublished"]>} => m.paramsPublished !== undefined,
);

describe("model catalog", () => {
  it("gives every model a unique lowercase id", () => {
    expect(new Set(MODEL_IDS).size).toBe(MODEL_IDS.length);
    for (const id of MODEL_IDS) expect(id).toBe(id.toLowerCase());
  });

  it("finds a model by id regardless of case and spaces", () => {
    expect(findModel({id: "  Llama-3.1-8B "})?.id).toBe("llama-3.1-8b");
    expect(findModel("DEEPSEEK-V3")?.config.model_type).toBe("deepseek_v3");
    expect(findModel({id: "no-such-model"})).toBeUndefined();
  });

  it("gives every config a model_type the engine knows (or Cohere's), an architectures list and a source", () => {
    for (const model of MODEL_CATALOG) {
      const type = model.config.model_type;
      expect([...SUPPORTED_MODEL_TYPES, "cohere"], model.id).toContain(type);
      if (model.config.text_config !== undefined) {
        expect((model.config.text_config as Record<string, unknown>).model_type, model.id).toBe("gemma3_text");
      }
      expect(Array.isArray(model.config.architectures), model.id).toBe(true);
      expect(model.source.length, model.id).toBeGreaterThan(20);
    }
  });

  it("gives every config the sizes a decoder needs under the family's own key names", () => {
    for (const model of MODEL_CATALOG) {
      // Multimodal wrappers (Gemma 3 27B) keep the decoder in text_config.
      const outer = model.config as Record<string, unknown>;
      const c = (outer.text_config ?? outer) as Record<string, unknown>;
      const layers = firstKey(c, ["num_hidden_layers", "n_layer"]);
      const width = firstKey(c, ["hidden_size", "n_embd", "n_embed"]);
      const heads = firstKey(c, ["num_attention_heads", "n_head"]);
      for (const [what, value] of Object.entries({layers, width, heads, vocab: c.vocab_size})) {
        expect(Number.isInteger(value) && (value as number) > 0, `${model.id}: ${what}`).toBe(true);
      }
      // An MLP width is explicit except where the family fixes it at 4 x hidden.
      const implicitMlp = ["gpt2", "bloom", "falcon"].includes(String(c.model_type));
      if (!implicitMlp) expect(firstKey(c, ["intermediate_size", "ffn_dim"]), model.id).toBeGreaterThan(0);
    }
  });

  it("uses each family's real key names (GPT-2 n_embd, OPT ffn_dim, DeepSeek n_routed_experts, gpt-oss layer_types)", () => {
    expect(findModel("gpt2-124m")?.config).toMatchObject({n_embd: 768, n_layer: 12, n_head: 12, n_positions: 1024});
    expect(findModel("opt-6.7b")?.config).toMatchObject({ffn_dim: 16384, word_embed_proj_dim: 4096});
    expect(findModel("deepseek-v3")?.config).toMatchObject({
      n_routed_experts: 256, first_k_dense_replace: 3, moe_layer_freq: 1, kv_lora_rank: 512, q_lora_rank: 1536,
    });
    const oss = findModel("gpt-oss-120b")?.config as Record<string, unknown>;
    expect((oss.layer_types as string[]).length).toBe(oss.num_hidden_layers);
    expect(findModel("gemma-2-9b")?.config).toMatchObject({head_dim: 256, sliding_window: 4096, query_pre_attn_scalar: 256});
    expect(findModel("falcon-40b")?.config).toMatchObject({new_decoder_architecture: true, num_kv_heads: 8, parallel_attn: true});
    expect(findModel("qwen1.5-moe-a2.7b")?.config.model_type).toBe("qwen2_moe");
    expect(findModel("gemma-3-1b")?.config).toMatchObject({model_type: "gemma3_text", sliding_window_pattern: 6, head_dim: 256});
    expect(findModel("gemma-3-27b-it")?.config.text_config).toMatchObject({model_type: "gemma3_text", head_dim: 128, query_pre_attn_scalar: 168});
  });

  it("states at least 14 published counts to 3 or more significant digits, MoE and DeepSeek-V3 among them", () => {
    const precise = withPublished.filter((m) => m.paramsPublished.exact || (m.paramsPublished.significantDigits ?? 0) >= 3);
    expect(precise.length).toBeGreaterThanOrEqual(14);
    expect(precise.some((m) => m.paramsPublished.active !== undefined)).toBe(true);
    expect(precise.map((m) => m.id)).toContain("deepseek-v3");
    for (const m of withPublished) {
      expect(m.paramsPublished.exact || m.paramsPublished.significantDigits !== undefined, m.id).toBe(true);
      if (m.paramsPublished.exact) expect(Number.isInteger(m.paramsPublished.total), m.id).toBe(true);
    }
  });
});

describe("catalog configs through the engine", () => {
  it("parses every catalog config with architectureFromConfig", () => {
    for (const model of MODEL_CATALOG) {
      const {architecture} = architectureFromConfig({...model.config});
      expect(architecture.layers, model.id).toBeGreaterThan(0);
    }
  });

  // Exact published counts (safetensors metadata, model-card tables) must be met exactly.
  it.each(withPublished.filter((m) => m.paramsPublished.exact).map((m) => [m.id, m] as const))(
    "counts %s's published exact parameter total",
    (_id, model) => {
      const counts = parameterCounts(architectureFromConfig({...model.config}).architecture);
      expect(counts.total).toBe(model.paramsPublished.total);
    },
  );

  // Rounded published counts: within one unit of the last published digit (see lastDigitUnit).
  it.each(withPublished.filter((m) => !m.paramsPublished.exact).map((m) => [m.id, m] as const))(
    "counts %s within one unit of the last digit of its rounded published total",
    (_id, model) => {
      const published = model.paramsPublished;
      const counts = parameterCounts(architectureFromConfig({...model.config}).architecture);
      const unit = lastDigitUnit(published.total, published.significantDigits!);
      expect(Math.abs(counts.total - published.total)).toBeLessThanOrEqual(unit);
    },
  );

  // MoE active counts, in the convention the source states (with or without the input embedding).
  it.each(withPublished.filter((m) => m.paramsPublished.active !== undefined).map((m) => [m.id, m] as const))(
    "counts %s's active parameters within one unit of the last published digit",
    (_id, model) => {
      const published = model.paramsPublished;
      const counts = parameterCounts(architectureFromConfig({...model.config}).architecture);
      const active = published.activeIncludesEmbedding === false ? counts.active - counts.byKind.embedding : counts.active;
      // Active figures are all rounded ("12.9B", "37B"): their digits are those before the trailing zeros.
      const digits = String(published.active).replace(/0+$/, "").length;
      const unit = lastDigitUnit(published.active!, digits);
      expect(Math.abs(active - published.active!)).toBeLessThanOrEqual(unit);
    },
  );
});

describe("GPU catalog", () => {
  it("gives every accelerator a unique id", () => {
    const ids = GPU_CATALOG.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("gives every accelerator positive memory, bandwidth and a bf16 or fp32 figure", () => {
    for (const gpu of GPU_CATALOG) {
      expect(gpu.memoryBytes, gpu.id).toBeGreaterThan(1e9);
      expect(gpu.bandwidthBytesPerSecond, gpu.id).toBeGreaterThan(1e10);
      expect((gpu.flopsPerSecond.bf16 ?? 0) > 0 || (gpu.flopsPerSecond.fp32 ?? 0) > 0, gpu.id).toBe(true);
      for (const [precision, flops] of Object.entries(gpu.flopsPerSecond)) {
        expect(COMPUTE_PRECISIONS as readonly string[], gpu.id).toContain(precision);
        expect(Number.isFinite(flops) && flops > 1e11, `${gpu.id} ${precision}`).toBe(true);
      }
      expect(gpu.source.length, gpu.id).toBeGreaterThan(5);
    }
  });

  it("stores dense tensor throughput: H100 SXM bf16 is 989 TFLOPS, half the datasheet's 1,979 with sparsity", () => {
    // NVIDIA H100 datasheet: BF16 Tensor Core 1,979 TFLOPS "with sparsity"; dense is half (989.5,
    // quoted as 989 in dense tables).
    const bf16 = findGpu("h100-sxm")!.flopsPerSecond.bf16!;
    expect(bf16).toBe(989e12);
    expect(Math.abs(bf16 - 1979e12 / 2)).toBeLessThanOrEqual(0.5e12);
    // A100 datasheet: BF16 312 TFLOPS dense (624 with sparsity).
    expect(findGpu({id: "a100-sxm-80gb"})?.flopsPerSecond.bf16).toBe(312e12);
  });

  it("never stores a sparse figure: on Hopper and Ada parts dense fp8 is twice dense bf16", () => {
    for (const id of ["h100-sxm", "h100-pcie", "h200-sxm", "l40s", "l4"]) {
      const f = findGpu(id)!.flopsPerSecond;
      expect(f.fp8! / f.bf16!, id).toBeCloseTo(2, 1);
    }
  });

  it("reads NVLink as per-direction bandwidth: H100 SXM's 900 GB/s total is 450 GB/s each way", () => {
    expect(findGpu("h100-sxm")?.interconnectBytesPerSecond).toBe(450e9);
    expect(findGpu("l40s")?.interconnectBytesPerSecond).toBeNull();
  });

  it("takes the H200's 141 GB as GiB-based: nvidia-smi shows 143,771 MiB", () => {
    const h200 = findGpu("h200-sxm")!;
    expect(h200.memoryBytes).toBe(143771 * 2 ** 20);
    expect(h200.memoryBytes / 2 ** 30).toBeGreaterThan(140);
    expect(h200.bandwidthBytesPerSecond).toBe(4.8e12);
  });

  it("includes Apple silicon, TPU and AMD parts", () => {
    const kinds = new Set(GPU_CATALOG.map((g) => g.kind));
    expect(kinds).toContain("soc");
    expect(kinds).toContain("tpu");
    expect(findGpu("mi300x")?.bandwidthBytesPerSecond).toBe(5.3e12);
  });
});

describe("price catalog", () => {
  it("has positive per-GPU-hour prices, each dated on or before the snapshot", () => {
    expect(PRICE_CATALOG.length).toBeGreaterThan(100);
    for (const offer of PRICE_CATALOG) {
      expect(offer.usdPerGpuHour, `${offer.provider} ${offer.gpuId}`).toBeGreaterThan(0);
      expect(offer.dataDate).toMatch(/^20\d\d-\d\d-\d\d$/);
      expect(offer.dataDate <= PRICE_SNAPSHOT_DATE).toBe(true);
      expect(offer.gpuCount).toBeGreaterThanOrEqual(1);
      expect(["on-demand", "spot", "unspecified"]).toContain(offer.pricingType);
    }
  });

  it("prices only GPUs that are in the GPU catalog", () => {
    for (const offer of PRICE_CATALOG) expect(findGpu(offer.gpuId), offer.gpuId).toBeDefined();
  });

  it("lists offers for a GPU cheapest first and picks the cheapest by provider and pricing type", () => {
    const offers = offersForGpu({gpuId: "a100-sxm-80gb"});
    expect(offers.length).toBeGreaterThan(5);
    for (let i = 1; i < offers.length; i++) expect(offers[i]!.usdPerGpuHour).toBeGreaterThanOrEqual(offers[i - 1]!.usdPerGpuHour);
    const lambda = cheapestOffer({gpuId: "a100-sxm-80gb", provider: "lambda"});
    expect(lambda?.provider).toBe("Lambda");
    const spot = cheapestOffer({gpuId: "a100-sxm-40gb", pricingType: "spot"});
    expect(spot?.pricingType).toBe("spot");
    expect(cheapestOffer({gpuId: "a100-sxm-80gb", provider: "no such cloud"})).toBeUndefined();
  });

  it("summarises a GPU's prices: cheapest <= median, dates ordered, count matches", () => {
    const summary = priceSummary({gpuId: "h100-sxm"});
    expect(summary.count).toBe(offersForGpu("h100-sxm").length);
    expect(summary.cheapest!.usdPerGpuHour).toBeLessThanOrEqual(summary.medianUsdPerGpuHour!);
    expect(summary.oldestDate! <= summary.newestDate!).toBe(true);
    expect(priceSummary("not-a-gpu")).toMatchObject({count: 0, cheapest: null, medianUsdPerGpuHour: null});
  });

  it("lists providers once each, with the two datasets' spellings unified", () => {
    expect(new Set(PROVIDERS).size).toBe(PROVIDERS.length);
    expect(PROVIDERS).toContain("AWS");
    expect(PROVIDERS).not.toContain("Amazon AWS");
  });
});

describe("the one price rule", () => {
  it("prices a GPU-hour at the median of its offers for the scenario's provider, the planner and the pages alike", async () => {
    const {catalogPrice: planner} = await import("../lib/planner.ts");
    const {resolvePrice, resolveGpu} = await import("../lib/resolve.ts");
    const {catalogPrice} = await import("../lib/catalog/prices.ts");
    for (const gpuId of ["h100-sxm", "a100-sxm-80gb", "rtx-4090", "l40s"]) {
      const offers = offersForGpu({gpuId}).map((o) => o.usdPerGpuHour);
      const n = offers.length;
      const median = n % 2 ? offers[(n - 1) / 2]! : (offers[n / 2 - 1]! + offers[n / 2]!) / 2;
      expect(catalogPrice({gpuId})!.usdPerGpuHour, gpuId).toBe(median);
      expect(priceSummary({gpuId}).medianUsdPerGpuHour, gpuId).toBe(median);
      expect(planner(gpuId)!.usdPerGpuHour, gpuId).toBe(median);
    }
    const lambda = offersForGpu({gpuId: "h100-sxm", provider: "lambda"}).map((o) => o.usdPerGpuHour);
    expect(lambda.length).toBeGreaterThan(0);
    const resolved = resolvePrice({pricing: {provider: "lambda"}, gpu: resolveGpu("h100-sxm")})!;
    expect(resolved.usdPerGpuHour).toBe(catalogPrice({gpuId: "h100-sxm", provider: "lambda"})!.usdPerGpuHour);
    expect(Math.min(...lambda)).toBeLessThanOrEqual(resolved.usdPerGpuHour);
    expect(Math.max(...lambda)).toBeGreaterThanOrEqual(resolved.usdPerGpuHour);
    expect(catalogPrice({gpuId: "no-such-gpu"})).toBeNull();
  });
});
