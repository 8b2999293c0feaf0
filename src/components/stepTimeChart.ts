/**
 * Where a forward step's time goes: one bar per step (prefill, decode), split into KV read,
 * weight streaming or compute (whichever is larger: the two overlap, so only the larger one
 * costs time), communication and fixed overhead. Bars are shares of their own step (0–100 %),
 * since a prefill can be a thousand times longer than a decode step; the tip gives seconds.
 *
 *     t = KV/(BW·η_m) + max(W/(BW·η_m), FLOP/(P·η_c)) + t_comm + t_fixed      (lib/throughput.ts)
 */
import * as Plot from "./plot.js";
import type {StepTime} from "../lib/throughput.js";
import {formatSeconds} from "./units.js";

/** The parts of lib/throughput.ts StepTime that the chart reads. */
export type StepParts = Omit<StepTime, "bound">;

export const STEP_PARTS = ["KV read", "weight streaming", "compute", "communication", "fixed overhead"] as const;

export const STEP_TIME_CHART_LABEL = "step time breakdown";

/** The time each part adds to the step: the smaller of weight streaming and compute adds nothing. */
export function stepTimeParts(step: StepParts): {part: (typeof STEP_PARTS)[number]; seconds: number}[] {
  const computeWins = step.computeSeconds > step.weightSeconds;
  return [
    {part: "KV read", seconds: step.kvSeconds},
    {part: "weight streaming", seconds: computeWins ? 0 : step.weightSeconds},
    {part: "compute", seconds: computeWins ? step.computeSeconds : 0},
    {part: "communication", seconds: step.commSeconds},
    {part: "fixed overhead", seconds: step.overheadSeconds}
  ];
}

/** @example stepTimeChart([{label: "decode", step: est.decode}, {label: "prefill", step: est.prefill}]) */
export function stepTimeChart(
  steps: readonly {label: string; step: StepParts}[],
  {width = 640, document = globalThis.document}: {width?: number; document?: Document} = {}
): SVGSVGElement | HTMLElement {
  const rows = steps.flatMap(({label, step}) => {
    const parts = stepTimeParts(step);
    const total = parts.reduce((s, p) => s + p.seconds, 0);
    return parts.filter((p) => p.seconds > 0 && total > 0).map((p) => ({label, part: p.part, seconds: p.seconds, share: (100 * p.seconds) / total}));
  });
  return Plot.plot({
    document,
    width,
    height: 44 * steps.length + 70,
    ariaLabel: STEP_TIME_CHART_LABEL,
    marginLeft: 70,
    x: {label: "share of the step (%) →", domain: [0, 100]},
    y: {label: null, domain: steps.map((s) => s.label)},
    color: {legend: true, domain: [...STEP_PARTS]},
    marks: [
      Plot.barX(rows, Plot.stackX({x: "share", y: "label", fill: "part",
        channels: {time: {value: (d: {seconds: number}) => formatSeconds(d.seconds), label: "time"}},
        tip: {format: {x: (x: number) => `${x.toFixed(1)} %`, y: true, fill: true, time: true}}})),
      Plot.ruleX([0])
    ]
  });
}
