/**
 * Hostile input on the built site (issue 13; the input defects of issue 11): every page keeps
 * its charts, and logs no console error, when opened with a hostile link (a 100,000- and a
 * 200,000-character value, a too-long encoded config; on the Training page config values of
 * 1e-320 and 1e308); a 10 MB paste never reaches the config box; a wrong-typed or implausible
 * pasted config and an invalid custom GPU get a message naming the field.
 */
import type {Page} from "playwright-core";
import {afterAll, describe, expect, it} from "vitest";
import {CONFIG_JSON_MAX_CHARS} from "../../lib/config.ts";
import {encodeConfig, LINK_VALUE_MAX_CHARS} from "../../src/components/urlState.ts";
import {PAGES, PAGE_TIMEOUT_MS, closeSite, withPage} from "./site.ts";
import {gotoSearch} from "./pageHelpers.ts";

afterAll(closeSite, 60_000);

/** Plot's charts in the page body (Plot names its SVGs `plot-<hash>`). */
const chartCount = (page: Page) => page.locator("main svg[class^='plot']").count();
const notesText = async (page: Page) => (await page.locator(".state-notes").allTextContents()).join(" ");

/** Llama 3 8B's config.json (meta-llama/Meta-Llama-3-8B on the Hub). */
const LLAMA_3_8B = {model_type: "llama", vocab_size: 128256, hidden_size: 4096, intermediate_size: 14336,
  num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, max_position_embeddings: 8192};

const HOSTILE_LINKS: Record<string, string> = {
  "a 100,000-character model and a 200,000-character gpu": `?model=${"x".repeat(100_000)}&gpu=${"9".repeat(200_000)}`,
  "a too-long encoded config": `?model=cfg.z${"Qk".repeat(LINK_VALUE_MAX_CHARS)}`
};

describe("every page with a hostile link", () => {
  for (const {name, path} of PAGES) {
    it(`${name} keeps its charts and logs no error`, async () => {
      await withPage(path, async (page) => {
        const charts = await chartCount(page);
        expect(charts).toBeGreaterThan(0);
        for (const [what, search] of Object.entries(HOSTILE_LINKS)) {
          await gotoSearch(page, search);
          expect([what, await chartCount(page)]).toEqual([what, charts]);
          const main = await page.locator("main").innerText();
          expect(main).not.toMatch(/NaN|Infinity/);
        }
      });
    }, PAGE_TIMEOUT_MS);
  }

  it("Training falls back to the default model, with a note naming the field, for config values 1e-320 and 1e308", async () => {
    await withPage("/training", async (page) => {
      const charts = await chartCount(page);
      for (const [field, value] of [["hidden_size", 1e-320], ["vocab_size", 1e308]] as const) {
        await gotoSearch(page, `?model=cfg.${encodeConfig({...LLAMA_3_8B, [field]: value})}`);
        expect(await chartCount(page)).toBe(charts);
        expect(await notesText(page)).toContain(`model.${field}: got ${value}, expected an integer`);
        expect(await page.locator("main").innerText()).not.toMatch(/NaN|Infinity/);
      }
    });
  }, PAGE_TIMEOUT_MS);
});

/** Picks "Paste a config.json…" in the page's first model picker and returns its box and message. */
async function openPasteBox(page: Page) {
  const picker = page.locator(".model-input").first();
  await picker.locator("select").first().selectOption("__paste-config__");
  return {textarea: picker.locator("textarea"), message: picker.locator(".config-message")};
}

describe("pasting into a page's config box", () => {
  const withPicker = PAGES.filter(({path}) => ["/index", "/inference", "/kv-cache", "/training", "/cost", "/planner"].includes(path));

  for (const {name, path} of withPicker) {
    it(`${name}: a 10 MB paste never reaches the box, is named by its size, and the charts stay`, async () => {
      await withPage(path, async (page) => {
        await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
        const charts = await chartCount(page);
        const {textarea, message} = await openPasteBox(page);
        await page.evaluate(() => navigator.clipboard.writeText(`{"_name_or_path": "${"x".repeat(10_000_000)}"}`));
        await textarea.focus();
        await page.keyboard.press("ControlOrMeta+V");
        await expect.poll(() => message.textContent()).toMatch(/^This text has 10,000,021 characters; a config\.json has a few thousand/);
        expect((await textarea.inputValue()).length).toBeLessThanOrEqual(CONFIG_JSON_MAX_CHARS);
        expect(await chartCount(page)).toBe(charts);
      });
    }, PAGE_TIMEOUT_MS);
  }

  it("names a wrong-typed field as a wrong type and refuses a million layers, naming the field", async () => {
    await withPage("/inference", async (page) => {
      const {textarea, message} = await openPasteBox(page);
      await textarea.fill(JSON.stringify({...LLAMA_3_8B, hidden_size: "<text>"}));
      await expect.poll(() => message.textContent()).toMatch(/model\.hidden_size: got a string \("<text>"\), expected an integer from 1 to 1,000,000/);
      await textarea.fill(JSON.stringify({...LLAMA_3_8B, num_hidden_layers: 1_000_000}));
      await expect.poll(() => message.textContent()).toMatch(/model\.num_hidden_layers: got 1000000, expected an integer from 1 to 10,000 \(/);
      await textarea.fill(JSON.stringify({...LLAMA_3_8B, num_hidden_layers: 1000}));
      await expect.poll(() => message.textContent()).toMatch(/model\.num_hidden_layers: 1,000 is beyond every published model/);
    });
  }, PAGE_TIMEOUT_MS);
});

describe("a custom GPU on a page", () => {
  it("says which value is not used and why, instead of ignoring it", async () => {
    await withPage("/inference", async (page) => {
      const picker = page.locator(".hardware-input").first();
      await picker.locator("select").first().selectOption("__custom-gpu__");
      const bandwidth = picker.locator(".custom-gpu input").nth(1);
      await bandwidth.fill("0.5");
      const message = picker.locator(".gpu-message");
      await expect.poll(() => message.textContent()).toMatch(/^hardware\.gpu\.bandwidthGBps: got 0\.5, expected a number > 1 \(/);
      await bandwidth.fill("2000");
      await expect.poll(() => message.isHidden()).toBe(true);
    });
  }, PAGE_TIMEOUT_MS);
});
