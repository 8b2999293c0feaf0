/**
 * The reader's own machine for llama.cpp (lib/local.ts): a GPU with host RAM, a Mac (or another
 * unified-memory box), or a CPU alone. Builds the scenario the engine reads, the GPU/RAM split
 * bar, and the sweeps the Overview and the Inference chapter draw (tokens/s against -ngl, MoE
 * experts on the host against layers on the host).
 */
import * as Plot from "./plot.js";
import type {Architecture} from "../lib/architecture.js";
import {GPU_CATALOG} from "../lib/catalog/gpus.js";
import type {GpuSpec} from "../lib/hardware.js";
import {autoFit, localEstimate, localMachine, type AutoFit, type LocalEstimate, type LocalMachine} from "../lib/local.js";
import type {InferenceWorkload, InlineHost} from "../lib/scenario.js";
import {bytesIn, formatBytes, type ByteUnit} from "./units.js";

/** The three kinds of machine a reader can pick. */
export const MACHINE_KINDS = ["GPU + RAM", "Mac or unified memory", "CPU alone"] as const;
export type MachineKind = (typeof MACHINE_KINDS)[number];

/** The catalog devices of a kind, in catalog order. */
export function devicesOf(kind: MachineKind): GpuSpec[] {
  const want = kind === "GPU + RAM" ? "gpu" : kind === "CPU alone" ? "cpu" : "soc";
  return GPU_CATALOG.filter((g) => g.kind === want);
}

/** A sensible first device of each kind. */
export const DEFAULT_DEVICE: Record<MachineKind, string> = {
  "GPU + RAM": "rtx-4090", "Mac or unified memory": "apple-m4-max", "CPU alone": "ryzen-9-7950x-ddr5-6000"
};

/**
 * Host figures a reader starts from: for a GPU box, 64 GB of DDR5-5200 in two channels
 * (2 × 8 B × 5200 MT/s = 83.2 GB/s) and a 16-core desktop CPU (≈ 2 TFLOPS FP32); for a Mac or
 * a CPU, the device's own memory and bandwidth.
 */
export function defaultHost(kind: MachineKind, device: GpuSpec): InlineHost {
  if (kind === "GPU + RAM") return {memoryGB: 64, bandwidthGBps: 83.2, tflops: {fp32: 2}};
  return {memoryGB: round(device.memoryBytes / 1e9), bandwidthGBps: round(device.bandwidthBytesPerSecond / 1e9),
    tflops: {fp32: kind === "CPU alone" ? round((device.flopsPerSecond.fp32 ?? 1e12) / 1e12) : 1}};
}
const round = (x: number) => Math.round(x * 10) / 10;

export interface LocalAnswer {
  machine: LocalMachine;
  workload: InferenceWorkload;
  estimate: LocalEstimate;
  fit: AutoFit;
  errors: string[];
  warnings: string[];
}

/**
 * The engine's answer for a model on the reader's machine (the same functions the command runs).
 * `fit`: the auto-fit of an earlier answer for the same model, machine and workload with any
 * -ngl (auto-fit ignores workload.gpuLayers), reused instead of searched again.
 */
export function localAnswer(options: {arch: Architecture; device: GpuSpec; count?: number; host: InlineHost; workload: InferenceWorkload; fit?: AutoFit}): LocalAnswer {
  const {arch, device, host} = options;
  const slots = arch.layers + 1;
  const workload: InferenceWorkload = {...options.workload, engine: "llama.cpp"};
  if (workload.gpuLayers !== undefined) workload.gpuLayers = Math.max(0, Math.min(slots, Math.round(workload.gpuLayers)));
  const {machine, errors, warnings} = localMachine({gpu: device, gpuCount: options.count ?? 1, host, arch, workload});
  const estimate = localEstimate({arch, machine, workload});
  const fit = options.fit ?? autoFit({arch, machine, workload: {...workload, gpuLayers: undefined}});
  return {machine, workload, estimate, fit, errors, warnings};
}

/** One piece of the split bar. */
export interface SplitDatum {
  device: string;
  component: string;
  bytes: number;
}

