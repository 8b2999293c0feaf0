/**
 * The project's one number formatter: SI quantities from the engine (bytes, seconds,
 * tokens per second, US dollars, counts) → short strings for people, for the explorer's pages
 * (src/components/units.ts re-exports this module), the command's `--format table`
 * (lib/format/table.ts), the planner's table (lib/planner/table.ts) and bin/frontier.ts.
 * Display only: the engine computes in bytes, seconds, FLOP and dollars and never calls it.
 *
 * - Bytes are shown either in decimal units (GB = 1e9 bytes, as on GPU datasheets) or in
 *   binary units (GiB = 2^30 bytes, as `nvidia-smi` and PyTorch report); the reader picks
 *   with a GB/GiB switch, and every byte figure on a page goes through `formatBytes`.
 * - Non-finite input (NaN, ±Infinity) prints "—", never "NaN" or "Infinity".
 * - Output does not depend on the machine's locale (digits grouped with "," always).
 */

/** The two byte unit systems: decimal (GB = 1e9 B) or binary (GiB = 2^30 B). */
export type ByteUnit = "GB" | "GiB";
export const BYTE_UNITS: readonly ByteUnit[] = ["GB", "GiB"];

export const BYTES_PER_GB = 1e9;
export const BYTES_PER_GIB = 2 ** 30;

/** What non-finite values print as. */
export const MISSING = "—";

const DECIMAL_BYTE_UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
const BINARY_BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/** Bytes per GB or per GiB. */
export function bytesPerUnit(unit: ByteUnit): number {
  return unit === "GB" ? BYTES_PER_GB : BYTES_PER_GIB;
}

/**
 * A byte count in GB or GiB as a plain number (for chart axes).
 * @example bytesIn(80e9, "GiB") // 74.505…
 */
export function bytesIn(bytes: number, unit: ByteUnit): number {
  return bytes / bytesPerUnit(unit);
}

/**
 * Rounds to `digits` significant digits without exponent notation and groups thousands:
 * 0.012345 → "0.0123", 15.04 → "15.0", 123456 → "123,456" (never fewer digits than the integer part).
 */
export function formatNumber(x: number, {digits = 3}: {digits?: number} = {}): string {
  if (!Number.isFinite(x)) return MISSING;
  if (x === 0) return "0";
  const sign = x < 0 ? "−" : "";
  const abs = Math.abs(x);
  const magnitude = Math.floor(Math.log10(abs));
  const decimals = Math.max(0, digits - 1 - magnitude);
  let text = abs.toFixed(Math.min(decimals, 20));
  // toFixed may round up into the next power of ten (9.996 → "10.00"): trim the extra digit.
  if (decimals > 0 && Number(text) >= 10 ** (magnitude + 1)) text = abs.toFixed(Math.max(0, decimals - 1));
  const [int = "0", frac] = text.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return sign + (frac === undefined ? grouped : `${grouped}.${frac}`);
}

/**
 * A fixed number of decimals, thousands grouped, for table columns: 1234.5678 → "1,234.57"
 * (2 decimals), 0.05 → "0.050" (3). Non-finite → "—".
 */
export function formatFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return MISSING;
  const text = Math.abs(x).toFixed(decimals);
  const sign = x < 0 && Number(text) !== 0 ? "−" : "";
  const [int = "0", frac] = text.split(".");
  return sign + int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac === undefined ? "" : `.${frac}`);
}

/** Exponent form with `digits` significant digits: 3.1e24 → "3.10e24". Non-finite → "—". */
export function formatScientific(x: number, {digits = 3}: {digits?: number} = {}): string {
  if (!Number.isFinite(x)) return MISSING;
  return x.toExponential(Math.max(0, digits - 1)).replace("e+", "e").replace(/^-/, "−");
}

/** Rounds to a whole number and groups thousands: 1234567.8 → "1,234,568". */
export function formatInteger(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  const rounded = Math.round(Math.abs(x));
  const sign = x < 0 && rounded !== 0 ? "−" : "";
  // Grouped by hand below 1e21 (where String() gives every digit): toLocaleString with options
  // builds a new Intl.NumberFormat per call, about 0.1 ms in Chromium, and chart ticks and
  // tables call this thousands of times per redraw. Same text as "en-US" grouping.
  if (rounded < 1e21) return sign + String(rounded).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return sign + rounded.toLocaleString("en-US", {useGrouping: true, maximumFractionDigits: 0});
}

export interface FormatBytesOptions {
  /** Decimal (GB) or binary (GiB) units. Default "GiB". */
  unit?: ByteUnit;
  /**
   * "auto" (default) picks the prefix that keeps the number between 1 and 1000 (kB…EB or
   * KiB…EiB); "fixed" always prints GB or GiB, for figures meant to be compared side by side.
   */
  scale?: "auto" | "fixed";
  /** Significant digits. Default 3. */
  digits?: number;
}

/**
 * Bytes → "15.0 GiB" / "16.1 GB" / "160 KiB".
 * @example formatBytes(16_060_000_000, {unit: "GB"}) // "16.1 GB"
 * @example formatBytes(16_060_000_000, {unit: "GiB"}) // "15.0 GiB"
 */
export function formatBytes(bytes: number, {unit = "GiB", scale = "auto", digits = 3}: FormatBytesOptions = {}): string {
  if (!Number.isFinite(bytes)) return MISSING;
  const base = unit === "GB" ? 1000 : 1024;
  const names = unit === "GB" ? DECIMAL_BYTE_UNITS : BINARY_BYTE_UNITS;
  if (scale === "fixed") return `${formatNumber(bytes / base ** 3, {digits})} ${unit}`;
  let i = 0;
  let value = Math.abs(bytes);
  while (value >= base && i < names.length - 1) {
    value /= base;
    i++;
  }
  // Rounding may reach the base (1023.9 KiB → "1,024 KiB"): step up once more.
  if (i < names.length - 1 && Number(formatNumber(value, {digits}).replace(/,/g, "")) >= base) {
    value /= base;
    i++;
  }
  return `${formatNumber(Math.sign(bytes) * value, {digits})} ${names[i]}`;
}

