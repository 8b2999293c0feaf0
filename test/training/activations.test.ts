import {FRAMEWORK_PROFILES, UNSLOTH_LOSS_CHUNK_BYTES} from "../../lib/training/profiles.ts";
import {describe, expect, it} from "vitest";
import {korthikantiLayerBytes, layerActivationBytes, lossActivationBytes, storedLayerBytes} from "../../lib/training/activations.ts";
import {catalogArch, configArch, GIB, gptConfig} from "./helpers.ts";

// GPT-3 175B and MT-NLG 530B shapes as in Korthikanti et al. 2022 (arXiv 2205.05198), Table 3.
const gpt3 = {hiddenSize: 12288, heads: 96, sequenceLength: 2048};
const mtnlg = {hiddenSize: 20480, heads: 128, sequenceLength: 2048};

describe("Korthikanti et al. 2022 closed forms (Table 2)", () => {
  const sbh = 2048 * 1 * 12288;

  it("gives sbh(34 + 5as/h) per layer without parallelism", () => {
    expect(korthikantiLayerBytes({...gpt3, microBatchSize: 1})).toBe(sbh * (34 + (5 * 96 * 2048) / 12288));
  });

  it("gives 5as/h = 80 for GPT-3 and 64 for MT-NLG, as the paper states", () => {
    const scoresTerm = (m: typeof gpt3) =>
      korthikantiLayerBytes({...m, microBatchSize: 1}) / (m.sequenceLength * m.hiddenSize) - 34;
    expect(scoresTerm(gpt3)).toBeCloseTo(80, 10);
    expect(scoresTerm(mtnlg)).toBeCloseTo(64, 10);
  });

  it("saves 70 % (GPT-3) and 65 % (MT-NLG) of activation memory with selective recomputation, as the paper reports", () => {
    const saving = (m: typeof gpt3) => 1 - korthikantiLayerBytes({...m, microBatchSize: 1, tensorParallel: 8, sequenceParallel: true, recompute: "selective"})
      / korthikantiLayerBytes({...m, microBatchSize: 1, tensorParallel: 8, sequenceParallel: true});
    expect(saving(gpt3)).toBeCloseTo(0.70, 2);
    expect(saving(mtnlg)).toBeCloseTo(0.65, 2);
  });

  it("gives sbh(10 + 24/t + 5as/(ht)) under tensor parallelism and sbh/t·(34 + 5as/h) with sequence parallelism", () => {
    const t = 8;
    expect(korthikantiLayerBytes({...gpt3, microBatchSize: 1, tensorParallel: t})).toBeCloseTo(sbh * (10 + 24 / t + 80 / t), 0);
    expect(korthikantiLayerBytes({...gpt3, microBatchSize: 1, tensorParallel: t, sequenceParallel: true})).toBeCloseTo((sbh / t) * 114, 0);
    expect(korthikantiLayerBytes({...gpt3, microBatchSize: 1, tensorParallel: t, sequenceParallel: true, recompute: "selective"})).toBeCloseTo((34 * sbh) / t, 0);
    expect(korthikantiLayerBytes({...gpt3, microBatchSize: 1, recompute: "full"})).toBe(2 * sbh);
  });

  it("agrees with the EleutherAI calculator's Llama-7B activation figure, 97.0 GiB at s = 4096 (seeds.md D2 M5)", () => {
    const perLayer = korthikantiLayerBytes({sequenceLength: 4096, microBatchSize: 1, hiddenSize: 4096, heads: 32});
    expect((32 * perLayer) / GIB).toBeCloseTo(97.0, 6);
  });

  it("stores 2sbh per layer under full checkpointing, where the EleutherAI calculator's -ca branch prints the selective 34sbh (seeds.md B2.8, M6 17.0 GiB)", () => {
    // Seed M6: -l 32 -s 4096 -hs 4096 -b 1 -ca → 17.0 GiB, i.e. 34·s·b·h·L bytes.
    const seedCheckpointed = 34 * 4096 * 4096 * 32;
    expect(seedCheckpointed / GIB).toBeCloseTo(17.0, 6);
    const ours = 32 * korthikantiLayerBytes({sequenceLength: 4096, microBatchSize: 1, hiddenSize: 4096, heads: 32, recompute: "full"});
    expect(ours / GIB).toBeCloseTo(1.0, 6); // 17× less: only each layer's input is kept
  });
});

