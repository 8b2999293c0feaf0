/**
 * A plain-text table of one estimate, for `estimate --format table`. Pure: returns a string.
 *
 * Units are converted here, for display only, and always labelled: memory in GiB (2^30 bytes)
 * and GB (10^9 bytes) side by side, times in seconds (with hours/days for long runs), speeds in
 * tokens/s, prices in US dollars per million tokens. Keys a result has beyond contract v1 are
 * listed too, with a unit read from their name's suffix (`...Bytes`, `...Seconds`, ...).
 */
import type {Result, Scenario} from "../scenario.js";
import {formatFixed, formatInteger, formatNumber as formatDigits, formatScientific} from "./units.js";

const GIB = 2 ** 30;
const GB = 1e9;

/**
 * 3 significant digits, grouped thousands (the one formatter, lib/format/units.ts), in exponent
 * form from 1e15 or below 1e-4: `8.03`, `1,234`, `0.0123`, `3.10e24`.
 */
export function formatNumber(x: number): string {
  const abs = Math.abs(x);
  return Number.isFinite(x) && x !== 0 && (abs >= 1e15 || abs < 1e-4) ? formatScientific(x) : formatDigits(x);
}

function bytesText(bytes: number): string {
  return `${formatFixed(bytes / GIB, 2).padStart(8)} GiB  ${formatFixed(bytes / GB, 2).padStart(8)} GB`;
}

/** FLOP counts are astronomically large: always in exponent form past a million. */
function flopText(flop: number, unit = "FLOP"): string {
  return `${Math.abs(flop) >= 1e6 ? formatScientific(flop) : formatNumber(flop)} ${unit}`;
}

function secondsText(seconds: number): string {
  const base = `${formatNumber(seconds)} s`;
  if (seconds >= 2 * 86400) return `${base} (${formatNumber(seconds / 86400)} days)`;
  if (seconds >= 2 * 3600) return `${base} (${formatNumber(seconds / 3600)} hours)`;
  if (seconds >= 120) return `${base} (${formatNumber(seconds / 60)} min)`;
  return base;
}

function usdText(usd: number): string {
  return usd >= 100 ? `$${formatInteger(usd)}` : `$${formatNumber(usd)}`;
}

/** Parameters: `8.03 B (8,030,261,248)`, `13.6 M (13,631,488)`. */
function paramsText(n: number): string {
  const exact = formatInteger(n);
  if (n >= 1e9) return `${formatNumber(n / 1e9)} B (${exact})`;
  return n >= 1e6 ? `${formatNumber(n / 1e6)} M (${exact})` : exact;
}

const integerText = formatInteger;

/** A value of an extra result key, with a unit guessed from the key's suffix. */
function extraText(key: string, value: unknown): string | null {
  if (value === null) return "n/a";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (typeof value !== "number") return null;
  if (/Bytes$/.test(key)) return bytesText(value);
  if (/BytesPerToken$/.test(key)) return `${formatNumber(value)} bytes per token`;
  if (/BitsPerWeight$/.test(key)) return `${formatNumber(value)} bits per weight`;
  if (/Seconds$/.test(key)) return secondsText(value);
  if (/TokensPerSecond$/i.test(key)) return `${formatNumber(value)} tokens/s`;
  if (/FlopsPerSecond$/i.test(key)) return flopText(value, "FLOP/s");
  if (/flops/i.test(key)) return flopText(value);
  if (/PerGpuHour$/.test(key)) return `${usdText(value)} per GPU-hour`;
  if (/^usd|Usd$/.test(key)) return usdText(value);
  if (/Tokens$|^tokens/.test(key)) return `${integerText(value)} tokens`;
  if (/BatchSize$/.test(key)) return `${integerText(value)} sequences`;
  return formatNumber(value);
}

function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

type Row = [label: string, value: string];

