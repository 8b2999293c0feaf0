import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {findGpu} from "../../lib/catalog/index.ts";
import {planServing, planTraining} from "../../lib/planner.ts";
import {resolveModel} from "../../lib/resolve.ts";
import {toCsv} from "../../src/components/exportMenu.ts";
import {frontPath, gpusInWords, PARETO_MARKS, paretoChart, paretoCsvColumns, type ParetoPoint, SERVING_PARETO_LABEL, servingParetoPoints, TRAINING_PARETO_LABEL,
  trainingParetoPoints} from "../../src/components/paretoChart.ts";

const {document} = new JSDOM().window;
const svgOf = (e: Element, label: string) => e.querySelector(`svg[aria-label="${label}"]`) ?? e;
const circles = (svg: Element, mark: string) => svg.querySelectorAll(`g[aria-description="${mark}"] circle`).length;
// The many plain dots (plans meeting or missing the targets) are drawn as one path per colour, a circle per subpath.
const dots = (svg: Element, mark: string) => {
  const g = svg.querySelector(`g[aria-description="${mark}"]`);
  if (!g) return 0;
  const subpaths = [...g.querySelectorAll("path")].reduce((n, p) => n + (p.getAttribute("d")?.match(/M/g)?.length ?? 0), 0);
  expect(Number(g.getAttribute("data-dots"))).toBe(subpaths);
  return subpaths;
};
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

// Hand points (ms, $/M): (10, 5) and (20, 2) and (40, 1) are on the front; (30, 3) is beaten by
// (20, 2) on both; (5, 9) misses the targets (hollow, off the front).
const hand: ParetoPoint[] = [
  {x: 20, y: 2, pareto: true, meets: true, group: "bf16", label: "1 × A, bf16", gpus: "1 × A", detail: "bf16", rank: 2},
  {x: 10, y: 5, pareto: true, meets: true, group: "fp8", label: "2 × B, fp8", gpus: "2 × B", detail: "fp8", rank: 3},
  {x: 30, y: 3, pareto: false, meets: true, group: "bf16", label: "1 × C, bf16", gpus: "1 × C", detail: "bf16", rank: 4},
  {x: 40, y: 1, pareto: true, meets: true, group: "awq-int4", label: "1 × D, awq-int4", gpus: "1 × D", detail: "awq-int4", rank: 1},
  {x: 5, y: 9, pareto: false, meets: false, group: "fp8", label: "8 × E, fp8", gpus: "8 × E", detail: "fp8", rank: null}
];

