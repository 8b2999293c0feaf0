/**
 * The compatibility table (lib/compat.ts) and device capabilities (lib/hardware.ts): impossible
 * setups are refused naming the field and what would work; converted setups are computed as they
 * run, with a warning. Rules are read from the engines' documents (sources in compat.ts).
 */
import {describe, expect, it} from "vitest";
import {findGpu, GPU_CATALOG} from "../lib/catalog/index.ts";
import {compatibility, type CompatSetup} from "../lib/compat.ts";
import {estimate} from "../lib/estimate.ts";
import {ENGINES, KV_FORMATS, WEIGHT_FORMATS, type EngineName, type KvFormat, type WeightFormat} from "../lib/formats.ts";
import {deviceCapabilities, type GpuSpec} from "../lib/hardware.ts";
import {gpuFromInline} from "../lib/resolve.ts";

const gpu = (id: string): GpuSpec => findGpu(id)!;

function setup(engine: EngineName, weights: WeightFormat, kvCache: KvFormat, gpuId: string): CompatSetup {
  return {engine, weights, kvCache, gpu: gpu(gpuId)};
}

function scenario(engine: EngineName, weights: WeightFormat, kvCache: KvFormat, gpuId: string) {
  return {model: "llama-3.1-8b", hardware: {gpu: gpuId, count: 1},
    workload: {type: "inference", engine, weights, kvCache, batchSize: 1, promptTokens: 512, outputTokens: 128}};
}

describe("device capabilities", () => {
  it("reads a T4 as CUDA with int8 tensor cores but no bf16 and no fp8", () => {
    expect(deviceCapabilities(gpu("t4"))).toEqual({backend: "cuda", bf16: false, fp8: false, fp4: false, int8: true});
  });

  it("reads an H100 as CUDA with bf16, fp8 and int8 but no fp4, and a B200 with fp4", () => {
    expect(deviceCapabilities(gpu("h100-sxm"))).toEqual({backend: "cuda", bf16: true, fp8: true, fp4: false, int8: true});
    expect(deviceCapabilities(gpu("b200")).fp4).toBe(true);
  });

  it("counts an RTX 3090 as Ampere with bf16 although the catalog has no bf16 figure for it", () => {
    expect(gpu("rtx-3090").flopsPerSecond.bf16).toBeUndefined();
    expect(deviceCapabilities(gpu("rtx-3090")).bf16).toBe(true);
  });

  it("puts AMD GPUs on ROCm, Apple silicon on Metal, Intel Arc on XPU, TPUs on XLA, Gaudi on Habana, CPUs on CPU, NVIDIA on CUDA", () => {
    const vendor = (g: GpuSpec) => g.kind === "cpu" ? "cpu" : /^AMD (Instinct|Radeon|Ryzen AI)/.test(g.name) ? "rocm"
      : /^Apple /.test(g.name) ? "metal" : /^Intel Arc/.test(g.name) ? "xpu" : /TPU/.test(g.name) ? "tpu"
      : /Gaudi/.test(g.name) ? "gaudi" : /^NVIDIA/.test(g.name) ? "cuda" : "unknown vendor";
    for (const g of GPU_CATALOG) expect(deviceCapabilities(g).backend, g.id).toBe(vendor(g));
  });

  it("infers an inline spec's back-end from its name, and takes an explicit one over the name", () => {
    const m1 = gpuFromInline({name: "Apple M1 Max 32-core GPU 64GB", memoryGB: 64, bandwidthGBps: 400, tflops: {fp32: 10.4}});
    expect(deviceCapabilities(m1).backend).toBe("metal");
    const mi = gpuFromInline({name: "AMD Instinct MI210", memoryGB: 64, bandwidthGBps: 1600, tflops: {bf16: 181}});
    expect(deviceCapabilities(mi).backend).toBe("rocm");
    const ryzen = gpuFromInline({name: "AMD Ryzen 7 5800X, 2x DDR4-2133 (dual channel)", memoryGB: 32, bandwidthGBps: 34, tflops: {fp32: 1}});
    expect(deviceCapabilities(ryzen).backend).toBe("cpu");
    const apu = gpuFromInline({name: "AMD Ryzen AI Max+ 395 (Radeon 8060S, 128 GB)", memoryGB: 128, bandwidthGBps: 256, tflops: {fp16: 59}});
    expect(deviceCapabilities(apu).backend).toBe("rocm");
    const odd = gpuFromInline({name: "Lab card", memoryGB: 16, bandwidthGBps: 500, tflops: {fp16: 50}, backend: "rocm"});
    expect(deviceCapabilities(odd).backend).toBe("rocm");
  });

  it("infers native formats of an inline spec from the TFLOPS keys it gives", () => {
    const t4like = gpuFromInline({name: "Tesla T4", memoryGB: 16, bandwidthGBps: 320, tflops: {fp32: 8.1, fp16: 65, int8: 130}});
    expect(deviceCapabilities(t4like)).toMatchObject({bf16: false, fp8: false, int8: true});
  });
});

