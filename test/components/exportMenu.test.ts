import * as Plot from "@observablehq/plot";
import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {MEMORY_BAR_CHART_LABEL, memoryBarChart, type MemoryBarDatum} from "../../src/components/memoryBarChart.ts";
import {INK_ON_WHITE, exportMenu, parseColor, safeFilename, serializeSvg, svgSize, toCsv, updateExportMenu} from "../../src/components/exportMenu.ts";

const jsdom = new JSDOM("<!doctype html><html><head></head><body></body></html>");
const {document} = jsdom.window;

// Llama 3.1 8B in bf16: 16,060,522,496 bytes of weights (safetensors index), and an
// 8,192-token KV cache of 131,072 bytes per token (2·32·8·128·2, config.json).
const WEIGHTS = 16_060_522_496;
const KV = 131_072 * 8192;
const rows: MemoryBarDatum[] = [
  {label: "Llama 3.1 8B, bf16", component: "weights", bytes: WEIGHTS},
  {label: "Llama 3.1 8B, bf16", component: "KV cache", bytes: KV}
];

/** Parses SVG text as a standalone XML document, failing on any parser error. */
function parseSvg(text: string): Element {
  const parsed = new jsdom.window.DOMParser().parseFromString(text, "image/svg+xml");
  expect(parsed.getElementsByTagName("parsererror")).toHaveLength(0);
  return parsed.documentElement;
}


/** A JSDOM window whose link clicks record the downloaded blob and file name in `saved`. */
function downloadingWindow() {
  const {window} = new JSDOM("<!doctype html><body></body>");
  const saved: {blob: Blob; name: string}[] = [];
  let lastBlob: Blob | undefined;
  window.URL.createObjectURL = (blob: Blob) => ((lastBlob = blob), "blob:test");
  window.URL.revokeObjectURL = () => {};
  window.HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    saved.push({blob: lastBlob!, name: this.download});
  };
  return {window, saved};
}

describe("serializeSvg", () => {
  const figure = memoryBarChart(rows, {capacityBytes: 24e9, unit: "GB", document});

  it("writes a standalone SVG document: svg root in the SVG namespace with width, height and a matching viewBox", () => {
    const root = parseSvg(serializeSvg(figure));
    expect(root.localName).toBe("svg");
    expect(root.namespaceURI).toBe("http://www.w3.org/2000/svg");
    const width = Number(root.getAttribute("width"));
    const height = Number(root.getAttribute("height"));
    expect(width).toBe(640);
    expect(height).toBeGreaterThan(Number(figure.querySelector("svg:not(.plot-d6a7b5-swatch svg)")?.getAttribute("height") ?? 0) - 1);
    expect(root.getAttribute("viewBox")).toBe(`0 0 ${width} ${height}`);
  });

  it("keeps the chart (found by its aria-label) with its bars, and redraws the HTML colour legend as SVG text", () => {
    const root = parseSvg(serializeSvg(figure));
    const chart = root.querySelector(`svg[aria-label="${MEMORY_BAR_CHART_LABEL}"]`)!;
    expect(chart).not.toBeNull();
    expect(chart.querySelectorAll("g[aria-label=bar] rect")).toHaveLength(2);
    const texts = [...root.children].filter((el) => el.localName === "text").map((el) => el.textContent);
    expect(texts).toEqual(expect.arrayContaining(["weights", "KV cache"]));
    expect(root.textContent).toContain("capacity 24.0 GB");
  });

  it("draws dark ink on an opaque white background by default, whatever the page's text colour", () => {
    const text = serializeSvg(figure, {textColor: "#dfdfd6", pageBackground: "#161616"}); // the dark theme's ink and paper
    const root = parseSvg(text);
    expect(root.getAttribute("color")).toBe(INK_ON_WHITE);
    const backdrop = root.querySelector(":scope > rect")!;
    expect([backdrop.getAttribute("width"), backdrop.getAttribute("height"), backdrop.getAttribute("fill")]).toEqual(["100%", "100%", "#ffffff"]);
    expect(text).not.toContain("#dfdfd6");
  });

  it("keeps the page's light text and draws no background when exporting transparent from the dark theme", () => {
    const root = parseSvg(serializeSvg(figure, {background: "transparent", textColor: "rgb(223, 223, 214)", pageBackground: "#161616"}));
    expect(root.getAttribute("color")).toBe("#dfdfd6");
    expect(root.querySelector(":scope > rect[width='100%']")).toBeNull();
  });

  it("puts the title, subtitle and caption of a Plot figure in the file as SVG text", () => {
    const plot = Plot.plot({
      document,
      title: "Decode speed",
      subtitle: "Llama 3.1 8B on one H100",
      caption: "Memory-bound: bytes read per token over bandwidth.",
      marks: [Plot.dot([{batch: 1, tps: 100}, {batch: 8, tps: 700}], {x: "batch", y: "tps"})]
    });
    const root = parseSvg(serializeSvg(plot));
    const texts = [...root.children].filter((el) => el.localName === "text").map((el) => el.textContent);
    expect(texts).toEqual(["Decode speed", "Llama 3.1 8B on one H100", "Memory-bound: bytes read per token over bandwidth."]);
    expect(root.querySelectorAll("svg circle")).toHaveLength(2);
  });

  it("turns theme colour variables into concrete colours mixed as Framework's light theme mixes them", () => {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", "100");
    svg.setAttribute("height", "50");
    svg.innerHTML = `<text fill="var(--theme-foreground-muted)">muted</text><rect fill="var(--theme-background)" width="10" height="10"></rect>`;
    const text = serializeSvg(svg);
    expect(text).not.toContain("var(");
    // 60 % #1b1e23 + 40 % white (abstract-light.css: color-mix(in srgb, foreground 60%, background)) = #76787b
    expect(parseSvg(text).querySelector("text[fill]")?.getAttribute("fill")).toBe("#76787b");
    expect(parseSvg(text).querySelector("svg svg rect")?.getAttribute("fill")).toBe("#ffffff");
  });

  it("sizes an SVG from its viewBox when it has no width or height", () => {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 300 120");
    expect(svgSize(svg)).toEqual({width: 300, height: 120});
  });
});