describe("paretoChart", () => {
  it("walks the front by latency, cost falling as latency grows", () => {
    const path = frontPath(hand);
    expect(path.map((p) => [p.x, p.y])).toEqual([[10, 5], [20, 2], [40, 1]]);
  });

  it("rings every front point, connects them with one line, and draws plans that miss the targets hollow", () => {
    const svg = svgOf(paretoChart(hand, {kind: "serving", document}), SERVING_PARETO_LABEL);
    expect(dots(svg, PARETO_MARKS.missing)).toBe(1);
    expect(svg.querySelector(`g[aria-description="${PARETO_MARKS.missing}"]`)!.getAttribute("fill")).toBe("none");
    expect(dots(svg, PARETO_MARKS.meeting)).toBe(4);
    // Each at its plan's place: every ringed front point (a circle Plot places) has a plain dot (a round-capped
    // zero-length segment as wide as the dot) centred on it.
    const meetingGroup = svg.querySelector(`g[aria-description="${PARETO_MARKS.meeting}"]`)!;
    expect([meetingGroup.getAttribute("stroke-linecap"), meetingGroup.getAttribute("stroke-width")]).toEqual(["round", "6"]);
    const centres = [...meetingGroup.querySelectorAll("path")]
      .flatMap((p) => [...(p.getAttribute("d") ?? "").matchAll(/M(-?[\d.]+),(-?[\d.]+)h0/g)].map((m) => [Number(m[1]), Number(m[2])]));
    expect(centres).toHaveLength(4);
    const ringed = [...svg.querySelectorAll(`g[aria-description="${PARETO_MARKS.front}"] circle`)];
    expect(ringed).toHaveLength(3);
    for (const c of ringed) {
      const [cx, cy] = [Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))];
      expect(centres.some(([x, y]) => Math.abs(x! - cx) < 0.01 && Math.abs(y! - cy) < 0.01), `${cx},${cy}`).toBe(true);
    }
    expect(circles(svg, PARETO_MARKS.front)).toBe(3);
    expect(svg.querySelectorAll(`g[aria-description="${PARETO_MARKS.frontLine}"] path`)).toHaveLength(1);
    expect(svg.textContent).toContain("cheapest: 1 × D");
    expect(svg.textContent).toContain("fastest on the front: 2 × B");
  });

  it("takes the engine's serving rows in ms and $/M output tokens, and its front is the engine's", () => {
    const arch = resolveModel("llama-3.2-1b").arch;
    const plan = planServing({arch, promptTokens: 512, outputTokens: 128, gpus: ["h100-sxm", "a100-sxm-80gb", "l4"].map((id) => findGpu(id)!),
      maxTimePerOutputTokenSeconds: 0.02});
    const points = servingParetoPoints(plan.rows);
    expect(points).toHaveLength(plan.rows.filter((r) => r.fits).length);
    points.forEach((p, i) => {
      expect(p.x).toBeCloseTo(plan.rows[i]!.timePerOutputTokenSeconds * 1000, 9);
      expect(p.y).toBe(plan.rows[i]!.usdPerMillionOutputTokens);
    });
    // Along the front, each step to a faster plan costs more (a front that did not would hold a dominated plan).
    const path = frontPath(points);
    expect(path.length).toBeGreaterThan(0);
    for (let i = 1; i < path.length; i++) expect(path[i]!.y).toBeLessThanOrEqual(path[i - 1]!.y);
    const svg = svgOf(paretoChart(points, {kind: "serving", document}), SERVING_PARETO_LABEL);
    expect(circles(svg, PARETO_MARKS.front)).toBe(path.length);
    expect(dots(svg, PARETO_MARKS.meeting) + dots(svg, PARETO_MARKS.missing)).toBe(points.length);
  });

  it("takes the engine's training rows in days and total dollars, GPU counts as colours in numeric order", () => {
    const arch = resolveModel("llama-3.2-1b").arch;
    const plan = planTraining({arch, trainingTokens: 1e10, gpus: ["h100-sxm", "a100-sxm-80gb"].map((id) => findGpu(id)!), gpuCounts: [8, 16, 64]});
    const points = trainingParetoPoints(plan.rows);
    expect(points.length).toBe(plan.rows.length);
    points.forEach((p, i) => {
      expect(p.x).toBeCloseTo(plan.rows[i]!.wallClockSeconds / 86400, 9);
      expect(p.y).toBe(plan.rows[i]!.totalUsd);
    });
    const figure = paretoChart(points, {kind: "training", document});
    expect(svgOf(figure, TRAINING_PARETO_LABEL).getAttribute("aria-label")).toBe(TRAINING_PARETO_LABEL);
    const legend = [...figure.querySelectorAll("span")].map((s) => s.textContent?.trim()).filter((t) => t && /GPUs$/.test(t));
    expect(legend).toEqual(["8 GPUs", "16 GPUs", "64 GPUs"]);
  });

  it("shows the plan nearest the pointer as a tip, and hides it once the pointer is away from every plan", () => {
    const svg = svgOf(paretoChart(hand, {kind: "serving", width: 640, document}), SERVING_PARETO_LABEL) as SVGSVGElement;
    // JSDOM lays nothing out: the chart is taken to sit at the page's origin at its own size.
    svg.getBoundingClientRect = () => ({left: 0, top: 0, width: 640, height: 400, right: 640, bottom: 400, x: 0, y: 0, toJSON: () => ({})});
    const move = (clientX: number, clientY: number) => svg.dispatchEvent(new document.defaultView!.MouseEvent("pointermove", {clientX, clientY}));
    const tip = () => svg.querySelector("[aria-label=tip]");
    // (40 ms, $1) is drawn at the plot's right and bottom edges (620, 364): the cheapest plan, 1 × D.
    move(612, 358);
    // The hardware on its own line (tspan), then the rest of the plan.
    expect([...tip()!.querySelectorAll("tspan")].map((t) => t.textContent)).toEqual(["1 × D", "awq-int4", "time per output token: 40.0 ms",
      "cost: $1.00 per M output tokens"]);
    move(300, 300);
    expect(tip()).toBeNull();
    svg.dispatchEvent(new document.defaultView!.MouseEvent("pointermove", {clientX: 238, clientY: 110}));
    expect(tip()?.textContent).toContain("2 × Bfp8");
    svg.dispatchEvent(new document.defaultView!.MouseEvent("pointerleave"));
    expect(tip()).toBeNull();
  });

  it("writes the plans' words into the CSV only when asked, with the axes' units in its headers", () => {
    const arch = resolveModel("llama-3.2-1b").arch;
    const plan = planServing({arch, promptTokens: 512, outputTokens: 128, gpus: ["h100-sxm", "l4"].map((id) => findGpu(id)!)});
    const points = servingParetoPoints(plan.rows);
    const csv = toCsv(points, {columns: paretoCsvColumns("serving")}).split("\r\n");
    expect(csv[0]).toBe("plan,group,pareto,meetsTargets,timePerOutputTokenMs,usdPerMillionOutputTokens");
    const first = plan.rows[0]!;
    expect(csv[1]).toContain(`${gpusInWords(first)}, ${first.weights}, TP ${first.tensorParallel} × PP ${first.pipelineParallel}, batch ${first.batchSize}`);
    expect(csv).toHaveLength(points.length + 2);
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(paretoChart(hand, {kind: "serving", width: 640, document}), SERVING_PARETO_LABEL);
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/paretoChart.svg");
  });
});
