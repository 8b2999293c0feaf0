/**
 * Compatibility table: which engine runs which weight and KV formats on which devices, and
 * what happens when a device lacks the native units a format's fast kernel needs.
 *
 * Three outcomes for a setup (engine × weights × KV format × device):
 * - refused: the engine has no back-end for the device, does not load the format, or has no
 *   kernel for the format on this device. The command exits 2 with one line per problem naming
 *   the field, what was given and the nearest choices that would run.
 * - emulated: a slower path exists (bf16 cast to fp16 on a GPU without bf16; fp8 weights
 *   dequantised to 16 bits by Marlin kernels on Ampere). The estimate is computed as that path
 *   runs (throughput.ts `computePrecisionFor` picks the precision the device has) and a warning
 *   says so.
 * - native: nothing to say.
 *
 * The engines' own lists (formats loaded, back-ends) live in their profiles (engines.ts); the
 * device requirements of particular kernels live here, each row with its source. Dates: rows
 * read 2026-12-06 against the documents named.
 */
import {GPU_CATALOG} from "./catalog/gpus.js";
import {ENGINE_PROFILES} from "./engines.js";
import {ENGINES, type EngineName, type KvFormat, type WeightFormat} from "./formats.js";
import {deviceCapabilities, type Backend, type DeviceCapabilities, type GpuSpec, type NativeCapability} from "./hardware.js";
import {WEIGHT_FORMAT_INFO} from "./quantization.js";
import {computePrecisionFor} from "./throughput.js";

/** The scenario fields a compatibility problem can name. */
export type CompatField = "workload.engine" | "workload.weights" | "workload.kvCache" | "hardware.gpu";

export interface CompatIssue {
  /** The JSON path of the field the problem is about. */
  field: CompatField;
  /** The value given for that field (a GPU's catalog id or inline name for hardware.gpu). */
  given: string;
  /** One line for the command and the pages: `field: got "x", but ...; would work: ...`. */
  message: string;
  /** Nearest choices for `field` that would run, best first (empty for warnings). */
  suggestions: string[];
  /** The choices for another field that would also resolve it (e.g. GPUs for a format refusal). */
  alternatives: {field: CompatField; suggestions: string[]} | null;
  /** Where the rule comes from. */
  source: string;
}

export interface Compatibility {
  /** Problems that make the setup impossible: the estimate is refused. */
  errors: CompatIssue[];
  /** Setups that run on a slower, converted path: computed as they run, with these notes. */
  warnings: CompatIssue[];
}

/** An inference setup as the compatibility table reads it: the engine, the formats and the resolved device. */
export interface CompatSetup {
  engine: EngineName;
  weights: WeightFormat;
  kvCache: KvFormat;
  gpu: GpuSpec;
}

/** What a kernel needs on one back-end, and the slower path where the device lacks it. */
interface DeviceRule {
  /** Native capability the fast kernel needs. */
  needs?: NativeCapability;
  /** Without `needs`: a converted path that still runs, if the device has what it needs. */
  fallback?: {needs?: NativeCapability; runsAs: string};
}

/** One row: for these engines and formats, the back-ends that have a kernel (others: none). */
interface FormatRule {
  engines: readonly EngineName[];
  formats: readonly string[];
  backends: Partial<Record<Backend, DeviceRule>>;
  source: string;
}

const GGUF_FORMATS = ["q8_0", "q6_k", "q5_k_m", "q5_0", "q4_k_m", "q4_0", "q3_k_m", "q2_k"] as const;

const VLLM_HW_TABLE = "vLLM docs, Quantization › Supported Hardware (v0.11, 2025)";
const BF16_CAST = "cast to fp16 (vLLM/SGLang dtype \"auto\" picks the first dtype the device supports; PyTorch and ggml convert)";

/**
 * Weight-format rows. A (engine, format) pair without a row runs on every back-end the engine
 * runs on. Capabilities stand for NVIDIA generations (hardware.ts): int8 tensor cores = Turing
 * (SM 7.5) or newer, native bf16 = Ampere (SM 8.0) or newer, native fp8 = Ada (SM 8.9) or newer.
 */
