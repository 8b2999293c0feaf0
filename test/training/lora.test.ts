import {describe, expect, it} from "vitest";
import {tensorsOf, parameterCounts} from "../../lib/params.ts";
import {frozenBytesPerParam, loraParams, NF4_DOUBLE_QUANT_BITS} from "../../lib/training/lora.ts";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import {A100_80, catalogArch, workload} from "./helpers.ts";

const ALL = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

describe("LoRA adapters", () => {
  const llama2 = catalogArch("llama-2-7b");
  const tensors = tensorsOf(llama2);

  it("counts 4,194,304 trainable parameters for Llama-2-7B at rank 8 on q_proj and v_proj", () => {
    // PEFT print_trainable_parameters in llama-recipes fine-tuning logs of meta-llama/Llama-2-7b-hf:
    // "trainable params: 4,194,304 || all params: 6,742,609,920"
    const adapters = loraParams({tensors, rank: 8, targets: ["q_proj", "v_proj"]});
    expect(adapters).toBe(4_194_304);
    expect(adapters + parameterCounts(llama2).total).toBe(6_742_609_920);
  });

  it("counts 39,976,960 at rank 16 on all seven linear projections, as PEFT prints for Llama-2-7B", () => {
    // "trainable params: 39,976,960 || all params: 6,778,392,576 || trainable%: 0.5898" (PEFT, target_modules="all-linear", r=16)
    const adapters = loraParams({tensors, rank: 16, targets: ALL});
    expect(adapters).toBe(39_976_960);
    expect(adapters + parameterCounts(llama2).total).toBe(6_778_392_576);
  });

  it("puts adapters on every copy of a routed expert's matrices (Mixtral-8x7B, w1/w2/w3 read as gate/up/down)", () => {
    const mixtral = catalogArch("mixtral-8x7b");
    const perLayer = 8 * 16 * ((4096 + 14336) * 2 + (14336 + 4096));
    expect(loraParams({tensors: tensorsOf(mixtral), rank: 16, targets: ["gate_proj", "up_proj", "down_proj"]})).toBe(32 * perLayer);
  });

  it("stores QLoRA's linear layers in NF4 with double quantization at 4.127 bits, embeddings and LM head in bf16", () => {
    expect(NF4_DOUBLE_QUANT_BITS).toBeCloseTo(4.127, 3);
    const q = tensors.find((t) => t.name === "q_proj")!;
    const emb = tensors.find((t) => t.kind === "embedding")!;
    expect(frozenBytesPerParam({tensor: q, method: "qlora"})).toBeCloseTo(4.127 / 8, 4);
    expect(frozenBytesPerParam({tensor: emb, method: "qlora"})).toBe(2);
    expect(frozenBytesPerParam({tensor: q, method: "lora"})).toBe(2);
  });

  it("trains only the adapters: gradients and optimizer state scale with them, the frozen base holds weights only", () => {
    const w = workload({method: "lora", precision: "bf16", framework: "pytorch", lora: {rank: 16, targets: ALL}});
    const r = trainingEstimate({arch: llama2, gpu: A100_80, gpuCount: 1, workload: w});
    expect(r.params.trainable).toBe(39_976_960);
    expect(r.memory.gradientsBytes).toBe(2 * 39_976_960); // pure bf16 gradients
    expect(r.memory.optimizerBytes).toBe(4 * 39_976_960); // two bf16 moments
    expect(r.memory.weightsBytes).toBe(2 * (6_738_415_616 + 39_976_960));
  });

  it("makes a QLoRA base about 3.5× smaller than a bf16 LoRA base for Llama-2-7B", () => {
    const w = (method: "lora" | "qlora") => workload({method, precision: "bf16", lora: {rank: 8, targets: ["q_proj", "v_proj"]}});
    const lora = trainingEstimate({arch: llama2, gpu: A100_80, gpuCount: 1, workload: w("lora")}).memory.weightsBytes;
    const qlora = trainingEstimate({arch: llama2, gpu: A100_80, gpuCount: 1, workload: w("qlora")}).memory.weightsBytes;
    // linears: 6.476e9 params at 4.127 bits; embeddings + LM head 2·32000·4096 at 2 bytes
    const expected = 6_476_005_376 * (4.127 / 8) + 2 * 32000 * 4096 * 2 + 266_240 * 2 + 4_194_304 * 2;
    expect(qlora / expected).toBeCloseTo(1, 3);
    expect(lora / qlora).toBeGreaterThan(3.4);
    expect(lora / qlora).toBeLessThan(3.6);
  });
});