/** Where the bytes are: GPU (per GPU) and host RAM, by component. */
export function splitRows(answer: LocalAnswer, gpuLabel: string): {rows: SplitDatum[]; capacities: {device: string; bytes: number}[]} {
  const m = answer.estimate.memory;
  const rows: SplitDatum[] = [];
  const caps: {device: string; bytes: number}[] = [];
  if (answer.machine.kind !== "cpu") {
    rows.push({device: gpuLabel, component: "weights", bytes: m.gpuWeightsBytes},
      {device: gpuLabel, component: "KV cache", bytes: m.gpuKvBytes},
      {device: gpuLabel, component: "compute buffer + runtime", bytes: m.gpuComputeBytes + m.gpuOverheadBytes});
    caps.push({device: gpuLabel, bytes: m.gpuCapacityBytes});
  }
  rows.push({device: "RAM", component: "weights", bytes: m.hostWeightsBytes},
    {device: "RAM", component: "KV cache", bytes: m.hostKvBytes},
    {device: "RAM", component: "compute buffer + runtime", bytes: m.hostComputeBytes});
  if (answer.machine.hostKnown) caps.push({device: "RAM", bytes: m.hostCapacityBytes});
  return {rows, capacities: caps};
}

const COMPONENTS = ["weights", "KV cache", "compute buffer + runtime"];

/** The GPU/RAM split bar: one stacked bar per memory, a tick at each one's capacity. */
export function splitBarChart(data: {rows: SplitDatum[]; capacities: {device: string; bytes: number}[]},
  options: {unit?: ByteUnit; width?: number; document?: Document} = {}): SVGSVGElement | HTMLElement {
  const unit = options.unit ?? "GiB";
  const rows = data.rows.filter((r) => r.bytes > 0).map((r) => ({...r, value: bytesIn(r.bytes, unit)}));
  const caps = data.capacities.map((c) => ({...c, value: bytesIn(c.bytes, unit)}));
  const devices = [...new Set(data.rows.map((r) => r.device))];
  const longest = Math.max(...devices.map((d) => d.length));
  return Plot.plot({
    document: options.document,
    width: options.width ?? 640,
    height: 40 + 44 * devices.length,
    marginLeft: Math.min(220, 12 + 7 * longest),
    marginRight: 24,
    x: {label: `memory (${unit})`, grid: true, nice: true},
    y: {label: null, domain: devices},
    color: {domain: COMPONENTS, legend: true, scheme: "tableau10"},
    marks: [
      Plot.barX(rows, Plot.stackX({x: "value", y: "device", fill: "component", order: COMPONENTS,
        title: (d: SplitDatum & {value: number}) => `${d.device} · ${d.component}: ${formatBytes(d.bytes, {unit})}`})),
      Plot.tickX(caps, {x: "value", y: "device", stroke: "currentColor", strokeWidth: 3, strokeDasharray: "4,2"}),
      Plot.text(caps, {x: "value", y: "device", text: (d: {bytes: number}) => `capacity ${formatBytes(d.bytes, {unit})}`, dy: -17, textAnchor: "end", fontSize: 11}),
      Plot.ruleX([0])
    ],
    ariaLabel: "GPU and RAM split bar chart"
  }) as SVGSVGElement;
}

/** Decode and prefill speed at every -ngl from 0 to all slots, and whether the GPU holds it. */
export interface LayerPoint {
  gpuLayers: number;
  decodeTokensPerSecond: number;
  prefillTokensPerSecond: number;
  gpuFits: boolean;
  hostFits: boolean;
}

export function gpuLayersSweep(options: {arch: Architecture; machine: LocalMachine; workload: InferenceWorkload}): LayerPoint[] {
  const slots = options.arch.layers + 1;
  const step = Math.max(1, Math.ceil(slots / 60));
  const counts: number[] = [];
  for (let n = 0; n < slots; n += step) counts.push(n);
  counts.push(slots);
  const out: LayerPoint[] = [];
  for (const n of counts) {
    const e = localEstimate({...options, workload: {...options.workload, gpuLayers: n}, solvers: false});
    out.push({gpuLayers: n, decodeTokensPerSecond: 1 / e.speed.decode.seconds,
      prefillTokensPerSecond: (options.workload.promptTokens * options.workload.batchSize) / e.speed.prefill.seconds,
      gpuFits: e.memory.gpuFits, hostFits: e.memory.hostFits});
  }
  return out;
}

