/**
 * A "Download" menu for a chart: the picture as SVG or PNG (2×), and the chart's data as CSV,
 * so a figure goes into a report as it was seen, and its numbers into a spreadsheet.
 *
 * How a page uses it: wrap the chart element (a Plot `<svg>` or `<figure>`, or any element
 * holding one) and give the rows the chart was drawn from:
 *
 * ```js
 * import {exportMenu} from "./components/exportMenu.js";
 * display(resize((width) => exportMenu(
 *   memoryBarChart(rows, {capacityBytes, unit, width}),
 *   {data: rows, filename: "memory-llama-3.1-8b-h100"}
 * )));
 * ```
 *
 * Data rows should already be in SI units with the unit in each key (`bytes`,
 * `decodeTokensPerSecond`, `usdPerMillionOutputTokens`); `columns` renames or picks columns
 * for the CSV header (`{bytes: "weights (bytes)"}`). Numbers are written unformatted.
 *
 * The exported SVG is standalone: `xmlns`, width/height/viewBox, the chart's own `<style>`,
 * fonts and colours resolved from the page and written inline (theme CSS variables turned
 * into concrete colours), the title/subtitle headings and the caption of a Plot `<figure>`
 * drawn as SVG text, and Plot's HTML colour legend (swatches) redrawn as SVG.
 *
 * Background and text colour, whatever the page's theme:
 * - "white" (default): dark text (#1b1e23, the light theme's ink) on an opaque white
 *   background, so a chart exported from the dark theme still prints and pastes legibly.
 * - "transparent": no background, and the text keeps the page's current colour: light text
 *   from the dark theme (for dark slides), dark text from the light theme.
 * PNGs are the same SVG drawn on a canvas at 2× (devicePixelRatio 2).
 */
import {styleOnce} from "./styleOnce.js";

/** The light theme's ink, used for text on a white background (Framework's "air" theme). */
export const INK_ON_WHITE = "#1b1e23";
/** The export menu's class; print.css hides it. */
export const EXPORT_MENU_CLASS = "export-menu";

export type ExportBackground = "white" | "transparent";

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";

// ---------------------------------------------------------------------------------------
// CSV

/** A column of the CSV: the row key and the header written for it. */
export interface CsvColumn {
  key: string;
  header: string;
}

/** Columns from a `{key: header}` map or a list; by default every key, in first-seen order. */
function columnsOf(rows: readonly object[], columns?: readonly CsvColumn[] | Record<string, string>): CsvColumn[] {
  if (Array.isArray(columns)) return [...columns];
  if (columns) return Object.entries(columns).map(([key, header]) => ({key, header}));
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  return keys.map((key) => ({key, header: key}));
}

/** One CSV field (RFC 4180): numbers unformatted, non-finite numbers and null empty, text quoted when needed. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  const text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows to CSV text: a header line, then one line per row, CRLF line ends (RFC 4180).
 * @example toCsv([{label: "weights", bytes: 16060522496}]) // "label,bytes\r\nweights,16060522496\r\n"
 */
