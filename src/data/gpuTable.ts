/**
 * The GPU table behind the GPUs page: one row per catalog accelerator, its datasheet figures
 * in SI units, the derived roofline figures, and a summary of the dated price catalog joined
 * on the GPU id with arquero.
 *
 * Derived columns:
 *
 *     ridgeFlopPerByte = dense bf16 FLOP/s ÷ memory bandwidth (bytes/s)        (FLOP per byte)
 *     bytesPerFlop     = 1 / ridgeFlopPerByte
 *     gbPerUsdHour     = (memoryBytes / 1e9) ÷ cheapest USD per GPU-hour
 *
 * The ridge point is where a kernel's arithmetic intensity (FLOP per byte moved) switches it
 * from memory-bound to compute-bound on that chip (Williams, Waterman & Patterson, "Roofline",
 * CACM 2009; jax-ml/scaling-book "Rooflines": TPU v5e 1.97e14 / 8.2e11 ≈ 240 FLOP/byte).
 *
 * Pure: the caller (the loader `gpus.json.ts`, or a test) passes the catalogs in.
 */
import * as aq from "arquero";
import type {GpuSpec} from "../../lib/hardware.ts";
import type {PriceOffer} from "../../lib/catalog/prices.ts";

/** One row of the GPU table. Bytes, bytes/s, FLOP/s, US dollars; dates as YYYY-MM-DD. */
export interface GpuRow {
  id: string;
  name: string;
  kind: GpuSpec["kind"];
  memoryBytes: number;
  bandwidthBytesPerSecond: number;
  /** Dense bf16 peak, FLOP/s; null when the catalog has no figure. */
  bf16FlopsPerSecond: number | null;
  /** Dense fp8 peak, FLOP/s; null when unsupported or unknown. */
  fp8FlopsPerSecond: number | null;
  /** bf16 FLOP/s ÷ bandwidth: the roofline's ridge point in FLOP per byte; null without a bf16 figure. */
  ridgeFlopPerByte: number | null;
  /** fp8 FLOP/s ÷ bandwidth, FLOP per byte; null without an fp8 figure. */
  fp8RidgeFlopPerByte: number | null;
  /** Bandwidth ÷ bf16 FLOP/s: bytes the chip can move per FLOP it computes. */
  bytesPerFlop: number | null;
  /** GPU-to-GPU bandwidth per direction, bytes/s; null for PCIe-only or unknown. */
  interconnectBytesPerSecond: number | null;
  source: string;
  /** Lowest price per GPU-hour in the price catalog, USD; null when no offer. */
  cheapestUsdPerGpuHour: number | null;
  /** Provider of the cheapest offer. */
  cheapestProvider: string | null;
  /** Median of the offers' USD per GPU-hour (mean of the two middle ones for an even count). */
  medianUsdPerGpuHour: number | null;
  offerCount: number;
  newestPriceDate: string | null;
  oldestPriceDate: string | null;
  /** Memory in GB (1e9 bytes) per dollar-hour at the cheapest offer. */
  gbPerUsdHour: number | null;
}

export interface GpuTable {
  /** Date of the newest price snapshot (YYYY-MM-DD). */
  priceSnapshotDate: string;
  /** Where the prices come from. */
  priceSources: string[];
  rows: GpuRow[];
}

/** a / b, or null when either is missing or b is not positive. */
const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a == null || b == null || !(b > 0) ? null : a / b;

const orNull = <T>(x: T | undefined | null): T | null => (x === undefined || x === null || (typeof x === "number" && !Number.isFinite(x)) ? null : x);

/**
 * Builds the GPU table.
 *
 * @example gpuTable({gpus: GPU_CATALOG, offers: PRICE_CATALOG, priceSnapshotDate: "2025-10-25", priceSources: []})
 *   .rows.find((r) => r.id === "tpu-v5e")?.ridgeFlopPerByte // ≈ 240.2 (197e12 / 820e9)
 */