/** Tokens/s against -ngl: the decode line, dots where the GPU holds the layers, a rule at the most that fit. */
export function gpuLayersChart(points: LayerPoint[], options: {maxThatFit?: number | null; current?: number; width?: number; document?: Document} = {}): SVGSVGElement | HTMLElement {
  const marks: Plot.Markish[] = [
    Plot.line(points, {x: "gpuLayers", y: "decodeTokensPerSecond", stroke: "steelblue", strokeWidth: 2}),
    Plot.dot(points, {x: "gpuLayers", y: "decodeTokensPerSecond", fill: (d: LayerPoint) => (d.gpuFits && d.hostFits ? "fits" : "does not fit"), r: 3,
      title: (d: LayerPoint) => `-ngl ${d.gpuLayers}: ${d.decodeTokensPerSecond.toFixed(1)} tokens/s decode${d.gpuFits ? "" : " (GPU too small)"}`}),
    Plot.ruleY([0])
  ];
  if (options.maxThatFit !== undefined && options.maxThatFit !== null) {
    marks.push(Plot.ruleX([options.maxThatFit], {stroke: "currentColor", strokeDasharray: "4,3"}),
      Plot.text([options.maxThatFit], {x: (d: number) => d, frameAnchor: "top", dy: 4, dx: -4, textAnchor: "end", text: (d: number) => `most that fit: ${d}`, fontSize: 11}));
  }
  if (options.current !== undefined) marks.push(Plot.ruleX([options.current], {stroke: "orange", strokeWidth: 2}));
  return Plot.plot({
    document: options.document,
    width: options.width ?? 640,
    height: 300,
    marginLeft: 56,
    x: {label: "layers on the GPU (-ngl)", grid: true},
    y: {label: "decode (tokens/s)", grid: true, nice: true, zero: true},
    color: {domain: ["fits", "does not fit"], range: ["#30a46c", "#e5484d"], legend: true},
    marks,
    ariaLabel: "decode speed against GPU layers chart"
  }) as SVGSVGElement;
}

/** The MoE comparison: all on the GPU, experts in RAM (--cpu-moe), or whole layers in RAM using the same GPU memory. */
export interface MoeRow {
  placement: string;
  gpuLayers: number;
  expertsOnHost: boolean;
  gpuBytes: number;
  hostBytes: number;
  decodeTokensPerSecond: number;
  prefillTokensPerSecond: number;
  fits: boolean;
}

export function moeComparison(options: {arch: Architecture; machine: LocalMachine; workload: InferenceWorkload}): MoeRow[] {
  const slots = options.arch.layers + 1;
  const row = (placement: string, gpuLayers: number, expertsOnHost: boolean): MoeRow => {
    const e = localEstimate({...options, workload: {...options.workload, gpuLayers, expertsOnHost}, solvers: false});
    return {placement, gpuLayers, expertsOnHost, gpuBytes: e.memory.gpuTotalBytes, hostBytes: e.memory.hostTotalBytes,
      decodeTokensPerSecond: 1 / e.speed.decode.seconds,
      prefillTokensPerSecond: options.workload.promptTokens * options.workload.batchSize / e.speed.prefill.seconds, fits: e.memory.fits};
  };
  const all = row("everything on the GPU", slots, false);
  const cpuMoe = row("experts in RAM (--cpu-moe)", slots, true);
  // Whole layers in RAM with the GPU memory --cpu-moe uses: the largest -ngl whose GPU share is no bigger.
  let n = 0;
  for (let k = slots; k >= 0; k--) {
    const e = localEstimate({...options, workload: {...options.workload, gpuLayers: k, expertsOnHost: false}, solvers: false});
    if (e.memory.gpuTotalBytes <= cpuMoe.gpuBytes) {
      n = k;
      break;
    }
  }
  return [all, cpuMoe, row(`layers in RAM (-ngl ${n}, same GPU memory)`, n, false)];
}
