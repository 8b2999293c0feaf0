import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {memoryVsMicroBatchChart, type MemoryVsSeries} from "../../src/components/memoryVsMicroBatchChart.ts";
import {bufferSweepChart} from "../../src/components/bufferSweepChart.ts";
import {liveChart} from "../../src/components/liveChart.ts";
import {readerMark} from "../../src/components/readerMark.ts";
import {decodeBatchChart, SERIES} from "../../src/components/decodeBatchChart.ts";

const {document} = new JSDOM().window;

// Straight lines in bytes: 10 GB + 5 GB per sequence (the values only place the marks).
const series: MemoryVsSeries[] = [{policy: "none", points: [1, 2, 4, 8].map((x) => ({policy: "none", x, totalBytes: 10e9 + 5e9 * x})), limit: 8}];
const chartAt = () => memoryVsMicroBatchChart(series, {capacityBytes: 80e9, unit: "GB", width: 640, document});
const circleOf = (node: Element) => node.querySelector("g.reader-mark circle");

describe("readerMark", () => {
  it("puts the reader's dot where Plot would, with the chart's own scales", () => {
    const chart = chartAt();
    readerMark(chart, {kind: "dot", x: 4, y: 30, label: "yours"});
    const drawnByPlot = memoryVsMicroBatchChart(series, {capacityBytes: 80e9, unit: "GB", width: 640, document, current: {policy: "none", x: 4, totalBytes: 30e9}});
    const plotCircle = [...drawnByPlot.querySelectorAll("circle")].find((c) => c.getAttribute("r") === "7")!;
    const mine = circleOf(chart)!;
    // Plot writes its dot as cx/cy (424, 226.7 at this width): the light layer lands on the same pixel.
    for (const k of ["cx", "cy"]) expect(Number(mine.getAttribute(k))).toBeCloseTo(Number(plotCircle.getAttribute(k)), 1);
    expect(chart.querySelector("g.reader-mark text")?.textContent).toBe("yours");
  });

  it("moves the one marker instead of adding another, and removes it off the chart's domain", () => {
    const chart = chartAt();
    readerMark(chart, {kind: "dot", x: 2, y: 20});
    readerMark(chart, {kind: "dot", x: 8, y: 50});
    expect(chart.querySelectorAll("g.reader-mark")).toHaveLength(1);
    readerMark(chart, {kind: "dot", x: 64, y: 50});
    expect(chart.querySelectorAll("g.reader-mark")).toHaveLength(0);
  });

  it("puts the reader's batch on both decode curves where Plot would, each in its curve's colour", () => {
    // Per sequence 100 tokens/s falling to 50 at batch 64; summed B × that.
    const rows = [1, 2, 4, 8, 16, 32, 64].map((b) => ({batchSize: b, perSequenceTokensPerSecond: 100 - (50 * Math.log2(b)) / 6,
      totalTokensPerSecond: b * (100 - (50 * Math.log2(b)) / 6)}));
    const chart = decodeBatchChart(rows, {width: 640, document});
    readerMark(chart, {kind: "dots", x: 8, points: [{y: rows[3]!.perSequenceTokensPerSecond, series: SERIES.perSequence},
      {y: rows[3]!.totalTokensPerSecond, series: SERIES.total}]});
    const drawnByPlot = decodeBatchChart(rows, {width: 640, document, currentBatchSize: 8});
    const plotDots = [...drawnByPlot.querySelectorAll("circle")].filter((c) => c.getAttribute("r") === "5");
    const mine = [...chart.querySelectorAll("g.reader-mark circle")];
    expect(mine).toHaveLength(2);
    for (const [i, dot] of mine.entries()) {
      for (const k of ["cx", "cy", "fill"]) {
        const theirs = plotDots[i]!.getAttribute(k)!;
        if (k === "fill") expect(dot.getAttribute(k)).toBe(theirs);
        else expect(Number(dot.getAttribute(k))).toBeCloseTo(Number(theirs), 1);
      }
    }
  });

  it("draws a vertical rule across the frame of a buffer chart", () => {
    const chart = bufferSweepChart([512, 1024, 2048].map((s) => ({sequenceLength: s, buffer: "state" as const, bytes: 1e9 * s / 512})),
      {capacityBytes: 80e9, unit: "GB", width: 640, document});
    readerMark(chart, {kind: "ruleX", x: 1024});
    const line = chart.querySelector("g.reader-mark line")!;
    expect(line.getAttribute("x1")).toBe(line.getAttribute("x2"));
    expect(Number(line.getAttribute("y1"))).toBeGreaterThan(Number(line.getAttribute("y2")));
  });

  it("is re-placed by liveChart after the chart under it is redrawn", () => {
    const live = liveChart({document});
    live.update((width) => memoryVsMicroBatchChart(series, {capacityBytes: 80e9, unit: "GB", width, document}), "a", (c) => readerMark(c, {kind: "dot", x: 2, y: 20}));
    live.update((width) => memoryVsMicroBatchChart(series, {capacityBytes: 80e9, unit: "GB", width, document}), "b", (c) => readerMark(c, {kind: "dot", x: 4, y: 30}));
    expect(live.node.querySelectorAll("g.reader-mark")).toHaveLength(1);
  });
});
