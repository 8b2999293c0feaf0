import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {CAPACITY_COLOR} from "../../src/components/memoryBarChart.ts";
import {updateZeroLayoutsChart, ZERO_LAYOUTS_CHART_LABEL, zeroLayoutsChart, type ZeroLayoutRow} from "../../src/components/zeroLayoutsChart.ts";

const {document} = new JSDOM().window;

// The ZeRO paper's example (Rajbhandari et al. 2019, arXiv 1910.02054, Figure 1): Ψ = 7.5e9
// parameters, 2 + 2 + K = 12 bytes each, N_d = 64: 120 GB, 31.4 GB, 16.6 GB and 1.88 GB per GPU.
const PSI = 7.5e9;
const ND = 64;
const zeroPaper = (zeroStage: 0 | 1 | 2 | 3): ZeroLayoutRow => {
  const weights = zeroStage >= 3 ? (2 * PSI) / ND : 2 * PSI;
  const gradients = zeroStage >= 2 ? (2 * PSI) / ND : 2 * PSI;
  const optimizer = zeroStage >= 1 ? (12 * PSI) / ND : 12 * PSI;
  return {layout: "TP 1 × PP 1", zeroStage, parts: {weights, gradients, optimizer}, totalBytes: weights + gradients + optimizer};
};
const COMPONENTS = ["weights", "gradients", "optimizer"];
const rows: ZeroLayoutRow[] = [
  ...([0, 1, 2, 3] as const).map(zeroPaper),
  // TP 3 on 64 GPUs: 64 is not divisible by 3, so the engine refuses the layout.
  ...([0, 1, 2, 3] as const).map((zeroStage): ZeroLayoutRow => ({layout: "TP 3 × PP 1", zeroStage, parts: null, totalBytes: null}))
];
// The paper's V100 has 32 GB.
const CAPACITY = 32e9;