export function toCsv(rows: readonly object[], {columns}: {columns?: readonly CsvColumn[] | Record<string, string>} = {}): string {
  const cols = columnsOf(rows, columns);
  const lines = [cols.map((c) => csvField(c.header)).join(",")];
  for (const row of rows) lines.push(cols.map((c) => csvField((row as Record<string, unknown>)[c.key])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

// ---------------------------------------------------------------------------------------
// Colours

type Rgba = [number, number, number, number];

/** Parses #rgb, #rrggbb, #rrggbbaa, rgb()/rgba() (comma or space syntax) and a few names. */
export function parseColor(text: string): Rgba | undefined {
  const t = text.trim().toLowerCase();
  if (t === "white") return [255, 255, 255, 1];
  if (t === "black") return [0, 0, 0, 1];
  if (t === "transparent") return [0, 0, 0, 0];
  let m = /^#([0-9a-f]{3})$/.exec(t);
  if (m) return [...m[1]!].map((h) => parseInt(h + h, 16)).concat(1) as Rgba;
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(t);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, m[2] ? parseInt(m[2], 16) / 255 : 1];
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(t);
  if (m) {
    const alpha = m[4] === undefined ? 1 : m[4].endsWith("%") ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return [+m[1]!, +m[2]!, +m[3]!, alpha];
  }
  return undefined;
}

const hex = (c: Rgba) => `#${c.slice(0, 3).map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0")).join("")}`;

/** `share` of colour a over b (like CSS color-mix in srgb), as #rrggbb. */
function mix(a: Rgba, b: Rgba, share: number): string {
  return hex([0, 1, 2].map((i) => a[i]! * share + b[i]! * (1 - share)).concat(1) as Rgba);
}

/** Framework's theme foreground shades: how much foreground is mixed into the background. */
const FOREGROUND_SHARES: Record<string, number> = {
  "--theme-foreground": 1,
  "--theme-foreground-alt": 0.9,
  "--theme-foreground-muted": 0.6,
  "--theme-foreground-faint": 0.5,
  "--theme-foreground-fainter": 0.3,
  "--theme-foreground-faintest": 0.14
};

// ---------------------------------------------------------------------------------------
// SVG

export interface SerializeSvgOptions {
  /** "white" (default): dark text on white; "transparent": no background, the page's text colour. */
  background?: ExportBackground;
  /** The text colour for a transparent export; default the chart's computed colour on the page. */
  textColor?: string;
  /** The background the page shows (mixes muted theme colours); default its computed background. */
  pageBackground?: string;
}

interface Part {
  kind: "title" | "subtitle" | "caption" | "swatches" | "svg";
  element: Element;
}

const isSvgRoot = (el: Element) => el.localName === "svg";
const isSwatches = (el: Element) => [...el.classList].some((c) => /-swatches$/.test(c) || c === "swatches");
const isSwatch = (el: Element) => [...el.classList].some((c) => /-swatch$/.test(c) || c === "swatch");

/** The chart's pieces in document order: headings, legends, SVGs, caption. */
function partsOf(root: Element): Part[] {
  const parts: Part[] = [];
  const visit = (el: Element) => {
    if (el.classList.contains(EXPORT_MENU_CLASS) || el.localName === "style" || el.localName === "script") return;
    if (isSvgRoot(el)) parts.push({kind: "svg", element: el});
    else if (el.localName === "h1" || el.localName === "h2") parts.push({kind: "title", element: el});
    else if (el.localName === "h3" || el.localName === "h4") parts.push({kind: "subtitle", element: el});
    else if (el.localName === "figcaption") parts.push({kind: "caption", element: el});
    else if (isSwatches(el)) parts.push({kind: "swatches", element: el});
    else for (const child of el.children) visit(child);
  };
  visit(root);
  return parts;
}

function computed(el: Element): CSSStyleDeclaration | undefined {
  try {
    return el.ownerDocument.defaultView?.getComputedStyle(el) ?? undefined;
  } catch {
    return undefined;
  }
}

const number = (text: string | null | undefined) => {
  const n = parseFloat(text ?? "");
  return Number.isFinite(n) ? n : undefined;
};

/** An SVG's drawn size: width/height attributes, else its viewBox, else 640×400. */
export function svgSize(svg: Element): {width: number; height: number} {
  const box = (svg.getAttribute("viewBox") ?? "").trim().split(/[\s,]+/).map(Number);
  const width = number(svg.getAttribute("width")) ?? (box.length === 4 && box[2]! > 0 ? box[2]! : 640);
  const height = number(svg.getAttribute("height")) ?? (box.length === 4 && box[3]! > 0 ? box[3]! : 400);
  return {width, height};
}

/** Splits text into lines of at most `max` characters, at spaces. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Serializes a chart (a Plot `<svg>`, a Plot `<figure>`, or an element holding them) as a
 * standalone SVG document: valid XML with `xmlns`, width, height and viewBox, everything it
 * needs inline, legible outside the page. See the module comment for the colours.
 * @example serializeSvg(chart.querySelector("svg"), {background: "white"}) // "<?xml …><svg xmlns=…"
 */
export function serializeSvg(chart: Element, {background = "white", textColor, pageBackground}: SerializeSvgOptions = {}): string {
  const doc = chart.ownerDocument;
  const view = doc.defaultView;
  const parts = partsOf(chart);
  const svgs = parts.filter((p) => p.kind === "svg").map((p) => p.element);
  const firstSvg = svgs[0] ?? chart;
  const pageInk = parseColor(textColor ?? computed(firstSvg)?.color ?? "") ?? parseColor(INK_ON_WHITE)!;
  const pageBack = parseColor(pageBackground ?? pageBackgroundOf(chart) ?? "") ?? [255, 255, 255, 1];
  const ink: Rgba = background === "white" ? parseColor(INK_ON_WHITE)! : pageInk;
  const paper: Rgba = background === "white" ? [255, 255, 255, 1] : pageBack;
  const inkText = hex(ink);
  const paperText = background === "white" ? "#ffffff" : hex(paper);

  /** Concrete colour for a CSS variable reference; undefined if unknown. */
  const resolveVar = (name: string, from: Element): string | undefined => {
    if (name in FOREGROUND_SHARES) return mix(ink, paper, FOREGROUND_SHARES[name]!);
    if (name === "--plot-background" || name.startsWith("--theme-background")) return paperText;
    const value = computed(from)?.getPropertyValue(name).trim();
    return value ? value : undefined;
  };
  const resolveText = (text: string, from: Element) =>
    text.replace(/var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)/g, (whole, name: string, fallback?: string) => resolveVar(name, from) ?? fallback?.trim() ?? whole);

  let width = 0;
  for (const svg of svgs) width = Math.max(width, svgSize(svg).width);
  if (!width) width = 640;

  const out = doc.createElementNS(SVG_NS, "svg");
  const fontFamily = computed(firstSvg)?.fontFamily || firstSvg.getAttribute("font-family") || "system-ui, sans-serif";
  out.setAttribute("font-family", fontFamily);
  out.setAttribute("font-size", "10");
  out.setAttribute("color", inkText);
  out.setAttribute("fill", inkText);
  const backgroundRect = doc.createElementNS(SVG_NS, "rect");
  if (background === "white") {
    backgroundRect.setAttribute("width", "100%");
    backgroundRect.setAttribute("height", "100%");
    backgroundRect.setAttribute("fill", "#ffffff");
    out.append(backgroundRect);
  }

  let y = 0;
  const addText = (text: string, {size, weight, color}: {size: number; weight?: string; color?: string}) => {
    for (const line of wrap(text, Math.max(20, Math.floor(width / (size * 0.55))))) {
      const t = doc.createElementNS(SVG_NS, "text");
      y += size * 1.35;
      t.setAttribute("x", "0");
      t.setAttribute("y", String(Math.round((y - size * 0.3) * 10) / 10));
      t.setAttribute("font-size", String(size));
      if (weight) t.setAttribute("font-weight", weight);
      if (color) t.setAttribute("fill", color);
      t.textContent = line;
      out.append(t);
    }
    y += size * 0.3;
  };

  for (const part of parts) {
    const text = (part.element.textContent ?? "").replace(/\s+/g, " ").trim();
    if (part.kind === "title" && text) addText(text, {size: number(computed(part.element)?.fontSize) ?? 20, weight: "700"});
    else if (part.kind === "subtitle" && text) addText(text, {size: number(computed(part.element)?.fontSize) ?? 16, color: mix(ink, paper, 0.9)});
    else if (part.kind === "caption" && text) {
      y += 4;
      addText(text, {size: 12, color: mix(ink, paper, 0.6)});
    } else if (part.kind === "swatches") {
      y = drawSwatches(part.element, out, {y, width, resolveText});
    } else if (part.kind === "svg") {
      const {width: w, height: h} = svgSize(part.element);
      const clone = cloneSvg(part.element, {resolveText, ink: inkText, paper: paperText});
      clone.setAttribute("x", "0");
      clone.setAttribute("y", String(Math.round(y * 10) / 10));
      clone.setAttribute("width", String(w));
      clone.setAttribute("height", String(h));
      if (!clone.getAttribute("viewBox")) clone.setAttribute("viewBox", `0 0 ${w} ${h}`);
      out.append(clone);
      y += h;
    }
  }
  if (parts.at(-1)?.kind === "caption") y += 6; // room below the last line's descenders
  const height = Math.ceil(y) || 1;
  out.setAttribute("width", String(width));
  out.setAttribute("height", String(height));
  out.setAttribute("viewBox", `0 0 ${width} ${height}`);
  // The serializer writes xmlns itself (the element is in the SVG namespace); xlink for old tools.
  out.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:xlink", XLINK_NS);

  const Serializer = (view as (Window & typeof globalThis) | null)?.XMLSerializer ?? globalThis.XMLSerializer;
  const xml = new Serializer().serializeToString(out);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}

/** The first non-transparent background behind an element on its page. */
function pageBackgroundOf(el: Element): string | undefined {
  for (let node: Element | null = el; node; node = node.parentElement) {
    const colour = parseColor(computed(node)?.backgroundColor ?? "");
    if (colour && colour[3] > 0) return hex(colour);
  }
  return undefined;
}

const STYLE_PROPERTIES = ["font-family", "font-size", "font-weight", "font-style", "font-variant-numeric"] as const;

/** A deep clone of a chart SVG with CSS variables resolved and fonts inlined; tips and pointers dropped. */
function cloneSvg(svg: Element, {resolveText, ink, paper}: {resolveText: (t: string, from: Element) => string; ink: string; paper: string}): Element {
  const clone = svg.cloneNode(true) as Element;
  const originals = [svg, ...svg.querySelectorAll("*")];
  const copies = [clone, ...clone.querySelectorAll("*")];
  originals.forEach((original, i) => {
    const copy = copies[i]!;
    for (const attr of [...copy.attributes]) {
      if (attr.value.includes("var(")) copy.setAttribute(attr.name, resolveText(attr.value, original));
    }
    if (copy.localName === "style" && copy.textContent?.includes("var(")) copy.textContent = resolveText(copy.textContent, original);
  });
  // Fonts as the page computed them (page CSS does not travel with the file).
  // Its class stays: the chart's own <style> rules are scoped by it.
  const style = computed(svg);
  const inline = style ? STYLE_PROPERTIES.map((p) => [p, style.getPropertyValue(p)] as const).filter(([, v]) => v) : [];
  const declarations = [clone.getAttribute("style"), ...inline.map(([p, v]) => `${p}: ${v}`), `--plot-background: ${paper}`, `color: ${ink}`];
  clone.setAttribute("style", declarations.filter(Boolean).join("; "));
  clone.setAttribute("color", ink);
  for (const tip of clone.querySelectorAll('[aria-label="tip"]')) tip.replaceChildren();
  return clone;
}

/** Redraws Plot's HTML swatch legend as SVG rows; returns the new y. */
function drawSwatches(legend: Element, out: Element, {y, width, resolveText}: {y: number; width: number; resolveText: (t: string, from: Element) => string}): number {
  const doc = out.ownerDocument;
  const items = [...legend.querySelectorAll("*")].filter(isSwatch);
  let x = 0;
  let row = y + 6;
  const rowHeight = 20;
  for (const item of items) {
    const box = item.querySelector("svg");
    const shape = box?.querySelector("rect, circle, path, line") ?? null;
    const paint = (el: Element | null) => el?.getAttribute("fill") ?? el?.getAttribute("stroke") ?? null;
    let colour = paint(shape) ?? paint(box) ?? "currentColor";
    if (colour.includes("var(")) colour = resolveText(colour, box ?? item);
    const label = (item.textContent ?? "").replace(/\s+/g, " ").trim();
    const itemWidth = 15 + 6 + label.length * 6 + 14;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      row += rowHeight;
    }
    const rect = doc.createElementNS(SVG_NS, "rect");
    rect.setAttribute("x", String(x));
    rect.setAttribute("y", String(row));
    rect.setAttribute("width", "15");
    rect.setAttribute("height", "15");
    rect.setAttribute("fill", colour);
    const text = doc.createElementNS(SVG_NS, "text");
    text.setAttribute("x", String(x + 21));
    text.setAttribute("y", String(row + 11.5));
    text.textContent = label;
    out.append(rect, text);
    x += itemWidth;
  }
  return items.length ? row + rowHeight + 4 : y;
}

