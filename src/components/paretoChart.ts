/**
 * Cost against latency for every plan the planner priced, log-log, with the Pareto front
 * (the plans no other plan beats on both cost and latency) connected and ringed.
 *
 * - Serving: US dollars per million output tokens against time per output token (ms), one dot
 *   per GPU kind × count × format × split, coloured by weight format.
 * - Training: total US dollars against wall-clock days, one dot per GPU kind × count (its
 *   fastest layout that fits), coloured by GPU count.
 *
 * Plans that miss the reader's targets (latency limits, deadline) are drawn hollow and faint;
 * the front is the engine's (`pareto` on each row: among plans that meet the targets).
 */
import {labelMargin} from "./chartLabels.js";
import * as Plot from "./plot.js";
import type {ServingPlanRow, TrainingPlanRow} from "../lib/planner.js";
import {formatNumber, formatUsd} from "./units.js";

/** One plan on the chart, in display units (the axes' units). */
export interface ParetoPoint {
  /** Latency: ms per output token (serving) or days (training). */
  x: number;
  /** Cost: $ per million output tokens (serving) or total $ (training). */
  y: number;
  /** On the engine's cost–latency Pareto front. */
  pareto: boolean;
  /** Meets the reader's targets. */
  meets: boolean;
  /** The colour group (weight format, GPU count). */
  group: string;
  /** "2 × H100 SXM, fp8, TP 2 × PP 1, batch 32": the plan in words (`gpus`, then `detail`), for the CSV. */
  label: string;
  /** "2 × H100 SXM": the hardware alone, for labels and the tip's first line. */
  gpus: string;
  /** "fp8, TP 2 × PP 1, batch 32": the rest of the plan, the tip's second line. */
  detail: string;
  /** Rank by cost among plans meeting the targets, or null. */
  rank: number | null;
}

export const SERVING_PARETO_LABEL = "serving cost versus time per output token";
export const TRAINING_PARETO_LABEL = "training cost versus wall-clock time";
/** The aria-descriptions of the chart's marks (tests and screen readers find them by these). */
export const PARETO_MARKS = {missing: "plans missing the targets", meeting: "plans meeting the targets", front: "Pareto front",
  frontLine: "Pareto front line"} as const;

/** "2 × H100 SXM" or "3 × 2 × H100 SXM" (replicas × GPUs per replica). */
export function gpusInWords(options: {gpuName: string; gpuCount: number; replicas?: number}): string {
  const {gpuName, gpuCount, replicas = 1} = options;
  return `${replicas > 1 ? `${replicas} × ` : ""}${gpuCount > 1 || replicas > 1 ? `${gpuCount} × ` : ""}${gpuName}`;
}

/**
 * A plan as a point. The words (`gpus`, `detail`, `label`) are read from the plan's row when asked for (the tip,
 * the front's labels, a CSV), not written out for each of the ~800 plans on every input move.
 */
class PlanPoint<R extends {gpuName: string; gpuCount: number; replicas?: number}> implements ParetoPoint {
  constructor(readonly row: R, readonly x: number, readonly y: number, readonly pareto: boolean, readonly meets: boolean,
    readonly group: string, readonly rank: number | null, private readonly describe: (row: R) => string) {}
  get gpus(): string {
    return gpusInWords(this.row);
  }
  get detail(): string {
    return this.describe(this.row);
  }
  get label(): string {
    return `${this.gpus}, ${this.detail}`;
  }
}

const servingWords = (r: ServingPlanRow) => `${r.weights}, TP ${r.tensorParallel} × PP ${r.pipelineParallel}, batch ${r.batchSize}`;
const trainingWords = (r: TrainingPlanRow) =>
  `TP ${r.tensorParallel} × PP ${r.pipelineParallel} × DP ${r.dataParallel}, ZeRO-${r.zeroStage}, ${r.activationCheckpointing} checkpointing`;

/**
 * Serving rows → points: x = time per output token in ms, y = $ per million output tokens.
 * Rows without a cost (not fitting) are left out.
 * @example servingParetoPoints(planServing({arch, promptTokens: 1024, outputTokens: 256}).rows)
 */
export function servingParetoPoints(rows: readonly ServingPlanRow[]): ParetoPoint[] {
  const points: ParetoPoint[] = [];
  for (const r of rows) {
    if (!r.fits || r.usdPerMillionOutputTokens === null) continue;
    points.push(new PlanPoint(r, r.timePerOutputTokenSeconds * 1e3, r.usdPerMillionOutputTokens, r.pareto, r.meetsTargets, r.weights, r.rank, servingWords));
  }
  return points;
}

