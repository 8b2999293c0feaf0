import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {EXPERTS_READ_CHART_LABEL, expertsReadChart, expertsReadSeries} from "../../src/components/expertsReadChart.ts";

const {document} = new JSDOM().window;
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));
const svgOf = (chart: Element) => (chart.querySelector(`svg[aria-label="${EXPERTS_READ_CHART_LABEL}"]`) ?? chart) as Element;

// DeepSeek-V3: 256 routed experts, 8 per token (config.json n_routed_experts, num_experts_per_tok).
const V3 = {experts: 256, expertsPerToken: 8};

describe("expertsReadChart", () => {
  it("starts at k experts for one token and approaches E (peers.md finding 9: U(16) ≈ 102, U(64) ≈ 222)", () => {
    const series = expertsReadSeries({...V3, maxBatchSize: 64, extra: [16]});
    const at = (b: number) => series.find((d) => d.batchSize === b)!.expertsRead;
    expect(at(1)).toBeCloseTo(8, 10);
    expect(at(16)).toBeCloseTo(102, 0);
    expect(at(64)).toBeCloseTo(222, 0);
    expect(series.every((d) => d.expertsRead <= 256)).toBe(true);
  });

  it("rises monotonically with the batch", () => {
    const series = expertsReadSeries({...V3});
    for (let i = 1; i < series.length; i++) expect(series[i]!.expertsRead).toBeGreaterThan(series[i - 1]!.expertsRead);
  });

  it("draws the all-experts and k-per-token rules and labels the reader's batch", () => {
    const svg = svgOf(expertsReadChart({...V3, currentBatchSize: 16, document}));
    expect(svg.textContent).toContain("all 256 experts");
    expect(svg.textContent).toContain("k = 8 per token");
    expect(svg.textContent).toContain("B = 16: 102 experts");
    expect(svg.querySelectorAll("g[aria-label=dot] circle")).toHaveLength(1);
  });

  it("gives the bytes a step reads on a right-hand axis: shared + routed · U/E", () => {
    // Round figures near Mixtral-8x7B in bf16 (46.7 B parameters ≈ 93 GB in all): 3 GB shared,
    // 90 GB in routed experts → batch 1 reads 3 + 90·2/8 = 25.5 GB.
    const svg = svgOf(expertsReadChart({experts: 8, expertsPerToken: 2, currentBatchSize: 1, sharedBytes: 3e9, routedBytes: 90e9, unit: "GB", document}));
    expect(svg.textContent).toContain("B = 1: 2.00 experts, 25.5 GB read");
    expect(svg.textContent).toContain("weights read per step (GB)");
    const right = [...svg.querySelectorAll('g[aria-label="y-axis tick label"]')].at(-1)!;
    // Tick 8 experts (all) = 3 + 90 = 93 GB.
    expect(right.textContent).toContain("93.0");
  });

  it("draws a stable SVG for Mixtral-8x7B (2 of 8 experts)", async () => {
    const svg = svgOf(expertsReadChart({experts: 8, expertsPerToken: 2, currentBatchSize: 4, maxBatchSize: 256, sharedBytes: 3e9, routedBytes: 90e9, width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/expertsReadChart.svg");
  });
});