// ---------------------------------------------------------------------------------------
// PNG

/**
 * Draws serialized SVG on a canvas at `scale`× (devicePixelRatio 2 by default) and returns a
 * PNG blob. Browser only (needs Image and canvas).
 */
export async function svgToPng(svgText: string, {document = globalThis.document, scale = 2, background = "white"}: {document?: Document; scale?: number; background?: ExportBackground} = {}): Promise<Blob> {
  const view = (document.defaultView ?? globalThis) as Window & typeof globalThis;
  const parsed = new view.DOMParser().parseFromString(svgText, "image/svg+xml").documentElement;
  const {width, height} = svgSize(parsed);
  const url = view.URL.createObjectURL(new view.Blob([svgText], {type: "image/svg+xml;charset=utf-8"}));
  try {
    const image = new view.Image();
    image.width = width;
    image.height = height;
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2D canvas");
    if (background === "white") {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
    }
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("canvas.toBlob failed"))), "image/png"));
  } finally {
    view.URL.revokeObjectURL(url);
  }
}

// ---------------------------------------------------------------------------------------
// The menu

/** A file name from a label: lowercase letters, digits, dots, dashes. */
export function safeFilename(name: string): string {
  const clean = name.normalize("NFKD").replace(/[^\w.-]+/g, "-").replace(/-+/g, "-").replace(/^[-.]+|-+$/g, "").toLowerCase();
  return clean.slice(0, 120) || "chart";
}

