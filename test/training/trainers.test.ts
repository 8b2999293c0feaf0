/**
 * The fine-tuning trainers (contract v2 `workload.framework`: torchtune, llama-factory, unsloth,
 * axolotl, peft): their defaults, what they allocate, what they cannot do, and their speed.
 */
import {spawnSync} from "node:child_process";
import {describe, expect, it} from "vitest";
import {estimate} from "../../lib/estimate.ts";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import {TrainingLayoutError} from "../../lib/training/parallel.ts";
import {FINETUNE_TRAINERS, FRAMEWORK_PROFILES, FRAMEWORKS, lossBytesPerLogit, type FrameworkName} from "../../lib/training/profiles.ts";
import {validateScenario} from "../../lib/validate.ts";
import {A100_80, catalogArch, workload} from "./helpers.ts";

const llama8b = catalogArch("llama-3.1-8b");

/** QLoRA of Llama 3.1 8B on one RTX 4090, as a reader asks it: no checkpointing named. */
function qloraOn4090(extra: Record<string, unknown> = {}) {
  return {model: "llama-3.1-8b", hardware: {gpu: "rtx-4090", count: 1},
    workload: {type: "training", method: "qlora", microBatchSize: 1, sequenceLength: 2048, ...extra}};
}

function okEstimate(scenario: unknown) {
  const out = estimate(scenario);
  if (!out.ok) throw new Error(out.errors.join("; "));
  return out.result;
}

describe("trainer defaults", () => {
  it("checkpoints LoRA and QLoRA by default in every framework and trainer", () => {
    for (const framework of FRAMEWORKS) {
      for (const method of ["lora", "qlora"] as const) {
        const v = validateScenario({...qloraOn4090({framework, method})});
        expect(v.ok && v.scenario.workload.type === "training" && v.scenario.workload.activationCheckpointing, `${framework} ${method}`).toBe("full");
      }
    }
  });

  it("fits QLoRA of Llama 3.1 8B on a 24 GB RTX 4090 with the default checkpointing, and not without it at 8k tokens", () => {
    const fits = okEstimate(qloraOn4090());
    expect(fits.memory.fits).toBe(true);
    // The trainers' common answer is "about 15 GB" or less at these lengths.
    expect(fits.memory.totalBytes).toBeLessThan(16e9);
    const none = okEstimate(qloraOn4090({sequenceLength: 8192, activationCheckpointing: "none"}));
    expect(none.memory.fits).toBe(false);
  });

  it("keeps full fine-tuning uncheckpointed where the framework's default is off, checkpointed in torchtune and LLaMA-Factory", () => {
    const policy = (framework: FrameworkName) => {
      const v = validateScenario(qloraOn4090({framework, method: "full"}));
      return v.ok && v.scenario.workload.type === "training" ? v.scenario.workload.activationCheckpointing : null;
    };
    expect(policy("deepspeed")).toBe("none");
    expect(policy("torchtune")).toBe("full");
    expect(policy("llama-factory")).toBe("full");
  });

  it("names each trainer's sources with a date", () => {
    for (const name of FINETUNE_TRAINERS) expect(FRAMEWORK_PROFILES[name].source).toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});

describe("what the trainers allocate", () => {
  it("holds fewer loss bytes per logit in torchtune's compiled chunked loss (2 + 2/8) than in transformers' ForCausalLMLoss (12)", () => {
    expect(lossBytesPerLogit(FRAMEWORK_PROFILES.torchtune.loss)).toBe(2.25);
    expect(lossBytesPerLogit(FRAMEWORK_PROFILES.peft.loss)).toBe(12);
    const at = (framework: FrameworkName) => okEstimate(qloraOn4090({framework, sequenceLength: 8192})).memory.activationBreakdown as {lossBytes: number};
    expect(at("peft").lossBytes / at("torchtune").lossBytes).toBeGreaterThan(3);
  });

  it("moves Unsloth's checkpoints to host memory, keeping two layers' worth on the GPU", () => {
    const r = okEstimate(qloraOn4090({framework: "unsloth", sequenceLength: 16384}));
    const a = r.memory.activationBreakdown as {layersBytes: number; offloadedToHostBytes: number};
    const perLayer = 2 * 16384 * 4096;
    expect(a.layersBytes).toBe(2 * perLayer);
    expect(a.offloadedToHostBytes).toBe(30 * perLayer);
  });

  it("upcasts QLoRA's unquantized embeddings and LM head to fp32 in PEFT (prepare_model_for_kbit_training), not in LLaMA-Factory", () => {
    const peft = okEstimate(qloraOn4090({framework: "peft"}));
    const factory = okEstimate(qloraOn4090({framework: "llama-factory"}));
    // embed_tokens + lm_head (2 × 128256 × 4096) and the 65 RMSNorm weights (4096 each), 2 more bytes each,
    // plus the 16-bit working copy autocast makes of the fp32 LM head.
    expect(peft.memory.weightsBytes - factory.memory.weightsBytes).toBe((2 * 128256 * 4096 + 65 * 4096) * 2 + 128256 * 4096 * 2);
  });

  it("runs PEFT's QLoRA on an fp32 residual stream (4-byte checkpoints), Axolotl's converted back to bf16 and PEFT's LoRA in bf16", () => {
    const layers = (framework: FrameworkName, method = "qlora") =>
      (okEstimate(qloraOn4090({framework, method})).memory.activationBreakdown as {layersBytes: number}).layersBytes;
    // 32 checkpointed layer inputs of 2048 tokens × 4096: 4 bytes each with fp32 norms and embeddings, else 2.
    expect(layers("peft")).toBe(32 * 2048 * 4096 * 4);
    expect(layers("axolotl")).toBe(32 * 2048 * 4096 * 2);
    expect(layers("peft", "lora")).toBe(32 * 2048 * 4096 * 2);
  });

  it("keeps PEFT's sharded QLoRA (ZeRO-3 over several GPUs) in bf16: TRL skips prepare_model_for_kbit_training when the 4-bit weights are sharded", () => {
    const sharded = okEstimate({model: "llama-3.1-8b", hardware: {gpu: "a100-sxm-80gb", count: 2}, workload: {type: "training", framework: "peft",
      method: "qlora", microBatchSize: 1, sequenceLength: 2048, zeroStage: 3}});
    expect((sharded.memory.activationBreakdown as {layersBytes: number}).layersBytes).toBe(32 * 2048 * 4096 * 2);
  });

  it("keeps LoRA intermediates only for the rebuilt layer under full recomputation, for every layer without it", () => {
    const lora = (activationCheckpointing: string) =>
      (okEstimate(qloraOn4090({framework: "peft", activationCheckpointing})).memory.activationBreakdown as {loraBytes: number}).loraBytes;
    expect(lora("full")).toBe(0);
    // rank 16 on q, k, v, o: 4 adapters × 2 bytes × 2048 tokens × 16 per layer, 32 layers.
    expect(lora("none")).toBe(32 * 4 * 2 * 2048 * 16);
  });

  it("grows the long-context peak with the rebuilt layer's gradients: Unsloth's 8B QLoRA at 342,733 tokens needs about 80 GB", () => {
    // Unsloth README "Context length benchmarks": 342,733 tokens is the longest that fits 80 GB (2026-08).
    const r = okEstimate({model: "llama-3.1-8b", hardware: {gpu: "a100-sxm-80gb", count: 1}, workload: {type: "training", framework: "unsloth",
      method: "qlora", optimizer: "adamw-8bit", microBatchSize: 1, sequenceLength: 342733,
      lora: {rank: 32, targets: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]}}});
    // ±15 %: the source states only that it fits, at the card's 80 GB.
    expect(r.memory.totalBytes / 80e9).toBeGreaterThan(0.85);
    expect(r.memory.totalBytes / 80e9).toBeLessThan(1.15);
  });
});

describe("what a trainer cannot do", () => {
  it("refuses pipeline parallelism in a trainer without it, naming workload.pipelineParallel", () => {
    const out = estimate({model: "llama-3.1-8b", hardware: {gpu: "a100-sxm-80gb", count: 2},
      workload: {type: "training", framework: "torchtune", method: "lora", microBatchSize: 1, sequenceLength: 2048, pipelineParallel: 2}});
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.errors).toHaveLength(1);
      expect(out.errors[0]).toMatch(/^workload\.pipelineParallel: got 2, expected 1: torchtune has no pipeline parallelism/);
    }
  });

  it("refuses ZeRO sharding in Unsloth (data parallelism by DDP only), naming workload.zeroStage", () => {
    const out = estimate({model: "llama-3.1-8b", hardware: {gpu: "a100-sxm-80gb", count: 2},
      workload: {type: "training", framework: "unsloth", method: "lora", microBatchSize: 1, sequenceLength: 2048, zeroStage: 3}});
    expect(!out.ok && out.errors[0]).toMatch(/^workload\.zeroStage: got 3, expected one of 0/);
  });

  it("throws a layout error from the engine itself, so pages and the planner skip such layouts", () => {
    expect(() => trainingEstimate({arch: llama8b, gpu: A100_80, gpuCount: 2,
      workload: workload({framework: "peft", method: "lora", tensorParallel: 2})})).toThrow(TrainingLayoutError);
  });

  it("exits 2 on an unknown framework, listing the allowed ones", () => {
    const scenario = JSON.stringify({...qloraOn4090({framework: "trl"})});
    const run = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", "-"], {input: scenario, encoding: "utf8"});
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`workload.framework: got "trl", expected one of ${FRAMEWORKS.join(", ")}`);
  });
});

