/**
 * Layout at a desktop width (1280 px) and a phone width (390 px), on every page of the built
 * site (issue 11, "Layout that holds at 1280 px and at 390 px"):
 *
 * - no chart is wider than the box it sits in, and no chart text is cut by the chart's edge;
 * - no two texts of a chart overlap (tick labels, annotations, axis labels);
 * - the Download menu covers no chart text and no legend swatch;
 * - no table cell truncates its text ("Throughpu…") and no select cuts its chosen option;
 * - no formula runs out of its box;
 * - at 1280 px, a three-column card grid shows its cards side by side.
 *
 * What is measured (in the page, with getBoundingClientRect):
 * - Chart texts are the visible `<text>` elements of Plot's `<svg>`s; a text counts by its
 *   glyph box shrunk by 1 px on each side (anti-aliasing), and a rotated text by the box of its
 *   own coordinate frame (getBBox mapped through getScreenCTM), not the axis-aligned hull.
 *   Texts inside a tooltip (Plot's tip, shown on hover only) are skipped.
 * - "Cut" means a text reaches more than 1 px outside its `<svg>`: Plot's svg clips at its edge.
 * - A cell truncates when its scrollWidth exceeds its clientWidth by more than 1 px.
 * - A select cuts its option when the option's text, measured in the select's font, is wider than
 *   the select's content box less 16 px for the arrow, unless the select already spans the whole
 *   column (on a phone a GPU's full name and figures can be wider than the screen).
 *
 * Screenshots of each page at both widths go to .screenshots/layout-<page>-<width>.png
 * (gitignored); with LAYOUT_CHART_SHOTS=1, each chart also to .screenshots/layout/.
 */