/** Starts a download of a blob under a file name (an `<a download>` click). */
export function saveBlob(blob: Blob, filename: string, {document = globalThis.document}: {document?: Document} = {}): void {
  const view = (document.defaultView ?? globalThis) as Window & typeof globalThis;
  const url = view.URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => view.URL.revokeObjectURL(url), 60_000);
}

export interface ExportMenuOptions {
  /** The rows the chart was drawn from (SI units, unit in each key); the CSV has one line per row. No rows, no CSV item. */
  data: readonly object[];
  /** The base file name, without extension ("memory-llama-3.1-8b"); made file-safe. */
  filename: string;
  /** CSV columns: `{key: header}` or a list; default every key of the rows. */
  columns?: readonly CsvColumn[] | Record<string, string>;
  /** The document to create nodes in; defaults to the page's. Pass a JSDOM document in tests. */
  document?: Document;
}

const STYLE_ID = "llm-toll-export-menu-style";
/** The menu sits on its own line above the chart (flex order -1), so it never covers a legend or a label. */
const CSS = `
.export-menu-wrap { position: relative; display: flex; flex-direction: column; }
.export-menu { position: relative; order: -1; align-self: flex-end; margin-bottom: 0.25rem; z-index: 1; font: 12px var(--sans-serif, system-ui, sans-serif); }
.export-menu > summary { list-style: none; cursor: pointer; padding: 0.15rem 0.5rem; border-radius: 0.3rem;
  color: var(--theme-foreground-muted, #666); border: solid 1px var(--theme-foreground-faintest, #ddd);
  background: var(--theme-background, #fff); user-select: none; }
.export-menu > summary::-webkit-details-marker { display: none; }
.export-menu > summary:hover, .export-menu[open] > summary { color: var(--theme-foreground, #111); }
.export-menu-panel { position: absolute; right: 0; margin-top: 0.25rem; display: flex; flex-direction: column; gap: 0.25rem;
  padding: 0.5rem; min-width: 11rem; border-radius: 0.4rem; background: var(--theme-background, #fff);
  border: solid 1px var(--theme-foreground-faint, #aaa); box-shadow: 0 2px 8px rgba(0,0,0,0.15); }
.export-menu-panel button { font: inherit; text-align: left; cursor: pointer; padding: 0.2rem 0.4rem; border-radius: 0.25rem;
  border: none; background: none; color: var(--theme-foreground, #111); }
.export-menu-panel button:hover { background: var(--theme-foreground-faintest, #eee); }
.export-menu-panel label { display: flex; gap: 0.35rem; align-items: center; color: var(--theme-foreground-muted, #666); }
.export-menu-panel .export-menu-status { color: var(--theme-foreground-muted, #666); min-height: 1em; }
`;


