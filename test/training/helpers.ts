/** Shared fixtures for the training tests: catalog architectures, GPUs and workloads. */
import {architectureFromConfig} from "../../lib/config.ts";
import {findModel} from "../../lib/catalog/index.ts";
import type {Architecture} from "../../lib/architecture.ts";
import type {GpuSpec} from "../../lib/hardware.ts";
import type {InlineGpu, TrainingWorkload} from "../../lib/scenario.ts";

/** Architecture of a catalog model, read through architectureFromConfig like any config.json. */
export function catalogArch(id: string): Architecture {
  const model = findModel(id);
  if (!model) throw new Error(`no catalog model ${id}`);
  return architectureFromConfig({...model.config}).architecture;
}

/** Architecture from an inline config.json. */
export function configArch(config: Record<string, unknown>): Architecture {
  return architectureFromConfig(config).architecture;
}

/** A GPT-style config (LayerNorm, learned positions, 4h GeLU MLP, MHA, tied) of the given shape. */
export function gptConfig(options: {layers: number; hidden: number; heads: number; vocab: number; seq: number}): Record<string, unknown> {
  return {model_type: "gpt2", vocab_size: options.vocab, n_positions: options.seq, n_ctx: options.seq,
    n_embd: options.hidden, n_layer: options.layers, n_head: options.heads, n_inner: 4 * options.hidden,
    activation_function: "gelu", tie_word_embeddings: true};
}

/** A Llama-style config. */
export function llamaConfig(options: {layers: number; hidden: number; heads: number; kvHeads: number; ffn: number;
  vocab: number; tied?: boolean}): Record<string, unknown> {
  return {model_type: "llama", vocab_size: options.vocab, hidden_size: options.hidden, intermediate_size: options.ffn,
    num_hidden_layers: options.layers, num_attention_heads: options.heads, num_key_value_heads: options.kvHeads,
    max_position_embeddings: 4096, tie_word_embeddings: options.tied ?? false, hidden_act: "silu"};
}

/** Inline datasheet GPU → SI GpuSpec (as the scenario edge converts it: GB = 1e9, TFLOPS = 1e12). */
export function inlineGpu(g: InlineGpu): GpuSpec {
  const flops: GpuSpec["flopsPerSecond"] = {};
  for (const [k, v] of Object.entries(g.tflops)) flops[k as keyof GpuSpec["flopsPerSecond"]] = (v as number) * 1e12;
  return {id: g.name, name: g.name, kind: "gpu", memoryBytes: g.memoryGB * 1e9, bandwidthBytesPerSecond: g.bandwidthGBps * 1e9,
    flopsPerSecond: flops, interconnectBytesPerSecond: g.interconnectGBps ? g.interconnectGBps * 1e9 : null, source: "inline"};
}

export const A100_80: GpuSpec = inlineGpu({name: "A100 SXM4 80GB", memoryGB: 80, bandwidthGBps: 2039,
  tflops: {fp32: 19.5, tf32: 156, bf16: 312, fp16: 312, int8: 624}});
export const H100: GpuSpec = inlineGpu({name: "H100 SXM5 80GB", memoryGB: 80, bandwidthGBps: 3350,
  tflops: {fp32: 67, tf32: 494.5, bf16: 989, fp16: 989, fp8: 1979, int8: 1979}});

/** A full-training workload with every key set; override what a test varies. */
export function workload(overrides: Partial<TrainingWorkload> = {}): TrainingWorkload {
  return {type: "training", method: "full", precision: "bf16-mixed", optimizer: "adamw", microBatchSize: 1,
    sequenceLength: 2048, gradientAccumulation: 1, activationCheckpointing: "none", flashAttention: true, zeroStage: 0,
    tensorParallel: 1, pipelineParallel: 1, expertParallel: 1, sequenceParallel: false, ...overrides};
}

export const GB = 1e9;
export const GIB = 2 ** 30;