/**
 * Bytes per second → "3.35 TB/s". Bandwidths are decimal by convention (datasheets).
 * @example formatBytesPerSecond(3.35e12) // "3.35 TB/s"
 */
export function formatBytesPerSecond(bytesPerSecond: number, {unit = "GB", digits = 3}: Omit<FormatBytesOptions, "scale"> = {}): string {
  if (!Number.isFinite(bytesPerSecond)) return MISSING;
  return `${formatBytes(bytesPerSecond, {unit, digits})}/s`;
}

const SECOND_STEPS: [limit: number, seconds: number, name: string][] = [
  [1e-6, 1e-9, "ns"],
  [1e-3, 1e-6, "µs"],
  [1, 1e-3, "ms"],
  [60, 1, "s"],
  [3600, 60, "min"],
  [86400, 3600, "h"],
  [86400 * 365, 86400, "days"],
  [Infinity, 86400 * 365, "years"]
];

/**
 * Seconds → "12.3 ms" / "4.50 s" / "2.00 h" / "18.2 days".
 * @example formatSeconds(0.0123) // "12.3 ms"
 */
export function formatSeconds(seconds: number, {digits = 3}: {digits?: number} = {}): string {
  if (!Number.isFinite(seconds)) return MISSING;
  if (seconds === 0) return "0 s";
  const abs = Math.abs(seconds);
  for (const [limit, size, name] of SECOND_STEPS) {
    // Compare the rounded value, so 59.9996 s prints as "1.00 min", not "60.0 s".
    if (Number(formatNumber(abs / size, {digits}).replace(/,/g, "")) * size < limit) {
      return `${formatNumber(seconds / size, {digits})} ${name}`;
    }
  }
  return MISSING; // unreachable: the last limit is Infinity
}

const COUNT_STEPS: [size: number, suffix: string][] = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "k"]
];

/**
 * A count with a short-scale suffix: 7_241_732_096 → "7.24 B"; below 10,000 grouped digits:
 * 4096 → "4,096". Suffixes: k (1e3), M (1e6), B (1e9), T (1e12).
 * @example formatCount(8_030_261_248) // "8.03 B"
 */
export function formatCount(count: number, {digits = 3}: {digits?: number} = {}): string {
  if (!Number.isFinite(count)) return MISSING;
  const abs = Math.abs(count);
  if (abs < 1e4) return Number.isInteger(count) ? formatInteger(count) : formatNumber(count, {digits});
  for (const [size, suffix] of COUNT_STEPS) {
    if (abs >= size || Number(formatNumber(abs / size, {digits}).replace(/,/g, "")) >= 1) {
      return `${formatNumber(count / size, {digits})} ${suffix}`;
    }
  }
  return formatNumber(count, {digits});
}

/**
 * Tokens per second → "1,234 tokens/s" / "45.6 tokens/s" / "1.23 M tokens/s".
 * @example formatTokensPerSecond(45.61) // "45.6 tokens/s"
 */
export function formatTokensPerSecond(tokensPerSecond: number, {digits = 3}: {digits?: number} = {}): string {
  if (!Number.isFinite(tokensPerSecond)) return MISSING;
  const abs = Math.abs(tokensPerSecond);
  const text = abs >= 1e6 ? formatCount(tokensPerSecond, {digits}) : abs >= 1000 ? formatInteger(tokensPerSecond) : formatNumber(tokensPerSecond, {digits});
  return `${text} tokens/s`;
}

const FLOP_PREFIXES = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"];

/**
 * FLOP → "1.23 ZFLOP" (SI prefixes). With `perSecond`, "989 TFLOP/s".
 * @example formatFlop(989e12, {perSecond: true}) // "989 TFLOP/s"
 */
export function formatFlop(flop: number, {digits = 3, perSecond = false}: {digits?: number; perSecond?: boolean} = {}): string {
  if (!Number.isFinite(flop)) return MISSING;
  let i = 0;
  let value = Math.abs(flop);
  while ((value >= 1000 || Number(formatNumber(value, {digits}).replace(/,/g, "")) >= 1000) && i < FLOP_PREFIXES.length - 1) {
    value /= 1000;
    i++;
  }
  return `${formatNumber(Math.sign(flop) * value, {digits})} ${FLOP_PREFIXES[i]}FLOP${perSecond ? "/s" : ""}`;
}

/**
 * US dollars: "$12,345" (≥ $1,000, whole dollars), "$12.35" (≥ $1, cents),
 * "$0.00123" (below $1, `digits` significant digits), "$4.56 M" / "$1.20 B" (≥ $1 million).
 * @example formatUsd(2.5) // "$2.50"
 */
export function formatUsd(usd: number, {digits = 3}: {digits?: number} = {}): string {
  if (!Number.isFinite(usd)) return MISSING;
  const sign = usd < 0 ? "−" : "";
  const abs = Math.abs(usd);
  let text: string;
  if (abs === 0) text = "0";
  else if (abs >= 1e9) text = `${formatNumber(abs / 1e9, {digits})} B`;
  else if (abs >= 1e6) text = `${formatNumber(abs / 1e6, {digits})} M`;
  else if (abs >= 999.995) text = formatInteger(abs);
  else if (abs >= 0.995) text = abs.toFixed(2);
  else text = formatNumber(abs, {digits});
  return `${sign}$${text}`;
}