describe("toCsv", () => {
  it("writes a header and one line per data row, numbers unformatted in bytes", () => {
    const lines = toCsv(rows).trimEnd().split("\r\n");
    expect(lines).toHaveLength(1 + rows.length);
    expect(lines[0]).toBe("label,component,bytes");
    expect(lines[1]).toBe('"Llama 3.1 8B, bf16",weights,16060522496');
    expect(Number(lines[2]!.split(",").at(-1))).toBe(KV);
  });

  it("quotes commas, quotes and line breaks, and leaves non-finite numbers and missing values empty", () => {
    const text = toCsv([{name: 'say "hi"', value: NaN}, {name: "a\nb", value: Infinity, extra: true}]);
    expect(text).toBe('name,value,extra\r\n"say ""hi""",,\r\n"a\nb",,true\r\n');
  });

  it("renames and picks columns, so headers can carry units", () => {
    expect(toCsv(rows, {columns: {component: "component", bytes: "size (bytes)"}})).toBe(`component,size (bytes)\r\nweights,${WEIGHTS}\r\nKV cache,${KV}\r\n`);
  });

  it("writes large and small numbers so they parse back exactly", () => {
    const values = [2.5e21, 1.5e-9, 0.1 + 0.2, 8_030_261_248];
    const parsed = toCsv(values.map((x) => ({x}))).trimEnd().split("\r\n").slice(1).map(Number);
    expect(parsed).toEqual(values);
  });
});

describe("exportMenu", () => {
  it("wraps the chart with a Download menu offering SVG, PNG and CSV", () => {
    const chart = memoryBarChart(rows, {document});
    const wrapper = exportMenu(chart, {data: rows, filename: "Memory: Llama 3.1 8B", document});
    expect(wrapper.contains(chart)).toBe(true);
    expect(wrapper.querySelector("summary")?.textContent).toBe("Download");
    expect([...wrapper.querySelectorAll("button")].map((b) => b.dataset.format)).toEqual(["svg", "png", "csv"]);
    expect(wrapper.querySelector("button[data-format=csv]")?.textContent).toBe("CSV data (2 rows)");
  });

  it("downloads the CSV under a file-safe name when its button is clicked, then folds the menu", async () => {
    const {window, saved} = downloadingWindow();
    const wrapper = exportMenu(memoryBarChart(rows, {document: window.document}), {data: rows, filename: "Memory: Llama 3.1 8B", document: window.document});
    window.document.body.append(wrapper);
    const menu = wrapper.querySelector("details")!;
    menu.open = true;
    (wrapper.querySelector("button[data-format=csv]") as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 0));
    expect(saved.map((s) => s.name)).toEqual(["memory-llama-3.1-8b.csv"]);
    expect(menu.open).toBe(false); // folded away after the download
    expect(await saved[0]!.blob.text()).toBe(toCsv(rows));
  });

  it("downloads the new rows under the new name after updateExportMenu, for a chart redrawn in place", async () => {
    const {window, saved} = downloadingWindow();
    const wrapper = exportMenu(memoryBarChart(rows, {document: window.document}), {data: rows, filename: "memory 8B", document: window.document});
    window.document.body.append(wrapper);
    const next = [...rows, {...rows[0]!, label: "third"}];
    expect(updateExportMenu(wrapper, {data: next, filename: "memory 70B"})).toBe(true);
    expect(wrapper.querySelector("button[data-format=csv]")?.textContent).toBe("CSV data (3 rows)");
    expect(wrapper.querySelector("summary")?.getAttribute("aria-label")).toBe("Download memory-70b");
    (wrapper.querySelector("button[data-format=csv]") as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 0));
    expect(saved.map((s) => s.name)).toEqual(["memory-70b.csv"]);
    expect(await saved[0]!.blob.text()).toBe(toCsv(next));
    // No rows would remove the CSV item: the caller redraws instead.
    expect(updateExportMenu(wrapper, {data: [], filename: "memory"})).toBe(false);
    expect(updateExportMenu(window.document.createElement("div"), {data: rows, filename: "memory"})).toBe(false);
  });

  it("offers no CSV for a chart without data rows", () => {
    const wrapper = exportMenu(memoryBarChart(rows, {document}), {data: [], filename: "memory", document});
    expect([...wrapper.querySelectorAll("button")].map((b) => b.dataset.format)).toEqual(["svg", "png"]);
  });

  it("makes file names safe", () => {
    expect(safeFilename("  KV cache / H100 (80 GB) ")).toBe("kv-cache-h100-80-gb");
    expect(safeFilename("???")).toBe("chart");
  });

  it("parses the colour syntaxes browsers report", () => {
    expect(parseColor("rgb(223, 223, 214)")).toEqual([223, 223, 214, 1]);
    expect(parseColor("rgba(0 0 0 / 50%)")).toEqual([0, 0, 0, 0.5]);
    expect(parseColor("#fff")).toEqual([255, 255, 255, 1]);
    expect(parseColor("oklch(0.7 0.2 265)")).toBeUndefined();
  });
});