describe("refusals", () => {
  it("refuses AWQ weights with llama.cpp, naming workload.weights and offering 4.5-bit GGUF formats and other engines", () => {
    const c = compatibility(setup("llama.cpp", "awq-int4", "fp16", "rtx-4090"));
    expect(c.errors).toHaveLength(1);
    const e = c.errors[0]!;
    expect(e.field).toBe("workload.weights");
    expect(e.message).toMatch(/^workload\.weights: got "awq-int4", but llama\.cpp does not load awq-int4/);
    expect(e.suggestions.slice(0, 2).sort()).toEqual(["q4_0", "q4_k_m"]);
    expect(e.alternatives?.field).toBe("workload.engine");
    expect(e.alternatives?.suggestions).toContain("vllm");
    expect(e.alternatives?.suggestions).not.toContain("llama.cpp");
  });

  it("refuses FP8 weights on a T4 with vLLM (no FP8 units, and Marlin needs Ampere), offering int8/int4 and GPUs with FP8", () => {
    const e = compatibility(setup("vllm", "fp8", "fp16", "t4")).errors[0]!;
    expect(e.field).toBe("workload.weights");
    expect(e.message).toContain("native fp8");
    expect(e.suggestions[0]).toBe("int8");
    expect(e.suggestions).not.toContain("fp8");
    expect(e.alternatives?.field).toBe("hardware.gpu");
    for (const id of e.alternatives!.suggestions) expect(deviceCapabilities(gpu(id)).fp8, id).toBe(true);
  });

  it("refuses vLLM on Apple M2 Ultra (no Metal back-end), naming workload.engine and offering llama.cpp", () => {
    const c = compatibility(setup("vllm", "bf16", "bf16", "apple-m2-ultra"));
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]!.field).toBe("workload.engine");
    expect(c.errors[0]!.message).toContain("no Metal back-end");
    expect(c.errors[0]!.suggestions).toContain("llama.cpp");
    expect(c.errors[0]!.alternatives?.field).toBe("hardware.gpu");
  });

  it("refuses TensorRT-LLM on an AMD MI300X (CUDA only) and on a T4 (Ampere or newer)", () => {
    expect(compatibility(setup("tensorrt-llm", "bf16", "bf16", "mi300x")).errors[0]!.message).toContain("no ROCm back-end");
    const t4 = compatibility(setup("tensorrt-llm", "fp16", "fp16", "t4")).errors[0]!;
    expect(t4.field).toBe("workload.engine");
    expect(t4.message).toContain("Ampere");
  });

  it("refuses AWQ with vLLM on a V100 (AWQ kernels need Turing) but runs GPTQ there", () => {
    expect(compatibility(setup("vllm", "awq-int4", "fp16", "v100-sxm2-32gb")).errors[0]!.field).toBe("workload.weights");
    expect(compatibility(setup("vllm", "gptq-int4", "fp16", "v100-sxm2-32gb")).errors).toEqual([]);
  });

  it("refuses bitsandbytes nf4 with vLLM on ROCm", () => {
    expect(compatibility(setup("vllm", "nf4", "bf16", "mi300x")).errors[0]!.message).toContain("CUDA");
  });

  it("refuses GGUF k-quants with transformers (it dequantises GGUF files on load)", () => {
    expect(compatibility(setup("transformers", "q4_k_m", "bf16", "h100-sxm")).errors[0]!.field).toBe("workload.weights");
  });

  it("refuses an fp8 KV cache with llama.cpp and a q8_0 KV cache with vLLM, naming workload.kvCache", () => {
    const l = compatibility(setup("llama.cpp", "q4_k_m", "fp8", "rtx-4090")).errors[0]!;
    expect(l.field).toBe("workload.kvCache");
    expect(l.suggestions[0]).toBe("q8_0");
    const v = compatibility(setup("vllm", "bf16", "q8_0", "h100-sxm")).errors[0]!;
    expect(v.field).toBe("workload.kvCache");
    expect(v.suggestions[0]).toBe("fp8");
  });

  it("refuses TensorRT-LLM's FP8 KV cache on an A100 (Ada or newer)", () => {
    const e = compatibility(setup("tensorrt-llm", "fp16", "fp8", "a100-sxm-80gb")).errors[0]!;
    expect(e.field).toBe("workload.kvCache");
    expect(e.alternatives?.field).toBe("hardware.gpu");
  });

  it("offers only choices that run: substituting any suggestion clears the problem on its field", () => {
    const gpus = ["t4", "v100-sxm2-32gb", "a100-sxm-80gb", "h100-sxm", "mi300x", "apple-m2-ultra", "tpu-v5e"];
    let refusals = 0;
    for (const engine of ENGINES) for (const weights of WEIGHT_FORMATS) for (const kvCache of KV_FORMATS) for (const id of gpus) {
      const s = setup(engine, weights, kvCache, id);
      for (const e of compatibility(s).errors) {
        refusals++;
        for (const [field, values] of [[e.field, e.suggestions], [e.alternatives?.field, e.alternatives?.suggestions ?? []]] as const) {
          for (const value of values) {
            const fixed = field === "hardware.gpu" ? {...s, gpu: gpu(value)}
              : field === "workload.engine" ? {...s, engine: value as EngineName}
              : field === "workload.weights" ? {...s, weights: value as WeightFormat} : {...s, kvCache: value as KvFormat};
            const still = compatibility(fixed).errors.filter((x) => x.field === e.field);
            expect(still, `${engine}/${weights}/${kvCache}/${id}: ${field} = ${value}`).toEqual([]);
          }
        }
      }
    }
    expect(refusals).toBeGreaterThan(100);
  });
});

