import {describe, expect, it} from "vitest";
import {
  BYTES_PER_GB,
  BYTES_PER_GIB,
  MISSING,
  bytesIn,
  formatBytes,
  formatBytesPerSecond,
  formatCount,
  formatFlop,
  formatInteger,
  formatNumber,
  formatSeconds,
  formatTokensPerSecond,
  formatUsd
} from "../../src/components/units.ts";

// Llama 3.1 8B has 8,030,261,248 parameters (meta-llama/Llama-3.1-8B safetensors index,
// total_size 16,060,522,496 bytes in bf16). Used below as a figure nobody here computed.
const LLAMA_31_8B_BF16_BYTES = 16_060_522_496;

describe("formatBytes", () => {
  it("shows Llama 3.1 8B's bf16 checkpoint as 16.1 GB or 15.0 GiB, the two figures people quote", () => {
    expect(formatBytes(LLAMA_31_8B_BF16_BYTES, {unit: "GB"})).toBe("16.1 GB");
    expect(formatBytes(LLAMA_31_8B_BF16_BYTES, {unit: "GiB"})).toBe("15.0 GiB");
  });

  it("defaults to binary units (GiB), as nvidia-smi and PyTorch report memory", () => {
    expect(formatBytes(BYTES_PER_GIB)).toBe("1.00 GiB");
  });

  it("tells an 80 GB H100 (80e9 bytes of HBM3 on the datasheet) is 74.5 GiB", () => {
    expect(formatBytes(80e9, {unit: "GB"})).toBe("80.0 GB");
    expect(formatBytes(80e9, {unit: "GiB"})).toBe("74.5 GiB");
  });

  it("picks the prefix that keeps the number below 1000 (or 1024), in the chosen system", () => {
    expect(formatBytes(163_840, {unit: "GiB"})).toBe("160 KiB"); // scaling-book: Llama 3 70B int8 KV per token
    expect(formatBytes(163_840, {unit: "GB"})).toBe("164 kB");
    expect(formatBytes(1.5e12, {unit: "GB"})).toBe("1.50 TB");
    expect(formatBytes(512, {unit: "GiB"})).toBe("512 B");
  });

  it("steps up a prefix when rounding reaches the base (1023.99 KiB prints as 1.00 MiB)", () => {
    expect(formatBytes(1023.999 * 1024, {unit: "GiB"})).toBe("1.00 MiB");
    expect(formatBytes(999_999_999, {unit: "GB"})).toBe("1.00 GB");
  });

  it("keeps GB or GiB with scale 'fixed', for figures compared side by side", () => {
    expect(formatBytes(163_840, {unit: "GiB", scale: "fixed"})).toBe("0.000153 GiB");
    expect(formatBytes(2.4e12, {unit: "GB", scale: "fixed"})).toBe("2,400 GB");
  });

  it("prints — for NaN and infinities, never 'NaN' or 'Infinity'", () => {
    for (const x of [NaN, Infinity, -Infinity]) expect(formatBytes(x)).toBe(MISSING);
  });
});

describe("bytesIn", () => {
  it("converts bytes to GB (1e9) or GiB (2^30) for chart axes", () => {
    expect(bytesIn(BYTES_PER_GB, "GB")).toBe(1);
    expect(bytesIn(BYTES_PER_GIB, "GiB")).toBe(1);
    expect(bytesIn(BYTES_PER_GIB, "GB")).toBeCloseTo(1.073741824, 12);
  });
});

describe("formatNumber", () => {
  it("rounds to significant digits without exponent notation and groups thousands", () => {
    expect(formatNumber(0.012345)).toBe("0.0123");
    expect(formatNumber(15.04)).toBe("15.0");
    expect(formatNumber(123_456)).toBe("123,456");
    expect(formatNumber(9.996)).toBe("10.0");
    expect(formatNumber(-2.5)).toBe("−2.50");
    expect(formatNumber(1e-12)).toBe("0.00000000000100");
  });
});

describe("formatInteger", () => {
  it("rounds and groups digits in the en-US style whatever the machine's locale", () => {
    expect(formatInteger(8_030_261_248)).toBe("8,030,261,248");
    expect(formatInteger(-0.4)).toBe("0");
    expect(formatInteger(NaN)).toBe(MISSING);
  });
});