export const WEIGHT_RULES: readonly FormatRule[] = [
  {
    engines: ["vllm", "sglang"], formats: ["fp8"],
    backends: {
      cuda: {needs: "fp8", fallback: {needs: "bf16", runsAs: "weight-only FP8 (W8A16) through Marlin kernels: weights stay 8-bit in memory, are dequantised to 16 bits for each product, and the products run at the 16-bit rate"}},
      rocm: {needs: "fp8"}, gaudi: {needs: "fp8"}
    },
    source: `${VLLM_HW_TABLE}: FP8 (W8A8) Ada, Hopper, AMD; Marlin (GPTQ/AWQ/FP8) Ampere and newer; vLLM docs FP8 W8A8 (weight-only on older GPUs); SGLang fp8.py falls back to Marlin below SM 8.9`
  },
  {
    engines: ["vllm", "sglang"], formats: ["int8"],
    backends: {cuda: {needs: "int8"}, cpu: {}, tpu: {}},
    source: `${VLLM_HW_TABLE}: INT8 (W8A8) Turing and newer, x86 CPU, TPU; not Volta, not AMD`
  },
  {
    engines: ["vllm", "sglang"], formats: ["awq-int4"],
    backends: {cuda: {needs: "int8"}, cpu: {}, xpu: {}},
    source: `${VLLM_HW_TABLE}: AWQ Turing and newer, Intel GPU, x86 CPU; not Volta, not AMD`
  },
  {
    engines: ["vllm", "sglang"], formats: ["gptq-int4"],
    backends: {cuda: {}, cpu: {}, xpu: {}},
    source: `${VLLM_HW_TABLE}: GPTQ Volta and newer, Intel GPU, x86 CPU; not AMD`
  },
  {
    engines: ["vllm", "sglang", "transformers"], formats: ["nf4"],
    backends: {cuda: {}},
    source: `${VLLM_HW_TABLE}: bitsandbytes on NVIDIA Volta and newer only`
  },
  {
    engines: ["vllm"], formats: GGUF_FORMATS,
    backends: {cuda: {}, rocm: {}},
    source: `${VLLM_HW_TABLE}: GGUF on NVIDIA Volta and newer and AMD`
  },
  {
    engines: ["vllm", "sglang"], formats: ["mxfp4"],
    backends: {cuda: {}, rocm: {}},
    source: "vLLM gpt-oss recipe (MXFP4 MoE kernels on NVIDIA and AMD GPUs)"
  },
  {
    engines: ["tensorrt-llm"], formats: ["fp8", "mxfp4"],
    backends: {cuda: {needs: "fp8"}},
    source: "TensorRT-LLM support matrix: FP8 on Ada, Hopper, Blackwell; MXFP4 (gpt-oss) on Hopper and Blackwell"
  },
  {
    engines: ["transformers"], formats: ["fp8"],
    backends: {cuda: {needs: "fp8"}, rocm: {needs: "fp8"}},
    source: "transformers docs FineGrainedFP8: compute capability 8.9 or newer (4090, H100)"
  },
  {
    engines: ["transformers"], formats: ["int8"],
    backends: {cuda: {}},
    source: "transformers docs bitsandbytes (LLM.int8()): CUDA GPUs"
  },
  {
    engines: ["transformers"], formats: ["awq-int4"],
    backends: {cuda: {needs: "int8"}, cpu: {}},
    source: "AutoAWQ: CUDA kernels need compute capability 7.5 (Turing) or newer; CPU through IPEX"
  },
  {
    engines: ["transformers"], formats: ["gptq-int4"],
    backends: {cuda: {}, rocm: {}, cpu: {}},
    source: "transformers docs GPTQ (GPTQModel): CUDA, ROCm, CPU"
  },
  {
    engines: ENGINES, formats: ["bf16"],
    backends: {
      cuda: {needs: "bf16", fallback: {runsAs: BF16_CAST}}, rocm: {needs: "bf16", fallback: {runsAs: BF16_CAST}},
      metal: {needs: "bf16", fallback: {runsAs: "converted to a precision the GPU has"}},
      xpu: {needs: "bf16", fallback: {runsAs: BF16_CAST}}, cpu: {}, tpu: {}, gaudi: {}
    },
    source: "vLLM config (_resolve_auto_dtype; 'Bfloat16 is only supported on GPUs with compute capability of at least 8.0'); CUDA bf16 tensor cores from Ampere"
  }
];

