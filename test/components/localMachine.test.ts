/**
 * The own-machine helpers the Overview and the Inference chapter draw from: the split bar's
 * rows are the engine's bytes, the -ngl sweep is the engine's speeds, and the MoE comparison
 * holds the GPU memory fixed.
 */
import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {findGpu} from "../../lib/catalog/gpus.ts";
import {resolveModel} from "../../lib/resolve.ts";
import type {InferenceWorkload} from "../../lib/scenario.ts";
import {defaultHost, devicesOf, gpuLayersSweep, localAnswer, moeComparison, splitBarChart, splitRows} from "../../src/components/localMachine.ts";

const host = {memoryGB: 64, bandwidthGBps: 83.2, tflops: {fp32: 2}};
const workload: InferenceWorkload = {type: "inference", engine: "llama.cpp", weights: "q4_k_m", kvCache: "fp16", batchSize: 1, promptTokens: 512, outputTokens: 128};

describe("the own-machine helpers", () => {
  it("offers GPUs, Macs and CPUs from the catalog by kind", () => {
    expect(devicesOf("GPU + RAM").map((g) => g.id)).toContain("rtx-5090");
    expect(devicesOf("Mac or unified memory").map((g) => g.id)).toContain("apple-m4-max");
    expect(devicesOf("CPU alone").map((g) => g.id)).toContain("epyc-9654-ddr5-4800");
    // A CPU starts from its own memory system: 12 channels × 8 B × 4800 MT/s.
    expect(defaultHost("CPU alone", findGpu("epyc-9654-ddr5-4800")!).bandwidthGBps).toBe(460.8);
  });

  it("splits the bytes between GPU and RAM exactly as the engine places them", () => {
    const a = localAnswer({arch: resolveModel("llama-3.1-70b").arch, device: findGpu("rtx-4090")!, host, workload: {...workload, gpuLayers: 40}});
    const {rows, capacities} = splitRows(a, "RTX 4090");
    const sum = (d: string) => rows.filter((r) => r.device === d).reduce((s, r) => s + r.bytes, 0);
    expect(sum("RTX 4090")).toBe(a.estimate.memory.gpuTotalBytes);
    expect(sum("RAM")).toBe(a.estimate.memory.hostTotalBytes);
    expect(capacities.map((c) => c.bytes)).toEqual([a.estimate.memory.gpuCapacityBytes, 64e9]);
    const svg = splitBarChart({rows, capacities}, {document: new JSDOM("").window.document});
    expect(svg.outerHTML).toMatch(/GPU and RAM split bar chart/);
  });

  it("sweeps -ngl from 0 to every slot, faster at each step", () => {
    const a = localAnswer({arch: resolveModel("llama-3.1-8b").arch, device: findGpu("rtx-3060-12gb")!, host, workload});
    const points = gpuLayersSweep({arch: resolveModel("llama-3.1-8b").arch, machine: a.machine, workload: a.workload});
    expect(points[0].gpuLayers).toBe(0);
    expect(points.at(-1)!.gpuLayers).toBe(33);
    for (let i = 1; i < points.length; i++) expect(points[i].decodeTokensPerSecond).toBeGreaterThan(points[i - 1].decodeTokensPerSecond);
  });

  it("finds experts in RAM faster than whole layers in RAM for the same GPU memory (Qwen3-30B-A3B on a 16 GB card)", () => {
    const arch = resolveModel("qwen3-30b-a3b").arch;
    const a = localAnswer({arch, device: findGpu("rtx-4060-ti-16gb")!, host, workload});
    const [, cpuMoe, layers] = moeComparison({arch, machine: a.machine, workload: a.workload});
    expect(layers.gpuBytes).toBeLessThanOrEqual(cpuMoe.gpuBytes);
    expect(cpuMoe.decodeTokensPerSecond).toBeGreaterThan(layers.decodeTokensPerSecond);
  });
});
