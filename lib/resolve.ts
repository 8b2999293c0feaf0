/**
 * The edge between names and specifications: catalog ids and inline datasheet figures become
 * an {@link Architecture} and a {@link GpuSpec} in SI units, and a pricing choice becomes a
 * price per GPU-hour. The engine itself only ever sees full specifications.
 */
import type {Architecture} from "./architecture.js";
import {findModel, MODEL_IDS} from "./catalog/index.js";
import {findGpu, GPU_IDS} from "./catalog/gpus.js";
import {catalogPrice, PROVIDERS} from "./catalog/prices.js";
import {architectureFromConfig, ConfigError} from "./config.js";
import type {GpuSpec} from "./hardware.js";
import {inlineDeviceKind} from "./local.js";
import type {InlineGpu, Pricing, Scenario} from "./scenario.js";

/** A scenario that is valid JSON but cannot be resolved (unknown id, unusable config). */
export class ScenarioError extends Error {
  readonly errors: string[];
  constructor(errors: string[]) {
    super(errors.join("\n"));
    this.name = "ScenarioError";
    this.errors = errors;
  }
}

export interface ResolvedModel {
  id: string | null;
  name: string;
  arch: Architecture;
  warnings: string[];
}

function listOf(ids: readonly string[], max = 12): string {
  return ids.length > max ? `${ids.slice(0, max).join(", ")}, ... (${ids.length} in all)` : ids.join(", ");
}

const architectureCache = new WeakMap<object, {architecture: Architecture; warnings: string[]}>();

/** Reads a config once per object: sweeps that reuse a scenario's model pay the parsing once. */
function cachedArchitecture(config: Record<string, unknown>): {architecture: Architecture; warnings: string[]} {
  let hit = architectureCache.get(config);
  if (!hit) {
    hit = architectureFromConfig(config);
    architectureCache.set(config, hit);
  }
  return hit;
}

/** Catalog id or inline config.json → architecture. */
export function resolveModel(model: Scenario["model"]): ResolvedModel {
  if (typeof model === "string") {
    const entry = findModel(model);
    if (!entry) throw new ScenarioError([`model: got ${JSON.stringify(model)}, expected a catalog id (${listOf(MODEL_IDS)}) or a config.json object`]);
    const {architecture, warnings} = cachedArchitecture(entry.config);
    return {id: entry.id, name: entry.name, arch: architecture, warnings};
  }
  try {
    const {architecture, warnings} = cachedArchitecture(model);
    // Named by the model (its _name_or_path, or a name the reader wrote there), never by its class
    // (Qwen2ForCausalLM names a code path shared by every Qwen2 size).
    const given = typeof model._name_or_path === "string" ? model._name_or_path.trim() : "";
    const name = given !== "" ? given : `pasted ${typeof model.model_type === "string" ? model.model_type : "model"} config`;
    return {id: null, name, arch: architecture, warnings};
  } catch (e) {
    if (e instanceof ConfigError) throw new ScenarioError(e.issues);
    throw e;
  }
}

const normalise = (name: string) => name.toLowerCase().replace(/nvidia|geforce|tesla/g, "").replace(/[^a-z0-9]/g, "");

/**
 * Datasheet units (GB, GB/s, TFLOPS) → SI. An inline spec without `interconnectGBps` whose name
 * is a catalog GPU's name (vendor words aside) takes that GPU's interconnect, with a warning;
 * otherwise GPUs are taken to talk over PCIe.
 */
export function gpuFromInline(inline: InlineGpu, warnings: string[] = []): GpuSpec {
  const flopsPerSecond: GpuSpec["flopsPerSecond"] = {};
  for (const [k, v] of Object.entries(inline.tflops)) {
    if (typeof v === "number" && v > 0) flopsPerSecond[k as keyof GpuSpec["flopsPerSecond"]] = v * 1e12;
  }
  return {
    id: inline.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""),
    name: inline.name,
    kind: inlineDeviceKind({name: inline.name, precisions: Object.keys(flopsPerSecond)}),
    memoryBytes: inline.memoryGB * 1e9,
    bandwidthBytesPerSecond: inline.bandwidthGBps * 1e9,
    flopsPerSecond,
    interconnectBytesPerSecond: inline.interconnectGBps ? inline.interconnectGBps * 1e9 : inferInterconnect(inline.name, warnings),
    source: "inline scenario spec",
    ...(inline.backend ? {backend: inline.backend} : {})
  };
}

function inferInterconnect(name: string, warnings: string[]): number | null {
  const key = normalise(name);
  const match = GPU_IDS.map((id) => findGpu(id)!).find((g) => normalise(g.name) === key);
  if (match && match.interconnectBytesPerSecond) {
    warnings.push(`hardware.gpu.interconnectGBps not given: ${match.name}'s ${match.interconnectBytesPerSecond / 1e9} GB/s per direction assumed`);
    return match.interconnectBytesPerSecond;
  }
  return null;
}

/** Catalog id or inline spec → GpuSpec. */
export function resolveGpu(gpu: Scenario["hardware"]["gpu"], warnings: string[] = []): GpuSpec {
  if (typeof gpu === "string") {
    const spec = findGpu(gpu);
    if (!spec) throw new ScenarioError([`hardware.gpu: got ${JSON.stringify(gpu)}, expected a catalog id (${listOf(GPU_IDS)}) or an inline spec`]);
    return spec;
  }
  return gpuFromInline(gpu, warnings);
}

export interface ResolvedPrice {
  usdPerGpuHour: number;
  /** What the price is: "given in the scenario" or the offer used. */
  basis: string;
}

/** A price per GPU-hour from the scenario, or the provider's catalog price (the one price rule, catalogPrice). */
export function resolvePrice(options: {pricing: Pricing | undefined; gpu: GpuSpec}): ResolvedPrice | null {
  const {pricing, gpu} = options;
  if (!pricing) return null;
  if (typeof pricing.usdPerGpuHour === "number") return {usdPerGpuHour: pricing.usdPerGpuHour, basis: "given in the scenario"};
  if (pricing.provider) {
    // The one price rule (catalog/prices.ts catalogPrice): the median of the provider's offers.
    const offer = catalogPrice({gpuId: gpu.id, provider: pricing.provider});
    if (!offer) {
      throw new ScenarioError([`pricing.provider: got ${JSON.stringify(pricing.provider)}, which has no offer for ${gpu.id} in the price catalog (providers: ${listOf(PROVIDERS, 30)})`]);
    }
    return {usdPerGpuHour: offer.usdPerGpuHour, basis: offer.basis};
  }
  return null;
}