describe("fine-tuning speed", () => {
  const base = {model: "llama-3.1-8b", hardware: {gpu: "a100-sxm-80gb", count: 1}};
  const lora = (extra: Record<string, unknown>) => okEstimate({...base, workload: {type: "training", framework: "torchtune", method: "lora",
    microBatchSize: 2, sequenceLength: 4096, ...extra}}).training!;

  it("times LoRA from 4N FLOPs plus the recomputed forward (2N), at the trainer's utilisation", () => {
    const t = lora({});
    const step = t.fineTuningStep as {computeSeconds: number; hardwareUtilization: number};
    const executed = t.hardwareFlopsPerToken as number;
    expect(executed / t.flopsPerToken).toBeGreaterThan(1.4); // (4N + 2N) / 4N = 1.5, less the attention's share
    expect(step.computeSeconds).toBeCloseTo((8192 * executed) / (312e12 * step.hardwareUtilization), 6);
    expect(t.stepSeconds).toBeCloseTo(8192 / t.tokensPerSecondPerGpu, 9);
  });

  it("adds NF4 dequantisation to a QLoRA step: three passes (forward, recompute, backward) over the 4-bit base", () => {
    const l = lora({});
    const q = lora({method: "qlora"});
    const step = q.fineTuningStep as {dequantSeconds: number; dequantPasses: number};
    expect(step.dequantPasses).toBe(3);
    expect(q.stepSeconds - l.stepSeconds).toBeCloseTo(step.dequantSeconds, 6);
    expect(step.dequantSeconds / q.stepSeconds).toBeLessThan(0.1);
  });

  it("keeps the MFU a workload gives: the trainer's speed model only answers when none is given", () => {
    const t = lora({mfu: 0.3});
    expect(t.fineTuningStep).toBeNull();
    expect(t.mfu).toBe(0.3);
  });
});