/** KV-format rows, read like {@link WEIGHT_RULES}. */
export const KV_RULES: readonly FormatRule[] = [
  {
    engines: ["tensorrt-llm"], formats: ["fp8"],
    backends: {cuda: {needs: "fp8"}},
    source: "TensorRT-LLM docs, KV cache quantization: FP8 KV cache on Ada, Hopper and newer (INT8 KV for Ampere)"
  },
  {
    engines: ["vllm", "sglang"], formats: ["fp8"],
    backends: {cuda: {}, rocm: {}, cpu: {}, gaudi: {}},
    source: "vLLM docs Quantized KV Cache (fp8 e4m3/e5m2 stored, upcast in the attention kernel)"
  },
  {
    engines: ENGINES, formats: ["bf16"],
    backends: {
      cuda: {needs: "bf16", fallback: {runsAs: "stored as fp16 (same bytes)"}}, rocm: {needs: "bf16", fallback: {runsAs: "stored as fp16 (same bytes)"}},
      metal: {needs: "bf16", fallback: {runsAs: "stored as fp16 (same bytes)"}},
      xpu: {needs: "bf16", fallback: {runsAs: "stored as fp16 (same bytes)"}}, cpu: {}, tpu: {}, gaudi: {}
    },
    source: "as for bf16 weights: the cache takes the dtype the model runs in"
  }
];

/** Device requirements of whole engines on one back-end (beyond the back-end list in the profile). */
export const ENGINE_DEVICE_RULES: readonly {engine: EngineName; backend: Backend; needs: NativeCapability; source: string}[] = [
  {engine: "tensorrt-llm", backend: "cuda", needs: "bf16",
    source: "TensorRT-LLM support matrix: Blackwell, Hopper, Ada and Ampere GPUs (SM 8.0 and newer); Volta and Turing dropped"}
];

const CAPABILITY_WORDS: Record<NativeCapability, string> = {
  bf16: "native bf16 (NVIDIA Ampere SM 8.0 or newer, AMD MI200 or newer)",
  fp8: "native fp8 (NVIDIA Ada SM 8.9, Hopper, Blackwell; AMD MI300)",
  fp4: "native fp4 (NVIDIA Blackwell)",
  int8: "int8 tensor cores (NVIDIA Turing SM 7.5 or newer)"
};

const BACKEND_WORDS: Record<Backend, string> = {
  cuda: "CUDA", rocm: "ROCm", metal: "Metal", cpu: "CPU", xpu: "Intel GPU (XPU)", tpu: "TPU", gaudi: "Gaudi"
};

type Verdict = {kind: "native"} | {kind: "emulated"; runsAs: string; missing: NativeCapability; source: string}
  | {kind: "refused"; why: string; source: string};

function ruleFor(rules: readonly FormatRule[], engine: EngineName, format: string): FormatRule | undefined {
  return rules.find((r) => r.engines.includes(engine) && r.formats.includes(format));
}

