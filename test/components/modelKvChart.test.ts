import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {MODEL_KV_CHART_LABEL, modelKvChart, type ModelKvDatum} from "../../src/components/modelKvChart.ts";

const {document} = new JSDOM().window;
// KV per token in bf16 from the configs: Llama-2-7B 32·32·128·2·2 (MHA), Llama-3-70B 80·8·128·2·2
// (GQA, scaling-book), DeepSeek-V3 61·576·2 (MLA), Falcon-7B 32·1·64·2·2 (MQA).
const data: ModelKvDatum[] = [
  {name: "Llama 2 7B", totalParams: 6_738_415_616, kvBytesPerToken: 524_288, attention: "MHA"},
  {name: "Llama 3 70B", totalParams: 70_553_706_496, kvBytesPerToken: 327_680, attention: "GQA"},
  {name: "DeepSeek-V3", totalParams: 671_026_419_200, kvBytesPerToken: 70_272, attention: "MLA"},
  {name: "Falcon 7B", totalParams: 6_921_720_704, kvBytesPerToken: 8_192, attention: "MQA"}
];
const svgOf = (chart: Element) => chart.querySelector(`svg[aria-label="${MODEL_KV_CHART_LABEL}"]`) ?? chart;
const dots = (chart: Element) => [...svgOf(chart).querySelectorAll("g[aria-label=dot] circle")];
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("modelKvChart", () => {
  it("draws the 7B MHA model above the 70B GQA model: a tenth of the parameters, more KV per token", () => {
    const [llama2, llama3] = dots(modelKvChart(data, {document}));
    expect(Number(llama2!.getAttribute("cy"))).toBeLessThan(Number(llama3!.getAttribute("cy")));
    expect(Number(llama2!.getAttribute("cx"))).toBeLessThan(Number(llama3!.getAttribute("cx")));
  });

  it("colours by attention kind, with the four kinds in a fixed legend order", () => {
    const chart = modelKvChart(data, {document});
    const fills = new Set(dots(chart).map((d) => d.getAttribute("fill")));
    expect(fills.size).toBe(4);
    expect([...chart.querySelectorAll("[class$=-swatch]")].map((s) => s.textContent?.trim())).toEqual(["MHA", "GQA", "MQA", "MLA"]);
  });

  it("writes kB on the axis for GB and KiB for GiB", () => {
    expect(svgOf(modelKvChart(data, {unit: "GB", document})).textContent).toContain("(kB)");
    expect(svgOf(modelKvChart(data, {unit: "GiB", document})).textContent).toContain("(KiB)");
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(modelKvChart(data, {width: 640, labelled: ["Llama 3 70B"], document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/modelKvChart.svg");
  });
});