/** The chart element a menu exports: the wrapped chart itself. */
export function chartOf(wrapper: Element): Element | null {
  return wrapper.querySelector(":scope > :not(.export-menu):not(style)");
}

/**
 * Wraps a chart with a small "Download" menu: SVG, PNG (2×), CSV of `data`, and a white or
 * transparent background choice for the pictures.
 * @example exportMenu(memoryBarChart(rows, {width}), {data: rows, filename: "memory"})
 */
export function exportMenu(chart: Element, {data, filename, columns, document = chart.ownerDocument ?? globalThis.document}: ExportMenuOptions): HTMLElement {
  styleOnce(document, STYLE_ID, CSS);
  let base = safeFilename(filename);
  const wrapper = document.createElement("div");
  wrapper.className = "export-menu-wrap";
  const menu = document.createElement("details");
  menu.className = EXPORT_MENU_CLASS;
  const summary = document.createElement("summary");
  summary.textContent = "Download";
  summary.setAttribute("aria-label", `Download ${base}`);
  const panel = document.createElement("div");
  panel.className = "export-menu-panel";

  const transparentBox = document.createElement("input");
  transparentBox.type = "checkbox";
  transparentBox.name = "transparent";
  const transparentLabel = document.createElement("label");
  transparentLabel.append(transparentBox, document.createTextNode("transparent background"));
  const status = document.createElement("div");
  status.className = "export-menu-status";
  status.setAttribute("role", "status");

  const background = (): ExportBackground => (transparentBox.checked ? "transparent" : "white");
  const button = (format: string, text: string, action: () => Promise<void> | void) => {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.format = format;
    b.textContent = text;
    b.addEventListener("click", async () => {
      status.textContent = "";
      try {
        await action();
        menu.open = false; // done: fold the menu away (an error keeps it open to show the message)
      } catch (error) {
        status.textContent = `Could not export: ${error instanceof Error ? error.message : String(error)}`;
      }
    });
    return b;
  };
  const svgText = () => serializeSvg(chart, {background: background()});
  let rows = data;
  const csvLabel = () => `CSV data (${rows.length} ${rows.length === 1 ? "row" : "rows"})`;
  const csvButton = button("csv", csvLabel(), () =>
    saveBlob(new Blob([toCsv(rows, {columns})], {type: "text/csv;charset=utf-8"}), `${base}.csv`, {document}));
  panel.append(
    button("svg", "SVG (vector)", () => saveBlob(new Blob([svgText()], {type: "image/svg+xml"}), `${base}.svg`, {document})),
    button("png", "PNG (2×)", async () => saveBlob(await svgToPng(svgText(), {document, background: background()}), `${base}.png`, {document})),
    ...(data.length ? [csvButton] : []),
    transparentLabel,
    status
  );
  menu.append(summary, panel);
  wrapper.append(menu, chart);
  menus.set(wrapper, (next) => {
    if ((next.data.length > 0) !== (rows.length > 0)) return false;
    rows = next.data;
    base = safeFilename(next.filename);
    summary.setAttribute("aria-label", `Download ${base}`);
    if (csvButton.textContent !== csvLabel()) csvButton.textContent = csvLabel();
    return true;
  });
  return wrapper;
}

const menus = new WeakMap<Element, (next: {data: readonly object[]; filename: string}) => boolean>();

/**
 * Points a menu made by exportMenu at new data and a new file name, for a chart redrawn in place
 * (the picture is read from the chart when a download is asked for). Returns false, changing
 * nothing, when `wrapper` is not such a menu or the data would add or remove the CSV item.
 * @example updateExportMenu(wrapper, {data: rows, filename: "memory"}) || redraw()
 */
export function updateExportMenu(wrapper: Element, next: {data: readonly object[]; filename: string}): boolean {
  return menus.get(wrapper)?.(next) ?? false;
}
