/**
 * Charts of the Serving chapter (src/serving.md), all fed by lib/serving:
 * - frontierChart: output tokens/s per GPU against tokens/s per user, every layout × concurrency,
 *   the Pareto front as a line and the reader's operating point marked;
 * - latencyChart: TTFT and TPOT against concurrency (log-log);
 * - stepChart: what one step holds — decode tokens and prefill tokens — in a step carrying a
 *   prefill chunk and in a decode-only step, against the token budget.
 */
import {labelMargin} from "./chartLabels.js";
import * as Plot from "./plot.js";
import type {FrontierPoint} from "../lib/serving/frontier.js";

export interface MarkedPoint {
  outputTokensPerSecondPerUser: number;
  outputTokensPerSecondPerGpu: number;
  label: string;
}

const layoutOf = (p: FrontierPoint) => `TP${p.tensorParallel}${p.expertParallel > 1 ? ` EP${p.expertParallel}` : ""}`;

export function frontierChart(points: readonly FrontierPoint[], front: readonly FrontierPoint[], marked: MarkedPoint | null,
  options: {width: number}): SVGSVGElement | HTMLElement {
  const layouts = [...new Set(points.map(layoutOf))];
  return Plot.plot({
    width: options.width, height: 360,
    x: {type: "log", label: "output tokens/s per user (interactivity) →", grid: true},
    y: {type: "log", label: "↑ output tokens/s per GPU (throughput)", grid: true},
    color: {legend: true, domain: layouts},
    marks: [
      Plot.dot(points, {x: "outputTokensPerSecondPerUser", y: "outputTokensPerSecondPerGpu", stroke: layoutOf, r: 2.5, strokeOpacity: 0.6,
        title: (p: FrontierPoint) => `${layoutOf(p)}, ${p.concurrency} in flight: ${p.outputTokensPerSecondPerUser.toFixed(1)} tok/s/user, ${p.outputTokensPerSecondPerGpu.toFixed(0)} tok/s/GPU`}),
      Plot.line(front, {x: "outputTokensPerSecondPerUser", y: "outputTokensPerSecondPerGpu", stroke: "currentColor", strokeWidth: 1.5}),
      ...(marked ? [
        Plot.dot([marked], {x: "outputTokensPerSecondPerUser", y: "outputTokensPerSecondPerGpu", r: 7, stroke: "red", strokeWidth: 2.5, fill: "none"}),
        Plot.text([marked], {x: "outputTokensPerSecondPerUser", y: "outputTokensPerSecondPerGpu", text: "label", dy: -14, fill: "red", fontWeight: "bold"})
      ] : [])
    ]
  });
}

export interface LatencyRow {
  concurrency: number;
  metric: "TTFT" | "TPOT";
  seconds: number;
}

export function latencyChart(rows: readonly LatencyRow[], current: number, options: {width: number}): SVGSVGElement | HTMLElement {
  return Plot.plot({
    width: options.width, height: 280, marginLeft: labelMargin(["200 ms", "20 s"], {pad: 12}),
    x: {type: "log", label: "requests in flight (concurrency) →", grid: true},
    y: {type: "log", label: "↑ seconds", grid: true, tickFormat: (s: number) => (s >= 1 ? `${s} s` : `${Math.round(s * 1e3 * 100) / 100} ms`)},
    color: {legend: true, domain: ["TTFT", "TPOT"]},
    marks: [
      Plot.line(rows, {x: "concurrency", y: "seconds", stroke: "metric", strokeWidth: 2}),
      Plot.ruleX([current], {stroke: "red", strokeDasharray: "4,3"})
    ]
  });
}

export interface StepBar {
  step: string;
  part: "decode tokens" | "prefill tokens";
  tokens: number;
}

export function stepChart(bars: readonly StepBar[], budget: number, options: {width: number}): SVGSVGElement | HTMLElement {
  return Plot.plot({
    width: options.width, height: 150, marginLeft: 150,
    x: {label: "tokens in the step →", grid: true, domain: [0, Math.max(budget, ...bars.map((b) => b.tokens)) * 1.05]},
    y: {label: null},
    color: {legend: true, domain: ["decode tokens", "prefill tokens"]},
    marks: [
      Plot.barX(bars, {x: "tokens", y: "step", fill: "part"}),
      Plot.ruleX([budget], {stroke: "currentColor", strokeDasharray: "4,3"}),
      Plot.text([budget], {x: (b: number) => b, frameAnchor: "top", text: () => "token budget", dy: -4, textAnchor: "end", dx: -4})
    ]
  });
}