/**
 * Training rows → points: x = wall-clock days, y = total $.
 * @example trainingParetoPoints(planTraining({arch, trainingTokens: 1e12}).rows)
 */
export function trainingParetoPoints(rows: readonly TrainingPlanRow[]): ParetoPoint[] {
  return rows.filter((r) => r.fits).map((r) => new PlanPoint(r, r.wallClockSeconds / 86400, r.totalUsd, r.pareto && r.meetsDeadline,
    r.meetsDeadline, `${r.gpuCount} GPUs`, r.meetsDeadline ? r.rankByCost : null, trainingWords));
}

/** A CSV of the chart's points (exportMenu `columns`): the plan in words, its group, the front, the targets, x and y in the axes' units. */
export function paretoCsvColumns(kind: "serving" | "training"): Record<string, string> {
  return {label: "plan", group: "group", pareto: "pareto", meets: "meetsTargets",
    ...(kind === "serving" ? {x: "timePerOutputTokenMs", y: "usdPerMillionOutputTokens"} : {x: "wallClockDays", y: "totalUsd"})};
}

/**
 * The front as a path: its points sorted by latency (cost then falls as latency grows).
 * Only finite, positive points (log axes).
 */
export function frontPath(points: readonly ParetoPoint[]): ParetoPoint[] {
  return points.filter((p) => p.pareto && p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x || b.y - a.y);
}

export interface ParetoChartOptions {
  /** "serving" (ms, $/M output tokens) or "training" (days, total $). */
  kind: "serving" | "training";
  /** Colour groups in legend order; default the groups in first-seen order. */
  groups?: readonly string[];
  width?: number;
  height?: number;
  document?: Document;
}

/** A scale as a render function receives it: value → pixel (or colour). */
type ScaleFunction = (value: unknown) => unknown;

/**
 * The many plain dots (plans meeting or missing the targets) as a render-function mark (issue 11,
 * "One frame"): one SVG path per colour, a subpath per plan, placed with the chart's own scales. The
 * planner's chart holds ~800 plans; as `<circle>` elements, or as Plot dot marks whose channels Plot
 * builds, scales and filters point by point, they were most of the chart's time on every input move.
 * A render function costs one pass over the points; it adds nothing to the scales' domains, which the
 * chart therefore sets from every plan drawn. A filled dot is a zero-length segment drawn with a round
 * cap as wide as the dot (`M x,y h0`, stroke-width 2r: a disc of radius r, a quarter of the text of
 * two arcs); a ring (`ring`) is two arcs, stroked. The group carries the mark's description and
 * style, `data-dots` the number of dots drawn.
 */
function dotsMark(points: readonly ParetoPoint[], {radius, ring, ariaDescription, attributes}: {radius: number; ring: boolean;
  ariaDescription: string; attributes: Record<string, string>}) {
  return (_index: unknown, scales: {x?: ScaleFunction; y?: ScaleFunction; color?: ScaleFunction}, _values: unknown, _dimensions: unknown,
    context: {document: Document}) => {
    const svg = "http://www.w3.org/2000/svg";
    const g = context.document.createElementNS(svg, "g");
    g.setAttribute("aria-label", "dot");
    g.setAttribute("aria-description", ariaDescription);
    for (const [name, value] of Object.entries(attributes)) g.setAttribute(name, value);
    if (!ring) {
      g.setAttribute("fill", "none");
      g.setAttribute("stroke", "currentColor");
      g.setAttribute("stroke-linecap", "round");
      g.setAttribute("stroke-width", String(2 * radius));
    }
    const byColour = new Map<string, string[]>();
    const r = radius;
    const round = (v: number) => Math.round(v * 100) / 100;
    let drawn = 0;
    for (const p of points) {
      const x = Number(scales.x?.(p.x));
      const y = Number(scales.y?.(p.y));
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const colour = !ring && scales.color ? String(scales.color(p.group)) : "";
      let parts = byColour.get(colour);
      if (!parts) byColour.set(colour, (parts = []));
      parts.push(ring ? `M${round(x - r)},${round(y)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0` : `M${round(x)},${round(y)}h0`);
      drawn++;
    }
    for (const [colour, parts] of byColour) {
      const path = context.document.createElementNS(svg, "path");
      if (colour) path.setAttribute("stroke", colour);
      path.setAttribute("d", parts.join(""));
      g.append(path);
    }
    g.setAttribute("data-dots", String(drawn));
    return g;
  };
}

/** How near (px) the pointer must come to a plan for its tip to show (Plot's pointer uses 40). */
const TIP_RADIUS_PX = 40;

