/**
 * The catalogs in one place: models (Hugging Face configs with provenance and published
 * parameter counts), accelerators (SI units, dense FLOPS) and dated cloud prices.
 */
import {MODEL_CATALOG, type CatalogModel} from "./models.js";

export {MODEL_CATALOG} from "./models.js";
export type {CatalogModel, HfConfig, PublishedParams} from "./models.js";
export {GPU_CATALOG, GPU_IDS, findGpu} from "./gpus.js";
export {
  PRICE_CATALOG,
  PRICE_SNAPSHOT_DATE,
  PRICE_SOURCES,
  PROVIDERS,
  catalogPrice,
  cheapestOffer,
  offersForGpu,
  priceSummary,
} from "./prices.js";
export type {CatalogPrice, PriceOffer, PriceSummary, PricingType} from "./prices.js";

const MODEL_INDEX = new Map(MODEL_CATALOG.map((model) => [model.id.toLowerCase(), model]));

/** Every catalog model id, in catalog order. */
export const MODEL_IDS: readonly string[] = MODEL_CATALOG.map((model) => model.id);

/**
 * Looks a model up by catalog id, ignoring case and surrounding spaces.
 *
 * @example findModel({id: "Llama-3.1-8B"})?.config.hidden_size // 4096
 * @returns the catalog entry, or undefined when the id is unknown.
 */
export function findModel(options: {id: string} | string): CatalogModel | undefined {
  const id = typeof options === "string" ? options : options.id;
  return MODEL_INDEX.get(id.trim().toLowerCase());
}
