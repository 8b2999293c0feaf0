/**
 * The plan as a ranked text table.
 * Part of the planner (lib/planner.ts re-exports it); SI units throughout.
 */
import type {ScenarioPlan} from "./request.js";
import {BYTES_PER_GB, formatFixed} from "../format/units.js";

const fixed = (x: number | null, digits: number) => formatFixed(x ?? NaN, digits);
const gb = (bytes: number) => formatFixed(bytes / BYTES_PER_GB, 1);

function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * The plan as a ranked text table (memory in GB = 10^9 bytes, TPOT in ms, TTFT in s, training
 * time in days), best first, at most `top` rows (default 20); notes and warnings after it.
 *
 * @example formatPlanTable({plan: planScenario(scenario).plan, top: 10}) // "Plan for Llama 3.1 8B\n..."
 */
export function formatPlanTable(options: {plan: ScenarioPlan; top?: number}): string {
  const {plan} = options;
  const top = options.top ?? 20;
  const out: string[] = [`Plan for ${plan.model.name}`];
  if (plan.serving) {
    const s = plan.serving;
    const q = s.question;
    out.push(`Serving ${q.promptTokens} prompt + ${q.outputTokens} output tokens with ${q.engine} (KV ${q.kvCache}); ${
      q.mode === "concurrency" ? `${q.concurrency} concurrent sequences` : q.mode === "throughput" ? `${q.targetThroughputTokensPerSecond} output tokens/s`
        : "each configuration at its cheapest batch"}${q.maxTimeToFirstTokenSeconds !== null ? `; TTFT <= ${q.maxTimeToFirstTokenSeconds} s` : ""}${
      q.maxTimePerOutputTokenSeconds !== null ? `; time per output token <= ${q.maxTimePerOutputTokenSeconds * 1000} ms` : ""}`);
    out.push(`${s.counts.configurations} configurations, ${s.counts.priced} priced, ${s.counts.fitting} fit, ${s.counts.meetingTargets} meet the targets; * = Pareto (cost vs time per output token)`);
    out.push("");
    const rows = s.rows.slice(0, top).map((r) => [r.rank === null ? "-" : String(r.rank), r.pareto ? "*" : "", r.gpuId,
      r.replicas > 1 ? `${r.replicas}×${r.gpuCount}` : String(r.gpuCount), r.weights, `${r.tensorParallel}/${r.pipelineParallel}`, String(r.batchSize),
      fixed(r.usdPerMillionOutputTokens, 3), fixed(r.usdPerMillionInputTokens, 3), fixed(r.throughputTokensPerSecond, 0),
      fixed(r.timePerOutputTokenSeconds * 1000, 1), fixed(r.timeToFirstTokenSeconds, 2), `${gb(r.memoryTotalBytes)}/${gb(r.capacityBytes)}`,
      fixed(r.usdPerGpuHour, 2), r.priceBasis]);
    out.push(table(["#", "P", "GPU", "GPUs", "weights", "TP/PP", "batch", "$/M out", "$/M in", "out tok/s", "TPOT ms", "TTFT s",
      "mem GB/GPU", "$/GPU-h", "price"], rows, [true, false, false, true, false, true, true, true, true, true, true, true, true, true, false]));
  }
  if (plan.training) {
    const t = plan.training;
    out.push(`Training: ${t.counts.gpuKinds} GPU kinds × ${t.counts.gpuCounts} counts, ${t.counts.layouts} layouts, ${t.counts.fitting} GPU kind × count pairs fit; * = Pareto (cost vs time)`);
    out.push("");
    const rows = t.rows.slice(0, top).map((r) => [String(r.rankByCost), r.pareto ? "*" : "", String(r.rankByTime), r.gpuId, String(r.gpuCount),
      `${r.tensorParallel}/${r.pipelineParallel}/${r.dataParallel}`, String(r.zeroStage), r.activationCheckpointing,
      fixed(r.totalUsd, 0), fixed(r.wallClockSeconds / 86400, 2), r.meetsDeadline ? "yes" : "no", fixed(r.effectiveMfu, 3),
      `${gb(r.memoryTotalBytes)}/${gb(r.capacityBytes)}`, fixed(r.usdPerGpuHour, 2), r.priceBasis]);
    out.push(table(["#$", "P", "#t", "GPU", "GPUs", "TP/PP/DP", "ZeRO", "ckpt", "total $", "days", "deadline", "MFU", "mem GB/GPU", "$/GPU-h", "price"],
      rows, [true, false, true, false, true, true, true, false, true, true, false, true, true, true, false]));
  }
  if (plan.warnings.length) out.push("", ...plan.warnings.map((w) => `note: ${w}`));
  return `${out.join("\n")}\n`;
}
