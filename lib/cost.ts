/**
 * Dollars. A GPU-hour price turns time into money; everything else is time.
 *
 *     usdPerSecond = usdPerGpuHour · gpus / 3600
 *     usdPerMillionTokens = usdPerSecond / tokensPerSecond · 10^6
 *
 * Serving cost is attributed by time: the seconds spent in prefill are charged to input tokens,
 * the seconds spent decoding to output tokens (the split used by the Databricks and Anyscale
 * serving-cost write-ups and by per-token API pricing). Training cost = GPU-hours · price.
 */

/** Dollars per million tokens produced at `tokensPerSecond` by `gpus` GPUs at a price per GPU-hour. */
export function usdPerMillionTokens(options: {usdPerGpuHour: number; gpus: number; tokensPerSecond: number}): number | null {
  const {usdPerGpuHour, gpus, tokensPerSecond} = options;
  if (!(tokensPerSecond > 0) || !Number.isFinite(tokensPerSecond)) return null;
  return ((usdPerGpuHour * gpus) / 3600 / tokensPerSecond) * 1e6;
}

/** Dollars for `gpuHours` at a price per GPU-hour. */
export function usdForGpuHours(options: {gpuHours: number; usdPerGpuHour: number}): number {
  return options.gpuHours * options.usdPerGpuHour;
}

/** Tokens bought by one dollar: 10^6 / usdPerMillionTokens. */
export function tokensPerUsd(options: {usdPerMillionTokens: number}): number {
  return 1e6 / options.usdPerMillionTokens;
}