function verdict(rules: readonly FormatRule[], engine: EngineName, format: string, caps: DeviceCapabilities): Verdict {
  const rule = ruleFor(rules, engine, format);
  if (!rule) return {kind: "native"};
  const device = rule.backends[caps.backend];
  if (!device) {
    const where = Object.keys(rule.backends).map((b) => BACKEND_WORDS[b as Backend]).join(", ");
    return {kind: "refused", why: `${ENGINE_PROFILES[engine].label} has no ${format} kernel for the ${BACKEND_WORDS[caps.backend]} back-end (only ${where})`, source: rule.source};
  }
  if (!device.needs || caps[device.needs]) return {kind: "native"};
  const fb = device.fallback;
  if (fb && (!fb.needs || caps[fb.needs])) return {kind: "emulated", runsAs: fb.runsAs, missing: device.needs, source: rule.source};
  const fallbackWords = fb?.needs ? `; its slower path needs ${CAPABILITY_WORDS[fb.needs]}` : "";
  return {kind: "refused", why: `${ENGINE_PROFILES[engine].label}'s ${format} kernel needs ${CAPABILITY_WORDS[device.needs]}${fallbackWords}`, source: rule.source};
}

/** Why an engine cannot run on the device at all, or null. */
function engineDeviceProblem(engine: EngineName, caps: DeviceCapabilities): {why: string; source: string} | null {
  const profile = ENGINE_PROFILES[engine];
  if (!profile.backends.includes(caps.backend)) {
    return {why: `${profile.label} has no ${BACKEND_WORDS[caps.backend]} back-end (it runs on ${profile.backends.map((b) => BACKEND_WORDS[b]).join(", ")})`,
      source: profile.source};
  }
  const rule = ENGINE_DEVICE_RULES.find((r) => r.engine === engine && r.backend === caps.backend);
  if (rule && !caps[rule.needs]) return {why: `${profile.label} needs ${CAPABILITY_WORDS[rule.needs]}`, source: rule.source};
  return null;
}

type Outcome = "native" | "emulated" | "refused";

/** How the weight format runs (the engine on the device, the format loaded, its kernel on the device). */
function weightOutcome(setup: {engine: EngineName; weights: WeightFormat}, caps: DeviceCapabilities): Outcome {
  if (engineDeviceProblem(setup.engine, caps) || !ENGINE_PROFILES[setup.engine].weightFormats.includes(setup.weights)) return "refused";
  return verdict(WEIGHT_RULES, setup.engine, setup.weights, caps).kind;
}

/** How the KV format runs, read like {@link weightOutcome}. */
function kvOutcome(setup: {engine: EngineName; kvCache: KvFormat}, caps: DeviceCapabilities): Outcome {
  if (engineDeviceProblem(setup.engine, caps) || !ENGINE_PROFILES[setup.engine].kvFormats.includes(setup.kvCache)) return "refused";
  return verdict(KV_RULES, setup.engine, setup.kvCache, caps).kind;
}

/** Whether the whole setup runs at all (no refusal), and whether natively. */
function outcome(setup: {engine: EngineName; weights: WeightFormat; kvCache: KvFormat}, caps: DeviceCapabilities): Outcome {
  const w = weightOutcome(setup, caps);
  const k = kvOutcome(setup, caps);
  if (w === "refused" || k === "refused") return "refused";
  return w === "emulated" || k === "emulated" ? "emulated" : "native";
}

const KV_BYTES: Record<KvFormat, number> = {fp32: 4, bf16: 2, fp16: 2, fp8: 1, q8_0: 8.5 / 8, q4_0: 4.5 / 8};

/** Native choices first, then emulated ones; within each, the closest by `distance`. */
function nearest<T extends string>(candidates: readonly T[], run: (c: T) => Outcome, distance: (c: T) => number, max = 5): T[] {
  const scored = candidates.map((c, i) => ({c, i, o: run(c), d: distance(c)})).filter((x) => x.o !== "refused");
  scored.sort((a, b) => (a.o === b.o ? 0 : a.o === "native" ? -1 : 1) || a.d - b.d || a.i - b.i);
  return scored.slice(0, max).map((x) => x.c);
}

/**
 * Weight formats of the engine that run on the device, nearest first: formats of the engine's own
 * container (GGUF for llama.cpp) before others, then by |Δ bits per weight|. MXFP4 is offered only
 * when given (its checkpoints exist for few models, gpt-oss).
 */