const svgOf = (chart: Element) => chart.querySelector(`svg[aria-label="${ZERO_LAYOUTS_CHART_LABEL}"]`) ?? chart;
const bars = (chart: Element) => [...svgOf(chart).querySelectorAll("g[aria-label=bar] rect")];
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("zeroLayoutsChart", () => {
  it("writes the ZeRO paper's per-GPU totals at the ends of the bars (31.4, 16.6 and 1.88 GB)", () => {
    const text = svgOf(zeroLayoutsChart(rows, {capacityBytes: CAPACITY, components: COMPONENTS, unit: "GB", document})).textContent!;
    for (const total of ["31.4 GB", "16.6 GB", "1.88 GB"]) expect(text).toContain(total);
  });

  it("cuts a bar far beyond the capacity at the edge and writes its total there (120 GB against 32 GB)", () => {
    const chart = zeroLayoutsChart(rows, {capacityBytes: CAPACITY, components: COMPONENTS, unit: "GB", document});
    expect(svgOf(chart).textContent).toContain("→ 120 GB");
    // One capacity rule per panel, in one group that carries the colour.
    const rule = svgOf(chart).querySelector(`g[aria-label=rule][stroke="${CAPACITY_COLOR}"] line`)!;
    const ruleX = Number(rule.getAttribute("x1"));
    // Stage 3 (1.88 GB) ends far left of the 32 GB rule; stage 1 (31.4 GB) just left of it.
    const origin = Math.min(...bars(chart).map((r) => Number(r.getAttribute("x"))));
    // Each row's end is the right edge of its last piece.
    const rowEnd = new Map<string, number>();
    for (const r of bars(chart)) {
      const key = `${r.parentElement?.getAttribute("transform")}|${r.getAttribute("y")}`;
      rowEnd.set(key, Math.max(rowEnd.get(key) ?? 0, Number(r.getAttribute("x")) + Number(r.getAttribute("width")) - origin));
    }
    const ends = [...rowEnd.values()];
    const rule32 = ruleX - origin;
    expect(Math.min(...ends) / rule32).toBeCloseTo(1.88 / 32, 2);
    expect(ends.some((x) => Math.abs(x / rule32 - 31.4 / 32) < 0.005)).toBe(true);
  });

  it("stacks the pieces in proportion: under ZeRO-1 the optimizer piece (12Ψ/64) is 12/128 of the weights (2Ψ)", () => {
    const only1 = zeroLayoutsChart([zeroPaper(1)], {capacityBytes: CAPACITY, components: COMPONENTS, unit: "GB", document});
    const [weights, gradients, optimizer] = bars(only1).map((r) => Number(r.getAttribute("width")));
    expect(gradients! / weights!).toBeCloseTo(1, 2);
    expect(optimizer! / weights!).toBeCloseTo(12 / 64 / 2, 2);
  });

  it("writes “impossible layout” in the panel of a layout the engine refused, and draws no bar there", () => {
    const chart = zeroLayoutsChart(rows, {capacityBytes: CAPACITY, components: COMPONENTS, document});
    expect(svgOf(chart).textContent).toContain("impossible layout");
    expect(bars(chart)).toHaveLength(4 * COMPONENTS.length);
  });

  it("marks the reader's own layout and stage", () => {
    const chart = zeroLayoutsChart(rows, {capacityBytes: CAPACITY, components: COMPONENTS, unit: "GB", current: {layout: "TP 1 × PP 1", zeroStage: 2}, document});
    expect(svgOf(chart).textContent).toContain("16.6 GB ← yours");
  });

  it("labels the axis in GiB when asked (32 GB = 29.8 GiB)", () => {
    const text = svgOf(zeroLayoutsChart(rows, {capacityBytes: CAPACITY, components: COMPONENTS, unit: "GiB", document})).textContent!;
    expect(text).toContain("capacity 29.8 GiB");
    expect(text).toContain("memory per GPU (GiB)");
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(zeroLayoutsChart(rows, {capacityBytes: CAPACITY, components: COMPONENTS, unit: "GB", width: 640, current: {layout: "TP 1 × PP 1", zeroStage: 3}, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/zeroLayoutsChart.svg");
  });

  describe("patched in place (updateZeroLayoutsChart)", () => {
    // The same panels with other bytes: activations that grow with the micro-batch, as the page's rows do.
    const scaled = (activations: number, current?: {layout: string; zeroStage: number}) => ({
      rows: rows.map((r) => r.parts ? {...r, parts: {...r.parts, activations}, totalBytes: r.totalBytes! + activations} : r),
      options: {capacityBytes: CAPACITY, components: [...COMPONENTS, "activations"], unit: "GB" as const, width: 640, current, document}
    });
    // Plot numbers each chart's clip path; two drawings differ only there.
    const html = (chart: Element) => svgOf(chart).outerHTML.replace(/plot-clip-\d+/g, "plot-clip");

    it("gives the same SVG as a new drawing when the bytes and the reader's stage move", () => {
      const before = scaled(1e9, {layout: "TP 1 × PP 1", zeroStage: 3});
      const after = scaled(4e9, {layout: "TP 1 × PP 1", zeroStage: 2});
      const chart = zeroLayoutsChart(before.rows, before.options);
      expect(updateZeroLayoutsChart(chart, after.rows, after.options)).toBe(true);
      expect(html(chart)).toBe(html(zeroLayoutsChart(after.rows, after.options)));
      expect(svgOf(chart).textContent).toContain("20.6 GB ← yours");
    });

    it("names each piece's component, size, stage and layout in its title, and patches it", () => {
      const chart = zeroLayoutsChart(scaled(1e9).rows, scaled(1e9).options);
      updateZeroLayoutsChart(chart, scaled(3e9).rows, scaled(3e9).options);
      const titles = bars(chart).map((r) => r.querySelector("title")?.textContent);
      expect(titles).toContain("activations: 3.00 GB\nZeRO 1, TP 1 × PP 1");
    });

    it("refuses, changing nothing, when a new drawing would differ in more than positions and texts", () => {
      const base = scaled(1e9);
      const chart = zeroLayoutsChart(base.rows, base.options);
      const drawn = html(chart);
      expect(updateZeroLayoutsChart(chart, base.rows, {...base.options, unit: "GiB"})).toBe(false);
      expect(updateZeroLayoutsChart(chart, base.rows, {...base.options, width: 700})).toBe(false);
      expect(updateZeroLayoutsChart(chart, base.rows.slice(0, 4), base.options)).toBe(false);
      expect(updateZeroLayoutsChart(chart, base.rows, {...base.options, capacityBytes: 80e9})).toBe(false);
      expect(html(chart)).toBe(drawn);
    });

    it("adds and drops x ticks, and moves totals to the edge and back, as a new drawing would", () => {
      // On a 200 GB card the axis ends at 230 GB (1.15× the capacity) with 1 GB of activations, at 441 GB (1.05× the
      // largest total) with 300 GB, and at 600 GB (3×, every bar cut there) with 800 GB: other ticks each time.
      const on200 = (activations: number) => {
        const {rows: r, options} = scaled(activations, {layout: "TP 1 × PP 1", zeroStage: 1});
        return {rows: r, options: {...options, capacityBytes: 200e9}};
      };
      const chart = zeroLayoutsChart(on200(1e9).rows, on200(1e9).options);
      const tickCounts = new Set<number>();
      for (const activations of [800e9, 1e9, 300e9, 0.2e9]) {
        const next = on200(activations);
        expect(updateZeroLayoutsChart(chart, next.rows, next.options)).toBe(true);
        expect(html(chart)).toBe(html(zeroLayoutsChart(next.rows, next.options)));
        tickCounts.add(svgOf(chart).querySelectorAll('g[aria-label="x-axis tick"] path').length);
        if (activations === 800e9) expect(svgOf(chart).textContent).toContain("→ 831 GB ← yours");
      }
      expect(tickCounts.size).toBeGreaterThan(1);
      expect(svgOf(chart).textContent).toContain("31.6 GB ← yours");
    });
  });
});