describe("converted setups are computed as they run", () => {
  it("warns that bf16 weights on a T4 run as fp16, and computes them at the fp16 peak", () => {
    const c = compatibility(setup("vllm", "bf16", "fp16", "t4"));
    expect(c.errors).toEqual([]);
    expect(c.warnings.map((w) => w.field)).toEqual(["workload.weights"]);
    expect(c.warnings[0]!.message).toMatch(/fp16.*fp16 peak/);
    const r = estimate(scenario("vllm", "bf16", "fp16", "t4"));
    if (!r.ok) throw new Error(r.errors.join("\n"));
    expect(r.result.inference!.computePrecision).toBe("fp16");
    expect(r.result.warnings).toContain(c.warnings[0]!.message);
  });

  it("warns that FP8 weights on an A100 run weight-only through Marlin, computed at the bf16 peak with 8-bit weights", () => {
    const c = compatibility(setup("vllm", "fp8", "bf16", "a100-sxm-80gb"));
    expect(c.errors).toEqual([]);
    expect(c.warnings[0]!.message).toMatch(/Marlin.*bf16 peak/);
    const r = estimate(scenario("vllm", "fp8", "bf16", "a100-sxm-80gb"));
    const bf16 = estimate(scenario("vllm", "bf16", "bf16", "a100-sxm-80gb"));
    if (!r.ok || !bf16.ok) throw new Error("refused");
    expect(r.result.inference!.computePrecision).toBe("bf16");
    // 8-bit weights in memory: about half of bf16 (embeddings and norms stay 16-bit).
    expect(r.result.memory.weightsBytes / bf16.result.memory.weightsBytes).toBeGreaterThan(0.5);
    expect(r.result.memory.weightsBytes / bf16.result.memory.weightsBytes).toBeLessThan(0.6);
  });

  it("warns that a bf16 KV cache on a T4 is stored as fp16", () => {
    const c = compatibility(setup("llama.cpp", "q4_k_m", "bf16", "t4"));
    expect(c.errors).toEqual([]);
    expect(c.warnings.map((w) => w.field)).toEqual(["workload.kvCache"]);
  });

  it("says nothing for native setups: vLLM bf16 and FP8 on an H100, llama.cpp Q4_K_M on Apple M2 Ultra", () => {
    expect(compatibility(setup("vllm", "bf16", "bf16", "h100-sxm"))).toEqual({errors: [], warnings: []});
    expect(compatibility(setup("vllm", "fp8", "fp8", "h100-sxm"))).toEqual({errors: [], warnings: []});
    expect(compatibility(setup("llama.cpp", "q4_k_m", "fp16", "apple-m2-ultra"))).toEqual({errors: [], warnings: []});
  });
});

describe("the one door refuses what cannot run", () => {
  it("returns the refusal lines from estimate(), each starting with the field", () => {
    const r = estimate(scenario("vllm", "fp8", "fp16", "t4"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^workload\.weights: got "fp8"/);
  });
});
