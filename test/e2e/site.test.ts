/**
 * The built site in a real browser (system Chromium via playwright-core), served from
 * 127.0.0.1: every configured page renders without console errors, page errors, cell errors,
 * failed requests or requests to another origin, in the light and the dark theme; and the
 * home page reacts to its inputs. Screenshots land in .screenshots/ (gitignored).
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {BUILD_TIMEOUT_MS, PAGES, PAGE_TIMEOUT_MS, closeSite, openSite, setNumberInput, withPage} from "./site.ts";

beforeAll(async () => {
  await openSite();
}, BUILD_TIMEOUT_MS);
afterAll(closeSite, 60_000);

/**
 * Luminance (0–1) and alpha of a computed CSS colour, as Chromium writes it: "rgb(r, g, b)",
 * "rgba(r, g, b, a)" (0–255) or "color(srgb r g b / a)" (0–1, for colours mixed by the theme).
 */
export function cssColor(text: string): {luminance: number; alpha: number} {
  const numbers = (text.match(/-?[\d.]+(e-?\d+)?/g) ?? []).map(Number);
  const scale = text.startsWith("color(") ? 1 : 255;
  const [r = 0, g = 0, b = 0] = numbers;
  const alpha = numbers.length > 3 ? numbers[3]! : 1;
  return {luminance: (0.2126 * r + 0.7152 * g + 0.0722 * b) / scale, alpha};
}

const screenshotName = (path: string, scheme: string) => `${path.replace(/^\//, "").replace(/\//g, "-")}-${scheme}`;

describe.each(["light", "dark"] as const)("every page in the %s theme", (colorScheme) => {
  it.each(PAGES.map((p) => [p.path] as const))(
    "%s renders with no error and no request off the local server",
    async (path) => {
      const rendered = await withPage(
        path,
        async (page) => ({
          h1: await page.locator("main h1").first().textContent(),
          text: await page.locator("main").innerText(),
          boxes: await page.evaluate(() =>
            [...document.querySelectorAll("main *")].map((element) => {
              const {width, height} = element.getBoundingClientRect();
              const name = `${element.tagName.toLowerCase()}${[...element.classList].map((c) => `.${c}`).join("")}`;
              return {name, color: getComputedStyle(element).backgroundColor, area: width * height};
            })
          ),
          background: await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
        }),
        {colorScheme, screenshot: screenshotName(path, colorScheme)}
      );
      expect(rendered.h1?.trim().length).toBeGreaterThan(0);
      // Formatters print "—" for missing values; these words mean a number went wrong.
      expect(rendered.text).not.toMatch(/\bNaN\b|\bInfinity\b|\bundefined\b|\[object Object\]/);
      // The theme follows the colour scheme: the page background is dark in dark mode, light otherwise.
      const background = cssColor(rendered.background);
      if (colorScheme === "dark") expect(background.luminance).toBeLessThan(0.3);
      else expect(background.luminance).toBeGreaterThan(0.7);
      // In the dark theme, no opaque near-white box (a white table header or card) may remain.
      if (colorScheme === "dark") {
        const light = rendered.boxes.filter((box) => box.area > 100 && cssColor(box.color).alpha > 0.5 && cssColor(box.color).luminance > 0.85);
        expect([...new Set(light.map((box) => `${box.name} (${box.color})`))]).toEqual([]);
      }
    },
    PAGE_TIMEOUT_MS
  );
});

describe("every page on a phone-sized screen (400 px)", () => {
  it.each(PAGES.map((p) => [p.path] as const))(
    "%s fits the width: nothing makes the page scroll sideways",
    async (path) => {
      const overflow = await withPage(
        path,
        (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
        {width: 400, screenshot: screenshotName(path, "narrow")}
      );
      expect(overflow).toBeLessThanOrEqual(0);
    },
    PAGE_TIMEOUT_MS
  );
});

// The home page's own content belongs to its author; these checks only rely on what any
// version of it shows: a context input, a KV cache figure (#kv-cache-bytes), a weights figure
// (#weights-bytes), the memory bar chart, a GB/GiB choice and a derivation.
describe("cssColor", () => {
  it("reads rgb(), rgba() and color(srgb …) as Chromium computes them", () => {
    // Rec. 709 luma weights (0.2126, 0.7152, 0.0722) sum to 1: white is 1, black 0.
    expect(cssColor("rgb(255, 255, 255)").luminance).toBeCloseTo(1, 12);
    expect(cssColor("rgb(255, 255, 255)").alpha).toBe(1);
    expect(cssColor("rgba(0, 0, 0, 0)")).toEqual({luminance: 0, alpha: 0});
    expect(cssColor("color(srgb 0.117804 0.117804 0.116392)").luminance).toBeCloseTo(0.1177, 3);
    expect(cssColor("color(srgb 1 1 1 / 0.5)").alpha).toBe(0.5);
  });
});

describe("the home page", () => {
  it("recomputes the KV cache figure and redraws the memory chart when the context input changes", async () => {
    await withPage("/index", async (page) => {
      const figure = page.locator("#kv-cache-bytes");
      const chart = page.locator('#memory-chart svg[aria-label="memory bar chart"]');
      const before = {text: await figure.textContent(), svg: await chart.evaluate((svg) => svg.outerHTML)};
      expect(before.text).toMatch(/^\d[\d.,]* (GB|GiB)$/);

      const box = page.locator("form").filter({has: page.locator("label", {hasText: "Context"})}).locator("input[type=number]").first();
      const context = Number(await box.inputValue());
      await setNumberInput(page, "Context", context >= 65536 ? 4096 : 65536);
      await expect.poll(() => figure.textContent(), {timeout: 60_000}).not.toBe(before.text);
      await expect.poll(() => chart.evaluate((svg) => svg.outerHTML), {timeout: 60_000}).not.toBe(before.svg);
    });
  }, PAGE_TIMEOUT_MS);

  it("switches the byte figures between GB and GiB", async () => {
    await withPage("/index", async (page) => {
      const weights = page.locator("#weights-bytes");
      const shown = (await weights.textContent())!.trim().split(" ").pop();
      const other = shown === "GiB" ? "GB" : "GiB";
      await page.locator("label").filter({hasText: new RegExp(`^\\s*${other}\\s*$`)}).locator("input[type=radio]").first().check();
      await expect.poll(async () => (await weights.textContent())!.trim().split(" ").pop(), {timeout: 60_000}).toBe(other);
      expect(await page.locator("#memory-chart").textContent()).toContain(`memory (${other})`);
    });
  }, PAGE_TIMEOUT_MS);

  it("opens a derivation and shows the substituted numbers as MathML", async () => {
    await withPage("/index", async (page) => {
      const details = page.locator("details.derivation").first();
      await details.locator("summary").click();
      expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      // KaTeX loads when the derivation opens: wait for the formula to be typeset.
      const mn = details.locator(".derivation-substitution math mn");
      await expect.poll(() => mn.count(), {timeout: 60_000}).toBeGreaterThan(1);
      expect(await details.locator(".derivation-substitution math").isVisible()).toBe(true);
    });
  }, PAGE_TIMEOUT_MS);
});