import {mkdirSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {BUILD_TIMEOUT_MS, PAGES, PAGE_TIMEOUT_MS, SCREENSHOTS, closeSite, openSite, withPage} from "./site.ts";

beforeAll(async () => {
  await openSite();
}, BUILD_TIMEOUT_MS);
afterAll(closeSite, 60_000);

export const WIDTHS = [1280, 390] as const;

/** Runs in the page: every layout problem, one line each. Passed as source text (see bench/explorer.ts). */
export const LAYOUT_PROBLEMS = String.raw`(() => {
  const problems = [];
  const SLACK = 1;
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden" || Number(style.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const name = (el) => {
    const chart = el.closest("figure, svg");
    const label = chart?.getAttribute("aria-label") ?? chart?.closest("[id]")?.id ?? "";
    return label ? "[" + label + "]" : "";
  };
  const short = (s) => (s ?? "").replace(/\s+/g, " ").trim().slice(0, 40);
  // The box of a text in screen coordinates: its own bbox mapped through its transform, so a
  // rotated tick label is a rotated rectangle; returned as its four corners.
  const corners = (text) => {
    const b = text.getBBox();
    const m = text.getScreenCTM();
    const pts = [[b.x + SLACK, b.y + SLACK], [b.x + b.width - SLACK, b.y + SLACK], [b.x + b.width - SLACK, b.y + b.height - SLACK], [b.x + SLACK, b.y + b.height - SLACK]];
    return pts.map(([x, y]) => ({x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f}));
  };
  // Separating-axis test for two convex quadrilaterals.
  const intersects = (p, q) => {
    for (const poly of [p, q]) {
      for (let i = 0; i < poly.length; i++) {
        const a = poly[i], b = poly[(i + 1) % poly.length];
        const nx = b.y - a.y, ny = a.x - b.x;
        const proj = (pts) => pts.map((pt) => nx * pt.x + ny * pt.y);
        const pp = proj(p), qq = proj(q);
        if (Math.max(...pp) <= Math.min(...qq) || Math.max(...qq) <= Math.min(...pp)) return false;
      }
    }
    return true;
  };
  const main = document.querySelector("main") ?? document.body;
  const containerOf = (el) => el.parentElement.closest(".card, details, figure, .export-menu-wrap, main") ?? main;

  // Charts: Plot's svgs (not its colour-ramp legends, which have their own tests in Plot).
  for (const svg of main.querySelectorAll("svg[class^='plot-'], svg[class*=' plot-']")) {
    if (!visible(svg) || svg.closest(".export-menu")) continue;
    const box = svg.getBoundingClientRect();
    const card = svg.parentElement.closest(".card, details, main") ?? main;
    const cardBox = card.getBoundingClientRect();
    if (box.right > cardBox.right + SLACK || box.left < cardBox.left - SLACK) {
      problems.push("chart " + name(svg) + " is " + Math.round(box.width) + " px wide in a box of " + Math.round(cardBox.width) + " px");
    }
    const texts = [...svg.querySelectorAll("text")].filter((t) => visible(t) && short(t.textContent) && !t.closest("[aria-label=tip]"));
    const shapes = texts.map((t) => ({t, c: corners(t)}));
    for (const {t, c} of shapes) {
      const xs = c.map((p) => p.x), ys = c.map((p) => p.y);
      if (Math.min(...xs) < box.left - SLACK || Math.max(...xs) > box.right + SLACK || Math.min(...ys) < box.top - SLACK || Math.max(...ys) > box.bottom + SLACK) {
        problems.push("chart " + name(svg) + ": text \"" + short(t.textContent) + "\" is cut by the chart's edge");
      }
    }
    for (let i = 0; i < shapes.length; i++) {
      for (let j = i + 1; j < shapes.length; j++) {
        if (intersects(shapes[i].c, shapes[j].c)) {
          problems.push("chart " + name(svg) + ": \"" + short(shapes[i].t.textContent) + "\" overlaps \"" + short(shapes[j].t.textContent) + "\"");
        }
      }
    }
  }

  // The Download menu's button covers no chart text and no legend entry.
  for (const menu of main.querySelectorAll(".export-menu > summary")) {
    if (!visible(menu)) continue;
    const m = menu.getBoundingClientRect();
    const wrap = menu.closest(".export-menu-wrap") ?? menu.parentElement.parentElement;
    for (const el of wrap.querySelectorAll("svg text, [class*='-swatch'], figure > h2, figure > h3")) {
      if (!visible(el) || el.closest("[aria-label=tip]")) continue;
      const r = el.getBoundingClientRect();
      if (r.left < m.right - SLACK && r.right > m.left + SLACK && r.top < m.bottom - SLACK && r.bottom > m.top + SLACK) {
        problems.push("Download button covers \"" + short(el.textContent) + "\" " + name(el));
      }
    }
  }

  // Table cells show their whole text.
  for (const cell of main.querySelectorAll("td, th")) {
    if (!visible(cell) || !short(cell.textContent)) continue;
    if (cell.scrollWidth > cell.clientWidth + SLACK) {
      const table = cell.closest("[id]");
      problems.push("table cell \"" + short(cell.textContent) + "\" is cut (" + cell.scrollWidth + " px of text in " + cell.clientWidth + " px)" + (table ? " in #" + table.id : ""));
    }
  }

  // Selects show their whole chosen option.
  const canvas = document.createElement("canvas").getContext("2d");
  for (const select of main.querySelectorAll("select")) {
    if (!visible(select) || select.multiple) continue;
    const option = select.selectedOptions[0];
    if (!option) continue;
    const style = getComputedStyle(select);
    canvas.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
    const textWidth = canvas.measureText(option.textContent.trim()).width;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
    // On a phone an option may be wider than the screen: then the select must take the whole column.
    const column = select.closest("form")?.parentElement ?? main;
    const full = select.getBoundingClientRect().width >= column.clientWidth - parseFloat(getComputedStyle(column).paddingLeft) - parseFloat(getComputedStyle(column).paddingRight) - 2 * SLACK;
    if (textWidth > room + SLACK && !full) {
      problems.push("select shows \"" + short(option.textContent) + "\" cut (" + Math.round(textWidth) + " px of text in " + Math.round(room) + " px)");
    }
  }

  // Formulas stay inside their box (a display formula may scroll inside itself).
  for (const math of main.querySelectorAll("math")) {
    if (!visible(math)) continue;
    const r = math.getBoundingClientRect();
    const c = containerOf(math).getBoundingClientRect();
    if (r.right > c.right + SLACK || r.left < c.left - SLACK) problems.push("formula \"" + short(math.textContent) + "\" runs " + Math.round(r.right - c.right) + " px out of its box");
  }
  return problems;
})()`;

/** Runs in the page: for each 3-column card grid, how many distinct rows its first three cards take. */
const GRID_ROWS = String.raw`[...document.querySelectorAll("main .grid-cols-3")].filter((g) => g.children.length >= 3).map((g) =>
  new Set([...g.children].slice(0, 3).map((c) => Math.round(c.getBoundingClientRect().top))).size)`;

async function chartShots(page: Page, prefix: string): Promise<void> {
  const dir = join(SCREENSHOTS, "layout");
  mkdirSync(dir, {recursive: true});
  const charts = page.locator("main .card:has(svg[class^='plot-']), main figure:has(svg[class^='plot-'])");
  const n = await charts.count();
  for (let i = 0; i < n; i++) {
    const chart = charts.nth(i);
    if (await chart.isVisible()) await chart.screenshot({path: join(dir, `${prefix}-${i}.png`)});
  }
}

describe.each(WIDTHS)("every page at %i px wide", (width) => {
  it.each(PAGES.map((p) => [p.path] as const))(
    "%s: no chart, table, select or formula overflows, and no chart text overlaps",
    async (path) => {
      const name = `layout-${path.replace(/^\//, "")}-${width}`;
      const {problems, gridRows} = await withPage(
        path,
        async (page) => {
          // Let charts drawn at the measured width (resize) settle.
          await page.waitForTimeout(300);
          if (process.env.LAYOUT_CHART_SHOTS) await chartShots(page, name);
          return {problems: (await page.evaluate(LAYOUT_PROBLEMS)) as string[], gridRows: (await page.evaluate(GRID_ROWS)) as number[]};
        },
        {width, screenshot: name}
      );
      expect(problems).toEqual([]);
      // A card grid of three fills the width on a desktop: its first three cards share one row.
      if (width >= 1280) expect(gridRows.filter((rows) => rows > 1)).toEqual([]);
    },
    PAGE_TIMEOUT_MS
  );
});

describe("the layout check", () => {
  it("reports overlapping and cut chart texts, a truncated cell, a cut select and a covered legend (it can fail)", async () => {
    await withPage("/validation", async (page) => {
      await page.setContent(`<main style="width: 300px">
        <div class="card" id="c1"><svg class="plot-x" width="200" height="100" aria-label="bad chart">
          <text x="10" y="20">overlapping one</text><text x="20" y="24">overlapping two</text>
          <text x="150" y="60">cut at the edge</text>
          <text transform="translate(40,90) rotate(-90)">rotated</text><text x="60" y="90">apart</text>
        </svg></div>
        <table><tr><td style="max-width: 40px; overflow: hidden; white-space: nowrap">Throughput (tokens/s)</td></tr></table>
        <select style="width: 60px"><option>NVIDIA H100 SXM 80GB</option></select>
        <div class="export-menu-wrap" style="position: relative"><details class="export-menu" style="position: absolute; top: 0; right: 0"><summary>Download</summary></details>
          <div style="text-align: right"><span class="plot-x-swatch">legend entry</span></div></div>
      </main>`);
      const problems = (await page.evaluate(LAYOUT_PROBLEMS)) as string[];
      expect(problems.some((p) => p.includes('"overlapping one" overlaps "overlapping two"'))).toBe(true);
      expect(problems.some((p) => p.includes('"cut at the edge" is cut'))).toBe(true);
      expect(problems.some((p) => p.includes("rotated"))).toBe(false);
      expect(problems.some((p) => p.startsWith('table cell "Throughput (tokens/s)" is cut'))).toBe(true);
      expect(problems.some((p) => p.startsWith('select shows "NVIDIA H100 SXM 80GB" cut'))).toBe(true);
      expect(problems.some((p) => p.startsWith('Download button covers "legend entry"'))).toBe(true);
    });
  }, PAGE_TIMEOUT_MS);
});
