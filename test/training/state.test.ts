import {describe, expect, it} from "vitest";
import {FRAMEWORK_PROFILES} from "../../lib/training/profiles.ts";
import {BNB_BLOCK_SIZE, optimizerBytesPerParam, optimizerTensorBytes, shardState, stateBytesPerParam, stateTotal,
  trainableBytesPerParam} from "../../lib/training/state.ts";
import type {Tensor} from "../../lib/tensors.ts";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import {A100_80, catalogArch, workload} from "./helpers.ts";

const {deepspeed, megatron, pytorch} = FRAMEWORK_PROFILES;

function perParamState(profile = deepspeed) {
  const t = trainableBytesPerParam({precision: "bf16-mixed", profile, isMatrix: true});
  return {...t, optimizer: optimizerBytesPerParam({optimizer: "adamw", precision: "bf16-mixed"})};
}

describe("training state bytes per parameter", () => {
  it("counts 16 bytes per parameter for mixed-precision AdamW in the ZeRO paper's accounting (2 + 2 + 4 + 4 + 4)", () => {
    expect(stateBytesPerParam({precision: "bf16-mixed", optimizer: "adamw", profile: deepspeed})).toBe(16);
    expect(stateBytesPerParam({precision: "fp16-mixed", optimizer: "adamw", profile: deepspeed})).toBe(16);
  });

  it("counts 18 bytes per parameter under Megatron-LM's fp32 main gradients", () => {
    expect(stateBytesPerParam({precision: "bf16-mixed", optimizer: "adamw", profile: megatron})).toBe(18);
  });

  it("counts PyTorch AMP as 16 persistent bytes (fp32 weights, fp32 grads, two moments) plus a 2-byte autocast copy", () => {
    const t = trainableBytesPerParam({precision: "bf16-mixed", profile: pytorch, isMatrix: true});
    expect(t.weights + t.gradients + 8).toBe(16);
    expect(t.workingCopy).toBe(2);
  });

  it("keeps no master copy in pure bf16 or fp32 training", () => {
    expect(trainableBytesPerParam({precision: "bf16", profile: megatron, isMatrix: true}).master).toBe(0);
    expect(stateBytesPerParam({precision: "fp32", optimizer: "adamw", profile: megatron})).toBe(16);
    // pure bf16: weights 2, grads 2, AdamW moments in bf16 2 + 2 (PyTorch keeps state in the parameter dtype)
    expect(stateBytesPerParam({precision: "bf16", optimizer: "adamw", profile: megatron})).toBe(8);
  });

  it("prices the optimizers' state per parameter: SGD 0, momentum 4, Lion 4, 8-bit Adam 2 plus blockwise absmax", () => {
    expect(optimizerBytesPerParam({optimizer: "sgd", precision: "bf16-mixed"})).toBe(0);
    expect(optimizerBytesPerParam({optimizer: "sgd-momentum", precision: "bf16-mixed"})).toBe(4);
    expect(optimizerBytesPerParam({optimizer: "lion", precision: "bf16-mixed"})).toBe(4);
    // two uint8 moments + two fp32 absmax per 256-value block (bitsandbytes Optimizer2State, block_wise)
    expect(optimizerBytesPerParam({optimizer: "adamw-8bit", precision: "bf16-mixed"})).toBeCloseTo(2 + 8 / BNB_BLOCK_SIZE, 12);
    // TM101 (EleutherAI): 8-bit Adam with fp32 master = 6 bytes of optimizer state
    const total8bit = stateBytesPerParam({precision: "bf16-mixed", optimizer: "adamw-8bit", profile: deepspeed});
    expect(total8bit - 2 - 2).toBeCloseTo(6, 1);
  });

  it("keeps bitsandbytes state 32-bit for tensors under 4,096 elements", () => {
    const small: Tensor = {name: "layernorm", kind: "norm", layer: 0, inFeatures: 0, outFeatures: 2048, count: 1, params: 2048, expert: null};
    expect(optimizerTensorBytes({tensor: small, optimizer: "adamw-8bit", precision: "bf16-mixed"})).toBe(8 * 2048);
  });

  it("factors Adafactor's second moment into rows + columns per matrix", () => {
    const m: Tensor = {name: "up_proj", kind: "mlpUp", layer: 0, inFeatures: 4096, outFeatures: 11008, count: 1, params: 4096 * 11008, expert: null};
    expect(optimizerTensorBytes({tensor: m, optimizer: "adafactor", precision: "bf16-mixed"})).toBe(4 * (4096 + 11008));
    // far below AdamW's 8 bytes per parameter
    expect(optimizerTensorBytes({tensor: m, optimizer: "adafactor", precision: "bf16-mixed"}) / m.params).toBeLessThan(0.002);
  });
});

describe("ZeRO sharding (Rajbhandari et al. 2019, Figure 1: Ψ = 7.5B, N_d = 64, K = 12)", () => {
  const psi = 7.5e9;
  const state = perParamState();
  const gb = (stage: 0 | 1 | 2 | 3) => (stateTotal(shardState({state, zeroStage: stage, group: 64, masterIn: "optimizer"})) * psi) / 1e9;

  it("gives the baseline 120 GB", () => expect(gb(0)).toBeCloseTo(120, 6));
  it("gives 31.4 GB with P_os", () => expect(gb(1)).toBeCloseTo(31.4, 1));
  it("gives 16.6 GB with P_os+g", () => expect(gb(2)).toBeCloseTo(16.6, 1));
  it("gives 1.88 GB with P_os+g+p", () => expect(gb(3)).toBeCloseTo(1.875, 3));

  it("gives Megatron's distributed optimizer 6 + 12/dp bytes per parameter (theoretical_memory_usage.py)", () => {
    const t = trainableBytesPerParam({precision: "bf16-mixed", profile: megatron, isMatrix: true});
    const megatronState = {...t, optimizer: 8};
    for (const dp of [1, 8, 64]) {
      expect(stateTotal(shardState({state: megatronState, zeroStage: 1, group: dp, masterIn: megatron.masterIn}))).toBeCloseTo(6 + 12 / dp, 12);
    }
  });

  it("divides the whole 16 bytes per parameter by 64 under ZeRO-3 over 64 ranks", () => {
    expect(stateTotal(shardState({state, zeroStage: 3, group: 64, masterIn: "optimizer"}))).toBe(16 / 64);
  });

  it("shards a Llama-2-7B's weights, gradients and optimizer state 64 ways in the full estimate at ZeRO-3", () => {
    const arch = catalogArch("llama-2-7b");
    const w = workload({zeroStage: 3, framework: "deepspeed"});
    const one = trainingEstimate({arch, gpu: A100_80, gpuCount: 1, workload: w}).memory;
    const many = trainingEstimate({arch, gpu: A100_80, gpuCount: 64, workload: w}).memory;
    const state = (m: typeof one) => m.weightsBytes + m.gradientsBytes + m.optimizerBytes;
    expect(state(many) / state(one)).toBeCloseTo(1 / 64, 12);
    expect(state(one)).toBe(16 * 6_738_415_616);
  });
});