describe("formatSeconds", () => {
  it("picks ns, µs, ms, s, min, h, days or years", () => {
    expect(formatSeconds(5e-8)).toBe("50.0 ns");
    expect(formatSeconds(2.5e-5)).toBe("25.0 µs");
    expect(formatSeconds(0.0123)).toBe("12.3 ms");
    expect(formatSeconds(4.5)).toBe("4.50 s");
    expect(formatSeconds(90)).toBe("1.50 min");
    expect(formatSeconds(7200)).toBe("2.00 h");
    // Llama 3.1 405B pre-training: 30.84 M H100-hours (model card); on 16,384 GPUs that is ≈ 78 days.
    expect(formatSeconds((30.84e6 / 16_384) * 3600)).toBe("78.4 days");
    expect(formatSeconds(3 * 365 * 86400)).toBe("3.00 years");
  });

  it("moves to the next unit when rounding reaches it (59.9996 s → 1.00 min)", () => {
    expect(formatSeconds(59.9996)).toBe("1.00 min");
    expect(formatSeconds(0.99999)).toBe("1.00 s");
  });

  it("prints 0 s for zero and — for non-finite values", () => {
    expect(formatSeconds(0)).toBe("0 s");
    expect(formatSeconds(Infinity)).toBe(MISSING);
    expect(formatSeconds(NaN)).toBe(MISSING);
  });
});

describe("formatCount", () => {
  it("shows parameter counts the way model cards do: 8.03 B, 405 B, 1.20 T", () => {
    expect(formatCount(8_030_261_248)).toBe("8.03 B");
    expect(formatCount(405.85e9)).toBe("406 B");
    expect(formatCount(1.2e12)).toBe("1.20 T");
    expect(formatCount(124_439_808)).toBe("124 M"); // GPT-2 small
  });

  it("groups digits below 10,000 and uses k above", () => {
    expect(formatCount(4096)).toBe("4,096");
    expect(formatCount(128_000)).toBe("128 k");
    expect(formatCount(999_999)).toBe("1.00 M");
  });

  it("prints — for non-finite values", () => {
    expect(formatCount(-Infinity)).toBe(MISSING);
  });
});

describe("formatTokensPerSecond", () => {
  it("shows decode speeds with 3 significant digits and large throughputs grouped", () => {
    expect(formatTokensPerSecond(45.61)).toBe("45.6 tokens/s");
    expect(formatTokensPerSecond(12_345.6)).toBe("12,346 tokens/s");
    expect(formatTokensPerSecond(2.5e6)).toBe("2.50 M tokens/s");
    expect(formatTokensPerSecond(NaN)).toBe(MISSING);
  });
});

describe("formatFlop", () => {
  it("uses SI prefixes: an H100 SXM's 989 dense bf16 TFLOP/s, GPT-3's 3.14e23 training FLOP", () => {
    expect(formatFlop(989e12, {perSecond: true})).toBe("989 TFLOP/s");
    expect(formatFlop(3.14e23)).toBe("314 ZFLOP");
    expect(formatFlop(999.9e12, {perSecond: true})).toBe("1.00 PFLOP/s");
  });
});

describe("formatBytesPerSecond", () => {
  it("shows bandwidth in decimal units, as datasheets do: an H100 SXM's 3.35 TB/s", () => {
    expect(formatBytesPerSecond(3.35e12)).toBe("3.35 TB/s");
    expect(formatBytesPerSecond(Infinity)).toBe(MISSING);
  });
});

describe("formatUsd", () => {
  it("shows cents from $1, whole dollars from $1,000 and M/B suffixes from $1 million", () => {
    expect(formatUsd(2.5)).toBe("$2.50");
    expect(formatUsd(1234.4)).toBe("$1,234");
    expect(formatUsd(4.56e6)).toBe("$4.56 M");
    expect(formatUsd(1.2e9)).toBe("$1.20 B");
  });

  it("keeps 3 significant digits below a dollar (a token's price is a small number)", () => {
    expect(formatUsd(0.00123)).toBe("$0.00123");
    expect(formatUsd(0.999)).toBe("$1.00");
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(-3)).toBe("−$3.00");
  });

  it("prints — for non-finite values", () => {
    expect(formatUsd(NaN)).toBe(MISSING);
  });
});
