/**
 * Memory per dollar: GB (or GiB) of GPU memory rented per dollar-hour at each GPU's cheapest
 * listed offer, one bar per GPU, largest first. What a memory-bound workload (decoding a
 * large model at small batch) buys per dollar.
 */
import * as Plot from "./plot.js";
import {bytesIn, formatNumber, formatUsd, type ByteUnit} from "./units.js";

export interface MemoryPerDollarDatum {
  name: string;
  memoryBytes: number;
  /** Cheapest US dollars per GPU-hour; rows without a price are skipped. */
  usdPerGpuHour: number | null;
}

export interface MemoryPerDollarChartOptions {
  unit?: ByteUnit;
  width?: number;
  document?: Document;
}

export const MEMORY_PER_DOLLAR_CHART_LABEL = "memory per dollar-hour";

/**
 * value = memoryBytes / (1e9 or 2^30) / usdPerGpuHour
 * @example memoryPerDollarChart([{name: "H100", memoryBytes: 85.5e9, usdPerGpuHour: 1.8}], {unit: "GB"})
 */
export function memoryPerDollarChart(
  data: readonly MemoryPerDollarDatum[],
  {unit = "GB", width = 640, document = globalThis.document}: MemoryPerDollarChartOptions = {}
): HTMLElement | SVGSVGElement {
  const rows = data
    .filter((d) => d.usdPerGpuHour !== null && d.usdPerGpuHour > 0 && Number.isFinite(d.memoryBytes))
    .map((d) => ({...d, value: bytesIn(d.memoryBytes, unit) / d.usdPerGpuHour!}))
    .sort((a, b) => b.value - a.value);
  return Plot.plot({
    document,
    width,
    height: Math.max(120, 18 * rows.length + 50),
    ariaLabel: MEMORY_PER_DOLLAR_CHART_LABEL,
    marginLeft: Math.min(240, 10 + 6.5 * Math.max(0, ...rows.map((r) => r.name.length))),
    x: {label: `${unit} of memory per dollar-hour (cheapest offer)`, grid: true},
    y: {label: null, domain: rows.map((r) => r.name)},
    marks: [
      Plot.barX(rows, {
        x: "value", y: "name", fill: "var(--theme-foreground-focus)",
        channels: {price: {value: (d: MemoryPerDollarDatum) => `${formatUsd(d.usdPerGpuHour!)}/GPU-hour`, label: "cheapest"}},
        tip: {format: {x: (v: number) => `${formatNumber(v)} ${unit}/$·h`, y: true, price: true}}
      }),
      Plot.ruleX([0])
    ]
  });
}
