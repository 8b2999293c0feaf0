/**
 * The model table behind the Models page: one row per catalog model, every figure computed by
 * the engine from the model's config.json (never typed by hand):
 *
 *     totalParams, activeParams      parameterCounts(arch)            (lib/params.ts)
 *     kvBytesPerToken (bf16)         kvCacheBytesPerToken(arch, bf16)  (lib/kvCache.ts)
 *                                    = L · 2 · K · H · 2   (MHA/GQA/MQA)
 *                                    = L · (d_c + d_rope) · 2   (MLA)
 *     weight bytes per format        weightBytes(tensors, format)      (lib/quantization.ts)
 *     true bits per weight           8 · weight bytes / parameters
 *
 * The catalog's published count (and its source) sits next to the computed one so a reader can
 * compare. Rows are ordered by total parameters with arquero.
 */
import * as aq from "arquero";
import type {Architecture} from "../../lib/architecture.ts";
import type {CatalogModel} from "../../lib/catalog/models.ts";
import {architectureFromConfig} from "../../lib/config.ts";
import type {WeightFormat} from "../../lib/formats.ts";
import {kvCacheBytesPerToken} from "../../lib/kvCache.ts";
import {parameterCounts, tensorsOf} from "../../lib/params.ts";
import {weightBytes} from "../../lib/quantization.ts";

/** The weight formats the table lists, in column order. */
export const TABLE_WEIGHT_FORMATS = ["bf16", "fp8", "q4_k_m", "awq-int4"] as const satisfies readonly WeightFormat[];
export type TableWeightFormat = (typeof TABLE_WEIGHT_FORMATS)[number];

/** "MHA" (K = N), "GQA" (1 < K < N), "MQA" (K = 1) or "MLA" (latent cache). */
export type AttentionKind = "MHA" | "GQA" | "MQA" | "MLA";

/** One row of the model table. Counts are parameters; sizes are bytes. */
export interface ModelRow {
  id: string;
  name: string;
  family: string;
  hubId: string | null;
  modelType: string;
  totalParams: number;
  activeParams: number;
  /** Whether the model routes tokens to a subset of experts (active < total). */
  moe: boolean;
  /** Total parameters as published, or null when the catalog has no figure. */
  publishedParams: number | null;
  publishedActiveParams: number | null;
  /** True when the published figure is an exact count; false when rounded. */
  publishedExact: boolean | null;
  publishedSource: string | null;
  layers: number;
  hiddenSize: number;
  heads: number;
  kvHeads: number;
  /** H: per-head width (standard attention); null for MLA, which caches a latent instead. */
  headDim: number | null;
  /** MLA: values cached per token per layer, kv_lora_rank + qk_rope_head_dim; null otherwise. */
  kvLatentDim: number | null;
  attention: AttentionKind;
  /** Sliding-window width in tokens, or null when no layer slides. */
  slidingWindow: number | null;
  /** Layers that use the sliding window. */
  slidingLayers: number;
  /** "GQA", "GQA + sliding 4,096 (21/42 layers)", ... */
  attentionLabel: string;
  /** KV-cache bytes per token in bf16, every layer charged. */
  kvBytesPerToken: number;
  /** Weights in bytes per format. */
  weightBytes: Record<TableWeightFormat, number>;
  /** True bits per weight per format (scales and high-precision tensors included). */
  bitsPerWeight: Record<TableWeightFormat, number>;
  /** max_position_embeddings, or null when the config has none. */
  maxContextTokens: number | null;
  /** Where the config comes from. */
  configSource: string;
}

/** The attention kind of an architecture, in the table's words. */
export function attentionKindOf(arch: Pick<Architecture, "mla" | "kvHeads" | "heads">): AttentionKind {
  if (arch.mla) return "MLA";
  if (arch.kvHeads === arch.heads) return "MHA";
  return arch.kvHeads === 1 ? "MQA" : "GQA";
}

const grouped = (n: number) => n.toLocaleString("en-US");

/**
 * Computes one row per catalog model with the engine. A model whose config cannot be read is
 * left out and named in `skipped` (with the reason).
 *
 * @example modelTable({models: MODEL_CATALOG}).rows.find((r) => r.id === "llama-3-70b")?.kvBytesPerToken // 327_680
 */
export function modelTable(options: {models: readonly CatalogModel[]}): {rows: ModelRow[]; skipped: {id: string; reason: string}[]} {
  const skipped: {id: string; reason: string}[] = [];
  const raw: ModelRow[] = [];
  for (const model of options.models) {
    let arch: Architecture;
    try {
      arch = architectureFromConfig(model.config as Record<string, unknown>).architecture;
    } catch (error) {
      skipped.push({id: model.id, reason: error instanceof Error ? error.message : String(error)});
      continue;
    }
    const tensors = tensorsOf(arch);
    const params = parameterCounts(arch, tensors);
    const kv = kvCacheBytesPerToken({arch, format: "bf16"});
    const slidingLayers = arch.slidingWindow === null ? 0 : arch.layerAttention.filter((a) => a === "sliding").length;
    const attention = attentionKindOf(arch);
    const weights = {} as Record<TableWeightFormat, number>;
    const bits = {} as Record<TableWeightFormat, number>;
    for (const format of TABLE_WEIGHT_FORMATS) {
      const w = weightBytes({tensors, format, arch});
      weights[format] = w.totalBytes;
      bits[format] = w.bitsPerWeight;
    }
    raw.push({
      id: model.id,
      name: model.name,
      family: model.family,
      hubId: model.hubId ?? null,
      modelType: arch.modelType,
      totalParams: params.total,
      activeParams: params.active,
      moe: params.active < params.total,
      publishedParams: model.paramsPublished?.total ?? null,
      publishedActiveParams: model.paramsPublished?.active ?? null,
      publishedExact: model.paramsPublished ? model.paramsPublished.exact : null,
      publishedSource: model.paramsPublished?.source ?? null,
      layers: arch.layers,
      hiddenSize: arch.hiddenSize,
      heads: arch.heads,
      kvHeads: arch.mla ? arch.heads : arch.kvHeads,
      headDim: arch.mla ? null : arch.headDim,
      kvLatentDim: arch.mla ? arch.mla.kvLoraRank + arch.mla.qkRopeHeadDim : null,
      attention,
      slidingWindow: slidingLayers > 0 ? arch.slidingWindow : null,
      slidingLayers,
      attentionLabel: slidingLayers > 0 ? `${attention} + sliding ${grouped(arch.slidingWindow!)} (${slidingLayers}/${arch.layers} layers)` : attention,
      kvBytesPerToken: kv.totalBytes,
      weightBytes: weights,
      bitsPerWeight: bits,
      maxContextTokens: arch.maxPositionEmbeddings,
      configSource: model.source
    });
  }
  // arquero: order by total parameters (then name), the table's default order.
  const order = aq
    .from(raw.map((r, index) => ({index, totalParams: r.totalParams, name: r.name})))
    .orderby("totalParams", "name")
    .array("index") as number[];
  return {rows: order.map((i) => raw[i]!), skipped};
}