describe("activations generalised to the architecture", () => {
  const gpt = configArch(gptConfig({layers: 96, hidden: 12288, heads: 96, vocab: 51200, seq: 2048}));
  const base = {arch: gpt, layer: 0, microBatchSize: 1, sequenceLength: 2048, flashAttention: false, dropout: true};

  it("reproduces sbh(34 + 5as/h) exactly for a GPT layer (LayerNorm, MHA, 4h GeLU MLP, dropout, no FlashAttention)", () => {
    expect(layerActivationBytes(base).total).toBe(korthikantiLayerBytes({...gpt3, microBatchSize: 1}));
  });

  it("reproduces the paper's TP, TP+SP, selective and full rows for the GPT layer", () => {
    for (const [tp, sp] of [[8, false], [8, true], [4, true]] as const) {
      for (const recompute of ["none", "selective", "full"] as const) {
        const ours = storedLayerBytes({...base, tensorParallel: tp, sequenceParallel: sp, checkpointing: recompute});
        const paper = korthikantiLayerBytes({...gpt3, microBatchSize: 1, tensorParallel: tp, sequenceParallel: sp, recompute});
        expect(ours).toBeCloseTo(paper, 0);
      }
    }
  });

  it("drops the s² scores with FlashAttention and keeps an fp32 log-sum-exp per head and position instead", () => {
    const fa = layerActivationBytes({...base, flashAttention: true});
    expect(fa.scores).toBe(4 * 96 * 2048);
    expect(layerActivationBytes(base).total - fa.total).toBe(5 * 96 * 2048 * 2048 - 4 * 96 * 2048);
  });

  it("counts Llama-2-7B (SwiGLU F = 11008, no dropout, FlashAttention) at 37.5 sbh + 4asb per layer", () => {
    const arch = catalogArch("llama-2-7b");
    const s = 4096;
    const bytes = layerActivationBytes({arch, layer: 0, microBatchSize: 1, sequenceLength: s, flashAttention: true}).total;
    expect(bytes).toBe(s * 4096 * 37.5 + 4 * 32 * s);
  });

  it("stores K and V for the KV heads only under GQA (Llama-3-8B: 8 of 32 heads)", () => {
    const arch = catalogArch("llama-3-8b");
    const mha = {...arch, kvHeads: 32};
    const opts = {layer: 0, microBatchSize: 1, sequenceLength: 1024, flashAttention: true};
    const diff = layerActivationBytes({arch: mha, ...opts}).attention - layerActivationBytes({arch, ...opts}).attention;
    expect(diff).toBe(2 * 1024 * 2 * (32 - 8) * 128);
  });

  it("sizes the logits at s·b·V times the framework's bytes per logit, divided by TP (vocab-parallel)", () => {
    const arch = catalogArch("llama-3-8b");
    const loss = lossActivationBytes({arch, microBatchSize: 1, sequenceLength: 4096, loss: FRAMEWORK_PROFILES.megatron.loss, tensorParallel: 2});
    expect(loss.logits).toBe((4096 * 128256 * 4) / 2);
  });

  it("keeps one chunk's work at a time in a chunked loss: compiled torchtune keeps bf16 logits plus one chunk's bf16 gradient, 2 + 2/8 bytes per logit", () => {
    const arch = catalogArch("llama-3-8b");
    const loss = lossActivationBytes({arch, microBatchSize: 2, sequenceLength: 2048, loss: FRAMEWORK_PROFILES.torchtune.loss});
    expect(loss.logits).toBe(4096 * 128256 * (2 + 2 / 8));
    // transformers' unchunked ForCausalLMLoss holds 12 bytes per logit at once.
    const hf = lossActivationBytes({arch, microBatchSize: 2, sequenceLength: 2048, loss: FRAMEWORK_PROFILES.peft.loss});
    expect(hf.logits / loss.logits).toBeCloseTo(12 / 2.25, 9);
  });

  it("doubles the final norm's buffers on an fp32 residual stream (QLoRA prepared by PEFT)", () => {
    const arch = catalogArch("llama-3-8b");
    const opts = {arch, microBatchSize: 1, sequenceLength: 4096, loss: FRAMEWORK_PROFILES.peft.loss};
    expect(lossActivationBytes({...opts, residualBytes: 4}).finalNorm).toBe(2 * lossActivationBytes(opts).finalNorm);
  });

  it("caps a fused loss at one chunk and adds the hidden states' gradient (Unsloth)", () => {
    const arch = catalogArch("llama-3-8b");
    const long = lossActivationBytes({arch, microBatchSize: 1, sequenceLength: 65536, loss: FRAMEWORK_PROFILES.unsloth.loss});
    expect(long.logits).toBe(UNSLOTH_LOSS_CHUNK_BYTES + 2 * 65536 * 4096);
  });
});