/**
 * The plan under the pointer, in words, as a tip (`<g aria-label="tip">`): the nearest plan within
 * TIP_RADIUS_PX of the pointer, found among every plan drawn. Written by hand rather than with Plot's
 * tip and pointer marks, which build and scale channels for every plan on every drawing (a quarter of
 * the chart's time); this costs nothing until the pointer moves over the chart.
 */
function attachTip(svg: SVGSVGElement, points: readonly ParetoPoint[], {x, y, width, height, lines}: {x: ScaleFunction; y: ScaleFunction;
  width: number; height: number; lines: (p: ParetoPoint) => string[]}): void {
  const document = svg.ownerDocument;
  const ns = "http://www.w3.org/2000/svg";
  const px = points.map((p) => Number(x(p.x)));
  const py = points.map((p) => Number(y(p.y)));
  let tip: SVGGElement | null = null;
  let shown = -1;
  const hide = () => {
    tip?.remove();
    tip = null;
    shown = -1;
  };
  const show = (i: number) => {
    if (i === shown) return;
    hide();
    shown = i;
    tip = document.createElementNS(ns, "g");
    tip.setAttribute("aria-label", "tip");
    tip.setAttribute("pointer-events", "none");
    const box = document.createElementNS(ns, "rect");
    box.setAttribute("fill", "var(--plot-background, white)");
    box.setAttribute("stroke", "currentColor");
    box.setAttribute("stroke-opacity", "0.5");
    box.setAttribute("rx", "3");
    const text = document.createElementNS(ns, "text");
    text.setAttribute("text-anchor", "start");
    lines(points[i]!).forEach((line, k) => {
      const span = document.createElementNS(ns, "tspan");
      span.setAttribute("x", "0");
      span.setAttribute("dy", k === 0 ? "0" : "1.2em");
      if (k === 0) span.setAttribute("font-weight", "600");
      span.textContent = line;
      text.append(span);
    });
    tip.append(box, text);
    svg.append(tip);
    // Sized from the laid-out text, placed beside the plan on the side with room.
    const pad = 6;
    const bounds = text.getBBox?.() ?? {x: 0, y: -10, width: 200, height: 36};
    const w = bounds.width + 2 * pad;
    const h = bounds.height + 2 * pad;
    box.setAttribute("x", String(bounds.x - pad));
    box.setAttribute("y", String(bounds.y - pad));
    box.setAttribute("width", String(w));
    box.setAttribute("height", String(h));
    const right = px[i]! + 10 + w <= width;
    const left = Math.min(Math.max(0, right ? px[i]! + 10 : px[i]! - 10 - w), Math.max(0, width - w));
    const top = py[i]! - 10 - h < 0 ? py[i]! + 10 : py[i]! - 10 - h;
    tip.setAttribute("transform", `translate(${+(left - bounds.x + pad).toFixed(1)},${+(Math.min(height - h, top) - bounds.y + pad).toFixed(1)})`);
  };
  svg.addEventListener("pointermove", (event) => {
    const rect = svg.getBoundingClientRect();
    if (!(rect.width > 0 && rect.height > 0)) return;
    const mx = ((event.clientX - rect.left) * width) / rect.width;
    const my = ((event.clientY - rect.top) * height) / rect.height;
    let best = -1;
    let bestDistance = TIP_RADIUS_PX * TIP_RADIUS_PX;
    for (let i = 0; i < points.length; i++) {
      const d = (px[i]! - mx) ** 2 + (py[i]! - my) ** 2;
      if (d <= bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    if (best < 0) hide();
    else show(best);
  });
  svg.addEventListener("pointerleave", hide);
}

/**
 * @example paretoChart(servingParetoPoints(plan.rows), {kind: "serving"})
 */
export function paretoChart(points: readonly ParetoPoint[], {kind, groups, width = 640, height = 400,
  document = globalThis.document}: ParetoChartOptions) {
  const drawn = points.filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y));
  const meeting = drawn.filter((p) => p.meets);
  const missing = drawn.filter((p) => !p.meets);
  const front = frontPath(drawn);
  const cheapest = meeting.filter((p) => p.rank === 1);
  const fastest = front.length > 1 ? [front[0]!] : [];
  const seen = [...new Set(drawn.map((p) => p.group))];
  // Training groups are "8 GPUs", "16 GPUs"…: in numeric order.
  const domain = groups ? [...groups] : kind === "training" ? seen.sort((a, b) => parseFloat(a) - parseFloat(b)) : seen;
  const serving = kind === "serving";
  // A label reads away from the nearer side of the plot, so it is not cut off at the edge.
  const logX = drawn.map((p) => Math.log(p.x));
  const midX = logX.length ? (Math.min(...logX) + Math.max(...logX)) / 2 : 0;
  const labelSide = (p: ParetoPoint | undefined) => (p && Math.log(p.x) > midX
    ? {textAnchor: "end" as const, dx: -8} : {textAnchor: "start" as const, dx: 8});
  // An annotation wraps to the half of the plot it reads into (Plot's lineWidth is in ems), so on
  // a phone "fastest on the front: 8 × …" takes two lines instead of running off the chart.
  // The left margin holds the y ticks ($ amounts) at their widest, with the tick marks.
  const ys = drawn.map((p) => p.y);
  const marginLeft = ys.length ? Math.min(76, labelMargin([Math.min(...ys), Math.max(...ys), Math.max(...ys) / 3].map((v) => formatUsd(v)), {pad: 14})) : 76;
  const marginRight = 20;
  const lineWidth = Math.max(8, ((width - marginLeft - marginRight) / 2 - 14) / 11);
  const xFormat = (v: number) => (serving ? `${formatNumber(v)} ms` : `${formatNumber(v)} days`);
  const yFormat = (v: number) => (serving ? `${formatUsd(v)} per M output tokens` : formatUsd(v));
  const label = serving ? SERVING_PARETO_LABEL : TRAINING_PARETO_LABEL;
  const extent = (values: number[]) => (values.length ? {domain: [Math.min(...values), Math.max(...values)]} : {});
  const figure = Plot.plot({
    document,
    width,
    height,
    ariaLabel: label,
    marginLeft,
    marginBottom: 36,
    marginRight,
    // The domains span every plan drawn (the dots below are drawn by a function, which Plot's domains do not see).
    x: {type: "log", grid: true, label: serving ? "time per output token (ms) →" : "wall-clock time (days) →", ...extent(drawn.map((p) => p.x)),
      tickFormat: (v: number) => String(+v.toPrecision(3))},
    y: {type: "log", grid: true, label: serving ? "↑ US dollars per million output tokens" : "↑ total US dollars", ...extent(ys),
      tickFormat: (v: number) => formatUsd(v)},
    color: {domain, legend: true, scheme: serving ? "observable10" : "viridis", type: "ordinal"},
    marks: [
      dotsMark(missing, {radius: 2.5, ring: true, ariaDescription: PARETO_MARKS.missing,
        attributes: {fill: "none", stroke: "currentColor", "stroke-width": "1.5", "stroke-opacity": "0.3"}}),
      dotsMark(meeting, {radius: 3, ring: false, ariaDescription: PARETO_MARKS.meeting, attributes: {"stroke-opacity": "0.55"}}),
      Plot.line(front, {ariaDescription: PARETO_MARKS.frontLine, x: "x", y: "y", stroke: "currentColor", strokeWidth: 1.5}),
      Plot.dot(front, {ariaDescription: PARETO_MARKS.front, x: "x", y: "y", r: 5.5, fill: "group", stroke: "currentColor", strokeWidth: 1.5}),
      Plot.text(cheapest, {x: "x", y: "y", text: (p: ParetoPoint) => `cheapest: ${p.gpus}`, ...labelSide(cheapest[0]), dx: labelSide(cheapest[0]).dx * 1.5,
        lineWidth, lineAnchor: "bottom", dy: -8, fontSize: 11, fontWeight: 600, stroke: "var(--theme-background, white)", strokeWidth: 3, fill: "currentColor"}),
      Plot.text(fastest, {x: "x", y: "y", text: (p: ParetoPoint) => `fastest on the front: ${p.gpus}`, ...labelSide(fastest[0]), dy: -12,
        lineWidth, lineAnchor: "bottom", fontSize: 11, stroke: "var(--theme-background, white)", strokeWidth: 3, fill: "currentColor"})
    ]
  });
  // The plot itself (a figure with a legend also holds the swatches' small svgs).
  const svg = (figure.tagName.toLowerCase() === "svg" ? figure : figure.querySelector(`svg[aria-label="${label}"]`)) as SVGSVGElement | null;
  if (svg && drawn.length) {
    attachTip(svg, drawn, {x: (v) => figure.scale("x")!.apply(v), y: (v) => figure.scale("y")!.apply(v), width, height,
      // The hardware on a line of its own, then the rest of the plan: narrow enough for a phone's chart.
      lines: (p) => [p.gpus, p.detail, `${serving ? "time per output token" : "wall-clock time"}: ${xFormat(p.x)}`, `cost: ${yFormat(p.y)}`]});
  }
  return figure;
}
