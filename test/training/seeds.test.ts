/**
 * The seed projects' training vectors (shared/research/seeds.md D2: EleutherAI cookbook
 * `calc/`, computed by running its scripts): agree where the seed is right, and show our
 * answer where it has a known bug (seeds.md B2). The course note's vectors (D3, B3) are in
 * time.test.ts; the activation vectors M5/M6 in activations.test.ts; M2 in parallel.test.ts.
 */
import {describe, expect, it} from "vitest";
import type {Architecture} from "../../lib/architecture.ts";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import {trainingFlopsPerToken} from "../../lib/training/time.ts";
import {A100_80, GIB, catalogArch, configArch, gptConfig, llamaConfig, workload} from "./helpers.ts";

describe("EleutherAI calc_transformer_mem.py (seeds.md D2.3)", () => {
  it("agrees with M7's per-GPU model, gradient and optimizer memory (Pythia-6.9B shape, TP 2, PP 2, ZeRO-2, 16 GPUs) within 1 %", () => {
    // Seed: model 2·N/(t·p) = 3.1968 GiB, gradients 4·N/16 = 1.5984 GiB, optimizer 12·N/16 = 4.7952 GiB, with N = 6,865,035,264
    // (its N adds learned positions the model does not have; Pythia-6.9B has 6,857,302,016). Megatron's 18-byte accounting matches.
    const r = trainingEstimate({arch: catalogArch("pythia-6.9b"), gpu: A100_80, gpuCount: 16,
      workload: workload({microBatchSize: 4, activationCheckpointing: "full", zeroStage: 2, tensorParallel: 2, pipelineParallel: 2, framework: "megatron"})});
    expect(Math.abs(r.memory.weightsBytes / GIB / 3.1968 - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.memory.gradientsBytes / GIB / 1.5984 - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.memory.optimizerBytes / GIB / 4.7952 - 1)).toBeLessThan(0.01);
  });
});

describe("EleutherAI calc_transformer_mem.py optimizer accounting (seeds.md B2.9)", () => {
  it("keeps 4 bytes of momentum per parameter for fp32 SGD with momentum, where M12 charges 8 (a master copy that fp32 training does not have)", () => {
    // M12: -l 24 -s 1024 -a 16 -hs 2048 -v 50257 -b 2 --disable-mixed-precision -opt sgd_momentum → opt 10.5523 GiB for N = 1,416,306,688.
    expect((8 * 1_416_306_688) / GIB).toBeCloseTo(10.5523, 4);
    const arch = configArch(gptConfig({layers: 24, hidden: 2048, heads: 16, vocab: 50257, seq: 1024}));
    const r = trainingEstimate({arch, gpu: A100_80, gpuCount: 1, workload: workload({precision: "fp32", optimizer: "sgd-momentum", microBatchSize: 2, sequenceLength: 1024})});
    expect(r.memory.optimizerBytes / r.params.total).toBe(4);
  });
});

describe("EleutherAI calc_transformer_flops.py (seeds.md D2.2)", () => {
  it("uses the model's MLP width, where the cookbook ignores --ffn-hidden-size and charges 4h (B2.4, F10: 103.08 ZFLOPs of FFN either way)", () => {
    // F10: --ffn-hidden-size 11008 -nl 3 -l 32 -hs 4096 --tokens 2e12, checkpointing on (4 passes): FFN = 4·2·3·4·L·T·h².
    const T = 2e12;
    const seedFfn = 1.0307921510400001e23;
    expect(4 * 2 * 3 * 4 * 32 * T * 4096 * 4096).toBeCloseTo(seedFfn, -12);
    const hw = (ffn: number) => trainingFlopsPerToken({arch: configArch(llamaConfig({layers: 32, hidden: 4096, heads: 32, kvHeads: 32, ffn, vocab: 32000})),
      sequenceLength: 4096, method: "full", checkpointing: "full", activeParams: 0}).hardwareFlopsPerToken;
    const ourFfn = (hw(11008) - hw(1)) * (11008 / 11007) * T; // linear in F: the F-dependent part of the executed FLOPs
    expect(ourFfn / seedFfn).toBeCloseTo(11008 / 16384, 6);
  });


  it("charges the LM head's backward pass, which the cookbook leaves out (B2.6): F3 plus exactly 4·h·V − 4·h per token", () => {
    // F3: defaults (h 6144, L 44, V 51200, s 2048, 300e9 tokens), checkpointing off → 3.8058283008e22 FLOPs.
    // The seed counts the embedding/LM-head term once (2·h·V + 4·h per token), not ×3; attention non-causal.
    const [h, L, V, s, T] = [6144, 44, 51200, 2048, 300e9];
    const arch = configArch(gptConfig({layers: L, hidden: h, heads: 64, vocab: V, seq: s}));
    const f = trainingFlopsPerToken({arch, sequenceLength: s, method: "full", checkpointing: "none", activeParams: 0});
    expect(f.flopsPerTokenNonCausal * T - 3.8058283008e22).toBeCloseTo(T * (4 * h * V - 4 * h), -12);
  });

  it("keeps model FLOPs at 6 per parameter with checkpointing on, where the cookbook's default training count is 8 (B2.6: F1/F3 = 4/3)", () => {
    expect(5.06814603264e22 / 3.8058283008e22).toBeCloseTo(1.3317, 3);
    const arch = configArch(gptConfig({layers: 44, hidden: 6144, heads: 64, vocab: 51200, seq: 2048}));
    const on = trainingFlopsPerToken({arch, sequenceLength: 2048, method: "full", checkpointing: "full", activeParams: 0});
    const off = trainingFlopsPerToken({arch, sequenceLength: 2048, method: "full", checkpointing: "none", activeParams: 0});
    expect(on.flopsPerToken).toBe(off.flopsPerToken);
    expect(on.hardwareFlopsPerToken / off.flopsPerToken).toBeGreaterThan(1.3);
  });

  it("counts top-2 experts on every other layer as 1.5× a dense MLP, where the cookbook's F8 gives 1.0× (B2.5)", () => {
    // F8: -e 8 -ei 2 -t 2 → the seed multiplies the FFN by topk/ei = 1 and ignores the dense layers in between.
    const dense: Architecture = configArch(llamaConfig({layers: 32, hidden: 4096, heads: 32, kvHeads: 32, ffn: 16384, vocab: 32000}));
    const moe: Architecture = {...dense, moe: {experts: 8, expertsPerToken: 2, sharedExperts: 0, expertIntermediateSize: 16384,
      sharedExpertIntermediateSize: 0, sharedExpertGate: false, routerBias: false, routerCorrectionBias: false,
      moeLayers: Array.from({length: 32}, (_, i) => i % 2 === 1)}};
    const m = (a: Architecture) => trainingFlopsPerToken({arch: a, sequenceLength: 2048, method: "full", checkpointing: "none", activeParams: 0}).matmulParams;
    const mlpPerLayer = 3 * 4096 * 16384;
    const routers = 16 * 8 * 4096;
    expect(m(moe) - m(dense)).toBe(16 * mlpPerLayer + routers);
    const nonMlp = m(dense) - 32 * mlpPerLayer;
    expect((m(moe) - routers - nonMlp) / (m(dense) - nonMlp)).toBe(1.5);
  });
});