function section(title: string, rows: Row[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return [title, ...rows.map(([label, value]) => `  ${label.padEnd(width)}   ${value}`)].join("\n");
}

function extras(object: object, known: readonly string[]): Row[] {
  const rows: Row[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (known.includes(key)) continue;
    const shown = extraText(key, value);
    if (shown !== null) rows.push([words(key), shown]);
  }
  return rows;
}

function describeScenario(scenario: Scenario): string {
  const config = scenario.model as Record<string, unknown>;
  const model = typeof scenario.model === "string"
    ? scenario.model
    : `inline config.json (${String(config._name_or_path ?? config.model_type ?? "no model_type")})`;
  const gpu = typeof scenario.hardware.gpu === "string" ? scenario.hardware.gpu : scenario.hardware.gpu.name;
  const w = scenario.workload;
  const what = w.type === "inference"
    ? `inference with ${w.engine}, ${w.weights} weights, ${w.kvCache} KV cache, batch ${w.batchSize}, ` +
      `${w.promptTokens} prompt + ${w.outputTokens} output tokens`
    : `training (${w.method}, ${w.precision}, ${w.optimizer}), micro-batch ${w.microBatchSize} × ${w.sequenceLength} tokens`;
  return `${model} on ${scenario.hardware.count} × ${gpu}: ${what}`;
}

export interface FormatResultTableOptions {
  result: Result;
  /** The scenario the result answers; adds a one-line heading. */
  scenario?: Scenario;
}

/**
 * The result as labelled sections (parameters, memory per GPU, inference or training, cost,
 * warnings), one row per figure, aligned for a monospace terminal.
 *
 * @example formatResultTable({result}) // "Parameters\n  total   8.03 B (8,030,261,248)\n..."
 */
export function formatResultTable({result, scenario}: FormatResultTableOptions): string {
  const blocks: string[] = [];
  if (scenario) blocks.push(describeScenario(scenario));

  const p = result.params;
  blocks.push(section("Parameters", [
    ["total", paramsText(p.total)],
    ["active per token", paramsText(p.active)],
    ["trainable", paramsText(p.trainable)],
    ...extras(p as Record<string, unknown>, ["total", "active", "trainable"])
  ]));

  const m = result.memory;
  const memoryKnown = ["weightsBytes", "kvCacheBytes", "activationsBytes", "gradientsBytes", "optimizerBytes",
    "overheadBytes", "totalBytes", "capacityBytes", "fits"];
  const share = m.capacityBytes > 0 ? ` (${formatNumber((100 * m.totalBytes) / m.capacityBytes)} % of capacity)` : "";
  blocks.push(section("Memory per GPU (GiB = 2^30 bytes, GB = 10^9 bytes)", [
    ["weights", bytesText(m.weightsBytes)],
    ["KV cache", bytesText(m.kvCacheBytes)],
    ["activations", bytesText(m.activationsBytes)],
    ["gradients", bytesText(m.gradientsBytes)],
    ["optimizer state", bytesText(m.optimizerBytes)],
    ["overhead", bytesText(m.overheadBytes)],
    ["total", bytesText(m.totalBytes)],
    ["capacity", bytesText(m.capacityBytes)],
    ["fits", `${m.fits ? "yes" : "NO"}${share}`],
    ...extras(m, memoryKnown)
  ]));

  if (result.inference) {
    const i = result.inference;
    blocks.push(section("Inference", [
      ["prefill (whole batch)", secondsText(i.prefillSeconds)],
      ["time to first token", secondsText(i.timeToFirstTokenSeconds)],
      ["decode speed per sequence", `${formatNumber(i.decodeTokensPerSecond)} tokens/s`],
      ["output throughput (batch)", `${formatNumber(i.throughputTokensPerSecond)} tokens/s`],
      ["decode is bound by", i.decodeBound === "memory" ? "memory bandwidth" : "compute"],
      ["largest batch that fits", `${integerText(i.maxBatchSize)} sequences`],
      ["longest context that fits", `${integerText(i.maxContextTokens)} tokens`],
      ...extras(i, ["prefillSeconds", "timeToFirstTokenSeconds", "decodeTokensPerSecond", "throughputTokensPerSecond",
        "decodeBound", "maxBatchSize", "maxContextTokens"])
    ]));
  }

  if (result.training) {
    const t = result.training;
    blocks.push(section("Training", [
      ["FLOPs per token", flopText(t.flopsPerToken)],
      ["total FLOPs", flopText(t.totalFlops)],
      ["speed per GPU", `${formatNumber(t.tokensPerSecondPerGpu)} tokens/s`],
      ["optimizer step", secondsText(t.stepSeconds)],
      ["GPU-hours", `${formatNumber(t.gpuHours)} GPU-h`],
      ["wall clock", secondsText(t.wallClockSeconds)],
      ...extras(t, ["flopsPerToken", "totalFlops", "tokensPerSecondPerGpu", "stepSeconds", "gpuHours", "wallClockSeconds"])
    ]));
  }

  if (result.cost) {
    const c = result.cost;
    const perMillion = (x: number | null) => (x === null ? "n/a" : `${usdText(x)} per million tokens`);
    blocks.push(section("Cost (US dollars)", [
      ["output tokens", perMillion(c.usdPerMillionOutputTokens)],
      ["input tokens", perMillion(c.usdPerMillionInputTokens)],
      ["training run", c.trainingUsd === null ? "n/a" : usdText(c.trainingUsd)],
      ...extras(c, ["usdPerMillionOutputTokens", "usdPerMillionInputTokens", "trainingUsd"])
    ]));
  }

  if (result.warnings.length) blocks.push(["Warnings", ...result.warnings.map((w) => `  - ${w}`)].join("\n"));
  return blocks.join("\n\n") + "\n";
}
