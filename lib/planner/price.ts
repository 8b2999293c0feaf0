/**
 * Prices for the planner: a price per GPU-hour from the caller, or the catalog default.
 * Part of the planner (lib/planner.ts re-exports it); SI units throughout.
 */
import {catalogPrice as catalogGpuPrice} from "../catalog/prices.js";

/** A price per GPU-hour and what it is. */
export interface PlannerPrice {
  usdPerGpuHour: number;
  /** "given", or the catalog offer used: provider, pricing type and date. */
  basis: string;
}

/** A price source: the price of one hour of one GPU of a kind, or null when there is none. */
export type PriceOf = (gpuId: string) => number | PlannerPrice | null;

/**
 * The default price of a GPU kind: the catalog's one price rule (`catalogPrice` in
 * lib/catalog/prices.ts: the median of its offers), as the scenario's `pricing.provider` and the
 * pages' default price; null when the catalog has none.
 *
 * @example catalogPrice("h100-sxm")?.usdPerGpuHour // the median listed H100 SXM hour
 */
export function catalogPrice(gpuId: string): PlannerPrice | null {
  // The catalog is fixed, so each GPU's price is worked out once (the planner asks per plan row).
  if (!catalogPrices.has(gpuId)) {
    const price = catalogGpuPrice({gpuId});
    catalogPrices.set(gpuId, price ? {usdPerGpuHour: price.usdPerGpuHour, basis: price.basis} : null);
  }
  const price = catalogPrices.get(gpuId);
  return price ? {...price} : null;
}
const catalogPrices = new Map<string, PlannerPrice | null>();

/** A provider's price of a GPU kind, by the same rule; null when it has no offer for it. */
export function providerPrice(gpuId: string, provider: string): PlannerPrice | null {
  const price = catalogGpuPrice({gpuId, provider});
  return price ? {usdPerGpuHour: price.usdPerGpuHour, basis: price.basis} : null;
}

/** A price source's answer for a GPU kind (the catalog's when there is no source), or null. */
export function priceFor(priceOf: PriceOf | undefined, gpuId: string): PlannerPrice | null {
  if (!priceOf) return catalogPrice(gpuId);
  const p = priceOf(gpuId);
  if (p === null || p === undefined) return null;
  if (typeof p === "number") return Number.isFinite(p) && p >= 0 ? {usdPerGpuHour: p, basis: "given"} : null;
  return p;
}
