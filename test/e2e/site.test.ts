/**
 * The built site in a real browser (system Chromium via playwright-core), served from
 * 127.0.0.1: every configured page renders without console errors, page errors, cell errors,
 * failed requests or requests to another origin, in the light and the dark theme; and the
 * home page reacts to its inputs. Screenshots land in .screenshots/ (gitignored).
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {BUILD_TIMEOUT_MS, PAGES, PAGE_TIMEOUT_MS, chooseRadio, closeSite, openSite, setNumberInput, waitForCells, withPage} from "./site.ts";

beforeAll(async () => {
  await openSite();
}, BUILD_TIMEOUT_MS);
afterAll(closeSite, 60_000);

const screenshotName = (path: string, scheme: string) => `${path.replace(/^\//, "").replace(/\//g, "-")}-${scheme}`;

describe.each(["light", "dark"] as const)("every page in the %s theme", (colorScheme) => {
  it.each(PAGES.map((p) => [p.path] as const))(
    "%s renders with no error and no request off the local server",
    async (path) => {
      const rendered = await withPage(
        path,
        async (page) => ({
          h1: await page.locator("main h1").first().textContent(),
          background: await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
        }),
        {colorScheme, screenshot: screenshotName(path, colorScheme)}
      );
      expect(rendered.h1?.trim().length).toBeGreaterThan(0);
      // The theme follows the colour scheme: the page background is dark in dark mode, light otherwise.
      const [r = 0, g = 0, b = 0] = (rendered.background.match(/\d+(\.\d+)?/g) ?? []).map(Number);
      const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      if (colorScheme === "dark") expect(luminance).toBeLessThan(0.3);
      else expect(luminance).toBeGreaterThan(0.7);
    },
    PAGE_TIMEOUT_MS
  );
});

describe("the home page", () => {
  it("recomputes the KV cache figure and redraws the memory chart when the context slider moves", async () => {
    await withPage("/index", async (page) => {
      const number = page.locator("#kv-cache-bytes");
      const chart = page.locator('#memory-chart svg[aria-label="memory bar chart"]');
      const before = {text: await number.textContent(), svg: await chart.evaluate((svg) => svg.outerHTML)};
      expect(before.text).toMatch(/^\d[\d.,]* GiB$/);

      await setNumberInput(page, "Context (tokens)", 65536);
      await expect.poll(() => number.textContent(), {timeout: 60_000}).not.toBe(before.text);
      await expect.poll(() => chart.evaluate((svg) => svg.outerHTML), {timeout: 60_000}).not.toBe(before.svg);

      // 65,536 tokens × 131,072 bytes per token (2 · 32 · 8 · 128 · 2) = 2^33 bytes = 8.00 GiB.
      expect(await number.textContent()).toBe("8.00 GiB");
    });
  }, PAGE_TIMEOUT_MS);

  it("switches every byte figure between GiB and GB, and remembers the choice on the next visit", async () => {
    await withPage("/index", async (page) => {
      // 8,030,261,248 parameters × 2 bytes = 16.06e9 bytes = 14.96 GiB.
      expect(await page.locator("#weights-bytes").textContent()).toBe("15.0 GiB");
      await chooseRadio(page, "Units", "GB");
      await expect.poll(() => page.locator("#weights-bytes").textContent(), {timeout: 60_000}).toBe("16.1 GB");
      expect(await page.locator("#memory-chart").textContent()).toContain("memory (GB)");
      await page.reload();
      await waitForCells(page);
      expect(await page.locator("#weights-bytes").textContent()).toBe("16.1 GB");
    });
  }, PAGE_TIMEOUT_MS);

  it("opens the derivation and shows the substituted numbers as MathML", async () => {
    await withPage("/index", async (page) => {
      const details = page.locator("details.derivation").first();
      await details.locator("summary").click();
      expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      expect(await details.locator(".derivation-substitution math mn").allTextContents()).toEqual(
        expect.arrayContaining(["2", "32", "8", "128", "8,192", "1,073,741,824"])
      );
    });
  }, PAGE_TIMEOUT_MS);
});