export function gpuTable(options: {
  gpus: readonly GpuSpec[];
  offers: readonly PriceOffer[];
  priceSnapshotDate: string;
  priceSources: readonly string[];
}): GpuTable {
  const {gpus, offers} = options;
  const specs = aq.from(
    gpus.map((g, order) => ({
      order,
      id: g.id,
      name: g.name,
      kind: g.kind,
      memoryBytes: g.memoryBytes,
      bandwidthBytesPerSecond: g.bandwidthBytesPerSecond,
      bf16FlopsPerSecond: g.flopsPerSecond.bf16 ?? null,
      fp8FlopsPerSecond: g.flopsPerSecond.fp8 ?? null,
      interconnectBytesPerSecond: g.interconnectBytesPerSecond,
      source: g.source
    }))
  );
  // Column-wise, so an empty price list still has its columns.
  const priceTable = aq.table({
    gpuId: offers.map((o) => o.gpuId),
    provider: offers.map((o) => o.provider),
    usd: offers.map((o) => o.usdPerGpuHour),
    date: offers.map((o) => o.dataDate)
  });
  // Cheapest offer's provider: the first row of each GPU once sorted by price (ties: newer first).
  const cheapest = priceTable
    .orderby("gpuId", "usd", aq.desc("date"))
    .groupby("gpuId")
    .filter(() => aq.op.row_number() === 1)
    .ungroup()
    .select({gpuId: "gpuId", provider: "cheapestProvider"});
  const summary = priceTable
    .groupby("gpuId")
    .rollup({
      cheapestUsdPerGpuHour: aq.op.min("usd"),
      medianUsdPerGpuHour: aq.op.median("usd"),
      offerCount: aq.op.count(),
      newestPriceDate: aq.op.max("date"),
      oldestPriceDate: aq.op.min("date")
    })
    .join_left(cheapest, "gpuId");
  const joined = specs
    .join_left(summary, ["id", "gpuId"])
    // Closures run as written (aq.escape): arquero would otherwise re-parse their source.
    .derive({
      ridgeFlopPerByte: aq.escape((d: Record<string, number | null>) => ratio(d.bf16FlopsPerSecond, d.bandwidthBytesPerSecond)),
      fp8RidgeFlopPerByte: aq.escape((d: Record<string, number | null>) => ratio(d.fp8FlopsPerSecond, d.bandwidthBytesPerSecond)),
      bytesPerFlop: aq.escape((d: Record<string, number | null>) => ratio(d.bandwidthBytesPerSecond, d.bf16FlopsPerSecond)),
      gbPerUsdHour: aq.escape((d: Record<string, number | null>) => ratio(d.memoryBytes == null ? null : d.memoryBytes / 1e9, d.cheapestUsdPerGpuHour))
    });
  const rows: GpuRow[] = (joined.orderby("order").objects() as Record<string, unknown>[]).map((r) => ({
    id: r.id as string,
    name: r.name as string,
    kind: r.kind as GpuSpec["kind"],
    memoryBytes: r.memoryBytes as number,
    bandwidthBytesPerSecond: r.bandwidthBytesPerSecond as number,
    bf16FlopsPerSecond: orNull(r.bf16FlopsPerSecond as number | null),
    fp8FlopsPerSecond: orNull(r.fp8FlopsPerSecond as number | null),
    ridgeFlopPerByte: orNull(r.ridgeFlopPerByte as number | null),
    fp8RidgeFlopPerByte: orNull(r.fp8RidgeFlopPerByte as number | null),
    bytesPerFlop: orNull(r.bytesPerFlop as number | null),
    interconnectBytesPerSecond: orNull(r.interconnectBytesPerSecond as number | null),
    source: r.source as string,
    cheapestUsdPerGpuHour: orNull(r.cheapestUsdPerGpuHour as number | undefined),
    cheapestProvider: orNull(r.cheapestProvider as string | undefined),
    medianUsdPerGpuHour: orNull(r.medianUsdPerGpuHour as number | undefined),
    offerCount: (r.offerCount as number | undefined) ?? 0,
    newestPriceDate: orNull(r.newestPriceDate as string | undefined),
    oldestPriceDate: orNull(r.oldestPriceDate as string | undefined),
    gbPerUsdHour: orNull(r.gbPerUsdHour as number | null)
  }));
  return {priceSnapshotDate: options.priceSnapshotDate, priceSources: [...options.priceSources], rows};
}
