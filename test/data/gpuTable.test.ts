import {describe, expect, it} from "vitest";
import {GPU_CATALOG, PRICE_CATALOG, PRICE_SNAPSHOT_DATE, PRICE_SOURCES, priceSummary} from "../../lib/catalog/index.ts";
import type {GpuSpec} from "../../lib/hardware.ts";
import type {PriceOffer} from "../../lib/catalog/prices.ts";
import {gpuTable} from "../../src/data/gpuTable.ts";

const table = gpuTable({gpus: GPU_CATALOG, offers: PRICE_CATALOG, priceSnapshotDate: PRICE_SNAPSHOT_DATE, priceSources: PRICE_SOURCES});
const row = (id: string) => {
  const r = table.rows.find((x) => x.id === id);
  if (!r) throw new Error(`no row ${id}`);
  return r;
};

const offer = (gpuId: string, usdPerGpuHour: number, dataDate: string, provider = "P"): PriceOffer => ({
  provider, gpuId, gpuLabel: gpuId, usdPerGpuHour, pricingType: "unspecified", dataDate, instanceType: null, gpuCount: 1,
  source: "test", formFactorAssumed: false
});
const gpu = (id: string, memoryGB: number, bandwidthGBps: number, bf16Tflops?: number): GpuSpec => ({
  id, name: id, kind: "gpu", memoryBytes: memoryGB * 1e9, bandwidthBytesPerSecond: bandwidthGBps * 1e9,
  flopsPerSecond: bf16Tflops === undefined ? {} : {bf16: bf16Tflops * 1e12}, interconnectBytesPerSecond: null, source: "test"
});

describe("gpuTable", () => {
  it("keeps one row per catalog GPU, in catalog order, with the snapshot date", () => {
    expect(table.rows.map((r) => r.id)).toEqual(GPU_CATALOG.map((g) => g.id));
    expect(table.priceSnapshotDate).toBe(PRICE_SNAPSHOT_DATE);
    expect(table.priceSources.length).toBeGreaterThan(0);
  });

  it("puts TPU v5e's ridge point at about 240 FLOP per byte, as the scaling book's roofline chapter does", () => {
    // jax-ml/scaling-book "Rooflines": 1.97e14 bf16 FLOP/s ÷ 8.2e11 bytes/s ≈ 240 (the book rounds).
    expect(row("tpu-v5e").ridgeFlopPerByte).toBeGreaterThan(240 * 0.995);
    expect(row("tpu-v5e").ridgeFlopPerByte).toBeLessThan(240 * 1.005);
  });

  it("divides dense bf16 FLOP/s by bandwidth for the ridge point and inverts it for bytes per FLOP", () => {
    const t = gpuTable({gpus: [gpu("x", 80, 2000, 1000)], offers: [], priceSnapshotDate: "2025-01-01", priceSources: []});
    expect(t.rows[0]!.ridgeFlopPerByte).toBeCloseTo(500, 9);
    expect(t.rows[0]!.bytesPerFlop).toBeCloseTo(0.002, 12);
  });

  it("gives an H100 SXM a lower ridge point than its fp8 ridge point (fp8 doubles the FLOP/s, not the bandwidth)", () => {
    const h100 = row("h100-sxm");
    expect(h100.fp8RidgeFlopPerByte! / h100.ridgeFlopPerByte!).toBeCloseTo(1979 / 989, 6);
  });

  it("agrees with the engine's priceSummary on cheapest, median, count and date range for every GPU", () => {
    for (const r of table.rows) {
      const s = priceSummary({gpuId: r.id});
      expect(r.offerCount, r.id).toBe(s.count);
      expect(r.cheapestUsdPerGpuHour, r.id).toBe(s.cheapest?.usdPerGpuHour ?? null);
      expect(r.cheapestProvider, r.id).toBe(s.cheapest?.provider ?? null);
      if (s.medianUsdPerGpuHour === null) expect(r.medianUsdPerGpuHour).toBeNull();
      else expect(r.medianUsdPerGpuHour!, r.id).toBeCloseTo(s.medianUsdPerGpuHour, 9);
      expect(r.newestPriceDate, r.id).toBe(s.newestDate);
      expect(r.oldestPriceDate, r.id).toBe(s.oldestDate);
    }
  });

  it("takes the mean of the two middle offers as the median of an even count, and the newest and oldest dates", () => {
    const t = gpuTable({
      gpus: [gpu("x", 80, 2000, 1000)],
      offers: [offer("x", 4, "2024-03-01"), offer("x", 1, "2023-01-01", "Cheap"), offer("x", 2, "2025-06-30"), offer("x", 9, "2022-12-31")],
      priceSnapshotDate: "2025-07-01", priceSources: ["test"]
    });
    const r = t.rows[0]!;
    expect(r.medianUsdPerGpuHour).toBe(3);
    expect(r.cheapestUsdPerGpuHour).toBe(1);
    expect(r.cheapestProvider).toBe("Cheap");
    expect(r.offerCount).toBe(4);
    expect(r.newestPriceDate).toBe("2025-06-30");
    expect(r.oldestPriceDate).toBe("2022-12-31");
    expect(r.gbPerUsdHour).toBe(80);
  });

  it("gives GB per dollar-hour at the cheapest offer", () => {
    const h100 = row("h100-sxm");
    expect(h100.gbPerUsdHour!).toBeCloseTo(h100.memoryBytes / 1e9 / h100.cheapestUsdPerGpuHour!, 9);
  });

  it("leaves a GPU without offers or without a bf16 figure with nulls and a zero count, never NaN", () => {
    const t = gpuTable({gpus: [gpu("bare", 16, 100)], offers: [offer("other", 1, "2024-01-01")], priceSnapshotDate: "2025-01-01", priceSources: []});
    const r = t.rows[0]!;
    expect(r.offerCount).toBe(0);
    expect([r.cheapestUsdPerGpuHour, r.medianUsdPerGpuHour, r.gbPerUsdHour, r.ridgeFlopPerByte, r.bytesPerFlop, r.newestPriceDate]).toEqual([null, null, null, null, null, null]);
    expect(JSON.stringify(table)).not.toMatch(/NaN|Infinity/);
  });
});