function weightChoices(setup: CompatSetup, caps: DeviceCapabilities): string[] {
  const bits = WEIGHT_FORMAT_INFO[setup.weights].bitsPerWeight;
  const gguf = ENGINE_PROFILES[setup.engine].container === "gguf";
  const candidates = ENGINE_PROFILES[setup.engine].weightFormats.filter((w) => w !== "mxfp4" || setup.weights === "mxfp4");
  return nearest(candidates, (w) => weightOutcome({...setup, weights: w}, caps),
    (w) => (WEIGHT_FORMAT_INFO[w].gguf === gguf ? 0 : 100) + Math.abs(WEIGHT_FORMAT_INFO[w].bitsPerWeight - bits));
}

function kvChoices(setup: CompatSetup, caps: DeviceCapabilities): string[] {
  return nearest(ENGINE_PROFILES[setup.engine].kvFormats, (k) => kvOutcome({...setup, kvCache: k}, caps),
    (k) => Math.abs(KV_BYTES[k] - KV_BYTES[setup.kvCache]));
}

function engineChoices(setup: CompatSetup, caps: DeviceCapabilities): string[] {
  return nearest(ENGINES, (e) => outcome({...setup, engine: e}, caps), () => 0);
}

/** Catalog GPUs on which the setup runs: natively first, same back-end first, then closest in memory. */
function gpuChoices(setup: CompatSetup, caps: DeviceCapabilities): string[] {
  const memory = setup.gpu.memoryBytes;
  return nearest(GPU_CATALOG.map((g) => g.id), (id) => outcome(setup, deviceCapabilities(GPU_CATALOG.find((g) => g.id === id)!)), (id) => {
    const g = GPU_CATALOG.find((x) => x.id === id)!;
    const sameBackend = deviceCapabilities(g).backend === caps.backend ? 0 : 100;
    return sameBackend + Math.abs(Math.log(g.memoryBytes / memory));
  }, 4);
}

const quote = (s: string) => JSON.stringify(s);

function issue(field: CompatField, given: string, text: string, suggestions: string[],
  alternatives: {field: CompatField; suggestions: string[]} | null, source: string): CompatIssue {
  const would = suggestions.length ? `; would work: ${suggestions.join(", ")}` : "";
  const alt = alternatives && alternatives.suggestions.length ? `; or ${alternatives.field}: ${alternatives.suggestions.join(", ")}` : "";
  return {field, given, message: `${field}: got ${quote(given)}, but ${text}${would}${alt}`, suggestions, alternatives, source};
}

/**
 * The compatibility of an inference setup: engine × weight format × KV format × device.
 *
 *     compatibility({engine, weights, kvCache, gpu: GpuSpec}) → {errors: CompatIssue[], warnings: CompatIssue[]}
 *
 * `gpu` is a resolved spec (`resolveGpu(scenario.hardware.gpu)` or a catalog entry). Each issue
 * names its field (`workload.engine`, `workload.weights`, `workload.kvCache`, `hardware.gpu`),
 * the value given, a ready line (`message`), the nearest choices for that field that would run
 * (`suggestions`, native ones first) and the choices for another field that would also do
 * (`alternatives`). An empty `errors` means the setup runs; `warnings` say where it runs on a
 * converted path, which the estimate then computes (throughput.ts computePrecisionFor).
 * Pure: pages call it with the spec they already hold, `estimate()` calls it after validation.
 *
 * @example compatibility({engine: "llama.cpp", weights: "awq-int4", kvCache: "fp16", gpu: findGpu("rtx-4090")!}).errors[0].field // "workload.weights"
 * @example compatibility({engine: "vllm", weights: "fp8", kvCache: "fp16", gpu: findGpu("a100-sxm-80gb")!}).warnings.length // 1 (Marlin W8A16)
 */
