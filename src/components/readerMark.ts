/**
 * The reader's marker as a light layer over a Plot chart (issue 11, "One frame"): when only the
 * reader's value moves, the chart under it (its curves, axes, legend) stays as drawn and only this
 * small group of SVG elements moves, placed with the chart's own scales. Used with liveChart's
 * `mark`, which re-places it after every redrawing.
 *
 *     sweepLive.update((width) => chart(rows, {width}), JSON.stringify(rows),
 *       (chart) => readerMark(chart, {kind: "dot", x: 8, y: 41.2, label: "yours"}));
 */

/**
 * What to mark: a ringed dot at (x, y) with a label, a vertical rule at x across the frame, or filled
 * dots at x on several series' curves, each in its series' colour (the chart's colour scale).
 */
export type ReaderMark = {kind: "dot"; x: number; y: number; label?: string} | {kind: "ruleX"; x: number}
  | {kind: "dots"; x: number; points: readonly {y: number; series: string}[]};

interface PlotScale {
  domain: number[];
  range: number[];
  apply(value: number): number;
}
interface PlotColorScale {
  apply(value: string): string;
}
type Scaled = Element & {scale?: (name: string) => (PlotScale & PlotColorScale) | undefined};

const SVG = "http://www.w3.org/2000/svg";
const CLASS = "reader-mark";

/** The element Plot returned (it carries `scale`) inside `chart`, and its plot's svg. */
function plotOf(chart: Node): {plot: Scaled; svg: SVGSVGElement} | null {
  if (typeof (chart as Element).querySelectorAll !== "function") return null;
  const el = chart as Element;
  const plot = [el, ...el.querySelectorAll("figure, svg")].find((el) => typeof (el as Scaled).scale === "function") as Scaled | undefined;
  if (!plot) return null;
  const svg = plot.tagName.toLowerCase() === "svg" ? plot as unknown as SVGSVGElement : plot.querySelector<SVGSVGElement>("svg[aria-label]");
  return svg ? {plot, svg} : null;
}

const within = (v: number, [a, b]: number[]) => v >= Math.min(a!, b!) && v <= Math.max(a!, b!);

/**
 * Draws (or moves, or removes when `mark` is undefined or off the chart's domain, as Plot's `clip`
 * would) the reader's marker on the chart: a dot of radius 7 with its label 10 px to the right, or
 * a rule from the top to the bottom of the frame.
 */
export function readerMark(chart: Node, mark: ReaderMark | undefined): void {
  const found = plotOf(chart);
  if (!found) return;
  const {plot, svg} = found;
  svg.querySelector(`:scope > g.${CLASS}`)?.remove();
  if (!mark || !Number.isFinite(mark.x)) return;
  const x = plot.scale!("x"), y = plot.scale!("y");
  if (!x || !y || !within(mark.x, x.domain)) return;
  const doc = svg.ownerDocument;
  const g = doc.createElementNS(SVG, "g");
  g.setAttribute("class", CLASS);
  const px = x.apply(mark.x);
  if (mark.kind === "dots") {
    const color = plot.scale!("color");
    for (const point of mark.points) {
      if (!Number.isFinite(point.y) || !within(point.y, y.domain)) continue;
      const circle = doc.createElementNS(SVG, "circle");
      for (const [k, v] of Object.entries({cx: px, cy: y.apply(point.y), r: 5, fill: color ? color.apply(point.series) : "currentColor",
        stroke: "var(--theme-background, white)"})) circle.setAttribute(k, String(v));
      g.append(circle);
    }
  } else if (mark.kind === "ruleX") {
    const line = doc.createElementNS(SVG, "line");
    const [y1, y2] = y.range;
    for (const [k, v] of Object.entries({x1: px, x2: px, y1: y1!, y2: y2!})) line.setAttribute(k, String(v));
    line.setAttribute("stroke", "currentColor");
    line.setAttribute("stroke-opacity", "0.6");
    g.append(line);
  } else {
    if (!Number.isFinite(mark.y) || !within(mark.y, y.domain)) return;
    const py = y.apply(mark.y);
    const circle = doc.createElementNS(SVG, "circle");
    for (const [k, v] of Object.entries({cx: px, cy: py, r: 7, fill: "none", stroke: "currentColor", "stroke-width": 2})) circle.setAttribute(k, String(v));
    g.append(circle);
    if (mark.label) {
      const text = doc.createElementNS(SVG, "text");
      for (const [k, v] of Object.entries({x: px + 10, y: py, dy: "0.32em", "text-anchor": "start", "font-size": 10})) text.setAttribute(k, String(v));
      text.textContent = mark.label;
      g.append(text);
    }
  }
  svg.append(g);
}
