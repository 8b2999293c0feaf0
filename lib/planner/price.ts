/**
 * Prices for the planner: a price per GPU-hour from the caller, or the catalog default.
 * Part of the planner (lib/planner.ts re-exports it); SI units throughout.
 */
import {cheapestOffer} from "../catalog/prices.js";

/** A price per GPU-hour and what it is. */
export interface PlannerPrice {
  usdPerGpuHour: number;
  /** "given", or the catalog offer used: provider, pricing type and date. */
  basis: string;
}

/** A price source: the price of one hour of one GPU of a kind, or null when there is none. */
export type PriceOf = (gpuId: string) => number | PlannerPrice | null;

/**
 * The default price of a GPU kind from the price catalog: the cheapest on-demand offer, else the
 * cheapest offer of unspecified type (most rows of cloud-gpus.github.io, see prices.ts), else
 * the cheapest spot offer; null when the catalog has none.
 *
 * @example catalogPrice("h100-sxm")?.usdPerGpuHour // the cheapest listed H100 SXM hour
 */
export function catalogPrice(gpuId: string): PlannerPrice | null {
  // The catalog is fixed, so each GPU's answer is worked out once (the planner asks per plan row).
  if (!catalogPrices.has(gpuId)) {
    const offer = cheapestOffer({gpuId, pricingType: "on-demand"})
      ?? cheapestOffer({gpuId, pricingType: "unspecified"})
      ?? cheapestOffer({gpuId});
    catalogPrices.set(gpuId, offer ? {usdPerGpuHour: offer.usdPerGpuHour, basis: `${offer.provider} ${offer.pricingType} ${offer.dataDate}`} : null);
  }
  const price = catalogPrices.get(gpuId);
  return price ? {...price} : null;
}
const catalogPrices = new Map<string, PlannerPrice | null>();

export function priceFor(priceOf: PriceOf | undefined, gpuId: string): PlannerPrice | null {
  if (!priceOf) return catalogPrice(gpuId);
  const p = priceOf(gpuId);
  if (p === null || p === undefined) return null;
  if (typeof p === "number") return Number.isFinite(p) && p >= 0 ? {usdPerGpuHour: p, basis: "given"} : null;
  return p;
}