export function compatibility(setup: CompatSetup): Compatibility {
  const errors: CompatIssue[] = [];
  const warnings: CompatIssue[] = [];
  const caps = deviceCapabilities(setup.gpu);
  const profile = ENGINE_PROFILES[setup.engine];

  const engineProblem = engineDeviceProblem(setup.engine, caps);
  if (engineProblem) {
    errors.push(issue("workload.engine", setup.engine, `${engineProblem.why}, and ${setup.gpu.name} is a ${BACKEND_WORDS[caps.backend]} device`,
      engineChoices(setup, caps), {field: "hardware.gpu", suggestions: gpuChoices(setup, caps)}, engineProblem.source));
    return {errors, warnings};
  }

  if (!profile.weightFormats.includes(setup.weights)) {
    const loads = profile.container === "gguf" ? "GGUF files" : "safetensors checkpoints";
    errors.push(issue("workload.weights", setup.weights, `${profile.label} does not load ${setup.weights} weights (it loads ${loads}: ${profile.weightFormats.join(", ")})`,
      weightChoices(setup, caps), {field: "workload.engine", suggestions: engineChoices(setup, caps)}, profile.source));
  } else {
    const w = verdict(WEIGHT_RULES, setup.engine, setup.weights, caps);
    if (w.kind === "refused") {
      errors.push(issue("workload.weights", setup.weights, `${w.why}, which ${setup.gpu.name} lacks`,
        weightChoices(setup, caps), {field: "hardware.gpu", suggestions: gpuChoices(setup, caps)}, w.source));
    } else if (w.kind === "emulated") {
      const precision = computePrecisionFor({format: setup.weights, gpu: setup.gpu});
      warnings.push(issue("workload.weights", setup.weights,
        `${setup.gpu.name} has no ${CAPABILITY_WORDS[w.missing]}: ${setup.weights} weights run ${w.runsAs}; computed that way, at the ${precision} peak`,
        [], null, w.source));
    }
  }

  if (!profile.kvFormats.includes(setup.kvCache)) {
    errors.push(issue("workload.kvCache", setup.kvCache, `${profile.label} does not store a ${setup.kvCache} KV cache (it stores ${profile.kvFormats.join(", ")})`,
      kvChoices(setup, caps), {field: "workload.engine", suggestions: engineChoices(setup, caps)}, profile.source));
  } else {
    const k = verdict(KV_RULES, setup.engine, setup.kvCache, caps);
    if (k.kind === "refused") {
      errors.push(issue("workload.kvCache", setup.kvCache, `${k.why}, which ${setup.gpu.name} lacks`,
        kvChoices(setup, caps), {field: "hardware.gpu", suggestions: gpuChoices(setup, caps)}, k.source));
    } else if (k.kind === "emulated") {
      warnings.push(issue("workload.kvCache", setup.kvCache, `${setup.gpu.name} has no ${CAPABILITY_WORDS[k.missing]}: the ${setup.kvCache} KV cache is ${k.runsAs}`,
        [], null, k.source));
    }
  }
  return {errors, warnings};
}

/**
 * Whether the setup runs without conversion on the device (no refusal, no emulation warning):
 * what the planner enumerates.
 */
export function runsNatively(setup: CompatSetup): boolean {
  return outcome(setup, deviceCapabilities(setup.gpu)) === "native";
}

/**
 * How the weight and the KV formats each run on the device, without the suggestions that
 * {@link compatibility} builds (cheap: what the planner asks for every GPU × format).
 */
export function formatOutcomes(setup: CompatSetup): {weights: "native" | "emulated" | "refused"; kvCache: "native" | "emulated" | "refused"} {
  const caps = deviceCapabilities(setup.gpu);
  return {weights: weightOutcome(setup, caps), kvCache: kvOutcome(setup, caps)};
}

/** Whether the setup runs at all (natively or converted). */
export function runs(setup: CompatSetup): boolean {
  return outcome(setup, deviceCapabilities(setup.gpu)) !== "refused";
}
