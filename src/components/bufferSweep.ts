/**
 * Training memory against the sequence length, buffer by buffer: for each length, the engine's
 * estimate (lib/training/estimate.ts) split into what holds it, so a stacked chart shows where
 * each buffer takes over. Pure: every number is read off `trainingEstimate`'s breakdown.
 *
 *     state        weights + gradients + optimizer state (+ masters, working copies)
 *     checkpoints  the stored layer activations (layer inputs under full recomputation)
 *     loss         the loss buffers (logits), when they set the peak
 *     rebuilt      one rebuilt layer and its gradients, when it sets the peak instead
 *     adapters     LoRA intermediates and the NF4 dequantisation workspace
 *     overhead     CUDA context, communication buffers, gathered ZeRO-3 units, fragmentation
 */
import {trainingEstimate} from "../lib/training/estimate.js";
import type {TrainingWorkload} from "../lib/scenario.js";
import {activationBreakdownOf, rememberedEstimate, type TrainingCase} from "./trainingSweeps.js";

export const BUFFERS = ["state", "checkpoints", "loss", "rebuilt", "adapters", "overhead"] as const;
export type Buffer = (typeof BUFFERS)[number];
export const BUFFER_LABELS: Record<Buffer, string> = {
  state: "weights, gradients, optimizer", checkpoints: "stored activations", loss: "loss buffers (logits)",
  rebuilt: "rebuilt layer + its gradients", adapters: "LoRA + NF4 workspace", overhead: "context, buffers, fragmentation"
};

export interface BufferPoint {
  sequenceLength: number;
  buffer: Buffer;
  bytes: number;
}

/** The buffers of one estimate, in bytes, summing to its total. */
export function buffersOf(result: ReturnType<typeof trainingEstimate>): Record<Buffer, number> {
  const a = activationBreakdownOf(result);
  const m = result.memory;
  const lossSets = a.lossBytes >= a.recomputeWorkingBytes;
  return {
    state: m.weightsBytes + m.gradientsBytes + m.optimizerBytes,
    checkpoints: a.layersBytes,
    loss: lossSets ? a.lossBytes : 0,
    rebuilt: lossSets ? 0 : a.recomputeWorkingBytes,
    adapters: a.loraBytes + a.dequantWorkspaceBytes,
    overhead: m.overheadBytes
  };
}

/**
 * The buffers at each sequence length (the case's other inputs kept); an empty list when the
 * layout cannot run.
 *
 * @example bufferSweep(case, [1024, 2048]) // 12 points: 6 buffers × 2 lengths
 */
export function bufferSweep(c: TrainingCase, lengths: readonly number[]): BufferPoint[] {
  if (!rememberedEstimate(c).ok) return [];
  return lengths.flatMap((sequenceLength) => {
    const workload: TrainingWorkload = {...c.workload, sequenceLength};
    // Remembered: a sequence move leaves the other lengths' estimates as they were (trainingSweeps.ts).
    const outcome = rememberedEstimate({...c, workload});
    if (!outcome.ok) throw new Error(outcome.issues.join("; "));
    const parts = buffersOf(outcome.result);
    return BUFFERS.map((buffer) => ({sequenceLength, buffer, bytes: parts[buffer]}));
  });
}

/**
 * Where each buffer takes over: the first length at which it is the largest of the buffers, or
 * null when it never is.
 *
 * @example takeovers(points) // {state: 512, loss: 16384, ...}
 */
export function takeovers(points: readonly BufferPoint[]): Partial<Record<Buffer, number>> {
  const out: Partial<Record<Buffer, number>> = {};
  for (const s of [...new Set(points.map((p) => p.sequenceLength))].sort((a, b) => a - b)) {
    const at = points.filter((p) => p.sequenceLength === s);
    const top = at.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    if (top.bytes > 0 && out[top.buffer] === undefined) out[top.buffer] = s;
  }
  return out;
}
